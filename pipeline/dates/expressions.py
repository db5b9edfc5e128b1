"""Date expressions: find them in a parsed article and resolve them against its publication context.

The work is split so each part can be checked alone: `detect` finds the spans in the
spaCy parse, `read` reads their words, `tense` reads the governing verb's
direction, `calendar` does the calendar arithmetic. This module joins them and keeps
the one record (`Timex`) the rest of the pipeline reads, with a human explanation of how
each date was reached, because a timeline is only trusted when its dates can be checked.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from ..context import PublicationContext
from ..language.lexicon import EN
from . import anaphora
from .calendar import (
    Unresolvable,
    add_months,
    parse_explicit,
    resolve_in_context,
)
from .detect import Candidate, detect
from .read import read
from .readings import (
    Anaphoric,
    Clock,
    DateTime,
    Explicit,
    PartOfDay,
    Quarter,
    Reading,
    Ref,
    UnitRel,
    Year,
)
from .tense import NEAREST, tense_of

__all__ = ["Timex", "find_expressions", "expression_at"]

re_year = re.compile(r"\b(1[0-9]|20)\d{2}\b")
RULE_IDS = {
    "explicit": "explicit",
    "year": "year",
    "decade": "decade",
    "century": "century",
    "quarter": "quarter",
    "season": "season",
    "month_day": "month-day-tense",
    "day_of_month": "day-of-month-tense",
    "month": "month-tense",
    "weekday": "weekday-tense",
    "relday": "relative-day",
    "unit_rel": "this-last-next",
    "weekend": "weekend-tense",
    "unit_edge": "edge-of-unit",
    "unit_partial": "earlier-later-this",
    "window": "fuzzy-window",
    "ago": "ago",
    "duration": "duration",
    "span": "anchored-duration",
    "ref": "ref",
    "set": "set",
    "clock": "clock-on-publication-day",
    "datetime": "clock-with-day",
    "range": "range",
    "anniversary": "anniversary",
    "anniv_origin": "anniversary-origin",
    "anaphoric": "anaphoric",
    "part": "part-of-day-alone",
    "half": "half-year",
    "report_quarter": "reported-quarter",
    "year_ago": "year-earlier",
    "year_end": "year-end",
    "day_shift": "day-before-after",
    "week_of": "week-of-day",
}
# What "a year earlier" may take over from an expression before it: a quarter or half year
# said in the sentences just before, or a day or month said in the same sentence.


@dataclass(frozen=True)
class RangeEnd:
    """One end of a range ("1985" of "from 1985 to 1987"), where it sits and its value: TimeML
    tags the two ends apart."""

    text: str
    start_char: int
    end_char: int
    value: str


@dataclass
class Trace:
    """How an expression was found and read: what the anaphora step and the TimeML output need
    after the reading, which the Timex's own fields do not say."""

    tokens: tuple[int, int]  # token start and end in the doc
    source: str  # what found it: ner:DATE, matcher:<row>, anniversary, merge
    parts: list[str] = field(default_factory=list)  # the expressions merged into this one
    reading: str | None = None  # the reading's kind (readings.Reading.kind)
    quarter: int | None = None  # a quarter named without its year ("the third quarter")
    part_word: str | None = None  # a part of day read alone ("the morning")
    anaphor_weekday: tuple[int, int] | None = None  # "the previous Friday": weekday, step
    direction: str | None = None  # the direction dated in, when the tense was read
    verb_i: int | None = None  # the governing verb's token index, when the tense was read
    ends: list[RangeEnd] | None = None  # a range's two ends


