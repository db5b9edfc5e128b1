"""Promises of adding one's own articles: every file comes back read or rejected by name
with a reason, the limits hold, and new events join the table without losing any."""

from __future__ import annotations

import json

import pandas as pd
import pytest
import web_pages as wp
from sample_events import sample_events, sample_rows

from dashboard import intake
from dashboard.intake import Upload, combine, read_pasted, read_uploads
from pipeline import fetch
from pipeline.schema import conform

GOOD_TEXT = (
    "---\ntitle: Envoys head to Egypt\noutlet: Example News\nurl: https://example.org/envoys\n"
    "published: 2025-10-06\n---\n"
    "Steve Witkoff will travel to Cairo on Wednesday "
    "for talks with the mediators, officials said.\n"
)


def reasons(rejected) -> dict[str, str]:
    return {r.source: r.reason for r in rejected}


def test_good_files_of_every_format_are_read_under_their_own_names():
    line = json.dumps(
        {
            "id": "j1",
            "title": "T",
            "text": "The talks in Cairo resumed on Monday and the envoys said it went well.",
        }
    )
    uploads = [
        Upload("envoys.md", GOOD_TEXT.encode()),
        Upload("batch.jsonl", (line + "\n").encode()),
        Upload(
            "sheet.csv",
            b"id,title,text\n"
            b'c1,T,"Hamas said on Sunday that it had accepted the plan and would talk."\n',
        ),
    ]
    frame, rejected = read_uploads(uploads)
    assert not rejected
    assert set(frame["article_id"]) == {"envoys", "j1", "c1"}
    assert set(frame["source"]) == {"envoys.md", "batch.jsonl:1", "sheet.csv:2"}
    envoys = frame.set_index("article_id").loc["envoys"]
    assert envoys["published"] == "2025-10-06" and envoys["outlet"] == "Example News"


@pytest.mark.parametrize(
    ("upload", "reason_has"),
    [
        (Upload("notes.pdf", b"%PDF-1.4"), "unsupported file type .pdf"),
        (Upload("broken.md", b"---\ntitle: x\nno closing fence\n"), "never closed"),
        (Upload("latin.txt", "caf\u00e9".encode("latin-1")), "not UTF-8"),
        (Upload("empty.txt", b""), "empty"),
        (Upload("table.csv", b"a,b\n1,2\n"), "no 'text' column"),
        (Upload("huge.txt", b"x" * (intake.MAX_FILE_BYTES + 1)), "size limit"),
    ],
)
def test_a_bad_file_is_named_with_its_reason_and_the_good_one_still_read(upload, reason_has):
    frame, rejected = read_uploads([upload, Upload("envoys.md", GOOD_TEXT.encode())])
    assert list(frame["article_id"]) == ["envoys"]
    assert reason_has in reasons(rejected)[upload.name]


def test_files_past_the_count_limit_are_rejected_by_name_not_dropped():
    uploads = [
        Upload(f"a{i}.md", GOOD_TEXT.replace("Wednesday", f"Wednesday {i}").encode())
        for i in range(intake.MAX_FILES + 2)
    ]
    frame, rejected = read_uploads(uploads)
    assert len(frame) == intake.MAX_FILES
    assert set(reasons(rejected)) == {f"a{intake.MAX_FILES}.md", f"a{intake.MAX_FILES + 1}.md"}
    assert all("limit" in reason for reason in reasons(rejected).values())


