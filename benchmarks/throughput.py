"""Whole-build throughput on the TempEval-3 news texts, beside spaCy's own speed on them.

    python -m benchmarks.throughput [DIR ...] [--repeat N] [--limit N] [--jobs N]
                                    [--batch-sizes 16,64,256] [--profile FILE]
                                    [--startup-only]

Each .tml document becomes one article whose publication day is its DCT. Every figure is
measured in the same run on the same texts, each in a fresh process (so each has its own
peak memory), the runs alternating so a busy neighbour on the machine slows all alike:

- spaCy's own speed: `nlp.pipe` over the texts at the model's own batch size, tokens per
  second counted as `spacy benchmark speed` counts words (tokens of the parsed docs);
- the whole build in one process, in the number of processes a plain build chooses
  (pipeline/jobs.py, `default_jobs`) and in `--jobs` processes (default: every core);
- start-up: a fresh interpreter importing the command and loading the model, before the
  first article is read, its wall and CPU seconds; beside it, fresh interpreters running only
  `import spacy`, only `import spacy; spacy.load(model)` (spaCy's own floor), and pandas with
  the model loaded as a build loads it, without the build's own modules (a build's floor).
  `--startup-only` times these alone.

Targets: one process at 90% or more of spaCy's own tokens/s, the plain build at 1.8x or more
of one process on two cores, start-up under 0.8 s. `--batch-sizes` also times the parse alone
at each batch size with its CPU time and peak memory (how pipeline/nlp.py's BATCH_SIZE was
chosen); `--profile` writes cProfile statistics of one whole build.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

import pandas as pd

from pipeline import articles, jobs, nlp, timeml

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_DIRS = ["../shared/data/tempeval3/train/timebank", "../shared/data/tempeval3/train/aquaint"]
SHARE_OF_SPACY = 0.9
PARALLEL_GAIN = 1.8
START_UP_SECONDS = 0.8


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


def _peak_mb() -> tuple[float, float]:
    """Peak resident memory of this process and of its largest finished child, in MB."""
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    child = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return own, child


def _cpu_seconds() -> float:
    used = [resource.getrusage(who) for who in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN)]
    return sum(u.ru_utime + u.ru_stime for u in used)


def measure(mode: str, folders: list[str], limit: int | None) -> dict:
    """One figure, in this (fresh) process: `spacy`, `pipe@B`, `build@N` (N processes, or
    `auto` for the plain build's choice) or `startup`."""
    from pipeline import build, nlp

    frame, rejected = articles.screen(article_frame(folders, limit), [])
    texts = list(frame["text"])
    model = nlp.load()
    list(model.pipe(texts[:8]))  # first calls allocate; a long build pays that once
    cpu, start = _cpu_seconds(), time.perf_counter()
    figures: dict = {"articles": len(texts), "rejected": len(rejected)}
    if mode == "spacy" or mode.startswith("pipe@"):
        batch = model.batch_size if mode == "spacy" else int(mode.split("@")[1])
        figures["tokens"] = sum(len(doc) for doc in model.pipe(texts, batch_size=batch))
        figures["batch"] = batch
    else:
        workers = mode.split("@")[1]
        count = None if workers == "auto" else int(workers)
        result = build.build_frame(frame, list(rejected), model=model, jobs=count)
        figures["events"] = len(result.events)
        figures["jobs"] = jobs.default_jobs(len(texts)) if count is None else count
    figures["seconds"] = time.perf_counter() - start
    figures["cpu"] = _cpu_seconds() - cpu
    figures["peak_mb"], figures["worker_peak_mb"] = _peak_mb()
    return figures


# A fresh interpreter running the command's imports and loading the model, as a build does
# before its first article; nothing else is imported first.
START_UP = """
import json, time
began = time.perf_counter()
import pipeline.__main__
from pipeline import nlp
imported = time.perf_counter()
nlp.load()
print(json.dumps({"imports": imported - began, "model": time.perf_counter() - imported}))
"""


# spaCy alone, as `python -c "import spacy"` and a bare `spacy.load` run it; then the floor of
# a build: pandas and the model loaded as a build loads it (spaCy without its command line,
# pipeline/nlp.py), none of the build's own modules.
FLOOR = "model + pandas"
SPACY_ALONE = {
    "import spacy": "import spacy",
    "spacy.load": f"import spacy; spacy.load({nlp.model_name()!r})",
    FLOOR: "import pandas\nfrom pipeline import nlp\nnlp.load()",
}
START_UPS = ["startup", *SPACY_ALONE]


def in_fresh_process(mode: str, args) -> dict:
    command = [sys.executable, "-m", "benchmarks.throughput", "--measure", mode, *args.folders]
    if args.limit:
        command += ["--limit", str(args.limit)]
    if mode == "startup":
        command = [sys.executable, "-c", START_UP]
    elif mode in SPACY_ALONE:  # spaCy imported first, as a program that does not use ours
        command = [sys.executable, "-c", f"{SPACY_ALONE[mode]}; print('{{}}')"]
    began, children = time.perf_counter(), resource.getrusage(resource.RUSAGE_CHILDREN)
    done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, check=False)
    if done.returncode:
        raise RuntimeError(f"{mode} failed:\n{done.stderr[-2000:]}")
    figures = json.loads(done.stdout.strip().splitlines()[-1])
    figures["wall"] = time.perf_counter() - began
    after = resource.getrusage(resource.RUSAGE_CHILDREN)  # the child's own CPU, start to end
    figures["process_cpu"] = (after.ru_utime + after.ru_stime) - (
        children.ru_utime + children.ru_stime
    )
    return figures


