"""Who did what where, read sentence by sentence.

Actors, venue, modality and the date each event takes.
"""

from __future__ import annotations

import pandas as pd
import pytest

from pipeline import articles, build
from pipeline.language.arcs import ARCS


def events_of(model, text: str, published: str = "2025-10-08") -> pd.DataFrame:
    frame = articles.pasted_article(text, published=published)
    result = build.build_frame(frame, [], model=model)
    assert result.rejected.empty, result.report.to_string()
    return result.events


def main_event(model, text: str, published: str = "2025-10-08"):
    """The event of the sentence's main verb, beside those of its other clauses; when that
    verb is a saying, the event it reports."""
    verb = model(text)[:].root.lemma_
    every = events_of(model, text, published)
    found = every[every["action"].str.split().str[0] == verb]
    assert len(found) == 1, (verb, every[["action", "actors", "venue"]].to_string())
    if found.iloc[0]["event_class"] == "reporting" and pd.notna(found.iloc[0]["reported_event"]):
        found = every[every["event_id"] == found.iloc[0]["reported_event"]]
    return found.iloc[0]


def only_event(model, text: str, published: str = "2025-10-08"):
    """The one event a sentence reports besides its sayings (each its own reporting event)."""
    found = events_of(model, text, published)
    found = found[found["event_class"] != "reporting"]
    assert len(found) == 1, found[["action", "actors", "venue"]].to_string()
    return found.iloc[0]


@pytest.mark.parametrize(
    "text, actors, venue",
    [
        (
            "A delegation led by Strategic Affairs Minister Ron Dermer departed for Cairo late "
            "Wednesday.",
            ["Ron Dermer"],
            "Cairo",
        ),
        (
            "The intelligence heads of Egypt and Turkey also traveled to Sharm El-Sheikh on "
            "Wednesday.",
            ["Egypt", "Turkey"],
            "Sharm El-Sheikh",
        ),
        (
            "Top officials from several countries converged on the Red Sea resort town of Sharm "
            "El-Sheikh on Wednesday.",
            [],
            "Sharm El-Sheikh",
        ),
        (
            "Hamas confirmed that its delegation, led by senior negotiator Khalil al-Hayya, had "
            "arrived in Egypt.",
            ["Hamas", "Khalil al-Hayya"],
            "Egypt",
        ),
        (
            "US special envoy Steve Witkoff and Jared Kushner are set to join the talks in "
            "Cairo, Egypt, on Wednesday.",
            ["Steve Witkoff", "Jared Kushner"],
            "Cairo",
        ),
        (
            "U.S. President Donald Trump praised Turkish President Recep Tayyip Erdogan on Sunday.",
            ["Donald Trump", "Recep Tayyip Erdogan"],
            None,
        ),
    ],
)
def test_actors_and_venue(model, text, actors, venue):
    event = only_event(model, text)
    assert set(actors) <= set(event["actors"])
    assert (event["venue"] if pd.notna(event["venue"]) else None) == venue


@pytest.mark.parametrize(
    "text, modality",
    [
        ("Steve Witkoff is set to join the talks in Cairo on Wednesday.", "scheduled"),
        ("Witkoff and Kushner were scheduled to arrive in Egypt on Wednesday.", "scheduled"),
        ("Qatar's prime minister will also attend the Cairo talks.", "scheduled"),
        ("The discussions are anticipated to take place in Cairo in the coming days.", "expected"),
        ("A deal could be reached by the end of the week.", "expected"),
        (
            "The Times of Israel reported that Netanyahu has been working to persuade his allies.",
            "claimed",
        ),
        ("Hamas confirmed that its delegation had arrived in Egypt.", "happened"),
        (
            "The intelligence heads of Egypt and Turkey traveled to Sharm El-Sheikh on Wednesday.",
            "happened",
        ),
    ],
)
def test_modality(model, text, modality):
    assert only_event(model, text)["modality"] == modality


@pytest.mark.parametrize(
    "text",
    [
        "Skip to main content",
        "Leave a comment",
        "Donate to ALL ISRAEL NEWS",
        "Popular Articles",
        "Photo by Erik Marmor/Flash90",
        "Receive latest news & updates",
    ],
)
def test_page_furniture_yields_no_event(model, text):
    story = "Negotiators met in Cairo on Tuesday and agreed to resume the talks."
    found = events_of(model, f"{text}\n\n{story}")
    assert set(found["sentence"]) == {story}


def test_event_without_a_date_expression_happened_by_publication_and_says_so(model):
    """An open interval ending with the publication day, never a point on that day."""
    event = only_event(
        model, "Hamas confirmed that its delegation had arrived in Egypt.", published="2025-10-06"
    )
    assert event["date_basis"] == "publication"
    assert pd.isna(event["start"])
    assert event["end"].tz_convert(event["timezone"]).isoformat() == "2025-10-07T00:00:00+03:00"
    assert event["granularity"] == "day"
    assert "publication" in event["explanation"]


def test_month_known_publication_gives_a_month_not_a_day(model):
    event = only_event(
        model, "Hamas confirmed that its delegation had arrived in Egypt.", published="2024-01"
    )
    assert event["granularity"] == "month" and pd.isna(event["start"])
    assert event["end"].tz_convert(event["timezone"]).date().isoformat() == "2024-02-01"


