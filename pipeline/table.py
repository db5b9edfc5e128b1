"""Reading and writing the event table as Parquet.

Parquet hands list columns back as arrays and `reports` back as arrays of structs; readers
get the same Python lists (of strings, of report dicts with UTC timestamps) the pipeline
wrote, so filtering code never has to care where the table came from.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from . import dataset, output, schema

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
    # Written beside and moved into place: a crash mid-write leaves the last good table, and a
    # month-partitioned folder from a Dask build at the same address is replaced, not an error.
    partial = output.sibling(path, "partial")
    try:
        pq.write_table(arrow, partial)
        dataset.replace(partial, path)
    finally:
        partial.unlink(missing_ok=True)
    return path


def load_events(
    path: str | Path, *, start=None, end=None, columns: list[str] | None = None
) -> pd.DataFrame:
    """A table file, or a folder partitioned by month (pipeline/dataset.py). With `start`/`end`
    (UTC instants or dates) only the events overlapping [start, end) are read, and from a folder
    only the months that can hold them; with `columns` only those columns, unchecked: a view
    of a table larger than memory reads what it shows."""
    if Path(path).is_dir() or start is not None or end is not None or columns is not None:
        frame = dataset.read(path, start=start, end=end, columns=columns)
    else:
        frame = pd.read_parquet(path)
    for name in schema.LIST_COLUMNS:
        if name in frame.columns:
            frame[name] = frame[name].map(lambda v: [] if v is None else [str(x) for x in v])
    for column in schema.EVENT_COLUMNS:
        if column.dtype == "timestamp[UTC]" and column.name in frame.columns:
            frame[column.name] = pd.to_datetime(frame[column.name], utc=True)
    if "participants" in frame.columns:
        frame["participants"] = frame["participants"].map(schema.normal_participants)
    if "reports" in frame.columns:
        frame["reports"] = frame["reports"].map(
            lambda v: [] if v is None else [schema.normal_report(dict(r)) for r in v]
        )
    return frame if columns is not None else schema.validate(frame)
