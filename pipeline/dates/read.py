"""What a date expression's words state, before any publication date is applied.

The English grammar of date phrases ("late Wednesday", "within the coming days",
"the end of the week", "mid-1996") lives here as plain string rules, so it can be tested
without spaCy and without a calendar. A `Reading` says what kind of expression it is and
holds its parts; `calendar` turns a reading into dates.
"""

from __future__ import annotations

import dataclasses
import functools
import re
import tomllib
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..language.lexicon import EN, alternation
from .readings import (
    Ago,
    Anaphoric,
    Century,
    Clock,
    CountedFromDay,
    DayOfMonth,
    Decade,
    Duration,
    Explicit,
    Half,
    Month,
    MonthDay,
    NamedHoliday,
    PartOfDay,
    Quarter,
    Range,
    Reading,
    Recurring,
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
    parts_of,
)

MONTH_NAMES = EN.month_names
WEEKDAYS = EN.weekdays
# TimeML part-of-day codes of the parts read on their own.
PARTS = {w: p.code for w, p in EN.parts_of_day.items()}
# Counts, ordinals and modifiers said in words, all from the lexicon.
NUMBERS = EN.numbers
DECADE_WORDS = EN.decade_words
NUMBER_WORDS = tuple(EN.cardinals)
_TENS = tuple(w for w, n in EN.cardinals.items() if 10 <= n <= 90)
_UNITS_1_9 = tuple(w for w, n in EN.cardinals.items() if 1 <= n <= 9)
VAGUE = EN.vague_counts
ORDINALS = EN.ordinals
UNITS = EN.units
# TimeML mod for the words in front of a duration or a period.
MODS = EN.length_mods
EDGE_MODS = EN.edge_mods
RELATIVE_DAYS = EN.relative_days


# Word classes a rule's token spec may name, each from the lexicon, with the regular-
# expression group its word is captured in for the row's builder.
SPEC_CLASSES: dict[str, tuple[str, tuple[str, ...]]] = {
    "weekday": ("wd", EN.weekdays),
    "month": ("month", tuple(w for w in EN.month_forms if not w.endswith("."))),
    "part": ("part", tuple(w for w, p in EN.parts_of_day.items() if p.alone)),
    "relday": ("rd", tuple(EN.relative_days)),
    "season": ("season", tuple(EN.seasons)),
    "unit": ("unit", tuple(EN.units)),
    "month_name": ("month", EN.month_names),
    # "on Fridays", "Sunday mornings": the weekly sets
    "weekday_plural": ("wd", tuple(w + "s" for w in EN.weekdays)),
    "part_plural": ("part", tuple(w + "s" for w, p in EN.parts_of_day.items() if p.alone)),
    # counts of one word ("three", "several"): "{number} trading sessions"
    "number": ("n", tuple(w for w in (*EN.numbers, *EN.vague_counts) if " " not in w)),
    "zone": ("zone", tuple(w for w in EN.clock_zones if " " not in w)),
    "meridiem": ("ampm", tuple(sorted(EN.words("meridiem")))),
    # the units a count of time is looked for by, as explanations name them: "days", "year"
    "units": ("unit", tuple(EN.unit_words("H D W M Y", singular=False, canonical=True))),
    "unit_any": (
        "unit",
        tuple(
            EN.unit_words("H D W M Y", singular=False, canonical=True)
            + EN.unit_words("H D W M Y DE", canonical=True)
        ),
    ),
    # names of one word or several ("christmas", "valentine's day"): the Matcher gets one
    # pattern per name (see spec_patterns)
    "holiday": ("hol", tuple(EN.holiday_names)),
}


# The words the detector's Matcher sees for a class, where they differ from the reader's:
# spaCy keeps an abbreviation's stop on its token ("Feb."), the reader reads it apart.
MATCHER_WORDS: dict[str, tuple[str, ...]] = {"month": tuple(EN.month_forms)}

# Classes too common to look around: "a", "some" and "one" are in nearly every sentence.
_NO_TRIGGER_CLASSES = frozenset({"number"})


@dataclass(frozen=True)
class SpecToken:
    """One token of a row's token spec."""

    text: str  # the words ("a|b"), a {class}, a <shape> or "-"
    optional: bool = False
    group: str | None = None  # the reader's group the word is captured in
    pos: tuple[str, ...] = ()  # the parts of speech the detector requires, if any


def _spec_tokens(spec: str) -> list[SpecToken]:
    """A token spec ("the early|small hours of {weekday} {part}?") as its tokens: "a|b=name"
    captures the word in the group `name`; "word:NOUN|ADJ" must be one of those parts of speech
    ("current:ADJ", not "current" the noun); "{Month}", a class written capitalised, must be
    capitalised ("May this year", not "may"); "<ddx|ddddx>" is a token of those spaCy shapes,
    "<d.ddxx>{meridiem}" one of that shape ending in a word of the class ("5.40pm"), and
    "<#>" a number in digits or words (for the Matcher only: a row using one gives its own
    pattern). Parts of speech and capitals are the detector's: the reader reads the text."""
    out = []
    for t in spec.split():
        optional = t.endswith("?") and len(t) > 1
        t = t[:-1] if optional else t
        t, _, group = t.partition("=")
        # a shape may hold a colon ("<d:dd>"); a part of speech follows a word or a class
        t, _, pos = (t, "", "") if t.startswith("<") or len(t) == 1 else t.partition(":")
        out.append(SpecToken(t, optional, group or None, tuple(pos.split("|")) if pos else ()))
    return out


