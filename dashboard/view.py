"""What one filter state shows: the timeline framed on its range, the rows in view, the pulse.

Everything here is a pure function of the filtered rows, the lanes and the visible range, so
the page can keep one View per filter state and hand it to every reader who asks for that
state (a first visit always does): at 100,000 events the figure alone takes seconds to build.
A View is shared, so nothing that receives one may change it.

A View holds the places of its rows in view, not a copy of them: at 900,000 events a copy
costs half a second and a few hundred megabytes per filter state kept, and a rerun shows
two dozen of them on its cards and a page of them in the Table.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from .choices import in_window, newest_first_in_window
from .figures import outside_view, timeline_figure
from .listing import chart_summary
from .prepare import ensure_prepared
from .pulse import pulse_counts, pulse_figure


@dataclass(frozen=True)
class View:
    figure: go.Figure  # the timeline, framed on the visible range
    shown: pd.DataFrame  # the filtered rows the view is of (shared, not copied)
    order: np.ndarray  # positions in `shown` of the dated rows in the visible range, newest first
    undated: pd.DataFrame  # rows without any date: listed last, whatever the range
    counts: pd.DataFrame  # the pulse's counts over the busiest stretch (pulse_counts)
    pulse: go.Figure | None  # None when nothing is dated
    summary: str  # the chart in words, for screen readers and the text below it
    hidden: int  # dated events outside the visible range

    @property
    def listed(self) -> int:
        """How many events the cards and the Table list: those in view, then the undated."""
        return len(self.order) + len(self.undated)

    @property
    def in_view(self) -> pd.DataFrame:
        """The dated rows in the visible range, newest first, gathered whole: for the tabs
        that read them all (the map, who appears with whom), only when one is open."""
        return self.shown.iloc[self.order]

    def rows(self, first: int, stop: int) -> pd.DataFrame:
        """Listed rows `first` to `stop` (those in view, then the undated), gathering only
        those: a view of 900,000 events is never copied whole to show one page of it."""
        head = self.shown.iloc[self.order[first:stop]]
        dated = len(self.order)
        rest = self.undated.iloc[max(0, first - dated) : max(0, stop - dated)]
        return pd.concat([head, rest]) if len(rest) else head

    def lists(self, event_id: str) -> bool:
        """Whether the event is among those listed (in view or undated)."""
        here = self.shown["event_id"].eq(event_id).to_numpy(dtype=bool, na_value=False)
        return bool(here[self.order].any() or self.undated["event_id"].eq(event_id).any())


def view_of(
    shown: pd.DataFrame,
    *,
    lane_by: str,
    view_from: date | None = None,
    view_to: date | None = None,
) -> View:
    """The view of `shown`: an empty end of the range is the busiest stretch's end (the
    figure's own opening range)."""
    figure = timeline_figure(shown, lane_by=lane_by)
    window = figure.layout.xaxis.range
    view_from = view_from or (pd.Timestamp(window[0]).date() if window else None)
    view_to = view_to or (pd.Timestamp(window[1]).date() if window else None)
    low = pd.Timestamp(view_from) if view_from else None
    high = pd.Timestamp(view_to) + pd.Timedelta(days=1) if view_to else None
    if low is not None and high is not None:
        figure.update_xaxes(range=[str(low), str(high)])
    shown = ensure_prepared(shown)
    spans = shown[["local_start", "local_end"]]
    order = newest_first_in_window(shown, low, high)
    # Counted over the busiest stretch (the chart's opening view), not the visible range: the
    # pulse stays the context a reader brushes in, however narrow the range already is.
    counts = pulse_counts(
        in_window(spans, *(pd.Timestamp(v) for v in window)) if window else spans.iloc[:0]
    )
    pulse = pulse_figure(counts, window=list(window) if window else None) if len(counts) else None
    return View(
        figure=figure,
        shown=shown,
        order=order,
        undated=shown[shown["start"].isna() & shown["end"].isna()],
        counts=counts,
        pulse=pulse,
        summary=chart_summary(shown, lane_by, rows=order),
        hidden=outside_view(figure, shown),
    )
