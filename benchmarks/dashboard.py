"""The page's first load and its rerun after a filter change: generated tables of 100,000 events
(and more) against the sample table.

    python -m benchmarks.dashboard [--events N [N ...]] [--repeat N]
                                   [--browser-repeat N | --no-browser]

The tables go through the real schema (pipeline.schema.conform, which validates) and are
read by the real page through TIMELINE_EVENTS, run by Streamlit's AppTest, so the figures are
server-side: filtering, the figure, the table view, downloads and the cards; beside each
rerun's seconds, the CPU seconds its process spent on it, steadier on a shared machine. Each table's
page runs in a fresh process of its own, so its peak memory is the page's alone (not the
generator's, nor another table's). The baseline is the same page on the five sample articles'
table, measured in the same run. A table of more than GENERATED events is the generated one
repeated with distinct event ids (ten copies for a million), made in Arrow, as a year of
archives would be the same kind of news again.

Then the same two tables in Chromium (Playwright driving Debian's /usr/bin/chromium against a
real `streamlit run app.py`): the first chart after a cold start (a fresh server process, its
health check answered, then the first page), after a warm start (a new browser context on a
running server) and after a filter change (an actor typed and picked in the sidebar), each the
median of --browser-repeat tries. The samples are the page's own: the stored sample table
(dashboard/stored.py), made before timing as a first install's first visit would. A chart
counts as drawn once the page's script has finished its run (Streamlit's script state), not
when the chart alone is there: the page must be whole and usable when the clock stops.

Beside each page, in the same browser and run, its floor: benchmarks/floor_page.py, one Plotly
chart of the same table, what Streamlit itself costs here; the page's own script timed per
section (dashboard/timing.py); and what a first visit downloads, file by file. For every opening and
filter change, where its seconds went: the server's last websocket frame (after it, the time
is the browser's own), the bytes and frames the server sent, the elements and DOM nodes the
page drew, and Chromium's busy seconds (CDP Performance metrics), page and floor side by side.
"""

from __future__ import annotations

import argparse
import ast
import concurrent.futures
import contextlib
import multiprocessing
import os
import re
import resource
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from dashboard.timing import TIMINGS_ENV, read_runs
from pipeline import build, nlp, schema
from pipeline.table import ROW_GROUP_ROWS, save_events

ROOT = Path(__file__).resolve().parents[1]
APP = str(ROOT / "app.py")
FLOOR = str(ROOT / "benchmarks" / "floor_page.py")
FLOOR_ENV = "TIMELINE_FLOOR"  # which floor floor_page.py draws: chart, image or bare
GRANULARITY_SHARE = {
    "day": 0.45,
    "time": 0.15,
    "part-of-day": 0.1,
    "week": 0.1,
    "month": 0.1,
    "year": 0.05,
    "unknown": 0.05,
}
PERIODS = {
    "day": "1D",
    "time": "1min",
    "part-of-day": "4h",
    "week": "7D",
    "month": "30D",
    "year": "365D",
}
GENERATED = 100_000  # drawn row by row; a larger table repeats it
ZONES = ("Africa/Cairo", "Asia/Jerusalem", "America/New_York", "UTC")
MODALITY_SHARE = {"happened": 0.7, "scheduled": 0.12, "expected": 0.12, "claimed": 0.06}


