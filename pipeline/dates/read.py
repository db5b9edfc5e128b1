"""What a date expression's words state, before any publication date is applied.

The English grammar of date phrases ("late Wednesday", "within the coming days",
"the end of the week", "mid-1996") lives here as plain string rules, so it can be tested
without spaCy and without a calendar. A `Reading` says what kind of expression it is and
holds its parts; `calendar` turns a reading into dates.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable
from dataclasses import dataclass, field

from ..language.lexicon import EN, alternation

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


@dataclass
class Reading:
    """The kind of a date expression and its parts (see the rule table in `read`)."""

    kind: str
    args: dict = field(default_factory=dict)
    type: str = "DATE"
    relative: bool = True  # needs the publication date
    tensed: bool = False  # needs the governing verb's direction
    mod: str | None = None
    rule: str | None = None  # id of the rule-table row that read it, for the explanation


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
}


def _spec_tokens(spec: str) -> list[tuple[str, bool, str | None]]:
    """A token spec ("the early|small hours of {weekday} {part}?") as (token, optional, group)
    triples; "a|b=name" captures the word in the group `name`; "<ddx|ddddx>" is a token of
    those spaCy shapes (for the Matcher only: a row using one gives its own pattern)."""
    out = []
    for t in spec.split():
        optional = t.endswith("?") and len(t) > 1
        t = t[:-1] if optional else t
        t, _, group = t.partition("=")
        out.append((t, optional, group or None))
    return out


def spec_regex(spec: str) -> str:
    """The reader's regular expression for a token spec: words and alternatives as written,
    a {class} as its lexicon words in a named group, '-?' as an optional hyphen."""
    out = ""
    for i, (tok, optional, group) in enumerate(_spec_tokens(spec)):
        if tok == "-":
            out += "[- ]?" if optional else "-"
            continue
        if tok.startswith("<"):
            raise ValueError(f"a token shape ({tok}) has no regular expression: give the row one")
        if tok.startswith("{"):
            group, words = SPEC_CLASSES[tok.strip("{}")]
        else:
            words = tuple(tok.split("|"))
        piece = f"(?P<{group}>{alternation(words)})" if group else f"(?:{alternation(words)})"
        if i == 0:
            out += f"(?:{piece} )?" if optional else piece
            continue
        glue = "" if out.endswith("[- ]?") or out.endswith("-") or out.endswith(" )?") else " "
        out += f"(?:{glue}{piece})?" if optional else glue + piece
    return out


def spec_tokens(spec: str) -> list[dict]:
    """The spaCy Matcher pattern for a token spec (lower-cased words, a {class} as its words)."""
    pattern: list[dict] = []
    for tok, optional, _ in _spec_tokens(spec):
        if tok == "-":
            item: dict = {"ORTH": "-"}
        elif tok.startswith("<"):
            item = {"SHAPE": {"IN": tok.strip("<>").split("|")}}
        elif tok.startswith("{"):
            item = {"LOWER": {"IN": list(SPEC_CLASSES[tok.strip("{}")][1])}}
        else:
            words = tok.split("|")
            item = {"LOWER": words[0]} if len(words) == 1 else {"LOWER": {"IN": words}}
        if optional:
            item["OP"] = "?"
        pattern.append(item)
    return pattern


@dataclass(frozen=True)
class Rule:
    """One row of the rule table: an id that explanations name, an example the row must read
    (each one is a test), the builder that turns the groups read into a Reading of one kind,
    and the words: either token specs over the lexicon's word classes (`match`), compiled
    both into the reader's regular expression and into the detector's spaCy Matcher, or a
    regular expression of the reader's own (`pattern`) for a row the model's spans bring."""

    id: str
    example: str
    pattern: str | None
    build: Callable[[dict], Reading | None]
    match: tuple[str, ...] = ()

    @functools.cached_property
    def compiled(self) -> re.Pattern:
        """The reader's expression: the row's own pattern, else its specs compiled."""
        if self.pattern is not None:
            return re.compile(self.pattern)
        return re.compile("|".join(f"(?:{spec_regex(m)})" for m in self.match))

    @property
    def matcher_patterns(self) -> list[list[dict]]:
        return [spec_tokens(m) for m in self.match]


_ord = "|".join(sorted(ORDINALS, key=len, reverse=True)) + r"|\d+(?:st|nd|rd|th)"
_num = "|".join(sorted((re.escape(k) for k in list(NUMBERS) + list(VAGUE)), key=len, reverse=True))
_M = rf"(?P<month>{alternation(w for w in EN.month_forms if not w.endswith('.'))})\.?"
_WD = rf"(?P<wd>{alternation(EN.weekdays)})"
_DAY = r"(?P<day>\d{1,2})(?:st|nd|rd|th)?"
_YEAR = r"(?P<year>(?:1[0-9]|20)\d{2})"
_PART = rf"(?P<part>{alternation(w for w, p in EN.parts_of_day.items() if p.alone)})"
_EDGE = r"(?P<edge>early|mid|late)"
_POS = r"(?P<pos>end|beginning|start|middle)"
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
_LEAD = (
    r"(?:(?:only|just|barely|merely|a mere|a|an|the|the first|the initial|the latest|the final|"
    r"the remaining|the full|the same|the comparable|the year-earlier|the year-ago|the first "
    r"full) )?"
)
# Words after a count that leave it a length in TimeML: "three days later", "a 13-year-old".
_AFTER = r"(?:later|afterward|afterwards|long|old|running|straight|in a row)"


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
        {"left": left, "right": right, "left_text": left_text, "right_text": m.group("right")},
        relative=left.relative or right.relative,
        tensed=left.tensed or right.tensed,
        rule=f"range of {left.rule} to {right.rule}",
    )


def _explicit_day(g):
    month, day = month_number(g["month"]), int(g["day"])
    if not _valid_day(month, day):
        return None
    return Reading("explicit", {"year": int(g["year"]), "month": month, "day": day}, relative=False)


def _explicit_numeric(g):
    month, day = int(g["mnum"]), int(g["day"])
    if not (1 <= month <= 12 and _valid_day(month, day)):
        return None
    return Reading("explicit", {"year": int(g["year"]), "month": month, "day": day}, relative=False)


def _explicit_month(g):
    edge = g.get("edge") or g.get("pos")
    return Reading(
        "explicit",
        {"year": int(g["year"]), "month": month_number(g["month"])},
        relative=False,
        mod=EDGE_MODS.get(edge) if edge else None,
    )


def _year(g):
    edge = g.get("edge") or g.get("pos")
    return Reading(
        "year", {"year": int(g["year"])}, relative=False, mod=EDGE_MODS.get(edge) if edge else None
    )


def _decade(g):
    edge = g.get("edge")
    return Reading(
        "decade",
        {"decade": int(g["dec"])},
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
    return Reading("decade", {"decade": dec}, relative=False, mod=mod)


def _century(g):
    n = ordinal(g["ord"])
    return Reading("century", {"century": n}, relative=False) if n else None


def _quarter(g):
    q = g.get("qn")
    if not q and g["q"] in ("final", "last") and not (g.get("the") or g.get("year")):
        return None  # "last quarter": the previous one, read by the relative-unit rule
    q = int(q) if q else ({"final": 4, "last": 4}.get(g["q"]) or ordinal(g["q"]))
    if not q or not 1 <= q <= 4:
        return None
    if g.get("year"):
        return Reading("quarter", {"quarter": q, "year": int(g["year"])}, relative=False)
    yrel = g.get("yrel")
    if yrel:  # "this year's third quarter", "the year-earlier third quarter"
        offset = 0 if yrel in ("this year's", "the current") else 1 if yrel == "next year's" else -1
        return Reading("quarter", {"quarter": q, "year_offset": offset})
    return Reading("quarter", {"quarter": q}, tensed=True)


def _half(g):
    """ "the first half", "the last half of 1989", "the first two quarters": a half year."""
    h = 1 if g["h"] in ("first", "first two quarters of the", "first two") else 2
    if g.get("year"):
        return Reading("half", {"half": h, "year": int(g["year"])}, relative=False)
    return Reading("half", {"half": h}, tensed=True)


def _report_quarter(g):
    """ "the quarter", "the latest quarter": in business news, the quarter whose results are
    reported."""
    return Reading("report_quarter", {})


def _year_ago(g):
    """ "a year earlier", "the year-ago quarter": the same period one year before.

    Which period is meant is said earlier in the text (the quarter just reported); the
    caller looks for it, and without one the quarter (for "quarter"/"period") or the
    year before publication is taken.
    """
    what = g.get("what")
    period = bool(what) and any(w in what for w in ("quarter", "period", "months"))
    return Reading("year_ago", {"what": "Q" if period else None})


def _year_end(g):
    """ "year-end": December 31 (the day, hyphenated as an adjective) or the year's end."""
    return Reading(
        "year_end", {"day": "-" in g["ye"]}, tensed=True, mod=None if "-" in g["ye"] else "END"
    )


