"""Publication context: the point in time and space every relative date is read against.

"On Wednesday" means nothing until we know when, and how precisely, the article was
published. A date known only to the month must never be passed on as a day, so the
context keeps the precision next to the date and the resolver works from both.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from .language.lexicon import EN, alternation
from .nlp import doc_text

PRECISIONS = ("day", "month", "year", "unknown")

EARLIEST = date(1900, 1, 1)  # before it, a "publication date" is a typo or a parsing slip
FUTURE_NOTE = "in the future"


def implausible(day: date | None, today: date | None = None) -> str:
    """Why a publication date cannot be right, or "" when it can.

    A date ahead of today (with a day's grace for clocks ahead of UTC) or before 1900 is a typo
    (2052 for 2025) or a misread field; reading "on Wednesday" against it would misdate every
    event, so the date is set aside, the article is still read, and the report says why.
    """
    if day is None:
        return ""
    today = today or datetime.now(UTC).date()
    if day > today + timedelta(days=1):
        return (
            f"publication date {day.isoformat()} is {FUTURE_NOTE} "
            f"(today is {today.isoformat()}): set aside"
        )
    if day < EARLIEST:
        return f"publication date {day.isoformat()} is before {EARLIEST.year}: set aside"
    return ""


_PUBLISHED = re.compile(r"^\s*(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?(?:[T ].*)?\s*$")


@dataclass(frozen=True)
class PublicationContext:
    """When and where an article was published, as far as it is known.

    `published` is the first day of the known period (2024-01-01 for "2024-01"), `precision`
    says how much of it is real. `timezone` is the clock the outlet's dates are read in;
    `place_timezone` the clock of the place the article reports from, for "local time".
    """

    article_id: str
    published: date | None
    precision: str
    timezone: str = "UTC"
    place: str | None = None
    place_timezone: str | None = None
    evidence: str = ""
    warning: str = ""  # a metadata date set aside as impossible, for the build report

    @property
    def known(self) -> bool:
        return self.published is not None and self.precision != "unknown"

    @property
    def period(self) -> tuple[date, date] | None:
        """The inclusive first and last day the publication can fall on."""
        p = self.published
        if p is None or not self.known:
            return None
        if self.precision == "day":
            return p, p
        if self.precision == "month":
            nxt = date(p.year + (p.month == 12), p.month % 12 + 1, 1)
            return p, date.fromordinal(nxt.toordinal() - 1)
        return date(p.year, 1, 1), date(p.year, 12, 31)

    @property
    def label(self) -> str:
        p = self.published
        if p is None or not self.known:
            return "unknown"
        if self.precision == "day":
            return p.isoformat()
        return f"{p:%Y-%m}" if self.precision == "month" else f"{p:%Y}"


def parse_published(value: object) -> tuple[date | None, str]:
    """Read a published field ("2025-10-08", "2025-10", "2025", empty) into a date and its
    precision.

    The precision is what the value itself states; a missing month or day is never filled in
    as if it were known.
    """
    if value is None:
        return None, "unknown"
    text = str(value).strip()
    if not text or text.lower() in {"unknown", "none", "null", "nan", "nat"}:
        return None, "unknown"
    match = _PUBLISHED.match(text)
    if not match:
        raise ValueError(f"publication date {text!r} is not YYYY, YYYY-MM or YYYY-MM-DD")
    year, month, day = match.groups()
    if day:
        return date(int(year), int(month), int(day)), "day"
    if month:
        return date(int(year), int(month), 1), "month"
    return date(int(year), 1, 1), "year"


def check_timezone(name: str | None) -> str:
    """An IANA time-zone name that exists on this machine, or UTC when none is given."""
    if not name:
        return "UTC"
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError) as err:
        raise ValueError(f"unknown time zone {name!r}") from err
    return name


def timezone_of_place(place: str | None) -> str | None:
    """The IANA zone of a named city or single-zone country, or None when it cannot be told:
    the venue gazetteer's (pipeline/corpus/places.py), which chooses among places of one name
    in a fixed order, so a table never depends on how a set of zone names iterates."""
    from .corpus import places  # the gazetteer is read on first use, not on import

    return places.timezone_of(place)


# /2025/10/08/ or /2025/10/ in an address: news sites file articles by their publication date.
_URL_DATE = re.compile(r"/((?:19|20)\d\d)/(0[1-9]|1[0-2])(?:/(0[1-9]|[12]\d|3[01]))?(?:/|$)")


def published_from_url(url: str | None) -> tuple[str | None, str]:
    """A publication date, to the month or the day, read from the address, with the evidence."""
    if not url:
        return None, ""
    match = _URL_DATE.search(str(url))
    if not match:
        return None, ""
    year, month, day = match.groups()
    if day:
        return f"{year}-{month}-{day}", f"the address carries /{year}/{month}/{day}/"
    return f"{year}-{month}", f"the address carries /{year}/{month}/"


def make_context(
    article_id: str,
    published: object,
    *,
    timezone: str | None = None,
    place: str | None = None,
    evidence: str = "",
    url: str | None = None,
) -> PublicationContext:
    """The context from an article's metadata; a missing date is read from the address when it
    carries one. Later steps may refine the place from the text."""
    day, precision = parse_published(published)
    warning = implausible(day)
    if warning:
        day, precision = None, "unknown"
    if day is None:
        from_url, why = published_from_url(url)
        if from_url:
            day, precision = parse_published(from_url)
            evidence = f"{why} (no publication date in the metadata)"
    return PublicationContext(
        article_id=article_id,
        published=day,
        precision=precision,
        timezone=check_timezone(timezone),
        place=place,
        place_timezone=timezone_of_place(place),
        evidence=evidence
        or (
            "metadata"
            if day
            else "no publication date in the metadata"
            if not warning
            else "metadata date set aside"
        ),
        warning=warning,
    )


_LOCATION_PREPS = EN.words("location_prepositions")
# "Photo: AFP", "(Photo: Instagram)", "Photo by ...", "AP Photo/...": the credit of a caption.
_CREDIT = re.compile(
    rf"(?:^|[\s(])(?:AP |AFP |Reuters |File )?(?:{alternation(EN.words('photo_credits'))})"
    r"(?:\s*:|\s+by\b|/)",
    re.IGNORECASE,
)


def _caption_lines(text: str) -> list[tuple[int, int]]:
    """The spans of the lines that credit a photo: captions, not the story's own lines."""
    spans, at = [], 0
    for line in text.splitlines(keepends=True):
        if _CREDIT.search(line):
            spans.append((at, at + len(line)))
        at += len(line)
    return spans


def place_from_text(doc) -> tuple[str | None, str]:
    """The place an article reports from, when its metadata does not say: the city or
    single-zone country it most often puts things "in", "at" or "to", where the headline and
    lede count triple (a story about talks in Cairo mentions Gaza more often than Cairo).

    Only places whose clock is known count, since the place is wanted for "local time".
    """
    # An entity is in the lede when it starts before the fourth sentence does (spaCy's
    # `ent.sent` walks the tokens back to its sentence's start for every entity).
    fourth = next(itertools.islice(doc.sents, 3, None), None)
    lede_end = fourth.start if fourth is not None else len(doc)
    counts: dict[str, int] = {}
    by_zone: dict[str, int] = {}
    captions = _caption_lines(doc_text(doc))
    for ent in doc.ents:
        if (
            ent.label_ != "GPE"
            or ent.root.dep_ != "pobj"
            or ent.root.head.lower_ not in _LOCATION_PREPS
        ):
            continue
        zone = timezone_of_place(ent.text)
        if zone:
            # a caption near the top is no lede: it may show a place far from the story's
            in_caption = any(a <= ent.start_char < b for a, b in captions)
            weight = 3 if ent.start < lede_end and not in_caption else 1
            counts[ent.text] = counts.get(ent.text, 0) + weight
            by_zone[zone] = by_zone.get(zone, 0) + weight  # Cairo and Egypt vote together
    if not counts:
        return None, "no place with a known time zone named in the text"
    zone = max(by_zone, key=lambda z: by_zone[z])
    text = doc_text(doc)
    place = max(
        (n for n in counts if timezone_of_place(n) == zone),
        key=lambda n: (counts[n], -text.find(n)),
    )
    return place, f"the location named most in the text, headline and lede counting triple ({zone})"


def with_place(
    context: PublicationContext, place: str | None, evidence: str, *, clock_known: bool
) -> PublicationContext:
    """Add a place found in the text; when the metadata gave no clock, read dates on the place's."""
    if context.place or not place:
        return context
    zone = timezone_of_place(place)
    clock = context.timezone if clock_known or zone is None else zone
    return replace(
        context,
        place=place,
        place_timezone=zone,
        timezone=clock,
        evidence=f"{context.evidence}; place: {evidence}",
    )


def with_text_date(
    context: PublicationContext, published: str | None, evidence: str
) -> PublicationContext:
    """Refine a publication date the metadata left out with what the text states.

    The text only ever adds precision (a day inside the address's month); when it says
    nothing the reason joins the evidence, so the report tells the user why dates stay open.
    """
    if published is None:
        return replace(context, evidence=f"{context.evidence}; from the text: {evidence}")
    day, precision = parse_published(published)
    period = context.period
    if period is not None and (day is None or not period[0] <= day <= period[1]):
        return replace(
            context,
            evidence=f"{context.evidence}; the text disagrees, so it is not used: {evidence}",
        )
    if context.known and PRECISIONS.index(precision) >= PRECISIONS.index(context.precision):
        return replace(context, evidence=f"{context.evidence}; the text agrees: {evidence}")
    return replace(
        context,
        published=day,
        precision=precision,
        evidence=f"{evidence} (no publication date in the metadata)",
    )
