"""The reader's rule table: every row reads its own example, and a dated expression's
explanation names the row that read it, so a wrong date points at the row to fix."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from pipeline.context import make_context
from pipeline.dates import find_expressions
from pipeline.dates.calendar import Unresolvable, resolve
from pipeline.dates.read import RULES, parse_rules, read
from pipeline.dates.readings import Ref
from pipeline.dates.tense import PAST

# Every row's example is dated as if published on this day (a Wednesday), read as past.
PUBLISHED = date(2025, 10, 8)


@pytest.mark.parametrize("rule", RULES, ids=[r.id for r in RULES])
def test_each_row_reads_its_own_example_to_its_value(rule):
    reading = read(rule.example)
    assert reading is not None, f"{rule.example!r} is read by no row"
    assert reading.rule == rule.id, f"{rule.example!r} is read by {reading.rule}, not {rule.id}"
    assert reading.kind == rule.kind
    if rule.value is None:
        with pytest.raises(Unresolvable):
            resolve(reading, PAST, PUBLISHED, rule.example)
        return
    resolved = resolve(reading, PAST, PUBLISHED, rule.example)
    assert (resolved.value, resolved.mod) == (rule.value, rule.mod), resolved.note


GOOD_ROW = {"id": "x", "example": "now", "pattern": "now", "kind": "ref", "value": "PRESENT_REF"}


@pytest.mark.parametrize(
    "row, message",
    [
        ({**GOOD_ROW, "build": "no_such_builder"}, "rule x: no builder named 'no_such_builder'"),
        ({**GOOD_ROW, "pattern": "{no_such_piece} now"}, "rule x: no fragment named"),
        ({**GOOD_ROW, "colour": "red"}, "rule x: unknown fields ['colour']"),
        ({k: v for k, v in GOOD_ROW.items() if k != "value"}, "rule x: give the value"),
        ({k: v for k, v in GOOD_ROW.items() if k != "pattern"}, "rule x: neither a pattern"),
        # a row's own reading is typed by its kind: a part the kind lacks is refused at load
        ({**GOOD_ROW, "args": {"valeu": "PRESENT_REF"}}, "rule x: ref readings have no such"),
        ({**GOOD_ROW, "kind": "no_such_kind", "args": {}}, "rule x: no reading kind"),
    ],
)
def test_a_malformed_row_is_refused_with_its_id_and_reason(row, message):
    with pytest.raises(ValueError, match=message.replace("[", r"\[").replace("]", r"\]")):
        parse_rules([row])


def test_a_row_without_a_builder_is_its_own_reading():
    (rule,) = parse_rules([{**GOOD_ROW, "args": {"value": "PRESENT_REF"}}])
    reading = rule.build({})
    assert (reading.kind, reading.args) == ("ref", Ref(value="PRESENT_REF"))


def test_row_ids_are_unique():
    ids = [r.id for r in RULES]
    assert len(ids) == len(set(ids))


@pytest.mark.parametrize(
    "sentence, text, row",
    [
        ("A delegation departed for Cairo late Wednesday.", "late Wednesday", "weekday-tense"),
        ("Talks will resume in the coming days.", "the coming days", "window-coming-bare"),
        ("Shares fell 5% from a year earlier.", "a year earlier", "year-ago"),
        ("The talks ran from 2019 to 2021.", "2019 to 2021", "range of year to year"),
        (
            "The session began at 7 p.m. on Tuesday.",
            "7 p.m. on Tuesday",
            "weekday-tense at clock",
        ),
    ],
)
def test_a_dated_expression_names_its_row(model, sentence, text, row):
    found = find_expressions(model(sentence), make_context("a", "2025-10-08"))
    t = next(t for t in found if t.text == text)
    assert t.resolved, t.explanation
    assert t.pattern == row
    assert t.explanation.endswith(f"(rule {row})"), t.explanation


SPEC_ROWS = [r for r in RULES if r.match]


@pytest.mark.parametrize("rule", SPEC_ROWS, ids=[r.id for r in SPEC_ROWS])
def test_a_row_given_as_token_specs_is_found_by_the_detector_too(model, rule):
    """One spec, two uses: the Matcher finds the row's example that the reader reads."""
    from pipeline.dates.detect import matcher_for

    doc = model(rule.example)
    hits = {
        doc[s:e].text
        for key, s, e in matcher_for(doc.vocab)(doc)
        if doc.vocab.strings[key] == rule.id
    }
    assert rule.example.removeprefix("in ") in hits, hits


@pytest.mark.parametrize("rule", SPEC_ROWS, ids=[r.id for r in SPEC_ROWS])
def test_the_detector_finds_what_the_whole_matcher_finds_around_each_row(model, rule):
    """The detector runs the Matcher only near trigger words, and there only with the patterns
    whose named words or shapes the stretch holds: every row's example, amid other dates,
    gives the same hits as the whole Matcher over the whole text."""
    from pipeline.dates.detect import _matches, matcher_for

    doc = model(
        "Talks resumed on Monday, October 6, 2025, at 9 a.m. in Cairo; officials said"
        f" {rule.example}, and the envoys will meet again next week."
    )
    whole = [(doc.vocab.strings[key], s, e) for key, s, e in matcher_for(doc.vocab)(doc)]
    assert sorted(_matches(doc)) == sorted(whole)
    assert any(name == rule.id for name, _, _ in whole), whole


