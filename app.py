"""Entry point: `streamlit run app.py`. The map is the landing page."""

import streamlit as st

import ui
from geo.i18n import t

# The tab's title in the interface language (reading the language issues no Streamlit command).
lang = ui.language()
st.set_page_config(page_title=t(lang, "app.title"), page_icon=":world_map:", layout="wide")
pages = [
    st.Page(path, title=t(lang, title_key), icon=icon, url_path=url_path, default=index == 0)
    for index, (path, title_key, icon, url_path) in enumerate(ui.PAGES)
]
# The sidebar draws its own links (ui.sidebar), translated and carrying the view in their URL.
st.navigation(pages, position="hidden").run()