def _season(g):
    season = EN.seasons[g["season"]].code
    if g.get("year"):
        return Reading("season", {"season": season, "year": int(g["year"])}, relative=False)
    rel = g.get("rel")
    rel = (
        "last" if rel in ("this past", "past") else rel
    )  # "this past spring": the spring just gone
    return Reading(
        "season",
        {"season": season, "rel": rel if rel in ("this", "last", "next") else None},
        tensed=rel not in ("this", "last", "next"),
    )


def _month_day(g):
    month, day = month_number(g["month"]), int(g["day"])
    if not _valid_day(month, day):
        return None
    if g.get("rel"):  # "last Oct. 23": the one before publication, whatever the verb
        return Reading("month_day", {"month": month, "day": day, "rel": g["rel"]})
    return Reading("month_day", {"month": month, "day": day}, tensed=True)


def _month(g):
    edge = g.get("edge") or g.get("pos")
    rel = g.get("rel")
    return Reading(
        "month",
        {"month": month_number(g["month"]), "rel": rel},
        tensed=rel is None,
        mod=EDGE_MODS.get(edge) if edge else None,
    )


def _month_in_year(g):
    """ "February this year", "June last year": a month of a year named from publication."""
    edge = g.get("edge")
    offset = {"this": 0, "last": -1, "next": 1}[g["yrel"]]
    return Reading(
        "month",
        {"month": month_number(g["month"]), "rel": None, "year_offset": offset},
        mod=EDGE_MODS.get(edge) if edge else None,
    )


