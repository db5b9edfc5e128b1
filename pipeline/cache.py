"""Kept readings: a rebuild reads again only the articles that changed.

A user adds two articles to a folder of two hundred and rebuilds; reading is per article
(canonical names and the table are made afterwards from every reading), so each article's
ArticleResult can be kept and reused as long as nothing that shaped it changed: the article
(text and metadata), the pipeline's own code and language data, the spaCy model and version,
and the alias table. All of those go into the key, computed from the files themselves, so a
stale reading is never found and nobody has to remember to bump a number.

Entries are data, never code: JSON with a closed set of tagged values (times, mentions,
sets), decoded by this module alone, so whoever can write the cache folder can at worst make
an article be read again. Every entry is checked on the way in (its fields, its key, its
settings); anything else (an older layout, another digest, a truncated or hostile file) is a
miss, and the article is read again. Entries live under a folder named after the settings,
so new code or a new model starts an empty folder and the old ones are removed. Each entry is
written to a temporary file and renamed into place, so an interrupted build leaves no half
entry.
"""

from __future__ import annotations

import contextlib
import dataclasses
import hashlib
import json
import os
import re
import shutil
import tempfile
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from . import actors, context, events
from .source import PACKAGE, source_digest

ENTRY_FORMAT = "reading/1"  # the layout below; a change of layout also changes the source digest
MAX_ENTRY_BYTES = 64_000_000  # far past any article's reading: a larger file is not one
_ENVELOPE = ("format", "settings", "record")


def _digest(*parts: str | bytes) -> str:
    hasher = hashlib.sha256()
    for part in parts:
        hasher.update(part.encode("utf-8") if isinstance(part, str) else part)
        hasher.update(b"\x00")
    return hasher.hexdigest()


def settings_key(model, aliases: actors.AliasTable, package: Path = PACKAGE) -> str:
    """What every reading depends on besides the article itself."""
    import spacy

    meta = getattr(model, "meta", {}) or {}
    alias_rows = json.dumps(aliases.by_kind, sort_keys=True)
    return _digest(
        ENTRY_FORMAT,
        source_digest(package),
        str(meta.get("lang")),
        str(meta.get("name")),
        str(meta.get("version")),
        spacy.__version__,
        alias_rows,
    )[:24]


def record_key(record: dict) -> str:
    """The article as read: its text and every metadata field, the source file included."""
    return _digest(json.dumps(record, sort_keys=True, default=str))


# --- the entry format: JSON values, and a few tagged ones --------------------------------


class BadEntry(ValueError):
    """A cache file that is not a reading this module wrote for these settings."""


def _encode(value):
    if value is None or isinstance(value, (str, bool, int, float)):
        return value
    if isinstance(value, datetime):
        if value.tzinfo is None:
            return {"$time": value.isoformat(), "$zone": None}
        # a named zone by its name; a fixed offset (UTC included) is in the ISO text itself
        return {"$time": value.isoformat(), "$zone": getattr(value.tzinfo, "key", None)}
    if isinstance(value, events.Mention):
        return {"$mention": [value.text, value.label, value.start, value.end]}
    if isinstance(value, frozenset):
        return {"$frozenset": sorted(_encode(v) for v in value)}
    if isinstance(value, set):
        return {"$set": sorted(_encode(v) for v in value)}
    if isinstance(value, tuple):
        return {"$tuple": [_encode(v) for v in value]}
    if isinstance(value, list):
        return [_encode(v) for v in value]
    if isinstance(value, dict):
        if all(isinstance(k, str) and not k.startswith("$") for k in value):
            return {k: _encode(v) for k, v in value.items()}
        return {"$map": [[_encode(k), _encode(v)] for k, v in value.items()]}
    raise TypeError(f"a reading cannot keep a {type(value).__name__}")


def _time(text, zone) -> datetime:
    if not isinstance(text, str) or not (zone is None or isinstance(zone, str)):
        raise BadEntry("a time is not text")
    moment = datetime.fromisoformat(text)  # "+00:00" reads back as datetime.UTC itself
    return moment.astimezone(ZoneInfo(zone)) if zone and moment.tzinfo else moment


def _decode(value):
    if value is None or isinstance(value, (str, bool, int, float)):
        return value
    if isinstance(value, list):
        return [_decode(v) for v in value]
    if not isinstance(value, dict):
        raise BadEntry(f"unexpected {type(value).__name__}")
    tags = [k for k in value if k.startswith("$")]
    if not tags:
        return {k: _decode(v) for k, v in value.items()}
    if set(value) == {"$time", "$zone"}:
        return _time(value["$time"], value["$zone"])
    if len(value) != 1:
        raise BadEntry(f"unknown tags {sorted(value)[:3]}")
    tag, inner = next(iter(value.items()))
    if not isinstance(inner, list):
        raise BadEntry(f"{tag} holds no list")
    if tag == "$mention":
        text, label, start, end = inner
        if not (isinstance(text, str) and isinstance(label, str)):
            raise BadEntry("a mention without text")
        return events.Mention(text, label, int(start), int(end))
    if tag == "$frozenset":
        return frozenset(_decode(v) for v in inner)
    if tag == "$set":
        return {_decode(v) for v in inner}
    if tag == "$tuple":
        return tuple(_decode(v) for v in inner)
    if tag == "$map":
        return {_decode(k): _decode(v) for k, v in inner}
    raise BadEntry(f"unknown tag {tag[:20]!r}")


