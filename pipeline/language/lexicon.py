"""The English lexicon (`en/lexicon.toml`) as typed, read-only values, loaded once.

Words are data so that every step reading a class of words reads the same one: when the
date engine learns a planning verb, modality and publication-date inference learn it too.
Sections this module does not type stay readable through `Lexicon.section`, so a step can
add its own table (event types, say) without a change here.
"""

from __future__ import annotations

import functools
import re
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType
from typing import Any

_HERE = Path(__file__).resolve().parent


@dataclass(frozen=True)
class Month:
    number: int
    name: str
    short: tuple[str, ...]  # "sep", "sept"; each is also read with a full stop


@dataclass(frozen=True)
class Unit:
    word: str
    plural: str
    code: str  # TimeML duration unit: S, MI, H, D, W, WE, M, Q, Y, DE, CE


@dataclass(frozen=True)
class PartOfDay:
    word: str
    code: str  # TimeML part-of-day code: MO, AF, EV, NI, MI, DT
    hours: tuple[int, int]  # [from, to) within its day
    alone: bool = True  # read as a part of day on its own ("Tuesday morning", "overnight")


@dataclass(frozen=True)
class Season:
    word: str
    code: str  # TimeML season code: SP, SU, FA, WI
    first_month: int
    months: int


@dataclass(frozen=True)
class Holiday:
    key: str
    names: tuple[str, ...]
    month: int | None = None
    day: int | None = None
    weekday: int | None = None  # with nth: the n-th such weekday of the month (-1: the last)
    nth: int | None = None
    easter: bool = False
    shift_days: int = 0


@dataclass(frozen=True)
class ClockZone:
    word: str
    zone: str  # IANA name the clock is read in
    utc_offset: str  # the abbreviation's own offset, "+05:30"


@dataclass(frozen=True)
class Lexicon:
    months: tuple[Month, ...]
    weekdays: tuple[str, ...]  # Monday first, as datetime.weekday() counts
    weekday_short: Mapping[str, int]
    unit_list: tuple[Unit, ...]
    parts_of_day: Mapping[str, PartOfDay]
    seasons: Mapping[str, Season]
    holidays: tuple[Holiday, ...]
    clock_zones: Mapping[str, ClockZone]
    future_aux: frozenset[str]
    modal_aux: frozenset[str]
    hedged_modals: frozenset[str]
    perfect_aux: frozenset[str]
    present_be: frozenset[str]
    planning_verbs: Mapping[str, str]  # lemma -> the modality it gives what it governs
    plan_making_verbs: frozenset[str]
    deferring_verbs: frozenset[str]
    deciding_words: frozenset[str]
    reporting_verbs: frozenset[str]
    confirming_verbs: frozenset[str]
    cardinals: Mapping[str, int]  # words spelled-out counts are built from, "one" to "thousand"
    count_phrases: Mapping[str, int]  # counts of their own: "a", "a couple of", "a dozen"
    vague_counts: tuple[str, ...]  # "several", "a few": a count naming no number
    ordinals: Mapping[str, int]
    decade_words: Mapping[str, int]  # "nineties" -> 199, TimeML's decade value
    length_mods: Mapping[str, str]  # "more than" -> MORE_THAN
    edge_mods: Mapping[str, str]  # "early" -> START
    relative_days: Mapping[str, int]  # "yesterday" -> -1
    set_adverbs: Mapping[str, str]  # "weekly" -> W
    word_classes: Mapping[str, frozenset[str]]  # [words]: named classes, see words()
    raw: Mapping[str, Any]

    @functools.cached_property
    def units(self) -> Mapping[str, str]:
        """Every unit word, singular or plural -> its TimeML code."""
        words = {u.word: u.code for u in self.unit_list}
        words.update({u.plural: u.code for u in self.unit_list})
        return MappingProxyType(words)

    @functools.cached_property
    def unit_names(self) -> Mapping[str, str]:
        """A TimeML unit code -> the word explanations use for it (its first unit)."""
        names: dict[str, str] = {}
        for u in self.unit_list:
            names.setdefault(u.code, u.word)
        return MappingProxyType(names)

    def unit_words(
        self, codes: str, plural: bool = True, singular: bool = True, canonical: bool = False
    ) -> list[str]:
        """The words of the units with these codes ("H D W"); canonical: only the word
        explanations name each code by ("day", not "night")."""
        wanted = codes.split()
        chosen = [
            u
            for u in self.unit_list
            if u.code in wanted and (not canonical or self.unit_names[u.code] == u.word)
        ]
        return [u.plural for u in chosen if plural] + [u.word for u in chosen if singular]

    @functools.cached_property
    def numbers(self) -> Mapping[str, int]:
        """Every count said in words, one word or a phrase -> its number."""
        return MappingProxyType({**self.count_phrases, **self.cardinals})

    @functools.cached_property
    def month_names(self) -> tuple[str, ...]:
        return tuple(m.name for m in self.months)

    @functools.cached_property
    def month_forms(self) -> Mapping[str, int]:
        """Every written form of a month ("oct", "oct.", "october") -> its number."""
        forms: dict[str, int] = {}
        for m in self.months:
            forms[m.name] = m.number
            for short in m.short:
                forms[short] = forms[short + "."] = m.number
        return MappingProxyType(forms)

    @functools.cached_property
    def holiday_names(self) -> Mapping[str, str]:
        """Every name of a holiday ("christmas day") -> its key ("christmas")."""
        return MappingProxyType({n: h.key for h in self.holidays for n in h.names})

    def words(self, name: str) -> frozenset[str]:
        """A named class of words from the [words] table; a missing class raises KeyError
        naming it, so a step never silently reads an empty class."""
        try:
            return self.word_classes[name]
        except KeyError:
            raise KeyError(f"lexicon: no word class {name!r} in [words]") from None

    def month_number(self, word: str) -> int | None:
        return self.month_forms.get(word.lower())

    def section(self, name: str) -> Mapping[str, Any]:
        """A section of the data file as parsed (empty when absent), for a step typing its own."""
        return MappingProxyType(self.raw.get(name, {}))


