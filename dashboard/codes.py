"""The table's names and order as integers, worked out once per table: which actors, venues
and articles each row names, and every row's place newest first.

A filter change at a million events counts the names of the rows it keeps, for three option
lists and the article count, and lists the rows in view newest first. Done on the names, each
rerun flattens, deduplicates and sorts hundreds of thousands of strings again; on codes each
is one numpy pass over integers (a bincount of the kept rows' codes, a gather of a sorted
order). The codes are kept for the last few tables by a digest of the columns they are read
from (where their values live), so a table shared by every session pays for them once, and
a table whose columns were replaced is another table.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from pipeline.view_columns import arrow_lists

# The columns codes are read from (the page table's names for them).
READS = ("actors", "venue", "article_id", "sources", "event_id", "local_start", "local_end")
KEPT_TABLES = 4  # the page's table, and the key events' and a reader's own tables beside it
KEPT_FROM = 20_000  # rows


@dataclass(frozen=True)
class Named:
    """Every (row, name) pair a column holds, once however often a row repeats the name.

    `rows` are positions in the table, `codes` index `names`; rows naming nothing hold no pair.
    """

    rows: np.ndarray
    codes: np.ndarray
    names: list[str]

    def counts(self, keep: np.ndarray | None = None) -> np.ndarray:
        """Per name, how many of the kept rows (all, when `keep` is None) name it."""
        codes = self.codes if keep is None else self.codes[keep[self.rows]]
        return np.bincount(codes, minlength=len(self.names))

    def naming(self, wanted: Iterable[str], length: int) -> np.ndarray:
        """For each of the table's `length` rows, whether it names one of `wanted`."""
        wanted = set(wanted)
        hits = np.array([name in wanted for name in self.names], dtype=bool)
        found = np.zeros(length, dtype=bool)
        if len(hits):
            found[self.rows[hits[self.codes]]] = True
        return found

    def ranked(self, keep: np.ndarray | None = None) -> list[tuple[str, int]]:
        """Names with how many kept rows name each, most first then by name, none at zero."""
        counts = self.counts(keep)
        named = np.flatnonzero(counts)
        return sorted(
            ((self.names[i], int(counts[i])) for i in named), key=lambda item: (-item[1], item[0])
        )


