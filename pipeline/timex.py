"""Date expressions: find them in a parsed article and resolve them against its publication context.

(Interface only; the detection and resolution rules are being written.)
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from .context import PublicationContext


@dataclass
class Timex:
    """One date or time expression and what it resolves to.

    Offsets index the article text. `start` is inclusive and `end` exclusive, both aware
    datetimes in `timezone`. An expression that cannot be resolved keeps its text and
    offsets, with `resolved=False` and the reason in `explanation`.
    """

    text: str
    start_char: int
    end_char: int
    type: str  # DATE, TIME, DURATION, SET
    value: str | None  # TimeML value: 2025-10-08, 2025-W41, 2025-10, P3D, PAST_REF, ...
    start: datetime | None
    end: datetime | None
    granularity: str  # one of schema.GRANULARITIES
    timezone: str
    rule: str
    anchor: str | None
    explanation: str
    mod: str | None = None
    resolved: bool = True
    extra: dict = field(default_factory=dict)


def find_expressions(doc, context: PublicationContext) -> list[Timex]:
    raise NotImplementedError
