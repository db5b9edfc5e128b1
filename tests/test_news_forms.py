"""Forms real news reports use, each dated against a pinned publication day.

Each case is a sentence as an outlet writes it, the expression found in it, and the date it
must get; the families come from reports of one story across many outlets.
"""

from __future__ import annotations

from datetime import UTC, timedelta

import pytest

from pipeline.context import make_context
from pipeline.dates import find_expressions


def _found(model, sentence: str, published: str):
    return find_expressions(model(sentence), make_context("a", published))


def _one(model, sentence: str, published: str, text: str):
    found = _found(model, sentence, published)
    hits = [t for t in found if t.text == text]
    assert len(hits) == 1, [t.text for t in found]
    return hits[0]


def _days(t) -> tuple[str, str]:
    return t.start.date().isoformat(), (t.end - timedelta(microseconds=1)).date().isoformat()


# (sentence, published, expression, first day, last day, value)
DAYS = [
    # "on Monday or Tuesday": both days, in the direction the verb gives
    (
        "The talks will resume on Monday or Tuesday.",
        "2025-10-08",
        "Monday or Tuesday",
        "2025-10-13",
        "2025-10-14",
        "2025-10-13/2025-10-14",
    ),
    (
        "The envoys met on Monday or Tuesday, officials said.",
        "2025-10-08",
        "Monday or Tuesday",
        "2025-10-06",
        "2025-10-07",
        "2025-10-06/2025-10-07",
    ),
    # "the eve of X": the day before X, whatever X is
    (
        "Crowds gathered on the eve of the second anniversary of the October 7 attacks.",
        "2025-10-08",
        "the eve of the second anniversary of the October 7",
        "2025-10-06",
        "2025-10-06",
        "2025-10-06",
    ),
    (
        "Negotiators arrived on the eve of Tuesday's summit.",
        "2025-10-08",
        "the eve of Tuesday",
        "2025-10-06",
        "2025-10-06",
        "2025-10-06",
    ),
    # "the early hours of Friday": the start of that day, not a length of hours
    (
        "Police raided the camp in the early hours of Friday.",
        "2025-10-08",
        "the early hours of Friday",
        "2025-10-03",
        "2025-10-03",
        "2025-10-03TMO",
    ),
    # a day that names its own part of day keeps it
    (
        "Police raided the camp in the early hours of Thursday morning.",
        "2025-10-08",
        "Thursday morning",
        "2025-10-02",
        "2025-10-02",
        "2025-10-02TMO",
    ),
    # a day named inside a noun phrase
    (
        "Officials prepared for the 9 October signing.",
        "2025-10-08",
        "9 October",
        "2025-10-09",
        "2025-10-09",
        "2025-10-09",
    ),
    (
        "Tuesday's talks ended without a deal.",
        "2025-10-08",
        "Tuesday",
        "2025-10-07",
        "2025-10-07",
        "2025-10-07",
    ),
    # two-digit years, by the century that puts them at most ten years after publication
    (
        "The deal was signed 7/8/07.",
        "2025-10-08",
        "7/8/07",
        "2007-07-08",
        "2007-07-08",
        "2007-07-08",
    ),
    (
        "The deal was signed 25/8/07.",
        "2025-10-08",
        "25/8/07",
        "2007-08-25",
        "2007-08-25",
        "2007-08-25",
    ),
    ("He joined the party in '82.", "2025-10-08", "'82", "1982-01-01", "1982-12-31", "1982"),
    # decades
    ("The band peaked in the 70s.", "2025-10-08", "the 70s", "1970-01-01", "1979-12-31", "197"),
    (
        "Sales have been flat through the last half of the '80s.",
        "1989-10-27",
        "the last half of the '80s",
        "1986-01-01",
        "1989-12-31",
        "198",
    ),
    # "later in the day": the day just spoken of
    (
        "Police raided the camp on Friday. Later in the day, protesters gathered.",
        "2025-10-08",
        "Later in the day",
        "2025-10-03",
        "2025-10-03",
        "2025-10-03",
    ),
    # financial reporting: a quarter named by its last day is the three months up to it,
    # written with the year that day falls in (a fiscal fourth quarter may end in June)
    (
        "Revenue in the fourth quarter ended June 30 rose 5%.",
        "2025-08-14",
        "the fourth quarter",
        "2025-04-01",
        "2025-06-30",
        "2025-Q4",
    ),
    (
        "Sales in the quarter ended July 31 rose.",
        "2025-08-14",
        "the quarter",
        "2025-05-01",
        "2025-07-31",
        "2025-Q2",
    ),
    (
        "Revenue fell 3% in the fourth quarter.",
        "2025-08-14",
        "the fourth quarter",
        "2024-10-01",
        "2024-12-31",
        "2024-Q4",
    ),
    # "a year earlier" after a quarter named by its last day is that day, a year back (as
    # TimeBank's annotators read it)
    (
        "Revenue in the fourth quarter ended June 30 rose 5% from a year earlier.",
        "2025-08-14",
        "a year earlier",
        "2024-06-30",
        "2024-06-30",
        "2024-06-30",
    ),
    (
        "Shares are up 12% year to date.",
        "2025-08-14",
        "year to date",
        "2025-01-01",
        "2025-08-14",
        "2025",
    ),
]


