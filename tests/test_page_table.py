"""The page's own reading of a table file: the view columns and Arrow lists, the rest of a row
read when a card asks for it. What it reads must say exactly what the whole table says."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pyarrow.parquet as pq
import pytest

from dashboard.choices import Choice, narrowed
from dashboard.figures import DENSITY_FROM, timeline_figure
from dashboard.filters import article_choices, article_count, filter_events, options
from dashboard.prepare import DERIVED_COLUMNS, page_table, prepare, whole_rows
from pipeline import schema, table
from tests.sample_events import sample_events, sample_rows
from tests.test_schema_reports import _row


def _written_before_view_columns(path):
    """The same table as a file written before the view columns were (or by another tool)."""
    arrow = pq.read_table(path)
    pq.write_table(arrow.drop_columns(list(schema.VIEW_COLUMN_NAMES)), path)
    return path


@pytest.fixture(params=["with view columns", "written before them"])
def saved(request, tmp_path):
    events = sample_events()
    path = table.save_events(events, tmp_path / "events.parquet")
    if request.param == "written before them":
        _written_before_view_columns(path)
    return events, path


@pytest.mark.parametrize("column", DERIVED_COLUMNS)
def test_the_page_reads_each_view_column_as_the_whole_table_gives_it(saved, column):
    events, path = saved
    whole, read = prepare(events), page_table(path)
    assert list(read["event_id"]) == list(whole["event_id"])
    expected, got = whole[column].astype(object), read[column].astype(object)
    assert list(got.where(got.notna(), None)) == list(expected.where(expected.notna(), None))


@pytest.mark.parametrize("column", ["actors", "venue"])
def test_the_filters_offer_the_same_names_and_counts_from_the_page_table(saved, column):
    events, path = saved
    assert options(page_table(path), column) == options(events, column)


def test_the_articles_offered_and_counted_are_the_same_from_the_page_table(saved):
    events, path = saved
    read = page_table(path)
    assert article_choices(read) == article_choices(events)
    assert article_count(read) == article_count(events)


@pytest.mark.parametrize(
    "choice",
    [
        {"actors": ["Steve Witkoff"]},
        {"venues": ["Sharm El-Sheikh"]},
        {"precision": "day"},
        {"text": "ceasefire"},
        {"articles": ["a1"]},
    ],
    ids=["actor", "venue", "precision", "search", "article"],
)
def test_a_filter_keeps_the_same_events_of_the_page_table(saved, choice):
    events, path = saved
    ids = list(filter_events(prepare(events), **choice)["event_id"])
    assert list(filter_events(page_table(path), **choice)["event_id"]) == ids


def test_a_cards_rows_are_read_whole_from_their_row_groups(tmp_path, monkeypatch):
    """Rows picked out of order across several row groups come back whole and in that order,
    as the table read whole holds them."""
    monkeypatch.setattr(table, "ROW_GROUP_ROWS", 3)
    events = sample_events()
    path = table.save_events(events, tmp_path / "events.parquet")
    assert pq.ParquetFile(path).num_row_groups > 2
    read = page_table(path)
    picked = read.iloc[[len(read) - 1, 0, 4]]
    rows = whole_rows(picked, path)
    assert list(rows.index) == list(picked.index)
    expected = table.load_events(path).iloc[[len(read) - 1, 0, 4]].reset_index(drop=True)
    pd.testing.assert_frame_equal(rows[list(schema.COLUMN_NAMES)].reset_index(drop=True), expected)
    assert list(rows["headline"]) == list(picked["headline"])


def test_an_event_listing_a_name_twice_counts_once_for_it(tmp_path):
    rows = [_row("a1", "2025-10-01", actors=["Hamas", "Hamas"]), _row("a2", "2025-10-02")]
    path = table.save_events(schema.conform(rows), tmp_path / "events.parquet")
    assert dict(options(page_table(path), "actors")) == {"Hamas": 1, "Ron Dermer": 1}


@pytest.mark.parametrize("name", ["actors", "venues", "articles"])
@pytest.mark.parametrize(
    "choice", [Choice(), Choice(precision="day"), Choice(modalities=("happened",))]
)
def test_each_filter_offers_the_same_counts_from_the_page_table(saved, choice, name):
    events, path = saved
    assert narrowed(page_table(path), choice, name) == narrowed(prepare(events), choice, name)


TITLES = {"a1": "Envoys head to Egypt", "a2": "Talks open in Sharm", "a3": "Families rally"}


def _many_sample_events() -> pd.DataFrame:
    """The sample rows again and again, a minute apart, past the density chart's threshold:
    several actors, venues (some none) and articles to make lanes of."""
    rows = sample_rows()
    count = DENSITY_FROM + 200
    return schema.conform(
        [
            rows[i % len(rows)]
            | {
                "event_id": f"ev-{i}",
                "title": TITLES[rows[i % len(rows)]["article_id"]],
                "granularity": "time",
                "start": pd.Timestamp("2025-10-01", tz="UTC") + pd.Timedelta(minutes=i),
                "end": pd.Timestamp("2025-10-01", tz="UTC") + pd.Timedelta(minutes=i + 1),
            }
            for i in range(count)
        ]
    )


@pytest.mark.parametrize("lane_by", ["actor", "venue", "article"])
def test_the_density_chart_of_the_page_table_is_the_whole_tables(tmp_path, lane_by):
    """The page's table keeps its lanes as categories and the chart counts their codes: the
    lanes, their order, the cells and the opening window are those of the whole table."""
    events = _many_sample_events()
    path = table.save_events(events, tmp_path / "events.parquet")
    charts = [timeline_figure(t, lane_by=lane_by) for t in (prepare(events), page_table(path))]
    lanes = [list(f.layout.yaxis.ticktext) for f in charts]
    assert len(lanes[0]) > 1  # more than one lane to order
    assert lanes[1] == lanes[0]
    assert charts[1].layout.xaxis.range == charts[0].layout.xaxis.range
    cells = [[np.nan_to_num(np.asarray(t.z, dtype=float)).tolist() for t in f.data] for f in charts]
    assert cells[1] == cells[0]
    assert sum(np.sum(c) for c in cells[1]) == len(events)
