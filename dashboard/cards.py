"""One card per event: what happened, when and why that date, and the evidence.

Article text is untrusted: a sentence may contain Markdown or HTML that would restyle the
page or smuggle a link. Everything taken from an article or derived from it goes through
st.text or st.code, which print characters as they are; only fixed labels use Markdown.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

import pandas as pd
import streamlit as st

from .labels import date_text, headline

CARD_KEY_PREFIX = "card-"


def safe_link(url) -> str | None:
    """The address if it is a web address a button may open, else None (javascript:, data:...)."""
    if url is None or pd.isna(url):
        return None
    parts = urlsplit(str(url).strip())
    if parts.scheme in ("http", "https") and parts.netloc:
        return str(url).strip()
    return None


def card_key(event_id: str, *, key: str) -> str:
    """A widget-safe key: Streamlit turns container keys into CSS classes."""
    return f"{key}-{CARD_KEY_PREFIX}" + re.sub(r"[^A-Za-z0-9_-]", "_", str(event_id))


def event_card(event, local_start, local_end, *, key: str) -> None:
    with st.container(border=True, key=card_key(event["event_id"], key=key)):
        st.text(headline(event))
        when = date_text(event, local_start, local_end)
        st.text(f"{when} · {event['granularity']} precision · {event['modality']} · {event['timezone']} time")
        st.text(f"Why this date: {event['explanation']}")
        st.code(str(event["sentence"]), language=None, wrap_lines=True)
        source = " — ".join(
            str(v) for v in (event["outlet"], event["title"]) if v is not None and not pd.isna(v)
        )
        others = len(set(event["sources"]) - {event["article_id"]})
        if others:
            source += f" (and {others} more article{'s' if others > 1 else ''})"
        if source:
            st.text(source)
        if bool(event["conflict"]):
            st.warning("The articles reporting this event disagree on its date.", icon="⚠️")
        link = safe_link(event["url"])
        if link:
            st.link_button("Open article", link, key=card_key(event["event_id"], key=f"{key}-link"))
        elif event["url"] is not None and not pd.isna(event["url"]):
            st.text(str(event["url"]))
