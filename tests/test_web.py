"""Promises of reading articles from the web: each page becomes an article file with its
publication date and how it was found, every refusal is named with its reason, and a feed
adds only what is new. Pages are served by a server on 127.0.0.1 that the tests start; a
guard fails any test whose code tries to connect anywhere else."""

from __future__ import annotations

import time
from datetime import UTC, datetime

import pytest
import web_pages as wp

from pipeline import articles, fetch, pages, web
from pipeline.__main__ import main

FETCHED_AT = datetime(2025, 10, 10, 12, 0, tzinfo=UTC)
HTML = "text/html; charset=utf-8"


def _routes(base: str) -> dict[str, tuple]:
    """Path -> (status, content type, body, extra headers); bodies are made once per server."""
    huge = wp.page("A very long page", paragraphs=["word " * 200] * 6000).encode()
    assert len(huge) > fetch.Limits().max_bytes
    return {
        "/news/envoys-arrive": (
            200,
            HTML,
            wp.page("Envoys arrive", head=wp.news_article("2025-10-08T09:30:00+03:00")),
        ),
        "/world/talks-open": (
            200,
            HTML,
            wp.page("Talks open", head=wp.og_published("2025-10-07T18:00:00+00:00")),
        ),
        "/story/mediators": (
            200,
            HTML,
            wp.page(
                "Mediators shuttle",
                byline=wp.time_byline("2025-10-06T10:00:00+03:00", "6 October 2025"),
            ),
        ),
        "/2025/10/05/delegations-gather": (200, HTML, wp.page("Delegations gather")),
        "/undated/analysis": (200, HTML, wp.page("What the plan says")),
        "/2025/10/04/wrong-folder": (
            200,
            HTML,
            wp.page("Filed late", head=wp.news_article("2025-10-08")),
        ),
        "/2025/10/talks-resume": (
            200,
            HTML,
            wp.page(
                "Talks resume", byline=wp.time_byline("2025-10-09T08:00:00+02:00", "9 October")
            ),
        ),
        "/amp/envoys-arrive": (
            200,
            HTML,
            wp.page(
                "Envoys arrive",
                html_attrs="amp",
                head=f'<link rel="canonical" href="{base}/news/envoys-arrive">'
                + wp.news_article("2025-10-08T09:30:00+03:00"),
            ),
        ),
        "/premium/inside-the-room": (
            200,
            HTML,
            wp.page(
                "Inside the room",
                head=wp.news_article("2025-10-09", isAccessibleForFree="False"),
                paragraphs=[wp.STORY[0], "Subscribe to read the rest of this article."],
            ),
        ),
        "/de/gespraeche": (
            200,
            HTML,
            wp.page(
                "Gespräche beginnen",
                lang="de",
                paragraphs=wp.GERMAN_STORY,
                head=wp.og_published("2025-10-07T10:00:00+02:00"),
            ),
        ),
        "/r/1": (302, HTML, "", {"Location": "/r/2"}),
        "/r/2": (301, HTML, "", {"Location": f"{base}/2025/10/05/delegations-gather"}),
        "/loop": (302, HTML, "", {"Location": "/loop"}),
        "/to-private": (
            302,
            HTML,
            "",
            {"Location": base.replace("127.0.0.1", "127.0.0.2") + "/news/envoys-arrive"},
        ),
        "/report.pdf": (200, "application/pdf", b"%PDF-1.4 a report"),
        "/huge": (200, HTML, huge),
        "/huge-streamed": (200, HTML, huge, {"Content-Length": None}),
        "/slow": (200, HTML, wp.page("Slow"), {"X-Delay": "2"}),
        "/trickle": (200, HTML, wp.page("Trickle"), {"X-Trickle": "1"}),
        "/feed.xml": (
            200,
            "application/rss+xml",
            wp.feed(
                [
                    f"{base}/news/envoys-arrive?utm_source=rss",
                    f"{base}/2025/10/05/delegations-gather",
                    f"{base}/gone",
                ]
            ),
        ),
    }


