"""The event table: the one contract between the pipeline and everything that reads it.

Every column is declared once here, with its meaning, so the dashboard, the tests and a
user opening the Parquet file in another tool read the same definitions. `validate`
runs at the end of every build: a step that drops or mistypes a column fails there,
not later in the dashboard.

Times: `start` is inclusive and `end` exclusive, both time-zone-aware and stored in UTC;
`timezone` names the wall clock the date was expressed in, so a day-precision event on
2025-10-08 in Cairo is [2025-10-08 00:00+03:00, 2025-10-09 00:00+03:00) and reads back as
that day. A clock time ("7 p.m.") covers its minute.

One row is one happening, however many articles report it (pipeline/merge.py): `sources`
lists them and `reports` keeps each one's own account, its date included, so a row whose
sources disagree on the date (`conflict`) still shows every date.

The cross-article stage (pipeline/corpus/stage.py) writes CORPUS_COLUMNS: the venue as a
place, the names of the row's articles, the merge in one line, and the salience; a reading
that has not been through it yet carries each column's `default`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC

import pandas as pd
from pandas.api.types import pandas_dtype

from .language.event_types import EVENT_CLASSES, EVENT_TYPES
from .participants import KINDS, ROLES


@dataclass(frozen=True)
class Column:
    name: str
    dtype: str
    meaning: str
    nullable: bool = False
    # What a row holds before the step that writes the column has run (None: the column is
    # required from the first step). Lets a reading enter the table before the corpus stage.
    default: object = None


EVENT_COLUMNS: tuple[Column, ...] = (
    Column(
        "event_id",
        "string",
        "Stable id: a hash of the article id, the clause's character span and the action.",
    ),
    Column("article_id", "string", "Id of the article the event was read from (the first source)."),
    Column("title", "string", "Title of that article.", nullable=True),
    Column("outlet", "string", "Outlet that published it.", nullable=True),
    Column("url", "string", "Address of the article.", nullable=True),
    Column("sentence", "string", "The source sentence, exactly as in the article text."),
    Column("char_start", "int64", "Offset of the sentence's first character in the article text."),
    Column("char_end", "int64", "Offset just past the sentence's last character."),
    Column(
        "action", "string", "What happened: the clause's verb lemma and a short phrase around it."
    ),
    Column(
        "event_type",
        "string",
        "What kind of event: an id of the taxonomy in the lexicon "
        "(pipeline/language/en/lexicon.toml, [event_types.*]): meet, travel, arrive, depart, "
        "agree, sign, announce, state_said, attack, protest, buy, ...; 'other' for a happening "
        "no type lists, 'state' and 'commentary' for clauses that describe or judge rather "
        "than report something happening.",
    ),
    Column(
        "event_class",
        "string",
        "happening (something took place), reporting (someone said something: the saying "
        "itself), state (how things are: 'remain', 'have') or commentary ('underscore', "
        "'reflect', 'believe'). A view of what happened shows the happenings.",
    ),
    Column(
        "position",
        "string",
        "Where in the article the event is told: headline (the title line), lede (the story's "
        "opening sentences), body, or caption (a photo caption saying who did what where and "
        "when). News puts what matters most first.",
    ),
    Column(
        "reported_event",
        "string",
        "For a reporting event (a saying: 'Hamas said that ...'), the event_id of the event "
        "it reports, read from the same article; empty for every other event.",
        nullable=True,
    ),
    Column(
        "actors",
        "list<string>",
        "Canonical names of whoever takes part (people, organisations, countries, products, "
        "vehicles, indices, facilities): the names of `participants`, for the filters. Never "
        "a news outlet passing the news on, a dateline place or a slogan in quotation marks.",
    ),
    Column(
        "participants",
        "list<participant>",
        "Every named thing taking part, once each, as {name, role, kind}: name canonical like "
        "`actors`; role agent (who acts), participant (who else takes part), target (who is "
        "acted on: struck, accused, sanctioned) or reporter (who tells of it); kind person, "
        "organisation, country, place, product, vehicle, index, facility, group or other. "
        "A group is people named by what they are, not by name ('the boys', 'rescuers', "
        "'12 boys and their coach'), its name the noun's lemma ('boy', 'rescuer') from the "
        "lexicon's group nouns: it lets reports that name no one be seen to tell of the same "
        "people, and is never one of `actors`. `actors` is read from it "
        "(pipeline/participants.py).",
    ),
    Column(
        "venue",
        "string",
        "Canonical place where it happened, when the clause names one.",
        nullable=True,
    ),
    Column(
        "start",
        "timestamp[UTC]",
        "Start of the period the event is dated to (inclusive).",
        nullable=True,
    ),
    Column("end", "timestamp[UTC]", "End of that period (exclusive).", nullable=True),
    Column(
        "timezone",
        "string",
        "Wall clock the date is expressed in (IANA name or UTC): how to read start and end back "
        "as local dates.",
    ),
    Column(
        "granularity",
        "string",
        "Precision of the date: time, part-of-day, day, weekend, week, month, quarter, season, "
        "year, decade, century, fuzzy, or unknown.",
    ),
    Column("modality", "string", "happened, scheduled, expected or claimed."),
    Column(
        "date_basis",
        "string",
        "expression (dated by a date expression in the text: the clause's, the sentence's, or "
        "for a saying in the simple past with none, the day its story's lede dates, as "
        "`explanation` says) or publication (no expression: "
        "all the article says is that it had happened by its publication, so `start` is empty "
        "and `end` is the end of the publication's period: an open interval, never a point "
        "on the publication day).",
    ),
    Column(
        "expression",
        "string",
        "The date expression the date comes from, as written.",
        nullable=True,
    ),
    Column(
        "timex_value",
        "string",
        "TimeML value of that expression (2025-10-08, 2025-W41, PAST_REF, ...).",
        nullable=True,
    ),
    Column("explanation", "string", "One line a reader understands: how the date was reached."),
    Column(
        "confidence", "float64", "0 to 1: how much the extraction and the dating can be trusted."
    ),
    Column("sources", "list<string>", "Ids of every article reporting this event."),
    Column(
        "conflict",
        "bool",
        "True when the sources disagree on the date: their dates for it do not overlap, a "
        "date 'now' (the time of writing) never counting (see pipeline/merge.py).",
    ),
    Column(
        "reports",
        "list<report>",
        "One entry per source article, in the order of sources: how that article reported the "
        "event "
        "(its sentence and offsets, its own date, granularity, modality, date basis, expression, "
        "explanation and confidence). "
        "The row's own date is the first report's; the others keep theirs, so a conflict shows "
        "every date.",
    ),
)

# Written by the cross-article stage (pipeline/corpus/stage.py): the venue as a place, why
# reports were merged, and how much an editor would make of the row.
CORPUS_COLUMNS: tuple[Column, ...] = (
    Column(
        "venue_country",
        "string",
        "Country of the venue, from the offline gazetteer (pipeline/corpus/places.py).",
        nullable=True,
        default=pd.NA,
    ),
    Column(
        "venue_lat",
        "float64",
        "Latitude of the venue (a city or region; a country has none).",
        nullable=True,
        default=float("nan"),
    ),
    Column(
        "venue_lon",
        "float64",
        "Longitude of the venue.",
        nullable=True,
        default=float("nan"),
    ),
    Column(
        "venue_timezone",
        "string",
        "The venue's clock (IANA name): what 'local time' in a report of it means.",
        nullable=True,
        default=pd.NA,
    ),
    Column(
        "article_names",
        "list<string>",
        "Every name the row's source articles give anywhere (actors and venues of all their "
        "events): what tells that two reports naming no one themselves are of one story.",
        default=(),
    ),
    Column(
        "folded",
        "list<string>",
        "Event ids of the article's further tellings of this happening, folded into its one "
        "report (an article that tells a death twice, once with the hour): a row counts each "
        "outlet once, and these readings are kept, not lost (pipeline/merge.py).",
        default=(),
    ),
    Column(
        "merge_explanation",
        "string",
        "One line: what the row is, who reported it, and how their dates agree or differ.",
        default="",
    ),
    Column(
        "salience",
        "float64",
        "0 to 1: how much a news editor would make of it (pipeline/corpus/salience.py).",
        default=0.0,
    ),
    Column(
        "salience_reasons",
        "list<string>",
        "What the salience is made of, one short phrase per reason, strongest first.",
        default=(),
    ),
    Column(
        "key_event",
        "bool",
        "True for the rows the dashboard opens on: salient happenings.",
        default=False,
    ),
)
# `reports` stays last: the table file appends it after the flat columns.
EVENT_COLUMNS = EVENT_COLUMNS[:-1] + CORPUS_COLUMNS + EVENT_COLUMNS[-1:]
COLUMN_NAMES: tuple[str, ...] = tuple(c.name for c in EVENT_COLUMNS)
LIST_COLUMNS: tuple[str, ...] = tuple(c.name for c in EVENT_COLUMNS if c.dtype == "list<string>")
# Written beside the event columns when a table is saved (pipeline/table.py), for the page:
# the words and local dates every view shows, worked out once per build rather than row by row
# on every first load of a large table. They repeat what the event columns say, so a table
# file without them (one written before them, or by another tool) still opens: the page works
# them out on reading. `load_events` leaves them out; the event table is the columns above.
VIEW_COLUMNS: tuple[Column, ...] = (
    Column(
        "local_start",
        "timestamp",
        "`start` on the article's wall clock (`timezone`), without a zone: the day a reader "
        "of that article would name.",
        nullable=True,
    ),
    Column("local_end", "timestamp", "`end` on the same wall clock.", nullable=True),
    Column(
        "headline",
        "string",
        "actors — action — venue, as the cards and the hover text say the event; "
        "'(no actor)' when no one is named.",
    ),
    Column(
        "when",
        "string",
        "The dated period in words on that wall clock, as precise as the date ('Wed 8 Oct "
        "2025', 'October 2025', 'reported by Thu 9 Oct 2025', 'undated').",
    ),
    Column(
        "search_text",
        "string",
        "What the page's text search looks through: the sentence, action, venue, expression, "
        "title, outlet and actors, casefolded, one per line.",
    ),
    Column("first_actor", "string", "The first of `actors`, or '(no actor)': the actor lane."),
)
VIEW_COLUMN_NAMES: tuple[str, ...] = tuple(c.name for c in VIEW_COLUMNS)
# One source article's account of an event: the keys of every dict in `reports`, in this order.
# start and end are UTC timestamps or None, like the columns of the same names.
REPORT_KEYS: tuple[str, ...] = (
    "article_id",
    "outlet",
    "title",
    "url",
    "sentence",
    "char_start",
    "char_end",
    "expression",
    "timex_value",
    "start",
    "end",
    "granularity",
    "modality",
    "date_basis",
    "explanation",
    "confidence",
)
# The one precision order, finest first: a weekend (two days) is finer than its week, a
# quarter and a season are both three months. Dating, merging and the dashboard rank by it.
GRANULARITIES: tuple[str, ...] = (
    "time",
    "part-of-day",
    "day",
    "weekend",
    "week",
    "month",
    "quarter",
    "season",
    "year",
    "decade",
    "century",
    "fuzzy",
    "unknown",
)
GRANULARITY_RANK = {name: rank for rank, name in enumerate(GRANULARITIES)}
MODALITIES: tuple[str, ...] = ("happened", "scheduled", "expected", "claimed")
DATE_BASES: tuple[str, ...] = ("expression", "publication")

_PANDAS_DTYPES = {
    "string": "string",
    "int64": "int64",
    "float64": "float64",
    "bool": "bool",
    "timestamp[UTC]": "datetime64[us, UTC]",
    "list<string>": "object",
    "list<report>": "object",
    "list<participant>": "object",
}
PARTICIPANT_KEYS: tuple[str, ...] = ("name", "role", "kind")
POSITIONS: tuple[str, ...] = ("headline", "lede", "body", "caption")


class SchemaError(ValueError):
    """The event table does not match the documented schema."""


def empty_events() -> pd.DataFrame:
    """An event table with no rows and every column typed: what a build of nothing gives."""
    return pd.DataFrame({c.name: pd.Series(dtype=_PANDAS_DTYPES[c.dtype]) for c in EVENT_COLUMNS})


def conform(rows: list[dict]) -> pd.DataFrame:
    """Build a typed event table from row dicts, then check it.

    A row without `reports` is one article's own account, so it gets the one report its
    own fields make; rows that bring reports (a merged table read back) keep them.
    """
    if not rows:
        return empty_events()
    frame = pd.DataFrame(rows)
    if "reports" not in frame.columns:
        frame["reports"] = None
    for column in EVENT_COLUMNS:
        if column.name not in frame.columns and column.default is not None:
            frame[column.name] = pd.Series(
                [column.default] * len(frame), index=frame.index, dtype=object
            )
    missing = [name for name in COLUMN_NAMES if name not in frame.columns]
    if missing:
        raise SchemaError(f"event rows lack columns: {', '.join(missing)}")
    frame = frame[list(COLUMN_NAMES)]
    for column in EVENT_COLUMNS:
        target = _PANDAS_DTYPES[column.dtype]
        if column.dtype == "timestamp[UTC]":
            frame[column.name] = pd.to_datetime(frame[column.name], utc=True).astype(
                pandas_dtype(target)
            )
        elif column.dtype == "list<string>":
            frame[column.name] = frame[column.name].map(
                lambda v: [] if v is None or isinstance(v, float) else [str(x) for x in v]
            )
        elif column.dtype == "list<report>":
            continue  # made from the typed columns below
        elif column.dtype == "list<participant>":
            frame[column.name] = frame[column.name].map(normal_participants)
        else:
            frame[column.name] = frame[column.name].astype(pandas_dtype(target))
    frame["reports"] = pd.Series(
        [
            [normal_report(r) for r in reports]
            if isinstance(reports, (list, tuple)) and len(reports)
            else [own_report(row)]
            # only the report's own columns, a column at a time: boxing an Arrow column value
            # by value (`to_dict`) cost most of this
            for reports, row in zip(frame["reports"], _report_fields(frame), strict=True)
        ],
        index=frame.index,
        dtype=object,
    )
    return validate(frame)


def _report_fields(frame: pd.DataFrame) -> list[dict]:
    """Each row's REPORT_KEYS as a dict, read a column at a time; missing values are pandas'
    markers, which `normal_report` makes None."""
    columns = [frame[key].tolist() for key in REPORT_KEYS]
    return [dict(zip(REPORT_KEYS, values, strict=True)) for values in zip(*columns, strict=True)]


# Values that are never a missing marker, tested by type before asking pandas (a few
# microseconds a value, and a report has fifteen).
_NEVER_MISSING = frozenset([str, int, bool, pd.Timestamp])


def _plain(value):
    """pandas' missing markers (NA, NaT, NaN) as None, the one "unknown" readers test for."""
    if value is None:
        return None
    if type(value) in _NEVER_MISSING:
        return value
    try:
        return None if pd.isna(value) else value
    except (TypeError, ValueError):
        return value


