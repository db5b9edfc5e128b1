"""The publication context: when and where each article speaks from, never more precise than known."""

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
    [("Egypt", "Africa/Cairo"), ("Cairo", "Africa/Cairo"), ("Sharm El-Sheikh", "Africa/Cairo"),
     ("Tel Aviv", "Asia/Jerusalem"), ("United States", None), ("Atlantis", None)],
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


def test_without_a_stated_clock_dates_are_read_on_the_place_clock(model):
    doc = model("Negotiators met in Cairo on Tuesday. They met in Cairo again on Wednesday.")
    row = {"article_id": "a", "published": "2025-10-08", "timezone": None, "place": None}
    assert build.article_context(row, doc).timezone == "Africa/Cairo"
    row["timezone"] = "Europe/London"
    assert build.article_context(row, doc).timezone == "Europe/London"


@pytest.mark.parametrize(
    "url, published, precision",
    [
        ("https://www.thelevantfiles.org/2025/10/amid-turkish-outreach.html", date(2025, 10, 1), "month"),
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
