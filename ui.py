"""The one non-page module that imports streamlit: cached loaders, URL state, shared widgets.

Pages read widgets, call :mod:`geo`, and draw; everything they share lives here.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pandas as pd
import streamlit as st

from geo import DEFAULT_ROOT, DataError, Dataset, load_dataset

#: Session-state keys, one name per widget that shapes the view.
KEY_DATE = "date"


@st.cache_data(show_spinner="Loading the record…")
def cached_dataset(root: str) -> Dataset:
    """The validated record in ``root``, loaded once per server and folder."""
    return load_dataset(Path(root))


def dataset_or_stop(root: str | Path = DEFAULT_ROOT) -> Dataset:
    """The record, or a readable list of its problems and a stop (never a traceback)."""
    try:
        return cached_dataset(str(root))
    except DataError as err:
        st.error(f"The data in `{root}` has {len(err.problems)} problem(s); run `python -m geo check` for details.")
        st.code("\n".join(str(p) for p in err.problems[:50]), language=None)
        st.stop()
        raise  # st.stop() raises; this keeps type checkers sure the function never returns None


def date_from_url(dataset: Dataset, default: dt.date) -> dt.date:
    """The ``date`` query parameter if valid and in range; otherwise the default, with a notice."""
    raw = st.query_params.get(KEY_DATE)
    if raw is None:
        return default
    first, last = dataset.first_date.date(), dataset.as_of.date()
    try:
        value = pd.Timestamp(raw).date()
    except ValueError:
        st.warning(f"The link's date {raw!r} is not a date (YYYY-MM-DD); showing {default:%Y-%m-%d} instead.")
        return default
    if not first <= value <= last:
        st.warning(
            f"The link's date {raw} is outside the record ({first} to {last}); showing {default:%Y-%m-%d} instead."
        )
        return default
    return value


def date_picker(dataset: Dataset) -> dt.date:
    """A date input bounded by the record, initialised from the URL and mirrored into it."""
    first, last = dataset.first_date.date(), dataset.as_of.date()
    if KEY_DATE not in st.session_state:
        st.session_state[KEY_DATE] = date_from_url(dataset, last)
    chosen = st.date_input("Date", min_value=first, max_value=last, key=KEY_DATE, format="YYYY-MM-DD")
    st.query_params[KEY_DATE] = f"{chosen:%Y-%m-%d}"
    return chosen
