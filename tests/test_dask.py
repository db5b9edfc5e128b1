"""The Dask engine: the same articles give the same table and the same report as the in-process
build, the table is a folder a view can read month by month, and a worker dying mid-build
loses no article.

One two-worker cluster and one build of each engine serve the whole module: a cluster takes
seconds to start, and a third of TimeBank (every third document, all its outlets) half a
minute to read. `python -m benchmarks.dask_scaling` checks the same equality on all of
TimeBank and AQUAINT.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys

import cloudpickle
import pandas as pd
import pytest
from conftest import ROOT, SAMPLE_ARTICLES, SHARED
from distributed import Client, LocalCluster
from distributed.diagnostics.plugin import WorkerPlugin

from pipeline import articles, build, dask_engine, dataset, table, timeml
from pipeline.__main__ import main

TIMEBANK = SHARED / "data" / "tempeval3" / "train" / "timebank"
cloudpickle.register_pickle_by_value(
    sys.modules[__name__]
)  # the plugin below travels to the workers by value


@pytest.fixture(scope="module")
def client():
    with (
        LocalCluster(
            n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None
        ) as cluster,
        Client(cluster) as c,
    ):
        yield c


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> list[str]:
    """The sample articles, TimeBank's texts (DCT as the publication day) when ../shared is
    there, and the inputs a build must reject: empty, a repeated id, one that crashes the
    pipeline."""
    folder = tmp_path_factory.mktemp("corpus")
    lines = [
        {"id": "empty-one", "text": "   "},
        {
            "id": "000_c0663247b7610df3",
            "published": "2025-10-08",
            "text": "A second article under the id of a sample article, read after it.",
        },
        {
            "id": "bad-clock",
            "published": "2025-10-08",
            "timezone": "Mars/Olympus",
            "text": "Talks resumed in Cairo on Tuesday, officials said.",
        },
    ]
    (folder / "odd.jsonl").write_text(
        "\n".join(json.dumps(line) for line in lines) + "\n", encoding="utf-8"
    )
    sources = [str(SAMPLE_ARTICLES), str(folder / "odd.jsonl")]
    if TIMEBANK.exists():
        docs = [timeml.read_file(p) for p in sorted(TIMEBANK.glob("*.tml"))[::3]]
        rows = [
            {"id": d.docid, "published": d.dct_day, "timezone": "UTC", "text": d.text} for d in docs
        ]
        (folder / "timebank.jsonl").write_text(
            "\n".join(json.dumps(r) for r in rows) + "\n", encoding="utf-8"
        )
        sources.append(str(folder / "timebank.jsonl"))
    return sources


@pytest.fixture(scope="module")
def in_process(corpus, model):
    return build.build(corpus, model=model)


@pytest.fixture(scope="module")
def on_dask(corpus, client, tmp_path_factory):
    out = tmp_path_factory.mktemp("dask") / "events.parquet"
    return dask_engine.run(client, corpus, out, partitions=6)


def by_id(events: pd.DataFrame) -> pd.DataFrame:
    return events.sort_values("event_id").reset_index(drop=True)


def test_both_engines_give_the_same_table(in_process, on_dask):
    events = table.load_events(on_dask.path)
    assert on_dask.events == len(in_process.events) == len(events)
    pd.testing.assert_frame_equal(by_id(events), by_id(in_process.events))


def test_both_engines_give_the_same_report_and_every_article_appears_once(
    in_process, on_dask, corpus
):
    pd.testing.assert_frame_equal(on_dask.report, in_process.report)
    ids = on_dask.report["article_id"]
    assert (
        ids.value_counts().max() == 2 and (ids == "000_c0663247b7610df3").sum() == 2
    )  # the repeated id, once per input
    reasons = on_dask.report.set_index("source")["reason"]
    assert (
        reasons[corpus[1] + ":2"]
        == "duplicate id: another article already has id 000_c0663247b7610df3"
    )
    assert reasons[corpus[1] + ":3"].startswith(
        "pipeline error: ValueError: unknown time zone 'Mars/Olympus'"
    )
    assert reasons[corpus[1] + ":1"].startswith("empty")
    if TIMEBANK.exists():
        assert len(on_dask.processed) == 5 + len(sorted(TIMEBANK.glob("*.tml"))[::3])


def test_the_table_is_a_folder_per_month_and_a_view_reads_only_its_months(in_process, on_dask):
    folders = {p.name for p in on_dask.path.iterdir()}
    months = dataset.month_of(in_process.events["start"])
    assert folders == {f"month={m}" for m in set(months)}
    october = table.load_events(on_dask.path, start="2025-10-01", end="2025-11-01")
    ev = in_process.events
    overlapping = ev[
        ev["start"].notna()
        & (ev["start"] < pd.Timestamp("2025-11-01", tz="UTC"))
        & (ev["end"] > pd.Timestamp("2025-10-01", tz="UTC"))
    ]
    assert len(october) > 0
    pd.testing.assert_frame_equal(by_id(october), by_id(overlapping))
    slim = table.load_events(on_dask.path, end="2025-01-01", columns=["event_id", "start"])
    assert list(slim.columns) == ["event_id", "start"]
    assert set(slim["event_id"]) == set(
        ev.loc[ev["start"] < pd.Timestamp("2025-01-01", tz="UTC"), "event_id"]
    )


def test_the_command_builds_on_an_existing_cluster_and_the_dashboard_opens_the_folder(
    client, sample_build, tmp_path, capsys
):
    out = tmp_path / "events.parquet"
    code = main(
        [
            "build",
            str(SAMPLE_ARTICLES),
            "--engine",
            "dask",
            "--scheduler",
            client.scheduler.address,
            "--partitions",
            "3",
            "-o",
            str(out),
        ]
    )
    assert code == 0 and out.is_dir()
    assert "5 articles: 5 processed, 0 rejected" in capsys.readouterr().out
    pd.testing.assert_frame_equal(
        by_id(build.load_or_build(out, SAMPLE_ARTICLES)), by_id(sample_build.events)
    )


def test_a_parquet_dataset_of_articles_builds_the_same_table(client, sample_build, tmp_path):
    frame, _ = articles.read_articles([SAMPLE_ARTICLES])
    folder = tmp_path / "articles"
    folder.mkdir()
    frame.iloc[:2].to_parquet(folder / "part-0.parquet", index=False)
    frame.iloc[2:].to_parquet(folder / "part-1.parquet", index=False)
    result = dask_engine.run(client, [folder], tmp_path / "events.parquet", partitions=3)
    pd.testing.assert_frame_equal(result.report, sample_build.report)
    pd.testing.assert_frame_equal(by_id(table.load_events(result.path)), by_id(sample_build.events))


class DieOnce(WorkerPlugin):
    """Kill the worker process the first time it starts reading a partition of articles."""

    name = "die-once"

    def __init__(self, flag: str):
        self.flag = flag

    def transition(self, key, start, finish, **kwargs):
        if (
            finish == "executing"
            and str(key).startswith(dask_engine.PROCESS_TASK)
            and not os.path.exists(self.flag)
        ):
            open(self.flag, "w").close()
            os._exit(1)


def test_a_worker_dying_mid_build_loses_no_article(client, sample_build, tmp_path):
    flag = tmp_path / "died"
    client.register_plugin(DieOnce(str(flag)))
    try:
        result = dask_engine.run(
            client, [SAMPLE_ARTICLES], tmp_path / "events.parquet", partitions=4
        )
    finally:
        client.unregister_worker_plugin(DieOnce.name)
    assert flag.exists()  # a worker did die reading a partition
    pd.testing.assert_frame_equal(result.report, sample_build.report)
    pd.testing.assert_frame_equal(by_id(table.load_events(result.path)), by_id(sample_build.events))


def test_the_default_build_needs_no_dask_and_the_dask_engine_names_what_to_install(tmp_path):
    script = f"""
