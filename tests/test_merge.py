"""One row per happening across articles: every source listed, date disagreements shown."""

from __future__ import annotations

import itertools
import zlib

import pandas as pd
import pytest
from conftest import SAMPLE_ARTICLES, SHARED

from pipeline import merge, schema

TIMEBANK = SHARED / "data" / "tempeval3" / "train" / "timebank"
PUBLISHED = {"a1": "2025-10-06", "a2": "2025-10-06", "a3": "2025-10-08"}


def report(
    article: str,
    action: str,
    actors: list[str],
    day: str | None,
    *,
    venue: str | None = None,
    at: int = 0,
    basis: str = "expression",
    granularity: str = "day",
    modality: str = "happened",
    confidence: float = 0.9,
) -> dict:
    """One article's row as the build writes it, dated to a whole Cairo day (UTC+3); dated
    by publication, an open interval ending with that day."""
    start = pd.Timestamp(day, tz="Africa/Cairo") if day else None
    end = start + pd.Timedelta(days=1) if start is not None else None
    if basis == "publication":
        start = None
    return {
        "event_id": f"{article}-{at}-{action.split()[0]}",
        "article_id": article,
        "title": f"Title of {article}",
        "outlet": f"Outlet {article}",
        "url": f"https://example.org/{article}",
        "sentence": f"{', '.join(actors) or 'Officials'} {action} on {day}.",
        "char_start": at,
        "char_end": at + 40,
        "action": action,
        "actors": actors,
        "participants": [{"name": a, "role": "agent", "kind": "person"} for a in actors],
        "venue": venue,
        "start": start,
        "end": end,
        "timezone": "Africa/Cairo",
        "granularity": granularity if day else "unknown",
        "modality": modality,
        "date_basis": basis,
        "expression": None if basis == "publication" else "Wednesday",
        "timex_value": None,
        "event_type": "other",
        "event_class": "happening",
        "position": "body",
        "reported_event": None,
        "explanation": "test",
        "confidence": confidence,
        "sources": [article],
        "conflict": False,
    }


def merged(*rows: dict) -> pd.DataFrame:
    return merge.merge_events(schema.conform(list(rows)))


def test_two_articles_reporting_the_same_arrival_on_the_same_day_are_one_event():
    table = merged(
        report("a1", "arrive in Cairo", ["Ron Dermer"], "2025-10-05", venue="Cairo"),
        report("a2", "arrive in Egypt", ["Ron Dermer", "Israel"], "2025-10-05"),
    )
    assert len(table) == 1
    row = table.iloc[0]
    assert row["sources"] == ["a1", "a2"]
    assert [r["article_id"] for r in row["reports"]] == ["a1", "a2"]
    assert not row["conflict"]
    assert set(row["actors"]) == {"Ron Dermer", "Israel"} and row["venue"] == "Cairo"


def test_the_same_departure_days_apart_is_one_event_with_both_dates_and_a_conflict():
    garbled = report(
        "a1",
        "depart for Cairo",
        ["Ron Dermer"],
        "2025-10-01",
        venue="Cairo",
        granularity="part-of-day",
    )
    other = report("a2", "depart for Cairo", ["Ron Dermer"], "2025-10-05", venue="Cairo")
    row = merged(garbled, other).iloc[0]
    assert row["conflict"]
    assert sorted(r["start"] for r in row["reports"]) == [
        garbled["start"].tz_convert("UTC"),
        other["start"].tz_convert("UTC"),
    ]
    # the row shows the finer date, and its id is that report's row's
    assert row["start"] == garbled["start"] and row["event_id"] == garbled["event_id"]
    assert row["sources"] == ["a1", "a2"]


@pytest.mark.parametrize(
    "other_day",
    [
        pytest.param("2025-10-03", id="before-publication-agrees"),
        pytest.param("2025-10-06", id="on-publication-day-agrees"),
    ],
)
def test_a_report_dated_by_publication_says_by_then(other_day):
    by_then = report(
        "a1",
        "arrive in Egypt",
        ["Khalil al-Hayya"],
        "2025-10-06",
        basis="publication",
        confidence=0.5,
    )
    dated = report("a2", "arrive in Egypt", ["Khalil al-Hayya"], other_day)
    table = merged(by_then, dated)
    assert len(table) == 1
    assert not table.iloc[0]["conflict"]
    assert table.iloc[0]["sources"] == ["a2", "a1"], (
        "a date from an expression is shown before a publication date"
    )


