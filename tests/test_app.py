"""Promises of the page, run in-process with Streamlit's AppTest.

Most tests read a hand-made table through TIMELINE_EVENTS, so they pin exactly which events
the reader must see; the last ones run the page on the real sample articles in data/articles/.
"""

from __future__ import annotations

import base64
import html
import json
import re
import xml.etree.ElementTree as ET
from datetime import date
from pathlib import Path

import pandas as pd
import pytest
import web_pages as wp
from sample_events import sample_events, sample_rows
from streamlit.testing.v1 import AppTest

from dashboard.choices import MAX_OPTIONS
from dashboard.intake_view import OPEN_KEY
from dashboard.still import PICTURE_ALT, STILL_CSS
from pipeline import dataset
from pipeline.schema import conform
from pipeline.table import save_events
from pipeline.view_columns import headline

APP = str(Path(__file__).resolve().parents[1] / "app.py")
FIRST_RUN_TIMEOUT = 120

EVENTS = sample_events()
HEADLINES = {row["event_id"]: headline(row) for _, row in EVENTS.iterrows()}


def with_actor(name: str) -> set[str]:
    return {
        i for i, actors in zip(EVENTS["event_id"], EVENTS["actors"], strict=True) if name in actors
    }


def at_venue(name: str) -> set[str]:
    return set(EVENTS.loc[EVENTS["venue"] == name, "event_id"])


@pytest.fixture
def table_path(tmp_path, monkeypatch) -> Path:
    path = save_events(EVENTS, tmp_path / "events.parquet")
    monkeypatch.setenv("TIMELINE_EVENTS", str(path))
    return path


def open_app(query: dict | None = None) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=FIRST_RUN_TIMEOUT)
    for key, value in (query or {}).items():
        at.query_params[key] = value
    at.run()
    assert not at.exception, [e.message for e in at.exception]
    return at


def card_blocks(at: AppTest) -> list[tuple[str, str]]:
    """(event id, headline) of each card on the page, in page order.

    Cards are keyed containers ("events-card-<event id>"); the headline is the first line of
    their text.
    """
    found = []
    for child in at.main.children.values():
        marker = "-events-card-"
        block_id = getattr(child.proto, "id", "") if child.type == "flex_container" else ""
        if marker in block_id:
            texts = child.get("text")
            headline = texts[0].value.split("\n", 1)[0] if texts else ""
            found.append((block_id.split(marker, 1)[1], headline))
    return found


def text_lines(at: AppTest) -> list[str]:
    """Every line of plain text on the page: a card's lines are one text element."""
    return [line for t in at.text for line in t.value.splitlines()]


def cards(at: AppTest) -> list[str]:
    return [event_id for event_id, _ in card_blocks(at)]


def only_the_pages_own_stylesheet(at: AppTest) -> bool:
    """No HTML on the page but its own style rules (the still pictures' frames)."""
    return all(block.proto.body == STILL_CSS for block in at.get("html"))


PICTURE = re.compile(
    r"^!\[(?P<alt>[^\]]*)\]\(data:image/svg\+xml;base64,(?P<svg>[A-Za-z0-9+/=]+)\)$"
)


def stills(at: AppTest) -> dict[str, ET.Element]:
    """The still pictures the page sent, by the chart they stand in for. Each is Markdown that
    holds the page's own alt text and the SVG in base64, nothing else."""
    found = {}
    for block in at.markdown:
        if "data:image" not in block.value:
            continue
        got = PICTURE.match(block.value)
        assert got, block.value[:200]
        chart = next(name for name, alt in PICTURE_ALT.items() if alt == got["alt"])
        found[chart] = ET.fromstring(base64.b64decode(got["svg"]))
    return found


def chart_spec(at: AppTest, key: str) -> dict:
    """The figure of the chart with this key ("timeline" or "pulse")."""
    return json.loads(next(c for c in at.get("plotly_chart") if key in c.proto.id).proto.spec)


def charted(at: AppTest) -> set[str]:
    data = chart_spec(at, "timeline")["data"]
    return {v for trace in data for v in trace.get("customdata", []) if v}


def dated(ids: set[str]) -> set[str]:
    return set(EVENTS.loc[EVENTS["event_id"].isin(ids) & EVENTS["start"].notna(), "event_id"])


OUTLIER = "ev-1967-war"  # a background year, far from the fortnight the articles are about


def in_view_newest_first(ids: set[str]) -> list[str]:
    """The given events as the page lists them: dated ones newest first, undated ones last."""
    rows = EVENTS[EVENTS["event_id"].isin(ids)]
    at = rows["start"].fillna(rows["end"])
    dated_rows = rows.assign(at=at).dropna(subset=["at"])
    newest = dated_rows.sort_values(["at", "event_id"], ascending=[False, True])["event_id"]
    return list(newest) + sorted(rows.loc[at.isna(), "event_id"])