def _spec_class(tok: str) -> tuple[str, tuple[str, ...], bool]:
    """A {class} token's group, words and whether it must be capitalised ({Month})."""
    name = tok.strip("{}")
    group, words = SPEC_CLASSES[name.lower()]
    return group, words, name[:1].isupper()


def spec_regex(spec: str) -> str:
    """The reader's regular expression for a token spec: words and alternatives as written,
    a {class} as its lexicon words in a named group, '-?' as an optional hyphen."""
    out = ""
    for i, spec_tok in enumerate(_spec_tokens(spec)):
        tok, optional, group = spec_tok.text, spec_tok.optional, spec_tok.group
        if tok == "-":
            out += "[- ]?" if optional else "-"
            continue
        if tok.startswith("<"):
            raise ValueError(f"a token shape ({tok}) has no regular expression: give the row one")
        if tok.startswith("{"):
            class_group, words, _ = _spec_class(tok)
            group = group or class_group  # "{weekday}=wd2": a second word of the class
        else:
            words = tuple(tok.split("|"))
        piece = f"(?P<{group}>{alternation(words)})" if group else f"(?:{alternation(words)})"
        if i == 0:
            out += f"(?:{piece} )?" if optional else piece
            continue
        glue = "" if out.endswith("[- ]?") or out.endswith("-") or out.endswith(" )?") else " "
        out += f"(?:{glue}{piece})?" if optional else glue + piece
    return out


def _pieces(word: str) -> list[str]:
    """A class word as the tokens spaCy splits it into ("valentine's day": valentine, 's, day)."""
    return re.findall(r"'s|[^\s']+", word)


def spec_patterns(spec: str) -> list[list[dict]]:
    """The spaCy Matcher patterns for a token spec: one, or one per word of a class whose words
    are several tokens ("{holiday}": "christmas", "valentine's day"), that word's tokens in
    place of the class."""
    toks = spec.split()
    for i, tok in enumerate(toks):
        name = tok.rstrip("?").partition("=")[0]
        if not name.startswith("{"):
            continue
        words = _spec_class(name)[1]
        if all(len(_pieces(w)) == 1 for w in words):
            continue
        if tok.endswith("?"):
            raise ValueError(f"a class of several-token words ({name}) cannot be optional")
        out = []
        for w in words:
            out += spec_patterns(" ".join([*toks[:i], *_pieces(w), *toks[i + 1 :]]))
        return out
    return [spec_tokens(spec)]


def spec_tokens(spec: str) -> list[dict]:
    """The spaCy Matcher pattern for a token spec (lower-cased words, a {class} as its words)."""
    pattern: list[dict] = []
    for spec_tok in _spec_tokens(spec):
        tok = spec_tok.text
        if tok == "-":
            item: dict = {"ORTH": "-"}
        elif tok == "<#>":
            item = {"LIKE_NUM": True}
        elif tok.startswith("<") and ">{" in tok:
            # "<d.ddxx>{meridiem}": a token of that shape ending in a word of the class, as
            # spaCy leaves "5.40pm" whole; the shape alone would take "5.40bn" and "5.40kg" too
            shapes, _, name = tok.partition(">")
            _, class_words, _ = _spec_class(name)
            item = {
                "SHAPE": {"IN": shapes.lstrip("<").split("|")},
                "LOWER": {"REGEX": f"(?:{alternation(class_words)})$"},
            }
        elif tok.startswith("<"):
            item = {"SHAPE": {"IN": tok.strip("<>").split("|")}}
        elif tok.startswith("{"):
            _, class_words, capitalised = _spec_class(tok)
            class_words = MATCHER_WORDS.get(tok.strip("{}").lower(), class_words)
            item = {"LOWER": {"IN": list(class_words)}}
            if capitalised:
                item["IS_TITLE"] = True
        else:
            words = tok.split("|")
            item = {"LOWER": words[0]} if len(words) == 1 else {"LOWER": {"IN": words}}
        if spec_tok.pos:
            item["POS"] = spec_tok.pos[0] if len(spec_tok.pos) == 1 else {"IN": list(spec_tok.pos)}
        if spec_tok.optional:
            item["OP"] = "?"
        pattern.append(item)
    return pattern


@dataclass(frozen=True)
class Rule:
    """One row of the rule table (`rules.toml`): an id that explanations name, an example
    the row must read (each one is a test, with the kind, value and mod it must read to),
    the builder that turns the groups read into a Reading, and the words: token specs over
    the lexicon's word classes (`match`), compiled both into the reader's regular expression
    and into the detector's spaCy Matcher, and/or a regular expression of the reader's own
    (`pattern`, over named fragments such as {month}) for a row the model's spans bring."""

    id: str
    example: str
    pattern: str | None
    build: Callable[[dict], Reading | None]
    match: tuple[str, ...] = ()
    kind: str = ""  # the kind of reading the example reads to
    value: str | None = None  # the TimeML value the example reads to (None: it is not dated)
    mod: str | None = None  # the TimeML mod the example reads with
    trigger_words: tuple[str, ...] = ()
    trigger_shapes: tuple[str, ...] = ()

    @functools.cached_property
    def compiled(self) -> re.Pattern:
        """The reader's expression: the row's own pattern, else its specs compiled."""
        if self.pattern is not None:
            return re.compile(self.pattern)
        return re.compile("|".join(f"(?:{spec_regex(m)})" for m in self.match))

    @property
    def matcher_patterns(self) -> list[list[dict]]:
        return [p for m in self.match for p in spec_patterns(m)]

    @property
    def triggers(self) -> tuple[set[str], set[str]]:
        """The words and spaCy shapes the detector must look around to find this row: the
        row's own `triggers` and `trigger_shapes`, and the words of every lexicon class its
        specs require. Literal words ("the") and shapes ("dddd") are never derived: they
        would put the Matcher on nearly every sentence, or every table of figures."""
        words = set(self.trigger_words)
        for spec in self.match:
            for tok in _spec_tokens(spec):
                name = tok.text.strip("{}").lower()
                if (
                    tok.text.startswith("{")
                    and not tok.optional
                    and name not in _NO_TRIGGER_CLASSES
                ):
                    # a name of several words is looked for by its first
                    words.update(_pieces(w)[0] for w in SPEC_CLASSES[name][1])
        return words, set(self.trigger_shapes)


