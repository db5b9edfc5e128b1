"""Finding date expressions in a parsed article: spaCy's DATE/TIME entities, corrected.

The small English model finds most dates but cuts some wrongly ("2023" out of "the
October 7, 2023 Hamas attacks", "days" out of "within days") and misses others. Matcher
patterns add what it misses, spans are trimmed to what TimeML would draw (no leading "on",
"in", "by", "over"), overlaps keep the longest, and two constructions are built from the
parse: anniversaries of a named date, and a clock time merged with the day named in the
same clause ("Tuesday's evening session began at 7 p.m. local time").
"""

from __future__ import annotations

import dataclasses
import re
from bisect import bisect_left
from dataclasses import dataclass, field

import numpy as np
from spacy.attrs import LOWER, SHAPE
from spacy.matcher import Matcher
from spacy.vocab import Vocab

from ..language.lexicon import EN
from ..nlp import doc_text
from .read import (
    HOLIDAYS,
    MODS,
    NUMBERS,
    RULES,
    WEEKDAYS,
    month_number,
    ordinal,
    read,
)
from .readings import (
    Anniversary,
    AnnivOrigin,
    Clock,
    CountedFromDay,
    DateTime,
    Explicit,
    Reading,
)
from .tense import tense_of

MONTH_WORDS = list(EN.month_forms)
UNITS_PL = EN.unit_words("H D W M Y", singular=False, canonical=True)
UNITS_ANY = UNITS_PL + EN.unit_words("H D W M Y DE", canonical=True)
PART_WORDS = [w for w, p in EN.parts_of_day.items() if p.alone]
# Units a model QUANTITY may end in and still be a length of time.
QUANTITY_UNITS = frozenset(UNITS_ANY + EN.unit_words("MI S", canonical=True))
# Prepositions TimeML leaves outside the expression ("on Wednesday" -> "Wednesday").
LEADING = EN.words("leading_prepositions")
DAY_KINDS = ("weekday", "month_day", "relday", "explicit")


def names_one_day(reading: Reading | None) -> bool:
    """Whether a reading names a single day (an explicit date only when it gives the day)."""
    return (
        reading is not None
        and reading.kind in DAY_KINDS
        and (not isinstance(reading.args, Explicit) or reading.args.day is not None)
    )


# Rows of the rule table that give their words as token specs are found by those same specs:
# one row is both what the detector looks for and what the reader reads.
PATTERNS: dict[str, list[list[dict]]] = {
    rule.id: rule.matcher_patterns for rule in RULES if rule.match
}

# Every pattern holds at least one of these words or shapes; the Matcher only runs on the
# stretches of text around them (it costs about 20 microseconds a token on the whole text).
# Bare numbers ("7", "7th", "2024") are no triggers: they only match next to a month name,
# "a.m."/"p.m." or "early"/"mid"/"late", which are. As triggers they put nearly all of a table
# of figures under the Matcher.
TRIGGER_WORDS = (
    MONTH_WORDS
    + list(WEEKDAYS)
    + UNITS_ANY
    + PART_WORDS
    + sorted(EN.relative_days)
    + sorted(EN.set_adverbs)
    + sorted(EN.words("meridiem"))
    + sorted(EN.words("edge_prefixes"))
    + sorted(EN.words("time_refs"))
    + sorted(EN.words("date_triggers"))
)
TRIGGER_SHAPES = ["d:dd", "dd:dd", "d.dd", "dd.dd"]
# A row given as token specs brings its own triggers, so a new row is found with no edit here.
for _rule in RULES:
    _words, _shapes = _rule.triggers
    TRIGGER_WORDS += sorted(_words)
    TRIGGER_SHAPES += sorted(_shapes)
# The longest expression worth reading as one ("from Monday, October 6, 2025 to Friday, October
# 10").
MAX_EXPRESSION_TOKENS = 16
# The longest model span worth searching for a readable part (see _narrow).
MAX_NARROWED_TOKENS = 64
_LONGEST_PATTERN = max(len(p) for ps in PATTERNS.values() for p in ps)


# The Matcher tries every pattern it holds at every token of a window, so each window is read
# by a Matcher holding only the patterns that could match there: a pattern is left out when
# one of its required tokens names its words or shapes outright (`{"LOWER": {"IN": [...]}}`,
# `{"SHAPE": "dddd"}`) and no token of the window has any of them. That is a condition every
# match meets, so the matches are the same, in the same order, as the whole Matcher's.
_NAMED_ATTRS = ("LOWER", "SHAPE")
_SUBSET_MATCHERS = 512  # Matchers kept per vocabulary, one per set of patterns a window needs


@dataclass
class _Compiled:
    vocab: Vocab
    matcher: Matcher
    words: np.ndarray
    shapes: np.ndarray
    # every pattern as (rule id, pattern), in the whole Matcher's order
    patterns: list[tuple[str, list[dict]]] = field(default_factory=list)
    # Each required token that names its words or shapes is a set of hashes, one bit of a
    # mask: per hash, the bits of the sets holding it; per pattern, the bits it needs.
    bits_of: dict[int, int] = field(default_factory=dict)
    needs: list[int] = field(default_factory=list)
    subsets: dict[tuple[int, ...], Matcher] = field(default_factory=dict)
    by_found: dict[int, Matcher | None] = field(default_factory=dict)


_COMPILED: dict[int, _Compiled] = {}


