"""The event-type taxonomy of the lexicon (`[event_types.*]` in en/lexicon.toml), typed.

The taxonomy is words, so it lives in the lexicon beside the reporting and planning verbs;
this module only reads it into typed values and answers "which type does this verb or noun
say?", so extraction, the schema's checks and the dashboard read one list of types.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

from .lexicon import EN, Lexicon

EVENT_CLASSES: tuple[str, ...] = ("happening", "reporting", "state", "commentary")
FALLBACK_TYPE = "other"  # a happening no type lists


@dataclass(frozen=True)
class EventType:
    id: str
    event_class: str  # one of EVENT_CLASSES
    plover: str  # PLOVER top-level category, "" when the type has none (travel, buy)
    verbs: frozenset[str]  # lemmas, or "lemma particle" ("pull out")
    nouns: frozenset[str]  # event nouns as written, singular and plural
    alone: str | None = None  # the class when a reporting verb carries no reported clause
    # befalls each participant at most once (a death): a report of it naming them needs no
    # date to be known for the one happening, which lets an undated article's report join
    once: bool = False
    again: str | None = None  # the type it becomes done "again" (begin: resume)


@dataclass(frozen=True)
class Taxonomy:
    types: Mapping[str, EventType]
    by_verb: Mapping[str, EventType]
    by_noun: Mapping[str, EventType]
    light_verbs: frozenset[str]
    occurring_verbs: frozenset[str]
    again_words: frozenset[str] = frozenset()
    # "verb place": a way out of a place people are trapped in ("take cave": a rescue)
    by_way_out: Mapping[str, EventType] = field(default_factory=dict)
    # verbs of coming out that tell it without the place, of people ("four boys emerged")
    by_out_alone: Mapping[str, EventType] = field(default_factory=dict)
    # "verb doer": a deed its doer makes a kind of ("rescuers freed": a rescue)
    by_doer: Mapping[str, EventType] = field(default_factory=dict)
    # preposition after a perfect "been": a visit ("had been in the caves")
    by_perfect_be: Mapping[str, EventType] = field(default_factory=dict)

    @functools.cached_property
    def doers(self) -> frozenset[str]:
        """The common nouns for those whose deeds `by_doer` types ("rescuer", "rescue team")."""
        return frozenset(key.split(" ", 1)[1] for key in self.by_doer)

    def of_way_out(self, lemma: str, place: str) -> EventType | None:
        """The type of coming or being brought out of a place ("taken from the cave"), None
        when the verb or the place is none the lexicon lists."""
        return self.by_way_out.get(f"{lemma.lower()} {place.lower()}")

    def of_verb(
        self, lemma: str, particle: str | None = None, objects: tuple[str, ...] = ()
    ) -> EventType:
        """The type a verb says; a phrasal verb with its object ("run out oxygen"), a phrasal
        verb ("pull out") or an idiom of a verb and its object's head noun ("strike tone":
        commentary, not an attack) before its bare verb."""
        lemma = lemma.lower()
        phrasal = [f"{lemma} {particle.lower()} {o.lower()}" for o in objects] if particle else []
        for form in [*phrasal, *(f"{lemma} {w.lower()}" for w in [particle, *objects] if w)]:
            found = self.by_verb.get(form)
            if found is not None:
                return found
        return self.by_verb.get(lemma) or self.types[FALLBACK_TYPE]

    def of_noun(self, word: str, lemma: str | None = None) -> EventType | None:
        """The type an event noun says ("talks", "ceasefire"), None for a noun naming no event."""
        found = self.by_noun.get(word.lower())
        if found is None and lemma:
            found = self.by_noun.get(lemma.lower())
        return found


def _claim(table: dict[str, EventType], key: str, shown: str, kind: EventType) -> None:
    """Give a word (or a word pair) to one event type: two types claiming it would make the
    type a clause gets depend on the order of the file, so the lexicon is refused instead."""
    if key in table:
        raise ValueError(
            f"lexicon: {shown} is claimed by event types {table[key].id!r} and {kind.id!r}"
        )
    table[key] = kind


def parse(lexicon: Lexicon) -> Taxonomy:
    """The taxonomy of a lexicon; a type with an unknown class, or a word two types claim,
    is refused with the type and the word named, because a silent choice would type a
    verb by the order of the file."""
    section = lexicon.section("event_types")
    types: dict[str, EventType] = {}
    by_verb: dict[str, EventType] = {}
    by_noun: dict[str, EventType] = {}
    by_way_out: dict[str, EventType] = {}
    by_out_alone: dict[str, EventType] = {}
    by_perfect_be: dict[str, EventType] = {}
    by_doer: dict[str, EventType] = {}
    claims_reporting: list[EventType] = []
    for key, entry in section.items():
        event_class = entry["class"]
        alone = entry.get("alone", "happening")
        if event_class not in EVENT_CLASSES or alone not in EVENT_CLASSES:
            raise ValueError(f"lexicon: event type {key!r} has a class outside {EVENT_CLASSES}")
        kind = EventType(
            id=key,
            event_class=event_class,
            plover=entry.get("plover", ""),
            verbs=frozenset(entry.get("verbs", [])),
            nouns=frozenset(entry.get("nouns", [])),
            alone=entry.get("alone"),
            once=bool(entry.get("once", False)),
            again=entry.get("again"),
        )
        types[key] = kind
        for table, words in ((by_verb, kind.verbs), (by_noun, kind.nouns)):
            for word in words:
                _claim(table, word, repr(word), kind)
        for verb in entry.get("out_verbs", []):
            for place in entry.get("out_of", []):
                _claim(by_way_out, f"{verb} {place}", f"{verb!r} out of {place!r}", kind)
        for verb in entry.get("out_alone", []):
            _claim(by_out_alone, verb, f"{verb!r} out of no place", kind)
        for verb in entry.get("doer_verbs", []):
            for doer in entry.get("doers", []):
                _claim(by_doer, f"{verb} {doer}", f"{verb!r} done by {doer!r}", kind)
        for prep in entry.get("perfect_be", []):
            _claim(by_perfect_be, prep, f"'been {prep}'", kind)
        if entry.get("reporting"):
            claims_reporting.append(kind)
    for kind in types.values():
        if kind.again is not None and kind.again not in types:
            raise ValueError(f"lexicon: event type {kind.id!r} is again {kind.again!r}, no type")
    if FALLBACK_TYPE not in types:
        raise ValueError(f"lexicon: the event types lack the fallback type {FALLBACK_TYPE!r}")
    for kind in claims_reporting:
        for verb in lexicon.reporting_verbs:
            by_verb.setdefault(verb, kind)
    verbs = lexicon.section("verbs")
    return Taxonomy(
        types=MappingProxyType(types),
        by_verb=MappingProxyType(by_verb),
        by_noun=MappingProxyType(by_noun),
        light_verbs=frozenset(verbs.get("light", [])),
        occurring_verbs=frozenset(verbs.get("occurring", [])),
        again_words=frozenset(verbs.get("again", [])),
        by_way_out=MappingProxyType(by_way_out),
        by_out_alone=MappingProxyType(by_out_alone),
        by_perfect_be=MappingProxyType(by_perfect_be),
        by_doer=MappingProxyType(by_doer),
    )


@functools.cache
def english() -> Taxonomy:
    return parse(EN)


TAXONOMY = english()
EVENT_TYPES: tuple[str, ...] = tuple(TAXONOMY.types)
