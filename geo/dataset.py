"""Load the bundled record from CSV, validate it, and answer date queries on it."""

from __future__ import annotations

import csv
import functools
import json
import re
from collections.abc import Callable, Hashable
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

import pandas as pd

from geo import control as control_queries
from geo import events as event_queries
from geo.boundaries import regions_of
from geo.problems import DataError, Problem, spreadsheet_row
from geo.schema import META_FILE, TABLES, Table, column_kind
from geo.validation import validate_tables

#: The folder of the bundled record, next to the package.
DEFAULT_ROOT = Path(__file__).resolve().parent.parent / "data"

T = TypeVar("T")
_INT = re.compile(r"^[+-]?\d+$")
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


@dataclass(frozen=True)
class Dataset:
    """The validated record. Frames are read-only by convention: queries return copies."""

    places: pd.DataFrame
    actors: pd.DataFrame
    control: pd.DataFrame
    events: pd.DataFrame
    sources: pd.DataFrame
    as_of: pd.Timestamp

    @property
    def first_date(self) -> pd.Timestamp:
        """The earliest date any control period or event covers."""
        return min(self.control["start"].min(), self.events["date"].min())

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
            lambda d: control_queries.changes_between(d, pd.Timestamp("1900-01-01"), pd.Timestamp("2200-01-01")),
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

    def summary(self) -> str:
        """One line: counts and the as-of date."""
        return (
            f"{len(self.places)} places, {len(self.actors)} actors, {len(self.control)} control periods, "
            f"{len(self.events)} events, {len(self.sources)} sources; as of {self.as_of:%Y-%m-%d}"
        )


def read_raw_table(root: Path, table: Table) -> tuple[pd.DataFrame | None, list[Problem]]:
    """Read one CSV as text, every cell a string ('' when empty)."""
    path = root / table.file
    if not path.is_file():
        return None, [Problem(table.file, None, None, f"file not found in {root}")]
    try:
        frame = pd.read_csv(
            path, dtype=str, keep_default_na=False, na_filter=False, encoding="utf-8", quoting=csv.QUOTE_MINIMAL
        )
    except UnicodeDecodeError as err:
        return None, [Problem(table.file, None, None, f"not valid UTF-8 ({err.reason} at byte {err.start})")]
    except (pd.errors.ParserError, pd.errors.EmptyDataError) as err:
        return None, [Problem(table.file, None, None, f"cannot be read as CSV: {err}")]
    return frame, []


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
        text = raw[name].str.strip()
        kind = column_kind(column)
        empty = text.eq("")
        if kind == "str":
            parsed[name] = text.mask(empty, None)
            continue
        if kind == "date":
            bad = ~empty & ~text.str.match(_DATE)
            values = pd.to_datetime(text.mask(empty | bad, None), format="%Y-%m-%d", errors="coerce")
            bad |= ~empty & values.isna()
            expect = "a date written YYYY-MM-DD"
        elif kind == "int":
            bad = ~empty & ~text.str.match(_INT)
            values = pd.to_numeric(text.mask(empty | bad, None)).astype("Int64")
            expect = "a whole number"
        else:
            values = pd.to_numeric(text.mask(empty, None), errors="coerce").astype("float64")
            bad = ~empty & values.isna()
            expect = "a number"
        for index in text.index[bad]:
            problems.append(Problem(table.file, spreadsheet_row(index), name, f"{text[index]!r} is not {expect}"))
        parsed[name] = values
    return pd.DataFrame(parsed, index=raw.index), problems


def read_as_of(root: Path) -> tuple[pd.Timestamp | None, list[Problem]]:
    """The dataset's as-of date, from dataset.json."""
    path = root / META_FILE
    try:
        meta = json.loads(path.read_text(encoding="utf-8"))
        as_of = pd.Timestamp(meta["as_of"])
    except FileNotFoundError:
        return None, [Problem(META_FILE, None, None, f"file not found in {root}")]
    except (ValueError, KeyError, TypeError) as err:
        return None, [Problem(META_FILE, None, "as_of", f'needs an "as_of": "YYYY-MM-DD" entry ({err})')]
    return as_of.normalize(), []


def load_dataset(root: str | Path = DEFAULT_ROOT) -> Dataset:
    """Read and validate the five tables in ``root``; raise DataError listing every problem."""
    root = Path(root)
    as_of, problems = read_as_of(root)
    frames: dict[str, pd.DataFrame] = {}
    for name, table in TABLES.items():
        raw, read_problems = read_raw_table(root, table)
        problems += read_problems
        if raw is None:
            continue
        frame, parse_problems = parse_table(table, raw)
        problems += parse_problems
        if set(table.columns) <= set(frame.columns):
            frames[name] = frame
    # A cell that did not parse is already reported; its "empty but required" echo is noise.
    reported = {(p.file, p.row, p.column) for p in problems}
    problems += [p for p in validate_tables(frames, as_of) if (p.file, p.row, p.column) not in reported]
    if problems:
        raise DataError(problems)
    return Dataset(as_of=as_of, **prepare_frames(frames))


def prepare_frames(frames: dict[str, pd.DataFrame]) -> dict[str, pd.DataFrame]:
    """Derived columns the queries need, computed once at load.

    Every placed event gets coordinates (its own, or its town's with geo_precision
    'town'); events and places get ``map_region``, the drawn (Natural Earth) region their
    point lies in. Events are sorted by date so that a date window is a binary search.
    """
    events = frames["events"].copy()
    places = frames["places"].copy()
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
    return frames