def test_the_page_lists_the_visible_stretch_newest_first_and_the_undated_last(table_path):
    at = open_app()
    assert cards(at) == in_view_newest_first(set(EVENTS["event_id"]) - {OUTLIER})
    assert any(m.value == "**9** events from **3** articles" for m in at.markdown)
    assert charted(at) == dated(set(EVENTS["event_id"]))  # the outlier is drawn, off-screen
    assert any("1 event outside this view" in c.value for c in at.caption)
    table = open_app({"view": "Table"}).dataframe[0].value
    assert {"Type", "Actors", "Venue"} <= set(table.columns) or {
        "event_type",
        "actor_names",
        "venue",
    } <= set(table.columns)
    assert list(table["at"].dropna()) == sorted(table["at"].dropna(), reverse=True)


@pytest.mark.parametrize(
    "query", [{}, {"actor": "Steve Witkoff"}, {"all": "true", "lanes": "venue"}], ids=str
)
def test_the_charts_open_as_still_pictures_of_the_same_view(table_path, query):
    at = open_app(query)
    pictures = stills(at)
    assert set(pictures) == {"pulse", "timeline"}
    timeline = pictures["timeline"]
    lanes = chart_spec(at, "timeline")["layout"]["yaxis"]["categoryarray"]
    named = {t.text for t in timeline.iter("{http://www.w3.org/2000/svg}text")}
    assert {html.unescape(lane) for lane in lanes} <= named
    bars = chart_spec(at, "pulse")["data"][0]["y"]
    pulse = pictures["pulse"]
    drawn = [r for r in pulse.iter("{http://www.w3.org/2000/svg}rect") if r.get("fill") != "#fff"]
    assert len(drawn) == len(bars)


def test_once_the_charts_are_drawn_a_filter_change_sends_them_without_pictures(table_path):
    at = open_app()
    assert set(stills(at)) == {"pulse", "timeline"}  # a first visit: the pictures and the charts
    at.multiselect(key="actor").set_value(["Steve Witkoff"]).run()
    assert not stills(at)
    assert charted(at) and charted(at) <= with_actor("Steve Witkoff")  # the chart, narrowed


def test_a_month_partitioned_table_opens_like_a_file(tmp_path, monkeypatch):
    # What the Dask engine writes: one folder per month of the event date, undated apart.
    folder = tmp_path / "events"
    for n, half in enumerate((EVENTS.iloc[::2], EVENTS.iloc[1::2])):
        dataset.write_part(half, folder, f"part-{n}")
    assert len(list(folder.iterdir())) > 1
    monkeypatch.setenv("TIMELINE_EVENTS", str(folder))
    at = open_app()
    assert sorted(cards(at)) == sorted(set(EVENTS["event_id"]) - {OUTLIER})
    assert charted(at) == dated(set(EVENTS["event_id"]))


@pytest.mark.parametrize("actor", ["Steve Witkoff", "Ron Dermer", "Jared Kushner"])
def test_choosing_an_actor_narrows_cards_and_chart(table_path, actor):
    at = open_app()
    at.multiselect(key="actor").select(actor).run()
    assert set(cards(at)) == with_actor(actor)
    assert charted(at) == dated(with_actor(actor))


def test_the_actor_filter_is_bound_to_the_address(table_path):
    # The browser writes the address when a user picks; AppTest has no browser, so this
    # checks the binding the page declares (test_browser.py watches the address change).
    at = open_app()
    assert at.multiselect(key="actor").proto.query_param_key == "actor"
    assert at.multiselect(key="venue").proto.query_param_key == "venue"


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({"actor": ["Steve Witkoff"]}, with_actor("Steve Witkoff")),
        ({"actor": ["Steve Witkoff", "Hamas"]}, with_actor("Steve Witkoff") | with_actor("Hamas")),
        ({"venue": ["Cairo"]}, at_venue("Cairo")),
        ({"venue": ["Hostage Square"]}, at_venue("Hostage Square")),
        ({"actor": ["Steve Witkoff"], "venue": ["Sharm El-Sheikh"]}, {"ev-witkoff-sharm"}),
    ],
)
def test_a_shared_address_opens_on_the_same_events(table_path, query, expected):
    at = open_app(query)
    assert set(cards(at)) == expected
    assert charted(at) == dated(expected)
    for key, value in query.items():
        assert at.multiselect(key=key).value == value
        assert at.query_params[key] == (value[0] if len(value) == 1 else value)


@pytest.mark.parametrize(
    ("query", "notice", "expected"),
    [
        (
            {"actor": ["Steve Witkof"]},
            "No actor called 'Steve Witkof' — did you mean Steve Witkoff?",
            set(EVENTS["event_id"]) - {OUTLIER},
        ),
        (
            {"actor": ["steve witkoff"], "venue": ["Cairo"]},
            "No actor called 'steve witkoff' — did you mean Steve Witkoff?",
            at_venue("Cairo"),
        ),
        (
            {"venue": ["Atlantis"]},
            "No venue called 'Atlantis' in this table; it was left out of the view.",
            set(EVENTS["event_id"]) - {OUTLIER},
        ),
        (
            {"precision": "fortnight"},
            "No precision called 'fortnight' in this table; it was left out of the view.",
            set(EVENTS["event_id"]) - {OUTLIER},
        ),
    ],
)
def test_a_value_in_the_address_that_matches_nothing_is_named_in_a_notice(
    table_path, query, notice, expected
):
    at = open_app(query)
    assert notice in [w.value for w in at.warning]
    assert set(cards(at)) == expected  # the values that do match still apply