@pytest.mark.parametrize("sentence, published, text, first, last, value", DAYS)
def test_a_news_form_gets_its_days(model, sentence, published, text, first, last, value):
    t = _one(model, sentence, published, text)
    assert t.resolved, t.explanation
    assert t.value == value, t.explanation
    assert _days(t) == (first, last), t.explanation


# (sentence, published, expression, value): references with no span of the calendar
REFERENCES = [
    ("A deal is expected very soon.", "2025-10-08", "very soon", "FUTURE_REF"),
    ("The border stays closed for the time being.", "2025-10-08", "the time being", "PRESENT_REF"),
    # "one day" as some day to come, not a length of a day
    ("Islam will one day be the country's second religion.", "2025-10-08", "one day", "FUTURE_REF"),
    (
        "If there ever came a day when I could no longer serve, I would go.",
        "2025-10-08",
        "a day",
        "FUTURE_REF",
    ),
    ("The strike lasted one day.", "2025-10-08", "one day", "P1D"),
    ("The minister had been in the job one day.", "2025-10-08", "one day", "P1D"),
]


@pytest.mark.parametrize("sentence, published, text, value", REFERENCES)
def test_a_vague_reference_is_read(model, sentence, published, text, value):
    t = _one(model, sentence, published, text)
    assert t.value == value, t.explanation


@pytest.mark.parametrize(
    "sentence, text",
    [
        ("Police raided the camp in the early hours.", "the early hours"),
        ("Protesters gathered later in the day.", "later in the day"),
    ],
)
def test_a_part_of_a_day_never_named_stays_undated(model, sentence, text):
    t = _one(model, sentence, "2025-10-08", text)
    assert not t.resolved and t.type != "DURATION", t.explanation


@pytest.mark.parametrize(
    "sentence",
    ["Kopp was in his 30s when he moved.", "She was in her early 20s then."],
)
def test_an_age_in_decades_is_no_date(model, sentence):
    assert [t.text for t in _found(model, sentence, "2025-10-08") if "0s" in t.text] == []


# (sentence, published, expression, value): a month named without its year. Under past tense
# it is the latest one begun; but a month that dates a noun the past verb only reports ("approved
# a strike for September") and begins within two months is the coming one: a reporter writes
# "last September" for eleven months back
BARE_MONTHS = [
    ("The ministry announced a September cut in supplies.", "2025-08-16", "September", "2025-09"),
    ("The union approved a strike for September.", "2025-08-16", "September", "2025-09"),
    ("Dealers placed orders for November deliveries.", "2025-10-30", "November", "2025-11"),
    ("The report was published in November.", "2025-10-30", "November", "2024-11"),
    ("The union announced a December strike.", "2025-10-27", "December", "2025-12"),
    ("The union announced a January strike.", "2025-10-27", "January", "2025-01"),
    ("Oil prices are up a third since November.", "2025-10-27", "November", "2024-11"),
    ("Sales fell sharply in April.", "2025-10-27", "April", "2025-04"),
]


