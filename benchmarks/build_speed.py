"""Whole-build speed against the spaCy parse alone, on the same articles in the same run.

    python -m benchmarks.build_speed [SRC ...] [--repeat N]

The parse is the floor no build can go under; the ratio says what everything else costs.
"""

from __future__ import annotations

import argparse
import time

from pipeline import articles, build, nlp


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("sources", nargs="*", default=["data/articles"])
    parser.add_argument("--repeat", type=int, default=3, help="runs of each; the best is reported")
    args = parser.parse_args(argv)

    model = nlp.load()
    frame, rejected = articles.read_articles(args.sources)
    texts = list(frame["text"])
    tokens = sum(len(doc) for doc in model.pipe(texts))  # also warms the model

    def best(run) -> float:
        times = []
        for _ in range(args.repeat):
            began = time.perf_counter()
            run()
            times.append(time.perf_counter() - began)
        return min(times)

    parse = best(lambda: list(model.pipe(texts)))
    whole = best(lambda: build.build_frame(frame, list(rejected), model=model))
    print(f"{len(texts)} articles, {tokens:,} tokens, best of {args.repeat}")
    print(
        f"spaCy parse alone: {parse:7.2f} s  {len(texts) / parse:8.1f} articles/s  "
        f"{tokens / parse:9,.0f} tokens/s"
    )
    print(
        f"whole build:       {whole:7.2f} s  {len(texts) / whole:8.1f} articles/s  "
        f"{tokens / whole:9,.0f} tokens/s"
    )
    print(f"build / parse:     {whole / parse:7.2f}x")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
