"""Bring your own data: ACLED and UCDP GED exports (CSV or XLSX) and the project's own events.csv.

``read_events(source)`` returns the rows in the project's event schema, and for every row
it did not import, the row number (as a spreadsheet shows it) and the reason. Accepted
plus rejected always equals the data rows of the file: nothing is dropped silently.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from geo.importers.actors import (
    DEFAULT_MAPPING,
    ActorMapper,
    actor_cell_problems,
    load_mapping,
    normalise,
    per_cell,
    per_pair,
    split_actors,
    split_cells,
    too_long,
)
from geo.importers.limits import (
    EARLIEST_DATE,
    MAX_ACTOR_NAMES,
    MAX_FATALITIES,
    MAX_NAME_CHARS,
    MAX_PLACE_LOOKUPS,
)
from geo.importers.reading import ImportFailure, read_raw
from geo.schema import EVENT_TYPES, MALI_BBOX, TABLES

__all__ = ["FORMATS", "ImportFailure", "ImportResult", "read_events"]

FORMATS = ("acled", "ucdp", "native")

#: The columns of ACLED's export, in the codebook's order.
ACLED_COLUMNS = (
    "event_id_cnty",
    "event_date",
    "year",
    "time_precision",
    "event_type",
    "sub_event_type",
    "actor1",
    "assoc_actor_1",
    "inter1",
    "actor2",
    "assoc_actor_2",
    "inter2",
    "interaction",
    "region",
    "country",
    "admin1",
    "admin2",
    "admin3",
    "location",
    "latitude",
    "longitude",
    "geo_precision",
    "source",
    "source_scale",
    "notes",
    "fatalities",
    "timestamp",
    "iso3",
)
ACLED_REQUIRED = ("event_date", "event_type", "actor1", "latitude", "longitude", "fatalities")
ACLED_OPTIONAL = tuple(c for c in ACLED_COLUMNS if c not in ACLED_REQUIRED)
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
NATIVE_REQUIRED = ("event_id", "date", "event_type", "actor_id", "description", "source_ids")

#: ACLED sub-event (or event) type -> the project's event type.
ACLED_TYPES = {
    "armed clash": "clash",
    "government regains territory": "capture",
    "non-state actor overtakes territory": "capture",
    "non-violent transfer of territory": "capture",
    "air/drone strike": "airstrike",
    "suicide bomb": "suicide_bombing",
    "remote explosive/landmine/ied": "ied",
    "shelling/artillery/missile attack": "attack",
    "grenade": "attack",
    "chemical weapon": "attack",
    "attack": "attack",
    "sexual violence": "attack",
    "abduction/forced disappearance": "kidnapping",
    "looting/property destruction": "attack",
    "agreement": "agreement",
    "headquarters or base established": "deployment",
    "arrests": "political",
    "change to group/activity": "political",
    "disrupted weapons use": "political",
    "other": "political",
    "peaceful protest": "political",
    "protest with intervention": "political",
    "excessive force against protesters": "attack",
    "violent demonstration": "clash",
    "mob violence": "clash",
    # event_type fallbacks
    "battles": "clash",
    "explosions/remote violence": "attack",
    "violence against civilians": "attack",
    "protests": "political",
    "riots": "clash",
    "strategic developments": "political",
}
UCDP_TYPES = {"1": "clash", "2": "clash", "3": "attack"}
#: Geographic precision codes -> the project's geo_precision.
ACLED_GEO = {"1": "exact", "2": "near", "3": "region"}
UCDP_GEO = {"1": "exact", "2": "near", "3": "region", "4": "region", "5": "region", "6": "country", "7": "country"}

_DATE_FORMATS = (
    "%Y-%m-%d",
    "%d %B %Y",
    "%d-%B-%Y",
    "%d %b %Y",
    "%d-%b-%Y",
    "%B %d, %Y",
    "%d/%m/%Y",
    "%d.%m.%Y",
    "%Y/%m/%d",
    "%m/%d/%Y",
    "%Y-%m-%dT%H:%M:%S",
    "%Y-%m-%d %H:%M:%S",
)


@dataclass
class ImportResult:
    """What an import produced."""

    events: pd.DataFrame
    rejected: pd.DataFrame
    format: str
    warnings: list[str] = field(default_factory=list)
    actors: pd.DataFrame = field(default_factory=pd.DataFrame)
    source_name: str = "upload"
    data_rows: int = 0
    geocoded: int = 0
    not_geocoded: int = 0

    @property
    def summary(self) -> str:
        return (
            f"{self.format.upper()} file {self.source_name}: {self.data_rows} data rows, "
            f"{len(self.events)} imported, {len(self.rejected)} rejected; "
            f"{self.geocoded} placed by name, {self.not_geocoded} could not be placed"
        )


def detect_format(columns) -> str:
    """'acled', 'ucdp' or 'native' from the header; ImportFailure when it is none of them."""
    names = {str(c).strip().lower() for c in columns}
    scores = {
        "acled": len(names & set(ACLED_REQUIRED)) / len(ACLED_REQUIRED) + ("event_id_cnty" in names),
        "ucdp": len(names & set(UCDP_REQUIRED)) / len(UCDP_REQUIRED) + ("type_of_violence" in names),
        "native": len(names & set(NATIVE_REQUIRED)) / len(NATIVE_REQUIRED) + ("source_ids" in names),
    }
    best = max(scores, key=scores.get)
    if scores[best] < 0.5:
        raise ImportFailure(
            "the columns are not those of an ACLED export, a UCDP GED file or this project's events.csv "
            f"(found: {', '.join(n[:40] for n in sorted(names)[:12])}{'…' if len(names) > 12 else ''})"
        )
    return best


def _require(frame: pd.DataFrame, required, label: str) -> None:
    missing = [c for c in required if c not in frame.columns]
    if missing:
        raise ImportFailure(f"this looks like a {label} file but lacks the column(s): {', '.join(missing)}")


def parse_dates(text: pd.Series) -> pd.Series:
    """Dates in any of the common formats; NaT where none fits. Day-first for slashes (ACLED/UCDP usage)."""
    text = text.str.strip()
    result = pd.Series(pd.NaT, index=text.index, dtype="datetime64[us]")
    remaining = text.ne("")
    for fmt in _DATE_FORMATS:
        if not remaining.any():
            break
        parsed = pd.to_datetime(text[remaining], format=fmt, errors="coerce")
        hit = parsed.notna()
        result.loc[hit[hit].index] = parsed[hit].astype("datetime64[us]")
        remaining &= result.isna()
    return result.dt.normalize()


def _numbers(text: pd.Series) -> pd.Series:
    return pd.to_numeric(text.str.strip().str.replace(",", ".", regex=False), errors="coerce")


def _whole_numbers(text: pd.Series) -> tuple[pd.Series, pd.Series, pd.Series]:
    """(values, bad, large): values as nullable ints; bad marks non-empty cells that are not whole
    numbers >= 0, large whole numbers over MAX_FATALITIES (NA in values, so no sum overflows)."""
    stripped = text.str.strip()
    values = pd.to_numeric(stripped, errors="coerce").astype("float64")
    bad = stripped.ne("") & (values.isna() | (values < 0) | (values % 1 != 0))
    large = ~bad & (values > MAX_FATALITIES)
    return values.where(~bad & ~large).round().astype("Int64"), bad, large


def _shown(text: pd.Series, size: int = 60) -> pd.Series:
    """Cells as a rejection reason quotes them: at most ``size`` characters."""
    return text.where(text.str.len() <= size, text.str.slice(0, size - 1) + "…")


_TOO_LARGE = f"is more than {MAX_FATALITIES:,} for one event"


def _slug(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", "_", normalise(name)).strip("_")[:60] or "unnamed"


class _Rows:
    """Collects per-row rejection reasons, first reason wins."""

    def __init__(self, index: pd.Index, first_row: int):
        self.reason = pd.Series("", index=index, dtype=object)
        self.first_row = first_row

    def reject(self, mask: pd.Series, reason) -> None:
        mask = mask & self.reason.eq("")
        if mask.any():
            self.reason[mask] = reason[mask] if isinstance(reason, pd.Series) else reason

    @property
    def ok(self) -> pd.Series:
        return self.reason.eq("")

    def report(self) -> pd.DataFrame:
        bad = self.reason[self.reason.ne("")]
        return pd.DataFrame({"row": (bad.index + self.first_row).astype("int64"), "reason": bad.to_numpy()})


def read_events(
    source,
    format: str = "auto",
    *,
    mapping: str | Path | pd.DataFrame = DEFAULT_MAPPING,
    gazetteer=None,
    name: str | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> ImportResult:
    """Read an ACLED, UCDP GED or project events file (CSV or XLSX) into the project's event schema.

    ``gazetteer`` (a :class:`geo.gazetteer.Gazetteer`) places rows that have no coordinates
    by their location name. ``progress(rows_done, rows_total)``, if given, is called after each
    quarter of the work (read, converted, placed, finished) with the rows it stands for, for a
    progress bar. Raises ImportFailure when the file as a whole cannot be read or is over the
    limits of :mod:`geo.importers.limits`.
    """
    raw = read_raw(source, keep_columns=_columns_used if format == "auto" else None)
    source_name = name or (Path(source).name if isinstance(source, str | Path) else getattr(source, "name", "upload"))
    frame = raw.frame
    frame.columns = [c.strip().lower() if format != "native" else c.strip() for c in frame.columns]
    repeated = [column for column, count in Counter(frame.columns).items() if count > 1]
    if repeated:
        raise ImportFailure(
            f"the column {repeated[0][:60]!r} appears twice (names are compared ignoring case); "
            "remove or rename one so that it is clear which to read"
        )
    total = len(frame)

    def report(quarter: int) -> None:
        if progress is not None:
            progress(total * quarter // 4, total)

    report(1)
    fmt = detect_format(frame.columns) if format == "auto" else format
    if fmt not in FORMATS:
        raise ImportFailure(f"unknown format {format!r}; use one of {', '.join(FORMATS)} or auto")
    table = mapping if isinstance(mapping, pd.DataFrame) else load_mapping(mapping)
    mapper = ActorMapper(table)
    warnings = list(f"File {note}." for note in raw.notes)
    if frame.empty:
        warnings.append("The file has a header but no data rows.")
    rows = _Rows(frame.index, raw.first_data_row)
    if raw.problems:
        found = pd.Series(raw.problems, dtype=object).reindex(frame.index, fill_value="")
        rows.reject(found.ne(""), found)
    converter = {"acled": _from_acled, "ucdp": _from_ucdp, "native": _from_native}[fmt]
    staged = converter(frame, rows, warnings)
    report(2)
    country = staged["country"].str.strip()
    rows.reject(country.ne("") & country.str.casefold().ne("mali"), "country is " + _shown(country) + ", not Mali")
    geocoded, not_geocoded = _place(staged, rows, gazetteer, warnings)
    report(3)
    _check_actors(staged, rows, fmt)
    _check_common(staged, rows, warnings, raw.first_data_row)
    events, actors = _finish(staged[rows.ok], mapper, warnings, fmt)
    report(4)
    result = ImportResult(
        events=events,
        rejected=rows.report(),
        format=fmt,
        warnings=warnings,
        actors=actors,
        source_name=source_name,
        data_rows=len(frame),
        geocoded=geocoded,
        not_geocoded=not_geocoded,
    )
    assert len(result.events) + len(result.rejected) == result.data_rows, "an import must not lose rows"
    return result


_ACLED_USED = (
    *ACLED_REQUIRED,
    "event_id_cnty",
    "time_precision",
    "sub_event_type",
    "assoc_actor_1",
    "actor2",
    "country",
    "admin1",
    "location",
    "geo_precision",
    "source",
    "notes",
)
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
_NATIVE_USED = tuple(TABLES["events"].columns)


def _columns_used(header: list[str]) -> list[str]:
    """The columns an import reads, from the header (the others are never loaded)."""
    try:
        fmt = detect_format([h.strip().lower() for h in header])
    except ImportFailure:
        return header  # let the full read and the format check report the problem
    used = {"acled": _ACLED_USED, "ucdp": _UCDP_USED, "native": _NATIVE_USED}[fmt]
    wanted = {u.lower() for u in used}
    return [h for h in header if h.strip().lower().lstrip("\ufeff") in wanted or h.strip().startswith("#")]


def _col(frame: pd.DataFrame, name: str) -> pd.Series:
    return frame[name].astype(str) if name in frame.columns else pd.Series("", index=frame.index, dtype=object)


def _from_acled(frame: pd.DataFrame, rows: _Rows, warnings: list[str]) -> pd.DataFrame:
    _require(frame, ACLED_REQUIRED, "ACLED")
    sub = _col(frame, "sub_event_type").str.strip().str.lower()
    main = _col(frame, "event_type").str.strip().str.lower()
    event_type = sub.map(ACLED_TYPES).fillna(main.map(ACLED_TYPES))
    rows.reject(event_type.isna(), "event type " + _shown(main.where(main.ne(""), "(empty)")) + " is not an ACLED type")
    precision = _col(frame, "time_precision").str.strip()
    low, bad_low, large_low = _whole_numbers(_col(frame, "fatalities"))
    shown = _shown(_col(frame, "fatalities").str.strip())
    rows.reject(bad_low, "fatalities " + shown + " is not a whole number >= 0")
    rows.reject(large_low, "fatalities " + shown + " " + _TOO_LARGE)
    ids = _col(frame, "event_id_cnty").str.strip()
    return pd.DataFrame(
        {
            "event_id": ids.where(ids.ne(""), None),
            "date": parse_dates(_col(frame, "event_date")),
            "date_text": _col(frame, "event_date"),
            "date_precision": np.where(precision.isin(["2", "3"]), "month", "day"),
            "lat": _numbers(_col(frame, "latitude")),
            "lon": _numbers(_col(frame, "longitude")),
            "geo_precision": _col(frame, "geo_precision").str.strip().map(ACLED_GEO).fillna("exact"),
            "location": _col(frame, "location"),
            "admin1": _col(frame, "admin1"),
            "country": _col(frame, "country"),
            "event_type": event_type,
            "actor1": _col(frame, "actor1"),
            "allies": _col(frame, "assoc_actor_1"),
            "target": _col(frame, "actor2"),
            "fatalities_low": low,
            "fatalities_high": low,
            "description": _col(frame, "notes"),
            "note": (
                "ACLED "
                + _col(frame, "event_type")
                + " / "
                + _col(frame, "sub_event_type")
                + np.where(precision.isin(["2", "3"]), "; ACLED time precision " + precision, "")
                + np.where(_col(frame, "source").ne(""), "; ACLED sources: " + _col(frame, "source"), "")
            ),
        },
        index=frame.index,
    )


def _from_ucdp(frame: pd.DataFrame, rows: _Rows, warnings: list[str]) -> pd.DataFrame:
    _require(frame, UCDP_REQUIRED, "UCDP GED")
    violence = _col(frame, "type_of_violence").str.strip()
    event_type = violence.map(UCDP_TYPES)
    rows.reject(event_type.isna(), "type_of_violence " + _shown(violence) + " is not 1, 2 or 3")
    low, bad_low, large_low = _whole_numbers(_col(frame, "low"))
    high, bad_high, large_high = _whole_numbers(_col(frame, "high"))
    best, bad_best, large_best = _whole_numbers(_col(frame, "best"))
    rows.reject(bad_low | bad_high | bad_best, "fatalities (low/best/high) are not whole numbers >= 0")
    rows.reject(
        large_low | large_high | large_best, f"fatalities (low/best/high) are over {MAX_FATALITIES:,} for one event"
    )
    low, high = low.fillna(best), high.fillna(best)
    precision = _col(frame, "date_prec").str.strip()
    start, end = parse_dates(_col(frame, "date_start")), parse_dates(_col(frame, "date_end"))
    where = _col(frame, "where_coordinates")
    description = (
        "UCDP: "
        + _col(frame, "side_a")
        + " vs "
        + _col(frame, "side_b")
        + " at "
        + where
        + "; best estimate "
        + _col(frame, "best")
        + " killed"
    )
    ids = _col(frame, "id").str.strip()
    geo = _col(frame, "where_prec").str.strip().map(UCDP_GEO).fillna("exact")
    return pd.DataFrame(
        {
            "event_id": ("ucdp-" + ids).where(ids.ne(""), None),
            "date": start,
            "date_text": _col(frame, "date_start"),
            "date_precision": np.where(precision.isin(["", "1"]) & (end.isna() | (end == start)), "day", "month"),
            "lat": _numbers(_col(frame, "latitude")),
            "lon": _numbers(_col(frame, "longitude")),
            "geo_precision": geo,
            "location": where.map(_without_place_kind),
            "admin1": _col(frame, "adm_1"),
            "country": _col(frame, "country"),
            "event_type": event_type,
            "actor1": _col(frame, "side_a"),
            "allies": "",
            "target": _col(frame, "side_b"),
            "fatalities_low": low,
            "fatalities_high": high,
            "description": description,
            "note": (
                "UCDP GED id "
                + ids
                + ", "
                + _col(frame, "conflict_name")
                + "; date "
                + _col(frame, "date_start")
                + " to "
                + _col(frame, "date_end")
                + "; where_prec "
                + _col(frame, "where_prec")
            ),
        },
        index=frame.index,
    )


_PLACE_KINDS = ("town", "village", "city", "region")


def _without_place_kind(where: str) -> str:
    """UCDP's "Gao town" -> "Gao" (as ``\\s+(town|village|city|region)$`` would, without a regex:
    that one backtracks quadratically on a cell of spaces)."""
    for kind in _PLACE_KINDS:
        if where.endswith(kind) and len(where) > len(kind) and where[-len(kind) - 1].isspace():
            return where[: -len(kind)].rstrip()
    return where


def _from_native(frame: pd.DataFrame, rows: _Rows, warnings: list[str]) -> pd.DataFrame:
    _require(frame, NATIVE_REQUIRED, "project events.csv")
    types = _col(frame, "event_type").str.strip()
    rows.reject(~types.isin(EVENT_TYPES), "event_type " + _shown(types) + " is not in the project's vocabulary")
    low, bad_low, large_low = _whole_numbers(_col(frame, "fatalities_low"))
    high, bad_high, large_high = _whole_numbers(_col(frame, "fatalities_high"))
    rows.reject(bad_low | bad_high, "fatalities are not whole numbers >= 0")
    rows.reject(large_low | large_high, f"fatalities are over {MAX_FATALITIES:,} for one event")
    precision = _col(frame, "date_precision").str.strip()
    return pd.DataFrame(
        {
            "event_id": _col(frame, "event_id").str.strip(),
            "date": parse_dates(_col(frame, "date")),
            "date_text": _col(frame, "date"),
            "date_precision": np.where(precision.eq("month"), "month", "day"),
            "lat": _numbers(_col(frame, "lat")),
            "lon": _numbers(_col(frame, "lon")),
            "geo_precision": _col(frame, "geo_precision").str.strip().replace("", "exact"),
            "location": _col(frame, "place_id"),
            "admin1": "",
            "country": "Mali",
            "place_id": _col(frame, "place_id").str.strip().replace("", None),
            "event_type": types,
            "actor1": _col(frame, "actor_id"),
            "allies": _col(frame, "allies"),
            "target": _col(frame, "target_id"),
            "fatalities_low": low,
            "fatalities_high": high,
            "description": _col(frame, "description"),
            "note": _col(frame, "note"),
        },
        index=frame.index,
    )


def _place(staged: pd.DataFrame, rows: _Rows, gazetteer, warnings: list[str]) -> tuple[int, int]:
    """Coordinates: out-of-range rejected, swapped ones swapped back (with a warning), missing ones
    looked up by location name in the gazetteer."""
    lat, lon = staged["lat"], staged["lon"]
    box = MALI_BBOX
    in_mali = lat.between(box["lat_min"], box["lat_max"]) & lon.between(box["lon_min"], box["lon_max"])
    swapped = (
        rows.ok & ~in_mali & lon.between(box["lat_min"], box["lat_max"]) & lat.between(box["lon_min"], box["lon_max"])
    )
    if swapped.any():
        staged.loc[swapped, ["lat", "lon"]] = staged.loc[swapped, ["lon", "lat"]].to_numpy()
        numbers = ", ".join(str(i + rows.first_row) for i in staged.index[swapped][:20])
        warnings.append(
            f"{int(swapped.sum())} row(s) had latitude and longitude swapped and were swapped back "
            f"(rows {numbers}{'…' if swapped.sum() > 20 else ''})."
        )
    lat, lon = staged["lat"], staged["lon"]
    out_of_range = (lat.abs() > 90) | (lon.abs() > 180)
    rows.reject(out_of_range, "coordinates out of range (latitude must be within ±90, longitude ±180)")
    if "place_id" not in staged:
        staged["place_id"] = None
    budget = MAX_PLACE_LOOKUPS  # each lookup is a fuzzy search of the gazetteer (about 0.7 ms)
    if gazetteer is not None:
        # A place_id (project files) counts only if the gazetteer knows it as one of the record's places.
        ids = [p for p in staged["place_id"].dropna().unique() if len(str(p)) <= MAX_NAME_CHARS][:budget]
        budget -= len(ids)
        known = {p: getattr(gazetteer.resolve(p), "place_id", None) == p for p in ids}
        recognised = staged["place_id"].map(lambda p: isinstance(p, str) and known.get(p, False)).astype(bool)
        staged.loc[staged["place_id"].notna() & ~recognised, "place_id"] = None
    has_place = staged["place_id"].notna()
    missing = (lat.isna() | lon.isna()) & ~has_place & rows.ok & staged["geo_precision"].ne("country")
    geocoded = not_found = 0
    if missing.any():
        names = staged.loc[missing, "location"].str.strip()
        looked_up: set[str] = set()
        if gazetteer is None:
            not_found = int(missing.sum())
        else:
            unique = [n for n in names.unique() if n and len(n) <= MAX_NAME_CHARS]
            looked_up = set(unique[: max(budget, 0)])
            found = {n: m for n in looked_up if (m := gazetteer.resolve(n)) is not None}
            lat_of = names.map({n: m.lat for n, m in found.items()})
            placed = lat_of.notna()
            where = placed[placed].index
            staged.loc[where, "lat"] = lat_of[placed].astype(float)
            staged.loc[where, "lon"] = names[placed].map({n: m.lon for n, m in found.items()}).astype(float)
            staged.loc[where, "geo_precision"] = "near"
            geocoded = int(placed.sum())
            not_found = int(missing.sum()) - geocoded
        still = (staged["lat"].isna() | staged["lon"].isna()) & missing
        location = staged["location"].str.strip()
        unchecked = still & location.ne("") & ~location.isin(looked_up) & (gazetteer is not None)
        rows.reject(
            unchecked & (location.str.len() > MAX_NAME_CHARS),
            f"no coordinates, and the location's name is longer than {MAX_NAME_CHARS} characters",
        )
        rows.reject(
            unchecked,
            "no coordinates, and the location "
            + _shown(location)
            + f" was not looked up: the file names more than {MAX_PLACE_LOOKUPS:,} places without coordinates",
        )
        rows.reject(
            still,
            "no coordinates, and the location " + _shown(location.replace("", "(empty)")) + " is not in the gazetteer",
        )
    national = staged["geo_precision"].eq("country")
    staged.loc[national, ["lat", "lon"]] = np.nan
    staged.loc[has_place & staged["lat"].isna(), "geo_precision"] = None
    return geocoded, not_found


def _check_common(staged: pd.DataFrame, rows: _Rows, warnings: list[str], first_row: int) -> None:
    country = staged["country"].str.strip()
    rows.reject(country.ne("") & country.str.casefold().ne("mali"), "country is " + _shown(country) + ", not Mali")
    date_text = _shown(staged["date_text"].str.strip().replace("", "(empty)")).map(repr)
    rows.reject(staged["date"].isna(), "date " + date_text + " is not a date this importer can read")
    today = pd.Timestamp(dt.date.today())
    rows.reject(staged["date"] > today, "date is in the future")
    rows.reject(
        staged["date"] < pd.Timestamp(EARLIEST_DATE),
        "date " + date_text + f" is before {EARLIEST_DATE:%Y-%m-%d} (this importer reads events from 1900 to today)",
    )
    placed = staged["lat"].notna()
    box = MALI_BBOX
    outside = placed & ~(
        staged["lat"].between(box["lat_min"], box["lat_max"]) & staged["lon"].between(box["lon_min"], box["lon_max"])
    )
    rows.reject(
        outside,
        "point ("
        + staged["lat"].round(4).astype(str)
        + ", "
        + staged["lon"].round(4).astype(str)
        + ") is outside Mali",
    )
    low, high = staged["fatalities_low"], staged["fatalities_high"]
    rows.reject((low > high).fillna(False).astype(bool), "fatalities low is greater than high")
    rows.reject(staged["actor1"].str.strip().eq(""), "no actor")
    ids = staged["event_id"]
    has_id = ids.notna() & ids.astype(str).str.strip().ne("")
    duplicate = has_id & ids.duplicated(keep="first") & rows.ok
    if duplicate.any():
        first_seen = ids[has_id & ~ids.duplicated(keep="first")]
        first_row_of = pd.Series(first_seen.index + first_row, index=first_seen.to_numpy())
        rows.reject(
            duplicate,
            "duplicate event id "
            + _shown(ids.astype(str))
            + " (first at row "
            + ids.map(first_row_of).astype("Int64").astype(str)
            + ")",
        )
    rejected = int((~rows.ok).sum())
    if rejected:
        warnings.append(f"{rejected} row(s) were not imported; the rejected-rows table says which and why.")


def _check_actors(staged: pd.DataFrame, rows: _Rows, fmt: str) -> None:
    """Rows whose actor cell holds no name (";"), or a name over MAX_NAME_CHARS, are rejected."""
    split = _split_ids if fmt == "native" else split_actors
    principal = actor_cell_problems(staged["actor1"], split)
    rows.reject(principal.eq("no actor"), "no actor")
    long = principal.eq("long") | too_long(staged["allies"], split) | too_long(staged["target"], split)
    rows.reject(long, f"an actor name is longer than {MAX_NAME_CHARS} characters")


def _split_ids(cell: str) -> list[str]:
    """The actor ids of a project file's cell ("jnim|aqim")."""
    return [part for part in str(cell).strip().split("|") if part.strip()]


