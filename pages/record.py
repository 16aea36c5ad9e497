"""The record at a glance: counts, as-of date, and who held what on a chosen date."""

import streamlit as st

import ui

dataset = ui.dataset_or_stop()

st.title("Mali conflict map: the record")
st.caption(f"Bundled, sourced record as of {dataset.as_of:%Y-%m-%d}. The map view is being built.")

counts = st.columns(5)
for column, (label, frame) in zip(
    counts,
    [
        ("Places", dataset.places),
        ("Actors", dataset.actors),
        ("Control periods", dataset.control),
        ("Events", dataset.events),
        ("Sources", dataset.sources),
    ],
):
    column.metric(label, len(frame))

date = ui.date_picker(dataset)
held = dataset.control_at(date)
st.subheader(f"Who held what on {date:%Y-%m-%d}")
st.metric("Towns with a known holder", len(held))
st.dataframe(
    held[["name", "actor_name", "family", "status", "confidence", "start", "end", "source_ids"]],
    hide_index=True,
    column_config={"start": st.column_config.DateColumn("since"), "end": st.column_config.DateColumn("until")},
)
