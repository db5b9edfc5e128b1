"""The timeline and the pulse as still SVG pictures, drawn from the very figures the
interactive charts draw, for the first seconds of a visit.

Plotly's script is 4.7 MB: on a two-core machine a browser spends seconds fetching and
evaluating it before the first mark appears, longer than everything else on the page. A
still picture of the same figure travels inside the page's first message and appears with
the rest of the page; the interactive chart takes its place once Plotly has drawn it
(`STILL_CSS`). Both are read from one Figure, so the lanes, the visible range, the marks'
shapes, colours and dashes are the chart's own.

The picture is an image (an <img> of SVG, drawn through Markdown that holds only the page's
own alt text and the SVG in base64): nothing in it runs or links, and every word in it is
written as XML text, escaped here, whatever the article said. Its horizontal positions are
percentages of the plot's width, so it fills the page's width as the chart does, at the
chart's own height, on a phone as on a desktop.
"""

from __future__ import annotations

import base64
import html
import math
import re
from dataclasses import dataclass
from xml.sax.saxutils import escape

import numpy as np
import pandas as pd
import plotly.graph_objects as go

FONT = "Open Sans, verdana, arial, sans-serif"  # Plotly's own, so the swap does not jump
GRID_COLOUR = "#EBF0F8"  # plotly_white's grid lines
MAX_MARKS = 4000  # more would make the picture heavier than the chart it stands in for
LEGEND_ROW = 28  # pixels under the plot for the legend, as Plotly's horizontal one takes
TICK_TARGET = 7  # about this many dates across the axis: readable from a phone to a desktop
# Plotly's mark symbols as paths around (0, 0) for a mark of size 1: scaled by the size.
SYMBOL_PATHS = {
    "square": "M-0.5,-0.5H0.5V0.5H-0.5Z",
    "diamond": "M0,-0.65L0.65,0L0,0.65L-0.65,0Z",
    "line-ns": "M0,-0.5V0.5",
}
# What the page writes for each chart's frame: the picture covers the chart's place until
# Plotly has drawn there (its .main-svg), then gives way. Only the page's own rules, no text.
CHARTS = ("pulse", "timeline")  # the page's charts, each in its frame (app.py's `framed`)
STILL_CSS = (
    "<style>"
    '[class*="st-key-still-frame-"]{position:relative;gap:0}'  # the still's wrapper adds no gap
    # over the chart's place once the chart is there (its element holds that place at the
    # figure's height while Plotly loads); in the page's flow before
    + "".join(
        f".st-key-still-frame-{name}:has(> .st-key-{name}) .st-key-still-of-{name}"
        "{position:absolute;top:0;left:0;right:0;z-index:1;background:#fff}"
        for name in CHARTS
    )
    + '[class*="st-key-still-frame-"]:has(.main-svg) [class*="st-key-still-of-"]{display:none}'
    '[class*="st-key-still-of-"] img{display:block;width:100%;max-width:100%}'
    '[class*="st-key-still-of-"] [data-testid="stMarkdownContainer"] p{margin:0}'
    "</style>"
)
# Characters XML forbids: one of them in a lane's name would make the whole picture unreadable.
NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
PICTURE_ALT = {
    "timeline": "The timeline as a picture, until the interactive chart has loaded; the chart in "
    "words is below it.",
    "pulse": "The number of events per day or week as a picture, until the interactive chart "
    "has loaded.",
}


def as_markdown(svg: str, *, chart: str) -> str:
    """The picture as Markdown that holds no article text: the page's own alt text and the
    SVG in base64, whose letters (A-Z, a-z, 0-9, +, /, =) Markdown reads as nothing but an
    address. Markdown, not st.image: the page's Markdown is drawn by the script the browser
    already has, where an image element waits for a script of its own, and on a busy machine
    behind Plotly's."""
    encoded = base64.b64encode(svg.encode("utf-8")).decode("ascii")
    return f"![{PICTURE_ALT[chart]}](data:image/svg+xml;base64,{encoded})"


def shown_text(label: object) -> str:
    """What a reader sees of a Plotly label, as XML text: the figures write article text with
    its markup escaped (labels.escape_hover), which Plotly shows as the characters it names."""
    return escape(NOT_XML.sub("", html.unescape(str(label))))


@dataclass(frozen=True)
class Frame:
    """Where a figure's values land: x as a share of the plot's width, y in pixels."""

    low: float  # the visible range, epoch milliseconds
    high: float
    top: float  # the plot area's top and bottom, pixels
    bottom: float
    y_low: float
    y_high: float

    def x(self, ms: np.ndarray) -> np.ndarray:
        return (ms - self.low) / (self.high - self.low) * 100  # percent of the plot's width

    def y(self, values: np.ndarray) -> np.ndarray:
        share = (values - self.y_low) / (self.y_high - self.y_low)
        return self.bottom - share * (self.bottom - self.top)