def test_a_file_name_cannot_reach_outside_the_temporary_folder(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    frame, rejected = read_uploads([Upload("../../escape.md", GOOD_TEXT.encode())])
    assert not rejected and list(frame["source"]) == ["../../escape.md"]
    assert not (tmp_path.parent / "escape.md").exists() and not list(tmp_path.iterdir())


@pytest.mark.parametrize(
    ("fields", "reason_has"),
    [
        ({"published": "8 Oct 2025"}, "YYYY-MM-DD"),
        ({"url": "javascript:alert(1)"}, "http"),
        ({"text": "x" * (intake.MAX_TEXT_CHARS + 1)}, "size limit"),
        ({"text": "   "}, "empty"),
        ({"text": "Der Gesandte reist am Mittwoch nach Kairo, sagten Beamte."}, "not English"),
    ],
)
def test_pasted_text_is_refused_with_a_reason(fields, reason_has):
    args = {
        "text": "Witkoff will travel to Cairo on Wednesday for the talks, officials said.",
        "published": "2025-10-06",
    } | fields
    frame, rejected = read_pasted(args.pop("text"), **args)
    assert frame.empty and len(rejected) == 1 and reason_has in rejected[0].reason


def test_pasted_text_keeps_its_metadata():
    frame, rejected = read_pasted(
        "Witkoff will travel to Cairo on Wednesday for the talks, officials said.",
        title="Envoys",
        outlet="Wire",
        url="https://example.org/a",
        published="2025-10-06",
    )
    assert not rejected
    assert frame.iloc[0][["title", "outlet", "url", "published"]].tolist() == [
        "Envoys",
        "Wire",
        "https://example.org/a",
        "2025-10-06",
    ]


def test_new_events_join_the_table_and_a_repeat_replaces_the_older_reading():
    base = sample_events()
    newer = conform(
        [
            sample_rows()[0] | {"action": "join talks again"},
            sample_rows()[0]
            | {
                "event_id": "ev-new",
                "article_id": "mine",
                "sources": ["mine"],
                "action": "sign",
                "event_type": "sign",
            },
        ]
    )
    joined = combine(base, [newer])
    assert len(joined) == len(base) + 1
    assert (
        joined.set_index("event_id").loc["ev-witkoff-kushner-cairo", "action"] == "join talks again"
    )
    assert combine(base, []) is base


def test_a_pasted_article_builds_into_dated_events(model):
    frame, rejected = read_pasted(
        "Steve Witkoff will travel to Cairo on Wednesday "
        "for talks with the mediators, officials said.",
        title="Envoys",
        outlet="Wire",
        published="2025-10-06",
    )
    seen = []
    result = intake.build_articles(
        frame, rejected, model=model, progress=lambda done, total, _: seen.append((done, total))
    )
    assert seen[-1] == (1, 1)
    assert list(result.report["status"]) == ["processed"]
    dated = result.events[result.events["start"].notna()]
    assert len(dated) and "Steve Witkoff" in set(dated["actors"].sum())
    cairo_day = dated["start"].dt.tz_convert("Africa/Cairo").dt.date
    assert pd.Timestamp("2025-10-08").date() in set(cairo_day)


def _news_site(base: str) -> dict:
    return {
        "/news/envoys-arrive": (
            200,
            "text/html",
            wp.page("Envoys arrive", head=wp.news_article("2025-10-08T09:30:00+03:00")),
        ),
        "/2025/10/05/delegations-gather": (200, "text/html", wp.page("Delegations gather")),
    }


@pytest.fixture
def news_site(monkeypatch):
    wp.only_this_machine(monkeypatch)
    monkeypatch.setenv(fetch.ALLOW_PRIVATE, "1")
    with wp.serve(_news_site) as base:
        yield base


def test_typed_addresses_become_articles_named_by_their_address(news_site):
    lines = f"{news_site}/news/envoys-arrive\n\n  {news_site}/2025/10/05/delegations-gather  \n"
    seen = []
    frame, rejected = intake.read_addresses(
        lines, progress=lambda done, total, _: seen.append((done, total))
    )
    assert not rejected and seen[-1] == (2, 2)
    by_source = frame.set_index("source")
    envoys = by_source.loc[f"{news_site}/news/envoys-arrive"]
    assert envoys["published"] == "2025-10-08" and envoys["evidence"].startswith("json-ld:")
    assert by_source.loc[f"{news_site}/2025/10/05/delegations-gather", "evidence"].startswith(
        "url:"
    )


@pytest.mark.parametrize(
    ("line", "reason_has"),
    [
        ("/etc/passwd", "not a web address"),
        ("example.org/news", "not a web address"),
        ("javascript:alert(1)", "not javascript:"),
        ("{site}/missing", "404"),
        ("{site}/news/envoys-arrive?utm_source=share", "the same article as another address"),
    ],
)
def test_a_refused_address_is_named_and_costs_no_other(news_site, line, reason_has):
    lines = f"{news_site}/news/envoys-arrive\n{line.format(site=news_site)}"
    frame, rejected = intake.read_addresses(lines)
    assert list(frame["source"]) == [f"{news_site}/news/envoys-arrive"]
    reasons = {r.source: r.reason for r in rejected}
    assert reason_has in reasons[line.format(site=news_site)]


def test_the_page_refuses_the_servers_own_network_without_the_setting(monkeypatch):
    wp.only_this_machine(monkeypatch)
    monkeypatch.delenv(fetch.ALLOW_PRIVATE, raising=False)
    assert "public addresses only" in intake.fetch_limits_text()
    _, rejected = intake.read_addresses("http://10.0.0.7/admin\nhttp://localhost:8501/")
    private, loopback = (r.reason for r in rejected)
    assert "10.0.0.7, a private address" in private and "a loopback address" in loopback
    assert fetch.ALLOW_PRIVATE in private


def test_over_the_address_limit_each_extra_line_is_named():
    lines = "\n".join(f"javascript:void({n})" for n in range(intake.MAX_ADDRESSES + 2))
    _, rejected = intake.read_addresses(lines)
    assert len(rejected) == intake.MAX_ADDRESSES + 2
    assert sum("over the limit" in r.reason for r in rejected) == 2


def test_a_saved_page_upload_is_read_with_its_date():
    upload = Upload("envoys.html", wp.page("Envoys", head=wp.og_published("2025-10-07")).encode())
    frame, rejected = read_uploads([upload])
    assert not rejected
    assert list(frame["source"]) == ["envoys.html"] and list(frame["published"]) == ["2025-10-07"]


def _pasted(text: str, **meta) -> pd.DataFrame:
    frame, rejected = intake.read_pasted(text, **meta)
    assert not rejected
    return frame


KEPT = (
    "Marco Rubio will travel to Doha on Thursday for talks with the mediators, officials said.",
    {"title": "Rubio heads\nto Doha", "outlet": "Example News", "published": "2025-10-06"},
)


def test_the_bundle_of_ones_own_articles_uploads_back_as_the_same_articles():
    frame = _pasted(KEPT[0], **KEPT[1])
    again, rejected = intake.read_uploads(
        [intake.Upload(intake.BUNDLE_NAME, intake.bundle([frame]))]
    )
    assert not rejected
    for name in ("article_id", "text", "published", "outlet", "title"):
        assert list(again[name]) == list(frame[name])


def test_saved_articles_are_files_the_articles_folder_reads_and_never_overwritten(tmp_path):
    from pipeline import articles

    frame = _pasted(KEPT[0], **KEPT[1])
    first = intake.save_to_folder([frame], tmp_path)
    assert len(first) == 1 and first[0].suffix == ".md"
    assert intake.save_to_folder([frame, frame], tmp_path) == []  # kept once
    read, rejected = articles.read_articles([tmp_path])
    assert not rejected
    assert list(read["text"].str.strip()) == [KEPT[0]]
    assert list(read["published"].astype(str).str[:10]) == ["2025-10-06"]
    assert list(read["title"]) == ["Rubio heads to Doha"]  # one front-matter line
