"""The pulse: how many events fall on each day (or week), drawn above the timeline.

At a hundred thousand events the timeline is a solid band; counts over time still show
where the news is. Brushing a stretch of the pulse sets the visible range, which the
timeline, the cards and the table all follow.
"""

from __future__ import annotations

from datetime import date

import pandas as pd
import plotly.graph_objects as go

from .choices import moment
from .figures import TEXT_COLOUR

PULSE_COLOUR = "#0B5CAD"  # the page's accent (.streamlit/config.toml), 6.4:1 on white
WEEKLY_FROM_DAYS = 120  # a longer stretch is counted by week, so the bars stay readable


def pulse_counts(events: pd.DataFrame) -> pd.DataFrame:
    """Events per day, or per week (starting Monday) over a long stretch: columns
    `period` (its first day), `events` and `step` ('day' or 'week')."""
    at = moment(events).dropna()
    if at.empty:
        return pd.DataFrame({"period": pd.Series(dtype="datetime64[us]"), "events": [], "step": []})
    days = at.dt.normalize()
    weekly = (days.max() - days.min()).days > WEEKLY_FROM_DAYS
    periods = days - pd.to_timedelta(days.dt.day_of_week, unit="D") if weekly else days
    counts = periods.value_counts().sort_index()
    return pd.DataFrame(
        {
            "period": counts.index.astype("datetime64[us]"),
            "events": counts.to_numpy(),
            "step": "week" if weekly else "day",
        }
    )


def pulse_figure(counts: pd.DataFrame, window: list | None = None) -> go.Figure:
    step = str(counts["step"].iloc[0]) if len(counts) else "day"
    width_ms = (7 if step == "week" else 1) * 86_400_000 * 0.9
    figure = go.Figure(
        data=[
            dict(
                type="bar",
                x=(counts["period"] + pd.Timedelta(days=3.5 if step == "week" else 0.5)).astype(
                    str
                ),
                y=counts["events"].astype(int).tolist(),
                width=width_ms,
                marker=dict(color=PULSE_COLOUR),
                hovertemplate=f"%{{y}} events in the {step} of %{{x|%a %-d %b %Y}}<extra></extra>",
                name=f"events per {step}",
            )
        ],
        _validate=False,
    )
    figure.update_layout(
        template="plotly_white",
        height=160,
        margin=dict(l=10, r=10, t=10, b=30),  # room for the dates under the bars
        font=dict(color=TEXT_COLOUR),
        dragmode="select",
        selectdirection="h",
        showlegend=False,
    )
    figure.update_xaxes(type="date", range=window, tickfont=dict(color=TEXT_COLOUR))
    # The counts sit inside the plot, as the timeline's lane names do: the two keep one left
    # edge, and a two-digit count is not cut off by the narrow margin.
    figure.update_yaxes(
        tickfont=dict(color=TEXT_COLOUR), rangemode="tozero", ticklabelposition="inside"
    )
    return figure


def brushed_range(selection) -> tuple[date, date] | None:
    """The stretch a reader brushed across the pulse, as dates, or None."""
    boxes = ((selection or {}).get("selection") or {}).get("box") or []
    for box in boxes:
        xs = box.get("x") or []
        if len(xs) >= 2:
            low, high = sorted(pd.Timestamp(x) for x in xs[:2])
            return low.date(), high.date()
    return None
