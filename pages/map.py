"""The map: who held what, and where the attacks were, under a time slider."""

import streamlit as st

import ui

dataset, lang = ui.page_start("app.title", caption_key="app.tagline")
ui.map_page_style()
place_names = ui.place_label(dataset, lang)
# An embed (?only=map) is the map, its time bar and legend, and a citation: nothing else.
embed = ui.embedded()
if not embed:
    with st.container(key="mm_time_controls"):
        ui.time_buttons(dataset)


@st.fragment
def date_and_map() -> None:
    """Everything a change of date changes. As a fragment, a move reruns only this part of the
    page, and it holds as few elements as it can: each one is redrawn in every viewer's browser
    on every move (benchmarks/load_test.py measures what that costs with many viewers).

    The date is the time bar on the map: the browser moves the markers (and plays), then the
    bar's pick reruns this fragment for the figures, link and exports, with the map's arguments
    unchanged."""
    # Everything is computed before anything is drawn, so the elements reach the browser in
    # one burst: when they trickle in, the browser re-renders the page once per trickle.
    ui.take_next_frame()
    ui.recover_translated_choices(dataset)  # a rerun of this part alone skips the page's start
    parts = ui.base_map_parts(
        lang, st.session_state[ui.Key.BASE], "regions" in st.session_state[ui.Key.OVERLAYS], ui.asset_base()
    )
    ui.apply_time_bar_pick(dataset, ui.map_key(parts))
    view = ui.current_view()
    shot, dynamic = ui.map_layers(dataset, view, lang, parts)
    dynamic.append(ui.time_bar(dataset, lang, layers=ui.timed_key(view, lang, parts)))
    ui.custom_period()
    center, zoom = ui.focus(dataset, view)
    if embed:
        ui.draw_map(parts, dynamic, height=560, center=center, zoom=zoom)
        ui.embed_citation(dataset, view, lang, ui.sync_url(view))
        ui.attribution(lang)
        return
    # One container, so that a phone can show the map before the figures (static/app/phone.css).
    with st.container(key="mm_view"):
        ui.summary(shot, dataset, view, place_names, lang)
        ui.draw_map(parts, dynamic, height=620, center=center, zoom=zoom)
    ui.map_caption(shot, dataset, lang, ui.sync_url(view))
    ui.window_changes_table(shot.changes, dataset, place_names, lang)
    ui.exports(dataset, shot, view, lang, ui.regions_geojson() if "regions" in view.overlays else None)
    ui.attribution(lang)


ui.page_run()
date_and_map()
if not embed:
    # How old each layer is, under the map and its caption (on a phone, the map comes first).
    ui.freshness_note(lang)
    ui.place_panel(dataset, ui.current_view(), place_names, lang)
