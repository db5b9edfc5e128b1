"""Merging: one row per happening, however many articles report it.

Several outlets report the same arrival, often with different dates: a rewrite reads "late
Wednesday" against its own publication day and lands a week off. The timeline should show
one point with every source behind it and say that they disagree, not three points that
look like three arrivals, nor one point that hides the disagreement.

Two reports are the same happening when all of these hold (precision before recall: merging
two different events misleads a reader, a duplicate only repeats):

- the same kind of happening: the extraction's `event_type` when the table has one naming a
  kind (not "other"), else the verb lemma or one of the few classes in VERB_CLASSES whose
  verbs name one happening ("attend the talks" / "join the talks"), taken to its arc
  (`happening_arc`, the lexicon's `[happening_arcs]`): a stage that names its happening
  ("restarted the rescue effort") is a report of that happening. Arriving, departing and
  joining stay apart: a delegation leaves one day, arrives later and joins talks later
  still, and merging them would report a date conflict that is really three events. Light
  verbs (LIGHT_VERBS: be, have, make, want, ...), verbs of saying, and rows the extraction
  calls states, commentary or reporting never merge: their meaning is in their object or in
  what was said, which differs from report to report. A light verb the extraction typed by
  more than the verb ("went missing", "were reported missing", "the talks took place") says
  what happened, and merges as its type;
- participants that fit: at least half of the shorter actor list (MIN_SHARED_ACTORS) named
  by the other too, and when both say who acts (`participants` roles), a common agent; when
  neither names an actor, the same named venue. A report naming no one (or only who tells
  it, `told_of`: "Mr Narongsak said") may also join a report of its story (`same_story`:
  the two articles share STORY_NAMES names, or one article gives a single name of two
  words or more, no country, that the other gives too (LONE_NAME_WORDS); a merged row is of
  a story when one of its articles is) when their dates from expressions are to the day or
  finer (a period told as on or after a day its words name counts as that day:
  `earliest_day`) and no more than CLOSE_GAP apart, and none of the row's reports dated "by
  then" comes before the other's date (`story_dates`). Dates that disagree are then a
  conflict only when the silent report's article names who the other names
  (`names_in_article`); otherwise they are two happenings of one kind (the rescue's first
  day and its second). When the two tell of a group in common ("the boys": `group_share`),
  a report dated only by a paper published on the other's day or the day after stands in
  for a close date (`published_just_after`), and a plan and its report PLAN_SLIP apart are
  one happening whose plan slipped, a disagreement. A report dated only as widely as a week or a
  month whose words name one weekday (a "Sunday" on a page known only to its month) stands
  in for a close date on that weekday (`within`), joining only a row WIDE_OUTLETS outlets
  have made, after every closer match. A group acting ("the diver") may be
  the person another report names, so only named agents must meet;
- no two different named venues (Cairo and Sharm El-Sheikh are two places, even for talks
  a rewrite moved); a country and a place in it fit (the gazetteer's `venue_country`);
- different articles: an article that reports something twice reports two things, unless
  each telling has been joined by another outlet's report and the article's two dates agree
  (`folds`): then the row keeps the article's best report and the other folds in (`folded`),
  so a row still counts each outlet once;
- dates that can be one happening: both known and no more than MAX_GAP apart, except for a
  kind the taxonomy marks `once` (a death befalls each of its people once): an undated
  report of it, from an article that gives no date at all, joins the reports naming the
  same people (`once_only`; never by a name of an organisation or a place, `befallen`) or,
  naming no person, the row of its story whose person its article names (`undated_of_story`),
  scoring below every dated match. A report
  that it happened and one that it is planned are one event when their dates agree ("set
  to join on Wednesday" and "joined" in Wednesday's paper), or when both are dated by their
  words no more than PLAN_SLIP apart: "to be discharged Thursday" and "left hospital
  Wednesday" are one happening on which the outlets disagree; a plan for the 8th and a
  report of the 1st are two.

Dates and modalities are checked for every pair of reports in a merged row (complete
linkage), so one vague date cannot chain two distant ones; actors are checked against the
merged row's union. The closest pair (most actors in common; of equals, the pair whose dates
agree) merges first. Only rows within
the date window of each other are ever scored, so a long story costs about a week's reports
per report, not every pair.

Dates disagree (`conflict`) when two reports' periods cannot overlap. Outlets read "July 6"
on their own clocks, which a report does not keep: two calendar dates are compared as the
days they name, a calendar date and a clock time with twelve hours' slack, two clock times
exactly, unless they are one reading of a clock put on two (`one_wall_clock`: the same
TimeML value, one naming no zone). A report dated only by its article's publication says
"by then": it disagrees only with a date after its period, and then the two are not one
happening (an article reports what had happened by its publication), so it never makes a
conflict; "now" dates by the time of writing too, and never makes one either
(`conflicting`): a conflict is between outlets that give dates. `merge_explanation` says it
in one line.

The row shows the date of its best report, the first of `reports` and of `sources`, in
this order: dated by an expression before dated by publication, what was done before what
was planned, finer granularity first, more confident first, then article id and offset so
the order is total. The merged row's
`event_id`, text and date are that report's row's; its actors are the union, best report's first.

Distribution: `candidate_key` gives every row one key that all rows it could merge with
share (the kind of happening; a row that can merge with nothing gets a key of its own), so
an engine can partition on the key and call `merge_group` on each partition. `merge_events`
is the concatenation of `merge_group` over the keys in sorted order; the result does not
depend on the input's row order, and merging a merged table changes nothing.
"""

from __future__ import annotations

import functools
import heapq
import re
from collections import Counter
from datetime import UTC, datetime, timedelta
from itertools import combinations
from zoneinfo import ZoneInfo

import numpy as np
import pandas as pd

from . import actors, participants, schema
from .events import REPORTING_VERBS
from .language.arcs import ARCS
from .language.event_types import TAXONOMY
from .language.lexicon import EN, alternation

