"""The map bridge: the cached base map, the layers of a run (timed in the browser or drawn by the
server: the one place that chooses), and the call that sends them to the map component."""

from __future__ import annotations

from dataclasses import dataclass

import streamlit as st

from geo import Dataset, spans
from geo import map as geomap
from geo.bases import base_periods
from geo.routes import blockade_periods, route_attacks, route_lines, status_periods
from geo.snapshot import MAX_HEAT_POINTS, MAX_MARKERS, Snapshot, snapshot
from geo.view import View
from ui import folium_bridge
from ui.keys import Key
from ui.record import DATA_ROOT, cached_dataset, place_label, regions_geojson


def asset_base() -> str:
    """Where static/ (vendored Leaflet, the map's own code) is served (Streamlit static serving,
    honouring baseUrlPath)."""
    prefix = (st.get_option("server.baseUrlPath") or "").strip("/")
    return f"/{prefix}/app/static" if prefix else "/app/static"


@dataclass(frozen=True)
class BaseMap:
    """The base map as the map component gets it, rendered once per language, base and regions."""

    html: str
    header: str
    script: str
    id: str
    map_id: str
    layer_control: str
    css_links: tuple[str, ...]
    js_links: tuple[str, ...]


@st.cache_resource(max_entries=64, show_spinner=False)
def base_map_parts(lang: str, base: str, regions: bool, asset_base: str, compact: bool = False) -> BaseMap:
    """The base map, rendered once per language/base/regions and shared by every session.

    The base map is identical between reruns (that is what keeps the browser map in place),
    so rendering it again on every slider move is wasted work: about a third of a rerun,
    and with many sessions on one server the reruns queue behind each other.
    """
    fmap = geomap.base_map(lang, base, regions_geojson() if regions else None, asset_base, compact)
    strings = folium_bridge.base_map_strings(fmap)
    control = folium_bridge.layer_control_script(fmap, geomap.layer_names(lang), geomap.layer_control())
    css, js = geomap.asset_links([fmap])
    return BaseMap(**strings, map_id=fmap._id, layer_control=control, css_links=tuple(css), js_links=tuple(js))


def dynamic_layer_names(lang: str) -> list[str]:
    """The names of the date-dependent layers, in the order the map page sends them."""
    return geomap.layer_names(lang)


def render_groups(parts: BaseMap, groups: list, first_index: int = 0) -> tuple[str, list[str], list[str]]:
    """The script the component evaluates for ``groups`` (at positions first_index, …) and their files."""
    return folium_bridge.group_scripts(parts.map_id, groups, first_index)


def map_key(parts: BaseMap, key: str = "map") -> str:
    """The widget key of the map component (st_folium's: it follows the base map's script)."""
    return folium_bridge.component_key(parts.script, key)


def map_layers(dataset: Dataset, view: View, lang: str, parts: BaseMap) -> tuple[Snapshot, list]:
    """What the view shows on its date (the figures' snapshot), and the date-dependent layers,
    which the browser moves (the caller adds the time bar).

    Every marker goes to the browser once, with its days (a large record's events per location
    and day; a custom period's events from its start: geo.spans), and the time bar on the map
    shows those of its date, with no round trip to the server.
    """
    # The browser heats the window's events itself: no heat cells on the server.
    return snapshot(dataset, view, heat=False), timed_groups(dataset, view, lang, parts)


def roads_and_bases_of(dataset: Dataset, shot: Snapshot, date) -> dict:
    """The roads and bases layers' part of a map of one date (geo.map.LayerData's arguments),
    for the page's server-drawn map and for the exported HTML map."""
    return {
        "routes": dataset.routes,
        "lines": route_lines(dataset),
        "route_states": shot.routes,
        "route_attacks": route_attacks(dataset, end=date),
        "blockades": shot.blockades,
        "bases": shot.bases,
        "base_history": base_periods(dataset),
    }


def server_layers(dataset: Dataset, shot: Snapshot, view: View, lang: str) -> list:
    """The date-dependent layers of one date (``shot``, the view's snapshot), drawn by the server."""
    data = geomap.LayerData(
        dataset.actors,
        geomap.sources_of(dataset),
        lang,
        place_label(dataset, lang),
        towns=shot.towns,
        events=shot.events,
        groups=shot.groups,
        heat=shot.heat,
        **roads_and_bases_of(dataset, shot, view.date),
        narrow_off=view.narrow_off,
        claims=dataset.claims,
        date=view.date,
    )
    groups = geomap.draw_layers(data, view.overlays)
    geomap.localize(groups, asset_base())
    return groups


def timed_key(view: View, lang: str, parts: BaseMap) -> tuple:
    """What the timed layers depend on: the same key, the same layers (for every date)."""
    return (
        parts.map_id,
        lang,
        view.window,
        view.families,
        view.actors,
        view.event_types,
        view.min_fatalities,
        view.region,
        view.start,
        tuple(layer.overlay for layer in geomap.LAYERS if layer.overlay in view.overlays),
        view.narrow_off,
    )


