"""Who takes part in an event: every named thing, kept whole, with its role and its kind;
never a dateline place, a news outlet passing the news on or a slogan in quotation marks."""

from __future__ import annotations

import pytest

from pipeline import articles, build


def _events(model, text: str):
    frame = articles.pasted_article(text, published="2025-10-08")
    result = build.build_frame(frame, [], model=model)
    assert result.rejected.empty, result.report.to_string()
    return result.events


def _participants(model, text: str) -> set[tuple[str, str, str]]:
    return {
        (p["name"], p["role"], p["kind"]) for ps in _events(model, text)["participants"] for p in ps
    }


@pytest.mark.parametrize(
    "text, present, absent",
    [
        (
            "Israeli forces struck Hamas targets in Gaza on Monday.",
            [("Israel", "agent", "country"), ("Hamas", "target", "organisation")],
            [],
        ),
        (
            "Israel accused Hamas of violating the ceasefire.",
            [("Israel", "agent", "country"), ("Hamas", "target", "organisation")],
            [],
        ),
        (
            "The Standard & Poor's 500 index fell 2% on Monday.",
            [("Standard & Poor's 500", "agent", "index")],
            ["Standard", "Poor"],
        ),
        (
            "The Nikkei rose on Tuesday and the Dow Jones Industrial Average fell.",
            [("Nikkei", "agent", "index"), ("Dow Jones", "agent", "index")],
            [],
        ),
        (
            "Singapore Airlines flew the first Airbus A380 to Sydney on Thursday.",
            [
                ("Singapore Airlines", "agent", "organisation"),
                ("Airbus A380", "participant", "vehicle"),
            ],
            [],
        ),
        (
            "Emirates ordered 20 Boeing 777 jets on Sunday.",
            [("Boeing 777", "participant", "vehicle")],
            ["Boeing"],
        ),
        (
            "Apple unveiled the iPhone 3G on Monday.",
            [("Apple", "agent", "organisation"), ("iPhone 3G", "participant", "product")],
            [],
        ),
        (
            "The summit was hosted by Egypt on Monday.",
            [("Egypt", "agent", "country")],
            [],
        ),
        (
            "Hamas confirmed that its delegation, led by senior negotiator Khalil al-Hayya, "
            "had arrived in Egypt.",
            [("Hamas", "reporter", "organisation"), ("Khalil al-Hayya", "agent", "person")],
            [],
        ),
        (
            "CAIRO (Reuters) - Egyptian mediators met Hamas leaders on Tuesday.",
            [("Egypt", "agent", "country"), ("Hamas", "participant", "organisation")],
            ["Cairo", "CAIRO", "Reuters"],
        ),
        (
            'Protesters chanted "PEACE" outside the embassy in London on Friday.',
            [],
            ["PEACE"],
        ),
        # people named by what they are take part as groups, known by the noun
        (
            "Rescuers found all 12 boys and their soccer coach alive on Monday.",
            [("rescuer", "agent", "group"), ("boy", "participant", "group")],
            [],
        ),
        (
            "The boys were found by British divers on Monday.",
            [("boy", "participant", "group"), ("diver", "agent", "group")],
            [],
        ),
        (
            "Officials said the boys were rescued on Sunday.",
            [("boy", "participant", "group")],
            ["official"],
        ),
        (
            "The Thai Navy SEALs brought out four boys at 5am BST on Sunday.",
            [("boy", "participant", "group")],
            ["BST", "seal"],
        ),
        # a place named inside a phrase saying where takes no part: it is where
        (
            "The coach was brought out of the cave, near the border with Myanmar, on Tuesday.",
            [("coach", "participant", "group")],
            ["Myanmar"],
        ),
        (
            "Egyptian mediators met Hamas leaders near the border with Israel on Tuesday.",
            [("Egypt", "agent", "country"), ("Hamas", "participant", "organisation")],
            ["Israel"],
        ),
        (
            "Mediators from Egypt met Hamas leaders in Cairo on Tuesday.",
            [("Egypt", "participant", "country")],
            [],
        ),
    ],
)
def test_who_takes_part_and_how(model, text, present, absent):
    found = _participants(model, text)
    assert set(present) <= found, found
    assert not {name for name, _, _ in found} & set(absent), found


@pytest.mark.parametrize(
    "text, action",
    [
        # read as the plural of "job" at the start of a sentence
        ("Steve Jobs gave the keynote. Jobs welcomed everyone to the event.", "welcome"),
    ],
)
def test_a_bare_surname_of_someone_named_in_full_is_that_person(model, text, action):
    found = _events(model, text)
    event = found[found["action"].str.split().str[0] == action].iloc[0]
    assert {(p["name"], p["role"], p["kind"]) for p in event["participants"]} >= {
        ("Steve Jobs", "agent", "person")
    }, event["participants"]


