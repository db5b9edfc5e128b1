"""Events: who did what, where and when, one per clause that reports something happening.

A sentence like "Hamas confirmed that its delegation, led by Khalil al-Hayya, had arrived in
Egypt" holds one event (the arrival), reported by Hamas; counting verbs would give three.
Each event keeps the raw entity mentions with their labels; canonical names are settled
later, across the whole corpus, because "Witkoff" can only become "Steve Witkoff" once some
article has named him in full.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field, replace
from datetime import datetime, time, timedelta
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from .actors import NEWS_OUTLETS
from .context import PublicationContext
from .dates import Timex
from .language.arcs import ARCS
from .language.event_types import FALLBACK_TYPE, TAXONOMY, EventType
from .language.lexicon import EN
from .nlp import doc_text, span_text
from .participants import (
    ACTING_NOUNS,
    IMPERSONAL_PRONOUNS,
    POSSESSIVE_PRONOUNS,
    Mention,
    antecedent,
    country_of_people,
    groups_in,
    is_group_noun,
    is_person_noun,
    kind_of,
    name_text,
    named_things_between,
    quoted_slogan,
    role_of,
)
from .published import dateline_length

if TYPE_CHECKING:
    from spacy.tokens import Token

REPORTING_VERBS = EN.reporting_verbs
CONFIRMING_VERBS = EN.confirming_verbs
# Verbs that govern the real action in an xcomp ("set to join", "vowed to meet"), with the
# modality each gives it: the same planning verbs the date engine reads as pointing ahead.
GOVERNING_VERBS = EN.planning_verbs
# Decisions whose infinitive is a happening of its own: "agreed to meet" is an agreement and
# a scheduled meeting.
DECIDING_WORDS = EN.deciding_words
# Verbs that hand their event to the verb they govern ("was trying to reach", "managed to
# free"), with the modality they give it ("" for the clause's own), and verbs that join a
# subject to the participle that tells what befell it ("became trapped").
HANDING_VERBS: dict[str, str] = dict(EN.section("verbs").get("handing", {}))
LINKING_VERBS = frozenset(EN.section("verbs").get("linking", {}).get("verbs", []))
CONDITIONAL_MARKS = frozenset(EN.section("clauses").get("conditional", []))
FUTURE_AUX = EN.future_aux
POSSIBLE_AUX = EN.modal_aux
# Marks that make a participle a deed at a time of its own ("while introducing the phone").
PARTICIPLE_TIME_MARKS = frozenset(["while", "when", "after", "before", "since", "upon"])
LOCATION_PREPS = frozenset(
    ["in", "at", "to", "into", "inside", "near", "toward", "towards", "across", "within"]
)
MOTION_VERBS = frozenset(
    "depart leave head fly travel return go come converge move sail drive set arrive withdraw "
    "flee retreat evacuate march advance relocate transfer deport escape enter".split()
)
PLACE_NOUNS = frozenset(
    "town city village capital port resort region province district governorate enclave strip "
    "state country island square".split()
)
# Names that can take part in an event (pipeline/participants.py says what kind each is).
ACTOR_LABELS = frozenset(["PERSON", "ORG", "GPE", "PRODUCT", "FAC", "INDEX", "VEHICLE"])
VENUE_LABELS = frozenset(["GPE", "LOC", "FAC"])
# Page furniture: navigation, comment prompts, donation and newsletter appeals, credits.
FURNITURE = re.compile(
    r"^\s*(skip to (main )?content|leave a (comment|reply)|share (this|on)|donate\b|subscribe\b|"
    r"sign up\b|receive latest|popular articles|latest stories|read more|related( articles)?\b|"
    r"advertisement|photo( by|:)|image( by|:)|credit:|follow us|all rights reserved|"
    r"a message from)",
    flags=re.IGNORECASE,
)
_CLOSERS = ".!?\"”’')]…"
LEDE_SENTENCES = 2  # the story's opening sentences, where news puts what happened


@dataclass
class RawEvent:
    """An event before canonical names: mentions still as written."""

    article_id: str
    sentence: str
    char_start: int
    char_end: int
    verb_char: int
    action: str
    actors: list[Mention]
    venue: str | None
    modality: str
    timex: Timex | None
    date_source: (
        str  # clause, sentence, story (its lede's day: _date_sayings_by_story), publication
    )
    extra: dict = field(default_factory=dict)
    event_type: str = "other"  # an id of the lexicon's taxonomy (pipeline/language/event_types.py)
    event_class: str = "happening"  # happening, reporting, state or commentary
    position: str = "body"  # headline, lede, body or caption
    reported_event: str | None = None  # for a saying: the event_id of what it reports

    def row_fields(self) -> dict:
        """The event table's columns this step fills in beyond the date and the names."""
        return {
            "event_type": self.event_type,
            "event_class": self.event_class,
            "position": self.position,
            "reported_event": self.reported_event,
        }


def is_furniture(sentence_text: str) -> bool:
    return bool(FURNITURE.match(sentence_text))


def _title_case_share(text: str) -> float:
    words = [w for w in re.findall(r"[^\W\d_][\w’'-]*", text) if len(w) > 3]
    return sum(w[0].isupper() for w in words) / len(words) if words else 0.0


def is_heading(sent) -> bool:
    """A short line standing alone that reads as a headline: no closing punctuation, or
    Headline Case without a full stop ("Hamas: “We Need Real Guarantees”")."""
    whole_sent = span_text(sent)
    text = whole_sent.strip()
    if not text:
        return False
    if text[-1] in _CLOSERS and not (text[-1] not in ".!?" and _title_case_share(text) >= 0.6):
        return False
    whole = doc_text(sent.doc)
    before = whole[max(0, sent.start_char - 1) : sent.start_char]
    after = whole[sent.end_char - len(whole_sent) + len(whole_sent.rstrip()) : sent.end_char + 1]
    alone = (sent.start_char == 0 or "\n" in before) and (
        "\n" in after or sent.end_char >= len(whole.rstrip())
    )
    return alone and len(text.split()) <= 30


def is_caption(sent, expressions: list[Timex]) -> bool:
    """A line standing alone that says who did what, where and on which day is a photo caption
    ("Steve Witkoff visits Hostage Square in Tel Aviv, August 2, 2025"), not a headline: it
    reports an event. Headlines name no calendar date ("... On Monday" is still a headline)."""
    dated = any(
        t.resolved
        and t.type == "DATE"
        and t.granularity == "day"
        and any(c.isdigit() for c in t.text)
        for t in expressions
    )
    placed = any(e.label_ in VENUE_LABELS for e in sent.ents)
    root = sent.root
    return dated and placed and root.pos_ in ("VERB", "AUX") and _has_subject(root)


def _has_subject(verb) -> bool:
    return any(c.dep_ in ("nsubj", "nsubjpass", "expl", "csubj") for c in verb.children)


def _aux_lemmas(verb) -> set[str]:
    return {c.lower_ for c in verb.children if c.dep_ in ("aux", "auxpass")}


def _misread_verb(root):
    """The verb after a parenthetical that the tagger took for a noun: in "The negotiations, set
    to take place in Cairo, coincide with the anniversary" the sentence is rooted on
    "negotiations" and "coincide" tagged NN. A bare lower-case word straight after the comma
    that closes a parenthesis opened right after the subject, taking a preposition or an
    object, is that sentence's verb."""
    doc = root.doc
    if root.i + 1 >= len(doc) or doc[root.i + 1].text != ",":
        return None
    for token in root.children:
        if (
            token.i <= root.i + 2
            or doc[token.i - 1].text != ","
            or not token.is_lower
            or not token.is_alpha
        ):
            continue
        if token.dep_ not in ("acl", "appos", "dep", "conj", "relcl") or token.pos_ not in (
            "NOUN",
            "VERB",
        ):
            continue
        if any(c.dep_ in ("det", "poss", "nummod", "amod", "compound") for c in token.children):
            continue
        if any(c.dep_ in ("prep", "dobj", "prt") for c in token.children):
            return token
    return None


@dataclass
class Clause:
    """One event mention in a sentence, before it is read.

    `root` is the token whose subtree (minus `cut` and the other clauses below it) holds the
    clause's words; `action` the word the event is named after. A reported happening keeps
    its saying's subtree, so who said it stands beside it as its reporter.
    """

    action: Token
    root: Token
    reporter: Token | None = None
    cut: tuple[Token, ...] = ()
    modality: str | None = None  # set by the clause above it ("agreed to meet": scheduled)
    subject_from: Token | None = (
        None  # the verb whose subject this clause shares ("met and agreed")
    )
    reports: Token | None = None  # for a saying: the action of what it reports
    about: Token | None = None  # the noun a participle tells of ("Jobs, born in 1955")
    nominal: bool = False
    owned: bool = False  # a named event whose doer owns it ("Jobs' resignation", "its launch")
    # the verb of comment a named event is the subject of ("On Friday, the death of a diver
    # underscored the risks"): the happening the sentence tells, on that verb's date
    subject_of: Token | None = None


