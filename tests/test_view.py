"""Promises of a filter state's view: every event the filters keep is listed once, those in
the visible range newest first and then the undated, and what the page counts of them is
what the kept rows themselves say, however the table is held."""

from __future__ import annotations

from datetime import date

import pandas as pd
import pytest
from sample_events import sample_events, sample_rows

from dashboard import codes
from dashboard.choices import Choice, article_options, in_window, narrowed, newest_first
from dashboard.filters import article_count, options
from dashboard.prepare import prepare
from dashboard.view import view_of
from pipeline.schema import conform

CHOICES = [
    Choice(),
    Choice(actors=("Steve Witkoff",)),
    Choice(precision="day"),
    Choice(venues=("Cairo", "Hostage Square")),
    Choice(articles=("a1",)),
    Choice(start=date(2025, 10, 8)),
    Choice(text="ceasefire"),
    Choice(actors=("Nobody at all",)),
]
RANGES = [(None, None), (date(2025, 10, 1), date(2025, 10, 9))]


@pytest.fixture(scope="module")
def table() -> pd.DataFrame:
    return prepare(sample_events())


@pytest.mark.parametrize("choice", CHOICES, ids=repr)
@pytest.mark.parametrize(("view_from", "view_to"), RANGES, ids=["busiest stretch", "set range"])
def test_a_view_lists_each_kept_event_once_newest_first_then_the_undated(
    table, choice, view_from, view_to
):
    view = view_of(choice.select(table), lane_by="actor", view_from=view_from, view_to=view_to)
    kept = choice.apply(table)
    window = view.figure.layout.xaxis.range
    low = pd.Timestamp(view_from) if view_from else (pd.Timestamp(window[0]) if window else None)
    high = (
        pd.Timestamp(view_to) + pd.Timedelta(days=1)
        if view_to
        else (pd.Timestamp(window[1]) if window else None)
    )
    undated = kept[kept["start"].isna() & kept["end"].isna()]
    dated = kept.drop(index=undated.index)
    expected = [*newest_first(in_window(dated, low, high))["event_id"], *undated["event_id"]]
    assert list(view.rows(0, len(table) + 1)["event_id"]) == expected
    assert view.listed == len(expected)


def test_a_table_of_undated_events_lists_each_of_them_once():
    rows = [
        row | {"start": None, "end": None, "granularity": "unknown", "expression": None}
        for row in sample_rows()
    ]
    table = prepare(conform(rows))
    view = view_of(Choice().select(table), lane_by="actor")
    assert sorted(view.rows(0, 100)["event_id"]) == sorted(table["event_id"])


@pytest.mark.parametrize("choice", CHOICES, ids=repr)
def test_the_counts_of_a_selection_are_those_of_its_rows_gathered(table, choice):
    selection = choice.select(table)
    rows = choice.apply(table).reset_index(drop=True)
    assert len(selection) == len(rows)
    assert article_count(table, selection.keep) == article_count(rows)
    for column in ("actors", "venue"):
        assert options(table, column, selection.keep) == options(rows, column)
    assert article_options(table, selection.keep) == article_options(rows)


def test_a_table_whose_actors_were_replaced_is_counted_afresh(monkeypatch):
    """The names are coded once per table and kept: a table given other actors is another
    table, and offers its own."""
    monkeypatch.setattr(codes, "KEPT_FROM", 0)  # the samples' codes kept, as a large table's
    table = prepare(sample_events())
    assert ("Steve Witkoff", 2) in options(table, "actors")
    renamed = table["actors"].map(lambda names: ["Someone Else" for _ in names])
    table["actors"] = renamed
    assert [name for name, _ in options(table, "actors")] == ["Someone Else"]
    assert narrowed(table, Choice(actors=("Steve Witkoff",)), "actors")[0][0] == "Someone Else"