def _named_values(token: dict, strings) -> frozenset[int] | None:
    """The hashes one of which a required pattern token's word or shape must be, or None when
    the token is optional or names neither outright."""
    if token.get("OP") not in (None, "1", "+"):
        return None
    values: set[int] = set()
    for attr in _NAMED_ATTRS:
        spec = token.get(attr)
        if isinstance(spec, str):
            values.add(strings.add(spec))
        elif isinstance(spec, dict) and set(spec) == {"IN"}:
            values.update(strings.add(v) for v in spec["IN"])
        elif spec is not None:
            return None  # a regex or a negation: no finite list
        else:
            continue
        break
    return frozenset(values) if values else None


def _compiled(vocab) -> _Compiled:
    """The Matcher and trigger hashes for one vocabulary, built once (the vocab is kept so its id
    stays unique)."""
    entry = _COMPILED.get(id(vocab))
    if entry is None or entry.vocab is not vocab:
        m = Matcher(vocab)
        for name, patterns in PATTERNS.items():
            m.add(name, patterns)
        words = np.array(sorted({vocab.strings.add(w) for w in TRIGGER_WORDS}), dtype=np.uint64)
        shapes = np.array(sorted({vocab.strings.add(w) for w in TRIGGER_SHAPES}), dtype=np.uint64)
        entry = _Compiled(vocab, m, words, shapes)
        bit: dict[frozenset[int], int] = {}
        for name, patterns in PATTERNS.items():
            for pattern in patterns:
                needs = 0
                for token in pattern:
                    values = _named_values(token, vocab.strings)
                    if values is not None:
                        needs |= bit.setdefault(values, 1 << len(bit))
                entry.patterns.append((name, pattern))
                entry.needs.append(needs)
        for values, mask in bit.items():
            for value in values:
                entry.bits_of[value] = entry.bits_of.get(value, 0) | mask
        _COMPILED[id(vocab)] = entry
    return entry


def matcher_for(vocab) -> Matcher:
    return _compiled(vocab).matcher


def _window_matcher(comp: _Compiled, present: list[int]) -> Matcher | None:
    """A Matcher holding the patterns that could match where these word and shape hashes are
    all there is (None: no pattern could), built once per set of patterns."""
    found = 0
    for value in present:
        found |= comp.bits_of.get(value, 0)
    if found in comp.by_found:
        return comp.by_found[found]
    if len(comp.by_found) >= _SUBSET_MATCHERS:
        comp.by_found.clear()
    key = tuple(i for i, needs in enumerate(comp.needs) if needs & ~found == 0)
    if not key:
        comp.by_found[found] = None
        return None
    matcher = comp.subsets.get(key)
    if matcher is None:
        if len(comp.subsets) >= _SUBSET_MATCHERS:
            comp.subsets.clear()
        matcher = comp.subsets[key] = Matcher(comp.vocab)
        by_rule: dict[str, list[list[dict]]] = {}
        for i in key:
            name, pattern = comp.patterns[i]
            by_rule.setdefault(name, []).append(pattern)
        for name, patterns in by_rule.items():  # rules in the whole Matcher's order
            matcher.add(name, patterns)
    comp.by_found[found] = matcher
    return matcher


def _matches(doc) -> list[tuple[str, int, int]]:
    """Matcher hits over the whole doc, computed only on windows around trigger tokens, each
    by the patterns that could match in it."""
    comp = _compiled(doc.vocab)
    if len(doc) == 0:
        return []
    arr = doc.to_array([LOWER, SHAPE]).astype(np.uint64)
    hits = np.flatnonzero(np.isin(arr[:, 0], comp.words) | np.isin(arr[:, 1], comp.shapes))
    # Every match holds a trigger, so it starts at most the longest pattern's length less one
    # before a trigger and ends as far after it: a wider window only adds tokens to match.
    reach = _LONGEST_PATTERN - 1
    windows: list[list[int]] = []
    for i in hits.tolist():
        a, b = max(0, i - reach), min(len(doc), i + reach + 1)
        if windows and a <= windows[-1][1]:
            windows[-1][1] = b
        else:
            windows.append([a, b])
    out = []
    for a, b in windows:
        matcher = _window_matcher(comp, arr[a:b].ravel().tolist())
        if matcher is None:
            continue
        for match_id, s, e in matcher(doc[a:b]):
            out.append((doc.vocab.strings[match_id], a + s, a + e))
    return out


@dataclass
class Candidate:
    """A token span that may be a date expression, with its reading once known."""

    start: int
    end: int
    source: str
    reading: Reading | None = None
    tense_span: tuple[int, int] | None = None  # the span whose clause decides the direction
    local: bool = False  # "local time": the clock of the place reported from
    parts: list[str] = field(default_factory=list)
    anchor_text: str | None = None


def _closes_inside(doc, start: int, end: int) -> bool:
    """Whether the span's last token closes a bracket the span opened ("Monday (July 9)"):
    the reader sees the date whole, and a card shows it balanced."""
    return doc[end - 1].text == ")" and any(t.text == "(" for t in doc[start : end - 1])


def _trim(doc, start: int, end: int) -> tuple[int, int]:
    # A leading verb is the model's mis-cut ("could last several days" -> "last several days").
    while start < end and (
        doc[start].lower_ in LEADING
        or doc[start].is_punct
        or doc[start].is_space
        or (doc[start].pos_ in ("VERB", "AUX") and doc[start].tag_.startswith("VB"))
    ):
        start += 1
    while end > start and (
        (doc[end - 1].is_punct and not _closes_inside(doc, start, end))
        or doc[end - 1].tag_ == "POS"
        or doc[end - 1].is_space
        or doc[end - 1].lower_ in ("'s", "’s")
    ):
        end -= 1
    return start, end