def _top_clauses(sent) -> list[Clause]:
    """The sentence's main clauses: the root verb and verbs joined to it with their own
    subject; a saying and what it reports are two."""
    root = sent.root
    if root.pos_ not in ("VERB", "AUX"):
        # "Top officials from several countries converged on ...": parsed with the noun as root
        # and the real verb hanging off a noun below it. The whole sentence is then its clause;
        # a finite verb is preferred to a participle ("set to take place") that only describes the
        # subject.
        finite = ("VBD", "VBN", "VBZ", "VBP")
        below = [
            t
            for t in root.subtree
            if (t.dep_ in ("acl", "relcl") and t.tag_ in finite)
            # "The boys – ranging between 11 and 16 – and their coach disappeared on June
            # 23": the verb parsed as joined to the participle, with a subject of its own
            or (t.dep_ == "conj" and t.tag_ in ("VBD", "VBZ", "VBP") and _has_subject(t))
        ]
        # a relative clause has its own "that"/"who"; the finite verb hanging on the subject
        # without one is the sentence's ("MAE SAI, Thailand — A drama that began on June 23
        # ... ended Tuesday evening"), and the relative clause a happening beside it
        verb = (
            _misread_verb(root)
            or next((t for t in below if t.tag_ != "VBN" and t.dep_ != "relcl"), None)
            or next((t for t in below if t.tag_ != "VBN"), None)
            or next(iter(below), None)
        )
        if verb is None:
            return []
        beside = [
            Clause(t, t)
            for t in below
            if t.dep_ == "relcl"
            and t.tag_ != "VBN"
            and not t.is_ancestor(verb)
            and not verb.is_ancestor(t)
            and t.i != verb.i
        ]
        return [Clause(verb, root), *beside]
    told = _participle_misread_as_verb(root)
    if told is not None:
        # "The players rescued from a cave paid homage Sunday": the participle tells of the
        # subject, the verb below it is what the subject did
        subject = next(c for c in root.children if c.dep_ == "nsubj")
        return [Clause(told, told, subject_from=root), Clause(root, root, about=subject)]
    heads = [root] + [
        c
        for c in root.children
        if c.dep_ == "conj" and c.pos_ in ("VERB", "AUX") and _has_subject(c)
    ]
    found = []
    for head in heads:
        if not _has_subject(head):
            # imperatives ("Leave a comment") and list fragments ("Establishing a ceasefire.")
            continue
        if (
            head.lemma_ == "be"
            and not any(c.dep_ == "ccomp" for c in head.children)
            and event_kind(head)[1] == "state"
        ):
            continue  # states, not happenings: "The staff is a team of journalists"
        found.extend(_with_saying(head, head))
    return found


def _participle_misread_as_verb(root):
    """The finite verb the parser hung below a sentence's root when that root is a bare
    participle describing the subject ("The players rescued from a cave paid homage", "The
    story of the boys - found alive nine days after ... - launched a rescue effort"): a
    participle with a subject, no auxiliary and no object (the tagger also calls it a past
    tense), and below it a finite verb with no subject. A pronoun takes no such participle,
    and a "when" clause below is a time ("They disappeared when flooding trapped them")."""
    if root.tag_ not in ("VBN", "VBD") or any(
        c.dep_ in ("aux", "auxpass", "dobj") for c in root.children
    ):
        return None
    if not any(c.dep_ == "nsubj" and c.tag_ != "PRP" for c in root.children):
        return None
    return next(
        (
            c
            for c in root.children
            if c.dep_ in ("advcl", "ccomp", "conj")
            and c.i > root.i
            and c.tag_ in ("VBD", "VBZ", "VBP")
            and not _has_subject(c)
            and not _time_clause(c)
        ),
        None,
    )


def _states_with_clauses(sent) -> list:
    """The main verbs of state a sentence is rooted on ("Harris was the last person out, the
    same evening his father passed away"): no event of their own, but what hangs below them
    can be."""
    root = sent.root
    if root.pos_ not in ("VERB", "AUX") or not _has_subject(root):
        return []
    heads = [root] + [c for c in root.children if c.dep_ == "conj" and c.pos_ in ("VERB", "AUX")]
    return [
        h
        for h in heads
        if h.lemma_ == "be"
        and _has_subject(h)
        and not any(c.dep_ == "ccomp" for c in h.children)
        and event_kind(h)[1] == "state"
    ]


def _with_saying(head, root) -> list[Clause]:
    """A clause, or a saying and the happening it reports as two clauses."""
    if head.lemma_ in REPORTING_VERBS:
        content = next(
            (c for c in head.children if c.dep_ == "ccomp" and c.pos_ in ("VERB", "AUX")), None
        )
        if content is not None and not _is_state(content):
            return [
                Clause(content, root, reporter=head),
                Clause(head, root, cut=(content,), reports=content),
            ]
    return [Clause(head, root)]


def _subordinate_clauses(clause: Clause, taken: set[int]) -> list[Clause]:
    """Clauses below a clause's verb that report happenings of their own: a verb joined to
    it that shares its subject ("met in Cairo and agreed"), what a decision decided ("agreed
    to meet": scheduled), and subordinate clauses with their own subject ("after the talks
    collapsed", "which Sisi hosted", "believes Hamas will accept")."""
    verb, _ = _governed_action(clause.action)
    found = []
    # "became trapped on June 23, although rescuers managed to ...": what hangs on the verbs
    # that handed their event down belongs to the clause as much as what hangs on its deed
    chain = [verb]
    while chain[-1].i != clause.action.i and chain[-1].head.i != chain[-1].i:
        chain.append(chain[-1].head)
    relative = [t for t in verb.subtree if t.dep_ == "relcl" and _verb_above(t).i == verb.i]
    for told in verb.subtree:
        if (
            told.dep_ == "acl"
            and told.tag_ == "VBN"
            and told.i not in taken
            and _verb_above(told).i == verb.i
            and told.head.ent_type_
            and any(c.dep_ in ("prep", "agent") for c in told.children)
        ):
            found.append(Clause(told, told, about=told.head))  # "Jobs, born in 1955"
    for child in [*(c for link in chain for c in link.children), *relative]:
        deed = _deed_after_time_mark(child)
        if deed is not None and deed.i not in taken:
            # "trapped them after entering the cave on June 23": a deed of the clause's
            # subject at a time of its own
            found.append(Clause(deed, deed, subject_from=verb))
            continue
        if child.i in taken or child.pos_ not in ("VERB", "AUX") or child.is_ancestor(verb):
            continue
        if clause.reports is not None and child.i == clause.reports.i:
            continue
        if child.dep_ == "conj":
            found.append(
                Clause(
                    child,
                    child,
                    reporter=clause.reporter,
                    subject_from=None if _has_subject(child) else verb,
                )
            )
        elif child.dep_ == "xcomp" and verb.lemma_ in DECIDING_WORDS:
            found.append(Clause(child, child, modality="scheduled", subject_from=verb))
        elif child.dep_ == "xcomp" and _hearsay(verb) and child.lemma_ != "be":
            if _idiom_of(verb, child):
                continue  # "were reported missing": the idiom is the clause's own event
            # "the boys are believed to have entered the cave": what is believed is a claim
            found.append(Clause(child, child, modality="claimed", subject_from=verb))
        elif child.dep_ == "advcl" and child.tag_ == "VBG" and not _has_subject(child):
            # "..., saying that ...", "while introducing the phone", "later revealing he had
            # had surgery": a saying or a deed "while"/"after" another tells another deed of
            # the clause's subject; ", allowing users to ..." tells a consequence, no deed
            marks = {c.lower_ for c in child.children if c.dep_ == "mark"}
            if child.lemma_ not in REPORTING_VERBS and not marks & PARTICIPLE_TIME_MARKS:
                continue
            for part in _with_saying(child, child):
                if part.reporter is None:
                    part.subject_from = verb
                found.append(part)
        elif _told_as_coming(child, verb):
            # "Boys rescued from cave to be discharged from hospital Thursday": what is to
            # befall those the participle tells of, their plan
            found.append(Clause(child, child, modality="scheduled", about=verb.head))
        elif child.dep_ in ("advcl", "relcl", "ccomp") and (
            _has_subject(child) or _time_clause(child)
        ):
            if child.dep_ == "advcl" and any(
                (c.dep_ == "aux" and c.lower_ == "to")
                or (c.dep_ == "mark" and c.lower_ in CONDITIONAL_MARKS)
                for c in child.children
            ):
                continue  # "met to discuss", "if the deal holds": a purpose or a condition
            if (
                child.lemma_ == "be"
                and not any(c.dep_ == "ccomp" for c in child.children)
                and event_kind(child)[1] == "state"
            ):
                continue
            parts = _with_saying(child, child)
            if child.dep_ == "relcl" and _told_of_its_head(child):
                # "the boys, who were freed from the cave": what befell them, not dated by
                # what the sentence says they did
                for part in parts:
                    part.about = child.head
            found.extend(parts)
    return found


def _told_of_its_head(relative) -> bool:
    """A relative clause whose subject is its "who" (or "that", "which"): it tells of the noun
    it hangs on."""
    return any(
        c.dep_ in ("nsubj", "nsubjpass") and c.tag_ in ("WP", "WDT") for c in relative.children
    )


