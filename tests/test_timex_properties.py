"""Robustness of the date engine on any text: properties checked with hypothesis.

A pasted article can hold anything: control characters, another language, a table of
figures, impossible dates ("February 30, 2025", "12:99 p.m."), years a datetime cannot hold
("99999 years ago"), and the publication date itself can sit at the edge of the calendar
(0001-01-01, 9999-12-31). Whatever comes in, `find_expressions` must return expressions a
timeline can draw: no exception, offsets that point at the text, aware start <= end, the
same answer twice, in bounded time. The spaCy parse dominates the cost, so parsed documents
are cached and example counts kept modest.
"""

from __future__ import annotations

import random
import string
import time
from dataclasses import replace
from datetime import date, datetime

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from spacy.tokens import Doc

from pipeline.articles import pasted_article
from pipeline.build import build_frame
from pipeline.context import make_context
from pipeline.dates import Timex, find_expressions

# Publication contexts of every precision, the calendar's edges and a leap day, on clocks
# far from UTC in both directions (a date at 0001-01-01 local is before UTC's first instant).
PUBLISHED = [
    "2025-10-08",
    "2024-02-29",
    "0001-01-01",
    "9999-12-31",
    "2025-10",
    "0001-01",
    "9999-12",
    "2024",
    "0001",
    "9999",
    None,
]
ZONES = ["UTC", "Pacific/Kiritimati", "Etc/GMT+12"]
CONTEXTS = [make_context("p", p, timezone=z) for p in PUBLISHED for z in ZONES]
CONTEXT_IDS = [f"{p or 'unknown'}@{z}" for p in PUBLISHED for z in ZONES]

# Bounds on the engine's CPU time (not wall time: the test machine is shared). A megabyte is
# five times the article size limit and its noise is far denser in date words than prose;
# the spaCy Matcher alone costs about 20 microseconds a token there.
SENTENCE_SECONDS = 0.5
MEGABYTE_SECONDS = 10.0

ADVERSARIAL = [
    "February 30, 2025",
    "the year 99999",
    "0000-00-00",
    "31/31/31",
    "in 1e9 years",
    "the 99th",
    "Q7 2025",
    "week 60",
    "mid-99999",
    "12:99 p.m.",
    "9999 BC",
    "the 2nd anniversary of February 30",
    "99999 years ago",
    "within 100000 years",
    "10000 centuries ago",
    "over the past 5000 years",
    "the next 9999 decades",
    "December 31, 9999 and January 1, 0001",
    "the 99th century",
    "13/45/2025",
    "2025-13-45",
    "April 31",
    "the 5th anniversary of February 29, 2024",
    "25:00 GMT",
    "last winter, next summer, the 31st, this weekend, the end of next year",
]

# Words and numbers the rules read, so random sequences hit the calendar arithmetic often.
DATE_WORDS = [
    "the",
    "of",
    "on",
    "in",
    "to",
    "and",
    "-",
    ",",
    "/",
    ":",
    ".",
    "ago",
    "within",
    "next",
    "last",
    "this",
    "past",
    "coming",
    "early",
    "mid",
    "late",
    "end",
    "start",
    "between",
    "from",
    "until",
    "every",
    "anniversary",
    "second",
    "2nd",
    "99th",
    "31st",
    "quarter",
    "Q4",
    "Q9",
    "week",
    "weekend",
    "month",
    "year",
    "years",
    "decades",
    "century",
    "centuries",
    "days",
    "hours",
    "Monday",
    "Friday",
    "February",
    "March",
    "December",
    "spring",
    "winter",
    "today",
    "yesterday",
    "tomorrow",
    "tonight",
    "morning",
    "night",
    "p.m.",
    "a.m.",
    "local",
    "time",
    "GMT",
    "now",
    "recently",
    "BC",
    "1990s",
    "mid-2024",
    "2024",
    "1999",
    "0000",
    "9999",
    "99999",
    "12:99",
    "23:59",
    "0",
    "29",
    "30",
    "31",
    "1e9",
    "twenty",
    "thousand",
    "half",
]

_DOCS: dict[str, Doc] = {}


def _doc(model, text: str) -> Doc:
    """The parse of a text, made once per test session.

    The parse costs far more than the engine.
    """
    if text not in _DOCS:
        _DOCS[text] = model(text)
    return _DOCS[text]


@pytest.fixture(scope="module", autouse=True)
def warm(model):
    """Load dateparser's tables once (about half a second, once per process) so the time
    bounds below measure the engine, not a library's first import."""
    find_expressions(model("It was set for February 30, 2025."), make_context("p", "2025-10-08"))


