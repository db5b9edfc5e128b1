"""Timeline Desk: the page. It composes the pipeline's table with the dashboard's views.

Settings (environment variables):
  TIMELINE_EVENTS       Parquet event table to read (default data/events.parquet next to
                        this file); when absent, the table is built from data/articles/
                        and kept in data/samples-cache/ until an article or the pipeline
                        changes (dashboard/stored.py).
  TIMELINE_ARTICLES     The articles folder (default data/articles/ next to this file): what
                        that build reads, and where a local reader's own articles are saved.
  TIMELINE_SPACY_MODEL  spaCy model used for that build (see pipeline/nlp.py).
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import TypeVar

import pandas as pd
import streamlit as st
from streamlit.delta_generator import DeltaGenerator

from dashboard import downloads
from dashboard.cards import card_key, cards_reachable, event_card, scroll_to_card
from dashboard.choices import (
    MAX_OPTIONS,
    Choice,
    bounded,
    key_view,
    narrowed,
    newest_first,
    unmatched,
    why_empty,
)
from dashboard.figures import (
    DENSITY_FROM,
    DETAIL_LIMIT,
    LANE_BY,
    is_counted,
    is_detailed,
)
from dashboard.filters import ANY_PRECISION, article_count, selected_event_ids
from dashboard.intake_view import added_events, own_articles_section
from dashboard.listing import TABLE_HEADINGS, table_view
from dashboard.places import picked_venues, unplaced_venues, venue_map, venue_points
from dashboard.prepare import Catalogue, catalogue, page_table, prepare, whole_rows
from dashboard.pulse import brushed_range
from dashboard.still import STILL_CSS, as_markdown, still_svg
from dashboard.stored import stored_or_built
from dashboard.timing import RunTimer
from dashboard.together import co_occurrence
from dashboard.view import view_of
from pipeline import nlp
from pipeline.schema import MODALITIES

ROOT = Path(__file__).resolve().parent
T = TypeVar("T")
ARTICLES_DIR = Path(os.environ.get("TIMELINE_ARTICLES") or ROOT / "data" / "articles")
MAX_CARDS = 25  # each card is a dozen elements: more would slow every rerun
TABLE_PAGE = 500  # rows the Table sends at a time: the grid's browser cost grows with each row
EAGER_DOWNLOADS = 5_000  # larger views are written only when the button is pressed
PRECISIONS = (ANY_PRECISION, "month", "week", "day", "time")
EARLIEST, LATEST = date(1, 1, 1), date(9999, 12, 31)
# The address keys read back as the reader sent them (see the notices below), and what
# "Clear filters" sets every filter to.
ADDRESS_KEYS = (
    "actor",
    "venue",
    "article",
    "modality",
    "precision",
    "start",
    "end",
    "q",
    "view_from",
    "view_to",
)
ASKED_KEY, NOTICES_KEY, PICKED_KEY = "address-asked", "address-notices", "picked-event"
PICTURED_KEY = "charts-pictured"  # this session's first run has sent the charts' pictures
TABLE_PICKS_KEY = "table-picks"  # the events picked in the Table, kept while its tab is closed
TABS = ("Timeline", "Table", "Map of venues", "Who appears with whom")
CLEARED: dict[str, object] = {
    "actor": [],
    "venue": [],
    "start": None,
    "end": None,
    "article": [],
    "modality": [],
    "precision": ANY_PRECISION,
    "q": "",
    "view_from": None,
    "view_to": None,
}
TABLE_COLUMNS = {
    name: st.column_config.DatetimeColumn(heading, format="D MMM YYYY, HH:mm")
    if name == "at"
    else heading
    for name, heading in TABLE_HEADINGS.items()
}


# What each mark means, above the chart so that no one needs the legend to read it.
MARKS_KEY = (
    "● happened on that day or at that time · ■ claimed · ◇ scheduled or expected · "
    "━ ━ a period: the article gave only the week, month or year (dotted when still to come) · "
    "┈┈┊ reported by: no date in the article, only that it had happened when published · "
    "red ring: the sources disagree on the date. Colours give the precision."
)


@contextmanager
def framed(name: str, still: str | None) -> Iterator[None]:
    """A chart drawn within the frame of its still picture, which covers the chart's place
    until Plotly has drawn it: a first visit sees the timeline without waiting for Plotly's
    script (dashboard/still.py). The picture is an image: its words are text, never markup;
    its alt text is the page's own, and the chart in words is written below the chart."""
    with st.container(key=f"still-frame-{name}"):
        if still:
            with st.container(key=f"still-of-{name}"):
                st.markdown(as_markdown(still, chart=name))
        yield


