"""Promises of the still pictures the page shows until Plotly has drawn its charts: the same
lanes, marks, colours and range as the chart, and article text only ever as inert text."""

from __future__ import annotations

import html
import xml.etree.ElementTree as ET
from collections import Counter

import numpy as np
import pandas as pd
import plotly.graph_objects as go
import pytest
from sample_events import sample_events, sample_rows

from dashboard.figures import timeline_figure
from dashboard.prepare import ensure_prepared
from dashboard.pulse import pulse_counts, pulse_figure
from dashboard.still import MAX_MARKS, SYMBOL_PATHS, date_ticks, epoch_ms, still_svg
from pipeline.schema import conform

SVG = "{http://www.w3.org/2000/svg}"
DRAWING = {"svg", "rect", "line", "circle", "path", "text"}  # all a picture may hold


def picture(figure: go.Figure, **options) -> ET.Element:
    svg = still_svg(figure, **options)
    assert svg is not None
    return ET.fromstring(svg)


def tags(root: ET.Element, name: str) -> list[ET.Element]:
    return list(root.iter(SVG + name))


def plot_area(root: ET.Element) -> ET.Element:
    """The picture's plot, without its legend."""
    plot = root.find(SVG + "svg")
    assert plot is not None
    return plot


def texts(root: ET.Element) -> list[str]:
    return [t.text or "" for t in tags(root, "text")]


@pytest.fixture(scope="module")
def figure() -> go.Figure:
    return timeline_figure(sample_events())


def mark_of(element: ET.Element) -> tuple[str, str]:
    """A drawn mark as (shape, colour): circles by their fill (or ring colour), symbols by path."""
    if element.tag == SVG + "circle":
        filled = element.get("fill") != "none"
        return ("circle" if filled else "circle-open", element.get(filled and "fill" or "stroke"))
    path = element.find(SVG + "path")
    assert path is not None
    shape = next(name for name, d in SYMBOL_PATHS.items() if d == path.get("d"))
    filled = path.get("fill") != "none"
    return (shape if filled else f"{shape}-open", path.get("fill" if filled else "stroke"))


def chart_marks(figure: go.Figure) -> Counter:
    """What the chart shows as marks: (shape, colour) per visible point."""
    seen: Counter = Counter()
    for trace in figure.data:
        if "markers" not in trace.mode or trace.marker.opacity == 0:
            continue
        symbol = str(trace.marker.symbol or "circle")
        shape = symbol.removesuffix("-open")
        hollow = symbol.endswith("-open") or shape == "line-ns"
        name = shape if shape in SYMBOL_PATHS else "circle"
        drawn = sum(x is not None and y is not None for x, y in zip(trace.x, trace.y, strict=True))
        seen[(f"{name}-open" if hollow else name, trace.marker.color)] += drawn
    return seen


def test_the_still_draws_every_mark_the_chart_draws_in_its_shape_and_colour(figure):
    root = plot_area(picture(figure))
    marks = tags(root, "circle") + [s for s in tags(root, "svg")[1:]]
    assert Counter(mark_of(m) for m in marks) == chart_marks(figure)


def test_the_still_draws_every_range_with_the_charts_colour_and_dashes(figure):
    root = plot_area(picture(figure))
    drawn = Counter(
        (line.get("stroke"), line.get("stroke-dasharray") is not None)
        for line in tags(root, "line")
        if float(line.get("stroke-width", 1)) > 1  # not a grid line
    )
    wanted: Counter = Counter()
    for trace in figure.data:
        if "lines" in trace.mode:
            xs = list(trace.x)
            segments = sum(xs[i] is not None and xs[i + 1] is not None for i in range(len(xs) - 1))
            wanted[(trace.line.color, trace.line.dash not in (None, "solid"))] += segments
    assert drawn == wanted and wanted


def test_the_still_names_the_charts_lanes_and_reads_them_as_the_chart_shows_them(figure):
    lanes = [html.unescape(name) for name in figure.layout.yaxis.categoryarray]
    assert set(lanes) <= set(texts(picture(figure)))