def test_unknown_publication_leaves_the_event_undated(model):
    event = only_event(
        model, "Hamas confirmed that its delegation had arrived in Egypt.", published=""
    )
    assert pd.isna(event["start"]) and event["granularity"] == "unknown"


def test_the_clause_own_date_wins_over_another_in_the_sentence(model):
    text = "Witkoff visited Tel Aviv on August 2, 2025, and Kushner arrived in Cairo on Wednesday."
    found = events_of(model, text).set_index("action")
    visit = found[found.index.str.startswith("visit")].iloc[0]
    arrival = found[found.index.str.startswith("arrive")].iloc[0]
    assert visit["start"].tz_convert(visit["timezone"]).date().isoformat() == "2025-08-02"
    assert arrival["start"].tz_convert(arrival["timezone"]).date().isoformat() == "2025-10-08"


def test_event_ids_are_stable_across_builds(model):
    text = "Negotiators met in Cairo on Tuesday and agreed to resume the talks."
    assert list(events_of(model, text)["event_id"]) == list(events_of(model, text)["event_id"])


@pytest.mark.parametrize(
    "heading",
    [
        "Hamas: “We Need Real Guarantees”",
        "Trump: “There’s a Possibility for Peace in the Middle East”",
        "Regional Powers Step In",
        "Israel's Dermer, Qatar's PM and Egyptian & Turkish intel chiefs join the talks",
    ],
)
def test_headings_yield_no_event(model, heading):
    story = "Negotiators met in Cairo on Tuesday and agreed to resume the talks."
    found = events_of(model, f"{heading}\n{story}")
    assert set(found["sentence"]) == {story}


@pytest.mark.parametrize(
    "text",
    [
        "The war, which began after the October 7, 2023 Hamas attacks, has left Gaza devastated.",
        "Their participation marks a major push, following a second day of talks on Tuesday that "
        "ended without progress.",
    ],
)
def test_a_date_naming_another_event_does_not_date_this_one(model, text):
    main = main_event(model, text, published="2025-10-08")
    assert main["date_basis"] == "publication", main["explanation"]


def test_a_report_is_dated_by_its_own_day(model):
    text = (
        "Majed al-Ansari told the Saudi news outlet Al-Arabiya on Wednesday that guarantees "
        "would be needed."
    )
    event = only_event(model, text)
    assert "Majed al-Ansari" in event["actors"]
    assert event["start"].tz_convert(event["timezone"]).date().isoformat() == "2025-10-08"


def _corpus(tmp_path, *texts: str):
    for number, text in enumerate(texts):
        (tmp_path / f"a{number}.txt").write_text(
            f"---\nid: a{number}\npublished: 2025-10-08\n---\n{text}", encoding="utf-8"
        )
    return tmp_path


def test_an_unnamed_place_is_the_one_named_place_that_fits_its_description(tmp_path, model):
    folder = _corpus(
        tmp_path,
        "Officials converged on the Red Sea resort town of Sharm El-Sheikh on Wednesday.",
        "An Israeli delegation led by Ron Dermer arrived in the Egyptian resort town on Monday.",
    )
    found = build.build([folder], model=model).events.set_index("article_id")
    assert found.loc["a1", "venue"] == "Sharm El-Sheikh"


def test_an_unnamed_place_that_fits_several_stays_unnamed(tmp_path, model):
    folder = _corpus(
        tmp_path,
        "Officials converged on the Red Sea resort town of Sharm El-Sheikh on Wednesday.",
        "Tourists flocked to the resort town of Hurghada on Thursday.",
        "An Israeli delegation led by Ron Dermer arrived in the resort town on Monday.",
    )
    found = build.build([folder], model=model).events.set_index("article_id")
    assert pd.isna(found.loc["a2", "venue"])


# Sentence-level promises, one table per concern. Every case pins its publication day
# (2025-10-08, a Wednesday, unless the row says otherwise) so relative dates are fixed.


def _local_day(event) -> str | None:
    """The event's first local day; for one that happened by publication (an open interval),
    the day the interval closes on."""
    if pd.isna(event["start"]):
        if event["date_basis"] != "publication" or pd.isna(event["end"]):
            return None
        last = event["end"].tz_convert(event["timezone"]) - pd.Timedelta(microseconds=1)
        return last.date().isoformat()
    return event["start"].tz_convert(event["timezone"]).date().isoformat()


