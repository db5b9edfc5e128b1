"""The publication context: when and where each article speaks from, never more precise than
known."""

from __future__ import annotations

from datetime import date

import pytest

from pipeline import build, context


@pytest.mark.parametrize(
    "published, period",
    [
        ("2025-10-08", (date(2025, 10, 8), date(2025, 10, 8))),
        ("2024-01", (date(2024, 1, 1), date(2024, 1, 31))),
        ("2024-02", (date(2024, 2, 1), date(2024, 2, 29))),
        ("2025", (date(2025, 1, 1), date(2025, 12, 31))),
        ("", None),
    ],
)
def test_publication_period_follows_its_precision(published, period):
    assert context.make_context("a", published).period == period


def test_malformed_publication_date_is_refused_with_the_value():
    with pytest.raises(ValueError, match="'8 Oct'"):
        context.make_context("a", "8 Oct")


@pytest.mark.parametrize(
    "place, zone",
    [
        ("Egypt", "Africa/Cairo"),
        ("Cairo", "Africa/Cairo"),
        ("Sharm El-Sheikh", "Africa/Cairo"),
        ("Tel Aviv", "Asia/Jerusalem"),
        ("United States", None),
        ("Ruritania", None),
    ],
)
def test_place_clock(place, zone):
    assert context.timezone_of_place(place) == zone


def test_the_headline_place_outweighs_places_the_story_merely_mentions(model):
    text = (
        "Envoys head to Egypt for talks\n"
        "Negotiators met in Cairo on Tuesday.\n"
        "Aid trucks waited in Gaza. Fighting went on in Gaza. Shelters in Gaza filled up."
    )
    doc = model(text)
    place, _ = context.place_from_text(doc)
    assert context.timezone_of_place(place) == "Africa/Cairo"


@pytest.mark.parametrize(
    "credit",
    ["Photo: @elonmusk / Twitter", "(Photo: AFP)", "AP Photo/Sakchai Lalit", "Image by Reuters"],
)
def test_a_photo_caption_at_the_top_is_no_lede_for_the_place(model, credit):
    """A caption may show a place far from the story's: the mini-submarine tested in Los
    Angeles, the story told from Thailand."""
    text = (
        "Elon Musk Sub Will Not Be Used\n\n"
        f"The mini-submarine being tested in a pool in Los Angeles. {credit}\n\n"
        "Musk flew on Monday night to Thailand. Divers worked in Thailand all night."
    )
    place, _ = context.place_from_text(model(text))
    assert context.timezone_of_place(place) == "Asia/Bangkok"


def test_without_a_stated_clock_dates_are_read_on_the_place_clock(model):
    doc = model("Negotiators met in Cairo on Tuesday. They met in Cairo again on Wednesday.")
    row = {"article_id": "a", "published": "2025-10-08", "timezone": None, "place": None}
    assert build.article_context(row, doc).timezone == "Africa/Cairo"
    row["timezone"] = "Europe/London"
    assert build.article_context(row, doc).timezone == "Europe/London"


@pytest.mark.parametrize(
    "url, published, precision",
    [
        (
            "https://www.thelevantfiles.org/2025/10/amid-turkish-outreach.html",
            date(2025, 10, 1),
            "month",
        ),
        ("https://example.org/news/2024/01/15/talks", date(2024, 1, 15), "day"),
        ("https://newswatchint.com/?p=25427", None, "unknown"),
        ("https://example.org/2025/13/not-a-month", None, "unknown"),
    ],
)
def test_a_missing_publication_date_is_read_from_the_address(url, published, precision):
    ctx = context.make_context("a", None, url=url)
    assert (ctx.published, ctx.precision) == (published, precision)
    if published:
        assert "address" in ctx.evidence


def test_the_metadata_date_wins_over_the_address():
    ctx = context.make_context("a", "2025-10-08", url="https://example.org/2025/09/x")
    assert (ctx.published, ctx.precision) == (date(2025, 10, 8), "day")


# --- publication dates read from the text (pipeline/published.py) ------------------------

