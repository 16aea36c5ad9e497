"""Files in this project's own events.csv schema (data/README.md): actor cells hold the
record's actor ids."""

from __future__ import annotations

import numpy as np
import pandas as pd

from geo.importers.cells import Rows, col, numbers, parse_dates, require, shown, whole_numbers
from geo.importers.formats import ImportFormat
from geo.importers.limits import MAX_FATALITIES
from geo.schema import EVENT_TYPES, TABLES

NATIVE_REQUIRED = ("event_id", "date", "event_type", "actor_id", "description", "source_ids")


_NATIVE_USED = tuple(TABLES["events"].columns)


def _from_native(frame: pd.DataFrame, rows: Rows, warnings: list[str]) -> pd.DataFrame:
    require(frame, NATIVE_REQUIRED, "project events.csv")
    types = col(frame, "event_type").str.strip()
    rows.reject(~types.isin(EVENT_TYPES), "event_type " + shown(types) + " is not in the project's vocabulary")
    low, bad_low, large_low = whole_numbers(col(frame, "fatalities_low"))
    high, bad_high, large_high = whole_numbers(col(frame, "fatalities_high"))
    rows.reject(bad_low | bad_high, "fatalities are not whole numbers >= 0")
    rows.reject(large_low | large_high, f"fatalities are over {MAX_FATALITIES:,} for one event")
    precision = col(frame, "date_precision").str.strip()
    return pd.DataFrame(
        {
            "event_id": col(frame, "event_id").str.strip(),
            "date": parse_dates(col(frame, "date")),
            "date_text": col(frame, "date"),
            "date_precision": np.where(precision.isin(["week", "month"]), precision, "day"),
            "lat": numbers(col(frame, "lat")),
            "lon": numbers(col(frame, "lon")),
            "geo_precision": col(frame, "geo_precision").str.strip().replace("", "exact"),
            "location": col(frame, "place_id"),
            "admin1": "",
            "country": "Mali",
            "place_id": col(frame, "place_id").str.strip().replace("", None),
            "event_type": types,
            "actor1": col(frame, "actor_id"),
            "allies": col(frame, "allies"),
            "target": col(frame, "target_id"),
            "fatalities_low": low,
            "fatalities_high": high,
            "description": col(frame, "description"),
            "note": col(frame, "note"),
        },
        index=frame.index,
    )


FORMAT = ImportFormat(
    name="native",
    label="this project's events.csv",
    required=NATIVE_REQUIRED,
    used=_NATIVE_USED,
    signature="source_ids",
    convert=_from_native,
    publisher="uploaded events file",
    keep_case=True,
    actor_ids=True,
)
