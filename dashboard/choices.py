"""What the reader chose, and what the page says back about it.

A shared link is a promise: every value it carries either shapes the view or is named in a
notice saying why it could not ("no actor called 'Steve Witkof' — did you mean Steve
Witkoff?"). An empty view says which filter emptied it. The options each filter offers are
the ones the other filters leave, with their counts, so no combination offered returns
nothing. Pure pandas, like dashboard.filters, so the page and the tests agree.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, fields, replace
from datetime import date

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from .codes import codes_of
from .filters import (
    ACTORS,
    VENUE,
    Selection,
    filter_events,
    filter_mask,
    local_span,
    options,
    select,
)


@dataclass(frozen=True)
class Choice:
    """Every filter the page offers, as filter_events takes them; empty means no constraint."""

    actors: tuple[str, ...] = ()
    venues: tuple[str, ...] = ()
    start: date | None = None
    end: date | None = None
    articles: tuple[str, ...] = ()
    modalities: tuple[str, ...] = ()
    precision: str | None = None
    text: str = ""

    def apply(self, events: pd.DataFrame) -> pd.DataFrame:
        return filter_events(events, **{f.name: getattr(self, f.name) for f in fields(self)})

    def select(self, events: pd.DataFrame) -> Selection:
        """The rows `apply` keeps, as a mask over `events` rather than a copy of them."""
        return select(events, **{f.name: getattr(self, f.name) for f in fields(self)})

    def without(self, name: str) -> Choice:
        blank = Choice()
        return replace(self, **{name: getattr(blank, name)})

    def active(self) -> list[str]:
        blank = Choice()
        return [
            f.name
            for f in fields(self)
            if getattr(self, f.name) != getattr(blank, f.name) and getattr(self, f.name) != "any"
        ]


# How each filter is named to a reader, in a notice or an empty view's explanation.
FILTER_NAMES = {
    "actors": "actor",
    "venues": "venue",
    "start": "from date",
    "end": "until date",
    "articles": "article",
    "modalities": "modality",
    "precision": "precision",
    "text": "search",
}


@dataclass(frozen=True)
class Notice:
    """A value from the address that matches nothing in the table."""

    what: str  # "actor", "venue", "event", ...
    value: str
    suggestion: str | None = None

    def text(self) -> str:
        said = f"No {self.what} called '{self.value}'"
        if self.suggestion:
            return f"{said} — did you mean {self.suggestion}?"
        return f"{said} in this table; it was left out of the view."


def unmatched(what: str, asked: Iterable[str], offered: Sequence[str]) -> list[Notice]:
    """A notice for every asked value not among those offered, with the closest offer.

    Matched without regard to case first ('steve witkoff' finds 'Steve Witkoff'), then by
    spelling, which is how a name mistyped by one letter is still found.
    """
    by_case = {name.casefold(): name for name in offered}
    notices = []
    for value in asked:
        if value in offered:
            continue
        suggestion = by_case.get(value.casefold())
        if suggestion is None:
            close = difflib.get_close_matches(value, list(offered), n=1, cutoff=0.75)
            suggestion = close[0] if close else None
        notices.append(Notice(what, value, suggestion))
    return notices


@dataclass(frozen=True)
class Emptiness:
    """Why a view holds no event: the filters that did it and what dropping each one gives."""

    filters: list[str]
    relief: list[tuple[str, int]] = field(default_factory=list)  # (filter, events without it)

    def text(self) -> str:
        if not self.filters:
            return "The table holds no event to show."
        named = ", ".join(FILTER_NAMES[name] for name in self.filters)
        said = f"No event matches every filter set ({named})."
        freed = [
            f"without the {FILTER_NAMES[name]} filter, {count} "
            + ("event" if count == 1 else "events")
            for name, count in self.relief
            if count
        ]
        return said + (" " + "; ".join(freed).capitalize() + "." if freed else "")


def why_empty(events: pd.DataFrame, choice: Choice) -> Emptiness:
    """The active filters, and for each how many events the view would hold without it."""
    active = choice.active()
    relief = [(name, len(choice.without(name).select(events))) for name in active]
    return Emptiness(active, sorted(relief, key=lambda item: -item[1]))


# The most options a filter offers: a table of a million events names thousands of actors and
# articles, and every name is sent to the browser on every rerun and held in its list. Enough
# for every actor of a long story (the generated 100,000 events name 300); beyond it a reader
# narrows the other filters, or searches the sentences, to reach the rarer names.
MAX_OPTIONS = 500


def narrowed(events: pd.DataFrame, choice: Choice, name: str) -> list[tuple[str, int]]:
    """What one filter can still offer: values of its column among the events every other
    filter leaves, with their counts, most first. A value already chosen stays offered (with
    its count, zero if need be), so choosing never silently drops an earlier pick. Articles
    are offered by id: an event counts for every article reporting it."""
    other = choice.without(name)
    keep = filter_mask(events, **{f.name: getattr(other, f.name) for f in fields(other)})
    rows = keep.to_numpy(dtype=bool)  # counted on the table's codes: no row is copied
    if name == "articles":
        counted = article_options(events, rows)
    else:
        counted = options(events, {"actors": ACTORS, "venues": VENUE}[name], rows)
    have = {value for value, _ in counted}
    kept = [(value, 0) for value in getattr(choice, name) if value not in have]
    return counted + kept


def bounded(
    listed: list[tuple[str, int]], chosen: Iterable[str], limit: int = MAX_OPTIONS
) -> list[str]:
    """The names a filter's list holds: the `limit` first of `listed` (the most frequent), and
    every chosen one beyond them, so a pick from the address or an earlier run stays picked."""
    keep = set(chosen)
    return [name for i, (name, _) in enumerate(listed) if i < limit or name in keep]


def article_options(events: pd.DataFrame, keep: np.ndarray | None = None) -> list[tuple[str, int]]:
    """Article ids with how many events each reports (of the `keep` rows, if given), as the
    article filter matches: its own events and those it is among the sources of; most first,
    then by id. Counted on the table's codes (dashboard/codes.py), never an id per row: the
    article list is worked out on a first visit to a million events, and again on every
    filter change."""
    return codes_of(events).articles.ranked(keep)


def with_counts(listed: list[tuple[str, int]]) -> dict[str, str]:
    """Each option's label as the filter shows it: 'Steve Witkoff (12)'."""
    return {value: f"{value} ({count})" for value, count in listed}


