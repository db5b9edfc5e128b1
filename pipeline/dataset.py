"""The event table as a folder of Parquet files, one sub-folder per month of the event date.

A corpus too large for one process gives a table too large to open whole; split by month,
a view of October reads October's files and nothing else. The layout is plain hive
partitioning (`month=2025-10/…parquet`, undated events under `month=undated`), so pyarrow,
pandas, DuckDB or Spark open it without this code. Months are those of `start` in UTC.
"""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

if TYPE_CHECKING:
    import pyarrow.dataset as ds

MONTH = "month"
UNDATED = "undated"
SORT_KEY = ["start", "article_id", "char_start"]


def _datasets():
    """pyarrow's dataset module, imported only when a table is read through it (a folder, or
    some months or columns of a file): a build writing one file never needs it, and its
    import would be part of every build's start-up."""
    import pyarrow.dataset

    return pyarrow.dataset


def _partitioning() -> ds.Partitioning:
    return _datasets().partitioning(pa.schema([(MONTH, pa.string())]), flavor="hive")


def month_of(starts: pd.Series) -> pd.Series:
    """`2025-10` for each dated start (UTC), `undated` for the rest."""
    months = starts.dt.tz_convert("UTC").dt.strftime("%Y-%m")
    return months.where(starts.notna(), UNDATED).astype(object)


def write_part(events: pd.DataFrame, root: str | Path, name: str) -> int:
    """Write one slice of the table under `root`, one file per month it touches; `name` keeps
    the files of different slices apart, so workers can write their slices at the same time.
    Each file is written as a whole table is (`table.save_events`), so every file reads alone."""
    from . import table  # table reads folders through this module

    months = month_of(events["start"])
    for month in sorted(set(months)):
        table.save_events(
            events[months == month], Path(root) / f"{MONTH}={month}" / f"{name}.parquet"
        )
    return len(events)


def replace(built: Path, target: Path) -> None:
    """Put a finished table where the old one was, only once it is complete: a failed build
    must leave the user's last good table in place (pipeline/output.py says how)."""
    from . import output

    output.replace(built, target)


def _instant(bound: date | datetime | str | pd.Timestamp) -> pd.Timestamp:
    moment = pd.Timestamp(bound)
    return moment.tz_localize("UTC") if moment.tzinfo is None else moment.tz_convert("UTC")


def date_filter(schema: pa.Schema, start=None, end=None) -> ds.Expression | None:
    """Events whose period overlaps [start, end): the month folders after `end` are never
    opened, and file statistics on `end` skip the older ones.

    An event starting before `start` can still overlap it (a year, a decade), so the folders
    before `start` cannot be ruled out by name; their row groups are, by their `end` range.
    Undated events overlap no period, so bounds leave them out.
    """
    if start is None and end is None:
        return None
    keep = pc.field(MONTH) != UNDATED if MONTH in schema.names else pc.field("start").is_valid()
    if end is not None:
        end_at = _instant(end)
        if MONTH in schema.names:
            keep &= pc.field(MONTH) <= end_at.strftime("%Y-%m")
        keep &= pc.field("start") < pa.scalar(
            end_at.to_pydatetime(), type=schema.field("start").type
        )
    if start is not None:
        start_at = pa.scalar(_instant(start).to_pydatetime(), type=schema.field("end").type)
        keep &= (pc.field("end") > start_at) | (
            pc.field("end").is_null() & (pc.field("start") >= start_at)
        )
    return keep


def read(
    path: str | Path, *, start=None, end=None, columns: list[str] | None = None
) -> pd.DataFrame:
    """Read a table file or a month-partitioned folder, only the months and columns asked for."""
    path = Path(path)
    ds = _datasets()
    dataset = ds.dataset(
        path, format="parquet", partitioning=_partitioning() if path.is_dir() else None
    )
    if not dataset.files:  # a build that found no events writes an empty folder
        from . import schema

        empty = schema.empty_events()
        return empty[[c for c in (columns or empty.columns)]]
    if path.is_dir():
        # a slice whose lists are all empty wrote list<null>: take each column's type from the
        # files that knew it, rather than from whichever file came first
        known = pa.unify_schemas(
            [ds.dataset(f, format="parquet").schema for f in dataset.files],
            promote_options="permissive",
        )
        dataset = ds.dataset(
            path,
            schema=known.append(pa.field(MONTH, pa.string())),
            format="parquet",
            partitioning=_partitioning(),
        )
    from . import schema

    # the view columns a table file keeps for the page are read only when asked for
    names = columns or [n for n in dataset.schema.names if n not in schema.VIEW_COLUMN_NAMES]
    names = [n for n in names if n != MONTH]
    table = dataset.to_table(columns=names, filter=date_filter(dataset.schema, start, end))
    frame = table.to_pandas()
    if path.is_dir() and set(SORT_KEY) <= set(frame.columns):
        # a folder has no row order of its own: give the build's, so a table reads the same however
        # it was written
        frame = frame.sort_values(SORT_KEY, na_position="last", kind="stable")
    return frame.reset_index(drop=True)
