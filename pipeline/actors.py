"""Canonical names for actors and venues, so one person is one entry in the filters.

News writes "U.S. President Donald Trump", "President Trump" and "Trump" for one man, and
"the Red Sea resort town of Sharm El-Sheikh" for one town. Rules strip titles, join a bare
surname to the full name met in the same article or corpus, and fold country spellings;
what no rule can know ("Bibi") comes from a user-editable alias file.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from .language.lexicon import EN

ALIASES_FILE = Path(__file__).resolve().parents[1] / "data" / "aliases.csv"

# Words that name a role, not a person: stripped from the front of a name.
TITLE_WORDS = frozenset(
    """
    president vice prime minister ministers deputy former late acting interim senior chief
    special envoy envoys ambassador secretary secretary-general general gen. gen lt. col. adm.
    spokesman spokeswoman spokesperson negotiator adviser advisor official leader head
    strategic affairs foreign defense defence finance interior security state national
    affairs white house king queen prince crown sheikh emir sultan ayatollah pope
    mr. mrs. ms. dr. mr mrs ms dr sen. rep. senator representative governor mayor
    commander director chairman chairwoman ceo founder co-founder son-in-law justice judge
    of the to for
    """.split()
) | frozenset(
    # affiliations that precede a title: "U.S. President", "Hamas negotiator"
    AFFILIATIONS := frozenset(
        """
        u.s. us american israeli israel's qatari egyptian turkish palestinian hamas iranian
        british french german russian chinese saudi emirati jordanian lebanese syrian un middle east
        """.split()
    )
)
_NAME_PARTICLES = (
    "al-",
    "el-",
    "bin",
    "ibn",
    "abu",
    "de",
    "van",
    "von",
    "da",
    "di",
    "du",
    "le",
    "la",
    "der",
    "bint",
    "ben",
)
# A mention ending in one of these describes a role ("United States Special Envoy"), not an actor.
ROLE_NOUNS = frozenset(
    "president minister envoy ambassador secretary spokesman spokeswoman spokesperson negotiator "
    "adviser advisor official officials leader chief head commander director chairman".split()
)
# News organisations are where a report comes from, not who took part in the event.
NEWS_OUTLETS = frozenset(
    k.lower()
    for k in (
        "AFP",
        "French AFP",
        "Reuters",
        "AP",
        "Associated Press",
        "BBC",
        "CNN",
        "Axios",
        "Al-Arabiya",
        "Al Arabiya",
        "Al Jazeera",
        "Sky News",
        "Sky News Arabia",
        "Times of Israel",
        "The Times of Israel",
        "Wall Street Journal",
        "The Wall Street Journal",
        "New York Times",
        "The New York Times",
        "Washington Post",
        "The Washington Post",
        "Al Qahera News TV",
        "Al Qahera News",
        "Fox News",
        "NBC",
        "CBS",
        "ABC",
        "Bloomberg",
        "Haaretz",
        "Ynet",
        "Kan",
        "Channel 12",
        "Anadolu",
        "Xinhua",
        "TASS",
        "Guardian",
        "The Guardian",
    )
)
COUNTRY_FORMS = {
    "us": "United States",
    "u.s.": "United States",
    "u.s": "United States",
    "usa": "United States",
    "u.s.a.": "United States",
    "united states": "United States",
    "the united states": "United States",
    "america": "United States",
    "united states of america": "United States",
    "uk": "United Kingdom",
    "u.k.": "United Kingdom",
    "britain": "United Kingdom",
    "great britain": "United Kingdom",
    "un": "United Nations",
    "u.n.": "United Nations",
    "the united nations": "United Nations",
    "uae": "United Arab Emirates",
    "the uae": "United Arab Emirates",
    "türkiye": "Turkey",
    "turkiye": "Turkey",
}
# "the Red Sea resort town of Sharm El-Sheikh": the place is the name after "of".
_PLACE_NOUN_OF = re.compile(
    r"^(?:the\s+)?(?:[\w’'.-]+\s+){0,4}?(?:town|city|village|capital|port|resort|region|province|"
    r"district|governorate|enclave|strip|state|country|island)\s+of\s+(?P<name>.+)$",
    flags=re.IGNORECASE,
)


@dataclass
class AliasTable:
    """User aliases by kind: {'actor': {'bibi': 'Benjamin Netanyahu'}, 'venue': {...}}."""

    by_kind: dict[str, dict[str, str]] = field(default_factory=dict)

    def lookup(self, kind: str, mention: str) -> str | None:
        return self.by_kind.get(kind, {}).get(_key(mention))


def _key(text: str) -> str:
    return re.sub(r"\s+", " ", text.replace("’", "'")).strip().lower()


def load_aliases(path: str | Path | None = ALIASES_FILE) -> AliasTable:
    """Read `kind,alias,canonical` rows; a missing file means no user aliases."""
    table = AliasTable()
    if path is None or not Path(path).exists():
        return table
    with open(path, newline="", encoding="utf-8") as handle:
        for number, row in enumerate(csv.DictReader(handle), start=2):
            kind, alias, canonical = (row.get(k, "") or "" for k in ("kind", "alias", "canonical"))
            if not (kind.strip() and alias.strip() and canonical.strip()):
                raise ValueError(f"{path}:{number}: each alias row needs kind, alias and canonical")
            table.by_kind.setdefault(kind.strip().lower(), {})[_key(alias)] = canonical.strip()
    return table


def _is_name_token(token: str) -> bool:
    low = token.lower()
    if low in TITLE_WORDS:
        return False
    return token[:1].isupper() or low.startswith(_NAME_PARTICLES)


def strip_titles(mention: str) -> str:
    """The trailing run of name words: "Strategic Affairs Minister Ron Dermer" -> "Ron Dermer"."""
    text = re.sub(r"\s+", " ", mention.replace("’s ", " ").strip(" ,.;:\"“”'‘’"))
    text = re.sub(r"[’']s$", "", text)
    tokens = text.split(" ")
    kept: list[str] = []
    for token in reversed(tokens):
        if not _is_name_token(token):
            break
        kept.append(token)
    name = " ".join(reversed(kept))
    return name or text


def surname_index(full_names: Iterable[str]) -> dict[str, str]:
    """Last name -> full name, for last names that belong to exactly one full name."""
    owners: dict[str, set[str]] = {}
    for name in full_names:
        parts = name.split()
        if len(parts) >= 2:
            last = parts[-1].lower()
            owners.setdefault(last, set()).add(name)
            bare = re.sub(r"^(?:al|el)-", "", last)
            if bare != last:
                owners.setdefault(bare, set()).add(name)  # "Sisi" for Abdel Fattah el-Sisi
    return {last: next(iter(names)) for last, names in owners.items() if len(names) == 1}


# What the tagger takes for a name and is none: a clock's zone ("5am BST"), a count
# written as a word at the start of a sentence ("Twelve members ..."), a number's
# abbreviation left at the end of a cut name ("Chamber No. 3" read as "Chamber No"), a clock
# time ("5.40pm"). The zones and the counts are the lexicon's.
_NOT_NAMES = frozenset(EN.clock_zones) | frozenset(EN.numbers) | frozenset(EN.ordinals)
_NUMBER_ABBREVIATIONS = frozenset(["no", "nos", "number"])
_CLOCK_TIME = re.compile(r"^\d{1,2}(?:[.:]\d{2})?\s*(?:[ap]\.?m\.?)?$", re.IGNORECASE)


def is_name(mention: str) -> bool:
    """False for what only looks like a name: a clock zone, a count or an ordinal in words,
    a name cut before its number ("Chamber No"), a clock time."""
    text = mention.strip().strip(".,;:")
    words = [w.lower().strip(".,’'") for w in text.split()]
    if not words or " ".join(words) in _NOT_NAMES or _CLOCK_TIME.match(text):
        return False
    return not (len(words) > 1 and words[-1] in _NUMBER_ABBREVIATIONS)


def is_actor_mention(mention: str) -> bool:
    """False for role descriptions, news outlets and what only looks like a name
    (`is_name`), which name no participant. Products ("iPhone") are participants: a
    product's timeline is a question users ask."""
    words = [w.lower().strip(".,’'") for w in mention.split()]
    if not words or re.sub(r"^the\s+", "", mention.strip().lower()) in NEWS_OUTLETS:
        return False
    if not is_name(mention):
        return False
    if words[-1] in ROLE_NOUNS:
        return False
    if len(words) == 1 and words[0] in TITLE_WORDS and words[0] not in AFFILIATIONS:
        return False  # "Defense" cut from "former Defense Minister"
    return True


