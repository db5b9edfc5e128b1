"""The page in a real browser: it draws a timeline and cards, and the address carries the filter.

Runs `streamlit run` as a user would and drives Debian's chromium through Playwright.
Screenshots land in artifacts/ (not committed) for a person to look at.
"""

from __future__ import annotations

import contextlib
import os
from pathlib import Path
from urllib.parse import quote, quote_plus

import pytest
from sample_events import sample_events

from pipeline.table import save_events

ROOT = Path(__file__).resolve().parents[1]
ARTIFACTS = ROOT / "artifacts"
pytestmark = pytest.mark.browser

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
CARD = '[class*="st-key-events-card-"]'
START_TIMEOUT = 60
RENDER_TIMEOUT_MS = 180_000  # the real table is built on first load


@pytest.fixture(scope="module")
def chromium() -> Path:
    if not CHROMIUM.exists():
        reason = f"{CHROMIUM} is not installed (apt-get install -y chromium)"
        if os.environ.get("CI"):
            pytest.fail(reason)
        pytest.skip(reason)
    return CHROMIUM


@pytest.fixture(scope="module", params=["fixture", "real"])
def server(request, tmp_path_factory):
    """A running `streamlit run app.py` on a free port, stopped whatever the test did."""
    env = dict(os.environ)
    if request.param == "fixture":
        env["TIMELINE_EVENTS"] = str(
            save_events(sample_events(), tmp_path_factory.mktemp("table") / "events.parquet")
        )
    else:
        env.pop("TIMELINE_EVENTS", None)
    with streamlit_app(env) as base:
        yield request.param, base


@contextlib.contextmanager
def streamlit_app(env: dict):
    """`streamlit run app.py` with `env` on a free port; its address while it runs."""
    from benchmarks.dashboard import AppDidNotStart, served

    with contextlib.ExitStack() as stack:
        try:
            base, _ = stack.enter_context(served(env, timeout=START_TIMEOUT))
        except AppDidNotStart as err:
            pytest.fail(str(err))
        yield base


@pytest.fixture(scope="module")
def browser(chromium):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(
            executable_path=str(chromium), headless=True, args=CHROMIUM_ARGS
        )
        try:
            yield launched
        finally:
            launched.close()


def open_page(browser, url: str):
    page = browser.new_page(viewport={"width": 1400, "height": 1800})
    page.goto(url)
    page.wait_for_selector('[data-testid="stAppViewContainer"]', timeout=RENDER_TIMEOUT_MS)
    page.wait_for_selector('[data-testid="stPlotlyChart"] .main-svg', timeout=RENDER_TIMEOUT_MS)
    page.wait_for_selector(
        '[data-testid="stStatusWidget"]', state="hidden", timeout=RENDER_TIMEOUT_MS
    )
    # Code blocks and link buttons are drawn after the rest: wait until none is a placeholder.
    page.wait_for_function(
        "() => [...document.querySelectorAll('[data-testid=\"stCode\"]')]"
        ".every(e => e.innerText.trim())\n"
        "              && [...document.querySelectorAll('[data-testid=\"stLinkButton\"]')]"
        ".every(e => e.innerText.trim())",
        timeout=RENDER_TIMEOUT_MS,
    )
    return page


def headlines(page) -> list[str]:
    return [
        card.locator('[data-testid="stText"]').first.inner_text().split("\n", 1)[0]
        for card in page.locator(CARD).all()
    ]


EXPECTED = {
    # source: (text that must be on the page, the actor to filter by)
    "fixture": (
        ["Steve Witkoff, Jared Kushner — join talks — Cairo", "Sharm El-Sheikh", "Hostage Square"],
        "Steve Witkoff",
    ),
    "real": (["Witkoff", "Sharm El-Sheikh"], "Steve Witkoff"),
}


def test_the_page_draws_a_timeline_with_cards(server, browser):
    source, base = server
    page = open_page(browser, base)
    try:
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / f"dashboard-{source}.png"), full_page=True)
        body = page.inner_text("body")
        for text in EXPECTED[source][0]:
            assert text in body
        assert page.locator('[data-testid="stPlotlyChart"] .scatterlayer .point').count() > 0
        if source == "fixture":
            # Every event but the 1967 background, which lies outside the opening view.
            assert len(headlines(page)) == len(sample_events()) - 1
    finally:
        page.close()


