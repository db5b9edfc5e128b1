"""Every article in comes out processed or rejected with a reason a user can act on."""

from __future__ import annotations

import json

import pytest

from pipeline import articles, build

GOOD = (
    "Negotiators met in Cairo on Tuesday and agreed to resume the talks. "
    "The delegation will return to Doha next week, officials said."
)


def _write(folder, name: str, content: str | bytes) -> None:
    path = folder / name
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")


BAD_ARTICLES = [
    ("empty.txt", "---\nid: empty\npublished: 2025-10-08\n---\n", "empty"),
    ("blank.txt", "---\nid: blank\npublished: 2025-10-08\n---\n   \n\t\n", "empty"),
    (
        "huge.txt",
        "---\nid: huge\npublished: 2025-10-08\n---\n" + "The talks went on. " * 280_000,
        "over the size limit",
    ),
    ("binary.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01\x00", "unreadable"),
    ("latin1.txt", "Die Gespräche in Kairo dauerten bis spät.".encode("latin-1"), "not UTF-8"),
    (
        "german.txt",
        "---\nid: german\npublished: 2025-10-08\n---\n"
        "Die Delegationen trafen sich am Mittwoch in Kairo, "
        "um über einen Waffenstillstand zu verhandeln. "
        "Beide Seiten zeigten sich vorsichtig optimistisch.",
        "not English",
    ),
    ("unclosed.txt", "---\nid: unclosed\npublished: 2025-10-08\n" + GOOD, "never closed"),
    ("numbers.txt", "---\nid: numbers\n---\n1 2 3 4 5 6", "no prose"),
    ("slides.pdf", b"%PDF-1.4", "unsupported file type"),
    ("badline.txt", "---\nid: badline\npublished 2025-10-08\n---\n" + GOOD, "not 'key: value'"),
    (
        "baddate.txt",
        "---\nid: baddate\npublished: 8 Oct\n---\n" + GOOD,
        "malformed: publication date '8 Oct'",
    ),
    ("notext.csv", "id,title,published\nnotext,Talks,2025-10-08\n", "no 'text' column"),
    ("shortrow.csv", "id,published,text\nshortrow,2025-10-08\n", "empty"),
    (
        "zz_same_id.txt",
        "---\nid: good\npublished: 2025-10-08\n---\n"
        "Another story with the same id as the good one.",
        "duplicate id",
    ),
]


@pytest.mark.parametrize("name, content, reason", BAD_ARTICLES, ids=[b[0] for b in BAD_ARTICLES])
def test_bad_article_is_rejected_with_its_reason(tmp_path, model, name, content, reason):
    _write(tmp_path, name, content)
    _write(tmp_path, "good.txt", f"---\nid: good\npublished: 2025-10-08\n---\n{GOOD}")
    result = build.build([tmp_path], model=model)
    rejected = result.rejected
    assert len(rejected) == 1, result.report.to_string()
    assert reason in rejected.iloc[0]["reason"]
    assert (
        name.split(".")[0] in rejected.iloc[0]["article_id"] or name in rejected.iloc[0]["source"]
    )
    assert list(result.processed["article_id"]) == ["good"], (
        "the good article is lost with the bad one"
    )
    assert (result.events["article_id"] == "good").any()


def test_hostile_text_is_kept_as_text(tmp_path, model):
    hostile = (
        "Officials met in Cairo on Tuesday. <script>alert('x')</script> "
        "<img src=x onerror=alert(1)> The talks ended."
    )
    _write(tmp_path, "hostile.txt", f"---\nid: hostile\npublished: 2025-10-08\n---\n{hostile}")
    result = build.build([tmp_path], model=model)
    assert list(result.processed["article_id"]) == ["hostile"]
    sentences = " ".join(result.events["sentence"])
    assert "Officials met in Cairo on Tuesday." in sentences


def test_missing_publication_date_is_processed_and_said(tmp_path, model):
    _write(tmp_path, "undated.txt", f"---\nid: undated\n---\n{GOOD}")
    result = build.build([tmp_path], model=model)
    row = result.report.set_index("article_id").loc["undated"]
    assert row["status"] == "processed"
    assert "no publication date" in row["reason"]
    assert row["published"] == "unknown"


