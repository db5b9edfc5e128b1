"""Date expressions: what is found, and the dates each rule gives.

Each rule is checked against a pinned publication context.

Every case pins its own publication date (and precision), so no result depends on the day
the tests run. Dates in the tables are inclusive local dates, as a reader would say them;
clock times are instants.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest

from pipeline import timeml
from pipeline.context import make_context
from pipeline.dates import Timex, expression_at, find_expressions
from pipeline.dates.calendar import Unresolvable, resolve_in_context
from pipeline.dates.read import read
from pipeline.dates.readings import Clock, Explicit, Recurring, Year
from pipeline.dates.tense import FUTURE, NEAREST, PAST, tense_of
from pipeline.schema import GRANULARITIES


def _expressions(model, sentence: str, published, place: str | None = None) -> list[Timex]:
    return find_expressions(model(sentence), make_context("t", published, place=place))


def _one(found: list[Timex], text: str) -> Timex:
    hits = [t for t in found if t.text == text]
    assert len(hits) == 1, f"expected one expression {text!r}, found {[t.text for t in found]}"
    return hits[0]


def _local_range(t: Timex) -> tuple[str, str]:
    """Inclusive first and last local date of an expression's span."""
    return (t.start.date().isoformat(), (t.end - timedelta(microseconds=1)).date().isoformat())


def _check(t: Timex, start: str, end: str, granularity: str, value: str | None) -> None:
    assert t.resolved, t.explanation
    assert t.granularity == granularity, t.explanation
    assert t.value == value, t.explanation
    if "T" in start:
        assert t.start == datetime.fromisoformat(start), t.explanation
        assert t.start <= datetime.fromisoformat(end) < t.end, t.explanation
    else:
        assert _local_range(t) == (start, end), t.explanation