WHEN_WORDS = frozenset(EN.section("clauses")["at_the_same_time"])


def _time_clause(verb) -> bool:
    """A finite clause opened by "when"/"while"/"as" ("disappeared when flooding trapped
    them", the parser taking "flooding" for an auxiliary): a happening at the time of the
    clause it hangs on, whether or not the parser found its subject."""
    # the "when" may hang on that misread auxiliary: "when flooding trapped"
    words = [*verb.children, *(g for c in verb.children if c.dep_ == "aux" for g in c.children)]
    return verb.tag_ in ("VBD", "VBZ", "VBP", "VBN") and any(
        c.dep_ in ("advmod", "mark") and c.lower_ in WHEN_WORDS and c.i < verb.i for c in words
    )


def _while_doing(verb) -> bool:
    """A participle "while"/"when" another deed ("disappeared on June 23 while exploring the
    cave"): done at that deed's time."""
    return verb.tag_ == "VBG" and any(
        c.dep_ in ("advmod", "mark") and c.lower_ in WHEN_WORDS for c in verb.children
    )


def _deed_after_time_mark(child):
    """The participle after "after"/"before"/"while"/"since"/"upon" parsed as a preposition
    ("after entering the cave"): None when there is none, or it has a subject of its own."""
    if child.dep_ != "prep" or child.lower_ not in PARTICIPLE_TIME_MARKS:
        return None
    return next(
        (
            c
            for c in child.children
            if c.dep_ == "pcomp" and c.tag_ == "VBG" and c.pos_ == "VERB" and not _has_subject(c)
        ),
        None,
    )


def _told_as_coming(child, verb) -> bool:
    """A passive infinitive under a participle that describes a noun ("boys rescued from
    cave to be discharged Thursday", as headlines write it): what is to befall the noun's
    people, not the purpose of the participle's deed."""
    if child.dep_ != "advcl" or verb.dep_ != "acl" or verb.tag_ != "VBN" or _has_subject(child):
        return False
    aux = {(c.dep_, c.lower_) for c in child.children}
    return ("aux", "to") in aux and ("auxpass", "be") in aux and child.tag_ == "VBN"


def _idiom_of(verb, word) -> bool:
    """Whether a word below a verb is the complement of an idiom the lexicon types ("were
    reported missing", "was declared dead"): part of the verb's event, no clause of its own."""
    return not list(word.children) and f"{_verb_word(verb)} {word.lower_}" in TAXONOMY.by_verb


def _hearsay(verb) -> bool:
    """A verb of belief or saying in the passive, its infinitive what is held to have
    happened: "are believed to have entered", "is said to have fled", "is thought to"."""
    if not any(c.dep_ == "auxpass" for c in verb.children):
        return False
    return TAXONOMY.of_verb(verb.lemma_).event_class in ("commentary", "reporting")


def _verb_above(token):
    """The nearest verb above a token in the parse: the clause it belongs to."""
    head = token.head
    while head.pos_ not in ("VERB", "AUX") and head.head.i != head.i:
        head = head.head
    return head


def _clauses(sent) -> list[Clause]:
    """Every event clause of a sentence, main clauses first, then the ones below them."""
    found = _top_clauses(sent)
    taken = {c.action.i for c in found} | {_governed_action(c.action)[0].i for c in found}
    queue = list(found)
    for state in _states_with_clauses(sent):
        taken.add(state.i)
        queue.append(Clause(state, state))
    while True:
        while queue:
            for clause in _subordinate_clauses(queue.pop(0), taken):
                taken.update({clause.action.i, _governed_action(clause.action)[0].i})
                found.append(clause)
                queue.append(clause)
        told = _relative_told_of_someone(sent, taken)
        if told is None:
            return found
        taken.add(told.i)
        found.append(Clause(told, told, about=told.head))
        queue.append(found[-1])


def _relative_told_of_someone(sent, taken: set[int]):
    """A relative clause whose subject is its "who" that no clause above reached, because it
    hangs from a verb that is no event ("it's proper to remember Saman Gunan, who died on
    Thursday"): what it tells happened to whom it describes, who takes part in it."""
    for token in sent:
        if (
            token.dep_ == "relcl"
            and token.pos_ == "VERB"
            and token.i not in taken
            and token.lemma_ != "be"
            and any(c.dep_ in ("nsubj", "nsubjpass") and c.tag_ == "WP" for c in token.children)
        ):
            return token
    return None


def _dated_nouns(sent, timexes: list[Timex], clauses: list[Clause]) -> list[Clause]:
    """Event nouns that carry their own date ("Monday's talks", "the October 7 attacks", "the
    summit on Tuesday") or say whose event they are ("Jobs' resignation", "his medical leave",
    "since its launch"): a happening with its doer named is one even undated. One that a light
    verb reads ("held talks on Monday") or that names its verb's own event ("signed the
    agreement") is already that verb's event."""
    read = {_governed_action(c.action)[0].i for c in clauses}
    dated = {tok.i for t in timexes if t.resolved for tok in _tokens_of(sent.doc, t)}
    found = []
    for noun in sent:
        if noun.pos_ != "NOUN" or noun.i in dated:
            continue
        kind = TAXONOMY.of_noun(noun.lower_, noun.lemma_)
        if kind is None or kind.event_class != "happening":
            continue
        owned = _owner(noun) is not None
        commented = _commented(noun, read)
        if not owned and commented is None and not _own_date(noun, dated):
            continue
        if noun.head.i in read and noun.dep_ in ("dobj", "nsubjpass", "attr"):
            word = _verb_word(noun.head)
            if word in TAXONOMY.light_verbs or TAXONOMY.of_verb(word).id == kind.id:
                continue
        found.append(Clause(noun, noun, nominal=True, owned=owned, subject_of=commented))
    return found


def _commented(noun, read: set[int]):
    """The verb of comment whose subject the event noun is ("the death of a diver underscored
    the risks"): the sentence's happening is the noun's, the verb only what the writer makes
    of it. A verb of state is not one ("the talks remained stalled" holds no talks). None
    otherwise."""
    if noun.dep_ not in ("nsubj", "nsubjpass") or noun.head.i not in read:
        return None
    _, event_class = event_kind(noun.head)
    return noun.head if event_class == "commentary" else None


def _owner(noun):
    """The possessor that names who did an event noun's deed: a name ("Jobs' death") or a
    pronoun standing for one ("his resignation", "its launch")."""
    owner = next((c for c in noun.children if c.dep_ == "poss"), None)
    if owner is None:
        return None
    if owner.ent_type_ or owner.lower_ in POSSESSIVE_PRONOUNS:
        return owner
    return None


_NOUN_DATE_DEPS = frozenset(["poss", "compound", "nmod", "npadvmod", "amod", "nummod"])


def _own_date(noun, dated: set[int]) -> bool:
    """True when a date expression qualifies the noun itself, before it or just after it."""
    for child in noun.children:
        if child.dep_ in _NOUN_DATE_DEPS or (
            child.dep_ == "prep" and child.lower_ in ("on", "in", "at", "during")
        ):
            if any(t.i in dated for t in child.subtree):
                return True
    return False


def _is_state(verb) -> bool:
    """ "a deal was very close", "there were 3,800 attendees": what was said describes, it does
    not report something happening, so the saying is the event."""
    return (
        verb.lemma_ == "be"
        and not any(
            c.dep_ in ("ccomp", "acomp", "xcomp") and c.lemma_ in GOVERNING_VERBS
            for c in verb.children
        )
        and not any(c.dep_ == "auxpass" for c in verb.children)
        and event_kind(verb)[1] == "state"  # "he had been in the caves": a visit
    )


def _particle(verb) -> str | None:
    """The particle of a phrasal verb: tagged as one, or the word straight after the verb
    that the parser took for a preposition ("pulled out of Khan Younis")."""
    return next(
        (
            c.lower_
            for c in verb.children
            if c.dep_ == "prt" or (c.dep_ in ("prep", "advmod") and c.i == verb.i + 1)
        ),
        None,
    )


def _named_event(noun) -> EventType | None:
    """The type an event noun says, read through "of" ("a round of talks") and compounds
    ("a test flight" is a flight)."""
    kind = TAXONOMY.of_noun(noun.lower_, noun.lemma_)
    if kind is None and noun.lower_ in ("round", "series", "wave", "day", "days"):
        of = next((c for c in noun.children if c.dep_ == "prep" and c.lower_ == "of"), None)
        pobj = next((c for c in of.children if c.dep_ == "pobj"), None) if of is not None else None
        if pobj is not None:
            kind = TAXONOMY.of_noun(pobj.lower_, pobj.lemma_)
    return kind


def _occurring_subject(verb, lemma: str, particle: str | None) -> EventType | None:
    """The event a verb that only says something took place is about: its subject ("the
    discussions are anticipated to take place": a meeting), read through the verbs that
    govern it; None when the verb says more, or its subject names no event."""
    objects = [c.lower_ for c in verb.children if c.dep_ in ("dobj", "attr")]
    forms = {lemma} | {f"{lemma} {w}" for w in [particle, *objects] if w}
    if not forms & TAXONOMY.occurring_verbs:
        return None
    clause = verb
    while True:
        subject = next((c for c in clause.children if c.dep_ in ("nsubj", "nsubjpass")), None)
        if subject is not None or clause.dep_ not in ("xcomp", "ccomp") or clause.head is clause:
            break
        clause = clause.head
    named = _named_event(subject) if subject is not None else None
    return named if named is not None and named.event_class == "happening" else None


