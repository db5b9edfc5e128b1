"""TimeML in and out: read gold TIMEX3 from a .tml file, write the engine's own back into it.

TimeML is how date annotation is exchanged and scored (TimeBank, TempEval-3), so reading
and writing it lets the engine be measured on public gold data and its output be read by
other tools. Offsets matter more than anything here: gold and system spans are compared
character by character, so the reader works on the raw markup with a small lexer instead
of a tree API, which would lose where each tag sat in the text.

Writing keeps the document byte for byte outside <TEXT> (the DCT included) and, inside it,
every tag except TIMEX3 (EVENT, SIGNAL, ...). The engine's expressions become new TIMEX3
tags. An expression that would cross the boundary of a kept tag (start inside an EVENT and
end outside it) is skipped, not split: half a date is a different date, and a split tag
would be scored as two expressions. An expression the engine found but could not resolve
is written without a value attribute, so its span still counts and its missing value shows.
Nested engine expressions ("the second anniversary of October 7, 2023" and "October 7,
2023") keep only the outer one, since TimeML forbids nesting.
TLINKs and MAKEINSTANCEs after the text are left alone even when they name a gold tid that
the output no longer has: the output is for TIMEX3 scoring, not for temporal relations.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path
from xml.sax.saxutils import escape

from .context import PublicationContext, make_context

__all__ = [
    "Gold",
    "TimeMLDoc",
    "read",
    "read_file",
    "write",
    "non_overlapping",
    "range_ends",
    "tags",
    "normalise_value",
    "context_of",
]

_ENTITIES = {"amp": "&", "lt": "<", "gt": ">", "quot": '"', "apos": "'"}


@dataclass(frozen=True)
class Gold:
    """One TIMEX3 of a TimeML document, offsets into the plain text of <TEXT>."""

    tid: str
    text: str
    start: int
    end: int
    type: str
    value: str | None
    mod: str | None = None


@dataclass
class TimeMLDoc:
    """A TimeML document as the scorer and the writer need it; `raw` is kept for writing."""

    docid: str
    dct: str  # the DCT value as written: 1998-01-08 or 1998-01-08T19:30
    text: str  # plain text of <TEXT>, tags removed and entities unescaped
    timexes: list[Gold]
    raw: str = field(repr=False)

    @property
    def dct_day(self) -> str:
        """The publication day: the context reads days, and some DCTs carry a clock time."""
        return self.dct[:10]


def context_of(doc: TimeMLDoc) -> PublicationContext:
    """The DCT as the publication context: TimeML values are read on the document's own day,
    and TimeBank gives no clock to prefer over UTC."""
    return make_context(doc.docid, doc.dct_day, timezone="UTC")


# --- lexing ---------------------------------------------------------------------------


@dataclass(frozen=True)
class _Tag:
    raw: str
    name: str
    kind: str  # start, end, empty, other (declaration, comment, processing instruction)
    attrs: dict


def _unescape(raw: str) -> str:
    """Character data to text; only XML's own entities and character references exist here."""
    return "".join(text for text, _ in _units(raw))


def _units(raw: str):
    """(plain character, raw spelling) pairs: one plain character may be written as &amp;.

    Splitting raw text at a plain offset needs this pairing, or an inserted tag could land
    inside an entity reference.
    """
    i, n = 0, len(raw)
    while i < n:
        if raw[i] == "&":
            stop = raw.find(";", i)
            if stop < 0:
                raise ValueError(f"unterminated entity reference at {raw[i : i + 12]!r}")
            name = raw[i + 1 : stop]
            if name.startswith("#x"):
                char = chr(int(name[2:], 16))
            elif name.startswith("#"):
                char = chr(int(name[1:]))
            elif name in _ENTITIES:
                char = _ENTITIES[name]
            else:
                raise ValueError(f"unknown entity &{name};")
            yield char, raw[i : stop + 1]
            i = stop + 1
        else:
            yield raw[i], raw[i]
            i += 1


def _tag_end(doc: str, i: int) -> int:
    """Index just past the tag opening at `i`; a '>' inside a quoted attribute does not end it."""
    if doc.startswith("<!--", i):
        stop = doc.find("-->", i)
        if stop < 0:
            raise ValueError("unterminated comment")
        return stop + 3
    if doc.startswith("<![CDATA[", i):
        raise ValueError("CDATA sections are not supported in TimeML input")
    quote = None
    for j in range(i + 1, len(doc)):
        c = doc[j]
        if quote:
            if c == quote:
                quote = None
        elif c in "\"'":
            quote = c
        elif c == ">":
            return j + 1
    raise ValueError(f"unterminated tag at offset {i}")