@pytest.mark.parametrize(
    "text, present, absent",
    [
        # titles and possessive affiliations: the named person acts, not the ministry that
        # employs them
        (
            "Qatar's Foreign Ministry spokesman Majed al-Ansari said on Tuesday that the talks "
            "would continue.",
            ["Majed al-Ansari"],
            ["Qatar", "Foreign Ministry"],
        ),
        (
            "Egypt's intelligence chief Hassan Rashad hosted the meeting on Tuesday.",
            ["Hassan Rashad"],
            ["Egypt"],
        ),
        # apposition: the person named beside a title
        (
            "The Egyptian president, Abdel Fattah el-Sisi, received the delegation in Cairo on "
            "Monday.",
            ["Abdel Fattah el-Sisi"],
            [],
        ),
        # coordinated subjects, and the other party of the meeting
        (
            "Witkoff and Kushner met Netanyahu in Jerusalem on Sunday.",
            ["Witkoff", "Kushner", "Netanyahu"],
            [],
        ),
        # passive agent
        ("The Israeli delegation was received by Sisi in Cairo on Monday.", ["Sisi"], []),
        # countries and organisations side by side
        (
            "Mediators from Egypt, Qatar and Turkey met Hamas negotiators in Sharm El-Sheikh on "
            "Tuesday.",
            ["Egypt", "Qatar", "Turkey", "Hamas"],
            ["Sharm El-Sheikh"],
        ),
        # news outlets that only pass the news on are not actors
        ("Al Jazeera reported that Hamas had accepted the proposal.", ["Hamas"], ["Al Jazeera"]),
        (
            "The Jerusalem Post reported that Israel had approved the list of prisoners.",
            ["Israel"],
            ["Jerusalem Post"],
        ),
        (
            "Israeli troops withdrew from Khan Younis on Friday, according to Reuters.",
            [],
            ["Reuters", "Khan Younis"],
        ),
        (
            "US Secretary of State Marco Rubio told CNN on Sunday that the hostages would be "
            "released soon.",
            ["Marco Rubio"],
            ["CNN"],
        ),
        # a name inside a relative clause, or deep in a phrase, did not take part
        (
            "Netanyahu, who met Trump in Washington last week, returned to Jerusalem on Tuesday.",
            ["Netanyahu"],
            ["Trump"],
        ),
        (
            "The announcement came at a press conference hosted by the White House on Friday.",
            [],
            ["White House"],
        ),
        ("Many buyers had trouble connecting to Apple's website on Tuesday.", [], ["Apple"]),
        # a dateline names where the report was filed, not who acted
        (
            "CAIRO (Reuters) - Negotiators met on Tuesday to discuss the ceasefire.",
            [],
            ["CAIRO", "Cairo", "Reuters"],
        ),
    ],
)
def test_who_took_part(model, text, present, absent):
    event = main_event(model, text)
    listed = set(event["actors"])
    assert set(present) <= listed, listed
    assert not set(absent) & listed, listed


@pytest.mark.parametrize(
    "text, venue",
    [
        ("The talks will resume in Doha next week.", "Doha"),
        ("Negotiators gathered at Al-Ittihadiya Palace on Monday.", "Al-Ittihadiya Palace"),
        ("Qatar's prime minister flew to Cairo on Tuesday.", "Cairo"),
        ("Israeli troops withdrew from Khan Younis on Friday.", "Khan Younis"),
        ("The prime minister flew from Jerusalem to Washington on Sunday.", "Washington"),
        ("Officials gathered in the coastal city of Alexandria on Thursday.", "Alexandria"),
        (
            "The summit took place in the Red Sea resort town of Sharm El-Sheikh, Egypt.",
            "Sharm El-Sheikh",
        ),
        ("The envoys held talks in Cairo, Egypt, on Monday.", "Cairo"),
        # no venue: the dateline is where the report was filed; "from Egypt" says who, not where
        ("CAIRO (Reuters) - Negotiators met on Tuesday to discuss the ceasefire.", None),
        ("Mediators from Egypt joined the talks on Wednesday.", None),
        # a place in a relative clause is where that other thing happened
        (
            "The delegation, which arrived in Cairo on Sunday, met Egyptian mediators on Tuesday.",
            None,
        ),
        ("Trump praised Erdogan for his help with Hamas.", None),
    ],
)
def test_where_it_happened(model, text, venue):
    event = main_event(model, text)
    assert (event["venue"] if pd.notna(event["venue"]) else None) == venue


def test_a_place_named_as_a_country_part_is_not_an_actor(model):
    event = only_event(
        model, "The summit took place in the Red Sea resort town of Sharm El-Sheikh, Egypt."
    )
    assert "Egypt" not in set(event["actors"])


@pytest.mark.parametrize(
    "text, modality",
    [
        (
            "The two sides are scheduled to sign the agreement in Sharm El-Sheikh on Thursday.",
            "scheduled",
        ),
        ("The talks will resume in Doha next week.", "scheduled"),
        ("Netanyahu plans to travel to Washington later this month.", "scheduled"),
        ("Trump said he would travel to the Middle East this weekend.", "scheduled"),
        (
            "Israeli Prime Minister Benjamin Netanyahu is expected to address the Knesset on "
            "Monday.",
            "expected",
        ),
        ("If the deal holds, hostages could be released within days.", "expected"),
        ("Hamas claimed that Israeli strikes killed 30 people in Gaza City on Tuesday.", "claimed"),
        ("Hamas denied that its fighters had attacked the convoy.", "claimed"),
        ("Israeli troops withdrew from Khan Younis on Friday, according to the army.", "claimed"),
        (
            "Hamas and Israel agreed on the first phase of the plan on Wednesday, officials said.",
            "claimed",
        ),
        ("Egypt announced that the crossing had reopened on Tuesday.", "happened"),
        ("Witkoff and Kushner met Netanyahu in Jerusalem on Sunday.", "happened"),
    ],
)
def test_how_sure_the_report_is(model, text, modality):
    assert only_event(model, text)["modality"] == modality


