"""Calendar arithmetic: a reading, a direction and a publication date in, a dated span out.

Pure functions on dates, no spaCy, so every rule ("the Wednesday before Monday
2025-10-06", "ISO week 2025-W41", "Friday to Sunday of the current week") can be checked
with plain values. Times here are naive wall-clock datetimes; the caller attaches the time
zone, because which clock applies ("local time" or the outlet's) is decided by the text.

A publication date known only to the month or year is handled by `resolve_in_context`:
every rule here is monotone in the publication day, so reading the expression from the
first and from the last possible day and taking the union bounds every answer; the union
is then widened to whole months (or years) so no day precision is invented.
"""

from __future__ import annotations

import calendar
import functools
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta
from typing import Any

from ..language.lexicon import EN, Holiday
from ..schema import GRANULARITY_RANK
from .read import MONTH_NAMES, PARTS, WEEKDAYS
from .readings import (
    Ago,
    Anaphoric,
    Anniversary,
    AnnivOrigin,
    Century,
    Clock,
    CountedFromDay,
    DateTime,
    DayOfMonth,
    Decade,
    Duration,
    Explicit,
    Half,
    Month,
    MonthDay,
    NamedHoliday,
    NotADate,
    PartOfDay,
    Quarter,
    Range,
    Reading,
    Recurring,
    Ref,
    RelDay,
    ReportQuarter,
    Season,
    ShortYear,
    Span,
    ToDate,
    UnitEdge,
    UnitPartial,
    UnitRel,
    Weekday,
    Weekend,
    Window,
    Year,
    YearAgo,
    YearEnd,
)
from .tense import BEGUN, FUTURE, NEAREST, NOUN_PAST, PAST

# Hours [from, to) of each TimeML part of day, kept inside the day so the span dates to it.
PART_HOURS = {p.code: p.hours for p in EN.parts_of_day.values()}
# "late Wednesday" / "early Wednesday": the part of day code, the hours and the TimeML mod.
EDGE_PARTS = {
    "late": ("NI", (18, 24), "END"),
    "early": ("MO", (0, 12), "START"),
    "mid": ("MI", (10, 16), "MID"),
}
# Each season code's first month and length in months, and the word explanations use.
SEASONS = {x.code: (x.first_month, x.months) for x in EN.seasons.values()}
SEASON_NAMES = {x.code: w for w, x in reversed(list(EN.seasons.items()))}
# How far a vague window reaches ("within days": about a week), and per counted unit.
VAGUE_REACH = {
    "S": timedelta(days=1),
    "MI": timedelta(days=1),
    "H": timedelta(days=1),
    "D": timedelta(days=7),
    "W": timedelta(days=28),
}
VAGUE_MONTHS = {"M": 3, "Y": 24, "DE": 240}
UNIT_WORDS = EN.unit_names


class Unresolvable(Exception):
    """The expression is understood but cannot be dated; the message says why."""


@dataclass
class Resolved:
    """A dated span [start, end) on the wall clock, its TimeML value and the reasoning."""

    start: datetime | None
    end: datetime | None
    value: str | None
    granularity: str
    note: str
    mod: str | None = None
    relative: bool = True


# ---------------------------------------------------------------- small calendar helpers


def _dt(d: date, hour: int = 0, minute: int = 0) -> datetime:
    if hour >= 24:
        return datetime(d.year, d.month, d.day) + timedelta(days=1)
    return datetime(d.year, d.month, d.day, hour, minute)


def add_months(d: date, n: int) -> date:
    y, m = divmod(d.month - 1 + n, 12)
    year, month = d.year + y, m + 1
    return date(year, month, min(d.day, calendar.monthrange(year, month)[1]))


def month_start(year: int, month: int) -> date:
    return date(year, month, 1)


def month_end_excl(year: int, month: int) -> date:
    return add_months(date(year, month, 1), 1)


def iso_monday(d: date) -> date:
    return d - timedelta(days=d.weekday())


def iso_week_value(d: date) -> str:
    y, w, _ = d.isocalendar()
    return f"{y}-W{w:02d}"


def _safe_date(year: int, month: int, day: int) -> date:
    try:
        return date(year, month, day)
    except ValueError:  # 29 February in a common year
        return date(year, month, 28)


def pub_label(pub: date) -> str:
    return f"{pub:%A} {pub.isoformat()}"


def day_resolution(
    d: date, note: str, part: str | None = None, edge: str | None = None
) -> Resolved:
    """A whole day, or a part of it ("late Wednesday" is that Wednesday's evening and night)."""
    if edge in EDGE_PARTS and not part:
        code, (h0, h1), mod = EDGE_PARTS[edge]
        return Resolved(_dt(d, h0), _dt(d, h1), f"{d.isoformat()}T{code}", "part-of-day", note, mod)
    if part:
        code = PARTS.get(part, "DT")
        h0, h1 = PART_HOURS[code]
        edge_mod = EDGE_PARTS[edge][2] if edge in EDGE_PARTS else None
        return Resolved(
            _dt(d, h0), _dt(d, h1), f"{d.isoformat()}T{code}", "part-of-day", note, edge_mod
        )
    return Resolved(_dt(d), _dt(d + timedelta(days=1)), d.isoformat(), "day", note)


def pick(
    candidates: Sequence[tuple[date, date, Any]], pub: date, direction: str, strict: bool = False
):
    """The candidate period [first, last] the direction selects relative to `pub`.

    Past: the latest that has begun by `pub`; future: the earliest not over before `pub`;
    nearest: the one containing `pub`, else the closest. `strict` excludes periods
    containing `pub` ("last Wednesday" on a Wednesday is a week earlier).
    """
    cands = sorted(candidates, key=lambda c: c[0])
    if direction == PAST:
        ok = [c for c in cands if (c[1] < pub if strict else c[0] <= pub)]
        return ok[-1]
    if direction == FUTURE:
        ok = [c for c in cands if (c[0] > pub if strict else c[1] >= pub)]
        return ok[0]

    def distance(c):
        return 0 if c[0] <= pub <= c[1] else min(abs((c[0] - pub).days), abs((pub - c[1]).days))

    return min(cands, key=distance)


