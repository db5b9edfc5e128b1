"""One person, one organisation, one place: one entry in the filters, however the news writes it."""

from __future__ import annotations

import pytest

from pipeline import actors

KNOWN = actors.surname_index(
    ["Donald Trump", "Steve Witkoff", "Khalil al-Hayya", "Majed al-Ansari", "Jared Kushner"]
)


@pytest.mark.parametrize(
    "mention, label, expected",
    [
        ("U.S. President Donald Trump", "PERSON", "Donald Trump"),
        ("former President Donald Trump", "PERSON", "Donald Trump"),
        ("President Trump", "PERSON", "Donald Trump"),
        ("Trump’s", "PERSON", "Donald Trump"),
        ("White House envoy Steve Witkoff", "PERSON", "Steve Witkoff"),
        ("al-Hayya", "PERSON", "Khalil al-Hayya"),
        ("Al-Ansari", "PERSON", "Majed al-Ansari"),
        ("Kushner", "ORG", "Jared Kushner"),
        ("Strategic Affairs Minister Ron Dermer", "PERSON", "Ron Dermer"),
        (
            "Sheikh Mohammed bin Abdul Rahman Al Thani",
            "PERSON",
            "Mohammed bin Abdul Rahman Al Thani",
        ),
        ("U.S.", "GPE", "United States"),
        ("the United States", "GPE", "United States"),
        ("US", "GPE", "United States"),
        ("The Times of Israel", "ORG", "Times of Israel"),
        ("Hamas", "ORG", "Hamas"),
    ],
)
def test_canonical_actor(mention, label, expected):
    assert actors.canonical_actor(mention, label=label, surnames=KNOWN) == expected


def test_surname_shared_by_two_people_is_left_alone():
    index = actors.surname_index(["Yahya Sinwar", "Mohammed Sinwar"])
    assert actors.canonical_actor("Sinwar", surnames=index) == "Sinwar"


def test_alias_file_teaches_what_rules_cannot(tmp_path):
    path = tmp_path / "aliases.csv"
    path.write_text(
        "kind,alias,canonical\nactor,Bibi,Benjamin Netanyahu\nvenue,Sharm,Sharm El-Sheikh\n",
        encoding="utf-8",
    )
    table = actors.load_aliases(path)
    assert actors.canonical_actor("Bibi", aliases=table) == "Benjamin Netanyahu"
    assert actors.canonical_venue("Sharm", aliases=table) == "Sharm El-Sheikh"


def test_broken_alias_row_names_its_line(tmp_path):
    path = tmp_path / "aliases.csv"
    path.write_text("kind,alias,canonical\nactor,Bibi,\n", encoding="utf-8")
    with pytest.raises(ValueError, match="aliases.csv:2"):
        actors.load_aliases(path)


@pytest.mark.parametrize(
    "mention, expected",
    [
        ("the Red Sea resort town of Sharm El-Sheikh", "Sharm El-Sheikh"),
        ("the Gaza Strip", "Gaza Strip"),
        ("U.S.", "United States"),
        ("Cairo", "Cairo"),
    ],
)
def test_canonical_venue(mention, expected):
    assert actors.canonical_venue(mention) == expected


@pytest.mark.parametrize(
    "mention, is_actor",
    [
        ("United States Special Envoy", False),
        ("Defense", False),
        ("AFP", False),
        ("The Times of Israel", False),
        ("Hamas", True),
        ("Steve Witkoff", True),
        ("Foreign Ministry", True),
        # what the tagger takes for a name and is none: a clock zone, a count or an ordinal
        # in words, a name cut before its number, a clock time
        ("BST", False),
        ("Twelve", False),
        ("First", False),
        ("Chamber No", False),
        ("5.40pm", False),
        ("No Limits", True),
        ("Chamber Three", True),
    ],
)
def test_roles_and_news_outlets_are_not_actors(mention, is_actor):
    assert actors.is_actor_mention(mention) is is_actor


@pytest.mark.parametrize(
    "text, acronym, full",
    [
        (
            "Meanwhile, the International Criminal Court (ICC) has issued warrants.",
            "ICC",
            "International Criminal Court",
        ),
        (
            "The Integrated Food Security Phase Classification (IPC) reported famine.",
            "IPC",
            "Integrated Food Security Phase Classification",
        ),
        (
            "the Islamic Revolutionary Guard Corps (IRGC) said",
            "IRGC",
            "Islamic Revolutionary Guard Corps",
        ),
    ],
)
def test_an_acronym_the_article_spells_out_joins_its_full_name(text, acronym, full):
    assert actors.acronyms_in(text)[acronym] == full


def test_parentheses_that_do_not_spell_the_name_are_no_acronym():
    assert actors.acronyms_in("Talks resumed in Cairo (Egypt) and Doha (QA) on Monday.") == {}


def test_acronym_and_full_name_are_one_actor_in_the_table(sample_build):
    names = {a for row in sample_build.events["actors"] for a in row}
    assert "International Criminal Court" in names and "ICC" not in names


KNOWN_NEWS = actors.surname_index(
    [
        "Benjamin Netanyahu",
        "Majed al-Ansari",
        "Abdel Fattah el-Sisi",
        "Steve Jobs",
        "Khalil al-Hayya",
        "Anthony Mann",
    ]
)


@pytest.mark.parametrize(
    "mention, label, expected",
    [
        # a possessive affiliation and a title before the name
        ("Qatar’s Foreign Ministry spokesman Majed al-Ansari", "PERSON", "Majed al-Ansari"),
        ("Egypt’s intelligence chief Hassan Rashad", "PERSON", "Hassan Rashad"),
        ("Hamas leader Khalil al-Hayya", "PERSON", "Khalil al-Hayya"),
        ("Apple CEO Steve Jobs", "PERSON", "Steve Jobs"),
        ("Mr. Justice Anthony Mann", "PERSON", "Anthony Mann"),
        # the possessive ending of a name
        ("Israeli Prime Minister Benjamin Netanyahu’s", "PERSON", "Benjamin Netanyahu"),
        ("Netanyahu’s", "PERSON", "Benjamin Netanyahu"),
        ("Hamas’s", "ORG", "Hamas"),
        # a surname with its particle, or without it
        ("el-Sisi", "PERSON", "Abdel Fattah el-Sisi"),
        ("Sisi", "PERSON", "Abdel Fattah el-Sisi"),
        ("Jobs", "PERSON", "Steve Jobs"),
        # countries and organisations, with or without the article
        ("the U.S.", "GPE", "United States"),
        ("U.N.", "ORG", "United Nations"),
        ("the European Union", "ORG", "European Union"),
        ("Türkiye", "GPE", "Turkey"),
    ],
)
def test_one_name_however_the_news_writes_it(mention, label, expected):
    assert actors.canonical_actor(mention, label=label, surnames=KNOWN_NEWS) == expected


def test_a_bare_surname_shared_through_its_particle_stays_as_written():
    index = actors.surname_index(["Majed al-Ansari", "Hussein el-Ansari"])
    assert actors.canonical_actor("Ansari", label="PERSON", surnames=index) == "Ansari"


@pytest.mark.parametrize(
    "mention, is_actor",
    [
        ("Reuters", False),
        ("the Associated Press", False),
        ("iPhone", True),
        ("the iPod Nano", True),
        ("Apple Inc.", True),
        ("European Union", True),
        ("Egypt", True),
    ],
)
def test_outlets_are_not_actors_and_products_are(mention, is_actor):
    assert actors.is_actor_mention(mention) is is_actor