MAX_GAP = timedelta(days=7)
# Share of the shorter actor list the other row must name too. A clause's actors include
# whoever the sentence mentions ("Dermer set to join the talks, an official from Netanyahu's
# office told ..."); one common name such as Hamas is not enough to make two joinings one.
MIN_SHARED_ACTORS = 0.5
# Verbs that report one happening with different words. Kept small on purpose: "reach" (an
# agreement), "head" (a delegation) and "leave" (a coalition, the talks) name other things too
# often.
VERB_CLASSES: dict[str, tuple[str, ...]] = {
    "arrive": ("arrive", "land"),
    "depart": ("depart",),
    "join": ("join", "attend", "participate"),
    "kill": ("kill", "slay"),
    "meet": ("meet",),
    "travel": ("travel", "fly"),
}
LIGHT_VERBS = (
    frozenset(
        "be have do make take get give put keep let seem become remain continue include want "
        "need".split()
    )
    | REPORTING_VERBS
    | frozenset(["explain", "comment", "speak"])
)  # a statement is its content, not its verb
OCCURRED = frozenset(["happened", "claimed"])
# How far a plan's day and the day a report says it happened may lie apart (the days between
# them) and still be one happening, its plan slipped: the outlets then disagree.
PLAN_SLIP = timedelta(days=1)
# Taxonomy ids that say what a clause is not (a happening of a listed type): two "other"
# rows are not one kind of happening, so their verbs decide.
GENERIC_TYPES = frozenset(["other", "state", "commentary"])
NOT_MERGED_CLASSES = frozenset(["state", "commentary", "reporting"])
# Two articles are of one story when they share at least STORY_NAMES names, and at least
# STORY_SHARE of the shorter article's names: "United States" and "Donald Trump" alone are in
# half the news.
STORY_NAMES = 2
STORY_SHARE = 0.3
# ... except an article giving one name only, that of someone or somewhere in two words or
# more and no country ("Elon Musk", not "Thailand"): it is of the story of an article giving
# that name too, as a short piece on one person is of the story its person is in.
LONE_NAME_WORDS = 2
_COUNTRIES = frozenset(actors.COUNTRY_FORMS.values())
# A report naming no one merges only when its date is this fine, from an expression, and no
# more than CLOSE_GAP from the other's: close enough to stand in for the participants, far
# enough apart to show when two outlets give one happening two clock times or two days.
# Where a merged row, while merging, keeps each article's names (dropped from the table).
STORY_KEY = "_names_by_article"
CLOSE_GRANULARITIES = frozenset(["time", "part-of-day", "day"])
CLOSE_GAP = timedelta(days=1)
GRANULARITY_RANK = schema.GRANULARITY_RANK
# A date wider than a day that names a weekday may stand in for a close date on that weekday
# (`within`): a week, or a month, no wider than WIDE_SPAN (a weekday read on a page known only
# to its month spans that month, or the month before too when the weekday may fall in it).
WIDE_GRANULARITIES = frozenset(["weekend", "week", "month", "fuzzy"])
WIDE_SPAN = timedelta(days=62)
# Such a report gives no day of its own, so it joins only a row at least WIDE_OUTLETS outlets
# have made, the row of most outlets first (a vague mention is likeliest of the happening most
# outlets tell), and after every pair whose dates are close (WIDE_SCORE is below every other
# score).
WIDE_OUTLETS = 2
WIDE_SCORE = 0.01
# How much a pair whose dates disagree is discounted against one whose dates agree, when the
# closest pair is chosen: still mergeable (the disagreement is then flagged), chosen later.
DISAGREEING_WEIGHT = 0.5
# ... and a pair only publication dates join, below both (see `_date_weight`).
BY_THEN_WEIGHT = 0.4
# ... and an undated report joining by its people (`once_only`), below every dated match: it
# goes to the row its people's dated reports have made.
UNDATED_WEIGHT = 0.3
# ... and one joining by its story and the person its article names (`undated_of_story`),
# below that: the people the row itself names are the better evidence.
UNDATED_STORY_WEIGHT = 0.1
# What `judge` says of two rows: the test that refused them, in the order tested, or how
# they were found alike.
KINDS_DIFFER = "kinds of happening differ"
NOT_MERGED = "not a happening that merges (state, comment, saying, light verb, undated)"
SAME_ARTICLE = "same article"
UNDATED = "undated"
TOO_FAR = "dates too far apart"
DATES_NOT_ONE = "participants fit, dates cannot be one happening's"
OTHERS_NAMED = "both name participants, not the same ones"
VENUES_DIFFER = "venues differ"
NOT_ONE_STORY = "one names no one, their articles are not of one story, no group in common"
DATES_NOT_CLOSE = "one names no one, and the dates are not close enough to stand in"
SILENT_DISAGREE = "one names no one, and the dates differ"
BY_PARTICIPANTS = "participants"
BY_STORY = "story and close dates"
BY_GROUPS = "groups in common and close dates"
BY_WIDE = "groups in common, a wide date naming the other's weekday"
BY_ONCE = "one undated, the people a happening befalls once in common"
BY_ONCE_STORY = "one undated, of the other's story, its article naming the other's person"
JUDGEMENTS = (
    KINDS_DIFFER,
    NOT_MERGED,
    SAME_ARTICLE,
    UNDATED,
    TOO_FAR,
    DATES_NOT_ONE,
    OTHERS_NAMED,
    VENUES_DIFFER,
    NOT_ONE_STORY,
    DATES_NOT_CLOSE,
    SILENT_DISAGREE,
    BY_PARTICIPANTS,
    BY_STORY,
    BY_GROUPS,
    BY_WIDE,
    BY_ONCE,
    BY_ONCE_STORY,
)
_CLASS_OF = {verb: name for name, verbs in VERB_CLASSES.items() for verb in verbs}


def verb_class(action: str) -> str:
    """The class of an action's verb (its first word): equivalent verbs share one."""
    verb = (action or "").split(" ", 1)[0].lower()
    return _CLASS_OF.get(verb, verb)


def happening_type(row: dict) -> str:
    """What kind of happening a row is: the extraction's `event_type` when the table has one
    that names a kind, else the class of its verb."""
    given = row.get("event_type")
    if isinstance(given, str) and given and given not in GENERIC_TYPES:
        return given
    return verb_class(row["action"])


def happening_arc(row: dict) -> str:
    """Which happening a row may be one report of, for merging: its type's arc
    (`[happening_arcs]`): a stage told by an event noun ("restarted the rescue effort") is the
    noun's happening, and types one arc holds ("passed out", "died") are one."""
    kind = happening_type(row)
    if kind not in ARCS.worded:
        return kind  # most rows: no words to read (this runs for every pair scored)
    said = (row["action"] or "").split()
    return ARCS.arc(kind, said[1:], said[0] if said else "")


def _typed_by_more_than_its_verb(row: dict) -> bool:
    """Whether the extraction read the row's type from more than its verb: an idiom ("went
    missing", "were reported missing", "became trapped") or the event a light verb's object
    or subject names ("the talks took place"). Such a row says what happened whatever its
    verb."""
    given = row.get("event_type")
    if not isinstance(given, str) or given in GENERIC_TYPES:
        return False
    return TAXONOMY.of_verb(verb_class(row["action"])).id != given


def _mergeable(row: dict) -> bool:
    kind = row.get("event_class")
    if isinstance(kind, str) and kind in NOT_MERGED_CLASSES:
        return False  # a state or a comment is not a happening; a statement is its content
    verb = verb_class(row["action"])
    if not verb or (verb in LIGHT_VERBS and not _typed_by_more_than_its_verb(row)):
        return False
    if _undated(row) and not once_only(row):
        return False  # an undated report cannot be placed beside another's date
    return True


def _undated(row: dict) -> bool:
    return bool(
        pd.isna(row["end"]) or (pd.isna(row["start"]) and row["date_basis"] != "publication")
    )


def once_only(row: dict) -> bool:
    """Whether the row's kind befalls each participant at most once (the taxonomy's `once`:
    a death), so that the people it names say which happening it is without a date."""
    kind = TAXONOMY.types.get(happening_type(row))
    return kind is not None and kind.once


# the key reads these fields, and of the dates only whether they are known
KEY_FIELDS = ["action", "start", "end", "date_basis", "event_type", "event_class"]


def candidate_key(events: pd.DataFrame) -> pd.Series:
    """One string per row; two rows that could merge always have the same one.

    A large table holds few distinct combinations of what the key reads (the verb, the kind,
    whether it is dated), so each combination is decided once and the answer spread back."""
    if events.empty:
        return pd.Series([], index=events.index, dtype="object", name="merge_key")
    present = [c for c in KEY_FIELDS if c in events.columns]
    probe = events[present].assign(
        **{c: events[c].isna() for c in ("start", "end") if c in events.columns}
    )
    combination = probe.groupby(present, dropna=False, sort=False).ngroup().to_numpy()
    _, first = np.unique(combination, return_index=True)
    kinds = np.array(
        [
            f"type:{happening_arc(row)}" if _mergeable(row) else None
            for row in _records(events.iloc[first][present])
        ],
        dtype=object,
    )[combination]
    alone = pd.isna(kinds)
    kinds[alone] = "row:" + events["event_id"].to_numpy(dtype=object)[alone]
    return pd.Series(kinds, index=events.index, dtype="object", name="merge_key")


def _records(frame: pd.DataFrame) -> list[dict]:
    """The rows as dicts holding what `to_dict("records")` gives, built a column at a time:
    several times faster on Arrow-backed columns, which box value by value otherwise."""
    columns = list(frame.columns)
    return [
        dict(zip(columns, values, strict=True))
        for values in zip(*(frame[c].tolist() for c in columns), strict=True)
    ]


def report_rank(report: dict) -> tuple:
    """Which report a merged row shows: expression over publication, what was done over what
    was planned ("left hospital Wednesday" over "to be discharged Thursday": a plan's day is
    the one that slips), finer, more confident."""
    return (
        report["date_basis"] != "expression",
        report["modality"] not in OCCURRED,
        GRANULARITY_RANK.get(report["granularity"], len(GRANULARITY_RANK)),
        -report["confidence"],
        report["article_id"],
        report["char_start"],
    )