def plural(count: int, word: str) -> str:
    return word if count == 1 else word + "s"


def events_path() -> Path:
    return Path(os.environ.get("TIMELINE_EVENTS") or ROOT / "data" / "events.parquet")


@st.cache_resource(show_spinner="Loading the language model…")
def language_model(name: str):
    return nlp.load(name)


def _freshness(parquet: Path, articles: Path) -> float:
    """Changes whenever the inputs change, so a rebuilt table or a new article is picked up."""
    paths = [parquet] if parquet.exists() else list(articles.glob("*")) if articles.exists() else []
    return max((p.stat().st_mtime for p in paths), default=0.0)


@st.cache_resource(show_spinner="Reading the articles and building the timeline…", max_entries=4)
def event_table(parquet: str, articles: str, freshness: float) -> pd.DataFrame:
    """The table with its view columns, shared read-only by every session: a copy per rerun
    (st.cache_data) would cost more than the rerun itself on a large table."""
    if Path(parquet).exists():
        return page_table(parquet)  # the columns the views read; a card reads its whole row
    # No table file: the articles folder's table, stored once built (dashboard/stored.py).
    name = nlp.model_name()
    return prepare(stored_or_built(Path(articles), name, lambda: language_model(name)))


@st.cache_resource(max_entries=1, show_spinner="Reading the whole table…")
def whole_table(parquet: str, articles: str, freshness: float) -> pd.DataFrame:
    """Every column of every row, which joining a reader's own articles needs: read once,
    not on every rerun (a card reads only its own row)."""
    return whole_rows(event_table(parquet, articles, freshness), parquet)


@st.cache_resource(max_entries=4)
def table_catalogue(parquet: str, articles: str, freshness: float) -> Catalogue:
    return catalogue(event_table(parquet, articles, freshness))


@st.cache_resource(max_entries=64, show_spinner=False)
def shared_by_state(state: tuple, _compute: Callable[[], T]) -> T:
    """One result per filter state, shared by every session and never copied (st.cache_data
    would copy a 100,000-row slice on every hit): what it holds is only ever read. The state
    names the table (its path and freshness), so a rebuilt table starts afresh."""
    return _compute()


# What holds a mask or places over the rows (a selection, a view of it, with its figure): a
# few megabytes each at a million events, so only the last few states keep theirs; the small
# results (option lists, counts) stay in the 64 above.
HOLDS_ROWS = frozenset({"shown", "view"})


@st.cache_resource(max_entries=4, show_spinner=False)
def shared_rows_by_state(state: tuple, _compute: Callable[[], T]) -> T:
    """`shared_by_state` for the results that hold rows (HOLDS_ROWS)."""
    return _compute()


def counts_line(listed: list[tuple[str, int]], top: int = 6, width: int | None = None) -> str:
    """The first `top` names with their counts; each name cut to `width` characters if given."""

    def cut(name: str) -> str:
        return name if width is None or len(name) <= width else name[: width - 1] + "…"

    shown = " · ".join(f"{cut(name)} {count}" for name, count in listed[:top])
    return shown + (f" · +{len(listed) - top} more" if len(listed) > top else "")


timer = RunTimer()
# A Material icon, not an emoji: checking an emoji loads Streamlit's whole emoji catalogue, a
# tenth of a second or more of a fresh server's first visit.
st.set_page_config(page_title="Timeline Desk", page_icon=":material/calendar_month:", layout="wide")
st.html(STILL_CSS)  # the charts' still pictures give way once Plotly has drawn (dashboard/still.py)
st.title("Timeline Desk")
st.caption(
    "Who did what, where and when, as reported in the articles — with the evidence for every date."
)

