"""Command line: `python -m pipeline build SRC [SRC ...] -o data/events.parquet`."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from . import build as build_step
from . import nlp, table


def _bar(stream):
    def show(done: int, total: int, article_id: str) -> None:
        width = 30
        filled = width * done // max(total, 1)
        stream.write(f"\r[{'#' * filled}{'.' * (width - filled)}] {done}/{total} {article_id[:40]:<40}")
        if done == total:
            stream.write("\n")
        stream.flush()

    return show


def print_report(result: build_step.BuildResult, out=sys.stdout) -> None:
    report = result.report
    processed, rejected = result.processed, result.rejected
    out.write(
        f"{len(report)} articles: {len(processed)} processed, {len(rejected)} rejected; "
        f"{len(result.events)} events, {int(processed['expressions'].sum())} date expressions "
        f"({int(processed['unresolved'].sum())} unresolved) in {result.seconds:.1f} s\n"
    )
    for row in processed.itertuples():
        note = f"  ({row.reason})" if row.reason else ""
        out.write(f"  processed  {row.article_id}: {row.events} events, {row.expressions} expressions, {row.unresolved} unresolved, published {row.published}{note}\n")
    for row in rejected.itertuples():
        out.write(f"  rejected   {row.article_id} [{row.source}]: {row.reason}\n")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m pipeline", description="Build the Timeline Desk event table.")
    commands = parser.add_subparsers(dest="command", required=True)
    build_cmd = commands.add_parser("build", help="read articles and write the event table")
    build_cmd.add_argument("sources", nargs="+", help="article files or folders (.txt/.md with front matter, .jsonl, .csv)")
    build_cmd.add_argument("-o", "--output", default="data/events.parquet", help="Parquet file to write")
    build_cmd.add_argument("--report", help="also write the build report as CSV here")
    args = parser.parse_args(argv)

    try:
        model = nlp.load()
    except nlp.ModelMissing as err:
        print(err, file=sys.stderr)
        return 2
    result = build_step.build(args.sources, model=model, progress=_bar(sys.stderr))
    print_report(result)
    if result.report.empty:
        print("no articles found in " + ", ".join(args.sources), file=sys.stderr)
        return 1
    path = table.save_events(result.events, args.output)
    if args.report:
        result.report.to_csv(args.report, index=False)
    print(f"wrote {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