def _attrs(body: str) -> dict:
    """Attributes of a tag body (`eid="e1" class="OCCURRENCE"`), values unescaped."""
    attrs, i, n = {}, 0, len(body)
    while i < n:
        while i < n and body[i].isspace():
            i += 1
        if i >= n:
            break
        eq = body.find("=", i)
        if eq < 0:
            raise ValueError(f"attribute without a value in {body!r}")
        name = body[i:eq].strip()
        j = eq + 1
        while j < n and body[j].isspace():
            j += 1
        if j >= n or body[j] not in "\"'":
            raise ValueError(f"unquoted attribute {name!r}")
        stop = body.find(body[j], j + 1)
        if stop < 0:
            raise ValueError(f"unterminated attribute {name!r}")
        attrs[name] = _unescape(body[j + 1 : stop])
        i = stop + 1
    return attrs


def _tag(raw: str) -> _Tag:
    if raw.startswith(("<?", "<!")):
        return _Tag(raw, "", "other", {})
    if raw.startswith("</"):
        return _Tag(raw, raw[2:-1].strip(), "end", {})
    empty = raw.endswith("/>")
    body = raw[1:-2] if empty else raw[1:-1]
    cut = next((k for k, c in enumerate(body) if c.isspace()), len(body))
    return _Tag(raw, body[:cut], "empty" if empty else "start", _attrs(body[cut:]))


def _lex(doc: str) -> list[str | _Tag]:
    """The document as alternating raw character data (str) and tags, nothing lost."""
    out: list[str | _Tag] = []
    i, n = 0, len(doc)
    while i < n:
        lt = doc.find("<", i)
        if lt < 0:
            out.append(doc[i:])
            break
        if lt > i:
            out.append(doc[i:lt])
        stop = _tag_end(doc, lt)
        out.append(_tag(doc[lt:stop]))
        i = stop
    return out


def _text_bounds(tokens: list) -> tuple[int, int]:
    """Token indices of <TEXT> and </TEXT>."""
    names = [(k, t) for k, t in enumerate(tokens) if isinstance(t, _Tag) and t.name == "TEXT"]
    opens = [k for k, t in names if t.kind == "start"]
    closes = [k for k, t in names if t.kind == "end"]
    if len(opens) != 1 or len(closes) != 1:
        raise ValueError("a TimeML document needs exactly one <TEXT> element")
    return opens[0], closes[0]


# --- reading ---------------------------------------------------------------------------


def _element_text(tokens: list, name: str) -> str | None:
    """Plain text of the first element called `name` (DOCID), or None when absent."""
    for k, t in enumerate(tokens):
        if isinstance(t, _Tag) and t.name == name and t.kind == "start":
            parts: list[str] = []
            for u in tokens[k + 1 :]:
                if isinstance(u, _Tag) and u.name == name and u.kind == "end":
                    return _unescape("".join(parts)).strip()
                if isinstance(u, str):
                    parts.append(u)
    return None


def _dct(tokens: list) -> str:
    """The value of the one TIMEX3 inside <DCT> (or marked CREATION_TIME)."""
    inside, found = False, []
    for t in tokens:
        if not isinstance(t, _Tag):
            continue
        if t.name == "DCT":
            inside = t.kind == "start"
        elif t.name == "TIMEX3" and t.kind in ("start", "empty"):
            if inside or t.attrs.get("functionInDocument") == "CREATION_TIME":
                found.append(t.attrs.get("value", ""))
    if len(found) != 1:
        raise ValueError(f"expected one creation time (DCT TIMEX3), found {len(found)}")
    value = found[0].strip()
    try:
        date.fromisoformat(value[:10])
    except ValueError:
        # every relative date is read against it, so a document without one cannot be annotated
        raise ValueError(f"the creation time (DCT) {value!r} is not a YYYY-MM-DD date") from None
    return value


