"""The timeline figure: one lane per actor, venue or article; certain dates as points, vague
ones as faint ranges; plans apart from facts; disputed dates ringed.

A reader must tell at a glance which dates the articles pinned down and which they only
gestured at, so precision decides the drawing, not the trace colour alone. Every drawn point
carries its event_id in customdata: Streamlit hands that back when a point is selected,
which is how the page opens a card (x values of date axes come back unreliably).
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import plotly.graph_objects as go
import pyarrow as pa
import pyarrow.compute as pc

from .filters import NO_ACTOR, article_choices
from .labels import POINT_GRANULARITIES, escape_hover
from .prepare import FIRST_ACTOR, ensure_prepared

# Colours for the marks, one per precision: each at least 3:1 against the white page (WCAG's
# figure for graphics), none of them red, so the red ring is left to mean one thing.
GRANULARITY_COLOURS = {
    "time": "#0072B2",
    "part-of-day": "#8A4FB5",
    "day": "#007A5A",
    "week": "#A65D00",
    "weekend": "#7A5C1E",
    "month": "#A0467E",
    "quarter": "#5F6B1F",
    "season": "#5F6B1F",
    "year": "#595959",
    "decade": "#595959",
    "century": "#595959",
    "fuzzy": "#6B6B6B",
    "unknown": "#6B6B6B",
}
# A date the article only implies by its publication: drawn in its own grey, as an open bar.
REPORTED_BY_COLOUR = "#4D4D4D"
# Filled marks for what the articles report as done; hollow diamonds for what is still to come.
MODALITY_SYMBOLS = {
    "happened": "circle",
    "claimed": "square",
    "scheduled": "diamond-open",
    "expected": "diamond-open",
}
# Ranges tell modality by their stroke: dashes for what happened, dots for what is to come.
RANGE_DASH = {"scheduled": "dot", "expected": "dot"}
UPCOMING = frozenset({"scheduled", "expected"})
CONFLICT_COLOUR = "#C0392B"
TEXT_COLOUR = "#1F2933"  # .streamlit/config.toml's textColor
RANGE_OPACITY = 0.45  # the overview's bare marks only: a detailed range is drawn opaque
REPORTED_BY_LEAD = 0.05  # an open bar reaches back this share of the view before its end
DENSE_SHARE = 0.9  # the view shows the shortest stretch holding this share of the precise events
LANE_HEIGHT = 44
MAX_LANES = 40  # beyond this the smallest lanes share one, so the chart stays readable
OTHER_LANE = "(other)"
WEBGL_FROM = 1500  # SVG scatter slows the browser beyond a few thousand marks
# Beyond this many dated events the chart draws every event as a bare WebGL mark, without
# hover text or event ids: those would make the page tens of megabytes and the rerun seconds.
DETAIL_LIMIT = 3000
# Beyond this many, the marks themselves are the cost (a million of them is tens of megabytes
# to send and draw) and a solid band says nothing: the chart counts events per lane and stretch
# of time instead, finely over the busiest stretch and coarsely around it, as the pulse does
# across the top. A reader narrows the filters to see the events themselves.
DENSITY_FROM = 5000
DENSITY_BINS = 200  # columns across the busiest stretch, and across the whole extent
DENSITY_COLOURS = [[0.0, "#D6E6F5"], [1.0, "#08306B"]]  # light to dark blue: more is darker
LANE_BY = {"actor": "first actor", "venue": "venue", "article": "article"}
NO_VENUE = "(no venue)"


def lane(actors) -> str:
    return actors[0] if len(actors) else NO_ACTOR


def lanes_for(events: pd.DataFrame, lane_by: str) -> pd.Series:
    """The lane each event is drawn in: its first actor, its venue or the article it came from."""
    if lane_by == "venue":
        return events["venue"].astype(object).where(events["venue"].notna(), NO_VENUE).astype(str)
    if lane_by == "article":
        names = {article: label for label, article in article_choices(events).items()}
        return events["article_id"].map(lambda a: _short(names.get(str(a), str(a))))
    if FIRST_ACTOR in events.columns:  # a prepared table carries it
        return events[FIRST_ACTOR]
    return events["actors"].map(lane)


def _short(text: str, limit: int = 48) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


PLOT_COLUMNS = (
    "event_id",
    "article_id",
    "title",
    "outlet",
    "actors",
    "venue",
    "granularity",
    "modality",
    "conflict",
    "sources",
    "local_start",
    "local_end",
    "headline",
    "when",
    "date_basis",
    "event_class",
    FIRST_ACTOR,
)


# What the overview and the density read: lanes, dates, precision and the lane names' sources.
MARK_COLUMNS = tuple(c for c in PLOT_COLUMNS if c not in ("actors", "headline", "when"))


def is_reported_by(events: pd.DataFrame) -> pd.Series:
    """Rows dated only by their article's publication: an open interval with an end and no
    start. They are drawn at that end, as "reported by", never as a day the article gave."""
    return (
        (events["date_basis"] == "publication").fillna(False).astype(bool)
        & events["local_start"].isna()
        & events["local_end"].notna()
    )


def _plot_table(events: pd.DataFrame, lane_by: str = "actor") -> pd.DataFrame:
    table = ensure_prepared(events)
    drawn = table["local_start"].notna() | is_reported_by(table)
    # Bare marks and counted cells need no words: a million rows' headlines are not copied.
    wanted = PLOT_COLUMNS if int(drawn.sum()) <= DETAIL_LIMIT else MARK_COLUMNS
    table = table.loc[drawn, list(wanted)].copy()
    table["open"] = is_reported_by(table)
    table["local_end"] = table["local_end"].where(table["local_end"].notna(), table["local_start"])
    if table.empty:
        for column in ("lane", "x", "hover"):
            table[column] = pd.Series(dtype=object)
        return table
    # Plotly reads HTML in axis labels as in hover text: a lane named "<a href=…>" would
    # become a link. Escaped once here, every trace and the axis draw the same inert name.
    # Escaped once per lane, not once per event: a million rows name a few hundred lanes.
    codes, names = pd.factorize(lanes_for(table, lane_by))
    escaped = pa.array([escape_hover(name) for name in names], type=pa.string())
    table["lane"] = pd.Series(
        pc.take(escaped, pa.array(codes)).to_pandas().array, index=table.index, dtype="str"
    )
    table = _fold_small_lanes(table)
    if len(table) > DETAIL_LIMIT:
        # The overview draws bare marks, jittered within their lane: no spreading, no hover text.
        table["x"] = table["local_start"] + (table["local_end"] - table["local_start"]) / 2
        table["x"] = table["x"].where(~table["open"], table["local_end"])
        return table
    table["x"] = _spread(table)
    for words in ("headline", "when"):  # the page's table keeps them as categories
        table[words] = table[words].astype(str)
    table["x"] = table["x"].where(~table["open"], table["local_end"])
    upcoming = np.where(
        table["modality"].isin(UPCOMING),
        " · " + table["modality"].astype(str).map(escape_hover),
        "",
    )
    disputed = np.where(table["conflict"].astype(bool), " · sources disagree on the date", "")
    precision = np.where(
        table["open"],
        " · no date in the article: happened by its publication",
        " · " + table["granularity"].astype(str).map(escape_hover) + " precision",
    )
    table["hover"] = (
        "<b>"
        + table["headline"].map(escape_hover)
        + "</b><br>"
        + table["when"].map(escape_hover)
        + precision
        + upcoming
        + disputed
    )
    return table


def _fold_small_lanes(table: pd.DataFrame) -> pd.DataFrame:
    counts = table["lane"].value_counts()
    if len(counts) > MAX_LANES:
        keep = set(counts.index[: MAX_LANES - 1])
        table["lane"] = table["lane"].where(table["lane"].isin(keep), OTHER_LANE)
    return table


def _spread(table: pd.DataFrame) -> pd.Series:
    """Where each event sits: events sharing a lane and a period share it out evenly.

    A day-precision event could be anywhere in its day, so fifteen of them on the same day
    in the same lane are drawn side by side across that day instead of as one dot hiding
    fourteen. Clock times stay exactly where they are.
    """
    width = table["local_end"] - table["local_start"]
    xs = table["local_start"] + width / 2
    shareable = table[(table["granularity"] != "time") & ~table["open"]].sort_values("event_id")
    if shareable.empty:
        return xs
    keys = [shareable["lane"], shareable["local_start"], shareable["local_end"]]
    rank = shareable.groupby(keys, sort=False).cumcount()
    size = shareable.groupby(keys, sort=False)["event_id"].transform("size")
    spread = shareable["local_start"] + (shareable["local_end"] - shareable["local_start"]) * (
        (rank + 0.5) / size
    )
    xs.loc[spread.index] = spread
    return xs


def dense_range(xs: pd.Series | np.ndarray) -> tuple[pd.Timestamp, pd.Timestamp] | None:
    """The shortest stretch holding most events, padded; None when there is nothing to show.

    One event dated to 1066 by a background sentence would otherwise squash weeks of
    negotiations into a single pixel.
    """
    if isinstance(xs, np.ndarray) and xs.dtype.kind == "M":  # a million moments: no Series
        values = xs.astype("datetime64[us]")
        values = np.sort(values[~np.isnat(values)])
    else:
        values = np.sort(pd.to_datetime(pd.Series(xs)).dropna().to_numpy(dtype="datetime64[us]"))
    if len(values) == 0:
        return None
    count = len(values)
    keep = max(1, int(np.ceil(DENSE_SHARE * count)))
    widths = values[keep - 1 :] - values[: count - keep + 1]
    lo_i = int(np.argmin(widths))
    hi_i = lo_i + keep - 1
    # Neighbours close to the busy stretch belong to the story: take them in.
    reach = max(values[hi_i] - values[lo_i], np.timedelta64(7, "D"))
    # Walked outwards to the first gap wider than the reach, found in one pass over the gaps
    # rather than event by event: a million events hold tens of thousands of background dates.
    wide = np.flatnonzero(np.diff(values) > reach)
    before, after = wide[wide < lo_i], wide[wide >= hi_i]
    lo_i = int(before[-1]) + 1 if len(before) else 0
    hi_i = int(after[0]) if len(after) else count - 1
    low, high = pd.Timestamp(values[lo_i]), pd.Timestamp(values[hi_i])
    first, last = pd.Timestamp(values[0]), pd.Timestamp(values[-1])
    if last - first <= max(2 * (high - low), pd.Timedelta(days=14)):
        low, high = first, last
    pad = max((high - low) * 0.06, pd.Timedelta(days=2))
    return low - pad, high + pad


def _anchor_points(table: pd.DataFrame) -> pd.Series:
    """The positions the view is fitted to: precise events when there are enough of them.

    Month-long ranges place their middle weeks from the news itself; fitting the view to
    them would shrink the days the negotiations actually happened on.
    """
    closed = ~table["open"] if "open" in table.columns else pd.Series(True, index=table.index)
    dated = table["x"][closed]
    precise = dated[table["granularity"][closed].isin(POINT_GRANULARITIES)]
    return precise if len(precise) >= 5 else dated if len(dated) else table["x"]


def _range_segments(group: pd.DataFrame) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Start, end and a gap per event, so one line trace draws every range of a precision."""
    n = len(group)
    xs = np.empty(3 * n, dtype="datetime64[us]")
    xs[0::3] = group["local_start"].to_numpy(dtype="datetime64[us]")
    xs[1::3] = group["local_end"].to_numpy(dtype="datetime64[us]")
    xs[2::3] = np.datetime64("NaT")
    ys = np.empty(3 * n, dtype=object)
    ys[0::3] = ys[1::3] = group["lane"].to_numpy(dtype=object)
    ys[2::3] = None
    ids = np.empty(3 * n, dtype=object)
    ids[0::3] = ids[1::3] = group["event_id"].to_numpy(dtype=object)
    ids[2::3] = None
    return xs, ys, ids