def _moment(value) -> pd.Timestamp | None:
    """A UTC timestamp; a naive one is taken as UTC already, as `conform` reads the columns."""
    if isinstance(value, pd.Timestamp) and value.tzinfo is UTC:
        return value  # already what it should be: most reports' moments, twice per report
    value = _plain(value)
    if value is None:
        return None
    moment = pd.Timestamp(value)
    return moment.tz_localize("UTC") if moment.tzinfo is None else moment.tz_convert("UTC")


def normal_report(report: dict) -> dict:
    """A report with exactly the documented keys and plain values: str or None, int offsets,
    a float confidence, UTC timestamps or None; whatever it came from (a row, Parquet, JSON)."""
    extra = set(report) - set(REPORT_KEYS)
    lacking = set(REPORT_KEYS) - set(report)
    if extra or lacking:
        raise SchemaError(
            f"a report must have exactly the keys {REPORT_KEYS}; extra {sorted(extra)}, lacking "
            f"{sorted(lacking)}"
        )
    out = {}
    for key in REPORT_KEYS:
        value = _plain(report[key])
        if key in ("start", "end"):
            value = _moment(value)
        elif key in ("char_start", "char_end"):
            value = int(value)
        elif key == "confidence":
            value = float(value)
        elif value is not None:
            value = str(value)
        out[key] = value
    return out