import sys
sys.modules["dask"] = sys.modules["distributed"] = None  # as if not installed
import pipeline.__main__, pipeline.build, pipeline.table
assert not any(
    name.startswith(("dask", "distributed")) and sys.modules[name] for name in sys.modules
)
sys.exit(pipeline.__main__.main(
    ["build", {str(SAMPLE_ARTICLES)!r}, "--engine", "dask", "-o", {str(tmp_path / "out")!r}]
))
"""
    done = subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 2, done.stderr
    assert done.stderr.strip().splitlines()[-1] == dask_engine.INSTALL_HINT
    assert not (tmp_path / "out").exists()


def test_the_dask_engine_runs_the_same_cross_article_stage(client, model, tmp_path):
    """Names, venues, merge and salience as in one process (tests/test_corpus_stage.py)."""
    from test_corpus_stage import ARTICLES, _write

    folder = tmp_path / "in"
    folder.mkdir()
    for article_id in ARTICLES:
        _write(folder, article_id)
    result = dask_engine.run(client, [str(folder)], tmp_path / "events", partitions=2)
    events = table.load_events(result.path)
    arrival = events[events["action"].str.startswith("arrive")].iloc[0]
    assert list(arrival["actors"]) == ["Steve Witkoff"] and len(arrival["sources"]) == 2
    assert arrival["venue_timezone"] == "Africa/Cairo" and arrival["key_event"]
    pd.testing.assert_frame_equal(by_id(events), by_id(build.build([folder], model=model).events))
