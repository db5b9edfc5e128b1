"""One English lexicon, read by every step: a word known to one step is known to all of them."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from pipeline import articles, build
from pipeline.context import make_context
from pipeline.dates import find_expressions
from pipeline.dates.calendar import holiday_date
from pipeline.language.lexicon import EN, load, parse


@pytest.mark.parametrize(
    "holiday, year, day",
    [
        ("thanksgiving", 2025, date(2025, 11, 27)),
        ("election day", 2024, date(2024, 11, 5)),
        ("memorial day", 2025, date(2025, 5, 26)),
        ("labor day", 2025, date(2025, 9, 1)),
        ("easter", 2025, date(2025, 4, 20)),
        ("christmas eve", 2025, date(2025, 12, 24)),
    ],
)
def test_a_holiday_falls_where_its_lexicon_rule_says(holiday, year, day):
    rule = next(h for h in EN.holidays if h.key == holiday)
    assert holiday_date(rule, year) == day


@pytest.mark.parametrize(
    "sentence, text, zone, utc",
    [
        (
            "The talks resumed at 9 a.m. IST on Monday.",
            "9 a.m. IST",
            "Asia/Kolkata",
            "2025-10-06T03:30",
        ),
        ("The vote closed at 14:00 GMT on Monday.", "14:00 GMT", "UTC", "2025-10-06T14:00"),
        (
            "The market opened at 9:30 a.m. EDT on Monday.",
            "9:30 a.m. EDT",
            "America/New_York",
            "2025-10-06T13:30",
        ),
    ],
)
def test_a_clock_zone_is_read_by_the_one_zone_list(model, sentence, text, zone, utc):
    hits = find_expressions(model(sentence), make_context("a", "2025-10-08"))
    t = next(t for t in hits if text in t.text)
    assert t.timezone == zone, t.explanation
    assert t.start.astimezone(
        datetime.fromisoformat(utc + "+00:00").tzinfo
    ) == datetime.fromisoformat(utc + "+00:00"), t.explanation


@pytest.mark.parametrize(
    "text, modality",
    [
        ("The envoys vowed to meet in Cairo on Tuesday.", "expected"),
        ("The ministers pledged to sign the accord in Paris on Friday.", "expected"),
        ("Witkoff and Kushner were scheduled to arrive in Egypt on Wednesday.", "scheduled"),
    ],
)
def test_a_planning_verb_gives_both_a_coming_date_and_a_planned_modality(model, text, modality):
    frame = articles.pasted_article(text, published="2025-10-06")
    events = build.build_frame(frame, [], model=model).events
    assert len(events) == 1, events.to_string()
    event = events.iloc[0]
    assert event["modality"] == modality
    assert event["timex_value"] > "2025-10-06", event["explanation"]


def test_a_missing_section_is_named():
    data = {k: v for k, v in load().raw.items() if k != "clock_zones"}
    with pytest.raises(KeyError, match="clock_zones"):
        parse(data)


def test_a_holiday_without_a_date_rule_is_refused():
    data = dict(load().raw)
    data["holidays"] = {"founders day": {"names": ["founders day"], "month": 3}}
    with pytest.raises(ValueError, match="founders day"):
        parse(data)


def test_a_new_section_is_readable_without_a_change_to_the_loader():
    data = dict(load().raw)
    data["event_types"] = {"meeting": {"verbs": ["meet", "convene"]}}
    assert parse(data).section("event_types")["meeting"]["verbs"] == ["meet", "convene"]
    assert load().section("no such section") == {}


def test_a_word_class_missing_from_the_lexicon_is_named_not_read_as_empty():
    with pytest.raises(KeyError, match="no word class 'bogus_words'"):
        EN.words("bogus_words")


@pytest.mark.parametrize("name", ["edge_prefixes", "period_positions"])
def test_every_word_naming_a_part_of_a_period_has_its_mod(name):
    from pipeline.language.lexicon import EN

    assert EN.words(name) and all(w in EN.edge_mods for w in EN.words(name))


@pytest.mark.parametrize(
    ("sentence", "text", "value"),
    [
        # the detector looks around the lexicon's edge words, clock halves and holiday names
        ("Talks resume in mid-November.", "mid-November", "2025-11"),
        ("The vote is at 9 a.m.", "9 a.m.", "2025-10-08T09:00"),
        ("The ceasefire began on Valentine's Day.", "Valentine's Day", "2025-02-14"),
        ("Crowds gathered on Independence Day.", "Independence Day", "2025-07-04"),
    ],
)
def test_the_detector_looks_around_the_lexicons_words(model, sentence, text, value):
    from pipeline.context import make_context
    from pipeline.dates import find_expressions

    found = find_expressions(model(sentence), make_context("a", "2025-10-08"))
    hits = [t for t in found if t.text == text]
    assert hits and hits[0].value == value, [(t.text, t.value) for t in found]