def _raw_candidates(doc) -> list[Candidate]:
    cands = []
    for ent in doc.ents:
        if ent.label_ in ("DATE", "TIME"):
            cands.append(Candidate(ent.start, ent.end, f"ner:{ent.label_}"))
        elif ent.label_ == "QUANTITY" and ent[-1].lower_ in QUANTITY_UNITS:
            # The model calls a fractional length a quantity ("about 5 1/2 hours").
            cands.append(Candidate(ent.start, ent.end, "ner:QUANTITY"))
    for name, s, e in _matches(doc):
        cands.append(Candidate(s, e, f"matcher:{name}"))
    out = []
    for c in cands:
        c.start, c.end = _trim(doc, c.start, c.end)
        if _short_year_at(doc, c.start, c.end):
            c.start -= 1  # "in '82": the apostrophe is the year's, not a quote to trim
        if c.end > c.start and not _not_a_time(doc, c):
            out.append(c)
    return out


def _short_year_at(doc, start: int, end: int) -> bool:
    """Whether doc[start:end] is the two digits of a year written "'82" (apostrophe glued on)."""
    return (
        end - start == 1
        and start > 0
        and doc[start - 1].text in ("'", "’")
        and not doc[start - 1].whitespace_
        and re.fullmatch(r"\d\d", doc[start].text) is not None
    )


_POSSESSIVES = EN.words("possessives")
_YEARLIKE = re.compile(r"(?:1[0-9]|20)\d{2}")
_NUMERIC = re.compile(r"[\d.,/%$-]+")
_NUMERIC_DATE = re.compile(r"\d{1,2}/\d{1,2}/(?:\d{2}|\d{4})")
# Frequency adjectives of things, not of time ("its quarterly dividend", "the annual meeting").
_RATE_ADJECTIVES = EN.words("rate_adjectives")
_STORAGE_VERBS = EN.words("storage_verbs")


def _not_a_time(doc, c: Candidate) -> bool:
    """Spans that look like dates but that TimeML leaves untagged.

    Ages ("a 6-year-old boy", "Mr. Smith, 52 years old") measure a person or a thing, not
    the calendar. The model also marks bare numbers as DATE ("Mr. Kopp, 44,", "the 80486
    chip"): a span of digits alone is a date only when it can be a year. "Now," opening a
    sentence is a discourse marker ("Now, he says, ..."), not the present moment.
    """
    toks = doc[c.start : c.end]
    lower = toks.text.lower()
    if (
        lower.endswith("-old")
        or lower.endswith(" old")
        or (
            c.end < len(doc)
            and doc[c.end].lower_ == "old"
            and toks[-1].lower_.rstrip("s") in UNITS_ANY
        )
    ):
        return True
    if c.start > 0 and doc[c.start - 1].lower_ == "aged" and toks[0].like_num:
        return True
    owner = toks[0].lower_ if toks[0].lower_ in _POSSESSIVES else None
    if owner is None and c.start > 0 and doc[c.start - 1].lower_ in _POSSESSIVES:
        owner = doc[c.start - 1].lower_
    rest = lower[len(owner) + 1 :] if owner and lower.startswith(owner + " ") else lower
    if owner and re.fullmatch(r"(?:(?:early|mid|late)[- ]?)?'?\d0'?s", rest):
        return True  # "in his 30s", "in her early 20s": an age, not a decade
    if (
        c.source.startswith("ner")
        and all(_NUMERIC.fullmatch(t.text) for t in toks)
        and not any(_YEARLIKE.fullmatch(t.text) or _NUMERIC_DATE.fullmatch(t.text) for t in toks)
    ):
        return True
    if lower in _RATE_ADJECTIVES:
        return True
    if lower == "daily" and c.end < len(doc) and doc[c.end].pos_ == "PROPN":
        # "the Communist Party daily Granma": a newspaper, not a frequency.
        return True
    if _is_a_title(doc, c):
        return True
    if _generic_today(doc, c) or _a_fraction(doc, c) or _a_name(doc, c):
        return True
    if _recorded_length(doc, c):
        return True
    if (
        c.source == "matcher:present"
        and toks[0].text == "Now"
        and toks[0].is_sent_start
        and c.end < len(doc)
        and doc[c.end].text == ","
    ):
        return True
    return False


def _recorded_length(doc, c: Candidate) -> bool:
    """ "75 hours of video can be stored": a length a device stores measures content, not the
    calendar, so it dates nothing that happens."""
    last = doc[c.end - 1]
    if last.lower_ not in UNITS_ANY:
        return False
    head = last.head
    return (
        last.dep_ in ("nsubj", "nsubjpass", "dobj")
        and head.pos_ in ("VERB", "AUX")
        and head.lemma_.lower() in _STORAGE_VERBS
    )


# Nouns that make "today's" mean the present age, not the day of publication: "today's youth".
GENERIC_OF_TODAY = EN.words("generic_of_today")


def _generic_today(doc, c: Candidate) -> bool:
    """ "in today's world", "today's personal computers": the present age, which TimeML leaves
    untagged, and which dates no event of the story."""
    if (
        doc[c.start : c.end].text.lower() != "today"
        or c.end + 1 >= len(doc)
        or doc[c.end].lower_ not in ("'s", "’s")
    ):
        return False
    for t in doc[c.end + 1 : c.end + 4]:
        if t.pos_ == "ADJ":
            continue
        return t.lower_ in GENERIC_OF_TODAY
    return False


