"""Promises of the filters: what a reader picks is what the table narrows to."""

from __future__ import annotations

from datetime import date

import pandas as pd
import pytest
from sample_events import sample_events, sample_rows

from dashboard.filters import (
    article_choices,
    article_count,
    filter_events,
    in_date_order,
    local_span,
    options,
    selected_event_ids,
)
from dashboard.prepare import prepare
from pipeline.schema import conform
from pipeline.view_columns import date_text, date_texts, headline, headlines


@pytest.fixture(scope="module")
def events() -> pd.DataFrame:
    return sample_events()


def ids(frame: pd.DataFrame) -> set[str]:
    return set(frame["event_id"])


@pytest.mark.parametrize(
    ("actors", "venues", "expected"),
    [
        ((), (), None),  # nothing chosen: everything stays
        (("Steve Witkoff",), (), {"ev-witkoff-kushner-cairo", "ev-witkoff-sharm"}),
        (("Jared Kushner",), (), {"ev-witkoff-kushner-cairo"}),  # a second actor counts too
        (("Ron Dermer", "Hamas"), (), {"ev-dermer-departs", "ev-hamas-response"}),  # any of them
        ((), ("Cairo",), {"ev-witkoff-kushner-cairo", "ev-dermer-departs"}),
        (
            (),
            ("Cairo", "Hostage Square"),
            {"ev-witkoff-kushner-cairo", "ev-dermer-departs", "ev-hostage-square"},
        ),
        (("Steve Witkoff",), ("Cairo",), {"ev-witkoff-kushner-cairo"}),  # actor and venue both hold
        (("Ron Dermer",), ("Sharm El-Sheikh",), set()),
        (("Nobody at all",), (), set()),
    ],
)
def test_filter_keeps_exactly_the_matching_events(events, actors, venues, expected):
    narrowed = filter_events(events, actors=actors, venues=venues)
    assert ids(narrowed) == (ids(events) if expected is None else expected)


def test_an_event_without_venue_never_matches_a_venue_filter(events):
    assert "ev-hamas-response" not in ids(filter_events(events, venues=["Cairo", "Gaza", "Egypt"]))


def test_filtering_keeps_the_schema_so_views_downstream_still_work(events):
    narrowed = filter_events(events, actors=["Steve Witkoff"])
    assert list(narrowed.columns) == list(events.columns)
    assert narrowed.dtypes.equals(events.dtypes)


@pytest.mark.parametrize(
    ("column", "expected_head"),
    [
        ("actors", [("Steve Witkoff", 2), ("Donald Trump", 1), ("Egypt", 1)]),
        ("venue", [("Cairo", 2), ("Gaza", 2), ("Egypt", 1)]),
    ],
)
def test_options_are_counted_and_ordered_by_count_then_name(events, column, expected_head):
    listed = options(events, column)
    assert listed[: len(expected_head)] == expected_head
    assert [count for _, count in listed] == sorted((count for _, count in listed), reverse=True)


def test_options_skip_missing_venues_and_count_an_actor_once_per_event():
    rows = sample_rows()[:2]
    rows[0]["actors"] = ["Steve Witkoff", "Steve Witkoff"]
    rows[1]["venue"] = None
    table = conform(rows)
    assert options(table, "actors") == [("Ron Dermer", 1), ("Steve Witkoff", 1)]
    assert options(table, "venue") == [("Cairo", 1)]


@pytest.mark.parametrize(
    ("event_id", "local_start", "shown_as"),
    [
        # Stored as 21:00 UTC the evening before; the reader expects the Cairo day.
        ("ev-witkoff-kushner-cairo", "2025-10-08 00:00", "Wed 8 Oct 2025"),
        ("ev-witkoff-sharm", "2025-10-08 14:00", "Wed 8 Oct 2025, 14:00"),
        ("ev-dermer-departs", "2025-10-07 18:00", "Tue 7 Oct 2025, 18:00–22:00"),
        ("ev-hostage-square", "2025-08-02 00:00", "Sat 2 Aug 2025"),
        ("ev-trump-plan", "2025-09-01 00:00", "September 2025"),
        ("ev-hamas-response", "2025-10-06 00:00", "Mon 6 Oct – Sun 12 Oct 2025"),
        ("ev-1967-war", "1967-01-01 00:00", "1967"),
    ],
)
def test_dates_read_back_on_the_articles_wall_clock(events, event_id, local_start, shown_as):
    row = events[events["event_id"] == event_id].iloc[0]
    span = local_span(events).loc[row.name]
    assert span["local_start"] == pd.Timestamp(local_start)
    assert date_text(row, span["local_start"], span["local_end"]) == shown_as