def lanes_by_activity(table: pd.DataFrame) -> list[str]:
    """Lanes from the busiest down: most happenings first (what took place, not what was said
    or judged), then most events; the catch-all lanes last whatever their size."""
    lanes = table["lane"].value_counts()
    happening = table.loc[table["event_class"] == "happening", "lane"].value_counts()
    placeholders = {NO_ACTOR, NO_VENUE, OTHER_LANE}
    return sorted(
        lanes.index,
        key=lambda name: (name in placeholders, -happening.get(name, 0), -lanes[name], name),
    )


def is_detailed(events: pd.DataFrame) -> bool:
    """Whether the chart for these events carries hover text and event ids on every mark."""
    return int(events["start"].notna().sum()) <= DETAIL_LIMIT


def is_counted(events: pd.DataFrame) -> bool:
    """Whether the chart for these events counts them per cell instead of drawing each."""
    return int(events["start"].notna().sum()) > DENSITY_FROM


def timeline_figure(
    events: pd.DataFrame, *, lane_by: str = "actor", keep: np.ndarray | None = None
) -> go.Figure:
    """The chart of `events`, or with `keep` (a mask over them) of the rows it keeps."""
    events = ensure_prepared(events)
    drawn = (events["local_start"].notna() | is_reported_by(events)).to_numpy(dtype=bool)
    if keep is not None:
        drawn = drawn & keep
    marks = int(drawn.sum())
    if marks > DENSITY_FROM:
        # Counted from the columns the cells need, never a table of the rows: at 900,000
        # events every copy of them costs more than the whole rerun may.
        lane_order, figure, window = _counted(events, drawn, lane_by)
    else:
        table = _plot_table(events if keep is None else events.iloc[np.flatnonzero(keep)], lane_by)
        lane_order = lanes_by_activity(table)
        window = dense_range(_anchor_points(table)) if not table.empty else None
        if len(table) > DETAIL_LIMIT:
            figure = _overview(table, lane_order)
        else:
            span = (window[1] - window[0]) if window else pd.Timedelta(days=30)
            figure = _detailed(table, lead=max(span * REPORTED_BY_LEAD, pd.Timedelta(hours=12)))
    figure.update_layout(
        template="plotly_white",
        height=160 + LANE_HEIGHT * max(len(lane_order), 2),
        margin=dict(l=10, r=10, t=40, b=10),
        # Dates along the top, where they stay in sight above many lanes; the legend underneath.
        legend=dict(orientation="h", yanchor="top", y=-0.02, x=0, title_text="date precision: "),
        hoverlabel=dict(bgcolor="white", font_size=13, font_color=TEXT_COLOUR),
        # The page's text colour, not the template's grey: lane names and dates at 4.5:1 or more.
        font=dict(color=TEXT_COLOUR),
        # Dragging zooms; Streamlit turns clicks into point selection only in this mode
        # (with dragmode "select" a click selects nothing). On a touch screen the first tap on
        # a mark shows its label and the second opens its card: Streamlit's chart replaces a
        # drag mode of none with "pan", whose touch handling swallows the first tap.
        dragmode="zoom",
    )
    figure.update_xaxes(
        type="date",
        range=[str(v) for v in window] if window else None,
        showgrid=True,
        side="top",
        tickfont=dict(color=TEXT_COLOUR),
    )
    # Lane names sit inside the plot, above their lane's line, so the plot keeps the whole
    # width on a phone instead of giving half of it to a column of names.
    figure.update_yaxes(
        tickfont=dict(color=TEXT_COLOUR, size=12), ticklabelposition="inside top", ticks=""
    )
    if marks > DETAIL_LIMIT:  # lanes as numbered rows, named on the axis
        positions = {name: i for i, name in enumerate(reversed(lane_order))}
        figure.update_yaxes(
            tickvals=list(positions.values()),
            ticktext=list(positions),
            range=[-0.7, len(positions) - 0.3],
            showgrid=True,
            title_text=None,
            zeroline=False,
        )
    else:
        figure.update_yaxes(
            type="category",
            categoryorder="array",
            categoryarray=list(reversed(lane_order)),
            showgrid=True,
            title_text=None,
        )
    return figure


