"""Kept readings: a rebuild reads again only the articles that changed.

A user adds two articles to a folder of two hundred and rebuilds; reading is per article
(canonical names and the table are made afterwards from every reading), so each article's
ArticleResult can be kept and reused as long as nothing that shaped it changed: the article
(text and metadata), the pipeline version, the spaCy model, and the alias table. All of those
go into the key, so a stale reading is never found rather than having to be detected.

Entries live under a folder named after everything but the article, so a new pipeline
version or model starts an empty folder and the old ones are removed. Each entry is written
to a temporary file and renamed into place, so an interrupted build leaves no half entry; an
entry that cannot be read anyway is ignored and written again.
"""

from __future__ import annotations

import hashlib
import json
import os
import pickle
import shutil
import tempfile
from pathlib import Path

from . import actors, context, schema


def _digest(*parts: str) -> str:
    hasher = hashlib.sha256()
    for part in parts:
        hasher.update(part.encode("utf-8"))
        hasher.update(b"\x00")
    return hasher.hexdigest()


def settings_key(model, aliases: actors.AliasTable, version: str | None = None) -> str:
    """What every reading depends on besides the article itself."""
    import spacy

    meta = getattr(model, "meta", {}) or {}
    alias_rows = json.dumps(aliases.by_kind, sort_keys=True)
    return _digest(
        version or schema.PIPELINE_VERSION,
        str(meta.get("lang")),
        str(meta.get("name")),
        str(meta.get("version")),
        spacy.__version__,
        alias_rows,
    )[:24]


def record_key(record: dict) -> str:
    """The article as read: its text and every metadata field, the source file included."""
    return _digest(json.dumps(record, sort_keys=True, default=str))


class ResultCache:
    """ArticleResults on disk, keyed by the article and the settings that read it."""

    def __init__(self, folder: str | Path, settings: str):
        self.root = Path(folder)
        self.folder = self.root / settings

    def get(self, record: dict):
        path = self._path(record)
        try:
            with open(path, "rb") as handle:
                result = pickle.load(handle)
        except Exception:  # missing or damaged: the article is read again
            return None
        return result if getattr(result, "article_id", None) == record["article_id"] else None

    def put(self, record: dict, result) -> None:
        """Keep a processed article's reading; rejections are cheap and may be transient."""
        if not result.processed or context.FUTURE_NOTE in (result.report.get("reason") or ""):
            return  # a date in the future today may not be tomorrow
        path = self._path(record)
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")
        try:
            with os.fdopen(handle, "wb") as out:
                pickle.dump(result, out, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(temporary, path)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise

    def drop_other_settings(self) -> None:
        """Remove readings made by other versions or models: they can never be reused."""
        if not self.root.is_dir():
            return
        for other in self.root.iterdir():
            if other.is_dir() and other.name != self.folder.name:
                shutil.rmtree(other, ignore_errors=True)

    def _path(self, record: dict) -> Path:
        key = record_key(record)
        return self.folder / key[:2] / f"{key}.pickle"


def clear(folder: str | Path) -> None:
    """Forget every kept reading, so the next build reads every article again."""
    shutil.rmtree(folder, ignore_errors=True)


def default_folder(output: str | Path) -> Path:
    """Beside the table: data/events.parquet keeps its readings in data/events-cache/."""
    output = Path(output)
    return output.with_name(f"{output.stem}-cache")
