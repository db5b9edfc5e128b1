"""Whole-build throughput on the TempEval-3 news texts, beside the spaCy parse alone.

    python -m benchmarks.throughput [DIR ...] [--repeat N] [--limit N] [--jobs N] [--profile FILE]

Each .tml document becomes one article whose publication day is its DCT. Both figures are
measured in the same run on the same texts: the parse is the floor no build can go under,
and the ratio (target 1.4 or less) is what reading dates and events and assembling the table
cost on top of it. `--jobs N` also times the build in N worker processes (their start and the
model load included); `--profile` writes cProfile statistics of one whole build.
"""

from __future__ import annotations

import argparse
import os
import time
from pathlib import Path

import pandas as pd

from pipeline import articles, build, nlp, timeml

DEFAULT_DIRS = ["../shared/data/tempeval3/train/timebank", "../shared/data/tempeval3/train/aquaint"]
TARGET = 1.4


def article_frame(folders: list[str], limit: int | None = None) -> pd.DataFrame:
    """The TimeML documents as an article table, DCT as the publication day."""
    paths = sorted(p for folder in folders for p in Path(folder).glob("*.tml"))[:limit]
    rows = []
    for path in paths:
        doc = timeml.read_file(path)
        rows.append(
            {
                "article_id": doc.docid,
                "published": doc.dct_day,
                "text": doc.text,
                "source": str(path),
            }
        )
    return pd.DataFrame(rows, columns=list(articles.ARTICLE_FIELDS))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folders", nargs="*", default=DEFAULT_DIRS)
    parser.add_argument("--repeat", type=int, default=2, help="runs of each; the best is reported")
    parser.add_argument("--limit", type=int, help="only the first N documents")
    parser.add_argument(
        "--jobs", type=int, default=1, help="also time the build in this many worker processes"
    )
    parser.add_argument("--profile", help="write cProfile statistics of one whole build here")
    args = parser.parse_args(argv)

    frame, rejected = articles.screen(article_frame(args.folders, args.limit), [])
    if frame.empty:
        print(f"no readable .tml documents in {args.folders}")
        return 1
    model = nlp.load()
    texts = list(frame["text"])
    tokens = sum(len(doc) for doc in model.pipe(texts))  # also warms the model

    def timed(run) -> float:
        began = time.perf_counter()
        run()
        return time.perf_counter() - began

    # alternate the two so a busy neighbour on the machine slows both alike
    parse = whole = parallel = float("inf")
    for _ in range(args.repeat):
        parse = min(parse, timed(lambda: list(model.pipe(texts))))
        whole = min(whole, timed(lambda: build.build_frame(frame, list(rejected), model=model)))
        if args.jobs > 1:
            parallel = min(
                parallel,
                timed(
                    lambda: build.build_frame(frame, list(rejected), model=model, jobs=args.jobs)
                ),
            )
    if args.profile:
        import cProfile

        cProfile.runctx(
            "build.build_frame(frame, list(rejected), model=model)",
            globals(),
            locals(),
            args.profile,
        )
    load = os.getloadavg()[0]
    print(
        f"{len(texts)} articles ({len(rejected)} rejected), {tokens:,} tokens, "
        f"best of {args.repeat}; load average {load:.2f}"
    )
    print(
        f"spaCy parse alone: {parse:7.2f} s  {len(texts) / parse:8.1f} articles/s  "
        f"{tokens / parse:9,.0f} tokens/s"
    )
    print(
        f"whole build:       {whole:7.2f} s  {len(texts) / whole:8.1f} articles/s  "
        f"{tokens / whole:9,.0f} tokens/s"
    )
    print(f"build / parse:     {whole / parse:7.2f}x  (target {TARGET}x or less)")
    if args.jobs > 1:
        print(
            f"whole build, {args.jobs} jobs: {parallel:7.2f} s  "
            f"{len(texts) / parallel:8.1f} articles/s  {tokens / parallel:9,.0f} tokens/s"
            f"  ({whole / parallel:.2f}x the single-process build; {os.cpu_count()} cores)"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