def _epoch_ms(values: pd.Series) -> np.ndarray:
    """Milliseconds since 1970, which Plotly's date axes read and which travel as compact binary."""
    return values.to_numpy(dtype="datetime64[ms]").astype("int64").astype("float64")


def _overview(table: pd.DataFrame, lane_order: list[str]) -> go.Figure:
    """Every event as a bare mark, numbers only: lanes are positions named on the axis, and
    events in a lane are jittered vertically so a busy day reads as a thick band."""
    positions = {name: i for i, name in enumerate(reversed(lane_order))}
    jitter = (
        pd.util.hash_pandas_object(table["event_id"], index=False).to_numpy() % 1000
    ) / 1000 * 0.5 - 0.25
    ys = table["lane"].map(positions).to_numpy(dtype="float64") + jitter
    figure = go.Figure()
    for granularity, group in table.groupby("granularity", sort=False):
        rows = table.index.get_indexer(group.index)
        for modality, marks in group.groupby("modality", sort=False):
            picked = rows[group.index.get_indexer(marks.index)]
            symbol = MODALITY_SYMBOLS.get(str(modality), "circle")
            if granularity not in POINT_GRANULARITIES and not symbol.endswith("-open"):
                symbol += "-open"
            figure.add_trace(
                go.Scattergl(
                    x=_epoch_ms(marks["x"]),
                    y=ys[picked],
                    mode="markers",
                    hoverinfo="skip",
                    name=escape_hover(granularity),
                    legendgroup=granularity,
                    showlegend=not any(t.legendgroup == granularity for t in figure.data),
                    marker=dict(
                        size=6,
                        color=GRANULARITY_COLOURS.get(str(granularity), "#999999"),
                        symbol=symbol,
                        opacity=1.0 if granularity in POINT_GRANULARITIES else RANGE_OPACITY,
                    ),
                )
            )
    return figure


