"""The merge's promises as tables: which pairs of reports from two outlets are one happening,
which stay two, and when one happening's dates are a conflict. Rows are shaped as the
cross-article stage hands them to the merge (names and venues placed, article names listed)."""

from __future__ import annotations

import dataclasses

import pandas as pd
import pytest

from pipeline import merge, schema
from pipeline.language import arcs
from pipeline.language.event_types import TAXONOMY
from pipeline.language.lexicon import EN

STORY = ["Thailand", "Chiang Rai", "Tham Luang", "Narongsak Osottanakorn"]
SAMAN = [*STORY, "Saman Kunan"]


def report(
    article: str,
    action: str,
    when: str,
    *,
    actors: tuple[str, ...] = (),
    venue: str | None = None,
    country: str | None = None,
    granularity: str = "day",
    basis: str = "expression",
    modality: str = "happened",
    zone: str = "Asia/Bangkok",
    names: list[str] | None = None,
    event_type: str | None = None,
    groups: tuple[str, ...] = (),
) -> dict:
    """One article's report, its date a whole day (or `granularity`) on `zone`'s clock."""
    start = pd.Timestamp(when, tz=zone)
    length = {"time": pd.Timedelta(minutes=1), "part-of-day": pd.Timedelta(hours=6)}
    row = {
        "event_id": f"{article}-{action.split()[0]}",
        "article_id": article,
        "title": f"Title of {article}",
        "outlet": f"Outlet {article}",
        "url": None,
        "sentence": f"{action} ({when})",
        "char_start": 0,
        "char_end": 20,
        "action": action,
        "actors": list(actors),
        "venue": venue,
        "venue_country": country if country else (venue if venue == "Thailand" else None),
        "start": start,
        "end": start + length.get(granularity, pd.Timedelta(days=1)),
        "timezone": zone,
        "granularity": granularity,
        "modality": modality,
        "date_basis": basis,
        "expression": None if basis == "publication" else when,
        "timex_value": None,
        "explanation": "test",
        "confidence": 0.8,
        "sources": [article],
        "conflict": False,
        "article_names": list(STORY if names is None else names),
        # as the extraction writes a happening whose type the taxonomy does not list and whose
        # roles it could not tell: the verb decides the kind, the names decide who took part
        "event_type": event_type or "other",
        "event_class": "happening",
        "position": "body",
        "reported_event": None,
        "participants": [{"name": g, "role": "participant", "kind": "group"} for g in groups],
    }
    return row


def undated(row: dict) -> dict:
    """The report as an article that gives no date at all tells it (no publication date)."""
    return row | {
        "start": None,
        "end": None,
        "granularity": "unknown",
        "date_basis": "publication",
        "expression": None,
    }


def acting(row: dict, **roles: tuple[str, str]) -> dict:
    """The report with its participants' roles and kinds: name=(role, kind)."""
    return row | {
        "participants": [{"name": n, "role": r, "kind": k} for n, (r, k) in roles.items()]
    }


def merged(*rows: dict) -> pd.DataFrame:
    return merge.merge_events(schema.conform(list(rows)))