def _relation(first: date, last: date, pub: date, direction: str) -> str:
    if first <= pub <= last:
        return "containing" if first != last else "same day as"
    if direction == NEAREST:
        return "nearest to"
    return "before" if last < pub else "after"


# ---------------------------------------------------------------- dateparser, explicit dates only


@functools.lru_cache(maxsize=64)
def _date_parser(base: date | None):
    from dateparser.date import DateDataParser

    settings = {"PREFER_DAY_OF_MONTH": "first", "RETURN_AS_TIMEZONE_AWARE": False}
    if base is not None:
        settings["RELATIVE_BASE"] = _dt(base)
    return DateDataParser(languages=["en"], settings=settings)


@functools.lru_cache(maxsize=4096)
def parse_explicit(text: str, base: date | None) -> tuple[date, str] | None:
    """dateparser's reading of an explicit date span: the date and its period (day, month, year)."""
    data = _date_parser(base).get_date_data(text)
    if data is None or data.date_obj is None:
        return None
    return data.date_obj.date(), data.period or "day"


# ---------------------------------------------------------------- the rules, one per reading kind


def resolve(reading: Reading, direction: str, pub: date | None, text: str = "") -> Resolved:
    """Date one reading against one publication day (None only for absolute readings)."""
    rule = _KINDS.get(reading.kind)
    if rule is None:
        raise Unresolvable(f"no rule dates a {reading.kind} expression")
    if reading.relative and pub is None:
        raise Unresolvable("relative expression and the publication date is unknown")
    ahead: dict[str, bool] = {}
    if direction == BEGUN and rule is _month_day:
        ahead = {"reports_ahead": False}  # past, never the coming date a report may mean
    elif direction == NOUN_PAST and rule is _month:
        ahead = {"coming_month": True}
    if direction in (BEGUN, NOUN_PAST):
        direction = PAST
    r = rule(reading, reading.args, direction, pub, text, **ahead)
    r.relative = reading.relative
    if r.mod is None:
        r.mod = reading.mod
    return r


def _explicit(reading: Reading, a: Explicit, direction: str, pub, text: str):
    year, month, day = a.year, a.month, a.day
    if day is not None:
        parsed = parse_explicit(text, pub) if text else None
        d = parsed[0] if parsed and parsed[1] == "day" else date(year, month, day)
        return day_resolution(d, f"explicit date {d.isoformat()}")
    return _month_span(year, month, reading.mod, f"explicit month {year}-{month:02d}")


def _month_span(year: int, month: int, mod: str | None, note: str) -> Resolved:
    start, end = month_start(year, month), month_end_excl(year, month)
    value = f"{year}-{month:02d}"
    if mod in ("START", "MID", "END"):
        first, last = {"START": (1, 11), "MID": (11, 21), "END": (21, None)}[mod]
        s = date(year, month, first)
        e = date(year, month, last) if last else end
        return Resolved(_dt(s), _dt(e), value, "fuzzy", f"{note}, {mod.lower()} of the month", mod)
    return Resolved(_dt(start), _dt(end), value, "month", note)


def _year(reading: Reading, a: Year, direction: str, pub, text: str):
    return _year_span(a.year, reading.mod, f"year {a.year}")


def short_year(yy: int, pub: date) -> int:
    """A two-digit year ("'82", "7/8/07") in the century that puts it at most ten years after
    publication: '07 in 2025 is 2007, '82 is 1982, '30 is 2030, '40 is 1940."""
    year = pub.year - pub.year % 100 + yy
    return year - 100 if year > pub.year + 10 else year


def _short_year(reading: Reading, a: ShortYear, direction: str, pub, text: str):
    """A year written with two digits, alone or ending a numeric date."""
    year = short_year(a.yy, pub)
    if a.month is None or a.day is None:
        return _year_span(year, reading.mod, f"year '{a.yy:02d} as {year}")
    try:
        d = date(year, a.month, a.day)
    except ValueError as err:
        raise Unresolvable(f"no such day: {err}") from err
    return day_resolution(d, f"'{a.yy:02d} as {year}: {d.isoformat()}")


def _to_date(reading: Reading, a: ToDate, direction: str, pub, text: str):
    """ "year to date": from the start of the year (month, quarter) to publication."""
    unit = a.unit
    start, _, value, gran = _unit_period(unit, pub, 0)
    return Resolved(
        _dt(start),
        _dt(pub + timedelta(days=1)),
        value,
        gran,
        f"from the start of {value} to publication {pub.isoformat()}",
    )


def _year_span(year: int, mod: str | None, note: str) -> Resolved:
    if mod in ("START", "MID", "END"):
        m0 = {"START": 1, "MID": 5, "END": 9}[mod]
        s, e = date(year, m0, 1), add_months(date(year, m0, 1), 4)
        return Resolved(
            _dt(s),
            _dt(e),
            str(year),
            "fuzzy",
            f"{note}, {mod.lower()} of the year (four months)",
            mod,
        )
    return Resolved(_dt(date(year, 1, 1)), _dt(date(year + 1, 1, 1)), str(year), "year", note)


def _decade(reading: Reading, a: Decade, direction: str, pub, text: str):
    y0 = a.decade * 10
    mod = reading.mod
    if mod in ("START", "MID", "END"):
        off, length = {"START": (0, 4), "MID": (3, 4), "END": (6, 4)}[mod]
        return Resolved(
            _dt(date(y0 + off, 1, 1)),
            _dt(date(y0 + off + length, 1, 1)),
            str(a.decade),
            "fuzzy",
            f"the {y0}s, {mod.lower()} of the decade",
            mod,
        )
    return Resolved(
        _dt(date(y0, 1, 1)), _dt(date(y0 + 10, 1, 1)), str(a.decade), "decade", f"the {y0}s"
    )


def _century(reading: Reading, a: Century, direction: str, pub, text: str):
    n = a.century
    y0 = (n - 1) * 100
    return Resolved(
        _dt(date(max(y0, 1), 1, 1)),
        _dt(date(y0 + 100, 1, 1)),
        f"{n - 1:02d}",
        "century",
        f"century {y0}-{y0 + 99}",
    )


