"""How merge time grows with the corpus: seconds at 256, 1,024, 4,096, 16,384 and 65,536
articles and the ratio per doubling, all in one run.

    python -m benchmarks.merge_scaling [TML_DIR] [--base N] [--sizes 256 1024 ...]

Parsing thousands of articles would measure the parse, so the corpus is made: `--base`
TimeBank documents created within BASE_DAYS of BASE_FROM (../shared/data/tempeval3/train/
timebank, the Wall Street Journal of October and November 1989, each document's creation
day as its publication day) are read once through the build's per-article steps and the
cross-article stage's row half (`stage.read_rows`: canonical names, placed venues), and
their rows are then repeated with distinct article and event ids and shifted dates. Copies
come in twins TWIN_DAYS apart, whose reports of one happening can merge (with a conflict:
their dates differ); each pair of twins lies BASE_DAYS + 2 * MAX_GAP after the one before,
so no report of one pair can merge with another pair's. A larger corpus covers more weeks
at the same number of reports a week, as a newsroom's archive grows.

The timed step is the merge alone (`merge.merge_group` over the whole table, one process).
Doubling the articles doubles the rows, so a linear merge gives a ratio of 2 per doubling;
the target is at most 2.3. The machine is shared, so the load average is printed beside
the figures: compare the ratios, not the seconds, across runs. Beside the wall-clock seconds
the run prints the merge's own CPU seconds (`time.process_time`, one thread): when other work
on the machine comes and goes between sizes, the wall clock's ratio measures that work too,
and the CPU seconds' ratio is the one the target is judged on.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import tempfile
import time
from pathlib import Path

import pandas as pd

from pipeline import actors, articles, build, jobs, merge, nlp, schema, timeml
from pipeline.corpus import names, stage

TIMEBANK = Path(__file__).resolve().parents[2] / "shared" / "data" / "tempeval3" / "train"
DEFAULT_SIZES = (256, 1024, 4096, 16384, 65536)
BASE_FROM = "1989-10-01"
BASE_DAYS = 61
TWIN_DAYS = 2  # within merge.MAX_GAP of its twin
PAIR_DAYS = BASE_DAYS + 2 * merge.MAX_GAP.days
TARGET_RATIO = 2.3


def base_rows(folder: Path, count: int, model) -> list[dict]:
    """The first `count` TimeML documents' event rows as the merge receives them."""
    first = pd.Timestamp(BASE_FROM)
    lines: list[str] = []
    for path in sorted(folder.rglob("*.tml")):
        doc = timeml.read_file(path)
        if not first <= pd.Timestamp(doc.dct_day) < first + pd.Timedelta(days=BASE_DAYS):
            continue
        if len(lines) == count:
            break
        lines.append(
            json.dumps(
                {"id": doc.docid, "published": doc.dct_day, "timezone": "UTC", "text": doc.text}
            )
        )
    with tempfile.TemporaryDirectory() as tmp:
        source = Path(tmp) / "timebank.jsonl"
        source.write_text("\n".join(lines) + "\n", encoding="utf-8")
        frame, _ = articles.read_articles([source])
    records = [build.clean_record(r) for r in frame.to_dict("records")]
    aliases = actors.load_aliases()
    results, _, _ = jobs.read_all(records, aliases, model=model)
    rows = [row for result in results for row in result.rows]
    table = stage.read_rows(rows, names.gather(results), aliases)
    return table.drop(columns=["reports"]).to_dict("records")


def copies(rows: list[dict], articles_per_copy: int, articles: int) -> pd.DataFrame:
    """`articles` articles' rows: the base repeated, copy k with ids suffixed and dates
    shifted by PAIR_DAYS for each pair of twins before it and TWIN_DAYS for the second twin;
    the last copy cut to the articles still wanted."""
    by_article: dict[str, list[dict]] = {}
    for row in rows:
        by_article.setdefault(row["article_id"], []).append(row)
    ids = sorted(by_article)
    made = []
    for n in range(articles):
        k, article = divmod(n, articles_per_copy)
        shift = pd.Timedelta(days=PAIR_DAYS * (k // 2) + TWIN_DAYS * (k % 2))
        new_id = f"{ids[article]}~{k}"
        for row in by_article[ids[article]]:
            copy = dict(row)
            copy["article_id"] = new_id
            copy["event_id"] = f"{row['event_id']}~{k}"
            copy["sources"] = [new_id]
            for column in ("start", "end"):
                if not pd.isna(copy[column]):
                    copy[column] = copy[column] + shift
            made.append(copy)
    return schema.conform(made)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", nargs="?", type=Path, default=TIMEBANK / "timebank")
    parser.add_argument("--base", type=int, default=64, help="TimeML documents read")
    parser.add_argument("--sizes", type=int, nargs="+", default=list(DEFAULT_SIZES))
    args = parser.parse_args(argv)
    if not args.folder.is_dir():
        print(f"no TimeML folder at {args.folder}: nothing to measure")
        return 0
    rows = base_rows(args.folder, args.base, nlp.load())
    per_copy = len({row["article_id"] for row in rows})
    print(
        f"base: {per_copy} TimeBank documents, {len(rows)} rows; twin copies {TWIN_DAYS} days "
        f"apart, pairs {PAIR_DAYS} days apart; load average {os.getloadavg()[0]:.2f} at the start"
    )
    print(
        f"{'articles':>9} {'rows':>8} {'merged':>8} {'merge s':>9} {'per doubling':>13} "
        f"{'CPU s':>9} {'per doubling':>13} {'load':>6}"
    )
    previous: tuple[int, float, float] | None = None
    worst = worst_wall = 0.0
    for size in sorted(args.sizes):
        table = copies(rows, per_copy, size)
        began, cpu = time.perf_counter(), time.process_time()
        merged = merge.merge_group(table)
        seconds, cpu = time.perf_counter() - began, time.process_time() - cpu
        wall_rate = cpu_rate = ""
        if previous is not None:
            doublings = math.log2(size / previous[0])
            wall = (seconds / previous[1]) ** (1 / doublings)
            rate = (cpu / previous[2]) ** (1 / doublings)
            worst, worst_wall = max(worst, rate), max(worst_wall, wall)
            wall_rate, cpu_rate = f"{wall:.2f}", f"{rate:.2f}"
        print(
            f"{size:>9} {len(table):>8} {len(merged):>8} {seconds:>9.2f} {wall_rate:>13} "
            f"{cpu:>9.2f} {cpu_rate:>13} {os.getloadavg()[0]:>6.2f}",
            flush=True,
        )
        previous = (size, seconds, cpu)
    verdict = "meets" if worst <= TARGET_RATIO else "misses"
    print(
        f"largest ratio per doubling of CPU seconds {worst:.2f} ({verdict} the target "
        f"{TARGET_RATIO}), of wall seconds {worst_wall:.2f}; load average "
        f"{os.getloadavg()[0]:.2f} at the end"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
