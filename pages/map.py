"""The map: who held what, and where the attacks were, under a time slider."""

import streamlit as st
from streamlit_folium import st_folium

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
ui.time_controls(dataset)
view = ui.current_view()
shot = snapshot(dataset, view)
names = ui.place_label(dataset, lang)

ui.figures(shot, view, lang)
ui.what_changed(shot, dataset, names, lang)

asset_base = ui.asset_base()
fmap = layers.base_map(lang, view.base, ui.regions_geojson() if "regions" in view.overlays else None, asset_base)
dynamic = [
    layers.control_layer(shot.towns, dataset.actors, dataset.sources, lang)
    if "control" in view.overlays
    else layers.empty_layer(t(lang, "layers.control")),
    layers.events_layer(shot.events, shot.groups, dataset.actors, dataset.sources, lang, names)
    if "events" in view.overlays
    else layers.empty_layer(t(lang, "layers.events")),
    layers.heat_layer(shot.heat, lang) if "heat" in view.overlays else layers.empty_layer(t(lang, "layers.heat")),
]
layers.localize(dynamic, asset_base)
focus = ui.focus(dataset, view)
st_folium(
    fmap,
    key="map",
    height=620,
    use_container_width=True,
    feature_group_to_add=dynamic,
    layer_control=layers.layer_control(),
    returned_objects=[],
    center=focus[0],
    zoom=focus[1],
)
ui.map_caption(shot, dataset, lang)
ui.place_panel(dataset, view, names, lang)
ui.exports(dataset, shot, view, lang, ui.regions_geojson() if "regions" in view.overlays else None)
ui.attribution(lang)
ui.share_link(ui.sync_url(view), lang)
ui.keep_playing(dataset)
