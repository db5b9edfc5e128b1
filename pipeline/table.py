"""Reading and writing the event table as Parquet.

Parquet hands list columns back as arrays and `reports` back as arrays of structs; readers
get the same Python lists (of strings, of report dicts with UTC timestamps) the pipeline
wrote, so filtering code never has to care where the table came from.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from . import dataset, output, schema
from .view_columns import view_arrow

# Declared rather than inferred: an empty table, or one whose dates are all unknown, still
# writes `reports` with every field typed, so it reads back the same.
_REPORT_FIELD_TYPES = {
    "char_start": pa.int64(),
    "char_end": pa.int64(),
    "confidence": pa.float64(),
    "start": pa.timestamp("us", tz="UTC"),
    "end": pa.timestamp("us", tz="UTC"),
}
REPORT_TYPE = pa.list_(
    pa.struct([(key, _REPORT_FIELD_TYPES.get(key, pa.string())) for key in schema.REPORT_KEYS])
)

PARTICIPANT_TYPE = pa.list_(pa.struct([(key, pa.string()) for key in schema.PARTICIPANT_KEYS]))
# Rows per Parquet row group: a card's row is read by its group (`load_rows`), so a view's two
# dozen cards decode a few groups' reports, not a million rows'.
ROW_GROUP_ROWS = 8192


def save_events(events: pd.DataFrame, path: str | Path) -> Path:
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    events = schema.validate(events)
    arrow = pa.Table.from_pandas(
        events.drop(columns=["reports", "participants"]), preserve_index=False
    )
    arrow = arrow.append_column(
        "participants", pa.array(list(events["participants"]), type=PARTICIPANT_TYPE)
    )
    reports = [
        [
            {
                k: (
                    None
                    if r[k] is None
                    else r[k].to_pydatetime()
                    if k in ("start", "end")
                    else r[k]
                )
                for k in schema.REPORT_KEYS
            }
            for r in row
        ]
        for row in events["reports"]
    ]
    arrow = arrow.append_column("reports", pa.array(reports, type=REPORT_TYPE))
    ordered = [n for n in schema.COLUMN_NAMES if n in arrow.column_names]
    arrow = arrow.select(ordered + [n for n in arrow.column_names if n not in ordered])
    # the page's words, kept with the table they say
    for name, column in zip(schema.VIEW_COLUMN_NAMES, view_arrow(events).columns, strict=True):
        arrow = arrow.append_column(name, column)
    # Written beside and moved into place: a crash mid-write leaves the last good table, and a
    # month-partitioned folder from a Dask build at the same address is replaced, not an error.
    partial = output.sibling(path, "partial")
    try:
        pq.write_table(arrow, partial, row_group_size=ROW_GROUP_ROWS)
        dataset.replace(partial, path)
    finally:
        partial.unlink(missing_ok=True)
    return path


def _plain_lists(column: pa.ChunkedArray) -> list | None:
    """A list<string> column as Python lists, straight from Arrow; None when it holds a null
    (then the general path below reads it)."""
    lists = column.combine_chunks()
    if not pa.types.is_list(lists.type):
        return None
    kind = lists.type.value_type
    if lists.null_count or not (pa.types.is_string(kind) or pa.types.is_null(kind)):
        return None  # (a column of empty lists only is written as list<null>)
    if lists.flatten().null_count:
        return None
    return lists.to_pylist()


def _struct_lists(
    column: pa.ChunkedArray, keys: tuple[str, ...], may_be_empty: frozenset[str]
) -> list | None:
    """A list<struct> column (reports, participants) as lists of plain dicts, built field by
    field from Arrow rather than one record at a time: on a large table the record-by-record
    path costs most of the page's first load. The dicts are those `schema.normal_report` and
    `schema.normal_participants` make; None when a field outside `may_be_empty` is missing
    (then those functions read the column, and refuse what they must)."""
    lists = column.combine_chunks()
    if lists.null_count or not pa.types.is_list(lists.type):
        return None
    records = lists.flatten()
    if not pa.types.is_struct(records.type) or records.null_count:
        return None
    if [f.name for f in records.type] != list(keys):
        return None
    values = []
    for key in keys:
        field_ = records.field(key)
        if field_.null_count and key not in may_be_empty:
            return None
        if pa.types.is_timestamp(field_.type):
            if field_.type.tz != "UTC":
                return None
            moments = field_.to_pandas()
            values.append(moments.astype(object).where(moments.notna(), None).tolist())
        else:
            values.append(field_.to_pylist())
    flat = [dict(zip(keys, row, strict=True)) for row in zip(*values, strict=True)]
    bounds = lists.offsets.to_pylist()
    return [flat[a:b] for a, b in zip(bounds[:-1], bounds[1:], strict=True)]


# What a report may leave empty: its text fields and its dates; never its offsets or confidence.
_REPORT_MAY_BE_EMPTY = frozenset(
    k for k in schema.REPORT_KEYS if k not in ("char_start", "char_end", "confidence")
)


def _nested_valid(arrow: pa.Table) -> bool:
    """What `schema.validate` checks of each row's reports and participants, for the whole
    file at once in Arrow, once `_struct_lists` has read both (their fields and types are the
    documented ones): every row has a report, every report's article is among its row's
    sources, every participant's role and kind is in the vocabulary."""
    reports, sources = arrow["reports"].combine_chunks(), arrow["sources"].combine_chunks()
    lengths = pc.list_value_length(reports)
    if lengths.null_count or (len(reports) and pc.min(lengths).as_py() == 0):
        return False
    if sources.null_count or sources.flatten().null_count:
        return False

    def keyed(lists: pa.Array, values: pa.Array) -> pa.Array:
        rows = pc.cast(pc.list_parent_indices(lists), pa.string())
        return pc.binary_join_element_wise(rows, pc.cast(values, pa.string()), "\x1f")

    articles = reports.flatten().field("article_id")
    if articles.null_count:
        return False
    listed = keyed(sources, sources.flatten())
    if len(articles) and not pc.all(pc.is_in(keyed(reports, articles), value_set=listed)).as_py():
        return False
    people = arrow["participants"].combine_chunks().flatten()
    for key, allowed in (("role", schema.ROLES), ("kind", schema.KINDS)):
        values = people.field(key)
        if len(values) and not pc.all(pc.is_in(values, value_set=pa.array(list(allowed)))).as_py():
            return False
    return True


