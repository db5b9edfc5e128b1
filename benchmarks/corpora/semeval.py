"""SemEval-2015 Task 4 (TimeLine): the articles as the pipeline reads them, and timelines.

The task's articles are CAT XML, the same token-and-markable format as MEANTIME, so the
tokens are joined back into text the same way (corpora/meantime.py) and every token keeps
its character span: an event the pipeline reads at some offset is then the task's token at
that offset, named as the task names it.

A timeline file is the task's own format (read from the gold files and the scorer's notes):
the first line is the target entity, then one line per event,
`ORDINAL<TAB>ANCHOR<TAB>MENTION[<TAB>MENTION...]`, where several mentions on a line are one
event, ANCHOR is YYYY-MM-DD, YYYY-MM, YYYY or XXXX-XX-XX, and a MENTION is
`DOCID-SENTENCE-WORD` (the CAT `sentence` number, the title being sentence 0, and the
event's words joined by `_`). Ordinal 0 holds events that cannot be placed; the scorer
leaves them out of the ordering.
"""

from __future__ import annotations

import bisect
import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from pathlib import Path

from .meantime import join_tokens

UNKNOWN_ANCHOR = "XXXX-XX-XX"
_ANCHOR = re.compile(r"^(\d{4}(-\d{2}(-\d{2})?)?|XXXX-XX-XX)$")


@dataclass(frozen=True)
class Token:
    t_id: str
    sentence: int
    start: int
    end: int
    word: str


@dataclass(frozen=True)
class Document:
    doc_id: str
    title: str
    published: str | None  # the creation time (DCT), YYYY-MM-DD
    text: str  # title line, blank line, body (the dateline left out: it is the DCT)
    tokens: tuple[Token, ...]  # in text order
    _starts: tuple[int, ...] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_starts", tuple(t.start for t in self.tokens))

    def token_at(self, char: int) -> Token | None:
        """The token whose span holds this character offset (None between tokens)."""
        i = bisect.bisect_right(self._starts, char) - 1
        if i >= 0 and self.tokens[i].start <= char < self.tokens[i].end:
            return self.tokens[i]
        return None

    def tokens_between(self, start: int, end: int) -> list[Token]:
        return [t for t in self.tokens if start <= t.start < end]


@dataclass(frozen=True, order=True)
class Mention:
    doc_id: str
    sentence: int
    word: str

    def __str__(self) -> str:
        return f"{self.doc_id}-{self.sentence}-{self.word}"

    @classmethod
    def parse(cls, text: str) -> Mention:
        doc_id, sentence, word = text.strip().split("-", 2)
        return cls(doc_id, int(sentence), word)


@dataclass(frozen=True)
class TimelineLine:
    ordinal: int
    anchor: str
    mentions: tuple[Mention, ...]


@dataclass(frozen=True)
class Timeline:
    entity: str
    lines: tuple[TimelineLine, ...]


def read_document(path: str | Path) -> Document:
    root = ET.parse(path).getroot()
    elements = root.findall("token")
    text, spans = join_tokens(elements)
    tokens = tuple(
        sorted(
            (
                Token(e.get("t_id", ""), spans[e.get("t_id", "")].sentence, s.start, s.end, e.text)
                for e in elements
                if (s := spans.get(e.get("t_id", ""))) is not None and e.text
            ),
            key=lambda t: t.start,
        )
    )
    published = None
    for timex in root.iter("TIMEX3"):
        if timex.get("functionInDocument") == "CREATION_TIME":
            published = timex.get("value", "")[:10] or None
    return Document(
        root.get("doc_id", Path(path).stem), text.split("\n\n", 1)[0], published, text, tokens
    )


def read_corpus(folder: str | Path) -> list[Document]:
    return [read_document(p) for p in sorted(Path(folder).glob("*.xml"))]


def file_name(entity: str) -> str:
    """The task's file name for an entity's timeline: lower case, words joined by `_`."""
    return "_".join(entity.lower().split()) + ".txt"


def format_timeline(timeline: Timeline) -> str:
    """The timeline as the scorer reads it: the entity line, then one line per event."""
    out = [timeline.entity]
    for line in timeline.lines:
        if not _ANCHOR.match(line.anchor):
            raise ValueError(f"not a timeline anchor: {line.anchor!r}")
        if not line.mentions:
            raise ValueError(f"timeline line {line.ordinal} of {timeline.entity!r} has no mention")
        for mention in line.mentions:
            if "\t" in mention.word or "\n" in mention.word or " " in mention.word:
                raise ValueError(f"mention word {mention.word!r} has a space in it")
        out.append("\t".join([str(line.ordinal), line.anchor, *map(str, line.mentions)]))
    return "\n".join(out) + "\n"


def parse_timeline(text: str) -> Timeline:
    rows = text.splitlines()
    lines = []
    for row in rows[1:]:
        cells = [c for c in row.split("\t") if c.strip()]
        if len(cells) >= 3:
            lines.append(
                TimelineLine(int(cells[0]), cells[1].strip(), tuple(map(Mention.parse, cells[2:])))
            )
    return Timeline(rows[0].strip() if rows else "", tuple(lines))


def read_timelines(folder: str | Path) -> dict[str, Timeline]:
    """Gold timelines by file name."""
    return {
        p.name: parse_timeline(p.read_text(encoding="utf-8"))
        for p in sorted(Path(folder).glob("*.txt"))
    }
