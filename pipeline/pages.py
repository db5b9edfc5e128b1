"""Web pages in: a news page's HTML becomes an article with front matter, its publication date
found with the evidence and the method that found it.

A page carries its date in several places that do not always agree: structured data
(JSON-LD), meta tags, the address, the visible text. What the outlet states about its own page
is worth more than a pattern that looks like a date, so the order is fixed: JSON-LD, then meta
tags, then the address, then the text. A later clue only adds precision inside what an earlier
one said (a day in the text inside the address's month), never replaces it; where two clues
disagree, the disagreement is written into the evidence for the user to judge.

trafilatura finds the main text, title, site name and author; htmldate reads meta tags and
searches the text. Everything taken from a page is untrusted: front-matter values are written
on one line, without control characters, so a page cannot forge a field or end the block.
"""

from __future__ import annotations

import json
import re
import warnings
from copy import deepcopy
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path
from urllib.parse import urljoin, urlsplit

from . import context

METHODS = ("json-ld", "meta", "url", "text")
# schema.org types whose datePublished is the article's own (a WebSite's is not)
ARTICLE_TYPES = frozenset(
    {
        "article",
        "newsarticle",
        "reportagenewsarticle",
        "analysisnewsarticle",
        "opinionnewsarticle",
        "backgroundnewsarticle",
        "reviewnewsarticle",
        "liveblogposting",
        "blogposting",
        "socialmediaposting",
        "report",
        "scholarlyarticle",
        "techarticle",
        "webpage",
    }
)
MAX_FIELD_CHARS = 300
# Meta tag names that date a page's last change, not its publication ("article:modified_time",
# "og:updated_time", "last-modified", "dateModified"): htmldate falls back on them when the
# page states no publication.
_UPDATE_LABEL = re.compile(r"modif|updat|revis|lastmod|last-mod", re.IGNORECASE)
_ISO_DAY = re.compile(r"^\s*((?:19|20)\d\d)-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])")
# the offsets news outlets publish on, for reading a UTC timestamp against the address's day
OUTLET_OFFSETS = (timedelta(hours=-8), timedelta(hours=10))
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]+")


@dataclass(frozen=True)
class DateClue:
    """One place in the page that states a publication date."""

    method: str  # one of METHODS
    value: str  # YYYY-MM-DD or YYYY-MM
    evidence: str
    stamp: datetime | None = None  # the moment stated, when it comes with a time and an offset
    update: bool = False  # the page's last change ("article:modified_time"), not its first day

    @property
    def utc(self) -> bool:
        """A timestamp in UTC names a day that need not be the outlet's own."""
        return self.stamp is not None and self.stamp.utcoffset() == timedelta(0)


@dataclass(frozen=True)
class PageDate:
    """The publication date chosen from the clues, and why."""

    published: str | None
    precision: str
    published_by: str | None
    evidence: str


@dataclass(frozen=True)
class Page:
    """What one web page says about itself, ready to be written as an article file."""

    url: str | None
    title: str | None
    outlet: str | None
    author: str | None
    language: str | None
    text: str
    date: PageDate
    notes: tuple[str, ...] = field(default=())


def one_line(value: object, limit: int = MAX_FIELD_CHARS) -> str:
    """A page's value made safe for a front-matter line: no line breaks or control
    characters (which could forge a field or close the block), whitespace collapsed, bounded."""
    if value is None:
        return ""
    text = " ".join(_CONTROL.sub(" ", str(value)).split())
    return text[:limit]


def _day(value: object) -> str | None:
    """The calendar day an ISO timestamp names, as the outlet wrote it (its own clock)."""
    if not isinstance(value, str):
        return None
    match = _ISO_DAY.match(value)
    if not match:
        return None
    try:
        return date(int(match[1]), int(match[2]), int(match[3])).isoformat()
    except ValueError:
        return None


def _stamp(value: object) -> datetime | None:
    """The moment an ISO timestamp with a time and an offset states, else None."""
    if not isinstance(value, str) or "T" not in value:
        return None
    try:
        moment = datetime.fromisoformat(value.strip())
    except ValueError:
        return None
    return moment if moment.utcoffset() is not None else None


