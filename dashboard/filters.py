"""Narrowing the event table to what the reader asked for, and reading its dates back locally.

Pure pandas so that the page, the tests and a notebook all narrow the table the same way.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

import numpy as np
import pandas as pd
import pyarrow.compute as pc

from pipeline.schema import GRANULARITIES, LIST_COLUMNS
from pipeline.view_columns import (
    ACTORS,
    SEARCH_TEXT,
    VENUE,
    arrow_lists,
    local_span,
    search_text,
)
from pipeline.view_columns import NO_ACTOR as NO_ACTOR  # the chart's lane for no one
from pipeline.view_columns import wall_clock as wall_clock  # the cards' and downloads' clock

from .codes import codes_of

# From the most precise to the vaguest: "hide month-level and vaguer" keeps a prefix of this.
PRECISION_ORDER: tuple[str, ...] = GRANULARITIES
ANY_PRECISION = "any"
FILTER_ONLY = (SEARCH_TEXT,)  # prepared columns read only to filter


def filter_events(events: pd.DataFrame, **choice) -> pd.DataFrame:
    """The events `filter_mask` keeps, without the columns only filtering reads (FILTER_ONLY):
    what is shown is never filtered again, and a million rows' search text is the largest
    column to copy. Dropping a column copies nothing (pandas' copy on write), so an untouched
    filter costs no copy at all."""
    return select(events, **choice).rows()


@dataclass(frozen=True, eq=False)
class Selection:
    """The rows of a table one filter state keeps, held as a mask over the table rather than
    a copy of them: at a million events a copy of 900,000 rows costs more than the rest of a
    rerun, and the page reads of them only counts, a few columns and a page of rows.

    The table is shared, as the page's table is: nothing that receives a Selection may
    change it.
    """

    table: pd.DataFrame
    keep: np.ndarray  # one boolean per row of `table`
    count: int

    def __len__(self) -> int:
        return self.count

    @property
    def empty(self) -> bool:
        return self.count == 0

    @property
    def whole(self) -> bool:
        return self.count == len(self.table)

    def places(self) -> np.ndarray:
        """The kept rows' positions in the table, in table order."""
        return np.flatnonzero(self.keep)

    def rows(self, columns: list[str] | None = None) -> pd.DataFrame:
        """The kept rows gathered (of `columns` only, if given), without the columns only
        filtering reads; the table itself when every row is kept (no copy)."""
        shown = self.table.drop(columns=[c for c in FILTER_ONLY if c in self.table.columns])
        if columns is not None:
            shown = shown[columns]
        return shown if self.whole else shown.iloc[self.places()]

    def with_ids(self, event_ids: Iterable[str]) -> pd.DataFrame:
        """The kept rows whose event id is among `event_ids`, gathered, in table order."""
        shown = self.table.drop(columns=[c for c in FILTER_ONLY if c in self.table.columns])
        wanted = list(event_ids)
        if not wanted:  # nothing picked: no million ids compared
            return shown.iloc[:0]
        named = self.table["event_id"].isin(wanted).to_numpy(dtype=bool, na_value=False)
        return shown.iloc[np.flatnonzero(named & self.keep)]


def select(events: pd.DataFrame, **choice) -> Selection:
    """The events `filter_mask` keeps, as a Selection of `events`."""
    keep = filter_mask(events, **choice).to_numpy(dtype=bool)
    return Selection(events, keep, int(keep.sum()))


def filter_mask(
    events: pd.DataFrame,
    *,
    actors: Iterable[str] = (),
    venues: Iterable[str] = (),
    start: date | None = None,
    end: date | None = None,
    articles: Iterable[str] = (),
    modalities: Iterable[str] = (),
    precision: str | None = None,
    text: str = "",
) -> pd.Series:
    """Which events meet every constraint the reader set; within one, any value will do.

    An empty choice means "no constraint", which is how an untouched filter reads to a user.
    Dates are compared on the article's own wall clock, so "from 8 Oct" keeps an event on
    Wednesday 8 Oct in Cairo even though its UTC start is the evening before. A date bound
    or a precision threshold drops undated events: they cannot be said to fall inside.
    """
    actors, venues, articles, modalities = set(actors), set(venues), set(articles), set(modalities)
    keep = pd.Series(True, index=events.index)
    if actors:  # by the table's codes: one pass over integers, whatever the table holds
        keep &= codes_of(events).actors.naming(actors, len(events))
    if venues:
        keep &= events[VENUE].isin(venues).fillna(False).astype(bool)
    if articles:  # its own article or one of its sources
        keep &= codes_of(events).articles.naming(articles, len(events))
    if modalities:
        keep &= events["modality"].isin(modalities).fillna(False).astype(bool)
    if precision and precision != ANY_PRECISION and precision in PRECISION_ORDER:
        allowed = PRECISION_ORDER[: PRECISION_ORDER.index(precision) + 1]
        keep &= (
            events["granularity"].isin(allowed).fillna(False).astype(bool) & events["start"].notna()
        )
    if start is not None or end is not None:
        span = local_span(events)
        starts, ends = span["local_start"], span["local_end"].fillna(span["local_start"])
        dated = starts.notna()
        if start is not None:
            dated &= ends > pd.Timestamp(start)
        if end is not None:
            dated &= starts < pd.Timestamp(end) + pd.Timedelta(days=1)
        keep &= dated.fillna(False).astype(bool)
    words = str(text or "").strip().casefold().split()
    if words:
        haystack = search_text(events)
        for word in words:
            keep &= haystack.str.contains(word, regex=False).fillna(False).astype(bool)
    return keep.astype(bool)


def _first_rows(column: pd.Series) -> tuple[np.ndarray, pd.Index]:
    """Where each distinct value of `column` first appears, and the values, in that order:
    by codes (pandas' factorize, which reads a category column's codes), never row by row."""
    codes, values = pd.factorize(column, use_na_sentinel=True)
    first = np.full(len(values), len(column), dtype=np.int64)
    order = np.arange(len(column), dtype=np.int64)
    picked = codes >= 0
    first[codes[picked][::-1]] = order[picked][::-1]  # the earliest row is written last
    ranked = np.argsort(first, kind="stable")
    return first[ranked], values[ranked]


def article_choices(events: pd.DataFrame) -> dict[str, str]:
    """A readable label for every article ("Outlet: Title") mapped to its id.

    The label is what the address carries, so a shared link names the article a reader
    picked; two articles with the same outlet and title are told apart by their ids.
    """
    rows, ids = _first_rows(events["article_id"])
    firsts = pd.DataFrame(
        {
            "article": [str(a) for a in ids],
            "outlet": events["outlet"].astype(object).to_numpy()[rows],
            "title": events["title"].astype(object).to_numpy()[rows],
        }
    )
    listed = pc.unique(arrow_lists(events["sources"]).flatten()).to_pylist()
    seen = set(firsts["article"])
    others = [str(a) for a in listed if a not in seen]
    labels: dict[str, str] = {}
    for article, outlet, title in zip(
        firsts["article"], firsts["outlet"], firsts["title"], strict=True
    ):
        named = [
            str(v) for v in (outlet, title) if v is not None and not pd.isna(v) and str(v).strip()
        ]
        labels[article] = ": ".join(named) if named else article
    for article in others:
        labels.setdefault(article, article)
    counts = pd.Series(list(labels.values()), dtype=object).value_counts()
    choices = {
        (label if counts[label] == 1 else f"{label} [{article}]"): article
        for article, label in labels.items()
    }
    return dict(sorted(choices.items(), key=lambda item: item[0].casefold()))


def options(
    events: pd.DataFrame, column: str, keep: np.ndarray | None = None
) -> list[tuple[str, int]]:
    """Values of a column with how many events carry each (of the `keep` rows, if given),
    most frequent first.

    List columns count an event once per name it lists; empty venues are not an option.
    Actors and venues are counted on the table's codes (dashboard/codes.py), other columns
    over the whole column at once; never row by row.
    """
    if column == ACTORS:
        return codes_of(events).actors.ranked(keep)
    if column == VENUE:
        return codes_of(events).venues.ranked(keep)
    values = events[column] if keep is None else events[column][keep]
    if column in LIST_COLUMNS or isinstance(values.dtype, pd.ArrowDtype):
        lists = arrow_lists(values)
        names = pc.dictionary_encode(lists.flatten())
        codes = names.indices.to_numpy(zero_copy_only=False).astype(np.int64)
        rows = pc.list_parent_indices(lists).to_numpy().astype(np.int64)
        # an event counts once per name however often it lists it: one code per (row, name)
        repeated = pd.Series(rows * max(len(names.dictionary), 1) + codes).duplicated()
        counts = pd.Series(
            np.bincount(codes[~repeated.to_numpy()], minlength=len(names.dictionary)),
            index=pd.Index(names.dictionary.to_pylist(), dtype=object),
        )
    else:
        counts = values.value_counts(dropna=True)
        counts.index = counts.index.astype(str)
    counts = counts[counts > 0]
    ranked = sorted(zip(counts.index.astype(str), counts.to_numpy().tolist(), strict=True),
                    key=lambda item: (-item[1], item[0]))  # fmt: skip
    return [(name, int(count)) for name, count in ranked]


def article_count(events: pd.DataFrame, keep: np.ndarray | None = None) -> int:
    """Distinct articles behind the events (the `keep` rows, if given), counting every
    source, not only the first."""
    return int(np.count_nonzero(codes_of(events).articles.counts(keep)))


def in_date_order(events: pd.DataFrame) -> pd.DataFrame:
    """Events by start, undated ones last, ties kept stable so cards do not jump around."""
    return events.loc[date_order(events)]


def date_order(events: pd.DataFrame) -> pd.Index:
    """The index of `events` in date order, sorting two columns instead of the whole table:
    on a view of 80,000 events, moving every column costs more than the rest of the page."""
    return (
        events[["start", "event_id"]]
        .sort_values(["start", "event_id"], na_position="last", kind="stable")
        .index
    )


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
