"""A rebuild reads again only what changed, and gives the same table as a full build."""

from __future__ import annotations

import pandas as pd
import pytest

from pipeline import build
from pipeline.__main__ import main

GOOD = (
    "Negotiators met in Cairo on Tuesday and agreed to resume the talks. "
    "The delegation will return to Doha next week."
)


def _folder(tmp_path):
    folder = tmp_path / "articles"
    folder.mkdir()
    for i in range(3):
        (folder / f"a{i}.txt").write_text(
            f"---\nid: a{i}\npublished: 2025-10-0{i + 6}\n---\n{GOOD} Story {i}.", encoding="utf-8"
        )
    return folder


def _same(a: build.BuildResult, b: build.BuildResult) -> None:
    pd.testing.assert_frame_equal(a.events, b.events)
    pd.testing.assert_frame_equal(a.report, b.report)


def test_a_second_build_reuses_every_article_and_gives_the_same_table(tmp_path, model):
    folder, kept = _folder(tmp_path), tmp_path / "cache"
    first = build.build([folder], model=model, cache_folder=kept)
    second = build.build([folder], model=model, cache_folder=kept)
    assert (first.reused, second.reused) == (0, 3)
    _same(first, second)
    _same(build.build([folder], model=model), second)


@pytest.mark.parametrize(
    ("article", "front", "body", "shows"),
    [
        # the text changed: the new sentence is read
        (
            "a1",
            "published: 2025-10-07",
            "{good} Talks resumed on Friday.",
            lambda r: (
                r.events[r.events["article_id"] == "a1"]["sentence"].str.contains("Friday").any()
            ),
        ),
        # only the metadata changed: the new publication date is used
        (
            "a2",
            "published: 2025-10-01",
            "{good} Story 2.",
            lambda r: r.report.set_index("article_id").loc["a2", "published"] == "2025-10-01",
        ),
    ],
    ids=["text", "metadata"],
)
def test_editing_one_article_reads_only_that_one_again(
    tmp_path, model, article, front, body, shows
):
    folder, kept = _folder(tmp_path), tmp_path / "cache"
    build.build([folder], model=model, cache_folder=kept)
    (folder / f"{article}.txt").write_text(
        f"---\nid: {article}\n{front}\n---\n{body.format(good=GOOD)}", encoding="utf-8"
    )
    rebuilt = build.build([folder], model=model, cache_folder=kept)
    assert rebuilt.reused == 2
    assert shows(rebuilt)
    _same(build.build([folder], model=model), rebuilt)


def test_new_pipeline_code_reads_everything_again(tmp_path, model, monkeypatch):
    from pipeline import cache

    folder, kept = _folder(tmp_path), tmp_path / "cache"
    build.build([folder], model=model, cache_folder=kept)
    monkeypatch.setattr(cache, "source_digest", lambda package=None: "edited code")
    assert build.build([folder], model=model, cache_folder=kept).reused == 0
    assert len([p for p in kept.iterdir() if p.is_dir()]) == 1, (
        "readings of the old version are removed"
    )


def test_another_alias_table_reads_everything_again(tmp_path, model):
    from pipeline import actors

    folder, kept = _folder(tmp_path), tmp_path / "cache"
    build.build([folder], model=model, cache_folder=kept, aliases=actors.AliasTable())
    aliases = actors.AliasTable()
    aliases.by_kind["actor"] = {"bibi": "Benjamin Netanyahu"}
    assert build.build([folder], model=model, cache_folder=kept, aliases=aliases).reused == 0


def test_a_damaged_reading_is_ignored_and_written_again(tmp_path, model):
    folder, kept = _folder(tmp_path), tmp_path / "cache"
    first = build.build([folder], model=model, cache_folder=kept)
    entries = sorted(kept.rglob("*.json"))
    assert len(entries) == 3
    entries[0].write_bytes(b"\x80\x05 not JSON")
    entries[1].write_bytes(b"")
    second = build.build([folder], model=model, cache_folder=kept)
    assert second.reused == 1
    _same(first, second)
    assert build.build([folder], model=model, cache_folder=kept).reused == 3


def test_the_command_says_how_many_articles_were_reused_and_can_rebuild_all(
    tmp_path, capsys, model
):
    folder, out = _folder(tmp_path), tmp_path / "events.parquet"
    assert main(["build", str(folder), "-o", str(out)]) == 0
    assert main(["build", str(folder), "-o", str(out)]) == 0
    assert "3 of 3 processed articles reused" in capsys.readouterr().out
    assert (tmp_path / "events-cache").is_dir()
    assert main(["build", str(folder), "-o", str(out), "--no-cache"]) == 0
    assert "0 of 3 processed articles reused" in capsys.readouterr().out
    assert main(["build", str(folder), "-o", str(out)]) == 0
    assert "3 of 3 processed articles reused" in capsys.readouterr().out