def _gold(tokens: list, first: int, last: int) -> tuple[str, list[Gold]]:
    """Plain text between token indices `first` and `last` and the TIMEX3 found in it."""
    parts: list[str] = []
    pos = 0
    open_timex: tuple[_Tag, int] | None = None
    golds: list[tuple[_Tag, int, int]] = []  # the tag and its plain [start, end)
    for t in tokens[first + 1 : last]:
        if isinstance(t, str):
            plain = _unescape(t)
            parts.append(plain)
            pos += len(plain)
        elif t.name == "TIMEX3" and t.kind == "start":
            if open_timex:
                raise ValueError("nested TIMEX3")
            open_timex = (t, pos)
        elif t.name == "TIMEX3" and t.kind == "end":
            if not open_timex:
                raise ValueError("</TIMEX3> without <TIMEX3>")
            tag, start = open_timex
            golds.append((tag, start, pos))
            open_timex = None
    text = "".join(parts)
    return text, [
        Gold(
            tid=tag.attrs.get("tid", ""),
            text=text[s:e],
            start=s,
            end=e,
            type=tag.attrs.get("type", ""),
            value=tag.attrs.get("value"),
            mod=tag.attrs.get("mod"),
        )
        for tag, s, e in golds
    ]


def read(doc: str) -> TimeMLDoc:
    """A TimeML document from its markup; raises ValueError when it is not well-formed XML."""
    try:
        ET.fromstring(doc)
    except ET.ParseError as err:
        raise ValueError(f"not well-formed XML: {err}") from err
    tokens = _lex(doc)
    first, last = _text_bounds(tokens)
    text, golds = _gold(tokens, first, last)
    return TimeMLDoc(
        docid=_element_text(tokens, "DOCID") or "",
        dct=_dct(tokens),
        text=text,
        timexes=golds,
        raw=doc,
    )


def read_file(path) -> TimeMLDoc:
    """A TimeML document from a file; every reason it cannot be read is a ValueError saying
    which (unreadable, empty, not UTF-8, or what `read` refuses), so a caller can skip one
    bad file and go on with the others."""
    try:
        data = Path(path).read_bytes()
    except OSError as err:
        raise ValueError(f"cannot be read: {err.strerror or err}") from err
    if not data.strip():
        raise ValueError("empty file")
    try:
        markup = data.decode("utf-8-sig")  # a byte-order mark is not part of the document
    except UnicodeDecodeError as err:
        raise ValueError(
            f"not UTF-8 text: byte 0x{data[err.start]:02x} at offset {err.start}"
        ) from None
    return read(markup)


# --- writing ---------------------------------------------------------------------------


def non_overlapping(spans: list, start=lambda t: t.start_char, end=lambda t: t.end_char) -> list:
    """The outermost of nested or overlapping spans, in text order; empty spans dropped.

    TimeML has no nested TIMEX3, and scoring one-to-one needs disjoint system spans.
    """
    kept: list = []
    for t in sorted(spans, key=lambda t: (start(t), -end(t))):
        if end(t) <= start(t):
            continue
        if kept and start(t) < end(kept[-1]):
            continue
        kept.append(t)
    return kept


def range_ends(expressions: list) -> list:
    """Each range ("from 1985 to 1987") as its two ends, each its own DATE, as TimeML's
    guidelines tag a range: two TIMEX3s, the linking words outside both. An expression
    that records no ends (trace.ends) is kept as it is."""
    out: list = []
    for t in expressions:
        trace = getattr(t, "trace", None)
        ends = trace.ends if trace is not None else None
        if not ends:
            out.append(t)
            continue
        for end in ends:
            out.append(
                replace(
                    t,
                    text=end.text,
                    start_char=end.start_char,
                    end_char=end.end_char,
                    value=end.value,
                    type="DATE",
                    mod=None,
                    explanation=f"{end.text}; one end of the range '{t.text}': {end.value}",
                )
            )
    return out


def tags(expressions: list) -> list:
    """The expressions a TimeML document carries: ranges split into their ends, nested ones dropped.

    An expression the engine could not give a value is left out: TimeML requires a value on
    every TIMEX3, and a placeholder such as XXXX-XX-XX would claim the text leaves the date
    open when it is only the engine that could not read it. The event table still lists
    such expressions, marked unresolved with the reason.
    """
    return non_overlapping([t for t in range_ends(expressions) if t.value])


_QUOTE = {'"': "&quot;"}


def _timex_tag(tid: str, t) -> str:
    attrs = [("tid", tid), ("type", t.type)]
    if t.value is not None:
        attrs.append(("value", t.value))
    if getattr(t, "mod", None):
        attrs.append(("mod", t.mod))
    return "<TIMEX3 " + " ".join(f'{k}="{escape(str(v), _QUOTE)}"' for k, v in attrs) + ">"


