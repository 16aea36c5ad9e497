"""Load the bundled record from CSV, validate it, and answer date queries on it."""

from __future__ import annotations

import csv
import datetime as dt
import functools
import io
import json
import math
import re
from collections.abc import Callable, Hashable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeVar

import pandas as pd

from geo import control as control_queries
from geo import events as event_queries
from geo.boundaries import regions_of
from geo.problems import DataError, Problem, quoted, spreadsheet_row
from geo.schema import FIRST_DAY, LAST_DAY, META_FILE, TABLES, Table, column_kind
from geo.validation import validate_tables

#: The folder of the bundled record, next to the package.
DEFAULT_ROOT = Path(__file__).resolve().parent.parent / "data"

T = TypeVar("T")
# ASCII digits only: \d, str.isdigit() and int() also take '²', '٣' or '３'.
_INT = re.compile(r"[+-]?[0-9]+")
_FLOAT = re.compile(r"[+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)([eE][+-]?[0-9]+)?")
_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
#: Whole-number columns are Int64: up to 18 digits always fit.
_INT_DIGITS = 18
_YEARS = f"the years {FIRST_DAY.year} to {LAST_DAY.year}"


@dataclass(frozen=True)
class Dataset:
    """The validated record. Frames are read-only by convention: queries return copies."""

    places: pd.DataFrame
    actors: pd.DataFrame
    control: pd.DataFrame
    events: pd.DataFrame
    sources: pd.DataFrame
    as_of: pd.Timestamp
    # Roads, blockades and bases (issue #15): optional tables, empty when the folder has none.
    routes: pd.DataFrame = field(default_factory=lambda: empty_table(TABLES["routes"]))
    route_status: pd.DataFrame = field(default_factory=lambda: empty_table(TABLES["route_status"]))
    route_events: pd.DataFrame = field(default_factory=lambda: empty_table(TABLES["route_events"]))
    blockades: pd.DataFrame = field(default_factory=lambda: empty_table(TABLES["blockades"]))
    bases: pd.DataFrame = field(default_factory=lambda: empty_table(TABLES["bases"]))
    base_periods: pd.DataFrame = field(default_factory=lambda: empty_table(TABLES["base_periods"]))
    #: claims.csv; a record built in code without one has no claims (an empty table).
    claims: pd.DataFrame | None = None

    def __post_init__(self) -> None:
        if self.claims is None:
            object.__setattr__(self, "claims", empty_table(TABLES["claims"]))

    @property
    def first_date(self) -> pd.Timestamp:
        """The earliest date any control period or event covers."""
        # One table may be empty (its min is NaT, which min() would return); with neither
        # (load_dataset refuses that, a combined record might not) the record starts at its as-of date.
        firsts = (self.control["start"].min(), self.events["date"].min())
        return min((day for day in firsts if pd.notna(day)), default=self.as_of)

    def control_at(self, date) -> pd.DataFrame:
        """One row per place that has a control period covering ``date``."""
        return control_queries.control_at(self, date)

    def changes_between(self, start, end) -> pd.DataFrame:
        """Each control change (new holder or new status) dated within [start, end]."""
        changes = self.all_changes
        first, last = pd.Timestamp(start).normalize(), pd.Timestamp(end).normalize()
        return changes[(changes["date"] >= first) & (changes["date"] <= last)].reset_index(drop=True)

    def derived(self, key: Hashable, compute: Callable[[Dataset], T]) -> T:
        """A table derived from the record, computed once per ``key`` (the record is read-only).

        The one memo for every derived table, so the record needs to know nothing of the
        modules built on it (geo.spans keeps its town spans here, per region)."""
        memo = self._derived
        if key not in memo:
            memo[key] = compute(self)
        return memo[key]

    @functools.cached_property
    def _derived(self) -> dict[Hashable, object]:
        return {}

    @property
    def all_changes(self) -> pd.DataFrame:
        """Every control change in the record, computed once."""
        return self.derived(
            "all_changes",
            lambda d: control_queries.changes_between(d, FIRST_DAY, LAST_DAY),
        )

    @property
    def town_periods(self) -> tuple[pd.DataFrame, pd.DataFrame]:
        """Control periods joined with places and holders, and the bare places (see towns_at)."""
        return self.derived("town_periods", control_queries.town_periods)

    def events_between(self, start, end, **filters) -> pd.DataFrame:
        """Events dated within [start, end], optionally filtered (see geo.events.events_between)."""
        return event_queries.events_between(self, start, end, **filters)

    def control_history(self, place_id: str) -> pd.DataFrame:
        """Every control period of one place, oldest first, with holder names and families."""
        return control_queries.control_history(self, place_id)

    def routes_at(self, date) -> pd.DataFrame:
        """Every route with its status on ``date`` (see geo.routes.routes_at)."""
        from geo.routes import routes_at  # geo.routes builds on this module

        return routes_at(self, date)

    def blockades_at(self, date) -> pd.DataFrame:
        """The blockades of towns in force on ``date`` (see geo.routes.blockades_at)."""
        from geo.routes import blockades_at

        return blockades_at(self, date)

    def bases_at(self, date) -> pd.DataFrame:
        """The bases held on ``date``, with their operators (see geo.bases.bases_at)."""
        from geo.bases import bases_at

        return bases_at(self, date)

    def summary(self) -> str:
        """One line: counts and the as-of date."""
        extra = ""
        if len(self.routes) or len(self.bases):
            extra = (
                f", {len(self.routes)} routes, {len(self.route_status)} route periods, "
                f"{len(self.route_events)} attacks on routes, {len(self.blockades)} blockades, "
                f"{len(self.bases)} bases, {len(self.base_periods)} base periods"
            )
        return (
            f"{len(self.places)} places, {len(self.actors)} actors, {len(self.control)} control periods, "
            f"{len(self.events)} events, {len(self.sources)} sources{extra}; as of {self.as_of:%Y-%m-%d}"
        )


