"""What counts as text, and the text the model reads.

Web captures are full of characters that are text but not ASCII: no-break and narrow
no-break spaces between a number and its unit, soft hyphens inside long words, zero-width
spaces and direction marks around names. Refusing them as "binary" loses real articles;
feeding them to spaCy splits or glues words. So an article is refused only for what binary
content has and prose never does (NUL bytes, runs of control characters, lone surrogates),
and the model reads a normalised copy: Unicode spaces become spaces, line and paragraph
separators line breaks, invisible format characters are dropped. The article's own text
stays as captured, and every offset read from the copy is mapped back to it, so the
evidence a card shows is the sentence as the outlet wrote it.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from . import settings

LINE_ENDINGS = re.compile(r"\r\n?")  # Windows and old Mac line ends, read as "\n"
_KEPT_CONTROLS = frozenset("\t\n\r\x0b\x0c")
_BINARY_SHARE = 0.001  # control characters per character of text: capture noise stays below
_BINARY_FLOOR = 20  # ...and a handful in a short article is noise too
_SCAN = 20_000  # how much of a text the binary test reads: binary shows early
# C0 and C1 controls that no text needs (tab, line ends, form feed and NEL are kept)
_BINARY_CONTROLS = re.compile("[\x01-\x08\x0e-\x1f\x7f-\x84\x86-\x9f]")


@lru_cache(maxsize=4096)
def _kind(char: str) -> str:
    """How the model's copy treats a character: keep, space, newline or drop."""
    if char in _KEPT_CONTROLS:
        return {"\x0b": "space", "\x0c": "space", "\r": "newline"}.get(char, "keep")
    category = unicodedata.category(char)
    if category == "Zs":
        return "space" if char != " " else "keep"
    if category in ("Zl", "Zp") or char == "\x85":
        return "newline"
    if category == "Cf":
        return "drop"
    if category == "Cc":
        return "space"  # a stray control under the binary threshold reads as a gap
    return "keep"


def binary_reason(text: str) -> str | None:
    """Why `text` is binary rather than prose, or None when it is text."""
    if "\x00" in text:
        return "unreadable: the text holds binary data (NUL bytes)"
    sample = text[:_SCAN]
    controls = len(_BINARY_CONTROLS.findall(sample))
    if controls > max(_BINARY_FLOOR, _BINARY_SHARE * len(sample)):
        return f"unreadable: the text holds binary data ({controls} control characters)"
    try:
        text.encode("utf-8")
    except UnicodeEncodeError as err:
        return f"unreadable: the text holds a lone surrogate at character {err.start}"
    return None


_NEEDS_WORK = re.compile(r"[^\x20-\x7e\n\t]")


@dataclass(frozen=True)
class ReadingCopy:
    """The text the model reads, and where each of its characters came from in the article."""

    text: str
    origin: tuple[int, ...] | None = None  # None: the copy is the article, offset for offset
    length: int = 0  # the article's length
    notes: tuple[str, ...] = ()  # what was defused for the budget, for the report

    def span(self, start: int, end: int) -> tuple[int, int]:
        """The article's offsets of the copy's [start, end)."""
        if self.origin is None:
            return start, end
        if end <= start:
            at = self.origin[start] if start < len(self.origin) else self.length
            return at, at
        return self.origin[start], self.origin[end - 1] + 1


def for_reading(text: str) -> ReadingCopy:
    """The copy the model reads: normalised characters, then the shapes that would blow the
    article's budget defused (pipeline/settings.py), offset for offset where possible."""
    copy = _normalised(text)
    shaped, notes = defused(copy.text)
    if not notes:
        return copy
    return ReadingCopy(shaped, copy.origin, copy.length, notes)


def _normalised(text: str) -> ReadingCopy:
    # Most captures hold only curly quotes and dashes beyond ASCII: look at those characters
    # alone before walking the whole text.
    if all(_kind(m.group()) == "keep" for m in _NEEDS_WORK.finditer(text)):
        return ReadingCopy(text, None, len(text))
    out: list[str] = []
    origin: list[int] = []
    dropped = False
    for index, char in enumerate(text):
        kind = _kind(char)
        if kind == "drop":
            dropped = True
            continue
        out.append(" " if kind == "space" else "\n" if kind == "newline" else char)
        origin.append(index)
    return ReadingCopy("".join(out), tuple(origin) if dropped else None, len(text))


_LONG_RUN = re.compile(rf"\S{{{settings.MAX_WORD_CHARS + 1},}}")
_WORD = re.compile(r"\S+")
_SENTENCE_END = re.compile(r"[.!?…][\"'”’)\]]*$")


def defused(text: str) -> tuple[str, tuple[str, ...]]:
    """`text` with runs no word is that long blanked and sentences too long for the parser
    split at a space (a line break ends a sentence there), same length; and what was done.

    A run of thousands of brackets costs spaCy's tokenizer time quadratic in its length; a
    list of thousands of dates in one sentence costs the parser and the date engine far more
    than the same words in sentences. Neither carries an event a reader would miss."""
    notes = []
    runs = [m.span() for m in _LONG_RUN.finditer(text)]
    if runs:
        pieces, last = [], 0
        for start, end in runs:
            pieces += [text[last:start], " " * (end - start)]
            last = end
        text = "".join(pieces) + text[last:]
        longest = max(end - start for start, end in runs)
        notes.append(
            f"{len(runs)} run(s) of over {settings.MAX_WORD_CHARS} characters without a space "
            f"left unread (the longest {longest:,})"
        )
    breaks: list[int] = []
    words = 0
    for match in _WORD.finditer(text):
        start = match.start()
        if start and text[start - 1] == "\n":
            words = 0
        words += 1
        if words > settings.MAX_SENTENCE_WORDS and start and text[start - 1] == " ":
            breaks.append(start - 1)
            words = 1
        if _SENTENCE_END.search(match.group()):
            words = 0
    if breaks:
        chars = list(text)
        for at in breaks:
            chars[at] = "\n"
        text = "".join(chars)
        notes.append(
            f"read in pieces of {settings.MAX_SENTENCE_WORDS} words where a sentence ran longer "
            f"({len(breaks)} break(s))"
        )
    return text, tuple(notes)


def reading_text(text: str) -> str:
    """Only the copy's text: what every engine hands the model."""
    return for_reading(text).text


_UNPRINTABLE = re.compile(
    "[\x00-\x1f\x7f-\x9f\u00ad\u200b-\u200f\u2028-\u202e\u2060-\u206f\ufeff\ud800-\udfff]"
)


def for_terminal(value: object) -> str:
    """A name or reason from an article, safe to print on one line: line breaks, terminal
    escape sequences and direction overrides are shown as escapes (`\\n`, `\\x1b`, `\\u202e`),
    so a file name cannot forge report lines, recolour the terminal or reverse the text."""
    return _UNPRINTABLE.sub(lambda m: _escape(m.group()), str(value))


def _escape(char: str) -> str:
    code = ord(char)
    named = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}
    return named.get(char) or (f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}")


FORMULA_STARTS = frozenset("=+-@\t\r")


def inert_cell(value):
    """A text cell a spreadsheet shows rather than evaluates (OWASP's CSV injection rule): a
    leading =, +, -, @, tab or carriage return makes a formula, so such a cell starts with an
    apostrophe, which spreadsheets read as "this is text" and do not display."""
    if isinstance(value, str) and value[:1] in FORMULA_STARTS:
        return "'" + value
    return value