def _types(item: dict) -> set[str]:
    kind = item.get("@type")
    kinds = kind if isinstance(kind, list) else [kind]
    return {str(k).lower() for k in kinds if k}


def _ld_items(data: object):
    """Every object in a JSON-LD block, @graph and nested lists included."""
    if isinstance(data, list):
        for item in data:
            yield from _ld_items(item)
    elif isinstance(data, dict):
        yield data
        if "@graph" in data:
            yield from _ld_items(data["@graph"])
        if isinstance(data.get("mainEntity"), dict):
            yield from _ld_items(data["mainEntity"])


def json_ld(tree) -> tuple[DateClue | None, bool]:
    """The article's datePublished from JSON-LD, and whether it is marked not free to read."""
    found: DateClue | None = None
    paywalled = False
    for script in tree.xpath('//script[@type="application/ld+json"]'):
        try:
            data = json.loads(script.text or "", strict=False)
        except ValueError:
            continue
        for item in _ld_items(data):
            kinds = _types(item)
            if not kinds & ARTICLE_TYPES:
                continue
            if str(item.get("isAccessibleForFree", "")).lower() == "false":
                paywalled = True
            day = _day(item.get("datePublished"))
            # an article type wins over a generic WebPage holding the same page
            if day and (found is None or ("webpage" in found.evidence and "webpage" not in kinds)):
                kind = sorted(kinds - {"webpage"} or kinds)[0]
                quote = one_line(item.get("datePublished"), 40)
                found = DateClue(
                    "json-ld",
                    day,
                    f"JSON-LD {kind} datePublished {quote!r}",
                    _stamp(item.get("datePublished")),
                )
    return found, paywalled


def _htmldate_options(extensive: bool):
    from htmldate.utils import Extractor
    from htmldate.validators import get_max_date, get_min_date

    return Extractor(extensive, get_max_date(None), get_min_date(None), True, "%Y-%m-%d")


def meta_tags(tree) -> DateClue | None:
    """The publication date in the page's meta tags (OpenGraph article:published_time,
    Dublin Core, itemprop datePublished and the like), as htmldate reads them."""
    from htmldate.core import examine_header

    day = examine_header(tree, _htmldate_options(False))
    if not day:
        return None
    for meta in tree.iterfind(".//meta"):
        label = meta.get("property") or meta.get("name") or meta.get("itemprop") or ""
        content = meta.get("content") or meta.get("datetime")
        if _day(content) == day:
            quote = f"<meta {one_line(label, 60)}> {one_line(content, 40)!r}"
            if _UPDATE_LABEL.search(label):
                return DateClue(
                    "meta", day, f"the update time {quote}", _stamp(content), update=True
                )
            return DateClue("meta", day, f"the meta tag {quote}", _stamp(content))
    return DateClue("meta", day, f"a meta tag dated {day}")


def address_date(url: str | None) -> DateClue | None:
    value, why = context.published_from_url(url)
    return DateClue("url", value, why) if value else None


def _without_update_tags(tree):
    """A copy of the page without the meta tags of its last change: htmldate reads meta tags
    again when it searches the text, and would bring the update back as the publication."""
    copy = deepcopy(tree)
    for meta in list(copy.iterfind(".//meta")):
        label = meta.get("property") or meta.get("name") or meta.get("itemprop") or ""
        if _UPDATE_LABEL.search(label) and meta.getparent() is not None:
            meta.getparent().remove(meta)
    return copy


def text_date(tree) -> DateClue | None:
    """A date htmldate finds in the page's elements and text, once structured data and meta
    tags said nothing. A day its exact patterns find is a day; a date only its loose search
    finds on the first of a month may be a month written alone, so it counts as the month."""
    from htmldate import find_date

    tree = _without_update_tags(tree)
    exact = find_date(deepcopy(tree), extensive_search=False, original_date=True, url="")
    if exact:
        for element in tree.iterfind(".//time"):
            stated = element.get("datetime")
            if _day(stated) == exact:
                quote = one_line(stated, 40)
                return DateClue("text", exact, f"the page's <time datetime={quote!r}> element")
        return DateClue("text", exact, f"a date in the page's elements or text ({exact})")
    loose = find_date(tree, extensive_search=True, original_date=True, url="")
    if not loose:
        return None
    if loose.endswith("-01"):
        return DateClue("text", loose[:7], f"a month in the page's text ({loose[:7]})")
    return DateClue("text", loose, f"a date in the page's text ({loose})")


