"""The words and local dates the page shows for each event, worked out when a table is saved
and stored beside its columns (schema.VIEW_COLUMNS): a day's date in words on the article's
own wall clock, the headline, what the text search reads and the lane's first actor.

They are the build's, not the page's: written once with the table, a million events open
without a date formatted or a headline joined per row on every visit. The page reads them
from the file, and works them out with these same functions for a table written without
them, so a card and a stored column can never say an event differently.
"""

from __future__ import annotations

from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from .schema import VIEW_COLUMN_NAMES

ACTORS = "actors"
VENUE = "venue"
NO_ACTOR = "(no actor)"
FIRST_ACTOR = "first_actor"  # the actor lane: the first actor, or NO_ACTOR
UNDATED = "undated"
REPORTED_BY = "reported by"
SEARCHED_COLUMNS = ("sentence", "action", "venue", "expression", "title", "outlet")
SEARCH_TEXT = "search_text"


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


def wall_clock(name) -> ZoneInfo:
    """The article's time zone; UTC when the name is missing or unknown here, never an error."""
    try:
        return ZoneInfo(str(name))
    except (ZoneInfoNotFoundError, ValueError):
        return ZoneInfo("UTC")


def local_span(events: pd.DataFrame) -> pd.DataFrame:
    """Start and end on the wall clock the article used, as naive timestamps.

    The table stores UTC; a day in Cairo starts at 21:00 UTC the evening before, so plotting
    or printing UTC would move day-precision events onto the wrong date. Converted one time
    zone at a time, so a table of 100,000 events takes milliseconds, not seconds.
    """
    if {"local_start", "local_end"} <= set(events.columns):
        return events[["local_start", "local_end"]]
    span = pd.DataFrame(
        {
            "local_start": pd.Series(pd.NaT, index=events.index, dtype="datetime64[us]"),
            "local_end": pd.Series(pd.NaT, index=events.index, dtype="datetime64[us]"),
        }
    )
    for name, rows in events.groupby(events["timezone"].astype(str), sort=False).groups.items():
        zone = wall_clock(name)
        for column, target in (("start", "local_start"), ("end", "local_end")):
            moments = pd.to_datetime(events.loc[rows, column], utc=True)
            span.loc[rows, target] = (
                moments.dt.tz_convert(zone).dt.tz_localize(None).astype("datetime64[us]")
            )
    return span


def search_text(events: pd.DataFrame) -> pd.Series:
    """What the text search looks through: the sentence and every name shown on a
    card, casefolded."""
    if SEARCH_TEXT in events.columns:
        return events[SEARCH_TEXT]
    parts = [events[column].astype(object).fillna("").astype(str) for column in SEARCHED_COLUMNS]
    parts.append(events[ACTORS].map(" ".join))
    joined = parts[0]
    for part in parts[1:]:
        joined = joined + "\n" + part
    return joined.str.casefold()


def arrow_lists(column: pd.Series) -> pa.ListArray:
    """A list column as one Arrow list array: the page's table keeps it so (pd.ArrowDtype), a
    table read whole holds Python lists."""
    if isinstance(column.dtype, pd.ArrowDtype):
        lists = pa.array(column.array)
        lists = lists.combine_chunks() if isinstance(lists, pa.ChunkedArray) else lists
    else:
        lists = pa.array(list(column), type=pa.list_(pa.string()))
    return lists.cast(pa.list_(pa.string())) if lists.type != pa.list_(pa.string()) else lists


def view_columns(events: pd.DataFrame) -> pd.DataFrame:
    """The stored view columns of an event table (its schema columns), row for row."""
    span = local_span(events.drop(columns=["local_start", "local_end"], errors="ignore"))
    lists = arrow_lists(events[ACTORS])
    named = pc.greater(pc.list_value_length(lists), 0)
    # the first name of each list that has one, where its list begins among all the names
    begins = pc.filter(lists.offsets.slice(0, len(lists)), named)
    first_actor = pc.replace_with_mask(
        pa.array([NO_ACTOR] * len(lists), type=pa.string()),
        named,
        pc.take(pc.cast(lists.values, pa.string()), begins),
    )
    columns = {
        "local_start": span["local_start"],
        "local_end": span["local_end"],
        "headline": headlines(events),
        "when": date_texts(events["granularity"], span["local_start"], span["local_end"]),
        "search_text": search_text(events.drop(columns=["search_text"], errors="ignore")),
        FIRST_ACTOR: pd.Series(first_actor.to_pandas(), index=events.index, dtype=object),
    }
    return pd.DataFrame(columns, index=events.index)[list(VIEW_COLUMN_NAMES)]


def view_arrow(events: pd.DataFrame) -> pa.Table:
    """`view_columns` as the table file stores them: naive timestamps and strings."""
    view = view_columns(events)
    return pa.table(
        {
            name: pa.array(
                view[name].astype("datetime64[us]")
                if name in ("local_start", "local_end")
                else view[name].astype(object),
                type=pa.timestamp("us") if name in ("local_start", "local_end") else pa.string(),
            )
            for name in VIEW_COLUMN_NAMES
        }
    )