def _a_name(doc, c: Candidate) -> bool:
    """Time words inside a name: "the annual March for Life", "This is VOA Today", and the
    generic "the people of tomorrow"."""
    toks = doc[c.start : c.end]
    after = doc[c.end : c.end + 2]
    if (
        toks.text == "March"
        and len(after) == 2
        and after[0].lower_ in ("for", "on", "against")
        and after[1].is_title
    ):
        return True
    if (
        toks.text == "Today"
        and not toks[0].is_sent_start
        and c.start > 0
        and doc[c.start - 1].pos_ == "PROPN"
    ):
        return True
    return toks.text.lower() == "tomorrow" and c.start > 0 and doc[c.start - 1].lower_ == "of"


def _a_fraction(doc, c: Candidate) -> bool:
    """ "a quarter of the market", "a quarter-century low": a share or a compound, not a
    quarter of a year."""
    for t in doc[c.start : c.end]:
        k = t.i
        if (
            t.lower_ in ("quarter", "half")
            and k + 3 < len(doc)
            and doc[k + 1].text == "-"
            and doc[k + 2].lower_ == "century"
            and doc[k + 3].pos_ == "NOUN"
        ):
            return True  # "its quarter-century low": a compound modifier, no period of the story
    last = doc[c.end - 1]
    if (
        last.lower_ not in ("quarter", "half")
        or c.end >= len(doc)
        or doc[c.end].lower_ != "of"
        or last.i == 0
        or doc[last.i - 1].lower_ not in ("a", "one")
    ):
        return False  # "the third quarter of ..." names its quarter
    for t in doc[c.end + 1 : c.end + 6]:
        if t.pos_ in ("DET", "ADJ", "ADV", "PRON") or t.is_punct:
            continue
        low = t.lower_
        return not (_YEARLIKE.fullmatch(low) or low in _TIME_WORDS or low.startswith(_TIME_STEMS))
    return False


# Words at least one of which any date, time, duration or set contains; a span the model calls
# a date with none of them ("the Olympic park", "the comparable quarter" cut to "the comparable",
# a surname) names no time at all.
_TIME_STEMS = tuple(sorted(EN.words("time_stems")))
_TIME_WORDS = frozenset(MONTH_WORDS) | frozenset(WEEKDAYS) | frozenset(HOLIDAYS)


def _names_a_time(toks) -> bool:
    """Whether a span holds any word of time: a number, a month, a weekday, a unit, a deictic."""
    for t in toks:
        low = t.lower_
        if any(ch.isdigit() for ch in low):
            return True
        for part in low.split("-"):
            if part in _TIME_WORDS or part.startswith(_TIME_STEMS):
                return True
    return False


TITLE_SMALL_WORDS = EN.words("title_small_words")


def _is_a_title(doc, c: Candidate) -> bool:
    """A quoted, capitalised programme title ("This Week", "60 Minutes"), not a period."""
    toks = doc[c.start : c.end]
    close = c.end
    # The title may run on in capitals ("This Week With David Brinkley").
    while close < min(len(doc), c.end + 6) and (
        doc[close].is_title or doc[close].lower_ in TITLE_SMALL_WORDS
    ):
        close += 1
    close += close + 1 < len(doc) and doc[close].text in (
        ".",
        ",",
    )  # American style: ''60 Minutes.''
    quoted = (
        c.start > 0
        and doc[c.start - 1].text in ('"', "“", "``", "''", "'")
        and close < len(doc)
        and doc[close].text in ('"', "”", "''", "'", "``", ",")
    )
    words = [t for t in toks if t.is_alpha]
    return quoted and len(toks) > 1 and bool(words) and all(t.text[0].isupper() for t in words)


def _longest_first(cands: list[Candidate]) -> list[Candidate]:
    """Keep the longest of overlapping spans (matcher spans win ties: they were written for the
    cut)."""
    order = sorted(
        cands, key=lambda c: (-(c.end - c.start), not c.source.startswith("matcher"), c.start)
    )
    taken: list[Candidate] = []
    used: set[int] = set()
    for c in order:
        if any(i in used for i in range(c.start, c.end)):
            continue
        taken.append(c)
        used.update(range(c.start, c.end))
    return sorted(taken, key=lambda c: c.start)


def _extend_clock(doc, c: Candidate) -> None:
    """Take "local time" into a clock span and remember that the place's clock applies; take
    a zone the model left outside ("9 a.m." + "IST") in, so the time is read on that clock."""
    if doc[c.end : c.end + 2].text.lower() == "local time":
        c.end += 2
        c.local = True
    elif doc[c.start : c.end].text.lower().endswith("local time"):
        c.local = True
    elif not (c.reading and isinstance(c.reading.args, Clock) and c.reading.args.zone):
        for width in (3, 2, 1):  # "New York time", "Moscow time", "GMT"
            if (
                c.end + width <= len(doc)
                and doc[c.end : c.end + width].text.lower() in EN.clock_zones
            ):
                zoned = read(doc[c.start : c.end + width].text)
                if zoned is not None and zoned.kind == "clock":
                    c.end += width
                    c.reading = zoned
                return


# Words that join two expressions the model marks as one DATE: "the quarter ended Sept. 30",
# "the year ending tomorrow", "the first nine months of 1997".
LINKS = EN.words("period_links")
# A side that names one of these is a period even when no rule reads it ("the six months").
PERIOD_WORDS = frozenset(UNITS_ANY) | {"quarter", "quarters", "period", "half", "term"}


