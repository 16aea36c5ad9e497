"""Exports of the current view: CSV safe to open in a spreadsheet, and GeoJSON."""

from __future__ import annotations

import json

import pandas as pd

#: A spreadsheet reads a cell starting with one of these as a formula (CSV injection).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value: object) -> object:
    """Prefix a text cell that a spreadsheet would run as a formula with an apostrophe."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def to_safe_csv(frame: pd.DataFrame) -> bytes:
    """UTF-8 CSV of ``frame`` with every text cell neutralised against formula injection."""
    safe = frame.copy()
    for column in safe.columns:
        if safe[column].dtype == object or str(safe[column].dtype) in ("str", "string"):
            safe[column] = safe[column].map(neutralise)
    return safe.to_csv(index=False).encode("utf-8")


def _clean(value: object) -> object:
    if value is None or (not isinstance(value, (list, dict, str)) and pd.isna(value)):
        return None
    if isinstance(value, pd.Timestamp):
        return f"{value:%Y-%m-%d}"
    if hasattr(value, "item"):
        return value.item()
    return value


def to_geojson(towns: pd.DataFrame, events: pd.DataFrame) -> str:
    """A FeatureCollection of the towns (with their holder) and the events of a view."""
    features = []
    for kind, frame in (("town", towns), ("event", events)):
        placed = frame.dropna(subset=["lat", "lon"])
        columns = [c for c in placed.columns if c not in ("lat", "lon")]
        for row in placed.itertuples(index=False):
            record = row._asdict()
            properties = {"kind": kind, **{c: _clean(record[c]) for c in columns}}
            features.append(
                {
                    "type": "Feature",
                    "geometry": {"type": "Point", "coordinates": [round(float(row.lon), 5), round(float(row.lat), 5)]},
                    "properties": properties,
                }
            )
    return json.dumps({"type": "FeatureCollection", "features": features}, ensure_ascii=False)