# (rule, sentence, published, place, expression, start, end, granularity, value)
DATED = [
    # a clock time with no day of its own is on the day the story just named
    (
        "clock-on-named-day",
        "Slepian was shot on Friday, Oct. 23. He died at 10 p.m. in his kitchen.",
        "1999-04-19",
        None,
        "10 p.m.",
        "1998-10-23T22:00+00:00",
        "1998-10-23T22:00+00:00",
        "time",
        "1998-10-23T22:00",
    ),
    (
        "clock-no-day-named",
        "The market opened at 9:30 a.m., traders said.",
        "1999-04-19",
        None,
        "9:30 a.m.",
        "1999-04-19T09:30+00:00",
        "1999-04-19T09:30+00:00",
        "time",
        "1999-04-19T09:30",
    ),
    # numeric dates the model does not mark, month first
    (
        "numeric-short-year",
        "The deal was signed on 7/8/07 in Detroit.",
        "2008-08-15",
        None,
        "7/8/07",
        "2007-07-08",
        "2007-07-08",
        "day",
        "2007-07-08",
    ),
    (
        "numeric-full-year",
        "The vote was held 3/14/2008, officials said.",
        "2008-08-15",
        None,
        "3/14/2008",
        "2008-03-14",
        "2008-03-14",
        "day",
        "2008-03-14",
    ),
    # the previous/prior period counted from the one the story just named
    (
        "previous-quarter",
        "Profit rose in the second quarter from the previous quarter.",
        "2008-08-15",
        None,
        "the previous quarter",
        "2008-01-01",
        "2008-03-31",
        "quarter",
        "2008-Q1",
    ),
    (
        "prior-year-after-a-year",
        "Ford earned $1 billion in 2007. In the prior year, it lost money.",
        "2008-08-15",
        None,
        "the prior year",
        "2006-01-01",
        "2006-12-31",
        "year",
        "2006",
    ),
    (
        "year-before-fiscal-year",
        "The company expects a loss in the 2009 fiscal year.",
        "2008-08-15",
        None,
        "the 2009 fiscal year",
        "2009-01-01",
        "2009-12-31",
        "year",
        "2009",
    ),
    (
        "explicit-mdy",
        "The war began after the October 7, 2023 Hamas attacks that killed about 1,200 people.",
        "2025-10-08",
        None,
        "October 7, 2023",
        "2023-10-07",
        "2023-10-07",
        "day",
        "2023-10-07",
    ),
    (
        "explicit-caption",
        "Witkoff visits Hostage Square in Tel Aviv, August 2, 2025. Photo by Erik Marmor.",
        "2025-10-08",
        None,
        "August 2, 2025",
        "2025-08-02",
        "2025-08-02",
        "day",
        "2025-08-02",
    ),
    (
        "explicit-dmy",
        "The accord was signed on 13 September 1993 in Washington.",
        "2025-10-08",
        None,
        "13 September 1993",
        "1993-09-13",
        "1993-09-13",
        "day",
        "1993-09-13",
    ),
    (
        "weekday-past",
        "A delegation led by Ron Dermer departed for Cairo on Wednesday.",
        "2025-10-06",
        None,
        "Wednesday",
        "2025-10-01",
        "2025-10-01",
        "day",
        "2025-10-01",
    ),
    (
        "weekday-planned-object",
        "Farmers planned a march on the capital on Saturday.",
        "2025-10-10",
        None,
        "Saturday",
        "2025-10-11",
        "2025-10-11",
        "day",
        "2025-10-11",
    ),
    (
        "weekday-has-scheduled",
        "The prosecutor has scheduled a news conference Thursday.",
        "2025-10-08",
        None,
        "Thursday",
        "2025-10-09",
        "2025-10-09",
        "day",
        "2025-10-09",
    ),
    (
        "weekday-postponed-until",
        "Regulators postponed until Tuesday morning any vote on the merger.",
        "2025-10-09",
        None,
        "Tuesday morning",
        "2025-10-14",
        "2025-10-14",
        "part-of-day",
        "2025-10-14TMO",
    ),
    (
        "weekday-given-until",
        "The court has given the union until Friday to reply.",
        "2025-10-06",
        None,
        "Friday",
        "2025-10-10",
        "2025-10-10",
        "day",
        "2025-10-10",
    ),
    (
        "weekday-stayed-until-past",
        "The delegation stayed in Cairo until Friday.",
        "2025-10-06",
        None,
        "Friday",
        "2025-10-03",
        "2025-10-03",
        "day",
        "2025-10-03",
    ),
    (
        "weekday-is-to",
        "The exchange is to resume trading on Tuesday.",
        "2025-10-10",
        None,
        "Tuesday",
        "2025-10-14",
        "2025-10-14",
        "day",
        "2025-10-14",
    ),
    (
        "weekday-had-been-due",
        "The offer had been due to expire Friday.",
        "2025-10-06",
        None,
        "Friday",
        "2025-10-03",
        "2025-10-03",
        "day",
        "2025-10-03",
    ),
    (
        "month-day-record-set-on",
        "The index closed within 70 points of its record high set on Aug. 6.",
        "2025-02-06",
        None,
        "Aug. 6",
        "2024-08-06",
        "2024-08-06",
        "day",
        "2024-08-06",
    ),
    (
        "since-year-end",
        "The percentage change is since year-end.",
        "1989-10-30",
        None,
        "year-end",
        "1988-12-31",
        "1988-12-31",
        "day",
        "1988-12-31",
    ),
    (
        "since-month-present",
        "Oil prices are up a third since March.",
        "2025-02-10",
        None,
        "March",
        "2024-03-01",
        "2024-03-31",
        "month",
        "2024-03",
    ),
    (
        "season-this-past",
        "The company scrapped the unit this past spring.",
        "2025-10-26",
        None,
        "this past spring",
        "2025-03-01",
        "2025-05-31",
        "season",
        "2025-SP",
    ),
    (
        "month-agreed-to",
        "The company agreed to buy the rival's laboratory line for $22 million in February.",
        "1989-10-30",
        None,
        "February",
        "1990-02-01",
        "1990-02-28",
        "month",
        "1990-02",
    ),
    (
        "month-agreement-to",
        "It announced an agreement to acquire the bank holding company in January.",
        "1989-11-02",
        None,
        "January",
        "1990-01-01",
        "1990-01-31",
        "month",
        "1990-01",
    ),
    (
        "weekday-voted-to",
        "The board voted to approve the merger on Tuesday.",
        "2025-10-08",
        None,
        "Tuesday",
        "2025-10-07",
        "2025-10-07",
        "day",
        "2025-10-07",
    ),
    (
        "month-day-perfect-progressive",
        "Investigators have been searching for him since shortly after the Oct. 23 slaying.",
        "1999-05-06",
        None,
        "Oct. 23",
        "1998-10-23",
        "1998-10-23",
        "day",
        "1998-10-23",
    ),
    (
        "month-extended-through",
        "Lenders have extended the company $90 million in revolving loans through January.",
        "1989-10-30",
        None,
        "January",
        "1990-01-01",
        "1990-01-31",
        "month",
        "1990-01",
    ),
    (
        "month-worked-through-past",
        "He worked at the embassy through January.",
        "1989-10-30",
        None,
        "January",
        "1989-01-01",
        "1989-01-31",
        "month",
        "1989-01",
    ),
    (
        "month-day-effective",
        "The bank also created a four-member office of the chairman, effective Feb. 1.",
        "1989-10-26",
        None,
        "Feb. 1",
        "1990-02-01",
        "1990-02-01",
        "day",
        "1990-02-01",
    ),
    (
        "weekday-set-to",
        "Envoys are set to join the talks on Thursday.",
        "2025-10-08",
        None,
        "Thursday",
        "2025-10-09",
        "2025-10-09",
        "day",
        "2025-10-09",
    ),
    (
        "weekday-will",
        "Negotiators will meet again on Monday.",
        "2025-10-08",
        None,
        "Monday",
        "2025-10-13",
        "2025-10-13",
        "day",
        "2025-10-13",
    ),
    (
        "weekday-past-same-day",
        "The intelligence heads also traveled to Sharm El-Sheikh on Wednesday.",
        "2025-10-08",
        None,
        "Wednesday",
        "2025-10-08",
        "2025-10-08",
        "day",
        "2025-10-08",
    ),
    (
        "weekday-scheduled-same-day",
        "Witkoff and Kushner were scheduled to arrive in Egypt on Wednesday.",
        "2025-10-08",
        None,
        "Wednesday",
        "2025-10-08",
        "2025-10-08",
        "day",
        "2025-10-08",
    ),
    (
        "weekday-last",
        "Hamas responded to the plan last Friday.",
        "2025-10-08",
        None,
        "last Friday",
        "2025-10-03",
        "2025-10-03",
        "day",
        "2025-10-03",
    ),
    (
        "part-of-day-late",
        "A delegation departed for Cairo late Wednesday, according to media reports.",
        "2025-10-06",
        None,
        "late Wednesday",
        "2025-10-01",
        "2025-10-01",
        "part-of-day",
        "2025-10-01TNI",
    ),
    (
        "part-of-day-evening",
        "The delegations met again on Tuesday evening.",
        "2025-10-08",
        None,
        "Tuesday evening",
        "2025-10-07",
        "2025-10-07",
        "part-of-day",
        "2025-10-07TEV",
    ),
    (
        "tonight",
        "The cabinet will vote on the deal tonight.",
        "2025-10-08",
        None,
        "tonight",
        "2025-10-08",
        "2025-10-08",
        "part-of-day",
        "2025-10-08TNI",
    ),
    (
        "yesterday",
        "Hamas said yesterday that it accepted parts of the plan.",
        "2025-10-08",
        None,
        "yesterday",
        "2025-10-07",
        "2025-10-07",
        "day",
        "2025-10-07",
    ),
    (
        "this-week",
        "Trump said the first phase should be completed this week.",
        "2025-10-06",
        None,
        "this week",
        "2025-10-06",
        "2025-10-12",
        "week",
        "2025-W41",
    ),
    (
        "this-week-midweek",
        "Trump said the first phase should be completed this week.",
        "2025-10-09",
        None,
        "this week",
        "2025-10-06",
        "2025-10-12",
        "week",
        "2025-W41",
    ),
    (
        "last-week",
        "An earlier round of talks collapsed last week.",
        "2025-10-08",
        None,
        "last week",
        "2025-09-29",
        "2025-10-05",
        "week",
        "2025-W40",
    ),
    (
        "weekend-past",
        "He praised discussions with Arab and Muslim states over the weekend.",
        "2025-10-06",
        None,
        "the weekend",
        "2025-10-04",
        "2025-10-05",
        "weekend",
        "2025-W40-WE",
    ),
    (
        "weekend-future",
        "The leaders will meet in Egypt over the weekend.",
        "2025-10-08",
        None,
        "the weekend",
        "2025-10-11",
        "2025-10-12",
        "weekend",
        "2025-W41-WE",
    ),
    (
        "end-of-week",
        "Officials said a deal could be reached by the end of the week.",
        "2025-10-08",
        None,
        "the end of the week",
        "2025-10-10",
        "2025-10-12",
        "fuzzy",
        "2025-W41",
    ),
    (
        "within-days",
        "Netanyahu hopes the hostages will be released within days.",
        "2025-10-06",
        None,
        "within days",
        "2025-10-06",
        "2025-10-13",
        "fuzzy",
        "PXD",
    ),
    (
        "coming-days",
        "The discussions are anticipated to take place in Cairo in the coming days.",
        "2025-10-08",
        None,
        "the coming days",
        "2025-10-08",
        "2025-10-15",
        "fuzzy",
        "PXD",
    ),
    (
        "within-coming-days",
        "An agreement could be reached within the coming days.",
        "2025-10-08",
        None,
        "within the coming days",
        "2025-10-08",
        "2025-10-15",
        "fuzzy",
        "PXD",
    ),
    (
        "recent-weeks",
        "Fighting has intensified in recent weeks.",
        "2025-10-08",
        None,
        "recent weeks",
        "2025-09-10",
        "2025-10-08",
        "fuzzy",
        "PXW",
    ),
    (
        "earlier-this-month",
        "The plan was announced earlier this month.",
        "2025-10-08",
        None,
        "earlier this month",
        "2025-10-01",
        "2025-10-08",
        "fuzzy",
        "2025-10",
    ),
    (
        "last-year",
        "A similar round of talks failed last year.",
        "2025-10-08",
        None,
        "last year",
        "2024-01-01",
        "2024-12-31",
        "year",
        "2024",
    ),
    (
        "years-ago",
        "The war began two years ago.",
        "2025-10-08",
        None,
        "two years ago",
        "2023-01-01",
        "2023-12-31",
        "year",
        "2023",
    ),
    (
        "month-past",
        "In June, a United Nations commission of inquiry concluded that genocide had been "
        "committed.",
        "2025-10-08",
        None,
        "June",
        "2025-06-01",
        "2025-06-30",
        "month",
        "2025-06",
    ),
    (
        "month-past-previous-year",
        "The report was published in November.",
        "2025-10-08",
        None,
        "November",
        "2024-11-01",
        "2024-11-30",
        "month",
        "2024-11",
    ),
    (
        "month-future",
        "Elections will be held in March.",
        "2025-10-08",
        None,
        "March",
        "2026-03-01",
        "2026-03-31",
        "month",
        "2026-03",
    ),
    (
        "month-current",
        "The talks began in October.",
        "2025-10-08",
        None,
        "October",
        "2025-10-01",
        "2025-10-31",
        "month",
        "2025-10",
    ),
    (
        "anniversary-with-year",
        "The negotiations coincide with the second anniversary of Hamas’s October 7, 2023 "
        "attacks on Israel.",
        "2025-10-06",
        None,
        "the second anniversary of Hamas’s October 7",
        "2025-10-07",
        "2025-10-07",
        "day",
        "2025-10-07",
    ),
    (
        "anniversary-inner-date",
        "The negotiations coincide with the second anniversary of Hamas’s October 7, 2023 "
        "attacks on Israel.",
        "2025-10-06",
        None,
        "October 7, 2023",
        "2023-10-07",
        "2023-10-07",
        "day",
        "2023-10-07",
    ),
    (
        "anniversary-no-year",
        "Israelis observed the second anniversary of the October 7 Hamas-led attacks.",
        "2025-10-08",
        None,
        "the second anniversary of the October 7",
        "2025-10-07",
        "2025-10-07",
        "day",
        "2025-10-07",
    ),
    (
        "anniversary-origin",
        "Israelis observed the second anniversary of the October 7 Hamas-led attacks.",
        "2025-10-08",
        None,
        "October 7",
        "2023-10-07",
        "2023-10-07",
        "day",
        "2023-10-07",
    ),
    (
        "mid-year",
        "The agreement was first drafted in mid-1996.",
        "2025-10-08",
        None,
        "mid-1996",
        "1996-05-01",
        "1996-08-31",
        "fuzzy",
        "1996",
    ),
    (
        "decade",
        "Such plans were discussed in the 1990s.",
        "2025-10-08",
        None,
        "the 1990s",
        "1990-01-01",
        "1999-12-31",
        "decade",
        "199",
    ),
    (
        "quarter",
        "Aid deliveries fell in the third quarter of 2025.",
        "2025-10-08",
        None,
        "the third quarter of 2025",
        "2025-07-01",
        "2025-09-30",
        "quarter",
        "2025-Q3",
    ),
    (
        "range-years",
        "He served as envoy from 2019 to 2021.",
        "2025-10-08",
        None,
        "2019 to 2021",
        "2019-01-01",
        "2021-12-31",
        "year",
        "2019/2021",
    ),
    (
        "model-span-narrowed",
        "He died at the age of 64 this year.",
        "2025-10-08",
        None,
        "this year",
        "2025-01-01",
        "2025-12-31",
        "year",
        "2025",
    ),
    (
        "day-of-month-past",
        "The meeting on the 15th was cancelled.",
        "2025-10-08",
        None,
        "the 15th",
        "2025-09-15",
        "2025-09-15",
        "day",
        "2025-09-15",
    ),
    (
        "local-time",
        "A senior source said that Tuesday’s evening session began at 7 p.m. local time but "
        "ended with no breakthrough.",
        "2025-10-08",
        "Egypt",
        "Tuesday’s evening session began at 7 p.m. local time",
        "2025-10-07T19:00+03:00",
        "2025-10-07T19:00+03:00",
        "time",
        "2025-10-07T19:00",
    ),
    (
        "clock-zone",
        "Talks will resume on Thursday at 10:30 GMT.",
        "2025-10-08",
        None,
        "Thursday at 10:30 GMT",
        "2025-10-09T10:30+00:00",
        "2025-10-09T10:30+00:00",
        "time",
        "2025-10-09T10:30",
    ),
    (
        "month-precision-window",
        "The discussions are anticipated to take place in Cairo in the coming days.",
        "2024-01",
        None,
        "the coming days",
        "2024-01-01",
        "2024-02-29",
        "fuzzy",
        "PXD",
    ),
    (
        "month-precision-weekday-past",
        "A delegation departed for Cairo on Wednesday.",
        "2025-10",
        None,
        "Wednesday",
        "2025-10-01",
        "2025-10-31",
        "month",
        "2025-10",
    ),
    (
        "month-precision-weekday-future",
        "Talks will resume on Thursday.",
        "2025-10",
        None,
        "Thursday",
        "2025-10-01",
        "2025-11-30",
        "fuzzy",
        "XXXX-WXX-4",
    ),
    (
        "month-precision-this-week",
        "The first phase should be completed this week.",
        "2025-10",
        None,
        "this week",
        "2025-09-01",
        "2025-11-30",
        "fuzzy",
        "XXXX-XX-XX",
    ),
    (
        "month-precision-month-name",
        "In June, a commission concluded its inquiry.",
        "2025-10",
        None,
        "June",
        "2025-06-01",
        "2025-06-30",
        "month",
        "2025-06",
    ),
    (
        "month-precision-explicit",
        "The war began after the October 7, 2023 attacks.",
        "2025-10",
        None,
        "October 7, 2023",
        "2023-10-07",
        "2023-10-07",
        "day",
        "2023-10-07",
    ),
    (
        "unknown-context-explicit",
        "The war began after the October 7, 2023 attacks.",
        None,
        None,
        "October 7, 2023",
        "2023-10-07",
        "2023-10-07",
        "day",
        "2023-10-07",
    ),
    (
        "day-before-a-weekday",
        "The day before last Tuesday's hearing, Manuel went to the house.",
        "2000-02-24",
        None,
        "The day before last Tuesday",
        "2000-02-21",
        "2000-02-21",
        "day",
        "2000-02-21",
    ),
    (
        "day-after-a-holiday",
        "The two leaders met the day after Christmas.",
        "1998-12-28",
        None,
        "the day after Christmas",
        "1998-12-26",
        "1998-12-26",
        "day",
        "1998-12-26",
    ),
    (
        "week-of-a-date",
        "The case may be resolved in a court hearing the week of March 6.",
        "2000-02-24",
        None,
        "the week of March 6",
        "2000-03-06",
        "2000-03-12",
        "week",
        "2000-W10",
    ),
    (
        "weekday-with-its-date",
        "Some $14 million seeped out Friday Oct. 13 alone.",
        "1989-10-30",
        None,
        "Friday Oct. 13",
        "1989-10-13",
        "1989-10-13",
        "day",
        "1989-10-13",
    ),
    (
        "clock-by-part-of-day",
        "The father will leave Havana at 4 in the morning on Thursday.",
        "2000-04-05",
        None,
        "4 in the morning on Thursday",
        "2000-04-06T04:00+00:00",
        "2000-04-06T04:00+00:00",
        "time",
        "2000-04-06T04:00",
    ),
    (
        "midnight-closes-its-day",
        "The offer had been scheduled to expire at midnight Friday.",
        "1989-10-30",
        None,
        "midnight Friday",
        "1989-10-28T00:00+00:00",
        "1989-10-28T00:00+00:00",
        "time",
        "1989-10-27T24:00",
    ),
]


