"""The import pipeline: read a file's cells, detect its format, convert its rows, check and
place them, and map their actors; every rejected row is reported with its number and reason.

It knows no format by name: each is an entry of :data:`geo.importers.formats.FORMATS`.
"""

from __future__ import annotations

import datetime as dt
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
    families_by_type,
    load_mapping,
    mapping_warnings,
    per_cell,
    per_pair,
    split_actors,
    split_cells,
    too_long,
)
from geo.importers.cells import Rows, shown, slug
from geo.importers.formats import FORMATS, ImportFormat
from geo.importers.limits import EARLIEST_DATE, MAX_ACTOR_NAMES, MAX_NAME_CHARS, MAX_PLACE_LOOKUPS
from geo.importers.reading import ImportFailure, read_raw
from geo.schema import MALI_BBOX, TABLES


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
    """The name of the format (geo.importers.formats.FORMATS) whose required columns the header
    has most of (its signature column counts one more); ImportFailure when it is none of them."""
    names = {str(c).strip().lower() for c in columns}
    scores = {
        fmt.name: len(names & {c.lower() for c in fmt.required}) / len(fmt.required) + (fmt.signature in names)
        for fmt in FORMATS.values()
    }
    best = max(scores, key=scores.get)
    if scores[best] < 0.5:
        kinds = [fmt.label for fmt in FORMATS.values()]
        raise ImportFailure(
            f"the columns are not those of {', '.join(kinds[:-1])} or {kinds[-1]} "
            f"(found: {', '.join(n[:40] for n in sorted(names)[:12])}{'…' if len(names) > 12 else ''})"
        )
    return best


def read_events(
    source,
    format: str = "auto",
    *,
    mapping: str | Path | pd.DataFrame = DEFAULT_MAPPING,
    gazetteer=None,
    name: str | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> ImportResult:
    """Read a file of any registered format (CSV or XLSX) into the project's event schema
    (``format``: a name of geo.importers.formats.FORMATS, or "auto" to detect it).

    ``gazetteer`` (a :class:`geo.gazetteer.Gazetteer`) places rows that have no coordinates
    by their location name. ``progress(rows_done, rows_total)``, if given, is called after each
    quarter of the work (read, converted, placed, finished) with the rows it stands for, for a
    progress bar. Raises ImportFailure when the file as a whole cannot be read or is over the
    limits of :mod:`geo.importers.limits`.
    """
    raw = read_raw(source, keep_columns=_columns_used if format == "auto" else None)
    source_name = name or (Path(source).name if isinstance(source, str | Path) else getattr(source, "name", "upload"))
    frame = raw.frame
    keep_case = format in FORMATS and FORMATS[format].keep_case
    frame.columns = [c.strip() if keep_case else c.strip().lower() for c in frame.columns]
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
    name_of_format = detect_format(frame.columns) if format == "auto" else format
    if name_of_format not in FORMATS:
        raise ImportFailure(f"unknown format {format!r}; use one of {', '.join(FORMATS)} or auto")
    fmt = FORMATS[name_of_format]
    table = mapping if isinstance(mapping, pd.DataFrame) else load_mapping(mapping)
    mapper = ActorMapper(table)
    warnings = list(f"File {note}." for note in raw.notes)
    if frame.empty:
        warnings.append("The file has a header but no data rows.")
    rows = Rows(frame.index, raw.first_data_row)
    if raw.problems:
        found = pd.Series(raw.problems, dtype=object).reindex(frame.index, fill_value="")
        rows.reject(found.ne(""), found)
    staged = fmt.convert(frame, rows, warnings)
    frame = raw.frame = None  # the text cells are converted: their memory goes before the checks
    report(2)
    country = staged["country"].str.strip()
    rows.reject(country.ne("") & country.str.casefold().ne("mali"), "country is " + shown(country) + ", not Mali")
    geocoded, not_geocoded = _place(staged, rows, gazetteer, warnings)
    report(3)
    _check_actors(staged, rows, fmt)
    _check_common(staged, rows, warnings, raw.first_data_row)
    events, actors = _finish(staged[rows.ok], mapper, warnings, fmt)
    report(4)
    result = ImportResult(
        events=events,
        rejected=rows.report(),
        format=fmt.name,
        warnings=warnings,
        actors=actors,
        source_name=source_name,
        data_rows=total,
        geocoded=geocoded,
        not_geocoded=not_geocoded,
    )
    assert len(result.events) + len(result.rejected) == result.data_rows, "an import must not lose rows"
    return result


def _columns_used(header: list[str]) -> list[str]:
    """The columns an import reads, from the header (the others are never loaded)."""
    try:
        fmt = FORMATS[detect_format([h.strip().lower() for h in header])]
    except ImportFailure:
        return header  # let the full read and the format check report the problem
    wanted = {u.lower() for u in fmt.used}
    return [h for h in header if h.strip().lower().lstrip("\ufeff") in wanted or h.strip().startswith("#")]


def _place(staged: pd.DataFrame, rows: Rows, gazetteer, warnings: list[str]) -> tuple[int, int]:
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
            + shown(location)
            + f" was not looked up: the file names more than {MAX_PLACE_LOOKUPS:,} places without coordinates",
        )
        rows.reject(
            still,
            "no coordinates, and the location " + shown(location.replace("", "(empty)")) + " is not in the gazetteer",
        )
    national = staged["geo_precision"].eq("country")
    staged.loc[national, ["lat", "lon"]] = np.nan
    staged.loc[has_place & staged["lat"].isna(), "geo_precision"] = None
    return geocoded, not_found


