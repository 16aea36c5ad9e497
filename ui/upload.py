"""The upload on the "Your data" page: what it accepts (from the import-format registry and
its limits), the import with a progress bar, and its failure as a message, never a traceback."""

from __future__ import annotations

import datetime as dt
import html
from pathlib import Path

import streamlit as st
import streamlit.components.v1 as components

from geo.i18n import t
from geo.i18n.formats import number
from geo.importers import FORMATS, ImportFailure, read_events
from geo.importers.limits import MAX_FILE_BYTES, MAX_ROWS
from geo.importers.reading import FILE_TYPES
from ui.chrome import static_text
from ui.keys import Key
from ui.record import DATA_ROOT, cached_gazetteer, store_upload
from ui.text import plain


def upload_intro(lang: str) -> str:
    """What the page accepts: every registered format, the file types and the limits."""
    kinds = [t(lang, f"format.{name}") for name in FORMATS]
    listed = ", ".join(kinds[:-1]) + f" {t(lang, 'data.formats_or')} " + kinds[-1] if len(kinds) > 1 else kinds[0]
    return t(
        lang,
        "data.intro",
        formats=listed,
        megabytes=MAX_FILE_BYTES // (1024 * 1024),
        rows=number(MAX_ROWS, lang),
    )


def uploader(lang: str) -> None:
    """The file uploader; a new file is imported once, with a progress bar, and kept in the session."""
    upload_words(lang)
    uploaded = st.file_uploader(t(lang, "data.upload"), type=list(FILE_TYPES), key="upload_file")
    if uploaded is None or st.session_state.get(Key.UPLOAD_TOKEN) == uploaded.file_id:
        return
    name = plain(uploaded.name)
    with st.status(t(lang, "data.reading", name=name), expanded=True) as status:
        bar = st.progress(0.0)

        def progress(done: int, total: int) -> None:
            bar.progress(
                done / total if total else 1.0,
                text=t(lang, "data.progress", rows=number(done, lang), total=number(total, lang)),
            )

        try:
            result = read_events(
                uploaded, gazetteer=cached_gazetteer(str(DATA_ROOT)), name=uploaded.name, progress=progress
            )
        except ImportFailure as err:
            status.update(state="error")
            st.session_state[Key.UPLOAD_ERROR] = str(err)
        else:
            store_upload(result, dt.date.today())
            status.update(label=t(lang, "data.read_done", name=name), state="complete")
            st.session_state.pop(Key.UPLOAD_ERROR, None)
    st.session_state[Key.UPLOAD_TOKEN] = uploaded.file_id
    st.rerun()


#: Shows the uploader's words in the interface language (ui.upload.upload_words).
UPLOAD_CSS = Path(__file__).resolve().parent.parent / "static" / "app" / "upload.css"
UPLOAD_WORDS_JS = Path(__file__).resolve().parent.parent / "static" / "app" / "upload_words.js"


def upload_words(lang: str) -> None:
    """The uploader's own words (its button, its limit and the hint while a file is dragged over
    it) in ``lang``, in place of Streamlit's English ones: Streamlit has no locale for them
    (streamlit/streamlit issue 13500). The words are the language file's, passed as attributes
    (escaped) to static/app/upload_words.js, which static/app/upload.css reads them from."""
    megabytes = number(MAX_FILE_BYTES // (1024 * 1024), lang)
    words = {
        "button": t(lang, "upload.button"),
        "limit": t(lang, "upload.limit", megabytes=megabytes, types=", ".join(f.upper() for f in FILE_TYPES)),
        "drop": t(lang, "upload.drop"),
    }
    attributes = " ".join(f'data-mm-upload-{name}="{html.escape(text, quote=True)}"' for name, text in words.items())
    st.html(f"<style>{static_text(UPLOAD_CSS)}</style>")
    with st.sidebar:  # takes no room there, after the sidebar's last widget
        # The frame is a document of its own: its language and a title (axe; issue #19).
        title = html.escape(t(lang, "a11y.upload_frame"))
        components.html(
            f'<html lang="{lang}" {attributes}><head><title>{title}</title></head>'
            f"<body><script>{static_text(UPLOAD_WORDS_JS)}</script></body></html>",
            height=0,
        )
