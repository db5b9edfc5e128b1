"""How often the publication date read from the text is right, on TempEval-3 news.

    python -m benchmarks.publication_dates [DIR ...] [--limit N] [--show N]

Every document's creation time (DCT) is withheld and the build's publication context is
made from the text alone, twice: with nothing else known, and with the year and month an
address such as /1998/08/ would give. Each inference is scored against the DCT: right to the
day, right to the month (a month claimed and correct), wrong (the claimed period does not
hold the DCT; a day one off, as when a wire dateline and the feed time straddle midnight, is
counted separately), or unknown. The figure that matters most is "wrong": a wrong day moves
every relative date in the article.
"""

from __future__ import annotations

import argparse
from collections import Counter
from datetime import date

from pipeline import build, nlp, timeml

from .throughput import DEFAULT_DIRS

OUTCOMES = ("day", "month", "wrong: a day off", "wrong", "unknown")


def outcome(ctx, truth: date) -> str:
    if not ctx.known:
        return "unknown"
    first, last = ctx.period
    if first <= truth <= last:
        return "day" if ctx.precision == "day" else "month" if ctx.precision == "month" else "year"
    if ctx.precision == "day" and abs((ctx.published - truth).days) == 1:
        return "wrong: a day off"
    return "wrong"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folders", nargs="*", default=DEFAULT_DIRS)
    parser.add_argument("--limit", type=int, help="only the first N documents")
    parser.add_argument(
        "--show", type=int, default=5, help="print the evidence of this many inferences per outcome"
    )
    args = parser.parse_args(argv)

    from pathlib import Path

    paths = sorted(p for folder in args.folders for p in Path(folder).glob("*.tml"))[: args.limit]
    docs = [timeml.read_file(p) for p in paths]
    if not docs:
        print(f"no .tml documents in {args.folders}")
        return 1
    model = nlp.load()
    scenarios = {
        "text alone": lambda d: None,
        "text + address month": lambda d: f"https://example.org/{d.dct[:4]}/{d.dct[5:7]}/story",
    }
    counts = {name: Counter() for name in scenarios}
    examples: dict[tuple[str, str], list[str]] = {}
    for doc, parsed in zip(docs, model.pipe([d.text for d in docs], batch_size=16), strict=True):
        truth = date.fromisoformat(doc.dct_day)
        for name, address in scenarios.items():
            row = {
                "article_id": doc.docid,
                "published": None,
                "url": address(doc),
                "timezone": "UTC",
                "place": None,
            }
            ctx = build.article_context(row, parsed)
            result = outcome(ctx, truth)
            counts[name][result] += 1
            examples.setdefault((name, result), []).append(
                f"{doc.docid} (DCT {doc.dct_day}) -> {ctx.label}: {ctx.evidence}"
            )
    print(f"{len(docs)} TempEval-3 documents, DCT withheld")
    print(f"{'':24}" + "".join(f"{o:>18}" for o in OUTCOMES))
    for name, counter in counts.items():
        print(
            f"{name:24}"
            + "".join(f"{counter[o]:>10} ({counter[o] / len(docs):4.0%})" for o in OUTCOMES)
        )
    for (name, result), lines in sorted(examples.items()):
        if result != "unknown" or name == "text alone":
            print(f"\n{name}, {result}:")
            for line in lines[: args.show]:
                print(f"  {line}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
