"""Columns every view reads, worked out once per table instead of on every rerun.

A filter change reruns the whole page; with 100,000 events, converting time zones and
writing headlines row by row on each rerun would cost seconds. The page computes these
once when the table is loaded and every view then only slices them.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from .filters import (
    ACTOR_KEYS,
    ACTORS,
    SEP,
    VENUE,
    article_choices,
    local_span,
    options,
    search_text,
)
from .labels import date_texts, headline

DERIVED_COLUMNS = ("local_start", "local_end", "headline", "when", "search_text", ACTOR_KEYS)


def prepare(events: pd.DataFrame) -> pd.DataFrame:
    """The table with the derived columns added; the schema's columns are left as they were."""
    table = events.drop(columns=[c for c in DERIVED_COLUMNS if c in events.columns])
    span = local_span(table)
    table = table.join(span)
    table["headline"] = [headline(row) for row in _rows(table, ("actors", "action", "venue"))]
    table["when"] = date_texts(table["granularity"], table["local_start"], table["local_end"])
    table["search_text"] = search_text(table)
    table[ACTOR_KEYS] = pd.Series(
        [SEP + SEP.join(names) + SEP for names in table[ACTORS]],
        index=table.index,
        dtype="string[pyarrow]",
    )
    return table


def _rows(table: pd.DataFrame, columns: tuple[str, ...]):
    """Light row dicts: iterrows builds a Series per row and is ten times slower."""
    for values in zip(*(table[c] for c in columns), strict=True):
        yield dict(zip(columns, values, strict=True))


def ensure_prepared(events: pd.DataFrame) -> pd.DataFrame:
    return events if set(DERIVED_COLUMNS) <= set(events.columns) else prepare(events)


@dataclass(frozen=True)
class Catalogue:
    """What the filters offer: names with their event counts, and the articles by label.

    Depends only on the whole table, so the page works it out once per table, not per rerun.
    """

    actors: list[tuple[str, int]]
    venues: list[tuple[str, int]]
    articles: dict[str, str]


def catalogue(events: pd.DataFrame) -> Catalogue:
    return Catalogue(options(events, ACTORS), options(events, VENUE), article_choices(events))