@dataclass
class Timex:
    """One date or time expression and what it resolves to.

    Offsets index the article text. `start` is inclusive and `end` exclusive, both aware
    datetimes in `timezone`. An expression that cannot be resolved keeps its text and
    offsets, with `resolved=False` and the reason in `explanation`. Durations, sets and
    PAST_REF/FUTURE_REF are understood (resolved=True, with a value) but name no span of
    the calendar: their `start`/`end` stay None (see `dated`).

    `trace` says where the expression sits in the parse and how it was read, for the steps
    that come after reading it (anaphora, TimeML output).
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
    trace: Trace = field(default_factory=lambda: Trace((0, 0), ""))
    # The rule-table row (or rows) that read the words; the explanation names it too.
    pattern: str | None = None

    @property
    def dated(self) -> bool:
        """True when the expression names a span of the calendar (start and end set)."""
        return self.start is not None and self.end is not None


def _rule_id(reading: Reading) -> str:
    rule = RULE_IDS.get(reading.kind, reading.kind)
    if reading.kind in ("weekday", "month", "weekend", "season") and getattr(
        reading.args, "rel", None
    ):
        rule = rule.replace("-tense", "") + "-rel"
    if reading.kind == "anniversary" and not reading.tensed:
        rule = "anniversary-year"
    return rule


def _timezone(c: Candidate, context: PublicationContext) -> tuple[str, str]:
    """The clock the expression is read on, and a note when it is not the outlet's."""
    parts = c.reading.args if c.reading is not None else None
    zone = (parts.zone or "") if isinstance(parts, Clock | DateTime) else ""
    if c.local:
        if context.place_timezone:
            return (
                context.place_timezone,
                f"local time in {context.place} ({context.place_timezone})",
            )
        return (
            context.timezone,
            f"'local time' but the place is unknown: read in {context.timezone}",
        )
    clock = EN.clock_zones.get(zone)
    if clock is not None:
        return clock.zone, f"{zone.upper()} ({clock.zone}, UTC{clock.utc_offset})"
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
        return Reading("explicit", Explicit(year=d.year, month=d.month, day=d.day), relative=False)
    if period == "month":
        return Reading("explicit", Explicit(year=d.year, month=d.month), relative=False)
    return Reading("year", Year(year=d.year), relative=False)


SOME_DAY = EN.words("some_day")
SOME_DAY_COMING = EN.words("some_day_coming")
SOME_DAY_CLAUSE = EN.words("some_day_clause")
SOME_DAY_MODALS = EN.future_aux | EN.modal_aux


def _some_day(doc, c: Candidate, reading: Reading | None) -> Reading | None:
    """ "will one day be", "there ever came a day when": a day of the future never named, which
    TimeML writes FUTURE_REF; read as a length it would be P1D, which the sentence never says."""
    if (
        reading is None
        or reading.kind != "duration"
        or doc[c.start : c.end].text.lower() not in (SOME_DAY)
    ):
        return None
    before = doc[c.start - 1] if c.start > 0 else None
    after = doc[c.end] if c.end < len(doc) else None
    modal = before is not None and before.lower_ in SOME_DAY_MODALS
    coming = (
        before is not None
        and before.lower_ in SOME_DAY_COMING
        and after is not None
        and after.lower_ in SOME_DAY_CLAUSE
    )
    if not (modal or coming):
        return None
    return Reading("ref", Ref("FUTURE_REF"), rule="some-day")


