"""Publication dates read from the text, when the metadata leaves them out.

"On Wednesday" can only be resolved once we know when the article was written, and a
pasted or scraped article often arrives without that. The text itself may still say: a
dateline ("CAIRO, Oct. 8 (Reuters) -"), an explicit "today, October 8", or tenses that bracket
the day ("talks ended on Tuesday", "envoys are set to join on Wednesday": written on the
Tuesday or the Wednesday). Each clue gives only what it states: a dateline with no year gets
its year from the address or from a weekday that fits only one year the text names, and a
window of two weekdays never becomes a day. A wrong day silently shifts every relative date
in the article, so when in doubt this module says less.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

from .language.lexicon import EN, alternation

WEEKDAYS = EN.weekdays
_MONTHS = EN.month_forms

# Month and weekday names as written in a dateline: capitalised ("Oct.", "October", "Sept").
_MONTH_WORD = rf"(?:{alternation(w.capitalize() for w in _MONTHS if not w.endswith('.'))})\.?"
_WEEKDAY_WORD = alternation(w.capitalize() for w in WEEKDAYS)
_MONTH = rf"(?P<month>{_MONTH_WORD})"
_WEEKDAY = rf"(?P<weekday>{_WEEKDAY_WORD})"
_NOT_WEEKDAY = rf"(?!{_WEEKDAY_WORD})"
_DAY = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)?"
_YEAR = r"(?:,?\s*(?P<year>(?:19|20)\d\d))?"
_DATE = rf"(?:{_WEEKDAY},?\s+)?{_MONTH}\s+{_DAY}\b{_YEAR}"
# The place a report is filed from: in capitals ("NEW DELHI", "ST. LOUIS") or, before a
# date, in title case ("New Delhi, Oct 07:"), with an optional region ("Sharm el-Sheikh, Egypt").
_CAPS_PLACE = r"[A-Z][A-Z.'’ -]+[A-Z.]"
_TITLE_PLACE = rf"{_NOT_WEEKDAY}[A-Z][A-Za-z.'’-]+(?: [A-Z][A-Za-z.'’-]+){{0,3}}"
_REGION = rf"(?:,\s*{_NOT_WEEKDAY}[A-Z][A-Za-z.'’ -]+?)?"
_AGENCY = r"(?:\([A-Za-z .]+\))?"
# PLACE[, Region], [Weekday,] Month Day[, Year] [(Agency)] followed by a dash or colon
_DATELINE = re.compile(
    rf"^[ \t]*(?P<place>(?:{_CAPS_PLACE}|{_TITLE_PLACE}){_REGION})\s*{_AGENCY},\s*{_DATE}"
    rf"\s*{_AGENCY}\s*(?:--|[-—–_:])",
    re.MULTILINE,
)
# A dateline with no date: "CAIRO (Reuters) - ", "GAZA CITY, Gaza Strip -- ".
_UNDATED_DATELINE = re.compile(
    r"^[A-Z][A-Z'’.\- ]{1,40}(?:,\s*[A-Z][A-Za-z.\- ]{1,30})?\s*(?:\([^)]{1,40}\)\s*)?[-–—:]\s"
)
# A page's own date line, as scraped pages carry it: "date 2025-10-06", "Published: 6 October
# 2025". An "Updated" line is left alone: a page may be updated long after it was written.
_PAGE_DATE = re.compile(
    rf"^[ \t]*(?:{alternation(EN.words('page_date_labels'))})(?: on)?\s*:?\s*"
    rf"(?:(?:{_WEEKDAY_WORD}),?\s+)?"
    r"(?:(?P<iyear>(?:19|20)\d\d)-(?P<imonth>[01]\d)-(?P<iday>[0-3]\d)\b"
    rf"|(?P<dday>[0-3]?\d)(?:st|nd|rd|th)?\s+(?P<dmonth>{_MONTH_WORD}),?\s+(?P<dyear>(?:19|20)\d\d)"
    rf"|(?P<mmonth>{_MONTH_WORD})\s+(?P<mday>[0-3]?\d)(?:st|nd|rd|th)?,?\s+(?P<myear>(?:19|20)\d\d))",
    re.MULTILINE | re.IGNORECASE,
)


def dateline_length(sentence: str) -> int:
    """How many characters of a sentence its dateline takes (0 without one): what the report
    is filed from and when is context for the article, not part of what the sentence says."""
    text = sentence.lstrip()
    match = _DATELINE.match(text) or _UNDATED_DATELINE.match(text)
    return len(sentence) - len(text) + match.end() if match else 0


_TODAY = (
    re.compile(rf"\b[Tt]oday(?: is|,)\s+(?:the\s+)?{_DATE}"),
    re.compile(rf"\b[Tt]oday\s+\({_DATE}\)"),
)
_PAIRED = re.compile(rf"\b{_WEEKDAY},?\s+\(?{_MONTH}\s+{_DAY}\b")
_NAMED_YEAR = re.compile(r"(?<![\d,.$#])(?:19|20)\d\d(?![\d,])")

_NOT_BARE = EN.words("weekday_determiners")
_FUTURE_AUX = EN.future_aux
_PRESENT_BE = EN.present_be
_PAST_BE = EN.words("past_be")


@dataclass(frozen=True)
class FromText:
    """What the text says about its own publication: a YYYY-MM-DD or YYYY-MM value, or None,
    and the evidence, which is also the reason when nothing could be read."""

    published: str | None
    evidence: str


@dataclass(frozen=True)
class _Stated:
    month: int
    day: int
    year: int | None
    weekday: int | None
    quote: str
    kind: str  # "dateline" or "explicit date"


def _stated(match: re.Match, kind: str) -> _Stated | None:
    month = _MONTHS.get(match.group("month").rstrip(".").lower())
    day = int(match.group("day"))
    if month is None or not 1 <= day <= 31:
        return None
    groups = match.groupdict()
    weekday, year = groups.get("weekday"), groups.get("year")
    quote = " ".join(match.group(0).split())[:70]
    return _Stated(
        month,
        day,
        int(year) if year else None,
        WEEKDAYS.index(weekday.lower()) if weekday else None,
        quote,
        kind,
    )


def _page_dated(match: re.Match) -> _Stated | None:
    g = match.groupdict()
    if g["iyear"]:
        year, month, day = int(g["iyear"]), int(g["imonth"]), int(g["iday"])
    else:
        word = (g["dmonth"] or g["mmonth"]).rstrip(".").lower()
        year, month, day = (
            int(g["dyear"] or g["myear"]),
            _MONTHS.get(word, 0),
            int(g["dday"] or g["mday"]),
        )
    if _valid(year, month, day) is None:
        return None
    return _Stated(month, day, year, None, " ".join(match.group(0).split())[:70], "page date line")


def stated_date(text: str) -> _Stated | None:
    """A dateline in the first lines, else a page's date line near the top ("date 2025-10-06"),
    else an explicit 'today, October 8' anywhere."""
    match = _DATELINE.search(text[:600])
    if match:
        found = _stated(match, "dateline")
        if found:
            return found
    match = _PAGE_DATE.search(text[:1500])
    if match and (found := _page_dated(match)):
        return found
    for pattern in _TODAY:
        match = pattern.search(text)
        if match and (found := _stated(match, "explicit date")):
            return found
    return None


def named_years(text: str) -> set[int]:
    return {int(y) for y in _NAMED_YEAR.findall(text)}


def _valid(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _tense(token) -> str | None:
    """'past', 'future' or None for the clause a weekday name hangs on."""
    verb = token.head
    for _ in range(4):
        if verb.pos_ in ("VERB", "AUX") or verb.head is verb:
            break
        # "talks on Tuesday that ended ...": the clause describing the noun dates it
        described = [c for c in verb.children if c.dep_ in ("relcl", "acl") and c.pos_ == "VERB"]
        if verb.pos_ in ("NOUN", "PROPN") and described:
            verb = described[0]
            break
        verb = verb.head
    if verb.pos_ not in ("VERB", "AUX"):
        return None
    aux = {c.lower_ for c in verb.children if c.dep_ in ("aux", "auxpass")}
    if aux & _FUTURE_AUX:
        return "future"
    # "are set to join on Wednesday": the weekday hangs on "join", the plan on "set"
    planner = verb.head if verb.dep_ == "xcomp" else None
    if planner is not None and (
        planner.lemma_.lower() in EN.planning_verbs
        or (planner.lower_ == "going" and planner.tag_ == "VBG")
    ):
        planner_aux = {
            c.lower_ for c in planner.children if c.dep_ in ("aux", "auxpass", "cop")
        } | ({planner.head.lower_} if planner.dep_ in ("acomp", "xcomp") else set())
        if planner_aux & _PRESENT_BE or planner_aux & _FUTURE_AUX:
            return "future"
        return None
    if aux & EN.modal_aux or "to" in aux:
        return None
    if verb.tag_ == "VBD" or (verb.tag_ == "VBN" and aux & (EN.perfect_aux | _PAST_BE)):
        return "past"
    return None


def weekday_window(doc) -> tuple[set[int] | None, str]:
    """The weekdays publication can fall on, bracketed by a past and a coming weekday.

    News names days within the week around publication by their weekday: a past "Tuesday"
    is at most six days back and a coming "Wednesday" at most six ahead, so publication lies
    between them. None when the text holds no such pair (or the pairs disagree).
    """
    past: dict[int, str] = {}
    future: dict[int, str] = {}
    for token in doc:
        low = token.lower_
        if low not in WEEKDAYS or (token.i and doc[token.i - 1].lower_ in _NOT_BARE):
            continue
        tense = _tense(token)
        if tense == "past":
            past.setdefault(WEEKDAYS.index(low), token.sent.text.strip()[:60])
        elif tense == "future":
            future.setdefault(WEEKDAYS.index(low), token.sent.text.strip()[:60])
    window: set[int] | None = None
    pairs = []
    for p in past:
        for f in future:
            span = (f - p) % 7
            if span == 0:
                continue  # "ended on Tuesday ... meets again on Tuesday": a week apart, no bracket
            allowed = {(p + k) % 7 for k in range(span + 1)}
            window = allowed if window is None else window & allowed
            pairs.append((p, f))
    if window is None:
        return None, ""
    if not window:
        return None, "the weekdays the text names as past and as coming do not agree"
    (p, f) = pairs[0]
    return (
        window,
        f"the text reports {WEEKDAYS[p].title()} as past and {WEEKDAYS[f].title()} as coming",
    )


def _anchor(text: str, window: set[int], year: int, month: int) -> date | None:
    """A day tied to the bracket by a weekday written with its date ('Tuesday, Oct. 7')."""
    for match in _PAIRED.finditer(text):
        found = _stated(match, "pair")
        if not found or found.month != month:
            continue
        day = _valid(year, found.month, found.day)
        if day and day.weekday() == found.weekday:
            for k in range(7):
                candidate = day + timedelta(days=k)
                if candidate.weekday() in window:
                    return candidate if len(window) == 1 else None
    return None


def infer(text: str, doc=None, *, year: int | None = None, month: int | None = None) -> FromText:
    """The publication date the text supports, given the year and month already known (from
    the address), with the evidence; `published` is None when the text does not say."""
    stated = stated_date(text)
    window, window_why = weekday_window(doc) if doc is not None else (None, "")
    if stated:
        return _from_stated(stated, text, window, window_why, year, month)
    if year and month and window:
        day = _anchor(text, window, year, month)
        if day:
            return FromText(
                day.isoformat(),
                f"{window_why}, which with a weekday written with its date gives {day:%A %d %B}",
            )
        days = " or ".join(WEEKDAYS[d].title() for d in sorted(window))
        return FromText(None, f"{window_why}: written on a {days} of the month, no day named")
    if window_why:
        return FromText(None, f"{window_why}, but no year or month to place them in")
    return FromText(None, "no dateline, no 'today' with a date, no bracketing weekdays in the text")


def _from_stated(
    stated: _Stated, text: str, window, window_why: str, year: int | None, month: int | None
) -> FromText:
    what = f"the {stated.kind} '{stated.quote}'"
    chosen, why = stated.year, ""
    if chosen is None and year is not None:
        # an address month next to the stated one: a dateline of Dec. 31 filed under /2026/01/
        for candidate in (year, year - 1, year + 1):
            if month is None or abs((candidate * 12 + stated.month) - (year * 12 + month)) <= 1:
                chosen, why = candidate, " with the year from the address"
                break
        if chosen is None:
            return FromText(None, f"{what} does not fit the address's month")
    if chosen is None:
        wanted = {stated.weekday} if stated.weekday is not None else window
        if not wanted:
            return FromText(None, f"{what} gives no year")
        fits = sorted(
            y
            for y in named_years(text)
            if (d := _valid(y, stated.month, stated.day)) and d.weekday() in wanted
        )
        if len(fits) != 1:
            return FromText(
                None,
                f"{what} gives no year"
                + (f" ({len(fits)} years the text names fit its weekday)" if fits else ""),
            )
        chosen, why = (
            fits[0],
            f" in {fits[0]}, the one year the text names on which it falls on a "
            f"{'/'.join(WEEKDAYS[d].title() for d in sorted(wanted))}",
        )
    day = _valid(chosen, stated.month, stated.day)
    if day is None:
        return FromText(None, f"{what} is not a date in {chosen}")
    if stated.weekday is not None and day.weekday() != stated.weekday:
        return FromText(
            f"{day:%Y-%m}",
            f"{what}: {day:%B %d %Y} is not a {WEEKDAYS[stated.weekday].title()}, so only the "
            "month is kept",
        )
    if window and day.weekday() not in window:
        return FromText(f"{day:%Y-%m}", f"{what}{why}, but {window_why}, so only the month is kept")
    return FromText(day.isoformat(), f"{what}{why}")
