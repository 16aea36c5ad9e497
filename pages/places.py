"""Places: find a town by any spelling; its control history, the events around it, its sources."""

import streamlit as st
from streamlit_folium import st_folium

import ui
from geo import map as geomap
from geo.events import events_near
from geo.i18n import region_name, t

dataset, lang = ui.page_start("places.title")
view = ui.current_view()
names = ui.place_label(dataset, lang)
default = names.get(view.place, "") if view.place else ""
query = st.text_input(t(lang, "places.search"), value=default, key="place_query", help=t(lang, "places.search_help"))
matches = ui.cached_gazetteer(str(ui.DATA_ROOT)).search(query, limit=8) if query.strip() else []
if not query.strip():
    ui.towns_table(dataset, view, names, lang)
elif not matches:
    st.warning(t(lang, "places.no_match", query=ui.plain(query, 100)))
if matches:
    match = st.radio(
        t(lang, "places.matches"),
        matches,
        key="place_match",
        horizontal=True,
        format_func=lambda m: ui.plain(ui.match_label(m, names, lang)),
    )
    if match.place_id is None:
        st.info(
            t(
                lang,
                "places.not_in_record",
                name=ui.plain(match.name),
                region=ui.plain(region_name(lang, match.region) if match.region else "?"),
            )
        )
    else:
        st.session_state[ui.Key.PLACE] = match.place_id
        view = ui.current_view()
        ui.place_history(dataset, match.place_id, lang)
        ui.place_claims(dataset, match.place_id, lang)
        lane = ui.place_lane(dataset, match.place_id, view, lang)
        st.altair_chart(lane, width="stretch", height=lane.height)
        radius = st.slider(t(lang, "places.radius"), 0, 200, 25, step=5, key="place_radius")
        near = events_near(dataset, match.place_id, radius)
        st.header(t(lang, "places.events", name=ui.plain(names[match.place_id]), radius=radius))
        ui.events_table(near, dataset, lang)
        small = geomap.place_map(dataset, match.place_id, near, lang, ui.asset_base())
        st_folium(small, key="place_map", height=360, use_container_width=True, returned_objects=[])
        cited = ui.place_roads_and_bases(dataset, match.place_id, lang)
        ui.sources_list(
            dataset,
            near["source_ids"].tolist()
            + dataset.control_history(match.place_id)["source_ids"].tolist()
            + dataset.claims.loc[dataset.claims["place_id"].eq(match.place_id), "source_ids"].tolist()
            + cited,
            lang,
            "places.sources",
        )
ui.page_end(view, dataset)