ONE_HAPPENING = [
    pytest.param(
        report("a", "rescue boys", "2018-07-08", venue="Mae Sai", country="Thailand", names=[]),
        report("b", "rescue boys", "2018-07-08", venue="Mae Sai", country="Thailand", names=[]),
        id="no-names-one-town-one-day",
    ),
    pytest.param(
        report("a", "find boys", "2018-07-02"),
        report("b", "find team", "2018-07-02 21:38", granularity="time"),
        id="one-story-no-names-same-day",
    ),
    pytest.param(
        report("a", "visit cave", "2018-07-10", names=["Elon Musk"]),
        report(
            "b", "visit cave", "2018-07-09 22:00", granularity="time", names=[*STORY, "Elon Musk"]
        ),
        id="an-article-of-one-persons-name-is-of-that-persons-story",
    ),
    pytest.param(
        report("a", "die", "2018-07-06 01:00", granularity="time", actors=("Saman Kunan",)),
        report("b", "die", "2018-07-06 02:00", granularity="time", names=[*STORY, "Saman Kunan"]),
        id="one-side-named-the-others-article-names-them-an-hour-apart",
    ),
    pytest.param(
        report("a", "die", "2018-07-06 01:00", granularity="time", actors=("Saman Kunan",)),
        report("b", "die", "2018-07-06", names=[*STORY, "Saman Kunan"]),
        id="one-side-named-one-story-the-hour-inside-the-day",
    ),
    pytest.param(
        report("a", "rescue boys", "2018-07-08", venue="Thailand", actors=("Thai Navy",)),
        report(
            "b",
            "rescue boys",
            "2018-07-08",
            venue="Mae Sai",
            country="Thailand",
            actors=("Thai Navy",),
        ),
        id="a-country-and-a-town-in-it",
    ),
    pytest.param(
        # one name in common is no story (STORY_NAMES); the people in common are the evidence
        report("a", "find boys", "2018-07-02", names=["Thailand"], groups=("boy", "coach")),
        report(
            "b",
            "find team",
            "2018-07-02 21:38",
            granularity="time",
            names=["Thailand", "Bangkok"],
            groups=("boy",),
        ),
        id="no-names-no-story-the-same-people-the-same-day",
    ),
    pytest.param(
        report("a", "find boys", "2018-07-02", names=["Chiang Rai province", "Narongsak"]),
        report("b", "find boys", "2018-07-02", names=["Chiang Rai", "Narongsak Osatanakorn"]),
        id="one-story-its-names-shortened-and-lengthened",
    ),
    pytest.param(
        # two names of one article begin with the word that begins one name of the other's
        report("a", "find boys", "2018-07-02", names=["Thai Navy", "Thai Navy SEAL"]),
        report("b", "find boys", "2018-07-02", names=["Thai Navy SEAL", "Mae Sai"]),
        id="one-story-two-of-its-names-begun-by-one-word",
    ),
    pytest.param(
        report("a", "go", "2018-06-23", actors=("Wild Boars",), event_type="go_missing"),
        report("b", "disappear", "2018-06-23", actors=("Wild Boars",), event_type="go_missing"),
        id="a-light-verb-typed-by-its-idiom-went-missing",
    ),
    pytest.param(
        report("a", "die", "2018-07-06", actors=("Saman Kunan",), event_type="die"),
        undated(report("b", "die on way", "", actors=("Saman Kunan",), event_type="die")),
        id="a-death-told-by-an-article-giving-no-date-joins-by-whom-it-befell",
    ),
    pytest.param(
        report("a", "die", "2018-07-06", actors=("Saman Kunan",), event_type="die"),
        acting(
            undated(report("b", "die", "", actors=("Navy",), event_type="die", names=SAMAN)),
            Navy=("agent", "organisation"),
        ),
        id="an-undated-death-its-article-naming-the-dead-joins-its-story",
    ),
    pytest.param(
        acting(
            report("a", "die", "2018-07-06", actors=("Saman Kunan",), event_type="die"),
            **{"Saman Kunan": ("agent", "person")},
        ),
        acting(
            report("b", "die", "2018-07-06", actors=("Saman Kunan",), event_type="die"),
            **{"Saman Kunan": ("participant", "person"), "diver": ("agent", "group")},
        ),
        id="a-group-acting-may-be-the-person-the-other-names",
    ),
    pytest.param(
        report("a", "find boys", "2018-07-02 21:38", granularity="time", groups=("boy",)),
        report("b", "find boys", "2018-07-02", basis="publication", groups=("boy",))
        | {"start": None},
        id="the-same-people-undated-in-that-days-paper",
    ),
    pytest.param(
        report("a", "find boys", "2018-07-02", groups=("boy",)),
        report("b", "find boys", "2018-07-03", basis="publication", groups=("boy", "diver"))
        | {"start": None},
        id="the-same-people-undated-in-the-next-days-paper",
    ),
    pytest.param(
        report(
            "a", "restart rescue effort", "2018-07-09", actors=("Thai Navy",), event_type="resume"
        ),
        report("b", "rescue boys", "2018-07-09", actors=("Thai Navy",), event_type="rescue"),
        id="a-stage-that-names-its-happening-is-a-report-of-it",
    ),
    pytest.param(
        report("a", "die", "2018-07-06 01:00", granularity="time", actors=("Saman",))
        | {"timex_value": "2018-07-06T01:00", "expression": "about 1am on Friday"},
        report("b", "die", "2018-07-06 01:00", granularity="time", actors=("Saman",), zone="UTC")
        | {"timex_value": "2018-07-06T01:00", "expression": "about 1 a.m."},
        id="one-hour-without-a-zone-read-on-two-clocks",
    ),
    pytest.param(
        acting(
            report("a", "bring out boys", "2018-07-09", actors=("Narongsak",)),
            Narongsak=("reporter", "person"),
            boy=("participant", "group"),
        ),
        acting(
            report("b", "bring out boys", "2018-07-09", actors=("Thai Navy",)),
            **{"Thai Navy": ("reporter", "organisation"), "boy": ("participant", "group")},
        ),
        id="two-outlets-quoting-two-sources-of-one-day-name-no-one-else",
    ),
]