def _split_at_link(doc, c: Candidate) -> list[Candidate] | None:
    """Split a model span no rule reads at a linking word, into a period and the date it is tied to.

    TimeML tags the two as separate expressions (each with its own value): the period keeps
    its words, the date after "ended" or "of" is read on its own. Only when the right side
    reads as a date and the left side reads or at least names a period; otherwise None.
    """
    for k in range(c.start + 1, c.end - 1):
        if doc[k].lower_ not in LINKS:
            continue
        right = read(doc[k + 1 : c.end].text)
        if right is None or right.kind in ("not_a_date", "duration"):
            continue
        left = read(doc[c.start : k].text)
        if left is not None and left.kind == "not_a_date":
            continue
        if left is None and not any(t.lower_ in PERIOD_WORDS for t in doc[c.start : k]):
            continue
        return [Candidate(c.start, k, c.source, left), Candidate(k + 1, c.end, c.source, right)]
    return None


CLOCK_DAY_GLUE = EN.words("clock_day_glue")


def _split_clock_from_day(doc, c: Candidate) -> list[Candidate] | None:
    """A model span no rule reads whole because it joins a clock time and its day ("10 p.m.
    Wednesday", "midnight Friday", "Tuesday at 9 a.m."): the two parts, for the clause's
    merge to date the time on that day. Narrowing kept the clock and dropped the day, so
    the time fell on the publication day. None unless one part is a clock and the other a day;
    a span longer than any expression (MAX_EXPRESSION_TOKENS) is not tried, as in _narrow."""
    if c.end - c.start > MAX_EXPRESSION_TOKENS:
        return None
    for k in range(c.start + 1, c.end):
        left = read(doc[c.start : k].text)
        if left is None:
            continue
        r0 = k + (doc[k].lower_ in CLOCK_DAY_GLUE and k + 1 < c.end)
        right = read(doc[r0 : c.end].text)
        if right is None:
            continue
        day = right if left.kind == "clock" else left
        if {left.kind, right.kind} & {"clock"} and names_one_day(day):
            return [Candidate(c.start, k, c.source, left), Candidate(r0, c.end, c.source, right)]
    return None


LIST_SEPARATORS = EN.words("list_separators")
LIST_KINDS = frozenset({"year", "month_day", "month", "explicit", "weekday"})


def _split_list(doc, c: Candidate) -> list[Candidate] | None:
    """A model span no rule reads because it lists dates ("1994, 1995 and", "April 24 and 25"):
    one expression per date, as TimeML tags them, a bare day taking the month of the first
    ("25" is April 25). Narrowing kept only the first. None unless every item reads as a date
    and there are two or more."""
    if c.end - c.start > MAX_EXPRESSION_TOKENS:
        return None
    items, begin = [], c.start
    for k in range(c.start, c.end + 1):
        if k == c.end or doc[k].lower_ in LIST_SEPARATORS:
            if k > begin:
                items.append((begin, k))
            begin = k + 1
    if len(items) < 2:
        return None
    if (
        len(items) == 2
        and doc[items[0][1]].lower_ == "or"
        and all(b - a == 1 and doc[a].lower_ in EN.weekdays for a, b in items)
    ):
        return None  # "Monday or Tuesday": one interval of two days, not two dates
    first_word = doc[items[0][0]].lower_.rstrip(".")
    out = []
    for a, b in items:
        text = doc[a:b].text
        reading = read(text)
        if (
            reading is None
            and b - a == 1
            and re.fullmatch(r"\d{1,2}", text)
            and first_word in MONTH_WORDS
        ):
            reading = read(f"{doc[items[0][0]].text} {text}")
        if reading is None or reading.kind not in LIST_KINDS:
            return None
        out.append(Candidate(a, b, c.source, reading))
    return out


def _split_date_and_length(doc, c: Candidate) -> list[Candidate] | None:
    """A model span that runs a date into a length after a comma ("June 17, two days before the
    launch"): the date and the length, two expressions as TimeML tags them. Narrowing kept only
    the date. None unless one side reads as a date and the other as a duration."""
    if c.end - c.start > MAX_EXPRESSION_TOKENS:
        return None
    for k in range(c.start + 1, c.end - 1):
        if doc[k].text != ",":
            continue
        left, right = read(doc[c.start : k].text), read(doc[k + 1 : c.end].text)
        if left is None or right is None:
            continue
        kinds = {left.kind, right.kind}
        if "duration" in kinds and len(kinds) == 2 and not kinds & {"not_a_date"}:
            return [Candidate(c.start, k, c.source, left), Candidate(k + 1, c.end, c.source, right)]
    return None


def _narrow(doc, c: Candidate) -> None:
    """A model span no rule reads ("the age of 64 this year", "Between March"): keep its
    longest readable part.

    Only parts up to MAX_EXPRESSION_TOKENS long are tried, no rule reads a longer one; and a
    span over MAX_NARROWED_TOKENS is left as it is (unresolved): on noise the model marks
    thousands of tokens as one DATE ("decades ago decades ago ..."), no mis-cut of a real
    expression, and trying its parts took seconds (quadratic in its length without the cap).
    """
    n = c.end - c.start
    if n > MAX_NARROWED_TOKENS:
        return
    # A date part first; only a span with none keeps its length ("an interview several months").
    for skip in (("not_a_date", "duration"), ("not_a_date",)):
        for length in range(min(n - 1, MAX_EXPRESSION_TOKENS), 0, -1):
            for i in range(c.start, c.end - length + 1):
                reading = read(doc[i : i + length].text)
                if reading is not None and reading.kind not in skip:
                    c.start, c.end, c.reading = i, i + length, reading
                    return