parquet = events_path()
source = (str(parquet), str(ARTICLES_DIR), _freshness(parquet, ARTICLES_DIR))
try:
    base = event_table(*source)
except nlp.ModelMissing as err:
    st.error(str(err))
    st.stop()
timer.lap("table")
added = added_events()
details = str(parquet) if parquet.exists() else None  # where a row's whole record is read
# A reader's own articles join the whole table, as a build would join them.
if added:
    from dashboard.intake import combine  # with the readers of articles: only once there are some

    events = combine(whole_table(*source), added)
else:
    events = base
offered = catalogue(events) if added else table_catalogue(*source)
articles = offered.articles

timer.lap("catalogue")
# What the address asked for, read before the widgets drop values that match nothing: the
# first run of a session keeps it, so a notice can name each value that did not apply.
if ASKED_KEY not in st.session_state:
    st.session_state[ASKED_KEY] = {key: st.query_params.get_all(key) for key in ADDRESS_KEYS}
asked: dict[str, list[str]] = st.session_state[ASKED_KEY]
if NOTICES_KEY not in st.session_state:
    st.session_state[NOTICES_KEY] = [
        *unmatched("actor", asked["actor"], [name for name, _ in offered.actors]),
        *unmatched("venue", asked["venue"], [name for name, _ in offered.venues]),
        *unmatched("article", asked["article"], list(articles)),
        *unmatched("modality", asked["modality"], list(MODALITIES)),
        *unmatched("precision", asked["precision"], list(PRECISIONS)),
    ]


def current(key: str, default):
    """A filter's value before its widget is drawn: this session's, else the address's."""
    if key in st.session_state:
        return st.session_state[key]
    valid = asked.get(key) or []
    return valid if isinstance(default, list) else (valid[0] if valid else default)


def as_date(value) -> date | None:
    """A date widget's value, or the address's text for it before the widget has read it."""
    if value is None or isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value))
    except ValueError:
        return None


def brush_to_range() -> None:
    """A stretch brushed on the pulse becomes the visible range (and so the address's)."""
    brushed = brushed_range(st.session_state.get("pulse"))
    if brushed:
        st.session_state["view_from"], st.session_state["view_to"] = brushed


def reset_range() -> None:
    st.session_state["view_from"] = st.session_state["view_to"] = None


def map_to_venues() -> None:
    picked = picked_venues(st.session_state.get("venue-map"))
    if picked:
        st.session_state["venue"] = sorted(set(picked))


def clear_filters() -> None:
    for key, value in CLEARED.items():
        st.session_state[key] = value
    st.session_state[NOTICES_KEY] = []


timer.lap("address")
everything = st.toggle(
    "Every event",
    key="all",
    bind="query-params",
    help="Off: the key events, the salient happenings an editor would lead with. "
    "On: every event read, reports and background included.",
)
# Judged on the loaded table: an added article alone does not turn a table without key
# events into a view of that article.
has_key_events = bool(base["key_event"].astype(bool).any()) if len(base) else False
pool = events if everything or not has_key_events else key_view(events, added)


def for_state(name: str, *state, compute: Callable[[], T]) -> T:
    """`compute()`, kept per filter state for every session when the table is the loaded one
    alone: a reader's own articles make a table no one else sees, worked out afresh."""
    if added:
        return compute()
    shared = shared_rows_by_state if name in HOLDS_ROWS else shared_by_state
    return shared((name, source, everything, has_key_events, *state), compute)


names = {article: label for label, article in articles.items()}  # id -> "Outlet: Title"
known_actors = {name for name, _ in offered.actors}
known_venues = {name for name, _ in offered.venues}
before = Choice(
    actors=tuple(v for v in current("actor", []) if v in known_actors),
    venues=tuple(v for v in current("venue", []) if v in known_venues),
    start=as_date(current("start", None)),
    end=as_date(current("end", None)),
    articles=tuple(articles[a] for a in current("article", []) if a in articles),
    modalities=tuple(current("modality", [])),
    precision=current("precision", ANY_PRECISION),
    text=current("q", ""),
)