def test_an_article_cannot_report_what_happened_after_its_publication():
    """Published on the 6th with no date of its own, a report of an arrival is not the
    arrival another outlet dates the 8th: an earlier one, or one of the two is misdated. A
    conflict is between outlets that give dates, and this one gave none."""
    by_then = report(
        "a1", "arrive in Egypt", ["Khalil al-Hayya"], "2025-10-06", basis="publication"
    )
    dated = report("a2", "arrive in Egypt", ["Khalil al-Hayya"], "2025-10-08")
    table = merged(by_then, dated)
    assert sorted(map(tuple, table["sources"])) == [("a1",), ("a2",)]
    assert not table["conflict"].any()


def test_a_plan_and_its_report_on_the_same_day_are_one_event():
    table = merged(
        report(
            "a1",
            "join talks",
            ["Steve Witkoff", "Jared Kushner"],
            "2025-10-08",
            modality="scheduled",
        ),
        report("a3", "attend talks", ["Steve Witkoff"], "2025-10-08", basis="publication"),
    )
    assert len(table) == 1 and not table.iloc[0]["conflict"]


@pytest.mark.parametrize(
    ("first", "second"),
    [
        pytest.param(
            report("a1", "arrive in Egypt", ["Ron Dermer"], "2025-10-05"),
            report("a2", "arrive in Egypt", ["Khalil al-Hayya", "Hamas"], "2025-10-05"),
            id="different-actors",
        ),
        pytest.param(
            report("a1", "arrive in Cairo", ["Ron Dermer"], "2025-10-05"),
            report("a2", "depart for Cairo", ["Ron Dermer"], "2025-10-05"),
            id="arriving-is-not-departing",
        ),
        pytest.param(
            report("a1", "depart for Cairo", ["Ron Dermer"], "2025-10-05"),
            report("a2", "join talks", ["Ron Dermer"], "2025-10-08"),
            id="departing-is-not-joining",
        ),
        pytest.param(
            report("a1", "arrive in Egypt", ["Hamas"], "2025-10-05", at=0),
            report("a1", "arrive in Egypt", ["Hamas"], "2025-10-05", at=300),
            id="same-article",
        ),
        pytest.param(
            report("a1", "meet in Cairo", ["Hamas"], "2025-09-01"),
            report("a2", "meet in Cairo", ["Hamas"], "2025-10-05"),
            id="a-month-apart-is-another-meeting",
        ),
        pytest.param(
            report("a1", "meet", ["Hamas"], "2025-10-05", venue="Cairo"),
            report("a2", "meet", ["Hamas"], "2025-10-05", venue="Doha"),
            id="different-venues",
        ),
        pytest.param(
            report(
                "a1",
                "join talks",
                ["Ron Dermer", "Hamas", "Benjamin Netanyahu", "Israel"],
                "2025-10-08",
            ),
            report(
                "a2",
                "join talks",
                ["Steve Witkoff", "Jared Kushner", "Hamas", "Donald Trump"],
                "2025-10-08",
            ),
            id="one-common-name-among-many",
        ),
        pytest.param(
            report("a1", "begin", [], "2025-10-05", venue="Cairo"),
            report("a2", "begin", ["Hamas"], "2025-10-05", venue="Cairo"),
            id="actors-on-one-side-only",
        ),
        pytest.param(
            report("a1", "take place", [], "2025-10-05"),
            report("a2", "take place", [], "2025-10-05"),
            id="no-actor-and-no-venue",
        ),
        pytest.param(
            report("a1", "want guarantees", ["Hamas"], "2025-10-05"),
            report("a2", "want guarantees", ["Hamas"], "2025-10-05"),
            id="light-verb",
        ),
        pytest.param(
            report("a1", "join talks", ["Ron Dermer"], "2025-10-08", modality="scheduled"),
            report("a2", "join talks", ["Ron Dermer"], "2025-10-01"),
            id="plan-and-past-on-other-days",
        ),
        pytest.param(
            report(
                "a1",
                "build company",
                ["Steve Jobs"],
                "2005-06-06",
                basis="publication",
                modality="scheduled",
            ),
            report("a2", "build company", ["Steve Jobs"], "2011-10-06", basis="publication"),
            id="plan-and-past-years-apart-both-by-publication",
        ),
        pytest.param(
            report("a1", "explain", ["Apple"], "2007-01-12"),
            report("a2", "explain decision", ["Apple"], "2007-01-12"),
            id="statements",
        ),
        pytest.param(
            report("a1", "arrive in Egypt", ["Ron Dermer"], None),
            report("a2", "arrive in Egypt", ["Ron Dermer"], "2025-10-05"),
            id="undated",
        ),
    ],
)
def test_different_happenings_are_kept_apart(first, second):
    table = merged(first, second)
    assert len(table) == 2
    assert all(len(s) == 1 for s in table["sources"]) and not table["conflict"].any()