def check_expressions(doc: Doc, found: list[Timex]) -> None:
    """What every expression must satisfy for the timeline to draw it or list it as unresolved."""
    text = doc.text
    for t in found:
        assert 0 <= t.start_char <= t.end_char <= len(text), t
        assert text[t.start_char : t.end_char] == t.text, t
        assert t.value is None or isinstance(t.value, str), t
        assert isinstance(t.explanation, str) and t.explanation, t
        for moment in (t.start, t.end):
            assert moment is None or (
                isinstance(moment, datetime) and moment.utcoffset() is not None
            ), t
        if t.start is not None and t.end is not None:
            assert t.start <= t.end, t
        if not t.resolved:
            assert t.start is None and t.end is None and t.value is None, t
            assert "not resolved" in t.explanation, t


def run(doc: Doc, context, bound: float, twice: bool = True) -> list[Timex]:
    """Find the expressions: checked, in bounded time, and (`twice`) the same on a second call."""
    began = time.process_time()
    first = find_expressions(doc, context)
    took = time.process_time() - began
    assert took < bound, f"{took:.2f} s for {len(doc.text):,} characters"
    check_expressions(doc, first)
    if twice:
        assert find_expressions(doc, context) == first
    return first


# ---------------------------------------------------------------- generated text


@settings(
    max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    text=st.text(st.characters(blacklist_categories=("Cs",)), max_size=120),
    context=st.sampled_from(CONTEXTS),
)
@example(text="", context=CONTEXTS[0])
@example(text="\x00\x01\x1b[2J\u200b\ufeff", context=CONTEXTS[0])
def test_any_unicode_text(model, text, context):
    """Random unicode (control characters, combining marks, any script) never breaks the engine."""
    run(_doc(model, text), context, SENTENCE_SECONDS)


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    words=st.lists(
        st.one_of(st.sampled_from(DATE_WORDS), st.integers(0, 10**6).map(str)), max_size=14
    ),
    context=st.sampled_from(CONTEXTS),
)
@example(
    words="last winter".split(), context=make_context("p", "0001-01-01")
)  # read from 0001: year 0
@example(
    words="the next 9999 decades".split(), context=make_context("p", "2025-10-08")
)  # year 102015
@example(words="99999 years ago".split(), context=make_context("p", "2025-10-08"))
@example(
    words="two days ago".split(), context=make_context("p", "0001-01-01")
)  # before the first day
@example(words="tomorrow".split(), context=make_context("p", "9999-12-31"))  # after the last day
@example(words="the 2nd anniversary of February 30".split(), context=make_context("p", "9999-12"))
def test_date_like_word_salad(model, words, context):
    """Sequences of date words and numbers reach every rule, at every precision and calendar edge.

    Each explicit example once raised ValueError or OverflowError out of the calendar
    arithmetic, costing the whole article; now the expression is left unresolved.
    """
    run(_doc(model, " ".join(words)), context, SENTENCE_SECONDS)


@pytest.mark.parametrize("context", CONTEXTS, ids=CONTEXT_IDS)
@pytest.mark.parametrize(
    "text",
    [
        "",
        "   \n\t \r\n ",
        "Die Regierung trat am 3. Oktober 2025 zurück, zwei Tage nach der Wahl.",
        "أعلنت الحكومة يوم الأربعاء 8 أكتوبر 2025 عن اتفاق لوقف إطلاق النار.",
        "政府于2025年10月8日星期三宣布停火协议，三天前开始谈判。",
        "Les négociations reprendront lundi prochain, le 13 octobre 2025.",
    ],
    ids=["empty", "whitespace", "german", "arabic", "chinese", "french"],
)
def test_other_languages_and_blank_text(model, text, context):
    """Blank text and other languages give well-formed expressions (or none) at every context."""
    run(_doc(model, text), context, SENTENCE_SECONDS)


# ---------------------------------------------------------------- impossible and extreme dates


@pytest.mark.parametrize("text", ADVERSARIAL)
def test_adversarial_dates_resolve_validly_or_not_at_all(model, text):
    """Impossible or out-of-range dates are dated to a real span, or left unresolved with a reason.

    "the year 99999" can never become a year: a datetime cannot hold it, and a resolution
    to some other year would put the event on the timeline at a date the text never gave.
    """
    doc = _doc(model, f"Officials said it happened {text}.")
    for context in CONTEXTS:
        for t in run(doc, context, SENTENCE_SECONDS):
            if t.dated:
                assert 1 <= t.start.year <= 9999 and t.start < t.end, t
            if "99999" in t.text or "12:99" in t.text or "Q7" in t.text:
                assert not t.dated, f"{t.text!r} dated to {t.start}..{t.end}: {t.explanation}"