TWO_HAPPENINGS = [
    pytest.param(
        report("a", "rescue boys", "2018-07-08", venue="Thailand"),
        report("b", "rescue boys", "2018-07-11", venue="Thailand"),
        id="no-names-one-country-days-apart",
    ),
    pytest.param(
        report("a", "find boys", "2018-07-02"),
        report("b", "find boys", "2018-07-02", names=["Texas", "Houston"]),
        id="no-names-and-articles-of-two-stories",
    ),
    pytest.param(
        report("a", "find boys", "2018-07-02"),
        report(
            "b",
            "find boys",
            "2018-07-02",
            names=["Thailand", "Bangkok", "Phuket", "Krabi"],
        ),
        id="one-shared-name-is-no-story",
    ),
    pytest.param(
        report("a", "visit cave", "2018-07-10", names=["United States"]),
        report("b", "visit cave", "2018-07-10", names=[*STORY, "United States"]),
        id="an-article-naming-only-a-country-is-of-no-story",
    ),
    pytest.param(
        report("a", "visit cave", "2018-07-10", names=["Musk"]),
        report("b", "visit cave", "2018-07-10", names=[*STORY, "Musk"]),
        id="an-article-of-one-single-word-name-is-of-no-story",
    ),
    pytest.param(
        report("a", "visit cave", "2018-07-10", names=["Elon Musk"]),
        report("b", "visit cave", "2018-07-10", names=STORY),
        id="an-article-of-one-name-the-other-does-not-give",
    ),
    pytest.param(
        report("a", "visit cave", "2018-07-10", names=["Elon Musk"]),
        report("b", "visit cave", "2018-07-12", names=[*STORY, "Elon Musk"]),
        id="an-article-of-one-name-and-days-apart",
    ),
    pytest.param(
        report("a", "find boys", "2018-07-02"),
        report("b", "find boys", "2018-07-05"),
        id="no-names-days-apart",
    ),
    pytest.param(
        report("a", "rescue boys", "2018-07-08"),
        report("b", "rescue boys", "2018-07-09"),
        id="no-names-one-story-two-days-in-a-row",
    ),
    pytest.param(
        report("a", "die", "2018-07-06 01:00", granularity="time", actors=("Saman Kunan",)),
        report("b", "die", "2018-07-06 02:00", granularity="time"),
        id="one-side-named-not-in-the-others-article-an-hour-apart",
    ),
    pytest.param(
        report("a", "find boys", "2018-07-02"),
        report("b", "find boys", "2018-07-02", basis="publication"),
        id="no-names-and-dated-only-by-publication",
    ),
    pytest.param(
        report("a", "die", "2018-07-06", actors=("Saman Kunan",)),
        report("b", "die", "2018-07-06", actors=("Richard Harris",)),
        id="named-and-not-the-same-people",
    ),
    pytest.param(
        report("a", "rescue boys", "2018-07-08", venue="Mae Sai", country="Thailand"),
        report("b", "rescue boys", "2018-07-08", venue="Bangkok", country="Thailand"),
        id="two-towns-of-one-country",
    ),
    pytest.param(
        report("a", "find boys", "2018-07-02", modality="scheduled"),
        report("b", "find boys", "2018-07-02"),
        id="no-names-a-plan-and-a-report",
    ),
    pytest.param(
        report("a", "discharge boys", "2018-07-19", actors=("Wild Boars",), modality="scheduled"),
        report("b", "discharge boys", "2018-07-15", actors=("Wild Boars",)),
        id="a-plan-and-a-report-days-apart",
    ),
    pytest.param(
        report("a", "rescue boys", "2018-07-08", names=["Thailand"], groups=("boy",)),
        report("b", "rescue boys", "2018-07-09", names=["Thailand"], groups=("boy",)),
        id="the-same-people-on-two-days-in-a-row",
    ),
    pytest.param(
        report("a", "rescue boys", "2018-07-08", names=["Thailand"], groups=("boy",)),
        report("b", "rescue boys", "2018-07-08", names=["Thailand"], groups=("diver",)),
        id="no-names-no-story-no-group-in-common",
    ),
    pytest.param(
        report("a", "rescue boys", "2018-07-08", names=["Thailand"], groups=("boy",)),
        report(
            "b",
            "rescue boys",
            "2018-07-10",
            names=["Thailand"],
            groups=("boy",),
            basis="publication",
        ),
        id="the-same-people-one-dated-only-by-publication",
    ),
    # an article can only report what had happened by its publication: a report dated after
    # it is of another happening (or misdated), never an outlet's disagreement
    pytest.param(
        report("a", "die", "2018-07-08", actors=("Saman",)),
        report("b", "die", "2018-07-06", actors=("Saman",), basis="publication"),
        id="a-day-after-the-publication-that-reports-it",
    ),
    pytest.param(
        report("a", "die", "2018-07-08", actors=("Saman",)),
        report("b", "die", "2018-07-06", actors=("Saman",), basis="publication") | {"start": None},
        id="after-an-open-by-publication-interval",
    ),
    pytest.param(
        report("a", "make offer", "2018-06-23", actors=("Apple",)),
        report("b", "make offer", "2018-06-23", actors=("Apple",)),
        id="a-light-verb-its-type-only-its-verb",
    ),
    pytest.param(
        report("a", "visit cave", "2018-07-10", actors=("Elon Musk",), event_type="travel"),
        undated(report("b", "visit cave", "", actors=("Elon Musk",), event_type="travel")),
        id="undated-and-of-a-kind-that-happens-again",
    ),
    pytest.param(
        report("a", "die", "2018-07-06", actors=("Saman Kunan",), event_type="die"),
        undated(report("b", "die", "", actors=("Jim Harris",), event_type="die")),
        id="an-undated-death-of-someone-else",
    ),
    pytest.param(
        report("a", "die", "2018-07-06", event_type="die"),
        undated(report("b", "die", "", event_type="die")),
        id="an-undated-death-naming-no-one",
    ),
    pytest.param(
        report("a", "die", "2018-07-06", actors=("Saman Kunan",), event_type="die"),
        acting(
            undated(
                report("b", "die", "", actors=("Navy",), event_type="die", names=[*STORY, "Jim"])
            ),
            Navy=("agent", "organisation"),
        ),
        id="an-undated-death-its-article-not-naming-the-dead",
    ),
    pytest.param(
        report("a", "die", "2018-07-06", actors=("Saman Kunan",), event_type="die"),
        acting(
            undated(report("b", "die", "", actors=("Jim Harris",), event_type="die", names=SAMAN)),
            **{"Jim Harris": ("agent", "person")},
        ),
        id="an-undated-death-of-someone-else-in-an-article-naming-the-dead",
    ),
    pytest.param(
        report("a", "die", "2018-07-06", actors=("Saman Kunan",), event_type="die"),
        acting(
            undated(
                report(
                    "b",
                    "die",
                    "",
                    actors=("Navy",),
                    event_type="die",
                    names=["Texas", "Houston", "Saman Kunan"],
                )
            ),
            Navy=("agent", "organisation"),
        ),
        id="an-undated-death-of-another-story-naming-the-dead",
    ),
    pytest.param(
        acting(
            undated(report("a", "die", "", actors=("Navy",), event_type="die", names=SAMAN)),
            Navy=("agent", "organisation"),
        ),
        acting(
            undated(report("b", "die", "", actors=("Navy",), event_type="die", names=SAMAN)),
            Navy=("participant", "organisation"),
        ),
        id="two-undated-deaths-sharing-only-who-announced-them",
    ),
    pytest.param(
        report("a", "find boys", "2018-07-02", groups=("boy",)),
        report(
            "b",
            "find boys",
            "2018-07-01",
            basis="publication",
            granularity="month",
            groups=("boy",),
        )
        | {"start": None, "end": pd.Timestamp("2018-08-01", tz="Asia/Bangkok")},
        id="the-same-people-in-a-paper-known-only-to-the-month",
    ),
    pytest.param(
        report("a", "find boys", "2018-07-02", groups=("boy",)),
        report("b", "find boys", "2018-07-03", basis="publication") | {"start": None},
        id="undated-in-the-next-days-paper-no-group-in-common",
    ),
    pytest.param(
        report("a", "discharge boys", "2018-07-21", modality="scheduled", groups=("boy",)),
        report("b", "discharge boys", "2018-07-18", groups=("boy",)),
        id="no-names-the-same-people-a-plan-days-from-the-report",
    ),
    pytest.param(
        report("a", "discharge boys", "2018-07-19", modality="scheduled"),
        report("b", "discharge boys", "2018-07-18"),
        id="no-names-no-group-a-plan-a-day-from-a-report",
    ),
    pytest.param(
        report("a", "resume", "2018-07-09", actors=("Thai Navy",), event_type="resume"),
        report("b", "rescue boys", "2018-07-09", actors=("Thai Navy",), event_type="rescue"),
        id="a-stage-that-names-no-happening",
    ),
    pytest.param(
        report("a", "resume talks", "2018-07-09", actors=("Thai Navy",), event_type="resume"),
        report("b", "rescue boys", "2018-07-09", actors=("Thai Navy",), event_type="rescue"),
        id="a-stage-of-another-happening",
    ),
    pytest.param(
        report("a", "die", "2018-07-06", actors=("Saman",), event_type="die"),
        report("b", "pass out", "2018-07-06", actors=("Saman",), event_type="injure"),
        id="two-happenings-that-co-occur-are-no-arc",
    ),
    pytest.param(
        acting(
            report("a", "bring out boys", "2018-07-09", actors=("Narongsak",)),
            Narongsak=("agent", "person"),
            boy=("participant", "group"),
        ),
        acting(
            report("b", "bring out boys", "2018-07-09", actors=("Thai Navy",)),
            **{"Thai Navy": ("agent", "organisation"), "boy": ("participant", "group")},
        ),
        id="two-who-act-are-two-happenings-where-two-who-tell-are-not",
    ),
    pytest.param(
        acting(
            report("a", "bring out boys", "2018-07-08", actors=("Narongsak",)),
            Narongsak=("reporter", "person"),
            boy=("participant", "group"),
        ),
        acting(
            report("b", "bring out boys", "2018-07-09", actors=("Thai Navy",)),
            **{"Thai Navy": ("reporter", "organisation"), "boy": ("participant", "group")},
        ),
        id="two-sources-telling-of-two-days-are-two-happenings",
    ),
]