def _yearly_candidates(span, first_year: int, last_year: int) -> list[tuple[date, date, int]]:
    """The same period (a quarter, a half, a season) in each year from first to last, as
    (first day, last day, year) for `pick`; `span` gives a year's [start, end)."""
    found = []
    for year in range(first_year, last_year + 1):
        s, e = span(year)
        found.append((s, e - timedelta(days=1), year))
    return found


def _quarter_span(year: int, q: int) -> tuple[date, date]:
    s = date(year, 3 * (q - 1) + 1, 1)
    return s, add_months(s, 3)


# Results for a quarter are reported in the weeks after it closes: "will report third-quarter
# results" in October is the quarter just ended, not next year's.
REPORTING_LAG = timedelta(days=45)


def _quarter(reading: Reading, a: Quarter, direction: str, pub, text: str):
    q = a.quarter
    if a.year is not None:
        year = a.year
        rel = ""
    elif a.year_offset is not None:
        year = pub.year + a.year_offset
        which = {0: "this", 1: "the next"}.get(a.year_offset, "the previous")
        rel = f", {which} year from {pub_label(pub)}"
    else:
        cands = _yearly_candidates(lambda y: _quarter_span(y, q), pub.year - 1, pub.year + 1)
        # Future: a quarter closed within the reporting lag is still the one to come out.
        first, last, year = pick(
            cands, pub - REPORTING_LAG if direction == FUTURE else pub, direction
        )
        rel = f", the Q{q} {_relation(first, last, pub, direction)} {pub_label(pub)}"
    s, e = _quarter_span(year, q)
    return Resolved(_dt(s), _dt(e), f"{year}-Q{q}", "quarter", f"quarter {q} of {year}{rel}")


def _reported_quarter(pub: date) -> tuple[int, int]:
    """The quarter whose results are news at `pub`: the one holding `pub` less the reporting lag."""
    d = pub - REPORTING_LAG
    return d.year, (d.month - 1) // 3 + 1


def _report_quarter(reading: Reading, a: ReportQuarter, direction: str, pub, text: str):
    year, q = _reported_quarter(pub)
    named = ""
    if a.year:  # "the 1988 quarter": the reported quarter, in the year named
        year, named = a.year, ", in the year named"
    s, e = _quarter_span(year, q)
    return Resolved(
        _dt(s),
        _dt(e),
        f"{year}-Q{q}",
        "quarter",
        f"the quarter being reported at {pub_label(pub)} (the one {REPORTING_LAG.days} days "
        f"before publication){named}: Q{q} {year}",
    )


def _year_ago(reading: Reading, a: YearAgo, direction: str, pub, text: str):
    if a.what == "Q":
        year, q = _reported_quarter(pub)
        s, e = _quarter_span(year - 1, q)
        return Resolved(
            _dt(s),
            _dt(e),
            f"{year - 1}-Q{q}",
            "quarter",
            f"the same quarter a year before the one reported at {pub_label(pub)}: Q{q} {year - 1}",
        )
    return _year_span(
        pub.year - 1, None, f"a year before publication {pub.isoformat()}: {pub.year - 1}"
    )


def _half_span(year: int, h: int) -> tuple[date, date]:
    s = date(year, 1 if h == 1 else 7, 1)
    return s, add_months(s, 6)


def _half(reading: Reading, a: Half, direction: str, pub, text: str):
    h = a.half
    if a.year is not None:
        year, rel = a.year, ""
    else:
        cands = _yearly_candidates(lambda y: _half_span(y, h), pub.year - 1, pub.year + 1)
        first, last, year = pick(cands, pub, direction)
        rel = f", the H{h} {_relation(first, last, pub, direction)} {pub_label(pub)}"
    s, e = _half_span(year, h)
    # No granularity names a half year: "fuzzy" says it is coarser than a quarter, finer than a
    # year.
    return Resolved(_dt(s), _dt(e), f"{year}-H{h}", "fuzzy", f"half {h} of {year}{rel}")


def _year_end(reading: Reading, a: YearEnd, direction: str, pub, text: str):
    cands = [(date(y, 12, 31), date(y, 12, 31), y) for y in (pub.year - 1, pub.year)]
    d, _, year = pick(cands, pub, direction)
    how = f"the year-end {_relation(d, d, pub, direction)} {pub_label(pub)}"
    if a.day:
        return day_resolution(d, f"December 31, {how}")
    r = _year_span(year, "END", f"the end of {year}, {how}")
    r.value = str(year)
    return r


def _season_span(year: int, code: str) -> tuple[date, date]:
    m0, length = SEASONS[code]
    s = date(year, m0, 1)
    return s, add_months(s, length)


def _season(reading: Reading, a: Season, direction: str, pub, text: str):
    code = a.season
    if a.year is not None:
        year, how = a.year, ""
    else:
        cands = _yearly_candidates(lambda y: _season_span(y, code), pub.year - 2, pub.year + 1)
        rel = a.rel
        if rel == "last":
            (first, last, year), direction = pick(cands, pub, PAST, strict=True), PAST
        elif rel == "next":
            (first, last, year), direction = pick(cands, pub, FUTURE, strict=True), FUTURE
        elif rel == "this":
            first, last, year = pick(cands, pub, NEAREST)
        else:
            first, last, year = pick(cands, pub, direction)
        how = (
            f", the {SEASON_NAMES[code]} {_relation(first, last, pub, direction)} {pub_label(pub)}"
        )
    s, e = _season_span(year, code)
    return Resolved(
        _dt(s),
        _dt(e),
        f"{year}-{code}",
        "season",
        f"{SEASON_NAMES[code]} {year} (meteorological, northern hemisphere){how}",
    )


def _month_day_pick(month: int, day: int, pub: date, direction: str) -> date:
    cands = [
        (_safe_date(y, month, day),) * 2 + (None,) for y in (pub.year - 1, pub.year, pub.year + 1)
    ]
    return pick(cands, pub, direction)[0]


# A past-tense verb often reports a decision about a date still to come ("extended the offer
# to Nov. 20", "set the vote for January"), while a date nearly a year back would be written
# with its year. So under past tense a date this close ahead of publication is the coming one.
PAST_REPORTS_AHEAD = timedelta(days=61)


