"""One rerun of the page after a filter change: a 100,000-event table against the sample table.

    python -m benchmarks.dashboard [--events N] [--repeat N]

Both tables go through the real schema (pipeline.schema.conform, which validates) and are
read by the real page through TIMELINE_EVENTS, run in-process by Streamlit's AppTest, so the
figures are server-side: filtering, the figure, the table view, downloads and the cards.
The baseline is the same rerun on the five sample articles' table, measured in the same run.
"""

from __future__ import annotations

import argparse
import os
import statistics
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd

from pipeline import build, nlp, schema
from pipeline.table import save_events

ROOT = Path(__file__).resolve().parents[1]
APP = str(ROOT / "app.py")
GRANULARITY_SHARE = {"day": 0.45, "time": 0.15, "part-of-day": 0.1, "week": 0.1, "month": 0.1, "year": 0.05, "unknown": 0.05}
PERIODS = {"day": "1D", "time": "1min", "part-of-day": "4h", "week": "7D", "month": "30D", "year": "365D"}
ZONES = ("Africa/Cairo", "Asia/Jerusalem", "America/New_York", "UTC")
MODALITY_SHARE = {"happened": 0.7, "scheduled": 0.12, "expected": 0.12, "claimed": 0.06}


def generated_events(count: int, seed: int = 7) -> pd.DataFrame:
    """A table shaped like a long-running story: a few hundred actors, dozens of places,
    a busy season plus background dates, several outlets, a few disputed dates.

    Columns are drawn at random in bulk, then handed to schema.conform as rows, which types
    and validates them exactly as a build's output is.
    """
    rng = np.random.default_rng(seed)
    actor_names = np.array([f"Actor {i:03d}" for i in range(300)], dtype=object)
    venue_names = np.array([f"Place {i:02d}" for i in range(60)], dtype=object)
    article_ids = np.array([f"art-{i:05d}" for i in range(count // 20 + 1)], dtype=object)
    granularity = rng.choice(list(GRANULARITY_SHARE), size=count, p=list(GRANULARITY_SHARE.values()))
    modality = rng.choice(list(MODALITY_SHARE), size=count, p=list(MODALITY_SHARE.values()))
    busy = pd.Timestamp("2025-08-01", tz="UTC") + pd.to_timedelta(rng.integers(0, 100 * 24 * 60, size=count), unit="min")
    background = pd.Timestamp("1990-01-01", tz="UTC") + pd.to_timedelta(rng.integers(0, 35 * 365, size=count) * 1440, unit="min")
    start = pd.Series(np.where(rng.random(count) < 0.95, busy, background)).dt.floor("min")
    length = pd.to_timedelta(pd.Series(granularity).map(lambda g: PERIODS.get(g, "1D")))
    dated = granularity != "unknown"
    first = actor_names[(rng.zipf(1.6, size=count) - 1) % len(actor_names)]
    second = actor_names[rng.integers(0, len(actor_names), size=count)]
    how_many = rng.integers(0, 3, size=count)
    venue = venue_names[(rng.zipf(1.4, size=count) - 1) % len(venue_names)]
    article = article_ids[rng.integers(0, len(article_ids), size=count)]
    conflict = rng.random(count) < 0.01
    has_venue = rng.random(count) < 0.8
    rows = []
    for i in range(count):
        names = [first[i], second[i]][: how_many[i]] if second[i] != first[i] else [first[i]][: how_many[i]]
        rows.append({
            "event_id": f"ev-{i:06d}", "article_id": article[i], "title": f"Report {article[i]}",
            "outlet": f"Outlet {int(article[i][4:]) % 12}", "url": f"https://example.org/{article[i]}",
            "sentence": f"{', '.join(names) or 'Officials'} met at {venue[i]} on Wednesday.",
            "char_start": 0, "char_end": 60, "action": "meet", "actors": names,
            "venue": venue[i] if has_venue[i] else None,
            "start": start[i] if dated[i] else None, "end": start[i] + length[i] if dated[i] else None,
            "timezone": ZONES[i % len(ZONES)], "granularity": granularity[i], "modality": modality[i],
            "date_basis": "expression" if dated[i] else "publication", "expression": "on Wednesday" if dated[i] else None,
            "timex_value": None, "explanation": "generated", "confidence": 0.7,
            "sources": [article[i]], "conflict": bool(conflict[i]),
        })
    return schema.conform(rows)


def rerun_seconds(table: Path, actors: list[str], repeat: int) -> tuple[float, float, int]:
    """(first load, median rerun after picking an actor, events on the page at the end)."""
    from streamlit.testing.v1 import AppTest

    os.environ["TIMELINE_EVENTS"] = str(table)
    at = AppTest.from_file(APP, default_timeout=600)
    began = time.perf_counter()
    at.run()
    first = time.perf_counter() - began
    if at.exception:
        raise RuntimeError(at.exception[0].message)
    times = []
    for n in range(repeat):
        widget = at.multiselect(key="actor")
        widget.set_value([actors[n % len(actors)]])
        began = time.perf_counter()
        at.run()
        times.append(time.perf_counter() - began)
        if at.exception:
            raise RuntimeError(at.exception[0].message)
    shown = next((m.value for m in at.markdown if m.value.startswith("**")), "")
    return first, statistics.median(times), shown


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=5, help="filter changes timed; the median is reported")
    args = parser.parse_args(argv)

    with tempfile.TemporaryDirectory(prefix="timeline-bench-") as folder:
        began = time.perf_counter()
        sample = build.build([ROOT / "data" / "articles"], model=nlp.load()).events
        sample_path = save_events(sample, Path(folder) / "sample.parquet")
        big = generated_events(args.events)
        big_path = save_events(big, Path(folder) / "big.parquet")
        print(f"tables: sample {len(sample):,} events, generated {len(big):,} events ({time.perf_counter() - began:.1f} s to make)")

        def popular(table: pd.DataFrame) -> list[str]:
            counts = table["actors"].explode().value_counts()
            return list(counts.index[:: max(1, len(counts) // 8)][: args.repeat]) or [""]

        base_first, base_rerun, base_shown = rerun_seconds(sample_path, popular(sample), args.repeat)
        big_first, big_rerun, big_shown = rerun_seconds(big_path, popular(big), args.repeat)
    print(f"sample table    first load {base_first:6.2f} s   rerun after a filter change {base_rerun:6.3f} s   (last view: {base_shown})")
    print(f"100k-row table  first load {big_first:6.2f} s   rerun after a filter change {big_rerun:6.3f} s   (last view: {big_shown})")
    print(f"rerun ratio large / sample: {big_rerun / base_rerun:5.1f}x; target: rerun at most 1 s -> {'met' if big_rerun <= 1.0 else 'NOT met'}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