def test_saying_a_state_of_affairs_is_the_event(model):
    """ "a deal was very close" happens nowhere: the saying is what took place, and where."""
    found = events_of(
        model, "Speaking to reporters in Washington on Tuesday, Trump said a deal was very close."
    )
    assert len(found) == 1
    event = found.iloc[0]
    assert event["action"].startswith("say") and event["modality"] == "happened"
    assert event["event_class"] == "reporting" and pd.isna(event["reported_event"])
    assert "Trump" in set(event["actors"]) and event["venue"] == "Washington"


@pytest.mark.parametrize(
    "text, published, day, basis",
    [
        # the clause's own expression
        ("Witkoff met Netanyahu in Jerusalem on Sunday.", "2025-10-08", "2025-10-05", "expression"),
        # a date in an "after" clause is the earliest the other event can be
        (
            "The delegation arrived in Cairo after the talks collapsed on Tuesday.",
            "2025-10-08",
            "2025-10-07",
            "expression",
        ),
        (
            "The delegation returned to Doha before the talks resumed on Monday.",
            "2025-10-08",
            "2025-10-08",
            "publication",
        ),
        # a date in a relative clause belongs there
        (
            "The delegation, which arrived in Cairo on Sunday, met Egyptian mediators.",
            "2025-10-08",
            "2025-10-08",
            "publication",
        ),
        (
            "The delegation, which arrived in Cairo on Sunday, met Egyptian mediators on Tuesday.",
            "2025-10-08",
            "2025-10-07",
            "expression",
        ),
        # a year that only qualifies the object names another event
        (
            "The new settlement replaces the 1991 agreement between the two companies.",
            "2007-02-06",
            "2007-02-06",
            "publication",
        ),
        # no expression: the publication, marked as such
        (
            "Hamas confirmed that its delegation had arrived in Egypt.",
            "2025-10-06",
            "2025-10-06",
            "publication",
        ),
        # a window ending or opening at publication dates the clause by its span, though TimeML
        # calls it a length
        (
            "Fighting has intensified in Gaza City in recent weeks.",
            "2025-10-08",
            "2025-09-10",
            "expression",
        ),
        (
            "Hostages could be released from Gaza within days.",
            "2025-10-08",
            "2025-10-08",
            "expression",
        ),
        # ... but not a window counted from another event
        (
            "Within a month of the launch, Apple unveiled a new phone on Monday.",
            "2025-10-08",
            "2025-10-06",
            "expression",
        ),
        # the state a happening left, "since" the day it happened
        (
            "The boys have been trapped in the cave since June 23.",
            "2018-07-09",
            "2018-06-23",
            "expression",
        ),
        (
            "The journalist has been detained in Tehran since Monday.",
            "2025-10-08",
            "2025-10-06",
            "expression",
        ),
        # ... but a bare perfect counts from then on, and "since" dates nothing
        (
            "The envoys have met three times since June.",
            "2025-10-08",
            "2025-10-08",
            "publication",
        ),
    ],
)
def test_which_date_an_event_takes(model, text, published, day, basis):
    event = main_event(model, text, published=published)
    assert (_local_day(event), event["date_basis"]) == (day, basis), event["explanation"]


def test_the_sentence_date_serves_a_clause_without_one(model):
    found = events_of(
        model,
        "On Tuesday, Israel said Hamas had handed over the list, and Egypt confirmed it had "
        "received it.",
    )
    assert len(found[found["event_class"] != "reporting"]) == 2
    assert {_local_day(e) for _, e in found.iterrows()} == {"2025-10-07"}


@pytest.mark.parametrize(
    "text, actions",
    [
        # a saying is an event of its own beside what it reports
        (
            "Hamas confirmed that its delegation, led by senior negotiator Khalil al-Hayya, had "
            "arrived in Egypt.",
            ["arrive", "confirm"],
        ),
        (
            "Apple stated that it had signed a contract with the carrier.",
            ["sign", "state"],
        ),
        # a plan folds into what is planned; a purpose is no happening of its own
        ("Steve Witkoff is set to join the talks in Cairo on Wednesday.", ["join"]),
        ("Negotiators met in Cairo on Tuesday to discuss the second phase.", ["meet"]),
        # a decision and what it decides are two
        ("Israel and Hamas agreed to meet in Cairo.", ["agree", "meet"]),
        # clauses joined with their own subject, or sharing one, are events of their own
        (
            "Witkoff visited Tel Aviv on August 2, 2025, and Kushner arrived in Cairo on "
            "Wednesday.",
            ["arrive", "visit"],
        ),
        ("Negotiators met in Cairo on Tuesday and signed the deal.", ["meet", "sign"]),
        # a subordinate clause with its own subject reports its own happening
        ("The delegation arrived in Cairo after the talks collapsed.", ["arrive", "collapse"]),
        ("The summit, which Sisi hosted, ended on Monday.", ["end", "host"]),
        # a participle telling of a name with its own place or date is an event
        ("Steve Jobs, born in San Francisco in 1955, built Apple.", ["bear", "build"]),
        # a condition is no happening
        ("If the deal holds, hostages could be released within days.", ["release"]),
        # a saying or a deed "while" another, as a participle, is an event of its subject's
        (
            "Jobs dismissed the complaints, saying that all phones have the problem.",
            ["dismiss", "have", "say"],
        ),
        ("While introducing the phone, Jobs praised its design.", ["introduce", "praise"]),
        # a participle telling a consequence is no deed of its own
        ("Apple cut prices, allowing more buyers to afford the phone.", ["cut"]),
        # an idiom's complement is part of its event, not a claim below a saying
        (
            "Relatives have kept vigil since the boys were reported missing on Saturday.",
            ["keep", "report"],
        ),
        ("The boys were reported missing on Saturday.", ["report"]),
        # a named event with a date of its own is an event
        ("Monday's talks ended without agreement.", ["end", "talks"]),
        # ... and so is one whose doer owns it, named or a pronoun standing for one
        ("Steve Jobs told the board of his resignation.", ["resignation", "tell"]),
        ("The chief executive announced his medical leave.", ["announce", "leave"]),
        # an event noun nobody owns, with no date, is no event of its own
        ("The resignation worried investors.", ["worry"]),
        ("Egypt condemned the October 7 attacks.", ["attacks", "condemn"]),
        # the parser roots this sentence on "negotiations" and reads "coincide" as a noun
        (
            "The negotiations, set to take place in Sharm El-Sheikh, coincide with the second "
            "anniversary of the October 7 attacks.",
            ["coincide"],
        ),
    ],
)
def test_one_event_per_clause(model, text, actions):
    found = events_of(model, text)
    assert sorted(a.split()[0] for a in found["action"]) == actions