def _one(doc, c: Candidate, context: PublicationContext) -> Timex:
    span = doc[c.start : c.end]
    text = span.text
    reading = _some_day(doc, c, c.reading) or c.reading or _fallback(text, context)
    trace = Trace((c.start, c.end), c.source, parts=list(c.parts))
    tz, tz_note = _timezone(c, context)
    base = dict(
        text=text, start_char=span.start_char, end_char=span.end_char, timezone=tz, trace=trace
    )
    if reading is None:
        return Timex(
            type="DATE",
            value=None,
            start=None,
            end=None,
            granularity="unknown",
            rule="unknown",
            anchor=None,
            explanation=f"{text}; not resolved: no rule reads this expression",
            resolved=False,
            **base,
        )
    trace.reading = reading.kind
    parts = reading.args
    if isinstance(parts, Quarter) and parts.year is None:
        trace.quarter = parts.quarter
    if isinstance(parts, PartOfDay):
        trace.part_word = parts.part
    if isinstance(parts, Anaphoric) and parts.weekday is not None and parts.step is not None:
        trace.anaphor_weekday = (parts.weekday, parts.step)
    direction, cue = NEAREST, ""
    if reading.tensed:
        tspan = doc[c.tense_span[0] : c.tense_span[1]] if c.tense_span else span
        tense = tense_of(tspan)
        direction, cue = tense.dating, tense.cue
        trace.direction, trace.verb_i = tense.dating, tense.verb_i
    rule = _rule_id(reading)
    pattern = reading.rule or rule
    base["pattern"] = pattern
    lead = "; ".join(x for x in (text, cue) if x)
    try:
        r, anchor = resolve_in_context(
            reading, direction, context.published, context.precision, text
        )
    except Unresolvable as err:
        return Timex(
            type=reading.type,
            value=None,
            start=None,
            end=None,
            granularity="unknown",
            rule=rule,
            anchor=None,
            explanation=f"{lead}; not resolved: {err} (rule {pattern})",
            mod=reading.mod,
            resolved=False,
            **base,
        )
    if c.anchor_text and anchor:
        anchor = f"{anchor}; anniversary '{c.anchor_text}'"
    zone = ZoneInfo(tz)
    start = r.start.replace(tzinfo=zone) if r.start is not None else None
    end = r.end.replace(tzinfo=zone) if r.end is not None else None
    typ = reading.type
    if r.granularity in ("time", "part-of-day") and typ == "DATE":
        typ = "TIME"
    note = r.note + (f"; {tz_note}" if tz_note else "")
    value, gran = r.value, r.granularity
    if reading.kind == "range" and value and value.count("/") == 1:
        ends = _range_end_spans(doc, c, value.split("/"))
        if ends:
            trace.ends = ends
    if _fiscal_year_by_its_end(doc, c, reading):
        # "the year ended Sept. 30": a fiscal year, twelve months that are not the calendar year.
        typ, value, start, end, gran = "DURATION", "P1Y", None, None, "unknown"
        note = (
            f"a twelve-month year named by its closing date ('{doc[c.end].text} ...'), not the "
            f"calendar year: P1Y"
        )
    elif _counted_from_what_follows(doc, c, reading, start):
        # "within a month of the launch": the length counts from the event named after it.
        start, end, gran = None, None, "unknown"
        note = (
            f"a length ({value}) counted from what follows '{doc[c.end].text}', not from "
            f"publication: not dated"
        )
    return Timex(
        type=typ,
        value=value,
        start=start,
        end=end,
        granularity=gran,
        rule=rule,
        anchor=anchor,
        explanation=f"{lead}; {note} (rule {pattern})",
        mod=r.mod,
        resolved=True,
        **base,
    )


# "Monday or Tuesday" is a range too: the event falls in the two days, which is all the text says.
RANGE_LINKS = EN.words("range_links")


def _range_ends(doc, c: Candidate) -> list[Candidate] | None:
    """The two dates of a "range" whose ends make no span ("a revision Friday to December's
    figures"): they are two expressions, each read on its own, as TimeML tags them."""
    for k in range(c.start + 1, c.end - 1):
        if doc[k].lower_ not in RANGE_LINKS:
            continue
        left, right = read(doc[c.start : k].text), read(doc[k + 1 : c.end].text)
        if left is None or right is None:
            return None
        return [Candidate(c.start, k, c.source, left), Candidate(k + 1, c.end, c.source, right)]
    return None


RANGE_OPENERS = EN.words("range_openers")


def _range_end_spans(doc, c: Candidate, values: list[str]) -> list[RangeEnd] | None:
    """Where the two ends of a resolved range sit, with their values: "from 1985 to 1987" keeps
    its one span for the timeline, and TimeML output tags "1985" and "1987" apart."""
    first = c.start + (doc[c.start].lower_ in RANGE_OPENERS)
    for k in range(first + 1, c.end - 1):
        if doc[k].lower_ not in RANGE_LINKS:
            continue
        left, right = doc[first:k], doc[k + 1 : c.end]
        return [
            RangeEnd(s.text, s.start_char, s.end_char, v)
            for s, v in ((left, values[0]), (right, values[1]))
        ]
    return None