def _month_day(
    reading: Reading, a: MonthDay, direction: str, pub, text: str, reports_ahead: bool = True
):
    if a.rel in ("last", "next"):
        rel_dir = PAST if a.rel == "last" else FUTURE
        cands = [
            (_safe_date(y, a.month, a.day),) * 2 + (None,)
            for y in (pub.year - 1, pub.year, pub.year + 1)
        ]
        d = pick(cands, pub, rel_dir, strict=True)[0]
        return day_resolution(
            d,
            f"{a.rel} {d:%B} {d.day}: the one {_relation(d, d, pub, rel_dir)} {pub_label(pub)}",
        )
    d = _month_day_pick(a.month, a.day, pub, direction)
    ahead = _safe_date(pub.year, a.month, a.day)
    if ahead <= pub:
        ahead = _safe_date(pub.year + 1, a.month, a.day)
    if reports_ahead and direction == PAST and ahead <= pub + PAST_REPORTS_AHEAD:
        return day_resolution(
            ahead,
            f"no year: the {ahead:%B} {ahead.day} after {pub_label(pub)} "
            f"(past tense, but a date under {PAST_REPORTS_AHEAD.days} days ahead is the "
            f"coming one, not one nearly a year back)",
        )
    return day_resolution(
        d, f"no year: the {d:%B} {d.day} {_relation(d, d, pub, direction)} {pub_label(pub)}"
    )


def _day_of_month(reading: Reading, a: DayOfMonth, direction: str, pub, text: str):
    day = a.day
    cands = []
    for k in (-2, -1, 0, 1, 2):
        m = add_months(date(pub.year, pub.month, 1), k)
        if day <= calendar.monthrange(m.year, m.month)[1]:
            d = m.replace(day=day)
            cands.append((d, d, None))
    d = pick(cands, pub, direction)[0]
    return day_resolution(
        d,
        f"no month: the {day} {_relation(d, d, pub, direction)} {pub_label(pub)}: {d.isoformat()}",
    )


def _month(reading: Reading, a: Month, direction: str, pub, text: str, coming_month: bool = False):
    month, rel = a.month, a.rel
    cands = [
        (month_start(y, month), month_end_excl(y, month) - timedelta(days=1), y)
        for y in (pub.year - 1, pub.year, pub.year + 1)
    ]
    if a.year_offset is not None:  # "February this year", "June last year"
        year = pub.year + a.year_offset
        name = MONTH_NAMES[month - 1].capitalize()
        return _month_span(
            year,
            month,
            reading.mod,
            f"{name} of the year {year} (publication year {a.year_offset:+d})",
        )
    if rel in ("last", "past"):
        first, last, year = pick(cands, pub, PAST, strict=True)
    elif rel == "next":
        first, last, year = pick(cands, pub, FUTURE, strict=True)
    elif rel == "this":
        first, last, year = month_start(pub.year, month), None, pub.year
    else:
        first, last, year = pick(cands, pub, direction)
    name = MONTH_NAMES[month - 1].capitalize()
    coming = month_start(pub.year + (month <= pub.month), month)
    if coming_month and not rel and coming <= pub + PAST_REPORTS_AHEAD:
        # "warned of a cut in supplies in September" in mid-August: the verb is past, the cut
        # it names is not. Eleven months back would be written "last September".
        return _month_span(
            coming.year,
            month,
            reading.mod,
            f"no year: the {name} after {pub_label(pub)} (a past verb reports what the noun "
            f"names, and a month beginning under {PAST_REPORTS_AHEAD.days} days ahead is the "
            f"coming one, not 'last {name}')",
        )
    how = (
        f"{rel} {name}: {year}"
        if rel
        else f"no year: the {name} {_relation(first, last or first, pub, direction)} "
        f"{pub_label(pub)}"
    )
    return _month_span(year, month, reading.mod, how)


def _weekday(reading: Reading, a: Weekday, direction: str, pub, text: str):
    wd, rel = a.weekday, a.rel
    cands = [
        (d, d, None) for d in (pub + timedelta(days=k) for k in range(-14, 15)) if d.weekday() == wd
    ]
    if rel == "last":
        d, direction = pick(cands, pub, PAST, strict=True)[0], PAST
    elif rel == "next":
        d, direction = pick(cands, pub, FUTURE, strict=True)[0], FUTURE
    elif rel == "this":
        d = iso_monday(pub) + timedelta(days=wd)
        direction = PAST if d < pub else FUTURE
    else:
        d = pick(cands, pub, direction)[0]
    name = WEEKDAYS[wd].capitalize()
    if rel == "last" and d >= iso_monday(pub) and not (a.part or a.edge):
        return _last_weekday_of_this_week(d, name, pub)
    if d == pub:
        note = f"the same day as publication, {pub_label(pub)}"
    else:
        note = f"the {name} {_relation(d, d, pub, direction)} {pub_label(pub)}"
    if rel:
        note = f"{rel} {name}: " + note
    return day_resolution(d, note, a.part, a.edge)


def _last_weekday_of_this_week(d: date, name: str, pub: date) -> Resolved:
    """ "Last Monday" in Wednesday's paper: this week's Monday is usually said "on Monday",
    so "last" may mean the week before's; one outlet's "Last Monday they were discovered"
    on 11 July 2018 meant 2 July. Both Mondays are what the words can mean, so the reading
    spans them and claims no day (a weekday of no known week), leaving the day to the
    reports it meets."""
    before = d - timedelta(days=7)
    note = (
        f"last {name}: said on {pub_label(pub)}, this week's {name} {d.isoformat()} or the "
        f"week before's, {before.isoformat()}"
    )
    return Resolved(
        _dt(before), _dt(d + timedelta(days=1)), f"XXXX-WXX-{d.weekday() + 1}", "fuzzy", note
    )


def _relday(reading: Reading, a: RelDay, direction: str, pub, text: str):
    d = pub + timedelta(days=a.offset)
    return day_resolution(d, f"'{a.word}' from publication {pub.isoformat()}", a.part, a.edge)