def print_startup(runs: dict[str, list[dict]]) -> float:
    """The start-up lines: the build's beside spaCy's own floor, wall and CPU medians; returns
    the build's median wall seconds. On a busy machine CPU seconds are the steadier figure."""

    def median(mode: str, key: str) -> float:
        return statistics.median(f[key] for f in runs[mode])

    startup = median("startup", "wall")
    inside = min(runs["startup"], key=lambda f: f["wall"])
    print(
        f"start-up before the first article (median of {len(runs['startup'])} fresh "
        f"interpreters): {startup:5.2f} s, CPU {median('startup', 'process_cpu'):5.2f} s (best: "
        f"imports {inside['imports']:.2f} s, model {inside['model']:.2f} s, the rest is the "
        "interpreter)"
    )
    print(
        "    beside spaCy alone (medians, fresh interpreters): "
        + "; ".join(
            f"{mode} {median(mode, 'wall'):5.2f} s, CPU {median(mode, 'process_cpu'):5.2f} s"
            for mode in SPACY_ALONE
        )
    )
    floor = median(FLOOR, "process_cpu")
    print(
        f"    start-up {median('startup', 'process_cpu') / floor:4.2f}x the CPU of the model and "
        f"pandas alone, loaded as a build loads them; the build's own modules: "
        f"{median('startup', 'process_cpu') - floor:+.2f} CPU s beyond them"
    )
    return startup


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folders", nargs="*", default=DEFAULT_DIRS)
    parser.add_argument("--repeat", type=int, default=2, help="runs of each; the best is reported")
    parser.add_argument("--limit", type=int, help="only the first N documents")
    parser.add_argument(
        "--jobs", type=int, default=jobs.cores(), help="also time the build in N processes"
    )
    parser.add_argument("--batch-sizes", help="also time the parse alone at these batch sizes")
    parser.add_argument("--profile", help="write cProfile statistics of one whole build here")
    parser.add_argument(
        "--startup-only", action="store_true", help="only the start-up, --repeat x 3 of each"
    )
    parser.add_argument("--measure", help=argparse.SUPPRESS)  # one figure, in a child process
    args = parser.parse_args(argv)
    if args.measure:
        print(json.dumps(measure(args.measure, args.folders, args.limit)))
        return 0
    if args.startup_only:
        load_before = os.getloadavg()[0]
        alone: dict[str, list[dict]] = {mode: [] for mode in START_UPS}
        for _ in range(3 * args.repeat):  # alternating, so a busy neighbour slows all alike
            for mode in START_UPS:
                alone[mode].append(in_fresh_process(mode, args))
        startup = print_startup(alone)
        verdict = "met" if startup <= START_UP_SECONDS else "NOT met"
        print(f"start-up <= {START_UP_SECONDS} s: {startup:.2f} s ({verdict})")
        print(f"load average {load_before:.2f} before, {os.getloadavg()[0]:.2f} after")
        return 0

    frame, _ = articles.screen(article_frame(args.folders, args.limit), [])
    if frame.empty:
        print(f"no readable .tml documents in {args.folders}")
        return 1
    builds = ["build@1", "build@auto"] + ([f"build@{args.jobs}"] if args.jobs > 1 else [])
    batches = [f"pipe@{b}" for b in args.batch_sizes.split(",")] if args.batch_sizes else []
    modes = ["spacy", *builds, *batches]
    runs: dict[str, list[dict]] = {mode: [] for mode in [*modes, *START_UPS]}
    load_before = os.getloadavg()[0]
    for _ in range(args.repeat):
        for mode in modes:
            runs[mode].append(in_fresh_process(mode, args))
        for _ in range(3):
            for mode in START_UPS:
                runs[mode].append(in_fresh_process(mode, args))
    best = {
        mode: min(found, key=lambda f: f.get("seconds", f["wall"])) for mode, found in runs.items()
    }
    tokens = best["spacy"]["tokens"]
    spacy_rate = tokens / best["spacy"]["seconds"]

    print(
        f"{best['spacy']['articles']} articles ({best['spacy']['rejected']} rejected), "
        f"{tokens:,} tokens, best of {args.repeat}, each in a fresh process; "
        f"{jobs.cores()} cores; load average {load_before:.2f} before, "
        f"{os.getloadavg()[0]:.2f} after"
    )
    print(
        f"spaCy's own speed (nlp.pipe, batch {best['spacy']['batch']}): "
        f"{best['spacy']['seconds']:7.2f} s {spacy_rate:8,.0f} tokens/s  "
        f"CPU {best['spacy']['cpu']:6.1f} s {tokens / best['spacy']['cpu']:8,.0f} tokens/CPU s  "
        f"peak {best['spacy']['peak_mb']:6,.0f} MB"
    )
    for mode in builds:
        figures = best[mode]
        rate = tokens / figures["seconds"]
        peak = max(figures["peak_mb"], figures["worker_peak_mb"])
        print(
            f"whole build, {figures['jobs']} process{'es' if figures['jobs'] > 1 else ''}"
            f"{' (plain build)' if mode == 'build@auto' else ''}: {figures['seconds']:7.2f} s "
            f"{rate:8,.0f} tokens/s = {rate / spacy_rate:5.1%} of spaCy's own; "
            f"{best['build@1']['seconds'] / figures['seconds']:4.2f}x one process; "
            f"peak {peak:6,.0f} MB per process"
        )
        if mode == "build@1":  # on a busy machine CPU time is the steadier figure of the two
            cpu_share = best["spacy"]["cpu"] / figures["cpu"]
            print(f"    CPU {figures['cpu']:6.1f} s = {cpu_share:5.1%} of spaCy's own tokens/CPU s")
    one = tokens / best["build@1"]["seconds"] / spacy_rate
    plain = best["build@1"]["seconds"] / best["build@auto"]["seconds"]
    startup = print_startup(runs)
    for mode in batches:
        figures = best[mode]
        print(
            f"parse alone, batch {figures['batch']:4}: {figures['seconds']:7.2f} s "
            f"CPU {figures['cpu']:6.1f} s  peak {figures['peak_mb']:6,.0f} MB"
        )
    print(
        f"targets: one process >= {SHARE_OF_SPACY:.0%} of spaCy's own: {one:.1%} "
        f"({'met' if one >= SHARE_OF_SPACY else 'NOT met'}); plain build >= {PARALLEL_GAIN}x one "
        f"process: {plain:.2f}x ({'met' if plain >= PARALLEL_GAIN else 'NOT met'}); start-up "
        f"<= {START_UP_SECONDS} s: {startup:.2f} s "
        f"({'met' if startup <= START_UP_SECONDS else 'NOT met'})"
    )
    if args.profile:
        import cProfile

        from pipeline import build, nlp

        names = {"build": build, "frame": frame, "model": nlp.load()}
        cProfile.runctx("build.build_frame(frame, [], model=model)", names, {}, args.profile)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