# Dates read to the minute; a part of day ("Friday morning") is read on a clock as unsure as
# a day's, so it compares as the day it is in.
CLOCK_GRANULARITIES = frozenset(["time"])
# How far a calendar day on one clock reaches into the days of another (UTC-12 to UTC+14).
CLOCK_SLACK = timedelta(hours=12)


def _start(report: dict):
    """Where a report's period starts for comparing dates: a report dated "by publication" may
    be an open interval (no start, the publication's end), which counts from its last day."""
    if report["start"] is None and report["date_basis"] == "publication" and report["end"]:
        return report["end"] - timedelta(days=1)
    return report["start"]


def _calendar_days(report: dict) -> tuple:
    """The first and last calendar day a report's period names, on whichever clock it was read:
    the middle of a day is on that day for every clock within twelve hours of UTC."""
    start = _start(report)
    reach = min(CLOCK_SLACK, (report["end"] - start) / 2)  # a part of day: its middle
    return (start + reach).date(), (report["end"] - reach).date()


def _by_then_disagrees(by: dict, other: dict) -> bool:
    """A publication date says "by then": only a date after it disagrees."""
    if other["start"] is None or other["end"] is None:
        return False
    if other["granularity"] in CLOCK_GRANULARITIES:
        return other["start"] >= by["end"] + CLOCK_SLACK
    return _calendar_days(other)[0] > _calendar_days(by)[1]


def disagree(a: dict, b: dict) -> bool:
    """True when two reports' dates cannot both be right: their periods do not overlap, a
    publication date ("by then") counting as disagreement only with a date after it.

    A report keeps its date, not the clock it was read on, and outlets read "July 6" on their
    own clocks: two calendar dates are compared as the days they name, and a calendar date
    against a clock time with CLOCK_SLACK either side. Two clock times compare exactly
    ("1 a.m." and "2 a.m." are two accounts).
    """
    if a["end"] is None or b["end"] is None:
        return False
    a_by, b_by = a["date_basis"] == "publication", b["date_basis"] == "publication"
    if a_by and b_by:
        return False
    if a_by:
        return _by_then_disagrees(a, b)
    if b_by:
        return _by_then_disagrees(b, a)
    if a["start"] is None or b["start"] is None:
        return False
    a_clock, b_clock = (
        a["granularity"] in CLOCK_GRANULARITIES,
        b["granularity"] in CLOCK_GRANULARITIES,
    )
    if a_clock and b_clock:
        if one_wall_clock(a, b):
            return False
        return a["end"] <= b["start"] or b["end"] <= a["start"]
    if not a_clock and not b_clock:
        (a_first, a_last), (b_first, b_last) = _calendar_days(a), _calendar_days(b)
        return a_last < b_first or b_last < a_first
    slack = CLOCK_SLACK
    return a["end"] + slack <= b["start"] or b["end"] + slack <= a["start"]


_ZONE_WORDS = re.compile(rf"\b(?:{alternation(EN.clock_zones)})\b", re.IGNORECASE)


def names_zone(report: dict) -> bool:
    """Whether a report's expression names the clock it is on ("5am BST", "11am Thai time")."""
    return bool(_ZONE_WORDS.search(report.get("expression") or ""))


def one_wall_clock(a: dict, b: dict) -> bool:
    """Two clock times that are one reading of a clock, put on two clocks: the same TimeML
    value ("about 1am on Friday", "about 1 a.m." early Friday: 2018-07-06T01:00), and one of
    them names no zone, so its article's clock was taken for it. An outlet that writes an hour
    without a zone gives the hour where it happened, not an hour apart by the time zones
    between two newsrooms; two hours that both name their zones are compared as they say."""
    value = a.get("timex_value")
    if not isinstance(value, str) or value != b.get("timex_value"):
        return False
    return not (names_zone(a) and names_zone(b))


def conflicting(a: dict, b: dict) -> bool:
    """Whether two reports of one happening are a conflict the row shows: their dates
    disagree, and neither is "now" (`_dated_by_writing`): the time of writing is no date of
    the happening, and a plan "now" ready says nothing of the day it will be."""
    return not _dated_by_writing(a) and not _dated_by_writing(b) and disagree(a, b)


# TimeML values of words that date by the writer's moment, not the happening's: "now".
REFERENCE_VALUES = frozenset(["PRESENT_REF", "PAST_REF", "FUTURE_REF"])


def _dated_by_writing(report: dict) -> bool:
    """Dated by a word for the time of writing ("now"), not by one for the happening's."""
    return report["date_basis"] == "expression" and report.get("timex_value") in REFERENCE_VALUES


def _gap(a: dict, b: dict) -> timedelta:
    return max(_start(a), _start(b)) - min(a["end"], b["end"])


def same_happening_dates(a: dict, b: dict) -> bool:
    """Whether two reports' dates and modalities allow one happening (see the module's rules)."""
    if _start(a) is None or _start(b) is None or a["end"] is None or b["end"] is None:
        return False
    if _gap(a, b) > MAX_GAP:
        return False
    if not disagree(a, b):
        return True
    if a["date_basis"] == "publication" or b["date_basis"] == "publication":
        # an article can only report what had happened by its publication: a report dated
        # after it is another happening, or misdated, and never an outlet's disagreement
        return False
    if (a["modality"] in OCCURRED) == (b["modality"] in OCCURRED):
        return True
    # a plan and a report that it happened: one happening when the days are close enough
    # for the plan to have slipped ("to be discharged Thursday", "left hospital Wednesday"),
    # which is then a disagreement; a plan for the 8th and a report of the 1st are two
    return _gap(a, b) <= PLAN_SLIP


def _venue(row: dict) -> str | None:
    return None if pd.isna(row["venue"]) else row["venue"]


def _country(row: dict) -> str | None:
    country = row.get("venue_country")
    return country if isinstance(country, str) else None


def venues_compatible(a: dict, b: dict) -> bool:
    """No two different places: the same venue, or a country and a place in it (Thailand and
    Mae Sai), or one side naming none."""
    venue_a, venue_b = _venue(a), _venue(b)
    if not venue_a or not venue_b or venue_a == venue_b:
        return True
    return venue_a == _country(b) or venue_b == _country(a)


def _name_words(name: str) -> tuple[str, ...]:
    return tuple(name.casefold().split())


def _shared_names(mine: frozenset[str], theirs: frozenset[str]) -> int:
    """How many of `mine` the other article names too, a name counting when the other gives
    it whole or begun ("Chiang Rai" and "Chiang Rai province", "Narongsak" and "Narongsak
    Osatanakorn", "NAVY" and "Navy"): articles of one story shorten and lengthen its names."""
    if not mine or not theirs:
        return 0
    whole = {_name_words(n) for n in theirs}
    begun = {words[:k] for words in whole for k in range(1, len(words))}
    count = 0
    for name in mine:
        words = _name_words(name)
        if (
            words in whole
            or words in begun
            or any(words[:k] in whole for k in range(1, len(words)))
        ):
            count += 1
    return count


# Kinds of participant a happening that befalls its people once (a death) cannot befall: an
# undated "the Navy said he died" and another article's undated "died in the operation, the
# Navy said" share the Navy, not the dead.
NOT_PEOPLE = frozenset(["organisation", "country", "place", "product", "facility", "vehicle"])


def befallen(row: dict) -> dict | None:
    """The row with only the actors its happening may befall (none of kind NOT_PEOPLE), or
    None when it names no such actor: what an undated row's people are compared with."""
    things = {
        str(p["name"])
        for p in row.get("participants") or []
        if isinstance(p, dict) and p.get("kind") in NOT_PEOPLE
    }
    people = [name for name in row["actors"] if name not in things]
    return row | {"actors": people} if people else None


def _person_like(name: str) -> bool:
    return len(name.split()) >= LONE_NAME_WORDS and name not in _COUNTRIES


def _lone_name(names: frozenset[str]) -> bool:
    """Whether an article's names are one name that may stand for its story alone
    (LONE_NAME_WORDS)."""
    if len(names) != 1:
        return False
    (name,) = names
    return _person_like(name)


def _story_share(mine: frozenset[str], theirs: frozenset[str]) -> float | None:
    shared = _shared_names(mine, theirs)
    if shared < STORY_NAMES and not (shared and (_lone_name(mine) or _lone_name(theirs))):
        return None
    share = shared / min(len(mine), len(theirs))
    return share if share >= STORY_SHARE else None


