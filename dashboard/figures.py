"""The timeline figure: one lane per actor, certain dates as points, vague ones as faint ranges.

A reader must tell at a glance which dates the articles pinned down and which they only
gestured at, so precision decides the drawing, not the trace colour alone. Every drawn point
carries its event_id in customdata: Streamlit hands that back when a point is selected,
which is how the page narrows the cards (x values of date axes come back unreliably).
"""

from __future__ import annotations

import math

import pandas as pd
import plotly.graph_objects as go

from .filters import NO_ACTOR, local_span
from .labels import POINT_GRANULARITIES, date_text, escape_hover, headline, precision_text

# Colours readable on a white background and distinct for the colour-blind (Okabe–Ito).
GRANULARITY_COLOURS = {
    "time": "#0072B2",
    "part-of-day": "#56B4E9",
    "day": "#009E73",
    "week": "#E69F00",
    "weekend": "#D55E00",
    "month": "#CC79A7",
    "quarter": "#8C6D31",
    "season": "#8C6D31",
    "year": "#666666",
    "decade": "#666666",
    "century": "#666666",
    "fuzzy": "#999999",
    "unknown": "#999999",
}
RANGE_OPACITY = 0.45
DENSE_SHARE = 0.9  # the view shows the shortest stretch holding this share of the precise events
LANE_HEIGHT = 44


def lane(actors) -> str:
    return actors[0] if len(actors) else NO_ACTOR


def _plot_table(events: pd.DataFrame) -> pd.DataFrame:
    span = local_span(events)
    table = events.join(span)
    table = table[table["local_start"].notna()].copy()
    if table.empty:
        table["lane"] = pd.Series(dtype="string")
        table["x"] = pd.Series(dtype="datetime64[us]")
        table["hover"] = pd.Series(dtype="string")
        return table
    end = table["local_end"].where(table["local_end"].notna(), table["local_start"])
    table["local_end"] = end
    table["lane"] = table["actors"].map(lane)
    table["x"] = _spread(table)
    table["hover"] = [
        "<b>{}</b><br>{} · {}".format(
            escape_hover(headline(row)),
            escape_hover(date_text(row, row["local_start"], row["local_end"])),
            escape_hover(precision_text(row)),
        )
        for _, row in table.iterrows()
    ]
    return table


def _spread(table: pd.DataFrame) -> pd.Series:
    """Where each event sits: events sharing a lane and a period share it out evenly.

    A day-precision event could be anywhere in its day, so fifteen of them on the same day
    in the same lane are drawn side by side across that day instead of as one dot hiding
    fourteen. Clock times stay exactly where they are.
    """
    xs = table["local_start"] + (table["local_end"] - table["local_start"]) / 2
    shareable = table["granularity"] != "time"
    groups = table[shareable].groupby(["lane", "local_start", "local_end"], sort=False)
    for _, group in groups:
        if len(group) < 2:
            continue
        width = group["local_end"].iloc[0] - group["local_start"].iloc[0]
        for i, index in enumerate(group.sort_values("event_id").index):
            xs[index] = group["local_start"].iloc[0] + width * ((i + 0.5) / len(group))
    return xs


def dense_range(xs: pd.Series) -> tuple[pd.Timestamp, pd.Timestamp] | None:
    """The shortest stretch holding most events, padded; None when everything fits anyway.

    One event dated to 1967 by a background sentence would otherwise squash weeks of
    negotiations into a single pixel.
    """
    xs = pd.Series(sorted(pd.to_datetime(xs)))
    if xs.empty:
        return None
    count = len(xs)
    keep = max(1, math.ceil(DENSE_SHARE * count))
    widths = [xs.iloc[i + keep - 1] - xs.iloc[i] for i in range(count - keep + 1)]
    best = min(range(len(widths)), key=widths.__getitem__)
    lo_i, hi_i = best, best + keep - 1
    # Neighbours close to the busy stretch belong to the story: take them in.
    reach = max(xs.iloc[hi_i] - xs.iloc[lo_i], pd.Timedelta(days=7))
    while lo_i > 0 and xs.iloc[lo_i] - xs.iloc[lo_i - 1] <= reach:
        lo_i -= 1
    while hi_i < count - 1 and xs.iloc[hi_i + 1] - xs.iloc[hi_i] <= reach:
        hi_i += 1
    low, high = xs.iloc[lo_i], xs.iloc[hi_i]
    full = xs.iloc[-1] - xs.iloc[0]
    if full <= max(2 * (high - low), pd.Timedelta(days=14)):
        low, high = xs.iloc[0], xs.iloc[-1]
    pad = max((high - low) * 0.06, pd.Timedelta(days=2))
    return low - pad, high + pad