def test_a_saying_points_to_what_it_reports(model):
    found = events_of(model, "Hamas said on Sunday that its delegation had arrived in Egypt.")
    saying = found[found["event_class"] == "reporting"].iloc[0]
    arrival = found[found["action"].str.startswith("arrive")].iloc[0]
    assert saying["reported_event"] == arrival["event_id"]
    assert pd.isna(arrival["reported_event"])
    assert {p["name"]: p["role"] for p in saying["participants"]} == {"Hamas": "agent"}
    assert {p["name"]: p["role"] for p in arrival["participants"]}["Hamas"] == "reporter"


@pytest.mark.parametrize(
    "text, day, basis",
    [
        # a saying in the simple past, undated, was said at the event the lede dates
        (
            "Apple announced on Friday that it will give owners a free case. Jobs also said "
            "that buyers will receive a refund.",
            "2025-10-03",
            "expression",
        ),
        # said in the perfect: known by publication (the interval closes on its day)
        (
            "Apple announced on Friday that it will give owners a free case. Jobs has said "
            "that buyers will receive a refund.",
            "2025-10-08",
            "publication",
        ),
        # a lede dated long before the publication is no news peg
        (
            "Apple announced in 2019 that it would open a store. Jobs also said that buyers "
            "will receive a refund.",
            "2025-10-08",
            "publication",
        ),
        # the occasion's date is the saying's: "at Monday's meeting, he said"
        (
            "At a Wednesday media event, Jobs said that the company will sell a laptop. Buyers "
            "complained.",
            "2025-10-08",
            "expression",
        ),
    ],
)
def test_a_saying_without_a_date_takes_the_story_day(model, text, day, basis):
    found = events_of(model, text, published="2025-10-08")
    saying = found[found["action"].str.startswith("say")].iloc[0]
    assert (_local_day(saying), saying["date_basis"]) == (day, basis)


@pytest.mark.parametrize(
    "text, noun, day, modality",
    [
        ("Monday's talks ended without agreement.", "talks", "2025-10-06", "happened"),
        ("Egypt will host a summit on Friday.", None, None, None),
        (
            "Officials prepared for next week's summit in Cairo.",
            "summit",
            "2025-10-13",
            "scheduled",
        ),
        ("The talks began.", None, None, None),
    ],
)
def test_a_named_event_counts_when_it_has_a_date_of_its_own(model, text, noun, day, modality):
    found = events_of(model, text)
    # a stage of it ("ended": "end talks") is an event of its own beside the named one
    found_named = found[~found["event_type"].isin(ARCS.phases)]
    named = (
        found_named[found_named["action"].str.split().str[-1] == noun] if noun else found.iloc[0:0]
    )
    nominal = found[found["action"].isin(["talks", "summit"])]
    if noun is None:
        assert nominal.empty, nominal[["action", "start"]].to_string()
        return
    event = named.iloc[0]
    assert (_local_day(event), event["modality"]) == (day, modality)
    assert event["event_type"] == "meet"


@pytest.mark.parametrize(
    "text, title, positions",
    [
        (
            "Hamas delegation arrives in Cairo\n\nThe delegation arrived in Cairo on Sunday. "
            "Talks began on Monday. Egypt hosted the talks.",
            "Hamas delegation arrives in Cairo",
            {"arrive": ["headline", "lede"], "begin": ["lede"], "host": ["body"]},
        ),
        # the headline's happening told again below is one event, told in the headline
        (
            "Witkoff and Kushner join talks in Cairo\n\n"
            "Steve Witkoff and Jared Kushner joined the talks in Cairo on Wednesday.",
            "Witkoff and Kushner join talks in Cairo",
            {"join": ["headline"]},
        ),
        (
            "Steve Witkoff visits Hostage Square in Tel Aviv, August 2, 2025\n\n"
            "Witkoff met families on Saturday.",
            None,
            {"visit": ["caption"], "meet": ["lede"]},
        ),
    ],
)
def test_where_in_the_article_an_event_is_told(model, text, title, positions):
    frame = articles.pasted_article(text, published="2025-10-08", title=title)
    found = build.build_frame(frame, [], model=model).events
    told: dict[str, list[str]] = {}
    for action, position in zip(found["action"], found["position"], strict=True):
        told.setdefault(action.split()[0], []).append(position)
    assert {a: sorted(p) for a, p in told.items() if a in positions} == positions