def epoch_ms(values) -> np.ndarray:
    """Plotly's date values (ISO text, datetimes or epoch milliseconds) as epoch milliseconds,
    NaN for a gap. A zone suffix is dropped as Plotly drops it: the clock reads as written."""
    array = np.asarray(values if values is not None else [], dtype=object)
    if len(array) and all(isinstance(v, int | float | np.number) for v in array[:50]):
        return array.astype("float64")
    # numpy reads ISO text itself, far faster than pandas does value by value
    text = [str(v)[:19] if v is not None and v == v else "NaT" for v in array]
    moments = np.array(text, dtype="datetime64[ms]")
    out = moments.astype("int64").astype("float64")
    out[np.isnat(moments)] = np.nan
    return out


def _positions(values, categories: dict[str, int]) -> np.ndarray:
    """A trace's y values as axis positions: a category's index, or the number itself."""
    array = np.asarray(values if values is not None else [], dtype=object)
    if categories:
        return np.array(
            [categories.get(str(v), np.nan) if v is not None else np.nan for v in array],
            dtype="float64",
        )
    return pd.to_numeric(pd.Series(array), errors="coerce").to_numpy(dtype="float64")


TICK_STEPS_DAYS = (1 / 24, 3 / 24, 6 / 24, 12 / 24, 1, 2, 7, 14)
MONTH_STEPS = (1, 2, 3, 6, 12, 24, 60, 120, 240, 600, 1200)
SUNDAY = pd.Timestamp("2000-01-02")  # Plotly counts weekly ticks from this Sunday