DATE_TEXTS = [
    ("time", "2025-10-08 14:05", "2025-10-08 14:06", "Wed 8 Oct 2025, 14:05"),
    ("part-of-day", "2025-10-07 18:00", "2025-10-07 22:00", "Tue 7 Oct 2025, 18:00–22:00"),
    ("part-of-day", "2025-10-07 18:00", None, "Tue 7 Oct 2025"),
    ("day", "2025-10-08 00:00", "2025-10-09 00:00", "Wed 8 Oct 2025"),
    ("week", "2025-10-06 00:00", "2025-10-13 00:00", "Mon 6 Oct – Sun 12 Oct 2025"),
    ("week", "2025-12-29 00:00", "2026-01-05 00:00", "Mon 29 Dec 2025 – Sun 4 Jan 2026"),
    ("month", "2025-09-01 00:00", "2025-10-01 00:00", "September 2025"),
    ("month", "2025-09-15 00:00", "2025-10-15 00:00", "Mon 15 Sep – Tue 14 Oct 2025"),
    ("year", "1967-01-01 00:00", "1968-01-01 00:00", "1967"),
    ("year", "1967-01-01 00:00", None, "Sun 1 Jan 1967"),
    ("unknown", "2025-10-08 09:00", None, "Wed 8 Oct 2025"),
    ("unknown", None, None, "undated"),
    ("day", None, "2025-10-07 00:00", "reported by Mon 6 Oct 2025"),
    ("month", None, "2025-11-01 00:00", "reported by October 2025"),
]


def test_a_whole_table_gets_the_same_date_words_as_one_event_at_a_time():
    """The table, the hover text and the cards all say an event's date the same way."""
    kinds, starts, ends, expected = (list(column) for column in zip(*DATE_TEXTS, strict=True))
    local_start = pd.Series(pd.to_datetime(starts), dtype="datetime64[us]")
    local_end = pd.Series(pd.to_datetime(ends), dtype="datetime64[us]")
    one_at_a_time = [
        date_text({"granularity": kind}, start, end)
        for kind, start, end in zip(kinds, local_start, local_end, strict=True)
    ]
    assert one_at_a_time == expected
    assert list(date_texts(pd.Series(kinds), local_start, local_end)) == expected


def test_the_prepared_table_says_each_sample_date_as_its_card_does(events):
    prepared = prepare(events)
    for _, row in prepared.iterrows():
        assert row["when"] == date_text(row, row["local_start"], row["local_end"])


def test_an_undated_event_reads_as_undated_and_sorts_last(events):
    row = events[events["event_id"] == "ev-egypt-host"].iloc[0]
    span = local_span(events).loc[row.name]
    assert date_text(row, span["local_start"], span["local_end"]) == "undated"
    ordered = in_date_order(events)
    assert ordered["event_id"].iloc[-1] == "ev-egypt-host"
    assert ordered["start"].dropna().is_monotonic_increasing


def test_article_count_counts_every_source_once(events):
    assert article_count(events) == 3
    rows = sample_rows()[:1]
    rows[0]["sources"] = ["a1", "a7", "a8"]
    assert article_count(conform(rows)) == 3


@pytest.mark.parametrize(
    ("selection", "expected"),
    [
        (None, []),
        ({"selection": {"points": []}}, []),
        (
            {
                "selection": {
                    "points": [
                        {"customdata": "ev-a"},
                        {"customdata": "ev-b"},
                        {"customdata": "ev-a"},
                    ]
                }
            },
            ["ev-a", "ev-b"],
        ),
        ({"selection": {"points": [{"customdata": None}, {"customdata": ["ev-c"]}]}}, ["ev-c"]),
    ],
)
def test_points_picked_on_the_chart_name_their_events(selection, expected):
    assert selected_event_ids(selection) == expected