@pytest.mark.parametrize(
    "text, name",
    [
        ("The Fed raised interest rates on Wednesday.", "Federal Reserve"),
        ("Fritz Henderson resigned on Monday.", "Frederick Henderson"),
        ("The S&P 500 fell 2% on Monday.", "Standard & Poor's 500"),
    ],
)
def test_an_alias_joins_its_canonical_name(model, text, name):
    events = _events(model, text)
    assert name in {a for actors in events["actors"] for a in actors}
    assert name in {p["name"] for ps in events["participants"] for p in ps}


@pytest.mark.parametrize(
    "text, action, groups",
    [
        ("The boys were trapped on June 23. They were found alive on Monday.", "find", {"boy"}),
        ("Four more will join four other boys who were rescued on Sunday.", "rescue", {"boy"}),
        ("Twelve boys and their coach were found. They left on Monday.", "leave", {"boy", "coach"}),
        ("The company was founded in 1976. They left on Monday.", "leave", set()),
        ("The boys were trapped. Four were rescued on Sunday.", "rescue", {"boy"}),
    ],
)
def test_a_who_or_they_stands_for_the_group_named(model, text, action, groups):
    found = _events(model, text)
    row = found[found["action"].str.startswith(action)].iloc[0]
    assert {p["name"] for p in row["participants"] if p["kind"] == "group"} == groups


def test_a_group_takes_part_but_is_no_name_to_filter_by(model):
    found = _events(model, "Divers rescued four boys and their coach on Sunday.")
    row = found[found["action"].str.startswith("rescue")].iloc[0]
    assert {p["name"] for p in row["participants"] if p["kind"] == "group"} >= {"diver", "boy"}
    assert not {"diver", "boy", "coach"} & set(row["actors"])


def test_actors_are_the_participants_names(sample_build):
    for actors, participants in zip(
        sample_build.events["actors"], sample_build.events["participants"], strict=True
    ):
        assert set(actors) <= {p["name"] for p in participants}


@pytest.mark.parametrize(
    "text, action, name, role",
    [
        ("Steve Jobs spoke on Monday. He unveiled the iPhone.", "unveil", "Steve Jobs", "agent"),
        (
            "Apple sold a million phones. The company raised its forecast.",
            "raise",
            "Apple",
            "agent",
        ),
        ("Apple released a phone in June. It sold a million units.", "sell", "Apple", "agent"),
        (
            "Steve Jobs spoke. He thanked the staff. He left early. Later he met Bono. "
            "In 1986 he bought Pixar.",
            "buy",
            "Steve Jobs",
            "agent",
        ),
        ("The plan was announced on Monday. He rejected it.", "reject", None, None),
    ],
)
def test_a_pronoun_or_the_company_stands_for_the_name_before_it(model, text, action, name, role):
    found = _events(model, text)
    event = found[found["action"].str.startswith(action)].iloc[0]
    listed = {p["name"]: p["role"] for p in event["participants"]}
    if name is None:
        assert listed == {}
    else:
        assert listed.get(name) == role, listed


# four sentences, then a "he": past the window a pronoun reads within
_FOUR_LATER = (
    " The cave lies under a mountain. Rain flooded it. The water rose fast. Pumps ran all night."
    " He died on Friday."
)


@pytest.mark.parametrize(
    ("text", "action", "name"),
    [
        # the only person named so far is whom a "he" tells of, however far back
        ("Saman Kunan joined the rescue." + _FOUR_LATER, "die", "Saman Kunan"),
        ("Kunan joined. Saman Kunan swam." + _FOUR_LATER, "die", "Saman Kunan"),
        # two people named: beyond the window the "he" stays unread
        ("Saman Kunan met Elon Musk." + _FOUR_LATER, "die", None),
        # nobody named: nothing to stand for
        (_FOUR_LATER.strip(), "die", None),
    ],
)  # fmt: skip
def test_a_pronoun_far_from_the_only_person_named_stands_for_them(model, text, action, name):
    found = _events(model, text)
    event = found[found["action"].str.startswith(action)].iloc[0]
    people = {p["name"] for p in event["participants"] if p["kind"] == "person"}
    assert people == ({name} if name else set()), people


@pytest.mark.parametrize(
    ("text", "groups"),
    [
        # people set beside the group, joined to them, or counted out of it are that group
        ("All 9 members of the crew, 7 sailors and a cook, were rescued on Monday.",
         {"member", "crew", "sailor"}),
        ("A second group of four miners emerged from the mine on Monday.", {"miner"}),
    ],
)  # fmt: skip
def test_a_group_is_every_noun_standing_for_it(model, text, groups):
    found = _events(model, text)
    named = {p["name"] for row in found["participants"] for p in row if p["kind"] == "group"}
    assert groups <= named, named


def test_a_place_name_taken_for_a_person_takes_no_part(model):
    found = _events(model, "All the hikers were rescued from Jenny Lind gorge on Monday.")
    assert not any(found["actors"].map(len)), found[["action", "actors"]].to_string()