def _from_arrow(arrow: pa.Table) -> tuple[pd.DataFrame, set[str]]:
    """One table file as a pandas frame, and which of its list columns were read straight from
    Arrow (those that hold no surprises) so need no reading again."""
    fast: dict[str, list] = {}
    for name in arrow.column_names:
        listed = None
        if name in schema.LIST_COLUMNS:
            listed = _plain_lists(arrow[name])
        elif name == "reports":
            listed = _struct_lists(arrow[name], schema.REPORT_KEYS, _REPORT_MAY_BE_EMPTY)
        elif name == "participants":
            listed = _struct_lists(arrow[name], schema.PARTICIPANT_KEYS, frozenset())
        if listed is not None:
            fast[name] = listed
    frame = arrow.drop_columns(list(fast)).to_pandas()
    for name, listed in fast.items():
        frame[name] = pd.Series(listed, index=frame.index, dtype=object)
    return frame[arrow.column_names], set(fast)


def load_events(
    path: str | Path, *, start=None, end=None, columns: list[str] | None = None
) -> pd.DataFrame:
    """A table file, or a folder partitioned by month (pipeline/dataset.py). With `start`/`end`
    (UTC instants or dates) only the events overlapping [start, end) are read, and from a folder
    only the months that can hold them; with `columns` only those columns, unchecked: a view
    of a table larger than memory reads what it shows. The view columns stored beside the
    event columns (schema.VIEW_COLUMNS) are not read."""
    if Path(path).is_dir() or start is not None or end is not None or columns is not None:
        frame = dataset.read(path, start=start, end=end, columns=columns)
        return _normal(frame, set(), checked=False, validate=columns is None)
    names = [n for n in pq.read_schema(path).names if n not in schema.VIEW_COLUMN_NAMES]
    return _events_frame(pq.read_table(path, columns=names))


