"""The words shown for an event: its headline and its date as a reader would say it.

Shared by the hover text and the cards so both describe an event identically.
"""

from __future__ import annotations

import pandas as pd

from pipeline.schema import GRANULARITY_RANK

from .filters import NO_ACTOR

# Drawn as a point: a day or anything finer, by the one precision order.
POINT_GRANULARITIES = frozenset(
    g for g, r in GRANULARITY_RANK.items() if r <= GRANULARITY_RANK["day"]
)
UNDATED = "undated"
REPORTED_BY = "reported by"


def headline(event) -> str:
    """actors — action — venue, leaving out what the pipeline did not find."""
    actors = ", ".join(event["actors"]) or NO_ACTOR
    parts = [actors, str(event["action"])]
    venue = event["venue"]
    if venue is not None and not pd.isna(venue) and str(venue).strip():
        parts.append(str(venue))
    return " — ".join(parts)


def _day(ts: pd.Timestamp) -> str:
    return f"{ts:%a} {ts.day} {ts:%b %Y}"


def date_text(event, local_start, local_end) -> str:
    """The dated period in the article's own wall clock, as precise as the pipeline was sure of.

    `end` is exclusive, so the last day shown is the one just before it. An end without a
    start is an event the article dates only by reporting it: "reported by" that day or month.
    """
    granularity = str(event["granularity"])
    if local_start is None or pd.isna(local_start):
        if local_end is None or pd.isna(local_end):
            return UNDATED
        last = pd.Timestamp(local_end) - pd.Timedelta(microseconds=1)
        if granularity in ("month", "quarter", "season", "year"):
            return f"{REPORTED_BY} {last:%B %Y}"
        return f"{REPORTED_BY} {_day(last)}"
    start = pd.Timestamp(local_start)
    end = pd.Timestamp(local_end) if local_end is not None and not pd.isna(local_end) else None
    last = end - pd.Timedelta(microseconds=1) if end is not None else start
    if granularity == "time":
        return f"{_day(start)}, {start:%H:%M}"
    if granularity == "part-of-day" and end is not None:
        return f"{_day(start)}, {start:%H:%M}–{end:%H:%M}"
    if granularity == "day" or last.date() == start.date():
        return _day(start)
    if granularity == "month" and start.day == 1 and last.month == start.month:
        return f"{start:%B %Y}"
    if granularity == "year" and start.day_of_year == 1 and last.year == start.year:
        return f"{start.year}"
    if start.year == last.year:
        return f"{start:%a} {start.day} {start:%b} – {_day(last)}"
    return f"{_day(start)} – {_day(last)}"


def precision_text(event) -> str:
    return f"{event['granularity']} precision"


def escape_hover(text: object) -> str:
    """Make article text inert in a Plotly hover label, which renders <b>, <a>, <br>
    and entities."""
    return str(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