def _idiom_words(verb) -> tuple[str, ...]:
    """Words beyond the object that make a verb an idiom of its own: its complement ("went
    missing", "was declared dead", "were reported missing") and the head noun after its
    preposition ("released from the hospital", "emerged from the cave", "brought to the
    surface", "ran out of air"). Only lexicon entries of the verb and such a word count."""
    found = [
        c.lower_
        for c in verb.children
        if c.dep_ in ("acomp", "oprd") or (c.dep_ == "xcomp" and not list(c.children))
    ]
    for prep in (c for c in verb.children if c.dep_ == "prep" and c.i > verb.i):
        found += [o.lemma_.lower() for o in prep.children if o.dep_ == "pobj"]
        # "ran out of air", "pulled away from the rubble": the noun after the second word
        for inner in (c for c in prep.children if c.dep_ == "prep"):
            found += [o.lemma_.lower() for o in inner.children if o.dep_ == "pobj"]
    return tuple(found)


def _place_left(verb) -> str | None:
    """The head noun of the place a verb tells of coming out of: after "from" or "out of"
    on the verb ("emerged from the cave", "taken out of the mine") or, for a copula, on its
    complement ("was the last person out of the cave")."""
    holders = [verb] + [c for c in verb.children if c.dep_ in ("attr", "acomp", "advmod")]
    for holder in holders:
        for prep in (c for c in holder.children if c.dep_ in ("prep", "prt", "advmod")):
            if prep.lower_ == "from":
                objects = [o for o in prep.children if o.dep_ == "pobj"]
            elif prep.lower_ == "out":
                of = [c for c in prep.children if c.dep_ == "prep" and c.lower_ == "of"]
                objects = [o for p in of for o in p.children if o.dep_ == "pobj"]
            else:
                continue
            if objects:
                return objects[0].lemma_.lower()
    return None


def _doer(verb) -> str | None:
    """Who does a deed, as a common noun's lemma ("rescuers freed", "were pulled out by
    firefighters", "a rescue team"), read through the verbs that handed the deed down
    ("rescuers managed to free"); None when a name or nothing does it."""
    while True:
        for child in verb.children:
            if child.dep_ == "nsubj" and child.pos_ == "NOUN":
                return _doer_words(child)
            if child.dep_ == "agent":
                pobj = next((c for c in child.children if c.dep_ == "pobj"), None)
                if pobj is not None and pobj.pos_ == "NOUN":
                    return _doer_words(pobj)
        if verb.dep_ != "xcomp" or verb.head.i == verb.i:
            return None
        verb = verb.head


def _is_people(noun) -> bool:
    """Named people, a pronoun for them, a number of them ("two of them", "the first
    eight"), or a noun for people ("the driver", "the boys")."""
    return (
        noun.ent_type_ in ("PERSON", "NORP")
        or (noun.pos_ == "PRON" and noun.lower_ not in IMPERSONAL_PRONOUNS)
        or noun.pos_ == "NUM"
        or is_group_noun(noun)
    )


def _done_to_people(verb) -> bool:
    """Whether a deed's object (or a passive's subject) is people. Divers carrying tanks
    rescue no one."""
    return any(_is_people(c) for c in verb.children if c.dep_ in ("dobj", "nsubjpass"))


def _people_came_out(verb) -> bool:
    """Whether a verb of coming out that names no place tells of people coming out: its
    subject is people, or a group or share of them ("a second group of four boys", "the
    last of the boys"). Emerging "as" something or "victorious" is no coming out."""
    if any(
        c.dep_ in ("acomp", "oprd", "attr") or (c.dep_ == "prep" and c.lower_ == "as")
        for c in verb.children
    ):
        return False
    subject = next((c for c in verb.children if c.dep_ == "nsubj"), None)
    if subject is None:
        return False
    of = next((c for c in subject.children if c.dep_ == "prep" and c.lower_ == "of"), None)
    held = [o for o in of.children if o.dep_ == "pobj"] if of is not None else []
    return _is_people(subject) or any(_is_people(o) for o in held)


def _doer_words(noun) -> str:
    compound = [c.lower_ for c in noun.children if c.dep_ == "compound" and c.i < noun.i]
    lemma = noun.lemma_.lower()
    if compound and f"{compound[-1]} {lemma}" in TAXONOMY.doers:
        return f"{compound[-1]} {lemma}"
    return lemma


def _perfect_be_visit(verb) -> EventType | None:
    """ "had been in the caves", "has been to Kyiv": the perfect of "be" before a place is a
    visit of the subject's (the lexicon's `perfect_be`); None for any other verb."""
    if verb.lemma_ != "be" or not _aux_lemmas(verb) & EN.perfect_aux:
        return None
    if not any(c.dep_ == "nsubj" for c in verb.children):
        return None  # "there has been jubilation in Thailand": no one went anywhere
    prep = next((c for c in verb.children if c.dep_ == "prep" and c.i > verb.i), None)
    if prep is None or not any(c.dep_ == "pobj" for c in prep.children):
        return None
    return TAXONOMY.by_perfect_be.get(prep.lower_)


def event_kind(verb) -> tuple[str, str]:
    """The event type and class a clause's verb says.

    A light verb takes the type of the event its object names ("held talks": meet,
    "launched an offensive": attack); a saying carries its reported clause as another event,
    so it is a reporting event only while it has one ("announced that ..."), and takes its
    type's `alone` class without ("announced a new phone": a happening).
    """
    particle = _particle(verb)
    lemma = _verb_word(verb)
    place = _place_left(verb)
    way_out = TAXONOMY.of_way_out(lemma, place) if place else None
    if way_out is not None:
        return way_out.id, way_out.event_class
    came_out = TAXONOMY.by_out_alone.get(lemma) if place is None else None
    if came_out is not None and _people_came_out(verb):
        return came_out.id, came_out.event_class
    visit = _perfect_be_visit(verb)
    if visit is not None:
        return visit.id, visit.event_class
    doer = _doer(verb)
    done = TAXONOMY.by_doer.get(f"{lemma} {doer}") if doer else None
    if done is not None and _done_to_people(verb):
        return done.id, done.event_class
    objects = tuple(c.lemma_.lower() for c in verb.children if c.dep_ in ("dobj", "attr"))
    kind = TAXONOMY.of_verb(lemma, particle, objects + _idiom_words(verb))
    told = _occurring_subject(verb, lemma, particle)
    if told is not None:
        return told.id, told.event_class
    if lemma in TAXONOMY.light_verbs:
        # only a light verb's meaning is its object's: "outlines a withdrawal" is no
        # withdrawal, and "the meeting was bolstered" no meeting
        obj = next((c for c in verb.children if c.dep_ in ("dobj", "attr", "nsubjpass")), None)
        named = _named_event(obj) if obj is not None else None
        if named is not None and named.event_class == "happening":
            kind = named
    if kind.again is not None and any(
        c.dep_ == "advmod" and c.lower_ in TAXONOMY.again_words for c in verb.children
    ):
        kind = TAXONOMY.types[kind.again]  # "started again": resumed
    event_class = kind.event_class
    reports = any(c.dep_ == "ccomp" for c in verb.children)
    if event_class == "reporting" and not reports and kind.alone:
        event_class = kind.alone
    elif reports and lemma in REPORTING_VERBS and event_class == "happening":
        event_class = "reporting"  # "warned that ...", "denied that ...": a saying
    return kind.id, event_class


def _according_to(head):
    """The "according to" phrase on a clause head, if any: what follows is a claim."""
    return next((c for c in head.children if c.dep_ == "prep" and c.lower_ == "according"), None)


def _governed_action(verb: Token) -> tuple[Token, str | None]:
    """Follow "set to join" / "expected to arrive" down to the action and its modality, and
    an attempt or a phase ("was trying to reach", "managed to free", "began to flood") or a
    linking verb ("became trapped") down to the deed it tells of: that deed is what a report
    of the sentence is about, the verb above it only how far it got."""
    if verb.lemma_ in HANDING_VERBS:
        xcomp = next(
            (c for c in verb.children if c.dep_ in ("xcomp", "ccomp") and c.pos_ == "VERB"),
            None,
        )
        if xcomp is not None and (xcomp.dep_ == "xcomp" or not _has_subject(xcomp)):
            inner, modality = _governed_action(xcomp)
            return inner, modality or HANDING_VERBS[verb.lemma_] or None
    if verb.lemma_ in LINKING_VERBS:
        told = next(
            (
                c
                for c in verb.children
                if c.dep_ in ("acomp", "oprd", "xcomp") and c.tag_ == "VBN" and c.pos_ == "VERB"
            ),
            None,
        )
        if told is not None:
            return told, None
    if verb.lemma_ in GOVERNING_VERBS:
        xcomp = next(
            (c for c in verb.children if c.dep_ == "xcomp" and c.pos_ in ("VERB", "AUX")), None
        )
        if xcomp is not None:
            return xcomp, GOVERNING_VERBS[verb.lemma_]
    if verb.pos_ == "AUX" or verb.lemma_ == "be":
        acomp = next(
            (c for c in verb.children if c.dep_ == "acomp" and c.lemma_ in GOVERNING_VERBS), None
        )
        if acomp is not None:
            xcomp = next((c for c in acomp.children if c.dep_ == "xcomp"), None)
            if xcomp is not None:
                return xcomp, GOVERNING_VERBS[acomp.lemma_]
    return verb, None