@pytest.mark.parametrize("sentence, published, text, value", BARE_MONTHS)
def test_a_month_without_its_year_is_the_one_the_report_means(
    model, sentence, published, text, value
):
    t = _one(model, sentence, published, text)
    assert t.value == value, t.explanation


# (text, address, publication read from the text, the event's date)
DATELINES = [
    (
        "New Delhi, Oct 07: India and Pakistan agreed on Tuesday to resume talks.",
        "https://news.example.com/2025/10/talks.html",
        "2025-10-07",
        "2025-10-07",
    ),
    # the dateline dates the report; the sentence's own weekday dates the event
    (
        "NEW DELHI, Oct 08: India and Pakistan agreed on Tuesday to resume talks.",
        "https://news.example.com/2025/10/talks.html",
        "2025-10-08",
        "2025-10-07",
    ),
    (
        "Home | World\ndate 2025-10-06\nIndia and Pakistan agreed on Tuesday to resume talks.",
        "https://news.example.com/world/talks.html",
        "2025-10-06",
        "2025-09-30",
    ),
    (
        "Published: 6 October 2025\nIndia and Pakistan agreed on Tuesday to resume talks.",
        "https://news.example.com/world/talks.html",
        "2025-10-06",
        "2025-09-30",
    ),
]


@pytest.mark.parametrize("text, url, published, day", DATELINES)
def test_a_dateline_sets_publication_but_not_the_sentence_date(model, text, url, published, day):
    from pipeline import articles, build

    frame = articles.pasted_article(text, url=url)
    result = build.build_frame(frame, [], model=model)
    assert result.report["published"].tolist() == [published], result.report.to_string()
    # "agreed ... to resume talks" is two events (the agreement and the scheduled resumption);
    # neither takes the dateline's date
    values = result.events["timex_value"].tolist()
    assert values and set(values) == {day}, result.events["explanation"].tolist()


def test_an_updated_line_is_not_the_publication():
    from pipeline import published

    found = published.infer("Updated: 2025-10-09\nThe talks went on.", None)
    assert found.published is None, found.evidence


# (sentence, published, expression, value): financial and seasonal forms, clock times with
# their zones (TimeBank writes a clock as it is stated, on the zone's own clock: "5 p.m. EST
# Nov. 9" is 1989-11-09T17:00), and a date or weekday that modifies a noun
BUSINESS_AND_CLOCK = [
    ("The 9 October signing was held in Sharm el-Sheikh.", "2025-10-12", "9 October", "2025-10-09"),
    ("Tuesday's talks ended without a deal.", "2025-10-08", "Tuesday", "2025-10-07"),
    ("Tuesday's talks will resume in Cairo.", "2025-10-08", "Tuesday", "2025-10-14"),
    ("Shares fell 2% in Tuesday's session.", "2025-10-08", "Tuesday", "2025-10-07"),
    (
        "Profit rose 4% from the same period a year earlier.",
        "2025-10-29",
        "the same period a year earlier",
        "2024-Q3",
    ),
    ("Results for fiscal 2024 beat forecasts.", "2025-10-08", "fiscal 2024", "2024"),
    ("FY2025 revenue rose 8%.", "2025-10-08", "FY2025", "2025"),
    ("The company expects FY26 revenue to grow.", "2025-10-08", "FY26", "2026"),
    (
        "The index rose for three straight trading sessions.",
        "2025-10-08",
        "three straight trading sessions",
        "P3D",
    ),
    (
        "Shares fell 4% in a single trading session.",
        "2025-10-08",
        "a single trading session",
        "P1D",
    ),
    ("Sales slowed this summer.", "2025-10-08", "this summer", "2025-SU"),
    ("It snowed heavily last winter.", "2025-10-08", "last winter", "2024-WI"),
    (
        "The quake struck at 0735 GMT on Friday.",
        "2025-10-08",
        "0735 GMT on Friday",
        "2025-10-03T07:35",
    ),
    ("Officials met at 1430 UTC.", "2025-10-08", "1430 UTC", "2025-10-08T14:30"),
    (
        "The quake struck at 4 a.m. EDT Thursday.",
        "2025-10-08",
        "4 a.m. EDT Thursday",
        "2025-10-02T04:00",
    ),
    (
        "The talks resumed at 9 a.m. IST on Monday.",
        "2025-10-08",
        "9 a.m. IST on Monday",
        "2025-10-06T09:00",
    ),
]


