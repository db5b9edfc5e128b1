"""Faults and hostile input: nothing is lost, nothing from an article runs, every refusal is
explained. Each case says what the user sees (the report line, the exit status, the table
still at its address) and that every other article is still read."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pandas as pd
import pytest
from sample_events import sample_events

from pipeline import output, table
from pipeline.__main__ import main

PROSE = (
    "Negotiators met in Cairo on Tuesday and agreed to resume the talks. "
    "The delegation will return to Doha next week."
)


def _article(folder: Path, name: str, body: str = PROSE, published: str = "2025-10-08") -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{name}.txt"
    path.write_text(f"---\nid: {name}\npublished: {published}\n---\n{body}\n", encoding="utf-8")
    return path


def _old_table(path: Path) -> pd.DataFrame:
    """A table from an earlier build at `path`, to check it survives."""
    events = sample_events()
    table.save_events(events, path)
    return table.load_events(path)


# --- 1. output safety ------------------------------------------------------------------------


def _foreign_folder(tmp: Path) -> tuple[list[str], Path, Path]:
    mine = tmp / "mine"
    mine.mkdir()
    (mine / "notes.txt").write_text("my notes", encoding="utf-8")
    return [str(_article(tmp / "articles", "good").parent)], mine, mine / "notes.txt"


def _the_source_folder(tmp: Path) -> tuple[list[str], Path, Path]:
    source = _article(tmp / "articles", "good").parent
    return [str(source)], source, source / "good.txt"


def _inside_the_source(tmp: Path) -> tuple[list[str], Path, Path]:
    source = _article(tmp / "articles", "good").parent
    return [str(source)], source / "events.parquet", source / "good.txt"


def _a_source_file(tmp: Path) -> tuple[list[str], Path, Path]:
    path = _article(tmp / "articles", "good")
    return [str(path)], path, path


@pytest.mark.parametrize(
    ("setup", "says"),
    [
        (_foreign_folder, "is an existing folder that holds no table this build wrote"),
        (_the_source_folder, "is a source of this build"),
        (_inside_the_source, "is inside the source folder"),
        (_a_source_file, "is a source of this build"),
    ],
    ids=["existing-folder", "source-folder", "inside-source", "source-file"],
)
def test_an_output_that_would_destroy_user_files_is_refused_in_one_line(
    tmp_path, capsys, model, setup, says
):
    sources, out, kept = setup(tmp_path)
    before = kept.read_bytes()
    assert main(["build", *sources, "-o", str(out)]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and err[0].startswith("refused: ") and says in err[0]
    assert kept.read_bytes() == before


def test_a_folder_the_dask_engine_wrote_is_replaced_by_a_file_table(tmp_path, model):
    from pipeline import dataset

    folder = tmp_path / "events.parquet"
    old = _old_table(tmp_path / "old.parquet")
    dataset.write_part(old, folder, "part-0")
    assert output.is_table_folder(folder)
    assert (
        main(["build", str(_article(tmp_path / "articles", "good").parent), "-o", str(folder)]) == 0
    )
    assert folder.is_file() and set(table.load_events(folder)["article_id"]) == {"good"}


@pytest.mark.parametrize("old_kind", ["file", "folder"])
@pytest.mark.parametrize("new_kind", ["file", "folder"])
def test_the_old_table_is_at_its_address_at_every_step_of_the_replace(tmp_path, old_kind, new_kind):
    """Every rename, removal and system call of the replace sees a table at the address."""
    from pipeline import dataset

    events = _old_table(tmp_path / "seed.parquet")
    target, built = tmp_path / "events.parquet", tmp_path / ".events.parquet.new"
    for path, kind in ((target, old_kind), (built, new_kind)):
        if kind == "file":
            table.save_events(events, path)
        else:
            dataset.write_part(events, path, "part-0")
    seen: list[tuple[str, bool]] = []
    watching = [True]

    def hook(event: str, _args) -> None:
        if watching[0] and event in ("os.rename", "os.remove", "shutil.rmtree", "os.rmdir"):
            seen.append((event, target.exists()))

    sys.addaudithook(hook)
    try:
        dataset.replace(built, target)
    finally:
        watching[0] = False
    assert seen and all(present for _, present in seen), seen
    assert target.exists() and not built.exists()
    assert len(table.load_events(target)) == len(events)


def test_leftovers_of_a_killed_build_are_removed_by_the_next_and_a_running_one_is_kept(
    tmp_path, model
):
    out = tmp_path / "events.parquet"
    dead = 2**22 + 12345  # beyond the default pid range: no process has it
    stale_file = tmp_path / f".events.parquet.partial-{dead}-0123abcd"
    stale_file.write_bytes(b"half a table")
    stale_dir = tmp_path / f".events.parquet.building-{dead}-89abcdef"
    (stale_dir / "month=2025-10").mkdir(parents=True)
    running = tmp_path / f".events.parquet.partial-{os.getpid()}-00000000"
    running.write_bytes(b"a build still writing")
    assert main(["build", str(_article(tmp_path / "articles", "good").parent), "-o", str(out)]) == 0
    assert not stale_file.exists() and not stale_dir.exists()
    assert running.exists()
    assert out.is_file()
