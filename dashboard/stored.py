"""The table built from the articles folder, kept on disk so the page opens without spaCy.

Building the sample articles takes seconds of parsing on every server start; reading the
table it made takes milliseconds. The stored table is keyed by everything the build reads:
the pipeline's source (pipeline.source.source_digest), the language model's name, the alias
file and every article file by name and content. Any change to one of them makes the key
differ, and the next visit builds afresh and stores the new table in place of the old.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from pathlib import Path

import pandas as pd

from pipeline import actors, source, table

STORE_FOLDER = "samples-cache"  # beside the articles folder; data/*-cache/ is not versioned
TABLE_FILE, KEY_FILE = "events.parquet", "key.txt"


def inputs_key(articles: Path, model_name: str, aliases: Path | None = None) -> str:
    """A digest of everything a build of `articles` depends on."""
    hasher = hashlib.sha256()
    aliases = aliases if aliases is not None else Path(actors.ALIASES_FILE)
    parts: list[bytes] = [source.source_digest().encode(), model_name.encode()]
    if aliases.is_file():
        parts += [b"aliases", aliases.read_bytes()]
    if articles.is_dir():
        for path in sorted(p for p in articles.rglob("*") if p.is_file()):
            parts += [path.relative_to(articles).as_posix().encode(), path.read_bytes()]
    for part in parts:
        hasher.update(part)
        hasher.update(b"\x00")
    return hasher.hexdigest()


def store_for(articles: Path) -> Path:
    return articles.parent / STORE_FOLDER


def stored_or_built(articles: Path, model_name: str, load_model: Callable[[], object]):
    """The stored table when its key matches the inputs, else a fresh build, then stored.

    A store that cannot be written (a read-only install) costs only the speed-up: the built
    table is still returned. The build (and spaCy with it) is imported only when one is
    needed: on a start with a stored table it would be most of the start's time.
    """
    folder = store_for(articles)
    key = inputs_key(articles, model_name)
    kept, key_file = folder / TABLE_FILE, folder / KEY_FILE
    if kept.is_file() and key_file.is_file() and key_file.read_text().strip() == key:
        try:
            return table.load_events(kept)
        except (OSError, ValueError):
            pass  # a damaged file is built again below
    from pipeline import build

    events: pd.DataFrame = build.build([articles], model=load_model()).events
    try:
        folder.mkdir(parents=True, exist_ok=True)
        table.save_events(events, kept)
        key_file.write_text(key + "\n")
    except OSError:
        pass
    return events