def test_a_sentence_rooted_on_a_noun_keeps_its_venue(model):
    text = (
        "The negotiations, set to take place in Sharm El-Sheikh, coincide with the second "
        "anniversary of the October 7 attacks."
    )
    assert only_event(model, text)["venue"] == "Sharm El-Sheikh"


@pytest.mark.parametrize(
    "caption, actors, venue, day",
    [
        (
            "Steve Witkoff visits at “Hostage Square” in Tel Aviv, August 2, 2025",
            ["Steve Witkoff"],
            "Tel Aviv",
            "2025-08-02",
        ),
        (
            "Egyptian President Abdel Fattah el-Sisi speaks in Cairo, October 5, 2025",
            ["Abdel Fattah el-Sisi"],
            "Cairo",
            "2025-10-05",
        ),
    ],
)
def test_a_photo_caption_with_a_date_and_a_place_is_an_event(model, caption, actors, venue, day):
    story = "Negotiators met in Cairo on Tuesday and agreed to resume the talks."
    found = events_of(model, f"{caption}\n{story}")
    caption_events = found[found["sentence"] == caption]
    assert len(caption_events) == 1, found[["sentence", "action"]].to_string()
    event = caption_events.iloc[0]
    assert (
        set(actors) <= set(event["actors"]) and event["venue"] == venue and _local_day(event) == day
    )


@pytest.mark.parametrize(
    "heading",
    [
        "Trump Says Hamas Agreed To Release Hostages On Monday",
        "Envoys head to Egypt for Gaza talks",
        "Share on Facebook",
        "Sign up for our daily newsletter",
        "Support independent journalism: donate today",
    ],
)
def test_headlines_and_furniture_with_a_day_or_a_place_are_still_no_event(model, heading):
    story = "Negotiators met in Cairo on Tuesday and agreed to resume the talks."
    found = events_of(model, f"{heading}\n{story}")
    assert set(found["sentence"]) == {story}


@pytest.mark.parametrize(
    "text, action, day, modality, actor",
    [
        # a relative clause told of someone, below a verb that is no event
        (
            "It is proper to remember Saman Gunan, who died on Thursday, July 5.",
            "die",
            "2018-07-05",
            "happened",
            "Saman Gunan",
        ),
        # a verb the parser joined to a participle below a noun it took for the root
        (
            "Rescuers said little. The boys – ranging between 11 and 16 years in age – and "
            "their 25-year-old coach disappeared on June 23 while exploring the cave.",
            "disappear",
            "2018-06-23",
            "happened",
            None,
        ),
        # what is believed or said to have happened is a claim of its own
        (
            "The boys are believed to have entered the cave late Saturday afternoon.",
            "enter",
            "2018-06-23",
            "claimed",
            None,
        ),
        # what is to befall those a participle tells of, as headlines write it, is their plan
        (
            "Boys rescued from cave to be discharged from hospital Thursday.",
            "discharge",
            "2018-06-28",
            "scheduled",
            None,
        ),
    ],
)
def test_a_happening_told_below_a_verb_that_is_none(model, text, action, day, modality, actor):
    found = events_of(model, text, published="2018-06-27")
    event = found[found["action"].str.startswith(action)].iloc[0]
    assert (_local_day(event), event["modality"]) == (day, modality), event["explanation"]
    assert actor is None or actor in event["actors"]


# Sentences published on Wednesday 2021-03-10: the day each deed took place is pinned.
@pytest.mark.parametrize(
    ("text", "action", "event_type", "modality", "day"),
    [
        # an attempt hands its event to the deed attempted, which is not said to be done ...
        (
            "The climber was trying to reach the top when he ran out of oxygen on Tuesday.",
            "reach top",
            "arrive",
            "expected",
            "2021-03-09",
        ),
        # ... and a clause below the deed is still the sentence's: what befell him
        (
            "The climber was trying to reach the top when he ran out of oxygen on Tuesday.",
            "run out",
            "injure",
            "happened",
            "2021-03-09",
        ),
        # success and help hand their event over done
        ("Firefighters managed to free the driver on Monday.", "free driver", "rescue",
         "happened", "2021-03-08"),
        ("The volunteers helped rescue the hikers on Sunday.", "rescue hikers", "rescue",
         "happened", "2021-03-07"),
        # a phase: what began is the happening
        ("The river began to flood the valley on Thursday.", "flood valley", "other",
         "happened", "2021-03-04"),
        # a linking verb and the participle telling what befell its subject
        ("Five miners became trapped on Friday.", "trap", "go_missing", "happened",
         "2021-03-05"),
        ("The driver was found dead on Monday.", "find dead", "die", "happened", "2021-03-08"),
        # what hangs on the linking verb stays with the sentence
        (
            "Five miners became trapped on Friday, although rescuers managed to free two of "
            "them on Sunday.",
            "free two",
            "rescue",
            "happened",
            "2021-03-07",
        ),
    ],
)  # fmt: skip
def test_an_attempt_a_phase_or_a_link_hands_its_event_to_the_deed(
    model, text, action, event_type, modality, day
):
    found = events_of(model, text, published="2021-03-10")
    assert (
        not found["action"]
        .str.split()
        .str[0]
        .isin(["try", "manage", "help", "begin", "become"])
        .any()
    ), found["action"]
    event = found[found["action"] == action]
    assert len(event) == 1, found[["action", "event_type"]].to_string()
    event = event.iloc[0]
    assert (event["event_type"], event["modality"], _local_day(event)) == (
        event_type,
        modality,
        day,
    )


