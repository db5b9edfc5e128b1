"""One happening told by its stages: outlets report a trapping by the day the group went
into the cave, a rescue by the boys coming out, a resumption by the rescue "getting going
again". Each clause keeps the type of what it says; its arc is the happening it is a report
of, which is what the merge compares across outlets."""

from __future__ import annotations

import dataclasses

import pytest

from pipeline import articles, build, merge
from pipeline.language import arcs
from pipeline.language.event_types import TAXONOMY
from pipeline.language.lexicon import EN


def _rows(model, text: str, published: str = "2018-06-27"):
    frame = articles.pasted_article(text, published=published)
    result = build.build_frame(frame, [], model=model)
    assert result.rejected.empty, result.report.to_string()
    return result.events.to_dict("records")


def _arcs_of(model, text: str, verb: str) -> list[tuple[str, str]]:
    """(type, arc) of each clause of the sentence whose verb is `verb`."""
    return [
        (row["event_type"], merge.happening_arc(row))
        for row in _rows(model, text)
        if row["action"].split()[0] == verb
    ]


@pytest.mark.parametrize(
    "text, verb, event_type, arc",
    [
        pytest.param(
            "The boys are believed to have entered the cave with their coach on Saturday.",
            "enter",
            "arrive",
            "go_missing",
            id="entering-a-cave-is-the-trapping",
        ),
        pytest.param(
            "The hikers toured a cave on Thursday, June 21.",
            "tour",
            "travel",
            "go_missing",
            id="touring-a-cave-is-the-trapping",
        ),
        pytest.param(
            "The twelve miners vanished on Monday while exploring the old mine.",
            "explore",
            "travel",
            "go_missing",
            id="exploring-a-mine-is-the-trapping",
        ),
        pytest.param(
            "The group went missing after they went into the caves on June 23.",
            "go",
            "travel",
            "go_missing",
            id="going-into-caves-is-the-trapping",
        ),
        pytest.param(
            "Elon Musk visited the cave on Tuesday.",
            "visit",
            "travel",
            "travel",
            id="a-visit-is-no-going-in",
        ),
        pytest.param(
            "The delegation entered Cairo on Sunday.",
            "enter",
            "arrive",
            "arrive",
            id="entering-a-city-is-an-arrival",
        ),
    ],
)
def test_going_into_a_place_people_are_trapped_in_is_the_trapping(
    model, text, verb, event_type, arc
):
    assert (event_type, arc) in _arcs_of(model, text, verb)


def test_going_in_reads_only_verbs_a_type_lists():
    """A going-in verb no event type lists would be typed "other" and its arc never read."""
    lexicon = dataclasses.replace(
        EN,
        raw={
            **EN.raw,
            "happening_arcs": {
                "phases": ["begin"],
                "going_in": {"arc": "go_missing", "verbs": ["enter", "wander into"]},
            },
        },
    )
    with pytest.raises(ValueError, match="wander into"):
        arcs.parse(lexicon, TAXONOMY)


@pytest.mark.parametrize(
    "text, verb, event_type",
    [
        pytest.param(
            "A second group of four boys emerged on Monday.",
            "emerge",
            "rescue",
            id="a-group-of-people-emerged",
        ),
        pytest.param(
            "The last diver surfaced at 9 p.m. on Tuesday.", "surface", "rescue", id="one-surfaced"
        ),
        pytest.param(
            "The miners escaped from the mine on Friday.", "escape", "rescue", id="escaped-a-mine"
        ),
        pytest.param("New details emerged on Monday.", "emerge", "other", id="details-emerged"),
        pytest.param(
            "A new problem surfaced on Monday.", "surface", "other", id="a-problem-surfaced"
        ),
        pytest.param(
            "The senator emerged as the winner on Tuesday.",
            "emerge",
            "other",
            id="emerging-as-something",
        ),
    ],
)
def test_people_coming_out_is_a_rescue_even_when_the_place_is_not_said(
    model, text, verb, event_type
):
    assert event_type in [t for t, _ in _arcs_of(model, text, verb)]


@pytest.mark.parametrize(
    "text, action, arc",
    [
        pytest.param(
            "The rescue efforts restarted at 11 a.m. local time.",
            "restart rescue efforts",
            "rescue",
            id="an-event-noun-subject",
        ),
        pytest.param(
            "The risky bid to rescue the boys got going again on Monday after a break.",
            "get going bid to rescue",
            "rescue",
            id="an-attempt-named-by-its-deed",
        ),
        pytest.param(
            "The operation to free the hostages resumed on Monday.",
            "resume operation to free",
            "release",
            id="an-operation-named-by-its-deed",
        ),
        pytest.param(
            "The talks to end the war resumed in Cairo on Monday.",
            "resume talks",
            "meet",
            id="a-stage-after-to-names-no-happening",
        ),
        pytest.param(
            "Divers have restarted the rescue effort on Monday.",
            "restart rescue effort",
            "rescue",
            id="the-object-case-as-before",
        ),
        pytest.param(
            "The second phase began at 11 a.m. local time.",
            "begin",
            "begin",
            id="a-subject-naming-no-happening",
        ),
    ],
)
def test_a_stage_whose_subject_names_its_happening_is_that_happenings(model, text, action, arc):
    assert [(r["action"], merge.happening_arc(r)) for r in _rows(model, text)] == [(action, arc)]


@pytest.mark.parametrize(
    "text, people",
    [
        pytest.param(
            "The risky bid to rescue the boys got going again on Monday after a break.",
            ["boy"],
            id="an-attempt-at-rescuing-the-boys",
        ),
        pytest.param(
            "The operation to free the hostages resumed on Monday.",
            ["hostage"],
            id="an-operation-to-free-hostages",
        ),
        pytest.param("The rescue efforts restarted at 11 a.m. local time.", [], id="no-one-named"),
    ],
)
def test_those_a_stage_s_happening_befalls_take_part_in_it(model, text, people):
    """A resumption of the rescue of the boys is one of theirs: reports naming them can meet."""
    (row,) = _rows(model, text)
    assert sorted(p["name"] for p in row["participants"]) == people
