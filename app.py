"""Entry point: `streamlit run app.py`. The map is the landing page."""

import streamlit as st

import ui
from geo.i18n import t

st.set_page_config(page_title="Mali conflict map", page_icon=":world_map:", layout="wide")
lang = ui.language()
navigation = st.navigation(
    [
        st.Page("pages/map.py", title=t(lang, "page.map"), icon=":material/map:", default=True, url_path="map"),
        st.Page("pages/record.py", title=t(lang, "page.record"), icon=":material/table_view:", url_path="record"),
    ]
)
navigation.run()