def _names_by_article(row: dict) -> dict[str, frozenset[str]]:
    """Each of a row's articles with the names it gives. A merged row keeps them apart
    (STORY_KEY): the union of many articles' names is no article's, and its share of another
    article's names says little."""
    kept = row.get(STORY_KEY)
    if kept is not None:
        return kept
    return {"+".join(sorted(row["sources"])): frozenset(row.get("article_names") or ())}


def same_story(a: dict, b: dict) -> float | None:
    """How much two rows' articles share of the names they give (overlap of the shorter
    list; for merged rows, the closest pair of their articles), or None when too little to
    take them as one story (STORY_NAMES, STORY_SHARE)."""
    shares = [
        share
        for mine in _names_by_article(a).values()
        for theirs in _names_by_article(b).values()
        if (share := _story_share(mine, theirs)) is not None
    ]
    return max(shares) if shares else None


_DAY_VALUE = re.compile(r"^\d{4}-\d{2}-\d{2}$")  # TimeML: one calendar day


def earliest_day(report: dict) -> dict:
    """The report as the day its words name, when its period only begins there: a deed told as
    coming after one its sentence dates ("disappeared after entering the cave on June 23") is
    dated on or after that day and by the publication, fuzzy, the expression's value that day.
    The day is all its words give, and the happening's likeliest: against another report's
    day it stands in as that day would (`close_dates`), while the whole open period is what
    it is compared with for disagreeing (`disagree`): a later day inside it is no
    disagreement. Any other report is returned as it is."""
    value = report.get("timex_value")
    if (
        report["granularity"] != "fuzzy"
        or report["start"] is None
        or not isinstance(value, str)
        or not _DAY_VALUE.match(value)
    ):
        return report
    first = report["start"] + min(CLOCK_SLACK, (report["end"] - report["start"]) / 2)
    if first.date().isoformat() != value:
        return report  # a period that does not begin on the day its words name
    return report | {"end": report["start"] + timedelta(days=1), "granularity": "day"}


def close_dates(a: dict, b: dict, *, slip: bool = False) -> bool:
    """Dates close enough to stand in for participants: both from an expression, a day or
    finer (a period that begins on the day its words name counts as that day:
    `earliest_day`), no more than CLOSE_GAP apart, both reports of a past happening or both
    of a plan; with `slip`, also a plan and a report of it done no more than PLAN_SLIP from
    its day."""
    a, b = earliest_day(a), earliest_day(b)
    if a["start"] is None or b["start"] is None:
        return False
    if a["date_basis"] != "expression" or b["date_basis"] != "expression":
        return False
    if a["granularity"] not in CLOSE_GRANULARITIES or b["granularity"] not in CLOSE_GRANULARITIES:
        return False
    if _gap(a, b) > CLOSE_GAP:
        return False
    if (a["modality"] in OCCURRED) == (b["modality"] in OCCURRED):
        return True
    return slip and _gap(a, b) <= PLAN_SLIP


def _plan_and_report(a: dict, b: dict) -> bool:
    return (a["modality"] in OCCURRED) != (b["modality"] in OCCURRED)


def _slipped(a: dict, b: dict) -> bool:
    """A plan and a report of it done no more than PLAN_SLIP from the plan's day."""
    return _plan_and_report(a, b) and _gap(a, b) <= PLAN_SLIP


def agents(row: dict) -> frozenset[str]:
    """Who acts, by name, when the extraction gave participants roles (`participants`); else
    no one. A group ("the diver", "rescuers") is no name: it may be the very person another
    report names, so it never sets two reports' agents apart."""
    found = row.get("participants")
    if not isinstance(found, (list, tuple)):
        return frozenset()
    return frozenset(
        str(p["name"])
        for p in found
        if isinstance(p, dict) and p.get("role") == "agent" and p.get("kind") != "group"
    )


def told_of(row: dict) -> list[str]:
    """The actors a row tells of, not counting those given only as who tells it ("Mr
    Narongsak said", "the Thai Navy said"): two outlets quoting two sources on one
    happening do not name two sets of participants, so a row naming only its sources is
    a row naming no one for the story rules."""
    roles: dict[str, set[str]] = {}
    for p in row.get("participants") or []:
        if isinstance(p, dict):
            roles.setdefault(str(p.get("name")), set()).add(str(p.get("role")))
    return [name for name in row["actors"] if roles.get(name) != {"reporter"}]


def participant_affinity(a: dict, b: dict) -> float | None:
    """How alike two rows' participants are (higher is closer), or None when they cannot be
    the same happening's: see MIN_SHARED_ACTORS and the module's rules. When both rows say who
    acts, the agents must meet too: "Israel struck Hamas" and "Hamas struck Israel" share
    every name and are two happenings."""
    venue_a, venue_b = _venue(a), _venue(b)
    if not venues_compatible(a, b):
        return None
    agents_a, agents_b = agents(a), agents(b)
    if agents_a and agents_b and not agents_a & agents_b:
        return None
    if a["actors"] and b["actors"]:
        mine, theirs = set(a["actors"]), set(b["actors"])
        shared = len(mine & theirs)
        if shared == 0 or shared / min(len(mine), len(theirs)) < MIN_SHARED_ACTORS:
            return None
        return shared / len(mine | theirs)
    if not a["actors"] and not b["actors"] and venue_a is not None and venue_a == venue_b:
        # a town is evidence; a whole country ("rescued in Thailand") is not, on its own
        return None if venue_a == _country(a) else 1.0
    return None


def _extent(row: dict) -> tuple:
    starts = [_start(r) for r in row["reports"] if _start(r) is not None]
    ends = [r["end"] for r in row["reports"] if r["end"] is not None]
    return (min(starts), max(ends)) if starts and ends else (None, None)


def affinity(a: dict, b: dict) -> float | None:
    """How alike two rows (each one or more reports) are, or None when they are not one
    happening: every rule, every pair of reports.

    Participants decide first (shared names, or one venue for two rows naming no one). A
    row naming no one may still be one happening with another when their articles are of
    one story (`same_story`), the venues do not differ and every pair of dates agrees
    closely (`close_dates`): "the boys were found alive Monday" and "British divers found
    all thirteen on Monday" in two reports of one rescue. It scores below any named match.
    """
    return judge(a, b)[0]