def test_the_notice_stays_after_the_page_reruns(table_path):
    at = open_app({"actor": ["Steve Witkof"]})
    at.multiselect(key="venue").select("Cairo").run()
    assert any("did you mean Steve Witkoff?" in w.value for w in at.warning)


def test_choosing_a_venue_narrows_cards(table_path):
    at = open_app()
    at.multiselect(key="venue").select("Gaza").run()
    assert set(cards(at)) == at_venue("Gaza")
    assert any(m.value == "**2** events from **1** article" for m in at.markdown)


def test_every_filter_is_bound_to_the_address(table_path):
    at = open_app()
    bound = {
        w.proto.query_param_key
        for kind in ("multiselect", "date_input", "selectbox", "text_input")
        for w in at.get(kind)
    }
    assert {"actor", "venue", "start", "end", "article", "modality", "precision", "q"} <= bound


ARTICLE_A3 = "Example Wire: Negotiators head to Egypt for Gaza ceasefire talks [a3]"


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        (
            {"start": "2025-10-08"},
            {
                "ev-witkoff-kushner-cairo",
                "ev-witkoff-sharm",
                "ev-hamas-response",
                "ev-ceasefire-effect",
            },
        ),
        ({"end": "2025-08-31"}, {"ev-hostage-square", "ev-1967-war"}),
        ({"start": "2025-10-07", "end": "2025-10-07"}, {"ev-dermer-departs", "ev-hamas-response"}),
        ({"article": [ARTICLE_A3]}, {"ev-hostage-square", "ev-ceasefire-effect", "ev-1967-war"}),
        (
            {"modality": ["scheduled", "expected"]},
            {"ev-witkoff-kushner-cairo", "ev-hamas-response"},
        ),
        (
            {"precision": "week"},
            {
                "ev-witkoff-kushner-cairo",
                "ev-dermer-departs",
                "ev-witkoff-sharm",
                "ev-hostage-square",
                "ev-hamas-response",
                "ev-ceasefire-effect",
            },
        ),
        ({"q": "Sharm"}, {"ev-witkoff-sharm"}),
        (
            {"actor": ["Steve Witkoff"], "modality": ["happened"], "q": "arrived"},
            {"ev-witkoff-sharm"},
        ),
    ],
)
def test_each_filter_in_the_address_narrows_cards_and_chart(table_path, query, expected):
    at = open_app(query)
    assert set(cards(at)) == expected
    assert charted(at) == dated(expected)
    for key, value in query.items():
        assert at.query_params[key] == (
            value[0] if isinstance(value, list) and len(value) == 1 else value
        )


def test_the_sharing_example_opens_on_exactly_that_event(table_path):
    at = AppTest.from_file(APP, default_timeout=FIRST_RUN_TIMEOUT)
    at.query_params["actor"] = "Steve Witkoff"
    at.query_params["venue"] = "Sharm El-Sheikh"
    at.run()
    assert cards(at) == ["ev-witkoff-sharm"]
    assert at.multiselect(key="actor").value == ["Steve Witkoff"]
    assert at.multiselect(key="venue").value == ["Sharm El-Sheikh"]


def test_choosing_filters_on_the_page_narrows_the_cards(table_path):
    # Writing the address is the browser's part (test_browser.py watches it change).
    at = open_app()
    at.text_input(key="q").input("ceasefire").run()
    assert set(cards(at)) == {
        "ev-ceasefire-effect",
        "ev-hostage-square",
        "ev-trump-plan",
        "ev-1967-war",
        "ev-witkoff-kushner-cairo",
        "ev-dermer-departs",
        "ev-witkoff-sharm",
        "ev-hamas-response",
        "ev-egypt-host",
    } - {OUTLIER}  # the title mentions the ceasefire; 1967 is off the visible stretch
    at.selectbox(key="precision").select("time").run()
    assert cards(at) == ["ev-ceasefire-effect", "ev-witkoff-sharm"]  # newest first
    at.date_input(key="start").set_value(date(2025, 10, 9)).run()
    assert cards(at) == ["ev-ceasefire-effect"]


def test_selecting_a_row_in_the_table_opens_that_events_card(table_path):
    at = open_app({"view": "Table"})
    listed = cards(at)  # the table lists what the cards do, in the same order
    # AppTest cannot click a grid row; the selection is what the browser would send back.
    at.session_state["table"] = {"selection": {"rows": [2], "columns": [], "cells": []}}
    at.run()
    assert cards(at) == [listed[2]]
    assert at.query_params["event"] == listed[2]  # one event picked: its link is the address
    assert any("selected on the chart or in the table" in i.value for i in at.info)


def switch_tab(at: AppTest, label: str) -> None:
    """What a click on a tab sends back (AppTest has no tab widget), then the rerun."""
    at.session_state["view"] = label
    if "view" in at.query_params:
        del at.query_params["view"]
    at.run()


