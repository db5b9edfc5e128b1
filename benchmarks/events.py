"""Events scored on MEANTIME's annotated WikiNews articles, beside simple baselines, in one run.

    python -m benchmarks.events [FOLDER] [--errors FILE]

FOLDER holds MEANTIME CAT XML (default: the intra-document Apple corpus in ../shared). Each
article goes through the pipeline with its creation time as the publication date. Only our
events whose trigger (the verb we name the action after) lies on an annotated event mention
are scored, so the figures say how well we fill in an event we found, not how many we find:

- actors: one of our actors is right when it is, or is coreferent with, a mention annotated
  as that event's participant (PropBank Arg0-Arg4); recall counts the named people,
  organisations and places among those participants (a name, not "the firm" or "it") we list.
  Baseline: every person, organisation and place spaCy names in the sentence.
- date: our date is right when its TimeML value equals a time the annotators anchored the
  event in (IS_INCLUDED / SIMULTANEOUS). Baseline: every event dated by its publication.
"""

from __future__ import annotations

import argparse
import csv
from dataclasses import dataclass
from pathlib import Path

from benchmarks.corpora import meantime
from pipeline import actors, context, events, nlp
from pipeline.dates import find_expressions

DEFAULT = (
    Path(__file__).resolve().parents[2]
    / "shared"
    / "data"
    / "meantime"
    / "intra-doc_annotation"
    / "corpus_apple"
)
PARTY_TYPES = frozenset(["PER", "ORG", "LOC"])
NAMED = frozenset(["NAM", "PRE.NAM", "APP", "CONJ"])
ACTOR_LABELS = frozenset(["PERSON", "ORG", "GPE"])


@dataclass
class Tally:
    listed: int = 0
    right: int = 0
    gold: int = 0
    found: int = 0

    def line(self, name: str) -> str:
        p = self.right / self.listed if self.listed else 0.0
        r = self.found / self.gold if self.gold else 0.0
        f = 2 * p * r / (p + r) if p + r else 0.0
        return (
            f"  {name:<34} P {p:.3f} ({self.right}/{self.listed})  "
            f"R {r:.3f} ({self.found}/{self.gold})  F1 {f:.3f}"
        )


def _gold_parties(mention: meantime.EventMention) -> list[meantime.EntityMention]:
    """The annotated participants with a core role (PropBank Arg0-Arg4), of any kind."""
    return [e for role, e in mention.participants if role[:3] == "Arg" and role[3:4].isdigit()]


def _entities_at(article: meantime.Article, start: int, end: int) -> list[meantime.EntityMention]:
    probe = meantime.Span(start, end, -1)
    return [e for e in article.entities if e.span.overlaps(probe)]


def _same(
    listed: tuple[int, int], party: meantime.EntityMention, article: meantime.Article
) -> bool:
    if party.span.overlaps(meantime.Span(*listed, -1)):
        return True
    return party.instance is not None and any(
        e.instance == party.instance for e in _entities_at(article, *listed)
    )


def score_actors(
    tally: Tally, listed: list[tuple[int, int]], parties: list[meantime.EntityMention], article
) -> list[str]:
    """Adds one event's actors to the tally; returns what went wrong, for the error file."""
    wrong = []
    for span in listed:
        tally.listed += 1
        if any(_same(span, p, article) for p in parties):
            tally.right += 1
        else:
            wrong.append(f"extra:{article.text[span[0] : span[1]]}")
    for party in parties:
        if party.syntactic_type not in NAMED or party.ent_type not in PARTY_TYPES:
            continue
        tally.gold += 1
        if any(_same(span, party, article) for span in listed):
            tally.found += 1
        else:
            wrong.append(f"missed:{article.text[party.span.start : party.span.end]}")
    return wrong


def _dated_value(event: events.RawEvent, creation_time: str) -> str:
    return event.timex.value if event.timex is not None and event.timex.value else creation_time


def _anchor_values(mention: meantime.EventMention) -> set[str]:
    return {
        a.value for a in mention.anchors if a.type in ("DATE", "TIME") and a.value[:1].isdigit()
    }


def run(folder: Path, errors_path: Path | None) -> None:
    model = nlp.load()
    corpus = [a for a in meantime.read_corpus(folder) if a.creation_time]
    ours_actors, base_actors = Tally(), Tally()
    dated = ours_dates = base_dates = 0
    in_annotated = matched = 0
    errors: list[list[str]] = []
    for article, doc in zip(corpus, model.pipe(a.text for a in corpus), strict=True):
        ctx = context.make_context(article.doc_id, article.creation_time)
        found = events.extract(doc, ctx, find_expressions(doc, ctx), title=article.title)
        for event in found:
            sentence = next(
                (
                    m.span.sentence
                    for m in article.events
                    if m.span.start <= event.verb_char < m.span.end
                ),
                None,
            )
            in_annotated += any(
                event.char_start <= m.span.start < event.char_end for m in article.events
            )
            gold = next(
                (m for m in article.events if m.span.start <= event.verb_char < m.span.end), None
            )
            if gold is None or sentence is None:
                continue
            matched += 1
            parties = _gold_parties(gold)
            listed = [(m.start, m.end) for m in event.actors if actors.is_actor_mention(m.text)]
            sent = doc.char_span(event.char_start, event.char_end, alignment_mode="expand")
            every = [
                (e.start_char, e.end_char)
                for e in sent.ents
                if e.label_ in ACTOR_LABELS and actors.is_actor_mention(e.text)
            ]
            wrong = score_actors(ours_actors, listed, parties, article)
            score_actors(base_actors, every, parties, article)
            values = _anchor_values(gold)
            ours = _dated_value(event, article.creation_time)
            if values:
                dated += 1
                ours_dates += ours in values
                base_dates += article.creation_time in values
                if ours not in values:
                    wrong.append(
                        f"date:{ours} want {'|'.join(sorted(values))} "
                        f"({event.timex.text if event.timex else 'publication'})"
                    )
            if wrong:
                errors.append([article.doc_id, event.action, "; ".join(wrong), event.sentence])
    print(
        f"MEANTIME {folder.name}: {len(corpus)} articles, "
        f"{sum(len(a.events) for a in corpus)} annotated event mentions"
    )
    print(
        f"our events in annotated sentences: {in_annotated}; "
        f"trigger on an annotated event mention: {matched}"
    )
    print("actor attachment (on those events):")
    print(ours_actors.line("pipeline"))
    print(base_actors.line("baseline: every name in the sentence"))
    print(f"date (events with an annotated date anchor: {dated}):")
    print(f"  {'pipeline':<34} {ours_dates / dated if dated else 0:.3f} ({ours_dates}/{dated})")
    print(
        f"  {'baseline: publication date':<34} "
        f"{base_dates / dated if dated else 0:.3f} ({base_dates}/{dated})"
    )
    if errors_path:
        with open(errors_path, "w", newline="", encoding="utf-8") as handle:
            csv.writer(handle, delimiter="\t").writerows(
                [["doc", "action", "problems", "sentence"], *errors]
            )


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("folder", nargs="?", type=Path, default=DEFAULT)
    parser.add_argument(
        "--errors", type=Path, help="write each scored event that went wrong as TSV"
    )
    args = parser.parse_args(argv)
    run(args.folder, args.errors)


if __name__ == "__main__":
    main()