def judge(a: dict, b: dict) -> tuple[float | None, str]:
    """`affinity` with the rule that decided it, in a few words: which test refused two rows,
    or how they were found alike. For reading why two reports did or did not merge."""
    if happening_arc(a) != happening_arc(b):
        return None, KINDS_DIFFER
    if not (_mergeable(a) and _mergeable(b)):
        return None, NOT_MERGED
    if set(a["sources"]) & set(b["sources"]) and not folds(a, b):
        return None, SAME_ARTICLE
    (a_start, a_end), (b_start, b_end) = _extent(a), _extent(b)
    if a_start is None or b_start is None:
        # only a happening that befalls its people once gets here undated: the people decide
        people_a, people_b = befallen(a), befallen(b)
        score = participant_affinity(people_a, people_b) if people_a and people_b else None
        if score is not None:
            return score * UNDATED_WEIGHT, BY_ONCE
        if a_start is None and b_start is not None:
            score = undated_of_story(a, b)
        elif b_start is None and a_start is not None:
            score = undated_of_story(b, a)
        return (None, UNDATED) if score is None else (score * UNDATED_STORY_WEIGHT, BY_ONCE_STORY)
    if max(a_start, b_start) - min(a_end, b_end) > MAX_GAP:
        return None, TOO_FAR  # the nearest pair of dates is too far apart already
    # an undated report (a death told by an article that gives no date) says nothing of the
    # date, so the dates the rows give decide
    pairs = [
        (ra, rb)
        for ra in a["reports"]
        for rb in b["reports"]
        if ra["end"] is not None and rb["end"] is not None
    ]
    agreeing = _date_weight(pairs)
    score = participant_affinity(a, b)
    if score is not None:
        if all(same_happening_dates(ra, rb) for ra, rb in pairs):
            return score * agreeing, BY_PARTICIPANTS
        return None, DATES_NOT_ONE
    if told_of(a) and told_of(b):
        return None, OTHERS_NAMED
    if not venues_compatible(a, b):
        return None, VENUES_DIFFER
    story = same_story(a, b)
    shared = group_share(a, b)
    if story is None and shared is None:
        return None, NOT_ONE_STORY
    anchor = _story_anchor(pairs, by_then=shared is not None)
    if anchor is None:
        return None, DATES_NOT_CLOSE
    slipped = shared is not None and all(_slipped(ra, rb) for ra, rb in pairs if disagree(ra, rb))
    if (
        agreeing == DISAGREEING_WEIGHT
        and not slipped
        and not names_in_article(a, b)
        and not names_in_article(b, a)
    ):
        # the dates differ, and nothing but the story and the dates says they are one: the
        # rescue's first day and its second are two happenings of one kind, as likely as two
        # outlets disagreeing on one day. When the silent report's article names who the
        # other's clause names ("the former Seal died" in an article about Saman Kunan), the
        # two are one happening and the dates a disagreement. So are a plan and its report
        # a day apart for the same people ("to be discharged Thursday", "the boys left
        # hospital Wednesday"): the plan slipped.
        return None, SILENT_DISAGREE
    if anchor == WIDE_ANCHOR:
        # only a wide date on the other's weekday stands in (`within`): such a report joins
        # the row of most outlets first, after every closer match
        outlets = max(len(set(a["sources"])), len(set(b["sources"])))
        if outlets < WIDE_OUTLETS:
            return None, DATES_NOT_CLOSE
        return WIDE_SCORE * outlets / (outlets + 1), BY_WIDE
    if story is None:
        return 0.5 * (shared or 0.0) * agreeing, BY_GROUPS
    return 0.5 * max(story, shared or 0.0) * agreeing, BY_STORY


def undated_of_story(undated: dict, dated: dict) -> float | None:
    """How much an undated row of a happening that befalls its people once (a death told by
    an article giving no date) is the dated row's happening when its clause names no person
    ("the Navy said he died"): their articles are of one story (`same_story`) and the undated
    row's article names a person, in two words or more, that the dated row names ("Saman
    Gunan"). A person the undated row names itself and the other does not, or two agents,
    or two venues, say it is someone else's; None then, or when nothing ties them."""
    if not venues_compatible(undated, dated):
        return None
    own, theirs = agents(undated), agents(dated)
    if own and theirs and not own & theirs:
        return None
    people = {
        str(p["name"])
        for p in undated.get("participants") or []
        if isinstance(p, dict) and p.get("kind") == "person"
    }
    if people - set(dated["actors"]):
        return None
    story = same_story(undated, dated)
    if story is None:
        return None
    given = frozenset().union(*_names_by_article(undated).values())
    if not any(_person_like(n) for n in given & set(dated["actors"])):
        return None
    return story


def _date_weight(pairs: list[tuple[dict, dict]]) -> float:
    """How much two rows' dates say they are one happening, to choose the closest partner:
    of two partners equally alike in participants, the one whose dates agree is the likelier
    account of the same happening, so a misdated report does not take a well-dated one's
    place. A publication date agrees with any day before it and so says little: a row that
    only such dates join comes after one whose own dates disagree (the disagreement is then
    flagged), or an article's undated mention of a happening would take the place of its
    dated one, which could then not join (one article, one report)."""
    if any(disagree(ra, rb) for ra, rb in pairs):
        return DISAGREEING_WEIGHT
    if not any(
        ra["date_basis"] == "expression" and rb["date_basis"] == "expression" for ra, rb in pairs
    ):
        return BY_THEN_WEIGHT
    return 1.0


def group_share(a: dict, b: dict) -> float | None:
    """How much two rows share of the groups they tell of ("the boys", "the divers": kind
    "group" in `participants`), as the share of their union; None when they share none. A
    group stands in for a story's names where a row names no one: it says which people, but
    not which of their days, so it only ever joins reports whose dates agree closely."""
    mine = participants.group_names(a.get("participants") or [])
    theirs = participants.group_names(b.get("participants") or [])
    common = mine & theirs
    return len(common) / len(mine | theirs) if common else None


def names_in_article(named: dict, silent: dict) -> bool:
    """Whether a row naming no one comes from articles that name who the other row names."""
    if silent["actors"] or not named["actors"]:
        return False
    given = frozenset().union(*_names_by_article(silent).values())
    return bool(given & set(named["actors"]))


def story_dates(pairs: list[tuple[dict, dict]], *, by_then: bool = False) -> bool:
    """Whether the dates of two rows of one story, one naming no one, stand in for the names:
    every pair of dates from expressions close (`close_dates`), at least one such pair, and
    no report dated "by then" (its publication) that the other row's dates come after. A row
    that joined named reports dated by publication keeps them; the close dates decide.

    With `by_then` (the rows tell of a group in common: "the boys"), a report dated only by
    a publication just after the other's day stands in for a close date
    (`published_just_after`): the same people, the same kind of happening, that day's news;
    and a plan and its report may lie PLAN_SLIP apart (`close_dates`)."""
    return _story_anchor(pairs, by_then=by_then) is not None


CLOSE_ANCHOR, WIDE_ANCHOR, PUBLISHED_ANCHOR = "close", "wide", "published"


def _story_anchor(pairs: list[tuple[dict, dict]], *, by_then: bool) -> str | None:
    """`story_dates`, saying what anchors the dates: a close pair, only a wide date on the
    other's weekday (`within`), or only a publication just after the other's day."""
    dated = [
        (ra, rb)
        for ra, rb in pairs
        if ra["date_basis"] != "publication" and rb["date_basis"] != "publication"
    ]
    anchor = None
    for ra, rb in dated:
        if close_dates(ra, rb, slip=by_then):
            anchor = CLOSE_ANCHOR
        elif within(ra, rb) or within(rb, ra):
            anchor = anchor or WIDE_ANCHOR
        elif not (_wide(ra) and _wide(rb) and not disagree(ra, rb)):
            return None
    rest = [(ra, rb) for ra, rb in pairs if (ra, rb) not in dated]
    if any(disagree(ra, rb) and not (by_then and _slipped(ra, rb)) for ra, rb in rest):
        return None
    if anchor is None and by_then and any(published_just_after(ra, rb) for ra, rb in rest):
        return PUBLISHED_ANCHOR
    return anchor


def _wide(report: dict) -> bool:
    """A date from an expression wider than a day and no wider than WIDE_SPAN."""
    return (
        report["date_basis"] == "expression"
        and report["granularity"] in WIDE_GRANULARITIES
        and report["start"] is not None
        and report["end"] is not None
        and report["end"] - report["start"] <= WIDE_SPAN
        and not _dated_by_writing(report)
    )


_ANY_WEEK_DAY = re.compile(r"^XXXX-WXX-([1-7])$")  # TimeML: a weekday of no known week
_WEEKDAYS = {name: n for n, name in enumerate(EN.weekdays)} | dict(EN.weekday_short)


def named_weekday(report: dict) -> int | None:
    """The weekday (Monday 0) a report's date expression names ("Sunday", "on Mon."), or
    its TimeML value when that is a weekday of no known week; None when it names none, or
    two ("Sunday and Monday": two days, and the report is of which one?)."""
    found = _ANY_WEEK_DAY.match(report.get("timex_value") or "")
    if found:
        return int(found.group(1)) - 1
    words = re.findall(r"[a-z]+", (report.get("expression") or "").lower())
    named = {_WEEKDAYS[word] for word in words if word in _WEEKDAYS}
    return named.pop() if len(named) == 1 else None