def load_rows(path: str | Path, positions: list[int]) -> pd.DataFrame:
    """The rows at `positions` (their places in the table file), in that order, with every
    event column: only the row groups holding them are read, so the rows a page's cards show
    cost a few groups, not the million-row file."""
    file = pq.ParquetFile(path)
    names = [n for n in file.schema_arrow.names if n not in schema.VIEW_COLUMN_NAMES]
    if not len(positions):
        return _events_frame(file.schema_arrow.empty_table().select(names))
    sizes = np.array([file.metadata.row_group(i).num_rows for i in range(file.num_row_groups)])
    firsts = np.concatenate([[0], np.cumsum(sizes)])
    wanted = np.asarray(positions, dtype=np.int64)
    if wanted.min() < 0 or wanted.max() >= firsts[-1]:
        raise IndexError(f"{path}: no row at {sorted(set(positions))}")
    groups = np.searchsorted(firsts, wanted, side="right") - 1
    needed = np.unique(groups)
    read = file.read_row_groups(needed.tolist(), columns=names)
    # where each needed group begins in what was read, then each row within it
    begins = np.zeros(len(sizes), dtype=np.int64)
    begins[needed] = np.concatenate([[0], np.cumsum(sizes[needed])[:-1]])
    local = begins[groups] + wanted - firsts[groups]
    return _events_frame(read.take(pa.array(local)))


def arrow_frame(arrow: pa.Table) -> pd.DataFrame:
    """Some columns of a table file as pandas, the list columns kept in Arrow (pd.ArrowDtype):
    for the page, which reads them with vectorised Arrow functions and never as Python lists.
    Unchecked, like `load_events` with `columns`."""
    for i, field_ in enumerate(arrow.schema):
        if field_.name in schema.LIST_COLUMNS and field_.type != pa.list_(pa.string()):
            arrow = arrow.set_column(i, field_.name, arrow[field_.name].cast(pa.list_(pa.string())))

    def mapped(kind: pa.DataType):
        return pd.ArrowDtype(kind) if pa.types.is_list(kind) else None

    return arrow.to_pandas(types_mapper=mapped)


def _events_frame(arrow: pa.Table) -> pd.DataFrame:
    """The event columns of a table file, read as the pipeline wrote them, and checked."""
    frame, read = _from_arrow(arrow)
    checked = {"reports", "participants", "sources"} <= read and _nested_valid(arrow)
    return _normal(frame, read, checked=checked, validate=True)


def _normal(frame: pd.DataFrame, read: set[str], *, checked: bool, validate: bool) -> pd.DataFrame:
    """Lists, report dicts and UTC times as the pipeline holds them, whichever reader read
    `frame`; `read` names the columns `_from_arrow` already made so."""
    for name in schema.LIST_COLUMNS:
        if name in frame.columns and name not in read:
            frame[name] = frame[name].map(lambda v: [] if v is None else [str(x) for x in v])
    for column in schema.EVENT_COLUMNS:
        if column.dtype == "timestamp[UTC]" and column.name in frame.columns:
            frame[column.name] = pd.to_datetime(frame[column.name], utc=True)
    if "participants" in frame.columns and "participants" not in read:
        frame["participants"] = frame["participants"].map(schema.normal_participants)
    if "reports" in frame.columns and "reports" not in read:
        frame["reports"] = frame["reports"].map(
            lambda v: [] if v is None else [schema.normal_report(dict(r)) for r in v]
        )
    return schema.validate(frame, nested_checked=checked) if validate else frame