def _entry(result, settings: str, key: str) -> dict:
    fields = {f.name: getattr(result, f.name) for f in dataclasses.fields(result)}
    return {"format": ENTRY_FORMAT, "settings": settings, "record": key, **_encode(fields)}


def _result(data, settings: str, key: str, article_id: str):
    """The ArticleResult an entry holds, or BadEntry when it is not exactly one for this
    article and these settings."""
    from .build import REPORT_COLUMNS, ArticleResult

    names = {f.name for f in dataclasses.fields(ArticleResult)}
    if not isinstance(data, dict) or set(data) != names | set(_ENVELOPE):
        raise BadEntry("fields missing or extra")
    if (data["format"], data["settings"], data["record"]) != (ENTRY_FORMAT, settings, key):
        raise BadEntry("written for another article, layout or settings")
    if data["article_id"] != article_id:
        raise BadEntry("another article's reading")
    values = {name: _decode(data[name]) for name in names}
    report = values["report"]
    if not isinstance(report, dict) or set(report) != set(REPORT_COLUMNS):
        raise BadEntry("the report's fields are missing or extra")
    for name, kind in (("rows", list), ("expressions", list), ("places", list)):
        if not isinstance(values[name], kind) or not all(
            isinstance(v, dict if name != "places" else list) for v in values[name]
        ):
            raise BadEntry(f"{name} is not a list of readings")
    if not isinstance(values["person_names"], set) or not isinstance(values["acronyms"], dict):
        raise BadEntry("names are not a set and a table")
    values["places"] = [(str(name), frozenset(words)) for name, words in values["places"]]
    return ArticleResult(**values)


class ResultCache:
    """ArticleResults on disk, keyed by the article and the settings that read it."""

    def __init__(self, folder: str | Path, settings: str):
        self.root = Path(folder)
        self.settings = settings
        self.folder = self.root / settings
        self.failure: str | None = None  # why readings could not be kept, once

    def get(self, record: dict):
        key = record_key(record)
        path = self._path(key)
        try:
            if path.stat().st_size > MAX_ENTRY_BYTES:
                return None
            data = json.loads(path.read_bytes())
            return _result(data, self.settings, key, record["article_id"])
        except (OSError, ValueError, TypeError, KeyError, RecursionError):
            return None  # missing, damaged or foreign: the article is read again

    def put(self, record: dict, result) -> None:
        """Keep a processed article's reading; rejections are cheap and may be transient. A
        cache that cannot be written costs the next build time, never this one's table."""
        if not result.processed or context.FUTURE_NOTE in (result.report.get("reason") or ""):
            return  # a date in the future today may not be tomorrow
        key = record_key(record)
        path = self._path(key)
        temporary = None
        try:
            data = json.dumps(_entry(result, self.settings, key), ensure_ascii=False)
            path.parent.mkdir(parents=True, exist_ok=True)
            handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")
            with os.fdopen(handle, "w", encoding="utf-8") as out:
                out.write(data)
            os.replace(temporary, path)
        except (OSError, TypeError, ValueError) as err:
            if temporary:
                Path(temporary).unlink(missing_ok=True)
            self.failure = self.failure or f"readings not kept in {self.root}: {err}"

    def drop_other_settings(self) -> None:
        """Remove readings made by other code, data or models: they can never be reused. Only
        folders named as settings are named are touched: `--cache` may name a folder that
        holds other things."""
        for other in _settings_folders(self.root):
            if other.name != self.folder.name:
                shutil.rmtree(other, ignore_errors=True)

    def _path(self, key: str) -> Path:
        return self.folder / key[:2] / f"{key}.json"


_SETTINGS_NAME = re.compile(r"^[0-9a-f]{24}$")


def _settings_folders(root: Path) -> list[Path]:
    try:
        return [p for p in root.iterdir() if p.is_dir() and _SETTINGS_NAME.match(p.name)]
    except OSError:  # no cache yet, or not a folder
        return []


def clear(folder: str | Path) -> None:
    """Forget every kept reading, so the next build reads every article again: the readings'
    folders go, and the cache folder too once nothing else is in it."""
    root = Path(folder)
    for settings in _settings_folders(root):
        shutil.rmtree(settings, ignore_errors=True)
    with contextlib.suppress(OSError):
        root.rmdir()


def default_folder(output: str | Path) -> Path:
    """Beside the table: data/events.parquet keeps its readings in data/events-cache/."""
    output = Path(output)
    return output.with_name(f"{output.stem}-cache")