_ord = "|".join(sorted(ORDINALS, key=len, reverse=True)) + r"|\d+(?:st|nd|rd|th)"
_num = "|".join(sorted((re.escape(k) for k in list(NUMBERS) + list(VAGUE)), key=len, reverse=True))
_M = rf"(?P<month>{alternation(w for w in EN.month_forms if not w.endswith('.'))})\.?"
_WD = rf"(?P<wd>{alternation(EN.weekdays)})"
_DAY = r"(?P<day>\d{1,2})(?:st|nd|rd|th)?"
_YEAR = r"(?P<year>(?:1[0-9]|20)\d{2})"
_PART = rf"(?P<part>{alternation(w for w, p in EN.parts_of_day.items() if p.alone)})"
_EDGE = rf"(?P<edge>{alternation(EN.words('edge_prefixes'))})"
_POS = rf"(?P<pos>{alternation(EN.words('period_positions'))})"
_CW = "|".join(NUMBER_WORDS)
# A spelled-out count of two or more words ("twenty four", "a hundred", "two thousand"), and
# counts with a half ("2 1/2", "one and a half"): number() adds them up.
_COMPOUND = rf"(?:(?:a|an) (?:hundred|thousand)|(?:{_CW})(?:(?:-| | and )(?:{_CW}))+)"
_N = rf"(?P<n>(?:\d+ 1/2|\d+(?:\.\d+)?|{_COMPOUND}|{_num})(?: and a half)?)"
_UNIT = rf"(?P<unit>{alternation(EN.unit_words('S MI H D W M Q Y DE CE'))})"
# The two counts of a range of lengths ("two to three weeks", "the next 12 to 18 months").
_LO, _HI = _N.replace("(?P<n>", "(?P<lo>"), _N.replace("(?P<n>", "(?P<hi>")
_UNITS_PL = rf"(?P<unit>{alternation(EN.unit_words('S MI H D W M Q Y DE CE', singular=False))})"
# Clock zones written after a time, and "local time" (the clock of the place reported from).
_ZONES = alternation(["local time", *EN.clock_zones])
_MODW = "|".join(sorted((re.escape(k) for k in MODS), key=len, reverse=True))
# Words in front of a count that do not change the length: "only six months", "the first nine
# months".
_LEAD = rf"(?:(?:{alternation(EN.words('count_leads'))}) )?"
# Words after a count that leave it a length in TimeML: "three days later", "a 13-year-old".
_AFTER = rf"(?:{alternation(EN.words('count_trails'))})"


def normalize(text: str) -> str:
    """Lower case, straight apostrophes, single spaces, no quotes or end punctuation."""
    t = text.replace("’", "'").replace("‘", "'").replace("“", "").replace("”", "").replace('"', "")
    t = re.sub(r"\s+", " ", t.lower()).strip()
    return t.strip(" ,.;:!?()[]").replace(" - ", "-").strip()


def number(word: str | None) -> int | float | None:
    """A count from digits or words; None for vague counts ("several", "a few").

    Spelled-out counts are added up the way they are said: "twenty four" is 24, "two
    thousand" 2000, "a hundred" 100; "and a half" and "1/2" add a half ("2 1/2 years").
    """
    if word is None:
        return None
    half = 0.0
    if word.endswith(" and a half"):
        word, half = word[: -len(" and a half")], 0.5
    elif word.endswith(" 1/2"):
        word, half = word[:-4], 0.5
    if re.fullmatch(r"\d+(?:\.\d+)?", word):
        f = float(word) + half
        return int(f) if f.is_integer() else f
    if word in NUMBERS:
        n = NUMBERS[word]
        return n + half if half else n
    total = current = 0
    for w in re.split(r"-| and | ", word):
        if w in ("a", "an", ""):
            current = current or 1
        elif w == "hundred":
            current = (current or 1) * 100
        elif w == "thousand":
            total, current = total + (current or 1) * 1000, 0
        elif w in NUMBERS:
            current += NUMBERS[w]
        else:
            return None
    n = total + current
    return (n + half) if half else (n or None)


def _spelled_years(t: str) -> str:
    """Years said in words, as broadcast transcripts write them, to digits.

    "nineteen ninety-six" is 1996 and "the year two thousand" 2000, so every rule for
    written years reads them. "two thousand" alone stays a count ("two thousand years").
    """
    if "nineteen" not in t and "twenty" not in t and "thousand" not in t:
        return t

    def two_digits(words: str) -> int | None:
        parts = re.split(r"[- ]", words)
        n = sum(NUMBERS.get(p, 0) for p in parts)
        return n if 10 <= n <= 99 and all(p in NUMBERS for p in parts) else None

    def century_form(m):
        n = two_digits(m.group(2))
        if n is None:
            return m.group(0)
        return str((19 if m.group(1) == "nineteen" else 20) * 100 + n)

    tens = "|".join(_TENS)
    units = "|".join(_UNITS_1_9)
    t = re.sub(
        rf"\b(nineteen|twenty) ((?:{tens})(?:[- ](?:{units}))?)\b(?! (?:{units}|hundred|thousand)"
        rf"\b)",
        century_form,
        t,
    )
    t = re.sub(
        rf"\byear two thousand(?: and ({units}))?\b",
        lambda m: "year " + str(2000 + (NUMBERS[m.group(1)] if m.group(1) else 0)),
        t,
    )
    return t