LANE_COLUMNS = {"actor": FIRST_ACTOR, "venue": "venue", "article": "article_id"}


def _lane_codes(events: pd.DataFrame, lane_by: str) -> tuple[np.ndarray, list[str]]:
    """Each event's lane as a code into the lanes' (escaped) names, read from the category
    codes where the page's table keeps them: a million rows name a few hundred lanes, and
    each name is worked out once, not once per row."""
    column = events.get(LANE_COLUMNS.get(lane_by, ""))
    if column is None or not isinstance(column.dtype, pd.CategoricalDtype):
        codes, names = pd.factorize(lanes_for(events, lane_by))
        raw = [str(name) for name in names]
    else:
        codes = column.cat.codes.to_numpy().astype(np.int64)
        raw = [str(name) for name in column.cat.categories]
        if lane_by == "article":
            labels = {a: label for label, a in article_choices(events).items()}
            raw = [_short(labels.get(name, name)) for name in raw]
    if (codes < 0).any():  # no venue (or no lane at all): its own lane
        raw.append(NO_VENUE if lane_by == "venue" else NO_ACTOR)
        codes = np.where(codes < 0, len(raw) - 1, codes)
    # Two names that read the same once escaped or shortened are one lane, as drawn.
    merged, names = pd.factorize(pd.Index([escape_hover(name) for name in raw], dtype=object))
    return merged[codes].astype(np.int64), [str(name) for name in names]


