"""The map of venues: one dot per place, sized by how many events in view happened there.

Coordinates come from the table's venue columns (the pipeline's offline gazetteer); a
venue that is a country has none and is listed instead of drawn.
"""

from __future__ import annotations

import pandas as pd

VENUE_DOT_COLOUR = [11, 92, 173, 200]  # the page's accent


def venue_points(events: pd.DataFrame) -> pd.DataFrame:
    """Columns venue, lat, lon, events, radius: one row per venue with coordinates."""
    placed = events.dropna(subset=["venue", "venue_lat", "venue_lon"])
    if placed.empty:
        return pd.DataFrame(columns=["venue", "lat", "lon", "events", "radius"])
    grouped = (
        placed.groupby("venue", sort=False)
        .agg(lat=("venue_lat", "first"), lon=("venue_lon", "first"), events=("event_id", "size"))
        .reset_index()
        .sort_values(["events", "venue"], ascending=[False, True])
    )
    grouped["venue"] = grouped["venue"].astype(str)
    grouped["radius"] = 8_000 + 4_000 * grouped["events"].pow(0.5)
    return grouped.reset_index(drop=True)


def unplaced_venues(events: pd.DataFrame) -> list[tuple[str, int]]:
    """Venues in view that have no coordinates (a country, an unknown place), with counts."""
    rows = events[events["venue"].notna() & events["venue_lat"].isna()]
    counts = rows["venue"].astype(str).value_counts()
    return list(zip(counts.index, counts.to_numpy().tolist(), strict=True))


def picked_venues(selection) -> list[str]:
    """Venue names of the dots a reader picked on the map."""
    objects = ((selection or {}).get("selection") or {}).get("objects") or {}
    return [str(o["venue"]) for layer in objects.values() for o in layer if o.get("venue")]


def venue_map(points: pd.DataFrame):
    """The map as a pydeck chart: one pickable layer (its id keeps the selection across
    reruns), framed on the venues. Its tooltip is pydeck's text template, so a venue's name is
    filled in as text, never as markup."""
    import pydeck

    layer = pydeck.Layer(
        "ScatterplotLayer",
        data=points,
        id="venues",
        get_position=["lon", "lat"],
        get_radius="radius",
        get_fill_color=VENUE_DOT_COLOUR,
        pickable=True,
    )
    view = pydeck.data_utils.compute_view(points[["lon", "lat"]])
    return pydeck.Deck(
        layers=[layer], initial_view_state=view, tooltip={"text": "{venue}: {events} events"}
    )