def normal_participants(value) -> list[dict]:
    """Participants as plain dicts of strings, whatever they came from (rows, Parquet, JSON)."""
    if value is None or (not isinstance(value, (list, tuple)) and _plain(value) is None):
        return []
    return [{key: str(p[key]) for key in PARTICIPANT_KEYS} for p in value]


def own_report(row: dict) -> dict:
    """The one report an unmerged row stands for: its own article's account."""
    return normal_report({key: row[key] for key in REPORT_KEYS})


def validate(frame: pd.DataFrame, *, nested_checked: bool = False) -> pd.DataFrame:
    """Fail loudly when a column is missing, mistyped, null where it may not be, or off its
    vocabulary. `nested_checked`: the reports and participants were checked where they were
    read, column by column (a table file's typed Arrow columns, pipeline/table.py), so the
    row-by-row check of each one, most of the cost of opening a large table, is not repeated."""
    missing = [name for name in COLUMN_NAMES if name not in frame.columns]
    if missing:
        raise SchemaError(f"event table lacks columns: {', '.join(missing)}")
    for column in EVENT_COLUMNS:
        series = frame[column.name]
        if not column.nullable and column.dtype not in ("timestamp[UTC]",) and series.isna().any():
            raise SchemaError(f"column {column.name!r} has empty values but may not")
        if column.dtype == "timestamp[UTC]" and not _is_utc(series):
            raise SchemaError(f"column {column.name!r} must be UTC timestamps, not {series.dtype}")
        if column.dtype == "list<string>" and not all(isinstance(v, list) for v in series):
            raise SchemaError(f"column {column.name!r} must hold lists")
    if not nested_checked:
        for reports, sources in zip(frame["reports"], frame["sources"], strict=True):
            _check_reports(reports, sources)
        for listed in frame["participants"]:
            _check_participants(listed)
    for name, allowed in (
        ("granularity", GRANULARITIES),
        ("modality", MODALITIES),
        ("date_basis", DATE_BASES),
        ("event_type", EVENT_TYPES),
        ("event_class", EVENT_CLASSES),
        ("position", POSITIONS),
    ):
        bad = sorted(set(frame[name].dropna().unique()) - set(allowed))
        if bad:
            raise SchemaError(f"column {name!r} has values outside {allowed}: {bad}")
    if frame["event_id"].duplicated().any():
        raise SchemaError("event_id values must be unique")
    return frame