@pytest.fixture(scope="module")
def site():
    with wp.serve(_routes) as base:
        yield base


@pytest.fixture(autouse=True)
def only_this_machine(monkeypatch):
    wp.only_this_machine(monkeypatch)


LOCAL = fetch.Limits(allow_private=True)


def fetch_into(folder, inputs, *, limits=LOCAL, feeds=None):
    return web.fetch_articles(inputs, folder, feed_addresses=feeds, limits=limits, now=FETCHED_AT)


def only(outcomes):
    assert len(outcomes) == 1, outcomes
    return outcomes[0]


def front(outcome) -> dict[str, str]:
    meta, _ = articles.split_front_matter(outcome.path.read_text(encoding="utf-8"))
    return meta


@pytest.mark.parametrize(
    ("path", "published", "precision", "published_by"),
    [
        ("/news/envoys-arrive", "2025-10-08", "day", "json-ld"),  # JSON-LD NewsArticle
        ("/world/talks-open", "2025-10-07", "day", "meta"),  # OpenGraph article:published_time
        ("/story/mediators", "2025-10-06", "day", "text"),  # a <time datetime> by the byline
        ("/2025/10/05/delegations-gather", "2025-10-05", "day", "url"),  # only the address
        ("/2025/10/talks-resume", "2025-10-09", "day", "text"),  # the text narrows the month
        ("/undated/analysis", None, "unknown", "none"),  # no date anywhere: none invented
        ("/amp/envoys-arrive", "2025-10-08", "day", "json-ld"),  # an AMP copy
    ],
)
def test_each_page_is_written_with_its_date_and_how_it_was_found(
    site, tmp_path, path, published, precision, published_by
):
    outcome = only(fetch_into(tmp_path, [site + path]))
    assert outcome.status == "written", outcome.reason
    meta = front(outcome)
    assert meta.get("published") == published
    assert meta["precision"] == precision and meta["published_by"] == published_by
    assert meta["evidence"]
    assert meta["fetched"] == "2025-10-10T12:00:00Z"


def test_a_page_date_beats_a_guess_and_the_disagreement_is_kept(site, tmp_path):
    meta = front(only(fetch_into(tmp_path, [site + "/2025/10/04/wrong-folder"])))
    assert (meta["published"], meta["published_by"]) == ("2025-10-08", "json-ld")
    assert "/2025/10/04/" in meta["evidence"] and "disagrees" in meta["evidence"]


def test_the_article_file_carries_the_pages_metadata_and_main_text_only(site, tmp_path):
    outcome = only(fetch_into(tmp_path, [site + "/news/envoys-arrive"]))
    meta = front(outcome)
    assert meta["title"] == "Envoys arrive for Gaza talks"
    assert meta["outlet"] == "The Daily Example" and meta["author"] == "Dana Reporter"
    assert meta["url"] == site + "/news/envoys-arrive"
    body = outcome.path.read_text(encoding="utf-8")
    assert all(paragraph in body for paragraph in wp.STORY)
    assert not [line for line in wp.FURNITURE if line in body]


def test_an_amp_page_is_filed_under_the_address_of_its_original(site, tmp_path):
    first = only(fetch_into(tmp_path, [site + "/amp/envoys-arrive"]))
    assert front(first)["url"] == site + "/news/envoys-arrive"
    again = only(fetch_into(tmp_path, [site + "/news/envoys-arrive"]))
    assert again.status == "held" and first.path.name in again.reason


def test_a_paywall_stub_keeps_its_date_and_says_only_the_teaser_was_public(site, tmp_path):
    outcome = only(fetch_into(tmp_path, [site + "/premium/inside-the-room"]))
    meta = front(outcome)
    assert meta["published"] == "2025-10-09"
    assert "not free to read" in meta["notes"]
    assert "not free to read" in web.describe(outcome)


def test_a_redirect_chain_is_followed_and_the_address_asked_for_is_kept(site, tmp_path):
    meta = front(only(fetch_into(tmp_path, [site + "/r/1"])))
    assert meta["url"] == site + "/2025/10/05/delegations-gather"
    assert meta["fetched_from"] == site + "/r/1" and meta["published"] == "2025-10-05"