def key_view(events: pd.DataFrame, added: Iterable[pd.DataFrame] = ()) -> pd.DataFrame:
    """The key events, and every event of an article the reader added: someone who pastes an
    article expects to see what was read from it, key or not."""
    own: set[str] = set()
    for frame in added:
        own.update(frame["article_id"].astype(str))
    keep = events["key_event"].astype(bool)
    if own:
        keep |= events["sources"].map(lambda ids: bool(own.intersection(map(str, ids))))
    return events[keep.astype(bool)]


def moment(events: pd.DataFrame) -> pd.Series:
    """Where an event sits in time, on its wall clock: its start, or for an event dated only
    by its publication, the end of its open interval (the publication)."""
    span = local_span(events)
    return span["local_start"].fillna(span["local_end"])


def newest_first(events: pd.DataFrame) -> pd.DataFrame:
    """The newest news first, undated events last: what a newsroom reads down from."""
    keys = pa.table(
        {
            "at": pa.array(moment(events).astype("datetime64[us]")),
            "event_id": pa.array(events["event_id"].astype("str").array).cast(pa.string()),
        }
    )
    # Arrow's sort: a million rows' two keys in a fraction of pandas' time
    order = pc.sort_indices(
        keys, sort_keys=[("at", "descending", "at_end"), ("event_id", "ascending", "at_end")]
    )
    return events.iloc[order.to_numpy()]


def window_mask(events: pd.DataFrame, low: pd.Timestamp | None, high: pd.Timestamp | None):
    """Which events overlap [low, high] on their wall clock (`in_window`), as booleans."""
    if low is None and high is None:
        return np.ones(len(events), dtype=bool)
    span = local_span(events)
    # on numpy's datetimes: pandas' fillna over a million rows costs a tenth of a second
    first = span["local_start"].to_numpy(dtype="datetime64[us]")
    last = span["local_end"].to_numpy(dtype="datetime64[us]")
    starts, ends = np.where(np.isnat(first), last, first), np.where(np.isnat(last), first, last)
    keep = ~np.isnat(starts)
    if low is not None:
        keep &= ends > pd.Timestamp(low).to_datetime64().astype("datetime64[us]")
    if high is not None:
        keep &= starts <= pd.Timestamp(high).to_datetime64().astype("datetime64[us]")
    return keep


def in_window(events: pd.DataFrame, low: pd.Timestamp | None, high: pd.Timestamp | None):
    """Events overlapping [low, high] on their wall clock; undated ones are in no window, so
    they are kept only when no window is set."""
    if low is None and high is None:
        return events
    return events[window_mask(events, low, high)]
