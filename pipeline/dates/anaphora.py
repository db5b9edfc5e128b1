"""Expressions dated by the text before them, not by publication: "that year", "the
following month", "the previous Friday", "in the morning", "a year earlier".

News counts these from the date it spoke of just before ("The plant closed on March 3. The
following month ..."), so each is resolved after every expression of the article has been
read, from the nearest one before it (in the same or the ANTECEDENT_SENTENCES sentences
before) that is precise enough; without one it keeps the publication-based reading or
stays unresolved with its reason.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING

from ..language.lexicon import EN, alternation
from ..nlp import doc_text
from .calendar import _unit_period, day_resolution
from .tense import BEGUN, FUTURE, PAST, Tense, tense_of

if TYPE_CHECKING:
    from .expressions import Timex

PERIOD_VALUE = re.compile(r"^(\d{4})-(Q[1-4]|H[12])$")
DAY_MONTH_VALUE = re.compile(r"^(\d{4})-\d{2}(-\d{2})?$")
ANTECEDENT_SENTENCES = 2


def resolve(doc, found: list[Timex], published: datetime | None = None) -> None:
    """Date every anaphoric expression of an article in place, in the order the kinds depend
    on one another ("a year earlier" first: "that year" may count from it). `published` is
    the start of the publication day on the outlet's clock, when it is known."""
    _year_earlier_antecedents(doc, found)
    _equated_days(doc, found, published)
    _anaphoric_antecedents(doc, found)
    _part_of_day_antecedents(doc, found)
    _clock_antecedents(doc, found)
    _restated_clocks(doc, found)
    _weekday_antecedents(doc, found)


def _sentence_of(doc):
    """Sentence number of an expression, by its first token."""
    starts = [s.start for s in doc.sents]
    return lambda t: bisect.bisect_right(starts, t.trace.tokens[0]) - 1


def _day_antecedent(
    found: list[Timex], i: int, sentence, fits: Callable[[Timex, date], bool] = lambda t, d: True
) -> Timex | None:
    """The nearest expression before found[i] that names a single day `fits` accepts, in the
    same or the ANTECEDENT_SENTENCES sentences before it; None when there is none."""
    t = found[i]
    here = sentence(t)
    for prev in reversed(found[:i]):
        if prev.end_char > t.start_char or not prev.resolved or prev.start is None:
            continue
        if here - sentence(prev) > ANTECEDENT_SENTENCES:
            return None
        value = prev.value or ""
        if (
            DAY_VALUE.match(value)
            and "/" not in value
            and fits(prev, date.fromisoformat(value[:10]))
        ):
            return prev
    return None


def _weekday_antecedents(doc, found: list[Timex]) -> None:
    """ "the previous Friday" / "the following Monday": counted from the nearest day named before it
    (same or the two sentences before), strictly before or after it; otherwise left unresolved."""
    sentence = _sentence_of(doc)
    for i, t in enumerate(found):
        args = t.trace.anaphor_weekday
        if t.resolved or args is None:
            continue
        prev = _day_antecedent(found, i, sentence)
        if prev is None:
            continue
        wd, step = args
        d = datetime.fromisoformat((prev.value or "")[:10]).date() + timedelta(days=step)
        while d.weekday() != wd:
            d = d + timedelta(days=step)
        r = day_resolution(d, "")
        assert prev.start is not None and r.start is not None and r.end is not None
        zone = prev.start.tzinfo
        _take_day(t, r, zone, "DATE", f"'{prev.text}' ({prev.value})")
        which = "before" if step < 0 else "after"
        t.explanation = (
            f"{t.text}; the {d:%A} {which} the day named before it, '{prev.text}' "
            f"({(prev.value or '')[:10]}): {r.value} (rule {t.pattern})"
        )


def _take_day(t: Timex, r, zone, kind: str, anchor: str) -> None:
    """Give `t` the day (or part of day) `r` read in `zone`, as an anaphor resolved against
    `anchor`: each antecedent rule below ends the same way, so a reading cannot differ by
    which rule found its day."""
    assert r.start is not None and r.end is not None
    t.start, t.end = r.start.replace(tzinfo=zone), r.end.replace(tzinfo=zone)
    t.value, t.granularity, t.resolved, t.type = r.value, r.granularity, True, kind
    t.anchor = anchor


DAY_VALUE = re.compile(r"^\d{4}-\d{2}-\d{2}")
# Subjects that, with a copula in the present tense, mean the day of writing ("It's the second
# day of the offensive").
_PRESENT_SUBJECTS = frozenset({"it", "this"})