def _within(value: str, outer: str) -> bool:
    return value.startswith(outer)


def _outlet_day(stamp: datetime, address_day: str) -> bool:
    """Whether a UTC moment falls on the address's day on some outlet's clock."""
    if len(address_day) != 10:
        return False
    wanted = date.fromisoformat(address_day)
    return any((stamp + shift).date() == wanted for shift in OUTLET_OFFSETS)


def _first_stated(stated: list[DateClue]) -> DateClue:
    """The earlier of disagreeing metadata dates; one moment written twice is the outlet's
    local writing of it, not the UTC one."""
    moments = [c for c in stated if c.stamp is not None]
    if len(moments) == len(stated) > 1:
        first = min(c.stamp for c in moments)  # type: ignore[type-var]
        same = [c for c in moments if abs(c.stamp - first) < timedelta(minutes=5)]  # type: ignore[operator]
        return min(same, key=lambda c: (c.utc, METHODS.index(c.method)))
    return min(stated, key=lambda c: (c.value, METHODS.index(c.method)))


def choose_date(clues: list[DateClue]) -> PageDate:
    """The first clue by METHODS order, refined by a later one that falls inside it; every
    clue that disagrees is named in the evidence.

    Exceptions, all about what a stated date means rather than which source wins: when
    JSON-LD and meta tags disagree, the earlier is the publication (the later is an update);
    a meta tag of the page's last change ("article:modified_time") is never the publication
    while anything else dates the page; a UTC timestamp one day off the day in the address
    yields to the address, which is written on the outlet's own clock (11 p.m. in New York is
    the next day in UTC). A datePublished after the address's day stays the publication: on
    real pages it is as often the first posting, a day after the address was made.
    """
    ordered = sorted(clues, key=lambda c: METHODS.index(c.method))
    if not ordered:
        return PageDate(
            None,
            "unknown",
            None,
            "no date in the page's JSON-LD, meta tags, address or text",
        )
    first_posted = [c for c in ordered if not c.update] or ordered
    stated = [c for c in first_posted if c.method in ("json-ld", "meta")]
    chosen = _first_stated(stated) if stated else first_posted[0]
    notes: list[str] = []
    for clue in ordered:
        if clue is chosen:
            continue
        if clue.update:
            notes.append(f"{clue.evidence} (the last change, not the publication)")
        elif (
            clue.method == "url"
            and chosen.stamp is not None
            and chosen.utc
            and clue.value != chosen.value
            and _outlet_day(chosen.stamp, clue.value)
        ):
            notes.append(f"{chosen.evidence} is in UTC, the address on the outlet's clock")
            chosen = clue
        elif _within(clue.value, chosen.value) and len(clue.value) > len(chosen.value):
            notes.append(f"inside what {chosen.method} gives: {chosen.evidence}")
            chosen = clue
        elif _within(chosen.value, clue.value):
            notes.append(f"{clue.evidence} (agrees)")
        elif clue.method in ("json-ld", "meta"):
            same = clue.stamp is not None and clue.stamp == chosen.stamp
            notes.append(
                f"{clue.evidence} (the same moment)"
                if same
                else f"{clue.evidence} (disagrees: later, read as an update)"
            )
        else:
            notes.append(f"{clue.evidence} (disagrees: not used)")
    published, precision = chosen.value, "day" if len(chosen.value) == 10 else "month"
    evidence = "; ".join([f"{chosen.method}: {chosen.evidence}", *notes])
    return PageDate(published, precision, chosen.method, evidence)


