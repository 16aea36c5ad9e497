"""Exports of the current view: CSV safe to open in a spreadsheet, and GeoJSON."""

from __future__ import annotations

import csv
import datetime as dt
import json
import math
import re

import numpy as np
import pandas as pd
from pandas.api.types import is_bool_dtype, is_datetime64_any_dtype, is_float_dtype, is_numeric_dtype

#: A spreadsheet reads a cell starting with one of these as a formula (CSV injection).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")

#: A line a spreadsheet could run: a formula sign, maybe after spaces or a double quote
#: (some spreadsheets trim them), or a tab.
_FORMULA_LINE = re.compile(r'[\s"]*[=+\-@]|\t')


def neutralise(value: object) -> object:
    """Prefix with an apostrophe each line of a text cell that a spreadsheet would run as a formula.

    Each line counts, not only the first: a spreadsheet that splits rows on a bare carriage
    return or line feed reads the text after it as a new cell. Only apostrophes are added,
    and a neutralised cell is left as it is.
    """
    if not isinstance(value, str):
        return value
    lines = value.splitlines(keepends=True)  # \r, \n, \r\n and the other line breaks
    text = "".join("'" + line if _FORMULA_LINE.match(line) else line for line in lines)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def _is_text(column: pd.Series) -> bool:
    return not (is_numeric_dtype(column) or is_bool_dtype(column) or is_datetime64_any_dtype(column))


def to_safe_csv(frame: pd.DataFrame) -> bytes:
    """UTF-8 CSV of ``frame`` with every text cell neutralised against formula injection.

    Every text cell is quoted, so a line break inside one stays inside it; numbers (negative
    ones too) stay unquoted numbers.
    """
    safe = frame.copy()
    for column in safe.columns:
        values = safe[column]
        infinite = values.isin([np.inf, -np.inf]) if is_float_dtype(values) else None
        if infinite is not None and infinite.any():
            # A spreadsheet reads a bare -inf as a formula: infinities go out as (neutralised) text.
            values = values.astype(object).where(~infinite, values.map(str))
        if _is_text(values):
            safe[column] = values.astype(object).map(neutralise)
    safe.columns = [neutralise(str(name)) for name in safe.columns]
    return safe.to_csv(index=False, quoting=csv.QUOTE_NONNUMERIC).encode("utf-8")


def _clean(value: object) -> object:
    """A property value as JSON holds it: no NaN or infinity (null), dates as YYYY-MM-DD."""
    if isinstance(value, dict):
        return {str(key): _clean(item) for key, item in value.items()}
    if isinstance(value, np.ndarray):
        value = value.tolist()
    if isinstance(value, list | tuple):
        return [_clean(item) for item in value]
    if value is None or (not isinstance(value, str) and pd.api.types.is_scalar(value) and pd.isna(value)):
        return None
    if isinstance(value, pd.Timestamp | dt.date):
        try:
            return f"{value:%Y-%m-%d}"
        except (ValueError, NotImplementedError):  # a year strftime cannot print (year 0)
            return str(value)
    if hasattr(value, "item") and getattr(value, "size", 1) == 1:
        value = value.item()
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if isinstance(value, str | bool | int | float):
        return value
    return str(value)


def _point(lat: object, lon: object) -> dict | None:
    """A GeoJSON point, or None (an unlocated feature) when the coordinates are missing or not finite."""
    try:
        lat, lon = float(lat), float(lon)
    except (TypeError, ValueError):
        return None
    if not (math.isfinite(lat) and math.isfinite(lon)):
        return None
    return {"type": "Point", "coordinates": [round(lon, 5), round(lat, 5)]}


def _line(points: list[list[float]] | None) -> dict | None:
    """A GeoJSON line through [[lat, lon], ...], or None."""
    if not points:
        return None
    return {"type": "LineString", "coordinates": [[round(lon, 5), round(lat, 5)] for lat, lon in points]}


def _features(kind: str, frame: pd.DataFrame | None, geometry) -> list[dict]:
    if frame is None:
        return []
    columns = [c for c in frame.columns if c not in ("lat", "lon", "from_day", "to_day", "map_region")]
    return [
        {
            "type": "Feature",
            "geometry": geometry(record),
            # A base's own "kind" (camp, airbase ...) must not hide what the feature is.
            "properties": {
                **{(f"{kind}_kind" if c == "kind" else str(c)): _clean(record[c]) for c in columns},
                "kind": kind,
            },
        }
        for record in frame.to_dict("records")
    ]


def to_geojson(
    towns: pd.DataFrame,
    events: pd.DataFrame,
    routes: pd.DataFrame | None = None,
    lines: dict[str, list[list[float]]] | None = None,
    blockades: pd.DataFrame | None = None,
    bases: pd.DataFrame | None = None,
) -> str:
    """A FeatureCollection of the towns (with their holder) and the events of a view, and, when
    given, the routes with their status on the date (lines through ``lines``), the blockades of
    towns and the bases held (issue #15).

    A row without usable coordinates (a national event) is kept, with a null geometry.
    """
    point = lambda record: _point(record.get("lat"), record.get("lon"))  # noqa: E731
    features = _features("town", towns, point) + _features("event", events, point)
    features += _features("route", routes, lambda record: _line((lines or {}).get(record.get("route_id"))))
    features += _features("blockade", blockades, point) + _features("base", bases, point)
    return json.dumps({"type": "FeatureCollection", "features": features}, ensure_ascii=False, allow_nan=False)


def roads_and_bases_table(routes: pd.DataFrame, blockades: pd.DataFrame, bases: pd.DataFrame) -> pd.DataFrame:
    """One table of what the roads and bases layers show on a date: each route with its status,
    each blockade of a town, each base held; ``kind`` says which."""
    route_rows = routes.assign(kind="route", id=routes["route_id"], who=routes["imposed_by"], what=routes["status"])
    blockade_rows = blockades.assign(kind="blockade", id=blockades["place_id"], who=blockades["imposed_by"], what="")
    base_rows = bases.assign(kind="base", id=bases["base_id"], who=bases["operator_id"], what=bases["kind"])
    columns = ["kind", "id", "name", "what", "who", "cut", "start", "end", "end_reason", "handed_to"]
    columns += ["confidence", "claimant_id", "source_ids", "note", "note_fr"]
    frames = [frame.reindex(columns=columns) for frame in (route_rows, blockade_rows, base_rows)]
    return pd.concat([f for f in frames if len(f)], ignore_index=True).reindex(columns=columns)
