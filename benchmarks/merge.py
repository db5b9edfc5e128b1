"""Merge quality against annotators' cross-document timelines (SemEval-2015 Task 4 trial data).

    python -m benchmarks.merge [--trial ../shared/data/semeval2015-timeline/trial]

The trial data is 30 WikiNews articles about Apple and six timelines in which annotators put
every mention of one event, from any article, on one line. Each article is built with its
creation date as the publication day; a gold mention (document, sentence, word) is matched
to the event the pipeline read from that sentence with that word's lemma as its verb. Every
pair of matched events from two different articles is then a "same event?" decision: the
gold answer is whether the two mentions share a timeline line, the pipeline's whether the
merge put them in one row. Precision and recall over those pairs are printed beside two
baselines measured on the same pairs: "same verb" (merge every pair whose verbs are in one
class) and "same verb and a shared actor" (the merge's rules without the date, venue,
modality and actor-share checks).

Only the annotated events can be scored, and only those the pipeline reads as a clause's
verb (nouns such as "announcement" are not events here), so the figures are a sample of the
merge's decisions, not of its recall over all the news.
"""

from __future__ import annotations

import argparse
import html
import json
import re
import tempfile
import time
from collections import defaultdict
from itertools import combinations
from pathlib import Path
from unittest import mock

from pipeline import build, merge, nlp
from pipeline.corpus import stage

DEFAULT_TRIAL = (
    Path(__file__).resolve().parents[2] / "shared" / "data" / "semeval2015-timeline" / "trial"
)
_SENTENCE = re.compile(r'<s id="(\d+)">(.*?)</s>', flags=re.DOTALL)
_TAG = re.compile(r"<[^>]+>")


def read_articles(folder: Path) -> tuple[list[dict], dict[tuple[str, int], tuple[int, str]]]:
    """Articles as the pipeline reads them (one sentence a line) and where each sentence starts."""
    articles, sentences = [], {}
    for path in sorted(folder.glob("*.tml")):
        raw = path.read_text(encoding="utf-8")
        docid = re.search(r"<DOCID>(.*?)</DOCID>", raw).group(1).strip()
        dct = re.search(r'functionInDocument="CREATION_TIME"[^>]*value="([^"]+)"', raw).group(1)[
            :10
        ]
        title = html.unescape(
            _TAG.sub("", re.search(r"<EXTRAINFO>(.*?)</EXTRAINFO>", raw, re.DOTALL).group(1))
        ).strip()
        lines, offset = [], 0
        for number, body in _SENTENCE.findall(raw):
            text = html.unescape(_TAG.sub("", body)).strip()
            sentences[(docid, int(number))] = (offset, text)
            lines.append(text)
            offset += len(text) + 1
        articles.append(
            {
                "id": docid,
                "title": title,
                "outlet": "WikiNews",
                "url": None,
                "published": dct,
                "text": "\n".join(lines),
            }
        )
    return articles, sentences


def read_timelines(folder: Path) -> dict[tuple[str, int, str], set[str]]:
    """Gold mention (document, sentence, word) -> the timeline lines (events) it is on."""
    lines: dict[tuple[str, int, str], set[str]] = defaultdict(set)
    for path in sorted(folder.glob("*.txt")):
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines()[1:], start=2):
            for mention in line.split("\t")[2:]:
                if mention.strip():
                    doc, sentence, word = mention.strip().split("-", 2)
                    lines[(doc, int(sentence), word)].add(f"{path.stem}:{number}")
    return lines


def match_mentions(events, mentions, sentences, model) -> dict[tuple[str, int, str], str]:
    """Gold mention -> the one unmerged event read from its sentence with its word as the verb."""
    matched = {}
    for doc, number, word in mentions:
        if (doc, number) not in sentences:
            continue
        offset, text = sentences[(doc, number)]
        lemma = next((t.lemma_.lower() for t in model(text) if t.text == word), None)
        in_sentence = events[
            (events["article_id"] == doc)
            & (events["char_start"] >= offset)
            & (events["char_start"] < offset + max(len(text), 1))
        ]
        found = [
            e
            for e in in_sentence.itertuples()
            if lemma and e.action.split(" ", 1)[0].lower() == lemma
        ]
        if len(found) == 1:
            matched[(doc, number, word)] = found[0].event_id
    return matched


def score(pairs: list[tuple[bool, bool]]) -> tuple[int, int, int, float, float, float]:
    tp = sum(g and p for g, p in pairs)
    fp = sum(p and not g for g, p in pairs)
    fn = sum(g and not p for g, p in pairs)
    precision = tp / (tp + fp) if tp + fp else float("nan")
    recall = tp / (tp + fn) if tp + fn else float("nan")
    f1 = 2 * precision * recall / (precision + recall) if tp else 0.0
    return tp, fp, fn, precision, recall, f1


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--trial", type=Path, default=DEFAULT_TRIAL)
    args = parser.parse_args(argv)
    corpus, timelines = (
        args.trial / "Corpus-trial-data_task4_TimeML",
        args.trial / "TimeLines_trial_data_task4_v1.2",
    )
    if not corpus.is_dir() or not timelines.is_dir():
        print(f"no trial data at {args.trial}")
        return 1

    model = nlp.load()
    articles, sentences = read_articles(corpus)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "trial.jsonl"
        path.write_text("\n".join(json.dumps(a) for a in articles), encoding="utf-8")
        with mock.patch.object(stage, "combine", lambda frame: frame):
            events = build.build([path], model=model).events  # every report its own row
    began = time.perf_counter()
    plan = merge.merge_plan(events)
    seconds = time.perf_counter() - began

    gold = read_timelines(timelines)
    matched = match_mentions(events, gold, sentences, model)
    by_event: dict[str, set[str]] = defaultdict(set)
    for mention, event_id in matched.items():
        by_event[event_id] |= gold[mention]
    rows = events.set_index("event_id")
    decisions = {
        "merge (pipeline.merge)": [],
        "baseline: same verb": [],
        "baseline: same verb, shared actor": [],
    }
    for a, b in combinations(sorted(by_event), 2):
        ra, rb = rows.loc[a], rows.loc[b]
        if ra["article_id"] == rb["article_id"]:
            continue
        same = bool(by_event[a] & by_event[b])
        same_verb = merge.verb_class(ra["action"]) == merge.verb_class(rb["action"])
        decisions["merge (pipeline.merge)"].append((same, plan[a] == plan[b]))
        decisions["baseline: same verb"].append((same, same_verb))
        decisions["baseline: same verb, shared actor"].append(
            (same, same_verb and bool(set(ra["actors"]) & set(rb["actors"])))
        )

    merged_rows = len(set(plan.values()))
    print(
        f"{len(articles)} articles, {len(events)} events read, {merged_rows} after merging "
        f"({len(events) - merged_rows} merged away) in {seconds:.2f} s"
    )
    print(
        f"gold mentions: {len(gold)}, matched to an event: {len(matched)}; "
        f"cross-article pairs scored: {len(decisions['merge (pipeline.merge)'])}, "
        f"of which gold same-event: {sum(g for g, _ in decisions['merge (pipeline.merge)'])}"
    )
    print(
        f"{'decision rule':38} {'tp':>4} {'fp':>4} {'fn':>4} "
        f"{'precision':>10} {'recall':>7} {'F1':>6}"
    )
    for name, pairs in decisions.items():
        tp, fp, fn, p, r, f = score(pairs)
        print(f"{name:38} {tp:4d} {fp:4d} {fn:4d} {p:10.3f} {r:7.3f} {f:6.3f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
