"""The story benchmark: its gold still describes its reports, and its scores count what they
say on tiny hand-made rows."""

from __future__ import annotations

from datetime import date

import pandas as pd
import pytest

from benchmarks.story import (
    DEFAULT_ARTICLES,
    Account,
    Disagreement,
    Gold,
    Happening,
    Mention,
    Unit,
    on_day,
    read_gold,
    score_conflicts,
    score_merge,
)
from pipeline import articles

GOLD = read_gold()


@pytest.fixture(scope="module")
def texts() -> dict[str, str]:
    frame, rejected = articles.read_articles([DEFAULT_ARTICLES])
    assert not rejected
    return dict(zip(frame["article_id"], frame["text"], strict=True))


def test_the_story_has_thirty_reports_or_more_from_many_outlets(texts):
    frame, _ = articles.read_articles([DEFAULT_ARTICLES])
    assert len(texts) >= 30
    assert frame["outlet"].nunique() >= 25


@pytest.mark.parametrize(
    ("happening", "mention"),
    [(h.id, m) for h in GOLD.happenings for m in h.mentions],
    ids=lambda value: value if isinstance(value, str) else value.article,
)
def test_a_gold_quote_is_in_its_report(happening, mention, texts):
    assert mention.quote in texts[mention.article], happening


@pytest.mark.parametrize("disagreement", GOLD.disagreements, ids=lambda d: d.what)
def test_a_disagreement_sets_reports_of_its_happening_against_each_other(disagreement):
    happening = next(h for h in GOLD.happenings if h.id == disagreement.happening)
    mentioning = {m.article for m in happening.mentions}
    assert len(disagreement.accounts) >= 2
    assert len({a.says for a in disagreement.accounts}) == len(disagreement.accounts)
    for account in disagreement.accounts:
        assert account.articles <= mentioning


def _happening(name: str, day: date, *articles_: str) -> Happening:
    return Happening(name, "", "", (), "", day, True, tuple(Mention(a, name) for a in articles_))


def _gold() -> Gold:
    died_on = (Account("07-05", frozenset(["a"])), Account("07-06", frozenset(["b"])))
    return Gold(
        "example",
        "Asia/Bangkok",
        (
            _happening("found", date(2018, 7, 2), "a", "b", "c"),
            _happening("died", date(2018, 7, 6), "a", "b"),
        ),
        (Disagreement("died", "the day", died_on),),
    )


def _unit(row: int, article: str, *happenings: str) -> Unit:
    return Unit(row, article, "verb", {}, frozenset(happenings))


@pytest.mark.parametrize(
    ("rows", "precision", "recall"),
    [
        # one row per report: nothing merged, nothing wrong
        ([[_unit(0, "a", "found")], [_unit(1, "b", "found")], [_unit(2, "c", "found")]], None, 0),
        # the three reports of one happening in one row: all three pairs held
        ([[_unit(0, "a", "found"), _unit(0, "b", "found"), _unit(0, "c", "found")]], 1.0, 3 / 4),
        # two happenings in one row: a-b found is right, a found with b died is wrong
        (
            [[_unit(0, "a", "found"), _unit(0, "b", "found"), _unit(0, "b", "died")]],
            1 / 2,
            1 / 4,
        ),
        # an unlinked report in a row counts neither way
        ([[_unit(0, "a", "died"), _unit(0, "b", "died"), _unit(0, "c")]], 1.0, 1 / 4),
    ],
)
def test_merge_pairs_are_counted_between_articles(rows, precision, recall):
    score = score_merge(rows, _gold())
    assert score.gold_pairs == 4  # found: a-b, a-c, b-c; died: a-b
    if precision is None:
        assert score.predicted == 0
    else:
        assert score.precision == pytest.approx(precision)
    assert score.recall == pytest.approx(recall)


@pytest.mark.parametrize(
    ("groups", "flagged", "false"),
    [
        ([([_unit(0, "a", "died"), _unit(0, "b", "died")], True)], 1, ()),
        ([([_unit(0, "a", "died"), _unit(0, "b", "died")], False)], 0, ()),  # merged, not flagged
        ([([_unit(0, "a", "died")], True), ([_unit(1, "b", "died")], True)], 0, (0, 1)),  # apart
        ([([_unit(0, "a", "found"), _unit(0, "b", "found")], True)], 0, (0,)),  # no disagreement
    ],
)
def test_a_disagreement_is_flagged_only_by_a_conflict_holding_both_sides(groups, flagged, false):
    """Each false flag is counted and named by its row, so the run can print what it held."""
    score = score_conflicts(groups, _gold())
    assert (len(score.flagged), score.false, score.false_groups) == (flagged, len(false), false)


def _report(start: str, end: str, granularity: str) -> dict:
    return {"start": pd.Timestamp(start), "end": pd.Timestamp(end), "granularity": granularity}


@pytest.mark.parametrize(
    ("report", "right"),
    [
        (_report("2018-07-09T17:00Z", "2018-07-10T17:00Z", "day"), True),  # a Bangkok day
        (_report("2018-07-10T00:00Z", "2018-07-11T00:00Z", "day"), True),  # a UTC day
        (_report("2018-07-09T22:00Z", "2018-07-10T04:00Z", "part-of-day"), True),  # late Monday ET
        (_report("2018-07-08T17:00Z", "2018-07-09T17:00Z", "day"), False),  # the day before
        (_report("2018-06-30T17:00Z", "2018-07-31T17:00Z", "month"), False),  # too coarse
        ({"start": None, "end": None, "granularity": "unknown"}, False),
    ],
)
def test_a_report_is_on_the_day_when_the_middle_of_its_period_is(report, right):
    assert on_day(report, date(2018, 7, 10), "Asia/Bangkok") is right