def canonical_actor(
    mention: str,
    *,
    label: str | None = None,
    surnames: dict[str, str] | None = None,
    aliases: AliasTable | None = None,
) -> str:
    """One canonical name for a person, organisation or country mention.

    Titles are stripped only from people (or mentions of unknown kind): in an organisation's
    name such as "The Times of Israel" the leading words are the name itself.
    """
    aliases = aliases or AliasTable()
    person = label in (None, "PERSON")
    stripped = strip_titles(mention) if person else mention.strip()
    for candidate in (mention, stripped, re.sub(r"^the\s+", "", stripped, flags=re.IGNORECASE)):
        found = aliases.lookup("actor", candidate)
        if found:
            return found
        country = COUNTRY_FORMS.get(_key(candidate))
        if country:
            return country
    name = re.sub(r"^the\s+", "", stripped, flags=re.IGNORECASE)
    name = re.sub(r"[’']s$", "", name)
    if surnames and " " not in name:
        # a lone surname, even one the model tagged as an organisation ("Kushner"), is the person
        # named in full
        full = surnames.get(name.lower())
        if full:
            return full
    return name


def canonical_venue(mention: str, *, aliases: AliasTable | None = None) -> str:
    """One canonical name for a place mention: "the Red Sea resort town of Sharm El-Sheikh" -> Sharm
    El-Sheikh."""
    aliases = aliases or AliasTable()
    text = re.sub(r"\s+", " ", mention.strip(' ,.;:"“”'))
    found = aliases.lookup("venue", text)
    if found:
        return found
    match = _PLACE_NOUN_OF.match(text)
    if match:
        text = match.group("name")
    country = COUNTRY_FORMS.get(_key(text))
    if country:
        return country
    return re.sub(r"^the\s+", "", text, flags=re.IGNORECASE)