def empty_table(table: Table) -> pd.DataFrame:
    """A table with the schema's columns and no rows, typed as the loader types them."""
    raw = pd.DataFrame({name: pd.Series(dtype=str) for name in table.columns})
    return parse_table(table, raw)[0]


def read_raw_table(root: Path, table: Table) -> tuple[pd.DataFrame | None, list[Problem]]:
    """Read one CSV as text, every cell a string ('' when empty); an optional table that is not
    there is read as its header alone."""
    path = root / table.file

    def problem(message: str) -> tuple[None, list[Problem]]:
        return None, [Problem(table.file, None, None, message)]

    if table.optional and not path.exists():
        return pd.DataFrame({name: pd.Series(dtype=str) for name in table.columns}), []
    if not path.exists():
        return problem(f"file not found in {root}")
    if not path.is_file():
        return problem(f"is not a file (in {root})")
    try:
        data = path.read_bytes()
    except OSError as err:
        return problem(f"cannot be read ({err.strerror or err})")
    try:
        text = data.decode("utf-8-sig")  # a byte-order mark (Excel's "CSV UTF-8") is not a character
    except UnicodeDecodeError as err:
        line = data[: err.start].count(b"\n") + 1
        return problem(f"not valid UTF-8 ({err.reason} at line {line}, byte {err.start}); save it as UTF-8")
    if not text.strip():
        return problem("is empty: it needs at least the header row")
    try:
        frame = pd.read_csv(
            io.StringIO(text), dtype=str, keep_default_na=False, na_filter=False, quoting=csv.QUOTE_MINIMAL
        )
    except (ValueError, csv.Error) as err:  # pandas' ParserError and EmptyDataError are ValueErrors
        return problem(f"cannot be read as CSV: {str(err).strip()}")
    return frame, []


def _whole_number(cell: str) -> int:
    if not _INT.fullmatch(cell):
        raise ValueError("is not a whole number")
    if len(cell.lstrip("+-").lstrip("0")) > _INT_DIGITS:
        raise ValueError(f"is too large (a whole number here has at most {_INT_DIGITS} digits)")
    return int(cell)


def _number(cell: str) -> float:
    if not _FLOAT.fullmatch(cell):
        raise ValueError("is not a number")
    value = float(cell)
    if not math.isfinite(value):
        raise ValueError("is too large to be a number")
    return value


