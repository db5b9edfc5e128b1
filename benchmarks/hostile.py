"""What a pathological article costs, against an ordinary article of the same size.

    python -m benchmarks.hostile [--size N]

Each case is one article read the way a build reads it (screening, the model's parse, the
date engine and event extraction, `build.build_frame` in this process); CPU seconds and the
process's peak memory growth while it is read are printed beside those of ordinary prose of
the same length, measured in the same run, and checked against the budget in
pipeline/settings.py. Peak memory is the kernel's high-water mark, reset before each case.
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Callable
from pathlib import Path

import pandas as pd

from pipeline import articles, build, nlp, settings

SAMPLES = Path(__file__).resolve().parents[1] / "data" / "articles"


def _prose(size: int) -> str:
    """Ordinary news text: the sample articles' bodies, repeated to `size` characters."""
    frame, _ = articles.read_articles([SAMPLES])
    body = "\n\n".join(frame["text"])
    return (body * (size // len(body) + 1))[:size].rsplit(" ", 1)[0] + "."


def _padded(core: str, size: int) -> str:
    """`core` in the middle of ordinary prose, `size` characters in all."""
    half = _prose(max((size - len(core)) // 2, 100))
    return half + " " + core + " " + _prose(max(size - len(core) - len(half) - 2, 100))


def _dates(size: int) -> str:
    days = (f"{d % 28 + 1} October 2025" for d in range(10**6))
    out = "Talks were held on "
    while len(out) < size - 40:
        out += next(days) + ", and on "
    return out + "the next day."


def _words(size: int) -> str:
    return ("the talks and the envoys " * (size // 25))[: size - 1] + "."


CASES: dict[str, Callable[[int], str]] = {
    "10,000 unspaced brackets": lambda n: _padded("(" * 5000 + ")" * 5000, n),
    "spaced brackets": lambda n: _padded("( " * 5000, n),
    "a list of dates in one sentence": _dates,
    "one sentence without a full stop": _words,
    "a 50,000-character URL-like run": lambda n: _padded("https://x.example/" + "a" * 50_000, n),
    "over the size limit (3x)": lambda n: _prose(3 * n),
}


def _high_water_kb() -> int:
    with open("/proc/self/status", encoding="ascii") as handle:
        for line in handle:
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    return 0


def _resident_kb() -> int:
    with open("/proc/self/status", encoding="ascii") as handle:
        for line in handle:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    return 0


def measure(text: str, model) -> tuple[float, float, str]:
    """CPU seconds, peak memory growth (MB) and the report's verdict for one article."""
    record = {field: None for field in articles.ARTICLE_FIELDS}
    record.update(article_id="case", published="2025-10-08", text=text, source="benchmark")
    frame, rejected = articles.screen(pd.DataFrame([record]), [])
    with open("/proc/self/clear_refs", "w", encoding="ascii") as handle:
        handle.write("5")  # reset the high-water mark to the current size
    before = _resident_kb()
    began = time.process_time()
    result = build.build_frame(frame, rejected, model=model)
    cpu = time.process_time() - began
    peak = max(_high_water_kb() - before, 0) / 1024
    row = result.report.iloc[0]
    verdict = row["status"] if row["status"] == "processed" else f"rejected: {row['reason']}"
    if row["status"] == "processed" and isinstance(row["reason"], str):
        verdict += f" ({row['reason'][:70]})"
    return cpu, peak, verdict


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--size", type=int, default=settings.MAX_CHARS, help="characters per article"
    )
    args = parser.parse_args(argv)
    model = nlp.load()
    measure(_prose(2000), model)  # warm the model and the date engine
    base_cpu, base_mb, _ = measure(_prose(args.size), model)
    print(
        f"budget per article: {settings.ARTICLE_CPU_SECONDS:g} s CPU, "
        f"{settings.ARTICLE_MEMORY_MB} MB; cases of {args.size:,} characters"
    )
    print(f"ordinary prose (baseline): {base_cpu:6.2f} s CPU, {base_mb:7.1f} MB peak growth")
    print(f"{'case':36} {'CPU s':>7} {'x base':>7} {'MB':>7} {'x base':>7}  within  verdict")
    failures = 0
    for name, make in CASES.items():
        cpu, peak, verdict = measure(make(args.size), model)
        within = cpu <= settings.ARTICLE_CPU_SECONDS and peak <= settings.ARTICLE_MEMORY_MB
        failures += not within
        print(
            f"{name:36} {cpu:7.2f} {cpu / max(base_cpu, 1e-3):7.2f} {peak:7.1f} "
            f"{peak / max(base_mb, 1.0):7.2f}  {'yes' if within else 'NO':6}  {verdict}"
        )
    return 1 if failures else 0


if __name__ == "__main__":
    raise SystemExit(main())
