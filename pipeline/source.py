"""A digest of the pipeline's own code and language data: what every stored reading and the
page's stored sample table are keyed by, so that any edit to the pipeline reads afresh.

Kept apart from the reading cache (pipeline/cache.py), which needs the parsing modules: the
page checks its stored table on every start and must not load spaCy to do it.
"""

from __future__ import annotations

import hashlib
from functools import lru_cache
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent
# What can change a reading: the code and the language data the package reads.
SOURCE_SUFFIXES = frozenset({".py", ".toml", ".tsv", ".csv", ".json"})


@lru_cache(maxsize=8)
def source_digest(package: Path = PACKAGE) -> str:
    """Every code and data file under the package, by path and content: a new module, a new
    lexicon row or an edited rule all change it. Compiled files and notes do not."""
    hasher = hashlib.sha256()
    for path in sorted(package.rglob("*")):
        if path.suffix in SOURCE_SUFFIXES and path.is_file() and "__pycache__" not in path.parts:
            for part in (path.relative_to(package).as_posix().encode("utf-8"), path.read_bytes()):
                hasher.update(part)
                hasher.update(b"\x00")
    return hasher.hexdigest()
