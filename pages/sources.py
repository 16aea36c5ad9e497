"""Sources and method: every source and what cites it, definitions, licences, citation, downloads."""

import datetime as dt

import streamlit as st

import ui
from geo.export import to_geojson, to_safe_csv
from geo.i18n import t
from geo.i18n.formats import long_date
from geo.i18n.record_text import localized
from geo.routes import route_lines
from geo.schema import TABLES
from geo.snapshot import snapshot
from geo.timeline import citing, records_citing

dataset, lang = ui.page_start("sources.title")
view = ui.current_view()

st.header(t(lang, "sources.list"))
sources = records_citing(dataset).sort_values(["events", "control_periods"], ascending=False)
ui.localized_table(
    sources,
    {
        "source_id": "col.sources",
        "title": "col.title",
        "publisher": "col.publisher",
        "published": "col.published",
        "url": "col.url",
        "events": "sources.events",
        "control_periods": "sources.control",
    },
    lang,
    url=st.column_config.LinkColumn(t(lang, "col.url")),
)
chosen = st.selectbox(
    t(lang, "sources.choose"),
    ["", *sources["source_id"]],
    key="source_choice",
    format_func=lambda s: sources.set_index("source_id").at[s, "title"] if s else "—",
)
if chosen:
    events, periods = citing(dataset, chosen)
    ui.events_table(events.assign(family=None), dataset, lang)
    ui.localized_table(
        periods.assign(
            town=periods["place_id"].map(ui.place_label(dataset, lang)), note=localized(periods, "note", lang)
        ),
        {
            "town": "timeline.town",
            "actor_id": "timeline.holder",
            "start": "timeline.start",
            "end": "timeline.end",
            "status": "timeline.status",
            "confidence": "col.confidence",
            "note": "col.note",
        },
        lang,
    )

st.header(t(lang, "sources.method"))
st.markdown(t(lang, "sources.method_text"))
st.header(t(lang, "sources.licences"))
st.markdown(t(lang, "sources.licences_text"))
st.header(t(lang, "sources.cite"))
st.code(
    t(
        lang,
        "sources.cite_text",
        as_of=long_date(dataset.as_of, lang),
        today=long_date(dt.date.today(), lang),
        url=ui.page_url(),
    ),
    language=None,
)

st.header(t(lang, "sources.downloads"))
st.caption(t(lang, "sources.download_help"))
# One row that wraps, not six fixed columns: a label never has to be cut to fit its column.
row = st.container(horizontal=True, gap="small")
for name in TABLES:  # every table of the record, the roads and bases too
    row.download_button(
        t(lang, "sources.download_table", table=name),
        (lambda table=name: to_safe_csv(getattr(dataset, table).drop(columns=["map_region"], errors="ignore"))),
        file_name=f"mali-{name}.csv",
        mime="text/csv",
        on_click="ignore",
        key=f"download_{name}",
    )
shot = snapshot(dataset, view)
row.download_button(
    t(lang, "sources.download_view"),
    lambda: to_geojson(shot.towns, shot.events, shot.routes, route_lines(dataset), shot.blockades, shot.bases),
    file_name=f"mali-view-{view.date:%Y-%m-%d}.geojson",
    mime="application/geo+json",
    on_click="ignore",
    key="download_view",
)
ui.page_end(view, dataset)