def within(wide: dict, fine: dict) -> bool:
    """Whether a wide date stands in for a close one: `wide` names a weekday but was read as a
    week or a month (a "Sunday" on a page known only to its month is read as that month),
    `fine` is a day or finer from an expression, on that weekday and inside the wide one's
    days, and both tell a past happening or both a plan. The weekday is what the wide report
    does say: of a story's happenings of one kind within its month, one falls on it."""
    if not _wide(wide) or fine["granularity"] not in CLOSE_GRANULARITIES:
        return False
    if fine["date_basis"] != "expression" or fine["start"] is None or fine["end"] is None:
        return False
    weekday = named_weekday(wide)
    if weekday is None or _plan_and_report(wide, fine):
        return False
    (wide_first, wide_last), (fine_first, fine_last) = _calendar_days(wide), _calendar_days(fine)
    if not (wide_first <= fine_first and fine_last <= wide_last):
        return False
    return any(
        (fine_first + timedelta(days=n)).weekday() == weekday
        for n in range((fine_last - fine_first).days + 1)
    )


def published_just_after(a: dict, b: dict) -> bool:
    """Whether one report is dated only by a publication that came no more than CLOSE_GAP
    after the day the other's words give it (to the day or finer): "the boys have been found"
    in Monday's paper beside "found late Monday" elsewhere. News tells the latest of a
    story's happenings without a date when it is that day's or the day before's news; a
    publication known only to the month says nothing so close."""
    for by, other in ((a, b), (b, a)):
        if by["date_basis"] != "publication" or other["date_basis"] != "expression":
            continue
        if by["end"] is None or other["start"] is None or other["end"] is None:
            continue
        if by["granularity"] not in CLOSE_GRANULARITIES:
            continue
        if other["granularity"] not in CLOSE_GRANULARITIES:
            continue
        lag = by["end"] - other["end"]
        if other["modality"] in OCCURRED and -CLOCK_SLACK <= lag <= CLOSE_GAP + CLOCK_SLACK:
            return True
    return False


def folds(a: dict, b: dict) -> bool:
    """Whether two rows sharing an article may still be one happening: the article told it
    twice ("died early Friday morning", later "was returning at about 1 a.m. ... died"), and
    each telling was joined by another outlet's report on its own. Both rows then hold a
    second article, and the shared article's two tellings give dates that agree: an article
    that dates two happenings of one kind apart (four rescued Sunday, four more Monday) tells
    two happenings, and a row of one article alone never takes another of its tellings."""
    if len(set(a["sources"])) < 2 or len(set(b["sources"])) < 2:
        return False
    shared = set(a["sources"]) & set(b["sources"])
    return not any(
        disagree(ra, rb)
        for ra in a["reports"]
        if ra["article_id"] in shared
        for rb in b["reports"]
        if rb["article_id"] == ra["article_id"]
    )


def one_per_article(reports: list[dict]) -> tuple[list[dict], list[dict]]:
    """The best report of each article, best first, and the article's other tellings, which
    fold into it (`folds`): a row counts each outlet once."""
    kept: dict[str, dict] = {}
    folded = []
    for report in sorted(reports, key=report_rank):
        if report["article_id"] in kept:
            folded.append(report)
        else:
            kept[report["article_id"]] = report
    return list(kept.values()), folded


def combine(a: dict, b: dict) -> dict:
    """One row for two rows' reports: the best report's row, a report per article (the best of
    an article's tellings), the union of actors."""
    best, other = (a, b) if report_rank(a["reports"][0]) <= report_rank(b["reports"][0]) else (b, a)
    row = dict(best)
    row["reports"], _ = one_per_article(a["reports"] + b["reports"])
    row["sources"] = [r["article_id"] for r in row["reports"]]
    row["actors"] = list(dict.fromkeys(list(best["actors"]) + list(other["actors"])))
    if isinstance(best.get("participants"), list):
        named = {p["name"] for p in best["participants"]}
        extra = [p for p in other.get("participants") or [] if p["name"] not in named]
        row["participants"] = list(best["participants"]) + extra
    row[STORY_KEY] = _names_by_article(best) | _names_by_article(other)
    row["article_names"] = list(
        dict.fromkeys(
            list(best.get("article_names") or ()) + list(other.get("article_names") or ())
        )
    )
    if not pd.isna(other["venue"]) and (pd.isna(row["venue"]) or row["venue"] == _country(other)):
        # the other names a place where the best names none, or only the place's country
        for column in ("venue", "venue_country", "venue_lat", "venue_lon", "venue_timezone"):
            if column in other:
                row[column] = other[column]
    row["conflict"] = any(conflicting(x, y) for x, y in combinations(row["reports"], 2))
    return row


def _row_order(row: dict) -> tuple:
    return (report_rank(row["reports"][0]), row["event_id"])


def block_keys(row: dict) -> set[tuple[str, str]]:
    """What a row shares with every row it could merge with by participants
    (`participant_affinity`), as keys: each actor (two rows naming people must share one), its
    venue when it names no one (two silent rows need one venue). A merged row's keys are
    those of its rows together, so a row that can merge with it shared a key with one of
    them."""
    keys = {("actor", name) for name in row["actors"]}
    venue = _venue(row)
    if not row["actors"] and venue:
        keys.add(("venue", venue))
    return keys


def story_keys(row: dict) -> dict[str, int]:
    """The first words of the names a row's articles give, each with the most names one
    article begins with it: a row naming no one joins only a row of its story, and one story
    shares names, whole or begun alike (`same_story`: "Chiang Rai" and "Chiang Rai province").
    A name two articles share begins with a word both give, so the names two rows can share
    are at most, over their shared words, the larger of their counts."""
    most: dict[str, int] = {}
    for names in _names_by_article(row).values():
        counts = Counter(words[0] for name in names if (words := _name_words(name)))
        if _lone_name(names):  # one shared name makes a story of it (LONE_NAME_WORDS)
            counts = Counter(dict.fromkeys(counts, STORY_NAMES))
        for word, count in counts.items():
            most[word] = max(most.get(word, 0), count)
    return most


_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_MICROSECOND = timedelta(microseconds=1)


def _micros(moment) -> int:
    return (moment - _EPOCH) // _MICROSECOND


