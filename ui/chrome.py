"""Page chrome: the page list, the sidebar (language, filters, layers), page start and end."""

from __future__ import annotations

import functools
from html import escape
from pathlib import Path

import streamlit as st
import streamlit.components.v1 as components

from geo import Dataset
from geo import map as geomap
from geo.boundaries import region_names
from geo.i18n import LANGUAGES, language_name, region_name, t
from geo.i18n.formats import long_date
from geo.importers import SOURCE_MODES
from geo.schema import EVENT_TYPES, FAMILIES
from geo.view import BASES, OVERLAYS, View
from ui.keys import Key
from ui.record import attribution, dataset_or_stop
from ui.state import embedded, init_state, language, show_notices, sync_url
from ui.timecontrols import keep_playing

#: The pages: file, title key, icon, URL path. The map is the landing page.
PAGES = (
    ("pages/map.py", "page.map", ":material/map:", "map"),
    ("pages/tours.py", "page.tours", ":material/auto_stories:", "tours"),
    ("pages/compare.py", "page.compare", ":material/compare:", "compare"),
    ("pages/timeline.py", "page.timeline", ":material/timeline:", "timeline"),
    ("pages/places.py", "page.places", ":material/location_on:", "places"),
    ("pages/actors.py", "page.actors", ":material/groups:", "actors"),
    ("pages/sources.py", "page.sources", ":material/menu_book:", "sources"),
    ("pages/data.py", "page.data", ":material/upload_file:", "data"),
    ("pages/record.py", "page.record", ":material/table_view:", "record"),
)


def sidebar(dataset: Dataset) -> None:
    """Language, filters and layers, in the sidebar. An empty selection means "all"."""
    lang = language()
    with st.sidebar:
        # Our own page links (the built-in menu is hidden), translated. The view travels with the
        # session, and each page writes it back into its address.
        for path, title_key, icon, _ in PAGES:
            st.page_link(path, label=t(lang, title_key), icon=icon)
        st.divider()
        if st.session_state.get(Key.UPLOAD) is not None:
            st.radio(
                t(lang, "data.source"),
                SOURCE_MODES,
                key=Key.SOURCE,
                horizontal=True,
                format_func=lambda m: t(lang, f"data.source.{m}"),
            )
        st.radio(
            t(lang, "lang.label"),
            LANGUAGES,
            key=Key.LANG,
            horizontal=True,
            format_func=language_name,
        )
        lang = language()
        everything = t(lang, "filter.all")
        st.subheader(t(lang, "filter.header"))
        st.multiselect(
            t(lang, "filter.families"),
            FAMILIES,
            key=Key.FAMILIES,
            placeholder=everything,
            format_func=lambda f: t(lang, f"family.{f}"),
        )
        names = dataset.actors.set_index("actor_id")["name"]
        st.multiselect(
            t(lang, "filter.actors"),
            sorted(names.index, key=lambda a: names[a].casefold()),
            key=Key.ACTORS,
            placeholder=everything,
            format_func=lambda a: names.get(a, a),
        )
        st.multiselect(
            t(lang, "filter.event_types"),
            EVENT_TYPES,
            key=Key.TYPES,
            placeholder=everything,
            format_func=lambda e: t(lang, f"event_type.{e}"),
        )
        st.number_input(t(lang, "filter.min_fatalities"), min_value=0, max_value=100_000, step=1, key=Key.MINFAT)
        st.selectbox(
            t(lang, "filter.region"),
            ["", *region_names()],
            key=Key.REGION,
            format_func=lambda r: region_name(lang, r) if r else t(lang, "filter.region.all"),
        )
        st.subheader(t(lang, "layers.header"))
        st.selectbox(t(lang, "layers.base"), BASES, key=Key.BASE, format_func=lambda b: t(lang, f"base.{b}"))
        overlay_labels = {layer.overlay: layer.label for layer in geomap.LAYERS} | {"regions": "layers.boundaries"}
        st.multiselect(
            t(lang, "layers.header"),
            OVERLAYS,
            key=Key.OVERLAYS,
            label_visibility="collapsed",
            placeholder=t(lang, "layers.none"),
            format_func=lambda o: t(lang, overlay_labels[o]),
        )


