"""Actors: family, lineage, active period, towns held over time, events and sources of each actor."""

import streamlit as st

import ui
from geo import charts
from geo.events import events_attributed
from geo.i18n import colon, t
from geo.i18n.record_text import localized_cell
from geo.timeline import control_lanes, lineage

dataset, lang = ui.page_start("actors.title")
view = ui.current_view()
actors = dataset.actors.sort_values(["family", "name"])
options = actors["actor_id"].tolist()
if not st.session_state.get(ui.Key.ACTOR):
    st.session_state[ui.Key.ACTOR] = "jnim" if "jnim" in options else options[0]
names = actors.set_index("actor_id")["name"]
actor_id = st.selectbox(
    t(lang, "actors.choose"),
    options,
    key=ui.Key.ACTOR,
    format_func=lambda a: f"{names[a]} · {t(lang, 'family.' + actors.set_index('actor_id').at[a, 'family'])}",
)
view = ui.current_view()
actor = actors.set_index("actor_id").loc[actor_id]
st.markdown(
    f"**{ui.plain(actor['full_name'])}** · "
    f"{t(lang, 'actors.family')}{colon(lang)}{t(lang, 'family.' + actor['family'])}"
    f" · {t(lang, 'actors.active')}{colon(lang)}{ui.plain(ui.active_period(actor, lang))}"
)
st.markdown(ui.plain(localized_cell(actor, "description", lang), limit=5000))

st.header(t(lang, "actors.lineage"))
edges = lineage(dataset, actor_id)
if edges:
    st.graphviz_chart(charts.lineage_dot(edges, dataset.actors, actor_id))
else:
    st.caption(t(lang, "actors.no_lineage"))

st.header(t(lang, "actors.towns"))
lanes = control_lanes(dataset)
held = lanes[lanes["actor_id"] == actor_id]
if held.empty:
    st.caption(t(lang, "actors.no_towns"))
else:
    gantt = charts.control_gantt(held, view.date, lang)
    st.altair_chart(gantt, width="stretch", height=gantt.height)

st.header(t(lang, "actors.events"))
events = events_attributed(dataset, actor_id)
ui.events_table(events, dataset, lang)
ui.sources_list(
    dataset,
    events["source_ids"].tolist()
    + dataset.control.loc[dataset.control["actor_id"] == actor_id, "source_ids"].tolist()
    + [actor["source_ids"] or ""],
    lang,
    "actors.sources",
)
ui.page_end(view, dataset)