with st.sidebar:
    st.header("Filters")
    st.caption(
        "Every filter, the visible range and the open event are kept in the address: copy it "
        "to share this view. Counts are of the events the other filters leave; each list "
        f"offers the {MAX_OPTIONS} with most events, narrow the others to reach the rest."
    )
    # The address holds an option as its label, so the counts go on a line beneath, not in it.
    # Each list is kept per the other filters' state, the only one it depends on: picking an
    # actor leaves the actor list as it was.
    actor_options = (
        offered.actors  # nothing else narrows them: the table's own list, counted once
        if pool is events and not before.without("actors").active()
        else for_state(
            "actors",
            repr(before.without("actors")),
            compute=lambda: narrowed(pool, before, "actors"),
        )
    )
    chosen_actors = st.multiselect(
        "Actor",
        bounded(actor_options, before.actors),
        key="actor",
        bind="query-params",
        placeholder="All actors",
        select_all=False,
    )
    st.text(counts_line(actor_options))
    venue_choice = replace(before, actors=tuple(chosen_actors))
    venue_options = (
        offered.venues
        if pool is events and not venue_choice.without("venues").active()
        else for_state(
            "venues",
            repr(venue_choice.without("venues")),
            compute=lambda: narrowed(pool, venue_choice, "venues"),
        )
    )
    chosen_venues = st.multiselect(
        "Venue",
        bounded(venue_options, before.venues),
        key="venue",
        bind="query-params",
        placeholder="All venues",
        select_all=False,
    )
    st.text(counts_line(venue_options))
    left, right = st.columns(2)
    start = left.date_input(
        "From", value=None, min_value=EARLIEST, max_value=LATEST, key="start", bind="query-params"
    )
    end = right.date_input(
        "Until", value=None, min_value=EARLIEST, max_value=LATEST, key="end", bind="query-params"
    )
    article_choice = replace(venue_choice, venues=tuple(chosen_venues))
    article_options = [
        (names[article], count)
        for article, count in for_state(
            "articles",
            repr(article_choice.without("articles")),
            compute=lambda: narrowed(pool, article_choice, "articles"),
        )
        if article in names
    ]
    chosen_articles = st.multiselect(
        "Outlet and article",
        bounded(article_options, current("article", [])),
        key="article",
        bind="query-params",
        placeholder="All articles",
        select_all=False,
    )
    st.text(counts_line(article_options, top=3, width=28))  # titles run long
    chosen_modalities = st.multiselect(
        "Modality",
        list(MODALITIES),
        key="modality",
        bind="query-params",
        placeholder="Happened, scheduled, expected, claimed",
        select_all=False,
    )
    precision = st.selectbox(
        "Vaguest date shown",
        PRECISIONS,
        key="precision",
        bind="query-params",
        help="'week' hides month-level and vaguer dates; 'day' keeps only days and clock times.",
    )
    text = st.text_input(
        "Search the sentences", key="q", bind="query-params", placeholder="words, all must appear"
    )
    st.button("Clear filters", key="clear-sidebar", on_click=clear_filters)

timer.lap("filters")
choice = Choice(
    actors=tuple(chosen_actors),
    venues=tuple(chosen_venues),
    start=start,
    end=end,
    articles=tuple(articles[label] for label in chosen_articles if label in articles),
    modalities=tuple(chosen_modalities),
    precision=precision,
    text=text,
)
# The rows kept, held as a mask over the table: a view gathers only the rows it shows.
shown = for_state("shown", repr(choice), compute=lambda: choice.select(pool))
sources = for_state("sources", repr(choice), compute=lambda: article_count(shown.table, shown.keep))
st.markdown(
    f"**{len(shown)}** {plural(len(shown), 'event')} from **{sources}** "
    f"{plural(sources, 'article')}"
    + ("" if everything or not has_key_events else " — the key events")
)
if not everything and not has_key_events and len(events):
    st.caption("No event of this table is marked as a key event yet: showing every event.")