@pytest.mark.parametrize("event_id", ["ev-witkoff-kushner-cairo", "ev-witkoff-sharm"])
def test_a_point_sits_where_the_chart_puts_it(figure, event_id):
    trace = next(
        t
        for t in figure.data
        if t.customdata is not None and event_id in list(t.customdata) and t.marker.opacity != 0
    )
    at = list(trace.customdata).index(event_id)
    low, high = epoch_ms(list(figure.layout.xaxis.range))
    share = (epoch_ms([trace.x[at]])[0] - low) / (high - low) * 100
    lanes = list(figure.layout.yaxis.categoryarray)
    root = picture(figure)
    label = next(t for t in tags(root, "text") if t.text == html.unescape(trace.y[at]))
    marks = [
        (float(m.get("cx", m.get("x", "0")).rstrip("%")), float(m.get("cy", m.get("y", "0"))))
        for m in tags(root, "circle") + tags(root, "svg")[1:]
    ]
    lane_y = float(label.get("y")) + 5  # a lane's name sits just above its line
    assert any(abs(x - share) < 0.01 and abs(y - lane_y) < 1 for x, y in marks), (share, lanes)


HOSTILE_NAMES = [
    "<script>alert(1)</script>",
    'Smith & Sons "quoted" <b>bold</b>',
    '</text><a href="javascript:alert(1)"><text>click</text></a>',
    "&lt;already escaped&gt; &amp; again",
    "bell\x07 and null\x00 in a name",
]


@pytest.mark.parametrize("name", HOSTILE_NAMES)
def test_a_lane_named_with_markup_is_drawn_as_its_own_text_and_nothing_else(name):
    rows = sample_rows()
    rows[0] = rows[0] | {"actors": [name]}
    root = picture(timeline_figure(conform(rows)))
    assert {element.tag.removeprefix(SVG) for element in root.iter()} <= DRAWING
    assert not [
        key for element in root.iter() for key in element.attrib if "href" in key or key[:2] == "on"
    ]
    shown = name.replace("\x07", "").replace("\x00", "")
    assert shown in texts(root)


def test_the_pulse_still_has_a_bar_per_period_the_tallest_for_the_busiest(figure):
    events = ensure_prepared(sample_events())
    counts = pulse_counts(events[["local_start", "local_end"]].dropna())
    root = picture(pulse_figure(counts), legend=False)
    bars = [r for r in tags(root, "rect") if r.get("fill") != "#fff"]
    assert len(bars) == len(counts)
    heights = [float(b.get("height")) for b in bars]
    assert int(np.argmax(heights)) == int(counts["events"].to_numpy().argmax())


@pytest.mark.parametrize(
    "figure_of",
    [
        pytest.param(lambda: go.Figure(go.Heatmap(z=[[1, 2], [3, 4]])), id="a heat map"),
        pytest.param(
            lambda: go.Figure(
                go.Scattergl(x=np.arange(MAX_MARKS + 1) * 1e9, y=np.zeros(MAX_MARKS + 1))
            ),
            id="more marks than a picture should carry",
        ),
    ],
)
def test_no_still_where_a_picture_would_not_stand_in_for_the_chart(figure_of):
    assert still_svg(figure_of()) is None


@pytest.mark.parametrize(
    ("low", "high", "labels"),
    [
        (
            "2025-08-01",
            "2025-10-15",
            ["Aug 10 2025", "Aug 24", "Sep 7", "Sep 21", "Oct 5"],
        ),
        (
            "2025-10-07 06:00",
            "2025-10-08 02:00",
            ["06:00 Oct 7", "09:00", "12:00", "15:00", "18:00", "21:00", "Oct 8"],
        ),
        ("2024-01-01", "2025-12-31", ["Jan 2024", "Jul", "Jan 2025", "Jul"]),
        ("1990-01-01", "2025-06-01", ["1990", "2000", "2010", "2020"]),
    ],
)
def test_the_dates_along_the_axis_are_round_and_name_their_year_once(low, high, labels):
    ticks = date_ticks(pd.Timestamp(low).value / 1e6, pd.Timestamp(high).value / 1e6)
    assert [label for _, label in ticks] == labels