@pytest.mark.parametrize(
    "sentence, published, place, text, start, end, granularity, value",
    [pytest.param(*row[1:], id=row[0]) for row in DATED],
)
def test_dated_expressions(model, sentence, published, place, text, start, end, granularity, value):
    found = _expressions(model, sentence, published, place)
    _check(_one(found, text), start, end, granularity, value)


def test_explanation_names_the_tense_and_the_anchor(model):
    t = _one(
        _expressions(model, "A delegation departed for Cairo late Wednesday.", "2025-10-06"),
        "late Wednesday",
    )
    assert (
        t.explanation
        == "late Wednesday; past tense 'departed'; the Wednesday before Monday 2025-10-06"
        " (rule weekday-tense)"
    )
    assert t.anchor == "publication 2025-10-06"
    assert t.rule == "weekday-tense"
    assert t.type == "TIME" and t.mod == "END"


def test_local_time_uses_the_place_clock_and_merges_its_parts(model):
    sentence = (
        "A senior source said that Tuesday’s evening session began at 7 p.m. local time but ended."
    )
    found = _expressions(model, sentence, "2025-10-08", "Egypt")
    t = _one(found, "Tuesday’s evening session began at 7 p.m. local time")
    assert t.timezone == "Africa/Cairo"
    assert t.end - t.start == timedelta(minutes=1)
    assert t.trace.parts == ["Tuesday", "evening", "7 p.m. local time"]
    # the parts are not reported a second time on their own
    assert [x.text for x in found] == [t.text]


def test_local_time_without_a_known_place_says_so(model):
    sentence = "Tuesday’s evening session began at 7 p.m. local time."
    t = _one(
        _expressions(model, sentence, "2025-10-08"),
        "Tuesday’s evening session began at 7 p.m. local time",
    )
    assert t.timezone == "UTC"
    assert t.start == datetime.fromisoformat("2025-10-07T19:00+00:00")
    assert "place is unknown" in t.explanation


