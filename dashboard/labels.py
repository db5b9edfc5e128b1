"""The words the chart and the cards add to an event's stored ones: which dates are drawn
as points, its precision in words, hover text made inert.

An event's headline and its date in words are the table's (pipeline/view_columns.py): the
cards, the hover text and the stored columns all say an event with the same functions.
"""

from __future__ import annotations

from pipeline.schema import GRANULARITY_RANK

# Drawn as a point: a day or anything finer, by the one precision order.
POINT_GRANULARITIES = frozenset(
    g for g, r in GRANULARITY_RANK.items() if r <= GRANULARITY_RANK["day"]
)


def precision_text(event) -> str:
    return f"{event['granularity']} precision"


def escape_hover(text: object) -> str:
    """Make article text inert in a Plotly hover label, which renders <b>, <a>, <br>
    and entities."""
    return str(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
