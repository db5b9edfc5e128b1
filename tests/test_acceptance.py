"""The sample articles' promised events and names, read from ../shared/acceptance."""

from __future__ import annotations

from datetime import timedelta

import pandas as pd
import pytest
from conftest import needs_acceptance, read_acceptance

from pipeline import actors


def _local(moment: pd.Timestamp, zone: str) -> pd.Timestamp:
    return moment.tz_convert(zone)


def _matches_dates(report: dict, zone: str, expected_start: str, expected_end: str) -> bool:
    """The article's own date for the event, read on the event's clock. An event that
    happened by its article's publication (no date of its own: an open interval) matches a
    row that dates it to the publication day, the one day the article vouches for."""
    if report["start"] is None and report["date_basis"] == "publication" and report["end"]:
        last = (_local(report["end"], zone) - timedelta(microseconds=1)).date().isoformat()
        return (last, last) == (expected_start, expected_end)
    if report["start"] is None:
        return False
    if "T" in expected_start:
        return report["start"] == pd.Timestamp(expected_start)
    first = _local(report["start"], zone).date().isoformat()
    last = (_local(report["end"], zone) - timedelta(microseconds=1)).date().isoformat()
    return (first, last) == (expected_start, expected_end)


def _own_report(event, article: str) -> dict:
    return next(r for r in event.reports if r["article_id"] == article)


def _describe(events: pd.DataFrame, article: str) -> str:
    lines = []
    for e in events.itertuples():
        own = _own_report(e, article)
        when = _local(own["start"], e.timezone).isoformat() if own["start"] is not None else None
        lines.append(
            f"  {e.action!r} actors={list(e.actors)} venue={e.venue} sources={list(e.sources)} "
            f"{own['granularity']} {when} ({own['explanation']})"
        )
    return "\n".join(lines) or "  (no event from that sentence)"


def _event_case(row: dict):
    return pytest.param(row, id=f"{row['article'][:3]}:{row['quote'][:40]}")


@needs_acceptance("seed_events.csv")
@pytest.mark.parametrize("row", [_event_case(r) for r in read_acceptance("seed_events.csv")])
def test_seed_event_is_in_the_table(sample_build, row):
    """Found among the events the article is a source of, merged with other articles' reports
    or not, and dated by that article's own report."""
    events = sample_build.events
    article = row["article"].removesuffix(".txt")
    reported = events[events["sources"].map(lambda sources: article in sources)]
    candidates = reported[
        [row["quote"] in _own_report(e, article)["sentence"] for e in reported.itertuples()]
    ]
    wanted_actors = {a for a in row["actors"].split(";") if a}
    found = [
        e
        for e in candidates.itertuples()
        if wanted_actors <= set(e.actors)
        and (not row["venue"] or e.venue == row["venue"])
        and _matches_dates(_own_report(e, article), e.timezone, row["start"], row["end"])
    ]
    assert found, (
        f"no event with actors {sorted(wanted_actors)}, venue {row['venue'] or '-'}, "
        f"dated {row['start']}..{row['end']} from: {row['quote']}\n{_describe(candidates, article)}"
    )


def _alias_rows():
    return [
        pytest.param(r, id=f"{r['kind']}:{r['canonical']}")
        for r in read_acceptance("seed_aliases.csv")
    ]


@needs_acceptance("seed_aliases.csv")
@pytest.mark.parametrize("row", _alias_rows())
def test_mentions_collapse_into_one_filter_entry(sample_build, row):
    events = sample_build.events
    if row["kind"] == "actor":
        names = {a for actors_ in events["actors"] for a in actors_}
        full = {n for n in names if " " in n}
        surnames = actors.surname_index(full)

        def canonical(m):
            return actors.canonical_actor(m, surnames=surnames, aliases=actors.load_aliases())
    else:
        names = set(events["venue"].dropna())

        def canonical(m):
            return actors.canonical_venue(m, aliases=actors.load_aliases())

    assert row["canonical"] in names, (
        f"{row['canonical']} is not among the {row['kind']} filter entries"
    )
    for mention in row["mentions"].split(";"):
        assert canonical(mention) == row["canonical"], (
            f"{mention!r} does not collapse into {row['canonical']}"
        )
        if mention != row["canonical"]:
            assert mention not in names, (
                f"{mention!r} is a filter entry of its own beside {row['canonical']}"
            )
