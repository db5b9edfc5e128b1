"""The timeline benchmark's own parts: the task's file format, token alignment, anchors,
ordering and entity naming, on tiny hand-written examples (no corpus, no model)."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from benchmarks.corpora import semeval
from benchmarks.timelines import (
    EntityNames,
    Placed,
    anchor_of,
    order_lines,
    row_period,
    takes_part,
)

CAT = """<?xml version="1.0" ?><Document doc_id="555" doc_name="555-Example">
<token number="0" sentence="0" t_id="1">Jobs</token>
<token number="1" sentence="0" t_id="2">steps</token>
<token number="2" sentence="0" t_id="3">down</token>
<token number="3" sentence="1" t_id="4">August</token>
<token number="4" sentence="1" t_id="5">25</token>
<token number="5" sentence="1" t_id="6">,</token>
<token number="6" sentence="1" t_id="7">2011</token>
<token number="7" sentence="2" t_id="8">Steve</token>
<token number="8" sentence="2" t_id="9">Jobs</token>
<token number="9" sentence="2" t_id="10">resigned</token>
<token number="10" sentence="2" t_id="11">.</token>
<token number="11" sentence="3" t_id="12">Apple</token>
<token number="12" sentence="3" t_id="13">'s</token>
<token number="13" sentence="3" t_id="14">shares</token>
<token number="14" sentence="3" t_id="15">fell</token>
<token number="15" sentence="3" t_id="16">.</token>
<Markables><TIMEX3 m_id="1" functionInDocument="CREATION_TIME" type="DATE" value="2011-08-25">
<token_anchor t_id="4"/></TIMEX3></Markables></Document>
"""


@pytest.fixture()
def document(tmp_path):
    path = tmp_path / "555.xml"
    path.write_text(CAT, encoding="utf-8")
    return semeval.read_document(path)


def test_a_document_is_its_title_line_then_its_body_without_the_dateline(document):
    assert document.doc_id == "555"
    assert document.published == "2011-08-25"
    assert document.title == "Jobs steps down"
    assert document.text == "Jobs steps down\n\nSteve Jobs resigned. Apple's shares fell."


@pytest.mark.parametrize(
    ("word", "occurrence", "sentence", "t_id"),
    [
        ("steps", 0, 0, "2"),  # the title is sentence 0
        ("resigned", 0, 2, "10"),  # sentence numbers skip the dateline (1) as the task does
        ("fell", 0, 3, "15"),
        ("'s", 0, 3, "13"),  # written against the word before it, still its own token
        ("Jobs", 1, 2, "9"),
    ],
)
def test_an_offset_in_the_text_is_the_tasks_token(document, word, occurrence, sentence, t_id):
    char = -1
    for _ in range(occurrence + 1):
        char = document.text.index(word, char + 1)
    for inside in (char, char + len(word) - 1):
        token = document.token_at(inside)
        assert (token.word, token.sentence, token.t_id) == (word, sentence, t_id)


def test_an_offset_between_tokens_is_no_token(document):
    assert document.token_at(document.text.index(" resigned")) is None
    assert document.token_at(len(document.text) + 5) is None


TIMELINE = semeval.Timeline(
    "Steve Jobs",
    (
        semeval.TimelineLine(0, "XXXX-XX-XX", (semeval.Mention("18315", 4, "said"),)),
        semeval.TimelineLine(1, "1955-02-24", (semeval.Mention("18355", 5, "born"),)),
        semeval.TimelineLine(
            8,
            "2004",
            (semeval.Mention("17677", 5, "fought"), semeval.Mention("18355", 4, "fighting")),
        ),
        semeval.TimelineLine(9, "2011-08", (semeval.Mention("18315", 2, "step_down"),)),
    ),
)


def test_a_timeline_is_written_in_the_tasks_tab_format():
    assert semeval.format_timeline(TIMELINE) == (
        "Steve Jobs\n"
        "0\tXXXX-XX-XX\t18315-4-said\n"
        "1\t1955-02-24\t18355-5-born\n"
        "8\t2004\t17677-5-fought\t18355-4-fighting\n"
        "9\t2011-08\t18315-2-step_down\n"
    )


def test_a_written_timeline_reads_back_the_same():
    assert semeval.parse_timeline(semeval.format_timeline(TIMELINE)) == TIMELINE


def test_a_word_with_hyphens_stays_one_mention():
    assert semeval.Mention.parse("16900-2-pre-orders") == semeval.Mention("16900", 2, "pre-orders")


@pytest.mark.parametrize(
    ("line", "reason"),
    [
        (semeval.TimelineLine(1, "2011-W34", (semeval.Mention("1", 2, "said"),)), "anchor"),
        (semeval.TimelineLine(1, "2011", ()), "no mention"),
        (semeval.TimelineLine(1, "2011", (semeval.Mention("1", 2, "step down"),)), "space"),
    ],
)
def test_a_line_the_scorer_would_misread_is_refused(line, reason):
    with pytest.raises(ValueError, match=reason):
        semeval.format_timeline(semeval.Timeline("iPod", (line,)))


@pytest.mark.parametrize(
    ("entity", "name"),
    [("Steve Jobs", "steve_jobs.txt"), ("iTunes Store", "itunes_store.txt"), ("iPod", "ipod.txt")],
)
def test_timeline_files_are_named_as_the_task_names_them(entity, name):
    assert semeval.file_name(entity) == name


@pytest.mark.parametrize(
    ("start", "zone", "granularity", "anchor"),
    [
        ("2011-10-05T22:30:00Z", "Europe/Berlin", "day", "2011-10-06"),  # the local day
        ("2011-10-05T22:30:00Z", "UTC", "day", "2011-10-05"),
        ("2011-10-05T17:00:00Z", "UTC", "time", "2011-10-05"),
        ("2011-10-05T06:00:00Z", "UTC", "part-of-day", "2011-10-05"),
        ("2008-01-01T00:00:00Z", "UTC", "month", "2008-01"),
        ("1976-01-01T00:00:00Z", "UTC", "year", "1976"),
        ("2011-10-03T00:00:00Z", "UTC", "week", "XXXX-XX-XX"),  # the task has no week
        ("1980-01-01T00:00:00Z", "UTC", "decade", "XXXX-XX-XX"),
        (None, "UTC", "unknown", "XXXX-XX-XX"),
    ],
)
def test_a_period_anchors_as_precisely_as_its_granularity(start, zone, granularity, anchor):
    assert anchor_of(pd.Timestamp(start) if start else None, zone, granularity) == anchor


@pytest.mark.parametrize(
    ("start", "end", "basis", "zone", "period"),
    [
        pytest.param(
            "2011-10-05T22:00:00Z",
            "2011-10-06T22:00:00Z",
            "expression",
            "Europe/Berlin",
            ("2011-10-05T22:00:00Z", "2011-10-06T22:00:00Z"),
            id="its-own-period",
        ),
        pytest.param(
            None,
            "2011-10-06T22:00:00Z",
            "publication",
            "Europe/Berlin",
            ("2011-10-05T22:00:00Z", "2011-10-06T22:00:00Z"),
            id="by-publication-on-the-day-it-closes",
        ),
        pytest.param(
            None,
            "2008-02-01T00:00:00Z",
            "publication",
            "UTC",
            ("2008-01-31T00:00:00Z", "2008-02-01T00:00:00Z"),
            id="by-a-month-publication-on-its-last-day",
        ),
        pytest.param(None, None, "publication", "UTC", None, id="publication-unknown"),
    ],
)
def test_a_row_is_placed_at_its_period_or_by_publication_on_the_publication_day(
    start, end, basis, zone, period
):
    row = {
        "start": pd.Timestamp(start) if start else pd.NaT,
        "end": pd.Timestamp(end) if end else pd.NaT,
        "date_basis": basis,
        "timezone": zone,
    }
    expected = tuple(pd.Timestamp(t) for t in period) if period else None
    assert row_period(row) == expected


def test_a_by_publication_row_anchors_on_the_publication_day():
    row = {
        "start": pd.NaT,
        "end": pd.Timestamp("2011-10-06T22:00:00Z"),
        "date_basis": "publication",
        "timezone": "Europe/Berlin",
    }
    period = row_period(row)
    assert period is not None
    assert anchor_of(period[0], "Europe/Berlin", "day") == "2011-10-06"


def _day(text: str) -> tuple[pd.Timestamp, pd.Timestamp]:
    first = pd.Timestamp(text, tz="UTC")
    return first, first + pd.Timedelta(days=1)


def test_lines_are_ordered_by_period_and_equal_periods_share_an_ordinal():
    said, born, started, built, fired = (
        semeval.Mention("1", 1, w) for w in ("said", "born", "started", "built", "fired")
    )
    lines = order_lines(
        [
            Placed(_day("1985-05-01"), "1985-05-01", (fired,)),
            Placed(None, "XXXX-XX-XX", (said,)),
            Placed(_day("1976-04-01"), "1976-04-01", (started,)),
            Placed(_day("1955-02-24"), "1955-02-24", (born,)),
            Placed(_day("1976-04-01"), "1976-04-01", (built,)),
        ]
    )
    assert [(line.ordinal, line.anchor, line.mentions) for line in lines] == [
        (0, "XXXX-XX-XX", (said,)),
        (1, "1955-02-24", (born,)),
        (2, "1976-04-01", (built,)),
        (2, "1976-04-01", (started,)),
        (3, "1985-05-01", (fired,)),
    ]


def test_a_mention_claimed_by_two_events_stays_on_the_first():
    said, told = semeval.Mention("1", 1, "said"), semeval.Mention("2", 3, "told")
    lines = order_lines(
        [
            Placed(_day("2011-08-24"), "2011-08-24", (said, told)),
            Placed(_day("2011-08-25"), "2011-08-25", (told,)),
        ]
    )
    assert [line.mentions for line in lines] == [(said, told)]


@pytest.mark.parametrize(
    ("entity", "text", "article_uses_full_name", "named"),
    [
        ("Steve Jobs", "Steve Jobs resigned", False, True),
        ("Steve Jobs", "Jobs resigned", True, True),  # the surname, once the article has the name
        ("Steve Jobs", "Jobs resigned", False, False),  # "jobs" alone in another article
        ("Steve Jobs", "Steve Jobs's company", False, True),
        ("Beatles Apple Corps", "Apple Corps sued Apple Inc.", False, True),
        ("Beatles Apple Corps", "Apple Inc. won", True, False),
        ("iPhone 3G", "the iPhone 3G went on sale", False, True),
        ("iPhone 3G", "the iPhone went on sale", True, False),  # "3G" is no surname
        ("iPod", "iPods sold well", False, False),  # whole words only
        ("iTunes Store", "the iTunes store", False, True),  # case does not matter
    ],
)
def test_a_text_names_an_entity_by_one_rule(entity, text, article_uses_full_name, named):
    names = EntityNames.of(entity)
    assert names.named_in(text, article_uses_full_name=article_uses_full_name) is named


@pytest.mark.parametrize(
    "entity, actor, article_uses_full_name, named",
    [
        ("iPod", "iPod", False, True),
        ("iPod", "iPods", False, True),
        ("iPod", "iPod Nano", False, False),  # another product
        ("iPhone 3G", "iPhone 3GS", False, False),  # a model, not a plural
        ("Beatles Apple Corps", "Apple Corps", False, True),
        ("Beatles Apple Corps", "Apple Inc.", False, False),
        ("Steve Jobs", "Jobs", True, True),
        ("Steve Jobs", "Jobs", False, False),
    ],
)
def test_an_actor_is_the_entity_only_by_one_of_its_names(
    entity, actor, article_uses_full_name, named
):
    names = EntityNames.of(entity)
    assert names.is_named(actor, article_uses_full_name=article_uses_full_name) is named


@pytest.mark.parametrize(
    "event_class, role, on_timeline",
    [
        ("happening", "agent", True),
        ("happening", "target", True),
        ("happening", "participant", True),
        ("happening", "reporter", False),  # "Jobs said that Apple will offer a case"
        ("reporting", "agent", True),  # "Jobs said ..."
        ("reporting", "participant", False),  # "said Neil Aspinall, manager of Apple Corps"
    ],
)
def test_an_entity_timeline_holds_what_the_entity_takes_part_in(event_class, role, on_timeline):
    row = {
        "event_class": event_class,
        "participants": [
            {"name": "Steve Jobs", "role": role, "kind": "person"},
            {"name": "Apple", "role": "agent", "kind": "organisation"},
        ],
    }
    assert takes_part(row, lambda name: name == "Steve Jobs") is on_timeline


TRIAL = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "semeval2015-timeline"


@pytest.mark.skipif(
    not (TRIAL / "trial").is_dir(),
    reason=f"{TRIAL} is absent: the SemEval data lives in ../shared beside the checkout",
)
def test_every_gold_mention_is_a_token_of_its_sentence_in_the_trial_corpus():
    """The reader numbers sentences as the annotators did: each gold mention's words are
    tokens of the sentence it names, in order ("taking_out": "taking the iPhone out"). A
    mention of an article the corpus lacks (a typo in the gold) is left out."""
    documents = {
        d.doc_id: d for d in semeval.read_corpus(TRIAL / "trial" / "Corpus-trial-data_task4")
    }
    gold = semeval.read_timelines(TRIAL / "trial" / "TimeLines_trial_data_task4_v1.2")
    mentions = [
        m for t in gold.values() for line in t.lines for m in line.mentions if m.doc_id in documents
    ]
    assert len(mentions) > 150
    for mention in mentions:
        words = [
            t.word.lower()
            for t in documents[mention.doc_id].tokens
            if t.sentence == mention.sentence
        ]
        parts = iter(words)
        assert all(part in parts for part in mention.word.lower().split("_")), (
            f"{mention} not in {' '.join(words)}"
        )
