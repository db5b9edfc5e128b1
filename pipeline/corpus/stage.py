"""The cross-article stage, the one every entry point calls: canonical names, venues as
places, one row per happening, salience.

Reading an article needs only that article; these steps need the corpus (a surname is spelled
out in another article, a happening is reported by several), so they run once every article
is read, whether the build ran in one process, in `--jobs` workers, on a Dask cluster, or on
a reader's own articles joining the table on the page. Two halves, so an engine can place
them where the data is:

- `read_rows`: row by row, with the corpus's name tables (names.CorpusNames): canonical
  actors and venues, then each venue as a place (places.with_venue);
- `combine`: group by group (rows that may be one happening share `merge.candidate_key`):
  the merge, then salience.

`run` is both halves over a whole corpus; `join` adds a reader's articles to a finished table.
"""

from __future__ import annotations

from collections.abc import Callable

import pandas as pd

from .. import actors, merge, schema
from . import names, places, salience


def read_rows(
    rows: list[dict], corpus: names.CorpusNames, aliases: actors.AliasTable
) -> pd.DataFrame:
    """Article readings' rows as typed table rows with corpus-wide names and placed venues.
    The rows are copied: readings may be kept for the next build and must not change."""
    copies = names.canonicalise([dict(row) for row in rows], corpus, aliases)
    placed = [places.with_venue(row) for row in copies]
    story: dict[str, dict[str, None]] = {}
    for row in placed:  # an article's rows are read together, so this holds in any partition
        found = story.setdefault(row["article_id"], {})
        found.update(dict.fromkeys(row["actors"]))
        if row["venue"]:
            found[row["venue"]] = None
    for row in placed:
        row["article_names"] = list(story[row["article_id"]])
    return schema.conform(placed) if placed else schema.empty_events()


def combine(frame: pd.DataFrame) -> pd.DataFrame:
    """Rows merged into one per happening, each with its merge explanation and salience."""
    if frame.empty:
        return schema.empty_events()
    return schema.validate(salience.scored(merge.merge_group(frame)))


def run(rows: list[dict], corpus: names.CorpusNames, aliases: actors.AliasTable) -> pd.DataFrame:
    """The whole stage over one corpus held in this process."""
    return combine(read_rows(rows, corpus, aliases))


def join(
    base: pd.DataFrame,
    added: pd.DataFrame,
    *,
    finish: Callable[[pd.DataFrame], pd.DataFrame] | None = None,
) -> pd.DataFrame:
    """A finished table with more events read later (a reader's own articles), as one corpus.

    The added rows' bare surnames take the full names the table holds, then every row that
    could be one happening with an added row (same candidate key) is merged again and scored;
    the other rows are kept as they are, so joining costs what the added rows touch. A row
    read again (same event id) replaces the older reading. `finish` gives the merged rows
    whatever columns a view adds to the table's own (the kept rows have them already).
    """
    if added.empty:
        return base
    own = list(schema.COLUMN_NAMES)
    added = names.join_surnames(added[own], names.table_person_names(base))
    base = base[~base["event_id"].isin(added["event_id"])]  # a repeat replaces the older reading
    keys = set(merge.candidate_key(added))
    touched = merge.candidate_key(base).isin(keys) if not base.empty else pd.Series(dtype=bool)
    together = pd.concat([base.loc[touched, own], added], ignore_index=True)
    remerged = combine(together)
    if finish is not None:
        remerged = finish(remerged)
    joined = pd.concat([base[~touched], remerged[list(base.columns)]], ignore_index=True)
    return schema.validate(joined)
