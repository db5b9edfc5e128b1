"""Names across the corpus: one person is one filter entry however outlets spell the name."""

from __future__ import annotations

import pytest

from pipeline import actors
from pipeline.corpus import names
from pipeline.events import Mention


@pytest.mark.parametrize(
    ("first", "second", "one"),
    [
        pytest.param("Saman Kunan", "Saman Gunan", True, id="one-letter-of-a-surname"),
        pytest.param(
            "Narongsak Osottanakorn", "Narongsak Osatanakorn", True, id="long-transliteration"
        ),
        pytest.param("Prayuth Chan-ocha", "Prayut Chan-o-cha", True, id="hyphens-do-not-count"),
        pytest.param(
            "Jedsada Chokdamrongsuk", "Jesada Chokedamrongsuk", True, id="every-word-varies"
        ),
        pytest.param("Abdel Fattah el-Sisi", "Abdel Fattah al-Sisi", True, id="article-particle"),
        pytest.param("John Smith", "Joan Smith", False, id="short-names-must-match"),
        pytest.param("Donald Trump", "Donald Tusk", False, id="two-people-one-first-name"),
        pytest.param("Jared Kushner", "Jared Kirshner", False, id="too-many-letters-apart"),
        pytest.param("Steve Witkoff", "Witkoff", False, id="a-surname-is-another-rule"),
        pytest.param("Ekkapol Chantawong", "Ekkapol Chantawong", False, id="the-same-spelling"),
    ],
)
def test_two_spellings_of_one_name(first, second, one):
    assert names.same_name_spelled_differently(first, second) is one


def test_the_spelling_most_articles_use_is_the_canonical_one():
    corpus = names.CorpusNames(
        person_names={
            "a": frozenset({"Saman Kunan"}),
            "b": frozenset({"Saman Kunan"}),
            "c": frozenset({"Saman Gunan"}),
        }
    )
    rows = [
        {"article_id": article, "actors": [Mention(text, "PERSON")], "venue": None}
        for article, text in (("a", "Saman Kunan"), ("c", "Saman Gunan"), ("c", "Gunan"))
    ]
    found = names.canonicalise(rows, corpus, actors.AliasTable())
    assert [row["actors"] for row in found] == [["Saman Kunan"]] * 3