@pytest.mark.parametrize(
    ("text", "noun", "event_type", "day"),
    [
        # a comment on a named event: the event is the sentence's happening, on its date
        ("On Friday, the death of a firefighter underscored the dangers.", "death", "die",
         "2021-03-05"),
        ("On Tuesday the collapse of the bridge highlighted years of neglect.", "collapse", "end",
         "2021-03-09"),
        # undated, it is only what the writer comments on
        ("The collapse of the bridge highlighted years of neglect.", None, None, None),
        # a verb of state holds no happening of its subject's: the talks were not held Monday
        ("On Monday, the talks remained stalled.", None, None, None),
    ],
)  # fmt: skip
def test_a_commented_event_is_the_happening_the_sentence_tells(model, text, noun, event_type, day):
    found = events_of(model, text, published="2021-03-10")
    nominal = found[found["action"].isin(["death", "collapse", "talks"])]
    if noun is None:
        assert nominal.empty, nominal[["action", "start"]].to_string()
        return
    event = nominal[nominal["action"] == noun].iloc[0]
    assert (event["event_type"], event["event_class"], _local_day(event)) == (
        event_type,
        "happening",
        day,
    )
    assert set(found["event_class"]) == {"happening", "commentary"}


# Sentences the parser reads awry, or whose happening hangs below a verb that is none; all
# published on Wednesday 2021-03-10. Each row: an event the sentence must yield, its type
# and its day (None: dated by publication only).
@pytest.mark.parametrize(
    ("text", "action", "event_type", "day"),
    [
        # rooted on its dateline: the verb without a "that" is the sentence's, and a "when"
        # clause is dated by the clause it hangs on
        (
            "ROME, Italy — A protest that began on March 2 for 40 nurses ended Tuesday evening "
            "when the last tents were taken down.",
            "end",
            "end",
            "2021-03-09",
        ),
        (
            "ROME, Italy — A protest that began on March 2 for 40 nurses ended Tuesday evening "
            "when the last tents were taken down.",
            "take down",
            "other",
            "2021-03-09",
        ),
        (
            "ROME, Italy — A protest that began on March 2 for 40 nurses ended Tuesday evening "
            "when the last tents were taken down.",
            "begin for nurses",
            "begin",
            "2021-03-02",
        ),
        # a bare participle taken for the root: the verb below it is what its subject did,
        # and what befell them is not dated by that
        ("The hikers rescued from a gorge in northern Spain thanked the volunteers on Sunday.",
         "thank volunteers", "support", "2021-03-07"),
        ("The hikers rescued from a gorge in northern Spain thanked the volunteers on Sunday.",
         "rescue from gorge", "rescue", None),
        ("The hikers, who were freed from the gorge, thanked the volunteers on Sunday.",
         "free from gorge", "release", None),
        # a sentence of state can hold a happening below it ...
        (
            "Officer Jane Doe was the last person out of the mine on Tuesday night, the same "
            "evening her mother passed away.",
            "pass away",
            "die",
            "2021-03-09",
        ),
        # ... or be one: coming out of where people are trapped
        (
            "Officer Jane Doe was the last person out of the mine on Tuesday night, the same "
            "evening her mother passed away.",
            "be out of mine",
            "rescue",
            "2021-03-09",
        ),
        ("Two miners were taken from the mine on Monday.", "take from mine", "rescue",
         "2021-03-08"),
        ("Three climbers were freed from the crevasse on Sunday.", "free from crevasse",
         "rescue", "2021-03-07"),
        # into the place is no way out of it
        ("The divers carried tanks into the cave on Monday.", "carry tanks", "other",
         "2021-03-08"),
        # a deed after "after" is its subject's, at its own time
        ("They vanished when floods cut them off after entering the valley on March 2.",
         "enter valley", "arrive", "2021-03-02"),
    ],
)  # fmt: skip
def test_the_happening_below_a_misread_or_idle_verb(model, text, action, event_type, day):
    found = events_of(model, text, published="2021-03-10")
    event = found[found["action"] == action]
    assert len(event) == 1, found[["action", "event_type", "start"]].to_string()
    event = event.iloc[0]
    dated = _local_day(event) if event["date_basis"] == "expression" else None
    assert (event["event_type"], dated) == (event_type, day)


@pytest.mark.parametrize(
    ("text", "present", "absent"),
    [
        # one person's organisation before the noun for them is an affiliation ...
        ("A former Navy diver died on Friday.", [], ["Navy"]),
        ("A former Navy SEAL died on Friday.", [], ["Navy"]),
        ("A Marine Corps veteran died on Friday.", [], ["Marine Corps"]),
        # ... those who act for it, or what is its own, keep it
        ("Hamas negotiators met Egyptian mediators on Tuesday.", ["Hamas"], []),
        ("A Hamas official met Egyptian mediators on Tuesday.", ["Hamas"], []),
        ("In June, a United Nations commission concluded its inquiry.", ["United Nations"], []),
    ],
)
def test_an_organisation_one_person_belongs_to_takes_no_part(model, text, present, absent):
    actors = {a for row in events_of(model, text)["actors"] for a in row}
    assert set(present) <= actors and not set(absent) & actors, actors


