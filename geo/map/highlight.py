"""Rings around places a tour chapter points at (shapes only: no text reaches the page)."""

from __future__ import annotations

import folium
import pandas as pd

#: The ring: a white halo under a dark dashed circle, visible over every family colour and base map.
HALO = {"radius": 17, "color": "#ffffff", "weight": 6, "opacity": 0.9, "fill": False}
RING = {"radius": 17, "color": "#b35806", "weight": 3, "dash_array": "5 4", "fill": False}


def highlight_layer(places: pd.DataFrame, name: str) -> folium.FeatureGroup:
    """A group with a ring around each place of ``places`` (columns lat, lon)."""
    group = folium.FeatureGroup(name=name, control=False)
    for place in places.itertuples(index=False):
        location = (float(place.lat), float(place.lon))
        folium.CircleMarker(location, interactive=False, **HALO).add_to(group)
        folium.CircleMarker(location, interactive=False, **RING).add_to(group)
    return group