def test_rows_picked_in_the_table_stay_picked_while_another_tab_is_open(table_path):
    at = open_app({"view": "Table"})
    listed = cards(at)
    at.session_state["table"] = {"selection": {"rows": [2], "columns": [], "cells": []}}
    at.run()
    switch_tab(at, "Timeline")
    assert not at.dataframe  # the grid is not drawn behind a closed tab
    assert cards(at) == [listed[2]]
    assert at.query_params["event"] == listed[2]
    switch_tab(at, "Table")
    grid = at.dataframe[0].proto
    assert json.loads(grid.selection_default)["selection"]["rows"] == [2]  # shown picked again


def conflicting_rows() -> list[dict]:
    """Witkoff's arrival as two outlets tell it: one says Wednesday, the other Thursday."""
    mine = sample_rows()[2]
    theirs = mine | {
        "article_id": "a1",
        "sources": ["a1"],
        "outlet": "Other Wire",
        "sentence": "Witkoff reached Sharm El-Sheikh on Thursday.",
        "expression": "on Thursday",
        "start": "2025-10-08T21:00:00Z",
        "end": "2025-10-09T21:00:00Z",
        "granularity": "day",
    }
    reports = [conform([mine])["reports"][0][0], conform([theirs])["reports"][0][0]]
    merged = mine | {"sources": ["a2", "a1"], "conflict": True, "reports": reports}
    return [merged, sample_rows()[0]]


def test_a_card_reads_as_one_paragraph_with_every_source_and_its_date(tmp_path, monkeypatch):
    monkeypatch.setenv(
        "TIMELINE_EVENTS", str(save_events(conform(conflicting_rows()), tmp_path / "t.parquet"))
    )
    at = open_app({"venue": ["Sharm El-Sheikh"]})
    assert cards(at) == ["ev-witkoff-sharm"]
    texts = text_lines(at)
    # The sentence whole, its expression marked inside it: no break, no code element.
    assert "Witkoff arrived in Sharm El-Sheikh at ⟦2 p.m. on Wednesday⟧." in texts
    assert not at.code
    assert any(t.startswith("Time precision: '2 p.m. on Wednesday'") for t in texts)
    heading = texts.index("Reported by 2 sources:")
    sources = texts[heading + 1 : heading + 3]  # a line per source, each with its own date
    assert any("Wed 8 Oct 2025, 14:00 (time precision)" in line for line in sources)
    assert any(
        "Other Wire" in line and "Thu 9 Oct 2025 (day precision)" in line for line in sources
    )
    assert any("disagree" in w.value for w in at.warning)
    # Both readings side by side, each with its own sentence.
    assert "Witkoff reached Sharm El-Sheikh ⟦on Thursday⟧." in texts


def test_a_card_dated_only_by_publication_says_so(tmp_path, monkeypatch):
    row = sample_rows()[0] | {
        "date_basis": "publication",
        "start": None,
        "end": "2025-10-06T21:00:00Z",
        "expression": None,
    }
    monkeypatch.setenv("TIMELINE_EVENTS", str(save_events(conform([row]), tmp_path / "p.parquet")))
    at = open_app()
    assert cards(at) == ["ev-witkoff-kushner-cairo"]
    assert any(
        t.startswith("No date in the sentence") and "reported by Mon 6 Oct 2025" in t
        for t in text_lines(at)
    )
    assert charted(at) == {"ev-witkoff-kushner-cairo"}


@pytest.fixture
def captured_files(monkeypatch) -> list[tuple[bytes, str]]:
    """Bytes handed to download buttons: AppTest keeps them in a media store it discards."""
    from streamlit.runtime.memory_media_file_storage import MemoryMediaFileStorage

    seen: list[tuple[bytes, str]] = []
    original = MemoryMediaFileStorage.load_and_get_id

    def record(self, path_or_data, mimetype, kind, filename=None):
        seen.append((path_or_data, filename))
        return original(self, path_or_data, mimetype, kind, filename)

    monkeypatch.setattr(MemoryMediaFileStorage, "load_and_get_id", record)
    return seen


def test_downloads_hold_the_filtered_events(table_path, captured_files):
    at = open_app({"actor": ["Steve Witkoff"]})
    assert not at.get("download_button")  # written only on request
    at.toggle(key="downloads").set_value(True).run()
    files = {name: data for data, name in captured_files}
    expected = with_actor("Steve Witkoff")
    assert {r["event_id"] for r in json.loads(files["timeline.json"])} == expected
    assert files["timeline.csv"].decode().count("\n") == len(expected) + 1
    ics = files["timeline.ics"].decode()
    assert ics.count("BEGIN:VEVENT") == len(expected)
    assert "DTSTART;VALUE=DATE:20251008" in ics and "DTSTART:20251008T110000Z" in ics


GOOD_ARTICLE = (
    "---\ntitle: Rubio heads to Doha\noutlet: Example News\nurl: https://example.org/rubio\n"
    "published: 2025-10-06\n---\n"
    "Marco Rubio will travel to Doha on Thursday for talks with the mediators, officials said.\n"
)


