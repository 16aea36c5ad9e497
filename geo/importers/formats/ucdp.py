"""UCDP Georeferenced Event Dataset (GED) files: events with low, best and high death tolls."""

from __future__ import annotations

import numpy as np
import pandas as pd

from geo.importers.cells import Rows, col, numbers, parse_dates, require, shown, whole_numbers
from geo.importers.formats import ImportFormat
from geo.importers.limits import MAX_FATALITIES

UCDP_REQUIRED = (
    "id",
    "type_of_violence",
    "side_a",
    "side_b",
    "latitude",
    "longitude",
    "date_start",
    "best",
    "low",
    "high",
)


UCDP_TYPES = {"1": "clash", "2": "clash", "3": "attack"}


UCDP_GEO = {"1": "exact", "2": "near", "3": "region", "4": "region", "5": "region", "6": "country", "7": "country"}


_UCDP_USED = (
    *UCDP_REQUIRED,
    "date_end",
    "date_prec",
    "where_coordinates",
    "where_prec",
    "adm_1",
    "country",
    "conflict_name",
)


_PLACE_KINDS = ("town", "village", "city", "region")


def _without_place_kind(where: str) -> str:
    """UCDP's "Gao town" -> "Gao" (as ``\\s+(town|village|city|region)$`` would, without a regex:
    that one backtracks quadratically on a cell of spaces)."""
    for kind in _PLACE_KINDS:
        if where.endswith(kind) and len(where) > len(kind) and where[-len(kind) - 1].isspace():
            return where[: -len(kind)].rstrip()
    return where


#: A UCDP event whose days (date_start to date_end) span at most this many days is dated to
#: the week (its first day kept); a longer one to the month.
WEEK_DAYS = 7


def _precision(code: pd.Series, start: pd.Series, end: pd.Series) -> np.ndarray:
    """``day`` for a one-day event UCDP dates exactly (date_prec 1), ``week`` for an event of
    at most a week (its days, or date_prec 2 or 3), else ``month``."""
    days = (end.fillna(start) - start).dt.days.fillna(0) + 1
    exact = code.isin(["", "1"]) & days.le(1)
    within_week = days.le(WEEK_DAYS) & code.isin(["", "1", "2", "3"])
    return np.select([exact, within_week], ["day", "week"], "month")


def _from_ucdp(frame: pd.DataFrame, rows: Rows, warnings: list[str]) -> pd.DataFrame:
    require(frame, UCDP_REQUIRED, "UCDP GED")
    violence = col(frame, "type_of_violence").str.strip()
    event_type = violence.map(UCDP_TYPES)
    rows.reject(event_type.isna(), "type_of_violence " + shown(violence) + " is not 1, 2 or 3")
    low, bad_low, large_low = whole_numbers(col(frame, "low"))
    high, bad_high, large_high = whole_numbers(col(frame, "high"))
    best, bad_best, large_best = whole_numbers(col(frame, "best"))
    rows.reject(bad_low | bad_high | bad_best, "fatalities (low/best/high) are not whole numbers >= 0")
    rows.reject(
        large_low | large_high | large_best, f"fatalities (low/best/high) are over {MAX_FATALITIES:,} for one event"
    )
    low, high = low.fillna(best), high.fillna(best)
    precision = col(frame, "date_prec").str.strip()
    start, end = parse_dates(col(frame, "date_start")), parse_dates(col(frame, "date_end"))
    where = col(frame, "where_coordinates")
    description = (
        "UCDP: "
        + col(frame, "side_a")
        + " vs "
        + col(frame, "side_b")
        + " at "
        + where
        + "; best estimate "
        + col(frame, "best")
        + " killed"
    )
    ids = col(frame, "id").str.strip()
    geo = col(frame, "where_prec").str.strip().map(UCDP_GEO).fillna("exact")
    return pd.DataFrame(
        {
            "event_id": ("ucdp-" + ids).where(ids.ne(""), None),
            "date": start,
            "date_text": col(frame, "date_start"),
            "date_precision": _precision(precision, start, end),
            "lat": numbers(col(frame, "latitude")),
            "lon": numbers(col(frame, "longitude")),
            "geo_precision": geo,
            "location": where.map(_without_place_kind),
            "admin1": col(frame, "adm_1"),
            "country": col(frame, "country"),
            "event_type": event_type,
            "actor1": col(frame, "side_a"),
            "allies": "",
            "target": col(frame, "side_b"),
            "fatalities_low": low,
            "fatalities_high": high,
            "description": description,
            "note": (
                "UCDP GED id "
                + ids
                + ", "
                + col(frame, "conflict_name")
                + "; date "
                + col(frame, "date_start")
                + " to "
                + col(frame, "date_end")
                + "; where_prec "
                + col(frame, "where_prec")
            ),
        },
        index=frame.index,
    )


FORMAT = ImportFormat(
    name="ucdp",
    label="a UCDP GED file",
    required=UCDP_REQUIRED,
    used=_UCDP_USED,
    signature="type_of_violence",
    convert=_from_ucdp,
    publisher="UCDP GED (uploaded file)",
)