BUSINESS_AND_CLOCK += [
    # a clock restated on another clock in brackets is two expressions, each with its own day
    (
        "The plane crashed on Wednesday at 11:35 a.m. local time (0335 UTC).",
        "2007-03-15",
        "Wednesday at 11:35 a.m. local time",
        "2007-03-14T11:35",
    ),
    (
        "The earthquake struck at 10:24 p.m. EDT (0224 UTC Thursday).",
        "2007-03-15",
        "0224 UTC Thursday",
        "2007-03-15T02:24",
    ),
    # a clock restated in brackets before its day is on that day, and the day keeps its own
    # expression, dated by the clock's verb (the parser ends the clause at "local time")
    (
        "The bomb exploded at 10:35 a.m. local time (0735 GMT) on Friday.",
        "2025-10-08",
        "10:35 a.m. local time",
        "2025-10-03T10:35",
    ),
    (
        "The bomb exploded at 10:35 a.m. local time (0735 GMT) on Friday.",
        "2025-10-08",
        "Friday",
        "2025-10-03",
    ),
    (
        "The bomb exploded at 10:35 a.m. local time (0735 GMT) on Friday.",
        "2025-10-08",
        "0735 GMT",
        "2025-10-03T07:35",
    ),
    (
        "The blast occurred at about 10:35 a.m. (0735 GMT) Friday, toppling a building.",
        "1998-08-08",
        "about 10:35 a.m.",
        "1998-08-07T10:35",
    ),
    (
        "The ceasefire will start at 6 p.m. (1500 GMT) on Monday.",
        "2025-10-08",
        "6 p.m.",
        "2025-10-13T18:00",
    ),
    # two units joined are one vague length in the first unit, not two expressions
    (
        "He probably died within weeks or months of his capture.",
        "2025-10-08",
        "weeks or months",
        "PXW",
    ),
    ("Talks could take days or weeks.", "2025-10-08", "days or weeks", "PXD"),
    # lengths the model leaves out: one unit with its mod, and a length with no count or unit
    ("The tour is likely to last over a week.", "2025-10-08", "over a week", "P1W"),
    ("They will have to live without power for a while.", "2025-10-08", "a while", "PXX"),
    ("Troops could stay in the region for some time.", "2025-10-08", "some time", "PXX"),
    (
        "The firm returned to profit after several quarters of losses.",
        "2025-10-08",
        "several quarters",
        "PXQ",
    ),
    (
        "It posted net income for the fiscal second-quarter of $8.6 million.",
        "2025-10-08",
        "the fiscal second-quarter",
        "2025-Q2",
    ),
    # a clock named by its region or city, and the day after its zone
    (
        "Trading ended at 4 p.m. New York time.",
        "2025-10-08",
        "4 p.m. New York time",
        "2025-10-08T16:00",
    ),
    (
        "The rocket lifted off at 9:32 a.m. Eastern time on Monday.",
        "2025-10-08",
        "9:32 a.m. Eastern time on Monday",
        "2025-10-06T09:32",
    ),
    (
        "The launch is set for 10:15 p.m. Moscow time on Friday.",
        "2025-10-08",
        "10:15 p.m. Moscow time on Friday",
        "2025-10-10T22:15",
    ),
    # a weekday in the plural is every such day
    ("The market is closed on Sundays.", "2025-10-08", "Sundays", "XXXX-WXX-7"),
    ("He hosts a show on Tuesday nights.", "2025-10-08", "Tuesday nights", "XXXX-WXX-2TNI"),
    # the same clock restated in brackets with its day is on that day
    (
        "The storm hit at 4 in the morning (4 a.m. EDT Thursday) and moved on.",
        "2000-04-07",
        "4 in the morning",
        "2000-04-06T04:00",
    ),
]


