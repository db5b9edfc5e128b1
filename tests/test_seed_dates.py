"""The seed articles' date expressions, checked against ../shared/acceptance/seed_dates.csv.

The expectations are read from the shared file, never copied here; this file only holds
each article's publication metadata (from ../shared/seeds/SOURCES.md) and how to compare.
"""

from __future__ import annotations

import csv
import re
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from pipeline.context import make_context
from pipeline.dates import Timex, find_expressions

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
ACCEPTANCE = SHARED / "acceptance"
SEEDS = SHARED / "seeds"
CSV = ACCEPTANCE / "seed_dates.csv"

# id -> (published, precision, place): the publication context SOURCES.md establishes.
METADATA = {
    "000": ("2025-10", "month", None),
    "001": ("2025-10-06", "day", None),
    "002": ("2024-01", "month", None),
    "003": ("2025-10-08", "day", "Egypt"),
    "004": ("2025-10-08", "day", "Egypt"),
}


def _rows() -> list[dict]:
    """The rows of seed_dates.csv.

    A quote may hold an unquoted comma (`release of Israeli hostages “within days,”`), which
    splits it into extra fields; such a row is rebuilt by joining the surplus back into the
    quote. The quote must still be an exact substring of the article, so a wrong repair fails.
    """
    if not CSV.exists():
        return []
    with open(CSV, newline="", encoding="utf-8") as handle:
        header, *records = list(csv.reader(handle))
    rows = []
    for fields in records:
        surplus = len(fields) - len(header)
        if surplus > 0:
            fields = [fields[0], ",".join(fields[1 : 2 + surplus]), *fields[2 + surplus :]]
        rows.append(dict(zip(header, fields, strict=True)))
    return rows


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def _row_id(row: dict) -> str:
    return f"{row['article'][:3]}:{_slug(row['expression'])}@{_slug(row['quote'])[:36]}"


def _params():
    params = []
    for row in _rows():
        params.append(pytest.param(row, id=_row_id(row)))
    if not params:
        params.append(
            pytest.param(
                None,
                id="no-acceptance-data",
                marks=pytest.mark.skip(
                    reason=(
                        f"{CSV} is absent: the acceptance data lives in ../shared "
                        "beside the checkout"
                    )
                ),
            )
        )
    return params


_cache: dict[str, tuple[str, list[Timex]]] = {}


def _article(model, name: str) -> tuple[str, list[Timex]]:
    """The article's text and expressions, parsed once per session."""
    if name not in _cache:
        published, precision, place = METADATA[name[:3]]
        context = make_context(name[:3], published, place=place)
        assert context.precision == precision
        text = (SEEDS / name).read_text(encoding="utf-8")
        _cache[name] = (text, find_expressions(model(text), context))
    return _cache[name]


def _allowed_end(note: str, end: str) -> tuple[str, str]:
    """A fuzzy row's note may allow slack on the end: "allow 2025-10-09 to 2025-10-16"."""
    m = re.search(r"allow (\d{4}-\d{2}-\d{2}) to (\d{4}-\d{2}-\d{2})", note)
    return (m.group(1), m.group(2)) if m else (end, end)


@pytest.mark.parametrize("row", _params())
def test_seed_date(model, row):
    text, expressions = _article(model, row["article"])
    at = text.find(row["quote"])
    assert at >= 0, f"quote not in {row['article']}: {row['quote']!r}"
    inside = [
        t
        for t in expressions
        if t.text == row["expression"]
        and at <= t.start_char
        and t.end_char <= at + len(row["quote"])
    ]
    assert len(inside) == 1, (
        f"expected {row['expression']!r} inside the quote, found "
        f"{[t.text for t in expressions if at <= t.start_char < at + len(row['quote'])]}"
    )
    t = inside[0]
    assert t.resolved and t.dated, t.explanation
    assert t.granularity == row["granularity"], t.explanation
    if row["granularity"] == "time":
        assert t.start == datetime.fromisoformat(row["start"]), t.explanation
        assert t.start <= datetime.fromisoformat(row["end"]) < t.end, t.explanation
        return
    first = t.start.date().isoformat()
    last = (t.end - timedelta(microseconds=1)).date().isoformat()
    assert first == row["start"], t.explanation
    if row["granularity"] == "fuzzy":
        low, high = _allowed_end(row["note"], row["end"])
        assert low <= last <= high, t.explanation
    else:
        assert last == row["end"], t.explanation