def test_recurring_times_are_sets(model):
    found = _expressions(
        model, "Every Friday, protesters gather outside the Knesset.", "2025-10-08"
    )
    t = _one(found, "Every Friday")
    assert (t.type, t.value, t.dated) == ("SET", "XXXX-WXX-5", False)


UNRESOLVED = [
    ("unknown-context-weekday", "A delegation departed for Cairo on Wednesday.", "Wednesday"),
    ("unknown-context-window", "Hostages could be released within days.", "within days"),
    ("unknown-context-this-week", "The first phase should be completed this week.", "this week"),
]


@pytest.mark.parametrize(
    "sentence, text", [pytest.param(*row[1:], id=row[0]) for row in UNRESOLVED]
)
def test_unknown_context_leaves_relative_expressions_unresolved(model, sentence, text):
    t = _one(_expressions(model, sentence, None), text)
    assert not t.resolved
    assert t.start is None and t.end is None
    assert "publication date is unknown" in t.explanation


def test_month_precision_never_gives_a_day(model):
    for sentence in (
        "A delegation departed for Cairo on Wednesday.",
        "Hamas said yesterday it agreed.",
        "The deal could come within days.",
        "Talks collapsed last week.",
    ):
        for t in _expressions(model, sentence, "2025-10"):
            if t.dated:
                assert t.granularity not in ("day", "part-of-day", "time", "week", "weekend"), (
                    t.explanation
                )
                assert t.start.day == 1, t.explanation
                assert "known only to the month" in t.explanation


DURATIONS = [
    (
        "over-two-years",
        "The conflict has persisted for over two years.",
        "over two years",
        "P2Y",
        "MORE_THAN",
    ),
    (
        "nearly-two-years",
        "The attacks triggered nearly two years of devastating conflict.",
        "nearly two years",
        "P2Y",
        "APPROX",
    ),
    (
        "several-days",
        "Negotiations could last several days, if not longer.",
        "several days",
        "PXD",
        None,
    ),
    ("decades", "Grievances have driven decades of conflict.", "decades", "PXY", None),
    ("decades-long", "The firm settled its decades-long dispute.", "decades", "PXY", None),
    # only a storing verb makes a length a capacity: a festival's or a meeting's days are time
    (
        "days-of-music",
        "Organizers say the two days of music and speeches will draw crowds.",
        "the two days",
        "P2D",
        None,
    ),
    ("held-days-of-talks", "The envoys held two days of talks.", "two days", "P2D", None),
    ("months", "These efforts follow months of mediation by Qatar.", "months", "PXM", None),
    # a window tied by 'of' or 'after' to another event counts from that event, not from publication
    (
        "within-of-event",
        "Apple announced another event within one month of the iPod launch.",
        "within one month",
        "P1M",
        None,
    ),
    (
        "within-after-event",
        "Troops will leave within weeks after the vote.",
        "within weeks",
        "PXW",
        None,
    ),
    # the model calls a fractional length a quantity
    (
        "fraction-of-hours",
        "She will spend about 5 1/2 hours in Nairobi.",
        "about 5 1/2 hours",
        "PT5H30M",
        "APPROX",
    ),
    # a model span with no date in it keeps its length
    (
        "length-inside-a-span",
        "Mr. Woolard said so in an interview several months before he took the post.",
        "several months",
        "PXM",
        None,
    ),
    (
        "length-after-as-long-as",
        "The appeal could take as long as a month or two.",
        "a month",
        "P1M",
        None,
    ),
]


@pytest.mark.parametrize(
    "sentence, text, value, mod", [pytest.param(*row[1:], id=row[0]) for row in DURATIONS]
)
def test_durations_are_not_dated(model, sentence, text, value, mod):
    t = _one(_expressions(model, sentence, "2025-10-08"), text)
    assert (t.type, t.value, t.mod) == ("DURATION", value, mod)
    assert t.start is None and t.end is None and not t.dated


def test_a_window_of_its_own_still_runs_from_publication(model):
    t = _one(
        _expressions(model, "The past year of fighting has displaced millions.", "2025-10-08"),
        "The past year",
    )
    assert (t.type, t.value) == ("DURATION", "P1Y")
    assert _local_range(t) == ("2024-10-08", "2025-10-08"), t.explanation


def test_anchored_duration_gets_a_span(model):
    t = _one(
        _expressions(model, "Prices doubled over the past two years.", "2025-10-08"),
        "the past two years",
    )
    assert (t.type, t.value) == ("DURATION", "P2Y")
    assert _local_range(t) == ("2023-10-08", "2025-10-08")


NOT_DATES = [
    ("ordinal-day", "The talks went into a second day on Tuesday.", "a second day"),
    ("percent", "About 70 percent of Israelis favor ending the war.", "70 percent"),
    ("counts", "Hamas would free 48 hostages for 250 prisoners and 1,700 detainees.", "250"),
    (
        "the-present-age",
        "The case of Elian is for today's youth what the blockade was for their parents.",
        "today",
    ),
    (
        "a-share",
        "Mutual funds account for more than a quarter of the entire high-yield market.",
        "quarter",
    ),
    ("a-compound", "The jobless rate stayed just above its quarter-century low.", "quarter"),
    ("a-march-by-name", "The annual March for Life drew thousands to Capitol Hill.", "March"),
    ("a-programme-name", "This is VOA Today.", "Today"),
    (
        "the-future-at-large",
        "If I were choosing the people of tomorrow, I would pick the same board.",
        "tomorrow",
    ),
    (
        "a-programme-title",
        'Baker said on ABC-TV\'s "This Week With David Brinkley" that the talks were over.',
        "This Week",
    ),
    # a length a device stores is its capacity, not a time
    (
        "a-stored-capacity",
        "On the 30GB model, 75 hours of video can be stored.",
        "75 hours",
    ),
    ("a-capacity-stored-bare", "On the larger model, 150 hours can be stored.", "150 hours"),
]


@pytest.mark.parametrize("sentence, text", [pytest.param(*row[1:], id=row[0]) for row in NOT_DATES])
def test_quantities_are_not_dates(model, sentence, text):
    found = _expressions(model, sentence, "2025-10-08")
    assert all(text not in t.text for t in found), [t.text for t in found]
    assert all(t.type != "DATE" or not t.text[0].isdigit() for t in found)


def test_second_day_sentence_still_dates_tuesday(model):
    found = _expressions(
        model,
        "Their participation follows a second day of indirect talks on Tuesday.",
        "2025-10-08",
    )
    assert [t.text for t in found] == ["Tuesday"]
    _check(found[0], "2025-10-07", "2025-10-07", "day", "2025-10-07")


TENSES = [
    (
        "departed for Cairo late Wednesday",
        "A delegation departed for Cairo late Wednesday.",
        "late Wednesday",
        PAST,
    ),
    ("set to join", "Envoys are set to join the talks on Wednesday.", "Wednesday", FUTURE),
    ("will", "Negotiators will meet on Monday.", "Monday", FUTURE),
    (
        "could be reached",
        "A deal could be reached by the end of the week.",
        "the end of the week",
        FUTURE,
    ),
    ("has arrived", "The delegation has arrived in Cairo on Sunday.", "Sunday", PAST),
    ("possessive subject", "Tuesday’s session began at noon.", "Tuesday", PAST),
    ("present", "The talks resume on Thursday.", "Thursday", NEAREST),
]


@pytest.mark.parametrize(
    "sentence, text, direction", [pytest.param(*row[1:], id=row[0]) for row in TENSES]
)
def test_tense_of_the_governing_verb(model, sentence, text, direction):
    doc = model(sentence)
    start = sentence.index(text)
    span = doc.char_span(start, start + len(text))
    assert tense_of(span).direction == direction