@pytest.mark.parametrize("sentence, published, text, value", BUSINESS_AND_CLOCK)
def test_a_business_form_or_zoned_clock_gets_its_value(model, sentence, published, text, value):
    t = _one(model, sentence, published, text)
    assert t.value == value, t.explanation


@pytest.mark.parametrize(
    "sentence, zone, utc",
    [
        ("The quake struck at 0735 GMT on Friday.", "UTC", "2025-10-03T07:35"),
        ("The quake struck at 4 a.m. EDT Thursday.", "America/New_York", "2025-10-02T08:00"),
        ("The talks resumed at 9 a.m. IST on Monday.", "Asia/Kolkata", "2025-10-06T03:30"),
        (
            "The rocket lifted off at 9:32 a.m. Eastern time on Monday.",
            "America/New_York",
            "2025-10-06T13:32",
        ),
        (
            "The launch is set for 10:15 p.m. Moscow time on Friday.",
            "Europe/Moscow",
            "2025-10-10T19:15",
        ),
    ],
)
def test_a_zoned_clock_is_the_moment_on_that_zones_clock(model, sentence, zone, utc):
    from datetime import datetime

    t = next(t for t in _found(model, sentence, "2025-10-08") if t.type == "TIME")
    assert t.timezone == zone, t.explanation
    assert t.start.astimezone(UTC) == datetime.fromisoformat(utc + "+00:00")


# (sentence, published, expression, value, instant in UTC): a clock restated on a second clock
# in brackets is one instant; the one naming no day takes the day that makes it that instant
RESTATED_CLOCKS = [
    (
        "Operations kicked off at about 5am BST (11am Thai time) when the divers went in.",
        "2018-07-10",
        "11am Thai time",
        "2018-07-10T11:00",
        "2018-07-10T04:00",
    ),
    (
        "Operations kicked off at about 5am BST (11am Thai time) when the divers went in.",
        "2018-07-10",
        "5am BST",
        "2018-07-10T05:00",
        "2018-07-10T04:00",
    ),
    (
        "Operations kicked off at about 11pm BST (5am Thai time) when the divers went in.",
        "2018-07-10",
        "5am Thai time",
        "2018-07-11T05:00",
        "2018-07-10T22:00",
    ),
    (
        "The earthquake struck at 10:24 p.m. EDT (0224 UTC Thursday).",
        "2007-03-15",
        "10:24 p.m. EDT",
        "2007-03-14T22:24",
        "2007-03-15T02:24",
    ),
]


@pytest.mark.parametrize("sentence, published, text, value, utc", RESTATED_CLOCKS)
def test_a_clock_on_two_clocks_is_one_instant(model, sentence, published, text, value, utc):
    from datetime import datetime

    t = _one(model, sentence, published, text)
    assert (t.value, t.granularity) == (value, "time"), t.explanation
    assert t.start.astimezone(UTC) == datetime.fromisoformat(utc + "+00:00"), t.explanation


def test_local_time_is_the_clock_of_the_place_reported_from(model):
    from datetime import datetime

    found = find_expressions(
        model("The diver ran out of air at 1 a.m. local time."),
        make_context("a", "2018-07-07", place="Chiang Rai"),
    )
    (t,) = [t for t in found if t.text == "1 a.m. local time"]
    assert (t.timezone, t.granularity) == ("Asia/Bangkok", "time"), t.explanation
    assert t.start.astimezone(UTC) == datetime.fromisoformat("2018-07-06T18:00+00:00")


