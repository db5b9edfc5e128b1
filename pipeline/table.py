"""Reading and writing the event table as Parquet.

Parquet hands list columns back as arrays; readers get the same Python lists the
pipeline wrote, so filtering code never has to care where the table came from.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from . import schema


def save_events(events: pd.DataFrame, path: str | Path) -> Path:
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    schema.validate(events).to_parquet(path, index=False)
    return path


def load_events(path: str | Path) -> pd.DataFrame:
    frame = pd.read_parquet(path)
    for name in schema.LIST_COLUMNS:
        frame[name] = frame[name].map(lambda v: [] if v is None else [str(x) for x in v])
    for column in schema.EVENT_COLUMNS:
        if column.dtype == "timestamp[UTC]":
            frame[column.name] = pd.to_datetime(frame[column.name], utc=True)
    return schema.validate(frame)