def ordinal(word: str) -> int | None:
    m = re.fullmatch(r"(\d+)(?:st|nd|rd|th)", word)
    return int(m.group(1)) if m else ORDINALS.get(word)


def month_number(word: str) -> int:
    low = word.lower()
    return EN.month_forms.get(low) or EN.month_forms[low[:3]]


def unit_code(word: str) -> str:
    return UNITS.get(word.lower(), "X")


def _valid_day(month: int, day: int) -> bool:
    return 1 <= day <= (29 if month == 2 else 30 if month in (4, 6, 9, 11) else 31)


def read(text: str) -> Reading | None:
    """The reading of an expression's text, or None when no rule knows it."""
    t = normalize(text)
    if not t:
        return None
    t = _spelled_years(t)
    return _read_one(t) or read_range(t)


def _read_one(t: str) -> Reading | None:
    """The reading of one normalised expression by the rule table, ranges aside."""
    for rule in RULES:
        m = rule.compiled.fullmatch(t)
        if m:
            reading = rule.build({k: v for k, v in m.groupdict().items() if v is not None})
            if reading is not None:
                if reading.rule is None:
                    reading.rule = rule.id
                return reading
    return None


_RANGE = re.compile(
    r"(?:from |between )?(?P<left>.+?) ?(?: to | and | until | through | or |-|–)(?P<right>.+)"
)
_RANGE_KINDS = ("explicit", "year", "month", "month_day", "weekday", "quarter", "decade")


def read_range(t: str) -> Reading | None:
    """ "2019 to 2021", "between March and May 2024": from the start of one to the end of the other.

    The left side borrows the right side's year when it names none ("March" in "March and May
    2024").
    Each side is read by the rule table alone: a side that is itself a range is never kept
    (see _RANGE_KINDS), and reading it as one made "decades ago decades ago ..." recurse once
    per separator, so a long run-on span cost time quadratic in its length.
    """
    m = _RANGE.fullmatch(t)
    if not m:
        return None
    right = _read_one(normalize(m.group("right")))
    year = re.search(r"\b((?:1[0-9]|20)\d{2})$", m.group("right"))
    left_text = m.group("left")
    if year and not re.search(r"\d{4}", left_text):
        left = _read_one(normalize(f"{left_text} {year.group(1)}")) or _read_one(
            normalize(left_text)
        )
    else:
        left = _read_one(normalize(left_text))
    if (
        left is None
        or right is None
        or left.kind not in _RANGE_KINDS
        or right.kind not in _RANGE_KINDS
    ):
        return None
    return Reading(
        "range",
        Range(left=left, right=right, left_text=left_text, right_text=m.group("right")),
        relative=left.relative or right.relative,
        tensed=left.tensed or right.tensed,
        rule=f"range of {left.rule} to {right.rule}",
    )


def _explicit_day(g):
    month, day = month_number(g["month"]), int(g["day"])
    if not _valid_day(month, day):
        return None
    return Reading("explicit", Explicit(year=int(g["year"]), month=month, day=day), relative=False)


def _explicit_numeric(g):
    month, day = int(g["mnum"]), int(g["day"])
    if not (1 <= month <= 12 and _valid_day(month, day)):
        return None
    return Reading("explicit", Explicit(year=int(g["year"]), month=month, day=day), relative=False)


def _explicit_month(g):
    edge = g.get("edge") or g.get("pos")
    return Reading(
        "explicit",
        Explicit(year=int(g["year"]), month=month_number(g["month"])),
        relative=False,
        mod=EDGE_MODS.get(edge) if edge else None,
    )


def _year(g):
    edge = g.get("edge") or g.get("pos")
    return Reading(
        "year", Year(year=int(g["year"])), relative=False, mod=EDGE_MODS.get(edge) if edge else None
    )


def _decade(g):
    edge = g.get("edge")
    return Reading(
        "decade",
        Decade(decade=int(g["dec"])),
        relative=False,
        mod=EDGE_MODS.get(edge) if edge else None,
    )


def _short_decade(yy: str) -> int:
    """ "the 70s" is the 1970s; "the 00s" and "the 10s" are this century's."""
    return (200 if yy in ("00", "10") else 190) + int(yy) // 10


def _decade_half(g):
    """ "the last half of the '80s": the decade, its start or end (TimeML's decade and mod)."""
    dec = int(g["dec"]) if g.get("dec") else _short_decade(g["yy"])
    mod = "START" if g["h"] in ("first", "early") else "END"
    return Reading("decade", Decade(decade=dec), relative=False, mod=mod)


def _century(g):
    n = ordinal(g["ord"])
    return Reading("century", Century(century=n), relative=False) if n else None