def test_every_expression_is_well_formed(model):
    text = (
        "Delegations arrived on Sunday. The negotiations coincide with the second anniversary of "
        "Hamas’s "
        "October 7, 2023 attacks. Talks could end within days or by the end of the week, Trump "
        "said on "
        "Monday, after discussions over the weekend. The conflict has lasted nearly two years."
    )
    doc = model(text)
    found = find_expressions(doc, make_context("t", "2025-10-06", place="Egypt"))
    assert len(found) >= 7
    for t in found:
        assert text[t.start_char : t.end_char] == t.text
        assert t.granularity in GRANULARITIES
        assert t.type in ("DATE", "TIME", "DURATION", "SET")
        assert t.rule and t.explanation.startswith(t.text)
        if t.dated:
            assert t.start.tzinfo is not None and t.start < t.end
    assert [t.start_char for t in found] == sorted(t.start_char for t in found)
    sentence = next(iter(doc.sents))
    assert [t.text for t in expression_at(found, sentence.start_char, sentence.end_char)] == [
        "Sunday"
    ]


# Pure rules, no spaCy: the reader and the calendar arithmetic on their own.
READINGS = [
    ("late Wednesday", "weekday"),
    ("within days", "window"),
    ("the coming days", "window"),
    ("the end of the week", "unit_edge"),
    ("the weekend", "weekend"),
    ("this week", "unit_rel"),
    ("October 7, 2023", "explicit"),
    ("mid-1996", "year"),
    ("the 1990s", "decade"),
    ("Q3 2025", "quarter"),
    ("two years", "duration"),
    ("a second day", "not_a_date"),
    ("the following day", "anaphoric"),
    ("7 p.m.", "clock"),
    ("every Monday", "set"),
    ("two years ago", "ago"),
    ("earlier this month", "unit_partial"),
]


@pytest.mark.parametrize("text, kind", READINGS)
def test_reader(text, kind):
    assert read(text).kind == kind


@pytest.mark.parametrize(
    "text, hour",
    [
        ("4 in the morning", 4),
        ("3 in the afternoon", 15),
        ("10 at night", 22),
        ("2 at night", 2),
        ("12 at night", 0),
        ("midnight", 24),
        ("noon", 12),
    ],
)
def test_clock_words_say_the_hour(text, hour):
    reading = read(text)
    assert isinstance(reading.args, Clock) and (reading.kind, reading.args.hour) == ("clock", hour)


def test_reader_rejects_non_dates():
    for text in ("70 percent", "250", "the 20-point plan", "Hamas"):
        assert read(text) is None


@pytest.mark.parametrize(
    "direction, expected",
    [(PAST, date(2025, 10, 1)), (FUTURE, date(2025, 10, 8)), (NEAREST, date(2025, 10, 8))],
)
def test_weekday_rule_by_direction(direction, expected):
    r, anchor = resolve_in_context(read("Wednesday"), direction, date(2025, 10, 6), "day")
    assert r.start.date() == expected and anchor == "publication 2025-10-06"


def test_year_precision_widens_to_whole_years():
    r, _ = resolve_in_context(read("within days"), FUTURE, date(2025, 1, 1), "year")
    assert (r.start.date(), r.end.date()) == (date(2025, 1, 1), date(2027, 1, 1))
    assert r.granularity == "fuzzy"


def test_unknown_context_rules():
    with pytest.raises(Unresolvable):
        resolve_in_context(read("Wednesday"), PAST, None, "unknown")
    r, anchor = resolve_in_context(read("August 2, 2025"), PAST, None, "unknown", "August 2, 2025")
    assert r.start.date() == date(2025, 8, 2) and anchor is None


def test_matcher_is_compiled_once_per_vocab(model):
    from pipeline.dates.detect import matcher_for

    assert matcher_for(model.vocab) is matcher_for(model.vocab)


# Lengths as TimeML writes them: spelled-out counts, halves, minutes, counted decades in years.
DURATION_VALUES = [
    ("spelled-compound", "the last thirty six hours", "PT36H"),
    ("half-with-fraction", "3 1/2 years", "P3Y6M"),
    ("and-a-half", "an hour and a half", "PT1H30M"),
    ("minutes", "ten minutes", "PT10M"),
    ("vague-minutes", "a few minutes", "PTXM"),
    ("a-hundred", "almost a hundred days", "P100D"),
    ("counted-decades", "three decades", "P30Y"),
    ("lead-word", "only eight weeks", "P8W"),
    ("first-n-months", "the first six months", "P6M"),
    ("later", "Five days later", "P5D"),
    ("no-more-than", "no more than ninety days", "P90D"),
    ("another", "another year", "P1Y"),
    # a range of counts has no one count: TimeML's X
    ("range-of-weeks", "two to three weeks", "PXW"),
    ("range-between", "between two and six days", "PXD"),
    ("range-of-hours", "1 to 2 hours", "PTXH"),
]


def test_a_range_of_lengths_from_publication_reaches_the_larger_count():
    reading = read("the next 12 to 18 months")
    r, _ = resolve_in_context(
        reading, FUTURE, date(1989, 10, 30), "day", "the next 12 to 18 months"
    )
    assert (reading.type, r.value) == ("DURATION", "PXM")
    assert (r.start.date(), r.end.date()) == (date(1989, 10, 30), date(1991, 5, 1))


@pytest.mark.parametrize(
    "text, value", [pytest.param(*row[1:], id=row[0]) for row in DURATION_VALUES]
)
def test_duration_values(text, value):
    reading = read(text)
    r, _ = resolve_in_context(reading, NEAREST, date(2025, 10, 8), "day", text)
    assert (reading.type, r.value) == ("DURATION", value)


def test_set_values():
    assert read("hourly").args == Recurring(value="PT1H", unit="H")
    assert read("every quarter").args == Recurring(value="P1Q", unit="Q")


def test_spelled_years_read_as_years():
    assert read("nineteen eighty-four").args == Year(year=1984)
    assert read("the year two thousand").args == Year(year=2000)
    assert (read("March nineteen ninety-one").kind, read("March nineteen ninety-one").args) == (
        "explicit",
        Explicit(year=1991, month=3),
    )
    assert read("two thousand years").kind == "duration"


# Business periods: (text, direction, published, value, granularity).
PERIODS = [
    ("hyphenated-quarter-past", "second-quarter", PAST, "2025-08-06", "2025-Q2", "quarter"),
    ("quarter-to-be-reported", "the third quarter", FUTURE, "2025-10-20", "2025-Q3", "quarter"),
    ("quarter-truly-ahead", "the first quarter", FUTURE, "2025-10-20", "2026-Q1", "quarter"),
    ("reported-quarter", "the latest quarter", NEAREST, "2025-08-06", "2025-Q2", "quarter"),
    ("reported-quarter-late", "the quarter", NEAREST, "2025-12-20", "2025-Q4", "quarter"),
    ("year-ago-quarter", "the year-ago quarter", NEAREST, "2025-08-06", "2024-Q2", "quarter"),
    ("a-year-earlier-alone", "a year earlier", NEAREST, "2025-08-06", "2024", "year"),
    (
        "this-years-quarter",
        "this year's second quarter",
        NEAREST,
        "2025-08-06",
        "2025-Q2",
        "quarter",
    ),
    ("first-half", "the first half", PAST, "2025-08-06", "2025-H1", "fuzzy"),
    ("half-of-year", "the second half of 2024", NEAREST, "2025-08-06", "2024-H2", "fuzzy"),
    ("year-end-day-past", "year-end", PAST, "2025-08-06", "2024-12-31", "day"),
    ("year-end-future", "year end", FUTURE, "2025-08-06", "2025", "fuzzy"),
    ("fiscal-year", "fiscal 2026", NEAREST, "2025-08-06", "2026", "year"),
    ("current-fiscal-year", "the current fiscal year", NEAREST, "2025-08-06", "2025", "year"),
]


@pytest.mark.parametrize(
    "text, direction, published, value, granularity",
    [pytest.param(*row[1:], id=row[0]) for row in PERIODS],
)
def test_business_periods(text, direction, published, value, granularity):
    r, anchor = resolve_in_context(
        read(text), direction, date.fromisoformat(published), "day", text
    )
    assert (r.value, r.granularity) == (value, granularity), r.note
    assert r.start < r.end and r.note
    assert (anchor is not None) == read(text).relative


