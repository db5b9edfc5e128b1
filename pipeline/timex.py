"""Date expressions: find them in a parsed article and resolve them against its publication context.

The work is split so each part can be checked alone: `timex_detect` finds the spans in the
spaCy parse, `timex_read` reads their words, `timex_tense` reads the governing verb's
direction, `timex_rules` does the calendar arithmetic. This module joins them and keeps
the one record (`Timex`) the rest of the pipeline reads, with a human explanation of how
each date was reached, because a timeline is only trusted when its dates can be checked.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from .context import PublicationContext
from .language.lexicon import EN
from .timex_detect import Candidate, detect
from .timex_read import Reading, read
from .timex_rules import (
    Unresolvable,
    _unit_period,
    day_resolution,
    parse_explicit,
    resolve_in_context,
)
from .timex_tense import NEAREST, tense_of

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
PERIOD_VALUE = re.compile(r"^(\d{4})-(Q[1-4]|H[12])$")
DAY_MONTH_VALUE = re.compile(r"^(\d{4})-\d{2}(-\d{2})?$")
ANTECEDENT_SENTENCES = 2


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
        return Reading("explicit", {"year": d.year, "month": d.month, "day": d.day}, relative=False)
    if period == "month":
        return Reading("explicit", {"year": d.year, "month": d.month}, relative=False)
    return Reading("year", {"year": d.year}, relative=False)


def _one(doc, c: Candidate, context: PublicationContext) -> Timex:
    span = doc[c.start : c.end]
    text = span.text
    reading = c.reading or _fallback(text, context)
    extra = {"tokens": (c.start, c.end), "source": c.source}
    if c.parts:
        extra["parts"] = list(c.parts)
    tz, tz_note = _timezone(c, context)
    base = dict(
        text=text, start_char=span.start_char, end_char=span.end_char, timezone=tz, extra=extra
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
    extra["reading"] = reading.kind
    if reading.kind == "part":
        extra["part_word"] = reading.args.get("part")
    if reading.kind == "anaphoric" and "weekday" in reading.args:
        extra["anaphor_weekday"] = (reading.args["weekday"], reading.args["step"])
    direction, cue = NEAREST, ""
    if reading.tensed:
        tspan = doc[c.tense_span[0] : c.tense_span[1]] if c.tense_span else span
        tense = tense_of(tspan)
        direction, cue = tense.dating, tense.cue
        extra["direction"], extra["verb_i"] = tense.dating, tense.verb_i
    rule = _rule_id(reading)
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
            explanation=f"{lead}; not resolved: {err}",
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
            extra["ends"] = ends
    if _fiscal_year_by_its_end(doc, c, reading):
        # "the year ended Sept. 30": a fiscal year, twelve months that are not the calendar year.
        typ, value, start, end, gran = "DURATION", "P1Y", None, None, "unknown"
        note = f"a twelve-month year named by its closing date ('{doc[c.end].text} ...'), not the calendar year: P1Y"
    elif _counted_from_what_follows(doc, c, reading, start):
        # "within a month of the launch": the length counts from the event named after it.
        start, end, gran = None, None, "unknown"
        note = f"a length ({value}) counted from what follows '{doc[c.end].text}', not from publication: not dated"
    return Timex(
        type=typ,
        value=value,
        start=start,
        end=end,
        granularity=gran,
        rule=rule,
        anchor=anchor,
        explanation=f"{lead}; {note}",
        mod=r.mod,
        resolved=True,
        **base,
    )


RANGE_LINKS = frozenset({"to", "and", "until", "through", "-", "–"})


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


RANGE_OPENERS = frozenset({"from", "between"})


def _range_end_spans(doc, c: Candidate, values: list[str]) -> list[dict] | None:
    """Where the two ends of a resolved range sit, with their values: "from 1985 to 1987" keeps
    its one span for the timeline, and TimeML output tags "1985" and "1987" apart."""
    first = c.start + (doc[c.start].lower_ in RANGE_OPENERS)
    for k in range(first + 1, c.end - 1):
        if doc[k].lower_ not in RANGE_LINKS:
            continue
        left, right = doc[first:k], doc[k + 1 : c.end]
        return [
            {"text": s.text, "start_char": s.start_char, "end_char": s.end_char, "value": v}
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
        reading.kind == "unit_rel"
        and reading.args.get("unit") == "Y"
        and reading.args.get("offset") == 0
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
    _year_earlier_antecedents(doc, found)
    _anaphoric_antecedents(doc, found)
    _part_of_day_antecedents(doc, found)
    _weekday_antecedents(doc, found)
    return found


def _sentence_of(doc):
    """Sentence number of an expression, by its first token."""
    starts = [s.start for s in doc.sents]
    return lambda t: bisect.bisect_right(starts, t.extra["tokens"][0]) - 1


def _day_antecedent(found: list[Timex], i: int, sentence) -> Timex | None:
    """The nearest expression before found[i] that names a single day, in the same or the
    ANTECEDENT_SENTENCES sentences before it; None when there is none."""
    t = found[i]
    here = sentence(t)
    for prev in reversed(found[:i]):
        if prev.end_char > t.start_char or not prev.resolved or prev.start is None:
            continue
        if here - sentence(prev) > ANTECEDENT_SENTENCES:
            return None
        if DAY_VALUE.match(prev.value or "") and "/" not in prev.value:
            return prev
    return None


def _weekday_antecedents(doc, found: list[Timex]) -> None:
    """ "the previous Friday" / "the following Monday": counted from the nearest day named before it
    (same or the two sentences before), strictly before or after it; otherwise left unresolved."""
    sentence = _sentence_of(doc)
    for i, t in enumerate(found):
        args = t.extra.get("anaphor_weekday")
        if t.resolved or args is None:
            continue
        prev = _day_antecedent(found, i, sentence)
        if prev is None:
            continue
        wd, step = args
        d = datetime.fromisoformat(prev.value[:10]).date() + timedelta(days=step)
        while d.weekday() != wd:
            d = d + timedelta(days=step)
        r = day_resolution(d, "")
        zone = prev.start.tzinfo
        t.start, t.end = r.start.replace(tzinfo=zone), r.end.replace(tzinfo=zone)
        t.value, t.granularity, t.resolved, t.type = r.value, r.granularity, True, "DATE"
        t.anchor = f"'{prev.text}' ({prev.value})"
        which = "before" if step < 0 else "after"
        t.explanation = f"{t.text}; the {d:%A} {which} the day named before it, '{prev.text}' ({prev.value[:10]}): {r.value}"


DAY_VALUE = re.compile(r"^\d{4}-\d{2}-\d{2}")


def _part_of_day_antecedents(doc, found: list[Timex]) -> None:
    """ "Dealers placed buy orders in the morning": the morning of the day the story just named.

    A part of day with no day of its own is read on the nearest day named before it, in the
    same or the two sentences before; without one it stays unresolved, with its reason.
    """
    if not any(t.rule == "part-of-day-alone" and not t.resolved for t in found):
        return
    sentence = _sentence_of(doc)
    for i, t in enumerate(found):
        part = t.extra.get("part_word")
        if t.rule != "part-of-day-alone" or t.resolved or not part:
            continue
        a, b = t.extra["tokens"]
        head = doc[b - 1]
        if (
            head.dep_ in ("compound", "amod")
            or (b < len(doc) and doc[b].lower_ in ("of", "before", "after", "when"))
            or any(c.dep_ in ("relcl", "acl") for c in head.children)
        ):
            # "the night the plane went down", "the night of Oct. 23", "a morning talk show":
            # the day is named elsewhere, or no day is meant.
            continue
        prev = _day_antecedent(found, i, sentence)
        if prev is None:
            continue
        r = day_resolution(datetime.fromisoformat(prev.value[:10]).date(), "", part)
        zone = prev.start.tzinfo
        t.start, t.end = r.start.replace(tzinfo=zone), r.end.replace(tzinfo=zone)
        t.value, t.granularity, t.resolved, t.type = r.value, r.granularity, True, "TIME"
        t.anchor = f"'{prev.text}' ({prev.value})"
        t.explanation = f"{t.text}; {part} on the day named before it, '{prev.text}' ({prev.value[:10]}): {r.value}"


# "that year", "the following month", "the next morning": a unit counted from the date the
# text spoke of just before, not from publication.
ANAPHORA = re.compile(
    r"(?:(?:earlier|later) )?(?:that|the same|the (?P<rel>following|next|previous|preceding)) "
    r"(?P<unit>year|quarter|month|week|day|morning|afternoon|evening|night)"
    r"|the (?P<unit2>year|month|week|day) (?P<rel2>before|earlier|after|later)"
)
ANAPHORA_UNITS = {"year": "Y", "quarter": "Q", "month": "M", "week": "W"}
# The value an antecedent must have to name the unit counted from: a day for a day, a month for a month...
ANAPHORA_NEEDS = {
    "Y": re.compile(r"^\d{4}"),
    "Q": re.compile(r"^\d{4}-(Q[1-4]|\d{2})"),
    "M": re.compile(r"^\d{4}-\d{2}"),
    "W": re.compile(r"^\d{4}-(W\d{2}|\d{2}-\d{2})"),
    "D": re.compile(r"^\d{4}-\d{2}-\d{2}"),
}


def _anaphoric_antecedents(doc, found: list[Timex]) -> None:
    """Date "that year" / "the following month" from the nearest date before it in the text.

    Only a date said in the same or the two sentences before counts, and only one precise
    enough for the unit (a month for "the following month"); otherwise the expression stays
    unresolved, as it was, with its reason.
    """
    if not any(t.rule == "anaphoric" and not t.resolved for t in found):
        return
    sentence = _sentence_of(doc)
    for i, t in enumerate(found):
        m = (
            ANAPHORA.fullmatch(" ".join(t.text.lower().split()))
            if t.rule == "anaphoric" and not t.resolved
            else None
        )
        if m is None:
            continue
        word = m.group("unit") or m.group("unit2")
        unit = ANAPHORA_UNITS.get(word, "D")
        offset = {
            "following": 1,
            "next": 1,
            "after": 1,
            "later": 1,
            "previous": -1,
            "preceding": -1,
            "before": -1,
            "earlier": -1,
        }.get(m.group("rel") or m.group("rel2") or "", 0)
        here = sentence(t)
        for prev in reversed(found[:i]):
            if prev.end_char > t.start_char or not prev.dated or not prev.resolved:
                continue
            if here - sentence(prev) > ANTECEDENT_SENTENCES:
                break
            if not ANAPHORA_NEEDS[unit].match(prev.value or ""):
                continue
            s, e, value, gran = _unit_period(unit, prev.start.date(), offset)
            zone = prev.start.tzinfo
            t.start = datetime(s.year, s.month, s.day, tzinfo=zone)
            t.end = datetime(e.year, e.month, e.day, tzinfo=zone)
            t.value, t.granularity, t.resolved, t.type = value, gran, True, "DATE"
            t.anchor = f"'{prev.text}' ({prev.value})"
            how = {0: "the same", 1: "the next", -1: "the previous"}[offset]
            t.explanation = f"{t.text}; {how} {word} as the date before it, '{prev.text}' ({prev.value}): {value}"
            break


def _year_back(t: datetime) -> datetime:
    try:
        return t.replace(year=t.year - 1)
    except ValueError:  # 29 February
        return t.replace(year=t.year - 1, day=28)


def _year_earlier_antecedents(doc, found: list[Timex]) -> None:
    """ "a year earlier" / "the year-ago period" is the period just spoken of, one year back.

    Business news says "profit rose in the third quarter from $5 million a year earlier":
    the comparison is with the third quarter of the year before, not the whole year. So
    the nearest period named before it (a quarter or half year in the same or the two
    sentences before, or a day or month in the same sentence) is moved back one year;
    without one the publication-based reading stands.
    """
    if not any(t.extra.get("reading") == "year_ago" for t in found):
        return
    sentence = _sentence_of(doc)
    for i, t in enumerate(found):
        if t.extra.get("reading") != "year_ago" or not t.resolved:
            continue
        here = sentence(t)
        for prev in reversed(found[:i]):
            if (
                prev.end_char > t.start_char
                or not prev.dated
                or prev.extra.get("reading") == "year_ago"
            ):
                continue
            gap = here - sentence(prev)
            if gap > ANTECEDENT_SENTENCES:
                break
            m = PERIOD_VALUE.match(prev.value or "")
            if not m and not (gap == 0 and DAY_MONTH_VALUE.match(prev.value or "")):
                continue
            year = int(prev.value[:4])
            t.value = f"{year - 1}{prev.value[4:]}"
            t.start, t.end = _year_back(prev.start), _year_back(prev.end)
            t.granularity = prev.granularity
            t.anchor = (
                f"{t.anchor}; the period before it, '{prev.text}' ({prev.value})"
                if t.anchor
                else prev.value
            )
            t.explanation = (
                f"{t.text}; the period named before it, '{prev.text}' ({prev.value}), "
                f"one year earlier: {t.value}"
            )
            break


def expression_at(expressions: list[Timex], start_char: int, end_char: int) -> list[Timex]:
    """The expressions lying inside a character range (a sentence, a clause), in order."""
    return [t for t in expressions if start_char <= t.start_char and t.end_char <= end_char]
