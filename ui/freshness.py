"""How recent each layer of the map is, in one line each, with a warning for a stale layer
(geo.freshness). One small function, so that the record's as-of date shown elsewhere merges here."""

from __future__ import annotations

import streamlit as st

from geo.freshness import STALE_AFTER, freshness
from geo.i18n import t
from geo.i18n.formats import long_date, number
from ui.keys import Key
from ui.record import DATA_ROOT, cached_dataset


def freshness_note(lang: str) -> None:
    """The record's as-of date and the session's own events (latest event, when synced or loaded);
    a warning for each layer older than STALE_AFTER days."""
    upload = st.session_state.get(Key.UPLOAD)
    latest = upload.events["date"].max() if upload is not None and len(upload.events) else None
    layers = freshness(
        cached_dataset(str(DATA_ROOT)).as_of,
        latest,
        st.session_state.get(Key.UPLOAD_DATE),
        own_layer=st.session_state.get(Key.SYNCED) or "upload",
    )
    for layer in layers:
        text = t(
            lang,
            f"fresh.{layer.layer}",
            date=long_date(layer.latest, lang),
            days=number(layer.age_days, lang),
            fetched=long_date(layer.fetched, lang) if layer.fetched else "?",
        )
        if layer.stale:
            st.warning(text + " " + t(lang, "fresh.stale", days=STALE_AFTER), icon=":material/schedule:")
        else:
            st.caption(text)
