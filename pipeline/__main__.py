"""Command line: `python -m pipeline build SRC [SRC ...] -o data/events.parquet`,
`python -m pipeline timeml IN_DIR -o OUT_DIR`."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import pandas as pd

from . import build as build_step
from . import cache, nlp, output, table, timeml
from .text import for_terminal as shown
from .text import inert_cell


def _bar(stream):
    def show(done: int, total: int, article_id: str) -> None:
        width = 30
        filled = width * done // max(total, 1)
        name = shown(article_id)[:40]
        stream.write(f"\r[{'#' * filled}{'.' * (width - filled)}] {done}/{total} {name:<40}")
        if done == total:
            stream.write("\n")
        stream.flush()

    return show


def _event_count(result) -> int:
    """The Dask engine writes its events straight to disk and hands back only their number."""
    return result.events if isinstance(result.events, int) else len(result.events)


def _date_not_from_metadata(evidence) -> bool:
    """Dates read from the address or the text are shown with their evidence, for the user to check."""
    return isinstance(evidence, str) and (
        "address" in evidence or "no publication date in the metadata" in evidence
    )


def print_report(result: build_step.BuildResult, out=None) -> None:
    out = out or sys.stdout
    report = result.report
    processed, rejected = result.processed, result.rejected
    out.write(
        f"{len(report)} articles: {len(processed)} processed, {len(rejected)} rejected; "
        f"{_event_count(result)} events, {int(processed['expressions'].sum())} date expressions "
        f"({int(processed['unresolved'].sum())} unresolved) in {result.seconds:.1f} s\n"
    )
    if getattr(result, "reused", None) is not None:  # only a build that keeps readings counts them
        out.write(
            f"{result.reused} of {len(processed)} processed articles reused from the previous build (unchanged)\n"
        )
    if getattr(result, "cache_note", None):
        out.write(f"{shown(result.cache_note)}\n")
    for row in processed.itertuples():
        notes = [
            str(n)
            for n in (row.reason, row.evidence if _date_not_from_metadata(row.evidence) else None)
            if pd.notna(n) and n
        ]
        note = f"  ({shown('; '.join(notes))})" if notes else ""
        out.write(
            f"  processed  {shown(row.article_id)}: {row.events} events, "
            f"{row.expressions} expressions, {row.unresolved} unresolved, "
            f"published {shown(row.published)}{note}\n"
        )
    for row in rejected.itertuples():
        out.write(
            f"  rejected   {shown(row.article_id)} [{shown(row.source)}]: {shown(row.reason)}\n"
        )


def run_timeml(source: Path, target: Path, model, out=None) -> int:
    """Re-annotate every .tml in `source` with the engine, DCT as the publication day."""
    import time

    out = out or sys.stdout
    from .timex import find_expressions

    paths = sorted(source.glob("*.tml"))
    if not paths:
        print(f"no .tml files in {source}", file=sys.stderr)
        return 1
    began = time.perf_counter()
    docs = [timeml.read_file(p) for p in paths]
    target.mkdir(parents=True, exist_ok=True)
    written = skipped = unresolved = 0
    for path, doc, parsed in zip(paths, docs, model.pipe([d.text for d in docs], batch_size=16)):
        expressions = timeml.non_overlapping(find_expressions(parsed, timeml.context_of(doc)))
        markup, crossing = timeml.write(doc, expressions)
        (target / path.name).write_text(markup, encoding="utf-8")
        written += len(expressions) - len(crossing)
        skipped += len(crossing)
        unresolved += sum(1 for t in expressions if t.value is None and t not in crossing)
    out.write(
        f"{len(docs)} TimeML files: {written} TIMEX3 written ({unresolved} without a value), "
        f"{skipped} skipped crossing a kept tag, in {time.perf_counter() - began:.1f} s -> {target}\n"
    )
    return 0


def _positive(value: str) -> int:
    number = int(value)
    if number < 1:
        raise argparse.ArgumentTypeError(f"must be 1 or more, not {number}")
    return number


def run_dask(args) -> int:
    """The build on a Dask cluster (pipeline/dask_engine.py); dask is imported only here."""
    from . import dask_engine

    try:
        result = dask_engine.build(
            args.sources, args.output, scheduler=args.scheduler, partitions=args.partitions
        )
    except dask_engine.DaskMissing as err:
        print(err, file=sys.stderr)
        return 2
    except OSError as err:
        print(shown(output.failure_line(args.output, err)), file=sys.stderr)
        return 2
    print_report(result)
    if args.report and not _write_report(result, args.report):
        return 2
    if result.path is None:
        print(f"no article could be processed; {args.output} was not written", file=sys.stderr)
        return 1
    print(
        f"wrote {result.path} (one folder per month) with {result.workers} workers, {result.partitions} partitions"
    )
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m pipeline", description="Build the Timeline Desk event table."
    )
    commands = parser.add_subparsers(dest="command", required=True)
    build_cmd = commands.add_parser("build", help="read articles and write the event table")
    build_cmd.add_argument(
        "sources",
        nargs="+",
        help="article files or folders (.txt/.md with front matter, .jsonl, .csv)",
    )
    build_cmd.add_argument(
        "-o", "--output", default="data/events.parquet", help="Parquet file to write"
    )
    build_cmd.add_argument("--report", help="also write the build report as CSV here")
    build_cmd.add_argument(
        "-j",
        "--jobs",
        type=_positive,
        default=1,
        help="worker processes reading articles (default 1)",
    )
    build_cmd.add_argument(
        "--cache",
        help="folder keeping each article's reading between builds (default: beside the output, NAME-cache)",
    )
    build_cmd.add_argument(
        "--no-cache",
        action="store_true",
        help="read every article again: forget the readings kept from earlier builds",
    )
    build_cmd.add_argument(
        "--engine",
        choices=("process", "dask"),
        default="process",
        help="process: this machine, in --jobs processes (default); dask: a Dask cluster, writing a folder partitioned by month",
    )
    build_cmd.add_argument(
        "--scheduler",
        help="with --engine dask: address of an existing cluster's scheduler (default: a new one on this machine's cores)",
    )
    build_cmd.add_argument(
        "--partitions",
        type=_positive,
        help="with --engine dask: article partitions (default: 4 per worker)",
    )
    timeml_cmd = commands.add_parser(
        "timeml", help="annotate TimeML files with the engine's TIMEX3"
    )
    timeml_cmd.add_argument("input", help="folder of .tml files")
    timeml_cmd.add_argument(
        "-o", "--output", required=True, help="folder to write the same-named files to"
    )
    args = parser.parse_args(argv)

    if args.command == "build":
        try:
            output.check(args.output, args.sources, args.report)
        except output.OutputRefused as err:
            print(shown(err), file=sys.stderr)
            return 2
        output.remove_leftovers(args.output)
    try:
        model = nlp.load()
    except nlp.ModelMissing as err:
        print(err, file=sys.stderr)
        return 2
    if args.command == "timeml":
        return run_timeml(Path(args.input), Path(args.output), model)
    if args.engine == "dask":
        return run_dask(args)
    folder = Path(args.cache) if args.cache else cache.default_folder(args.output)
    if args.no_cache:
        cache.clear(folder)  # a full rebuild, whose readings are kept for the next one
    result = build_step.build(
        args.sources, model=model, progress=_bar(sys.stderr), jobs=args.jobs, cache_folder=folder
    )
    print_report(result)
    if args.report and not _write_report(result, args.report):
        return 2
    if result.processed.empty:
        # an empty table written over a good one would lose the user's timeline
        print(f"no article could be processed; {args.output} was not written", file=sys.stderr)
        return 1
    try:
        path = table.save_events(result.events, args.output)
    except OSError as err:
        print(shown(output.failure_line(args.output, err)), file=sys.stderr)
        return 2
    print(f"wrote {path}")
    return 0


def _write_report(result, path: str) -> bool:
    """The report file, written even when no article could be processed: that is when the
    user needs it most. False (with the reason printed) when the system refuses it."""
    try:
        report = result.report.astype(object).map(inert_cell)  # opened in spreadsheets too
        report.to_csv(path, index=False, lineterminator="\r\n")
    except OSError as err:
        print(
            shown(f"cannot write the report {err.filename or path}: {err.strerror}"),
            file=sys.stderr,
        )
        return False
    return True


if __name__ == "__main__":
    sys.exit(main())
