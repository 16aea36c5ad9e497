"""The record at a glance: counts, as-of date, and who held what on the chosen date."""

import streamlit as st

import ui
from geo.i18n import t

dataset = ui.dataset_or_stop()
ui.init_state(dataset)
ui.sidebar(dataset)
lang = ui.language()

st.title(t(lang, "page.record"))
st.caption(dataset.summary())
for column, (label, frame) in zip(
    st.columns(5),
    [
        ("Places", dataset.places),
        ("Actors", dataset.actors),
        ("Control periods", dataset.control),
        ("Events", dataset.events),
        ("Sources", dataset.sources),
    ],
):
    column.metric(label, len(frame))
ui.time_controls(dataset)
view = ui.current_view()
held = dataset.control_at(view.date)
st.dataframe(
    held[["name", "actor_name", "family", "status", "confidence", "start", "end", "source_ids"]],
    hide_index=True,
    width="stretch",
)
ui.sync_url(view)
ui.keep_playing(dataset)