def _extend_duration_mod(doc, c: Candidate) -> None:
    """Take "over"/"more than"/"nearly" in front of a count into the duration (TimeML's mod)."""
    for width in (2, 1):
        if c.start - width < 0 or doc[c.start].sent.start > c.start - width:
            continue
        words = doc[c.start - width : c.start].text.lower()
        if words in MODS:
            reading = read(doc[c.start - width : c.end].text)
            if reading is not None and reading.kind == "duration":
                c.start -= width
                c.reading = reading
            return


def _anniversaries(doc, cands: list[Candidate]) -> list[Candidate]:
    """ "the second anniversary of Hamas's October 7[, 2023] attacks": the anniversary date, and its
    origin."""
    found: list[Candidate] = []
    if "anniversar" not in doc_text(doc).lower():
        return found
    # Only the "anniversary" tokens, found in the token array: walking every token of a long
    # text in Python cost seconds a megabyte.
    lower = doc.to_array([LOWER]).reshape(-1).astype(np.uint64)
    for i in np.flatnonzero(lower == doc.vocab.strings.add("anniversary")).tolist():
        tok = doc[i]
        if tok.lower_ != "anniversary" or tok.i + 2 >= len(doc) or doc[tok.i + 1].lower_ != "of":
            continue
        n, start = None, tok.i
        prev = doc[tok.i - 1] if tok.i > 0 else None
        if prev is not None:
            hyphen = re.fullmatch(r"(\w+)-year", prev.lower_)
            if ordinal(prev.lower_) is not None:
                n, start = ordinal(prev.lower_), prev.i
            elif hyphen:
                n, start = (
                    NUMBERS.get(hyphen.group(1))
                    or (int(hyphen.group(1)) if hyphen.group(1).isdigit() else None),
                    prev.i,
                )
        if start > 0 and doc[start - 1].lower_ in ("the", "its", "their", "this", "a"):
            start -= 1
        # The sentence's end, if it comes within the few tokens searched (Token.sent walks the
        # sentences from the start of the text: seconds a megabyte).
        sent_end = next(
            (k for k in range(tok.i + 1, min(tok.i + 10, len(doc))) if doc[k].is_sent_start),
            len(doc),
        )
        month_i = day_i = None
        for k in range(tok.i + 2, min(tok.i + 9, sent_end - 1)):
            if (
                doc[k].lower_ in MONTH_WORDS
                and doc[k].is_title
                and re.fullmatch(r"\d{1,2}(st|nd|rd|th)?", doc[k + 1].lower_)
            ):
                month_i, day_i = k, k + 1
                break
        if month_i is None or day_i is None:
            continue
        day_digits = re.match(r"\d+", doc[day_i].text)
        if day_digits is None:
            continue
        month, day = month_number(doc[month_i].lower_), int(day_digits.group())
        year = None
        after = doc[day_i + 1 : day_i + 3]
        for t in after:
            if re.fullmatch(r"(1[0-9]|20)\d{2}", t.text):
                year = int(t.text)
                break
            if t.text != ",":
                break
        reading = Reading(
            "anniversary",
            Anniversary(n=n, month=month, day=day, year=year),
            relative=year is None or n is None,
            tensed=year is None,
        )
        anniv = Candidate(
            start, day_i + 1, "anniversary", reading, parts=[doc[month_i : day_i + 1].text]
        )
        found.append(anniv)
        if year is None and n is not None:
            for c in cands:
                if (
                    c.start <= month_i < c.end
                    and c.reading is not None
                    and c.reading.kind == "month_day"
                ):
                    c.reading = Reading(
                        "anniv_origin", AnnivOrigin(n=n, month=month, day=day), tensed=True
                    )
                    c.tense_span = (anniv.start, anniv.end)
                    c.anchor_text = doc[anniv.start : anniv.end].text
    return found


def _clock_tense_span(doc, c: Candidate) -> tuple[int, int]:
    """The tokens whose verb gives a clock's tense: the clock's own, or its first two when the
    parser hangs "local time" off a clause of its own ("at 10:35 a.m. local time (0735 GMT)")."""
    if tense_of(doc[c.start : c.end]).verb_i is None and c.end - c.start > 2:
        return (c.start, c.start + 2)
    return (c.start, c.end)


def _day_after_an_aside(doc, cands: list[Candidate]) -> None:
    """ "at 10:35 a.m. local time (0735 GMT) on Friday": the clock is on the day named after the
    brackets that restate it. The clock, the restatement and the day stay three expressions,
    as TimeML tags them; the clock is dated on that day, and the day takes the clock's verb
    for its direction (the parser often ends the clause at "local time", leaving the day no
    verb of its own)."""
    by_start = {c.start: c for c in cands}
    for clock in cands:
        if clock.reading is None or clock.reading.kind != "clock":
            continue
        k = clock.end
        if k >= len(doc) or doc[k].text not in ("(", "["):
            continue
        close = next(
            (j for j in range(k + 1, min(k + 8, len(doc))) if doc[j].text in (")", "]")), None
        )
        if close is None:
            continue
        m = close + 1
        while m < len(doc) and doc[m].lower_ in CLOCK_DAY_GLUE:
            m += 1
        day = by_start.get(m)
        if day is None or not names_one_day(day.reading):
            continue
        assert day.reading is not None
        clock.tense_span = _clock_tense_span(doc, clock)
        day.tense_span = day.tense_span or clock.tense_span
        clock.reading = _clock_on_day(doc, clock, day)
        clock.parts = [doc[clock.start : clock.end].text, doc[day.start : day.end].text]


