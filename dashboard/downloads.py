"""The filtered view as files a reader takes away: CSV, JSON and an iCalendar feed.

Pure functions from the event table to bytes, so what a download holds is tested without
Streamlit. Exports carry the schema's columns (pipeline/schema.py), not the page's derived
ones, so a file reads the same whichever view it came from.
"""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime

import pandas as pd

from pipeline.schema import COLUMN_NAMES, LIST_COLUMNS
from pipeline.text import inert_cell
from pipeline.view_columns import headline

from .cards import safe_link
from .filters import wall_clock
from .labels import POINT_GRANULARITIES

CALENDAR_NAME = "Timeline Desk"
PRODUCT_ID = "-//Timeline Desk//Event timeline//EN"
TIMED = frozenset({"time", "part-of-day"})
FOLD_OCTETS = 75  # RFC 5545 3.1: lines longer than 75 octets are folded
# RFC 5545 3.3.11: TEXT holds no control character but HTAB (line breaks are escaped first)
_CONTROLS = re.compile("[\x00-\x08\x0a-\x1f\x7f]")


def _columns(events: pd.DataFrame) -> pd.DataFrame:
    return events[[c for c in COLUMN_NAMES if c in events.columns]]


def _iso(value) -> str | None:
    return None if value is None or pd.isna(value) else pd.Timestamp(value).isoformat()


def _plain(value):
    """A JSON-ready value: timestamps as ISO 8601, missing markers as None, nested lists and dicts
    kept."""
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)) or (
        hasattr(value, "tolist") and not hasattr(value, "item")
    ):
        return [_plain(v) for v in list(value)]
    if value is None or pd.isna(value):
        return None
    if isinstance(value, (pd.Timestamp, datetime)):
        return pd.Timestamp(value).isoformat()
    if hasattr(value, "item"):
        return value.item()
    return value


def to_csv(events: pd.DataFrame) -> bytes:
    """One row per event; names joined with '; ' so spreadsheets show them in a cell, and each
    article's own report and the participants with their roles (when the table has them) as
    a JSON list in one cell."""
    table = _columns(events).copy()
    for column in LIST_COLUMNS:  # actors, sources, salience reasons, ...
        if column in table.columns:
            table[column] = table[column].map("; ".join)
    for column in ("start", "end"):
        table[column] = table[column].map(_iso)
    for column in ("reports", "participants"):
        if column in table.columns:
            table[column] = table[column].map(lambda r: json.dumps(_plain(r), ensure_ascii=False))
    for column in table.columns:
        if pd.api.types.is_object_dtype(table[column]) or pd.api.types.is_string_dtype(
            table[column]
        ):
            table[column] = table[column].map(inert_cell)
    # RFC 4180's CRLF rows: the writer then quotes a cell holding a lone CR as well as one
    # holding a LF, so no article text can split a row in a reader
    return table.to_csv(index=False, lineterminator="\r\n").encode("utf-8")


def to_json(events: pd.DataFrame) -> bytes:
    """A list of events with ISO 8601 UTC times and real lists, readable back with json.loads."""
    records = [
        {name: _plain(value) for name, value in record.items()}
        for record in _columns(events).to_dict("records")
    ]
    return json.dumps(records, ensure_ascii=False, indent=1).encode("utf-8")


def escape_text(value) -> str:
    """RFC 5545 TEXT: backslash, semicolon and comma escaped, line breaks as \\n, and the
    control characters TEXT may not hold removed (an article's NUL must not end a line)."""
    text = str(value).replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
    text = text.replace("\r\n", "\\n").replace("\r", "\\n").replace("\n", "\\n")
    return _CONTROLS.sub("", text)


def fold(line: str) -> str:
    """Split a content line into lines of at most 75 octets, never inside a UTF-8 character."""
    out: list[str] = []
    current, size = "", 0
    for char in line:
        width = len(char.encode("utf-8"))
        limit = FOLD_OCTETS if not out else FOLD_OCTETS - 1  # continuation lines start with a space
        if size + width > limit:
            out.append(current)
            current, size = "", 0
        current += char
        size += width
    out.append(current)
    return "\r\n ".join(out)


def _local_date(value, zone) -> str:
    return pd.Timestamp(value).tz_convert(zone).strftime("%Y%m%d")


def _utc(value) -> str:
    return pd.Timestamp(value).tz_convert("UTC").strftime("%Y%m%dT%H%M%SZ")


def _when(event) -> list[str]:
    """DTSTART/DTEND: UTC times for clock-precise events, whole local days for the rest.

    A day-precision event in Cairo is the Cairo day, not 21:00 UTC the evening before; an
    all-day entry (VALUE=DATE) says exactly that. `end` is exclusive in both the table and
    iCalendar, so it carries over as it is.
    """
    start, end = event["start"], event["end"]
    if event["granularity"] in TIMED:
        lines = [f"DTSTART:{_utc(start)}"]
        if end is not None and not pd.isna(end):
            lines.append(f"DTEND:{_utc(end)}")
        return lines
    zone = wall_clock(event["timezone"])
    first = _local_date(start, zone)
    last = _local_date(end, zone) if end is not None and not pd.isna(end) else None
    if last is None or last <= first:
        last = (pd.Timestamp(first) + pd.Timedelta(days=1)).strftime("%Y%m%d")
    return [f"DTSTART;VALUE=DATE:{first}", f"DTEND;VALUE=DATE:{last}"]


def _description(event) -> str:
    precision = f"{event['granularity']} precision" + (
        "" if event["granularity"] in POINT_GRANULARITIES else " (approximate)"
    )
    lines = [precision, f"Why this date: {event['explanation']}", f"Source: {event['sentence']}"]
    named = [str(v) for v in (event["outlet"], event["title"]) if v is not None and not pd.isna(v)]
    if named:
        lines.append(" — ".join(named))
    if bool(event["conflict"]):
        lines.append("The articles reporting this event disagree on its date.")
    return "\n".join(lines)


def to_ics(events: pd.DataFrame, *, now: datetime | None = None) -> bytes:
    """An RFC 5545 calendar with one VEVENT per dated event; undated events are left out."""
    stamp = (now or datetime.now(UTC)).astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        f"PRODID:{PRODUCT_ID}",
        "CALSCALE:GREGORIAN",
        f"X-WR-CALNAME:{escape_text(CALENDAR_NAME)}",
    ]
    for _, event in events.iterrows():
        if event["start"] is None or pd.isna(event["start"]):
            continue
        lines += [
            "BEGIN:VEVENT",
            f"UID:{escape_text(event['event_id'])}@timeline-desk",
            f"DTSTAMP:{stamp}",
        ]
        lines += _when(event)
        lines.append(f"SUMMARY:{escape_text(headline(event))}")
        lines.append(f"DESCRIPTION:{escape_text(_description(event))}")
        if event["venue"] is not None and not pd.isna(event["venue"]):
            lines.append(f"LOCATION:{escape_text(event['venue'])}")
        link = safe_link(event["url"])
        if link:
            lines.append(f"URL:{link}")
        lines.append(
            "STATUS:TENTATIVE"
            if event["modality"] in ("scheduled", "expected")
            else "STATUS:CONFIRMED"
        )
        lines.append("END:VEVENT")
    lines.append("END:VCALENDAR")
    return ("\r\n".join(fold(line) for line in lines) + "\r\n").encode("utf-8")