def test_actorless_reports_of_one_place_on_one_day_merge():
    table = merged(
        report("a1", "converge on Sharm El-Sheikh", [], "2025-10-08", venue="Sharm El-Sheikh"),
        report("a3", "converge on resort town", [], "2025-10-08", venue="Sharm El-Sheikh"),
    )
    assert table["sources"].tolist() == [["a1", "a3"]]


def test_a_report_joins_the_partner_sharing_most_participants():
    """Two joinings in one article: the other article's report goes with the same people."""
    witkoff = report(
        "a2", "join talks", ["Steve Witkoff", "Jared Kushner", "Hamas"], "2025-10-08", at=10
    )
    dermer = report("a2", "join talks", ["Ron Dermer", "Hamas"], "2025-10-08", at=500)
    elsewhere = report(
        "a3",
        "join talks",
        ["Jared Kushner", "Steve Witkoff", "Hamas"],
        "2025-10-08",
        basis="publication",
    )
    table = merged(dermer, elsewhere, witkoff)
    by_sources = {tuple(s): set(a) for s, a in zip(table["sources"], table["actors"], strict=True)}
    assert by_sources == {
        ("a2", "a3"): {"Steve Witkoff", "Jared Kushner", "Hamas"},
        ("a2",): {"Ron Dermer", "Hamas"},
    }


def corpus() -> list[dict]:
    """Reports that merge in several ways at once, for the properties below."""
    return [
        report(
            "a1",
            "depart for Cairo",
            ["Ron Dermer"],
            "2025-10-01",
            venue="Cairo",
            granularity="part-of-day",
        ),
        report("a2", "depart for Cairo", ["Ron Dermer", "Israel"], "2025-10-05", venue="Cairo"),
        report("a3", "depart", ["Ron Dermer"], "2025-10-08", basis="publication", at=5),
        report(
            "a1",
            "arrive in Egypt",
            ["Khalil al-Hayya", "Hamas"],
            "2025-10-06",
            basis="publication",
            at=90,
        ),
        report("a3", "arrive in Egypt", ["Hamas"], "2025-10-06", at=60),
        report("a2", "land in Egypt", ["Khalil al-Hayya"], "2025-10-06", at=70),
        report(
            "a1",
            "join talks",
            ["Steve Witkoff", "Jared Kushner"],
            "2025-10-08",
            modality="scheduled",
            at=200,
        ),
        report(
            "a3",
            "join talks",
            ["Steve Witkoff", "Jared Kushner", "White House"],
            "2025-10-08",
            basis="publication",
            at=300,
        ),
        report(
            "a3", "join talks", ["Ron Dermer", "Israel"], "2025-10-08", modality="scheduled", at=400
        ),
        report(
            "a2", "converge on Sharm El-Sheikh", [], "2025-10-08", venue="Sharm El-Sheikh", at=500
        ),
        report("a3", "converge on resort town", [], "2025-10-08", venue="Sharm El-Sheikh", at=600),
        report("a1", "be optimism", ["Hamas"], "2025-10-06", basis="publication", at=700),
        report("a2", "be optimism", ["Hamas"], "2025-10-06", basis="publication", at=710),
    ]


def _comparable(table: pd.DataFrame) -> list:
    return sorted(
        (
            row["event_id"],
            tuple(row["sources"]),
            tuple(sorted(row["actors"])),
            bool(row["conflict"]),
            str(row["reports"]),
        )
        for _, row in table.iterrows()
    )


