"""Reading saved news pages: publication days and main text, beside simple baselines.

    python -m benchmarks.intake [--pages DIR] [--labels FILE] [--show N]

On `../shared/data/news-pages` (real pages from many outlets and languages, each with the
publication day a person established; see its SOURCE.md):

1. the share of pages whose publication day `pipeline.pages` finds right, beside "the date in
   the address" (a /YYYY/MM/DD/ path) and dateparser's first date in the page's text, all in
   the same run. A month or no date counts as not right; pages without an established day are
   scored apart (a date claimed for them is counted).
2. on the twenty English pages of `benchmarks/intake_labels.json` (furniture lines and the
   openings of main-text paragraphs, read off each page by hand), the share of furniture lines
   the extracted text leaves out, and the paragraphs it keeps, beside the whole page text.

Targets: at least 90% of days right, at least 95% of furniture gone, and no main-text
paragraph lost in more than one page in twenty.
"""

from __future__ import annotations

import argparse
import json
import math
import time
import warnings
from pathlib import Path

from pipeline import context, pages

ROOT = Path(__file__).resolve().parents[1]
PAGES = ROOT.parent / "shared" / "data" / "news-pages"
LABELS = Path(__file__).with_name("intake_labels.json")
DATEPARSER_CHARS = 20_000  # the first date is near the top; a whole page takes minutes


def page_text(raw: bytes) -> str:
    """Every piece of text in the page's body, scripts and styles left out: the baseline a
    reader gets by copying the whole page."""
    from lxml import html
    from trafilatura.utils import decode_file

    tree = html.document_fromstring(decode_file(raw))
    for element in tree.xpath("//script|//style|//noscript|//template"):
        element.drop_tree()
    body = tree.find(".//body")
    return (body if body is not None else tree).text_content()


def _flat(text: str) -> str:
    return " ".join(text.split())


def _gold(value) -> str | None:
    if not isinstance(value, str) or value.lower() == "nan":
        return None
    return value


def first_date_in_text(text: str) -> str | None:
    from dateparser.search import search_dates

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        found = search_dates(text[:DATEPARSER_CHARS], settings={"RETURN_AS_TIMEZONE_AWARE": False})
    return found[0][1].date().isoformat() if found else None


def score_dates(folder: Path, show: int) -> dict[str, float]:
    truth = json.loads((folder / "dates.json").read_text(encoding="utf-8"))
    methods = ("pipeline.pages", "date in the address", "dateparser's first date in the text")
    right = dict.fromkeys(methods, 0)
    seconds = dict.fromkeys(methods, 0.0)
    claimed_without_gold = dict.fromkeys(methods, 0)
    by_method: dict[str, list[int]] = {}
    misses: list[str] = []
    scored = undated = 0
    for address, item in truth.items():
        raw = (folder / "pages" / item["file"]).read_bytes()
        gold = _gold(item.get("date"))
        began = time.perf_counter()
        try:
            found = pages.read_page(raw, address=address).date
        except ValueError:
            found = pages.PageDate(None, "unknown", None, "no main text")
        seconds[methods[0]] += time.perf_counter() - began
        ours = found.published if found.precision == "day" else None
        began = time.perf_counter()
        value, _ = context.published_from_url(address)
        from_address = value if value and len(value) == 10 else None
        seconds[methods[1]] += time.perf_counter() - began
        began = time.perf_counter()
        from_text = first_date_in_text(page_text(raw))
        seconds[methods[2]] += time.perf_counter() - began
        answers = dict(zip(methods, (ours, from_address, from_text), strict=True))
        if gold is None:
            undated += 1
            for method, answer in answers.items():
                claimed_without_gold[method] += answer is not None
            continue
        scored += 1
        for method, answer in answers.items():
            right[method] += answer == gold
        tally = by_method.setdefault(found.published_by or "none", [0, 0])
        tally[0] += ours == gold
        tally[1] += 1
        if ours != gold:
            misses.append(
                f"    {item['file']}: day {gold}, found {found.published} ({found.evidence[:90]})"
            )
    print(f"Publication days on {scored} pages with an established day ({folder}):")
    baseline = right[methods[1]] or math.nan
    for method in methods:
        share = right[method] / scored
        print(
            f"  {method:<38} {right[method]:>3}/{scored} right = {share:6.1%}"
            f"  ({right[method] / baseline:4.2f}x the address)  {seconds[method]:6.1f} s"
        )
    print("  pipeline.pages by the method that found the date (right/pages):")
    for method, (good, total) in sorted(by_method.items()):
        print(f"    {method:<8} {good}/{total}")
    print(
        f"  {undated} pages have no established day; a day was claimed for "
        + ", ".join(f"{claimed_without_gold[m]} by {m}" for m in methods)
    )
    if show:
        print(f"  the first {min(show, len(misses))} of {len(misses)} pages not right:")
        print("\n".join(misses[:show]))
    return {"days right": right[methods[0]] / scored}


def score_furniture(folder: Path, labels_path: Path) -> dict[str, float]:
    labels = json.loads(labels_path.read_text(encoding="utf-8"))["pages"]
    readers = {
        "pipeline.pages": lambda raw: pages.read_page(raw).text,
        "the whole page text": page_text,
    }
    results = {}
    print(f"\nMain text on {len(labels)} hand-labelled English pages ({labels_path.name}):")
    for name, reader in readers.items():
        furniture = kept_out = paragraphs = kept = pages_losing = 0
        lost_where, stayed = [], []
        for file, label in labels.items():
            text = _flat(reader((folder / "pages" / file).read_bytes()))
            furniture += len(label["furniture"])
            kept_out += sum(_flat(line) not in text for line in label["furniture"])
            stayed += [
                f"{file}: {line[:70]!r}" for line in label["furniture"] if _flat(line) in text
            ]
            found = [_flat(p) in text for p in label["main"]]
            paragraphs += len(found)
            kept += sum(found)
            if not all(found):
                pages_losing += 1
                lost_where.append(file)
        share = kept_out / furniture
        results[name] = share
        print(
            f"  {name:<20} furniture left out {kept_out:>3}/{furniture} = {share:6.1%};"
            f" main-text paragraphs kept {kept}/{paragraphs};"
            f" pages losing a paragraph {pages_losing}/{len(labels)}"
            + (f" ({', '.join(lost_where)})" if lost_where else "")
        )
        if name == "pipeline.pages" and stayed:
            print("    furniture it kept: " + "; ".join(stayed))
    return {"furniture gone": results["pipeline.pages"]}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=Path, default=PAGES, help="the news-pages folder")
    parser.add_argument("--labels", type=Path, default=LABELS, help="the hand labels (JSON)")
    parser.add_argument("--show", type=int, default=10, help="list this many date misses")
    args = parser.parse_args(argv)
    if not (args.pages / "dates.json").exists():
        print(
            f"{args.pages / 'dates.json'} is absent: "
            "the pages live in ../shared beside the checkout"
        )
        return 1
    score_dates(args.pages, args.show)
    score_furniture(args.pages, args.labels)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