@pytest.mark.parametrize(
    ("first_type", "second_type", "one"),
    [
        pytest.param("release", "release", True, id="two-verbs-one-event-type"),
        pytest.param("other", "other", False, id="other-is-no-kind-so-verbs-decide"),
        pytest.param("arrive", "depart", False, id="two-event-types"),
    ],
)
def test_the_extractions_event_type_is_the_kind_of_happening(first_type, second_type, one):
    """Read from `event_type` when the table has it (the extraction writes it)."""
    a, b = schema.conform(
        [
            report("a", "free boys", "2018-07-08", actors=("Thai Navy",)),
            report("b", "release boys", "2018-07-08", actors=("Thai Navy",)),
        ]
    ).to_dict("records")
    a["event_type"], b["event_type"] = first_type, second_type
    assert (merge.affinity(a, b) is not None) is one


@pytest.mark.parametrize(
    ("first_agents", "second_agents", "one"),
    [
        pytest.param(["Israel"], ["Israel"], True, id="same-agent"),
        pytest.param(["Israel"], ["Hamas"], False, id="each-names-the-other-as-agent"),
        pytest.param(["Israel"], [], True, id="one-side-says-no-agent"),
    ],
)
def test_participants_meet_by_role(first_agents, second_agents, one):
    """Read from `participants` when the table has it (the extraction writes roles)."""
    a, b = schema.conform(
        [
            report("a", "strike", "2023-10-09", actors=("Israel", "Hamas")),
            report("b", "strike", "2023-10-09", actors=("Israel", "Hamas")),
        ]
    ).to_dict("records")
    everyone = ("Israel", "Hamas")
    for row, acting in ((a, first_agents), (b, second_agents)):
        row["participants"] = [
            {"name": n, "role": "agent" if n in acting else "target", "kind": "country"}
            for n in everyone
        ]
    assert (merge.affinity(a, b) is not None) is one


