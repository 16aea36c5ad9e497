"""Dates and numbers as each language writes them, through Babel (the Unicode CLDR's rules):
"4 June 2026" / "4 juin 2026", "12,345" / "12 345". A language code of geo.i18n is its locale."""

from __future__ import annotations

import datetime as dt
import re

import pandas as pd
from babel import Locale
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


#: CLDR date and time pattern letters and their d3-time-format directives (what Vega formats with).
_D3 = {"dd": "%d", "d": "%-d", "MM": "%m", "M": "%-m", "y": "%Y", "yyyy": "%Y", "HH": "%H", "H": "%-H"}
_D3 |= {"mm": "%M", "ss": "%S"}


def _d3_pattern(pattern: str) -> str:
    """A CLDR pattern (``dd/MM/y HH:mm:ss``) as a d3 format string (``%d/%m/%Y %H:%M:%S``)."""
    return re.sub(r"([a-zA-Z])\1*", lambda m: _D3.get(m.group(0), m.group(0)), pattern)


def vega_locale(lang: str) -> dict | None:
    """The number and time locale Vega formats a chart's axes and tooltips with in ``lang`` (month
    and day names, decimal and thousands separators), from Babel's CLDR data; None for the default
    language, which Vega formats as it does without one (en-US)."""
    code = _locale(lang)
    if code == DEFAULT_LANGUAGE:
        return None
    locale = Locale.parse(code)
    symbols = locale.number_symbols["latn"]

    def names(table) -> list[str]:
        return [table[key] for key in sorted(table)]

    days = locale.days["format"]
    sunday_first = lambda table: [table[6], *(table[i] for i in range(6))]  # noqa: E731  d3 starts on Sunday
    return {
        "number": {
            "decimal": symbols["decimal"],
            "thousands": symbols["group"],
            "grouping": [3],
            "currency": ["", ""],
        },
        "time": {
            "dateTime": _d3_pattern(f"{locale.date_formats['short'].pattern} {locale.time_formats['medium'].pattern}"),
            "date": _d3_pattern(locale.date_formats["short"].pattern),
            "time": _d3_pattern(locale.time_formats["medium"].pattern),
            "periods": [locale.day_periods["format"]["abbreviated"].get(p, p.upper()) for p in ("am", "pm")],
            "days": sunday_first(days["wide"]),
            "shortDays": sunday_first(days["abbreviated"]),
            "months": names(locale.months["format"]["wide"]),
            "shortMonths": names(locale.months["format"]["abbreviated"]),
        },
    }
