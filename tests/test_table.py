"""Saving the table: the address the user gave always ends up holding the new table, whole."""

from __future__ import annotations

import pandas as pd

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