def modality_of(action, reporter, head) -> str:
    _, governed = _governed_action(action)
    auxes = _aux_lemmas(action) | _aux_lemmas(head)
    if governed:
        return governed
    if auxes & FUTURE_AUX or (reporter is not None and "would" in _aux_lemmas(action)):
        return "scheduled"  # "will", and "would" as the future of what someone said
    if auxes & POSSIBLE_AUX:
        return "expected"
    if reporter is not None and reporter.lemma_ not in CONFIRMING_VERBS:
        return "claimed"
    if _according_to(head) is not None or _according_to(action) is not None:
        return "claimed"
    return "happened"


def _word(token) -> str:
    return token.text if token.pos_ == "PROPN" else token.lower_


def _noun_phrase(token) -> str:
    words = [c for c in token.children if c.dep_ in ("compound",) and c.i < token.i] + [token]
    return " ".join(_word(w) for w in sorted(words, key=lambda w: w.i))


def _verb_word(verb) -> str:
    lemma = verb.lemma_.lower()
    if verb.tag_ == "VBG" and any(c.dep_ == "aux" and c.lemma_ == "get" for c in verb.children):
        return f"get {verb.lower_}"  # "the bid got going again": the aspect is the verb
    return (
        lemma
        if lemma.isalpha()
        else "be"
        if verb.lower_ in ("’s", "'s", "’re", "'re", "’m", "'m")
        else verb.lower_
    )


def action_phrase(verb) -> str:
    """The verb's lemma with its particle and its object or first place phrase:
    "depart for Cairo"."""
    parts = [_verb_word(verb)]
    if parts[0] == "be" and _place_left(verb):
        return f"be out of {_place_left(verb)}"  # "was the last person out of the cave"
    parts += [c.text.lower() for c in verb.children if c.dep_ == "prt"]
    particle = _particle(verb)
    if (
        len(parts) == 1
        and particle
        and any(form.startswith(f"{parts[0]} {particle}") for form in TAXONOMY.by_verb)
    ):
        parts.append(particle)  # "ran out of air": the parser's preposition is a particle
    obj = next((c for c in verb.children if c.dep_ in ("dobj", "attr", "oprd")), None)
    if obj is not None:
        parts.append(_noun_phrase(obj))
    else:
        preps = [c for c in verb.children if c.dep_ in ("prep", "dative", "agent") and c.i > verb.i]
        preps.sort(
            key=lambda p: (
                not any(o.ent_type_ in ("GPE", "LOC", "FAC", "ORG", "PERSON") for o in p.children),
                p.i,
            )
        )
        for prep in preps:
            pobj = next((c for c in prep.children if c.dep_ == "pobj"), None)
            if pobj is None or any(t.ent_type_ in ("DATE", "TIME") for t in pobj.subtree):
                continue
            of = next((c for c in pobj.children if c.dep_ == "prep" and c.lower_ == "of"), None)
            if pobj.lower_ in PLACE_NOUNS and of is not None:
                pobj = next((c for c in of.children if c.dep_ == "pobj"), pobj)
            parts += [prep.lower_, _entity_text(pobj) or _noun_phrase(pobj)]
            break
    return " ".join(parts)


