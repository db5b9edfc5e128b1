"""Columns every view reads, worked out once per table instead of on every rerun, and the
page's own reading of a table file.

A filter change reruns the whole page; with 100,000 events, converting time zones and
writing headlines row by row on each rerun would cost seconds. These columns are written
beside the table when it is saved (pipeline/schema.py, VIEW_COLUMNS; worked out by
pipeline/view_columns.py), worked out with the same functions on reading a file written
without them, and every view then only slices them.

A million events' reports and participants as Python dicts are most of ten gigabytes and of
a minute's first load, and a view shows two dozen of them on its cards. So the page reads
from a table file only the columns its filters and charts read, lists kept in Arrow, and
the rest of a row (its reports, its sentence) when a card or a download asks for that row.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from pipeline import schema, table
from pipeline.view_columns import ACTORS, FIRST_ACTOR, SEARCHED_COLUMNS, VENUE, view_columns

from .filters import FILTER_ONLY, article_choices, options

DERIVED_COLUMNS = schema.VIEW_COLUMN_NAMES
# What the filters, the chart, the pulse, the Table tab and the map read of a row. A card or
# a download reads the whole row (`whole_rows`).
PAGE_COLUMNS = (
    "event_id",
    "article_id",
    "title",
    "outlet",
    "action",
    "event_type",
    "event_class",
    ACTORS,
    VENUE,
    "start",
    "end",
    "timezone",
    "granularity",
    "modality",
    "date_basis",
    "sources",
    "conflict",
    "venue_lat",
    "venue_lon",
    "key_event",
)
# Few distinct values each: kept as categories, one copy of each name however many rows.
CATEGORY_COLUMNS = (
    "article_id",
    "title",
    "outlet",
    "action",
    "event_type",
    "event_class",
    VENUE,
    "timezone",
    "granularity",
    "modality",
    "date_basis",
    # the page's words: a day's date text, a lane's name, a headline repeat over many rows,
    # and a view copies each row's code, not its words
    "when",
    "headline",
    FIRST_ACTOR,
)


def prepare(events: pd.DataFrame) -> pd.DataFrame:
    """The table with the derived columns added; the schema's columns are left as they were."""
    table_ = events.drop(columns=[c for c in DERIVED_COLUMNS if c in events.columns])
    table_ = table_.join(view_columns(table_))
    return table_


def ensure_prepared(events: pd.DataFrame) -> pd.DataFrame:
    """A table the views can read: filtered rows lack only the columns filtering reads."""
    viewed = [c for c in DERIVED_COLUMNS if c not in FILTER_ONLY]
    return events if set(viewed) <= set(events.columns) else prepare(events)


def is_lean(events: pd.DataFrame) -> bool:
    """A page table read by `page_table`: its rows lack the columns only a card reads."""
    return "reports" not in events.columns


def page_table(path: str | Path) -> pd.DataFrame:
    """The page's table from a table file: PAGE_COLUMNS and the view columns, nothing else.

    Its index is each row's place in the file, which is how `whole_rows` finds the rest of a
    row. A folder partitioned by month has no one row order, so it is read whole (prepared).
    """
    if Path(path).is_dir():
        return prepare(table.load_events(path))
    names = set(pq.read_schema(path).names)
    stored = set(DERIVED_COLUMNS) <= names
    wanted = [*PAGE_COLUMNS, *(DERIVED_COLUMNS if stored else SEARCHED_COLUMNS)]
    dictionary = [c for c in CATEGORY_COLUMNS if c in names]
    arrow = pq.read_table(
        path, columns=[c for c in dict.fromkeys(wanted) if c in names], read_dictionary=dictionary
    )
    frame = table.arrow_frame(arrow)
    if not stored:  # a table written before the view columns were: worked out once here
        frame = frame.join(view_columns(frame))
        frame = frame.drop(columns=[c for c in SEARCHED_COLUMNS if c not in PAGE_COLUMNS])
        for name in CATEGORY_COLUMNS:
            if name in frame.columns:
                frame[name] = frame[name].astype("category")
    del arrow
    # The file's columns as read (strings before they became categories) are freed now, but
    # Arrow's allocator keeps their pages for reuse: half a gigabyte at a million events.
    pa.default_memory_pool().release_unused()
    return frame


def whole_rows(rows: pd.DataFrame, path: str | Path | None) -> pd.DataFrame:
    """`rows` of a page table with every column of the event table and the view columns, read
    from the table file at `path` by their place in it: what a card or a download shows.
    Rows that already carry every column (a table read whole) are returned as they are."""
    if not is_lean(rows) or path is None:
        return rows
    read = table.load_rows(path, list(rows.index))
    read.index = rows.index
    return read.join(rows[[c for c in DERIVED_COLUMNS if c in rows.columns]])


@dataclass(frozen=True)
class Catalogue:
    """What the filters offer: names with their event counts, and the articles by label.

    Depends only on the whole table, so the page works it out once per table, not per rerun.
    """

    actors: list[tuple[str, int]]
    venues: list[tuple[str, int]]
    articles: dict[str, str]


def catalogue(events: pd.DataFrame) -> Catalogue:
    return Catalogue(options(events, ACTORS), options(events, VENUE), article_choices(events))
