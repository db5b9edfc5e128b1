"""Seconds per section of one run of the page, for the dashboard benchmark.

The browser's wait for a chart mixes the server's script with the download and drawing of
the page; to tell them apart the benchmark sets TIMELINE_TIMINGS to a file and the page
appends one line per run to it: each section's seconds, in the order they ran. Unset, as on
every reader's page, a section costs one dictionary lookup.
"""

from __future__ import annotations

import json
import os
import time
from pathlib import Path

TIMINGS_ENV = "TIMELINE_TIMINGS"


class RunTimer:
    """One run's sections, each ended by `lap`: the page's flow is one straight script, so a
    lap names what ran since the one before. A name lapped twice adds up; a run stopped early
    (st.stop, st.rerun) writes nothing, so every line is a whole run."""

    def __init__(self) -> None:
        self.path = os.environ.get(TIMINGS_ENV)
        self.began = self.last = time.perf_counter()
        self.seconds: dict[str, float] = {}

    def lap(self, name: str) -> None:
        if not self.path:
            return
        now = time.perf_counter()
        self.seconds[name] = self.seconds.get(name, 0.0) + now - self.last
        self.last = now

    def write(self) -> None:
        if not self.path:
            return
        line = {"total": time.perf_counter() - self.began, "sections": self.seconds}
        with Path(self.path).open("a", encoding="utf-8") as out:
            out.write(json.dumps(line) + "\n")


def read_runs(path: Path) -> list[dict]:
    """The runs a page wrote to `path`, oldest first."""
    if not path.is_file():
        return []
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]