@pytest.mark.parametrize(("first", "second"), ONE_HAPPENING)
def test_reports_of_one_happening_merge(first, second):
    table = merged(first, second)
    assert table["sources"].map(sorted).tolist() == [["a", "b"]]


@pytest.mark.parametrize(("first", "second"), TWO_HAPPENINGS)
def test_reports_of_two_happenings_stay_apart(first, second):
    assert len(merged(first, second)) == 2


@pytest.mark.parametrize(
    ("first", "second", "conflict"),
    [
        pytest.param(
            report("a", "die", "2018-07-06 01:00", granularity="time", actors=("Saman",)),
            report("b", "die", "2018-07-06 02:00", granularity="time", actors=("Saman",)),
            True,
            id="two-clock-times",
        ),
        pytest.param(
            report("a", "die", "2018-07-05", actors=("Saman",)),
            report("b", "die", "2018-07-06", actors=("Saman",)),
            True,
            id="two-days",
        ),
        pytest.param(
            report("a", "die", "2018-07-06", actors=("Saman",)),
            report("b", "die", "2018-07-06", actors=("Saman",), zone="UTC"),
            False,
            id="one-day-read-on-two-clocks",
        ),
        pytest.param(
            report("a", "die", "2018-07-06 02:00", granularity="time", actors=("Saman",)),
            report("b", "die", "2018-07-06", actors=("Saman",), zone="America/New_York"),
            False,
            id="a-clock-time-inside-the-day-another-clock-names",
        ),
        pytest.param(
            report("a", "die", "2018-07-06 02:00", granularity="time", actors=("Saman",)),
            report(
                "b",
                "die",
                "2018-07-06 06:00",
                granularity="part-of-day",
                actors=("Saman",),
                zone="UTC",
            ),
            False,
            id="a-clock-time-and-a-morning-on-another-clock",
        ),
        pytest.param(
            report("a", "die", "2018-07-06", actors=("Saman",)),
            report("b", "die", "2018-07-08", actors=("Saman",), basis="publication"),
            False,
            id="by-publication-after-it",
        ),
        pytest.param(
            report("a", "die", "2018-07-05", actors=("Saman",)),
            report("b", "die", "2018-07-06", actors=("Saman",), basis="publication")
            | {"start": None},
            False,
            id="before-an-open-by-publication-interval",
        ),
        pytest.param(
            report(
                "a", "discharge boys", "2018-07-19", actors=("Wild Boars",), modality="scheduled"
            ),
            report("b", "discharge boys", "2018-07-18", actors=("Wild Boars",)),
            True,
            id="announced-for-thursday-done-on-wednesday",
        ),
        pytest.param(
            report("a", "die", "2018-07-06 01:00", granularity="time", actors=("Saman",))
            | {"timex_value": "2018-07-06T01:00", "expression": "about 1am on Friday"},
            report(
                "b", "die", "2018-07-06 01:00", granularity="time", actors=("Saman",), zone="UTC"
            )
            | {"timex_value": "2018-07-06T01:00", "expression": "about 1 a.m."},
            False,
            id="one-hour-without-a-zone-read-on-two-clocks",
        ),
        pytest.param(
            report("a", "die", "2018-07-06 01:00", granularity="time", actors=("Saman",))
            | {"timex_value": "2018-07-06T01:00", "expression": "about 1am on Friday"},
            report(
                "b", "die", "2018-07-06 02:00", granularity="time", actors=("Saman",), zone="UTC"
            )
            | {"timex_value": "2018-07-06T02:00", "expression": "about 2 a.m."},
            True,
            id="two-hours-on-two-clocks",
        ),
        pytest.param(
            report(
                "a",
                "begin",
                "2018-07-09 05:00",
                granularity="time",
                actors=("Navy",),
                zone="Europe/London",
            )
            | {"timex_value": "2018-07-09T05:00", "expression": "5am BST"},
            report("b", "begin", "2018-07-09 05:00", granularity="time", actors=("Navy",))
            | {"timex_value": "2018-07-09T05:00", "expression": "5am Thai time"},
            True,
            id="one-hour-on-two-named-clocks-is-two-moments",
        ),
        pytest.param(
            report(
                "a", "discharge boys", "2018-07-19", actors=("Wild Boars",), modality="scheduled"
            ),
            report("b", "discharge boys", "2018-07-19", actors=("Wild Boars",)),
            False,
            id="done-on-the-day-announced",
        ),
        pytest.param(
            report("a", "discharge boys", "2018-07-19", modality="scheduled", groups=("boy",)),
            report("b", "discharge boys", "2018-07-18", groups=("boy", "coach")),
            True,
            id="no-names-the-same-people-announced-for-thursday-done-on-wednesday",
        ),
        pytest.param(
            report("a", "use submarine", "2018-07-10", actors=("Elon Musk",), modality="scheduled"),
            report("b", "use submarine", "2018-07-11", actors=("Elon Musk",), modality="scheduled")
            | {"timex_value": "PRESENT_REF"},
            False,
            id="now-is-the-time-of-writing-not-a-date-of-the-happening",
        ),
    ],
)
def test_a_conflict_is_one_happening_given_incompatible_dates(first, second, conflict):
    table = merged(first, second)
    assert len(table) == 1
    assert bool(table.iloc[0]["conflict"]) is conflict