_REPORT_KEY_SET = frozenset(REPORT_KEYS)


def _check_reports(reports, sources: list[str]) -> None:
    if not isinstance(reports, list) or not reports:
        raise SchemaError("column 'reports' must hold a non-empty list per row")
    for report in reports:
        if not isinstance(report, dict) or report.keys() != _REPORT_KEY_SET:
            raise SchemaError(f"each report must be a dict with exactly the keys {REPORT_KEYS}")
        if report["article_id"] not in sources:
            raise SchemaError(
                f"report from {report['article_id']!r} is not among the row's sources {sources}"
            )
        for key in ("start", "end"):
            moment = report[key]
            if moment is not None and not (
                isinstance(moment, pd.Timestamp)
                and (moment.tzinfo is UTC or str(moment.tz) == "UTC")
            ):
                raise SchemaError(
                    f"a report's {key!r} must be a UTC timestamp or None, not {moment!r}"
                )


_PARTICIPANT_KEY_SET = frozenset(PARTICIPANT_KEYS)


def _check_participants(listed) -> None:
    if not isinstance(listed, list):
        raise SchemaError("column 'participants' must hold a list per row")
    for p in listed:
        if not isinstance(p, dict) or p.keys() != _PARTICIPANT_KEY_SET:
            raise SchemaError(f"each participant must be a dict with the keys {PARTICIPANT_KEYS}")
        if p["role"] not in ROLES or p["kind"] not in KINDS:
            raise SchemaError(
                f"participant {p['name']!r}: role must be one of {ROLES}, kind one of {KINDS}"
            )


def _is_utc(series: pd.Series) -> bool:
    return isinstance(series.dtype, pd.DatetimeTZDtype) and str(series.dtype.tz) == "UTC"


def describe() -> pd.DataFrame:
    """The schema as a table, for the README and for the dashboard's help."""
    return pd.DataFrame(
        [
            {"column": c.name, "type": c.dtype, "nullable": c.nullable, "meaning": c.meaning}
            for c in EVENT_COLUMNS
        ]
    )
