"""Venues as places: the gazetteer gives a venue its country, coordinates and clock, "local time"
is the venue's clock, and the table does not depend on the interpreter's hash seed."""

from __future__ import annotations

import os
import subprocess
import sys

import pandas as pd
import pytest
from conftest import ROOT

from pipeline import table
from pipeline.corpus import places


@pytest.mark.parametrize(
    "name, canonical, country, zone, has_point",
    [
        ("Tel Aviv", "Tel Aviv", "Israel", "Asia/Jerusalem", True),
        ("Cairo", "Cairo", "Egypt", "Africa/Cairo", True),
        ("Sharm El-Sheikh", "Sharm el-Sheikh", "Egypt", "Africa/Cairo", True),
        (
            "Washington",
            "Washington",
            "United States",
            "America/New_York",
            True,
        ),  # not the English town
        ("New York", "New York City", "United States", "America/New_York", True),
        ("the Gaza Strip", "Gaza Strip", "Palestine", "Asia/Gaza", True),
        ("Egypt", "Egypt", "Egypt", "Africa/Cairo", False),
        ("United States", "United States", "United States", None, False),  # several clocks
        ("Israel", "Israel", "Israel", "Asia/Jerusalem", False),  # the country, not a town
    ],
)
def test_a_venue_is_a_place_with_a_country_and_a_clock(name, canonical, country, zone, has_point):
    place = places.lookup(name)
    assert (place.name, place.country, place.timezone) == (canonical, country, zone)
    assert (place.lat is not None and place.lon is not None) == has_point


@pytest.mark.parametrize("name", ["Ruritania", "", None, "Dow Jones"])
def test_a_name_the_gazetteer_does_not_know_is_no_place(name):
    assert places.lookup(name) is None


def _local_row(venue: str | None) -> dict:
    """A 7 p.m. 'local time' the date engine read on the article's place's clock (London)."""
    start = pd.Timestamp("2025-10-06 19:00", tz="Europe/London").tz_convert("UTC")
    return {
        "venue": venue,
        "date_basis": "expression",
        "timezone": "Europe/London",
        "start": start,
        "end": start + pd.Timedelta(minutes=1),
        "explanation": "'7 p.m. local time on Monday' → Mon 6 Oct 2025 19:00; "
        "local time in London (Europe/London)",
    }


@pytest.mark.parametrize(
    "venue, zone, utc",
    [
        ("New York", "America/New_York", "2025-10-06 23:00"),  # 7 p.m. EDT
        ("Tel Aviv", "Asia/Jerusalem", "2025-10-06 16:00"),  # 7 p.m. IDT
        ("London", "Europe/London", "2025-10-06 18:00"),  # already the venue's clock
        (None, "Europe/London", "2025-10-06 18:00"),  # no venue: the article's place stands
        ("United States", "Europe/London", "2025-10-06 18:00"),  # no one clock to read it on
    ],
)
def test_local_time_is_the_venues_clock(venue, zone, utc):
    row = places.with_venue(_local_row(venue))
    assert row["timezone"] == zone
    assert row["start"] == pd.Timestamp(utc, tz="UTC")
    if zone != "Europe/London":
        assert (
            f"local time at the venue, {places.lookup(venue).name} ({zone})" in row["explanation"]
        )


def test_a_date_not_in_local_time_keeps_its_clock():
    row = _local_row("New York") | {"explanation": "'7 p.m. on Monday' → Mon 6 Oct 2025 19:00"}
    placed = places.with_venue(dict(row))
    assert placed["start"] == row["start"] and placed["timezone"] == "Europe/London"
    assert placed["venue_timezone"] == "America/New_York"


# Istanbul's clock has two names on every machine (Europe/Istanbul, Asia/Istanbul), and
# "Washington" names towns on two continents: the choice between them must be fixed.
ARTICLE = (
    "---\nid: {id}\ntitle: Talks in Istanbul\noutlet: Wire\npublished: 2025-10-06\n---\n"
    "Negotiators met in Istanbul on Monday. Traders met in Washington on Tuesday. "
    "Ministers arrived in Tel Aviv at 7 p.m. local time on Wednesday.\n"
)


def test_the_table_is_the_same_whatever_the_hash_seed(tmp_path):
    """Sets and dicts of strings iterate in a per-process order: nothing may depend on it."""
    folder = tmp_path / "in"
    folder.mkdir()
    for n in range(2):
        (folder / f"a{n}.md").write_text(ARTICLE.format(id=f"a{n}"), encoding="utf-8")
    tables = []
    for seed in ("1", "2"):
        out = tmp_path / f"events-{seed}.parquet"
        env = {**os.environ, "PYTHONHASHSEED": seed}
        subprocess.run(
            [sys.executable, "-m", "pipeline", "build", str(folder), "-o", str(out), "--no-cache"],
            cwd=ROOT,
            env=env,
            check=True,
            capture_output=True,
        )
        tables.append(table.load_events(out))
    pd.testing.assert_frame_equal(tables[0], tables[1])
    events = tables[0]

    def at(venue: str) -> pd.Series:
        return events[events["venue"] == venue].iloc[0]

    assert at("Istanbul")["timezone"] == "Europe/Istanbul"
    assert at("Washington")["venue_timezone"] == "America/New_York"
    arrival = at("Tel Aviv")
    assert arrival["timezone"] == "Asia/Jerusalem"  # the venue's local time, not Istanbul's
    assert arrival["start"] == pd.Timestamp(
        "2025-10-01 16:00", tz="UTC"
    )  # past tense: last Wednesday