def open_own_articles(at: AppTest) -> None:
    """Open "Add your own articles", as a reader clicks it: until then none of it is sent."""
    assert not at.get("file_uploader") and not [t for t in at.text_area if "intake" in t.key]
    at.session_state[OPEN_KEY] = True
    at.run()
    assert not at.exception, [e.message for e in at.exception]
    assert len(at.get("file_uploader")) == 1


def submit(at: AppTest, form: str) -> None:
    button = next(b for b in at.button if b.proto.form_id.endswith(form))
    button.click().run(timeout=FIRST_RUN_TIMEOUT)
    assert not at.exception, [e.message for e in at.exception]


def build_report(at: AppTest) -> pd.DataFrame:
    return next(d.value for d in at.dataframe if "status" in d.value.columns)


def test_an_uploaded_article_joins_the_timeline(table_path):
    at = open_app()
    open_own_articles(at)
    at.get("file_uploader")[0].set_value([("rubio.md", GOOD_ARTICLE.encode(), "text/markdown")])
    submit(at, "intake-upload")
    report = build_report(at)
    assert list(report["source"]) == ["rubio.md"] and list(report["status"]) == ["processed"]
    added = [h for _, h in card_blocks(at) if "Marco Rubio" in h]
    assert added, "the new article's events are not on the page"
    assert dated(set(EVENTS["event_id"])) <= charted(at)  # nothing that was there is lost
    at.multiselect(key="actor").select("Marco Rubio").run()  # and it filters like the rest
    assert cards(at) and all("Marco Rubio" in h for _, h in card_blocks(at))


def test_a_bad_upload_is_named_with_its_reason_and_nothing_else_is_lost(table_path):
    at = open_app()
    open_own_articles(at)
    at.get("file_uploader")[0].set_value(
        [
            ("sheet.csv", b"a,b\n1,2\n", "text/csv"),
            ("rubio.md", GOOD_ARTICLE.encode(), "text/markdown"),
        ]
    )
    submit(at, "intake-upload")
    report = build_report(at).set_index("source")
    assert (
        report.loc["sheet.csv", "status"] == "rejected"
        and "no 'text' column" in report.loc["sheet.csv", "reason"]
    )
    assert report.loc["rubio.md", "status"] == "processed"
    assert any("1 of 2 inputs could not be read" in e.value for e in at.error)
    assert dated(set(EVENTS["event_id"])) <= charted(at)


def test_a_pasted_article_with_markup_stays_text(table_path):
    at = open_app()
    open_own_articles(at)
    hostile = (
        "Marco Rubio will travel to Doha on Thursday <script>alert(1)</script> "
        "for talks, officials said."
    )
    at.text_area(key="intake-text").input(hostile)
    at.text_input(key="intake-published").input("2025-10-06")
    at.text_input(key="intake-title").input("<img src=x onerror=alert(1)>")
    submit(at, "intake-paste")
    assert list(build_report(at)["status"]) == ["processed"]
    rendered_as_markdown = " ".join([m.value for m in at.markdown] + [c.value for c in at.caption])
    assert "<script>" not in rendered_as_markdown and "<img" not in rendered_as_markdown
    plain = [t.value for t in at.text] + [c.value for c in at.code]
    assert any("<script>alert(1)</script>" in v for v in plain)
    assert only_the_pages_own_stylesheet(at)


ENVOYS_PAGE = wp.page(
    "Rubio heads to Doha",
    head=wp.news_article("2025-10-06T09:30:00+03:00", headline="Rubio heads to Doha"),
    paragraphs=[
        "Marco Rubio will travel to Doha on Thursday for talks with the mediators, officials said."
    ],
)


@pytest.fixture
def news_site(monkeypatch):
    wp.only_this_machine(monkeypatch)
    monkeypatch.setenv("TIMELINE_FETCH_ALLOW_PRIVATE", "1")
    with wp.serve(lambda base: {"/world/rubio-doha": (200, "text/html", ENVOYS_PAGE)}) as base:
        yield base


def test_typed_addresses_join_the_timeline_with_the_date_found_and_how(table_path, news_site):
    at = open_app()
    open_own_articles(at)
    assert any("http and https only" in c.value for c in at.caption)  # the rules, on the page
    at.text_area(key="intake-addresses-text").input(
        f"{news_site}/world/rubio-doha\nfile:///etc/passwd"
    )
    submit(at, "intake-addresses")
    report = build_report(at).set_index("source")
    page = report.loc[f"{news_site}/world/rubio-doha"]
    assert page["status"] == "processed" and page["published"] == "2025-10-06"
    assert page["evidence"].startswith("json-ld: JSON-LD newsarticle datePublished")
    refused = report.loc["file:///etc/passwd"]
    assert refused["status"] == "rejected" and "only http and https" in refused["reason"]
    assert [h for _, h in card_blocks(at) if "Marco Rubio" in h]
    assert dated(set(EVENTS["event_id"])) <= charted(at)