def _equated_days(doc, found: list[Timex], published: datetime | None) -> None:
    """ "Today is the eighth day of Desert Shield", "It's the second day of an offensive",
    "Monday was the third day of the strike": the copula says which day the ordinal day is,
    the day its subject names or, for "it"/"this" in the present tense, the day of writing.
    Counted from the start of the offensive it could not be dated, as the text does not say
    when that was."""
    for t in found:
        if t.resolved or t.pattern != "anaphoric-ordinal":
            continue
        head = doc[t.trace.tokens[1] - 1]
        verb = head.head
        if head.dep_ != "attr" or verb.lemma_ != "be":
            continue
        subject = next(
            (c for c in verb.children if c.dep_ in ("nsubj", "npadvmod") and c.i < verb.i), None
        )
        if subject is None:
            continue
        named = next(
            (
                e
                for e in found
                if e.resolved
                and e.start is not None
                and e.trace.tokens[0] <= subject.i < e.trace.tokens[1]
                and DAY_VALUE.match(e.value or "")
            ),
            None,
        )
        if named is not None and named.start is not None:
            day, zone, anchor = named.start.date(), named.start.tzinfo, f"'{named.text}'"
        elif (
            subject.lower_ in _PRESENT_SUBJECTS
            and verb.tag_ in ("VBZ", "VBP")
            and published is not None
        ):
            day, zone, anchor = published.date(), published.tzinfo, "the publication day"
        else:
            continue
        r = day_resolution(day, "")
        assert r.start is not None and r.end is not None
        _take_day(t, r, zone, "DATE", f"{anchor} ({r.value})")
        t.explanation = (
            f"{t.text}; the day '{subject.text} {verb.text}' names, {anchor}: {r.value} "
            f"(rule {t.pattern})"
        )


def _part_of_day_antecedents(doc, found: list[Timex]) -> None:
    """ "Dealers placed buy orders in the morning": the morning of the day the story just named.

    A part of day with no day of its own is read on the nearest day named before it, in the
    same or the two sentences before; without one it stays unresolved, with its reason.
    """
    if not any(t.rule == "part-of-day-alone" and not t.resolved for t in found):
        return
    sentence = _sentence_of(doc)
    for i, t in enumerate(found):
        part = t.trace.part_word
        if t.rule != "part-of-day-alone" or t.resolved or not part:
            continue
        a, b = t.trace.tokens
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
        r = day_resolution(datetime.fromisoformat((prev.value or "")[:10]).date(), "", part)
        assert prev.start is not None and r.start is not None and r.end is not None
        zone = prev.start.tzinfo
        _take_day(t, r, zone, "TIME", f"'{prev.text}' ({prev.value})")
        t.explanation = (
            f"{t.text}; {part} on the day named before it, '{prev.text}' "
            f"({(prev.value or '')[:10]}): {r.value} (rule {t.pattern})"
        )


def _clock_antecedents(doc, found: list[Timex]) -> None:
    """ "Slepian was shot on Friday. He died at 10 p.m.": a clock time with no day of its own
    is on the day the story just named, as TimeML corpora date it, not on the publication day.

    The nearest single day named in the same or the two sentences before is taken; without
    one the publication day stands, as the explanation already says.
    """
    if not any(t.rule == "clock-on-publication-day" for t in found):
        return
    sentence = _sentence_of(doc)
    for i, t in enumerate(found):
        if t.rule != "clock-on-publication-day" or not t.resolved or t.start is None:
            continue
        a, b = t.trace.tokens
        fits = _same_side(doc, tense_of(doc[a:b]), t.start.date())
        prev = _day_antecedent(found, i, sentence, fits)
        if prev is None or prev.start is None or not t.value or "T" not in t.value:
            continue
        day = datetime.fromisoformat((prev.value or "")[:10]).date()
        shift = day - t.start.date()
        if not shift:
            continue
        assert t.end is not None  # a clock time is dated
        t.start, t.end = t.start + shift, t.end + shift
        t.value = f"{day.isoformat()}{t.value[10:]}"
        t.anchor = f"'{prev.text}' ({prev.value})"
        t.rule = "clock-on-named-day"
        clock = t.value[11:]
        t.explanation = (
            f"{t.text}; {clock} on the day named before it, '{prev.text}' "
            f"({day.isoformat()}): {t.value} (rule {t.pattern})"
        )


def _same_side(doc, tense: Tense, published: date) -> Callable[[Timex, date], bool]:
    """Which antecedents a clock's tense allows: in "was returning at about 1 a.m." after "died
    early Friday morning, even as a volunteer said an attempt could take place today or
    tomorrow", the clock is on Friday, not on a day still to come nor on one named for a plan.
    """

    def ahead(prev: Timex) -> bool:
        a, b = prev.trace.tokens
        return tense_of(doc[a:b]).direction == FUTURE

    if tense.direction in (PAST, BEGUN):
        return lambda prev, d: d <= published and not ahead(prev)
    if tense.direction == FUTURE and not tense.hedged:
        return lambda prev, d: d >= published
    return lambda prev, d: True