def _layout(tokens: list, first: int, last: int):
    """Inside <TEXT>: raw spellings per plain character, kept tags per plain position, and
    the [start, end) plain span of every kept element (by the index of its start tag)."""
    chars: list[str] = []
    runs: dict[int, list[tuple[_Tag, int]]] = {}
    spans: dict[int, list[int]] = {}
    stack: list[int] = []
    for k in range(first + 1, last):
        t = tokens[k]
        if isinstance(t, str):
            chars.extend(raw for _, raw in _units(t))
            continue
        if t.name == "TIMEX3" and t.kind != "other":
            continue
        pos = len(chars)
        if t.kind == "start":
            stack.append(k)
            spans[k] = [pos, pos]
            runs.setdefault(pos, []).append((t, k))
        elif t.kind == "end":
            opener = stack.pop()
            spans[opener][1] = pos
            runs.setdefault(pos, []).append((t, opener))
        else:  # empty element or comment: zero width
            spans[k] = [pos, pos]
            runs.setdefault(pos, []).append((t, k))
    return chars, runs, spans


def _crosses(s: int, e: int, spans: dict) -> bool:
    return any(a < s < b < e or s < a < e < b for a, b in spans.values())


def _slot(run: list, spans: dict, s: int, e: int, opening: bool) -> int | None:
    """Where among the kept tags at one position the new start (or end) tag goes.

    A kept element that contains the new expression keeps its start before ours and its
    end after ours; one inside it the reverse. None when no slot satisfies every tag.
    """
    before = []
    for t, key in run:
        a, b = spans[key]
        if opening:
            if t.kind == "end":
                before.append(a < s)
            else:  # start, empty, comment at s: it contains us only if it runs past e
                before.append(t.kind == "start" and b > e)
        else:
            if t.kind == "end":
                before.append(s <= a < e)
            else:
                before.append(False)
    slot = sum(before)
    return slot if all(before[:slot]) else None


def write(doc: TimeMLDoc, expressions: list) -> tuple[str, list]:
    """The document with its TEXT's TIMEX3 replaced by `expressions` (anything with
    start_char, end_char, type, value, mod); returns the markup and the expressions skipped
    because they would cross a kept tag."""
    tokens = _lex(doc.raw)
    first, last = _text_bounds(tokens)
    chars, runs, spans = _layout(tokens, first, last)
    # position -> (slot, 0 for an end tag or 1 for a start tag, markup): ends sort before starts
    inserts: dict[int, list[tuple[int, int, str]]] = {}
    skipped: list = []
    n = 0
    for t in tags(expressions):
        s, e = t.start_char, t.end_char
        if e > len(chars) or _crosses(s, e, spans):
            skipped.append(t)
            continue
        open_at = _slot(runs.get(s, []), spans, s, e, True)
        close_at = _slot(runs.get(e, []), spans, s, e, False)
        if open_at is None or close_at is None:
            skipped.append(t)
            continue
        n += 1
        inserts.setdefault(e, []).append((close_at, 0, "</TIMEX3>"))
        inserts.setdefault(s, []).append((open_at, 1, _timex_tag(f"t{n}", t)))
    body: list[str] = []
    for pos in range(len(chars) + 1):
        run = [t.raw for t, _ in runs.get(pos, [])]
        for slot, _, markup in sorted(inserts.get(pos, []), reverse=True):
            run.insert(slot, markup)
        body.extend(run)
        if pos < len(chars):
            body.append(chars[pos])
    head = "".join(t if isinstance(t, str) else t.raw for t in tokens[: first + 1])
    tail = "".join(t if isinstance(t, str) else t.raw for t in tokens[last:])
    return head + "".join(body) + tail, skipped


# --- values ----------------------------------------------------------------------------


_HOUR_ONLY = re.compile(r"\dT\d{2}$")
_SHORT_WEEK = re.compile(r"^(\d{4})-W(\d)(?=$|-)")


def normalise_value(value: str | None) -> str | None:
    """A TimeML value for comparison, so that two spellings of one value compare equal.

    A clock time with or without zero seconds is the same time, and so is an hour written
    without its minutes ("T17" for 5 p.m., as some annotators wrote it, is "T17:00"). A week
    number written with one digit ("2000-W6") is ISO 8601's two-digit "2000-W06". Both sides
    of a comparison go through here.
    """
    if value is None:
        return None
    value = _SHORT_WEEK.sub(r"\1-W0\2", value.strip())
    if "T" in value and value.endswith(":00") and value.count(":") == 2:
        return value[:-3]
    if _HOUR_ONLY.search(value):
        return value + ":00"
    return value
