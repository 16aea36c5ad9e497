"""Tours: the war told chapter by chapter, each a view of the map with a sourced caption."""

import streamlit as st

import ui
from geo.i18n import t

dataset, lang = ui.page_start("tours.title", caption_key="tours.caption")
tours = ui.cached_tours(str(ui.DATA_ROOT))
bundled = ui.cached_dataset(str(ui.DATA_ROOT))
if not tours:
    st.info(t(lang, "tours.none"))
    st.stop()
tour, index = ui.chosen_chapter(tours, lang)
chapter = tour.chapters[index]
ui.chapter_navigation(tour, index, lang)
# The text beside the map on a desk; above it on a phone (Streamlit stacks columns there).
text, picture = st.columns([2, 3], gap="medium")
with text:
    ui.chapter_text(bundled, tour, chapter, lang)
with picture:
    ui.chapter_map(bundled, chapter, lang)
ui.chapter_sources(bundled, chapter, lang)
ui.attribution(lang)
ui.write_params(ui.chapter_link_params(tour, chapter, lang))