# Named days of the news calendar, each name to its holiday; `calendar` knows each one's date.
HOLIDAYS = EN.holiday_names
_HOL = "|".join(sorted((re.escape(k) for k in HOLIDAYS), key=len, reverse=True))


def _holiday(g):
    rel = g.get("rel")
    return Reading(
        "holiday",
        {"name": HOLIDAYS[g["hol"]], "rel": rel, "week": bool(g.get("week"))},
        tensed=rel is None,
    )


def _weekday(g):
    rel = g.get("rel")
    rel = {"past": "last", "coming": "next"}.get(rel, rel)
    edge = g.get("edge")
    return Reading(
        "weekday",
        {"weekday": WEEKDAYS.index(g["wd"]), "part": g.get("part"), "edge": edge, "rel": rel},
        tensed=rel is None,
        mod=EDGE_MODS.get(edge) if edge else None,
    )


def _relday(g):
    word = g["rd"]
    offset = RELATIVE_DAYS[word]
    part = g.get("part") or ("night" if word == "tonight" else None)
    return Reading("relday", {"offset": offset, "part": part, "word": word})


def _early_hours(g):
    """ "in the early hours of Friday": the start of that day, not a length of hours; with
    no day named, the early morning of the day spoken of. A day that names its own part
    ("Thursday morning") is read as that part, as TimeML tags it."""
    inner = g.get("inner")
    if inner is None:
        return Reading(
            "part",
            {"part": "morning", "reason": "a part of day with no day named"},
            type="TIME",
            mod="START",
        )
    day = _read_one(inner)
    if day is None or day.kind not in ("weekday", "relday") or day.args.get("part"):
        return None  # "the early hours of Thursday morning": the day's own part says it
    return Reading(
        day.kind,
        {**day.args, "part": None, "edge": "early"},
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
    return Reading("short_year", {"yy": int(g["yy"]), "month": month, "day": day})


def _this_part(g):
    part = g["part"]
    if g["rel"] == "last":
        return Reading(
            "relday",
            {
                "offset": -1 if part in ("night", "evening") else 0,
                "part": part,
                "word": "last " + part,
            },
        )
    return Reading("relday", {"offset": 0, "part": part, "word": "this " + part})


def _earlier_today(g):
    return Reading("relday", {"offset": 0, "part": None, "word": g["el"] + " today"})


def _unit_rel(g):
    rel, unit = g["rel"], g["unit"]
    if rel in ("the following", "the previous", "the next", "that"):
        return Reading(
            "anaphoric",
            {
                "reason": f"'{rel} {unit}' counts from another event in the text, "
                "not from publication"
            },
        )
    if rel in ("the past", "the last"):
        return Reading(
            "window", {"direction": "past", "unit": unit_code(unit), "n": 1}, type="DURATION"
        )
    if rel == "the coming":
        return Reading(
            "window", {"direction": "future", "unit": unit_code(unit), "n": 1}, type="DURATION"
        )
    offset = {"this": 0, "the current": 0, "current": 0, "last": -1, "next": 1}[rel]
    return Reading("unit_rel", {"unit": unit_code(unit), "offset": offset})


def _weekend(g):
    rel = g.get("rel")
    if rel in ("this", "last", "next"):
        return Reading("weekend", {"rel": rel})
    if rel in ("the past", "last"):
        return Reading("weekend", {"rel": "last"})
    if rel == "the coming":
        return Reading("weekend", {"rel": "next"})
    return Reading("weekend", {"rel": None}, tensed=True)


def _unit_edge(g):
    shift = {"next": 1, "last": -1}.get(g.get("det") or "", 0)
    return Reading(
        "unit_edge", {"unit": unit_code(g["unit"]), "offset": shift}, mod=EDGE_MODS[g["pos"]]
    )


def _unit_partial(g):
    return Reading("unit_partial", {"unit": unit_code(g["unit"]), "side": g["el"]})


def _window(direction):
    """ "within days", "the coming weeks", "recent years": a window from publication. It states a
    length, counted or vague, so TimeML types it a DURATION (P2W, PXW: "in recent weeks" is
    "the past few weeks", a stretch ending at publication), while it still spans the window."""

    def build(g):
        n = number(g.get("n"))
        return Reading(
            "window",
            {"direction": direction, "unit": unit_code(g["unit"]), "n": n},
            type="DURATION",
        )

    return build


def _ago(g):
    n = number(g.get("n"))
    return Reading("ago", {"n": n, "unit": unit_code(g["unit"])})


def _ref(value):
    return lambda g: Reading("ref", {"value": value})


def _duration(g):
    if re.fullmatch(r"(?:1[0-9]|20)\d{2}", g.get("n") or ""):
        return None  # a year naming a period ("the 1988 quarter"), not a count
    n = number(g.get("n")) if g.get("n") or not g.get("one") else 1
    if n is not None and g.get("half"):
        n += 0.5
    unit = unit_code(g["unit"])
    mod = MODS.get(g.get("mod", ""))
    return Reading("duration", {"n": n, "unit": unit}, type="DURATION", relative=False, mod=mod)


def _span_duration(direction):
    def build(g):
        n = number(g.get("n"))
        return Reading(
            "span", {"n": n, "unit": unit_code(g["unit"]), "direction": direction}, type="DURATION"
        )

    return build


def _length_range(g):
    """ "two to three weeks": no one count, so TimeML's vague count, PXW."""
    if number(g["lo"]) is None or number(g["hi"]) is None:
        return None
    return Reading(
        "duration", {"n": None, "unit": unit_code(g["unit"])}, type="DURATION", relative=False
    )


def _span_range(g):
    """ "the next 12 to 18 months": a vague count (PXM) reaching as far as the larger one."""
    hi = number(g["hi"])
    if number(g["lo"]) is None or hi is None:
        return None
    direction = "future" if g["dir"] in ("next", "coming") else "past"
    return Reading(
        "span",
        {"n": None, "reach": hi, "unit": unit_code(g["unit"]), "direction": direction},
        type="DURATION",
    )


def _counted(g):
    return Reading("not_a_date", {"reason": "an ordinal count of days, not a date"})


def _anaphoric(g):
    return Reading(
        "anaphoric", {"reason": "counts from another event in the text, not from publication"}
    )


def _set(g):
    unit = g.get("unit")
    if unit in WEEKDAYS:
        return Reading(
            "set",
            {"value": f"XXXX-WXX-{WEEKDAYS.index(unit) + 1}", "unit": "W"},
            type="SET",
            relative=False,
        )
    code = EN.set_adverbs.get(g.get("adv", ""))
    code = code or unit_code(unit)
    value = "PT1H" if code == "H" else f"P1{code}"
    return Reading("set", {"value": value, "unit": code}, type="SET", relative=False)


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
    return Reading("clock", {"hour": h, "minute": mi, "zone": g.get("zone")}, type="TIME")


def _oclock(g):
    h = int(g["h"])
    if not 1 <= h <= 12:
        return None
    return Reading("clock", {"hour": h, "minute": 0, "zone": g.get("zone")}, type="TIME")


def _day_of_month(g):
    """ "the 15th": a day of an unnamed month, the month read from publication and tense."""
    day = int(g["day"])
    if not 1 <= day <= 31:
        return None
    return Reading("day_of_month", {"day": day}, tensed=True)


def _named_clock(g):
    """Noon is 12:00; midnight closes the day it is named with ("midnight Friday" is the end of
    Friday), which TimeML writes T24:00."""
    h = {"noon": 12, "midday": 12, "midnight": 24}[g["nc"]]
    return Reading("clock", {"hour": h, "minute": 0, "zone": None}, type="TIME")


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
    return Reading("clock", {"hour": h, "minute": mi, "zone": None}, type="TIME")


def _part(g):
    det = g.get("det")
    if det == "this":
        return Reading(
            "relday", {"offset": 0, "part": g["part"], "word": "this " + g["part"]}, type="TIME"
        )
    return Reading(
        "part", {"part": g["part"], "reason": "a part of day with no day named"}, type="TIME"
    )


def _counted_from_day(kind):
    """ "the day before last Tuesday", "the week of March 6": a named day, then a step from it."""

    def build(g):
        inner = _read_one(g["inner"])
        if (
            inner is None
            or inner.kind not in ("weekday", "month_day", "relday", "explicit", "holiday")
            or (inner.kind == "explicit" and "day" not in inner.args)
        ):
            return None
        days = {"before": -1, "after": 1}.get(g.get("dir"), 0)
        return Reading(
            kind,
            {"inner": inner, "inner_text": g["inner"], "days": days},
            relative=inner.relative,
            tensed=inner.tensed,
        )

    return build


def _present(g):
    return Reading("ref", {"value": "PRESENT_REF"})


RULES: list[Rule] = [
    Rule(
        "explicit-mdy",
        "Wednesday, October 8, 2025",
        rf"(?:{_WD},? )?{_M} {_DAY},? {_YEAR}",
        _explicit_day,
    ),
    Rule(
        "explicit-dmy",
        "8 October 2025",
        rf"(?:{_WD},? )?(?:the )?{_DAY} (?:of )?{_M},? {_YEAR}",
        _explicit_day,
    ),
    Rule(
        "explicit-iso",
        "2025-10-08",
        r"(?P<year>\d{4})-(?P<mnum>\d{2})-(?P<day>\d{2})",
        _explicit_numeric,
    ),
    Rule(
        "explicit-us-numeric",
        "10/08/2025",
        r"(?P<mnum>\d{1,2})/(?P<day>\d{1,2})/(?P<year>\d{4})",
        _explicit_numeric,
    ),
    Rule(
        "explicit-short-numeric",
        "7/8/07",
        r"(?P<a>\d{1,2})/(?P<b>\d{1,2})/(?P<yy>\d{2})",
        _short_numeric,
    ),
    Rule(
        "explicit-month-year",
        "early October 2025",
        rf"(?:{_EDGE}[- ]?)?{_M},? (?:of )?{_YEAR}",
        _explicit_month,
    ),
    Rule(
        "explicit-month-year-position",
        "the end of October 2025",
        rf"(?:the )?{_POS} of {_M},? {_YEAR}",
        _explicit_month,
    ),
    Rule("year", "the year 2025", rf"(?:the )?(?:year )?{_YEAR}", _year),
    Rule("year-pre-post", "post-2020", rf"(?:pre|post)-{_YEAR}", _year),
    Rule("year-edge", "mid-1996", rf"{_EDGE}[- ]?{_YEAR}", _year),
    Rule("year-position", "the beginning of 1997", rf"(?:the )?{_POS} of {_YEAR}", _year),
    Rule(
        "decade", "the late 1990s", rf"(?:the )?(?:{_EDGE}[- ])?(?P<dec>1[0-9]\d|20\d)0'?s", _decade
    ),
    Rule(
        "decade-short",
        "the late '70s",
        rf"(?:the )?(?:{_EDGE}[- ])?'?(?P<yy>[0-9]0)'?s",
        lambda g: _decade({**g, "dec": str(_short_decade(g["yy"]))}),
    ),
    Rule(
        "year-apostrophe",
        "'82",
        r"'(?P<yy>\d{2})",
        lambda g: Reading("short_year", {"yy": int(g["yy"])}),
    ),
    Rule(
        "decade-words",
        "the seventies",
        rf"(?:the )?(?:{_EDGE}[- ])?(?:nineteen[- ])?(?P<decw>{alternation(DECADE_WORDS)})",
        lambda g: _decade({**g, "dec": str(DECADE_WORDS[g["decw"]])}),
    ),
    Rule(
        "decade-half",
        "the last half of the '80s",
        r"(?:the )?(?P<h>first|second|last|latter|early|late) half of (?:the )?"
        r"(?:(?P<dec>1[0-9]\d|20\d)0|'?(?P<yy>\d0))'?s",
        _decade_half,
        match=("the first|second|last|latter|early|late half of the '? <ddx|ddddx>",),
    ),
    Rule("century", "the 20th century", rf"(?:the )?(?P<ord>{_ord}) century", _century),
    Rule(
        "quarter-ordinal",
        "the fourth quarter of 1989",
        rf"(?P<the>(?:the|a) )?(?:fiscal )?(?P<q>first|second|third|fourth|1st|2nd|3rd|4th|final|"
        rf"last)[- ](?:fiscal )?quarter(?: of {_YEAR})?",
        _quarter,
    ),
    Rule(
        "quarter-of-year",
        "the 1989 third quarter",
        rf"(?:the )?{_YEAR}(?:'s)? (?:fiscal )?(?P<q>first|second|third|fourth|1st|2nd|3rd|4th|"
        rf"final)[- ]quarter",
        _quarter,
    ),
    Rule(
        "quarter-of-relative-year",
        "the year-ago third quarter",
        r"(?P<yrel>this year's|the current|next year's|last year's|the year-ago|the year-earlier|"
        r"the prior-year|the year-before) "
        r"(?:fiscal )?(?P<q>first|second|third|fourth|final)[- ]quarter",
        _quarter,
    ),
    Rule(
        "half-year",
        "the first half of 1989",
        rf"(?:the )?(?P<h>first|second|last|latter|final|first two quarters of the|first two|"
        rf"last two) (?:half|quarters)"
        rf"(?: of (?:the year|{_YEAR}))?",
        _half,
    ),
    # "the 1988 quarter", "the 1989 period": the quarter being reported, in the year named.
    Rule(
        "reported-quarter-of-year",
        "the 1988 period",
        rf"(?:the )?{_YEAR} (?:fiscal )?(?:quarter|period)",
        lambda g: Reading("report_quarter", {"year": int(g["year"])}),
    ),
    Rule(
        "reported-quarter",
        "the latest quarter",
        r"(?:the )?(?:latest|most recent|just-ended|just ended|recent|reporting)? ?(?:fiscal )"
        r"?quarter"
        r"|the latest period|the most recent period",
        _report_quarter,
    ),
    Rule(
        "year-ago-period",
        "the year-earlier quarter",
        r"(?:the )?(?:comparable |same |corresponding |prior )?(?:year-ago|year-earlier|year ago|"
        r"year earlier|"
        r"prior-year|previous-year|year-before|last year's)(?: (?P<what>quarter|period|three "
        r"months))?",
        _year_ago,
    ),
    Rule(
        "year-ago-named-period",
        "the same period a year earlier",
        r"(?:the )?(?P<what>quarter|period|same period|corresponding period|comparable period) "
        r"(?:a year (?:ago|earlier|before)|last year|of last year|the year before)",
        _year_ago,
    ),
    Rule(
        "year-ago", "a year earlier", r"(?:a|one) (?:full )?year (?:earlier|ago|before)", _year_ago
    ),
    Rule(
        "year-end",
        "year-end",
        r"(?:around |about |the )?(?P<ye>year-end|year end|year's end)",
        _year_end,
    ),
    Rule(
        "fiscal-year",
        "fiscal 1989",
        rf"(?:fiscal|calendar|fy|fiscal year|calendar year|the fiscal year|the calendar year)"
        rf" {_YEAR}",
        _year,
    ),
    Rule(
        "current-year",
        "the current fiscal year",
        r"(?:the )?(?:current|full|entire|whole|present)(?: fiscal| calendar)? year|the fiscal "
        r"year|the calendar year|the year",
        lambda g: Reading("unit_rel", {"unit": "Y", "offset": 0}),
    ),
    Rule("quarter-code", "q3 2025", rf"q(?P<qn>[1-4])(?:,? {_YEAR})?", _quarter),
    Rule(
        "season",
        "last spring",
        rf"(?:(?P<rel>this past|past|this|last|next|the) )?(?P<season>{alternation(EN.seasons)})"
        rf"(?:,? (?:of )?{_YEAR})?",
        _season,
    ),
    Rule(
        "month-this-year",
        "june this year",
        rf"(?:{_EDGE}[- ]?)?{_M},? (?P<yrel>this|last|next) year",
        _month_in_year,
    ),
    Rule(
        "holiday",
        "next christmas",
        rf"(?:(?P<rel>last|next|this) )?(?P<hol>{_HOL})(?P<week> week)?",
        _holiday,
    ),
    Rule("month-day-rel", "next march 6", rf"(?P<rel>last|next) {_M} {_DAY}", _month_day),
    Rule("month-day", "october 8", rf"(?:{_WD},? )?{_M} {_DAY}", _month_day),
    Rule(
        "day-month", "the 8th of october", rf"(?:{_WD},? )?(?:the )?{_DAY} (?:of )?{_M}", _month_day
    ),
    Rule(
        "month-tense",
        "early last october",
        rf"(?:{_EDGE}[- ]?)?(?:(?P<rel>this|last|next|past) )?{_M}",
        _month,
    ),
    Rule("month-position", "the end of october", rf"(?:the )?{_POS} of {_M}", _month),
    Rule(
        "early-hours",
        "in the early hours of friday",
        r"(?:in )?(?:the )?(?:early|small|wee) hours(?: of (?:the )?(?P<inner>.+))?",
        _early_hours,
        match=(
            "the early|small|wee hours of the? {weekday}",
            "the early|small|wee hours of {relday}",
        ),
    ),
    # "down 4.5% from the previous Friday": the Friday before the day just spoken of.
    Rule(
        "weekday-anaphoric",
        "the previous friday",
        rf"the (?P<rel>previous|preceding|following|next) {_WD}",
        lambda g: Reading(
            "anaphoric",
            {
                "reason": f"'the {g['rel']} {g['wd'].capitalize()}' counts from a day named "
                "before it, not from publication",
                "weekday": WEEKDAYS.index(g["wd"]),
                "step": -1 if g["rel"] in ("previous", "preceding") else 1,
            },
        ),
        match=("the previous|preceding|following|next {weekday}",),
    ),
    Rule(
        "weekday-tense",
        "late wednesday evening",
        rf"(?:{_EDGE}[- ])?(?:(?P<rel>this|last|next|past|coming) )?{_WD}(?:'s)?(?: {_PART})?",
        _weekday,
        match=("late|early {weekday} {part}?", "{weekday} {part}", "last|next|this {weekday}"),
    ),
    Rule(
        "relative-day",
        "yesterday",
        rf"(?P<rd>{alternation(RELATIVE_DAYS)})(?:'s)?(?: {_PART})?",
        _relday,
        match=("{relday}",),
    ),
    # "mid-afternoon yesterday", "late morning today": the part of the day named after it.
    Rule(
        "part-relative-day",
        "mid-afternoon yesterday",
        rf"(?:(?:early|mid|late)[- ]?)?{_PART} (?P<rd>today|yesterday|tomorrow)",
        _relday,
        match=("early|mid|late -? {part} today|yesterday|tomorrow?",),
    ),
    Rule(
        "this-part",
        "this morning",
        rf"(?P<rel>this|last) {_PART}",
        _this_part,
        match=("this|last {part}",),
    ),
    Rule("earlier-later-today", "later today", r"(?P<el>earlier|later) today", _earlier_today),
    Rule(
        "this-last-next",
        "next week",
        r"(?P<rel>this|last|next|the current|current|the following|the previous|the next|the "
        r"past|the last|the coming|that) (?:fiscal |calendar )?(?P<unit>week|month|year|quarter)",
        _unit_rel,
        match=("this|last|next week|month|year",),
    ),
    Rule(
        "weekend",
        "the weekend",
        r"(?:(?P<rel>this|last|next|the|the past|the coming|over the) )?weekend",
        _weekend,
        match=("the|this|last|next weekend",),
    ),
    # "over the past decade": the ten years before publication, as "the past year" is the twelve
    # months.
    Rule(
        "past-decade",
        "the past decade",
        r"(?:the )?(?:past|last) (?P<unit>decade|century)",
        lambda g: Reading(
            "window", {"direction": "past", "unit": unit_code(g["unit"]), "n": 1}, type="DURATION"
        ),
    ),
    Rule(
        "edge-of-unit",
        "the end of the week",
        rf"(?:the )?{_POS} of (?:(?P<det>the|this|next|last) )?(?P<unit>week|month|year)",
        _unit_edge,
        match=("the? end|beginning|start|middle of the|this|next|last? week|month|year",),
    ),
    Rule(
        "earlier-later-this",
        "earlier this month",
        r"(?P<el>earlier|later) (?:this|in the) (?P<unit>week|month|year)",
        _unit_partial,
        match=("earlier|later this week|month|year",),
    ),
    Rule(
        "to-date",
        "year to date",
        None,
        lambda g: Reading("to_date", {"unit": unit_code(g["period"])}),
        match=("year|month|quarter=period -? to -? date",),
    ),
    Rule(
        "earlier-later-in-the-day",
        "later in the day",
        None,
        _anaphoric,
        match=("earlier|later in the day",),
    ),
    Rule(
        "window-coming",
        "in the coming days",
        rf"(?:within|in|over|during) (?:the )?(?:coming|next|following|upcoming) (?:{_N} )?{_UNIT}",
        _window("future"),
    ),
    Rule(
        "window-coming-bare",
        "the coming months",
        rf"(?:the )?(?:coming|upcoming) (?:{_N} )?{_UNIT}",
        _window("future"),
    ),
    Rule(
        "next-few",
        "the next few days",
        rf"(?:the )?next (?P<n>few|several|couple of) {_UNIT}",
        _span_duration("future"),
    ),
    Rule("within", "within two weeks", rf"within (?:the )?(?:{_N} )?{_UNIT}", _window("future")),
    Rule("ahead", "the weeks ahead", rf"(?:in )?the {_UNIT} (?:ahead|to come)", _window("future")),
    Rule("recent-units", "recent weeks", rf"(?:in )?(?:the )?recent {_UNIT}", _window("past")),
    Rule(
        "past-few",
        "the past few years",
        rf"(?:in )?(?:the )?(?:past|last|previous) (?P<n>few|several|couple of) {_UNIT}",
        _span_duration("past"),
    ),
    Rule(
        "span-range",
        "the next 12 to 18 months",
        rf"(?:the )?(?P<dir>next|coming|past|last|previous) {_LO} (?:to|or|-) {_HI} {_UNIT}",
        _span_range,
    ),
    Rule(
        "length-range",
        "two to three weeks",
        rf"(?:between )?{_LO} (?:to|or|and|-) {_HI} {_UNIT}",
        _length_range,
    ),
    Rule(
        "past-n",
        "the past six months",
        rf"(?:the )?(?:past|last|previous) {_N} {_UNIT}",
        _span_duration("past"),
    ),
    Rule("next-n", "the next six months", rf"(?:the )?next {_N} {_UNIT}", _span_duration("future")),
    Rule("ago", "three years ago", rf"(?:{_N} )?{_UNIT}(?: or so)? ago", _ago),
    Rule(
        "present",
        "currently",
        r"(?:right )?now|currently|current|at present|the present|nowadays|these days",
        _present,
    ),
    Rule(
        "time-being",
        "for the time being",
        None,
        _present,
        match=("for? the time being",),
    ),
    Rule("very-soon", "very soon", None, _ref("FUTURE_REF"), match=("very|quite|fairly soon",)),
    # "the then current price": current at the time spoken of, which is past.
    Rule("then-current", "then-current", r"then[- ]current", _ref("PAST_REF")),
    Rule("past-ref", "recently", r"(?:the )?past|recently|lately", _ref("PAST_REF")),
    Rule(
        "future-ref",
        "the near future",
        r"(?:the )?future|soon|(?:in )?the future|(?:a|some) (?:later|future) (?:date|time|point)"
        r"|the (?:near|short|long) (?:future|term)",
        _ref("FUTURE_REF"),
    ),
    Rule(
        "counted",
        "a third straight day",
        rf"(?:a|another) (?P<ord>{_ord}|final|last) (?:straight |consecutive |full )"
        rf"?(?P<unit>day|week|month|year|night|time|round)",
        _counted,
    ),
    Rule(
        "anaphoric-ordinal",
        "the following day",
        rf"the (?P<ord>{_ord}|next|following|previous|same|other|final|last) (?P<unit>day|week|"
        rf"month|year|night|morning|evening|afternoon)",
        _anaphoric,
    ),
    Rule(
        "anaphoric-same",
        "that day",
        r"(?:that|the same) (?P<unit>day|week|month|year|night|morning|evening|afternoon|time)",
        _anaphoric,
    ),
    Rule(
        "day-shift",
        "the day before yesterday",
        r"(?:the )?day (?P<dir>before|after) (?P<inner>(?!that$).+)",
        _counted_from_day("day_shift"),
    ),
    Rule(
        "week-of",
        "the week of march 6",
        r"(?:the )?week of (?P<inner>.+)",
        _counted_from_day("week_of"),
    ),
    Rule(
        "anaphoric-day-before", "the day before", r"the day (?:before|after)(?: that)?", _anaphoric
    ),
    Rule(
        "anaphoric-unit-before",
        "the year before",
        r"the (?:year|month|week|day) (?:before|earlier|after|later)",
        _anaphoric,
    ),
    # "each July": the month of every year, TimeML's SET XXXX-07.
    Rule(
        "set-month",
        "every july",
        rf"(?:every|each) {_M}",
        lambda g: Reading(
            "set",
            {"value": f"XXXX-{month_number(g['month']):02d}", "unit": "Y"},
            type="SET",
            relative=False,
        ),
        match=("every|each {month_name}",),
    ),
    Rule(
        "set-unit",
        "every monday",
        r"(?:every|each) (?P<unit>hour|day|week|month|quarter|year|decade|night|"
        + alternation(EN.weekdays)
        + ")",
        _set,
        match=(
            "every|each {weekday}",
            "every|each day|week|month|year|decade|night",
        ),
    ),
    Rule(
        "set-adverb",
        "weekly",
        rf"(?P<adv>{alternation(EN.set_adverbs)})",
        _set,
        match=("daily|weekly",),
    ),
    Rule(
        "clock",
        "9:30 a.m. gmt",
        r"(?:(?:at|around|about|by) )?(?P<h>\d{1,2})(?:[:.](?P<mi>\d{2}))? ?(?P<ampm>a\.?m\.?|"
        r"p\.?m\.?)?(?: (?P<zone>" + _ZONES + "))?",
        _clock,
    ),
    Rule("named-clock", "noon", r"(?P<nc>noon|midday|midnight)", _named_clock),
    Rule(
        "clock-in-part",
        "4 in the morning",
        r"(?:(?:at|around|about) )?(?P<h>\d{1,2})(?::(?P<mi>\d{2}))? (?:o'clock )?"
        r"(?:in the (?P<pd>morning|afternoon|evening)|at night)",
        _clock_in_part,
    ),
    Rule(
        "oclock",
        "7 o'clock",
        r"(?:(?:at|around|about) )?(?P<h>\d{1,2}) o'clock(?: (?P<zone>local time))?",
        _oclock,
    ),
    Rule(
        "day-of-month",
        "the 15th",
        r"(?:the )?(?P<day>\d{1,2})(?:st|nd|rd|th)(?: of (?:the|this) month)?",
        _day_of_month,
    ),
    Rule(
        "part-of-day-alone",
        "the evening",
        rf"(?:(?P<det>the|this|that) )?(?:(?:early|mid|late)[- ]?)?{_PART}",
        _part,
    ),
    Rule(
        "duration",
        "more than three weeks",
        rf"(?:(?P<mod>{_MODW}) )?{_LEAD}{_N}[- ](?:(?:more|additional|further|trading|business|"
        rf"working|calendar|school|full|straight|consecutive) )?"
        rf"{_UNIT}(?P<half> and a half)?(?: {_AFTER})?",
        _duration,
    ),
    Rule(
        "duration-another",
        "another week",
        rf"(?:(?P<mod>{_MODW}) )?(?P<one>another|an additional|an extra|one more|a full)"
        rf" {_UNIT}(?: {_AFTER})?",
        _duration,
    ),
    Rule(
        "duration-hyphen",
        "five-year-long",
        rf"(?:(?P<mod>{_MODW}) )?(?P<n>\d+|{_num})-{_UNIT}(?:-long|-old)?",
        _duration,
    ),
    Rule(
        "duration-bare",
        "the intervening years",
        # Bare "minutes" and "seconds" ("just minutes apart", "seconds before the blast") say
        # how close two events were, not a stretch of the calendar; TimeML leaves them out.
        rf"(?!(?:seconds|minutes)$)(?:(?P<mod>{_MODW}) )?(?:the )?(?:(?:long|many|several|few|"
        rf"recent|fateful|past|last|first|early|final|"
        rf"closing|ensuing|intervening) )?{_UNITS_PL}",
        _duration,
    ),
]
_RULE_IDS = [r.id for r in RULES]
assert len(set(_RULE_IDS)) == len(_RULE_IDS), "rule ids must be unique"