def _pairs(rows: np.ndarray, codes: np.ndarray, names: list[str]) -> Named:
    """`rows` and `codes` side by side, each (row, code) pair once, by row then code."""
    width = max(len(names), 1)
    # sorted, then each key kept where it differs from the one before: numpy's unique hashes
    # its values, several times slower than one sort of integers
    keys = np.sort(rows.astype(np.int64) * width + codes.astype(np.int64))
    unique = keys[np.concatenate([[True], keys[1:] != keys[:-1]])] if len(keys) else keys
    return Named((unique // width).astype(np.int32), (unique % width).astype(np.int32), names)


def _listed(column: pd.Series) -> Named:
    """A list column's names: one pair per name a row lists (nulls in a list name nothing)."""
    lists = arrow_lists(column)
    encoded = pc.dictionary_encode(lists.flatten())
    codes = pc.fill_null(encoded.indices, -1).to_numpy(zero_copy_only=False).astype(np.int64)
    rows = pc.list_parent_indices(lists).to_numpy().astype(np.int64)
    named = codes >= 0
    return _pairs(rows[named], codes[named], [str(n) for n in encoded.dictionary.to_pylist()])


def _valued(column: pd.Series) -> tuple[np.ndarray, list[str]]:
    """A column of one name per row as codes (-1: none), from a category column's own codes."""
    if isinstance(column.dtype, pd.CategoricalDtype):
        codes = column.cat.codes.to_numpy().astype(np.int64)
        return codes, [str(name) for name in column.cat.categories]
    codes, names = pd.factorize(column, use_na_sentinel=True)
    return codes.astype(np.int64), [str(name) for name in names]


def _single(column: pd.Series) -> Named:
    codes, names = _valued(column)
    rows = np.flatnonzero(codes >= 0)
    return Named(rows.astype(np.int32), codes[rows].astype(np.int32), names)


def _articles(own: pd.Series, sources: pd.Series) -> Named:
    """Each row's own article and every article it lists among its sources, once per row:
    how the article filter matches and how articles are counted."""
    own_codes, own_names = _valued(own)
    listed = _listed(sources)
    names = list(dict.fromkeys([*own_names, *listed.names]))
    place = {name: i for i, name in enumerate(names)}
    own_into = np.array([place[n] for n in own_names], dtype=np.int64)
    listed_into = np.array([place[n] for n in listed.names], dtype=np.int64)
    has_own = np.flatnonzero(own_codes >= 0)
    rows = np.concatenate([has_own, listed.rows.astype(np.int64)])
    codes = np.concatenate(
        [own_into[own_codes[has_own]], listed_into[listed.codes.astype(np.int64)]]
    ).astype(np.int64)
    return _pairs(rows, codes, names)


def _newest_first(events: pd.DataFrame) -> np.ndarray:
    """Every row's position newest first by its wall-clock moment (its start, or for a row
    dated only by its publication that end), ties by event id, undated rows last."""
    starts = events["local_start"].to_numpy(dtype="datetime64[us]")
    ends = events["local_end"].to_numpy(dtype="datetime64[us]")
    moments = np.where(np.isnat(starts), ends, starts)
    keys = pa.table(
        {
            "at": pa.array(moments),
            "event_id": pa.array(events["event_id"].astype("str").array).cast(pa.string()),
        }
    )
    order = pc.sort_indices(
        keys, sort_keys=[("at", "descending", "at_end"), ("event_id", "ascending", "at_end")]
    )
    return order.to_numpy().astype(np.int64)


class TableCodes:
    """One table's codes: what the option lists count and the listing is ordered by. Each
    part is worked out when first asked for and kept with the table's digest (`codes_of`),
    not with the table: the codes never keep a table alive."""

    def __init__(self, events: pd.DataFrame, parts: dict[str, object]) -> None:
        self._events = events
        self._parts = parts
        self.length = len(events)

    def _part(self, name: str, make):
        if name not in self._parts:
            self._parts[name] = make(self._events)
        return self._parts[name]

    @property
    def actors(self) -> Named:
        return self._part("actors", lambda events: _listed(events["actors"]))

    @property
    def venues(self) -> Named:
        return self._part("venues", lambda events: _single(events["venue"]))

    @property
    def articles(self) -> Named:
        return self._part(
            "articles", lambda events: _articles(events["article_id"], events["sources"])
        )

    @property
    def newest_first(self) -> np.ndarray:
        """Every row's position, newest first, undated last."""
        return self._part("newest_first", _newest_first)

    def in_order(self, keep: np.ndarray) -> np.ndarray:
        """Positions of the kept rows newest first: the sorted order gathered, never sorted."""
        order = self.newest_first
        return order[keep[order]]


_KEPT: OrderedDict[tuple, dict[str, object]] = OrderedDict()


def _address(column: pd.Series) -> tuple:
    """Where a column's values live (its buffers' addresses) and their size: a column
    replaced, or a table rebuilt, lives elsewhere. Reading it copies nothing."""
    values = column.array
    if isinstance(column.dtype, pd.CategoricalDtype):
        codes = values.codes  # the category array's own codes, not a copy of them
        return ("category", codes.__array_interface__["data"][0], len(codes), id(values.categories))
    if isinstance(column.dtype, pd.ArrowDtype) or isinstance(column.dtype, pd.StringDtype):
        try:
            arrow = pa.array(values)
        except (pa.ArrowInvalid, pa.ArrowTypeError, TypeError):
            arrow = None
        if arrow is not None:
            chunks = arrow.chunks if isinstance(arrow, pa.ChunkedArray) else [arrow]
            return tuple(
                (b.address, b.size) if b is not None else None
                for chunk in chunks
                for b in chunk.buffers()
            )
    array = np.asarray(values)
    if array.dtype == object:  # Python objects: only the array itself tells them apart
        return ("object", id(values), len(array))
    return ("numpy", array.__array_interface__["data"][0], array.nbytes)


def digest(events: pd.DataFrame) -> tuple:
    """What the codes of `events` depend on: its length and where each column they read lives."""
    return (len(events), *(_address(events[c]) for c in READS if c in events.columns))


def codes_of(events: pd.DataFrame) -> TableCodes:
    """The codes of `events`, their parts kept for the last KEPT_TABLES tables of KEPT_FROM
    rows or more: a smaller table's codes cost less than its digest is worth, and keeping
    them would push a large table's out."""
    if len(events) < KEPT_FROM:
        return TableCodes(events, {})
    key = digest(events)
    parts = _KEPT.get(key)
    if parts is None:
        # The columns are held while their codes are kept, so no other table's columns can
        # come to live at the same addresses meanwhile.
        parts = _KEPT[key] = {"held": [events[c].array for c in READS if c in events.columns]}
        while len(_KEPT) > KEPT_TABLES:
            _KEPT.popitem(last=False)
    else:
        _KEPT.move_to_end(key)
    return TableCodes(events, parts)
