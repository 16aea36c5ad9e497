"""The record at a glance: counts, as-of date, and who held what on the chosen date."""

import streamlit as st

import ui
from geo.i18n import t
from geo.i18n.formats import long_date, number

dataset, lang = ui.page_start("page.record")
st.caption(t(lang, "record.caption", as_of=long_date(dataset.as_of, lang)))
counts = [
    ("page.places", dataset.places),
    ("page.actors", dataset.actors),
    ("sources.control", dataset.control),
    ("sources.events", dataset.events),
    ("record.sources", dataset.sources),
]
for column, (key, frame) in zip(st.columns(len(counts)), counts):
    column.metric(t(lang, key), number(len(frame), lang))
ui.time_controls(dataset)
view = ui.current_view()
held = dataset.control_at(view.date).assign(
    town=lambda f: f["place_id"].map(ui.place_label(dataset, lang)),
    family_label=lambda f: f["family"].map(lambda x: t(lang, f"family.{x}")),
    status_label=lambda f: f["status"].map(lambda x: t(lang, f"status.{x}")),
)
ui.localized_table(
    held,
    {
        "town": "timeline.town",
        "actor_name": "timeline.holder",
        "family_label": "timeline.family",
        "status_label": "timeline.status",
        "confidence": "col.confidence",
        "start": "timeline.start",
        "end": "timeline.end",
        "source_ids": "col.sources",
    },
    lang,
)
ui.page_end(view, dataset)
