"""Reading in several processes gives the same table as one, and a dying worker loses no article."""

from __future__ import annotations

import os

import pandas as pd
import pytest
from conftest import SAMPLE_ARTICLES

from pipeline import build, jobs

GOOD = (
    "Negotiators met in Cairo on Tuesday and agreed to resume the talks. "
    "The delegation will return to Doha next week."
)


def _same(a: build.BuildResult, b: build.BuildResult) -> None:
    pd.testing.assert_frame_equal(a.events, b.events)
    pd.testing.assert_frame_equal(a.report, b.report)


def test_two_workers_give_the_same_table_as_one(model, sample_build):
    parallel = build.build([SAMPLE_ARTICLES], model=model, jobs=2)
    assert len(parallel.events) > 50
    _same(sample_build, parallel)


def test_the_progress_bar_counts_every_article_when_workers_read_them(model):
    seen = []
    build.build(
        [SAMPLE_ARTICLES],
        model=model,
        jobs=2,
        progress=lambda done, total, aid: seen.append((done, total)),
    )
    assert [done for done, _ in seen] == [1, 2, 3, 4, 5] and {total for _, total in seen} == {5}


def test_an_article_that_kills_its_worker_is_rejected_and_the_others_are_read(
    tmp_path, model, monkeypatch
):
    for i in range(5):
        (tmp_path / f"a{i}.txt").write_text(
            f"---\nid: a{i}\npublished: 2025-10-08\n---\n{GOOD} Story {i}.", encoding="utf-8"
        )
    (tmp_path / "killer.txt").write_text(
        f"---\nid: killer\npublished: 2025-10-08\n---\n{GOOD}", encoding="utf-8"
    )
    real = build.process_article

    def dies_on_the_killer(record, doc, aliases):
        if record["article_id"] == "killer" and os.getpid() != parent:
            os._exit(9)  # what a native crash or the out-of-memory killer looks like from outside
        return real(record, doc, aliases)

    parent = os.getpid()
    monkeypatch.setattr(
        build, "process_article", dies_on_the_killer
    )  # workers are forked: they see it
    result = build.build([tmp_path], model=model, jobs=2)
    report = result.report.set_index("article_id")
    assert sorted(result.processed["article_id"]) == [f"a{i}" for i in range(5)]
    assert report.loc["killer", "status"] == "rejected"
    assert "worker process" in report.loc["killer", "reason"]
    assert {source for sources in result.events["sources"] for source in sources} == {
        f"a{i}" for i in range(5)
    }


@pytest.mark.parametrize(
    ("articles", "cores", "expected"),
    [
        (5, 2, 1),  # the sample articles: a pool would cost more than it saves
        (jobs.ARTICLES_PER_WORKER * 2 - 1, 2, 1),  # not yet enough for the second core
        (jobs.ARTICLES_PER_WORKER * 2, 2, 2),
        (10_000, 2, 2),  # never more workers than cores
        (10_000, 8, 8),
        (jobs.ARTICLES_PER_WORKER * 3, 8, 3),  # only as many as have enough to read
        (0, 4, 1),
    ],
)
def test_a_build_that_does_not_say_uses_every_core_once_the_corpus_is_large_enough(
    articles, cores, expected
):
    assert jobs.default_jobs(articles, cores) == expected
