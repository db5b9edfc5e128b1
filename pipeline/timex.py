"""Date expressions: find them in a parsed article and resolve them against its publication context.

The work is split so each part can be checked alone: `timex_detect` finds the spans in the
spaCy parse, `timex_read` reads their words, `timex_tense` reads the governing verb's
direction, `timex_rules` does the calendar arithmetic. This module joins them and keeps
the one record (`Timex`) the rest of the pipeline reads, with a human explanation of how
each date was reached, because a timeline is only trusted when its dates can be checked.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime
from zoneinfo import ZoneInfo

from .context import PublicationContext
from .timex_detect import Candidate, detect
from .timex_read import Reading
from .timex_rules import Unresolvable, parse_explicit, resolve_in_context
from .timex_tense import NEAREST, tense_of

__all__ = ["Timex", "find_expressions", "expression_at"]

# Clock abbreviations written after a time, to IANA zones.
ZONE_WORDS = {"gmt": "UTC", "utc": "UTC", "et": "America/New_York", "edt": "America/New_York",
              "est": "America/New_York", "cet": "Europe/Paris", "eet": "Africa/Cairo", "idt": "Asia/Jerusalem",
              "cairo time": "Africa/Cairo"}
re_year = re.compile(r"\b(1[0-9]|20)\d{2}\b")
RULE_IDS = {
    "explicit": "explicit", "year": "year", "decade": "decade", "century": "century", "quarter": "quarter",
    "season": "season", "month_day": "month-day-tense", "day_of_month": "day-of-month-tense", "month": "month-tense", "weekday": "weekday-tense",
    "relday": "relative-day", "unit_rel": "this-last-next", "weekend": "weekend-tense", "unit_edge": "edge-of-unit",
    "unit_partial": "earlier-later-this", "window": "fuzzy-window", "ago": "ago", "duration": "duration",
    "span": "anchored-duration", "ref": "ref", "set": "set", "clock": "clock-on-publication-day",
    "datetime": "clock-with-day", "range": "range", "anniversary": "anniversary", "anniv_origin": "anniversary-origin",
    "anaphoric": "anaphoric", "part": "part-of-day-alone",
}


@dataclass
class Timex:
    """One date or time expression and what it resolves to.

    Offsets index the article text. `start` is inclusive and `end` exclusive, both aware
    datetimes in `timezone`. An expression that cannot be resolved keeps its text and
    offsets, with `resolved=False` and the reason in `explanation`. Durations, sets and
    PAST_REF/FUTURE_REF are understood (resolved=True, with a value) but name no span of
    the calendar: their `start`/`end` stay None (see `dated`).

    `extra` holds: "tokens" (token start, end in the doc), "source" (ner:DATE, matcher:..,
    anniversary, merge), "direction" and "verb_i" (the governing verb's token index, when
    the tense was read), "parts" (the expressions merged into this one), "reading".
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


    @property
    def dated(self) -> bool:
        """True when the expression names a span of the calendar (start and end set)."""
        return self.start is not None and self.end is not None


def _rule_id(reading: Reading) -> str:
    rule = RULE_IDS.get(reading.kind, reading.kind)
    if reading.kind in ("weekday", "month", "weekend", "season") and reading.args.get("rel"):
        rule = rule.replace("-tense", "") + "-rel"
    if reading.kind == "anniversary" and not reading.tensed:
        rule = "anniversary-year"
    return rule


def _timezone(c: Candidate, context: PublicationContext) -> tuple[str, str]:
    """The clock the expression is read on, and a note when it is not the outlet's."""
    zone = (c.reading.args.get("zone") or "") if c.reading is not None else ""
    if c.local:
        if context.place_timezone:
            return context.place_timezone, f"local time in {context.place} ({context.place_timezone})"
        return context.timezone, f"'local time' but the place is unknown: read in {context.timezone}"
    if zone and zone in ZONE_WORDS:
        return ZONE_WORDS[zone], f"{zone.upper()} ({ZONE_WORDS[zone]})"
    return context.timezone, ""


def _fallback(text: str, context: PublicationContext) -> Reading | None:
    """An expression no rule knows, but naming a year: let dateparser try it as an explicit date."""
    if not re_year.search(text):
        return None
    parsed = parse_explicit(text, context.published if context.known else None)
    if parsed is None:
        return None
    d, period = parsed
    if period == "day":
        return Reading("explicit", {"year": d.year, "month": d.month, "day": d.day}, relative=False)
    if period == "month":
        return Reading("explicit", {"year": d.year, "month": d.month}, relative=False)
    return Reading("year", {"year": d.year}, relative=False)


def _one(doc, c: Candidate, context: PublicationContext) -> Timex:
    span = doc[c.start:c.end]
    text = span.text
    reading = c.reading or _fallback(text, context)
    extra = {"tokens": (c.start, c.end), "source": c.source}
    if c.parts:
        extra["parts"] = list(c.parts)
    tz, tz_note = _timezone(c, context)
    base = dict(text=text, start_char=span.start_char, end_char=span.end_char, timezone=tz, extra=extra)
    if reading is None:
        return Timex(type="DATE", value=None, start=None, end=None, granularity="unknown", rule="unknown",
                     anchor=None, explanation=f"{text}; not resolved: no rule reads this expression",
                     resolved=False, **base)
    extra["reading"] = reading.kind
    direction, cue = NEAREST, ""
    if reading.tensed:
        tspan = doc[c.tense_span[0]:c.tense_span[1]] if c.tense_span else span
        tense = tense_of(tspan)
        direction, cue = tense.direction, tense.cue
        extra["direction"], extra["verb_i"] = tense.direction, tense.verb_i
    rule = _rule_id(reading)
    lead = "; ".join(x for x in (text, cue) if x)
    try:
        r, anchor = resolve_in_context(reading, direction, context.published, context.precision,
                                       text)
    except Unresolvable as err:
        return Timex(type=reading.type, value=None, start=None, end=None, granularity="unknown", rule=rule,
                     anchor=None, explanation=f"{lead}; not resolved: {err}", mod=reading.mod,
                     resolved=False, **base)
    if c.anchor_text and anchor:
        anchor = f"{anchor}; anniversary '{c.anchor_text}'"
    zone = ZoneInfo(tz)
    start = r.start.replace(tzinfo=zone) if r.start is not None else None
    end = r.end.replace(tzinfo=zone) if r.end is not None else None
    typ = reading.type
    if r.granularity in ("time", "part-of-day") and typ == "DATE":
        typ = "TIME"
    note = r.note + (f"; {tz_note}" if tz_note else "")
    return Timex(type=typ, value=r.value, start=start, end=end, granularity=r.granularity, rule=rule,
                 anchor=anchor, explanation=f"{lead}; {note}", mod=r.mod, resolved=True, **base)


def find_expressions(doc, context: PublicationContext) -> list[Timex]:
    """Every date expression of a parsed article, dated against its publication context.

    Ordered by position; an anniversary and the date inside it ("the second anniversary
    of Hamas's October 7, 2023 attacks") are both returned, so expressions may nest.
    """
    return [_one(doc, c, context) for c in detect(doc)]


def expression_at(expressions: list[Timex], start_char: int, end_char: int) -> list[Timex]:
    """The expressions lying inside a character range (a sentence, a clause), in order."""
    return [t for t in expressions if start_char <= t.start_char and t.end_char <= end_char]
