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
    NO_ACTOR,
    SEP,
    VENUE,
    article_choices,
    local_span,
    options,
    search_text,
)
from .labels import date_texts, headlines

FIRST_ACTOR = "first_actor"  # the actor lane: the first actor, or NO_ACTOR
DERIVED_COLUMNS = (
    "local_start",
    "local_end",
    "headline",
    "when",
    "search_text",
    ACTOR_KEYS,
    FIRST_ACTOR,
)


def prepare(events: pd.DataFrame) -> pd.DataFrame:
    """The table with the derived columns added; the schema's columns are left as they were."""
    table = events.drop(columns=[c for c in DERIVED_COLUMNS if c in events.columns])
    span = local_span(table)
    table = table.join(span)
    table["headline"] = headlines(table)
    table["when"] = date_texts(table["granularity"], table["local_start"], table["local_end"])
    table["search_text"] = search_text(table)
    table[ACTOR_KEYS] = (SEP + table[ACTORS].str.join(SEP).fillna("") + SEP).astype(
        "string[pyarrow]"
    )
    table[FIRST_ACTOR] = table[ACTORS].str[0].fillna(NO_ACTOR).astype(object)
    return table


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
