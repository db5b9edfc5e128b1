"""Promises of what the page says back about a reader's choices: notices for values that match
nothing, why a view is empty, and the order the events are read in."""

from __future__ import annotations

import pytest
from sample_events import sample_events, sample_rows

from dashboard.choices import Choice, bounded, narrowed, newest_first, unmatched, why_empty
from dashboard.listing import chart_summary
from dashboard.prepare import prepare
from pipeline.schema import conform

NAMES = ["Steve Witkoff", "Jared Kushner", "Hamas", "Ron Dermer"]


@pytest.mark.parametrize(
    ("asked", "said"),
    [
        (["Steve Witkoff"], []),
        (["Steve Witkof"], ["No actor called 'Steve Witkof' — did you mean Steve Witkoff?"]),
        (["HAMAS"], ["No actor called 'HAMAS' — did you mean Hamas?"]),
        (["Nobody"], ["No actor called 'Nobody' in this table; it was left out of the view."]),
        (
            ["Ron Dermer", "Jared Kushnr"],
            ["No actor called 'Jared Kushnr' — did you mean Jared Kushner?"],
        ),
    ],
)
def test_a_value_matching_nothing_gets_a_notice_with_the_closest_name(asked, said):
    assert [n.text() for n in unmatched("actor", asked, NAMES)] == said


def test_an_empty_view_names_the_filters_and_what_each_would_give_back():
    events = sample_events()
    reason = why_empty(events, Choice(actors=("Hamas",), venues=("Cairo",)))
    assert reason.filters == ["actors", "venues"]
    assert reason.relief == [("actors", 2), ("venues", 1)]  # the Cairo events; Hamas's one
    assert reason.text().startswith("No event matches every filter set (actor, venue).")


def test_newest_first_puts_a_report_at_its_publication_and_the_undated_last():
    rows = sample_rows()
    rows.append(
        rows[0]
        | {
            "event_id": "ev-by-publication",
            "date_basis": "publication",
            "start": None,
            "end": "2025-10-12T21:00:00Z",
        }
    )
    order = list(newest_first(prepare(conform(rows)))["event_id"])
    assert order[0] == "ev-by-publication"
    assert order[-1] == "ev-egypt-host"
    assert order.index("ev-ceasefire-effect") < order.index("ev-witkoff-sharm")


def test_the_chart_summary_says_what_a_sighted_reader_sees():
    events = prepare(sample_events())
    visible = events[events["event_id"] != "ev-1967-war"]
    summary = chart_summary(visible.dropna(subset=["start"]))
    assert summary.startswith("The timeline shows 7 events from 2 Aug 2025 to 10 Oct 2025.")
    assert "5 dated to a day or a time, 2 to a week, month or vaguer" in summary
    assert "Busiest lanes: Steve Witkoff (2)" in summary


LISTED = [("Steve Witkoff", 5), ("Jared Kushner", 3), ("Hamas", 2), ("Ron Dermer", 1)]


@pytest.mark.parametrize(
    ("chosen", "limit", "offered"),
    [
        ((), 2, ["Steve Witkoff", "Jared Kushner"]),  # the most frequent first
        (("Ron Dermer",), 2, ["Steve Witkoff", "Jared Kushner", "Ron Dermer"]),  # a pick stays
        (("Jared Kushner",), 2, ["Steve Witkoff", "Jared Kushner"]),  # not listed twice
        ((), 10, [name for name, _ in LISTED]),
    ],
)
def test_a_filter_offers_its_most_frequent_names_and_every_chosen_one(chosen, limit, offered):
    assert bounded(LISTED, chosen, limit) == offered


@pytest.mark.parametrize(
    ("choice", "offered"),
    [
        (Choice(), {"a1": 3, "a2": 3, "a3": 4}),  # a3 also reports the Sharm arrival
        (Choice(venues=("Sharm El-Sheikh",)), {"a2": 1, "a3": 1}),
        (Choice(actors=("Hamas",)), {"a2": 1}),
        (Choice(articles=("a1",)), {"a1": 3, "a2": 3, "a3": 4}),  # its own pick leaves all
    ],
)
def test_the_article_list_counts_the_events_the_other_filters_leave(choice, offered):
    rows = [
        row | {"sources": ["a2", "a3"]} if row["event_id"] == "ev-witkoff-sharm" else row
        for row in sample_rows()
    ]
    assert dict(narrowed(conform(rows), choice, "articles")) == offered
