"""Dates and numbers as each language writes them, through Babel (the Unicode CLDR's rules):
"4 June 2026" / "4 juin 2026", "12,345" / "12 345". A language code of geo.i18n is its locale."""

from __future__ import annotations

import datetime as dt

import pandas as pd
from babel.dates import format_date
from babel.numbers import format_decimal

from geo.i18n import DEFAULT_LANGUAGE, LANGUAGES


def _locale(lang: str) -> str:
    return lang if lang in LANGUAGES else DEFAULT_LANGUAGE


def long_date(day: dt.date | pd.Timestamp | str, lang: str) -> str:
    """A day in words: "4 June 2026" in English (day first, as in the rest of the app's prose),
    "4 juin 2026" in French ("1er" for the first of the month, as French writes it)."""
    day = pd.Timestamp(day).date()
    if _locale(lang) == "fr":
        text = format_date(day, "d MMMM y", locale="fr")
        return "1er" + text[1:] if day.day == 1 else text
    return format_date(day, "d MMMM y", locale=_locale(lang))


def number(value: float | int, lang: str) -> str:
    """A number with the language's separators (French groups thousands with a narrow space)."""
    return format_decimal(value, locale=_locale(lang))