def _counted_from_what_follows(doc, c: Candidate, reading: Reading, start) -> bool:
    """ "within two weeks of the attack", "within days after the vote": the 'of' or 'after' ties
    the window to another event, so it does not run from publication ("the past year of
    fighting" still does: only 'within' counts from what follows)."""
    return (
        reading.kind == "window"
        and start is not None
        and doc[c.start].lower_ == "within"
        and c.end < len(doc)
        and doc[c.end].lower_ in ("of", "after", "before")
    )


def _fiscal_year_by_its_end(doc, c: Candidate, reading: Reading) -> bool:
    """ "the (fiscal) year ended/ending June 30": the year is a length ending on that date."""
    return (
        isinstance(reading.args, UnitRel)
        and reading.args.unit == "Y"
        and reading.args.offset == 0
        and doc[c.start].lower_ == "the"
        and c.end < len(doc)
        and doc[c.end].lower_ in ("ended", "ending")
    )


def find_expressions(doc, context: PublicationContext) -> list[Timex]:
    """Every date expression of a parsed article, dated against its publication context.

    Ordered by position; an anniversary and the date inside it ("the second anniversary
    of Hamas's October 7, 2023 attacks") are both returned, so expressions may nest.
    """
    found = []
    for c in detect(doc):
        t = _one(doc, c, context)
        if not t.resolved and c.reading is not None and c.reading.kind == "range":
            parts = _range_ends(doc, c)
            if parts:
                found += [_one(doc, p, context) for p in parts]
                continue
        found.append(t)
    _quarters_by_their_end(doc, found)
    p = context.published
    day_known = p is not None and context.known and context.precision == "day"
    anaphora.resolve(
        doc,
        found,
        datetime(p.year, p.month, p.day, tzinfo=ZoneInfo(context.timezone))
        if p is not None and day_known
        else None,
    )
    return found


def _quarters_by_their_end(doc, found: list[Timex]) -> None:
    """ "the fourth quarter ended June 30", "the quarter ending Sept. 30": a (fiscal) quarter
    named by its last day is the three months up to that day, and TimeML writes it with the
    year that day falls in: the fourth quarter ended June 30, 2025 is 2025-Q4, not the calendar
    fourth quarter before publication. Without an ordinal, the calendar quarter holding most
    of the three months ("the quarter ended July 31" is Q2)."""
    by_start = {t.trace.tokens[0]: t for t in found}
    for t in found:
        if (
            t.trace.reading not in ("quarter", "report_quarter")
            or not t.resolved
            or (t.trace.reading == "quarter" and t.trace.quarter is None)
        ):
            continue
        k = t.trace.tokens[1]
        if k >= len(doc) or doc[k].lower_ not in ("ended", "ending"):
            continue
        end = by_start.get(k + 1)
        if end is None or not end.resolved or end.granularity != "day" or end.start is None:
            continue
        last = end.start.date()
        middle = last - timedelta(days=45)
        q = t.trace.quarter or (middle.month - 1) // 3 + 1
        first = add_months(last.replace(day=1), -2)
        t.value = f"{last.year}-Q{q}"
        t.start = datetime(first.year, first.month, first.day, tzinfo=end.start.tzinfo)
        t.end = end.end
        t.granularity = "quarter"
        t.anchor = f"'{end.text}' ({last.isoformat()})"
        t.explanation = (
            f"{t.text}; the quarter ending {end.text} ({last.isoformat()}), "
            f"named by the year of its end: {t.value} (rule {t.pattern})"
        )


def expression_at(expressions: list[Timex], start_char: int, end_char: int) -> list[Timex]:
    """The expressions lying inside a character range (a sentence, a clause), in order."""
    return [t for t in expressions if start_char <= t.start_char and t.end_char <= end_char]