def test_an_address_with_an_actor_opens_on_that_actors_events(server, browser):
    source, base = server
    actor = EXPECTED[source][1]
    everything = open_page(browser, base)
    total = everything.locator(CARD).count()
    everything.close()
    page = open_page(browser, f"{base}/?actor={quote(actor)}")
    try:
        page.screenshot(path=str(ARTIFACTS / f"dashboard-{source}-actor.png"), full_page=True)
        narrowed = headlines(page)
        assert 0 < len(narrowed) < total
        assert all(actor in h.split(" — ")[0] for h in narrowed)
    finally:
        page.close()


def test_picking_an_actor_puts_it_in_the_address(server, browser):
    source, base = server
    actor = EXPECTED[source][1]
    page = open_page(browser, base)
    try:
        total = page.locator(CARD).count()
        page.locator(".st-key-actor input").click()
        page.keyboard.type(actor)
        page.keyboard.press("Enter")
        wanted = (f"actor={quote_plus(actor)}", f"actor={quote(actor)}")
        page.wait_for_url(lambda url: any(w in url for w in wanted), timeout=60_000)
        page.wait_for_function(
            f"document.querySelectorAll('{CARD}').length < {total}",
            timeout=60_000,
        )
        # The count drops while the rerun is still drawing: read the cards once it has finished.
        page.wait_for_selector('[data-testid="stStatusWidget"]', state="hidden", timeout=60_000)
        page.wait_for_timeout(500)
        assert all(actor in h.split(" — ")[0] for h in headlines(page))
    finally:
        page.close()


def test_clicking_a_point_narrows_the_cards_to_that_event(server, browser):
    source, base = server
    page = open_page(browser, base)
    try:
        total = page.locator(CARD).count()
        centres = point_centres(page)
        assert centres, "no point is drawn inside the plot area"
        page.mouse.move(*centres[0])
        page.wait_for_selector(".st-key-timeline .hoverlayer .hovertext", timeout=30_000)
        page.mouse.down()
        page.mouse.up()
        page.wait_for_function(f"document.querySelectorAll('{CARD}').length === 1", timeout=60_000)
        assert total > 1
        assert "selected on the chart" in page.inner_text("body")
    finally:
        page.close()


SHARED = {
    # source: (address query, what every card's headline must show)
    "fixture": (
        "?actor=Steve%20Witkoff&venue=Sharm%20El-Sheikh&precision=day",
        ["Steve Witkoff", "Sharm El-Sheikh"],
    ),
    "real": ("?actor=Steve%20Witkoff&precision=day", ["Steve Witkoff"]),
}


def test_a_shared_address_with_several_filters_opens_on_that_view(server, browser):
    source, base = server
    query, wanted = SHARED[source]
    page = open_page(browser, base + "/" + query)
    try:
        page.screenshot(path=str(ARTIFACTS / f"dashboard-{source}-shared.png"), full_page=True)
        narrowed = headlines(page)
        assert narrowed and all(all(w in h for w in wanted) for h in narrowed)
        if source == "fixture":
            assert len(narrowed) == 1
        points = page.locator('[data-testid="stPlotlyChart"] .scatterlayer .point').count()
        assert 0 < points
        # The filters show what the address asked for.
        precision = page.locator(".st-key-precision")
        assert "day" in precision.inner_text() + " ".join(
            i.input_value() for i in precision.locator("input").all()
        )
        assert "Steve Witkoff" in page.locator(".st-key-actor").inner_text()
    finally:
        page.close()


HOSTILE_TEXT = (
    "Marco Rubio will travel to Doha on Thursday "
    "<script>window.__ran = 1; alert('script')</script> "
    "for talks <img src=x onerror=\"window.__ran = 2; alert('img')\"> "
    "with the mediators, officials said."
)
WATCH = """
window.__dialogs = [];
for (const name of ['alert', 'confirm', 'prompt']) {
  window[name] = (...args) => { window.__dialogs.push([name, String(args[0])]); };
}
"""


