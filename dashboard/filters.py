"""Narrowing the event table to what the reader asked for, and reading its dates back locally.

Pure pandas so that the page, the tests and a notebook all narrow the table the same way.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import pandas as pd

ACTORS = "actors"
VENUE = "venue"
NO_ACTOR = "(no actor)"


def filter_events(
    events: pd.DataFrame, *, actors: Iterable[str] = (), venues: Iterable[str] = ()
) -> pd.DataFrame:
    """Keep events that involve any chosen actor and happen at any chosen venue.

    An empty choice means "no constraint", which is how an untouched filter reads to a user.
    """
    actors, venues = set(actors), set(venues)
    keep = pd.Series(True, index=events.index)
    if actors:
        keep &= events[ACTORS].map(lambda names: bool(actors.intersection(names)))
    if venues:
        keep &= events[VENUE].isin(venues).fillna(False).astype(bool)
    return events[keep]


def options(events: pd.DataFrame, column: str) -> list[tuple[str, int]]:
    """Values of a column with how many events carry each, most frequent first.

    List columns count an event once per name it lists; empty venues are not an option.
    """
    counts: Counter[str] = Counter()
    for value in events[column]:
        if isinstance(value, (list, tuple)):
            counts.update(set(str(v) for v in value))
        elif value is not None and not pd.isna(value):
            counts[str(value)] += 1
    return sorted(counts.items(), key=lambda item: (-item[1], item[0]))


def article_count(events: pd.DataFrame) -> int:
    """Distinct articles behind the events, counting every source, not only the first."""
    ids: set[str] = set()
    for article_id, sources in zip(events["article_id"], events["sources"]):
        ids.add(str(article_id))
        ids.update(sources)
    return len(ids)


def _zone(name) -> ZoneInfo:
    try:
        return ZoneInfo(str(name))
    except (ZoneInfoNotFoundError, ValueError):
        return ZoneInfo("UTC")


def _local(ts, zone: ZoneInfo):
    if ts is None or pd.isna(ts):
        return pd.NaT
    return pd.Timestamp(ts).tz_convert(zone).tz_localize(None)


def local_span(events: pd.DataFrame) -> pd.DataFrame:
    """Start and end on the wall clock the article used, as naive timestamps.

    The table stores UTC; a day in Cairo starts at 21:00 UTC the evening before, so plotting
    or printing UTC would move day-precision events onto the wrong date.
    """
    zones = [_zone(tz) for tz in events["timezone"]]
    return pd.DataFrame(
        {
            "local_start": [_local(ts, z) for ts, z in zip(events["start"], zones)],
            "local_end": [_local(ts, z) for ts, z in zip(events["end"], zones)],
        },
        index=events.index,
    )


def in_date_order(events: pd.DataFrame) -> pd.DataFrame:
    """Events by start, undated ones last, ties kept stable so cards do not jump around."""
    return events.sort_values(["start", "event_id"], na_position="last", kind="stable")


def selected_event_ids(selection) -> list[str]:
    """Event ids of the points picked on the chart, in the order picked, without repeats.

    Streamlit returns the chosen points with their customdata; range lines also carry None
    between segments, which is not an event.
    """
    if not selection:
        return []
    points = (selection.get("selection") or {}).get("points") or []
    ids: dict[str, None] = {}
    for point in points:
        value = point.get("customdata")
        if isinstance(value, list):
            value = value[0] if value else None
        if value:
            ids[str(value)] = None
    return list(ids)