def _happening_of_subject(verb) -> tuple[str, Token | None] | None:
    """The words by which a stage's subject names the happening it is a stage of: "the
    rescue efforts restarted" (rescue efforts), "the talks resumed" (talks), "the operation
    to rescue the boys resumed" and "the bid to rescue them got going again" (an attempt
    named by its deed: operation to rescue), with that deed; None when the stage has an
    object (its phrase names the happening already) or its subject names none ("the second
    phase began")."""
    if any(c.dep_ in ("dobj", "attr") for c in verb.children):
        return None
    subject = next((c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")), None)
    if subject is None or subject.pos_ not in ("NOUN", "PROPN"):
        return None
    phrase = _noun_phrase(subject)
    for deed in subject.children:
        if (
            deed.dep_ in ("acl", "relcl")
            and deed.tag_ == "VB"
            and any(c.dep_ == "aux" and c.lower_ == "to" for c in deed.children)
        ):
            kind = TAXONOMY.of_verb(deed.lemma_)
            if kind.event_class == "happening" and kind.id not in (*ARCS.phases, FALLBACK_TYPE):
                return f"{phrase} to {deed.lemma_.lower()}", deed
    words = [t for t in subject.children if t.dep_ == "compound" and t.i < subject.i]
    if any(_names_a_happening(t) for t in [*words, subject]):
        return phrase, None
    return None


def _names_a_happening(noun) -> bool:
    named = _named_event(noun)
    return named is not None and named.event_class == "happening" and named.id not in ARCS.phases


def staged_phrase(verb, happening: str) -> str:
    """A stage's action with the happening its subject names in the object's place:
    "restart rescue efforts", as "restarted the rescue efforts" reads."""
    return " ".join(
        [_verb_word(verb), *(c.text.lower() for c in verb.children if c.dep_ == "prt"), happening]
    )


def _entity_text(token) -> str | None:
    if not token.ent_type_:
        return None
    for ent in token.doc.ents:
        if ent.start <= token.i < ent.end:
            return ent.text
    return None


def _venue_prep(ent, verbs: set[int]):
    """The preposition that makes the entity the place something happens (in/at/to, "from"
    after the verb, "for"/"on" after a motion verb), or None."""
    token = ent.root
    for _ in range(4):
        if token.dep_ in ("appos", "conj") and token.head.ent_type_ in VENUE_LABELS:
            token = token.head  # "in Cairo, Egypt": Egypt stands with Cairo
        elif (
            token.dep_ == "pobj"
            and token.head.lower_ == "of"
            and token.head.head.lower_ in PLACE_NOUNS
        ):
            token = (
                token.head.head
            )  # "the resort town of Sharm El-Sheikh, Egypt": the town is the place
        else:
            break
    if token.dep_ != "pobj":
        return None
    prep = token.head
    governor = prep.head
    if prep.lower_ in LOCATION_PREPS:
        return prep
    if prep.lower_ == "from" and governor.i in verbs:
        return prep  # "withdrew from Khan Younis"; not "mediators from Egypt"
    if prep.lower_ in ("for", "on") and governor.i in verbs and governor.lemma_ in MOTION_VERBS:
        return prep
    return None


def _venue_role(ent, verbs: set[int]) -> bool:
    """True when the entity is the place something happens: the object of in/at/to, or of "for"/"on"
    after a motion verb."""
    return _venue_prep(ent, verbs) is not None


def _place_words(noun, stop: int) -> frozenset[str]:
    """The describing words of a place noun phrase, without determiners or nationalities."""
    return frozenset(
        t.lower_
        for t in noun.subtree
        if t.i < stop
        and t.is_alpha
        and t.dep_ != "det"
        and t.ent_type_ != "NORP"
        and t.lower_ != "of"
    )


def place_descriptions(doc) -> list[tuple[str, frozenset[str]]]:
    """Named places the text introduces with a description, "the Red Sea resort town of Sharm
    El-Sheikh": later, "the resort town" can only mean a place described that way."""
    found = []
    for ent in doc.ents:
        root = ent.root
        if (
            ent.label_ in VENUE_LABELS
            and root.dep_ == "pobj"
            and root.head.lower_ == "of"
            and root.head.head.lower_ in PLACE_NOUNS
        ):
            found.append((ent.text, _place_words(root.head.head, root.head.i)))
    return found


def _described_venue(tokens, verbs: set[int]) -> frozenset[str] | None:
    """The words of an unnamed place the clause happens in: "arrived in the Egyptian
    resort town"."""
    for token in tokens:
        if token.lower_ not in PLACE_NOUNS or token.ent_type_ or token.dep_ != "pobj":
            continue
        if any(c.dep_ == "prep" and c.lower_ == "of" for c in token.children):
            continue
        prep = token.head
        if prep.lower_ in LOCATION_PREPS or (
            prep.lower_ in ("for", "on")
            and prep.head.i in verbs
            and prep.head.lemma_ in MOTION_VERBS
        ):
            return _place_words(token, token.i + 1)
    return None


def _split_joint(ent) -> list[Mention]:
    """ "Witkoff & Kushner" tagged as one organisation is two people."""
    text = name_text(ent)
    parts = re.split(r"\s+(?:&|and)\s+", text)
    if (
        ent.label_ in ("ORG", "PERSON")
        and len(parts) == 2
        and all(p[:1].isupper() and len(p.split()) <= 3 for p in parts)
    ):
        if ent.label_ == "PERSON" or "&" in ent.text:
            first, second = ent.start_char, ent.end_char - len(parts[1])
            return [
                Mention(parts[0], "PERSON", first, first + len(parts[0])),
                Mention(parts[1], "PERSON", second, ent.end_char),
            ]
    return [Mention(text, ent.label_, ent.start_char, ent.start_char + len(text))]


# Words that mark a name as a news organisation: "The Jerusalem Post", "Fox News", "Channel 12".
OUTLET_WORDS = frozenset(
    "news times post journal herald tribune gazette telegraph tv television radio broadcasting "
    "channel".split()
)
OUTLET_NOUNS = frozenset(
    "outlet newspaper paper broadcaster channel daily network station agency website "
    "magazine".split()
)
_CORE = frozenset(["nsubj", "nsubjpass", "dobj", "dative", "attr", "oprd", "appos"])


def dateline_end(sent) -> int:
    """Where a dateline ("CAIRO (Reuters) - ") ends, as a character offset; the sentence's start
    when there is none. The place a report is filed from is not where its events happen."""
    found = sent.doc.user_data.setdefault("timeline_datelines", {})
    end = found.get(sent.start)
    if end is None:  # read once per sentence, not once per clause
        end = found[sent.start] = sent.start_char + dateline_length(span_text(sent))
    return end


def _modifier_clause(token, verbs: set[int]):
    """The relative or participial clause, if any, between the token and the clause's verb:
    "the summit, which Sisi hosted", "a press conference held by Apple"."""
    while token.i not in verbs and token.head.i != token.i:
        if token.dep_ in ("relcl", "acl"):
            return token
        token = token.head
    return None


def _is_argument(noun, verbs: set[int]) -> bool:
    """True for a subject or object of the verb, or the object of a preposition on the verb
    ("met with Hamas's delegation")."""
    if noun.dep_ in _CORE or noun.i in verbs:
        return True
    return (
        noun.dep_ == "pobj"
        and noun.head.dep_ in ("prep", "agent", "dative")
        and noun.head.head.i in verbs
    )


def _affiliation(ent) -> bool:
    """An organisation or country that only qualifies a named person: "Qatar's Foreign Ministry
    spokesman Majed al-Ansari", "Egypt's intelligence chief Hassan Rashad". The person acts."""
    token = ent.root
    while token.dep_ in ("poss", "compound", "nmod", "amod") and token.head.i != token.i:
        token = token.head
        if token.ent_type_ == "PERSON" or any(
            c.dep_ == "appos" and c.ent_type_ == "PERSON" for c in token.children
        ):
            return True
    return False


def _names_a_place(ent) -> bool:
    """A name the tagger took for a person's, before the noun of a place something happens
    at, in or comes from: "from Tham Luang cave", "in the Ruby Tuesday car park"."""
    root = ent.root
    if ent.label_ != "PERSON" or root.dep_ != "compound" or root.head.pos_ != "NOUN":
        return False
    place = root.head
    return (
        place.dep_ == "pobj"
        and place.head.lower_ in LOCATION_PREPS | {"from", "of"}
        and not place.ent_type_
    )


def _member_of(ent) -> bool:
    """An organisation named only as what one person belongs to, before the common noun for
    that person (the lexicon's group and member nouns): "a former Navy diver (SEAL) died".
    The person takes part; the organisation is their affiliation. Those who act for it
    ("Hamas negotiators", "a Hamas official") and what belongs to it ("Hamas targets") keep
    it."""
    root = ent.root
    if ent.label_ != "ORG" or root.dep_ != "compound" or root.head.pos_ != "NOUN":
        return False
    head = root.head
    if head.tag_ != "NN" or head.lower_ in ACTING_NOUNS or not is_person_noun(head):
        return False  # "a United Nations commission concluded": the body acts for it
    return head.i == ent.end or (
        head.i > ent.end and all(t.dep_ in ("compound", "amod") for t in ent.doc[ent.end : head.i])
    )


def _is_outlet(ent) -> bool:
    words = ent.text.lower().replace("’", "'").split()
    if ent.label_ != "ORG" or not words:
        return False
    if (
        " ".join(words) in NEWS_OUTLETS
        or " ".join(words[1:]) in NEWS_OUTLETS
        or words[-1] in OUTLET_WORDS
    ):
        return True
    near = [ent.root.head] + [c for c in ent.root.children]
    return any(
        t.lemma_.lower() in OUTLET_NOUNS and t.i not in range(ent.start, ent.end) for t in near
    )


def _reports_only(ent, verbs: set[int], reporter) -> bool:
    """A news outlet that only passes the news on: the subject of the reporting verb, the one
    told, or the source "according to"."""
    if not _is_outlet(ent):
        return False
    token = ent.root
    if (
        reporter is not None
        and token.head.i == reporter.i
        and token.dep_ in ("nsubj", "dobj", "dative")
    ):
        return True
    if (
        token.dep_ == "pobj"
        and token.head.lower_ in ("to", "told")
        and token.head.head.lower_ == "according"
    ):
        return True
    return token.dep_ in ("nsubj", "dobj", "dative") and token.head.lemma_ in REPORTING_VERBS


def _in_place_phrase(token, verbs: set[int]) -> bool:
    """True when a place's name sits inside a phrase saying where the clause's verb happens,
    below its head noun: "near the border with Myanmar", "rescued from Tham Luang cave",
    "brought out of the cave". Such a name describes the place; it takes no part. "Mediators
    from Egypt" keeps Egypt: that "from" hangs on a noun, not on the verb."""
    name, steps = token, 0
    while token.head.i != token.i and token.i not in verbs and steps < 8:
        head = token.head
        if head.pos_ == "ADP" and (
            head.lower_ in LOCATION_PREPS
            or (head.lower_ in ("from", "out") and head.head.i in verbs)
        ):
            return token is not name  # the preposition's own object is the venue's to judge
        token, steps = head, steps + 1
    return False


def _named_place(ent, prep, verbs: set[int]) -> bool:
    """An organisation or a name the tagger took for a person that stands where a place does:
    "lost the case in the High Court", "withdrew from Khan Younis" (tagged PERSON)."""
    on_verb = prep.head.i in verbs
    if not on_verb or ent.label_ not in ("ORG", "PERSON"):
        return False
    if prep.lower_ in ("in", "into", "inside") or (prep.lower_ == "at" and ent.label_ == "ORG"):
        return True
    return (
        prep.lower_ in ("from", "to", "into", "toward", "towards")
        and prep.head.lemma_ in MOTION_VERBS
    )


# Kinds of participant that are things, not parties: one takes part in an event only as its
# subject or object, or the object of a preposition on its verb ("flew the A380", "fell").
THING_KINDS = frozenset(["product", "vehicle", "index", "facility"])


def _phrase_head(token):
    """The noun a name stands in: "Boeing 777 jets" is the jets, "the Nikkei index" the index."""
    deps = ("compound", "nmod", "amod", "nummod", "poss", "conj", "appos")
    while token.dep_ in deps and token.head.i != token.i:
        if token.head.pos_ not in ("NOUN", "PROPN"):
            break
        token = token.head
    return token


def _of_other_event(token, verbs: set[int]) -> bool:
    """True when a name takes part in an event noun the clause mentions through a preposition,
    not in the clause's own happening: in "arrived in Cairo for talks with Egyptian
    mediators" the mediators are the talks', not the arrival's. The verb's own object ("held
    talks with Hamas") is the clause's happening named, so its names stay."""
    head = token.head
    while head.i != head.head.i and head.i not in verbs:
        if (
            head.pos_ == "NOUN"
            and head.dep_ == "pobj"
            and TAXONOMY.of_noun(head.lower_, head.lemma_) is not None
        ):
            return True
        head = head.head
    return False


def _participants(
    tokens, verbs: set[int], reporter=None, event_type: str = "other", sent=None
) -> tuple[list[Mention], list[str]]:
    """Participant mentions (with role and kind) and venue mentions among a clause's tokens.

    Only the clause's own participants count: a name inside a relative clause or in a
    participle describing something other than the subject or object ("a press conference held
    by Apple"), a possessor deep in a phrase ("connecting to Apple's website"), a person's
    affiliation, a dateline and a slogan in quotation marks belong to no one here.
    """
    ids = {t.i for t in tokens}
    doc = tokens[0].doc if tokens else None
    actors: list[Mention] = []
    venues: list[tuple[tuple[int, int], str]] = []
    if doc is None:
        return actors, []
    sent = sent if sent is not None else tokens[0].sent
    after_dateline = dateline_end(sent)
    low, high = min(ids), max(ids)
    for ent in named_things_between(doc, low, high):
        if ent.root.i not in ids or ent.start_char < after_dateline or quoted_slogan(ent):
            continue
        if _of_other_event(ent.root, verbs):
            continue
        clause = _modifier_clause(ent.root, verbs)
        prep = _venue_prep(ent, verbs)
        if prep is not None and (ent.label_ in VENUE_LABELS or _named_place(ent, prep, verbs)):
            if clause is None or clause.dep_ == "acl":
                # a country before a town, the place "in"/"at" before where one came "from"
                venues.append(
                    (
                        (
                            prep.lower_ == "from",
                            0 if ent.label_ == "GPE" else 1 if ent.label_ != "ORG" else 2,
                        ),
                        ent.text,
                    )
                )
            continue
        if ent.label_ in VENUE_LABELS and _in_place_phrase(ent.root, verbs):
            continue  # "near the border with Myanmar", "from Tham Luang cave": where, not who
        if ent.label_ == "NORP":
            country = country_of_people(ent, verbs)
            if country is not None and clause is None:
                role = role_of(ent.root, verbs, reporter, event_type)
                actors.append(
                    Mention(country, "GPE", ent.start_char, ent.end_char, role, "country")
                )
            continue
        if ent.label_ not in ACTOR_LABELS:
            continue
        if ent.label_ == "GPE" and ent.root.dep_ in ("compound", "amod", "nmod", "npadvmod"):
            continue  # "Gaza peace plan", "US special envoy": a modifier, not a participant
        if _member_of(ent):
            continue  # "a former Navy SEAL died": the SEAL did, not the Navy
        if _names_a_place(ent):
            continue  # "rescued from Tham Luang cave": a place's name the tagger took for a person
        if clause is not None and (clause.dep_ == "relcl" or clause.head.dep_ not in _CORE):
            continue
        if ent.root.dep_ == "poss" and not _is_argument(ent.root.head, verbs):
            continue
        if ent.label_ != "PERSON" and _affiliation(ent):
            continue
        if _reports_only(ent, verbs, reporter):
            continue
        role, kind = role_of(ent.root, verbs, reporter, event_type), kind_of(ent)
        if kind in THING_KINDS and not _is_argument(_phrase_head(ent.root), verbs):
            continue  # "applications for the iPhone": a thing takes part only as an argument
        for mention in _split_joint(ent):
            mention.role = role
            mention.kind = kind if mention.label == ent.label_ else "person"
            actors.append(mention)
    named = {m.text for m in actors}
    for token in tokens:
        if token.dep_ not in ("nsubj", "nsubjpass", "dobj", "poss") or token.head.i not in verbs:
            continue  # a possessor only of an event noun read as the event: "his resignation"
        name = antecedent(token)
        if name is not None and name.text not in named and not _is_outlet(name):
            named.add(name.text)
            role = role_of(token, verbs, reporter, event_type)
            actors.append(
                Mention(
                    name.text, name.label_, token.idx, token.idx + len(token), role, kind_of(name)
                )
            )
    actors += groups_in(tokens, verbs, reporter, event_type)
    venues.sort(key=lambda v: v[0])
    return actors, [v for _, v in venues]


# A date reached through these names another event: "the war, which began after October 7".
_DETACHING_DEPS = frozenset(["relcl", "acl"])
_ANCHORING_PREPS = frozenset(["after", "following", "since", "before", "until", "ahead"])


_PREMODIFIER_DEPS = frozenset(["compound", "nmod", "amod", "nummod", "poss"])


def _detaches(token) -> bool:
    """True when a date below this token belongs to something else than the verb above it."""
    if token.dep_ == "prep" and token.lower_ == "since" and _perfect_of_been(token.head):
        return False  # "have been trapped since June 23": trapped on June 23
    if token.dep_ in _DETACHING_DEPS or (token.dep_ == "prep" and token.lower_ in _ANCHORING_PREPS):
        return True
    # "the delegation arrived after the talks collapsed on Tuesday": Tuesday is the collapse
    return token.dep_ == "advcl" and any(
        c.dep_ == "mark" and c.lower_ in _ANCHORING_PREPS for c in token.children
    )


def _perfect_of_been(verb) -> bool:
    """A verb in the perfect of "been" ("have been trapped", "has been detained", "had been
    sheltering"): the state a happening left, which began when "since ..." says. The bare
    perfect ("has met twice since June") counts from then on, and dates nothing."""
    if verb.pos_ != "VERB" or verb.tag_ not in ("VBN", "VBG"):
        return False
    aux = {c.lower_ for c in verb.children if c.dep_ in ("aux", "auxpass")}
    return "been" in aux and bool(aux & EN.perfect_aux)


def _distance(token, target) -> int:
    """Hops up the parse from token to target; 99 when target is not above it or the path
    crosses a relative clause, an "after ..." phrase or clause, or when the date only
    qualifies an object ("replaces the 1991 agreement": 1991 is the agreement's year)."""
    if (
        token.dep_ in _PREMODIFIER_DEPS
        and token.head.pos_ in ("NOUN", "PROPN")
        and token.i < token.head.i
        and token.head.dep_ not in ("nsubj", "nsubjpass")
        and token.head.i != target.i
        and not _occasion(token.head, target)
    ):
        return 99
    hops = 0
    while token.i != target.i:
        if token.head.i == token.i or _detaches(token):
            return 99
        token = token.head
        hops += 1
    return hops


# "disappeared after entering the cave on June 23": the deed the date is of came first
_AFTER_WORDS = frozenset(EN.section("clauses")["after"])


def _crosses_after(token, target) -> bool:
    """True when the parse leads up from token to target through one "after ..." phrase or
    clause and nothing else that detaches a date (`_detaches`)."""
    crossed = False
    while token.i != target.i:
        if token.head.i == token.i:
            return False
        if _detaches(token):
            after = token.lower_ in _AFTER_WORDS or any(
                c.dep_ == "mark" and c.lower_ in _AFTER_WORDS for c in token.children
            )
            if crossed or not after or token.dep_ in _DETACHING_DEPS:
                return False
            crossed = True
        token = token.head
    return crossed


def _after_dated_deed(candidates: list[Timex], doc, context, *heads) -> Timex | None:
    """A deed told as coming after one its sentence dates ("they disappeared after entering
    the cave on June 23"): it happened on or after that date and by the article's
    publication, no day of its own. The date is its earliest bound (TimeML's ON_OR_AFTER),
    the span runs on to the publication, and the precision is fuzzy. After a date still to
    come nothing closes the span, and the deed is left undated."""
    for t in candidates:
        if not (t.resolved and t.start is not None and t.end is not None and t.type != "SET"):
            continue
        span = doc.char_span(t.start_char, t.end_char, alignment_mode="expand")
        if span is None or not any(_crosses_after(span.root, h) for h in heads):
            continue
        _, by_then, _, _ = publication_dating(context)
        if by_then is None or by_then < t.end:
            return None  # after a day still to come: no day it is done by
        return replace(
            t,
            end=by_then,
            granularity="fuzzy",
            mod="ON_OR_AFTER",
            explanation=f"on or after {t.text}, the date of what it followed ({t.explanation}), "
            f"and by the article's publication",
        )
    return None


def _occasion(noun, target) -> bool:
    """True for the occasion a verb took place at: "in a Wednesday media event, Apple
    released", "at Monday's meeting, he said"; its date is the verb's."""
    prep = noun.head
    return (
        noun.dep_ == "pobj"
        and prep.dep_ == "prep"
        and prep.lower_ in ("in", "at", "during")
        and prep.head.i == target.i
    )


def _pick_timex(candidates: list[Timex], doc, *heads) -> Timex | None:
    """The date expression that dates this clause: outermost, then closest in the parse to the
    action verb or the verb governing it ("told ... on Wednesday that ...").

    A length with a span on the calendar ("in recent weeks", "within days": a stretch ending or
    starting at publication) dates the clause by that span; a free length ("for two years") has
    none."""
    usable = [
        t
        for t in candidates
        if t.resolved and t.start is not None and t.type in ("DATE", "TIME", "DURATION")
    ]
    outer = [
        t
        for t in usable
        if not any(
            o is not t and o.start_char <= t.start_char and t.end_char <= o.end_char for o in usable
        )
    ]
    if not outer:
        return None

    def score(t: Timex) -> tuple[int, int]:
        span = doc.char_span(t.start_char, t.end_char, alignment_mode="expand")
        return (
            min(_distance(span.root, h) for h in heads) if span is not None else 99,
            t.start_char,
        )

    best = min(outer, key=score)
    return best if score(best)[0] < 99 else None


def extract(
    doc, context: PublicationContext, timexes: list[Timex], *, title: str | None = None
) -> list[RawEvent]:
    """Every event clause in a parsed article, with its raw participants and its date expression."""
    events: list[RawEvent] = []
    title_key = (title or "").strip().lower()
    seen_body = 0  # sentences of the story read so far: the first LEDE_SENTENCES are its lede
    for sent in doc.sents:
        whole = span_text(sent)
        text = whole.strip()
        if not text or is_furniture(text):
            continue
        start = sent.start_char + (len(whole) - len(whole.lstrip()))
        end = start + len(text)
        # A dateline's date ("NEW DELHI, Oct 07:") is when the report was filed, never the
        # date of what the sentence reports.
        after_dateline = dateline_end(sent)
        in_sentence = [t for t in timexes if max(start, after_dateline) <= t.start_char < end]
        if title_key and text.lower() == title_key:
            position = "headline"
        elif is_heading(sent):
            if not is_caption(sent, in_sentence):
                continue
            position = "caption"
        else:
            position = "lede" if seen_body < LEDE_SENTENCES else "body"
        clauses = _clauses(sent)
        clauses += _dated_nouns(sent, in_sentence, clauses)
        roots = [c.root for c in clauses if not c.nominal]  # a named event stays in its clause
        made: dict[int, RawEvent] = {}
        for clause in clauses:
            event = _read_clause(clause, roots, in_sentence, context, doc, sent)
            if (
                clause.nominal
                and event.date_source != "clause"
                and not clause.owned
                and not (clause.subject_of is not None and event.date_source == "sentence")
            ):
                continue  # a named event counts only with a date or a doer of its own
            event.sentence, event.char_start, event.char_end = text, start, end
            event.position = position
            made[clause.action.i] = event
            events.append(event)
        for clause in clauses:
            if clause.reports is not None and clause.reports.i in made:
                reported = made[clause.reports.i]
                made[clause.action.i].reported_event = event_id(
                    reported.article_id, reported.verb_char, reported.action
                )
        if position != "headline":
            seen_body += 1
    _date_sayings_by_story(events, context)
    return _headline_told_below(events)


STORY_DAYS = 7  # how far before its publication a story's own event can be: its news peg
PEG_GRANULARITIES = frozenset(["day", "part-of-day", "time"])


def _story_peg(events: list[RawEvent], context) -> Timex | None:
    """The day a story is about: its headline's or lede's happening, dated by its own words
    to a day in the week before publication ("Apple announced Friday that ...")."""
    period = context.period if context.known else None
    if period is None:
        return None
    first = period[1] - timedelta(days=STORY_DAYS)
    for event in events:
        t = event.timex
        if (
            event.position in ("headline", "lede")
            and event.date_source == "clause"
            and event.modality == "happened"
            and t is not None
            and t.start is not None
            and t.granularity in PEG_GRANULARITIES
            and first <= t.start.date() <= period[1]
        ):
            return t
    return None


def _date_sayings_by_story(events: list[RawEvent], context) -> None:
    """A saying told in the simple past with no date of its own ("Jobs also said that ...")
    was said at the story's own event, the press conference or the meeting its lede dates:
    that is what a report tells. A saying in the perfect ("has said") or a happening without
    a date stays dated by publication, a fact known by then (`publication_dating`)."""
    peg = _story_peg(events, context)
    if peg is None:
        return
    for event in events:
        if event.timex is None and event.event_class == "reporting" and event.extra.get("told"):
            event.timex, event.date_source = peg, "story"


def _headline_told_below(events: list[RawEvent]) -> list[RawEvent]:
    """A headline's event that the story tells again below (same type, a participant in
    common) is that event: one happening, marked as told in the headline."""
    story = [e for e in events if e.position != "headline"]
    headlines = [e for e in events if e.position == "headline"]
    kept = []
    for event in events:
        if any(event is h for h in headlines):
            names = _last_words(event.actors)
            same = next(
                (
                    e
                    for e in story
                    if e.event_type == event.event_type
                    and e.event_class == event.event_class
                    and names & _last_words(e.actors)
                ),
                None,
            )
            if same is not None:
                same.position = "headline"
                continue
        kept.append(event)
    return kept


def _last_words(mentions: list[Mention]) -> set[str]:
    """Names by their last word, as headlines shorten them ("Witkoff" for Steve Witkoff)."""
    return {m.text.split()[-1].lower() for m in mentions if m.text.split()}


def _read_clause(clause: Clause, roots, in_sentence: list[Timex], context, doc, sent) -> RawEvent:
    """One clause as an event: its participants, venue, date expression, type and modality."""
    excluded: set[int] = set()
    for other in [*roots, *clause.cut]:
        if other.i != clause.root.i and clause.root.is_ancestor(other):
            excluded.update(t.i for t in other.subtree)
    tokens = [t for t in clause.root.subtree if t.i not in excluded]
    if clause.nominal:
        verb = clause.action
        kind = TAXONOMY.of_noun(verb.lower_, verb.lemma_)
        event_type, event_class = (kind.id, kind.event_class) if kind else ("other", "happening")
        action = _noun_phrase(verb)
    else:
        verb, _ = _governed_action(clause.action)
        event_type, event_class = event_kind(verb)
        staged = _happening_of_subject(verb) if event_type in ARCS.phases else None
        action = staged_phrase(verb, staged[0]) if staged else action_phrase(verb)
    verb_ids = {verb.i, clause.action.i, clause.root.i}
    if not clause.nominal and staged and staged[1] is not None:
        verb_ids.add(staged[1].i)  # "the bid to rescue the boys resumed": the boys take part
    if clause.about is not None:
        own = {x.i for x in clause.root.subtree}
        tokens += [t for t in clause.about.subtree if t.i not in own]
    if clause.subject_from is not None:
        subjects = [c for c in clause.subject_from.children if c.dep_ in ("nsubj", "nsubjpass")]
        tokens += [t for s in subjects for t in s.subtree]
        verb_ids.add(clause.subject_from.i)
    actors, venues = _participants(tokens, verb_ids, clause.reporter, event_type, sent)
    token_ids = {t.i for t in tokens}
    in_clause = [t for t in in_sentence if any(tok.i in token_ids for tok in _tokens_of(doc, t))]
    chosen = _pick_timex(in_clause, doc, verb, clause.root)
    source = "clause"
    if (
        chosen is None
        and clause.about is None
        and (not clause.nominal or clause.subject_of is not None)
    ):
        # a participle telling of someone ("the boys rescued from the cave") is not dated by
        # what the sentence tells they did; a "when" clause is, by the clause it hangs on
        elsewhere = [t for t in in_sentence if t not in in_clause]
        heads = [sent.root if clause.subject_of is None else clause.subject_of]
        if clause.root.dep_ in ("advcl", "ccomp") and (
            _time_clause(clause.root) or _while_doing(clause.root)
        ):
            heads.append(clause.root.head)
        chosen, source = _pick_timex(elsewhere, doc, *heads), "sentence"
        if chosen is None:
            chosen = _after_dated_deed(elsewhere, doc, context, *heads)
    if chosen is None:
        source = "publication"
    extra: dict = {}
    if _told_in_past(verb):
        extra["told"] = True
    if not venues:
        described = _described_venue(tokens, verb_ids)
        if described:
            extra["venue_words"] = described
    if clause.nominal:
        modality = _nominal_modality(chosen, context)
    else:
        modality = clause.modality or modality_of(
            clause.action, clause.reporter, clause.root if clause.reporter else clause.action
        )
    return RawEvent(
        article_id=context.article_id,
        sentence="",
        char_start=0,
        char_end=0,
        verb_char=verb.idx,
        action=action,
        actors=actors,
        venue=venues[0] if venues else None,
        modality=modality,
        timex=chosen,
        date_source=source,
        extra=extra,
        event_type=event_type,
        event_class=event_class,
    )


def _told_in_past(verb) -> bool:
    """The simple past of a story's narrative ("Jobs said"), or a participle on one ("...,
    saying that"): not the perfect ("has said") of what was known by then."""
    if verb.tag_ == "VBG" and verb.dep_ == "advcl":
        verb = verb.head
    return verb.tag_ == "VBD" and not any(c.dep_ == "aux" for c in verb.children)


def _nominal_modality(chosen: Timex | None, context) -> str:
    """A named event dated after its article's publication is still to come ("next week's
    summit"); one dated before has happened."""
    if chosen is None or chosen.start is None or not context.known:
        return "happened"
    last = context.period[1]
    return "scheduled" if chosen.start.date() > last else "happened"


def _tokens_of(doc, timex: Timex):
    span = doc.char_span(timex.start_char, timex.end_char, alignment_mode="expand")
    return list(span) if span is not None else []


def publication_dating(
    context: PublicationContext,
) -> tuple[datetime | None, datetime | None, str, str]:
    """Start, end, granularity and explanation for an event dated only by its article's
    publication: an open interval ending with the publication, because all the article
    says is that it had happened by then ("the ICC issued arrest warrants" may be months
    old). Drawing it on the publication day would put a background fact among that day's
    news. The granularity is the publication's, the precision of that closing bound."""
    period = context.period  # None exactly when the publication date is unknown
    if period is None:
        return (
            None,
            None,
            "unknown",
            "no date expression in the sentence, and the publication date is unknown",
        )
    _, last = period
    end = datetime.combine(last + timedelta(days=1), time(), ZoneInfo(context.timezone))
    return (
        None,
        end,
        context.precision,
        "no date expression in the sentence: happened by the article's publication "
        f"({context.label}), when is not said",
    )


def event_id(article_id: str, verb_char: int, action: str) -> str:
    return hashlib.sha256(f"{article_id}|{verb_char}|{action}".encode()).hexdigest()[:16]


def confidence(event: RawEvent, context: PublicationContext) -> float:
    """A rough trust score: dated by its own words beats dated by the sentence beats dated by
    publication."""
    score = {"clause": 0.9, "sentence": 0.75, "story": 0.6, "publication": 0.5}[event.date_source]
    if event.timex is not None and event.timex.granularity == "fuzzy":
        score -= 0.1
    if event.modality == "claimed":
        score -= 0.1
    if context.precision != "day":
        score -= 0.1
    if not event.actors:
        score -= 0.1
    return round(max(score, 0.05), 2)