TEXT_DATES = [
    # text, year and month known from the address, expected value, a word of the evidence
    ("CAIRO, Oct. 8 (Reuters) - Negotiators met on Tuesday.", (2025, 10), "2025-10-08", "dateline"),
    ("WASHINGTON, August 7 (Xinhua) -- The talks ended.", (1998, 8), "1998-08-07", "dateline"),
    ("GAZA CITY, Dec. 31 (AP) — Shelling went on.", (2026, 1), "2025-12-31", "dateline"),
    ("CAIRO, Oct. 8, 2025 — Negotiators met on Tuesday.", None, "2025-10-08", "dateline"),
    (
        "Officials said today, Wednesday, October 8, 2025, that the talks resume.",
        None,
        "2025-10-08",
        "explicit date",
    ),
    (
        "The envoys arrive today (Oct. 8) in Cairo, officials said.",
        (2025, 10),
        "2025-10-08",
        "explicit date",
    ),
    # a weekday with the date and one year named in the text that fits it
    (
        "NEW YORK, Monday, Oct. 26 (AP) _ Stocks fell after the 1998 slump deepened, traders said.",
        None,
        "1998-10-26",
        "1998",
    ),
    # no year to be had: nothing is claimed
    ("CAIRO, Oct. 8 (Reuters) - Negotiators met on Tuesday.", None, None, "no year"),
    # the weekday written in the dateline does not fit the address's year: only the month stands
    (
        "CAIRO, Thursday, Oct. 8 (Reuters) - Negotiators met.",
        (2025, 10),
        "2025-10",
        "not a Thursday",
    ),
    # tenses bracket Tuesday-Wednesday: not one day, so the address's month is all there is
    (
        "Talks on Tuesday ended without progress. Envoys are set to join the talks on Wednesday.",
        (2025, 10),
        None,
        "Tuesday as past",
    ),
    ("Talks ended on Tuesday. Envoys will arrive on Wednesday.", None, None, "no year or month"),
    # a bracket of one day (past Tuesday and Wednesday, coming Wednesday and Thursday) tied to a
    # date
    (
        "Talks ended on Tuesday, Oct. 7. A second round ended on Wednesday. "
        "Envoys will join on Wednesday. "
        "Ministers will meet on Thursday.",
        (2025, 10),
        "2025-10-08",
        "weekday written with its date",
    ),
    ("Negotiators met in Cairo and agreed to resume the talks.", None, None, "no dateline"),
    (
        "The talks went on, said Ahmed Said, 45, of Cairo, Oct. 8 is not a date here.",
        (2025, 10),
        None,
        "no dateline",
    ),
]


@pytest.mark.parametrize(
    "text, known, expected, why", TEXT_DATES, ids=[t[0][:40] for t in TEXT_DATES]
)
def test_a_publication_date_is_read_from_the_text_only_as_far_as_it_goes(
    model, text, known, expected, why
):
    from pipeline import published

    year, month = known or (None, None)
    found = published.infer(text, model(text), year=year, month=month)
    assert found.published == expected, found.evidence
    assert why in found.evidence


@pytest.mark.parametrize(
    "url, text, label, precision",
    [
        (
            "https://example.org/2025/10/talks",
            "CAIRO, Oct. 8 (Reuters) - Negotiators met on Tuesday.",
            "2025-10-08",
            "day",
        ),
        ("https://example.org/2025/10/talks", "Negotiators met on Tuesday.", "2025-10", "month"),
        (
            None,
            "Officials said today, Wednesday, October 8, 2025, that the talks resume.",
            "2025-10-08",
            "day",
        ),
        (None, "Negotiators met on Tuesday.", "unknown", "unknown"),
        # the text never overrides the address's month
        (
            "https://example.org/2025/09/talks",
            "CAIRO, Oct. 8, 2025 (Reuters) - Negotiators met on Tuesday.",
            "2025-09",
            "month",
        ),
    ],
)
def test_the_build_context_says_where_the_date_came_from(model, url, text, label, precision):
    row = {"article_id": "a", "published": None, "url": url, "timezone": "UTC", "place": "Cairo"}
    ctx = build.article_context(row, model(text))
    assert (ctx.label, ctx.precision) == (label, precision)
    assert "no publication date in the metadata" in ctx.evidence
    if precision == "day":
        assert "dateline" in ctx.evidence or "explicit date" in ctx.evidence


def test_the_metadata_date_is_never_replaced_by_the_text(model):
    row = {
        "article_id": "a",
        "published": "2025-10-09",
        "url": None,
        "timezone": "UTC",
        "place": "Cairo",
    }
    ctx = build.article_context(row, model("CAIRO, Oct. 8 (Reuters) - Negotiators met on Tuesday."))
    assert (ctx.label, ctx.evidence) == ("2025-10-09", "metadata")