_DEFINED_ACRONYM = re.compile(
    r"((?:[A-Z][\w’'-]*)(?:\s+(?:of|for|and|on|the|de|[A-Z][\w’'-]*)){1,8})\s+\(([A-Z][A-Za-z]{1,7})\)"
)
_ACRONYM_FILLERS = frozenset(["of", "for", "and", "on", "the", "de"])


def _spells(acronym: str, words: list[str]) -> bool:
    """True when the acronym's letters run through the words' initials in order, starting
    with the first word and ending with the last: IPC in Integrated Food Security Phase
    Classification."""
    initials = [w[0].upper() for w in words]
    letters = [c for c in acronym.upper() if c.isalpha()]
    if not initials or not letters or letters[0] != initials[0] or letters[-1] != initials[-1]:
        return False
    position = 0
    for letter in letters:
        while position < len(initials) and initials[position] != letter:
            position += 1
        if position == len(initials):
            return False
        position += 1
    return True


def acronyms_in(text: str) -> dict[str, str]:
    """Acronyms an article defines, "the International Criminal Court (ICC)": ICC -> the full name,
    so the two mentions are one entry in the filters."""
    found: dict[str, str] = {}
    for match in _DEFINED_ACRONYM.finditer(text):
        words = match.group(1).split()
        acronym = match.group(2)
        # the name is the shortest tail of the words whose initials spell the acronym
        for start in range(len(words)):
            if words[start].lower() in _ACRONYM_FILLERS:
                continue
            tail = [w for w in words[start:] if w.lower() not in _ACRONYM_FILLERS]
            if tail and tail[0][0].isupper() and _spells(acronym, tail):
                found.setdefault(acronym, " ".join(words[start:]))
                break
    return found
