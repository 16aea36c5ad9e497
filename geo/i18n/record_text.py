"""The record's own words in the interface language (issue #19): a free-text column's twin
``<column>_<lang>`` (``note_fr``, ``description_fr``) where the record has one, else the column
itself (English, as written). An empty or blank twin counts as none; the default language always
reads the column itself."""

from __future__ import annotations

import pandas as pd

from geo.i18n import DEFAULT_LANGUAGE


def twin(column: str, lang: str) -> str | None:
    """The name of ``column``'s twin in ``lang`` (``note_fr``), or None for the default language."""
    return None if lang == DEFAULT_LANGUAGE else f"{column}_{lang}"


def localized(frame: pd.DataFrame, column: str, lang: str) -> pd.Series:
    """Each row's ``column`` in ``lang``: its twin where filled, else ``column`` itself."""
    text = frame[column]
    name = twin(column, lang)
    if name is None or name not in frame:
        return text
    own = frame[name]
    filled = own.notna() & own.astype("string").str.strip().ne("").fillna(False)
    return own.where(filled, text)


def localized_cell(row: object, column: str, lang: str) -> object:
    """One row's ``column`` in ``lang`` (a namedtuple of itertuples or a Series): its twin where
    filled, else ``column`` itself (None when the row has neither)."""
    name = twin(column, lang)
    own = getattr(row, name, None) if name else None
    if isinstance(own, str) and own.strip():
        return own
    return getattr(row, column, None)
