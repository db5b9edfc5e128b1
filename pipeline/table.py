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

from . import schema

# Declared rather than inferred: an empty table, or one whose dates are all unknown, still
# writes `reports` with every field typed, so it reads back the same.
_REPORT_FIELD_TYPES = {
    "char_start": pa.int64(), "char_end": pa.int64(), "confidence": pa.float64(),
    "start": pa.timestamp("us", tz="UTC"), "end": pa.timestamp("us", tz="UTC"),
}
REPORT_TYPE = pa.list_(pa.struct([(key, _REPORT_FIELD_TYPES.get(key, pa.string())) for key in schema.REPORT_KEYS]))


def save_events(events: pd.DataFrame, path: str | Path) -> Path:
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    events = schema.validate(events)
    arrow = pa.Table.from_pandas(events.drop(columns=["reports"]), preserve_index=False)
    reports = [[{k: (None if r[k] is None else r[k].to_pydatetime() if k in ("start", "end") else r[k]) for k in schema.REPORT_KEYS}
                for r in row] for row in events["reports"]]
    arrow = arrow.append_column("reports", pa.array(reports, type=REPORT_TYPE))
    pq.write_table(arrow, path)
    return path


def load_events(path: str | Path) -> pd.DataFrame:
    frame = pd.read_parquet(path)
    for name in schema.LIST_COLUMNS:
        frame[name] = frame[name].map(lambda v: [] if v is None else [str(x) for x in v])
    for column in schema.EVENT_COLUMNS:
        if column.dtype == "timestamp[UTC]":
            frame[column.name] = pd.to_datetime(frame[column.name], utc=True)
    if "reports" in frame.columns:
        frame["reports"] = frame["reports"].map(lambda v: [] if v is None else [schema.normal_report(dict(r)) for r in v])
    return schema.validate(frame)
