"""The map: the only package that imports folium, branca and jinja2.

- :mod:`geo.map.base`: the base map (tiles, regions, controls, legend), the place map;
- :mod:`geo.map.layers`: the date-dependent layers as one registry, :data:`LAYERS`;
- :mod:`geo.map.markers`: markers as plain data; :mod:`geo.map.popups`: their HTML, through
  autoescaping templates (``templates/``);
- :mod:`geo.map.elements`: thin folium elements over the browser code in ``static/map/``;
- :mod:`geo.map.assets`: the files the browser loads; :mod:`geo.map.export`: the standalone HTML;
- :mod:`geo.map.highlight`: rings around the places a tour chapter points at.
"""

from geo.map.assets import asset_links, localize, localize_assets
from geo.map.base import BASE_LAYERS, base_map, layer_control, place_map, stand_in_map
from geo.map.elements import TimeBar, script_json
from geo.map.export import standalone_html
from geo.map.highlight import highlight_layer
from geo.map.layers import (
    LAYERS,
    Layer,
    LayerData,
    control_layer,
    draw_layers,
    empty_layer,
    events_layer,
    heat_layer,
    layer_names,
    sources_of,
    time_bar_group,
)

__all__ = [
    "BASE_LAYERS",
    "LAYERS",
    "Layer",
    "LayerData",
    "TimeBar",
    "asset_links",
    "base_map",
    "control_layer",
    "draw_layers",
    "empty_layer",
    "events_layer",
    "heat_layer",
    "highlight_layer",
    "layer_control",
    "layer_names",
    "localize",
    "localize_assets",
    "place_map",
    "sources_of",
    "script_json",
    "stand_in_map",
    "standalone_html",
    "time_bar_group",
]