@pytest.mark.parametrize(
    ("text", "action", "event_type"),
    [
        # the perfect of "be" before a place is a visit, and a saying keeps it as its own event
        ("On Tuesday, she said that she had been in the mines.", "be in mines", "travel"),
        ("The minister has been to Kyiv twice.", "be to Kyiv", "travel"),
        # a beginning "again" is a resumption, and "got going" is a beginning
        ("The search started again on Tuesday.", "start search", "resume"),
        ("The festival started on Friday.", "start", "begin"),
        ("The search for the sailors got going again on Monday after a storm.",
         "get going search", "resume"),
    ],
)  # fmt: skip
def test_what_a_verb_of_being_or_beginning_tells(model, text, action, event_type):
    found = events_of(model, text, published="2021-03-10")
    event = found[found["action"] == action]
    assert len(event) == 1, found[["action", "event_type"]].to_string()
    assert (event.iloc[0]["event_type"], event.iloc[0]["event_class"]) == (event_type, "happening")


@pytest.mark.parametrize(
    "text",
    [
        # being somewhere now, or "there has been", is no visit
        "The mine is in northern Chile.",
        "There has been jubilation in Chile since the rescue.",
    ],
)
def test_being_somewhere_is_no_visit(model, text):
    found = events_of(model, text, published="2021-03-10")
    assert "travel" not in set(found["event_type"]), found[["action", "event_type"]].to_string()


def test_he_stands_for_the_name_beside_the_subject_before_an_earlier_subject(model):
    found = events_of(
        model,
        "Coach Anna Berg praised the team on Monday. The former champion, skier Maria Lind, "
        "fell on Tuesday after she lost a ski.",
        published="2021-03-10",
    )
    lost = found[found["action"] == "lose ski"].iloc[0]
    assert list(lost["actors"]) == ["Maria Lind"]


@pytest.mark.parametrize(
    ("text", "action", "event_type"),
    [
        # who does it says what it is: rescuers free people from danger ...
        ("Rescuers managed to free the first three miners on Sunday.", "free miners", "rescue"),
        ("The driver was pulled out by firefighters on Friday.", "pull out by firefighters",
         "rescue"),
        # ... captors free captives
        ("Hamas freed the hostages on Monday.", "free hostages", "release"),
        ("The army pulled out of the town on Monday.", "pull out", "withdraw"),
    ],
)  # fmt: skip
def test_a_deed_is_the_kind_its_doer_does(model, text, action, event_type):
    found = events_of(model, text, published="2021-03-10")
    event = found[found["action"] == action]
    assert len(event) == 1, found[["action", "event_type"]].to_string()
    assert event.iloc[0]["event_type"] == event_type


def test_a_deed_while_another_is_dated_by_it(model):
    found = events_of(
        model, "The cavers disappeared on March 2 while exploring the gorge.", "2021-03-10"
    )
    explored = found[found["action"].str.startswith("explore")].iloc[0]
    assert (explored["event_type"], _local_day(explored), explored["date_basis"]) == (
        "travel",
        "2021-03-02",
        "expression",
    )


@pytest.mark.parametrize(
    ("text", "action", "first", "last", "granularity"),
    [
        # a deed after one its sentence dates: on or after that day, by the publication
        ("The boys disappeared after entering the cave on June 23.",
         "disappear", "2018-06-23", "2018-07-05", "fuzzy"),
        ("They disappeared when flooding trapped them after entering the cave on June 23.",
         "disappear", "2018-06-23", "2018-07-05", "fuzzy"),
        ("They disappeared when flooding trapped them after entering the cave on June 23.",
         "trap them", "2018-06-23", "2018-07-05", "fuzzy"),
        ("The team went missing after heavy rain flooded the cave on June 23.",
         "go", "2018-06-23", "2018-07-05", "fuzzy"),
        # the dated deed keeps its day, and a deed "while" another is on that day
        ("The boys disappeared after entering the cave on June 23.",
         "enter cave", "2018-06-23", "2018-06-23", "day"),
        ("The boys disappeared on June 23 while exploring the cave.",
         "disappear", "2018-06-23", "2018-06-23", "day"),
        # after a day still to come nothing closes the span: dated by publication
        ("The boys are expected to leave after doctors check them on July 20.",
         "leave", None, "2018-07-05", "day"),
    ],
)  # fmt: skip
def test_a_deed_after_a_dated_one_is_bounded_by_its_date(
    model, text, action, first, last, granularity
):
    found = events_of(model, text, published="2018-07-05")
    event = found[found["action"] == action]
    assert len(event) == 1, found[["action", "start", "end"]].to_string()
    event = event.iloc[0]
    zone = event["timezone"]
    start = None if pd.isna(event["start"]) else event["start"].tz_convert(zone).date().isoformat()
    closing = (event["end"].tz_convert(zone) - pd.Timedelta(microseconds=1)).date().isoformat()
    assert (start, closing, event["granularity"]) == (first, last, granularity), event[
        "explanation"
    ]