@pytest.mark.parametrize(
    "server", ["fixture"], indirect=True
)  # the paste does not depend on the table
def test_a_pasted_article_with_markup_shows_as_text_and_nothing_runs(server, browser):
    _, base = server
    page = browser.new_page(viewport={"width": 1400, "height": 1800})
    dialogs, console = [], []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    page.on("console", lambda m: console.append(m.text))
    page.add_init_script(WATCH)
    try:
        page.goto(base)
        page.wait_for_selector('[data-testid="stPlotlyChart"] .main-svg', timeout=RENDER_TIMEOUT_MS)
        page.locator(".st-key-add-own summary").click()  # the section is sent once opened
        page.get_by_role("tab", name="Paste an article").click(timeout=RENDER_TIMEOUT_MS)
        page.locator(".st-key-intake-text textarea").fill(HOSTILE_TEXT)
        page.locator(".st-key-intake-title input").fill("<img src=x onerror=alert('title')>")
        page.locator(".st-key-intake-published input").fill("2025-10-06")
        page.locator(".st-key-intake-url input").fill("https://example.org/rubio")
        page.locator('[data-testid="stForm"]', has=page.locator(".st-key-intake-text")).get_by_role(
            "button", name="Add to the timeline"
        ).click()
        page.wait_for_function(
            """() => [...document.querySelectorAll('[class*="st-key-events-card-"]')]
                      .some(c => c.innerText.includes('Marco Rubio'))""",
            timeout=RENDER_TIMEOUT_MS,
        )
        page.wait_for_selector(
            '[data-testid="stStatusWidget"]', state="hidden", timeout=RENDER_TIMEOUT_MS
        )
        card = page.locator(CARD, has_text="Marco Rubio").first
        card.scroll_into_view_if_needed()
        page.screenshot(path=str(ARTIFACTS / "dashboard-pasted-markup.png"), full_page=True)
        shown = card.inner_text()
        assert "<script>window.__ran = 1; alert('script')</script>" in shown
        assert "<img src=x onerror=" in shown
        assert page.evaluate(
            "document.querySelectorAll('img[src=\"x\"], script:not([src])').length"
        ) == 0 or page.evaluate(
            "[...document.querySelectorAll('script:not([src])')]"
            ".every(s => !s.textContent.includes('__ran'))"
        )
        assert page.evaluate("document.querySelectorAll('img[src=\"x\"]').length") == 0
        assert page.evaluate("window.__ran") is None
        assert page.evaluate("window.__dialogs") == [] and dialogs == []
        assert not any("__ran" in line for line in console)
    finally:
        page.close()


LANE_MARKUP = ['<a href="https://evil.example/">Hamas</a>', "<b>Bold</b> <i>Envoy</i>"]


def test_markup_in_lane_names_is_drawn_as_text_and_makes_no_link(browser, tmp_path):
    from sample_events import sample_rows

    from pipeline.schema import conform

    rows = sample_rows()
    for n, row in enumerate(rows):
        row["actors"] = [LANE_MARKUP[n % 2]]
    env = dict(os.environ)
    env["TIMELINE_EVENTS"] = str(save_events(conform(rows), tmp_path / "events.parquet"))
    with streamlit_app(env) as base:
        page = open_page(browser, base)
        try:
            chart = '[data-testid="stPlotlyChart"] .main-svg'
            ticks = page.evaluate(
                f"[...document.querySelectorAll('{chart} .ytick text')].map(t => t.textContent)"
            )
            assert set(LANE_MARKUP) <= set(ticks), ticks  # the names, as written
            assert page.locator(f"{chart} a").count() == 0  # no link anywhere in the chart
            styled = page.evaluate(
                f"""[...document.querySelectorAll('{chart} .ytick tspan')]
                      .filter(t => /bold|italic/.test(t.getAttribute('style') || '')).length"""
            )
            assert styled == 0
        finally:
            page.close()


def fixture_server(tmp_path):
    env = dict(os.environ)
    env["TIMELINE_EVENTS"] = str(save_events(sample_events(), tmp_path / "events.parquet"))
    return streamlit_app(env)


