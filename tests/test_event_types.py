"""What kind of event each clause reports: a type from the lexicon's taxonomy and a class,
so a view of what happened can leave states and commentary out without losing them."""

from __future__ import annotations

import pytest

from pipeline import articles, build
from pipeline.language import event_types
from pipeline.language.lexicon import load


def _events(model, text: str):
    frame = articles.pasted_article(text, published="2025-10-08")
    result = build.build_frame(frame, [], model=model)
    assert result.rejected.empty, result.report.to_string()
    return result.events


@pytest.mark.parametrize(
    "text, action, event_type, event_class",
    [
        ("Negotiators met in Cairo on Tuesday.", "meet", "meet", "happening"),
        ("Negotiators held talks in Cairo on Tuesday.", "hold", "meet", "happening"),
        ("The delegation arrived in Egypt on Sunday.", "arrive", "arrive", "happening"),
        ("Ron Dermer departed for Cairo late Wednesday.", "depart", "depart", "happening"),
        ("Israeli troops pulled out of Khan Younis.", "pull", "withdraw", "happening"),
        ("The two sides signed the agreement on Thursday.", "sign", "sign", "happening"),
        ("The army launched an offensive in the north.", "launch", "attack", "happening"),
        ("Hamas released 20 hostages on Monday.", "release", "release", "happening"),
        ("Thousands protested in Tel Aviv on Saturday.", "protest", "protest", "happening"),
        ("Apple bought the company for $400 million.", "buy", "buy", "happening"),
        ("Apple reported a quarterly profit on Tuesday.", "report", "report_results", "happening"),
        ("Shares of Apple fell 3% on Monday.", "fall", "change", "happening"),
        ("The Senate approved the bill on Friday.", "approve", "approve", "happening"),
        ("Hamas rejected the proposal.", "reject", "reject", "happening"),
        ("Apple announced the iPhone on Monday.", "announce", "announce", "happening"),
        # one happening told with different verbs: one type, so its reports can merge
        ("The diver died on Friday.", "die", "die", "happening"),
        ("The diver passed away on Friday.", "pass", "die", "happening"),
        ("The diver lost his life on Friday.", "lose", "die", "happening"),
        ("Divers rescued four boys on Sunday.", "rescue", "rescue", "happening"),
        ("Divers brought out four boys on Sunday.", "bring", "rescue", "happening"),
        ("The boys disappeared on June 23.", "disappear", "go_missing", "happening"),
        ("Flooding trapped the boys on June 23.", "trap", "go_missing", "happening"),
        ("British divers found the boys on Monday.", "find", "find", "happening"),
        ("British divers discovered the boys on Monday.", "discover", "find", "happening"),
        # the rest of what news of accidents, rescues and deaths tells, idioms included
        ("The first four were safely evacuated on Sunday.", "evacuate", "rescue", "happening"),
        ("Four were brought to the surface on Sunday.", "bring", "rescue", "happening"),
        ("The first boy emerged from the cave at 5.40pm.", "emerge", "rescue", "happening"),
        ("The boys went missing on June 23.", "go", "go_missing", "happening"),
        ("The boys were reported missing on Saturday.", "report", "go_missing", "happening"),
        ("Twelve members became trapped on June 23.", "trap", "go_missing", "happening"),
        ("Volunteers searched the hills on Monday.", "search", "search", "happening"),
        ("The diver passed out during a dive.", "pass", "injure", "happening"),
        ("The diver lost consciousness on Friday.", "lose", "injure", "happening"),
        ("He was declared dead a short time later.", "declare", "die", "happening"),
        ("The boys were hospitalised on Tuesday.", "hospitalise", "hospitalise", "happening"),
        (
            "The boys were released from the hospital on Wednesday.",
            "release",
            "discharge",
            "happening",
        ),
        ("The boys left hospital on Wednesday.", "leave", "discharge", "happening"),
        ("Hamas freed 20 hostages on Monday.", "free", "release", "happening"),
        ("The delegation left Cairo on Wednesday.", "leave", "depart", "happening"),
        ("The visit underscores pressure on Hamas.", "underscore", "commentary", "commentary"),
        ("The talks reflect a change in mood.", "reflect", "commentary", "commentary"),
        ("Many Israelis believe the war is over.", "believe", "commentary", "commentary"),
        ("Israel remains committed to the deal.", "remain", "state", "state"),
        ("The company has 3,000 employees.", "have", "state", "state"),
        ("The deal requires verification by monitors.", "require", "state", "state"),
        ("The talks follow months of stalemate.", "follow", "state", "state"),
        ("Officials understand the risks.", "understand", "commentary", "commentary"),
        # a verb that only says something took place is the event its subject names
        ("The talks took place in Cairo on Tuesday.", "take", "meet", "happening"),
        ("The discussions are expected to take place in Cairo.", "take", "meet", "happening"),
        # only a light verb's meaning is its object's
        ("The proposal outlines a withdrawal of troops.", "outline", "other", "happening"),
        ("The meeting was bolstered by a new channel.", "bolster", "other", "happening"),
        # an idiom of a verb and its object: a manner of speaking, not an attack
        ("Trump struck a conciliatory tone on Monday.", "strike", "commentary", "commentary"),
    ],
)
def test_a_clause_has_the_type_its_words_say(model, text, action, event_type, event_class):
    found = _events(model, text)
    event = found[found["action"].str.startswith(action)].iloc[0]
    assert (event["event_type"], event["event_class"]) == (event_type, event_class)