def _canonical(tree, address: str | None) -> str | None:
    """The page's own address for itself (an AMP copy names its original), else the one given."""
    for xpath in ('//link[@rel="canonical"]/@href', '//meta[@property="og:url"]/@content'):
        for href in tree.xpath(xpath):
            candidate = urljoin(address or "", str(href).strip())
            if urlsplit(candidate).scheme in ("http", "https"):
                return one_line(candidate, 2000)
    return one_line(address, 2000) if address else None


def canonical_key(url: str) -> str:
    """One spelling per address, so a feed item seen again, with tracking parameters or a
    trailing slash, is the same article."""
    from courlan import normalize_url

    try:
        return normalize_url(url.strip(), strict=True, trailing_slash=False)
    except ValueError:
        return url.strip()


def _decode(html: str | bytes) -> str:
    if isinstance(html, str):
        return html
    from trafilatura.utils import decode_file

    return decode_file(html)


def read_page(html: str | bytes, *, address: str | None = None) -> Page:
    """Read a page: main text and metadata by trafilatura, the date by the fixed order.

    Raises ValueError with the reason when the page holds no main text.
    """
    from lxml import html as lxml_html
    from trafilatura import bare_extraction

    markup = _decode(html)
    if not markup.strip():
        raise ValueError("empty: the page has no content")
    try:
        tree = lxml_html.document_fromstring(markup)
    except (ValueError, lxml_html.etree.ParserError) as err:
        raise ValueError(f"unreadable: not an HTML page ({err})") from None
    url = _canonical(tree, address)
    document = bare_extraction(
        deepcopy(tree),
        url=url,
        with_metadata=True,
        include_comments=False,
        include_tables=False,
    )
    text = (getattr(document, "text", None) or "").strip()
    if not text:
        raise ValueError("no main text found on the page")
    with warnings.catch_warnings():
        # dateutil warns on the terminal about zone names it cannot place ("GST"); the date
        # it returns is still the day written, which is all that is kept
        warnings.simplefilter("ignore")
        from_ld, paywalled = json_ld(tree)
        clues = [c for c in (from_ld, meta_tags(tree), address_date(url)) if c]
        if not any(len(c.value) == 10 and not c.update for c in clues):
            found = text_date(tree)
            if found:
                clues.append(found)
    notes = []
    if paywalled:
        notes.append("marked as not free to read: only the part shown to everyone was kept")
    language = one_line(tree.get("lang"), 20) or None
    return Page(
        url=url,
        title=one_line(getattr(document, "title", None)) or None,
        outlet=one_line(getattr(document, "sitename", None) or getattr(document, "hostname", None))
        or None,
        author=one_line(getattr(document, "author", None)) or None,
        language=language,
        text=text,
        date=choose_date(clues),
        notes=tuple(notes),
    )


def _field(value: str) -> str:
    """A value split_front_matter reads back exactly: quoted when it would lose its quotes."""
    if len(value) >= 2 and value[0] == value[-1] and value[0] in "\"'":
        return f'"{value}"'
    return value


def front_matter(page: Page, *, id: str | None = None, **origin: str | None) -> dict[str, str]:
    """The article file's fields: the id, what the page says, then where it came from
    (`fetched`, `fetched_from`, `saved_page`); the fields the build reads keep their names."""
    fields: dict[str, str | None] = {
        "id": id,
        "title": page.title,
        "outlet": page.outlet,
        "url": page.url,
        "author": page.author,
        "language": page.language,
        "published": page.date.published,
        "precision": page.date.precision,
        "published_by": page.date.published_by or "none",
        "evidence": page.date.evidence,
        **origin,
        "notes": "; ".join(page.notes) or None,
    }
    return {k: one_line(v, 2000) for k, v in fields.items() if v}


def article_text(page: Page, *, id: str | None = None, **origin: str | None) -> str:
    """The page as an article file the build reads like any other."""
    fields = front_matter(page, id=id, **origin)
    lines = ["---", *(f"{k}: {_field(v)}" for k, v in fields.items()), "---"]
    return "\n".join(lines) + "\n" + page.text + "\n"


def read_html_file(path: Path) -> tuple[dict[str, str], str]:
    """A saved page as the front-matter fields and the body an article file would have."""
    page = read_page(path.read_bytes())
    return front_matter(page, saved_page=path.name), page.text