def _check_common(staged: pd.DataFrame, rows: Rows, warnings: list[str], first_row: int) -> None:
    country = staged["country"].str.strip()
    rows.reject(country.ne("") & country.str.casefold().ne("mali"), "country is " + shown(country) + ", not Mali")
    date_text = shown(staged["date_text"].str.strip().replace("", "(empty)")).map(repr)
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
            + shown(ids.astype(str))
            + " (first at row "
            + ids.map(first_row_of).astype("Int64").astype(str)
            + ")",
        )
    rejected = int((~rows.ok).sum())
    if rejected:
        warnings.append(f"{rejected} row(s) were not imported; the rejected-rows table says which and why.")


def _check_actors(staged: pd.DataFrame, rows: Rows, fmt: ImportFormat) -> None:
    """Rows whose actor cell holds no name (";"), or a name over MAX_NAME_CHARS, are rejected."""
    split = _split_ids if fmt.actor_ids else split_actors
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
    staged: pd.DataFrame, mapper: ActorMapper, warnings: list[str], fmt: ImportFormat
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The accepted rows in the event schema, and the actors they name."""
    actor_rows: dict[str, dict] = {}
    unknown: dict[str, int] = {}
    by_type: dict[str, str] = {}
    ids_for_name: dict[str, str] = {}
    typed = families_by_type(staged) if not fmt.actor_ids else {}

    def actor_id(name: str, count: int = 1) -> str:
        if name in ids_for_name:
            return ids_for_name[name]
        mapped = mapper.family_of(name)
        if mapped is None and name in typed:
            by_type[name] = typed[name]
            family, known_id = typed[name], None
        elif mapped is None:
            unknown[name] = unknown.get(name, 0) + count
            family, known_id = "other", None
        else:
            family, known_id = mapped
        # A format whose cells are ids keeps an unknown id as it is, so its events and its
        # actor stay joined; names get an id of their own (two names never share one).
        identifier = known_id or (name if fmt.actor_ids else f"{fmt.name}_{slug(name)}")
        if known_id is None and identifier in actor_rows and actor_rows[identifier]["name"] != name:
            identifier = f"{identifier}_{sum(i.startswith(identifier) for i in actor_rows) + 1}"
        ids_for_name[name] = identifier
        actor_rows.setdefault(
            identifier,
            {"actor_id": identifier, "name": name, "full_name": name, "family": family, "known": known_id is not None},
        )
        return identifier

    if fmt.actor_ids:
        principal = staged["actor1"].str.strip()
        allies = staged["allies"].str.strip().replace("", None)
        targets = staged["target"].str.strip().replace("", None)
        distinct = pd.concat([principal, allies.dropna().str.split("|").explode(), targets.dropna()]).unique()
        _check_actor_count(len(distinct))
        for name in distinct:
            actor_id(str(name))
        principal = principal.map(actor_id)
        allies = allies.map(lambda cell: "|".join(actor_id(a) for a in cell.split("|")), na_action="ignore")
        targets = targets.map(actor_id, na_action="ignore")
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
    warnings += mapping_warnings(by_type, unknown)
    events = pd.DataFrame(
        {
            "event_id": staged["event_id"].where(
                staged["event_id"].notna(), pd.Series([f"{fmt.name}-row-{i}" for i in staged.index], index=staged.index)
            ),
            "date": staged["date"],
            "date_precision": staged["date_precision"],
            "place_id": staged["place_id"],
            "lat": staged["lat"],
            "lon": staged["lon"],
            "geo_precision": staged["geo_precision"],
            "event_type": staged["event_type"],
            "actor_id": principal,
            "allies": allies,
            "target_id": targets,
            "fatalities_low": staged["fatalities_low"].astype("Int64"),
            "fatalities_high": staged["fatalities_high"].astype("Int64"),
            "confidence": "medium",
            "description": staged["description"].where(
                staged["description"].str.strip().ne(""), staged["event_type"] + " (no description in the file)"
            ),
            "description_fr": None,
            "source_ids": f"upload_{fmt.name}",
            "note": staged["note"].replace("", None),
        }
    )[[name for name, column in TABLES["events"].columns.items() if column.required]].reset_index(drop=True)
    # Month precision means the 1st of the month in this project.
    monthly = events["date_precision"].eq("month")
    events.loc[monthly, "date"] = events.loc[monthly, "date"].dt.to_period("M").dt.to_timestamp()
    actors = pd.DataFrame(list(actor_rows.values()), columns=["actor_id", "name", "full_name", "family", "known"])
    return events, actors