def test_a_saved_page_upload_joins_the_timeline(table_path):
    at = open_app()
    open_own_articles(at)
    at.get("file_uploader")[0].set_value([("rubio.html", ENVOYS_PAGE.encode(), "text/html")])
    submit(at, "intake-upload")
    report = build_report(at)
    assert list(report["status"]) == ["processed"] and list(report["published"]) == ["2025-10-06"]
    assert [h for _, h in card_blocks(at) if "Marco Rubio" in h]


HOSTILE = {
    "sentence": "**Breaking** <img src=x onerror=alert(1)> [click](javascript:alert(1))",
    "action": "# take <b>over</b>",
    "venue": "[Cairo](https://evil.example)",
    "title": "<script>alert('t')</script>",
    "explanation": "'_Wednesday_' → :red[Wed 8 Oct 2025]",
    "url": "javascript:alert(1)",
}


def test_article_text_is_never_rendered_as_markdown_or_html(tmp_path, monkeypatch):
    row = sample_rows()[0] | HOSTILE
    monkeypatch.setenv(
        "TIMELINE_EVENTS", str(save_events(conform([row]), tmp_path / "hostile.parquet"))
    )
    at = open_app()
    rendered_as_markdown = " ".join([m.value for m in at.markdown] + [c.value for c in at.caption])
    for text in HOSTILE.values():
        assert text not in rendered_as_markdown
    plain = text_lines(at) + [c.value for c in at.code]
    assert any(HOSTILE["sentence"] == value for value in plain)
    assert any(HOSTILE["action"] in value and HOSTILE["venue"] in value for value in plain)
    assert only_the_pages_own_stylesheet(at)
    assert not at.get("link_button")  # a javascript: address gets no button


@pytest.fixture
def real_app(monkeypatch) -> None:
    monkeypatch.delenv("TIMELINE_EVENTS", raising=False)


def test_the_real_articles_make_a_timeline(real_app):
    at = open_app()
    assert charted(at), "the chart is empty"
    assert any("Witkoff" in headline for _, headline in card_blocks(at))


@pytest.mark.parametrize("actor", ["Steve Witkoff"])
def test_the_real_table_narrows_to_an_actor_from_the_address(real_app, actor):
    everything = open_app()
    at = open_app({"actor": [actor]})
    assert at.multiselect(key="actor").value == [actor]
    assert at.query_params["actor"] == actor
    narrowed = card_blocks(at)
    assert 0 < len(narrowed) < len(card_blocks(everything))
    assert all(actor in headline.split(" — ")[0] for _, headline in narrowed)
    assert charted(at) <= set(cards(at))


def test_a_missing_language_model_is_one_plain_error_line(tmp_path, monkeypatch):
    monkeypatch.setenv("TIMELINE_EVENTS", str(tmp_path / "not-built-yet.parquet"))
    monkeypatch.setenv("TIMELINE_SPACY_MODEL", "no_such_model_xyz")
    at = AppTest.from_file(APP, default_timeout=FIRST_RUN_TIMEOUT)
    at.run()
    assert not at.exception
    assert len(at.error) == 1
    message = at.error[0].value
    assert "no_such_model_xyz" in message and "\n" not in message
    assert not at.get("plotly_chart") and not card_blocks(at)


KEY_EVENTS = {"ev-witkoff-sharm", "ev-ceasefire-effect", "ev-hostage-square"}


@pytest.fixture
def key_table(tmp_path, monkeypatch) -> Path:
    rows = [row | {"key_event": row["event_id"] in KEY_EVENTS} for row in sample_rows()]
    path = save_events(conform(rows), tmp_path / "key.parquet")
    monkeypatch.setenv("TIMELINE_EVENTS", str(path))
    return path


def test_the_page_opens_on_the_key_events_with_one_switch_to_every_event(key_table):
    at = open_app()
    assert set(cards(at)) == KEY_EVENTS and charted(at) == KEY_EVENTS
    assert any("the key events" in m.value for m in at.markdown)
    at.toggle(key="all").set_value(True).run()
    assert set(cards(at)) == set(EVENTS["event_id"]) - {OUTLIER}
    assert charted(at) == dated(set(EVENTS["event_id"]))


def test_an_address_can_ask_for_every_event(key_table):
    at = open_app({"all": "true"})
    assert at.toggle(key="all").value
    assert charted(at) == dated(set(EVENTS["event_id"]))


def test_a_view_with_nothing_in_it_says_why_and_clears_its_filters(table_path):
    at = open_app({"actor": ["Hamas"], "venue": ["Cairo"]})
    assert cards(at) == [] and not charted(at)
    said = " ".join(t.value for t in at.text)
    assert "No event matches every filter set (actor, venue)" in said
    assert "without the actor filter, 2 events" in said.casefold()
    at.button(key="clear-empty").click().run()
    assert at.multiselect(key="actor").value == [] and at.multiselect(key="venue").value == []
    assert set(cards(at)) == set(EVENTS["event_id"]) - {OUTLIER}


