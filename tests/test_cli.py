"""The build command a user runs: it writes the table and reports every article, good or bad."""

from __future__ import annotations

import subprocess
import sys

import pytest
from conftest import ROOT

from pipeline import table
from pipeline.__main__ import main


def test_build_command_writes_the_table_and_reports_rejections(tmp_path, capsys, model):
    folder = tmp_path / "articles"
    folder.mkdir()
    (folder / "good.txt").write_text(
        "---\nid: good\npublished: 2025-10-08\n---\n"
        "Negotiators met in Cairo on Tuesday and agreed to resume the talks.\n",
        encoding="utf-8",
    )
    (folder / "empty.txt").write_text("---\nid: empty\n---\n", encoding="utf-8")
    out = tmp_path / "events.parquet"
    assert (
        main(["build", str(folder), "-o", str(out), "--report", str(tmp_path / "report.csv")]) == 0
    )
    printed = capsys.readouterr()
    assert "2 articles: 1 processed, 1 rejected" in printed.out
    assert "rejected   empty" in printed.out and "empty: the article has no text" in printed.out
    assert (
        "1/1 good" in printed.err
    )  # the progress bar runs over the articles that passed screening
    events = table.load_events(out)
    assert set(events["article_id"]) == {"good"}
    assert (tmp_path / "report.csv").read_text(encoding="utf-8").count("\n") == 3


def test_build_command_fails_and_keeps_the_old_table_when_nothing_can_be_processed(
    tmp_path, capsys, model
):
    out = tmp_path / "events.parquet"
    out.write_bytes(b"the table from an earlier build")
    assert main(["build", str(tmp_path / "nowhere"), "-o", str(out)]) == 1
    printed = capsys.readouterr()
    assert "rejected   nowhere" in printed.out and "not found" in printed.out
    assert "was not written" in printed.err
    assert out.read_bytes() == b"the table from an earlier build"


def test_the_report_says_where_a_date_read_from_the_text_came_from(tmp_path, capsys, model):
    folder = tmp_path / "articles"
    folder.mkdir()
    (folder / "wire.txt").write_text(
        "---\nid: wire\nurl: https://example.org/2025/10/talks\n---\n"
        "CAIRO, Oct. 8 (Reuters) - "
        "Negotiators met in Cairo on Tuesday and agreed to resume the talks.\n",
        encoding="utf-8",
    )
    assert main(["build", str(folder), "-o", str(tmp_path / "events.parquet")]) == 0
    line = next(ln for ln in capsys.readouterr().out.splitlines() if "processed  wire" in ln)
    assert "published 2025-10-08" in line
    assert "dateline 'CAIRO, Oct. 8 (Reuters) -' with the year from the address" in line


def test_a_build_loads_no_dashboard_cluster_or_web_library(tmp_path, model):
    """Those cost seconds to import and a build needs none of them: every build would pay.
    spaCy's command line (typer, weasel) is among them: spaCy's package imports it first."""
    folder = tmp_path / "articles"
    folder.mkdir()
    (folder / "good.txt").write_text(
        "---\nid: good\npublished: 2025-10-08\n---\nNegotiators met in Cairo on Tuesday.\n",
        encoding="utf-8",
    )
    out = tmp_path / "events.parquet"
    script = (
        "import sys\n"
        "from pipeline.__main__ import main\n"
        f"code = main(['build', {str(folder)!r}, '-o', {str(out)!r}])\n"
        "heavy = ('streamlit', 'plotly', 'dask', 'distributed', 'trafilatura', 'typer', 'weasel')\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in heavy))\n"
        "sys.exit(code)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, timeout=300
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.strip().splitlines()[-1] == "[]"


SPACY_AFTER_THE_PIPELINE = """
import sys
import pipeline
{before}
import spacy
kept_out = 'spacy.cli' not in sys.modules and 'typer' not in sys.modules
print(sorted(spacy.info()['pipelines']) == sorted(spacy.util.get_installed_models()))
import spacy.cli
print(kept_out, callable(spacy.cli.app), 'spacy.cli' in sys.modules)
"""


@pytest.mark.parametrize(
    "case, before, kept_out",
    [
        ("the pinned spaCy", "", True),
        # a spaCy whose package wants more of its command line than the stand-ins give
        ("a spaCy needing more", "pipeline.nlp.STAND_IN.clear()", False),
    ],
)
def test_spacy_imported_after_the_pipeline_has_its_command_line_on_demand(case, before, kept_out):
    """Importing spaCy without its command line saves a build a third of spaCy's import, and
    whoever asks for the command line (`spacy.info`, `spacy.cli`) still gets the real one."""
    script = SPACY_AFTER_THE_PIPELINE.format(before=before)
    done = subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, timeout=300
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.split() == ["True", str(kept_out), "True", "True"], case