# (text, published, expression, value): a clock with no day of its own, on the day the story
# named before it, never on a day named for a plan or still to come when its verb is past
CLOCKS_ON_A_NAMED_DAY = [
    (
        "A former navy diver died early Friday morning, even as a volunteer said an attempt "
        "could take place today or tomorrow. Officials warned the window was limited. The "
        "diver was returning at about 1 a.m. when he ran out of oxygen.",
        "2018-07-07",
        "about 1 a.m.",
        "2018-07-06T01:00",
    ),
    (
        "The boys could be brought out tomorrow. Divers will go in at 10 a.m.",
        "2018-07-07",
        "10 a.m.",
        "2018-07-08T10:00",
    ),
]


@pytest.mark.parametrize("text, published, expression, value", CLOCKS_ON_A_NAMED_DAY)
def test_a_clock_takes_the_day_its_tense_allows(model, text, published, expression, value):
    t = _one(model, text, published, expression)
    assert t.value == value, t.explanation


# (sentence, published, expression, value, granularity): a weekday with its date is that day;
# a weekday a plan points to, or a headline's infinitive, is the coming one
WEEKDAY_FORMS = [
    ("Saman Gunan died on Thursday, July 5.", "2018-07-10", "Thursday, July 5", "2018-07-05"),
    (
        "A second mission commenced on Monday, July 9.",
        "2018-07-12",
        "Monday, July 9",
        "2018-07-09",
    ),
    ("The boys are due to be discharged Thursday.", "2018-07-15", "Thursday", "2018-07-19"),
    ("Boys to be discharged from hospital Thursday", "2018-07-15", "Thursday", "2018-07-19"),
    (
        "More: Boys rescued from cave to be discharged from hospital Thursday",
        "2018-07-15",
        "Thursday",
        "2018-07-19",
    ),
    ("The boys were discharged from hospital Thursday.", "2018-07-15", "Thursday", "2018-07-12"),
]


@pytest.mark.parametrize("sentence, published, text, value", WEEKDAY_FORMS)
def test_a_weekday_form_is_its_day(model, sentence, published, text, value):
    t = _one(model, sentence, published, text)
    assert (t.value, t.granularity) == (value, "day"), t.explanation


# (sentence, published, expression, value or None): an ordinal day ("the second day of the
# offensive") is the day the copula equates it with: the day its subject names, or the day of
# writing for "it" in the present; otherwise it stays undated (the start of the offensive is
# not given)
EQUATED_DAYS = [
    (
        "It's the second day of an offensive against the villages.",
        "1998-03-06",
        "the second day",
        "1998-03-06",
    ),
    (
        "In Saudi Arabia, today is the eighth day of Desert Shield.",
        "1990-08-15",
        "the eighth day",
        "1990-08-15",
    ),
    ("Monday was the third day of the strike.", "2025-10-08", "the third day", "2025-10-06"),
    ("It was the second day of protests.", "2025-10-08", "the second day", None),
]


@pytest.mark.parametrize("sentence, published, text, value", EQUATED_DAYS)
def test_an_ordinal_day_is_the_day_its_copula_names(model, sentence, published, text, value):
    t = _one(model, sentence, published, text)
    assert (t.value if t.resolved else None) == value, t.explanation


# (sentence, published, expression, value): a British clock puts a dot between hour and
# minutes ("5.40pm"); with its a.m. or p.m. it is the same clock as "5:40pm", written apart
# from the meridiem or joined to it
DOT_CLOCKS = [
    ("The last boy was brought out at 5.40pm.", "2018-07-10", "5.40pm", "2018-07-10T17:40"),
    ("Divers went back in at 10.30am.", "2018-07-10", "10.30am", "2018-07-10T10:30"),
    ("The pumps failed at 5.40 p.m.", "2018-07-10", "5.40 p.m.", "2018-07-10T17:40"),
    (
        "The pumps failed at 5.40 pm on Monday.",
        "2018-07-10",
        "5.40 pm on Monday",
        "2018-07-09T17:40",
    ),
    ("The pumps failed at 5:40pm.", "2018-07-10", "5:40pm", "2018-07-10T17:40"),
    (
        "The first boy emerged at 12.30pm on Sunday.",
        "2018-07-10",
        "12.30pm on Sunday",
        "2018-07-08T12:30",
    ),
]