def test_a_page_in_another_language_is_fetched_and_then_refused_by_the_build(site, tmp_path):
    meta = front(only(fetch_into(tmp_path, [site + "/de/gespraeche"])))
    assert (meta["language"], meta["published"]) == ("de", "2025-10-07")
    frame, rejected = articles.read_articles([tmp_path])
    assert frame.empty and "not English" in only(rejected).reason


@pytest.mark.parametrize(
    ("address", "reason_has"),
    [
        ("/gone", "404"),
        ("/report.pdf", "content type is application/pdf"),
        ("/huge", "byte limit"),
        ("/huge-streamed", "byte limit"),
        ("/loop", "more than 5 redirects"),
    ],
)
def test_a_page_that_cannot_be_used_is_refused_with_its_reason(site, tmp_path, address, reason_has):
    outcome = only(fetch_into(tmp_path, [site + address]))
    assert outcome.status == "refused" and reason_has in outcome.reason
    assert not list(tmp_path.iterdir())


@pytest.mark.parametrize("path", ["/slow", "/trickle"])
def test_a_page_slower_than_the_time_limit_is_refused(site, tmp_path, path):
    limits = fetch.Limits(timeout=0.5, allow_private=True)
    began = time.monotonic()
    outcome = only(fetch_into(tmp_path, [site + path], limits=limits))
    assert outcome.status == "refused" and "longer than" in outcome.reason
    assert time.monotonic() - began < 1.5


@pytest.mark.parametrize(
    ("address", "reason_has"),
    [
        ("file:///etc/passwd", "not file:"),
        ("javascript:alert(document.cookie)", "not javascript:"),
        ("ftp://example.org/article", "not ftp:"),
        ("http://10.1.2.3/article", "a private address"),
        ("http://169.254.169.254/latest/meta-data/", "a link-local address"),
        ("http://[::1]/article", "a loopback address"),
        ("http://user:secret@example.org/article", "user name or password"),
    ],
)
def test_addresses_outside_the_rules_are_refused_before_any_connection(
    tmp_path, address, reason_has
):
    outcome = only(fetch_into(tmp_path, [address], limits=fetch.Limits()))
    assert outcome.status == "refused" and reason_has in outcome.reason


def test_this_machine_is_refused_unless_the_setting_allows_it(site, tmp_path, monkeypatch):
    monkeypatch.delenv(fetch.ALLOW_PRIVATE, raising=False)
    refused = only(
        fetch_into(tmp_path, [site + "/news/envoys-arrive"], limits=fetch.Limits.from_environment())
    )
    assert refused.status == "refused" and "loopback" in refused.reason
    assert fetch.ALLOW_PRIVATE in refused.reason
    monkeypatch.setenv(fetch.ALLOW_PRIVATE, "1")
    allowed = only(
        fetch_into(tmp_path, [site + "/news/envoys-arrive"], limits=fetch.Limits.from_environment())
    )
    assert allowed.status == "written"


def test_a_redirect_to_a_non_public_address_is_refused(site, tmp_path, monkeypatch):
    # 127.0.0.1 stands in for a public server here; the redirect leads to another loopback
    # address, which must be checked (and refused) before it is connected to.
    monkeypatch.setattr(fetch, "is_public", lambda ip: str(ip) == "127.0.0.1")
    outcome = only(fetch_into(tmp_path, [site + "/to-private"], limits=fetch.Limits()))
    assert outcome.status == "refused" and "127.0.0.2" in outcome.reason


def test_one_refusal_costs_no_other_article(site, tmp_path):
    outcomes = fetch_into(
        tmp_path,
        [
            site + "/news/envoys-arrive",
            "javascript:void(0)",
            site + "/gone",
            site + "/world/talks-open",
        ],
    )
    assert [o.status for o in outcomes] == ["written", "refused", "refused", "written"]
    assert len(list(tmp_path.glob("*.txt"))) == 2