def _counted(
    events: pd.DataFrame, drawn: np.ndarray, lane_by: str
) -> tuple[list[str], go.Figure, tuple[pd.Timestamp, pd.Timestamp] | None]:
    """The density chart of the `drawn` rows, its lanes from the busiest down and its opening
    window: what `_plot_table`, `lanes_by_activity`, `dense_range` and `_density` make of the
    same rows, worked out on arrays of lane codes and moments."""
    codes, names = _lane_codes(events, lane_by)
    codes = codes[drawn]
    counts = np.bincount(codes, minlength=len(names))
    # the lanes most used first, ties in the order they first appear (as value_counts ranks)
    first = np.full(len(names), len(codes), dtype=np.int64)
    first[codes[::-1]] = np.arange(len(codes), dtype=np.int64)[::-1]
    used = sorted(np.flatnonzero(counts).tolist(), key=lambda c: (-counts[c], first[c]))
    lane_names = [names[c] for c in used]
    lane_of = np.zeros(len(names), dtype=np.int64)
    lane_of[used] = np.arange(len(used))
    if len(used) > MAX_LANES:
        lane_names = lane_names[: MAX_LANES - 1]
        other = lane_names.index(OTHER_LANE) if OTHER_LANE in lane_names else len(lane_names)
        if other == len(lane_names):
            lane_names.append(OTHER_LANE)
        lane_of[used[MAX_LANES - 1 :]] = other
    lanes = lane_of[codes]
    per_lane = np.bincount(lanes, minlength=len(lane_names))
    happening = (events["event_class"] == "happening").to_numpy(dtype=bool)[drawn]
    happened = np.bincount(lanes[happening], minlength=len(lane_names))
    placeholders = {NO_ACTOR, NO_VENUE, OTHER_LANE}
    order = sorted(
        range(len(lane_names)),
        key=lambda i: (lane_names[i] in placeholders, -happened[i], -per_lane[i], lane_names[i]),
    )
    lane_order = [lane_names[i] for i in order]
    position = np.empty(len(lane_names), dtype=np.int64)
    position[order[::-1]] = np.arange(len(order))  # the busiest lane on top
    starts = events["local_start"].to_numpy(dtype="datetime64[us]")[drawn]
    ends = events["local_end"].to_numpy(dtype="datetime64[us]")[drawn]
    ends = np.where(np.isnat(ends), starts, ends)
    opened = is_reported_by(events).to_numpy(dtype=bool)[drawn]
    xs = np.where(opened, ends, starts + (ends - starts) / 2)
    closed = ~opened
    precise = closed & events["granularity"].isin(POINT_GRANULARITIES).to_numpy(dtype=bool)[drawn]
    anchors = xs[precise] if precise.sum() >= 5 else xs[closed] if closed.any() else xs
    window = dense_range(anchors)
    figure = _density(position[lanes], xs, len(lane_names), window)
    return lane_order, figure, window