def test_the_corpus_merges_into_the_expected_events():
    table = merged(*corpus())
    groups = sorted(tuple(sorted(s)) for s in table["sources"])
    assert groups == sorted(
        [
            ("a1", "a2", "a3"),  # Dermer's departure, three dates: a1's garbled one disagrees
            ("a1", "a2", "a3"),  # al-Hayya's arrival, 'arrive' and 'land' reported by three outlets
            ("a1", "a3"),  # Witkoff and Kushner join
            ("a3",),  # Dermer joins: another happening than his departure
            ("a2", "a3"),  # converging on Sharm El-Sheikh
            ("a1",),
            ("a2",),  # a state, not a happening: never merged
        ]
    )
    departure = table[table["action"].str.startswith("depart")].iloc[0]
    assert departure["conflict"] and departure["sources"][0] == "a1"
    arrival = table[table["action"].str.startswith(("arrive", "land"))].iloc[0]
    assert not arrival["conflict"] and arrival["sources"][-1] == "a1", (
        "the publication-dated report comes last"
    )


@pytest.mark.parametrize("seed", range(6))
def test_merging_does_not_depend_on_row_order(seed):
    rows = corpus()
    shuffled = pd.DataFrame(rows).sample(frac=1, random_state=seed).to_dict("records")
    assert merged(*shuffled).equals(merged(*rows))


def test_merging_a_merged_table_changes_nothing():
    once = merged(*corpus())
    twice = merge.merge_events(once)
    assert twice.equals(once)


def test_every_pair_that_merges_shares_a_candidate_key():
    rows = corpus()
    frame = schema.conform(rows)
    keys = merge.candidate_key(frame)
    assert keys.map(hash).notna().all()
    for i, j in itertools.combinations(range(len(rows)), 2):
        if len(merged(rows[i], rows[j])) == 1:
            assert keys.iloc[i] == keys.iloc[j], (
                f"{rows[i]['action']} and {rows[j]['action']} merge but are keyed apart"
            )


@pytest.mark.parametrize("partitions", [1, 2, 3, 5])
def test_merging_partitions_shuffled_on_the_key_gives_the_same_table(partitions):
    """What a distributed build does: rows sent to partitions by key, merge_group on each."""
    frame = schema.conform(corpus())
    keys = merge.candidate_key(frame)
    bucket = keys.map(lambda k: zlib.crc32(k.encode()) % partitions)
    pieces = [
        merge.merge_group(frame[bucket == b]) for b in range(partitions) if (bucket == b).any()
    ]
    assert _comparable(pd.concat(pieces, ignore_index=True)) == _comparable(
        merge.merge_events(frame)
    )


def test_unmerged_rows_carry_their_own_report():
    row = report("a1", "arrive in Egypt", ["Hamas"], "2025-10-05", venue="Egypt")
    table = merged(row)
    [own] = table.iloc[0]["reports"]
    assert tuple(own) == schema.REPORT_KEYS
    assert (
        own["article_id"] == "a1"
        and own["sentence"] == row["sentence"]
        and own["start"] == row["start"]
    )
    assert str(own["start"].tz) == "UTC"


def test_an_empty_table_merges_to_an_empty_table():
    table = merge.merge_events(schema.empty_events())
    assert table.empty and list(table.columns) == list(schema.COLUMN_NAMES)


# The five sample articles -----------------------------------------------------------------


def _row_with(events: pd.DataFrame, article_prefix: str, verb: str, actor: str) -> pd.Series:
    found = [
        row
        for _, row in events.iterrows()
        if any(s.startswith(article_prefix) for s in row["sources"])
        and merge.verb_class(row["action"]) == verb
        and actor in row["actors"]
    ]
    assert len(found) == 1, (
        f"expected one '{verb}' event with {actor} from {article_prefix}, found {len(found)}"
    )
    return found[0]


