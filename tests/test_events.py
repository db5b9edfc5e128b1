"""Who did what where, read sentence by sentence: actors, venue, modality and the date each event takes."""

from __future__ import annotations

import pandas as pd
import pytest

from pipeline import articles, build


def events_of(model, text: str, published: str = "2025-10-08") -> pd.DataFrame:
    frame = articles.pasted_article(text, published=published)
    result = build.build_frame(frame, [], model=model)
    assert result.rejected.empty, result.report.to_string()
    return result.events


def only_event(model, text: str, published: str = "2025-10-08"):
    found = events_of(model, text, published)
    assert len(found) == 1, found[["action", "actors", "venue"]].to_string()
    return found.iloc[0]


@pytest.mark.parametrize(
    "text, actors, venue",
    [
        ("A delegation led by Strategic Affairs Minister Ron Dermer departed for Cairo late Wednesday.", ["Ron Dermer"], "Cairo"),
        ("The intelligence heads of Egypt and Turkey also traveled to Sharm El-Sheikh on Wednesday.", ["Egypt", "Turkey"], "Sharm El-Sheikh"),
        ("Top officials from several countries converged on the Red Sea resort town of Sharm El-Sheikh on Wednesday.", [], "Sharm El-Sheikh"),
        ("Hamas confirmed that its delegation, led by senior negotiator Khalil al-Hayya, had arrived in Egypt.", ["Hamas", "Khalil al-Hayya"], "Egypt"),
        ("US special envoy Steve Witkoff and Jared Kushner are set to join the talks in Cairo, Egypt, on Wednesday.", ["Steve Witkoff", "Jared Kushner"], "Cairo"),
        ("U.S. President Donald Trump praised Turkish President Recep Tayyip Erdogan on Sunday.", ["Donald Trump", "Recep Tayyip Erdogan"], None),
    ],
)
def test_actors_and_venue(model, text, actors, venue):
    event = only_event(model, text)
    assert set(actors) <= set(event["actors"])
    assert (event["venue"] if pd.notna(event["venue"]) else None) == venue


@pytest.mark.parametrize(
    "text, modality",
    [
        ("Steve Witkoff is set to join the talks in Cairo on Wednesday.", "scheduled"),
        ("Witkoff and Kushner were scheduled to arrive in Egypt on Wednesday.", "scheduled"),
        ("Qatar's prime minister will also attend the Cairo talks.", "scheduled"),
        ("The discussions are anticipated to take place in Cairo in the coming days.", "expected"),
        ("A deal could be reached by the end of the week.", "expected"),
        ("The Times of Israel reported that Netanyahu has been working to persuade his allies.", "claimed"),
        ("Hamas confirmed that its delegation had arrived in Egypt.", "happened"),
        ("The intelligence heads of Egypt and Turkey traveled to Sharm El-Sheikh on Wednesday.", "happened"),
    ],
)
def test_modality(model, text, modality):
    assert only_event(model, text)["modality"] == modality


@pytest.mark.parametrize(
    "text",
    ["Skip to main content", "Leave a comment", "Donate to ALL ISRAEL NEWS", "Popular Articles",
     "Photo by Erik Marmor/Flash90", "Receive latest news & updates"],
)
def test_page_furniture_yields_no_event(model, text):
    story = "Negotiators met in Cairo on Tuesday and agreed to resume the talks."
    found = events_of(model, f"{text}\n\n{story}")
    assert list(found["sentence"]) == [story]


def test_event_without_a_date_expression_is_dated_by_publication_and_says_so(model):
    event = only_event(model, "Hamas confirmed that its delegation had arrived in Egypt.", published="2025-10-06")
    assert event["date_basis"] == "publication"
    assert event["start"].tz_convert(event["timezone"]).date().isoformat() == "2025-10-06"
    assert event["granularity"] == "day"
    assert "publication" in event["explanation"]


