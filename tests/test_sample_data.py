"""The bundled sample articles are the captured texts, with the metadata their sources give."""

from __future__ import annotations

import re

import pytest
from conftest import SAMPLE_ARTICLES, SHARED

from pipeline import articles

SEEDS = SHARED / "seeds"


@pytest.fixture(scope="module")
def sample():
    frame, rejected = articles.read_articles([SAMPLE_ARTICLES])
    assert not rejected
    return frame.set_index("article_id")


@pytest.mark.skipif(
    not SEEDS.exists(),
    reason=f"{SEEDS} is absent: the captured texts live in ../shared beside the checkout",
)
def test_texts_are_exactly_as_captured(sample):
    for path in sorted(SEEDS.glob("0*.txt")):
        assert sample.loc[path.stem, "text"] == path.read_text(encoding="utf-8"), path.name


@pytest.mark.skipif(not SEEDS.exists(), reason=f"{SEEDS} is absent")
def test_metadata_matches_the_sources_table(sample):
    table = (SEEDS / "SOURCES.md").read_text(encoding="utf-8")
    rows = re.findall(
        r"^\| (0\d\d_[0-9a-f]+)\.txt \| .*? \| (\S+) \| (\S+) \| (\w+) \|",
        table,
        flags=re.MULTILINE,
    )
    assert len(rows) == 5
    for article_id, url, published, precision in rows:
        assert sample.loc[article_id, "url"] == url
        assert sample.loc[article_id, "published"] == published
        assert sample.loc[article_id, "precision"] == precision