@pytest.mark.parametrize(
    ("kwargs", "expected"),
    [
        # Dates are the article's own days: the Cairo Wednesday counts as 8 Oct.
        (
            {"start": date(2025, 10, 8)},
            {
                "ev-witkoff-kushner-cairo",
                "ev-witkoff-sharm",
                "ev-hamas-response",
                "ev-ceasefire-effect",
            },
        ),
        ({"end": date(2025, 8, 31)}, {"ev-hostage-square", "ev-1967-war"}),
        (
            {"start": date(2025, 10, 7), "end": date(2025, 10, 7)},
            {"ev-dermer-departs", "ev-hamas-response"},
        ),
        ({"articles": ["a3"]}, {"ev-hostage-square", "ev-ceasefire-effect", "ev-1967-war"}),
        (
            {"modalities": ["scheduled", "expected"]},
            {"ev-witkoff-kushner-cairo", "ev-hamas-response"},
        ),
        # "hide month-level and vaguer": weeks stay, months, years and undated go.
        (
            {"precision": "week"},
            {
                "ev-witkoff-kushner-cairo",
                "ev-dermer-departs",
                "ev-witkoff-sharm",
                "ev-hostage-square",
                "ev-hamas-response",
                "ev-ceasefire-effect",
            },
        ),
        ({"precision": "time"}, {"ev-witkoff-sharm", "ev-ceasefire-effect"}),
        ({"precision": "any"}, None),
        ({"text": "SHARM"}, {"ev-witkoff-sharm"}),
        (
            {"text": "wednesday witkoff"},
            {"ev-witkoff-kushner-cairo", "ev-witkoff-sharm"},
        ),  # every word, anywhere
        ({"text": "cairo witkoff"}, {"ev-witkoff-kushner-cairo"}),
        ({"text": "Example Wire"}, None),  # the outlet is searched too
        ({"actors": ["Steve Witkoff"], "modalities": ["happened"]}, {"ev-witkoff-sharm"}),
    ],
)
def test_each_filter_keeps_exactly_the_matching_events(events, kwargs, expected):
    narrowed = filter_events(events, **kwargs)
    assert ids(narrowed) == (ids(events) if expected is None else expected)
    assert ids(filter_events(prepare(events), **kwargs)) == ids(
        narrowed
    )  # the page's prepared table agrees


def test_a_source_other_than_the_first_counts_for_the_article_filter():
    rows = sample_rows()[:2]
    rows[1]["sources"] = ["a1", "a9"]
    assert ids(filter_events(conform(rows), articles=["a9"])) == {"ev-dermer-departs"}


def test_an_actor_name_inside_another_does_not_match_in_the_prepared_table():
    rows = sample_rows()[:2]
    rows[0]["actors"] = ["Steve Witkoff Jr"]
    assert ids(filter_events(prepare(conform(rows)), actors=["Steve Witkoff"])) == set()


def test_articles_are_offered_by_outlet_and_title_and_told_apart_when_alike():
    rows = sample_rows()
    rows[1] = rows[1] | {"article_id": "b1", "sources": ["b1"]}
    choices = article_choices(conform(rows))
    title = "Example Wire: Negotiators head to Egypt for Gaza ceasefire talks"
    assert choices[f"{title} [a1]"] == "a1" and choices[f"{title} [b1]"] == "b1"
    assert set(choices.values()) == {"a1", "a2", "a3", "b1"}


HEADLINES = [
    (["Steve Witkoff", "Jared Kushner"], "join talks", "Sharm El-Sheikh",
     "Steve Witkoff, Jared Kushner — join talks — Sharm El-Sheikh"),
    ([], "arrive", "Cairo", "(no actor) — arrive — Cairo"),
    (["Hamas"], "reject plan", None, "Hamas — reject plan"),
    (["Hamas"], "reject plan", "  ", "Hamas — reject plan"),
]  # fmt: skip


def test_a_whole_table_gets_the_same_headlines_as_one_event_at_a_time():
    """The chart's hover text, the table and the cards name an event the same way."""
    frame = pd.DataFrame(
        [{"actors": a, "action": act, "venue": v} for a, act, v, _ in HEADLINES]
    ).astype({"venue": "string[pyarrow]", "action": "string[pyarrow]"})
    expected = [line for *_, line in HEADLINES]
    assert [headline(row) for _, row in frame.iterrows()] == expected
    assert list(headlines(frame)) == expected


def test_an_actor_counts_once_per_event_however_often_the_event_lists_it():
    rows = sample_rows()[:2]
    rows[0]["actors"] = ["Hamas", "Hamas", "Israel"]
    rows[1]["actors"] = ["Hamas"]
    assert options(conform(rows), "actors") == [("Hamas", 2), ("Israel", 1)]