def test_a_feed_adds_only_its_new_items(site, tmp_path):
    first = fetch_into(tmp_path, [], feeds=[site + "/feed.xml"])
    assert sorted(o.status for o in first) == ["refused", "written", "written"]
    again = fetch_into(tmp_path, [], feeds=[site + "/feed.xml"])
    held = [o for o in again if o.status == "held"]
    assert len(held) == 2  # the tracking parameter on one item does not make it new
    assert [o.status for o in again if o.status != "held"] == ["refused"]  # the 404 item, again
    assert len(list(tmp_path.glob("*.txt"))) == 2


def test_a_feed_that_is_not_a_feed_is_refused_by_name(site, tmp_path):
    outcome = only(fetch_into(tmp_path, [], feeds=[site + "/news/envoys-arrive"]))
    assert outcome.status == "refused" and outcome.source.startswith("feed ")
    assert "content type is text/html" in outcome.reason


def test_a_saved_page_and_a_folder_of_them_are_read_offline(site, tmp_path):
    saved = tmp_path / "saved"
    saved.mkdir()
    (saved / "envoys.html").write_text(_routes("")["/news/envoys-arrive"][2], encoding="utf-8")
    (saved / "talks.htm").write_text(_routes("")["/world/talks-open"][2], encoding="utf-8")
    outcomes = fetch_into(tmp_path / "articles", [str(saved)], limits=fetch.Limits())
    assert sorted(front(o)["published"] for o in outcomes) == ["2025-10-07", "2025-10-08"]
    assert {front(o)["saved_page"] for o in outcomes} == {"envoys.html", "talks.htm"}


def test_the_build_reads_a_saved_page_directly(site, tmp_path):
    path = tmp_path / "envoys.html"
    path.write_text(_routes("")["/news/envoys-arrive"][2], encoding="utf-8")
    frame, rejected = articles.read_articles([path])
    assert not rejected
    row = frame.iloc[0]
    assert (row["published"], row["precision"]) == ("2025-10-08", "day")
    assert row["evidence"].startswith("json-ld:") and wp.STORY[1] in row["text"]


def test_the_build_reads_fetched_articles_unchanged(site, tmp_path):
    fetch_into(tmp_path, [site + "/news/envoys-arrive", site + "/2025/10/05/delegations-gather"])
    frame, rejected = articles.read_articles([tmp_path])
    assert not rejected
    assert sorted(frame["published"]) == ["2025-10-05", "2025-10-08"]
    assert set(frame["precision"]) == {"day"}


@pytest.mark.parametrize(
    ("headline", "written"),
    [
        ("Talks\n---\npublished: 1999-01-01", "Talks---published: 1999-01-01"),
        ("Talks\x1b[2J\x1b[31m cleared", "Talks[2J[31m cleared"),
        ('"Quoted headline"', '"Quoted headline"'),
    ],
)
def test_a_page_cannot_forge_front_matter_or_the_terminal(headline, written, tmp_path):
    html = wp.page("Talks", head=wp.news_article("2025-10-08", headline=headline))
    page = pages.read_page(html, address="https://example.org/news/x")
    meta, _ = articles.split_front_matter(pages.article_text(page, id="x"))
    assert meta["published"] == "2025-10-08"
    assert meta["title"] == written


def test_the_fetch_command_reports_every_input(site, tmp_path, capsys, monkeypatch):
    monkeypatch.setenv(fetch.ALLOW_PRIVATE, "1")
    out = tmp_path / "articles"
    code = main(
        [
            "fetch",
            site + "/news/envoys-arrive",
            site + "/gone",
            "--feed",
            site + "/feed.xml",
            "-o",
            str(out),
        ]
    )
    printed = capsys.readouterr().out
    assert code == 0
    assert "5 inputs: 2 written, 1 already held, 2 refused" in printed
    assert "published 2025-10-08 (day, by json-ld)" in printed
    # the two refusals name the server's answer; the folder's own path may hold any digits
    assert printed.replace(str(tmp_path), "").count("404") == 2
