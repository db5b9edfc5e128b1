"""The words shown for an event: its headline and its date as a reader would say it.

Shared by the hover text and the cards so both describe an event identically.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

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


def headlines(events: pd.DataFrame) -> pd.Series:
    """`headline` for a whole table at once, the same words row for row, joined in Arrow: a
    million events' headlines one row at a time cost seconds of the page's first load."""
    actors = pc.binary_join(pa.array(events["actors"], type=pa.list_(pa.string())), ", ")
    actors = pc.if_else(pc.equal(actors, ""), NO_ACTOR, actors)
    action = pc.cast(pa.array(events["action"].astype(object).map(str)), pa.string())
    text = pc.binary_join_element_wise(actors, action, " — ")
    venue = pa.array(events["venue"].astype(object), type=pa.string())
    named = pc.fill_null(pc.not_equal(pc.utf8_trim_whitespace(venue), ""), False)
    text = pc.if_else(named, pc.binary_join_element_wise(text, venue, " — "), text)
    return pd.Series(text.to_pylist(), index=events.index, dtype=object)


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


# English names, as strftime gives them in the C locale the single-event text uses.
_WEEKDAYS = np.array(["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"], dtype=object)
_MONTHS = np.array(
    ["January", "February", "March", "April", "May", "June", "July", "August", "September"]
    + ["October", "November", "December"],
    dtype=object,
)
_MONTH_ABBREVIATIONS = np.array([m[:3] for m in _MONTHS], dtype=object)


class _Parts:
    """The pieces of many moments' words, looked up from their fields rather than formatted one
    by one (pandas' strftime costs about a second per 100,000 moments, per format)."""

    def __init__(self, moments: pd.Series):
        filled = moments.fillna(pd.Timestamp(0))  # undated rows are never shown with these
        self.weekday = pd.Series(_WEEKDAYS[filled.dt.day_of_week.to_numpy()], index=moments.index)
        self.day = filled.dt.day.astype(str)
        self.abbreviated = pd.Series(
            _MONTH_ABBREVIATIONS[filled.dt.month.to_numpy() - 1], index=moments.index
        )
        self.month = pd.Series(_MONTHS[filled.dt.month.to_numpy() - 1], index=moments.index)
        self.year = filled.dt.year.astype(str)
        self.clock = (
            filled.dt.hour.astype(str).str.zfill(2)
            + ":"
            + filled.dt.minute.astype(str).str.zfill(2)
        )

    def date(self) -> pd.Series:
        return self.weekday + " " + self.day + " " + self.abbreviated + " " + self.year


def date_texts(granularity: pd.Series, local_start: pd.Series, local_end: pd.Series) -> pd.Series:
    """`date_text` for a whole table at once, the same words row for row: written one row at
    a time, a table of 100,000 events takes seconds to open and this takes a fraction of one."""
    start, end = pd.to_datetime(local_start), pd.to_datetime(local_end)
    kind = granularity.astype(str)
    has_end = end.notna()
    last = (end - pd.Timedelta(microseconds=1)).where(has_end, start)
    first, final, closing = _Parts(start), _Parts(last), _Parts(end)
    same_year = start.dt.year == last.dt.year
    reported = start.isna() & has_end
    coarse = kind.isin(["month", "quarter", "season", "year"])
    cases = [
        (reported & coarse, REPORTED_BY + " " + final.month + " " + final.year),
        (reported, REPORTED_BY + " " + final.date()),
        (start.isna(), pd.Series(UNDATED, index=start.index)),
        (kind == "time", first.date() + ", " + first.clock),
        (
            (kind == "part-of-day") & has_end,
            first.date() + ", " + first.clock + "–" + closing.clock,
        ),
        ((kind == "day") | (last.dt.normalize() == start.dt.normalize()), first.date()),
        (
            (kind == "month") & (start.dt.day == 1) & (last.dt.month == start.dt.month),
            first.month + " " + first.year,
        ),
        ((kind == "year") & (start.dt.day_of_year == 1) & same_year, first.year),
        (
            same_year,
            first.weekday + " " + first.day + " " + first.abbreviated + " – " + final.date(),
        ),
    ]
    chosen = np.select(
        [np.asarray(condition.fillna(False), dtype=bool) for condition, _ in cases],
        [text.to_numpy(dtype=object) for _, text in cases],
        default=(first.date() + " – " + final.date()).to_numpy(dtype=object),
    )
    return pd.Series(chosen, index=start.index, dtype=object)


def precision_text(event) -> str:
    return f"{event['granularity']} precision"


def escape_hover(text: object) -> str:
    """Make article text inert in a Plotly hover label, which renders <b>, <a>, <br>
    and entities."""
    return str(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
