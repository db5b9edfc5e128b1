"""The dashboard benchmark's floors: what Streamlit itself costs here to draw a page.

TIMELINE_FLOOR chooses which floor this page is:
  chart (the default)  a title and one Plotly scatter of the same event table the real page
                       reads (TIMELINE_EVENTS), one mark per dated event on its first actor's
                       lane, under the same widget key as the real timeline, so the benchmark
                       waits for it the same way;
  image                a title and one small static SVG picture: what showing an image costs,
                       as the page's still timeline (dashboard/still.py) is shown;
  bare                 a title and one line of text: Streamlit's page, its bundle and its
                       websocket, and nothing else.
Whatever the real page takes beyond a floor's time, in the same browser and the same run, is
the page's own.

    streamlit run benchmarks/floor_page.py   (with TIMELINE_EVENTS naming a Parquet table)
"""

from __future__ import annotations

import os

import pandas as pd
import streamlit as st

FLOORS = ("chart", "image", "bare")
# A few marks on lanes, about the weight of the sample timeline's still picture's frame.
PICTURE = (
    '<svg xmlns="http://www.w3.org/2000/svg" width="100%" height="300">'
    '<rect width="100%" height="300" fill="#fff"/>'
    + "".join(
        f'<line x1="0" x2="100%" y1="{y}" y2="{y}" stroke="#EBF0F8"/>'
        f'<circle cx="{10 + 8 * y % 80}%" cy="{y}" r="6" fill="#007A5A"/>'
        for y in range(40, 300, 44)
    )
    + "</svg>"
)


@st.cache_resource
def dated_events(path: str) -> pd.DataFrame:
    events = pd.read_parquet(path, columns=["start", "actors"])
    events = events.dropna(subset=["start"])
    lanes = [str(names[0]) if len(names) else "(no actor)" for names in events["actors"]]
    return pd.DataFrame({"start": events["start"], "lane": lanes})


st.title("Timeline Desk")
floor = os.environ.get("TIMELINE_FLOOR", "chart")
if floor == "bare":
    with st.container(key="floor-text"):
        st.markdown("A page with no chart.")
elif floor == "image":
    with st.container(key="floor-still"):
        st.image(PICTURE, width="stretch", alt="A still picture.")
else:
    import plotly.graph_objects as go

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
