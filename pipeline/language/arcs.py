"""Happening arcs (`[happening_arcs]` in en/lexicon.toml): which event types tell another
happening by one of its stages, for the merge.

Outlets tell one happening by different stages of it: one writes "four more boys were
rescued", another "the rescue effort restarted"; one "the boys were trapped on June 23",
another "they entered the cave on June 23". The taxonomy types each clause by what it says
(a resumption, an entering); the arc says which happening it may be a report of (the
rescue, the trapping), so the merge compares reports of one arc. The table is words, so it
is data beside the taxonomy; this module only reads it and answers "which arc?".
"""

from __future__ import annotations

import functools
from collections.abc import Iterable
from dataclasses import dataclass

from .event_types import FALLBACK_TYPE, TAXONOMY, Taxonomy
from .lexicon import EN, Lexicon


@dataclass(frozen=True)
class GoingIn:
    """Going into a place people get trapped in: the first stage of their being trapped."""

    arc: str  # the type of the happening it is a stage of
    verbs: frozenset[str]  # lemmas, or "lemma preposition" ("go into")
    places: frozenset[str]  # the places a rescue brings people out of (the rescue's `out_of`)


@dataclass(frozen=True)
class Arcs:
    phases: frozenset[str]  # types saying a stage of the happening their event noun names
    taxonomy: Taxonomy
    going_in: GoingIn | None = None

    @functools.cached_property
    def worded(self) -> frozenset[str]:
        """The types whose arc depends on the words of the clause; every other type is its
        own arc, so the merge reads no words for it."""
        if self.going_in is None:
            return self.phases
        going = {_type_of(self.taxonomy, verb) for verb in self.going_in.verbs}
        return self.phases | going

    def arc(self, kind: str, words: Iterable[str] = (), verb: str = "") -> str:
        """The arc of a clause of type `kind` whose verb is `verb` and whose words after it
        are `words`: a phase takes the type of the happening a deed after "to" ("operation
        to rescue") or else the first event noun among them names; going into a place people
        get trapped in ("entered the cave") takes the trapping's; any other clause is its
        own type's."""
        words = list(words)
        if kind in self.phases:
            # an attempt named by its deed ("the bid to rescue them resumed") is that deed's,
            # whatever the attempt's noun says of its own (a bid is also an offer)
            deeds = [
                self.taxonomy.of_verb(w)
                for b, w in zip(words, words[1:], strict=False)
                if b == "to"
            ]
            nouns = [self.taxonomy.of_noun(w) for w in words]
            for named in [*deeds, *nouns]:
                if named is not None and named.event_class == "happening":
                    if named.id not in self.phases and named.id != FALLBACK_TYPE:
                        return named.id
            return kind
        going_in = self.going_in
        if going_in is not None and kind in self.worded and verb:
            lemma = verb.lower()
            said = {lemma} | ({f"{lemma} {words[0].lower()}"} if words else set())
            if said & going_in.verbs and any(_place(w, going_in.places) for w in words):
                return going_in.arc
        return kind


def _type_of(taxonomy: Taxonomy, verb: str) -> str:
    lemma, _, preposition = verb.partition(" ")
    return taxonomy.of_verb(lemma, preposition or None).id


def _place(word: str, places: frozenset[str]) -> bool:
    lowered = word.lower()
    return lowered in places or (lowered.endswith("s") and lowered[:-1] in places)


def parse(lexicon: Lexicon, taxonomy: Taxonomy) -> Arcs:
    """The arcs of a lexicon; a phase or an arc the taxonomy does not know, or a going-in
    verb no type lists, is refused with its name, because a misspelt word would silently
    make no stage join its happening."""
    section = lexicon.section("happening_arcs")
    phases = frozenset(section.get("phases", []))
    unknown = sorted(phases - set(taxonomy.types))
    if unknown:
        raise ValueError(f"lexicon: happening arc phases name unknown event types {unknown}")
    going_in = None
    entry = section.get("going_in")
    if entry is not None:
        if entry["arc"] not in taxonomy.types:
            raise ValueError(f"lexicon: the going-in arc {entry['arc']!r} is no event type")
        verbs = frozenset(entry["verbs"])
        untyped = sorted(v for v in verbs if _type_of(taxonomy, v) == FALLBACK_TYPE)
        if untyped:
            raise ValueError(f"lexicon: going-in verbs {untyped} are in no event type")
        places = frozenset(key.split(" ", 1)[1] for key in taxonomy.by_way_out)
        going_in = GoingIn(entry["arc"], verbs, places)
    return Arcs(phases, taxonomy, going_in)


@functools.cache
def english() -> Arcs:
    return parse(EN, TAXONOMY)


ARCS = english()
