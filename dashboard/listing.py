"""The events in view as words: the table's columns and a summary of the chart for readers
who cannot see it (the chart's text alternative, also printed under it).

Pure functions of the prepared table, so the summary a screen reader hears is tested
without a browser.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from .choices import moment
from .figures import is_reported_by, lanes_for
from .labels import POINT_GRANULARITIES
from .prepare import FIRST_ACTOR, ensure_prepared

# Column name in the table view → its heading. "at" is a real timestamp so sorting by it
# sorts by time; "when" says the date as a reader would, with its precision.
TABLE_HEADINGS = {
    "at": "Date",
    "when": "When",
    "event_type": "Type",
    "actor_names": "Actors",
    "venue": "Venue",
    "action": "What",
    "modality": "Modality",
    "granularity": "Precision",
    "outlet": "Outlet",
    "conflict": "Disputed",
}


def table_view(events: pd.DataFrame) -> pd.DataFrame:
    """The table tab's rows in the order given, with the columns a newsroom sorts by."""
    view = pd.DataFrame(
        {
            "at": moment(events),
            "when": events["when"],
            "event_type": events["event_type"],
            "actor_names": events["actors"].map(", ".join),
            "venue": events["venue"],
            "action": events["action"],
            "modality": events["modality"],
            "granularity": events["granularity"],
            "outlet": events["outlet"],
            "conflict": events["conflict"].astype(bool),
        },
        index=events.index,
    )
    return view.reset_index(drop=True)


def _span_text(at: pd.Series) -> str:
    first, last = at.min(), at.max()
    if first.date() == last.date():
        return f"on {first:%a} {first.day} {first:%b %Y}"
    return f"from {first.day} {first:%b %Y} to {last.day} {last:%b %Y}"


# What the summary reads of a row: its dates and precision, and what names its lane.
SUMMARY_COLUMNS = ("local_start", "local_end", "granularity", "date_basis", "conflict")
LANE_READS = {
    "actor": (FIRST_ACTOR,),
    "venue": ("venue",),
    "article": ("article_id", "outlet", "title", "sources"),
}


def chart_summary(
    events: pd.DataFrame, lane_by: str = "actor", top: int = 3, rows: np.ndarray | None = None
) -> str:
    """What the visible chart shows, in two or three sentences: how many events over which
    stretch, how they are dated, the busiest lanes and the busiest day. With `rows`, of those
    rows of `events` (by position, in that order), taking only the columns the summary reads."""
    events = ensure_prepared(events)
    if rows is not None:
        read = (*SUMMARY_COLUMNS, *LANE_READS.get(lane_by, LANE_READS["actor"]))
        events = events[[c for c in read if c in events.columns]].iloc[rows]
    if events.empty:
        return "The timeline shows no event."
    at = moment(events).dropna()
    count = len(events)
    said = [f"The timeline shows {count} {'event' if count == 1 else 'events'}"]
    if len(at):
        said[0] += " " + _span_text(at)
    said[0] += "."
    reported_by = is_reported_by(events)
    dated = events["local_start"].notna()
    precise = events["granularity"].isin(POINT_GRANULARITIES)
    points = int((dated & precise).sum())
    ranges = int((dated & ~precise).sum())
    reported = int(reported_by.sum())
    said.append(
        f"{points} dated to a day or a time, {ranges} to a week, month or vaguer, "
        f"{reported} only by the article's publication."
    )
    # counted by their codes, ties in the order the lanes first appear
    codes, names = pd.factorize(lanes_for(events, lane_by))
    counted = pd.Series(np.bincount(codes[codes >= 0], minlength=len(names)), index=names)
    lanes = [
        (str(name), int(n))
        for name, n in counted.sort_values(ascending=False, kind="stable").head(top).items()
    ]
    if lanes:
        said.append("Busiest lanes: " + ", ".join(f"{name} ({n})" for name, n in lanes) + ".")
    if len(at):
        days = at.dt.normalize().value_counts()
        busiest = days.index[0]
        said.append(f"Busiest day: {busiest:%a} {busiest.day} {busiest:%b %Y} ({days.iloc[0]}).")
    disputed = int(events["conflict"].astype(bool).sum())
    if disputed:
        said.append(f"{disputed} with dates the sources disagree on.")
    return " ".join(said)