def _parse_cells(text: pd.Series, parse) -> tuple[pd.Series, dict[int, str]]:
    """Parse each non-empty cell; the values (None where empty or bad) and why each bad cell is."""
    values: dict[int, object] = {}
    errors: dict[int, str] = {}
    for index, cell in text.items():
        if not cell:
            continue
        try:
            values[index] = parse(cell)
        except ValueError as err:
            errors[index] = str(err)
    return pd.Series(values, index=text.index, dtype=object), errors


def parse_table(table: Table, raw: pd.DataFrame) -> tuple[pd.DataFrame, list[Problem]]:
    """Turn a text table into typed columns; report cells that do not parse and missing columns."""
    problems: list[Problem] = []
    expected = table.columns
    for name in expected:
        if name not in raw.columns:
            problems.append(Problem(table.file, None, name, "required column is missing"))
    for name in raw.columns:
        if name not in expected:
            problems.append(Problem(table.file, None, name, "unknown column (not in the schema; see data/README.md)"))

    parsed = {}
    for name, column in expected.items():
        if name not in raw.columns:
            continue
        text = raw[name].astype(str).str.strip()
        kind = column_kind(column)
        empty = text.eq("")
        if kind == "str":
            parsed[name] = text.mask(empty, None)
            continue
        if kind == "date":
            form = text.map(lambda cell: _DATE.fullmatch(cell) is not None).astype(bool)
            values = pd.to_datetime(text.where(form, None), format="%Y-%m-%d", errors="coerce")
            errors = {index: "is not a date written YYYY-MM-DD" for index in text.index[~empty & values.isna()]}
            outside = values.notna() & ~values.between(FIRST_DAY, LAST_DAY)
            errors |= {index: f"is outside {_YEARS}" for index in text.index[outside]}
            # Kept, so that checks on the same cell stay quiet; but year 0 cannot even be printed.
            values = values.mask(values.dt.year < 1)
        elif kind == "int":
            values, errors = _parse_cells(text, _whole_number)
            values = values.astype("Int64")
        else:
            values, errors = _parse_cells(text, _number)
            values = values.astype("float64")
        for index, why in sorted(errors.items()):
            problems.append(Problem(table.file, spreadsheet_row(index), name, f"{quoted(text[index])} {why}"))
        parsed[name] = values
    return pd.DataFrame(parsed, index=raw.index), problems


def read_as_of(root: Path) -> tuple[pd.Timestamp | None, list[Problem]]:
    """The dataset's as-of date, from dataset.json."""
    path = root / META_FILE

    def problem(message: str, column: str | None = None) -> tuple[None, list[Problem]]:
        return None, [Problem(META_FILE, None, column, message)]

    if not path.exists():
        return problem(f"file not found in {root}")
    try:
        meta = json.loads(path.read_text(encoding="utf-8"))
    except UnicodeDecodeError as err:
        return problem(f"not valid UTF-8 ({err.reason} at byte {err.start}); save it as UTF-8")
    except OSError as err:
        return problem(f"cannot be read ({err.strerror or err})")
    except (ValueError, RecursionError) as err:  # json.JSONDecodeError is a ValueError
        return problem(f"is not valid JSON ({str(err)[:200]})")
    value = meta.get("as_of") if isinstance(meta, dict) else None
    try:
        day = dt.date.fromisoformat(value) if isinstance(value, str) and _DATE.fullmatch(value) else None
    except ValueError:  # 0000-01-01, 2026-02-30
        day = None
    if day is None:
        found = "no such entry"
        if isinstance(meta, dict) and "as_of" in meta:
            found = json.dumps(value, ensure_ascii=False)
            found = "found " + (found if len(found) <= 60 else found[:60] + "...")
        return problem(f'needs an "as_of": "YYYY-MM-DD" entry with a real date ({found})', "as_of")
    as_of = pd.Timestamp(value)  # as before this check: the unit pandas gives a date string
    if not FIRST_DAY <= as_of <= LAST_DAY:
        return problem(f"{quoted(value)} is outside {_YEARS}", "as_of")
    return as_of, []