for notice in st.session_state[NOTICES_KEY]:
    st.warning(notice.text(), icon="🔎")  # the value came from the address: see Notice.text
if events.empty:
    st.info("The event table is empty: no events were read from the articles in data/articles/.")
elif shown.empty:
    with st.container(border=True, key="empty-view"):
        st.text(why_empty(pool, choice).text())
        if not everything and has_key_events and len(choice.select(events)):
            st.text(f"{len(choice.select(events))} of every event match: switch on 'Every event'.")
        st.button("Clear filters", key="clear-empty", on_click=clear_filters)

timer.lap("count and notices")
lane_by = st.radio("Lanes by", list(LANE_BY), key="lanes", bind="query-params", horizontal=True)
with st.expander("Visible range", expanded=bool(asked["view_from"] or asked["view_to"])):
    left, right = st.columns(2)
    view_from = left.date_input(
        "Shown from",
        value=None,
        min_value=EARLIEST,
        max_value=LATEST,
        key="view_from",
        bind="query-params",
        help="Empty: from the start of the busiest stretch of the events shown.",
    )
    view_to = right.date_input(
        "Shown until",
        value=None,
        min_value=EARLIEST,
        max_value=LATEST,
        key="view_to",
        bind="query-params",
        help="Empty: to the end of the busiest stretch.",
    )
timer.lap("lanes and range widgets")
view = for_state(
    "view",
    repr(choice),
    lane_by,
    view_from,
    view_to,
    compute=lambda: view_of(shown, lane_by=lane_by, view_from=view_from, view_to=view_to),
)
figure, counts = view.figure, view.counts
# A session's first run sends each chart's still picture, drawn from the same figure, and
# draws the charts themselves last of all (see the end of the page): the browser shows the
# whole page with its pictures, and has its script's run finished, before it starts on
# Plotly's script, which holds its only thread for seconds (dashboard/still.py). Later runs
# find Plotly loaded and send no picture: a still of thousands of marks would be hundreds of
# kilobytes on every filter change.
pictures = not st.session_state.get(PICTURED_KEY)
st.session_state[PICTURED_KEY] = True
timeline_still = (
    for_state(
        "timeline still",
        repr(choice),
        lane_by,
        view_from,
        view_to,
        compute=lambda: still_svg(view.figure),
    )
    if pictures
    else None
)
pulse_still = (
    for_state(
        "pulse still", repr(choice), lane_by, compute=lambda: still_svg(view.pulse, legend=False)
    )
    if pictures and view.pulse is not None
    else None
)
charts: list[tuple[DeltaGenerator, Callable[[DeltaGenerator], object]]] = []  # drawn last
timer.lap("figure")
if view.pulse is not None:
    pulse_alt = (
        f"Bar chart of the number of events per {counts['step'].iloc[0]}; the same counts are "
        "in the Table tab."
    )
    st.caption(f"Events per {counts['step'].iloc[0]}: drag across the bars to show that stretch.")
    with framed("pulse", pulse_still):
        charts.append(
            (
                st.empty(),
                lambda place: place.plotly_chart(
                    view.pulse,
                    key="pulse",
                    on_select=brush_to_range,
                    selection_mode=("box",),
                    config={"displaylogo": False, "modeBarButtonsToRemove": ["lasso2d"]},
                    theme=None,
                    alt=pulse_alt,
                ),
            )
        )
if st.session_state.get("view_from") or st.session_state.get("view_to"):
    st.button("Show the busiest stretch again", key="reset-range", on_click=reset_range)