@pytest.mark.parametrize("sentence, published, text, value", DOT_CLOCKS)
def test_a_clock_with_a_dot_is_a_clock(model, sentence, published, text, value):
    t = _one(model, sentence, published, text)
    assert (t.value, t.granularity) == (value, "time"), t.explanation


# (sentence, figure): a figure with a dot and no a.m. or p.m. after it is a figure, never a
# clock nor any other date expression, written apart from its unit or joined to it
DOT_FIGURES = [
    ("Inflation rose 5.40 percent in June.", "5.40"),
    ("Shares closed at $5.40 on Monday.", "5.40"),
    ("The water in the chamber was 5.40 metres deep.", "5.40"),
    ("The pole vaulter cleared 5.40 at the trials.", "5.40"),
    ("The pump moved 10.30 litres a second.", "10.30"),
    ("Revenue reached $5.40bn on Monday.", "5.40"),
    ("The rescue cost 10.30m baht.", "10.30"),
    ("Each tank weighs 10.30kg.", "10.30"),
]


@pytest.mark.parametrize("sentence, figure", DOT_FIGURES)
def test_a_figure_with_a_dot_is_no_date(model, sentence, figure):
    found = _found(model, sentence, "2018-07-10")
    assert [t.text for t in found if figure in t.text] == [], [t.explanation for t in found]


# the same figures as the spans a model may bring to the reader: none of them reads as a clock
@pytest.mark.parametrize("text", ["5.40", "at 5.40", "10.30", "5.40 metres", "5.40kg", "$5.40"])
def test_a_decimal_is_read_as_no_clock(text):
    from pipeline.dates.read import read

    reading = read(text)
    assert reading is None or reading.kind != "clock", reading


# (sentence, published, expression, value): a page whose date line gives only its month
# ("July 2018") still dates a day it names: "June 23" is the same day read from the month's
# first day and from its last, so it keeps its day
MONTH_PAGE_DAYS = [
    ("The boys went missing on June 23.", "2018-07", "June 23", "2018-06-23"),
    ("Divers found the boys on 2 July.", "2018-07", "2 July", "2018-07-02"),
    ("The last four were brought out on 10 July.", "2018-07", "10 July", "2018-07-10"),
    ("The rescue began on Sunday, July 8.", "2018-07", "Sunday, July 8", "2018-07-08"),
    ("The boys went missing on June 23.", "2018-06", "June 23", "2018-06-23"),
]


@pytest.mark.parametrize("sentence, published, text, value", MONTH_PAGE_DAYS)
def test_a_day_named_on_a_page_known_to_its_month_keeps_its_day(
    model, sentence, published, text, value
):
    t = _one(model, sentence, published, text)
    assert (t.value, t.granularity) == (value, "day"), t.explanation
    assert _days(t) == (value, value), t.explanation


# (sentence, published, expression, first day, last day): a form whose day depends on which
# day of the period the page came out ("Saturday", a clock with no day, "June 23" on a page
# known only to its year) is never given one: it spans every day it could be
PERIOD_PAGE_WIDE = [
    ("The boys entered the cave on Saturday.", "2018-07", "Saturday", "2018-06-01", "2018-07-31"),
    ("The pumps failed at 5.40pm.", "2018-07", "5.40pm", "2018-07-01", "2018-07-31"),
    ("The boys went missing on June 23.", "2018", "June 23", "2017-01-01", "2018-12-31"),
]


@pytest.mark.parametrize("sentence, published, text, first, last", PERIOD_PAGE_WIDE)
def test_a_day_that_depends_on_the_publication_day_is_not_invented(
    model, sentence, published, text, first, last
):
    t = _one(model, sentence, published, text)
    assert t.granularity != "day", t.explanation
    assert _days(t) == (first, last), t.explanation