def test_sample_witkoff_and_kushner_joining_is_one_event_from_two_outlets(sample_build):
    """003 says they 'are set to join' the talks on Wednesday; 004, published that Wednesday,
    says they 'joined': one happening, two sources, dates that agree."""
    events = sample_build.events
    row = _row_with(events, "003", "join", "Steve Witkoff")
    assert [s[:3] for s in row["sources"]] == ["003", "004"]
    assert {"Steve Witkoff", "Jared Kushner"} <= set(row["actors"])
    assert not row["conflict"]
    assert row["event_id"] == _row_with(events, "004", "join", "Jared Kushner")["event_id"]


def test_sample_dermer_departure_arrival_and_joining_stay_three_events(sample_build):
    """001 has Dermer's delegation depart for Cairo 'late Wednesday' (read as 1 October), 000
    has it arrive in the resort town (dated only by October), 004 has him set to join the
    talks on Wednesday 8 October. Leaving, arriving and joining are three happenings on
    different days; merging them would report a conflict that is not one. The garbled
    departure date cannot be flagged from these articles: no other one reports the departure."""
    events = sample_build.events
    rows = [
        _row_with(events, "001", "depart", "Ron Dermer"),
        _row_with(events, "000", "arrive", "Ron Dermer"),
        _row_with(events, "004", "join", "Ron Dermer"),
    ]
    assert len({r["event_id"] for r in rows}) == 3
    assert all(len(r["sources"]) == 1 and not r["conflict"] for r in rows)


def test_sample_merge_loses_no_report(sample_build):
    events = sample_build.events
    held = sum(len(s) for s in events["sources"]) + sum(len(f) for f in events["folded"])
    assert held == sample_build.processed["events"].sum()
    assert all(len(set(s)) == len(s) for s in events["sources"]), (
        "an article reports each merged event once"
    )
    assert (events["sources"].map(len) > 1).any()


def test_the_merge_plan_names_the_row_each_report_went_into():
    frame = schema.conform(corpus())
    plan = merge.merge_plan(frame)
    table = merge.merge_events(frame)
    assert set(plan) == set(frame["event_id"]) and set(plan.values()) == set(table["event_id"])
    sizes = pd.Series(list(plan.values())).value_counts()
    assert sizes.to_dict() == dict(zip(table["event_id"], table["sources"].map(len), strict=True))


def _stage_rows(sources, model) -> pd.DataFrame:
    """The rows the merge receives from a build of `sources`: read, named and placed."""
    from pipeline import actors, articles, build, jobs
    from pipeline.corpus import names, stage

    frame, _ = articles.read_articles(sources)
    records = [build.clean_record(r) for r in frame.to_dict("records")]
    aliases = actors.load_aliases()
    results, _, _ = jobs.read_all(records, aliases, model=model)
    rows = [row for result in results for row in result.rows]
    return stage.read_rows(rows, names.gather(results), aliases)


def _sample_rows(model) -> pd.DataFrame:
    return _stage_rows([SAMPLE_ARTICLES], model)


def _timebank_rows(model) -> pd.DataFrame:
    """TimeBank news of October-November 1989 as the merge benchmark makes its corpus: twin
    copies two days apart, whose reports of one happening merge with a conflict, beside a
    second pair of twins too late to merge with the first."""
    if not TIMEBANK.is_dir():
        pytest.skip(f"{TIMEBANK} is absent: TempEval-3 lives in ../shared beside the checkout")
    from benchmarks import merge_scaling

    rows = merge_scaling.base_rows(TIMEBANK, 12, model)
    per_copy = len({row["article_id"] for row in rows})
    return merge_scaling.copies(rows, per_copy, 4 * per_copy)


@pytest.mark.parametrize("corpus_rows", [_sample_rows, _timebank_rows], ids=["samples", "timebank"])
def test_scoring_only_candidate_pairs_gives_the_rows_of_scoring_every_pair(model, corpus_rows):
    """Merging compares only rows that share a name, a venue or a story within the date
    window, of different articles; that must lose no merge that comparing every pair of the
    window would make."""
    rows = corpus_rows(model)
    blocked = merge.merge_group(rows)
    exhaustive = merge.merge_group(rows, exhaustive=True)
    assert (blocked["sources"].map(len) > 1).any(), "the corpus holds merges to compare"
    pd.testing.assert_frame_equal(
        blocked.sort_values("event_id").reset_index(drop=True),
        exhaustive.sort_values("event_id").reset_index(drop=True),
    )
