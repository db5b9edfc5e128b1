"""The reader's rule table: every row reads its own example, and a dated expression's
explanation names the row that read it, so a wrong date points at the row to fix."""

from __future__ import annotations

import pytest

from pipeline.context import make_context
from pipeline.dates import find_expressions
from pipeline.dates.read import RULES, read


@pytest.mark.parametrize("rule", RULES, ids=[r.id for r in RULES])
def test_each_row_reads_its_own_example(rule):
    reading = read(rule.example)
    assert reading is not None, f"{rule.example!r} is read by no row"
    assert reading.rule == rule.id, f"{rule.example!r} is read by {reading.rule}, not {rule.id}"


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