# "a year earlier" takes the period named before it:
# (sentence, published, expression, value, range).
YEAR_EARLIER = [
    (
        "quarter-same-sentence",
        "Profit rose in the second quarter to $4 million from $3 million a year earlier.",
        "2025-08-06",
        "a year earlier",
        "2024-Q2",
        ("2024-04-01", "2024-06-30"),
    ),
    (
        "quarter-previous-sentence",
        "The bank lost money in the second quarter. A year earlier, it earned $2 million.",
        "2025-08-06",
        "A year earlier",
        "2024-Q2",
        ("2024-04-01", "2024-06-30"),
    ),
    # the period named as the same, corresponding or year-ago one: the whole phrase, not
    # only the "last year" in it
    (
        "corresponding-period-last-year",
        "Net income fell in the second quarter from $1.8 million for the corresponding period "
        "last year.",
        "2025-08-06",
        "the corresponding period last year",
        "2024-Q2",
        ("2024-04-01", "2024-06-30"),
    ),
    (
        "same-period-of-the-last-year",
        "Profit doubled in the second quarter, against $565 million during the same period of "
        "the last year.",
        "2025-08-06",
        "the same period of the last year",
        "2024-Q2",
        ("2024-04-01", "2024-06-30"),
    ),
    (
        "the-year-ago-period",
        "Second-quarter sales rose 8% from the year-ago period.",
        "2025-08-06",
        "the year-ago period",
        "2024-Q2",
        ("2024-04-01", "2024-06-30"),
    ),
    (
        "no-period-named",
        "Sales were flat, the chain said, after falling a year earlier.",
        "2025-08-06",
        "a year earlier",
        "2024",
        ("2024-01-01", "2024-12-31"),
    ),
]


@pytest.mark.parametrize(
    "sentence, published, text, value, days",
    [pytest.param(*row[1:], id=row[0]) for row in YEAR_EARLIER],
)
def test_year_earlier_takes_the_period_before_it(model, sentence, published, text, value, days):
    t = _one(_expressions(model, sentence, published), text)
    assert t.value == value, t.explanation
    assert _local_range(t) == days
    assert t.rule == "year-earlier" and t.explanation.startswith(t.text) and t.anchor


# Past tense, but the date is just ahead: (sentence, published, expression, value).
PAST_TENSE_AHEAD = [
    (
        "extended-to",
        "The company extended its offer to Dec. 3.",
        "2025-11-20",
        "Dec. 3",
        "2025-12-03",
    ),
    (
        "set-deadline",
        "The board set Jan. 9 as the deadline for bids.",
        "2025-12-15",
        "Jan. 9",
        "2026-01-09",
    ),
    (
        "earlier-this-year",
        "The company announced the merger on Sept. 3.",
        "2025-11-20",
        "Sept. 3",
        "2025-09-03",
    ),
    (
        "beyond-the-window",
        "The company announced the merger on Feb. 20.",
        "2025-11-20",
        "Feb. 20",
        "2025-02-20",
    ),
]


@pytest.mark.parametrize(
    "sentence, published, text, value",
    [pytest.param(*row[1:], id=row[0]) for row in PAST_TENSE_AHEAD],
)
def test_past_tense_date_just_ahead_is_the_coming_one(model, sentence, published, text, value):
    t = _one(_expressions(model, sentence, published), text)
    assert t.value == value, t.explanation


# A modal reported before publication is dated nearest publication:
# (sentence, published, expression, value).
MODALS = [
    (
        "would-reported",
        "Officials said the border would reopen Wednesday.",
        "2025-10-10",
        "Wednesday",
        "2025-10-08",
    ),
    ("could-ahead", "The ministers could meet Monday.", "2025-10-10", "Monday", "2025-10-13"),
    (
        "will-stays-future",
        "The ministers will meet Wednesday.",
        "2025-10-10",
        "Wednesday",
        "2025-10-15",
    ),
]


@pytest.mark.parametrize(
    "sentence, published, text, value", [pytest.param(*row[1:], id=row[0]) for row in MODALS]
)
def test_modal_dates_nearest_publication(model, sentence, published, text, value):
    t = _one(_expressions(model, sentence, published), text)
    assert t.value == value, t.explanation


def test_modal_tense_keeps_its_future_direction(model):
    doc = model("Officials said the border would reopen Wednesday.")
    tense = tense_of(doc.char_span(doc.text.index("Wednesday"), doc.text.index("Wednesday") + 9))
    assert (tense.direction, tense.hedged, tense.dating) == (FUTURE, True, NEAREST)


# Windows and anchored lengths: (text, direction, value, type of the reading).
WINDOWS = [
    ("counted-within", "within three weeks", FUTURE, "P3W", "DURATION"),
    ("counted-within-a", "within a month", FUTURE, "P1M", "DURATION"),
    # A vague window is a length too, written with X as TimeML writes "the past few weeks".
    ("vague-within", "within weeks", FUTURE, "PXW", "DURATION"),
    ("recent-days", "recent days", PAST, "PXD", "DURATION"),
    ("recent-years", "in recent years", PAST, "PXY", "DURATION"),
    ("coming-months", "the coming months", FUTURE, "PXM", "DURATION"),
    ("weeks-ahead", "the weeks ahead", FUTURE, "PXW", "DURATION"),
    # "the past year" is the past one year, as "the past two years" is P2Y.
    ("past-year", "the past year", PAST, "P1Y", "DURATION"),
    ("past-decade", "the past decade", PAST, "P10Y", "DURATION"),
    ("coming-week", "the coming week", FUTURE, "P1W", "DURATION"),
    ("past-few", "the past few months", PAST, "PXM", "DURATION"),
    ("next-couple", "the next couple of weeks", FUTURE, "P2W", "DURATION"),
]


@pytest.mark.parametrize(
    "text, direction, value, typ", [pytest.param(*row[1:], id=row[0]) for row in WINDOWS]
)
def test_window_values(text, direction, value, typ):
    reading = read(text)
    r, _ = resolve_in_context(reading, direction, date(2025, 10, 8), "day", text)
    assert (r.value, reading.type) == (value, typ)
    assert r.start <= _dt_floor(date(2025, 10, 8)) < r.end


def _dt_floor(d: date) -> datetime:
    return datetime(d.year, d.month, d.day)


WORD_PERIODS = [
    ("decade-word", "the sixties", "196"),
    ("decade-word-edge", "the late nineties", "199"),
    ("prefixed-year", "post-1945", "1945"),
    ("later-date", "a later date", "FUTURE_REF"),
]


@pytest.mark.parametrize("text, value", [pytest.param(*row[1:], id=row[0]) for row in WORD_PERIODS])
def test_word_periods(text, value):
    r, _ = resolve_in_context(read(text), NEAREST, date(2025, 10, 8), "day", text)
    assert r.value == value


def test_year_named_by_its_end_is_a_length(model):
    t = _one(
        _expressions(
            model, "The retailer earned $3 million in the year ended June 30.", "2025-10-08"
        ),
        "the year",
    )
    assert (t.type, t.value, t.dated) == ("DURATION", "P1Y", False)
    assert t.explanation.startswith("the year") and t.rule


# "that year", "the following month": counted from the date said just before.
ANAPHORA = [
    (
        "that-year",
        "The factory opened in 1994. Output doubled that year.",
        "2025-10-08",
        "that year",
        "1994",
        ("1994-01-01", "1994-12-31"),
    ),
    (
        "following-month",
        "The plan was drafted in March 2019. The following month, it was shelved.",
        "2025-10-08",
        "The following month",
        "2019-04",
        ("2019-04-01", "2019-04-30"),
    ),
    (
        "next-day-part",
        "He was arrested on June 3, 2021 and appeared in court the next morning.",
        "2025-10-08",
        "the next morning",
        "2021-06-04",
        ("2021-06-04", "2021-06-04"),
    ),
    (
        "year-before",
        "Revenue dropped to $300 million last year, down from $450 million the year before.",
        "1998-09-07",
        "the year before",
        "1996",
        ("1996-01-01", "1996-12-31"),
    ),
]


