"""The record a session sees: the bundled one (shared by every session) and the session's upload."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import pandas as pd
import streamlit as st

from geo import DEFAULT_ROOT, DataError, Dataset, load_dataset
from geo.boundaries import load_regions
from geo.gazetteer import Gazetteer
from geo.i18n import place_name, t
from geo.importers import FORMATS, combine
from geo.sync.sources import SOURCES
from ui.keys import Key
from ui.state import language
from ui.text import plain

#: The record the app shows: the bundled one, or another folder of the same tables
#: (MALI_MAP_DATA=path), which the benchmarks use for large synthetic records.
DATA_ROOT = Path(os.environ.get("MALI_MAP_DATA") or DEFAULT_ROOT)


@st.cache_resource(show_spinner=False)
def cached_dataset(root: str) -> Dataset:
    """The validated record in ``root``, loaded once per server and shared by every session.

    cache_resource rather than cache_data: the record is read-only and may be large (an
    imported ACLED file), so sessions share one copy instead of unpickling their own on
    every rerun. Queries never modify it; they return new frames.
    """
    return load_dataset(Path(root))


def dataset_or_stop(root: str | Path = DATA_ROOT) -> Dataset:
    """The record the pages show: the bundled one, or with this session's uploaded events
    (as the sidebar's source switch says). Problems in the data are listed, never a traceback."""
    try:
        bundled = cached_dataset(str(root))
    except DataError as err:
        st.error(t(language(), "notice.data_error", count=len(err.problems)))
        st.code("\n".join(str(p) for p in err.problems[:50]), language=None)
        st.stop()
        raise
    upload = st.session_state.get(Key.UPLOAD)
    mode = st.session_state.get(Key.SOURCE, "both")
    if upload is None or mode == "bundled" or upload.events.empty:
        return bundled
    # Each session keeps its own upload: ACLED's terms forbid sharing its raw data between users.
    cache_key = (id(upload), mode)
    if st.session_state.get(Key.COMBINED_KEY) != cache_key:
        st.session_state[Key.COMBINED] = combine(bundled, upload, mode)
        st.session_state[Key.COMBINED_KEY] = cache_key
    return st.session_state[Key.COMBINED]


def attribution(lang: str, upload_shown: bool = False) -> None:
    """The acknowledgement an upload's format requires (ACLED's), once, wherever this session's
    view uses its rows or the page shows the upload itself (``upload_shown``)."""
    upload = st.session_state.get(Key.UPLOAD)
    if upload is not None and (upload_shown or st.session_state.get(Key.SOURCE, "both") != "bundled"):
        text = upload_attribution(upload, st.session_state.get(Key.UPLOAD_DATE, ""), st.session_state.get(Key.SYNCED))
        if text:
            st.caption(text)


def upload_attribution(upload, day: str, synced: str | None = None) -> str | None:
    """The acknowledgement of an upload's format, if its terms ask for one, as Markdown with the
    file's name shown as typed; of the sync source ``synced`` (with its access date) instead when
    the session's events were synced."""
    if synced in SOURCES:
        return SOURCES[synced].attribution.format(date=plain(day))
    template = FORMATS[upload.format].attribution
    return template.format(date=plain(day), name=plain(upload.source_name)) if template else None


def regions_geojson() -> dict:
    """Mali's regions (Natural Earth), for the boundaries layer."""
    return load_regions()


@st.cache_resource(show_spinner=False)
def cached_gazetteer(root: str):
    """The gazetteer over the record's places and the GeoNames extract, built once per server."""
    dataset = cached_dataset(root)
    return Gazetteer.from_files(dataset.places, Path(root) / "gazetteer.csv")


def store_upload(result, day: dt.date, synced: str | None = None) -> None:
    """Keep an import in this session and show its events with the bundled ones; ``synced``: the
    sync source it came from (None for a file)."""
    st.session_state[Key.UPLOAD] = result
    if synced is None:
        st.session_state.pop(Key.SYNCED, None)
    else:
        st.session_state[Key.SYNCED] = synced
    st.session_state[Key.UPLOAD_DATE] = f"{day:%Y-%m-%d}"
    st.session_state[Key.SOURCE] = "both"
    st.session_state.pop(Key.COMBINED_KEY, None)


def forget_upload() -> None:
    """Drop this session's upload; the pages show the bundled record again."""
    for key in (
        Key.UPLOAD,
        Key.UPLOAD_DATE,
        Key.COMBINED,
        Key.COMBINED_KEY,
        Key.UPLOAD_TOKEN,
        Key.UPLOAD_ERROR,
        Key.SYNCED,
        Key.SYNC_REPORT,
    ):
        st.session_state.pop(key, None)
    st.session_state[Key.SOURCE] = "bundled"


def place_label(dataset: Dataset, lang: str) -> pd.Series:
    """Each place's name in the interface language, by place_id."""
    places = dataset.places
    return pd.Series(
        [place_name(lang, n, f) for n, f in zip(places["name"], places["name_fr"])], index=places["place_id"]
    )
