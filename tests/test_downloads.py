"""Promises of the downloads: the file holds exactly the events on screen, and a calendar
application reads the .ics as RFC 5545 says (escaped text, folded lines, all-day dates on
the article's own day, clock times in UTC)."""

from __future__ import annotations

import csv
import io
import json
from datetime import UTC, datetime

import pandas as pd
import pytest
from sample_events import sample_events, sample_rows

from dashboard.downloads import escape_text, fold, to_csv, to_ics, to_json
from dashboard.filters import filter_events
from pipeline.schema import conform

NOW = datetime(2025, 10, 11, 9, 30, tzinfo=UTC)


@pytest.fixture(scope="module")
def events() -> pd.DataFrame:
    return sample_events()


def unfolded(ics: bytes) -> list[str]:
    """Content lines as a calendar reads them: CRLF-separated, continuation lines joined."""
    text = ics.decode("utf-8")
    assert "\n" not in text.replace("\r\n", "")  # every line break is CRLF
    return text.replace("\r\n ", "").split("\r\n")[:-1]


def vevents(ics: bytes) -> list[dict[str, str]]:
    found, current = [], None
    for line in unfolded(ics):
        if line == "BEGIN:VEVENT":
            current = {}
        elif line == "END:VEVENT":
            found.append(current)
            current = None
        elif current is not None:
            name, _, value = line.partition(":")
            current[name] = value
    return found


def test_csv_holds_the_filtered_events_one_row_each(events):
    shown = filter_events(events, actors=["Steve Witkoff"])
    rows = list(csv.DictReader(io.StringIO(to_csv(shown).decode("utf-8"))))
    assert sorted(r["event_id"] for r in rows) == sorted(shown["event_id"])
    cairo = next(r for r in rows if r["event_id"] == "ev-witkoff-kushner-cairo")
    assert cairo["actors"] == "Steve Witkoff; Jared Kushner"
    assert pd.Timestamp(cairo["start"]) == pd.Timestamp("2025-10-07T21:00:00Z")


def test_csv_writes_every_list_column_as_names_in_one_cell():
    row = sample_rows()[0] | {"salience_reasons": ["reported by 2 outlets", "a happening"]}
    rows = list(csv.DictReader(io.StringIO(to_csv(conform([row])).decode("utf-8"))))
    assert rows[0]["salience_reasons"] == "reported by 2 outlets; a happening"


def test_json_reads_back_with_lists_and_utc_times(events):
    records = json.loads(to_json(events))
    assert [r["event_id"] for r in records] == list(events["event_id"])
    sharm = next(r for r in records if r["event_id"] == "ev-witkoff-sharm")
    assert sharm["actors"] == ["Steve Witkoff"] and sharm["sources"] == ["a2"]
    assert sharm["start"] == "2025-10-08T11:00:00+00:00"
    undated = next(r for r in records if r["event_id"] == "ev-egypt-host")
    assert undated["start"] is None and undated["venue"] == "Egypt"


def test_a_day_is_an_all_day_entry_on_the_articles_own_day(events):
    # Stored as 21:00 UTC on the 7th; the Cairo day is the 8th.
    entry = next(
        e
        for e in vevents(to_ics(events, now=NOW))
        if e["UID"].startswith("ev-witkoff-kushner-cairo")
    )
    assert entry["DTSTART;VALUE=DATE"] == "20251008"
    assert entry["DTEND;VALUE=DATE"] == "20251009"  # exclusive, as in RFC 5545
    assert entry["STATUS"] == "TENTATIVE"  # scheduled, not yet happened


def test_a_clock_time_is_in_utc(events):
    entry = next(
        e for e in vevents(to_ics(events, now=NOW)) if e["UID"].startswith("ev-witkoff-sharm")
    )
    assert entry["DTSTART"] == "20251008T110000Z" and entry["DTEND"] == "20251008T110100Z"
    assert entry["STATUS"] == "CONFIRMED"


def test_a_month_spans_its_days_and_undated_events_are_left_out(events):
    entries = {e["UID"].split("@")[0]: e for e in vevents(to_ics(events, now=NOW))}
    assert entries["ev-trump-plan"]["DTSTART;VALUE=DATE"] == "20250901"
    assert entries["ev-trump-plan"]["DTEND;VALUE=DATE"] == "20251001"
    assert "ev-egypt-host" not in entries
    assert set(entries) == set(events.loc[events["start"].notna(), "event_id"])


def test_calendar_text_is_escaped_and_long_lines_folded():
    row = sample_rows()[0] | {"action": "sign; agree, then\nleave \\ go", "sentence": "Ω" * 120}
    ics = to_ics(conform([row]), now=NOW)
    for line in ics.decode("utf-8").split("\r\n"):
        assert len(line.encode("utf-8")) <= 75
    entry = vevents(ics)[0]
    assert "sign\\; agree\\, then\\nleave \\\\ go" in entry["SUMMARY"]
    assert "Ω" * 120 in entry["DESCRIPTION"]  # folding never splits a character
    assert entry["DTSTAMP"] == "20251011T093000Z"


@pytest.mark.parametrize(
    ("text", "escaped"),
    [
        ("a,b;c", "a\\,b\\;c"),
        ("back\\slash", "back\\\\slash"),
        ("two\r\nlines\nmore", "two\\nlines\\nmore"),
    ],
)
def test_escape_text(text, escaped):
    assert escape_text(text) == escaped


def test_fold_keeps_short_lines_and_joins_back_to_the_original():
    assert fold("SUMMARY:short") == "SUMMARY:short"
    long = "DESCRIPTION:" + "é" * 100
    folded = fold(long)
    assert all(len(part.encode("utf-8")) <= 75 for part in folded.split("\r\n"))
    assert folded.replace("\r\n ", "") == long


def test_an_unsafe_address_is_not_put_in_the_calendar():
    ics = to_ics(conform([sample_rows()[0] | {"url": "javascript:alert(1)"}]), now=NOW)
    assert "URL:" not in ics.decode("utf-8")