def test_month_known_publication_gives_a_month_not_a_day(model):
    event = only_event(model, "Hamas confirmed that its delegation had arrived in Egypt.", published="2024-01")
    assert event["granularity"] == "month"
    assert event["start"].tz_convert(event["timezone"]).date().isoformat() == "2024-01-01"
    assert event["end"].tz_convert(event["timezone"]).date().isoformat() == "2024-02-01"


def test_unknown_publication_leaves_the_event_undated(model):
    event = only_event(model, "Hamas confirmed that its delegation had arrived in Egypt.", published="")
    assert pd.isna(event["start"]) and event["granularity"] == "unknown"


def test_the_clause_own_date_wins_over_another_in_the_sentence(model):
    text = "Witkoff visited Tel Aviv on August 2, 2025, and Kushner arrived in Cairo on Wednesday."
    found = events_of(model, text).set_index("action")
    visit = found[found.index.str.startswith("visit")].iloc[0]
    arrival = found[found.index.str.startswith("arrive")].iloc[0]
    assert visit["start"].tz_convert(visit["timezone"]).date().isoformat() == "2025-08-02"
    assert arrival["start"].tz_convert(arrival["timezone"]).date().isoformat() == "2025-10-08"


def test_event_ids_are_stable_across_builds(model):
    text = "Negotiators met in Cairo on Tuesday and agreed to resume the talks."
    assert list(events_of(model, text)["event_id"]) == list(events_of(model, text)["event_id"])


@pytest.mark.parametrize(
    "heading",
    ["Hamas: “We Need Real Guarantees”", "Trump: “There’s a Possibility for Peace in the Middle East”",
     "Regional Powers Step In", "Israel's Dermer, Qatar's PM and Egyptian & Turkish intel chiefs join the talks"],
)
def test_headings_yield_no_event(model, heading):
    story = "Negotiators met in Cairo on Tuesday and agreed to resume the talks."
    found = events_of(model, f"{heading}\n{story}")
    assert list(found["sentence"]) == [story]


@pytest.mark.parametrize(
    "text",
    [
        "The war, which began after the October 7, 2023 Hamas attacks, has left Gaza devastated.",
        "Their participation marks a major push, following a second day of talks on Tuesday that ended without progress.",
    ],
)
def test_a_date_naming_another_event_does_not_date_this_one(model, text):
    found = events_of(model, text, published="2025-10-08")
    main = found.iloc[0]
    assert main["date_basis"] == "publication", main["explanation"]


def test_a_report_is_dated_by_its_own_day(model):
    text = "Majed al-Ansari told the Saudi news outlet Al-Arabiya on Wednesday that guarantees would be needed."
    event = only_event(model, text)
    assert "Majed al-Ansari" in event["actors"]
    assert event["start"].tz_convert(event["timezone"]).date().isoformat() == "2025-10-08"


def _corpus(tmp_path, *texts: str):
    for number, text in enumerate(texts):
        (tmp_path / f"a{number}.txt").write_text(f"---\nid: a{number}\npublished: 2025-10-08\n---\n{text}", encoding="utf-8")
    return tmp_path


def test_an_unnamed_place_is_the_one_named_place_that_fits_its_description(tmp_path, model):
    folder = _corpus(
        tmp_path,
        "Officials converged on the Red Sea resort town of Sharm El-Sheikh on Wednesday.",
        "An Israeli delegation led by Ron Dermer arrived in the Egyptian resort town on Monday.",
    )
    found = build.build([folder], model=model).events.set_index("article_id")
    assert found.loc["a1", "venue"] == "Sharm El-Sheikh"


def test_an_unnamed_place_that_fits_several_stays_unnamed(tmp_path, model):
    folder = _corpus(
        tmp_path,
        "Officials converged on the Red Sea resort town of Sharm El-Sheikh on Wednesday.",
        "Tourists flocked to the resort town of Hurghada on Thursday.",
        "An Israeli delegation led by Ron Dermer arrived in the resort town on Monday.",
    )
    found = build.build([folder], model=model).events.set_index("article_id")
    assert pd.isna(found.loc["a2", "venue"])
