"""Timeline Desk: the page. It composes the pipeline's table with the dashboard's views.

Settings (environment variables):
  TIMELINE_EVENTS       Parquet event table to read (default data/events.parquet next to
                        this file); when absent, the table is built from data/articles/.
  TIMELINE_SPACY_MODEL  spaCy model used for that build (see pipeline/nlp.py).
"""

from __future__ import annotations

import os
from datetime import date
from pathlib import Path

import pandas as pd
import streamlit as st

from dashboard import downloads
from dashboard.cards import event_card
from dashboard.figures import DETAIL_LIMIT, LANE_BY, is_detailed, outside_view, timeline_figure
from dashboard.filters import (
    ANY_PRECISION,
    article_count,
    date_order,
    filter_events,
    in_date_order,
    selected_event_ids,
)
from dashboard.intake import combine
from dashboard.intake_view import added_events, intake_section
from dashboard.prepare import Catalogue, catalogue, prepare
from pipeline import nlp
from pipeline.build import load_or_build
from pipeline.schema import MODALITIES

ROOT = Path(__file__).resolve().parent
ARTICLES_DIR = ROOT / "data" / "articles"
MAX_CARDS = 25  # each card is a dozen elements: more would slow every rerun
MAX_TABLE_ROWS = 5_000
EAGER_DOWNLOADS = 5_000  # larger views are written only when the button is pressed
PRECISIONS = (ANY_PRECISION, "month", "week", "day", "time")
EARLIEST, LATEST = date(1, 1, 1), date(9999, 12, 31)


# What each mark means, above the chart so that no one needs the legend to read it.
MARKS_KEY = (
    "● happened on that day or at that time · ■ claimed · ◇ scheduled or expected · "
    "━ ━ a period: the article gave only the week, month or year (dotted when still to come) · "
    "┈┈┊ reported by: no date in the article, only that it had happened when published · "
    "red ring: the sources disagree on the date. Colours give the precision."
)


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
    model = None if Path(parquet).exists() else language_model(nlp.model_name())
    return prepare(load_or_build(parquet, articles, model=model))


@st.cache_resource(max_entries=4)
def table_catalogue(parquet: str, articles: str, freshness: float) -> Catalogue:
    return catalogue(event_table(parquet, articles, freshness))


def counts_line(listed: list[tuple[str, int]], top: int = 6) -> str:
    shown = " · ".join(f"{name} {count}" for name, count in listed[:top])
    return shown + (f" · +{len(listed) - top} more" if len(listed) > top else "")


st.set_page_config(page_title="Timeline Desk", page_icon="🗓️", layout="wide")
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
added = added_events()
events = combine(base, added)
offered = catalogue(events) if added else table_catalogue(*source)
articles = offered.articles

