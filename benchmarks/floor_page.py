"""The dashboard benchmark's floor: what Streamlit itself costs here to draw one chart.

A page with nothing but a title and one Plotly scatter of the same event table the real page
reads (TIMELINE_EVENTS), one mark per dated event on its first actor's lane, under the same
widget key as the real timeline so the benchmark waits for it the same way. Whatever the real
page takes beyond this page's time, in the same browser and the same run, is the page's own.

    streamlit run benchmarks/floor_page.py   (with TIMELINE_EVENTS naming a Parquet table)
"""

from __future__ import annotations

import os

import pandas as pd
import plotly.graph_objects as go
import streamlit as st


@st.cache_resource
def dated_events(path: str) -> pd.DataFrame:
    events = pd.read_parquet(path, columns=["start", "actors"])
    events = events.dropna(subset=["start"])
    lanes = [str(names[0]) if len(names) else "(no actor)" for names in events["actors"]]
    return pd.DataFrame({"start": events["start"], "lane": lanes})


st.title("Timeline Desk")
table = dated_events(os.environ["TIMELINE_EVENTS"])
st.plotly_chart(
    go.Figure(
        go.Scattergl(x=table["start"], y=table["lane"], mode="markers")
        if len(table) > 1500
        else go.Scatter(x=table["start"], y=table["lane"], mode="markers")
    ),
    key="timeline",
    theme=None,
)
