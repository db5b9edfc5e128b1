"""Salience: how much a news editor would make of a row, and why, so the page can open on the
key events instead of every clause.

An editor weighs a happening reported by several independent outlets, dated by the reports
themselves, told in the headline or the lede, with named people, organisations or places,
above a state of affairs or a comment buried in the body. Each of those is a reason with a
weight (`WEIGHTS`, summing to 1); the score is the sum of the reasons a row has, and the row
keeps the reasons in words. A key event is a happening scoring at least KEY_THRESHOLD.

The extraction step may say what kind of clause a row is (`event_class`) and where in its
article it stands (`position`); a table without them is read with the verb's class (a light
or reporting verb is no happening) and the report's offset (the first sentences are the lede).
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from .. import merge
from ..events import REPORTING_VERBS

# The most each reason adds; they sum to 1.
WEIGHTS = {
    "outlets": 0.25,  # reported by OUTLETS_FOR_FULL_WEIGHT independent outlets or more
    "happening": 0.25,  # something took place (a report of saying counts a fifth)
    "dated": 0.20,  # dated by the report's own words, to the day or finer (coarser: half)
    "position": 0.15,  # in the headline (a lede counts four fifths)
    "participants": 0.15,  # two named participants, or one and a venue (one alone: two thirds)
}
OUTLETS_FOR_FULL_WEIGHT = 3
# A happening with one named participant reaches it; so does a dated one naming no one. A
# happening told only as background (by publication, in the body, by no one) does not.
KEY_THRESHOLD = 0.35
# Without a `position` column: a report whose sentence starts this early is in the lede.
LEDE_CHARS = 400
CLASS_WEIGHT = {"happening": 1.0, "reporting": 0.2, "state": 0.0, "commentary": 0.0}
# A happening the taxonomy has no type for ("other") is often a comment it does not list
# ("play a role", "intensify scrutiny"): it counts this share of a typed happening.
UNTYPED_SHARE = 0.4
FINE_GRANULARITIES = frozenset(["time", "part-of-day", "day"])
# The columns `score` reads: a table's other columns (evidence, explanations, participants)
# are not turned into per-row dicts for it, which cost more than the scoring itself.
SCORED_COLUMNS = (
    "event_class",
    "action",
    "position",
    "reports",
    "char_start",
    "event_type",
    "granularity",
    "date_basis",
    "actors",
    "venue",
)


@dataclass(frozen=True)
class Salience:
    score: float
    reasons: tuple[str, ...]
    key: bool


def _present(value) -> bool:
    if value is None:
        return False
    try:
        return not pd.isna(value)
    except (TypeError, ValueError):
        return True


def event_class(row: dict) -> str:
    """happening, reporting, state or commentary: the extraction's word when it gave one."""
    given = row.get("event_class")
    if _present(given):
        return str(given)
    verb = (row.get("action") or "").split(" ", 1)[0].lower()
    if verb in REPORTING_VERBS:
        return "reporting"
    return "state" if merge.verb_class(verb) in merge.LIGHT_VERBS else "happening"


def position(row: dict) -> str:
    """headline, lede, caption or body: the extraction's word, else the best report's offset."""
    given = row.get("position")
    if _present(given):
        return str(given)
    reports = row.get("reports") or []
    first = reports[0]["char_start"] if len(reports) else row.get("char_start", LEDE_CHARS)
    return "lede" if first < LEDE_CHARS else "body"


def outlets(row: dict) -> list[str]:
    """The independent outlets behind a row: one per outlet name, an unnamed one per article."""
    seen: dict[str, str] = {}
    for report in row.get("reports") or []:
        name = report.get("outlet") or f"article {report['article_id']}"
        seen.setdefault(" ".join(str(name).split()).casefold(), str(name))
    return list(seen.values())


def score(row: dict) -> Salience:
    """The row's salience with its reasons, strongest first."""
    parts: list[tuple[float, str]] = []
    sources = outlets(row)
    if len(sources) > 1:
        share = min(len(sources) - 1, OUTLETS_FOR_FULL_WEIGHT - 1) / (OUTLETS_FOR_FULL_WEIGHT - 1)
        parts.append((WEIGHTS["outlets"] * share, f"reported by {len(sources)} outlets"))
    kind = event_class(row)
    if CLASS_WEIGHT.get(kind, 0.0):
        untyped = kind == "happening" and row.get("event_type") == "other"
        weight = WEIGHTS["happening"] * CLASS_WEIGHT[kind] * (UNTYPED_SHARE if untyped else 1.0)
        parts.append((weight, "a happening of no listed type" if untyped else f"a {kind}"))
    granularity = row.get("granularity")
    if row.get("date_basis") == "expression" and granularity not in ("fuzzy", "unknown"):
        fine = granularity in FINE_GRANULARITIES
        parts.append(
            (
                WEIGHTS["dated"] * (1.0 if fine else 0.5),
                "dated by the report to the day or finer" if fine else "dated by the report",
            )
        )
    where = position(row)
    if where in ("headline", "lede"):
        parts.append(
            (WEIGHTS["position"] * (1.0 if where == "headline" else 0.8), f"in the {where}")
        )
    named = len(list(row.get("actors") or [])) + _present(row.get("venue"))
    if named:
        share = 1.0 if named >= 2 else 2 / 3
        parts.append(
            (
                WEIGHTS["participants"] * share,
                "names who took part" if row.get("actors") else "names where",
            )
        )
    parts.sort(key=lambda p: -p[0])
    total = round(min(sum(w for w, _ in parts), 1.0), 4)
    key = kind == "happening" and total >= KEY_THRESHOLD - 1e-9
    return Salience(total, tuple(r for _, r in parts), key)


def scored(frame: pd.DataFrame) -> pd.DataFrame:
    """The table with `salience`, `salience_reasons` and `key_event` written for every row."""
    if frame.empty:
        return frame
    read = frame[[c for c in SCORED_COLUMNS if c in frame.columns]]
    found = [score(row) for row in read.to_dict("records")]
    return frame.assign(
        salience=pd.Series([s.score for s in found], index=frame.index, dtype="float64"),
        salience_reasons=pd.Series(
            [list(s.reasons) for s in found], index=frame.index, dtype=object
        ),
        key_event=pd.Series([s.key for s in found], index=frame.index, dtype="bool"),
    )
