"""The map page's fast path gives streamlit-folium's component exactly what st_folium would."""

from __future__ import annotations

import datetime as dt

import pytest
import streamlit_folium
from streamlit_folium import st_folium

import ui
from geo import map as layers
from geo.bases import base_periods
from geo.boundaries import load_regions
from geo.routes import route_lines
from geo.snapshot import snapshot
from geo.view import View


def dynamic_layers(dataset, lang):
    shot = snapshot(dataset, View(date=dt.date(2012, 9, 1), window=365, overlays=("control", "events", "heat")))
    names = ui.dynamic_layer_names(lang)
    groups = [
        layers.control_layer(shot.towns, dataset.actors, dataset.sources, lang, names[0]),
        layers.events_layer(shot.events, shot.groups, dataset.actors, dataset.sources, lang, None, names[1]),
        layers.heat_layer(shot.heat, lang, names[2]),
    ]
    roads_and_bases = layers.LayerData(
        dataset.actors,
        dataset.sources,
        lang,
        routes=dataset.routes,
        lines=route_lines(dataset),
        route_states=shot.routes,
        blockades=shot.blockades,
        bases=shot.bases,
        base_history=base_periods(dataset),
    )
    groups += [layers.roads_layer(roads_and_bases, names[3]), layers.bases_layer(roads_and_bases, names[4])]
    layers.localize(groups, "/app/static")
    return groups


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_fast_path_matches_st_folium(monkeypatch, bundled, lang):
    calls = []
    monkeypatch.setattr(streamlit_folium, "_component_func", lambda **kwargs: calls.append(kwargs))
    base = "/app/static"
    fmap = layers.base_map(lang, "dark", load_regions(), base)
    st_folium(
        fmap,
        key="map",
        height=620,
        use_container_width=True,
        feature_group_to_add=dynamic_layers(bundled, lang),
        layer_control=layers.layer_control(),
        returned_objects=[],
    )
    ui.base_map_parts.clear()
    ui.draw_map(
        ui.base_map_parts(lang, "dark", True, base), dynamic_layers(bundled, lang), height=620, center=None, zoom=None
    )
    reference, fast = calls
    for name in (
        "script",
        "html",
        "header",
        "id",
        "key",
        "feature_group",
        "layer_control",
        "css_links",
        "js_links",
        "height",
        "width",
        "returned_objects",
        "zoom",
        "center",
    ):
        assert fast[name] == reference[name], name


def test_base_map_parts_are_cached(bundled):
    first = ui.base_map_parts("en", "light", True, "/app/static")
    assert ui.base_map_parts("en", "light", True, "/app/static") is first


def test_the_record_is_shared_by_sessions_not_copied():
    from .conftest import DATA

    assert ui.cached_dataset(str(DATA)) is ui.cached_dataset(str(DATA))


def test_the_private_calls_of_streamlit_folium_still_exist_as_used():
    """ui/folium_bridge.py takes st_folium's steps one by one; a pinned upgrade that renames or
    changes any of them must fail here, not in a viewer's browser."""
    import inspect

    from ui import folium_bridge

    for name, parameters in folium_bridge.PRIVATE_CALLS.items():
        assert hasattr(streamlit_folium, name), f"streamlit_folium.{name} is gone"
        if parameters:
            found = list(inspect.signature(getattr(streamlit_folium, name)).parameters)
            assert found[: len(parameters)] == list(parameters), (name, found)


def test_the_opening_fit_is_still_and_a_phone_gets_no_minimap():
    from geo.map.base import PHONE_WIDTH, base_map

    html = base_map("en").get_root().render()
    assert '"animate": false' in html[html.index(".fitBounds(") :][:200]
    guard = html.index(f"matchMedia('(max-width: {PHONE_WIDTH}px)')")
    assert guard < html.index("new L.Control.MiniMap(")
    assert "new L.Control.MiniMap(" not in base_map("en", compact=True).get_root().render()