def generated_events(count: int, seed: int = 7) -> pd.DataFrame:
    """A table shaped like a long-running story: a few hundred actors, dozens of places,
    a busy season plus background dates, several outlets, a few disputed dates.

    Columns are drawn at random in bulk, then handed to schema.conform as rows, which types
    and validates them exactly as a build's output is.
    """
    rng = np.random.default_rng(seed)
    actor_names = np.array([f"Actor {i:03d}" for i in range(300)], dtype=object)
    venue_names = np.array([f"Place {i:02d}" for i in range(60)], dtype=object)
    article_ids = np.array([f"art-{i:05d}" for i in range(count // 20 + 1)], dtype=object)
    granularity = rng.choice(
        list(GRANULARITY_SHARE), size=count, p=list(GRANULARITY_SHARE.values())
    )
    modality = rng.choice(list(MODALITY_SHARE), size=count, p=list(MODALITY_SHARE.values()))
    busy = pd.Timestamp("2025-08-01", tz="UTC") + pd.to_timedelta(
        rng.integers(0, 100 * 24 * 60, size=count), unit="min"
    )
    background = pd.Timestamp("1990-01-01", tz="UTC") + pd.to_timedelta(
        rng.integers(0, 35 * 365, size=count) * 1440, unit="min"
    )
    start = pd.Series(np.where(rng.random(count) < 0.95, busy, background)).dt.floor("min")
    length = pd.to_timedelta(pd.Series(granularity).map(lambda g: PERIODS.get(g, "1D")))
    dated = granularity != "unknown"
    first = actor_names[(rng.zipf(1.6, size=count) - 1) % len(actor_names)]
    second = actor_names[rng.integers(0, len(actor_names), size=count)]
    how_many = rng.integers(0, 3, size=count)
    venue = venue_names[(rng.zipf(1.4, size=count) - 1) % len(venue_names)]
    article = article_ids[rng.integers(0, len(article_ids), size=count)]
    conflict = rng.random(count) < 0.01
    has_venue = rng.random(count) < 0.8
    rows = []
    for i in range(count):
        names = (
            [first[i], second[i]][: how_many[i]]
            if second[i] != first[i]
            else [first[i]][: how_many[i]]
        )
        rows.append(
            {
                "event_id": f"ev-{i:06d}",
                "article_id": article[i],
                "title": f"Report {article[i]}",
                "outlet": f"Outlet {int(article[i][4:]) % 12}",
                "url": f"https://example.org/{article[i]}",
                "sentence": f"{', '.join(names) or 'Officials'} met at {venue[i]} on Wednesday.",
                "char_start": 0,
                "char_end": 60,
                "action": "meet",
                "actors": names,
                "participants": [{"name": n, "role": "agent", "kind": "person"} for n in names],
                "venue": venue[i] if has_venue[i] else None,
                "start": start[i] if dated[i] else None,
                "end": start[i] + length[i] if dated[i] else None,
                "timezone": ZONES[i % len(ZONES)],
                "granularity": granularity[i],
                "modality": modality[i],
                "date_basis": "expression" if dated[i] else "publication",
                "expression": "on Wednesday" if dated[i] else None,
                "timex_value": None,
                "event_type": "meet",
                "event_class": "happening",
                "position": "body",
                "reported_event": None,
                "explanation": "generated",
                "confidence": 0.7,
                "sources": [article[i]],
                "conflict": bool(conflict[i]),
            }
        )
    return schema.conform(rows)


BUILD_ORDER = ["start", "article_id", "char_start", "event_id"]  # as pipeline.build sorts


def repeated(source: Path, target: Path, events: int) -> Path:
    """`events` rows of the table at `source`, copies of it with `~k` added to the event ids,
    in the order a build of them all would write them (by date)."""
    arrow = pq.read_table(source)
    ids = arrow.schema.get_field_index("event_id")
    kind = arrow.schema.field(ids).type
    parts, made = [], 0
    for copy in range(-(-events // len(arrow))):
        part = arrow.slice(0, min(len(arrow), events - made))
        suffixed = pc.binary_join_element_wise(
            part["event_id"], pa.scalar(str(copy), type=kind), pa.scalar("~", type=kind)
        )
        parts.append(part.set_column(ids, "event_id", suffixed))
        made += len(part)
    whole = pa.concat_tables(parts)
    order = pc.sort_indices(whole, sort_keys=[(key, "ascending", "at_end") for key in BUILD_ORDER])
    pq.write_table(whole.take(order), target, row_group_size=ROW_GROUP_ROWS)
    return target


@dataclass(frozen=True)
class ServerFigures:
    """One page's figures: seconds, the counts line it last showed, its process's peak GB."""

    first: float
    actor: float
    actor_view: str
    precision: float
    precision_view: str
    peak: float
    # CPU seconds of the page's process over the same reruns (medians): on a machine shared
    # with other work, the figure a neighbour's load moves least
    actor_cpu: float = 0.0
    precision_cpu: float = 0.0
    # the page's own seconds per section (dashboard/timing.py): phase -> section -> seconds
    sections: dict[str, dict[str, float]] = field(default_factory=dict)


def peak_gb() -> float:
    """This process's peak resident memory since it began running Python. Not ru_maxrss: on
    Linux that survives exec, so a spawned child would report the parent's peak at the fork
    (the generated tables) as its own; the kernel's high-water mark of this process's memory
    map (VmHWM) starts afresh at exec."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024 / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024 / 1024


def page_figures(table: Path, actors: list[str], repeat: int) -> ServerFigures:
    """`rerun_seconds` in a fresh process, with that process's peak memory."""
    spawn = multiprocessing.get_context("spawn")
    with concurrent.futures.ProcessPoolExecutor(max_workers=1, mp_context=spawn) as pool:
        return pool.submit(_page_in_process, table, actors, repeat).result()


def _page_in_process(table: Path, actors: list[str], repeat: int) -> ServerFigures:
    figures = rerun_seconds(table, actors, repeat)
    return ServerFigures(
        first=float(figures["first"]),
        actor=float(figures["actor"]),
        actor_view=str(figures["actor_view"]),
        precision=float(figures["precision"]),
        precision_view=str(figures["precision_view"]),
        peak=peak_gb(),
        actor_cpu=float(figures["actor_cpu"]),
        precision_cpu=float(figures["precision_cpu"]),
        sections=dict(figures["sections"]),
    )


def rerun_seconds(table: Path, actors: list[str], repeat: int) -> dict:
    """First load, then the median rerun after picking an actor (a narrow view) and after
    changing the precision threshold (a view keeping most of the table), with the last counts
    and the page's own seconds per section in the last run of each."""
    from streamlit.testing.v1 import AppTest

    timings = Path(tempfile.mkdtemp(prefix="timeline-timings-")) / "runs.jsonl"
    os.environ["TIMELINE_EVENTS"] = str(table)
    os.environ[TIMINGS_ENV] = str(timings)
    at = AppTest.from_file(APP, default_timeout=600)
    began = time.perf_counter()
    at.run()
    figures: dict = {"first": time.perf_counter() - began, "sections": {}}
    if at.exception:
        raise RuntimeError(at.exception[0].message)
    figures["sections"]["first"] = read_runs(timings)[-1]["sections"]

    cpu: list[float] = []  # each timed rerun's CPU seconds, in order

    def timed(change) -> float:
        change()
        began, used = time.perf_counter(), time.process_time()
        at.run()
        if at.exception:
            raise RuntimeError(at.exception[0].message)
        cpu.append(time.process_time() - used)
        return time.perf_counter() - began

    def shown() -> str:
        return next((m.value for m in at.markdown if m.value.startswith("**")), "").replace(
            "**", ""
        )

    figures["actor"] = statistics.median(
        timed(lambda n=n: at.multiselect(key="actor").set_value([actors[n % len(actors)]]))
        for n in range(repeat)
    )
    figures["actor_cpu"] = statistics.median(cpu[-repeat:])
    figures["actor_view"] = shown()
    figures["sections"]["actor"] = read_runs(timings)[-1]["sections"]
    at.multiselect(key="actor").set_value([]).run()
    thresholds = ["month", "week", "day"]
    figures["precision"] = statistics.median(
        timed(lambda n=n: at.selectbox(key="precision").set_value(thresholds[n % 3]))
        for n in range(repeat)
    )
    figures["precision_cpu"] = statistics.median(cpu[-repeat:])
    figures["precision_view"] = shown()
    figures["sections"]["precision"] = read_runs(timings)[-1]["sections"]
    return figures


CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run"]
CHART = '.st-key-timeline [data-testid="stPlotlyChart"] .main-svg'
BUSY = '[data-testid="stStatusWidget"]'
# The page's script has finished its run: the status widget above shows only after a delay,
# so a chart drawn early in a run would otherwise stop the clock while the rest of the page
# (the cards, a filter change's narrowed views) is still being worked out and drawn.
IDLE = '[data-testid="stApp"][data-test-script-state="notRunning"]'
WAIT_MS = 300_000
COUNT_LINE = re.compile(r"^\d[\d,]* events? from ")  # "42 events from 5 articles"


class AppDidNotStart(RuntimeError):
    """The page's server never answered its health check; the message ends with its output."""


@contextlib.contextmanager
def served(env: dict, timeout: float = 120, script: str = APP):
    """`streamlit run <script>` (the page, by default) with `env` on a free port: (its address,
    seconds to healthy)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    began = time.perf_counter()
    log = tempfile.TemporaryFile()
    process = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", script, "--server.headless", "true",
         "--server.address", "127.0.0.1", "--server.port", str(port),
         # files edited nearby would otherwise put a "File change" prompt in the status area
         "--browser.gatherUsageStats", "false", "--server.fileWatcherType", "none"],
        cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT,
    )  # fmt: skip
    base = f"http://127.0.0.1:{port}"
    try:
        while True:
            try:
                with urllib.request.urlopen(f"{base}/_stcore/health", timeout=2) as reply:
                    if reply.read().decode().strip() == "ok":
                        break
            except OSError:
                pass
            if process.poll() is not None or time.perf_counter() - began > timeout:
                log.seek(0)
                output = log.read().decode(errors="replace")
                raise AppDidNotStart(f"streamlit did not come up: {output[-2000:]}")
            time.sleep(0.1)
        yield base, time.perf_counter() - began
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        log.close()


@dataclass
class FirstChart:
    """One page opening: seconds to the timeline drawn and the page idle, and what the browser
    downloaded by then (a new context has an empty cache: a first visit's download).

    Beside them, where those seconds went: what the server sent over its websocket (the
    script's elements, figures and option lists) and when its last frame arrived, so that
    `seconds - last_frame` is the browser's own time after the server had finished; how many
    elements and DOM nodes the page drew; and Chromium's own busy time (CDP Performance
    metrics: JavaScript, style and layout, every task of the page's main thread).
    """

    seconds: float  # to the interactive chart drawn (Plotly's .main-svg) and the page idle
    downloaded: dict[str, int]  # file name without its build hash -> bytes
    # to the timeline first in sight (its still picture or the chart) and the page idle
    seen: float = 0.0
    # when each step of the opening happened, seconds from the request (MILESTONES)
    milestones: dict[str, float] = field(default_factory=dict)
    sent: int = 0  # websocket bytes the server sent until the page was idle
    frames: int = 0
    largest_frame: int = 0
    last_frame: float = 0.0  # seconds from the request to the server's last frame
    elements: int = 0  # Streamlit element containers on the page
    nodes: int = 0  # DOM elements on the page
    busy: dict[str, float] = field(default_factory=dict)  # CDP metric -> seconds

    @property
    def total_bytes(self) -> int:
        return sum(self.downloaded.values())


def _file_name(url: str) -> str:
    """'/static/js/PlotlyChart.D9Z0_fxz.js' -> 'PlotlyChart.js': the same file in every build."""
    name = url.split("?")[0].rstrip("/").rsplit("/", 1)[-1] or url
    parts = name.split(".")
    return ".".join([parts[0], parts[-1]]) if len(parts) > 2 else name


# Chromium's busy time on the page's main thread, in seconds, from CDP's Performance domain.
BUSY_METRICS = {
    "ScriptDuration": "script",
    "RecalcStyleDuration": "style",
    "LayoutDuration": "layout",
    "TaskDuration": "tasks",
}
ELEMENTS = '[data-testid="stElementContainer"]'


class _Frames:
    """The sizes and arrival times of the frames a page's websocket receives."""

    def __init__(self, began: float) -> None:
        self.began, self.last = began, 0.0
        self.opened = self.first = 0.0  # when the websocket opened and its first frame came
        self.sizes: list[int] = []

    def watch(self, socket) -> None:
        self.opened = self.opened or time.perf_counter() - self.began
        socket.on("framereceived", self.received)

    def received(self, payload) -> None:
        self.sizes.append(len(payload) if payload else 0)
        self.last = time.perf_counter() - self.began
        self.first = self.first or self.last


def _page_state(page, cdp, frames: _Frames) -> dict:
    metrics = {m["name"]: m["value"] for m in cdp.send("Performance.getMetrics")["metrics"]}
    return dict(
        sent=sum(frames.sizes),
        frames=len(frames.sizes),
        largest_frame=max(frames.sizes, default=0),
        last_frame=frames.last,
        elements=page.locator(ELEMENTS).count(),
        nodes=page.evaluate("document.querySelectorAll('*').length"),
        busy={label: float(metrics.get(name, 0.0)) for name, label in BUSY_METRICS.items()},
    )


# The timeline is in sight: the chart drawn, or its still picture (dashboard/still.py) loaded
# and shown in the chart's place; on the floors, the bare page's text or its picture. And the
# page is whole and usable: its script has finished its run and nothing is left running.
SEEN = """() => {
  const idle = document.querySelector('[data-testid="stApp"][data-test-script-state="notRunning"]')
    && ![...document.querySelectorAll('[data-testid="stStatusWidget"]')]
      .some(e => e.getClientRects().length);
  const shown = e => e.complete && e.naturalWidth > 0 && e.getClientRects().length
    && e.getBoundingClientRect().height > 0;
  const pictures = document.querySelectorAll(
    '.st-key-still-of-timeline img, .st-key-floor-still img');
  return Boolean(idle && (document.querySelector('CHART') || [...pictures].some(shown)
    || document.querySelector('.st-key-floor-text [data-testid="stMarkdown"]')));
}""".replace("CHART", CHART)
# Noted in the page as they happen (performance.now(), from the request): the app's frame, the
# still picture loaded, Plotly's component mounted (its script fetched and evaluated) and its
# first drawing.
WATCH = """
window.__seen = {};
const note = (name) => { if (!(name in window.__seen)) window.__seen[name] = performance.now(); };
new MutationObserver(() => {
  if (document.querySelector('[data-testid="stAppViewContainer"]')) note('app frame');
  if (document.querySelector('h1')) note('title');
  if (document.querySelector('.st-key-timeline [data-testid="stPlotlyChart"]'))
    note('Plotly mounted');
  if (document.querySelector('.st-key-timeline [data-testid="stPlotlyChart"] .main-svg'))
    note('chart drawn');
}).observe(document, {subtree: true, childList: true, attributes: true});
document.addEventListener('load', (e) => {
  if (e.target.closest && e.target.closest('.st-key-still-of-timeline, .st-key-floor-still'))
    note('still shown');
}, true);
"""
MILESTONES_JS = """() => {
  const nav = performance.getEntriesByType('navigation')[0];
  const out = {'html': nav.responseEnd, 'bundle run': nav.domContentLoadedEventEnd};
  const plotly = performance.getEntriesByType('resource')
    .find(r => r.name.includes('/PlotlyChart.'));
  if (plotly) {
    out['Plotly asked'] = plotly.startTime;
    out['Plotly fetched'] = plotly.responseEnd;
  }
  return Object.assign(out, window.__seen || {});
}"""
# The steps of an opening in the order they are printed (those that happened).
MILESTONES = (
    "html",
    "bundle run",
    "app frame",
    "websocket",
    "first frame",
    "title",
    "last frame",
    "still shown",
    "Plotly asked",
    "Plotly fetched",
    "Plotly mounted",
    "chart drawn",
)


def first_chart(browser, url: str, *, chart_free: bool = False) -> FirstChart:
    """Seconds from asking for the page to the timeline in sight with the page idle (SEEN),
    then to its interactive chart drawn and the page idle: its script's run finished (IDLE)
    and nothing left running, so the page is whole and usable. Both figures are kept: a still
    picture in sight is not the chart a reader can click. A `chart_free` page (a floor without
    a chart) is done when it is in sight and idle."""
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    context.add_init_script(WATCH)
    page = context.new_page()
    cdp = context.new_cdp_session(page)
    cdp.send("Performance.enable")
    downloaded: dict[str, int] = {}

    def finished(request) -> None:
        with contextlib.suppress(Exception):  # a request the closing context cut short
            name = _file_name(request.url)
            downloaded[name] = downloaded.get(name, 0) + request.sizes()["responseBodySize"]

    page.on("requestfinished", finished)
    try:
        began = time.perf_counter()
        frames = _Frames(began)
        page.on("websocket", frames.watch)
        page.goto(url)
        page.wait_for_function(SEEN, timeout=WAIT_MS, polling="raf")
        seen = time.perf_counter() - began
        if not chart_free:
            page.wait_for_selector(CHART, timeout=WAIT_MS)
        page.wait_for_selector(IDLE, timeout=WAIT_MS)
        page.wait_for_selector(BUSY, state="hidden", timeout=WAIT_MS)
        seconds = time.perf_counter() - began
        state = _page_state(page, cdp, frames)
        milestones = {k: v / 1000 for k, v in page.evaluate(MILESTONES_JS).items()}
        milestones |= {"websocket": frames.opened, "first frame": frames.first}
        milestones["last frame"] = frames.last
        return FirstChart(seconds, dict(downloaded), seen=seen, milestones=milestones, **state)
    finally:
        context.close()


def filter_change(browser, url: str, actor: str, timings: Path | None = None):
    """Seconds from picking an actor in the sidebar to the narrowed chart drawn and idle (with
    what the server sent for the pick and Chromium's busy time meanwhile, as a FirstChart
    without downloads), and the page's script runs that the pick caused (read from `timings`)."""
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    cdp = context.new_cdp_session(page)
    cdp.send("Performance.enable")
    frames = _Frames(time.perf_counter())
    page.on("websocket", frames.watch)
    try:
        page.goto(url)
        page.wait_for_selector(CHART, timeout=WAIT_MS)
        page.wait_for_selector(IDLE, timeout=WAIT_MS)
        page.wait_for_selector(BUSY, state="hidden", timeout=WAIT_MS)
        count = page.get_by_text(COUNT_LINE).first.inner_text()
        page.locator(".st-key-actor input").click()
        page.keyboard.type(actor)
        runs_before = len(read_runs(timings)) if timings else 0
        before = _page_state(page, cdp, frames)
        began = frames.began = time.perf_counter()
        frames.sizes = []
        page.keyboard.press("Enter")
        # Done when the page says the new count (the status widget shows only after a delay,
        # so its being hidden alone would stop the clock before the rerun has begun).
        page.wait_for_function(
            "([a, before]) => new URLSearchParams(location.search).getAll('actor').includes(a)"
            " && [...document.querySelectorAll('[data-testid=\"stMarkdown\"]')]"
            ".some(m => / events? from /.test(m.innerText) && m.innerText !== before)",
            arg=[actor, count],
            timeout=WAIT_MS,
        )
        page.wait_for_selector(IDLE, timeout=WAIT_MS)  # the new count shows mid-run
        page.wait_for_selector(BUSY, state="hidden", timeout=WAIT_MS)
        page.wait_for_selector(CHART, timeout=WAIT_MS)
        seconds = time.perf_counter() - began
        after = _page_state(page, cdp, frames)
        after["busy"] = {k: v - before["busy"].get(k, 0.0) for k, v in after["busy"].items()}
        change = FirstChart(seconds, {}, **after)
        return change, read_runs(timings)[runs_before:] if timings else []
    finally:
        context.close()


@dataclass
class PageFigures:
    """Medians of a page's tries in the browser, with its own script's seconds per section
    (summed over the script runs one visit or one pick caused) beside them."""

    boot: float
    cold: float  # to the interactive chart (FirstChart.seconds)
    warm: float
    change: float | None
    seen_cold: float  # to the timeline in sight (FirstChart.seen)
    seen_warm: float
    downloaded: dict[str, int]  # a warm start's first visit
    script: dict[str, dict[str, float]] = field(default_factory=dict)  # phase -> section -> s
    runs: dict[str, float] = field(default_factory=dict)  # phase -> script runs per try
    imports: float | None = None  # the page's import lines in a fresh process
    opened: dict[str, FirstChart] = field(default_factory=dict)  # phase -> medians of its tries

    @property
    def total_bytes(self) -> int:
        return sum(self.downloaded.values())


def _median_opening(tries: list[FirstChart]) -> FirstChart:
    """Each figure of the tries' openings, its median: one try's downloads stand for them all."""

    def middle(name: str) -> float:
        return statistics.median(float(getattr(t, name)) for t in tries)

    counts = ("sent", "frames", "largest_frame", "elements", "nodes")
    steps = [m for m in MILESTONES if all(m in t.milestones for t in tries)]
    return FirstChart(
        seconds=middle("seconds"),
        downloaded=tries[-1].downloaded,
        seen=middle("seen"),
        milestones={m: statistics.median(t.milestones[m] for t in tries) for m in steps},
        last_frame=middle("last_frame"),
        busy={k: statistics.median(t.busy.get(k, 0.0) for t in tries) for k in tries[0].busy},
        **{name: int(middle(name)) for name in counts},
    )


def _script_medians(tries: list[list[dict]]) -> tuple[dict[str, float], float]:
    """Per section, the median over tries of its seconds summed over each try's runs."""
    names = list(dict.fromkeys(n for runs in tries for run in runs for n in run["sections"]))
    sums = [
        {
            **{n: sum(r["sections"].get(n, 0.0) for r in runs) for n in names},
            "total": sum(r["total"] for r in runs),
        }
        for runs in tries
    ]
    medians = {n: statistics.median(t[n] for t in sums) for n in [*names, "total"]} if sums else {}
    return medians, statistics.median(len(runs) for runs in tries) if tries else 0.0


def browser_seconds(env: dict, actors: list[str], repeat: int, script: str = APP) -> PageFigures:
    """Medians of `repeat` tries: cold start, warm start, filter change, and the server's boot.

    A cold start is a fresh server process and its first visit; a warm start is a new browser
    context (an empty cache) on a server that has already served the page once. The floor
    page has no filters: its filter change is not tried.
    """
    from playwright.sync_api import sync_playwright

    page_itself = script == APP
    chart_free = env.get(FLOOR_ENV, "chart") != "chart"  # a floor without a chart
    boot: list[float] = []
    openings: dict[str, list[FirstChart]] = {"cold": [], "warm": [], "change": []}
    tries: dict[str, list[list[dict]]] = {"cold": [], "warm": [], "change": []}
    downloaded: dict[str, int] = {}
    with tempfile.TemporaryDirectory(prefix="timeline-timings-") as folder:
        timings = Path(folder) / "runs.jsonl"
        env = env | {TIMINGS_ENV: str(timings)} if page_itself else env
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
            )

            def visit(phase: str) -> FirstChart:
                runs_before = len(read_runs(timings))
                opened = first_chart(browser, base, chart_free=chart_free)
                tries[phase].append(read_runs(timings)[runs_before:])
                return opened

            try:
                for n in range(repeat):
                    with served(env, script=script) as (base, healthy):
                        boot.append(healthy)
                        openings["cold"].append(visit("cold"))
                        if n == 0:
                            for _ in range(repeat):
                                opened = visit("warm")
                                openings["warm"].append(opened)
                                downloaded = opened.downloaded
                            for m in range(repeat if page_itself else 0):
                                picked, runs = filter_change(
                                    browser, base, actors[m % len(actors)], timings
                                )
                                openings["change"].append(picked)
                                tries["change"].append(runs)
            finally:
                browser.close()
    medians = {phase: _median_opening(got) for phase, got in openings.items() if got}
    figures = PageFigures(
        boot=statistics.median(boot),
        cold=medians["cold"].seconds,
        warm=medians["warm"].seconds,
        change=medians["change"].seconds if "change" in medians else None,
        seen_cold=medians["cold"].seen,
        seen_warm=medians["warm"].seen,
        downloaded=downloaded,
        opened=medians,
    )
    if page_itself:
        figures.imports = statistics.median(import_seconds(script) for _ in range(repeat))
        for phase, phase_tries in tries.items():
            figures.script[phase], figures.runs[phase] = _script_medians(phase_tries)
    return figures


def import_seconds(script: str = APP) -> float:
    """Seconds a fresh Python takes to run the page's own import lines once Streamlit is
    loaded (a server has loaded it before the first visit): the part of a cold start's first
    run that the page's section timings cannot see, since they start after the imports."""
    tree = ast.parse(Path(script).read_text(encoding="utf-8"))
    lines = [
        ast.unparse(node)
        for node in tree.body
        if isinstance(node, ast.Import | ast.ImportFrom)
        and getattr(node, "module", None) != "__future__"
    ]
    program = (
        "import time, streamlit\nbegan = time.perf_counter()\n"
        + "\n".join(lines)
        + "\nprint(time.perf_counter() - began)"
    )
    done = subprocess.run(
        [sys.executable, "-c", program], cwd=ROOT, capture_output=True, text=True, check=True
    )
    return float(done.stdout.strip().splitlines()[-1])


HIGHLIGHTER = "StreamlitSyntaxHighlighter.js"  # Streamlit's code highlighter, about 1.5 MB
BIG_FILE = 100_000  # bytes: files this large are listed by name


def print_browser(name: str, page: PageFigures, floors: dict[str, PageFigures]) -> None:
    """The page's figures beside its floors', then where the page's own seconds and bytes go."""
    floor = floors["chart"]

    def against(seconds: float, base: float) -> str:
        return f"{seconds:5.2f} s (floor {base:5.2f} s, {seconds / base:4.1f}x)"

    change = f"{page.change:5.2f} s" if page.change is not None else "-"
    print(
        f"{name:16} server up {page.boot:5.2f} s | timeline in sight, page idle: cold start "
        f"{page.seen_cold:5.2f} s, warm start {page.seen_warm:5.2f} s | interactive chart: cold "
        f"start {against(page.cold, floor.cold)}, warm start {against(page.warm, floor.warm)} | "
        f"pick an actor {change}"
    )
    print(
        f"{'':16} floors, cold | warm start: "
        + "; ".join(
            f"{FLOOR_NAMES[kind]} {figures.seen_cold:5.2f} | {figures.seen_warm:5.2f} s"
            for kind, figures in floors.items()
        )
    )
    print(
        f"{'':16} downloaded on a first visit: page {page.total_bytes / 1e6:5.2f} MB, floor "
        f"{floor.total_bytes / 1e6:5.2f} MB; code highlighter "
        + ("downloaded" if HIGHLIGHTER in page.downloaded else "not downloaded")
    )
    big = sorted(
        ((size, file) for file, size in page.downloaded.items() if size >= BIG_FILE), reverse=True
    )
    print(f"{'':16} files over {BIG_FILE // 1000} kB: " + ", ".join(
        f"{file} {size / 1e6:.2f} MB" for size, file in big
    ))  # fmt: skip
    print(
        f"{'':16} where the seconds go (page | floor): server's last frame, then the browser's "
        "own time to the page idle; websocket bytes, elements, Chromium's busy seconds"
    )
    for phase, opening in page.opened.items():
        base_opening = floor.opened.get(phase)
        print(f"{'':18}{phase:6} page  " + _opening_line(opening))
        if base_opening is not None:
            print(f"{'':18}{'':6} floor " + _opening_line(base_opening))
    print(
        f"{'':16} when each step happened, seconds from the request (median over tries): "
        "html answered, Streamlit's bundle run (DOMContentLoaded), websocket, the server's "
        "frames, the still picture, Plotly's script asked for, fetched, evaluated (its "
        "component mounted) and its chart drawn"
    )
    for phase in ("cold", "warm"):
        for who, figures in (("page", page), *((FLOOR_NAMES[k], f) for k, f in floors.items())):
            steps = figures.opened.get(phase)
            if steps is not None:
                print(f"{'':18}{phase:6} {who:13} " + _milestones_line(steps))
    phases = [p for p in ("cold", "warm", "change") if page.script.get(p)]
    if not phases:
        return
    print(
        f"{'':16} the page's script, seconds per section (median over tries, summed over the "
        "runs of one try): "
        + ", ".join(f"{p} {page.runs[p]:g} {plural_runs(page.runs[p])}" for p in phases)
    )
    print(f"{'':16} {'section':26}" + "".join(f"{p:>9}" for p in phases))
    if page.imports is not None:
        print(f"{'':16} {'imports (a fresh process)':26}{page.imports:9.3f}")
    for section in page.script[phases[0]]:
        print(
            f"{'':16} {section:26}"
            + "".join(f"{page.script[p].get(section, 0.0):9.3f}" for p in phases)
        )


def _opening_line(opening: FirstChart) -> str:
    busy = ", ".join(f"{name} {seconds:.2f}" for name, seconds in opening.busy.items())
    return (
        f"{opening.seconds:6.2f} s = last frame {opening.last_frame:5.2f} s + browser after it "
        f"{opening.seconds - opening.last_frame:5.2f} s | sent {opening.sent / 1e3:7.1f} kB in "
        f"{opening.frames} frames (largest {opening.largest_frame / 1e3:.1f} kB) | "
        f"{opening.elements} elements, {opening.nodes} DOM nodes | busy s: {busy}"
    )


FLOOR_NAMES = {"chart": "one chart", "image": "one picture", "bare": "bare page"}


def _milestones_line(opening: FirstChart) -> str:
    return " · ".join(
        f"{step} {opening.milestones[step]:.2f}"
        for step in MILESTONES
        if step in opening.milestones
    )


def plural_runs(count: float) -> str:
    return "run" if count == 1 else "runs"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--events", type=int, nargs="+", default=[GENERATED], help="generated table sizes"
    )
    parser.add_argument(
        "--repeat", type=int, default=5, help="filter changes timed; the median is reported"
    )
    parser.add_argument(
        "--browser-repeat", type=int, default=3, help="browser tries each; the median is reported"
    )
    parser.add_argument("--no-browser", action="store_true", help="server-side figures only")
    args = parser.parse_args(argv)
    sizes = sorted(set(args.events))

    with tempfile.TemporaryDirectory(prefix="timeline-bench-") as folder:
        began = time.perf_counter()
        sample = build.build([ROOT / "data" / "articles"], model=nlp.load()).events
        sample_path = save_events(sample, Path(folder) / "sample.parquet")
        drawn = min(sizes[-1], GENERATED)
        generated = (
            generated_events(drawn)
            .sort_values(BUILD_ORDER, na_position="last", kind="stable")
            .reset_index(drop=True)
        )
        drawn_path = save_events(generated, Path(folder) / f"events-{drawn}.parquet")
        paths: dict[int, Path] = {}
        for size in sizes:
            target = Path(folder) / f"events-{size}.parquet"
            if size == drawn:
                paths[size] = drawn_path
            elif size < drawn:
                paths[size] = save_events(generated.iloc[:size], target)
            else:
                paths[size] = repeated(drawn_path, target, size)
        print(
            f"tables: sample {len(sample):,} events, generated "
            f"{', '.join(f'{size:,}' for size in sizes)} events "
            f"({time.perf_counter() - began:.1f} s to make)"
        )

        def popular(table: pd.DataFrame) -> list[str]:
            counts = table["actors"].explode().value_counts()
            return list(counts.index[:: max(1, len(counts) // 8)][: args.repeat]) or [""]

        actors = popular(generated)
        pages = {"sample table": page_figures(sample_path, popular(sample), args.repeat)}
        for size in sizes:
            pages[f"{size:,} events"] = page_figures(paths[size], actors, args.repeat)
        in_browser: dict[str, tuple[PageFigures, dict[str, PageFigures]]] = {}
        first_size = f"{sizes[0]:,} events"
        if not args.no_browser and CHROMIUM.exists():
            from dashboard.stored import TABLE_FILE, store_for, stored_or_built

            articles = ROOT / "data" / "articles"
            # Made (or found) before timing, as a first visit after installing leaves it.
            stored = stored_or_built(articles, nlp.model_name(), nlp.load)
            page_env = {k: v for k, v in os.environ.items() if k != "TIMELINE_EVENTS"}
            shown = popular(stored[stored["key_event"].astype(bool)])  # the page opens on these
            sample_floor_env = page_env | {"TIMELINE_EVENTS": str(store_for(articles) / TABLE_FILE)}
            big_env = page_env | {"TIMELINE_EVENTS": str(paths[sizes[0]])}
            for name, env, picked in (
                ("sample table", page_env, shown),
                (first_size, big_env, actors),
            ):
                floor_env = sample_floor_env if env is page_env else env
                floors = {
                    kind: browser_seconds(
                        floor_env | {FLOOR_ENV: kind}, picked, args.browser_repeat, script=FLOOR
                    )
                    # the picture and bare floors read no table: measured once, with the samples
                    for kind in (("chart", "image", "bare") if env is page_env else ("chart",))
                }
                if env is not page_env:
                    sample_floors = in_browser["sample table"][1]
                    floors |= {k: v for k, v in sample_floors.items() if k != "chart"}
                in_browser[name] = (browser_seconds(env, picked, args.browser_repeat), floors)
    print(
        f"median of {args.repeat} reruns each, server-side (AppTest), each page in its own process"
    )
    for name, figures in pages.items():
        print(
            f"{name:18} first load {figures.first:7.2f} s | "
            f"pick an actor {figures.actor:6.3f} s "
            f"(last: {figures.actor_view}) | "
            f"precision threshold {figures.precision:6.3f} s "
            f"(last: {figures.precision_view}) | peak {figures.peak:5.2f} GB"
        )
    for name, figures in pages.items():
        print(
            f"{name:18} CPU seconds of the page's process: pick an actor "
            f"{figures.actor_cpu:6.3f} s, precision threshold {figures.precision_cpu:6.3f} s"
        )
    for name, figures in list(pages.items())[1:]:
        phases = list(figures.sections)
        print(f"{name:18} the page's own seconds per section (sections under 0.05 s left out):")
        print(f"{'':18} {'section':24}" + "".join(f"{p:>10}" for p in phases))
        for section in figures.sections[phases[0]]:
            values = [figures.sections[p].get(section, 0.0) for p in phases]
            if max(values) >= 0.05:
                print(f"{'':18} {section:24}" + "".join(f"{v:10.2f}" for v in values))
    base = pages["sample table"]
    for name, figures in list(pages.items())[1:]:
        print(
            f"{name:18} / sample: first load {figures.first / base.first:6.1f}x, "
            f"pick an actor {figures.actor / base.actor:5.1f}x, "
            f"precision {figures.precision / base.precision:5.1f}x"
        )
    largest = pages[f"{sizes[-1]:,} events"]
    for label, value, bound, unit in (
        ("first load", largest.first, 10.0, "s"),
        ("actor rerun", largest.actor, 1.0, "s"),
        ("precision rerun", largest.precision, 1.0, "s"),
        ("peak memory", largest.peak, 2.0, "GB"),
    ):
        verdict = "met" if value <= bound else "NOT met"
        print(
            f"{sizes[-1]:,} events, {label}: {value:.2f} {unit}, target {bound:g} {unit}: {verdict}"
        )
    print(f"load average {os.getloadavg()[0]:.2f} at the end")
    if in_browser:
        print(
            f"in Chromium, median of {args.browser_repeat} tries each; the floor is "
            "benchmarks/floor_page.py, one Plotly chart of the same table"
        )
        for name, (page, floors) in in_browser.items():
            print_browser(name, page, floors)
        sample_b, sample_floors = in_browser["sample table"]
        big_b = in_browser[first_size][0]
        # The samples' targets are the timeline in sight (its still picture until Plotly has
        # drawn); the large table's first chart is the chart itself (it has no still picture).
        targets = (
            ("sample warm start", sample_b.seen_warm, 3.0),
            ("sample cold start", sample_b.seen_cold, 5.0),
            ("generated first chart", big_b.cold, 8.0),
            ("generated filter change", big_b.change or 0.0, 1.5),
        )
        for label, seconds, limit in targets:
            verdict = "met" if seconds <= limit else "NOT met"
            print(f"{label:24} {seconds:5.2f} s, target {limit:.1f} s: {verdict}")
        chart_floor = sample_floors["chart"]
        print(
            f"{'sample, chart clickable':24} warm start {sample_b.warm:5.2f} s (one-chart floor "
            f"{chart_floor.warm:5.2f} s), cold start {sample_b.cold:5.2f} s (floor "
            f"{chart_floor.cold:5.2f} s): Plotly's script, after the still is in sight"
        )
        smallest = pages[first_size]
        print(
            f"browser / server-side: pick an actor {(big_b.change or 0) / smallest.actor:4.1f}x on "
            f"the {first_size} table, {(sample_b.change or 0) / base.actor:4.1f}x on the samples"
        )
        print(f"load average {os.getloadavg()[0]:.2f} at the end")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