def _quarter(g):
    q = g.get("qn")
    if not q and g["q"] in ("final", "last") and not (g.get("the") or g.get("year")):
        return None  # "last quarter": the previous one, read by the relative-unit rule
    q = int(q) if q else ({"final": 4, "last": 4}.get(g["q"]) or ordinal(g["q"]))
    if not q or not 1 <= q <= 4:
        return None
    if g.get("year"):
        return Reading("quarter", Quarter(quarter=q, year=int(g["year"])), relative=False)
    yrel = g.get("yrel")
    if yrel:  # "this year's third quarter", "the year-earlier third quarter"
        offset = 0 if yrel in ("this year's", "the current") else 1 if yrel == "next year's" else -1
        return Reading("quarter", Quarter(quarter=q, year_offset=offset))
    return Reading("quarter", Quarter(quarter=q), tensed=True)


def _half(g):
    """ "the first half", "the last half of 1989", "the first two quarters": a half year."""
    h = 1 if g["h"] in ("first", "first two quarters of the", "first two") else 2
    if g.get("year"):
        return Reading("half", Half(half=h, year=int(g["year"])), relative=False)
    return Reading("half", Half(half=h), tensed=True)


def _report_quarter(g):
    """ "the quarter", "the latest quarter": in business news, the quarter whose results are
    reported."""
    return Reading("report_quarter", ReportQuarter())


def _year_ago(g):
    """ "a year earlier", "the year-ago quarter": the same period one year before.

    Which period is meant is said earlier in the text (the quarter just reported); the
    caller looks for it, and without one the quarter (for "quarter"/"period") or the
    year before publication is taken.
    """
    what = g.get("what")
    period = bool(what) and any(w in what for w in ("quarter", "period", "months"))
    return Reading("year_ago", YearAgo(what="Q" if period else None))


def _year_end(g):
    """ "year-end": December 31 (the day, hyphenated as an adjective) or the year's end."""
    return Reading(
        "year_end", YearEnd(day="-" in g["ye"]), tensed=True, mod=None if "-" in g["ye"] else "END"
    )


def _season(g):
    season = EN.seasons[g["season"]].code
    if g.get("year"):
        return Reading("season", Season(season=season, year=int(g["year"])), relative=False)
    rel = g.get("rel")
    rel = (
        "last" if rel in ("this past", "past") else rel
    )  # "this past spring": the spring just gone
    return Reading(
        "season",
        Season(season=season, rel=rel if rel in ("this", "last", "next") else None),
        tensed=rel not in ("this", "last", "next"),
    )


def _month_day(g):
    month, day = month_number(g["month"]), int(g["day"])
    if not _valid_day(month, day):
        return None
    if g.get("rel"):  # "last Oct. 23": the one before publication, whatever the verb
        return Reading("month_day", MonthDay(month=month, day=day, rel=g["rel"]))
    return Reading("month_day", MonthDay(month=month, day=day), tensed=True)


def _month(g):
    edge = g.get("edge") or g.get("pos")
    rel = g.get("rel")
    return Reading(
        "month",
        Month(month=month_number(g["month"]), rel=rel),
        tensed=rel is None,
        mod=EDGE_MODS.get(edge) if edge else None,
    )


def _month_in_year(g):
    """ "February this year", "June last year": a month of a year named from publication."""
    edge = g.get("edge")
    offset = {"this": 0, "last": -1, "next": 1}[g["yrel"]]
    return Reading(
        "month",
        Month(month=month_number(g["month"]), rel=None, year_offset=offset),
        mod=EDGE_MODS.get(edge) if edge else None,
    )


# Named days of the news calendar, each name to its holiday; `calendar` knows each one's date.
HOLIDAYS = EN.holiday_names
_HOL = "|".join(sorted((re.escape(k) for k in HOLIDAYS), key=len, reverse=True))


def _holiday(g):
    rel = g.get("rel")
    return Reading(
        "holiday",
        NamedHoliday(name=HOLIDAYS[g["hol"]], rel=rel, week=bool(g.get("week"))),
        tensed=rel is None,
    )


def _weekday(g):
    rel = g.get("rel")
    rel = {"past": "last", "coming": "next"}.get(rel, rel)
    edge = g.get("edge")
    return Reading(
        "weekday",
        Weekday(weekday=WEEKDAYS.index(g["wd"]), part=g.get("part"), edge=edge, rel=rel),
        tensed=rel is None,
        mod=EDGE_MODS.get(edge) if edge else None,
    )


def _weekday_pair(g):
    """ "Monday or Tuesday": one interval of the two days, each read as a weekday alone (the
    direction comes from the verb, as for one day)."""
    left, right = _read_one(g["wd"]), _read_one(g["wd2"])
    if left is None or right is None:
        return None
    return Reading(
        "range",
        Range(left=left, right=right, left_text=g["wd"], right_text=g["wd2"]),
        relative=left.relative or right.relative,
        tensed=left.tensed or right.tensed,
    )


def _relday(g):
    word = g["rd"]
    offset = RELATIVE_DAYS[word]
    part = g.get("part") or ("night" if word == "tonight" else None)
    return Reading("relday", RelDay(offset=offset, part=part, word=word))


def _early_hours(g):
    """ "in the early hours of Friday": the start of that day, not a length of hours; with
    no day named, the early morning of the day spoken of. A day that names its own part
    ("Thursday morning") is read as that part, as TimeML tags it."""
    inner = g.get("inner")
    if inner is None:
        return Reading(
            "part",
            PartOfDay(part="morning", reason="a part of day with no day named"),
            type="TIME",
            mod="START",
        )
    day = _read_one(inner)
    if day is None or not isinstance(day.args, Weekday | RelDay) or day.args.part:
        return None  # "the early hours of Thursday morning": the day's own part says it
    return Reading(
        day.kind,
        dataclasses.replace(day.args, part=None, edge="early"),
        type="TIME",
        relative=day.relative,
        tensed=day.tensed,
        mod="START",
    )


