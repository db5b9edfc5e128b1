"""Happening arcs (`[happening_arcs]` in en/lexicon.toml): which event types tell another
happening by one of its stages, for the merge.

Outlets tell one happening by different stages of it: one writes "four more boys were
rescued", another "the rescue effort restarted". The taxonomy types each clause by what it
says (a resumption); the arc says which happening it may be a report of (the rescue), so the
merge compares reports of one arc. The table is words, so it is data beside the taxonomy;
this module only reads it and answers "which arc?".
"""

from __future__ import annotations

import functools
from collections.abc import Iterable
from dataclasses import dataclass

from .event_types import TAXONOMY, Taxonomy
from .lexicon import EN, Lexicon


@dataclass(frozen=True)
class Arcs:
    phases: frozenset[str]  # types saying a stage of the happening their event noun names
    taxonomy: Taxonomy

    def arc(self, kind: str, words: Iterable[str] = ()) -> str:
        """The arc of a clause of type `kind` whose words after its verb are `words`: a phase
        takes the type of the first happening an event noun among them names; any other
        type is its own arc."""
        if kind not in self.phases:
            return kind
        for word in words:
            named = self.taxonomy.of_noun(word)
            if named is not None and named.event_class == "happening":
                if named.id not in self.phases:
                    return named.id
        return kind


def parse(lexicon: Lexicon, taxonomy: Taxonomy) -> Arcs:
    """The arcs of a lexicon; a phase the taxonomy does not know is refused with its name,
    because a misspelt type would silently make no stage join its happening."""
    phases = frozenset(lexicon.section("happening_arcs").get("phases", []))
    unknown = sorted(phases - set(taxonomy.types))
    if unknown:
        raise ValueError(f"lexicon: happening arc phases name unknown event types {unknown}")
    return Arcs(phases, taxonomy)


@functools.cache
def english() -> Arcs:
    return parse(EN, TAXONOMY)


ARCS = english()