def _anchor_points(table: pd.DataFrame) -> pd.Series:
    """The positions the view is fitted to: precise events when there are enough of them.

    Month-long ranges place their middle weeks from the news itself; fitting the view to
    them would shrink the days the negotiations actually happened on.
    """
    precise = table.loc[table["granularity"].isin(POINT_GRANULARITIES), "x"]
    return precise if len(precise) >= 5 else table["x"]


def timeline_figure(events: pd.DataFrame) -> go.Figure:
    table = _plot_table(events)
    figure = go.Figure()
    lanes = table["lane"].value_counts(sort=True)
    lane_order = sorted(lanes.index, key=lambda name: (name == NO_ACTOR, -lanes[name], name))

    for granularity, group in table.groupby("granularity", sort=False):
        colour = GRANULARITY_COLOURS.get(granularity, "#999999")
        ids = group["event_id"].tolist()
        if granularity in POINT_GRANULARITIES:
            figure.add_trace(
                go.Scatter(
                    x=group["x"], y=group["lane"], mode="markers", name=granularity,
                    legendgroup=granularity, customdata=ids, text=group["hover"],
                    hovertemplate="%{text}<extra></extra>",
                    marker=dict(size=12, color=colour, line=dict(width=1, color="white")),
                )
            )
            continue
        xs, ys, data = [], [], []
        for (_, row), event_id in zip(group.iterrows(), ids):
            xs += [row["local_start"], row["local_end"], None]
            ys += [row["lane"], row["lane"], None]
            data += [event_id, event_id, None]
        figure.add_trace(
            go.Scatter(
                x=xs, y=ys, mode="lines", name=f"{granularity} (range)", legendgroup=granularity,
                customdata=data, hoverinfo="skip", opacity=RANGE_OPACITY,
                line=dict(color=colour, width=6, dash="dash"),
            )
        )
        figure.add_trace(
            go.Scatter(
                x=group["x"], y=group["lane"], mode="markers", name=f"{granularity} (middle)",
                legendgroup=granularity, showlegend=False, customdata=ids, text=group["hover"],
                hovertemplate="%{text}<extra></extra>", opacity=0.8,
                marker=dict(size=11, color=colour, symbol="circle-open", line=dict(width=2)),
            )
        )

    window = dense_range(_anchor_points(table)) if not table.empty else None
    figure.update_layout(
        template="plotly_white",
        height=140 + LANE_HEIGHT * max(len(lane_order), 2),
        margin=dict(l=10, r=10, t=30, b=10),
        legend=dict(orientation="h", yanchor="bottom", y=1.0, x=0, title_text="date precision: "),
        hoverlabel=dict(bgcolor="white", font_size=13),
        # Dragging zooms; Streamlit turns clicks into point selection only in this mode
        # (with dragmode "select" a click selects nothing).
        dragmode="zoom",
    )
    figure.update_xaxes(type="date", range=list(window) if window else None, showgrid=True)
    figure.update_yaxes(
        type="category", categoryorder="array", categoryarray=list(reversed(lane_order)),
        showgrid=True, title_text=None,
    )
    return figure


def outside_view(figure: go.Figure, events: pd.DataFrame) -> int:
    """How many dated events the initial view leaves out entirely, so the page can say so."""
    window = figure.layout.xaxis.range
    if not window:
        return 0
    low, high = (pd.Timestamp(v) for v in window)
    table = _plot_table(events)
    return int(((table["local_end"] < low) | (table["local_start"] > high)).sum())
