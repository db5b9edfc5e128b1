"""Timeline Desk: the page. It composes the pipeline's table with the dashboard's views.

Settings (environment variables):
  TIMELINE_EVENTS       Parquet event table to read (default data/events.parquet next to
                        this file); when absent, the table is built from data/articles/.
  TIMELINE_SPACY_MODEL  spaCy model used for that build (see pipeline/nlp.py).
"""

from __future__ import annotations

import os
from pathlib import Path

import streamlit as st

from dashboard.cards import event_card
from dashboard.figures import outside_view, timeline_figure
from dashboard.filters import (
    ACTORS, VENUE, article_count, filter_events, in_date_order, local_span, options,
    selected_event_ids,
)
from pipeline import nlp
from pipeline.build import load_or_build

ROOT = Path(__file__).resolve().parent
ARTICLES_DIR = ROOT / "data" / "articles"
MAX_CARDS = 200


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


@st.cache_data(show_spinner="Reading the articles and building the timeline…")
def event_table(parquet: str, articles: str, freshness: float):
    """The table, built only when no saved one exists: a build needs the model, a read does not."""
    model = None if Path(parquet).exists() else language_model(nlp.model_name())
    return load_or_build(parquet, articles, model=model)


st.set_page_config(page_title="Timeline Desk", page_icon="🗓️", layout="wide")
st.title("Timeline Desk")
st.caption("Who did what, where and when, as reported in the articles — with the evidence for every date.")

parquet = events_path()
try:
    events = event_table(str(parquet), str(ARTICLES_DIR), _freshness(parquet, ARTICLES_DIR))
except nlp.ModelMissing as err:
    st.error(str(err))
    st.stop()

left, right = st.columns(2)
with left:
    chosen_actors = st.multiselect(
        "Actor", [name for name, _ in options(events, ACTORS)], key="actor", bind="query-params",
        placeholder="All actors",
    )
with right:
    chosen_venues = st.multiselect(
        "Venue", [name for name, _ in options(events, VENUE)], key="venue", bind="query-params",
        placeholder="All venues",
    )

shown = in_date_order(filter_events(events, actors=chosen_actors, venues=chosen_venues))
st.markdown(f"**{len(shown)}** {plural(len(shown), 'event')} from **{article_count(shown)}** {plural(article_count(shown), 'article')}")
if events.empty:
    st.info("The event table is empty: no events were read from the articles in data/articles/.")

figure = timeline_figure(shown)
chart = st.plotly_chart(
    figure, on_select="rerun", selection_mode=("points", "box", "lasso"), key="timeline",
    config={"displaylogo": False},
)
notes = []
hidden = outside_view(figure, shown)
if hidden:
    notes.append(f"{hidden} {plural(hidden, 'event')} outside this view; zoom out (autoscale button) to see them.")
undated = int(shown["start"].isna().sum())
if undated:
    notes.append(f"{undated} {plural(undated, 'event')} without a date, listed below only.")
if notes:
    st.caption(" ".join(notes))

picked = [i for i in selected_event_ids(chart) if i in set(shown["event_id"])]
if picked:
    shown = shown[shown["event_id"].isin(picked)]
    st.info(f"Showing the {len(shown)} events selected on the chart. Double-click the chart to clear.")

spans = local_span(shown)
for (_, event), (_, span) in zip(shown.head(MAX_CARDS).iterrows(), spans.head(MAX_CARDS).iterrows()):
    event_card(event, span["local_start"], span["local_end"], key="events")
if len(shown) > MAX_CARDS:
    st.caption(f"Showing the first {MAX_CARDS} of {len(shown)} events; narrow the filters to see the rest.")