@pytest.mark.parametrize(
    "sentence, published, text, value, days",
    [pytest.param(*row[1:], id=row[0]) for row in ANAPHORA],
)
def test_anaphoric_units_count_from_the_date_before(model, sentence, published, text, value, days):
    t = _one(_expressions(model, sentence, published), text)
    assert (t.resolved, t.value) == (True, value), t.explanation
    assert _local_range(t) == days and t.start < t.end
    assert t.explanation.startswith(t.text) and t.anchor and t.rule == "anaphoric"


def test_anaphoric_unit_without_a_date_before_stays_unresolved(model):
    t = _one(_expressions(model, "Output doubled that year.", "2025-10-08"), "that year")
    assert not t.resolved and t.value is None and t.start is None


# ------------------------------------------------------- detection: which spans are expressions
# Conventions of TimeML (TempEval-3 gold): the present, past and future as such are expressions;
# ages, bare numbers and frequency adjectives of things are not; a model span joining a period
# and its closing date is two expressions.

# (rule, sentence, published, expression, type, value)
DETECTED = [
    (
        "ref-now",
        "The U.S. Embassy in Nairobi is now operating out of a hotel.",
        "1998-08-10",
        "now",
        "DATE",
        "PRESENT_REF",
    ),
    (
        "ref-right-now",
        "Right now my evidence is scant.",
        "1998-02-01",
        "now",
        "DATE",
        "PRESENT_REF",
    ),
    (
        "ref-currently",
        "The company currently holds 4.2 million of the shares.",
        "1989-11-01",
        "currently",
        "DATE",
        "PRESENT_REF",
    ),
    (
        "ref-current",
        "The company delayed construction because of current market conditions.",
        "1989-11-01",
        "current",
        "DATE",
        "PRESENT_REF",
    ),
    (
        "ref-recently",
        "Magna recently cut its dividend in half.",
        "1989-11-01",
        "recently",
        "DATE",
        "PAST_REF",
    ),
    (
        "ref-then-current",
        "Holders may buy shares at 50% of the then current market price.",
        "1989-10-26",
        "then current",
        "DATE",
        "PAST_REF",
    ),
    (
        "ref-the-past",
        "Police have made such claims in the past.",
        "1998-03-01",
        "the past",
        "DATE",
        "PAST_REF",
    ),
    (
        "ref-the-future",
        "Air strikes could continue well into the future.",
        "1998-02-01",
        "the future",
        "DATE",
        "FUTURE_REF",
    ),
    (
        "ref-near-future",
        "The unit could be sold in the near future.",
        "1989-10-30",
        "the near future",
        "DATE",
        "FUTURE_REF",
    ),
    (
        "ref-near-term",
        "The company faces the challenges of the near term.",
        "1989-10-30",
        "the near term",
        "DATE",
        "FUTURE_REF",
    ),
    (
        "ref-short-term",
        "The plan will not help holders in the short term.",
        "1989-10-30",
        "the short term",
        "DATE",
        "FUTURE_REF",
    ),
    (
        "spelled-year",
        "Keating's convictions were thrown out in nineteen ninety-six.",
        "1999-01-01",
        "nineteen ninety-six",
        "DATE",
        "1996",
    ),
    (
        "holiday-past",
        "Elian was found at sea on Thanksgiving Day.",
        "2000-01-07",
        "Thanksgiving Day",
        "DATE",
        "1999-11-25",
    ),
    (
        "holiday-last",
        "He was plucked from the Atlantic last Thanksgiving.",
        "2000-01-07",
        "last Thanksgiving",
        "DATE",
        "1999-11-25",
    ),
    (
        "holiday-future",
        "The referendum will be held on Election Day.",
        "2024-10-01",
        "Election Day",
        "DATE",
        "2024-11-05",
    ),
    (
        "holiday-week-begun",
        "Protesters prayed for divine help as Easter week began.",
        "2000-04-17",
        "Easter week",
        "DATE",
        "2000-W16",
    ),
    (
        "month-this-year",
        "The ratification process began in February this year.",
        "1998-10-05",
        "February this year",
        "DATE",
        "1998-02",
    ),
    (
        "month-next-year",
        "They will join the alliance in April next year.",
        "1998-10-05",
        "April next year",
        "DATE",
        "1999-04",
    ),
    ("set-daily", "Protesters gather daily outside the home.", "2000-01-07", "daily", "SET", "P1D"),
    (
        "set-each-month",
        "Marchers parade each July through the town centre.",
        "1998-03-22",
        "each July",
        "SET",
        "XXXX-07",
    ),
    (
        "duration-more",
        "The boy will stay in the country for two more weeks.",
        "2000-04-20",
        "two more weeks",
        "DURATION",
        "P2W",
    ),
    (
        "month-day-last",
        "He was shot to death last Oct. 23 at his home.",
        "1999-04-19",
        "last Oct. 23",
        "DATE",
        "1998-10-23",
    ),
    (
        "quarter-next-years",
        "The cut could be effective as early as next year's first quarter.",
        "1989-10-31",
        "next year's first quarter",
        "DATE",
        "1990-Q1",
    ),
    (
        "reported-quarter-of-year",
        "The company had revenue of $14.5 million in the 1988 quarter.",
        "1989-10-30",
        "the 1988 quarter",
        "DATE",
        "1988-Q3",
    ),
    (
        "window-past-decade",
        "Threats had become routine over the past decade.",
        "1998-10-25",
        "the past decade",
        "DURATION",
        "P10Y",
    ),
    (
        "latest-period",
        "Sales in the latest period were $1.76 billion.",
        "1989-11-01",
        "the latest period",
        "DATE",
        "1989-Q3",
    ),
]


@pytest.mark.parametrize(
    "sentence, published, text, typ, value", [pytest.param(*row[1:], id=row[0]) for row in DETECTED]
)
def test_detected_expressions(model, sentence, published, text, typ, value):
    t = _one(_expressions(model, sentence, published), text)
    assert (t.type, t.value) == (typ, value), t.explanation


# (rule, sentence): nothing in it is a date expression
NOT_EXPRESSIONS = [
    ("age-hyphenated", "The 6-year-old boy was rescued at sea."),
    ("age-of-a-thing", "The 50-year-old alliance welcomed three new members."),
    ("age-years-old", "Mr. Reupke, 52 years old, will succeed him."),
    ("age-bare-number", "Mr. Kopp, 44, was last seen in Vermont."),
    ("model-number", "Intel's 80486 chip is the spearhead of its line."),
    ("rate-quarterly", "The company raised its quarterly dividend to 30 cents."),
    ("rate-annual", "Holders approved the plan at the annual meeting."),
    ("discourse-now", "Now, he says, the plan looks doomed."),
    ("term-of-a-loan", "The term of the loan is fixed at five percent."),
    ("quantity-not-of-time", "The tank holds 5 1/2 gallons of fuel."),
    ("newspaper-daily", "The Communist Party daily Granma printed the letter."),
    ("programme-title", 'Baker said on ABC\'s "This Week" that the request was legal.'),
    ("programme-title-clock", 'The father spoke on CBS\'s "60 Minutes" about his son.'),
    ("programme-title-stop-inside", "Gonzalez said on CBS's ''60 Minutes.'' He did not say more."),
]

# Spans the model may call dates that hold no word of time at all.
NO_TIME_WORD = [
    ("event-name", "Steel plates recovered at the Olympic park bombing matched the clinic ones."),
    (
        "cut-adjective",
        "In the comparable year-ago quarter, Service Corp. had net income of $5 million.",
    ),
    ("surname", "They were not certain whether Stauber or Gingrich had been involved."),
]


@pytest.mark.parametrize("sentence", [pytest.param(row[1], id=row[0]) for row in NO_TIME_WORD])
def test_spans_without_a_time_word_are_dropped(model, sentence):
    texts = [t.text.lower() for t in _expressions(model, sentence, "1989-10-27")]
    assert not set(texts) & {"olympic", "the comparable", "stauber"}, texts


