"""Actor timelines scored by SemEval-2015 Task 4's official scorer (TimeLine, Track A).

    python -m benchmarks.timelines [--corpus DIR] [--gold DIR] [--scorer DIR] [--python2 PATH]
                                   [--keep DIR]

Track A: raw text in, one ordered and dated timeline per target entity out. Defaults: the
trial corpus in ../shared (30 WikiNews articles about Apple, 6 gold timelines); give
`--corpus` (CAT XML, the creation time as the only markable is enough) and `--gold` (one file
per entity, first line the entity's name) to score another corpus.

Ours: the articles go through the whole build (the creation time as publication date, the
title as the first line of the text), and every row of the event table whose actors name the
entity becomes one timeline line: its reports are the line's mentions, each named by the
task's token at the report's trigger, its date the line's anchor (a day, a month or a year as
precise as the row's granularity allows; anything vaguer is ordinal 0, which the scorer leaves
out). Lines are ordered by their period; equal periods share an ordinal.

A row dated "by publication" (`date_basis` publication: no date expression, an open interval
with no start that closes at the end of the publication's period) is anchored on the day its
interval closes, the publication day: the task's gold puts an event its article gives no date
to on the article's creation day, so that is the day the scorer expects. The table itself still
says only "by then"; this is the task's convention, applied here and nowhere else.

Baseline, in the same run: every verb in a sentence that names the entity, each its own
event, dated by its article's creation time.

The entity's names: its full name, or its last two words when it has three or more ("Apple
Corps" for "Beatles Apple Corps"), or, in an article that uses one of those, its last word
when that is a capitalised word of four letters or more ("Jobs" for "Steve Jobs"). A sentence
names the entity when it holds one of them; an actor is the entity when it is one of them (or
one in the plural, "iPods"), since "iPod Nano" is another product. Aliases the rule cannot
know ("the Fed") are the pipeline's job. A row is on the entity's timeline when the entity
takes part in it: a saying is its sayer's, and a reporter takes no part in what it tells.

The trigger of a row's first report is found exactly: the row's `event_id` is a hash of the
article, the trigger's offset and the action, so the offset is the sentence token that
reproduces it. Other reports (merged from other articles) are matched by the lemma of the
row's verb in their sentence. The scorer is Python 2 and calls `python` for its helpers, so
the Python 2 folder goes first on its PATH; a file name with `&` breaks its driver, so both
sides are scored under names made of letters, digits and `_`.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd

from benchmarks.corpora import semeval
from pipeline import build, events, merge, nlp
from pipeline.language.event_types import TAXONOMY

SHARED = Path(__file__).resolve().parents[2] / "shared" / "data" / "semeval2015-timeline"
DEFAULT_CORPUS = SHARED / "trial" / "Corpus-trial-data_task4"
DEFAULT_GOLD = SHARED / "trial" / "TimeLines_trial_data_task4_v1.2"
DEFAULT_SCORER = SHARED / "scorer"
DEFAULT_PYTHON2 = Path.home() / ".pyenv" / "versions" / "2.7.18" / "bin" / "python"
# Granularities a timeline anchor can hold, and how much of the ISO date each keeps.
ANCHOR_LENGTH = {"time": 10, "part-of-day": 10, "day": 10, "month": 7, "year": 4}
_WORD = re.compile(r"[^\W_]+")


def _words(text: str) -> tuple[str, ...]:
    return tuple(_WORD.findall(re.sub(r"['’]s\b", "", text).lower()))


def _contains(words: tuple[str, ...], name: tuple[str, ...]) -> bool:
    n = len(name)
    return n > 0 and any(words[i : i + n] == name for i in range(len(words) - n + 1))


@dataclass(frozen=True)
class EntityNames:
    """How a text names a target entity (the rule in the module's docstring)."""

    entity: str
    full: tuple[tuple[str, ...], ...]
    short: tuple[str, ...] | None  # the last word, only in an article that uses a full name

    @classmethod
    def of(cls, entity: str) -> EntityNames:
        written = entity.split()
        full = [_words(entity)]
        if len(written) >= 3:
            full.append(_words(" ".join(written[-2:])))
        last = written[-1] if len(written) >= 2 else ""
        short = (
            (last.lower(),) if last.isalpha() and last[:1].isupper() and len(last) >= 4 else None
        )
        return cls(entity, tuple(dict.fromkeys(n for n in full if n)), short)

    def in_article(self, article_text: str) -> bool:
        words = _words(article_text)
        return any(_contains(words, name) for name in self.full)

    def is_named(self, name: str, *, article_uses_full_name: bool) -> bool:
        """An actor is the entity when it is one of the entity's names, or one of them in the
        plural ("iPods", but "iPhone 3GS" is a model of its own): "iPod Nano" names another
        product, "Apple Inc." another company."""
        words = _words(name)
        names = [*self.full, *([self.short] if self.short and article_uses_full_name else [])]
        return any(
            words == n or (n[-1].isalpha() and words == (*n[:-1], n[-1] + "s")) for n in names if n
        )

    def named_in(self, text: str, *, article_uses_full_name: bool) -> bool:
        words = _words(text)
        if any(_contains(words, name) for name in self.full):
            return True
        return bool(self.short and article_uses_full_name and _contains(words, self.short))


def anchor_of(start: pd.Timestamp | None, timezone: str, granularity: str) -> str:
    """The task's anchor for a period: as much of its local start as its granularity holds."""
    keep = ANCHOR_LENGTH.get(granularity)
    if keep is None or start is None or pd.isna(start):
        return semeval.UNKNOWN_ANCHOR
    return pd.Timestamp(start).tz_convert(timezone).strftime("%Y-%m-%d")[:keep]


def row_period(row: dict) -> tuple[pd.Timestamp, pd.Timestamp] | None:
    """The period a table row is placed at: its own, or for a report dated "by publication"
    (no start) the last day of the publication's period, the day its interval closes."""
    if not pd.isna(row["start"]):
        return pd.Timestamp(row["start"]), pd.Timestamp(row["end"])
    if row.get("date_basis") != "publication" or pd.isna(row["end"]):
        return None
    end = pd.Timestamp(row["end"])
    local = end.tz_convert(row["timezone"]) - pd.Timedelta(days=1)
    return local.normalize().tz_convert("UTC"), end


@dataclass(frozen=True)
class Placed:
    """One event for a timeline: where it sits (None: cannot be placed) and its mentions."""

    period: tuple[pd.Timestamp, pd.Timestamp] | None
    anchor: str
    mentions: tuple[semeval.Mention, ...]


def order_lines(placed: Iterable[Placed]) -> tuple[semeval.TimelineLine, ...]:
    """Ordinals by period (earlier start first, then earlier end); equal periods share one.

    A mention goes on the first line that claims it: the scorer reads a mention twice as two
    events."""
    seen: set[semeval.Mention] = set()
    kept = []
    for p in placed:
        mentions = tuple(m for m in dict.fromkeys(p.mentions) if m not in seen)
        seen.update(mentions)
        if mentions:
            kept.append(Placed(p.period, p.anchor, mentions))
    unplaced = [p for p in kept if p.period is None or p.anchor == semeval.UNKNOWN_ANCHOR]
    dated = sorted(
        (p for p in kept if p not in unplaced), key=lambda p: (p.period, p.anchor, p.mentions)
    )
    lines = [semeval.TimelineLine(0, semeval.UNKNOWN_ANCHOR, p.mentions) for p in unplaced]
    ordinal, previous = 0, None
    for p in dated:
        if p.period != previous:
            ordinal, previous = ordinal + 1, p.period
        lines.append(semeval.TimelineLine(ordinal, p.anchor, p.mentions))
    return tuple(lines)


def trigger_char(row: dict, report: dict, parsed) -> int | None:
    """Offset of a report's trigger in its article: exact for the row's own report (the id
    hashes it), else the first word in the report's sentence with the row verb's lemma or
    class."""
    start, end = int(report["char_start"]), int(report["char_end"])
    words = [t for t in parsed if start <= t.idx < end]
    if report["article_id"] == row["article_id"] and int(row["char_start"]) == start:
        for token in words:
            if events.event_id(row["article_id"], token.idx, row["action"]) == row["event_id"]:
                return token.idx
    verb = (row["action"] or "").split(" ", 1)[0].lower()
    for token in words:
        if token.lemma_.lower() == verb:
            return token.idx
    for token in words:
        if token.pos_ in ("VERB", "AUX") and merge.verb_class(token.lemma_) == merge.verb_class(
            verb
        ):
            return token.idx
    return None


def event_word(char: int, parsed) -> int:
    """The task annotates the event a light verb carries as its noun ("gave a keynote": the
    keynote, "made an appearance": the appearance), so a light verb's trigger moves to the
    event noun it takes as object."""
    at = next((t for t in parsed if t.idx == char), None)
    if at is None or at.lemma_.lower() not in TAXONOMY.light_verbs:
        return char
    noun = next(
        (
            c
            for c in at.children
            if c.dep_ == "dobj" and c.pos_ == "NOUN" and TAXONOMY.of_noun(c.lower_, c.lemma_)
        ),
        None,
    )
    return char if noun is None else noun.idx


def takes_part(row: dict, named) -> bool:
    """The entity's timeline holds the events it takes part in: a saying is its sayer's (not
    of whom it speaks), and a happening is not of whom only tells of it (the reporter)."""
    roles = {p["role"] for p in row["participants"] if named(p["name"])}
    if row["event_class"] == "reporting":
        return "agent" in roles
    return bool(roles - {"reporter"})


def mention_word(token: semeval.Token, parsed) -> str:
    """The task writes a phrasal verb as the verb and its particle ("step_down", and
    "taking_out" for "taking the iPhone out"): the trigger's word, joined to its particle
    when one follows it."""
    at = next((t for t in parsed if t.idx == token.start), None)
    if at is None:
        return token.word
    particle = next((c for c in at.children if c.dep_ == "prt" and c.i > at.i), None)
    return token.word if particle is None else f"{token.word}_{particle.text}"


def our_timeline(
    entity: EntityNames,
    table: pd.DataFrame,
    documents: dict[str, semeval.Document],
    parses: dict[str, Any],
) -> tuple[semeval.Timeline, int]:
    """The entity's timeline from the event table, and how many reports had no trigger found."""
    uses_full = {d: entity.in_article(doc.text) for d, doc in documents.items()}
    placed, lost = [], 0
    for row in table.to_dict("records"):
        full = uses_full.get(row["article_id"], False)
        if not takes_part(
            row, lambda name, full=full: entity.is_named(name, article_uses_full_name=full)
        ):
            continue
        mentions = []
        for report in row["reports"]:
            doc = documents.get(report["article_id"])
            char = trigger_char(row, report, parses[report["article_id"]]) if doc else None
            if char is not None:
                char = event_word(char, parses[report["article_id"]])
            token = doc.token_at(char) if doc and char is not None else None
            if doc is None or token is None:
                lost += 1
                continue
            word = mention_word(token, parses[report["article_id"]])
            mentions.append(semeval.Mention(doc.doc_id, token.sentence, word))
        period = row_period(row)
        start = period[0] if period else None
        anchor = anchor_of(start, row["timezone"], row["granularity"])
        placed.append(Placed(period, anchor, tuple(mentions)))
    return semeval.Timeline(entity.entity, order_lines(placed)), lost


def baseline_timeline(
    entity: EntityNames, documents: dict[str, semeval.Document], parses: dict[str, Any]
) -> semeval.Timeline:
    """Every verb in a sentence naming the entity, dated by its article's creation time."""
    placed = []
    for doc_id, doc in documents.items():
        uses_full = entity.in_article(doc.text)
        by_sentence: dict[int, list[semeval.Token]] = {}
        for token in doc.tokens:
            by_sentence.setdefault(token.sentence, []).append(token)
        verbs = {t.idx for t in parses[doc_id] if t.pos_ == "VERB"}
        day = pd.Timestamp(doc.published, tz="UTC") if doc.published else None
        for tokens in by_sentence.values():
            if not entity.named_in(
                " ".join(t.word for t in tokens), article_uses_full_name=uses_full
            ):
                continue
            for token in tokens:
                if token.start in verbs:
                    placed.append(
                        Placed(
                            (day, day) if day is not None else None,
                            doc.published or semeval.UNKNOWN_ANCHOR,
                            (
                                semeval.Mention(
                                    doc_id, token.sentence, mention_word(token, parses[doc_id])
                                ),
                            ),
                        )
                    )
    return semeval.Timeline(entity.entity, order_lines(placed))


@dataclass(frozen=True)
class Score:
    precision: float
    recall: float
    f1: float


def _safe(name: str) -> str:
    return re.sub(r"[^a-z0-9_]+", "_", Path(name).stem.lower()) + ".txt"


def run_scorer(
    gold: Path, timelines: dict[str, semeval.Timeline], scorer: Path, python2: Path
) -> tuple[dict[str, Score], Score]:
    """Per gold file and micro-averaged figures from the official scorer (percentages)."""
    with tempfile.TemporaryDirectory() as work:
        gold_dir, system_dir = Path(work, "gold"), Path(work, "system")
        gold_dir.mkdir()
        system_dir.mkdir()
        names = {}
        for path in sorted(gold.glob("*.txt")):
            names[_safe(path.name)] = path.name
            shutil.copyfile(path, gold_dir / _safe(path.name))
            if path.name in timelines:
                (system_dir / _safe(path.name)).write_text(
                    semeval.format_timeline(timelines[path.name]), encoding="utf-8"
                )
        env = dict(os.environ, PATH=f"{python2.parent}{os.pathsep}{os.environ.get('PATH', '')}")
        out = subprocess.run(
            [str(python2), "evaluation_all.py", f"{gold_dir}/", f"{system_dir}/"],
            cwd=scorer,
            env=env,
            capture_output=True,
            text=True,
            check=True,
        ).stdout
    per_file, micro = {}, Score(0.0, 0.0, 0.0)
    for line in out.splitlines():
        cells = line.strip().split("\t")
        if len(cells) == 7 and cells[1] == "FSCORE":
            f, p, r = float(cells[2]), float(cells[4]), float(cells[6])
            per_file[names.get(cells[0], cells[0])] = Score(p, r, f)
        elif cells[0] == "MICRO-FSCORE":
            micro = Score(float(cells[3]), float(cells[5]), float(cells[1]))
    return per_file, micro


def build_table(documents: list[semeval.Document], model) -> pd.DataFrame:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "corpus.jsonl"
        path.write_text(
            "\n".join(
                json.dumps(
                    {
                        "id": d.doc_id,
                        "title": d.title,
                        "outlet": "WikiNews",
                        "published": d.published,
                        "text": d.text,
                    }
                )
                for d in documents
            ),
            encoding="utf-8",
        )
        result = build.build([path], model=model)
    if len(result.rejected):
        for row in result.rejected.itertuples():
            print(f"rejected {row.article_id!r}: {row.reason!r}", file=sys.stderr)
    return result.events


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--gold", type=Path, default=DEFAULT_GOLD)
    parser.add_argument("--scorer", type=Path, default=DEFAULT_SCORER)
    parser.add_argument("--python2", type=Path, default=DEFAULT_PYTHON2)
    parser.add_argument("--keep", type=Path, help="also write both runs' timelines here")
    args = parser.parse_args(argv)
    for what, path in (("corpus", args.corpus), ("gold", args.gold), ("scorer", args.scorer)):
        if not path.is_dir():
            print(f"no {what} at {path}")
            return 1
    if not args.python2.is_file():
        print(f"the scorer needs Python 2.7: none at {args.python2} (--python2 PATH)")
        return 1

    model = nlp.load()
    documents = semeval.read_corpus(args.corpus)
    by_id = {d.doc_id: d for d in documents}
    parses = dict(zip(by_id, model.pipe(d.text for d in documents), strict=True))
    table = build_table(documents, model)
    gold = semeval.read_timelines(args.gold)

    runs: dict[str, dict[str, semeval.Timeline]] = {"pipeline": {}, "baseline: every verb": {}}
    lost = 0
    for name, timeline in gold.items():
        entity = EntityNames.of(timeline.entity)
        runs["pipeline"][name], missed = our_timeline(entity, table, by_id, parses)
        runs["baseline: every verb"][name] = baseline_timeline(entity, by_id, parses)
        lost += missed
    if args.keep:
        for run, timelines in runs.items():
            folder = args.keep / _safe(run)[:-4]
            folder.mkdir(parents=True, exist_ok=True)
            for name, timeline in timelines.items():
                (folder / name).write_text(semeval.format_timeline(timeline), encoding="utf-8")

    scores = {run: run_scorer(args.gold, t, args.scorer, args.python2) for run, t in runs.items()}
    print(
        f"{len(documents)} articles, {len(table)} event rows; {len(gold)} gold timelines, "
        f"{sum(len(t.lines) for t in gold.values())} gold lines; "
        f"reports whose trigger token was not found: {lost}"
    )
    header = f"{'timeline':28}" + "".join(f" {run:>29}" for run in runs)
    print(header)
    print(
        f"{'':28}" + "".join(f" {'P':>9} {'R':>9} {'F1':>9}" for _ in runs) + "   lines (ours/base)"
    )
    for name in gold:
        cells = []
        for run in runs:
            s = scores[run][0].get(name, Score(0.0, 0.0, 0.0))
            cells.append(f" {s.precision:9.2f} {s.recall:9.2f} {s.f1:9.2f}")
        lines = "/".join(str(len(runs[run][name].lines)) for run in runs)
        print(f"{name[:-4]:28}" + "".join(cells) + f"   {lines}")
    micro = {run: scores[run][1] for run in runs}
    print(
        f"{'micro':28}"
        + "".join(f" {m.precision:9.2f} {m.recall:9.2f} {m.f1:9.2f}" for m in micro.values())
    )
    base = micro["baseline: every verb"].f1
    ratio = micro["pipeline"].f1 / base if base else float("nan")
    print(f"micro F1: pipeline {micro['pipeline'].f1:.2f}, baseline {base:.2f}, ratio {ratio:.2f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
