"""Readings: what the words of one date expression say, before any calendar arithmetic.

A rule-table row's builder (`read.BUILDERS`) turns the words it read into a `Reading`: its
kind, and the parts that kind is made of as a dataclass of its own (`Weekday`, `Clock`,
`Duration`, ...), so the resolver in `calendar` reads named, typed fields and a misspelt part
fails where it is written rather than as a missing key at run time. A row naming no builder
gives its kind's parts as `args` in `rules.toml`; `parts_of` builds them by the kind.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

Count = int | float  # "two weeks", "2 1/2 years"


@dataclass(frozen=True)
class Explicit:
    """ "October 8, 2025", "March 1989": a day or month of a year, named in full."""

    year: int
    month: int
    day: int | None = None


@dataclass(frozen=True)
class Year:
    year: int


@dataclass(frozen=True)
class Decade:
    decade: int  # 198 for the 1980s, as TimeML writes it


@dataclass(frozen=True)
class Century:
    century: int  # 20 for the 20th century


@dataclass(frozen=True)
class ShortYear:
    """ "'82", "7/8/07", "FY25": a year of two digits, its century settled by publication."""

    yy: int
    month: int | None = None
    day: int | None = None


@dataclass(frozen=True)
class ToDate:
    unit: str  # "year to date": the unit counted to publication


@dataclass(frozen=True)
class Quarter:
    """A quarter, of a year named, of a year counted from publication, or by tense."""

    quarter: int
    year: int | None = None
    year_offset: int | None = None


@dataclass(frozen=True)
class Half:
    half: int
    year: int | None = None


@dataclass(frozen=True)
class ReportQuarter:
    """ "the quarter", "the 1988 period": the quarter a results story reports."""

    year: int | None = None


@dataclass(frozen=True)
class YearAgo:
    what: str | None = None  # "Q" when a quarter or period is named, else the year


@dataclass(frozen=True)
class YearEnd:
    day: bool  # "year-end" as an adjective is December 31, as a noun the year's end


@dataclass(frozen=True)
class Season:
    season: str  # TimeML code: SP, SU, FA, WI
    year: int | None = None
    rel: str | None = None


@dataclass(frozen=True)
class MonthDay:
    month: int
    day: int
    rel: str | None = None


@dataclass(frozen=True)
class DayOfMonth:
    day: int


@dataclass(frozen=True)
class Month:
    month: int
    rel: str | None = None
    year_offset: int | None = None


@dataclass(frozen=True)
class NamedHoliday:
    name: str
    rel: str | None = None
    week: bool = False


@dataclass(frozen=True)
class Weekday:
    weekday: int  # 0 is Monday
    part: str | None = None
    edge: str | None = None
    rel: str | None = None


@dataclass(frozen=True)
class RelDay:
    """ "yesterday", "this morning", "later today": a day counted from publication."""

    offset: int
    part: str | None = None
    word: str = ""
    edge: str | None = None


@dataclass(frozen=True)
class PartOfDay:
    """ "in the morning" with no day named: the day comes from the text before it."""

    part: str
    reason: str


@dataclass(frozen=True)
class UnitRel:
    unit: str
    offset: int


@dataclass(frozen=True)
class Weekend:
    rel: str | None = None


@dataclass(frozen=True)
class UnitEdge:
    unit: str
    offset: int


@dataclass(frozen=True)
class UnitPartial:
    unit: str
    side: str  # "earlier" or "later" ("earlier this month")


@dataclass(frozen=True)
class Window:
    """ "in recent weeks", "the past year": a stretch ending or starting at publication."""

    direction: str
    unit: str
    n: Count | None = None


@dataclass(frozen=True)
class Ago:
    unit: str
    n: Count | None = None


@dataclass(frozen=True)
class Duration:
    unit: str
    n: Count | None = None  # None: a vague count ("weeks", PXW)


@dataclass(frozen=True)
class Span:
    """ "the next six months": a length anchored at publication."""

    unit: str
    direction: str
    n: Count | None = None
    reach: Count | None = None  # "the next 12 to 18 months" reaches as far as 18


@dataclass(frozen=True)
class Recurring:
    """A TimeML SET: "daily" P1D, "on Fridays" XXXX-WXX-5."""

    value: str
    unit: str


@dataclass(frozen=True)
class Clock:
    hour: int
    minute: int
    zone: str | None = None


@dataclass(frozen=True)
class Ref:
    value: str  # PRESENT_REF, PAST_REF or FUTURE_REF


@dataclass(frozen=True)
class Anaphoric:
    """ "that year", "the previous Friday": dated by the text before it, or not at all."""

    reason: str
    weekday: int | None = None
    step: int | None = None


@dataclass(frozen=True)
class NotADate:
    reason: str


@dataclass(frozen=True)
class DateTime:
    """A clock time and the day named with it in the same clause."""

    day_reading: Reading
    day_text: str
    hour: int
    minute: int
    zone: str | None = None


@dataclass(frozen=True)
class Range:
    left: Reading
    right: Reading
    left_text: str
    right_text: str


@dataclass(frozen=True)
class CountedFromDay:
    """ "the day before last Tuesday", "the eve of X", "the week of March 6": a step from a
    named day."""

    inner: Reading
    inner_text: str
    days: int


@dataclass(frozen=True)
class Anniversary:
    """ "the second anniversary of the October 7 attacks": the n-th return of a day."""

    n: int | None
    month: int
    day: int
    year: int | None = None


@dataclass(frozen=True)
class AnnivOrigin:
    """The day an anniversary counts from, dated n years before the anniversary."""

    n: int
    month: int
    day: int


Parts = (
    Explicit
    | Year
    | Decade
    | Century
    | ShortYear
    | ToDate
    | Quarter
    | Half
    | ReportQuarter
    | YearAgo
    | YearEnd
    | Season
    | MonthDay
    | DayOfMonth
    | Month
    | NamedHoliday
    | Weekday
    | RelDay
    | PartOfDay
    | UnitRel
    | Weekend
    | UnitEdge
    | UnitPartial
    | Window
    | Ago
    | Duration
    | Span
    | Recurring
    | Clock
    | Ref
    | Anaphoric
    | NotADate
    | DateTime
    | Range
    | CountedFromDay
    | Anniversary
    | AnnivOrigin
)

# The parts each kind is made of: a rule-table row with no builder names its kind and gives
# these fields as its `args`.
KIND_PARTS: dict[str, type] = {
    "explicit": Explicit,
    "year": Year,
    "decade": Decade,
    "century": Century,
    "short_year": ShortYear,
    "to_date": ToDate,
    "quarter": Quarter,
    "half": Half,
    "report_quarter": ReportQuarter,
    "year_ago": YearAgo,
    "year_end": YearEnd,
    "season": Season,
    "month_day": MonthDay,
    "day_of_month": DayOfMonth,
    "month": Month,
    "holiday": NamedHoliday,
    "weekday": Weekday,
    "relday": RelDay,
    "part": PartOfDay,
    "unit_rel": UnitRel,
    "weekend": Weekend,
    "unit_edge": UnitEdge,
    "unit_partial": UnitPartial,
    "window": Window,
    "ago": Ago,
    "duration": Duration,
    "span": Span,
    "set": Recurring,
    "clock": Clock,
    "ref": Ref,
    "anaphoric": Anaphoric,
    "not_a_date": NotADate,
    "datetime": DateTime,
    "range": Range,
    "day_shift": CountedFromDay,
    "week_of": CountedFromDay,
    "anniversary": Anniversary,
    "anniv_origin": AnnivOrigin,
}


def parts_of(kind: str, args: Mapping[str, Any]) -> Parts:
    """A kind's parts from a rule-table row's `args`; a kind or field the table misnames
    raises ValueError naming it, when the table is loaded."""
    cls = KIND_PARTS.get(kind)
    if cls is None:
        raise ValueError(f"no reading kind {kind!r}")
    try:
        return cls(**args)
    except TypeError as err:
        raise ValueError(f"{kind} readings have no such parts: {err}") from None


@dataclass
class Reading:
    """The kind of a date expression and its parts (see the rule table in `read`)."""

    kind: str
    args: Parts
    type: str = "DATE"
    relative: bool = True  # needs the publication date
    tensed: bool = False  # needs the governing verb's direction
    mod: str | None = None
    rule: str | None = None  # id of the rule-table row that read it, for the explanation
