"""The one module that uses streamlit-folium's private functions.

Why not just ``st_folium(fig, feature_group_to_add=...)``: the map page keeps the base map in
the browser across reruns and sends only the date-dependent layers, and st_folium renders the
whole base map again on every call (about a third of a rerun, for every viewer's every move).
Its public API cannot take a base map rendered once, nor layers rendered once for every
session. So the steps st_folium takes are taken here, one by one, and the base map's strings
are cached (ui.mapview). streamlit-folium is pinned; tests/test_map_component.py checks that
this path gives the component exactly what st_folium gives it, and that every private name
used here still exists with the parameters used, so a changed upgrade fails loudly there.

It is imported at the top of ``ui``: imported lazily by many sessions at once on a cold server,
streamlit-folium's component declaration failed ("module is None": inspect.getmodule is not
thread-safe) and that session got no map.
"""

from __future__ import annotations

import streamlit_folium
from streamlit_folium import (
    _get_feature_group_string,
    _get_header,
    _get_html,
    _get_layer_control_string,
    _get_map_string,
    generate_js_hash,
    get_full_id,
)

from geo import map as geomap

#: The private names used here, with the parameters used (checked by the tests).
PRIVATE_CALLS = {
    "_get_feature_group_string": ("feature_group_to_add", "map", "idx"),
    "_get_header": ("fig",),
    "_get_html": ("fig",),
    "_get_layer_control_string": ("control", "map"),
    "_get_map_string": ("fig",),
    "_component_func": (),
}


def base_map_strings(fmap) -> dict[str, str]:
    """The base map's html, header, script and element id, as st_folium computes them."""
    fmap.get_root().render()
    fmap.render()
    return {
        "html": _get_html(fmap),
        "header": _get_header(fmap),
        "script": _get_map_string(fmap),
        "id": get_full_id(fmap),
    }


def layer_control_script(fmap, layer_names: list[str], control) -> str:
    """The layer switcher's script, listing the base layers and the date-dependent groups at
    their positions (st_folium fixes their ids by position)."""
    for index, name in enumerate(layer_names):
        _get_feature_group_string(geomap.empty_layer(name), fmap, index)
    return _get_layer_control_string(control, fmap)


def group_scripts(map_id: str, groups: list, first_index: int = 0) -> tuple[str, list[str], list[str]]:
    """The script st_folium evaluates for ``groups`` (at positions first_index, first_index + 1, …)
    on the map ``map_id``, and the CSS and JS files they need."""
    stand_in = geomap.stand_in_map(map_id)
    script = "".join(
        _get_feature_group_string(group, stand_in, first_index + index) for index, group in enumerate(groups)
    )
    css, js = geomap.asset_links(groups)
    return script, css, js


def component_key(script: str, key: str) -> str:
    """The map component's widget key, as st_folium makes it (it follows the base map's script)."""
    return generate_js_hash(script, key, False)


def send(**arguments):
    """Call streamlit-folium's component with st_folium's arguments."""
    return streamlit_folium._component_func(**arguments)