def test_edge_publication_dates_keep_expressions_inside_the_calendar(model):
    """Read from the calendar's first and last day, nearby dates resolve and far ones do not.

    "yesterday" on 0001-01-01 falls before what a datetime holds, and so does the exclusive
    end of any day from 9999-12-31 on: those come back unresolved with the reason, not raised.
    """
    doc = _doc(model, "He spoke yesterday, speaks today and will speak tomorrow.")
    # make_context sets such dates aside as implausible metadata; the engine must still hold
    # at the calendar's edges when a context carries one, so the context is built directly.
    known = make_context("p", "2000-06-15")
    first = {t.text: t for t in run(doc, replace(known, published=date(1, 1, 1)), SENTENCE_SECONDS)}
    last = {
        t.text: t for t in run(doc, replace(known, published=date(9999, 12, 31)), SENTENCE_SECONDS)
    }
    assert first["today"].dated and first["today"].start == datetime(
        1, 1, 1, tzinfo=first["today"].start.tzinfo
    )
    assert first["tomorrow"].dated and first["tomorrow"].start.day == 2
    assert last["yesterday"].dated and last["yesterday"].start.date().isoformat() == "9999-12-30"
    for t in (first["yesterday"], last["today"], last["tomorrow"]):
        assert not t.resolved and "years 1 to 9999" in t.explanation, t


def test_leap_day_publication(model):
    """Published on 29 February: "a year ago" and "next year" land on real days and years."""
    found = run(
        _doc(model, "A year ago the talks failed; next year they resume."),
        make_context("p", "2024-02-29"),
        SENTENCE_SECONDS,
    )
    values = {t.text: t.value for t in found}
    assert values.get("next year") == "2025"
    assert values.get("A year ago") in ("2023", "2023-02")


# ---------------------------------------------------------------- long input


def test_run_on_date_span_is_fast(model):
    """The model marks "decades ago decades ago ..." as one huge DATE entity.

    Reading it stays linear.
    """
    doc = _doc(model, "decades ago " * 10000)
    assert max(len(e) for e in doc.ents) > 1000  # the huge entity this test is about
    run(doc, make_context("p", "2025-10-08"), MEGABYTE_SECONDS, twice=False)


def _noise(rng: random.Random, size: int) -> str:
    words, n = [], 0
    while n < size:
        r = rng.random()
        if r < 0.25:
            w = str(rng.randint(0, 10 ** rng.randint(1, 6)))
        elif r < 0.35:
            w = rng.choice(",.;:-/()!?'\"—%$")
        elif r < 0.45:
            w = rng.choice(DATE_WORDS)
        else:
            w = "".join(rng.choice(string.ascii_lowercase) for _ in range(rng.randint(1, 9)))
        words.append(w)
        n += len(w) + 1
    return " ".join(words)


def test_megabyte_of_noise(model):
    """A megabyte of words, figures and punctuation: bounded time, well-formed expressions.

    Parsing a megabyte would take minutes, so a parsed 20 kB chunk is repeated to a megabyte
    (over spaCy's default max_length, which only limits parsing).
    """
    chunk = _doc(model, _noise(random.Random(7), 20_000))
    doc = Doc.from_docs([chunk] * 50)
    assert len(doc.text) > 1_000_000
    found = run(doc, make_context("p", "2025-10-08"), MEGABYTE_SECONDS, twice=False)
    assert len(found) >= 50 * len(find_expressions(chunk, make_context("p", "2025-10-08")))


# ---------------------------------------------------------------- the whole build


@pytest.mark.parametrize("published", ["2025-10-08", "0001-01-01", "9999-12-31", "2024-02", None])
def test_build_processes_nasty_articles(model, published):
    """A pasted article full of impossible dates is processed, not rejected as a pipeline error."""
    text = (
        "Officials in Washington said on February 30, 2025 that the 2nd anniversary of February 30 "
        "would fall in Q7 2025, week 60, at 12:99 p.m., 99999 years ago, within 100000 years, "
        "mid-99999 or 9999 BC. Talks resumed yesterday and will end tomorrow. "
        + "decades ago "
        * 50
    )
    result = build_frame(pasted_article(text, published=published), [], model=model)
    report = result.report.to_dict("records")
    assert len(report) == 1
    assert report[0]["status"] == "processed", report[0]["reason"]
    assert report[0]["expressions"] > 5


@pytest.mark.parametrize(
    "text", ["", "\x00\x01\x02 binary", "政府于2025年10月8日宣布停火。", "12:99 " * 2000]
)
def test_build_survives_unscreened_text(model, text):
    """Text the screening would reject still yields a report row, never an exception."""
    result = build_frame(pasted_article(text, published="2025-10-08"), [], model=model)
    report = result.report.to_dict("records")
    assert len(report) == 1 and report[0]["status"] == "processed", report[0]
