"""The hand-made happening labels still describe the sample articles.

A label names a clause by a verbatim quote of its sentence and the verb's lemma; if an
article's text were edited, or a label mistyped, the benchmark would silently count that
clause as unlabelled. These checks make such a label fail here instead.
"""

from __future__ import annotations

import pytest
from conftest import SAMPLE_ARTICLES

from benchmarks.key_events import DEFAULT_LABELS, read_labels
from pipeline import articles

LABELS = read_labels(DEFAULT_LABELS)


@pytest.fixture(scope="module")
def texts() -> dict[str, str]:
    frame, rejected = articles.read_articles([SAMPLE_ARTICLES])
    assert not rejected
    return dict(zip(frame["article_id"], frame["text"], strict=True))


@pytest.fixture(scope="module")
def sentences(texts, model) -> dict[tuple[str, str], list[str]]:
    """(article, quote) -> the lemmas of the sentence the quote is in."""
    found = {}
    docs = {article_id: model(text) for article_id, text in texts.items()}
    for label in LABELS:
        doc = docs[label.article_id]
        at = texts[label.article_id].index(label.quote)
        sentence = next(s for s in doc.sents if s.start_char <= at < s.end_char)
        found[(label.article_id, label.quote)] = [t.lemma_.lower() for t in sentence]
    return found


def test_every_sample_article_is_labelled(texts):
    assert {label.article_id for label in LABELS} == set(texts)


@pytest.mark.parametrize("label", LABELS, ids=lambda label: f"{label.article_id[:3]}-{label.lemma}")
def test_a_labelled_quote_is_in_its_article_once(label, texts):
    assert texts[label.article_id].count(label.quote) == 1


@pytest.mark.parametrize("label", LABELS, ids=lambda label: f"{label.article_id[:3]}-{label.lemma}")
def test_a_labelled_verb_is_in_the_quoted_sentence(label, sentences):
    assert label.lemma in sentences[(label.article_id, label.quote)]


def test_a_key_event_is_a_happening():
    assert all(label.happening for label in LABELS if label.key)


def test_no_clause_is_labelled_twice():
    keys = [(label.article_id, label.quote, label.lemma) for label in LABELS]
    assert len(keys) == len(set(keys))