def test_a_saying_is_a_reporting_event_only_while_it_reports_something(model):
    found = _events(model, "Hamas warned that the talks would collapse.")
    assert set(found["event_class"]) <= set(event_types.EVENT_CLASSES)
    assert "happening" not in set(found.loc[found["action"].str.startswith("warn"), "event_class"])


def test_states_and_commentary_stay_in_the_table(sample_build):
    classes = set(sample_build.events["event_class"])
    assert {"happening", "commentary"} <= classes
    assert set(sample_build.events["event_type"]) <= set(event_types.EVENT_TYPES)


@pytest.mark.parametrize(
    "event_type",
    [
        "meet", "travel", "arrive", "depart", "agree", "sign", "announce", "state_said",
        "approve", "vote", "release", "attack", "protest", "accuse", "reject", "threaten",
        "propose", "plan", "begin", "end", "resume", "suspend", "buy", "sell",
        "report_results", "state", "commentary", "other",
    ],
)  # fmt: skip
def test_the_taxonomy_has_the_types_news_timelines_are_made_of(event_type):
    assert event_type in event_types.TAXONOMY.types


def test_every_reporting_verb_has_a_type():
    for verb in load().reporting_verbs:
        assert event_types.TAXONOMY.of_verb(verb).id != event_types.FALLBACK_TYPE, verb


def test_a_word_two_types_claim_is_refused_and_named():
    data = dict(load().raw)
    types = dict(data["event_types"])
    types["gathering"] = {"class": "happening", "verbs": ["meet"]}
    data["event_types"] = types
    from pipeline.language.lexicon import parse

    with pytest.raises(ValueError, match="'meet'"):
        event_types.parse(parse(data))


def test_a_type_with_an_unknown_class_is_refused():
    data = dict(load().raw)
    data["event_types"] = dict(data["event_types"]) | {"rumour": {"class": "gossip"}}
    from pipeline.language.lexicon import parse

    with pytest.raises(ValueError, match="rumour"):
        event_types.parse(parse(data))


def test_a_way_out_two_types_claim_is_refused_and_named():
    data = dict(load().raw)
    types = dict(data["event_types"])
    types["escape"] = {"class": "happening", "out_verbs": ["emerge"], "out_of": ["cave"]}
    data["event_types"] = types
    from pipeline.language.lexicon import parse

    with pytest.raises(ValueError, match="'emerge' out of 'cave'"):
        event_types.parse(parse(data))
