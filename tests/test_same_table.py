"""The same articles give the same table every time: whatever the hash seed of the process,
the number of worker processes or the engine, every column of every row is equal.

Each build is a fresh `python -m pipeline build` (a hash seed is fixed when a process starts)
with no kept readings. The corpus is the sample articles, plus, when ../shared is beside the
checkout, the TimeBank documents whose places have namesakes in other time zones
(Louisville, Istanbul), given no time zone so that the place named sets the clock: the
choice of a place's clock once depended on set order.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest
from conftest import ROOT, SAMPLE_ARTICLES, SHARED

from pipeline import table, timeml

TIMEBANK = SHARED / "data" / "tempeval3" / "train" / "timebank"
NAMESAKE_DOCUMENTS = ("APW19980308.0201.tml", "wsj_0356.tml", "wsj_0695.tml")

# (what differs from the reference build, hash seed, extra arguments)
VARIANTS = [
    ("another hash seed", "4242", []),
    ("two worker processes", "7", ["--jobs", "2"]),
    ("the Dask engine", "99", ["--engine", "dask", "--partitions", "3"]),
]
REFERENCE = ("one process", "0", ["--jobs", "1"])


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> list[str]:
    sources = [str(SAMPLE_ARTICLES)]
    paths = [TIMEBANK / name for name in NAMESAKE_DOCUMENTS if (TIMEBANK / name).exists()]
    if paths:
        docs = [timeml.read_file(p) for p in paths]
        rows = [{"id": d.docid, "published": d.dct_day, "text": d.text} for d in docs]
        lines = tmp_path_factory.mktemp("corpus") / "timebank.jsonl"
        lines.write_text("\n".join(json.dumps(r) for r in rows) + "\n", encoding="utf-8")
        sources.append(str(lines))
    return sources


def build_in_a_new_process(
    corpus: list[str], folder: Path, seed: str, arguments: list[str]
) -> tuple[pd.DataFrame, str]:
    out, report = folder / "events.parquet", folder / "report.csv"
    command = [sys.executable, "-m", "pipeline", "build", *corpus, "-o", str(out)]
    command += ["--report", str(report), "--no-cache", "--cache", str(folder / "cache")]
    done = subprocess.run(
        command + arguments,
        cwd=ROOT,
        env={**os.environ, "PYTHONHASHSEED": seed},
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, (done.stdout + done.stderr)[-3000:]
    return table.load_events(out), report.read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def reference(corpus, tmp_path_factory):
    _, seed, arguments = REFERENCE
    return build_in_a_new_process(corpus, tmp_path_factory.mktemp("reference"), seed, arguments)


def in_build_order(events: pd.DataFrame) -> pd.DataFrame:
    """A month-partitioned folder has no row order of its own; the build's order is this."""
    keys = ["start", "article_id", "char_start", "event_id"]
    return events.sort_values(keys, na_position="last", kind="stable").reset_index(drop=True)


@pytest.mark.parametrize(("variant", "seed", "arguments"), VARIANTS, ids=[v[0] for v in VARIANTS])
def test_every_column_is_the_same(corpus, reference, tmp_path, variant, seed, arguments):
    events, report = build_in_a_new_process(corpus, tmp_path, seed, arguments)
    expected_events, expected_report = reference
    assert len(expected_events) > 100
    assert report == expected_report
    if "dask" in arguments:
        events, expected_events = in_build_order(events), in_build_order(expected_events)
    assert list(events.columns) == list(expected_events.columns)
    for column in expected_events.columns:
        pd.testing.assert_series_equal(events[column], expected_events[column], obj=column)
