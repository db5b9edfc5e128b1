"""Promises of the timeline figure: precise dates as points, vague dates as faint ranges,
every point traceable to its event, and article text inert in the hover."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from sample_events import sample_events, sample_rows

from dashboard.figures import dense_range, timeline_figure
from pipeline.schema import conform


@pytest.fixture(scope="module")
def events() -> pd.DataFrame:
    return sample_events()


@pytest.fixture(scope="module")
def figure(events):
    return timeline_figure(events)


def traces_holding(figure, event_id):
    return [t for t in figure.data if t.customdata is not None and event_id in list(t.customdata)]


@pytest.mark.parametrize(
    ("event_id", "drawn_as"),
    [
        ("ev-witkoff-sharm", "point"),  # time
        ("ev-dermer-departs", "point"),  # part-of-day
        ("ev-witkoff-kushner-cairo", "point"),  # day
        ("ev-hamas-response", "range"),  # week
        ("ev-trump-plan", "range"),  # month
        ("ev-1967-war", "range"),  # year
    ],
)
def test_precision_decides_point_or_range(figure, event_id, drawn_as):
    traces = traces_holding(figure, event_id)
    lines = [t for t in traces if "lines" in t.mode]
    if drawn_as == "point":
        assert traces and not lines
        assert all(t.mode == "markers" for t in traces)
    else:
        assert len(lines) == 1
        line = lines[0]
        assert line.line.dash not in (None, "solid")
        # Its hover target in the middle is invisible: no ring that reads as a date.
        targets = [t for t in traces if t.hovertemplate]
        assert len(targets) == 1 and targets[0].marker.opacity == 0


def test_a_range_spans_its_whole_local_period(figure):
    line = next(t for t in traces_holding(figure, "ev-trump-plan") if "lines" in t.mode)
    at = [i for i, v in enumerate(line.customdata) if v == "ev-trump-plan"]
    assert [pd.Timestamp(line.x[i]) for i in at] == [
        pd.Timestamp("2025-09-01"),
        pd.Timestamp("2025-10-01"),
    ]


def test_every_dated_event_is_drawn_once_and_the_undated_one_not_at_all(events, figure):
    hoverable = [v for t in figure.data if t.hovertemplate for v in t.customdata]
    assert sorted(hoverable) == sorted(events.loc[events["start"].notna(), "event_id"])
    assert "ev-egypt-host" not in hoverable


@pytest.mark.parametrize(
    ("event_id", "lane"),
    [
        ("ev-witkoff-kushner-cairo", "Steve Witkoff"),
        ("ev-ceasefire-effect", "(no actor)"),
        ("ev-hamas-response", "Hamas"),
    ],
)
def test_lanes_are_the_first_actor(figure, event_id, lane):
    trace = next(t for t in traces_holding(figure, event_id) if t.hovertemplate)
    assert trace.y[list(trace.customdata).index(event_id)] == lane


def test_a_day_in_cairo_is_drawn_on_that_day_not_the_utc_evening_before(figure):
    trace = next(t for t in traces_holding(figure, "ev-witkoff-kushner-cairo") if t.hovertemplate)
    x = pd.Timestamp(trace.x[list(trace.customdata).index("ev-witkoff-kushner-cairo")])
    assert x.date() == pd.Timestamp("2025-10-08").date()


def test_hover_names_who_what_where_and_the_precision(figure):
    trace = next(t for t in traces_holding(figure, "ev-witkoff-kushner-cairo") if t.hovertemplate)
    text = trace.text[list(trace.customdata).index("ev-witkoff-kushner-cairo")]
    assert "Steve Witkoff, Jared Kushner — join talks — Cairo" in text
    assert "Wed 8 Oct 2025" in text and "day precision" in text


@pytest.mark.parametrize(
    "hostile",
    ["<script>alert(1)</script>", '<a href="javascript:alert(1)">x</a>', "<b>bold</b> & <br>co"],
)
def test_hover_shows_article_markup_as_text(hostile):
    rows = sample_rows()[:1]
    rows[0]["action"] = hostile
    rows[0]["venue"] = hostile
    trace = next(t for t in timeline_figure(conform(rows)).data if t.hovertemplate)
    text = trace.text[0]
    body = text.replace("<b>", "", 1).replace("</b><br>", "", 1)  # the figure's own markup
    assert "<" not in body and ">" not in body
    assert "&lt;" in body and "&gt;" in body
    assert "& " not in body  # a bare ampersand would start an entity


def test_the_view_opens_on_the_dense_stretch_not_on_a_1967_outlier(figure):
    low, high = (pd.Timestamp(v) for v in figure.layout.xaxis.range)
    assert pd.Timestamp("2025-08-02") >= low and high >= pd.Timestamp("2025-10-10")
    assert low > pd.Timestamp("2025-01-01")


def test_the_view_keeps_everything_when_nothing_is_far_away():
    xs = pd.Series(pd.to_datetime(["2025-10-01", "2025-10-03", "2025-10-08"]))
    low, high = dense_range(xs)
    assert low < xs.min() and high > xs.max()


def test_an_empty_table_gives_an_empty_figure_not_an_error():
    figure = timeline_figure(conform([]))
    assert len(figure.data) == 0


def test_one_far_away_event_does_not_squash_a_busy_fortnight():
    busy = list(pd.date_range("2025-10-01", "2025-10-10", periods=20))
    low, high = dense_range(pd.Series(busy + [pd.Timestamp("2023-10-07")]))
    assert low > pd.Timestamp("2025-09-01") and high < pd.Timestamp("2025-10-20")


def test_events_sharing_a_lane_and_a_day_are_spread_across_that_day_not_stacked():
    rows = [sample_rows()[0] | {"event_id": f"ev-{i}", "action": f"act {i}"} for i in range(4)]
    trace = next(t for t in timeline_figure(conform(rows)).data if t.hovertemplate)
    xs = sorted(pd.Timestamp(x) for x in trace.x)
    assert len(set(xs)) == 4
    assert all(x.date() == pd.Timestamp("2025-10-08").date() for x in xs)


def test_an_event_a_few_days_before_the_busy_stretch_stays_in_view():
    busy = list(pd.date_range("2025-10-06", "2025-10-08", periods=30))
    early, far = pd.Timestamp("2025-10-01 20:00"), pd.Timestamp("2025-08-02 12:00")
    low, high = dense_range(pd.Series(busy + [early, far]))
    assert low < early and low > far


@pytest.mark.parametrize(
    ("lane_by", "event_id", "lane"),
    [
        ("venue", "ev-witkoff-sharm", "Sharm El-Sheikh"),
        ("venue", "ev-hamas-response", "(no venue)"),
        ("article", "ev-hostage-square", "Example Wire: Negotiators head to Egypt for Gaz…"),
    ],
)
def test_lanes_can_be_venues_or_articles(events, lane_by, event_id, lane):
    figure = timeline_figure(events, lane_by=lane_by)
    trace = next(t for t in traces_holding(figure, event_id) if t.hovertemplate)
    assert trace.y[list(trace.customdata).index(event_id)] == lane


def test_plans_are_drawn_apart_from_what_happened(figure):
    def symbol(event_id):
        trace = next(t for t in traces_holding(figure, event_id) if t.hovertemplate)
        return trace.marker.symbol

    assert symbol("ev-witkoff-sharm") == "circle"  # happened
    assert symbol("ev-witkoff-kushner-cairo").endswith("-open")  # scheduled
    assert symbol("ev-witkoff-kushner-cairo") != symbol("ev-dermer-departs")
    hover = next(t for t in traces_holding(figure, "ev-hamas-response") if t.hovertemplate)
    assert "expected" in hover.text[list(hover.customdata).index("ev-hamas-response")]


def test_a_disputed_date_is_ringed_and_said_in_the_hover():
    rows = sample_rows()[:2]
    rows[0]["conflict"] = True
    figure = timeline_figure(conform(rows))
    rings = [t for t in figure.data if t.name == "sources disagree on the date"]
    assert len(rings) == 1 and list(rings[0].customdata) == ["ev-witkoff-kushner-cairo"]
    hover = next(t for t in traces_holding(figure, "ev-witkoff-kushner-cairo") if t.hovertemplate)
    assert "sources disagree" in hover.text[0]
    assert not any(
        "disagree" in text
        for t in traces_holding(figure, "ev-dermer-departs")
        if t.hovertemplate
        for text in t.text
    )


def many(count: int):
    base = sample_rows()[2]  # a clock time
    return conform(
        [
            base
            | {
                "event_id": f"ev-{i}",
                "start": pd.Timestamp("2025-10-01", tz="UTC") + pd.Timedelta(minutes=7 * i),
                "end": pd.Timestamp("2025-10-01", tz="UTC") + pd.Timedelta(minutes=7 * i + 1),
            }
            for i in range(count)
        ]
    )


def test_large_views_draw_with_webgl_and_every_event_is_still_a_mark():
    from dashboard.figures import DETAIL_LIMIT, WEBGL_FROM

    detailed = timeline_figure(many(WEBGL_FROM))
    assert {t.type for t in detailed.data} == {"scattergl"}
    assert sum(len(t.customdata) for t in detailed.data if t.hovertemplate) == WEBGL_FROM
    overview = timeline_figure(many(DETAIL_LIMIT + 1))
    assert {t.type for t in overview.data} == {"scattergl"}
    assert sum(len(t.x) for t in overview.data) == DETAIL_LIMIT + 1
    assert list(overview.layout.yaxis.ticktext) == ["Steve Witkoff"]


def reported_by_rows() -> list[dict]:
    """The sample rows plus one the article dates only by publishing it (Mon 6 Oct, Cairo)."""
    rows = sample_rows()
    rows.append(
        rows[0]
        | {
            "event_id": "ev-by-publication",
            "action": "issue warrants",
            "actors": ["ICC"],
            "participants": [{"name": "ICC", "role": "agent", "kind": "organisation"}],
            "modality": "happened",
            "date_basis": "publication",
            "start": None,
            "end": "2025-10-06T21:00:00Z",
            "expression": None,
            "explanation": "no date in the sentence: it had happened by the publication",
        }
    )
    return rows


def test_a_date_known_only_by_publication_is_an_open_bar_ending_at_the_publication():
    figure = timeline_figure(conform(reported_by_rows()))
    target = next(t for t in traces_holding(figure, "ev-by-publication") if t.hovertemplate)
    at = list(target.customdata).index("ev-by-publication")
    assert pd.Timestamp(target.x[at]) == pd.Timestamp("2025-10-07")  # the end of Mon 6 Oct
    assert target.marker.symbol == "line-ns-open"  # a closing bracket, not a dot on a day
    assert "reported by Mon 6 Oct 2025" in target.text[at]
    assert "no date in the article" in target.text[at]
    bar = next(t for t in figure.data if t.name == "reported by (no date in the article)")
    start, end = (pd.Timestamp(x) for x in bar.x[:2])
    assert end == pd.Timestamp("2025-10-07") and start < end
    assert bar.line.dash == "dot"


def mark_colours(figure) -> list[tuple[str, str]]:
    """(trace name, colour) of every drawn line and visible mark."""
    found = []
    for trace in figure.data:
        if "lines" in trace.mode:
            found.append((trace.name, trace.line.color))
        elif trace.marker.opacity != 0:
            found.append((trace.name, trace.marker.color))
    return found


def contrast(colour: str, background: str = "#FFFFFF") -> float:
    def luminance(hex_colour: str) -> float:
        channels = [int(hex_colour.lstrip("#")[i : i + 2], 16) / 255 for i in (0, 2, 4)]
        linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
        return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]

    high, low = sorted((luminance(colour), luminance(background)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def test_the_red_ring_is_the_only_red_and_every_mark_stands_out_from_the_page():
    rows = reported_by_rows()
    rows[4]["conflict"] = True  # the month-long plan: a range with disputed dates
    figure = timeline_figure(conform(rows))
    colours = mark_colours(figure)
    red = {name for name, colour in colours if colour == "#C0392B"}
    assert red == {"sources disagree on the date"}
    for name, colour in colours:
        assert contrast(colour) >= 3, (name, colour)
    assert contrast(figure.layout.font.color) >= 4.5  # lane names and dates


def test_lanes_run_from_the_one_where_most_happens():
    rows = sample_rows()
    for n in range(2):  # Hamas: three events, all happenings
        rows.append(rows[5] | {"event_id": f"ev-hamas-{n}"})
    for n in range(4):  # Steve Witkoff: six events, but four only say how things stand
        rows.append(rows[2] | {"event_id": f"ev-witkoff-state-{n}", "event_class": "state"})
    lanes = list(reversed(timeline_figure(conform(rows)).layout.yaxis.categoryarray))
    assert lanes[0] == "Hamas"
    assert lanes[-1] == "(no actor)"


def test_beyond_the_density_threshold_the_chart_counts_events_per_lane_and_stretch():
    """Past DENSITY_FROM dated events a mark each says nothing (a solid band) and costs the
    most: the chart draws counts, every event in exactly one cell, lanes named on the axis."""
    from dashboard.figures import DENSITY_FROM

    events = many(DENSITY_FROM + 1)
    figure = timeline_figure(events)
    assert {t.type for t in figure.data} == {"heatmap"}
    counted = sum(np.nansum(np.asarray(t.z, dtype=float)) for t in figure.data)
    assert counted == DENSITY_FROM + 1
    assert list(figure.layout.yaxis.ticktext) == ["Steve Witkoff"]
    assert all(t.customdata is None and t.text is None for t in figure.data)


def test_the_density_cells_follow_the_busiest_stretch_finely_and_the_rest_coarsely():
    """A busy week and one stray event years before: the week's events land in the fine
    cells, the stray one in a coarse cell of its own, so neither hides the other."""
    from dashboard.figures import DENSITY_FROM

    events = many(DENSITY_FROM + 1)
    stray = events.index[0]
    events.loc[stray, "start"] = pd.Timestamp("2019-03-04", tz="UTC")
    events.loc[stray, "end"] = pd.Timestamp("2019-03-04 00:01", tz="UTC")
    coarse, fine = timeline_figure(events).data
    assert np.nansum(np.asarray(coarse.z, dtype=float)) == 1
    assert np.nansum(np.asarray(fine.z, dtype=float)) == DENSITY_FROM