def alternation(words, suffix: str = "") -> str:
    """A regular-expression alternation of words, longest first so none shadows a longer one."""
    return "|".join(re.escape(w) + suffix for w in sorted(set(words), key=len, reverse=True))


def _holiday(key: str, entry: Mapping[str, Any], weekdays: tuple[str, ...]) -> Holiday:
    wd = entry.get("weekday")
    holiday = Holiday(
        key=key,
        names=tuple(entry["names"]),
        month=entry.get("month"),
        day=entry.get("day"),
        weekday=weekdays.index(wd) if wd else None,
        nth=entry.get("nth"),
        easter=bool(entry.get("easter", False)),
        shift_days=int(entry.get("shift_days", 0)),
    )
    if not (holiday.easter or holiday.day or (holiday.weekday is not None and holiday.nth)):
        raise ValueError(f"lexicon: holiday {key!r} says neither a day, an n-th weekday nor Easter")
    return holiday


def _ints(table: Mapping[str, Any]) -> Mapping[str, int]:
    return MappingProxyType({w: int(n) for w, n in table.items()})


def parse(data: Mapping[str, Any]) -> Lexicon:
    """A lexicon from a parsed data file; a missing section raises KeyError naming it."""
    weekdays = tuple(data["weekdays"])
    aux = data["auxiliaries"]
    verbs = data["verbs"]
    return Lexicon(
        months=tuple(
            Month(i, name, tuple(short))
            for i, (name, short) in enumerate(data["months"].items(), 1)
        ),
        weekdays=weekdays,
        weekday_short=MappingProxyType(
            {s: i for i, shorts in enumerate(data["weekdays"].values()) for s in shorts}
        ),
        unit_list=tuple(Unit(w, u["plural"], u["code"]) for w, u in data["units"].items()),
        parts_of_day=MappingProxyType(
            {
                w: PartOfDay(w, p["code"], (p["hours"][0], p["hours"][1]), p.get("alone", True))
                for w, p in data["parts_of_day"].items()
            }
        ),
        seasons=MappingProxyType(
            {
                w: Season(w, x["code"], x["first_month"], x["months"])
                for w, x in data["seasons"].items()
            }
        ),
        holidays=tuple(_holiday(k, e, weekdays) for k, e in data["holidays"].items()),
        clock_zones=MappingProxyType(
            {w: ClockZone(w, z["zone"], z["utc_offset"]) for w, z in data["clock_zones"].items()}
        ),
        future_aux=frozenset(aux["future"]),
        modal_aux=frozenset(aux["modal"]),
        hedged_modals=frozenset(aux["hedged"]),
        perfect_aux=frozenset(aux["perfect"]),
        present_be=frozenset(aux["present_be"]),
        planning_verbs=MappingProxyType(dict(verbs["planning"])),
        plan_making_verbs=frozenset(verbs["plan_making"]),
        deferring_verbs=frozenset(verbs["deferring"]),
        deciding_words=frozenset(verbs["deciding"]),
        reporting_verbs=frozenset(verbs["reporting"]),
        confirming_verbs=frozenset(verbs["confirming"]),
        cardinals=_ints(data["numbers"]["cardinal"]),
        count_phrases=_ints(data["numbers"]["phrases"]),
        vague_counts=tuple(data["numbers"]["vague"]),
        ordinals=_ints(data["ordinals"]),
        decade_words=_ints(data["decade_words"]),
        length_mods=MappingProxyType(dict(data["modifiers"]["length"])),
        edge_mods=MappingProxyType(dict(data["modifiers"]["edge"])),
        relative_days=_ints(data["relative_days"]),
        set_adverbs=MappingProxyType(dict(data["set_adverbs"])),
        word_classes=MappingProxyType({k: frozenset(v) for k, v in data["words"].items()}),
        raw=MappingProxyType(dict(data)),
    )


@functools.cache
def load(language: str = "en") -> Lexicon:
    with open(_HERE / language / "lexicon.toml", "rb") as f:
        return parse(tomllib.load(f))


EN = load("en")
