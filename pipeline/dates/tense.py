"""Which way in time a date expression points, read from the verb that governs it.

"Wednesday" is the Wednesday before publication in "departed late Wednesday" and the one
after in "are set to join on Wednesday": the words of the expression cannot tell, its clause
can. The dependency parse gives the clause's verb; its tense, auxiliaries and any
scheduling verb above it ("set to", "scheduled to", "expected to") give the direction.
Kept apart from the calendar arithmetic so each can be tested on its own.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from ..language.lexicon import EN

PAST, FUTURE, NEAREST = "past", "future", "nearest"
# Past without exception: what something has run "since" has begun, so the calendar never reads
# it as the coming date a past-tense report can mean ("set the vote for November").
BEGUN = "begun"
# Past, reached through a noun the date belongs to: "warned of a cut in supplies in September".
# What the noun names may still lie ahead of the report, as the next month often does.
NOUN_PAST = "past-noun"

# Verbs whose infinitive complement is a plan, not a report: "set to join", "due to arrive".
SCHEDULE_LEMMAS = frozenset(EN.planning_verbs)
FUTURE_AUX = EN.future_aux
# Modal auxiliaries other than "will": what they qualify has not happened yet ("could be reached").
MODAL_AUX = EN.modal_aux
HEDGED_MODALS = EN.hedged_modals
HAVE = EN.perfect_aux
# Verbs that make or move a plan: "planned a rally on Saturday", "has scheduled a news
# conference Thursday" put the event near publication whatever the verb's own tense.
PLANNING_LEMMAS = EN.plan_making_verbs
# Verbs that push a deadline out: "postponed until Tuesday", "gave them until 9 a.m. Tuesday".
# The new deadline lies ahead of the decision, and so of the report about it.
DEFERRING_LEMMAS = EN.deferring_verbs
UNTIL = EN.words("until")
# With a deferring verb, "through" and "into" also name the new end: "extended the loans through
# January".
DEFERRED_TO = UNTIL | EN.words("deferred_to")
# Decisions and deals whose infinitive is what was decided: "agreed to buy the line in
# February", "an agreement to acquire the bank in January". The decision is past, the act
# may not be: dated nearest publication.
DECISION_LEMMAS = EN.deciding_words
SINCE = EN.words("since")
EFFECTIVE = EN.words("effective")


@dataclass(frozen=True)
class Tense:
    """A direction (past, future or nearest) and the words that decided it, for the explanation."""

    direction: str
    cue: str
    verb_i: int | None = None
    # A modal ("would close", "could meet") says the event had not happened when it was
    # reported; the report may be days older than the article ("said Wednesday it would
    # close"), so dates read from it are taken nearest publication, not strictly after.
    hedged: bool = False
    # The climb from the date to the verb passed a noun ("a cut in supplies in September"): the
    # date dates the noun, which a past verb only reports.
    through_noun: bool = False

    @property
    def dating(self) -> str:
        """The direction the calendar rules use: nearest for a hedged (modal) future, and a past
        reached through a noun kept apart (the calendar may read the next month as coming)."""
        if self.hedged:
            return NEAREST
        if self.direction == PAST and self.through_noun:
            return NOUN_PAST
        return self.direction


def _is_verb(tok) -> bool:
    return tok.pos_ in ("VERB", "AUX") or tok.tag_.startswith("VB") or tok.tag_ == "MD"


def _aux(verb) -> list:
    return [c for c in verb.children if c.dep_ in ("aux", "auxpass")]


FINITE_TAGS = frozenset({"VBD", "VBZ", "VBP", "MD"})


def _has_finite_verb(sentence) -> bool:
    """Whether a sentence has a tensed verb at all; a headline often has none."""
    return any(t.tag_ in FINITE_TAGS for t in sentence)


def _finite_reading(verb) -> Tense | None:
    """The direction a verb states by itself, or None when it is non-finite and the clause above
    decides."""
    aux = _aux(verb)
    words = {a.lower_ for a in aux}
    has_have = bool(words & HAVE)
    head = verb.head
    if (
        verb.dep_ == "xcomp"
        and head.i < verb.i
        and (
            head.lemma_.lower() in SCHEDULE_LEMMAS
            or (head.lower_ == "going" and head.tag_ == "VBG")
            or (head.lemma_.lower() == "be" and any(c.lower_ == "to" for c in verb.children))
        )
    ):
        above = head.head if head.dep_ in ("acomp", "attr") else head
        if any(a.lower_ == "had" for a in _aux(head) + _aux(above)):
            # "had been due to expire Friday": a plan already overtaken when reported.
            return Tense(
                PAST, f"past perfect plan: '{head.text} to {verb.text}' under 'had'", verb.i
            )
        return Tense(FUTURE, f"planned: '{verb.head.text} to {verb.text}'", verb.i)
    if (
        verb.dep_ in ("xcomp", "acl")
        and head.i < verb.i
        and head.lemma_.lower() in DECISION_LEMMAS
        and any(c.lower_ == "to" and c.dep_ == "aux" for c in verb.children)
        and not (words & (FUTURE_AUX | MODAL_AUX))
    ):
        return Tense(
            NEAREST,
            f"decided: '{head.text} to {verb.text}' (what was decided is dated nearest "
            f"publication)",
            verb.i,
        )
    if "to" in words and verb.tag_ in ("VB", "VBN") and not _has_finite_verb(verb.sent):
        # A headline's infinitive is its future: "Boys to be discharged from hospital Thursday".
        said = " ".join(t.text for t in sorted([*aux, verb], key=lambda t: t.i))
        return Tense(FUTURE, f"headline infinitive '{said}' (a plan)", verb.i)
    if words & FUTURE_AUX:
        return Tense(
            FUTURE,
            f"future '{next(a.text for a in aux if a.lower_ in FUTURE_AUX)} {verb.text}'",
            verb.i,
        )
    if words & MODAL_AUX:
        modal = next(a.text for a in aux if a.lower_ in MODAL_AUX)
        if has_have:
            return Tense(PAST, f"past modal '{modal} have {verb.text}'", verb.i)
        hedged = modal.lower() in HEDGED_MODALS
        note = (
            "not yet happened when reported; dated nearest publication"
            if hedged
            else "not yet happened"
        )
        return Tense(FUTURE, f"modal '{modal} {verb.text}' ({note})", verb.i, hedged=hedged)
    if (
        verb.lemma_.lower() in SCHEDULE_LEMMAS
        and verb.tag_ == "VBN"
        and not has_have
        and any(
            c.dep_ == "xcomp" or (c.dep_ == "prep" and c.lower_ in ("for", "until", "till"))
            for c in verb.children
        )
    ):
        # "scheduled for Tuesday", not "the record set on Aug. 6" (a participle of the past).
        return Tense(FUTURE, f"planned: '{verb.text}'", verb.i)
    if (
        verb.lemma_.lower() in PLANNING_LEMMAS
        and verb.tag_ in ("VBD", "VBN")
        and any(c.dep_ in ("dobj", "nsubjpass") for c in verb.children)
    ):
        return Tense(
            NEAREST,
            f"planned '{verb.text}' (the planned event is dated nearest publication)",
            verb.i,
        )
    if has_have and verb.tag_ == "VBN":
        return Tense(PAST, f"perfect '{verb.text}'", verb.i)
    if has_have and verb.tag_ == "VBG" and "been" in words:
        # "have been searching since the Oct. 23 slaying": begun before publication.
        return Tense(PAST, f"perfect progressive '{verb.text}'", verb.i)
    if verb.tag_ == "VBD":
        return Tense(PAST, f"past tense '{verb.text}'", verb.i)
    past_aux = [a for a in aux if a.tag_ == "VBD"]
    if past_aux and verb.tag_ in ("VBN", "VBG"):
        return Tense(PAST, f"past tense '{past_aux[0].text} {verb.text}'", verb.i)
    if verb.tag_ in ("VBZ", "VBP") or (verb.tag_ in ("VBN", "VBG") and aux):
        return Tense(NEAREST, f"present tense '{verb.text}'", verb.i)
    if verb.tag_ == "VBN" and verb.dep_ in ("acl", "amod", "advcl", "relcl"):
        return Tense(PAST, f"participle '{verb.text}'", verb.i)
    return None


def _until_above(tok, span, words=UNTIL):
    """The "until" (or other of `words`) the expression hangs from ("until 9 a.m. Tuesday"), within
    a few steps up, or None."""
    cur = tok
    for _ in range(3):
        if cur.head.i == cur.i:
            return None
        cur = cur.head
        if cur.lower_ in words and cur.i < span.start:
            return cur
        if _is_verb(cur) and not (span.start <= cur.i < span.end):
            return None
    return None


def tense_of(span) -> Tense:
    """The direction of the clause governing `span`: walk up the parse to the first finite verb."""
    tok = span.root
    cur = tok.head if tok.head.i != tok.i else None
    since = _until_above(tok, span, SINCE)
    if since is not None:
        # "The percentage change is since year-end": what something runs since has begun.
        return Tense(
            BEGUN,
            f"'{since.text}' (a starting point already passed)",
            since.head.i if _is_verb(since.head) else None,
        )
    effective = _until_above(tok, span, EFFECTIVE)
    if effective is not None:
        # "a new office, effective Feb. 1": when a change takes effect, near publication either way.
        return Tense(
            NEAREST, f"'{effective.text}' (a change taking effect, dated nearest publication)"
        )
    until = _until_above(tok, span, DEFERRED_TO)
    if until is not None:
        verb = until.head
        if _is_verb(verb) and verb.lemma_.lower() in DEFERRING_LEMMAS:
            return Tense(FUTURE, f"deadline moved: '{verb.text} {until.text}'", verb.i)
    # A date inside a subject ("Tuesday's session began") hangs off a noun: keep climbing.
    steps, through_noun = 0, False
    while cur is not None and steps < 12:
        steps += 1
        if _is_verb(cur) and not (span.start <= cur.i < span.end):
            reading = _finite_reading(cur)
            if reading is not None:
                return replace(reading, through_noun=through_noun)
        elif cur.pos_ in ("NOUN", "PROPN") and not (span.start <= cur.i < span.end):
            through_noun = True
        if cur.head.i == cur.i:
            break
        cur = cur.head
    return Tense(NEAREST, "no tensed verb governs it")


def governing_verb(span):
    """The token of the verb whose tense was read, or None (for linking dates to events)."""
    t = tense_of(span)
    return span.doc[t.verb_i] if t.verb_i is not None else None
