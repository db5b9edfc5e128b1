"""MEANTIME articles (CAT XML) read into plain text plus the annotation that scores events.

MEANTIME stores an article as tokens with standoff markables: event mentions, entity
mentions, date expressions, and relations between them (who took part, what an event is
anchored to in time). The pipeline reads text, so the tokens are joined back into sentences
and every markable is turned into character offsets in that text; the benchmark then meets
the pipeline's events on the same offsets. The dateline sentence is left out: it carries the
creation time, which the pipeline receives as the publication date instead.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from pathlib import Path

# Tokens written against the word before them ("Apple 's", "device .", "( AP )").
_NO_SPACE_BEFORE = frozenset(
    [",", ".", ":", ";", "!", "?", ")", "]", "'s", "’s", "'", "n't", "%", "''"]
)
_NO_SPACE_AFTER = frozenset(["(", "[", "$", "``"])
_ISO_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")
TITLE_SENTENCE, DATELINE_SENTENCE = 0, 1


@dataclass(frozen=True)
class Span:
    start: int
    end: int
    sentence: int

    def overlaps(self, other: Span) -> bool:
        return self.start < other.end and other.start < self.end


@dataclass(frozen=True)
class EntityMention:
    m_id: str
    span: Span
    syntactic_type: str  # NAM, NOM, PRO, APP, ...
    instance: str | None  # the ENTITY it refers to, shared by coreferent mentions
    ent_type: str | None  # PER, ORG, LOC, PRO, FIN, MIX


@dataclass(frozen=True)
class TimeAnchor:
    value: str
    type: str
    is_creation_time: bool


@dataclass
class EventMention:
    m_id: str
    span: Span
    participants: list[tuple[str, EntityMention]] = field(
        default_factory=list
    )  # (PropBank role, mention)
    anchors: list[TimeAnchor] = field(
        default_factory=list
    )  # times the event is included in or simultaneous with


@dataclass
class Article:
    doc_id: str
    title: str
    text: str  # title line, blank line, then the body as one paragraph
    creation_time: str | None  # YYYY-MM-DD, or None when the file has no usable one
    events: list[EventMention]
    entities: list[EntityMention]


def join_tokens(tokens: list[ET.Element]) -> tuple[str, dict[str, Span]]:
    """Sentences rebuilt from tokens: the title on its own line, then the body (no dateline)."""
    parts: list[str] = []
    spans: dict[str, Span] = {}
    length, previous, sentence_before = 0, None, None
    for token in tokens:
        sentence = int(token.get("sentence", "0"))
        if sentence == DATELINE_SENTENCE:
            continue
        word = token.text or ""
        if sentence_before is not None and sentence != sentence_before:
            gap = "\n\n" if sentence_before == TITLE_SENTENCE else " "
        elif previous is None:
            gap = ""
        else:
            gap = "" if word in _NO_SPACE_BEFORE or previous in _NO_SPACE_AFTER else " "
        parts.append(gap)
        length += len(gap)
        spans[token.get("t_id")] = Span(length, length + len(word), sentence)
        parts.append(word)
        length += len(word)
        previous, sentence_before = word, sentence
    return "".join(parts), spans


def _span(element: ET.Element, spans: dict[str, Span]) -> Span | None:
    """Character span of a markable's anchor tokens; None when it has none in the text."""
    found = [
        spans[a.get("t_id")] for a in element.findall("token_anchor") if a.get("t_id") in spans
    ]
    if not found:
        return None
    return Span(min(s.start for s in found), max(s.end for s in found), found[0].sentence)


def _links(relations: ET.Element | None, tag: str) -> list[tuple[str, str, dict]]:
    if relations is None:
        return []
    out = []
    for rel in relations.iter(tag):
        sources, target = rel.findall("source"), rel.find("target")
        if target is None:
            continue
        out += [(s.get("m_id"), target.get("m_id"), rel.attrib) for s in sources]
    return out


def read_article(path: str | Path) -> Article:
    root = ET.parse(path).getroot()
    tokens = root.findall("token")
    text, spans = join_tokens(tokens)
    title = text.split("\n\n", 1)[0]
    markables = root.find("Markables")
    relations = root.find("Relations")
    markables = markables if markables is not None else ET.Element("Markables")

    instance_of = {s: t for s, t, _ in _links(relations, "REFERS_TO")}
    ent_types = {e.get("m_id"): e.get("ent_type") for e in markables.iter("ENTITY")}
    entities: dict[str, EntityMention] = {}
    for m in markables.iter("ENTITY_MENTION"):
        span = _span(m, spans)
        if span is not None:
            instance = instance_of.get(m.get("m_id"))
            entities[m.get("m_id")] = EntityMention(
                m.get("m_id"), span, m.get("syntactic_type", ""), instance, ent_types.get(instance)
            )

    timexes: dict[str, TimeAnchor] = {}
    creation_time = None
    for t in markables.iter("TIMEX3"):
        is_dct = t.get("functionInDocument") == "CREATION_TIME"
        timexes[t.get("m_id")] = TimeAnchor(t.get("value", ""), t.get("type", ""), is_dct)
        if is_dct and _ISO_DAY.match(t.get("value", "")):
            creation_time = t.get("value")

    events: dict[str, EventMention] = {}
    for m in markables.iter("EVENT_MENTION"):
        span = _span(m, spans)
        if span is not None:
            events[m.get("m_id")] = EventMention(m.get("m_id"), span)
    for source, target, attrs in _links(relations, "HAS_PARTICIPANT"):
        if source in events and target in entities:
            events[source].participants.append((attrs.get("sem_role", ""), entities[target]))
    for source, target, attrs in _links(relations, "TLINK"):
        kind = attrs.get("reltype")
        if source in events and target in timexes and kind in ("IS_INCLUDED", "SIMULTANEOUS"):
            events[source].anchors.append(timexes[target])
        elif target in events and source in timexes and kind in ("INCLUDES", "SIMULTANEOUS"):
            events[target].anchors.append(timexes[source])

    return Article(
        root.get("doc_id", Path(path).stem),
        title,
        text,
        creation_time,
        list(events.values()),
        list(entities.values()),
    )


def read_corpus(folder: str | Path) -> list[Article]:
    return [read_article(p) for p in sorted(Path(folder).rglob("*.xml"))]
