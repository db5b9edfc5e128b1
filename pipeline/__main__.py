"""Command line: `python -m pipeline build SRC [SRC ...] -o data/events.parquet`,
`python -m pipeline fetch ADDRESS|FILE.html|DIR|--feed FEED ... -o data/articles/`,
`python -m pipeline timeml IN_DIR -o OUT_DIR`."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from . import build as build_step
from . import cache, nlp, output, table
from . import jobs as jobs_step
from .text import for_terminal as shown
from .text import inert_cell

if TYPE_CHECKING:
    from .dask_engine import DaskBuildResult


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
    """Dates read from the address or the text are shown with their evidence, for the
    user to check."""
    return isinstance(evidence, str) and (
        "address" in evidence or "no publication date in the metadata" in evidence
    )


def print_report(result: build_step.BuildResult | DaskBuildResult, out=None) -> None:
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
            f"{result.reused} of {len(processed)} processed articles reused from the previous "
            "build (unchanged)\n"
        )
    cache_note = getattr(result, "cache_note", None)  # a build that keeps readings may note one
    if cache_note:
        out.write(f"{shown(cache_note)}\n")
    for row in processed.itertuples():
        notes = [
            str(n)
            for n in (row.reason, row.evidence if _date_not_from_metadata(row.evidence) else None)
            if isinstance(n, str) and n  # NaN and None: no reason, no evidence to show
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


# Exit statuses of `python -m pipeline timeml`.
TIMEML_ALL_WRITTEN = 0
TIMEML_NONE_WRITTEN = 1  # no .tml file in the folder, or none of them could be read
TIMEML_SOME_SKIPPED = 3  # the others were written; each skipped file is named with its reason


def run_timeml(source: Path, target: Path, model, out=None, err=None) -> int:
    """Re-annotate every .tml in `source` with the engine, DCT as the publication day.

    One document that cannot be read or annotated is skipped with its name and reason and
    the others are still written: a corpus of hundreds of files should not be lost to one.
    """
    import time

    from . import timeml  # its XML readers and writers: a build needs none of them
    from .dates import find_expressions

    out = out or sys.stdout
    err = err or sys.stderr

    paths = sorted(source.glob("*.tml"))
    if not paths:
        err.write(f"no .tml files in {shown(str(source))}\n")
        return TIMEML_NONE_WRITTEN
    began = time.perf_counter()
    failed: list[tuple[Path, str]] = []
    readable: list[tuple[Path, timeml.TimeMLDoc]] = []
    for path in paths:
        try:
            readable.append((path, timeml.read_file(path)))
        except ValueError as error:
            failed.append((path, str(error)))
    target.mkdir(parents=True, exist_ok=True)
    files = written = crossing_count = unresolved = 0
    parses = nlp.parse(model, [doc.text for _, doc in readable])
    for (path, doc), parsed in zip(readable, parses, strict=True):
        try:
            expressions = timeml.non_overlapping(find_expressions(parsed, timeml.context_of(doc)))
            markup, crossing = timeml.write(doc, expressions)
        except Exception as error:  # one document the engine trips on must not stop the rest
            failed.append((path, f"the engine failed on it: {type(error).__name__}: {error}"))
            continue
        (target / path.name).write_text(markup, encoding="utf-8")
        files += 1
        written += len(expressions) - len(crossing)
        crossing_count += len(crossing)
        unresolved += sum(1 for t in expressions if t.value is None and t not in crossing)
    for path, reason in sorted(failed):
        err.write(f"  skipped  {shown(path.name)}: {shown(reason)}\n")
    out.write(
        f"{files} of {len(paths)} TimeML files written ({len(failed)} skipped): "
        f"{written} TIMEX3 ({unresolved} without a value), "
        f"{crossing_count} left out crossing a kept tag, in {time.perf_counter() - began:.1f} s "
        f"-> {shown(str(target))}\n"
    )
    if not files:
        return TIMEML_NONE_WRITTEN
    return TIMEML_SOME_SKIPPED if failed else TIMEML_ALL_WRITTEN


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
        f"wrote {result.path} (one folder per month) with {result.workers} workers, "
        f"{result.partitions} partitions"
    )
    return 0


def run_fetch(args, out=None) -> int:
    """Pages and feeds into article files (pipeline/web.py); no model is needed for this."""
    from . import fetch, web

    out = out or sys.stdout
    if not args.inputs and not args.feed:
        print("nothing to fetch: give addresses, .html files, folders or --feed", file=sys.stderr)
        return 2
    limits = fetch.Limits.from_environment()
    outcomes = web.fetch_articles(
        args.inputs,
        Path(args.output),
        feed_addresses=args.feed,
        limits=limits,
        progress=_bar(sys.stderr),
    )
    counts = {status: sum(o.status == status for o in outcomes) for status in web.STATUSES}
    out.write(
        f"{len(outcomes)} inputs: {counts['written']} written, {counts['held']} already held, "
        f"{counts['refused']} refused ({limits.describe()})\n"
    )
    for outcome in outcomes:
        out.write(web.describe(outcome) + "\n")
    out.write(f"articles in {args.output}\n")
    return 0 if counts["written"] or counts["held"] else 1


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m pipeline", description="Build the Timeline Desk event table."
    )
    commands = parser.add_subparsers(dest="command", required=True)
    build_cmd = commands.add_parser("build", help="read articles and write the event table")
    build_cmd.add_argument(
        "sources",
        nargs="+",
        help="article files or folders (.txt/.md with front matter, .jsonl, .csv, saved .html)",
    )
    build_cmd.add_argument(
        "-o", "--output", default="data/events.parquet", help="Parquet file to write"
    )
    build_cmd.add_argument("--report", help="also write the build report as CSV here")
    build_cmd.add_argument(
        "-j",
        "--jobs",
        type=_positive,
        default=None,
        help="worker processes reading articles (default: every core once there are "
        f"{jobs_step.ARTICLES_PER_WORKER} articles to read per core, else 1)",
    )
    build_cmd.add_argument(
        "--cache",
        help="folder keeping each article's reading between builds "
        "(default: beside the output, NAME-cache)",
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
        help="process: this machine, in --jobs processes (default); "
        "dask: a Dask cluster, writing a folder partitioned by month",
    )
    build_cmd.add_argument(
        "--scheduler",
        help="with --engine dask: address of an existing cluster's scheduler "
        "(default: a new one on this machine's cores)",
    )
    build_cmd.add_argument(
        "--partitions",
        type=_positive,
        help="with --engine dask: article partitions (default: 4 per worker)",
    )
    timeml_cmd = commands.add_parser(
        "timeml",
        help="annotate TimeML files with the engine's TIMEX3",
        epilog=(
            "A file that cannot be read (not UTF-8, empty, malformed XML, nested TIMEX3, no "
            "creation time) is skipped with its name and reason and the others are written. "
            f"Exit status: {TIMEML_ALL_WRITTEN} every file written, {TIMEML_SOME_SKIPPED} some "
            f"skipped, {TIMEML_NONE_WRITTEN} none written, 2 no spaCy model."
        ),
    )
    timeml_cmd.add_argument("input", help="folder of .tml files")
    timeml_cmd.add_argument(
        "-o", "--output", required=True, help="folder to write the same-named files to"
    )
    fetch_cmd = commands.add_parser(
        "fetch", help="turn web pages, saved .html files and feeds into article files"
    )
    fetch_cmd.add_argument(
        "inputs", nargs="*", help="web addresses, saved .html files or folders of them"
    )
    fetch_cmd.add_argument(
        "--feed", action="append", default=[], help="an RSS or Atom feed: its new items only"
    )
    fetch_cmd.add_argument(
        "-o", "--output", default="data/articles", help="folder to write the articles to"
    )
    args = parser.parse_args(argv)
    if args.command == "fetch":
        return run_fetch(args)

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
