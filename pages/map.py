"""The map: who held what, and where the attacks were, under a time slider."""

import streamlit as st

import ui
from geo import map as geomap
from geo.i18n import t
from geo.snapshot import snapshot
from geo.spans import browser_can_filter

dataset = ui.dataset_or_stop()
ui.init_state(dataset)
ui.sidebar(dataset)
lang = ui.language()

st.title(t(lang, "app.title"))
st.caption(t(lang, "app.tagline"))
ui.show_notices(lang)
ui.map_page_style()
place_names = ui.place_label(dataset, lang)
ui.time_buttons()


@st.fragment
def date_and_map() -> None:
    """Everything a change of date changes. As a fragment, a move reruns only this part of the
    page, and it holds as few elements as it can: each one is redrawn in every viewer's browser
    on every move (benchmarks/load_test.py measures what that costs with many viewers).

    When the view fits in the browser, the date is the time bar on the map: the browser moves
    the markers, then the bar's pick reruns this fragment for the figures, link and exports,
    with the map's arguments unchanged. Otherwise the server redraws the layers for the slider."""
    # Everything is computed before anything is drawn, so the elements reach the browser in
    # one burst: when they trickle in, the browser re-renders the page once per trickle.
    ui.take_next_frame()
    asset_base = ui.asset_base()
    overlays = st.session_state[ui.K_OVERLAYS]
    parts = ui.base_map_parts(lang, st.session_state[ui.K_BASE], "regions" in overlays, asset_base)
    ui.apply_time_bar_pick(dataset, ui.map_key(parts))
    view = ui.current_view()
    in_browser = browser_can_filter(dataset, view)
    shot = snapshot(dataset, view, heat=not in_browser)
    if in_browser:
        # Every marker goes to the browser once, with its days; the bar on the map moves them.
        dynamic = [*ui.timed_groups(dataset, view, lang, parts), ui.time_bar(dataset, lang)]
    else:
        data = geomap.LayerData(
            dataset.actors,
            dataset.sources,
            lang,
            place_names,
            towns=shot.towns,
            events=shot.events,
            groups=shot.groups,
            heat=shot.heat,
        )
        dynamic = geomap.draw_layers(data, view.overlays)
        geomap.localize(dynamic, asset_base)
        ui.date_slider(dataset)
    focus = ui.focus(dataset, view)
    ui.summary(shot, dataset, view, place_names, lang)
    ui.draw_map(parts, dynamic, height=620, center=focus[0], zoom=focus[1])
    ui.map_caption(shot, dataset, lang, ui.sync_url(view))
    ui.exports(dataset, shot, view, lang, ui.regions_geojson() if "regions" in view.overlays else None)
    ui.attribution(lang)
    ui.keep_playing(dataset, scope="fragment", in_browser=in_browser)


ui.page_run()
date_and_map()
ui.place_panel(dataset, ui.current_view(), place_names, lang)