def _spans(low: np.ndarray, high: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Each range low[k]..high[k] (high excluded) laid out flat: (k, position) per member."""
    counts = np.maximum(high - low, 0)
    owner = np.repeat(np.arange(len(low)), counts)
    offsets = np.arange(counts.sum()) - np.repeat(np.cumsum(counts) - counts, counts)
    return owner, low[owner] + offsets


def _window_pairs(
    groups: list[np.ndarray], starts: np.ndarray, ends: np.ndarray, silent=None
) -> tuple[np.ndarray, np.ndarray]:
    """Within each group of row ids (rows with a start), the pairs within MAX_GAP of each
    other, as positions into the groups' ids laid end to end. In order of first date a row
    meets the rows of its group starting no later than MAX_GAP after it ends: a later one is
    farther than that. With `silent` (a flag per row), only pairs holding a silent row (one
    naming no one).

    Every group is done in one pass: the groups are laid end to end in order of (group, start)
    and a row's window ends where its group's starts pass its reach, found by one search over
    (group, rank of the date) keys, so thousands of small groups cost no more than one large."""
    none = np.zeros(0, dtype=np.int64)
    flat = np.concatenate(groups) if groups else none
    if not flat.size:
        return none, none
    label = np.repeat(np.arange(len(groups)), [len(g) for g in groups])
    order = np.lexsort((flat, starts[flat], label))
    ids, group = flat[order], label[order]
    first, reach = starts[ids], ends[ids] + MAX_GAP // _MICROSECOND
    _, rank = np.unique(np.concatenate([first, reach]), return_inverse=True)
    ranks = int(rank.max()) + 1
    key, reach_key = group * ranks + rank[: len(ids)], group * ranks + rank[len(ids) :]
    position = np.arange(len(ids))
    if silent is None:
        mine, theirs = _spans(position + 1, np.searchsorted(key, reach_key, "right"))
    else:
        quiet = silent[ids]
        loud, hushed = position[~quiet], position[quiet]
        # a silent row meets every row of its group after it; a row naming someone, the silent
        # rows of its group after it
        own, after = _spans(hushed + 1, np.searchsorted(key, reach_key[quiet], "right"))
        named, among = _spans(
            np.searchsorted(hushed, loud, "right"),
            np.searchsorted(key[hushed], reach_key[~quiet], "right"),
        )
        mine = np.concatenate([hushed[own], loud[named]])
        theirs = np.concatenate([after, hushed[among]])
    return order[mine], order[theirs]


def _codes(ids: np.ndarray, mine: np.ndarray, theirs: np.ndarray, size: int) -> np.ndarray:
    """Pairs of rows as codes `first * size + second` with first < second."""
    one, two = ids[mine], ids[theirs]
    return np.minimum(one, two) * size + np.maximum(one, two)


def _dates(extents: list[tuple]) -> tuple[list[int], np.ndarray, np.ndarray]:
    """The rows with a start, and every row's extent in microseconds (0 when undated)."""
    dated = [i for i, (start, _) in enumerate(extents) if start is not None]
    starts = np.zeros(len(extents), dtype=np.int64)
    ends = np.zeros(len(extents), dtype=np.int64)
    for i in dated:
        starts[i], ends[i] = _micros(extents[i][0]), _micros(extents[i][1])
    return dated, starts, ends


def _candidate_pairs(rows: list[dict], extents: list[tuple]) -> np.ndarray:
    """The pairs of rows worth scoring, as `_window_pairs` codes: rows within the date window
    of each other that share a `block_keys` key, or, when one of them names no one, a group
    ("the boys": `group_share`) or first words enough for STORY_NAMES shared names
    (`story_keys`; `same_story` wants that many). Two rows of one article stay candidates:
    they never merge as they are, but once each has joined another outlet's report the two
    rows may be one happening the article told twice (`folds`), and it is their rows'
    candidates that bring the two merged rows together."""
    size = len(rows)
    dated, starts, ends = _dates(extents)
    blocks: dict[tuple[str, str], list[int]] = {}
    stories: dict[str, list[int]] = {}
    groups: dict[str, list[int]] = {}
    counts: dict[int, dict[str, int]] = {}
    for i in dated:
        for key in block_keys(rows[i]):
            blocks.setdefault(key, []).append(i)
        counts[i] = story_keys(rows[i])
        for word in counts[i]:
            stories.setdefault(word, []).append(i)
        for group in participants.group_names(rows[i].get("participants") or []):
            groups.setdefault(group, []).append(i)
    quiet = [not told_of(row) for row in rows]
    silent = np.array(quiet, dtype=bool)
    none = np.zeros(0, dtype=np.int64)
    by_block = [np.array(ids) for ids in blocks.values() if len(ids) > 1]
    by_group = [
        np.array(ids) for ids in groups.values() if len(ids) > 1 and any(quiet[i] for i in ids)
    ]
    by_word = [
        (word, ids) for word, ids in stories.items() if len(ids) > 1 and any(quiet[i] for i in ids)
    ]
    shared = [none, _undated_pairs(rows, extents, blocks, size)]
    for lists, only_silent in ((by_block, None), (by_group, silent)):
        if lists:
            mine, theirs = _window_pairs(lists, starts, ends, only_silent)
            shared.append(_codes(np.concatenate(lists), mine, theirs, size))
    told, weights = [none], [none]
    if by_word:
        members = [np.array(ids) for _, ids in by_word]
        mine, theirs = _window_pairs(members, starts, ends, silent)
        told.append(_codes(np.concatenate(members), mine, theirs, size))
        begun = np.array([counts[i][word] for word, ids in by_word for i in ids], dtype=np.int64)
        weights.append(np.maximum(begun[mine], begun[theirs]))
    story, where = np.unique(np.concatenate(told), return_inverse=True)
    names = np.bincount(where, weights=np.concatenate(weights), minlength=len(story))
    pairs = np.union1d(np.concatenate([none, *shared]), story[names >= STORY_NAMES])
    return pairs


def _undated_pairs(
    rows: list[dict], extents: list[tuple], blocks: dict[tuple[str, str], list[int]], size: int
) -> np.ndarray:
    """An undated row of a happening that befalls its people once (`once_only`) meets every
    row naming one of its people, or a dated row naming a person its article names
    (`undated_of_story`), whatever its date: the people are all there is to go on.
    Such rows are few (a death in an article that gives no date), so this stays small."""
    codes: list[int] = []
    for i, (start, _) in enumerate(extents):
        if start is not None or not once_only(rows[i]):
            continue
        keys = {("actor", name) for name in rows[i]["actors"]}
        given = frozenset().union(*_names_by_article(rows[i]).values())
        told = {("actor", name) for name in given if _person_like(name)}  # `undated_of_story`
        others = {j for key in keys | told for j in blocks.get(key, ())}
        undated_others = {
            j
            for j, row in enumerate(rows)
            if j != i and extents[j][0] is None and keys & {("actor", n) for n in row["actors"]}
        }
        codes += [min(i, j) * size + max(i, j) for j in others | undated_others if j != i]
    return np.array(sorted(set(codes)), dtype=np.int64)


def _working_copy(row: dict) -> dict:
    """A row whose reports hold datetimes, not pandas Timestamps: the merge's rules do date
    arithmetic on every pair of reports, and a datetime does it several times faster, with
    the same results (the table's times are whole microseconds)."""
    row = dict(row)
    row["reports"] = [
        {
            **report,
            "start": _datetime(report["start"]),
            "end": _datetime(report["end"]),
        }
        for report in row["reports"]
    ]
    return row


def _datetime(moment):
    return moment.to_pydatetime() if isinstance(moment, pd.Timestamp) else moment


def _cluster(rows: list[dict], *, exhaustive: bool = False) -> list[tuple[dict, list[str]]]:
    """Merge the closest mergeable pair first, again and again, until no pair can merge.

    Closest first keeps a report with the partner that shares the most participants
    ("Witkoff and Kushner joined" with "Witkoff and Kushner are set to join", not with
    "Dermer set to join" from the same article). Ties go to the earlier rows in the fixed
    order, so the input's order never matters; stopping only when nothing can merge is what
    makes merging a merged table a no-op.

    Only candidates are scored (`_candidate_pairs`); after a merge, the merged row against
    the rows now holding its rows' candidates. A long story then costs each report about the
    reports of its week that share a name with it, not every report of its kind, so merging
    grows with the corpus, not its square.
    `exhaustive` scores every pair within the date window instead and after a merge every
    row: the same rows, for checking that.
    """
    ordered = sorted(rows, key=_row_order)
    size = len(ordered)
    clusters: dict[int, dict] = dict(enumerate(ordered))
    place: dict[int, int] = {i: i for i in clusters}  # a cluster ranks as its earliest member
    members: dict[int, list[str]] = {i: [row["event_id"]] for i, row in clusters.items()}
    heap: list[tuple] = []

    extents = {i: _extent(row) for i, row in clusters.items()}

    def push(i: int, j: int) -> None:
        (i_start, i_end), (j_start, j_end) = extents[i], extents[j]
        if i_start is None or j_start is None:
            if not (once_only(clusters[i]) and once_only(clusters[j])):
                return
        elif max(i_start, j_start) - min(i_end, j_end) > MAX_GAP:
            return  # outside the date window: no pair of their dates can be one happening
        score = affinity(clusters[i], clusters[j])
        if score is not None:
            first, second = sorted((i, j), key=place.__getitem__)
            heapq.heappush(heap, (-score, place[first], place[second], first, second))

    if exhaustive:
        dated, starts, ends = _dates([extents[i] for i in range(size)])
        everyone = [np.array(dated, dtype=np.int64)]
        pairs = _codes(everyone[0], *_window_pairs(everyone, starts, ends), size)
        undated = [i for i in range(size) if extents[i][0] is None]
        pairs = np.union1d(
            pairs,
            np.array(
                [min(i, j) * size + max(i, j) for i in undated for j in range(size) if j != i],
                dtype=np.int64,
            ),
        )
    else:
        pairs = _candidate_pairs(ordered, [extents[i] for i in range(size)])
    first, second = np.divmod(pairs, size)
    # each original row's candidates, and the cluster each original row is in now
    ends_of = np.concatenate([first, second])
    order = np.argsort(ends_of, kind="stable")
    candidates = np.concatenate([second, first])[order]
    bounds = np.searchsorted(ends_of[order], np.arange(size + 1))
    holder = np.arange(size)
    rows_of: dict[int, list[int]] = {i: [i] for i in clusters}
    for i, j in zip(first.tolist(), second.tolist(), strict=True):
        push(i, j)
    next_id = size
    while heap:
        *_, i, j = heapq.heappop(heap)
        if i not in clusters or j not in clusters:
            continue  # one side has merged since this pair was scored
        clusters[next_id] = combine(clusters.pop(i), clusters.pop(j))
        extents[next_id] = _extent(clusters[next_id])
        place[next_id] = min(place[i], place[j])
        members[next_id] = members.pop(i) + members.pop(j)
        rows_of[next_id] = rows_of.pop(i) + rows_of.pop(j)
        holder[rows_of[next_id]] = next_id
        if exhaustive:
            around = set(clusters) - {next_id}
        else:
            near = [candidates[bounds[r] : bounds[r + 1]] for r in rows_of[next_id]]
            around = set(holder[np.concatenate(near)].tolist()) - {next_id}
        for other in sorted(around, key=place.__getitem__):
            push(other, next_id)
        next_id += 1
    for i, held in rows_of.items():
        if len(held) > 1:
            clusters[i]["folded"] = _folded([ordered[k] for k in held], clusters[i]["reports"])
    return [(clusters[i], members[i]) for i in sorted(clusters, key=place.__getitem__)]


def _report_key(report: dict) -> tuple:
    return report["article_id"], report["char_start"], report["char_end"], report["sentence"]


def _folded(rows: list[dict], kept: list[dict]) -> list[str]:
    """The event ids of the rows whose every report folded into another of its article's
    (`one_per_article`), with those the rows had folded already: what the merged row holds
    beyond its reports, so no reading is lost."""
    shown = {_report_key(r) for r in kept}
    folded = [str(i) for row in rows for i in row.get("folded") or ()]
    folded += [
        row["event_id"] for row in rows if not any(_report_key(r) in shown for r in row["reports"])
    ]
    return sorted(dict.fromkeys(folded))


def merge_group(frame: pd.DataFrame, *, exhaustive: bool = False) -> pd.DataFrame:
    """Merge the rows of one partition; rows with different candidate keys never merge, so a
    partition may hold several keys. `exhaustive`: see `_cluster`.

    Only rows sharing their key with another become dicts and meet the rules; a row that
    merges with nothing leaves as it came (the input is a typed table), and only the merged
    rows are typed again: most rows of a large table merge with nothing."""
    if frame.empty:
        return schema.empty_events()
    keys = candidate_key(frame).to_numpy()
    table = frame[list(schema.COLUMN_NAMES)].reset_index(drop=True)
    if not table.dtypes.equals(schema.empty_events().dtypes):
        table = schema.conform(_records(table))  # a table typed otherwise: typed once here
    codes, names = pd.factorize(keys)
    counts = np.bincount(codes)
    shared = np.flatnonzero(counts[codes] > 1)
    groups: dict[str, list[dict]] = {}
    position: dict[int, int] = {}
    for at, record in zip(shared.tolist(), _records(table.iloc[shared]), strict=True):
        working = _working_copy(record)
        position[id(working)] = at
        groups.setdefault(keys[at], []).append(working)
    alone = {keys[at]: at for at in np.flatnonzero(counts[codes] == 1).tolist()}
    kept: list[int] = []  # the output, as input positions, or -1 - n for the n-th merged row
    made: list[dict] = []
    for key in sorted(names):
        if key in alone:
            kept.append(alone[key])
            continue
        for row, ids in _cluster(groups[key], exhaustive=exhaustive):
            if len(ids) == 1:
                kept.append(position[id(row)])
            else:
                kept.append(-1 - len(made))
                made.append(row)
    taken = np.array(kept)
    merged = schema.conform(made) if made else schema.empty_events()
    rows = np.where(taken >= 0, taken, len(table) - 1 - taken)
    out = pd.concat([table, merged], ignore_index=True).iloc[rows].reset_index(drop=True)
    return out.assign(
        merge_explanation=pd.Series(
            [explain(row) for row in _records(out)], index=out.index, dtype="string"
        )
    )


def merge_events(frame: pd.DataFrame) -> pd.DataFrame:
    """The whole table merged: `merge_group` over every candidate key, keys in sorted order."""
    return merge_group(frame)


def merge_plan(frame: pd.DataFrame) -> dict[str, str]:
    """Which merged row each input row went into: input event_id -> merged event_id. For
    measuring and explaining merges; `merge_events` is what builds the table."""
    plan: dict[str, str] = {}
    for _, group in frame.groupby(candidate_key(frame), sort=True):
        for row, ids in _cluster([_working_copy(r) for r in _records(group)]):
            plan.update(dict.fromkeys(ids, row["event_id"]))
    return plan


def _one_line(text: object) -> str:
    return " ".join(str(text).split())


@functools.cache
def _clock(zone: str) -> ZoneInfo:  # one object per zone name, held for the whole build
    return ZoneInfo(zone)


def _instant(moment) -> datetime:
    """A moment as a plain datetime: pandas converts a Timestamp to another zone by reading the
    zone's file again when zoneinfo has let go of it (about half a millisecond each time, with
    the tens of clocks a corpus holds), a datetime converts in microseconds."""
    return pd.Timestamp(moment).to_pydatetime().astimezone(UTC)


def _half(span: timedelta) -> timedelta:
    """Half a period as pandas halves one (whole microseconds, toward zero), so a label names
    the day it always named."""
    micros = span // _MICROSECOND
    return (micros // 2 if micros >= 0 else -(-micros // 2)) * _MICROSECOND


def date_label(report: dict, zone: str) -> str:
    """A report's date as a reader says it, on the row's clock: "Monday 6 Oct", "by 8 Oct".
    Instants are computed on UTC and only the result read on the row's clock."""
    if report["end"] is None:
        return "undated"
    clock = _clock(zone)
    last_instant = _instant(report["end"]) - _MICROSECOND
    last = last_instant.astimezone(clock)
    if report["date_basis"] == "publication":
        return f"by {last:%-d %b %Y}"
    if report["start"] is None:
        return "undated"
    start_instant = _instant(report["start"])
    start = start_instant.astimezone(clock)
    granularity = report["granularity"]
    if granularity == "time":
        return f"{start:%A %-d %b %H:%M}"
    if granularity in ("day", "part-of-day"):
        # a day read on another clock than the row's: its middle is on the day it names
        middle = (start_instant + _half(last_instant - start_instant)).astimezone(clock)
        return f"{middle:%A %-d %b}"
    if start.date() == last.date():
        return f"{start:%A %-d %b}"
    if granularity == "month":
        return f"{start:%b %Y}"
    if granularity == "year":
        return f"{start:%Y}"
    return f"{start:%-d %b}-{last:%-d %b %Y}"


def explain(row: dict) -> str:
    """One line: which happening, who and where, and what each outlet says of its date, the
    outlets that disagree named and the largest group counted ("Dawn says Sunday, 4 others
    Monday")."""
    kind = happening_type(row) or "event"
    who = [_one_line(a) for a in list(row["actors"])[:2]]
    if isinstance(row.get("venue"), str):
        who.append(_one_line(row["venue"]))
    head = f"one {kind}: {', '.join(who) or 'no one named'}"
    reports = list(row["reports"])
    zone = row["timezone"] or "UTC"
    if len(reports) == 1:
        outlet = _one_line(reports[0]["outlet"] or reports[0]["article_id"])
        return f"{head}; reported by {outlet} alone, {date_label(reports[0], zone)}"
    if not row["conflict"]:
        return f"{head}; {len(reports)} reports agree on {date_label(reports[0], zone)}"
    groups: dict[str, list[str]] = {}
    for report in reports:
        name = _one_line(report["outlet"] or report["article_id"])
        groups.setdefault(date_label(report, zone), []).append(name)
    ordered = sorted(groups.items(), key=lambda g: -len(g[1]))  # stable: report order breaks ties
    largest_label, largest = ordered[0]
    parts = [
        f"{' and '.join(names)} {'says' if len(names) == 1 else 'say'} {label}"
        for label, names in ordered[1:]
    ]
    others = "1 other" if len(largest) == 1 else f"{len(largest)} others"
    return f"{head}; {', '.join(parts)}, {others} {largest_label}"
