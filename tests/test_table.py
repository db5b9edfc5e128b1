"""Saving the table: the address the user gave always ends up holding the new table, whole."""

from __future__ import annotations

import pandas as pd
import pytest

from pipeline import dataset, schema, table
from tests.test_schema_reports import _row


def _events() -> pd.DataFrame:
    return schema.conform(
        [
            _row("a1", "2025-10-01"),
            _row("a2", "2024-01-15", char_start=90, action="arrive in Egypt"),
        ]
    )


def test_a_table_replaces_the_month_folders_a_dask_build_left_at_the_same_address(tmp_path):
    target = tmp_path / "events.parquet"
    old = schema.conform([_row("old", "2023-05-02")])
    dataset.write_part(old, target, "part-0")
    assert target.is_dir()
    table.save_events(_events(), target)
    assert target.is_file()
    assert sorted(table.load_events(target)["article_id"]) == ["a1", "a2"]


def test_saving_leaves_no_partial_file_beside_the_table(tmp_path):
    target = tmp_path / "events.parquet"
    table.save_events(_events(), target)
    table.save_events(_events().head(1), target)
    assert [p.name for p in tmp_path.iterdir()] == ["events.parquet"]
    assert len(table.load_events(target)) == 1


@pytest.mark.parametrize(
    "rows",
    [
        pytest.param([_row("a1", "2025-10-01"), _row("a2", None)], id="a dated and an undated"),
        pytest.param(
            [_row("a1", "2025-10-01", actors=[], participants=[], venue=None)],
            id="no actors, no participants",
        ),
        pytest.param(
            [_row("a1", "2025-10-01", actors=["Ron Dermer", "Hamas"], outlet="Wire")],
            id="two actors",
        ),
    ],
)
def test_a_table_reads_back_as_it_was_written_whole_or_column_by_column(tmp_path, rows):
    """The whole file is read straight from Arrow; a chosen set of columns the general way.
    Both give the values the pipeline wrote: lists of strings, report dicts, UTC times."""
    events = schema.conform(rows)
    target = table.save_events(events, tmp_path / "events.parquet")
    whole = table.load_events(target)
    pd.testing.assert_frame_equal(whole, events)
    by_columns = table.load_events(target, columns=list(events.columns))
    pd.testing.assert_frame_equal(by_columns, whole)


def _rewritten(path, column: str, values: list) -> None:
    """The file with one column replaced, as another tool writing the table might leave it."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    arrow = pq.read_table(path)
    at = arrow.schema.get_field_index(column)
    pq.write_table(arrow.set_column(at, column, pa.array(values, type=arrow.schema[at].type)), path)


@pytest.mark.parametrize(
    ("column", "values", "reason"),
    [
        pytest.param("sources", [["zz"], ["a2"]], "not among the row's sources", id="sources"),
        pytest.param(
            "participants",
            [[{"name": "Ron Dermer", "role": "boss", "kind": "person"}], []],
            "role must be one of",
            id="role",
        ),
    ],
)
def test_a_table_file_breaking_the_schema_is_refused_on_reading_with_the_reason(
    tmp_path, column, values, reason
):
    """Reading a file checks its reports and participants column by column; a file that
    breaks them is still refused, with the reason the row-by-row check gives."""
    target = table.save_events(_events(), tmp_path / "events.parquet")
    _rewritten(target, column, values)
    with pytest.raises(schema.SchemaError, match=reason):
        table.load_events(target)