@pytest.mark.parametrize("sentence", [pytest.param(row[1], id=row[0]) for row in NOT_EXPRESSIONS])
def test_not_expressions(model, sentence):
    found = _expressions(model, sentence, "1999-03-12")
    assert found == [], [t.text for t in found]


# (rule, sentence, published, [(expression, value), ...] in order)
SPLIT = [
    (
        "quarter-ended",
        "Coast had a loss of $92.2 million for the quarter ended Sept. 30.",
        "1989-11-01",
        [("the quarter", "1989-Q3"), ("Sept. 30", "1989-09-30")],
    ),
    (
        "months-ended",
        "Net income for the six months ended Oct. 1 slipped 5%.",
        "1989-11-01",
        [("the six months", "P6M"), ("Oct. 1", "1989-10-01")],
    ),
    (
        "year-ending",
        "It expects a loss for the year ending tomorrow.",
        "1989-10-30",
        [("the year", "P1Y"), ("tomorrow", "1989-10-31")],
    ),
    (
        "months-of-year",
        "Employers added 242,000 jobs a month for the first nine months of 1997.",
        "1998-02-06",
        [("the first nine months", "P9M"), ("1997", "1997")],
    ),
    (
        "date-then-length",
        "Sales begin on June 17, two days before the phone launches.",
        "2009-06-09",
        [("June 17", "2009-06-17"), ("two days", "P2D")],
    ),
]


@pytest.mark.parametrize(
    "sentence, published, expected", [pytest.param(*row[1:], id=row[0]) for row in SPLIT]
)
def test_period_and_its_date_are_two_expressions(model, sentence, published, expected):
    found = _expressions(model, sentence, published)
    assert [(t.text, t.value) for t in found] == expected, [t.explanation for t in found]


def test_past_decade_is_the_ten_years_before_publication(model):
    t = _one(
        _expressions(model, "Threats had become routine over the past decade.", "1998-10-25"),
        "the past decade",
    )
    assert _local_range(t) == ("1988-10-25", "1998-10-25"), t.explanation
    assert t.rule and t.anchor and t.explanation and t.start <= t.end


# A part of day with no day of its own: the day the story named just before, or unresolved.
PART_OF_DAY_ANTECEDENT = [
    (
        "named-day",
        "Prices sagged Friday. Dealers placed heavy buy orders in the morning.",
        "1989-10-30",
        "the morning",
        "1989-10-27TMO",
    ),
    (
        "edge-of-part",
        "Shares fell Tuesday. By mid afternoon, losses had deepened.",
        "1989-11-02",
        "mid afternoon",
        "1989-10-31TAF",
    ),
    (
        "part-then-relday",
        "In London at mid-afternoon yesterday, shares were up 2 pence.",
        "1989-11-02",
        "mid-afternoon yesterday",
        "1989-11-01TAF",
    ),
    (
        "no-day-named",
        "Dealers placed heavy buy orders in the morning.",
        "1989-10-30",
        "the morning",
        None,
    ),
    (
        "night-of-a-clause",
        "Talks ended Monday. Tapes from the night the plane went down were released.",
        "1998-01-14",
        "the night",
        None,
    ),
    (
        "night-of-a-date",
        "Police searched the house on Tuesday. He was shot on the night of Oct. 23.",
        "1998-11-21",
        "the night",
        None,
    ),
]


@pytest.mark.parametrize(
    "sentence, published, text, value",
    [pytest.param(*row[1:], id=row[0]) for row in PART_OF_DAY_ANTECEDENT],
)
def test_part_of_day_takes_the_day_named_before(model, sentence, published, text, value):
    t = _one(_expressions(model, sentence, published), text)
    assert t.value == value, t.explanation
    if value:
        assert t.resolved and t.anchor and t.start < t.end and t.type == "TIME", t.explanation
    else:
        assert not t.resolved, t.explanation


def test_range_whose_ends_make_no_span_is_two_dates(model):
    found = _expressions(
        model,
        "Accounting for a small downward revision Friday to December's figures, "
        "the economy has been creating jobs.",
        "1998-02-06",
    )
    assert [(t.text, t.value) for t in found] == [
        ("Friday", "1998-02-06"),
        ("December", "1997-12"),
    ], [(t.text, t.value, t.explanation) for t in found]
    assert all(t.rule and t.explanation and t.start <= t.end for t in found)


@pytest.mark.parametrize(
    "sentence, value",
    [
        ("The index closed Friday at 2082.1, down 4.5% from the previous Friday.", "1989-10-20"),
        ("Talks broke down on Tuesday. They had resumed the preceding Monday.", "1989-10-23"),
        ("Prices fell from the previous Friday.", None),
    ],
)
def test_previous_weekday_counts_from_the_day_named_before(model, sentence, value):
    found = _expressions(model, sentence, "1989-10-30")
    t = next(t for t in found if t.text.lower().startswith(("the previous", "the preceding")))
    assert t.value == value, t.explanation
    if value:
        assert t.resolved and t.anchor and t.start < t.end


# A range stays one expression on the timeline; TimeML tags its two ends apart, each with its
# own value, the linking words ("from", "to", "between", "and") outside both.
@pytest.mark.parametrize(
    "sentence, published, text, ends",
    [
        (
            "He sold shares between 1985 and 1987.",
            "1989-10-27",
            "between 1985 and 1987",
            [("1985", "1985"), ("1987", "1987")],
        ),
        (
            "It bought 254,200 shares from Sept. 14 to Thursday.",
            "1989-10-30",
            "Sept. 14 to Thursday",
            [("Sept. 14", "1989-09-14"), ("Thursday", "1989-10-26")],
        ),
        (
            "He served as envoy from 2019 to 2021.",
            "2025-10-08",
            "2019 to 2021",
            [("2019", "2019"), ("2021", "2021")],
        ),
    ],
)
def test_range_is_tagged_in_timeml_as_its_two_ends(model, sentence, published, text, ends):
    found = _expressions(model, sentence, published)
    t = _one(found, text)
    assert "/" in t.value, t.explanation
    tagged = timeml.tags(found)
    assert [(x.text, x.value, x.type) for x in tagged] == [(a, v, "DATE") for a, v in ends]
    assert all(sentence[x.start_char : x.end_char] == x.text for x in tagged)


# A clock time the model marks together with its day is dated on that day, not on the
# publication day: (sentence, published, expression, value).
@pytest.mark.parametrize(
    "sentence, published, text, value",
    [
        (
            "He was taken from his store at 10 p.m. Wednesday, police said.",
            "1998-02-13",
            "10 p.m. Wednesday",
            "1998-02-11T22:00",
        ),
        (
            "The ship will sail Tuesday at 9 a.m., officials said.",
            "1998-02-13",
            "Tuesday at 9 a.m.",
            "1998-02-17T09:00",
        ),
        (
            "He was shot at 10 p.m. on Friday.",
            "1998-02-13",
            "10 p.m. on Friday",
            "1998-02-13T22:00",
        ),
    ],
)
def test_clock_marked_with_its_day_is_dated_on_that_day(model, sentence, published, text, value):
    t = _one(_expressions(model, sentence, published), text)
    assert (t.value, t.type, t.rule) == (value, "TIME", "clock-with-day"), t.explanation


# A list of dates the model marks as one span is one expression per date; a bare day takes
# the month named first: (sentence, published, [(expression, value)]).
@pytest.mark.parametrize(
    "sentence, published, items",
    [
        (
            "The vote will be held at the summit on April 24 and 25.",
            "1999-03-12",
            [("April 24", "1999-04-24"), ("25", "1999-04-25")],
        ),
        (
            "Videotapes show his car crossing the border in 1994, 1995 and 1997.",
            "1999-04-19",
            [("1994", "1994"), ("1995", "1995"), ("1997", "1997")],
        ),
    ],
)
def test_listed_dates_are_one_expression_each(model, sentence, published, items):
    found = _expressions(model, sentence, published)
    assert [(t.text, t.value) for t in found] == items, [
        (t.text, t.value, t.explanation) for t in found
    ]