RESTATED = re.compile(r"\s*[(\[]\s*")
RESTATED_WITHIN = timedelta(hours=12)


def _restated_clocks(doc, found: list[Timex]) -> None:
    """ "at 11pm BST (5am Thai time)", "at 10:24 p.m. EDT (0224 UTC Thursday)": one instant on
    two clocks. The one that names no day is put on the day that makes it the instant the other
    names, which may be the next or the previous day on its own clock."""
    for first, second in zip(found, found[1:], strict=False):
        if (
            first.granularity != "time"
            or second.granularity != "time"
            or first.start is None
            or second.start is None
            or not RESTATED.fullmatch(doc_text(doc)[first.end_char : second.start_char])
        ):
            continue
        if second.rule == "clock-on-publication-day":
            _align(second, first)
        elif first.rule == "clock-on-publication-day":
            _align(first, second)


def _align(t: Timex, other: Timex) -> None:
    """Move clock `t` by whole days onto the instant `other` names, when it is within hours."""
    assert t.start is not None and t.end is not None and other.start is not None
    gap = other.start - t.start
    days = round(gap / timedelta(days=1))
    if not days or not t.value or abs(gap - timedelta(days=days)) > RESTATED_WITHIN:
        return
    shift = timedelta(days=days)
    t.start, t.end = t.start + shift, t.end + shift
    t.value = f"{t.start.date().isoformat()}{t.value[10:]}"
    t.anchor = f"'{other.text}' ({other.value})"
    t.explanation = (
        f"{t.text}; the instant '{other.text}' names, on another clock: {t.value} "
        f"(rule {t.pattern})"
    )


# "that year", "the following month", "the next morning": a unit counted from the date the
# text spoke of just before, not from publication.
_STEPS = EN.section("anaphora_steps")
_BEFORE_UNIT: dict[str, int] = dict(_STEPS["before_unit"])
_AFTER_UNIT: dict[str, int] = dict(_STEPS["after_unit"])
_SHIFT = alternation(EN.words("within_day_shifts"))
ANAPHORA = re.compile(
    rf"(?:(?:{_SHIFT}) )?"
    rf"(?:that|the same|the (?P<rel>{alternation(_BEFORE_UNIT)})) "
    r"(?P<unit>year|quarter|month|week|day|morning|afternoon|evening|night)"
    rf"|the (?P<unit2>year|month|week|day) (?P<rel2>{alternation(_AFTER_UNIT)})"
    rf"|(?:{_SHIFT}) in the (?P<unit3>day)"
)
ANAPHORA_UNITS = {"year": "Y", "quarter": "Q", "month": "M", "week": "W"}
# The value an antecedent must have to name the unit counted from: a day for a day, a month for a
# month...
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
        word = m.group("unit") or m.group("unit2") or m.group("unit3")
        unit = ANAPHORA_UNITS.get(word, "D")
        offset = {**_BEFORE_UNIT, **_AFTER_UNIT}.get(m.group("rel") or m.group("rel2") or "", 0)
        here = sentence(t)
        for prev in reversed(found[:i]):
            if prev.end_char > t.start_char or not prev.dated or not prev.resolved:
                continue
            if here - sentence(prev) > ANTECEDENT_SENTENCES:
                break
            if not ANAPHORA_NEEDS[unit].match(prev.value or ""):
                continue
            assert prev.start is not None  # dated
            s, e, value, gran = _unit_period(unit, prev.start.date(), offset)
            zone = prev.start.tzinfo
            t.start = datetime(s.year, s.month, s.day, tzinfo=zone)
            t.end = datetime(e.year, e.month, e.day, tzinfo=zone)
            t.value, t.granularity, t.resolved, t.type = value, gran, True, "DATE"
            t.anchor = f"'{prev.text}' ({prev.value})"
            how = {0: "the same", 1: "the next", -1: "the previous"}[offset]
            t.explanation = (
                f"{t.text}; {how} {word} as the date before it, '{prev.text}' "
                f"({prev.value}): {value} (rule {t.pattern})"
            )
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
    if not any(t.trace.reading == "year_ago" for t in found):
        return
    sentence = _sentence_of(doc)
    for i, t in enumerate(found):
        if t.trace.reading != "year_ago" or not t.resolved:
            continue
        here = sentence(t)
        for prev in reversed(found[:i]):
            if prev.end_char > t.start_char or not prev.dated or prev.trace.reading == "year_ago":
                continue
            gap = here - sentence(prev)
            if gap > ANTECEDENT_SENTENCES:
                break
            m = PERIOD_VALUE.match(prev.value or "")
            if not m and not (gap == 0 and DAY_MONTH_VALUE.match(prev.value or "")):
                continue
            assert prev.value and prev.start and prev.end  # dated, with a period value
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
                f"one year earlier: {t.value} (rule {t.pattern})"
            )
            break