def _clock_on_day(doc, clock: Candidate, day: Candidate) -> Reading:
    """The clock time read on the day another candidate names: one instant, its direction
    and relativity the day's, and its rule both rows' so a wrong time names each."""
    assert clock.reading is not None and day.reading is not None
    time = clock.reading.args
    assert isinstance(time, Clock)  # a clock candidate reads a clock time
    return Reading(
        "datetime",
        DateTime(
            day_reading=day.reading,
            day_text=doc[day.start : day.end].text,
            hour=time.hour,
            minute=time.minute,
            zone=time.zone,
        ),
        type="TIME",
        relative=day.reading.relative,
        tensed=day.reading.tensed,
        rule=f"{day.reading.rule} at {clock.reading.rule}",
    )


def _merge_clock_with_day(doc, cands: list[Candidate]) -> list[Candidate]:
    """Attach a clock time to the day named in the same clause: one expression, to the minute."""
    verbs = {}

    def verb_of(c):
        if id(c) not in verbs:
            verb = tense_of(doc[c.start : c.end]).verb_i
            if verb is None and c.end - c.start > 1:
                # "11:35 a.m. local time (0335 UTC)": the parser may hang the zone words off a
                # clause of their own; the clock's own tokens still name the verb
                verb = tense_of(doc[c.start : c.start + 2]).verb_i
            verbs[id(c)] = verb
        return verbs[id(c)]

    def across_brackets(a, b) -> bool:
        """Whether one of two candidates is inside brackets the other is outside of: "10:24
        p.m. EDT (0224 UTC Thursday)" restates the moment on another clock, so its day is not
        the first one's; "10:35 a.m. (0735 GMT) Friday" closes its brackets before the day."""
        lo, hi = (a, b) if a.start < b.start else (b, a)
        depth = 0
        for t in doc[lo.end : hi.start]:
            if t.text in "([":
                depth += 1
            elif t.text in ")]":
                depth -= 1
                if depth < 0:
                    return True
        return depth != 0

    def right_after(clock, day) -> bool:
        """ "9:32 a.m. Eastern time on Monday": the day follows the clock with only "on" or a
        comma between, one expression whatever the parse (the parser often ends the clause at
        the zone's "time", leaving the day no verb)."""
        gap = doc[clock.end : day.start]
        return (
            day.start >= clock.end
            and len(gap) <= 1
            and all(t.lower_ in CLOCK_DAY_GLUE for t in gap)
        )

    # The candidates that name a day, by position: each clock looks only at those of its own
    # sentence (scanning all candidates for each clock was quadratic in the text's length).
    day_cands = sorted((c for c in cands if names_one_day(c.reading)), key=lambda c: c.start)
    day_starts = [c.start for c in day_cands]
    drop: set[int] = set()
    merged = []
    for clock in cands:
        if clock.reading is None or clock.reading.kind != "clock" or id(clock) in drop:
            continue
        k = bisect_left(day_starts, clock.end)
        days = [
            c
            for c in day_cands[k : k + 2]
            if c is not clock and id(c) not in drop and right_after(clock, c)
        ]
        v = verb_of(clock)
        if not days and v is not None:
            sent = doc[clock.start].sent
            days = [
                c
                for c in day_cands[
                    bisect_left(day_starts, sent.start) : bisect_left(day_starts, sent.end)
                ]
                if c is not clock
                and id(c) not in drop
                and verb_of(c) == v
                and not across_brackets(c, clock)
            ]
        if not days:
            continue
        day = min(days, key=lambda c: abs(c.start - clock.start))
        assert day.reading is not None  # a day candidate names its day
        # the day's words decide the direction, or the clock's when the day has no verb
        tense_span = (
            (day.start, day.end) if verb_of(day) is not None else _clock_tense_span(doc, clock)
        )
        start, end = min(day.start, clock.start), max(day.end, clock.end)
        inside = [c for c in cands if start <= c.start and c.end <= end]
        reading = _clock_on_day(doc, clock, day)
        merged.append(
            Candidate(
                start,
                end,
                "merge",
                reading,
                tense_span=tense_span,
                local=clock.local,
                parts=[doc[c.start : c.end].text for c in inside],
            )
        )
        drop.update(id(c) for c in inside)
    kept = [c for c in cands if id(c) not in drop]
    _date_restated_clocks(doc, kept, merged)
    return kept + merged


def _date_restated_clocks(doc, kept: list[Candidate], merged: list[Candidate]) -> None:
    """ "4 in the morning (4 a.m. EDT Thursday)": a clock restated in brackets with its day
    is on that day too. Only the same hour and minute is taken: a restatement on another
    clock ("10:24 p.m. EDT (0224 UTC Thursday)") may fall on another day."""
    by_start = {m.start: m for m in merged}
    for c in kept:
        if c.reading is None or c.reading.kind != "clock" or c.end >= len(doc):
            continue
        m = by_start.get(c.end + 1) if doc[c.end].text in "([" else None
        if m is None or m.reading is None:
            continue
        a, own = m.reading.args, c.reading.args
        if not isinstance(a, DateTime) or not isinstance(own, Clock):
            continue
        if (a.hour, a.minute) != (own.hour, own.minute):
            continue
        reading = Reading(
            "datetime",
            dataclasses.replace(a, zone=own.zone or a.zone),
            type="TIME",
            relative=m.reading.relative,
            tensed=m.reading.tensed,
            rule=f"{c.reading.rule}, restated by {m.reading.rule}",
        )
        c.reading = reading
        c.tense_span = m.tense_span


