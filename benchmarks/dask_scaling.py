"""Dask engine throughput with one and two workers against the in-process build,
same articles, same run.

    python -m benchmarks.dask_scaling [TML_DIR ...] [--sources SRC ...] [--partitions N]

Default input: TimeBank and AQUAINT from ../shared/data/tempeval3/train, each document's
creation time as its publication day. Scaling efficiency is the two-worker throughput over
twice the one-worker throughput: 1.0 means the second core doubles the speed. Each worker has
the model loaded before the clock starts, as the in-process build has; starting a cluster is
timed apart. Other work on the machine slows the two-worker run most, so the load average is
printed beside the figures.
"""

from __future__ import annotations

import argparse
import json
import os
import tempfile
import time
from pathlib import Path

import pandas as pd

from pipeline import build, dask_engine, nlp, table, timeml

TEMPEVAL = Path(__file__).resolve().parents[2] / "shared" / "data" / "tempeval3" / "train"
ARTICLES_PER_DAY = 100_000


def tml_as_jsonl(folders: list[Path], target: Path) -> Path:
    """TimeML documents as JSON Lines articles: the DCT is the publication day."""
    rows = []
    for folder in folders:
        for path in sorted(folder.glob("*.tml")):
            doc = timeml.read_file(path)
            rows.append(
                {"id": doc.docid, "published": doc.dct_day, "timezone": "UTC", "text": doc.text}
            )
    target.write_text("\n".join(json.dumps(r) for r in rows) + "\n", encoding="utf-8")
    return target


def dask_run(
    workers: int, sources: list[str], out: Path, partitions: int
) -> tuple[float, float, dask_engine.DaskBuildResult]:
    """(seconds to start the cluster, seconds to build, the build) with `workers`
    worker processes."""
    began = time.perf_counter()
    with dask_engine.connect(workers=workers) as client:  # the cluster the command starts
        client.run(nlp.load, nlp.model_name())  # each worker's model, loaded once, before the clock
        started = time.perf_counter() - began
        began = time.perf_counter()
        result = dask_engine.run(client, sources, out, partitions=partitions)
        return started, time.perf_counter() - began, result


def same_table(a: pd.DataFrame, b: pd.DataFrame) -> bool:
    return (
        a.sort_values("event_id")
        .reset_index(drop=True)
        .equals(b.sort_values("event_id").reset_index(drop=True))
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=" ".join(__doc__.split("\n\n")[0].split()))
    parser.add_argument(
        "tml", nargs="*", type=Path, default=[TEMPEVAL / "timebank", TEMPEVAL / "aquaint"]
    )
    parser.add_argument(
        "--sources",
        nargs="*",
        default=[],
        help="article files or folders read as they are, besides the TimeML",
    )
    parser.add_argument(
        "--partitions", type=int, default=16, help="article partitions, the same for both Dask runs"
    )
    args = parser.parse_args(argv)

    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        sources = list(args.sources)
        folders = [f for f in args.tml if f.exists()]
        if folders:
            sources.append(str(tml_as_jsonl(folders, work / "tml.jsonl")))
        if not sources:
            print(f"no input: {TEMPEVAL} is absent and no --sources given")
            return 1
        load_before = os.getloadavg()
        model = nlp.load()
        began = time.perf_counter()
        local = build.build(sources, model=model)
        local_s = time.perf_counter() - began
        n = len(local.processed)
        runs = {w: dask_run(w, sources, work / f"dask-{w}", args.partitions) for w in (1, 2)}
        same = [same_table(local.events, table.load_events(work / f"dask-{w}")) for w in runs]
        load_after = os.getloadavg()

    rate = {
        "in-process": n / local_s,
        **{f"dask, {w} worker{'s' * (w > 1)}": n / runs[w][1] for w in runs},
    }
    print(
        f"{n} articles processed ({len(local.report)} in), {len(local.events)} events; "
        f"{args.partitions} partitions; {os.cpu_count()} cores; "
        f"load average {load_before[0]:.2f} before, {load_after[0]:.2f} after"
    )
    print(f"in-process:        {local_s:7.1f} s  {rate['in-process']:6.2f} articles/s")
    for w, (started, seconds, result) in runs.items():
        label = f"dask, {w} worker{'s' * (w > 1)}"
        steps = ", ".join(f"{name} {s:.1f} s" for name, s in result.stages.items())
        print(
            f"{label + ':':<18} {seconds:7.1f} s  {rate[label]:6.2f} articles/s  "
            f"({steps}; cluster start {started:.1f} s, {result.events} events)"
        )
    one, two = n / runs[1][1], n / runs[2][1]
    print(
        f"same table as in-process: {'yes' if all(same) else 'NO'} "
        "(every column, rows matched by event id)"
    )
    print(f"dask 1 worker / in-process:    {one / rate['in-process']:.2f}")
    print(
        f"scaling efficiency (2 workers): {two / (2 * one):.2f}  "
        "(2-worker throughput / (2 x 1-worker throughput); target 0.80)"
    )
    per_core = two / 2
    print(
        f"per core: {per_core:.2f} articles/s = {per_core * 86_400:,.0f} articles/day; "
        f"{ARTICLES_PER_DAY:,} articles/day keep "
        f"{ARTICLES_PER_DAY / 86_400 / per_core:.1f} cores busy at this rate, "
        f"before headroom for bursts"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