def _unit_period(unit: str, pub: date, offset: int) -> tuple[date, date, str, str]:
    """The calendar unit containing `pub`, shifted by `offset`: first day, end (exclusive), value,
    granularity."""
    if unit == "W":
        s = iso_monday(pub) + timedelta(weeks=offset)
        return s, s + timedelta(days=7), iso_week_value(s), "week"
    if unit == "M":
        s = add_months(date(pub.year, pub.month, 1), offset)
        return s, add_months(s, 1), f"{s:%Y-%m}", "month"
    if unit == "Q":
        q = (pub.month - 1) // 3 + offset
        y, q = pub.year + q // 4, q % 4 + 1
        s, e = _quarter_span(y, q)
        return s, e, f"{y}-Q{q}", "quarter"
    if unit == "Y":
        y = pub.year + offset
        return date(y, 1, 1), date(y + 1, 1, 1), str(y), "year"
    if unit == "D":
        s = pub + timedelta(days=offset)
        return s, s + timedelta(days=1), s.isoformat(), "day"
    raise Unresolvable(f"no calendar unit {unit!r}")


def _unit_rel(reading: Reading, a: UnitRel, direction: str, pub, text: str):
    s, e, value, gran = _unit_period(a.unit, pub, a.offset)
    which = {0: "the current", -1: "the previous", 1: "the next"}.get(a.offset, f"{a.offset:+d}")
    extra = " (ISO week, Monday to Sunday)" if a.unit == "W" else ""
    return Resolved(
        _dt(s),
        _dt(e),
        value,
        gran,
        f"{which} {UNIT_WORDS[a.unit]} from {pub_label(pub)}: {value}{extra}",
    )


def _weekend(reading: Reading, a: Weekend, direction: str, pub, text: str):
    saturdays = [iso_monday(pub) + timedelta(days=5 + 7 * k) for k in (-2, -1, 0, 1, 2)]
    cands = [(s, s + timedelta(days=1), None) for s in saturdays]
    rel = a.rel
    if rel == "last":
        sat, direction = pick(cands, pub, PAST, strict=True)[0], PAST
    elif rel == "next":
        sat, direction = pick(cands, pub, FUTURE, strict=True)[0], FUTURE
    elif rel == "this":
        sat, direction = pick(cands, pub, FUTURE)[0], FUTURE
    else:
        sat = pick(cands, pub, direction)[0]
    sun = sat + timedelta(days=1)
    how = f"{rel} weekend" if rel else "the weekend"
    note = (
        f"{how} {_relation(sat, sun, pub, direction)} {pub_label(pub)}: Saturday {sat} and "
        f"Sunday {sun}"
    )
    return Resolved(
        _dt(sat), _dt(sat + timedelta(days=2)), f"{iso_week_value(sat)}-WE", "weekend", note
    )


def _unit_edge(reading: Reading, a: UnitEdge, direction: str, pub, text: str):
    unit, mod = a.unit, reading.mod
    if mod not in ("START", "MID", "END"):
        raise Unresolvable(f"no edge {mod} of a unit")
    s, e, value, _ = _unit_period(unit, pub, a.offset)
    if unit == "W":
        lo, hi = {"START": (0, 2), "MID": (2, 4), "END": (4, 7)}[mod]
        s2, e2 = s + timedelta(days=lo), s + timedelta(days=hi)
        part = {
            "START": "Monday to Tuesday",
            "MID": "Wednesday to Thursday",
            "END": "Friday to Sunday",
        }[mod]
    elif unit == "M":
        first_day, next_part = {"START": (1, 11), "MID": (11, 21), "END": (21, None)}[mod]
        s2 = s.replace(day=first_day)
        e2 = s.replace(day=next_part) if next_part else e
        part = {"START": "days 1-10", "MID": "days 11-20", "END": "day 21 to the month's end"}[mod]
    elif unit == "Y":
        m0 = {"START": 1, "MID": 5, "END": 9}[mod]
        s2 = date(s.year, m0, 1)
        e2 = add_months(s2, 4)
        part = {
            "START": "January to April",
            "MID": "May to August",
            "END": "September to December",
        }[mod]
    else:
        raise Unresolvable(f"no edge rule for unit {unit}")
    return Resolved(_dt(s2), _dt(e2), value, "fuzzy", f"{mod.lower()} of {value}: {part}", mod)


def _unit_partial(reading: Reading, a: UnitPartial, direction: str, pub, text: str):
    s, e, value, _ = _unit_period(a.unit, pub, 0)
    if a.side == "earlier":
        return Resolved(
            _dt(s),
            _dt(pub + timedelta(days=1)),
            value,
            "fuzzy",
            f"from the start of {value} to publication {pub.isoformat()}",
            "START",
        )
    return Resolved(
        _dt(pub),
        _dt(e),
        value,
        "fuzzy",
        f"from publication {pub.isoformat()} to the end of {value}",
        "END",
    )


