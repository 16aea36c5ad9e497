"""The map: who held what, and where the attacks were, under a time slider."""

import streamlit as st

import ui
from geo import layers
from geo.i18n import t
from geo.snapshot import snapshot

dataset = ui.dataset_or_stop()
ui.init_state(dataset)
ui.sidebar(dataset)
lang = ui.language()

st.title(t(lang, "app.title"))
st.caption(t(lang, "app.tagline"))
ui.show_notices(lang)
place_names = ui.place_label(dataset, lang)


@st.fragment
def time_and_map() -> None:
    """Everything a slider move changes. As a fragment, a move reruns only this part of the page,
    not the sidebar and the rest: less work for the server and the browser on every move."""
    ui.time_controls(dataset)
    view = ui.current_view()
    shot = snapshot(dataset, view)
    ui.figures(shot, view, lang)
    ui.what_changed(shot, dataset, place_names, lang)
    asset_base = ui.asset_base()
    names = ui.dynamic_layer_names(lang)
    dynamic = [
        layers.control_layer(shot.towns, dataset.actors, dataset.sources, lang, names[0])
        if "control" in view.overlays
        else layers.empty_layer(names[0]),
        layers.events_layer(shot.events, shot.groups, dataset.actors, dataset.sources, lang, place_names, names[1])
        if "events" in view.overlays
        else layers.empty_layer(names[1]),
        layers.heat_layer(shot.heat, lang, names[2]) if "heat" in view.overlays else layers.empty_layer(names[2]),
    ]
    layers.localize(dynamic, asset_base)
    focus = ui.focus(dataset, view)
    parts = ui.base_map_parts(lang, view.base, "regions" in view.overlays, asset_base)
    ui.draw_map(parts, dynamic, height=620, center=focus[0], zoom=focus[1])
    ui.map_caption(shot, dataset, lang)
    ui.exports(dataset, shot, view, lang, ui.regions_geojson() if "regions" in view.overlays else None)
    ui.attribution(lang)
    ui.share_link(ui.sync_url(view), lang)
    ui.keep_playing(dataset, scope="fragment")


time_and_map()
ui.place_panel(dataset, ui.current_view(), place_names, lang)