def _check_actor_count(count: int) -> None:
    if count > MAX_ACTOR_NAMES:
        raise ImportFailure(
            f"the file names {count:,} different actors; this importer maps at most {MAX_ACTOR_NAMES:,} per file. "
            "Filter the export (to Mali, or to a period) and upload the parts one at a time"
        )


def _finish(
    staged: pd.DataFrame, mapper: ActorMapper, warnings: list[str], fmt: str
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The accepted rows in the event schema, and the actors they name."""
    actor_rows: dict[str, dict] = {}
    unknown: dict[str, int] = {}
    ids_for_name: dict[str, str] = {}

    def actor_id(name: str, count: int = 1) -> str:
        if name in ids_for_name:
            return ids_for_name[name]
        mapped = mapper.family_of(name)
        if mapped is None:
            unknown[name] = unknown.get(name, 0) + count
            family, known_id = "other", None
        else:
            family, known_id = mapped
        identifier = known_id or f"{fmt}_{_slug(name)}"
        ids_for_name[name] = identifier
        actor_rows.setdefault(
            identifier,
            {"actor_id": identifier, "name": name, "full_name": name, "family": family, "known": known_id is not None},
        )
        return identifier

    if fmt == "native":
        principal = staged["actor1"].str.strip()
        allies = staged["allies"].str.strip().replace("", None)
        targets = staged["target"].str.strip().replace("", None)
        distinct = pd.concat([principal, allies.dropna().str.split("|").explode(), targets.dropna()]).unique()
        _check_actor_count(len(distinct))
        for name in distinct:
            actor_id(str(name))
    else:
        names_a = split_cells(staged["actor1"])
        first_targets = per_cell(staged["target"], lambda cell: split_actors(cell)[:1])
        named = pd.concat([names_a, split_cells(staged["allies"]), first_targets])
        _check_actor_count(len(set(named.explode().dropna())))
        counts = names_a.explode().value_counts()
        for name, count in counts.items():
            actor_id(name, int(count))

        def first_id(cell: str) -> str | None:
            names = split_actors(cell)
            return actor_id(names[0]) if names else None

        def ally_ids(actors: str, allies: str) -> str | None:
            names = split_actors(actors)[1:] + split_actors(allies)
            return "|".join(dict.fromkeys(actor_id(n) for n in names)) or None

        principal = per_cell(staged["actor1"], first_id)
        allies = per_pair(staged["actor1"], staged["allies"], ally_ids)
        targets = per_cell(staged["target"], first_id)
    if unknown:
        listed = "; ".join(f"{name} ({count})" for name, count in sorted(unknown.items(), key=lambda kv: -kv[1])[:15])
        warnings.append(
            f"{len(unknown)} actor name(s) are not in the mapping table and count as 'other': {listed}"
            f"{'…' if len(unknown) > 15 else ''}. Add them to data/actor_families.csv to classify them."
        )
    events = pd.DataFrame(
        {
            "event_id": staged["event_id"].where(
                staged["event_id"].notna(), pd.Series([f"{fmt}-row-{i}" for i in staged.index], index=staged.index)
            ),
            "date": staged["date"],
            "date_precision": staged["date_precision"],
            "place_id": staged["place_id"],
            "lat": staged["lat"],
            "lon": staged["lon"],
            "geo_precision": staged["geo_precision"],
            "event_type": staged["event_type"],
            "actor_id": principal if fmt != "native" else staged["actor1"].str.strip(),
            "allies": allies,
            "target_id": targets,
            "fatalities_low": staged["fatalities_low"].astype("Int64"),
            "fatalities_high": staged["fatalities_high"].astype("Int64"),
            "confidence": "medium",
            "description": staged["description"].where(
                staged["description"].str.strip().ne(""), staged["event_type"] + " (no description in the file)"
            ),
            "source_ids": f"upload_{fmt}",
            "note": staged["note"].replace("", None),
        }
    )[list(TABLES["events"].columns)].reset_index(drop=True)
    # Month precision means the 1st of the month in this project.
    monthly = events["date_precision"].eq("month")
    events.loc[monthly, "date"] = events.loc[monthly, "date"].dt.to_period("M").dt.to_timestamp()
    actors = pd.DataFrame(list(actor_rows.values()), columns=["actor_id", "name", "full_name", "family", "known"])
    return events, actors


#: Which events a view uses once a file is loaded.
SOURCE_MODES = ("bundled", "uploaded", "both")

#: Said wherever a view uses uploaded ACLED rows (ACLED's attribution policy asks that the data be
#: acknowledged as ACLED's, publicly available, with a link, the access date and how it was changed).
ACLED_ATTRIBUTION = (
    "Contains data from the Armed Conflict Location & Event Data project (ACLED), www.acleddata.com, publicly "
    "available; uploaded by the user of this session on {date} from {name}. Filtered to Mali; ACLED event types "
    "and actors mapped to this dashboard's types and families (data/actor_families.csv). ACLED's terms of use "
    "apply and forbid redistributing its raw data."
)


def combine(dataset, result: ImportResult, mode: str = "both"):
    """A Dataset whose events are the bundled ones, the imported ones, or both (control stays bundled)."""
    from geo.dataset import Dataset, prepare_frames

    if mode not in SOURCE_MODES:
        raise ValueError(f"mode must be one of {SOURCE_MODES}")
    if mode == "bundled":
        return dataset
    source_id = f"upload_{result.format}"
    publisher = {
        "acled": "ACLED (uploaded export)",
        "ucdp": "UCDP GED (uploaded file)",
        "native": "uploaded events file",
    }[result.format]
    source = pd.DataFrame(
        [
            {
                "source_id": source_id,
                "title": result.source_name,
                "publisher": publisher,
                "author": None,
                "published": None,
                "url": None,
                "accessed": pd.Timestamp(dt.date.today()),
                "note": "Uploaded in this session",
            }
        ]
    )
    new_actors = result.actors[~result.actors["actor_id"].isin(dataset.actors["actor_id"])]
    actors = pd.concat(
        [
            dataset.actors,
            pd.DataFrame(
                {
                    "actor_id": new_actors["actor_id"],
                    "name": new_actors["name"],
                    "full_name": new_actors["full_name"],
                    "family": new_actors["family"],
                    "successor_of": None,
                    "active_from": None,
                    "active_to": None,
                    "description": f"Named in the uploaded file {result.source_name}.",
                    "source_ids": source_id,
                }
            ),
        ],
        ignore_index=True,
    )
    imported = result.events.copy()
    if mode == "both":
        clash = imported["event_id"].isin(dataset.events["event_id"])
        imported.loc[clash, "event_id"] = "upload-" + imported.loc[clash, "event_id"]
        events = pd.concat([dataset.events[list(TABLES["events"].columns)], imported], ignore_index=True)
    else:
        events = imported
    as_of = max(dataset.as_of, events["date"].max()) if len(events) else dataset.as_of
    frames = prepare_frames(
        {
            "places": dataset.places.drop(columns=["map_region"], errors="ignore"),
            "actors": actors,
            "control": dataset.control,
            "events": events.astype({"fatalities_low": "Int64", "fatalities_high": "Int64"}),
            "sources": pd.concat([dataset.sources, source], ignore_index=True),
        }
    )
    return Dataset(as_of=pd.Timestamp(as_of).normalize(), **frames)