@pytest.mark.parametrize(
    ("rows", "line"),
    [
        pytest.param(
            [report("a", "find boys", "2018-07-02", venue="Thailand")],
            "one find: Thailand; reported by Outlet a alone, Monday 2 Jul",
            id="one-report",
        ),
        pytest.param(
            [
                report("a", "die", "2018-07-05", actors=("Saman Kunan",)),
                report("b", "die", "2018-07-06", actors=("Saman Kunan",)),
                report("c", "die", "2018-07-06", actors=("Saman Kunan",)),
            ],
            "one die: Saman Kunan; Outlet a says Thursday 5 Jul, 2 others Friday 6 Jul",
            id="one-outlet-disagrees",
        ),
        pytest.param(
            [
                report("a", "die", "2018-07-06", actors=("Saman Kunan",)),
                report("b", "die", "2018-07-06", actors=("Saman Kunan",), zone="UTC"),
            ],
            "one die: Saman Kunan; 2 reports agree on Friday 6 Jul",
            id="agreeing",
        ),
    ],
)
def test_the_row_explains_its_merge_in_one_line(rows, line):
    table = merged(*rows)
    assert table["merge_explanation"].tolist() == [line]


def test_candidate_pairs_stay_near_linear_in_a_long_story(monkeypatch):
    """A year of daily reports of one kind: only reports within the date window are compared."""
    days = pd.date_range("2018-01-01", periods=365, freq="D")
    rows = [
        report(f"a{n}", "meet", f"{day:%Y-%m-%d}", actors=(f"Council {n}",), names=["x"])
        for n, day in enumerate(days)
    ]
    calls = 0
    real = merge.affinity

    def counted(a, b):
        nonlocal calls
        calls += 1
        return real(a, b)

    monkeypatch.setattr(merge, "affinity", counted)
    assert len(merged(*rows)) == 365
    assert calls <= 365 * 8  # a week either side; all pairs would be 66,430


def test_a_report_joins_the_partner_whose_date_agrees():
    """Two rows name the same people equally well; one of them agrees on the date, the other
    is a week later: the report goes with the one that agrees, which leaves the late one on
    its own instead of holding the well-dated report away from its partner."""
    by_then = report("a", "die", "2018-07-10", actors=("Saman", "Navy"), basis="publication")
    late = report("b", "die", "2018-07-16", actors=("Saman",))
    agreeing = report("c", "die", "2018-07-06", actors=("Saman",))
    table = merged(by_then, late, agreeing)
    assert sorted(map(sorted, table["sources"])) == [["a", "c"], ["b"]]


def test_a_merged_row_is_of_a_story_when_one_of_its_articles_is():
    """The names of many articles together are no one article's: a report naming no one
    joins a merged row when its article and one of the row's are of one story."""
    small = ["Thailand", "Chiang Rai", "Tham Luang"]
    wide = ["Thailand", "Chiang Rai", *[f"Name {n}" for n in range(10)]]
    other = ["Thailand", "Chiang Rai", *[f"Other {n}" for n in range(8)]]
    table = merged(
        report("a", "die", "2018-07-06", actors=("Saman",), names=small),
        report("b", "die", "2018-07-06", actors=("Saman",), names=wide),
        report("c", "die", "2018-07-06 01:00", granularity="time", names=other),
    )
    assert table["sources"].map(sorted).tolist() == [["a", "b", "c"]]


@pytest.mark.parametrize(("first", "second"), ONE_HAPPENING + TWO_HAPPENINGS)
def test_only_candidate_pairs_are_scored_and_no_merge_is_lost(first, second):
    """Merging scores only rows sharing a name, a venue or (one naming no one) a story in the
    date window: every rule's case merges as scoring every pair of the window would."""
    frame = schema.conform([first, second])
    blocked, exhaustive = merge.merge_group(frame), merge.merge_group(frame, exhaustive=True)
    pd.testing.assert_frame_equal(blocked, exhaustive)


def test_a_row_shows_what_was_done_before_what_was_planned():
    planned = report(
        "a", "discharge boys", "2018-07-19", actors=("Wild Boars",), modality="scheduled"
    )
    done = report("b", "discharge boys", "2018-07-18", actors=("Wild Boars",))
    row = merged(planned, done).iloc[0]
    assert row["sources"] == ["b", "a"]
    assert row["start"] == done["start"]