def date_ticks(low: float, high: float) -> list[tuple[float, str]]:
    """About TICK_TARGET dates across [low, high] (epoch ms) at a round step, labelled as
    Plotly labels them: the first tick also names its year."""
    span_days = (high - low) / 86_400_000
    start, stop = pd.Timestamp(low, unit="ms"), pd.Timestamp(high, unit="ms")
    for step in TICK_STEPS_DAYS:
        if span_days / step <= TICK_TARGET:
            width = pd.Timedelta(days=step)
            origin = SUNDAY if step >= 7 else pd.Timestamp("1970-01-01")
            first = origin + math.ceil((start - origin) / width) * width
            moments = list(pd.date_range(first, stop, freq=width))
            clock, months = step < 1, None
            break
    else:
        clock, months = (
            False,
            next((m for m in MONTH_STEPS if span_days / 30.44 / m <= TICK_TARGET), 1200),
        )
        first_month = (start.year * 12 + start.month - 1 + months - 1) // months * months
        moments = []
        month = first_month
        while (moment := pd.Timestamp(year=month // 12, month=month % 12 + 1, day=1)) <= stop:
            moments.append(moment)
            month += months
    ticks = []
    for i, moment in enumerate(moments):
        if clock:  # a clock time, and its day where the day begins
            hour = moment.strftime("%H:%M")
            label = f"{moment:%b} {moment.day}" if hour == "00:00" else hour
            label += f" {moment:%b} {moment.day}" if i == 0 and hour != "00:00" else ""
        elif months is None:
            label = moment.strftime("%b %-d") + (f" {moment.year}" if i == 0 else "")
        elif months >= 12:
            label = str(moment.year)
        else:
            label = moment.strftime("%b %Y") if i == 0 or moment.month == 1 else f"{moment:%b}"
        ticks.append((float(moment.value // 10**6), label))
    return ticks


def _dash(dash: object, width: float) -> str:
    if dash == "dot":
        return f' stroke-dasharray="{width:g} {width * 1.6:g}"'
    if dash == "dash":
        return f' stroke-dasharray="{width * 2:g} {width * 1.2:g}"'
    return ""


def _lines(trace, frame: Frame, categories: dict[str, int]) -> list[str]:
    """A lines trace's segments (gaps where a value is missing), one <line> each."""
    xs = frame.x(epoch_ms(trace.x))
    ys = frame.y(_positions(trace.y, categories))
    line = trace.line
    colour, width = str(line.color or "#444"), float(line.width or 2)
    style = f' stroke="{escape(colour)}" stroke-width="{width:g}"' + _dash(line.dash, width)
    out = []
    for i in range(len(xs) - 1):
        a, b = (xs[i], ys[i]), (xs[i + 1], ys[i + 1])
        if np.isnan(a).any() or np.isnan(b).any():
            continue
        out.append(
            f'<line x1="{a[0]:.3f}%" y1="{a[1]:.1f}" x2="{b[0]:.3f}%" y2="{b[1]:.1f}"{style}/>'
        )
    return out


def _marks_of(marker, size: float | None = None):
    """A function drawing the marker's mark at (x, y), x in `unit`; None for invisible marks
    (the hover targets in the middle of ranges: nothing to see)."""
    opacity = 1.0 if marker.opacity is None else float(marker.opacity)
    if opacity == 0:
        return None
    symbol = str(marker.symbol or "circle")
    hollow = symbol.endswith("-open")
    shape = symbol.removesuffix("-open")
    colour = escape(str(marker.color or "#444"))
    size = size if size is not None else float(marker.size or 6)
    edge = marker.line
    edge_width = float(edge.width) if edge and edge.width is not None else (2 if hollow else 0)
    edge_colour = escape(str(edge.color)) if edge and edge.color else colour
    paint = (
        f'fill="none" stroke="{colour}" stroke-width="{edge_width:g}"'
        if hollow or shape == "line-ns"
        else f'fill="{colour}" stroke="{edge_colour}" stroke-width="{edge_width:g}"'
    ) + (f' opacity="{opacity:g}"' if opacity < 1 else "")
    if shape not in SYMBOL_PATHS:  # a circle, and any symbol drawn as one

        def circle(x: float, y: float, unit: str = "%") -> str:
            return f'<circle cx="{x:.3f}{unit}" cy="{y:.1f}" r="{size / 2:g}" {paint}/>'

        return circle
    path = f'<path d="{SYMBOL_PATHS[shape]}" transform="scale({size:g})" {paint}'
    path += ' vector-effect="non-scaling-stroke"/>'

    def placed(x: float, y: float, unit: str = "%") -> str:
        return (
            f'<svg x="{x:.3f}{unit}" y="{y:.1f}" width="1" height="1" overflow="visible">'
            f"{path}</svg>"
        )

    return placed


def _markers(trace, frame: Frame, categories: dict[str, int]) -> list[str]:
    """A markers trace's marks: a <circle>, or a symbol's path in a one-pixel <svg> placed at
    the mark (an <svg>'s place may be a percentage, a path's may not)."""
    mark = _marks_of(trace.marker)
    if mark is None:
        return []
    xs = frame.x(epoch_ms(trace.x))
    ys = frame.y(_positions(trace.y, categories))
    kept = ~(np.isnan(xs) | np.isnan(ys))
    return [mark(x, y) for x, y in zip(xs[kept], ys[kept], strict=True)]


def _bars(trace, frame: Frame) -> list[str]:
    """A bar trace's bars, standing on zero, `width` milliseconds wide about their x."""
    xs = epoch_ms(trace.x)
    counts = np.asarray(trace.y if trace.y is not None else [], dtype="float64")
    width = float(trace.width) if trace.width is not None else 86_400_000.0
    colour = escape(str(trace.marker.color or "#0B5CAD"))
    left = frame.x(xs - width / 2)
    span = width / (frame.high - frame.low) * 100
    tops, foot = frame.y(counts), frame.y(np.zeros(1))[0]
    return [
        f'<rect x="{x:.3f}%" y="{top:.1f}" width="{span:.3f}%" height="{foot - top:.1f}" '
        f'fill="{colour}"/>'
        for x, top in zip(left, tops, strict=True)
        if not (np.isnan(x) or np.isnan(top))
    ]


def _round_top(most: float) -> tuple[float, float]:
    """A count axis's top and step: a round step, about four ticks."""
    raw = max(most, 1) / 4
    power = 10 ** math.floor(math.log10(raw))
    step = next(s * power for s in (1, 2, 2.5, 5, 10) if s * power >= raw)
    return max(most * 1.05, step), step


def still_svg(figure: go.Figure, *, legend: bool = True) -> str | None:
    """The figure as an SVG picture at its own height, or None when it holds what a picture
    would not show faithfully (a heat map) or so many marks that the picture would weigh more
    than the chart: the chart alone is drawn then."""
    layout = figure.layout
    traces = list(figure.data)
    kinds = {t.type for t in traces}
    if not traces or not kinds <= {"scatter", "scattergl", "bar"}:
        return None
    if sum(len(t.x) if t.x is not None else 0 for t in traces) > MAX_MARKS:
        return None
    height = float(layout.height or 450)
    margin = layout.margin
    left, right = float(margin.l or 0), float(margin.r or 0)
    top, foot = float(margin.t or 0), float(margin.b or 0)
    shown_legend = legend and layout.showlegend is not False
    named = [t for t in traces if t.showlegend is not False and t.name] if shown_legend else []
    bottom = height - foot - (LEGEND_ROW if named else 0)
    window = layout.xaxis.range
    if window:
        low, high = (float(v) for v in epoch_ms(list(window)))
    else:
        every = np.concatenate([epoch_ms(t.x) for t in traces])
        every = every[~np.isnan(every)]
        if not len(every):
            return None
        low, high = float(every.min()), float(every.max())
        pad = max((high - low) * 0.05, 43_200_000)
        low, high = low - pad, high + pad
    if not high > low:
        high = low + 86_400_000
    yaxis = layout.yaxis
    categories: dict[str, int] = {}
    if yaxis.type == "category" and yaxis.categoryarray is not None:
        categories = {str(name): i for i, name in enumerate(yaxis.categoryarray)}
        y_low, y_high = -0.5, len(categories) - 0.5
        y_ticks = [(float(i), str(name)) for name, i in categories.items()]
    elif yaxis.tickvals is not None and yaxis.range is not None:
        y_low, y_high = (float(v) for v in yaxis.range)
        y_ticks = [(float(v), str(t)) for v, t in zip(yaxis.tickvals, yaxis.ticktext, strict=True)]
    else:  # counts (the pulse): from zero to a round step above the largest
        most = max((max(t.y, default=0) for t in traces if t.y is not None), default=0)
        y_high, step = _round_top(float(most))
        y_low = 0.0
        y_ticks = [(v, f"{v:g}") for v in np.arange(step, y_high, step)]
    frame = Frame(low, high, top, bottom, y_low, y_high)
    text_colour = escape(str(layout.font.color or "#444"))
    dates_on_top = layout.xaxis.side == "top"
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="100%" height="{height:g}" '
        f'font-family="{FONT}" font-size="12" fill="{text_colour}">',
        '<rect width="100%" height="100%" fill="#fff"/>',
        # the plot area: every position inside is a percentage of its width
        f'<svg x="{left:g}" y="0" height="{height:g}" '
        f'style="width:calc(100% - {left + right:g}px)" overflow="hidden">',
    ]
    for ms, label in date_ticks(low, high):
        x = frame.x(np.array([ms]))[0]
        parts.append(
            f'<line x1="{x:.3f}%" x2="{x:.3f}%" y1="{top:g}" y2="{bottom:g}" '
            f'stroke="{GRID_COLOUR}"/>'
        )
        label_y = top - 8 if dates_on_top else bottom + 16
        parts.append(
            f'<text x="{x:.3f}%" y="{label_y:g}" text-anchor="middle">{shown_text(label)}</text>'
        )
    for value, label in y_ticks:
        y = frame.y(np.array([value]))[0]
        parts.append(f'<line x1="0" x2="100%" y1="{y:.1f}" y2="{y:.1f}" stroke="{GRID_COLOUR}"/>')
        parts.append(f'<text x="3" y="{y - 5:.1f}">{shown_text(label)}</text>')
    for trace in traces:
        if trace.type == "bar":
            parts += _bars(trace, frame)
            continue
        mode = str(trace.mode or "markers")
        if "lines" in mode:
            parts += _lines(trace, frame, categories)
        if "markers" in mode:
            parts += _markers(trace, frame, categories)
    parts.append("</svg>")
    if named:
        parts.append(_legend(named, left, height - foot - LEGEND_ROW / 2 + 4, layout))
    parts.append("</svg>")
    return "".join(parts)


def _legend(traces, left: float, y: float, layout) -> str:
    """The legend's entries in a row under the plot, as Plotly lays out a horizontal one:
    its title, then each entry's swatch and name. Entries past the picture's width are cut."""
    title = layout.legend.title.text if layout.legend and layout.legend.title else None
    parts, x = [], left
    if title:
        parts.append(f'<text x="{x:g}" y="{y:g}">{shown_text(title)}</text>')
        x += 7 * len(str(title)) + 8
    seen: set[str] = set()
    for trace in traces:
        name = str(trace.name)
        if name in seen:
            continue
        seen.add(name)
        is_line = "lines" in str(trace.mode or "")
        mark = None if is_line else _marks_of(trace.marker, size=10)
        colour = escape(str(trace.line.color or "#444"))
        swatch = (
            mark(x + 12, y - 4, unit="")
            if mark is not None
            else f'<line x1="{x:g}" x2="{x + 24:g}" y1="{y - 4:g}" y2="{y - 4:g}" '
            f'stroke="{colour}" stroke-width="3"' + _dash(trace.line.dash, 3) + "/>"
        )
        parts.append(swatch + f'<text x="{x + 30:g}" y="{y:g}">{shown_text(name)}</text>')
        x += 30 + 7 * len(html.unescape(name)) + 14
    return "".join(parts)