def _short_numeric(g):
    """ "7/8/07": month first, as US outlets write it, unless the first number cannot be a
    month; the two-digit year is settled against publication."""
    a, b = int(g["a"]), int(g["b"])
    month, day = (b, a) if a > 12 else (a, b)
    if not (1 <= month <= 12 and _valid_day(month, day)):
        return None
    return Reading("short_year", ShortYear(yy=int(g["yy"]), month=month, day=day))


def _this_part(g):
    part = g["part"]
    if g["rel"] == "last":
        return Reading(
            "relday",
            RelDay(
                offset=-1 if part in ("night", "evening") else 0, part=part, word="last " + part
            ),
        )
    return Reading("relday", RelDay(offset=0, part=part, word="this " + part))


def _earlier_today(g):
    return Reading("relday", RelDay(offset=0, part=None, word=g["el"] + " today"))


def _unit_rel(g):
    rel, unit = g["rel"], g["unit"]
    if rel in ("the following", "the previous", "the next", "that"):
        return Reading(
            "anaphoric",
            Anaphoric(
                reason=f"'{rel} {unit}' counts from another event in the text, not from publication"
            ),
        )
    if rel in ("the past", "the last"):
        return Reading(
            "window", Window(direction="past", unit=unit_code(unit), n=1), type="DURATION"
        )
    if rel == "the coming":
        return Reading(
            "window", Window(direction="future", unit=unit_code(unit), n=1), type="DURATION"
        )
    offset = {"this": 0, "the current": 0, "current": 0, "last": -1, "next": 1}[rel]
    return Reading("unit_rel", UnitRel(unit=unit_code(unit), offset=offset))


def _weekend(g):
    rel = g.get("rel")
    if rel in ("this", "last", "next"):
        return Reading("weekend", Weekend(rel=rel))
    if rel in ("the past", "last"):
        return Reading("weekend", Weekend(rel="last"))
    if rel == "the coming":
        return Reading("weekend", Weekend(rel="next"))
    return Reading("weekend", Weekend(rel=None), tensed=True)


def _unit_edge(g):
    shift = {"next": 1, "last": -1}.get(g.get("det") or "", 0)
    return Reading(
        "unit_edge", UnitEdge(unit=unit_code(g["unit"]), offset=shift), mod=EDGE_MODS[g["pos"]]
    )


def _unit_partial(g):
    return Reading("unit_partial", UnitPartial(unit=unit_code(g["unit"]), side=g["el"]))


def _window(g, direction):
    """ "within days", "the coming weeks", "recent years": a window from publication. It states a
    length, counted or vague, so TimeML types it a DURATION (P2W, PXW: "in recent weeks" is
    "the past few weeks", a stretch ending at publication), while it still spans the window."""
    n = number(g.get("n"))
    return Reading(
        "window",
        Window(direction=direction, unit=unit_code(g["unit"]), n=n),
        type="DURATION",
    )


def _ago(g):
    n = number(g.get("n"))
    return Reading("ago", Ago(n=n, unit=unit_code(g["unit"])))


def _duration(g, unit: str | None = None):
    """A length of time; `unit` is the TimeML unit of a row whose words name no unit of the
    lexicon ("three trading sessions" are three days)."""
    if re.fullmatch(r"(?:1[0-9]|20)\d{2}", g.get("n") or ""):
        return None  # a year naming a period ("the 1988 quarter"), not a count
    n = number(g.get("n")) if g.get("n") or not g.get("one") else 1
    if n is not None and g.get("half"):
        n += 0.5
    unit = unit or unit_code(g["unit"])
    mod = MODS.get(g.get("mod", ""))
    return Reading("duration", Duration(n=n, unit=unit), type="DURATION", relative=False, mod=mod)


def _span_duration(g, direction):
    n = number(g.get("n"))
    return Reading(
        "span", Span(n=n, unit=unit_code(g["unit"]), direction=direction), type="DURATION"
    )


def _length_range(g):
    """ "two to three weeks": no one count, so TimeML's vague count, PXW."""
    if number(g["lo"]) is None or number(g["hi"]) is None:
        return None
    return Reading(
        "duration", Duration(n=None, unit=unit_code(g["unit"])), type="DURATION", relative=False
    )


def _span_range(g):
    """ "the next 12 to 18 months": a vague count (PXM) reaching as far as the larger one."""
    hi = number(g["hi"])
    if number(g["lo"]) is None or hi is None:
        return None
    direction = "future" if g["dir"] in ("next", "coming") else "past"
    return Reading(
        "span",
        Span(n=None, reach=hi, unit=unit_code(g["unit"]), direction=direction),
        type="DURATION",
    )


def _set(g):
    unit = g.get("unit")
    if unit in WEEKDAYS:
        return Reading(
            "set",
            Recurring(value=f"XXXX-WXX-{WEEKDAYS.index(unit) + 1}", unit="W"),
            type="SET",
            relative=False,
        )
    code = EN.set_adverbs.get(g.get("adv", ""))
    code = code or unit_code(unit)
    value = "PT1H" if code == "H" else f"P1{code}"
    return Reading("set", Recurring(value=value, unit=code), type="SET", relative=False)


def _clock(g):
    if not (g.get("mi") or g.get("ampm") or g.get("zone")):
        return None
    h, mi = int(g["h"]), int(g.get("mi") or 0)
    ampm = (g.get("ampm") or "").replace(".", "")
    if ampm == "pm" and h < 12:
        h += 12
    if ampm == "am" and h == 12:
        h = 0
    if h > 23 or mi > 59:
        return None
    return Reading("clock", Clock(hour=h, minute=mi, zone=g.get("zone")), type="TIME")