@pytest.fixture(scope="module")
def fixture_base(tmp_path_factory):
    with fixture_server(tmp_path_factory.mktemp("fixture")) as base:
        yield base


def wait_drawn(page) -> None:
    page.wait_for_selector('[data-testid="stPlotlyChart"] .main-svg', timeout=RENDER_TIMEOUT_MS)
    page.wait_for_selector(
        '[data-testid="stStatusWidget"]', state="hidden", timeout=RENDER_TIMEOUT_MS
    )
    page.wait_for_timeout(300)


def in_viewport(page, selector: str) -> bool:
    return page.evaluate(
        """(selector) => { const e = document.querySelector(selector); if (!e) return false;
             const r = e.getBoundingClientRect();
             return r.top >= -2 && r.top < window.innerHeight && r.height > 0; }""",
        selector,
    )


SHARED_VIEW = "?actor=Steve%20Witkoff&precision=day&event=ev-witkoff-sharm"


def test_a_shared_address_with_an_event_opens_the_same_view_in_a_new_browser(fixture_base, browser):
    seen = []
    for _ in range(2):  # two contexts: nothing carried over but the address
        context = browser.new_context(viewport={"width": 1400, "height": 900})
        page = context.new_page()
        try:
            page.goto(fixture_base + "/" + SHARED_VIEW)
            wait_drawn(page)
            page.wait_for_function(
                "() => { const c = document.querySelector('.st-key-events-card-ev-witkoff-sharm');"
                " if (!c) return false; const r = c.getBoundingClientRect();"
                " return r.top >= -2 && r.top < window.innerHeight; }",
                timeout=30_000,
            )
            seen.append((headlines(page), page.url))
            page.screenshot(path=str(ARTIFACTS / "dashboard-shared-event.png"))
        finally:
            context.close()
    (first, url), (second, _) = seen
    assert (
        first == second
        and first[0] == "Steve Witkoff — arrive in Sharm El-Sheikh — Sharm El-Sheikh"
    )
    assert all("Steve Witkoff" in h for h in first)
    assert "event=ev-witkoff-sharm" in url and "precision=day" in url


def test_a_misspelt_actor_in_the_address_is_named_with_the_right_spelling(fixture_base, browser):
    page = browser.new_page(viewport={"width": 1400, "height": 1200})
    try:
        page.goto(fixture_base + "/?actor=Steve%20Witkof")
        wait_drawn(page)
        page.screenshot(path=str(ARTIFACTS / "dashboard-misspelt-actor.png"))
        assert "No actor called 'Steve Witkof' — did you mean Steve Witkoff?" in page.inner_text(
            "body"
        )
    finally:
        page.close()


def point_centres(page) -> list[tuple[float, float]]:
    """Centres of the timeline's marks drawn inside its plot area."""
    plot = page.locator('.st-key-timeline [data-testid="stPlotlyChart"] .nsewdrag').first
    plot = plot.bounding_box()
    centres = []
    for point in page.locator(
        '.st-key-timeline [data-testid="stPlotlyChart"] .scatterlayer .trace .point'
    ).all():
        box = point.bounding_box()
        if box and plot["x"] < box["x"] and box["x"] + box["width"] < plot["x"] + plot["width"]:
            centres.append((box["x"] + box["width"] / 2, box["y"] + box["height"] / 2))
    return centres


def test_a_click_on_a_point_scrolls_its_card_into_view(fixture_base, browser):
    page = browser.new_page(viewport={"width": 1400, "height": 900})
    try:
        page.goto(fixture_base)
        wait_drawn(page)
        page.locator(".st-key-timeline").scroll_into_view_if_needed()
        centre = point_centres(page)[0]
        page.mouse.move(*centre)
        page.wait_for_selector(".st-key-timeline .hoverlayer .hovertext", timeout=30_000)
        page.mouse.down()
        page.mouse.up()
        page.wait_for_function("location.search.includes('event=')", timeout=60_000)
        wait_drawn(page)
        event = page.url.split("event=", 1)[1].split("&", 1)[0]
        card = f".st-key-events-card-{event}"
        page.wait_for_function(
            f"() => {{ const c = document.querySelector('{card}'); if (!c) return false;"
            " const r = c.getBoundingClientRect(); return r.top >= -2 && r.top < innerHeight; }",
            timeout=30_000,
        )
        page.screenshot(path=str(ARTIFACTS / "dashboard-clicked-card.png"))
        assert in_viewport(page, card)
    finally:
        page.close()


