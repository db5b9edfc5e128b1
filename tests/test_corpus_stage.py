"""The cross-article stage is one stage, whichever way articles enter the table: a bare surname
in one article is the full name another gives, and two outlets' reports of one arrival are one
row with a merge explanation and a salience. (The Dask engine's case is in tests/test_dask.py.)"""

from __future__ import annotations

import pandas as pd
import pytest

from dashboard import intake
from pipeline import build

ARTICLES = {
    "wire-a": (
        "Wire A",
        "2025-10-06",
        "U.S. envoy Steve Witkoff arrived in Cairo on Monday for talks with Egyptian mediators.",
    ),
    "wire-b": ("Wire B", "2025-10-07", "Witkoff arrived in Cairo on Monday, officials said."),
}


def _write(folder, article_id: str) -> None:
    outlet, published, text = ARTICLES[article_id]
    (folder / f"{article_id}.md").write_text(
        f"---\nid: {article_id}\ntitle: Envoy in Egypt\noutlet: {outlet}\n"
        f"published: {published}\n---\n{text}\n",
        encoding="utf-8",
    )


def _in_process(tmp_path, model) -> pd.DataFrame:
    for article_id in ARTICLES:
        _write(tmp_path, article_id)
    return build.build([tmp_path], model=model).events


def _jobs(tmp_path, model) -> pd.DataFrame:
    for article_id in ARTICLES:
        _write(tmp_path, article_id)
    return build.build([tmp_path], model=model, jobs=2).events


def _pasted(tmp_path, model) -> pd.DataFrame:
    """The table holds Wire A's report; a reader pastes Wire B's on the page."""
    _write(tmp_path, "wire-a")
    base = build.build([tmp_path], model=model).events
    outlet, published, text = ARTICLES["wire-b"]
    frame, rejected = intake.read_pasted(text, title="Envoy", outlet=outlet, published=published)
    added = intake.build_articles(frame, rejected, model=model).events
    assert "Witkoff" in {a for names in added["actors"] for a in names}  # alone, it cannot know
    return intake.combine(base, [added])


@pytest.mark.parametrize("entry", [_in_process, _jobs, _pasted], ids=["build", "jobs", "pasted"])
def test_every_entry_point_joins_names_and_reports_across_articles(entry, tmp_path, model):
    events = entry(tmp_path, model)
    names = {a for actors in events["actors"] for a in actors}
    assert "Witkoff" not in names and "Steve Witkoff" in names
    arrival = events[events["action"].str.startswith("arrive")]
    assert len(arrival) == 1
    row = arrival.iloc[0]
    assert len(row["sources"]) == 2 and list(row["actors"]) == ["Steve Witkoff"]
    assert row["venue_country"] == "Egypt" and row["venue_timezone"] == "Africa/Cairo"
    assert "2 reports agree on Monday 6 Oct" in row["merge_explanation"]
    assert "reported by 2 outlets" in row["salience_reasons"] and row["key_event"]