def _oclock(g):
    h = int(g["h"])
    if not 1 <= h <= 12:
        return None
    return Reading("clock", Clock(hour=h, minute=0, zone=g.get("zone")), type="TIME")


def _day_of_month(g):
    """ "the 15th": a day of an unnamed month, the month read from publication and tense."""
    day = int(g["day"])
    if not 1 <= day <= 31:
        return None
    return Reading("day_of_month", DayOfMonth(day=day), tensed=True)


def _named_clock(g):
    """Noon is 12:00; midnight closes the day it is named with ("midnight Friday" is the end of
    Friday), which TimeML writes T24:00."""
    h = {"noon": 12, "midday": 12, "midnight": 24}[g["nc"]]
    return Reading("clock", Clock(hour=h, minute=0, zone=None), type="TIME")


def _clock_in_part(g):
    """ "4 in the morning", "10 at night": the part of day says which half of the clock."""
    h, mi = int(g["h"]), int(g.get("mi") or 0)
    if not 1 <= h <= 12 or mi > 59:
        return None
    part = g.get("pd") or "night"
    afternoon = part in ("afternoon", "evening") or (part == "night" and 6 <= h < 12)
    if afternoon and h < 12:
        h += 12
    elif not afternoon and h == 12:
        h = 0
    return Reading("clock", Clock(hour=h, minute=mi, zone=None), type="TIME")


def _part(g):
    det = g.get("det")
    if det == "this":
        return Reading(
            "relday", RelDay(offset=0, part=g["part"], word="this " + g["part"]), type="TIME"
        )
    return Reading(
        "part", PartOfDay(part=g["part"], reason="a part of day with no day named"), type="TIME"
    )


def _counted_from_day(g, kind):
    """ "the day before last Tuesday", "the week of March 6": a named day, then a step from it."""
    inner = _read_one(g["inner"])
    if (
        inner is None
        or inner.kind not in ("weekday", "month_day", "relday", "explicit", "holiday")
        or (isinstance(inner.args, Explicit) and inner.args.day is None)
    ):
        return None
    days = {"before": -1, "after": 1}.get(g.get("dir"), 0)
    return Reading(
        kind,
        CountedFromDay(inner=inner, inner_text=g["inner"], days=days),
        relative=inner.relative,
        tensed=inner.tensed,
    )


def _report_quarter_of_year(g):
    """ "the 1988 quarter", "the 1989 period": the quarter being reported, in the year named."""
    return Reading("report_quarter", ReportQuarter(year=int(g["year"])))


def _past_unit(g):
    """ "over the past decade": the ten years before publication, as "the past year" is the
    twelve months."""
    return Reading(
        "window", Window(direction="past", unit=unit_code(g["unit"]), n=1), type="DURATION"
    )


def _decade_short(g):
    return _decade({**g, "dec": str(_short_decade(g["yy"]))})


def _short_year_alone(g):
    """ "'82": a year of two digits, its century settled against publication."""
    return Reading("short_year", ShortYear(yy=int(g["yy"])))


def _decade_word(g):
    return _decade({**g, "dec": str(DECADE_WORDS[g["decw"]])})


def _weekday_anaphoric(g):
    """ "down 4.5% from the previous Friday": the Friday before the day just spoken of."""
    return Reading(
        "anaphoric",
        Anaphoric(
            reason=f"'the {g['rel']} {g['wd'].capitalize()}' counts from a day named "
            "before it, not from publication",
            weekday=WEEKDAYS.index(g["wd"]),
            step=-1 if g["rel"] in ("previous", "preceding") else 1,
        ),
    )


def _weekday_set(g):
    """ "on Fridays", "Tuesday nights": every such weekday (or its part), TimeML's weekly SET."""
    value = f"XXXX-WXX-{WEEKDAYS.index(g['wd']) + 1}"
    if g.get("part"):
        value += "T" + EN.parts_of_day[g["part"]].code
    return Reading("set", Recurring(value=value, unit="W"), type="SET", relative=False)


def _fiscal_code(g):
    """ "FY2025", "FY25": the fiscal year by its number, read as that year (TimeBank writes
    "fiscal 1989" as 1989); two digits are settled against publication like "'82"."""
    if g.get("year"):
        return _year(g)
    return Reading("short_year", ShortYear(yy=int(g["yy"])))


def _to_date(g):
    return Reading("to_date", ToDate(unit=unit_code(g["period"])))


def _set_month(g):
    """ "each July": the month of every year, TimeML's SET XXXX-07."""
    return Reading(
        "set",
        Recurring(value=f"XXXX-{month_number(g['month']):02d}", unit="Y"),
        type="SET",
        relative=False,
    )


# Named pieces a row's `pattern` may use as {name}: each a regular expression over the
# lexicon's words, with the group its builder reads.
FRAGMENTS: dict[str, str] = {
    "month": _M,
    "weekday": _WD,
    "weekday_word": alternation(EN.weekdays),
    "day": _DAY,
    "year": _YEAR,
    "part": _PART,
    "edge": _EDGE,
    "pos": _POS,
    "n": _N,
    "lo": _LO,
    "hi": _HI,
    "count": _num,
    "ordinal": _ord,
    "unit": _UNIT,
    "units_plural": _UNITS_PL,
    "zones": _ZONES,
    "length_mod": _MODW,
    "lead": _LEAD,
    "after": _AFTER,
    "holiday": _HOL,
    "season": alternation(EN.seasons),
    "decade_word": alternation(DECADE_WORDS),
    "relday": alternation(RELATIVE_DAYS),
    "set_adverb": alternation(EN.set_adverbs),
}