with st.sidebar:
    st.header("Filters")
    st.caption("Every filter is kept in the address: copy it to share this view.")
    chosen_actors = st.multiselect(
        "Actor",
        [name for name, _ in offered.actors],
        key="actor",
        bind="query-params",
        placeholder="All actors",
    )
    st.text(counts_line(offered.actors))
    chosen_venues = st.multiselect(
        "Venue",
        [name for name, _ in offered.venues],
        key="venue",
        bind="query-params",
        placeholder="All venues",
    )
    st.text(counts_line(offered.venues))
    left, right = st.columns(2)
    start = left.date_input(
        "From", value=None, min_value=EARLIEST, max_value=LATEST, key="start", bind="query-params"
    )
    end = right.date_input(
        "Until", value=None, min_value=EARLIEST, max_value=LATEST, key="end", bind="query-params"
    )
    chosen_articles = st.multiselect(
        "Outlet and article",
        list(articles),
        key="article",
        bind="query-params",
        placeholder="All articles",
    )
    chosen_modalities = st.multiselect(
        "Modality",
        list(MODALITIES),
        key="modality",
        bind="query-params",
        placeholder="Happened, scheduled, expected, claimed",
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

shown = filter_events(
    events,
    actors=chosen_actors,
    venues=chosen_venues,
    start=start,
    end=end,
    articles=[articles[label] for label in chosen_articles if label in articles],
    modalities=chosen_modalities,
    precision=precision,
    text=text,
)
order = date_order(shown)  # the cards, the table and the downloads list events by date
sources = article_count(shown)
st.markdown(
    f"**{len(shown)}** {plural(len(shown), 'event')} from **{sources}** "
    f"{plural(sources, 'article')}"
)
if events.empty:
    st.info("The event table is empty: no events were read from the articles in data/articles/.")

lane_by = st.radio("Lanes by", list(LANE_BY), key="lanes", bind="query-params", horizontal=True)
chart_tab, table_tab = st.tabs(["Timeline", "Table"])
with chart_tab:
    st.caption(MARKS_KEY)
    figure = timeline_figure(shown, lane_by=lane_by)
    chart = st.plotly_chart(
        figure,
        on_select="rerun",
        selection_mode=("points", "box", "lasso"),
        key="timeline",
        config={"displaylogo": False},
        theme=None,  # the figure's own colours: Streamlit's theme greys the text below 4.5:1
    )
    notes = []
    if not is_detailed(shown):
        notes.append(
            f"Over {DETAIL_LIMIT:,} dated events: each is a bare mark, without hover or clicking; "
            "narrow the filters for details, or select rows in the Table."
        )
    hidden = outside_view(figure, shown)
    if hidden:
        notes.append(
            f"{hidden} {plural(hidden, 'event')} outside this view; zoom out (autoscale button) "
            "to see them."
        )
    undated = int((shown["start"].isna() & shown["end"].isna()).sum())
    if undated:
        notes.append(f"{undated} {plural(undated, 'event')} without a date, listed below only.")
    st.caption(" ".join(notes))
with table_tab:
    listed = shown.loc[order[:MAX_TABLE_ROWS]]
    grid = st.dataframe(
        listed[["when", "granularity", "headline", "modality", "outlet", "conflict"]].reset_index(
            drop=True
        ),
        on_select="rerun",
        selection_mode="multi-row",
        key="table",
        hide_index=True,
        column_config={
            "when": "Date",
            "granularity": "Precision",
            "headline": "Event",
            "conflict": "Disputed",
        },
    )
    st.caption(
        "Select rows to open their cards."
        + (
            f" First {MAX_TABLE_ROWS:,} of {len(shown):,} events."
            if len(shown) > MAX_TABLE_ROWS
            else ""
        )
    )

picked = selected_event_ids(chart)
rows = list(getattr(getattr(grid, "selection", None), "rows", None) or [])
picked += [listed["event_id"].iloc[i] for i in rows if i < len(listed)]
chosen = shown[shown["event_id"].isin(picked)] if picked else shown.iloc[:0]
if len(chosen):
    shown_cards = in_date_order(chosen)
    st.info(
        f"Showing the {len(shown_cards)} {plural(len(shown_cards), 'event')} selected on the "
        "chart or in the table. Double-click the chart or clear the table selection to see all."
    )
else:
    shown_cards = shown.loc[order[:MAX_CARDS]]

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
            write(shown.loc[order])
            if len(shown) <= EAGER_DOWNLOADS
            else (lambda w=write, s=shown, o=order: w(s.loc[o]))
        )
        cell.download_button(
            label, data, file_name=f"timeline.{suffix}", mime=mime, key=f"download-{suffix}"
        )

names = {article: label for label, article in articles.items()}
for _, event in shown_cards.head(MAX_CARDS).iterrows():
    event_card(event, key="events", articles=names)
cards_of = len(shown_cards) if len(chosen) else len(shown)
if cards_of > MAX_CARDS:
    st.caption(
        f"Showing the first {MAX_CARDS} of {cards_of} events; narrow the filters or select events "
        "to see others."
    )

st.divider()
st.subheader("Add your own articles")
intake_section(load_model=lambda: language_model(nlp.model_name()))