timer.lap("pulse")
# Only the open tab's view is worked out and sent: the map's and the grid's scripts are
# megabytes a first visit need not download. The timeline is drawn whichever tab is open,
# so a point picked on it stays picked while the reader looks at another tab.
chart_tab, table_tab, map_tab, together_tab = st.tabs(list(TABS), key="view", bind="query-params")
with chart_tab:
    st.markdown(MARKS_KEY)  # in the page's text colour, not a caption's lighter grey
    with framed("timeline", timeline_still):
        charts.append(
            (
                st.empty(),
                lambda place: place.plotly_chart(
                    figure,
                    on_select="rerun",
                    selection_mode=("points", "box", "lasso"),
                    key="timeline",
                    config={"displaylogo": False},
                    # the figure's own colours: Streamlit's theme greys the text below 4.5:1
                    theme=None,
                    alt=view.summary,
                ),
            )
        )
    notes = []
    dated = shown.rows(["start"])  # the one column the notes below read
    if is_counted(dated):
        notes.append(
            f"Over {DENSITY_FROM:,} dated events: the chart counts them per lane and stretch of "
            "time (darker holds more); narrow the filters to see each event, or select rows in "
            "the Table."
        )
    elif not is_detailed(dated):
        notes.append(
            f"Over {DETAIL_LIMIT:,} dated events: each is a bare mark, without hover or clicking; "
            "narrow the filters for details, or select rows in the Table."
        )
    hidden = view.hidden
    if hidden:
        notes.append(
            f"{hidden} {plural(hidden, 'event')} outside this view; widen the visible range "
            "to list them."
        )
    undated = len(view.undated_places)
    if undated:
        notes.append(f"{undated} {plural(undated, 'event')} without a date, listed last.")
    st.caption(" ".join(notes))
    st.text(view.summary)
