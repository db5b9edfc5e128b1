"""Canonical names across the corpus: one person, organisation or place is one entry.

A surname in one article is often spelled out in full only in another, an acronym is
defined once ("the International Criminal Court (ICC)"), and outlets transliterate one name
several ways ("Saman Kunan", "Saman Gunan"), so names are made canonical with what every
article read contributes (`CorpusNames`). The rules for one mention are in
pipeline/actors.py; this module applies them with the corpus's tables.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

import pandas as pd

from .. import actors, participants

PlaceDescriptions = tuple[tuple[str, frozenset[str]], ...]


@dataclass(frozen=True)
class CorpusNames:
    """What canonical names need from the whole corpus, gathered from every article read.

    `person_names`: each article's full person names ("Steve Witkoff"), for bare surnames;
    `places`: each article's named places with the words that introduce them ("the Red Sea
    resort town of Sharm El-Sheikh"), for an unnamed "the resort town"; `acronyms`: short ->
    full name, the first article read that defines one wins.
    """

    person_names: Mapping[str, frozenset[str]] = field(default_factory=dict)
    places: Mapping[str, PlaceDescriptions] = field(default_factory=dict)
    acronyms: Mapping[str, str] = field(default_factory=dict)


def gather(readings: Iterable) -> CorpusNames:
    """The corpus tables from article readings (`build.ArticleResult`), in reading order."""
    persons: dict[str, frozenset[str]] = {}
    places: dict[str, PlaceDescriptions] = {}
    acronyms: dict[str, str] = {}
    for reading in readings:
        for short, full in reading.acronyms.items():
            acronyms.setdefault(short, full)
        if reading.processed:
            persons[reading.article_id] = frozenset(reading.person_names)
            places[reading.article_id] = tuple(reading.places)
    return CorpusNames(persons, places, acronyms)


def joined(parts: Iterable[CorpusNames]) -> CorpusNames:
    """Several partitions' tables as one, as `gather` would give over all their readings."""
    persons: dict[str, frozenset[str]] = {}
    places: dict[str, PlaceDescriptions] = {}
    acronyms: dict[str, str] = {}
    for part in parts:
        persons.update(part.person_names)
        places.update(part.places)
        for short, full in part.acronyms.items():
            acronyms.setdefault(short, full)
    return CorpusNames(persons, places, acronyms)


def _edits(a: str, b: str) -> int:
    """Levenshtein distance: insertions, deletions and substitutions turning a into b."""
    previous = list(range(len(b) + 1))
    for i, x in enumerate(a, start=1):
        current = [i]
        for j, y in enumerate(b, start=1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (x != y)))
        previous = current
    return previous[-1]


def _allowed_edits(word: str) -> int:
    """Short words must match: "Joan" and "John" are two people, "Gunan" and "Kunan" one."""
    return 0 if len(word) <= 4 else 1 if len(word) <= 7 else 2


def _spelling_key(name: str) -> list[str]:
    return [w.replace("-", "").casefold() for w in name.split()]


def same_name_spelled_differently(a: str, b: str) -> bool:
    """Two transliterations of one name ("Narongsak Osottanakorn", "Narongsak Osatanakorn";
    "Jedsada Chokdamrongsuk", "Jesada Chokedamrongsuk"): as many words, each within a few
    letters of the other's, at most three letters apart in all, and a word in common unless
    every word is long enough for its spelling to vary."""
    words_a, words_b = _spelling_key(a), _spelling_key(b)
    if a == b or len(words_a) != len(words_b) or len(words_a) < 2:
        return False
    pairs = list(zip(words_a, words_b, strict=True))
    allowed = [_allowed_edits(min(x, y, key=len)) for x, y in pairs]
    if any(abs(len(x) - len(y)) > most for (x, y), most in zip(pairs, allowed, strict=True)):
        return False  # more letters apart than edits allowed: no need to count them
    distances = [_edits(x, y) for x, y in pairs]
    if any(d > most for d, most in zip(distances, allowed, strict=True)):
        return False
    if sum(distances) > 3:
        return False
    return 0 in distances or all(len(w) >= 6 for w in words_a + words_b)


def spelling_variants(person_names: Mapping[str, frozenset[str]]) -> dict[str, str]:
    """Full person names spelled differently across the corpus -> the spelling most articles
    use (then the first in alphabetical order), so one person is one entry in the filters."""
    articles: dict[str, int] = {}
    for found in person_names.values():
        for name in found:
            articles[name] = articles.get(name, 0) + 1
    ranked = sorted(articles, key=lambda n: (-articles[n], n))
    # Only names sharing a word, or the first letters of a long word, in the same place are
    # compared: a variant has a word in common or long words whose spelling varies further on.
    blocks: dict[tuple[int, int, str, str], list[int]] = {}
    for n, name in enumerate(ranked):
        words = _spelling_key(name)
        keys = {(len(words), i, w, "") for i, w in enumerate(words)}
        keys |= {(len(words), i, w[:3], "...") for i, w in enumerate(words) if len(w) >= 6}
        for key in sorted(keys):
            blocks.setdefault(key, []).append(n)
    partners: dict[int, set[int]] = {}
    for members in blocks.values():
        for n in members:
            partners.setdefault(n, set()).update(m for m in members if m > n)
    variants: dict[str, str] = {}
    for n, name in enumerate(ranked):
        if name in variants:
            continue
        for m in sorted(partners.get(n, ())):
            other = ranked[m]
            if other not in variants and same_name_spelled_differently(name, other):
                variants[other] = name
    return variants