# Words in front of a named day that make the expression another day or the week around it:
# "the day before last Tuesday", "the week of March 6". TimeML tags each as one expression.
DAY_SHIFTS = (
    ("the", "day", "before"),
    ("day", "before"),
    ("the", "day", "after"),
    ("day", "after"),
    ("the", "week", "of"),
    ("week", "of"),
)


def _days_counted_from_a_day(doc, cands: list[Candidate]) -> list[Candidate]:
    """Take "the day before" / "the week of" in front of a named day into one expression.

    Read alone, "The day" could not be dated and the day after it was taken for the date
    meant, a day off ("The day before last Tuesday's hearing, Manuel went to ..."); "the
    week of March 6" dated a hearing to one day when the text gives a week.
    """
    out = list(cands)
    for c in cands:
        if not names_one_day(c.reading):
            continue
        for words in DAY_SHIFTS:
            start = c.start - len(words)
            if start < 0 or tuple(t.lower_ for t in doc[start : c.start]) != words:
                continue
            reading = read(doc[start : c.end].text)
            if reading is None or reading.kind not in ("day_shift", "week_of"):
                break
            grown = Candidate(
                start,
                c.end,
                c.source,
                reading,
                tense_span=(c.start, c.end),
                local=c.local,
                parts=[doc[c.start : c.end].text],
            )
            out = [o for o in out if not (o.start < c.end and start < o.end)] + [grown]
            break
    return out


EVE_OF = (("the", "eve", "of"), ("eve", "of"))


def _on_the_eve(doc, cands: list[Candidate]) -> list[Candidate]:
    """ "on the eve of the anniversary of the October 7 attacks": the day before the day
    named, not that day. Read after the anniversaries are built, so their day counts too;
    the date inside an anniversary stays an expression of its own."""
    out = list(cands)
    for c in cands:
        if c.reading is None or not (
            names_one_day(c.reading) or c.reading.kind in ("anniversary", "holiday")
        ):
            continue
        for words in EVE_OF:
            start = c.start - len(words)
            if start < 0 or tuple(t.lower_ for t in doc[start : c.start]) != words:
                continue
            reading = Reading(
                "day_shift",
                CountedFromDay(inner=c.reading, inner_text=doc[c.start : c.end].text, days=-1),
                relative=c.reading.relative,
                tensed=c.reading.tensed,
                rule=f"eve-of {c.reading.rule or c.reading.kind}",
            )
            grown = Candidate(
                start,
                c.end,
                c.source,
                reading,
                tense_span=c.tense_span or (c.start, c.end),
                local=c.local,
                parts=[doc[c.start : c.end].text],
            )
            out = [o for o in out if o is not c and not (start <= o.start and o.end <= c.start)]
            out.append(grown)
            break
    return sorted(out, key=lambda o: o.start)


def _unit_before(doc, cands: list[Candidate]) -> list[Candidate]:
    """ "down from $450 million the year before": the year before the one just spoken of, not
    the current year. Only when "before"/"earlier" ends the phrase ("the year before the war"
    names its own anchor)."""
    out = []
    for c in cands:
        k = c.end
        if (
            c.reading is not None
            and c.reading.kind == "unit_rel"
            and k < len(doc)
            and doc[c.start : c.end].text.lower()
            in ("the year", "the month", "the week", "the day")
            and doc[k].lower_ in ("before", "earlier", "after", "later")
            and (
                k + 1 == len(doc)
                or doc[k + 1].is_punct
                or doc[k + 1].pos_ in ("CCONJ", "VERB", "AUX")
            )
        ):
            reading = read(doc[c.start : k + 1].text)
            if reading is not None:
                c = Candidate(c.start, k + 1, c.source, reading, local=c.local)
        out.append(c)
    return out


def detect(doc) -> list[Candidate]:
    """Every date expression candidate in the document, read and ordered by position.

    Quantities that only look like dates ("a second day") are dropped here; everything
    else is kept, readable or not, so the caller can report what it could not date.
    """
    cands = _longest_first(_raw_candidates(doc))
    kept = []
    while cands:
        c = cands.pop(0)
        text = doc[c.start : c.end].text
        if c.reading is None:
            c.reading = read(text)
        if c.reading is None and c.source.startswith("ner"):
            parts = (
                _split_clock_from_day(doc, c)
                or _split_list(doc, c)
                or _split_at_link(doc, c)
                or _split_date_and_length(doc, c)
            )
            if parts:
                cands[:0] = parts
                continue
            _narrow(doc, c)
        if c.reading is not None and c.reading.kind == "clock":
            _extend_clock(doc, c)
        if c.reading is not None and c.reading.kind == "duration" and c.reading.mod is None:
            _extend_duration_mod(doc, c)
        if c.reading is not None and c.reading.kind == "not_a_date":
            continue
        if c.reading is None and not _names_a_time(doc[c.start : c.end]):
            continue
        kept.append(c)
    kept = _unit_before(doc, _days_counted_from_a_day(doc, kept))
    kept += _anniversaries(doc, kept)
    kept = _on_the_eve(doc, kept)
    _day_after_an_aside(doc, kept)
    kept = _merge_clock_with_day(doc, kept)
    return sorted(kept, key=lambda c: (c.start, -c.end))