@pytest.mark.parametrize(
    "spec, text, read_as",
    [
        ("for? the time being", "the time being", True),
        ("for? the time being", "for the time being", True),
        ("for? the time being", "the time", False),
        ("year|month=unit -? to -? date", "month-to-date", True),
        ("year|month=unit -? to -? date", "month to date", True),
        ("the early hours of the? {weekday} {part}?", "the early hours of friday night", True),
        ("the early hours of the? {weekday} {part}?", "the early hours of the fifth", False),
    ],
)
def test_a_token_spec_compiles_to_the_readers_expression(spec, text, read_as):
    import re

    from pipeline.dates.read import spec_regex

    assert (re.fullmatch(spec_regex(spec), text) is not None) == read_as


@pytest.mark.parametrize(
    "sentence, row, found",
    [
        # "{Month}": the month must be capitalised; "may" is a modal first
        ("Prices rose sharply in May this year.", "month-this-year", "May this year"),
        ("Prices may this year rise again.", "month-this-year", None),
        # "current:ADJ": the present only as an adjective, not an electric current
        ("The current talks resumed in Cairo.", "present", "current"),
        ("The divers fought the current for hours.", "present", None),
        # "the past:NOUN|ADJ|PROPN": the past as such
        ("Those disputes belong to the past.", "past-ref", "the past"),
    ],
)
def test_a_spec_can_require_a_capital_or_a_part_of_speech(model, sentence, row, found):
    from pipeline.dates.detect import matcher_for

    doc = model(sentence)
    hits = [
        doc[s:e].text for key, s, e in matcher_for(doc.vocab)(doc) if doc.vocab.strings[key] == row
    ]
    assert hits == ([found] if found else []), hits


@pytest.mark.parametrize(
    "sentence, published, text, value",
    [
        # the brackets give the weekday's date: the date is the day, on a page known to its
        # month as on one known to its day
        (
            "Four boys were brought out on Monday (July 9) at dusk.",
            "2018-07",
            "Monday (July 9)",
            "2018-07-09",
        ),
        (
            "Four boys were brought out on Monday (9 July) at dusk.",
            "2018-07",
            "Monday (9 July)",
            "2018-07-09",
        ),
        ("The talks resumed on Friday (Oct. 13).", "2023-10-20", "Friday (Oct. 13)", "2023-10-13"),
        # with a comma, as before
        (
            "The talks began on Tuesday, July 3, in Geneva.",
            "2018-07-11",
            "Tuesday, July 3",
            "2018-07-03",
        ),
        # brackets holding no date leave the weekday alone
        ("He left on Monday (and came back).", "2018-07-11", "Monday", "2018-07-09"),
    ],
)
def test_a_weekday_with_its_date_beside_it_is_that_date(model, sentence, published, text, value):
    found = find_expressions(model(sentence), make_context("a", published))
    assert [(t.text, t.value) for t in found if t.value] == [(text, value)], [
        t.explanation for t in found
    ]


@pytest.mark.parametrize(
    "published, sentence, value, first_day, last_day",
    [
        # this week's Monday is "on Monday": "last Monday" on a Wednesday may be either
        (
            "2018-07-11",
            "Last Monday they were discovered.",
            "XXXX-WXX-1",
            "2018-07-02",
            "2018-07-09",
        ),
        (
            "2018-07-15",
            "Last Monday they were discovered.",
            "XXXX-WXX-1",
            "2018-07-02",
            "2018-07-09",
        ),
        # a weekday not yet come this week, or the publication's own: the week before's
        ("1998-08-11", "The talks ended last Friday.", "1998-08-07", "1998-08-07", "1998-08-07"),
        ("1989-10-30", "The talks ended last Monday.", "1989-10-23", "1989-10-23", "1989-10-23"),
        ("1989-11-01", "The talks ended last Wednesday.", "1989-10-25", "1989-10-25", "1989-10-25"),
        # a day counted from it is counted from the nearer: one the writer has in view
        (
            "2000-02-24",
            "The day before last Tuesday's hearing, he left.",
            "2000-02-21",
            "2000-02-21",
            "2000-02-21",
        ),
    ],
)
def test_last_weekday_is_the_days_its_words_can_mean(
    model, published, sentence, value, first_day, last_day
):
    (t,) = [t for t in find_expressions(model(sentence), make_context("a", published)) if t.value]
    assert t.value == value, t.explanation
    days = (t.start.date(), (t.end - timedelta(microseconds=1)).date())
    assert days == (date.fromisoformat(first_day), date.fromisoformat(last_day)), t.explanation