def _reach(unit: str, n, pub: date, sign: int) -> date:
    """The day `n` units (or a vague few) away from `pub`."""
    if n is None:
        if unit in VAGUE_REACH:
            return pub + sign * VAGUE_REACH[unit]
        return add_months(pub, sign * VAGUE_MONTHS.get(unit, 3))
    n = int(round(n))
    if unit in ("S", "MI"):
        return pub + sign * timedelta(days=1)
    if unit == "H":
        return pub + sign * timedelta(days=max(1, -(-n // 24)))
    if unit == "D":
        return pub + sign * timedelta(days=n)
    if unit == "W":
        return pub + sign * timedelta(weeks=n)
    months = {"M": 1, "Q": 3, "Y": 12, "DE": 120, "CE": 1200}.get(unit)
    if months is None:
        raise Unresolvable(f"no reach rule for unit {unit}")
    return add_months(pub, sign * n * months)


def _window(reading: Reading, a: Window, direction: str, pub, text: str):
    unit, n = a.unit, a.n
    how = (
        f"{n} {UNIT_WORDS.get(unit, unit)}(s)"
        if n
        else f"a vague few {UNIT_WORDS.get(unit, unit)}s"
    )
    # Written as its length, counted ("within two weeks" P2W, "the past decade" P10Y) or vague
    # ("recent weeks" PXW), as TimeML writes "the past few weeks"; the span is the window itself.
    value = duration_value(n, unit)
    if a.direction == "future":
        last = _reach(unit, n, pub, +1)
        return Resolved(
            _dt(pub),
            _dt(last + timedelta(days=1)),
            value,
            "fuzzy",
            f"window from publication {pub.isoformat()} to about {last.isoformat()} ({how})",
        )
    first = _reach(unit, n, pub, -1)
    return Resolved(
        _dt(first),
        _dt(pub + timedelta(days=1)),
        value,
        "fuzzy",
        f"window from about {first.isoformat()} ({how} back) to publication {pub.isoformat()}",
    )


def _ago(reading: Reading, a: Ago, direction: str, pub, text: str):
    unit, n = a.unit, a.n
    if n is None:
        first = _reach(unit, None, pub, -1)
        return Resolved(
            _dt(first),
            _dt(pub),
            "PAST_REF",
            "fuzzy",
            f"some {UNIT_WORDS.get(unit, unit)}s before publication {pub.isoformat()}",
        )
    day = _reach(unit, n, pub, -1)
    if unit in ("H", "D"):
        return day_resolution(
            day, f"{n} {UNIT_WORDS[unit]}(s) before publication {pub.isoformat()}"
        )
    if unit in ("DE", "CE"):
        r = _year_span(
            day.year, None, f"{n} {UNIT_WORDS[unit]}(s) before {pub.year}: about {day.year}"
        )
        r.mod = "APPROX"
        return r
    s, e, value, gran = _unit_period(
        {"M": "M", "W": "W", "Y": "Y", "Q": "Q"}.get(unit, "Y"), day, 0
    )
    return Resolved(
        _dt(s), _dt(e), value, gran, f"{n} {UNIT_WORDS[unit]}(s) before {pub.isoformat()}: {value}"
    )


# A fraction of a unit written in the next smaller one ("2 1/2 years" is P2Y6M), TimeML's way.
_SUBUNIT = {
    "Y": (12, "M"),
    "M": (30, "D"),
    "W": (7, "D"),
    "D": (24, "H"),
    "H": (60, "MI"),
    "MI": (60, "S"),
}
_TIME_UNITS = {"H": "H", "MI": "M", "S": "S"}


def duration_value(n, unit: str) -> str:
    """The TimeML value of a length: P2Y, PT24H, PT1M30S, P2Y6M; PXD when the count is vague.

    Counted decades and centuries are written in years ("two decades" P20Y, "a century"
    P100Y), as TimeML corpora write them; so are uncounted decades ("decades-long" PXY, as
    TimeBank and MEANTIME both write it). Uncounted centuries keep their unit (PXCE): the
    corpora agree on no spelling for them.
    """
    if n is None and unit == "DE":
        return "PXY"
    if n is None:
        return f"PTX{_TIME_UNITS[unit]}" if unit in _TIME_UNITS else f"PX{unit}"
    if unit in ("DE", "CE"):
        n, unit = n * (10 if unit == "DE" else 100), "Y"
    parts = [(int(n), unit)]
    frac = float(n) - int(n)
    if frac and unit in _SUBUNIT:
        per, sub = _SUBUNIT[unit]
        if float(frac * per).is_integer():
            parts.append((int(frac * per), sub))
        else:
            return f"P{n}{unit}" if unit not in _TIME_UNITS else f"PT{n}{_TIME_UNITS[unit]}"
    date_part = "".join(f"{k}{u}" for k, u in parts if u not in _TIME_UNITS and k)
    time_part = "".join(f"{k}{_TIME_UNITS[u]}" for k, u in parts if u in _TIME_UNITS and k)
    if not date_part and not time_part:
        return f"PT0{_TIME_UNITS[unit]}" if unit in _TIME_UNITS else f"P0{unit}"
    return "P" + date_part + (f"T{time_part}" if time_part else "")


def _duration(reading: Reading, a: Duration, direction: str, pub, text: str):
    value = duration_value(a.n, a.unit)
    return Resolved(
        None, None, value, "unknown", f"a duration ({value}), not a point in time: not dated"
    )


def _span(reading: Reading, a: Span, direction: str, pub, text: str):
    unit, n = a.unit, a.n
    value = duration_value(n, unit)
    n = a.reach if a.reach is not None else n  # a range of counts reaches as far as its larger one
    if a.direction == "past":
        first = _reach(unit, n, pub, -1)
        return Resolved(
            _dt(first),
            _dt(pub + timedelta(days=1)),
            value,
            "fuzzy",
            f"a duration ({value}) ending at publication {pub.isoformat()}",
        )
    last = _reach(unit, n, pub, +1)
    return Resolved(
        _dt(pub),
        _dt(last + timedelta(days=1)),
        value,
        "fuzzy",
        f"a duration ({value}) starting at publication {pub.isoformat()}",
    )


def _ref(reading: Reading, a: Ref, direction: str, pub, text: str):
    value = a.value
    if value == "PRESENT_REF":
        r = day_resolution(pub, f"the present: publication day {pub.isoformat()}")
        r.value = "PRESENT_REF"
        return r
    side = "before" if value == "PAST_REF" else "after"
    return Resolved(
        None, None, value, "unknown", f"an unbounded time {side} publication: not dated"
    )


def _set(reading: Reading, a: Recurring, direction: str, pub, text: str):
    return Resolved(None, None, a.value, "unknown", "a recurring time (SET): not dated")


def _clock(reading: Reading, a: Clock, direction: str, pub, text: str):
    d = pub  # a clock time with its day is a DateTime; alone it is on the publication day
    start = _dt(d, a.hour, a.minute)
    value = f"{d.isoformat()}T{a.hour:02d}:{a.minute:02d}"
    where = f" on the publication day {pub.isoformat()} (no day named)"
    return Resolved(
        start,
        start + timedelta(minutes=1),
        value,
        "time",
        f"{a.hour:02d}:{a.minute:02d}{where}",
    )


def _datetime(reading: Reading, a: DateTime, direction: str, pub, text: str):
    """A clock time attached to a day expression in the same clause: the day, then the minute."""
    day_r = resolve(a.day_reading, direction, pub, a.day_text)
    if day_r.start is None or day_r.granularity not in ("day", "part-of-day"):
        raise Unresolvable("the day the time is attached to cannot be dated to a single day")
    d = day_r.start.date()
    start = _dt(d, a.hour, a.minute)
    return Resolved(
        start,
        start + timedelta(minutes=1),
        f"{d.isoformat()}T{a.hour:02d}:{a.minute:02d}",
        "time",
        f"{day_r.note}; at {a.hour:02d}:{a.minute:02d}",
    )


def _inner_day(a, direction, pub) -> tuple[date, Resolved]:
    inner = resolve(a.inner, direction, pub, a.inner_text)
    if inner.granularity == "fuzzy" and isinstance(a.inner.args, Weekday) and inner.end:
        # "the day before last Tuesday" in Thursday's paper counts from this week's Tuesday,
        # the nearer of the two days "last Tuesday" can mean, as TimeBank dates it: a day
        # counted from is one the writer has in view
        d = (inner.end - timedelta(days=1)).date()
        return d, day_resolution(d, f"{inner.note}; counted from the nearer, {d.isoformat()}")
    if inner.start is None or inner.granularity not in ("day", "part-of-day"):
        raise Unresolvable(f"'{a.inner_text}' does not name a single day to count from")
    return inner.start.date(), inner


def _day_shift(reading: Reading, a: CountedFromDay, direction: str, pub, text: str):
    """ "the day before last Tuesday": the named day, then one day back or on."""
    d, inner = _inner_day(a, direction, pub)
    shifted = d + timedelta(days=a.days)
    which = "before" if a.days < 0 else "after"
    return day_resolution(shifted, f"the day {which} {inner.note}: {shifted.isoformat()}")


def _week_of(reading: Reading, a: CountedFromDay, direction: str, pub, text: str):
    """ "the week of March 6": the ISO week (Monday to Sunday) holding the named day."""
    d, inner = _inner_day(a, direction, pub)
    s = iso_monday(d)
    value = iso_week_value(s)
    return Resolved(
        _dt(s), _dt(s + timedelta(days=7)), value, "week", f"the week of {inner.note}: {value}"
    )


def _range(reading: Reading, a: Range, direction: str, pub, text: str):
    left = resolve(a.left, direction, pub, a.left_text)
    right = resolve(a.right, direction, pub, a.right_text)
    if left.start is None or right.start is None or right.end is None or right.end <= left.start:
        raise Unresolvable("the two ends of the range do not make a span")
    gran = max(
        left.granularity,
        right.granularity,
        key=lambda g: GRANULARITY_RANK.get(g, len(GRANULARITY_RANK)),
    )
    return Resolved(
        left.start,
        right.end,
        f"{left.value}/{right.value}",
        gran,
        f"from {left.note} to {right.note}",
    )


def _anniversary(reading: Reading, a: Anniversary, direction: str, pub, text: str):
    n = a.n
    if a.year is not None:
        if n is None:
            raise Unresolvable("an anniversary without its ordinal cannot be counted from the year")
        d = _safe_date(a.year + n, a.month, a.day)
        return day_resolution(
            d, f"anniversary {n} of {a.year}-{a.month:02d}-{a.day:02d}: {d.isoformat()}"
        )
    d = _month_day_pick(a.month, a.day, pub, direction)
    return day_resolution(
        d,
        f"anniversary on {d:%B} {d.day}, the "
        f"one {_relation(d, d, pub, direction)} {pub_label(pub)}",
    )


def _anniv_origin(reading: Reading, a: AnnivOrigin, direction: str, pub, text: str):
    anniv = _month_day_pick(a.month, a.day, pub, direction)
    d = _safe_date(anniv.year - a.n, a.month, a.day)
    return day_resolution(
        d, f"named by its anniversary {a.n} on {anniv.isoformat()}: {a.n} year(s) earlier"
    )


def _nth_weekday(year: int, month: int, weekday: int, n: int) -> date:
    """The n-th given weekday of a month (n = -1: the last one)."""
    if n > 0:
        first = date(year, month, 1)
        return first + timedelta(days=(weekday - first.weekday()) % 7 + 7 * (n - 1))
    last = date(year, month, calendar.monthrange(year, month)[1])
    return last - timedelta(days=(last.weekday() - weekday) % 7)


def _easter(year: int) -> date:
    """Western Easter Sunday (the anonymous Gregorian computus)."""
    a, b, c = year % 19, year // 100, year % 100
    d, e = b // 4, b % 4
    g = (8 * b + 13) // 25
    h = (19 * a + b - d - g + 15) % 30
    i, k = c // 4, c % 4
    wd = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 19 * wd) // 433
    month = (h + wd - 7 * m + 90) // 25
    return date(year, month, (h + wd - 7 * m + 33 * month + 19) % 32)


def holiday_date(holiday: Holiday, year: int) -> date:
    """A holiday's day in a year, by the lexicon's rule for it."""
    if holiday.easter:
        found = _easter(year)
    elif holiday.nth is not None and holiday.weekday is not None and holiday.month:
        found = _nth_weekday(year, holiday.month, holiday.weekday, holiday.nth)
    else:
        assert holiday.month and holiday.day
        found = date(year, holiday.month, holiday.day)
    return found + timedelta(days=holiday.shift_days)


_HOLIDAYS = {h.key: h for h in EN.holidays}


def _holiday(reading: Reading, a: NamedHoliday, direction: str, pub, text: str):
    """A named holiday: its date in the year the tense (or last/next/this) points to."""
    holiday = _HOLIDAYS[a.name]
    days = [holiday_date(holiday, y) for y in (pub.year - 1, pub.year, pub.year + 1)]
    # "Easter week": the ISO week holding the holiday, so a week already begun is this year's.
    spans = [(iso_monday(d), iso_monday(d) + timedelta(days=6)) if a.week else (d, d) for d in days]
    rel = a.rel
    if rel == "this":
        first, last = spans[1]
    else:
        direction = {"last": PAST, "next": FUTURE}.get(rel or "", direction)
        first, last, _ = pick(
            [(f, e, None) for f, e in spans], pub, direction, strict=rel is not None
        )
    if a.week:
        value = iso_week_value(first)
        relation = _relation(first, last, pub, direction)
        note = f"the week of {a.name} {relation} {pub_label(pub)}: {value}"
        return Resolved(_dt(first), _dt(last + timedelta(days=1)), value, "week", note)
    return day_resolution(
        first,
        f"{a.name} {_relation(first, first, pub, direction)} {pub_label(pub)}: {first.isoformat()}",
    )


def _unresolvable(
    reading: Reading, a: Anaphoric | NotADate | PartOfDay, direction: str, pub, text: str
):
    raise Unresolvable(a.reason)


_KINDS: dict[str, Callable[..., Resolved]] = {
    "explicit": _explicit,
    "year": _year,
    "decade": _decade,
    "century": _century,
    "quarter": _quarter,
    "season": _season,
    "month_day": _month_day,
    "day_of_month": _day_of_month,
    "month": _month,
    "weekday": _weekday,
    "relday": _relday,
    "unit_rel": _unit_rel,
    "weekend": _weekend,
    "unit_edge": _unit_edge,
    "unit_partial": _unit_partial,
    "half": _half,
    "report_quarter": _report_quarter,
    "year_ago": _year_ago,
    "year_end": _year_end,
    "window": _window,
    "ago": _ago,
    "duration": _duration,
    "span": _span,
    "ref": _ref,
    "set": _set,
    "clock": _clock,
    "datetime": _datetime,
    "range": _range,
    "anniversary": _anniversary,
    "anniv_origin": _anniv_origin,
    "anaphoric": _unresolvable,
    "part": _unresolvable,
    "not_a_date": _unresolvable,
    "holiday": _holiday,
    "day_shift": _day_shift,
    "short_year": _short_year,
    "to_date": _to_date,
    "week_of": _week_of,
}


# ---------------------------------------------------------------- publication precision


def generic_value(reading: Reading) -> str:
    """A TimeML value that claims no more than the reading itself states."""
    a = reading.args
    if isinstance(a, Weekday):
        return f"XXXX-WXX-{a.weekday + 1}"
    if isinstance(a, DayOfMonth):
        return f"XXXX-XX-{a.day:02d}"
    if isinstance(a, MonthDay | Anniversary | AnnivOrigin):
        return f"XXXX-{a.month:02d}-{a.day:02d}"
    if isinstance(a, Month):
        return f"XXXX-{a.month:02d}"
    if isinstance(a, Window):
        return duration_value(a.n, a.unit)
    return "XXXX-XX-XX"


def _snap(start: datetime, end: datetime, precision: str) -> tuple[datetime, datetime]:
    s, e = start.date(), (end - timedelta(microseconds=1)).date()
    if precision == "month":
        s2, e2 = date(s.year, s.month, 1), month_end_excl(e.year, e.month)
    else:
        s2, e2 = date(s.year, 1, 1), date(e.year + 1, 1, 1)
    return _dt(s2), _dt(e2)


def resolve_in_context(
    reading: Reading, direction: str, published: date | None, precision: str, text: str = ""
) -> tuple[Resolved, str | None]:
    """Date a reading against a publication context; also return what it was anchored on.

    `published` is the first day of the known period and `precision` one of day, month,
    year, unknown (as in PublicationContext).

    Python dates only hold the years 1 to 9999. "99999 years ago", "within 100000 years" or
    "last winter" read from 0001-01-01 land outside them, and the date arithmetic then raises
    OverflowError or ValueError; that is an expression we cannot date, not a broken article,
    so it becomes Unresolvable with the reason.
    """
    try:
        return _resolve_in_context(reading, direction, published, precision, text)
    except (OverflowError, ValueError) as err:
        raise Unresolvable(
            f"falls outside the calendar that can be dated (years 1 to 9999): {err}"
        ) from err


def _resolve_in_context(
    reading: Reading, direction: str, published: date | None, precision: str, text: str
) -> tuple[Resolved, str | None]:
    known = published is not None and precision != "unknown"
    if not reading.relative:
        return resolve(reading, direction, published if known else None, text), None
    if not known or published is None:
        raise Unresolvable("relative expression and the publication date is unknown")
    if precision == "day":
        return resolve(reading, direction, published, text), f"publication {published.isoformat()}"
    if precision == "month":
        first, last = published, month_end_excl(published.year, published.month) - timedelta(days=1)
        label = f"{published:%Y-%m}"
    else:
        first, last = date(published.year, 1, 1), date(published.year, 12, 31)
        label = f"{published.year}"
    anchor = f"publication {label} ({precision} precision)"
    a = resolve(reading, direction, first, text)
    b = resolve(reading, direction, last, text)
    if a.start is None or b.start is None or a.end is None or b.end is None:
        return a, anchor
    start, end = _snap(min(a.start, b.start), max(a.end, b.end), precision)
    if (start, end) == (a.start, a.end) == (b.start, b.end):
        return a, anchor
    if (a.start, a.end, a.value, a.mod) == (b.start, b.end, b.value, b.mod):
        # "June 23" or "5 July" names its day, whichever day of the period the page came out
        # on: widening it to the period would throw away a day the text states
        note = (
            f"{a.note}; publication known only to the {precision} ({label}): the same reading "
            f"read from {first.isoformat()} and from {last.isoformat()}"
        )
        return replace(a, note=note), anchor
    single_month = add_months(start.date(), 1) == end.date() and start.day == 1
    single_year = start.date() == date(start.year, 1, 1) and end.date() == date(
        start.year + 1, 1, 1
    )
    value: str | None
    if precision == "month" and single_month:
        value, gran = f"{start:%Y-%m}", "month"
    elif single_year:
        value, gran = str(start.year), "year"
    else:
        value, gran = (a.value if a.value == b.value else generic_value(reading)), "fuzzy"
    unit = "months" if precision == "month" else "years"
    note = (
        f"publication known only to the {precision} ({label}): read from {first.isoformat()} "
        f"({a.note}) and from {last.isoformat()}, widened to whole {unit}: "
        f"{start.date().isoformat()} to {(end - timedelta(days=1)).date().isoformat()}"
    )
    return Resolved(start, end, value, gran, note, a.mod, True), anchor