def test_on_a_phone_the_chart_takes_the_width_and_a_tap_opens_a_card(fixture_base, browser):
    context = browser.new_context(
        viewport={"width": 390, "height": 844},
        is_mobile=True,
        has_touch=True,
        device_scale_factor=2,
    )
    page = context.new_page()
    try:
        page.goto(fixture_base)
        wait_drawn(page)
        plot = page.locator('.st-key-timeline [data-testid="stPlotlyChart"] .nsewdrag').first
        page.locator(".st-key-timeline").scroll_into_view_if_needed()
        assert plot.bounding_box()["width"] >= 0.8 * 390
        x, y = point_centres(page)[0]
        page.touchscreen.tap(x, y)  # the first tap shows the mark's label (see figures.py)
        page.wait_for_selector(".st-key-timeline .hoverlayer .hovertext", timeout=30_000)
        page.wait_for_timeout(1000)  # a second tap sooner would be a double tap: reset the view
        page.touchscreen.tap(x, y)  # the second opens its card
        page.wait_for_function("location.search.includes('event=')", timeout=60_000)
        wait_drawn(page)
        page.screenshot(path=str(ARTIFACTS / "dashboard-phone-tap.png"))
        assert "selected on the chart" in page.inner_text("body")
        event = page.evaluate("new URLSearchParams(location.search).get('event')")
        page.wait_for_function(
            "(sel) => { const c = document.querySelector(sel); if (!c) return false;"
            " const r = c.getBoundingClientRect(); return r.top >= -2 && r.top < innerHeight; }",
            arg=f".st-key-events-card-{event}",
            timeout=30_000,
        )
    finally:
        context.close()


CONTRAST = """
() => {
  const rgb = (c) => (c.match(/[\\d.]+/g) || []).slice(0, 3).map(Number);
  const lum = (c) => { const v = rgb(c).map(x => x / 255)
      .map(x => x <= 0.03928 ? x / 12.92 : Math.pow((x + 0.055) / 1.055, 2.4));
    return 0.2126 * v[0] + 0.7152 * v[1] + 0.0722 * v[2]; };
  const ratio = (c) => (1 + 0.05) / (lum(c) + 0.05);  // against the white plot
  const chart = document.querySelector('.st-key-timeline [data-testid="stPlotlyChart"]');
  const text = [...chart.querySelectorAll('.xtick text, .ytick text, .legendtext')]
    .map(t => [t.textContent, getComputedStyle(t).fill]);
  const marks = [];
  for (const p of chart.querySelectorAll('.scatterlayer .point')) {
    const style = getComputedStyle(p);
    const trace = Number(p.closest('.trace').style.opacity || 1);
    if (Number(style.opacity) === 0 || trace === 0) continue;  // hover targets, not drawn
    const filled = style.fill !== 'none' && Number(style.fillOpacity) > 0;
    const painted = filled ? style.fill : style.stroke;
    marks.push(['point', painted]);
  }
  for (const l of chart.querySelectorAll('.scatterlayer .js-line')) {
    marks.push(['line', getComputedStyle(l).stroke]);
  }
  const rated = (list) => list.map(([n, c]) => [n, c, ratio(c)]);
  return {text: rated(text), marks: rated(marks)};
}
"""


def test_the_charts_text_and_marks_stand_out_from_the_page(fixture_base, browser):
    page = browser.new_page(viewport={"width": 1400, "height": 1200})
    try:
        page.goto(fixture_base)
        wait_drawn(page)
        measured = page.evaluate(CONTRAST)
        assert measured["text"] and measured["marks"]
        low_text = [t for t in measured["text"] if t[2] < 4.5]
        low_marks = [m for m in measured["marks"] if m[2] < 3]
        assert not low_text, low_text
        assert not low_marks, low_marks
    finally:
        page.close()


