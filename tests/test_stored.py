"""Promises of the stored sample table: the page opens without parsing when nothing the build
reads has changed, and builds afresh as soon as anything has."""

from __future__ import annotations

from pathlib import Path

import pytest
from sample_events import sample_events

from dashboard import stored
from pipeline import build as pipeline_build


@pytest.fixture
def articles(tmp_path) -> Path:
    folder = tmp_path / "articles"
    folder.mkdir()
    (folder / "one.txt").write_text("first article", encoding="utf-8")
    return folder


def counting_build(monkeypatch) -> list[int]:
    """Stands in for the spaCy build: counts the builds and returns the sample table."""
    builds: list[int] = []

    class Result:
        events = sample_events()

    def build(paths, model=None):
        builds.append(1)
        return Result()

    monkeypatch.setattr(pipeline_build, "build", build)
    return builds


def test_a_second_start_reads_the_stored_table_without_building(articles, monkeypatch):
    builds = counting_build(monkeypatch)
    first = stored.stored_or_built(articles, "model", lambda: None)
    again = stored.stored_or_built(articles, "model", lambda: None)
    assert len(builds) == 1
    assert list(again["event_id"]) == list(first["event_id"])


@pytest.mark.parametrize(
    "change",
    [
        lambda folder: (folder / "two.txt").write_text("a new article", encoding="utf-8"),
        lambda folder: (folder / "one.txt").write_text("an edited article", encoding="utf-8"),
        lambda folder: (folder / "one.txt").unlink(),
    ],
    ids=["added", "edited", "removed"],
)
def test_a_changed_article_folder_is_built_again(articles, monkeypatch, change):
    builds = counting_build(monkeypatch)
    stored.stored_or_built(articles, "model", lambda: None)
    change(articles)
    stored.stored_or_built(articles, "model", lambda: None)
    assert len(builds) == 2


def test_another_model_or_pipeline_is_built_again(articles, monkeypatch):
    builds = counting_build(monkeypatch)
    stored.stored_or_built(articles, "model", lambda: None)
    stored.stored_or_built(articles, "another_model", lambda: None)
    assert len(builds) == 2
    monkeypatch.setattr(stored.source, "source_digest", lambda: "an edited pipeline")
    stored.stored_or_built(articles, "another_model", lambda: None)
    assert len(builds) == 3


def test_a_damaged_store_is_built_again(articles, monkeypatch):
    builds = counting_build(monkeypatch)
    stored.stored_or_built(articles, "model", lambda: None)
    (stored.store_for(articles) / stored.TABLE_FILE).write_bytes(b"not parquet")
    events = stored.stored_or_built(articles, "model", lambda: None)
    assert len(builds) == 2 and len(events) == len(sample_events())