def described_place(
    words: frozenset[str], article_id: str, places: Mapping[str, PlaceDescriptions]
) -> str | None:
    """The one named place whose introduction fits an unnamed "the resort town": looked for in
    the same article first, then in the corpus; None when no place or several fit."""
    for pool in (places.get(article_id, ()), [p for ps in places.values() for p in ps]):
        fits = {name for name, described in pool if words <= described}
        if len(fits) == 1:
            return fits.pop()
        if fits:
            return None
    return None


def canonicalise(rows: list[dict], names: CorpusNames, aliases: actors.AliasTable) -> list[dict]:
    """Replace mentions with canonical names, surnames resolved in the article first, then the
    corpus; acronyms an article spelled out become the full name; an unnamed place the one
    named place that fits its description. Rows are changed in place and returned."""
    variants = spelling_variants(names.person_names)
    corpus_full = {n for found in names.person_names.values() for n in found}
    corpus_index = actors.surname_index(sorted(corpus_full))
    indexes: dict[str, dict] = {}
    for row in rows:
        index = indexes.get(row["article_id"])
        if index is None:  # one table per article, not per row: rows outnumber articles
            index = indexes[row["article_id"]] = {
                **corpus_index,
                **actors.surname_index(sorted(names.person_names.get(row["article_id"], ()))),
            }

        def name_of(mention, index=index) -> str | None:
            if mention.label == participants.GROUP:
                return mention.text  # "boy": the noun's lemma is the group's name
            if not actors.is_actor_mention(mention.text):
                return None
            name = actors.canonical_actor(
                mention.text, label=mention.label, surnames=index, aliases=aliases
            )
            name = names.acronyms.get(name, name)
            return variants.get(name, name)

        row["participants"] = participants.as_rows(row["actors"], name_of)
        row["actors"] = participants.actor_names(row["participants"])
        words = row.pop("venue_words", None)
        if not row["venue"] and words:
            row["venue"] = described_place(words, row["article_id"], names.places)
        row["venue"] = (
            actors.canonical_venue(row["venue"], aliases=aliases)
            if row["venue"] and actors.is_name(row["venue"])
            else None
        )  # "emerged at 5.40pm": a clock time the tagger took for a place is no venue
    return rows


def table_person_names(table: pd.DataFrame) -> frozenset[str]:
    """Full person names a finished table already holds, for articles added to it later.

    The table keeps no named-entity labels, so a person is read from `participants` (kind
    person) when the table has it, else from actors of two or three capitalised words that no
    country form or alias names ("Steve Witkoff", not "United States").
    """
    found: set[str] = set()
    if "participants" in table.columns:
        for people in table["participants"]:
            for person in people if isinstance(people, (list, tuple)) else ():
                if person.get("kind") == "person" and " " in str(person.get("name", "")):
                    found.add(str(person["name"]))
        return frozenset(found)
    countries = set(actors.COUNTRY_FORMS.values())
    for names in table["actors"]:
        for name in names:
            words = name.split()
            if 2 <= len(words) <= 3 and all(w[:1].isupper() for w in words):
                if name not in countries:
                    found.add(name)
    return frozenset(found)


def join_surnames(table: pd.DataFrame, full_names: Iterable[str]) -> pd.DataFrame:
    """A table whose bare surnames ("Witkoff") become the one full name ("Steve Witkoff")
    another table holds: how articles added later meet the corpus they join."""
    index = actors.surname_index(sorted(set(full_names)))
    if not index or table.empty:
        return table

    def one(name: str) -> str:
        return index.get(name.lower(), name) if " " not in name else name

    def full(names: list[str]) -> list[str]:
        return list(dict.fromkeys(one(n) for n in names))

    def full_participants(listed) -> list[dict]:
        # the merge compares agents by name: a pasted "Witkoff" acting is the table's person
        joined: list[dict] = []
        for p in listed if isinstance(listed, (list, tuple)) else ():
            name = one(str(p["name"]))
            if any(q["name"] == name for q in joined):
                continue
            kind = "person" if name != p["name"] else p["kind"]
            joined.append({**p, "name": name, "kind": kind})
        return joined

    changed = table.assign(actors=table["actors"].map(full))
    if "participants" in changed.columns:
        changed["participants"] = changed["participants"].map(full_participants)
    return changed