def telling(article: str, at: int, action: str, when: str, **given) -> dict:
    """One of an article's several tellings: its own event id and offset."""
    row = report(article, action, when, **given)
    return row | {"event_id": f"{article}-{at}", "char_start": at, "char_end": at + 20}


@pytest.mark.parametrize(
    ("rows", "sources", "folded"),
    [
        pytest.param(
            [
                telling("a", 0, "die", "2018-07-06", actors=("Saman", "Navy")),
                telling("b", 0, "die", "2018-07-06", actors=("Saman", "Navy")),
                telling(
                    "a",
                    900,
                    "die",
                    "2018-07-06 01:00",
                    granularity="time",
                    actors=("Saman", "Chiang Rai"),
                ),
                telling(
                    "c",
                    0,
                    "die",
                    "2018-07-06 01:00",
                    granularity="time",
                    actors=("Saman", "Chiang Rai"),
                ),
            ],
            [["a", "b", "c"]],
            [["a-0"]],
            id="one-death-told-twice-each-telling-joined-by-another-outlet",
        ),
        pytest.param(
            [
                telling("a", 0, "rescue boys", "2018-07-08", actors=("Navy", "Wild Boars")),
                telling("b", 0, "rescue boys", "2018-07-08", actors=("Navy", "Wild Boars")),
                telling("a", 900, "rescue boys", "2018-07-09", actors=("Navy", "Ekkapol")),
                telling("c", 0, "rescue boys", "2018-07-09", actors=("Navy", "Ekkapol")),
            ],
            [["a", "b"], ["a", "c"]],
            [[], []],
            id="one-article-dates-two-rescues-apart-two-rows",
        ),
        pytest.param(
            [
                telling("a", 0, "die", "2018-07-06", actors=("Saman",)),
                telling("a", 900, "die", "2018-07-06", actors=("Saman",)),
            ],
            [["a"], ["a"]],
            [[], []],
            id="an-article-alone-is-not-evidence-its-two-tellings-are-one",
        ),
    ],
)
def test_an_article_telling_one_happening_twice_counts_once(rows, sources, folded):
    """A row holds one report per outlet; an article's second telling of a happening that
    other outlets confirm folds into it (its event id kept), never a second happening."""
    table = merged(*rows).sort_values("event_id")
    assert table["sources"].map(sorted).tolist() == sources
    assert table["folded"].tolist() == folded
    frame = schema.conform(rows)
    pd.testing.assert_frame_equal(
        merge.merge_group(frame), merge.merge_group(frame, exhaustive=True)
    )


def test_a_phase_the_taxonomy_does_not_know_is_refused():
    """A misspelt stage in the arcs table would make no stage join its happening, silently."""
    lexicon = dataclasses.replace(
        EN, raw={**EN.raw, "happening_arcs": {"phases": ["begin", "resumption"]}}
    )
    with pytest.raises(ValueError, match="resumption"):
        arcs.parse(lexicon, TAXONOMY)


def month_wide(article: str, action: str, expression: str, **given) -> dict:
    """A report whose date expression a page known only to July 2018 widened to the month."""
    row = report(article, action, "2018-07-01", granularity="month", **given)
    return row | {
        "end": pd.Timestamp("2018-08-01", tz="Asia/Bangkok"),
        "expression": expression,
        "timex_value": "2018-07",
    }


SUNDAY_ROW = [
    report("a", "rescue boys", "2018-07-08", groups=("boy",)),
    report("b", "rescue boys", "2018-07-08 17:40", granularity="time", groups=("boy",)),
]