def _density(lanes: np.ndarray, moments: np.ndarray, lane_count: int, window) -> go.Figure:
    """Events counted per lane and stretch of time, one heat map cell each: DENSITY_BINS
    columns across the busiest stretch (`window`), DENSITY_BINS coarser ones across the whole
    extent for what lies outside it. `lanes` holds each event's lane position (0 at the foot),
    `moments` where it sits. Only counts and dates travel, never article text."""
    xs = moments.astype("datetime64[ms]").astype("int64")
    low, high = int(xs.min()), int(xs.max()) + 1
    fine_low, fine_high = (
        (int(pd.Timestamp(window[0]).value // 10**6), int(pd.Timestamp(window[1]).value // 10**6))
        if window
        else (low, high)
    )
    inside = (xs >= fine_low) & (xs < fine_high)
    grids = []
    for edges, picked in (
        (np.linspace(low, high, DENSITY_BINS + 1), ~inside),
        (np.linspace(fine_low, fine_high, DENSITY_BINS + 1), inside),
    ):
        column = np.clip(np.searchsorted(edges, xs[picked], "right") - 1, 0, DENSITY_BINS - 1)
        cells = np.bincount(
            lanes[picked] * DENSITY_BINS + column, minlength=lane_count * DENSITY_BINS
        )  # one pass over the events, where np.add.at takes ten times as long
        counts = cells.reshape(lane_count, DENSITY_BINS).astype("float64")
        grids.append((edges, counts))
    most = max(float(counts.max()) for _, counts in grids)
    figure = go.Figure()
    for edges, counts in grids:
        if not counts.any():
            continue
        middles = ((edges[:-1] + edges[1:]) / 2).astype("int64").astype("datetime64[ms]")
        figure.add_trace(
            go.Heatmap(
                x=_iso(middles),
                y=list(range(lane_count)),
                z=np.where(counts > 0, counts, np.nan),  # an empty cell blank, not "few"
                zmin=1,
                zmax=most,
                colorscale=DENSITY_COLOURS,
                showscale=not figure.data,
                colorbar=dict(title=dict(text="events"), thickness=12),
                hovertemplate="%{z:,.0f} events around %{x|%-d %b %Y}<extra></extra>",
                name="events per lane and stretch",
                ygap=4,
            )
        )
    return figure


def _iso(values) -> np.ndarray:
    """Dates as ISO strings (None for a gap): what Plotly would make of them, done in one call."""
    values = np.asarray(values, dtype="datetime64[us]")
    out = np.datetime_as_string(values, unit="s").astype(object)
    out[np.isnat(values)] = None
    return out


def _detailed(table: pd.DataFrame, lead: pd.Timedelta) -> go.Figure:
    """Every event with its hover text and id. Traces are plain dicts built from checked
    columns and the figure skips Plotly's per-value validation, which cost most of a rerun.

    Four kinds of mark, so that no date claims more than the article said: a point for a day
    or finer; a bar over the whole period for a vaguer date (with an invisible target in its
    middle to hover and click: a visible one would read as a date the article gave); an open
    bar ending at the publication for an event the article dates only by being reported;
    and a red ring, for disputed dates alone.
    """
    kind = "scattergl" if len(table) >= WEBGL_FROM else "scatter"
    traces: list[dict] = []
    dated = table[~table["open"]]
    for granularity, group in dated.groupby("granularity", sort=False):
        colour = GRANULARITY_COLOURS.get(str(granularity), "#6B6B6B")
        is_point = granularity in POINT_GRANULARITIES
        for modality, marks in group.groupby("modality", sort=False):
            name = escape_hover(
                granularity if modality == "happened" else f"{granularity}, {modality}"
            )
            shown_in_legend = not any(t.get("legendgroup") == granularity for t in traces)
            if not is_point:
                xs, ys, ids = _range_segments(marks)
                traces.append(
                    dict(
                        type=kind,
                        x=_iso(xs),
                        y=ys,
                        mode="lines",
                        name=escape_hover(f"{granularity} (range)"),
                        legendgroup=granularity,
                        showlegend=shown_in_legend,
                        customdata=ids,
                        hoverinfo="skip",
                        line=dict(
                            color=colour, width=5, dash=RANGE_DASH.get(str(modality), "dash")
                        ),
                    )
                )
            symbol = MODALITY_SYMBOLS.get(str(modality), "circle")
            hollow = symbol.endswith("-open")
            traces.append(
                dict(
                    type=kind,
                    x=_iso(marks["x"]),
                    y=marks["lane"].to_numpy(dtype=object),
                    mode="markers",
                    name=name,
                    legendgroup=granularity,
                    showlegend=is_point and shown_in_legend,
                    customdata=marks["event_id"].to_numpy(dtype=object),
                    text=marks["hover"].to_numpy(dtype=object),
                    hovertemplate="%{text}<extra></extra>",
                    marker=dict(
                        size=12 if is_point else 14,
                        color=colour,
                        symbol=symbol if is_point else "square",
                        opacity=1.0 if is_point else 0.0,
                        line=dict(width=2 if hollow else 1, color=colour if hollow else "white"),
                    ),
                )
            )
    reported = table[table["open"]]
    if len(reported):
        ends = reported["local_end"]
        traces.append(
            dict(
                type=kind,
                x=_iso(_open_segments(ends, lead)),
                y=_segment_lanes(reported),
                mode="lines",
                name="reported by (no date in the article)",
                legendgroup="reported-by",
                hoverinfo="skip",
                line=dict(color=REPORTED_BY_COLOUR, width=2, dash="dot"),
            )
        )
        traces.append(
            dict(
                type=kind,
                x=_iso(ends),
                y=reported["lane"].to_numpy(dtype=object),
                mode="markers",
                name="reported by",
                legendgroup="reported-by",
                showlegend=False,
                customdata=reported["event_id"].to_numpy(dtype=object),
                text=reported["hover"].to_numpy(dtype=object),
                hovertemplate="%{text}<extra></extra>",
                # A closing bracket: the event lies somewhere before this line.
                marker=dict(
                    size=16, symbol="line-ns-open", color=REPORTED_BY_COLOUR, line=dict(width=3)
                ),
            )
        )
    disputed = table[table["conflict"].astype(bool)]
    if len(disputed):
        traces.append(
            dict(
                type=kind,
                x=_iso(disputed["x"]),
                y=disputed["lane"].to_numpy(dtype=object),
                mode="markers",
                name="sources disagree on the date",
                customdata=disputed["event_id"].to_numpy(dtype=object),
                hoverinfo="skip",
                marker=dict(
                    size=22, symbol="circle-open", color=CONFLICT_COLOUR, line=dict(width=2)
                ),
            )
        )
    return go.Figure(data=traces, _validate=False)


def _open_segments(ends: pd.Series, lead: pd.Timedelta) -> np.ndarray:
    """A stretch of `lead` before each end, then a gap: the open bars of one trace."""
    n = len(ends)
    xs = np.empty(3 * n, dtype="datetime64[us]")
    stop = ends.to_numpy(dtype="datetime64[us]")
    xs[0::3] = stop - np.timedelta64(int(lead.total_seconds() * 1e6), "us")
    xs[1::3] = stop
    xs[2::3] = np.datetime64("NaT")
    return xs


def _segment_lanes(group: pd.DataFrame) -> np.ndarray:
    ys = np.empty(3 * len(group), dtype=object)
    ys[0::3] = ys[1::3] = group["lane"].to_numpy(dtype=object)
    ys[2::3] = None
    return ys


def outside_view(figure: go.Figure, events: pd.DataFrame, keep: np.ndarray | None = None) -> int:
    """How many dated events (of the `keep` rows, if given) the initial view leaves out
    entirely, so the page can say so."""
    window = figure.layout.xaxis.range
    if not window:
        return 0
    low, high = (pd.Timestamp(v) for v in window)
    table = ensure_prepared(events)
    starts = table["local_start"]
    ends = table["local_end"].where(table["local_end"].notna(), starts)
    outside = (starts.notna() & ((ends < low) | (starts > high))).to_numpy(dtype=bool)
    return int((outside if keep is None else outside & keep).sum())