timer.lap("chart")
listed_of = view.listed
if table_tab.open:
    with table_tab:
        # A page of rows at a time, newest first; the whole view is in the downloads below.
        pages = max(1, -(-listed_of // TABLE_PAGE))
        page = (
            st.number_input(
                f"Page, of {pages:,}", min_value=1, max_value=pages, step=1, key="table-page"
            )
            if pages > 1
            else 1
        )
        first = (min(int(page), pages) - 1) * TABLE_PAGE
        listed = view.rows(first, first + TABLE_PAGE)
        # The rows picked before the tab was last closed are picked again: the cards below
        # still show them, and the grid should say so.
        kept = set(st.session_state.get(TABLE_PICKS_KEY, []))
        again = [i for i, event_id in enumerate(listed["event_id"]) if event_id in kept]
        grid = st.dataframe(
            table_view(listed),
            on_select="rerun",
            selection_mode="multi-row",
            key="table",
            hide_index=True,
            column_config=TABLE_COLUMNS,
            selection_default={"selection": {"rows": again}} if again else None,
        )
        st.caption(
            "The visible range, newest first; click a column's name to sort this page by it. "
            "Select rows to open their cards."
            + (
                f" Events {first + 1:,} to {first + len(listed):,} of {listed_of:,}: the "
                "downloads below hold them all."
                if pages > 1
                else ""
            )
        )
    rows = list(getattr(getattr(grid, "selection", None), "rows", None) or [])
    st.session_state[TABLE_PICKS_KEY] = [
        listed["event_id"].iloc[i] for i in rows if i < len(listed)
    ]
timer.lap("table view")
if map_tab.open:
    with map_tab:
        in_view = view.in_view  # gathered whole only for the tabs that read every row
        points = venue_points(in_view)
        if len(points):
            st.pydeck_chart(
                venue_map(points),
                key="venue-map",
                on_select=map_to_venues,
                selection_mode="multi-object",
                height=420,
                alt=f"Map of {len(points)} venues of the events in view; pick dots to filter by "
                "them.",
            )
            st.caption("Pick a venue's dot to keep only its events (the Venue filter).")
        else:
            st.caption("No venue of the events in view has coordinates.")
        unplaced = unplaced_venues(in_view)
        if unplaced:
            st.text("Without coordinates (countries, unknown places): " + counts_line(unplaced))
timer.lap("map")
if together_tab.open:
    with together_tab:
        pairs = co_occurrence(view.in_view)
        if len(pairs):
            st.caption("Pairs of actors named in the same events in view, most shared first.")
            st.dataframe(
                pairs,
                hide_index=True,
                key="together",
                column_config={"actor": "Actor", "with": "With", "events": "Events together"},
            )
        else:
            st.caption("No event in view names two actors.")
timer.lap("co-occurrence")

# The points picked on the timeline, as the browser sent them: the chart is drawn at the end.
picked = selected_event_ids(st.session_state.get("timeline")) + list(
    st.session_state.get(TABLE_PICKS_KEY, [])
)
linked = st.query_params.get("event")
if len(picked) == 1:
    # One event picked: its link goes in the address, so copying it shares this card.
    st.query_params["event"] = linked = picked[0]
    st.session_state[PICKED_KEY] = linked
elif not picked and linked and st.session_state.get(PICKED_KEY) == linked:
    # The pick that put it there was cleared: so is the link (one from outside stays).
    del st.query_params["event"]
    st.session_state.pop(PICKED_KEY)
    linked = None
if linked and not events["event_id"].eq(linked).any():
    st.warning(f"No event with the id '{linked}' in this table.", icon="🔎")
    linked = None
chosen = shown.with_ids(picked)
opened = events[events["event_id"] == linked] if linked else events.iloc[:0]
if len(chosen):
    shown_cards = newest_first(chosen)
    cards_of = len(shown_cards)
    st.info(
        f"Showing the {len(shown_cards)} {plural(len(shown_cards), 'event')} selected on the "
        "chart or in the table. Double-click the chart or clear the table selection to see all."
    )
else:
    # Only the rows a card is drawn for are gathered: the view can hold 100,000.
    shown_cards = view.rows(0, MAX_CARDS + 1)
    cards_of = listed_of
if len(opened):
    listed_here = (
        chosen["event_id"].eq(str(linked)).any() if len(chosen) else view.lists(str(linked))
    )
    if not listed_here:
        cards_of += 1  # the opened card comes on top
    shown_cards = pd.concat([opened, shown_cards[shown_cards["event_id"] != linked]])

timer.lap("selection")
if st.toggle(
    f"Download these {len(shown)} {plural(len(shown), 'event')} (CSV, JSON, iCalendar)",
    key="downloads",
):
    # Written only on request: on a large view they cost more than the rest of the page.
    files = (
        ("CSV", downloads.to_csv, "csv", "text/csv"),
        ("JSON", downloads.to_json, "json", "application/json"),
        ("iCalendar (.ics)", downloads.to_ics, "ics", "text/calendar"),
    )
    cells = st.columns(len(files))
    for cell, (label, write, suffix, mime) in zip(cells, files, strict=True):
        data = (
            write(whole_rows(newest_first(shown.rows()), details))
            if len(shown) <= EAGER_DOWNLOADS
            else (lambda w=write, s=shown: w(whole_rows(newest_first(s.rows()), details)))
        )
        cell.download_button(
            label, data, file_name=f"timeline.{suffix}", mime=mime, key=f"download-{suffix}"
        )

timer.lap("downloads")
st.subheader("Events in view, newest first")
carded = shown_cards.head(MAX_CARDS)
# A card's whole row is read from the table file: its row groups, a few tenths of a second on a
# large table. Readers who open the same view (the page's opening one, most of all) share them.
card_rows = for_state(
    "cards",
    tuple(carded["event_id"]),
    compute=lambda: whole_rows(carded, details),
)
for _, event in card_rows.iterrows():
    event_card(event, key="events", articles=names)
cards_reachable("events")
if len(opened):
    scroll_to_card(card_key(str(linked), key="events"))
if cards_of > MAX_CARDS:
    st.caption(
        f"Showing the first {MAX_CARDS} of {cards_of} events; narrow the filters or select events "
        "to see others."
    )

timer.lap("cards")
own_articles_section(load_model=lambda: language_model(nlp.model_name()), articles_dir=ARTICLES_DIR)
timer.lap("add your own")
for place, draw in charts:
    draw(place)
timer.lap("charts")
timer.write()