def test_every_article_in_appears_in_the_report(tmp_path, model):
    for name, content, _ in BAD_ARTICLES[:4]:
        _write(tmp_path, name, content)
    lines = [
        json.dumps({"id": f"j{i}", "published": "2025-10-08", "text": GOOD}) for i in range(3)
    ] + ["{not json"]
    _write(tmp_path, "batch.jsonl", "\n".join(lines))
    result = build.build([tmp_path, tmp_path / "missing.txt"], model=model)
    assert len(result.report) == 4 + 4 + 1
    assert set(result.processed["article_id"]) == {"j0", "j1", "j2"}
    assert "malformed JSON" in " ".join(result.rejected["reason"])
    assert "not found" in " ".join(result.rejected["reason"])


def test_front_matter_body_is_kept_byte_for_byte():
    meta, body = articles.split_front_matter(
        "---\nid: a\nurl: https://x.org/a?b=c:d\n---\nSkip to main content\n\nText.\n"
    )
    assert meta == {"id": "a", "url": "https://x.org/a?b=c:d"}
    assert body == "Skip to main content\n\nText.\n"


def test_same_text_gets_the_same_id_wherever_it_comes_from():
    assert articles.pasted_article(GOOD)["article_id"][0] == articles.article_id_for(GOOD)
    assert articles.article_id_for(GOOD) != articles.article_id_for(GOOD + " ")


@pytest.mark.parametrize(
    "published, expected",
    [
        ("2025-10-08", "day"),
        ("2025-10", "month"),
        ("2025", "year"),
        ("", "unknown"),
        (None, "unknown"),
    ],
)
def test_publication_precision_is_what_the_metadata_states(published, expected):
    from pipeline.context import parse_published

    assert parse_published(published)[1] == expected


def test_publication_month_is_read_from_the_address_when_the_metadata_lacks_it(tmp_path, model):
    _write(
        tmp_path,
        "filed.txt",
        f"---\nid: filed\nurl: https://example.org/2025/10/talks.html\n---\n{GOOD}",
    )
    row = build.build([tmp_path], model=model).report.set_index("article_id").loc["filed"]
    assert (row["status"], row["published"]) == ("processed", "2025-10")
    assert "/2025/10/" in row["evidence"]


@pytest.mark.parametrize(
    "published, warning",
    [
        ("2099-01-08", "is in the future"),
        ("1850-10-08", "is before 1900"),
        ("0205-10-08", "is before 1900"),
    ],
)
def test_an_impossible_publication_date_is_set_aside_and_said(tmp_path, model, published, warning):
    _write(
        tmp_path,
        "typo.txt",
        f"---\nid: typo\npublished: {published}\nurl: https://example.org/2025/10/talks\n---\n{GOOD}",
    )
    _write(tmp_path, "good.txt", f"---\nid: good\npublished: 2025-10-08\n---\n{GOOD}")
    result = build.build([tmp_path], model=model)
    row = result.report.set_index("article_id").loc["typo"]
    assert row["status"] == "processed"
    assert warning in row["reason"] and "set aside" in row["reason"]
    assert row["published"] == "2025-10", "the address's month is used instead"
    assert published[:4] not in " ".join(result.events["start"].dropna().astype(str))
    assert list(result.processed["article_id"]) == ["good", "typo"]


def test_the_command_shows_a_set_aside_date(tmp_path, capsys, model):
    from pipeline.__main__ import main

    folder = tmp_path / "articles"
    folder.mkdir()
    _write(folder, "typo.txt", f"---\nid: typo\npublished: 2052-10-08\n---\n{GOOD}")
    assert main(["build", str(folder), "-o", str(tmp_path / "events.parquet")]) == 0
    line = next(ln for ln in capsys.readouterr().out.splitlines() if "processed  typo" in ln)
    assert "publication date 2052-10-08 is in the future" in line and "published unknown" in line