def timed_groups(dataset: Dataset, view: View, lang: str, parts: BaseMap) -> list[tuple]:
    """The layers of :data:`geo.map.LAYERS` for every date (geo.spans), rendered once per view
    (not per date): the first groups the map component gets.

    For the bundled record they are rendered once per server and shared by every session;
    for a session's own upload, once per session.
    """
    key = timed_key(view, lang, parts)
    if dataset is cached_dataset(str(DATA_ROOT)):
        return list(_shared_timed_groups(str(DATA_ROOT), key, asset_base()))
    memo = st.session_state.get(Key.TIMED)
    if memo is None or memo[0] is not dataset or memo[1] != key:
        memo = (dataset, key, _render_timed_groups(dataset, key, asset_base()))
        st.session_state[Key.TIMED] = memo
    return list(memo[2])


@st.cache_resource(max_entries=32, show_spinner=False)
def _shared_timed_groups(root: str, key: tuple, assets: str) -> list[tuple]:
    return _render_timed_groups(cached_dataset(root), key, assets)


def _render_timed_groups(dataset: Dataset, key: tuple, assets: str) -> list[tuple]:
    map_id, lang, window, families, actors, event_types, min_fatalities, region, start, shown, narrow_off = key
    view = View(
        date=dataset.as_of.date(),  # any date: the spans cover them all
        window=window,
        start=start,
        families=families,
        actors=actors,
        event_types=event_types,
        min_fatalities=min_fatalities,
        region=region,
    )
    needed = {layer.spans for layer in geomap.LAYERS if layer.overlay in shown}
    events = cells = heat_cells = None
    if "events" in needed and spans.by_location(dataset):
        # A large record: per location and day, totalled in the browser for each window.
        every_date = spans.view_events(dataset, view)
        if "events" in shown:
            cells = spans.event_cells(every_date, spans.moving_window(view), MAX_MARKERS)
        if "heat" in shown:
            heat_cells = spans.event_cells(every_date, spans.moving_window(view), MAX_HEAT_POINTS, families=False)
    elif "events" in needed:
        events = spans.event_spans(dataset, view)
    data = geomap.LayerData(
        dataset.actors,
        geomap.sources_of(dataset),
        lang,
        place_label(dataset, lang),
        towns=spans.town_spans(dataset, region) if "towns" in needed else None,
        events=events,
        cells=cells,
        heat_cells=heat_cells,
        routes=dataset.routes,
        lines=route_lines(dataset),
        route_states=status_periods(dataset) if "roads" in needed else None,
        route_attacks=route_attacks(dataset) if "roads" in needed else None,
        blockades=blockade_periods(dataset) if "roads" in needed else None,
        bases=base_periods(dataset) if "bases" in needed else None,
        base_history=base_periods(dataset),
        narrow_off=narrow_off,
        claims=dataset.claims,
    )
    groups = geomap.draw_layers(data, shown, timed=True)
    geomap.localize(groups, assets)
    return [folium_bridge.group_scripts(map_id, [group], index) for index, group in enumerate(groups)]


def focus(dataset: Dataset, view: View) -> tuple[tuple[float, float] | None, float | None]:
    """Where the map centres: where the reader last moved it (kept in the link and across a
    change of language), else the selected place, else Mali."""
    if view.zoom is not None and view.center is not None:
        return view.center, view.zoom
    if view.place:
        row = dataset.places.set_index("place_id").loc[view.place]
        return (float(row["lat"]), float(row["lon"])), 8
    return None, None


def draw_map(parts: BaseMap, groups: list, *, height: int, center, zoom, key: str = "map"):
    """Send the cached base map and this run's layers to streamlit-folium's component.

    ``groups`` are folium feature groups, or what :func:`render_groups` made of some (a run can
    reuse layers rendered once). This is st_folium(fig, feature_group_to_add=groups,
    layer_control=..., returned_objects=[]) with the base map's strings taken from the cache;
    tests/test_map_component.py checks that both give the component the same arguments.
    """
    scripts, css_links, js_links = [], list(parts.css_links), list(parts.js_links)
    for index, group in enumerate(groups):
        script, css, js = group if isinstance(group, tuple) else render_groups(parts, [group], index)
        scripts.append(script)
        css_links += css
        js_links += js
    return folium_bridge.send(
        script=parts.script,
        header=parts.header,
        html=parts.html,
        id=parts.id,
        key=map_key(parts, key),
        height=height,
        width=None,
        returned_objects=[],
        default={},
        zoom=zoom,
        center=center,
        feature_group="".join(scripts),
        return_on_hover=False,
        layer_control=parts.layer_control,
        pixelated=False,
        css_links=list(dict.fromkeys(css_links)),
        js_links=list(dict.fromkeys(js_links)),
        on_change=None,
        wrap_longitude=False,
    )
