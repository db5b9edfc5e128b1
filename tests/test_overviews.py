"""Promises of the views beside the timeline: the pulse of events over time, the map of
venues and who appears with whom, all read from the rows in view."""

from __future__ import annotations

from datetime import date

import pandas as pd
import pytest
from sample_events import sample_events, sample_rows

from dashboard.places import picked_venues, unplaced_venues, venue_points
from dashboard.prepare import prepare
from dashboard.pulse import brushed_range, pulse_counts
from dashboard.together import co_occurrence
from pipeline.schema import conform


def test_the_pulse_counts_events_per_local_day():
    events = prepare(sample_events())
    recent = events[events["local_start"] >= pd.Timestamp("2025-10-01")]
    counts = pulse_counts(recent).set_index("period")["events"]
    assert set(pulse_counts(recent)["step"]) == {"day"}
    # Wednesday 8 Oct in Cairo holds the scheduled talks and the 2 p.m. arrival.
    assert counts[pd.Timestamp("2025-10-08")] == 2
    assert counts.sum() == len(recent.dropna(subset=["local_start"]))


def test_a_long_stretch_is_counted_by_week_starting_monday():
    counts = pulse_counts(prepare(sample_events()))  # 1967 to 2025
    assert set(counts["step"]) == {"week"}
    assert all(period.weekday() == 0 for period in counts["period"])


@pytest.mark.parametrize(
    ("selection", "expected"),
    [
        (
            {"selection": {"box": [{"x": ["2025-10-09 10:00", "2025-10-06 03:00"]}]}},
            (date(2025, 10, 6), date(2025, 10, 9)),
        ),
        ({"selection": {"box": [], "points": []}}, None),
        (None, None),
    ],
)
def test_brushing_the_pulse_gives_the_days_brushed(selection, expected):
    assert brushed_range(selection) == expected


def test_who_appears_with_whom_counts_each_pair_once_per_event():
    rows = sample_rows()
    rows.append(rows[0] | {"event_id": "ev-again", "actors": ["Jared Kushner", "Steve Witkoff"]})
    pairs = co_occurrence(conform(rows))
    assert list(pairs.iloc[0]) == ["Jared Kushner", "Steve Witkoff", 2]
    assert len(pairs) == 1  # no other event names two actors


def test_the_map_has_a_dot_per_placed_venue_and_lists_the_rest():
    rows = sample_rows()
    places = {"Cairo": (30.06, 31.25), "Sharm El-Sheikh": (27.92, 34.33)}
    for row in rows:
        lat, lon = places.get(row["venue"], (None, None))
        row.update(venue_lat=lat, venue_lon=lon)
    events = conform(rows)
    points = venue_points(events).set_index("venue")
    assert set(points.index) == set(places)
    assert points.loc["Cairo", "events"] == 2
    assert points.loc["Cairo", "radius"] > points.loc["Sharm El-Sheikh", "radius"]
    assert dict(unplaced_venues(events)) == {
        "Gaza": 2,
        "Hostage Square": 1,
        "Egypt": 1,
        "Washington": 1,
    }


def test_a_dot_picked_on_the_map_names_its_venue():
    selection = {"selection": {"objects": {"venues": [{"venue": "Cairo", "events": 2}]}}}
    assert picked_venues(selection) == ["Cairo"]
    assert picked_venues({"selection": {"objects": {}}}) == []