def test_the_cards_are_reached_with_the_tab_key_and_named_for_screen_readers(fixture_base, browser):
    page = browser.new_page(viewport={"width": 1400, "height": 900})
    try:
        page.goto(fixture_base)
        wait_drawn(page)
        page.wait_for_function(
            f"() => [...document.querySelectorAll('{CARD}')].every(c => c.tabIndex === 0)",
            timeout=30_000,
        )
        page.locator(".st-key-downloads input").focus()  # the control just above the cards
        reached = []
        for _ in range(12):
            page.keyboard.press("Tab")
            label = page.evaluate(
                "() => document.activeElement.matches('[class*=\"st-key-events-card-\"]')"
                " ? document.activeElement.getAttribute('aria-label') : null"
            )
            if label:
                reached.append(label)
        assert len(reached) >= 2  # one card after another, each by its headline
        assert reached[0] == headlines(page)[0]
    finally:
        page.close()


STILL = ".st-key-still-of-timeline img"
BOX = """(selector) => { const e = document.querySelector(selector); if (!e) return null;
           const r = e.getBoundingClientRect(); return [r.top, r.left, r.width, r.height]; }"""
ON_TOP = """(selector) => { const r = document.querySelector(selector).getBoundingClientRect();
              const e = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
              return Boolean(e && e.closest('.st-key-still-of-timeline')); }"""


def settled(page, selector: str) -> list[float]:
    """The element's box once it has stayed put for half a second."""
    box = page.evaluate(BOX, selector)
    for _ in range(40):
        page.wait_for_timeout(500)
        again = page.evaluate(BOX, selector)
        if again == box:
            return box
        box = again
    return box


@pytest.mark.parametrize("width", [1400, 390])
def test_the_timeline_shows_as_a_picture_in_its_place_until_plotly_has_drawn_it(
    fixture_base, browser, width
):
    page = browser.new_page(viewport={"width": width, "height": 1800})
    held = []
    page.route("**/PlotlyChart*", lambda route: held.append(route))  # a slow network
    try:
        page.goto(fixture_base)
        page.wait_for_selector(STILL, timeout=RENDER_TIMEOUT_MS)
        page.wait_for_function(
            f"() => document.querySelector('{STILL}').naturalWidth > 0", timeout=30_000
        )
        page.wait_for_selector(".st-key-timeline", timeout=RENDER_TIMEOUT_MS)  # the chart's place
        page.wait_for_selector(
            '[data-testid="stApp"][data-test-script-state="notRunning"]', timeout=RENDER_TIMEOUT_MS
        )
        place = settled(page, ".st-key-timeline")  # lazily drawn elements above have their size
        assert not page.locator('.st-key-timeline [data-testid="stPlotlyChart"] .main-svg').count()
        picture = page.evaluate(BOX, STILL)
        assert picture == pytest.approx(place, abs=1)  # in the chart's place, at its size
        assert page.evaluate(ON_TOP, ".st-key-timeline")  # seen there, not the empty chart
        page.locator(STILL).scroll_into_view_if_needed()
        ARTIFACTS.mkdir(exist_ok=True)
        shot = page.locator(STILL).screenshot(path=str(ARTIFACTS / f"still-{width}.png"))
        from io import BytesIO

        from PIL import Image

        grey = Image.open(BytesIO(shot)).convert("L")
        dark = sum(1 for value in grey.tobytes() if value < 128)
        assert dark > 0.002 * grey.width * grey.height  # lanes, dates and marks, not a blank
        for route in held:
            route.continue_()
        page.unroute("**/PlotlyChart*")
        page.wait_for_selector(
            '.st-key-timeline [data-testid="stPlotlyChart"] .main-svg', timeout=RENDER_TIMEOUT_MS
        )
        page.wait_for_function(f"() => !document.querySelector('{STILL}').offsetParent")
        drawn = page.evaluate(BOX, '.st-key-timeline [data-testid="stPlotlyChart"] .main-svg')
        assert drawn[0] == pytest.approx(place[0], abs=1)  # the chart where the picture was
    finally:
        page.close()
