"""Salience orders rows the way an editor would, says why in words, and marks key events."""

from __future__ import annotations

import pytest

from pipeline.corpus import salience


def row(**changes) -> dict:
    """A happening: one outlet, dated by publication, in the body, naming one participant."""
    base = {
        "action": "arrive in Egypt",
        "actors": ["Khalil al-Hayya"],
        "venue": None,
        "date_basis": "publication",
        "granularity": "day",
        "char_start": 2000,
        "reports": [{"article_id": "a", "outlet": "Wire A", "char_start": 2000}],
    }
    return base | changes


def _reports(*outlets: str | None) -> list[dict]:
    return [
        {"article_id": f"a{n}", "outlet": outlet, "char_start": 2000}
        for n, outlet in enumerate(outlets)
    ]


@pytest.mark.parametrize(
    ("more", "less"),
    [
        pytest.param(row(reports=_reports("Wire A", "Wire B", "Wire C")), row(), id="outlets"),
        pytest.param(
            row(reports=_reports("Wire A", "Wire B")),
            row(reports=_reports("Wire A", " wire  a")),
            id="two-outlets-over-one-outlet-twice",
        ),
        pytest.param(row(date_basis="expression"), row(), id="its-own-date"),
        pytest.param(
            row(date_basis="expression"),
            row(date_basis="expression", granularity="month"),
            id="to-the-day-over-a-month",
        ),
        pytest.param(row(position="headline"), row(position="lede"), id="headline-over-lede"),
        pytest.param(row(position="lede"), row(position="body"), id="lede-over-body"),
        pytest.param(row(char_start=0, reports=[]), row(), id="first-sentences-are-the-lede"),
        pytest.param(row(), row(action="remain calm"), id="happening-over-state"),
        pytest.param(row(), row(event_class="commentary"), id="happening-over-commentary"),
        pytest.param(
            row(event_class="reporting"), row(event_class="state"), id="saying-over-state"
        ),
        pytest.param(
            row(event_type="arrive", event_class="happening"),
            row(event_type="other", event_class="happening"),
            id="a-listed-type-over-none",
        ),
        pytest.param(row(actors=["Hamas", "Israel"]), row(), id="two-named-over-one"),
        pytest.param(row(), row(actors=[]), id="named-over-no-one"),
    ],
)
def test_what_an_editor_weighs_raises_salience(more, less):
    assert salience.score(more).score > salience.score(less).score


@pytest.mark.parametrize(
    ("event", "key"),
    [
        pytest.param(row(), True, id="a-happening-with-a-name"),
        pytest.param(row(actors=[], date_basis="expression"), True, id="dated-naming-no-one"),
        pytest.param(row(actors=[]), False, id="background-naming-no-one"),
        pytest.param(
            row(action="say", reports=_reports("A", "B", "C"), position="headline"),
            False,
            id="a-statement-is-no-key-happening",
        ),
        pytest.param(row(event_class="commentary", position="headline"), False, id="commentary"),
        pytest.param(
            row(event_type="other", event_class="happening"), False, id="an-untyped-background"
        ),
    ],
)
def test_a_key_event_is_a_salient_happening(event, key):
    assert salience.score(event).key is key


def test_the_reasons_say_what_the_score_is_made_of_strongest_first():
    found = salience.score(
        row(
            reports=_reports("Wire A", "Wire B", "Wire C"),
            date_basis="expression",
            position="lede",
            actors=["Hamas", "Israel"],
        )
    )
    assert found.reasons == (
        "reported by 3 outlets",
        "a happening",
        "dated by the report to the day or finer",
        "names who took part",
        "in the lede",
    )
    assert found.score == 0.97 and found.key


def test_scores_stay_between_zero_and_one():
    best = row(
        reports=_reports(*"ABCDEF"),
        date_basis="expression",
        granularity="time",
        position="headline",
        actors=["A", "B", "C"],
        venue="Cairo",
    )
    assert salience.score(best).score == 1.0
    assert salience.score(row(action="be", actors=[], reports=[], char_start=5000)).score == 0.0