def page_start(title_key: str, caption_key: str | None = None) -> tuple[Dataset, str]:
    """Load the record, read the URL, draw the sidebar, the page title (and caption) and the
    notices about the link; return (record, language). In an embed (?only=map) there is no
    sidebar, header or title: the page shows what the embed shows."""
    dataset = dataset_or_stop()
    init_state(dataset)
    st.html(f"<style>{static_text(PHONE_CSS)}</style>")
    st.html(f"<style>{static_text(TARGETS_CSS)}</style>")
    if embedded():
        st.html(f"<style>{static_text(EMBED_CSS)}</style>")
        lang = language()
        document_language(lang)
        show_notices(lang)
        return dataset, lang
    sidebar(dataset)
    lang = language()
    document_language(lang)
    st.title(t(lang, title_key))
    if caption_key is not None:
        # The record's own range (an upload may reach back before 2012), in the language's words.
        first, last = long_date(dataset.first_date, lang), long_date(dataset.as_of, lang)
        st.caption(t(lang, caption_key, first=first, last=last))
    show_notices(lang)
    return dataset, lang


def page_end(view: View, dataset: Dataset, *, upload_shown: bool = False) -> None:
    """The ACLED acknowledgement if needed (``upload_shown``: the page shows the upload itself),
    the view into the URL, and keep playing (to the end of ``dataset``, the record the page
    shows) if asked."""
    attribution(language(), upload_shown)
    sync_url(view)
    keep_playing(dataset)


@functools.cache
def static_text(path: Path) -> str:
    """A file of the app's own browser code or style, read once per server, not on every run."""
    return path.read_text(encoding="utf-8")


#: Sets <html lang> from the mark document_language leaves in the page.
DOCUMENT_LANGUAGE_JS = Path(__file__).resolve().parent.parent / "static" / "app" / "document_language.js"


def document_language(lang: str) -> None:
    """State the interface language on the page itself (<html lang>), for screen readers,
    hyphenation and the browser's translation offer. ``lang`` is a registered language code."""
    if lang not in LANGUAGES:
        return
    script = static_text(DOCUMENT_LANGUAGE_JS)
    # In the sidebar, after its last widget: the frame's place in the layout shows nowhere.
    with st.sidebar:
        # The frame is a document of its own: it states its language and has a title (axe's
        # html-has-lang and document-title; issue #19).
        title = escape(t(lang, "a11y.language_frame"))
        components.html(
            f'<html lang="{lang}" data-mm-lang="{lang}"><head><title>{title}</title></head>'
            f"<body><script>{script}</script></body></html>",
            height=0,
        )


#: Every page's layout on a phone (ui.chrome.page_start).
PHONE_CSS = Path(__file__).resolve().parent.parent / "static" / "app" / "phone.css"

#: Every page: 24 px touch targets where Streamlit's widgets draw smaller ones (ui.chrome.page_start).
TARGETS_CSS = Path(__file__).resolve().parent.parent / "static" / "app" / "targets.css"

#: An embed's CSS: no sidebar, header or toolbar, little padding (ui.chrome.page_start).
EMBED_CSS = Path(__file__).resolve().parent.parent / "static" / "app" / "embed.css"

#: The map page's CSS (ui.chrome.map_page_style).
MAP_PAGE_CSS = Path(__file__).resolve().parent.parent / "static" / "app" / "map_page.css"


def map_page_style() -> None:
    """Once per page run, outside the fragment: the map page's CSS (takes no space)."""
    st.html(f"<style>{static_text(MAP_PAGE_CSS)}</style>")
