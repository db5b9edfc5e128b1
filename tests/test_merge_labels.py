"""The date each outlet gives, as a merged row's explanation says it on the row's clock.

The explanation reads every report's period on one clock, the row's: a day another outlet
read on its own clock still names its day, a report dated by publication says "by" its last
day, and days that a clock change shortens or lengthens keep their names.
"""

from __future__ import annotations

import pandas as pd
import pytest

from pipeline import merge


def dated(start: str | None, end: str, granularity: str = "day", basis: str = "expression") -> dict:
    """A report's date fields, its instants given in UTC."""
    return {
        "start": pd.Timestamp(start, tz="UTC") if start else None,
        "end": pd.Timestamp(end, tz="UTC"),
        "granularity": granularity,
        "date_basis": basis,
    }


@pytest.mark.parametrize(
    ("report", "zone", "label"),
    [
        pytest.param(
            dated("2018-07-05 22:00", "2018-07-06 22:00"),
            "Africa/Cairo",
            "Friday 6 Jul",
            id="a-day-on-its-own-clock",
        ),
        pytest.param(
            dated("2018-07-05 22:00", "2018-07-06 22:00"),
            "America/New_York",
            "Friday 6 Jul",
            id="a-cairo-day-on-new-york-clock-names-its-day",
        ),
        pytest.param(
            dated("2018-07-06 00:00", "2018-07-07 00:00"),
            "Pacific/Auckland",
            "Friday 6 Jul",
            id="a-utc-day-twelve-hours-ahead-stays-on-its-day",
        ),
        pytest.param(
            dated("2019-03-10 05:00", "2019-03-11 04:00"),
            "America/Havana",
            "Sunday 10 Mar",
            id="the-day-havana-loses-its-midnight-hour",
        ),
        pytest.param(
            dated("2019-11-03 04:00", "2019-11-04 05:00"),
            "America/Havana",
            "Sunday 3 Nov",
            id="the-day-havana-repeats-its-midnight-hour",
        ),
        pytest.param(
            dated(None, "2019-11-04 05:00", basis="publication"),
            "America/Havana",
            "by 3 Nov 2019",
            id="by-publication-ending-after-a-repeated-hour",
        ),
        pytest.param(
            dated("2019-03-10 06:30", "2019-03-10 06:31", granularity="time"),
            "America/Havana",
            "Sunday 10 Mar 02:30",
            id="a-clock-time-after-the-clocks-go-forward",
        ),
        pytest.param(
            dated("2018-07-01 22:00", "2018-07-08 22:00", granularity="week"),
            "Africa/Cairo",
            "2 Jul-8 Jul 2018",
            id="a-week",
        ),
        pytest.param(
            dated("2018-06-30 22:00", "2018-07-31 22:00", granularity="month"),
            "Africa/Cairo",
            "Jul 2018",
            id="a-month",
        ),
        pytest.param(
            dated("2018-07-06 00:00", "2018-07-06 00:00", basis="publication") | {"end": None},
            "UTC",
            "undated",
            id="no-end-is-undated",
        ),
    ],
)
def test_a_report_date_reads_on_the_row_clock(report, zone, label):
    assert merge.date_label(report, zone) == label


def test_a_table_of_many_clocks_labels_each_row_on_its_own():
    """One day, labelled on each of more clocks than zoneinfo keeps at once: each row reads it
    on its own clock, whichever rows came before it. The day is 6 July on the Bangkok clock
    (UTC+7); its middle, 05:00 UTC, is still the evening of the 5th on clocks more than twelve
    hours behind Bangkok's."""
    day = dated("2018-07-05 17:00", "2018-07-06 17:00")
    labels = {
        "Pacific/Pago_Pago": "Thursday 5 Jul",
        "America/Los_Angeles": "Thursday 5 Jul",
        "America/New_York": "Friday 6 Jul",
        "Europe/London": "Friday 6 Jul",
        "Africa/Cairo": "Friday 6 Jul",
        "Asia/Bangkok": "Friday 6 Jul",
        "Asia/Tokyo": "Friday 6 Jul",
        "Australia/Sydney": "Friday 6 Jul",
        "Pacific/Auckland": "Friday 6 Jul",
        "Pacific/Kiritimati": "Friday 6 Jul",
    }
    for zone, label in [*labels.items(), *labels.items()]:
        assert merge.date_label(day, zone) == label, zone
