"""Your data: upload a file of any registered format, see what was imported and what was not."""

import streamlit as st

import ui
from geo.export import to_safe_csv
from geo.i18n import t
from geo.i18n.formats import number

dataset, lang = ui.page_start("data.title")
view = ui.current_view()
st.write(ui.upload_intro(lang))
st.caption(t(lang, "data.mapping"))
ui.uploader(lang)
ui.sync_panel(lang)

if st.session_state.get(ui.Key.UPLOAD_ERROR):
    st.error(t(lang, "data.failed", reason=ui.plain(st.session_state[ui.Key.UPLOAD_ERROR], limit=2000)))
result = st.session_state.get(ui.Key.UPLOAD)
if result is None:
    st.info(t(lang, "data.none"))
else:
    st.caption(t(lang, "data.format", format=result.format.upper()) + f" · {ui.plain(result.source_name)}")
    figures = [
        ("data.rows", result.data_rows),
        ("data.imported", len(result.events)),
        ("data.rejected", len(result.rejected)),
        ("data.geocoded", result.geocoded),
        ("data.not_geocoded", result.not_geocoded),
    ]
    for column, (key, value) in zip(st.columns(len(figures)), figures):
        column.metric(t(lang, key), number(value, lang))
    if result.warnings:
        st.header(t(lang, "data.warnings"))
        for warning in result.warnings:
            st.warning(ui.plain(warning, limit=2000))
    if len(result.rejected):
        st.header(t(lang, "data.rejected_rows"))
        ui.localized_table(result.rejected, {"row": "col.row", "reason": "col.reason"}, lang)
        st.download_button(
            t(lang, "data.download_rejected"),
            data=lambda: to_safe_csv(result.rejected),
            file_name="rejected-rows.csv",
            mime="text/csv",
            on_click="ignore",
            key="rejected_csv",
        )
    st.header(t(lang, "data.actors"))
    ui.localized_table(
        result.actors.assign(family=result.actors["family"].map(lambda f: t(lang, f"family.{f}"))),
        {"name": "col.name", "family": "col.family"},
        lang,
    )
    st.button(t(lang, "data.clear"), on_click=ui.forget_upload, key="forget_upload")
ui.page_end(view, dataset, upload_shown=True)
