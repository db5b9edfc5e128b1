"""What one filter state shows: the timeline framed on its range, the rows in view, the pulse.

Everything here is a pure function of the filtered rows, the lanes and the visible range, so
the page can keep one View per filter state and hand it to every reader who asks for that
state (a first visit always does): at 100,000 events the figure alone takes seconds to build.
A View is shared, so nothing that receives one may change it.

A View holds the places of its rows in the table, not a copy of them: at 900,000 events a
copy costs half a second and a few hundred megabytes per filter state kept, and a rerun
shows two dozen of them on its cards and a page of them in the Table. The figure, the pulse
and the listing's order are worked out over the whole table with the filter's mask, from
the columns each reads and the table's codes (dashboard/codes.py).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from .choices import window_mask
from .codes import codes_of
from .figures import outside_view, timeline_figure
from .filters import FILTER_ONLY, Selection
from .listing import chart_summary
from .prepare import ensure_prepared
from .pulse import pulse_counts, pulse_figure

# A selection of up to this many rows is gathered before its view is worked out: reading a
# few thousand rows costs less than masking every column of a million-row table.
GATHERED_UP_TO = 50_000


@dataclass(frozen=True)
class View:
    figure: go.Figure  # the timeline, framed on the visible range
    table: pd.DataFrame  # the whole table the view's rows are of (shared, not copied)
    order: np.ndarray  # in `table`, the kept dated rows in the visible range, newest first
    undated_places: np.ndarray  # positions in `table` of the kept rows without any date
    counts: pd.DataFrame  # the pulse's counts over the busiest stretch (pulse_counts)
    pulse: go.Figure | None  # None when nothing is dated
    summary: str  # the chart in words, for screen readers and the text below it
    hidden: int  # dated events outside the visible range

    @property
    def listed(self) -> int:
        """How many events the cards and the Table list: those in view, then the undated."""
        return len(self.order) + len(self.undated_places)

    @property
    def undated(self) -> pd.DataFrame:
        """The kept rows without any date, gathered: listed last, whatever the range."""
        return self.table.iloc[self.undated_places]

    @property
    def in_view(self) -> pd.DataFrame:
        """The dated rows in the visible range, newest first, gathered whole: for the tabs
        that read them all (the map, who appears with whom), only when one is open."""
        return self.table.iloc[self.order]

    def rows(self, first: int, stop: int) -> pd.DataFrame:
        """Listed rows `first` to `stop` (those in view, then the undated), gathering only
        those: a view of 900,000 events is never copied whole to show one page of it."""
        dated = len(self.order)
        places = np.concatenate(
            [
                self.order[first:stop],
                self.undated_places[max(0, first - dated) : max(0, stop - dated)],
            ]
        )
        return self.table.iloc[places]

    def lists(self, event_id: str) -> bool:
        """Whether the event is among those listed (in view or undated)."""
        here = self.table["event_id"].eq(event_id).to_numpy(dtype=bool, na_value=False)
        return bool(here[self.order].any() or here[self.undated_places].any())


def view_of(
    shown: Selection,
    *,
    lane_by: str,
    view_from: date | None = None,
    view_to: date | None = None,
) -> View:
    """The view of the rows `shown` keeps: an empty end of the range is the busiest stretch's
    end (the figure's own opening range)."""
    if len(shown) <= GATHERED_UP_TO:  # a few rows: gathered, then read whole
        table = ensure_prepared(shown.rows())
        keep = np.ones(len(table), dtype=bool)
    else:
        table = ensure_prepared(shown.table)
        table = table.drop(columns=[c for c in FILTER_ONLY if c in table.columns])
        keep = shown.keep
    figure = timeline_figure(table, lane_by=lane_by, keep=keep)
    window = figure.layout.xaxis.range
    view_from = view_from or (pd.Timestamp(window[0]).date() if window else None)
    view_to = view_to or (pd.Timestamp(window[1]).date() if window else None)
    low = pd.Timestamp(view_from) if view_from else None
    high = pd.Timestamp(view_to) + pd.Timedelta(days=1) if view_to else None
    if low is not None and high is not None:
        figure.update_xaxes(range=[str(low), str(high)])
    spans = table[["local_start", "local_end"]]
    undated = keep & (table["start"].isna() & table["end"].isna()).to_numpy(dtype=bool)
    order = codes_of(table).in_order(keep & ~undated & window_mask(spans, low, high))
    # Counted over the busiest stretch (the chart's opening view), not the visible range: the
    # pulse stays the context a reader brushes in, however narrow the range already is.
    opening = (
        keep & window_mask(spans, *(pd.Timestamp(v) for v in window))
        if window
        else np.zeros(len(table), dtype=bool)
    )
    counts = pulse_counts(spans.iloc[np.flatnonzero(opening)])
    pulse = pulse_figure(counts, window=list(window) if window else None) if len(counts) else None
    return View(
        figure=figure,
        table=table,
        order=order,
        undated_places=np.flatnonzero(undated),
        counts=counts,
        pulse=pulse,
        summary=chart_summary(table, lane_by, rows=order),
        hidden=outside_view(figure, table, keep=keep),
    )
