"""Happenings against commentary on the sample articles, by hand-made labels.

    python -m benchmarks.key_events [--labels FILE] [--articles DIR] [--threshold X]

`tests/sample_happenings.csv` says, for each event clause of the five sample articles,
whether it reports a happening (something that happened or is to happen: a meeting, an
arrival, a signing, an attack, a statement made) or commentary and states ("underscore
pressure", "believe", "remain", "want"), and which happenings a news editor would put on
the story's timeline (key). A label names its clause by article, a verbatim quote of its
sentence and the verb's lemma, not by event id, so it outlives changes to extraction.

The benchmark builds the sample articles and meets each row's reports with the labels (same
article, the quote inside the report's sentence, the row's verb or one of its class). It
prints, for the whole table (what the dashboard opens on today) and, beside it in the same
run, for "rows dated by a date expression": the share of labelled rows that are happenings,
the rows no label covers, and how many labelled key happenings the view holds. When the table
has a key-event view of its own it is scored the same way: a bool column `key_event`, else
rows with `salience` at or above --threshold, else rows whose `event_type` is not a state or
commentary type; without any of these that part is skipped with a message.
"""

from __future__ import annotations

import argparse
import csv
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from pipeline import build, merge, nlp

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_LABELS = ROOT / "tests" / "sample_happenings.csv"
DEFAULT_ARTICLES = ROOT / "data" / "articles"
KINDS = ("happening", "commentary")
NOT_HAPPENING_TYPES = frozenset(["state", "commentary"])


@dataclass(frozen=True)
class Label:
    article_id: str
    quote: str  # verbatim words of the clause's sentence
    lemma: str  # the clause's verb
    happening: bool
    key: bool

    def covers(self, article_id: str, sentence: str, verb: str) -> bool:
        return (
            article_id == self.article_id
            and self.quote in sentence
            and (verb == self.lemma or merge.verb_class(verb) == merge.verb_class(self.lemma))
        )


def read_labels(path: Path = DEFAULT_LABELS) -> list[Label]:
    with open(path, newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    labels = []
    for number, row in enumerate(rows, start=2):
        if row["kind"] not in KINDS or row["key"] not in ("yes", "no"):
            raise ValueError(f"{path}:{number}: kind must be one of {KINDS}, key yes or no")
        labels.append(
            Label(
                row["article_id"],
                row["quote"],
                row["lemma"],
                row["kind"] == "happening",
                row["key"] == "yes",
            )
        )
    return labels


def row_labels(row: dict, labels: list[Label]) -> list[Label]:
    """The labels of every report the row merges."""
    verb = (row["action"] or "").split(" ", 1)[0].lower()
    return [
        label
        for report in row["reports"]
        for label in labels
        if label.covers(report["article_id"], report["sentence"], verb)
    ]


@dataclass(frozen=True)
class ViewScore:
    rows: int
    labelled: int
    happenings: int
    key_found: int
    key_total: int

    def line(self, name: str) -> str:
        share = self.happenings / self.labelled if self.labelled else 0.0
        return (
            f"  {name:<34} rows {self.rows:3d}  happenings {share:6.1%} "
            f"({self.happenings}/{self.labelled} labelled, {self.rows - self.labelled} unlabelled)"
            f"  key happenings held {self.key_found}/{self.key_total}"
        )


def score_view(view: pd.DataFrame, labels: list[Label]) -> ViewScore:
    labelled = happenings = 0
    key_held: set[Label] = set()
    for row in view.to_dict("records"):
        found = row_labels(row, labels)
        if found:
            labelled += 1
            happenings += any(label.happening for label in found)
        key_held |= {label for label in found if label.key}
    return ViewScore(
        len(view), labelled, happenings, len(key_held), sum(label.key for label in labels)
    )


def own_key_view(
    table: pd.DataFrame, threshold: float
) -> tuple[str, Callable[[pd.DataFrame], pd.Series]] | None:
    """The table's own key-event view, when it has one (see the module docstring)."""
    if "key_event" in table.columns:
        return "key_event", lambda t: t["key_event"].fillna(False).astype(bool)
    if "salience" in table.columns:
        return f"salience >= {threshold}", lambda t: t["salience"].fillna(0) >= threshold
    if "event_type" in table.columns:
        return "event_type not a state", lambda t: ~t["event_type"].isin(NOT_HAPPENING_TYPES)
    return None


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--labels", type=Path, default=DEFAULT_LABELS)
    parser.add_argument("--articles", type=Path, default=DEFAULT_ARTICLES)
    parser.add_argument("--threshold", type=float, default=0.5)
    args = parser.parse_args(argv)
    labels = read_labels(args.labels)
    table = build.build([args.articles], model=nlp.load()).events
    happening_labels = sum(label.happening for label in labels)
    print(
        f"{len(table)} rows from {args.articles}; {len(labels)} labels, {happening_labels} "
        f"happenings, {sum(label.key for label in labels)} of them key"
    )
    print(score_view(table, labels).line("whole table"))
    dated = table[table["date_basis"] == "expression"]
    print(score_view(dated, labels).line("baseline: dated by an expression"))
    own = own_key_view(table, args.threshold)
    if own is None:
        print("  key-event view: the table has no key_event, salience or event_type column")
    else:
        name, select = own
        print(score_view(table[select(table)], labels).line(f"key-event view ({name})"))
    missing = [
        label
        for label in labels
        if label.key and not any(label in row_labels(r, labels) for r in table.to_dict("records"))
    ]
    for label in missing:
        print(
            f"  key happening not in the table: {label.article_id} {label.lemma!r} {label.quote!r}"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
