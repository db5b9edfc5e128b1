"""What a system's date expression is reduced to for scoring: shared by every system the
TempEval benchmark compares (the engine, spaCy + dateparser, HeidelTime)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Mention:
    """A system's expression, reduced to what is scored plus what explains it."""

    text: str
    start: int
    end: int
    type: str
    value: str | None
    rule: str = ""
    explanation: str = ""