@pytest.mark.parametrize(
    ("rows", "sources"),
    [
        pytest.param(
            [*SUNDAY_ROW, month_wide("c", "rescue", "Sunday")],
            [["a", "b", "c"]],
            id="a-weekday-read-as-its-month-joins-the-row-of-that-weekday",
        ),
        pytest.param(
            [*SUNDAY_ROW, month_wide("c", "rescue", "Sunday", groups=("boy",))],
            [["a", "b", "c"]],
            id="a-weekday-read-as-its-month-the-same-people",
        ),
        pytest.param(
            [
                *SUNDAY_ROW,
                month_wide("c", "rescue", "on the day")
                | {
                    "granularity": "fuzzy",
                    "start": pd.Timestamp("2018-06-01", tz="Asia/Bangkok"),
                    "timex_value": "XXXX-WXX-7",
                },
            ],
            [["a", "b", "c"]],
            id="a-sunday-of-no-known-week-read-as-two-months",
        ),
        pytest.param(
            [*SUNDAY_ROW, month_wide("c", "rescue", "Monday")],
            [["a", "b"], ["c"]],
            id="a-weekday-read-as-its-month-and-a-row-of-another-weekday",
        ),
        pytest.param(
            [*SUNDAY_ROW, month_wide("c", "rescue", "July")],
            [["a", "b"], ["c"]],
            id="a-month-naming-no-weekday",
        ),
        pytest.param(
            [*SUNDAY_ROW, month_wide("c", "rescue", "Sunday and Monday")],
            [["a", "b"], ["c"]],
            id="a-month-naming-two-weekdays",
        ),
        pytest.param(
            [SUNDAY_ROW[0], month_wide("c", "rescue", "Sunday")],
            [["a"], ["c"]],
            id="a-weekday-read-as-its-month-and-one-outlets-report",
        ),
        pytest.param(
            [month_wide("a", "rescue", "Sunday"), month_wide("c", "rescue", "Sunday")],
            [["a"], ["c"]],
            id="two-weekdays-read-as-their-month-give-no-day",
        ),
        pytest.param(
            [*SUNDAY_ROW, month_wide("c", "rescue", "Sunday", modality="scheduled")],
            [["a", "b"], ["c"]],
            id="a-plan-for-a-weekday-of-the-month-and-a-report-that-it-happened",
        ),
        pytest.param(
            [*SUNDAY_ROW, month_wide("c", "rescue", "Sunday", names=["Texas", "Houston"])],
            [["a", "b"], ["c"]],
            id="a-weekday-read-as-its-month-in-another-story",
        ),
    ],
)
def test_a_weekday_read_as_a_month_stands_in_for_its_day(rows, sources):
    """A "Sunday" on a page known only to its month is dated July; beside a row outlets have
    made of a Sunday of that month, the story's, it is a report of that row's happening."""
    table = merged(*rows)
    assert sorted(table["sources"].map(sorted).tolist()) == sources
    frame = schema.conform(rows)
    pd.testing.assert_frame_equal(
        merge.merge_group(frame), merge.merge_group(frame, exhaustive=True)
    )


def on_or_after(article: str, action: str, day: str, published: str, **given) -> dict:
    """A deed told as coming after one its sentence dates ("disappeared after entering the
    cave on June 23"): dated from that day to the publication, fuzzy, the value that day."""
    row = report(article, action, day, **given)
    return row | {
        "end": pd.Timestamp(published, tz="Asia/Bangkok") + pd.Timedelta(days=1),
        "granularity": "fuzzy",
        "expression": day,
        "timex_value": day,
    }


@pytest.mark.parametrize(
    ("rows", "sources"),
    [
        pytest.param(
            [
                on_or_after("a", "disappear", "2018-06-23", "2018-07-02"),
                report("b", "disappear", "2018-06-23"),
            ],
            [["a", "b"]],
            id="on-or-after-a-day-and-that-day-one-story-no-names",
        ),
        pytest.param(
            [
                on_or_after("a", "disappear", "2018-06-23", "2018-07-02"),
                on_or_after("b", "disappear", "2018-06-23", "2018-07-31"),
            ],
            [["a", "b"]],
            id="two-on-or-after-the-same-day",
        ),
        pytest.param(
            [
                on_or_after("a", "disappear", "2018-06-23", "2018-07-02"),
                report("b", "disappear", "2018-06-27"),
            ],
            [["a"], ["b"]],
            id="a-later-day-inside-the-period-does-not-stand-in-for-names",
        ),
        pytest.param(
            [
                on_or_after("a", "disappear", "2018-06-23", "2018-07-02"),
                report("b", "disappear", "2018-06-21"),
            ],
            [["a"], ["b"]],
            id="a-day-before-the-period",
        ),
        pytest.param(
            [
                on_or_after("a", "disappear", "2018-06-23", "2018-07-02")
                | {"timex_value": "2018-06-25"},
                report("b", "disappear", "2018-06-23"),
            ],
            [["a"], ["b"]],
            id="a-fuzzy-period-not-begun-on-the-day-its-words-name",
        ),
        pytest.param(
            [
                on_or_after("a", "disappear", "2018-06-23", "2018-07-02"),
                report("b", "disappear", "2018-06-23", names=["Texas", "Houston"]),
            ],
            [["a"], ["b"]],
            id="on-or-after-that-day-in-another-story",
        ),
    ],
)
def test_a_period_begun_on_a_named_day_stands_in_as_that_day(rows, sources):
    """A report dated on or after a day its words name, to the publication, is the day's
    report of its story's happening of that kind; a later day within the period agrees with it
    but is not close enough to stand in for names, and a day before it disagrees."""
    table = merged(*rows)
    assert sorted(table["sources"].map(sorted).tolist()) == sources
    assert not table["conflict"].any()
    frame = schema.conform(rows)
    pd.testing.assert_frame_equal(
        merge.merge_group(frame), merge.merge_group(frame, exhaustive=True)
    )


@pytest.mark.parametrize(
    ("day", "disagrees"),
    [
        pytest.param("2018-06-23", False, id="its-first-day"),
        pytest.param("2018-06-28", False, id="a-day-inside"),
        pytest.param("2018-07-02", False, id="the-publication-day"),
        pytest.param("2018-06-22", True, id="the-day-before"),
        pytest.param("2018-07-04", True, id="after-the-publication"),
    ],
)
def test_an_on_or_after_period_disagrees_only_with_days_outside_it(day, disagrees):
    period = on_or_after("a", "disappear", "2018-06-23", "2018-07-02")
    other = report("b", "disappear", day)
    working = [merge._working_copy({"reports": [r]})["reports"][0] for r in (period, other)]
    assert merge.disagree(*working) is disagrees