# The builders a row names: each turns the groups its pattern read (and the row's `args`)
# into a Reading. A row with no builder is its reading (kind, args, type, mod) as written.
BUILDERS: dict[str, Callable[..., Reading | None]] = {
    "explicit_day": _explicit_day,
    "explicit_numeric": _explicit_numeric,
    "short_numeric": _short_numeric,
    "explicit_month": _explicit_month,
    "year": _year,
    "decade": _decade,
    "short_decade": _decade_short,
    "short_year": _short_year_alone,
    "decade_words": _decade_word,
    "decade_half": _decade_half,
    "century": _century,
    "quarter": _quarter,
    "half": _half,
    "report_quarter_of_year": _report_quarter_of_year,
    "year_ago": _year_ago,
    "year_end": _year_end,
    "season": _season,
    "month_in_year": _month_in_year,
    "holiday": _holiday,
    "month_day": _month_day,
    "month": _month,
    "early_hours": _early_hours,
    "weekday_anaphoric": _weekday_anaphoric,
    "weekday": _weekday,
    "weekday_pair": _weekday_pair,
    "relday": _relday,
    "this_part": _this_part,
    "earlier_today": _earlier_today,
    "unit_rel": _unit_rel,
    "weekend": _weekend,
    "past_unit": _past_unit,
    "unit_edge": _unit_edge,
    "unit_partial": _unit_partial,
    "to_date": _to_date,
    "fiscal_code": _fiscal_code,
    "weekday_set": _weekday_set,
    "window": _window,
    "span_duration": _span_duration,
    "span_range": _span_range,
    "length_range": _length_range,
    "ago": _ago,
    "counted_from_day": _counted_from_day,
    "set_month": _set_month,
    "set": _set,
    "clock": _clock,
    "named_clock": _named_clock,
    "clock_in_part": _clock_in_part,
    "oclock": _oclock,
    "day_of_month": _day_of_month,
    "part": _part,
    "duration": _duration,
}

RULES_FILE = Path(__file__).with_name("rules.toml")
_ROW_KEYS = frozenset(
    {"id", "example", "pattern", "match", "build", "args", "kind", "type", "relative", "tensed"}
    | {"mod", "value", "undated", "triggers", "trigger_shapes"}
)


def _expand(pattern: str, row: str) -> str:
    """A row's pattern with its {fragments} written out; "\\d{4}" is left as it is."""

    def piece(m: re.Match) -> str:
        if m.group(1) not in FRAGMENTS:
            raise ValueError(f"rule {row}: no fragment named {{{m.group(1)}}}")
        return FRAGMENTS[m.group(1)]

    return re.sub(r"\{([a-z_]+)\}", piece, pattern)


def _builder(row: Mapping[str, Any]) -> Callable[[dict], Reading | None]:
    """The row's builder with its arguments bound, or the row's own reading when it names none."""
    args = dict(row.get("args", {}))
    name = row.get("build")
    if name is not None:
        if name not in BUILDERS:
            raise ValueError(f"rule {row['id']}: no builder named {name!r}")
        fn = BUILDERS[name]
        return functools.partial(fn, **args) if args else fn
    kind, type_, mod = row["kind"], row.get("type", "DATE"), row.get("mod")
    relative, tensed = row.get("relative", True), row.get("tensed", False)

    try:
        parts = parts_of(kind, args)
    except ValueError as err:
        raise ValueError(f"rule {row['id']}: {err}") from None

    def constant(g: dict) -> Reading:
        return Reading(kind, parts, type=type_, relative=relative, tensed=tensed, mod=mod)

    return constant


def parse_rules(rows: list[Mapping[str, Any]]) -> list[Rule]:
    """The rule table from its parsed rows, in order (the first row to read a text wins); a
    malformed row raises ValueError naming it."""
    rules: list[Rule] = []
    for row in rows:
        rid = row.get("id", "?")
        unknown = set(row) - _ROW_KEYS
        if unknown:
            raise ValueError(f"rule {rid}: unknown fields {sorted(unknown)}")
        for key in ("id", "example", "kind"):
            if key not in row:
                raise ValueError(f"rule {rid}: no {key}")
        if "pattern" not in row and "match" not in row:
            raise ValueError(f"rule {rid}: neither a pattern nor token specs")
        if ("value" in row) == bool(row.get("undated")):
            raise ValueError(f"rule {rid}: give the value its example reads to, or undated")
        pattern = row.get("pattern")
        rules.append(
            Rule(
                rid,
                row["example"],
                _expand(pattern, rid) if pattern is not None else None,
                _builder(row),
                tuple(row.get("match", ())),
                kind=row["kind"],
                value=row.get("value"),
                mod=row.get("mod"),
                trigger_words=tuple(row.get("triggers", ())),
                trigger_shapes=tuple(row.get("trigger_shapes", ())),
            )
        )
    ids = [r.id for r in rules]
    if len(set(ids)) != len(ids):
        raise ValueError(f"rule ids must be unique: {sorted({i for i in ids if ids.count(i) > 1})}")
    return rules


def load_rules(path: Path = RULES_FILE) -> list[Rule]:
    with open(path, "rb") as f:
        return parse_rules(tomllib.load(f)["rule"])


RULES: list[Rule] = load_rules()