def load_dataset(root: str | Path = DEFAULT_ROOT) -> Dataset:
    """Read and validate the six tables in ``root``; raise DataError listing every problem."""
    root = Path(root)
    try:
        is_file = root.is_file()
    except (OSError, ValueError) as err:  # a name too long, a NUL byte
        raise DataError(
            [Problem(str(root), None, None, f"cannot be opened as a folder ({getattr(err, 'strerror', None) or err})")]
        ) from None
    if is_file:
        raise DataError([Problem(str(root), None, None, "is a file; give the folder that holds the tables")])
    as_of, problems = read_as_of(root)
    frames, read_problems = read_tables(root, TABLES)
    problems += read_problems
    # A cell that did not parse is already reported; its "empty but required" echo is noise.
    reported = {(p.file, p.row, p.column) for p in problems}
    problems += [p for p in validate_tables(frames, as_of) if (p.file, p.row, p.column) not in reported]
    if "control" in frames and "events" in frames and frames["control"].empty and frames["events"].empty:
        problems.append(Problem("events.csv", None, None, "has no rows, nor has control.csv: there is nothing to map"))
    if problems:
        raise DataError(problems)
    return Dataset(as_of=as_of, **prepare_frames(frames))


def read_tables(root: Path, tables: dict[str, Table]) -> tuple[dict[str, pd.DataFrame], list[Problem]]:
    """Read and type each of ``tables`` in ``root``: the frames that have every column of their
    table, and every problem met reading or parsing them (the record's tables, or the tours')."""
    frames: dict[str, pd.DataFrame] = {}
    problems: list[Problem] = []
    for name, table in tables.items():
        raw, read_problems = read_raw_table(root, table)
        problems += read_problems
        if raw is None:
            continue
        frame, parse_problems = parse_table(table, raw)
        problems += parse_problems
        if set(table.columns) <= set(frame.columns):
            frames[name] = frame
    return frames, problems


def load_places(root: str | Path = DEFAULT_ROOT) -> pd.DataFrame:
    """Only the places table of ``root``, read and parsed (what a gazetteer needs): the import
    command reads this rather than validating the whole record. DataError if it cannot."""
    table = TABLES["places"]
    raw, problems = read_raw_table(Path(root), table)
    if raw is not None:
        frame, problems = parse_table(table, raw)
        missing = [c for c in table.columns if c not in frame.columns]
        if missing:
            problems.append(Problem(table.file, None, None, f"has no column {', '.join(missing)}"))
    if problems:
        raise DataError(problems)
    return frame


def prepare_frames(frames: dict[str, pd.DataFrame]) -> dict[str, pd.DataFrame]:
    """Derived columns the queries need, computed once at load.

    Every placed event gets coordinates (its own, or its town's with geo_precision
    'town'); events and places get ``map_region``, the drawn (Natural Earth) region their
    point lies in. Events are sorted by date so that a date window is a binary search.
    """
    # Shallow: pandas copies on write, so a column changed here is copied, never the whole table
    # (a combined record of a million uploaded events would otherwise be copied whole).
    events = frames["events"].copy(deep=False)
    places = frames["places"].copy(deep=False)
    by_place = places.set_index("place_id")
    from_town = events["lat"].isna() & events["place_id"].notna()
    if from_town.any():
        towns = events.loc[from_town, "place_id"]
        events.loc[from_town, "lat"] = towns.map(by_place["lat"]).astype("float64")
        events.loc[from_town, "lon"] = towns.map(by_place["lon"]).astype("float64")
        events.loc[from_town, "geo_precision"] = "town"
    events["map_region"] = regions_of(events["lat"], events["lon"])
    places["map_region"] = regions_of(places["lat"], places["lon"])
    frames = dict(frames)
    frames["places"] = places
    frames["events"] = events.sort_values(["date", "event_id"], kind="stable").reset_index(drop=True)
    frames["control"] = frames["control"].sort_values(["place_id", "start"]).reset_index(drop=True)
    for name, key in (("route_status", "route_id"), ("blockades", "place_id"), ("base_periods", "base_id")):
        if name in frames:
            frames[name] = (
                frames[name].sort_values([key, "start"], kind="stable", na_position="first").reset_index(drop=True)
            )
    if "bases" in frames:
        # A base with no coordinates of its own is drawn at its town's.
        bases = frames["bases"].copy()
        at_town = bases["lat"].isna()
        bases.loc[at_town, "lat"] = bases.loc[at_town, "place_id"].map(by_place["lat"]).astype("float64")
        bases.loc[at_town, "lon"] = bases.loc[at_town, "place_id"].map(by_place["lon"]).astype("float64")
        frames["bases"] = bases
    return frames