@pytest.mark.parametrize(
    ("query", "widget", "offered"),
    [
        ({"actor": ["Ron Dermer"]}, "venue", {"Cairo"}),
        ({"venue": ["Sharm El-Sheikh"]}, "actor", {"Steve Witkoff"}),
        ({"venue": ["Cairo"]}, "actor", {"Steve Witkoff", "Jared Kushner", "Ron Dermer"}),
        ({"q": "rallied"}, "actor", {"Hostages and Missing Families Forum"}),
    ],
)
def test_each_filter_offers_only_what_the_other_filters_leave(table_path, query, widget, offered):
    at = open_app(query)
    chosen = set(at.multiselect(key=widget).value)
    assert set(at.multiselect(key=widget).options) - chosen == offered


def test_the_offered_names_come_with_their_counts(table_path):
    at = open_app({"venue": ["Cairo"]})
    assert "Jared Kushner 1 · Ron Dermer 1 · Steve Witkoff 1" in [t.value for t in at.text]


def test_an_event_in_the_address_opens_its_card_first_and_scrolls_to_it(table_path):
    at = open_app({"event": "ev-hostage-square"})
    assert cards(at)[0] == "ev-hostage-square"
    scripts = [f.proto.srcdoc for f in at.get("iframe")] if at.get("iframe") else []
    assert any("events-card-ev-hostage-square" in s for s in scripts)
    assert at.query_params["event"] == "ev-hostage-square"


def test_an_event_outside_the_filters_still_opens_from_its_link(table_path):
    at = open_app({"event": "ev-1967-war", "actor": ["Steve Witkoff"]})
    assert cards(at)[0] == "ev-1967-war"


def test_an_unknown_event_in_the_address_is_a_notice(table_path):
    at = open_app({"event": "ev-nowhere"})
    assert "No event with the id 'ev-nowhere' in this table." in [w.value for w in at.warning]
    assert set(cards(at)) == set(EVENTS["event_id"]) - {OUTLIER}


def test_the_visible_range_in_the_address_narrows_cards_and_chart_view(table_path):
    at = open_app({"view_from": "2025-10-08", "view_to": "2025-10-08"})
    assert set(cards(at)) == {
        "ev-witkoff-kushner-cairo",
        "ev-witkoff-sharm",
        "ev-hamas-response",  # the week of 6 Oct overlaps the day
        "ev-egypt-host",  # undated: listed last whatever the range
    }
    spec = chart_spec(at, "timeline")
    assert spec["layout"]["xaxis"]["range"][0].startswith("2025-10-08")


def test_clearing_the_pick_takes_its_event_out_of_the_address(table_path):
    at = open_app({"view": "Table"})
    at.session_state["table"] = {"selection": {"rows": [1], "columns": [], "cells": []}}
    at.run()
    assert "event" in at.query_params
    at.session_state["table"] = {"selection": {"rows": [], "columns": [], "cells": []}}
    at.run()
    assert "event" not in at.query_params
    assert len(cards(at)) > 1


def test_the_views_beside_the_timeline_read_the_rows_in_view(table_path):
    at = open_app({"venue": ["Cairo"], "view": "Who appears with whom"})
    pairs = next(d.value for d in at.dataframe if "with" in d.value.columns)
    assert list(pairs.iloc[0]) == ["Jared Kushner", "Steve Witkoff", 1]
    pulse = chart_spec(at, "pulse")["data"][0]
    assert pulse["type"] == "bar" and sum(pulse["y"]) == len(at_venue("Cairo"))


def paste_rubio(at: AppTest) -> None:
    at.text_area(key="intake-text").input(
        "Marco Rubio will travel to Doha on Thursday for talks with the mediators, officials said."
    )
    at.text_input(key="intake-published").input("2025-10-06")
    at.text_input(key="intake-title").input("Rubio heads to Doha")
    submit(at, "intake-paste")


def test_ones_own_articles_come_back_after_a_reload_from_their_bundle(table_path, captured_files):
    at = open_app()
    open_own_articles(at)
    paste_rubio(at)
    assert [h for _, h in card_blocks(at) if "Marco Rubio" in h]
    bundle = next(data for data, name in captured_files if name == "my-articles.jsonl")
    reloaded = open_app()  # a reload is a new session: the pasted article is gone
    open_own_articles(reloaded)
    assert not [h for _, h in card_blocks(reloaded) if "Marco Rubio" in h]
    reloaded.get("file_uploader")[0].set_value([("my-articles.jsonl", bundle, "application/jsonl")])
    submit(reloaded, "intake-upload")
    assert [h for _, h in card_blocks(reloaded) if "Marco Rubio" in h]


def test_on_a_local_install_ones_articles_can_be_saved_into_the_articles_folder(
    table_path, tmp_path, monkeypatch
):
    from dashboard import intake_view

    folder = tmp_path / "articles"
    monkeypatch.setenv("TIMELINE_ARTICLES", str(folder))
    monkeypatch.setattr(intake_view, "is_local", lambda: True)
    at = open_app()
    open_own_articles(at)
    paste_rubio(at)
    at.button(key="intake-save").click().run()
    saved = list(folder.glob("*.md"))
    assert len(saved) == 1 and "Marco Rubio will travel to Doha" in saved[0].read_text()
    assert any("Saved 1 new file" in s.value for s in at.success)


def test_a_served_page_offers_no_saving_into_the_install(table_path):
    at = open_app()
    open_own_articles(at)
    paste_rubio(at)
    assert not [b for b in at.button if b.key == "intake-save"]
    assert [b for b in at.get("download_button") if "intake-bundle" in b.proto.id]


def views_drawn(at: AppTest) -> set[str]:
    """Which of the tabs' views the page sent: the timeline, the grid, the map, the pairs."""
    drawn = (
        {"timeline"} if [c for c in at.get("plotly_chart") if "timeline" in c.proto.id] else set()
    )
    drawn |= {"map"} if at.get("deck_gl_json_chart") else set()
    for grid in at.dataframe:
        drawn.add("pairs" if "with" in grid.value.columns else "table")
    return drawn


@pytest.mark.parametrize(
    ("tab", "drawn"),
    [
        (None, {"timeline"}),
        ("Timeline", {"timeline"}),
        ("Table", {"timeline", "table"}),
        ("Map of venues", {"timeline", "map"}),
        ("Who appears with whom", {"timeline", "pairs"}),
    ],
)
def test_only_the_open_tab_is_worked_out_beside_the_timeline(tmp_path, monkeypatch, tab, drawn):
    # A first visit downloads neither the map's nor the grid's scripts (megabytes) unless the
    # reader opens their tab; the timeline is drawn under any tab, so its pick is kept.
    rows = sample_rows()
    for row in rows:
        if row["venue"] == "Cairo":
            row.update(venue_lat=30.06, venue_lon=31.25)
    monkeypatch.setenv("TIMELINE_EVENTS", str(save_events(conform(rows), tmp_path / "m.parquet")))
    at = open_app({"view": tab} if tab else None)
    assert views_drawn(at) == drawn


def test_the_map_draws_the_placed_venues_in_view(tmp_path, monkeypatch):
    rows = sample_rows()
    for row in rows:
        if row["venue"] == "Cairo":
            row.update(venue_lat=30.06, venue_lon=31.25)
    monkeypatch.setenv("TIMELINE_EVENTS", str(save_events(conform(rows), tmp_path / "m.parquet")))
    at = open_app({"view": "Map of venues"})
    maps = at.get("deck_gl_json_chart")
    assert len(maps) == 1
    spec = json.loads(maps[0].proto.json)
    assert [d["venue"] for d in spec["layers"][0]["data"]] == ["Cairo"]
    assert any("Without coordinates" in t.value and "Gaza" in t.value for t in at.text)


MANY = 1_030  # more than two pages of the Table, and more actors than a list offers


@pytest.fixture
def many_path(tmp_path, monkeypatch) -> Path:
    """MANY events a minute apart, each with an actor of its own: 'Person 0000' is the oldest."""
    first = pd.Timestamp("2025-10-08T06:00:00Z")
    rows = [
        sample_rows()[0]
        | {
            "event_id": f"ev-{i:04d}",
            "actors": [f"Person {i:04d}"],
            "participants": [{"name": f"Person {i:04d}", "role": "agent", "kind": "person"}],
            "start": (first + pd.Timedelta(minutes=i)).isoformat(),
            "end": (first + pd.Timedelta(minutes=i + 1)).isoformat(),
            "granularity": "time",
        }
        for i in range(MANY)
    ]
    path = save_events(conform(rows), tmp_path / "many.parquet")
    monkeypatch.setenv("TIMELINE_EVENTS", str(path))
    return path


def test_the_table_sends_a_page_of_rows_newest_first_and_pages_through_the_rest(many_path):
    at = open_app({"view": "Table"})
    pages = []
    for page in (1, 2, 3):
        if page > 1:
            at.number_input(key="table-page").set_value(page).run()
        pages.append(list(at.dataframe[0].value["at"]))
        said = " ".join(c.value for c in at.caption)
        shown_to = min(page * 500, MANY)
        assert f"Events {(page - 1) * 500 + 1:,} to {shown_to:,} of {MANY:,}" in said
    assert [len(rows) for rows in pages] == [500, 500, MANY - 1000]
    every = [at for rows in pages for at in rows]
    assert every == sorted(every, reverse=True) and len(set(every)) == MANY  # none twice


def test_the_cards_are_bounded_and_say_how_many_are_left_out(many_path):
    at = open_app()
    assert cards(at) == [f"ev-{i:04d}" for i in range(MANY - 1, MANY - 26, -1)]  # newest 25
    assert any(f"first 25 of {MANY} events" in c.value for c in at.caption)


def test_a_filter_lists_its_most_frequent_names_and_keeps_a_chosen_one_beyond_them(many_path):
    at = open_app()
    options = at.multiselect(key="actor").options
    assert len(options) == MAX_OPTIONS < MANY
    assert "Person 0000" in options and "Person 0999" not in options  # all once: by name
    assert any(t.value.endswith(f"+{MANY - 6} more") for t in at.text)
    picked = open_app({"actor": ["Person 0999"]})  # beyond the list: the address still applies
    assert picked.multiselect(key="actor").value == ["Person 0999"]
    assert cards(picked) == ["ev-0999"]
    assert not picked.warning  # a name the table holds gets no notice
