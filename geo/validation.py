"""Every check on the record, reported all at once as a list of Problems.

Single-table rules come from the pandera models in :mod:`geo.schema`; the rules that
span tables or rows (references, overlapping periods, the as-of date, Mali's bounding
box) are written out here.
"""

from __future__ import annotations

import re
from itertools import pairwise

import pandas as pd
import pandera.pandas as pa

from geo.problems import Problem, quoted, spreadsheet_row
from geo.schema import CLAIM_ID, ID_LIST, LAST_DAY, LIST_SEP, MALI_BBOX, PARTIAL_DATE, SLUG, TABLES, URL, Table

_PATTERN_NAMES = {
    SLUG: "a lowercase ASCII id (a-z, 0-9, _)",
    CLAIM_ID: "an id written cl-<lowercase slug>",
    ID_LIST: "one or more ids separated by |",
    PARTIAL_DATE: "a date written YYYY, YYYY-MM or YYYY-MM-DD",
    URL: "an http:// or https:// address",
}


def validate_tables(frames: dict[str, pd.DataFrame], as_of: pd.Timestamp | None) -> list[Problem]:
    """All problems in the typed tables: each table's own rules, then, when every table
    is there, the rules that span tables."""
    problems: list[Problem] = []
    for name, frame in frames.items():
        table = TABLES[name]
        problems += _schema_problems(table.file, table.model, frame)
    if set(frames) == set(TABLES):
        problems += _reference_problems(frames)
        problems += _coordinate_problems(frames)
        problems += _control_problems(frames["control"], as_of)
        problems += _event_problems(frames["events"], as_of)
        problems += _claim_problems(frames, as_of)
    return problems


def table_problems(table: Table, frame: pd.DataFrame) -> list[Problem]:
    """One table's own rules (its schema model), as problems with row and column."""
    return _schema_problems(table.file, table.model, frame)


def _schema_problems(file: str, model: type[pa.DataFrameModel], frame: pd.DataFrame) -> list[Problem]:
    try:
        model.validate(frame, lazy=True)
    except pa.errors.SchemaErrors as err:
        cases = err.failure_cases
    else:
        return []
    problems = []
    for case in cases.itertuples(index=False):
        index = case.index
        row = None if index is None or pd.isna(index) else spreadsheet_row(index)
        problems.append(Problem(file, row, case.column, _explain(case.check, case.failure_case)))
    return problems


def _explain(check: str, value: object) -> str:
    """A sentence for a pandera check failure, for someone editing the CSV."""
    check = str(check)
    shown = quoted(value)
    if check == "not_nullable":
        return "is empty but required"
    if check in ("field_uniqueness", "unique"):
        return f"{shown} appears more than once; ids must be unique"
    if check.startswith("isin("):
        allowed = re.findall(r"'([^']*)'", check)
        return f"{shown} is not one of: {', '.join(allowed)}"
    if check.startswith("str_matches("):
        pattern = check[len("str_matches(") : -1].strip("'\"")
        return f"{shown} is not {_PATTERN_NAMES.get(pattern, 'in the expected form ' + pattern)}"
    if check.startswith("greater_than_or_equal_to("):
        return f"{shown} must be >= {check[len('greater_than_or_equal_to(') : -1]}"
    if check.startswith("str_length("):
        return "is empty but required"
    return f"{shown} fails check {check}"


def _ids(frame: pd.DataFrame, column: str) -> set[str]:
    return set(frame[column].dropna())


def _reference_problems(frames: dict[str, pd.DataFrame]) -> list[Problem]:
    places = _ids(frames["places"], "place_id")
    actors = _ids(frames["actors"], "actor_id")
    sources = _ids(frames["sources"], "source_id")
    checks = [
        ("control", "place_id", places, "place", False),
        ("control", "actor_id", actors, "actor", False),
        ("control", "allies", actors, "actor", True),
        ("control", "source_ids", sources, "source", True),
        ("events", "place_id", places, "place", False),
        ("events", "actor_id", actors, "actor", False),
        ("events", "target_id", actors, "actor", False),
        ("events", "allies", actors, "actor", True),
        ("events", "source_ids", sources, "source", True),
        ("actors", "successor_of", actors, "actor", True),
        ("actors", "source_ids", sources, "source", True),
        ("claims", "event_id", _ids(frames["events"], "event_id"), "event", False),
        ("claims", "place_id", places, "place", False),
        ("claims", "claimant_id", actors, "actor", False),
        ("claims", "source_ids", sources, "source", True),
    ]
    problems = []
    for table, column, known, noun, many in checks:
        file = TABLES[table].file
        cells = frames[table][column].dropna()
        # Vectorised: a list cell becomes one row per item, keeping its row index.
        values = cells.str.split(LIST_SEP).explode().str.strip() if many else cells
        values = values[values.ne("")]
        for index, value in values[~values.isin(known)].items():
            problems.append(Problem(file, spreadsheet_row(index), column, f"{noun} {value!r} is not in {noun}s.csv"))
    return problems


def _coordinate_problems(frames: dict[str, pd.DataFrame]) -> list[Problem]:
    problems = []
    box = MALI_BBOX
    for table in ("places", "events"):
        file = TABLES[table].file
        lat, lon = frames[table]["lat"], frames[table]["lon"]
        half = lat.isna() != lon.isna()
        for index in lat.index[half]:
            column = "lat" if pd.isna(lat[index]) else "lon"
            problems.append(Problem(file, spreadsheet_row(index), column, "lat and lon must be given together"))
        outside = (
            lat.notna()
            & lon.notna()
            & ~(lat.between(box["lat_min"], box["lat_max"]) & lon.between(box["lon_min"], box["lon_max"]))
        )
        for index in lat.index[outside]:
            problems.append(
                Problem(
                    file,
                    spreadsheet_row(index),
                    "lat",
                    f"({lat[index]}, {lon[index]}) is outside Mali (lat {box['lat_min']}..{box['lat_max']}, "
                    f"lon {box['lon_min']}..{box['lon_max']}); are lat and lon swapped?",
                )
            )
    return problems


def _month_precision_problems(
    file: str, frame: pd.DataFrame, date_col: str, precision_col: str, last_day: bool = False
) -> list[Problem]:
    """A month-precision date is written as the 1st of its month (an end: the last day)."""
    dates = frame[date_col]
    expected_day = dates.dt.days_in_month if last_day else 1
    wrong = frame[precision_col].eq("month") & dates.notna() & dates.dt.day.ne(expected_day)
    which = "last day" if last_day else "1st"
    return [
        Problem(
            file,
            spreadsheet_row(i),
            date_col,
            f"{dates[i]:%Y-%m-%d} has month precision, so write it as the {which} of the month",
        )
        for i in frame.index[wrong]
    ]


def _after_as_of_problems(file: str, frame: pd.DataFrame, column: str, as_of: pd.Timestamp | None) -> list[Problem]:
    if as_of is None:
        return []
    late = frame[column].notna() & frame[column].gt(as_of)
    return [
        Problem(
            file,
            spreadsheet_row(i),
            column,
            f"{frame.at[i, column]:%Y-%m-%d} is after the dataset's as-of date {as_of:%Y-%m-%d}",
        )
        for i in frame.index[late]
    ]


def _control_problems(control: pd.DataFrame, as_of: pd.Timestamp) -> list[Problem]:
    file = TABLES["control"].file
    problems = []
    problems += _after_as_of_problems(file, control, "start", as_of)
    problems += _after_as_of_problems(file, control, "end", as_of)
    problems += _month_precision_problems(file, control, "start", "start_precision")
    problems += _month_precision_problems(file, control, "end", "end_precision", last_day=True)
    inverted = control["end"].notna() & control["start"].notna() & (control["end"] < control["start"])
    for index in control.index[inverted]:
        problems.append(
            Problem(
                file,
                spreadsheet_row(index),
                "end",
                f"ends {control.at[index, 'end']:%Y-%m-%d}, before it starts {control.at[index, 'start']:%Y-%m-%d}",
            )
        )
    for index in control.index[control["end"].isna() != control["end_precision"].isna()]:
        problems.append(
            Problem(file, spreadsheet_row(index), "end_precision", "give end_precision exactly when end is given")
        )
    problems += _overlap_problems(file, control, as_of)
    problems += _last_confirmed_problems(file, control, as_of)
    return problems


def _last_confirmed_problems(file: str, control: pd.DataFrame, as_of: pd.Timestamp | None) -> list[Problem]:
    """A period is confirmed within itself: from its start to its end (an open one: the as-of date)."""
    confirmed = control["last_confirmed"]
    until = control["end"].fillna(as_of if as_of is not None else LAST_DAY)
    outside = confirmed.notna() & control["start"].notna() & ((confirmed < control["start"]) | (confirmed > until))
    return [
        Problem(
            file,
            spreadsheet_row(i),
            "last_confirmed",
            f"{confirmed[i]:%Y-%m-%d} is outside the period ({control.at[i, 'start']:%Y-%m-%d} to {until[i]:%Y-%m-%d})",
        )
        for i in control.index[outside]
    ]


def _overlap_problems(file: str, control: pd.DataFrame, as_of: pd.Timestamp) -> list[Problem]:
    """Periods of one place must not overlap (an open end runs to the as-of date)."""
    problems = []
    # Without an as-of date, an open period runs to the last day a record may hold.
    open_end = as_of if as_of is not None else LAST_DAY
    periods = control.dropna(subset=["place_id", "start"]).assign(effective_end=lambda f: f["end"].fillna(open_end))
    for place_id, group in periods.sort_values("start").groupby("place_id"):
        rows = list(group.itertuples())
        for earlier, later in pairwise(rows):
            if later.start <= earlier.effective_end:
                problems.append(
                    Problem(
                        file,
                        spreadsheet_row(later.Index),
                        "start",
                        f"{place_id}: period starting {later.start:%Y-%m-%d} overlaps the period of "
                        f"row {spreadsheet_row(earlier.Index)} ({earlier.start:%Y-%m-%d} to "
                        f"{earlier.effective_end:%Y-%m-%d})",
                    )
                )
    return problems


def _event_problems(events: pd.DataFrame, as_of: pd.Timestamp) -> list[Problem]:
    file = TABLES["events"].file
    problems = []
    problems += _after_as_of_problems(file, events, "date", as_of)
    problems += _month_precision_problems(file, events, "date", "date_precision")
    both = events["fatalities_low"].notna() & events["fatalities_high"].notna()
    inverted = both & (events["fatalities_low"] > events["fatalities_high"])
    for index in events.index[inverted]:
        problems.append(
            Problem(
                file,
                spreadsheet_row(index),
                "fatalities_low",
                f"fatalities_low {events.at[index, 'fatalities_low']} is greater than "
                f"fatalities_high {events.at[index, 'fatalities_high']}",
            )
        )
    has_coords = events["lat"].notna() | events["lon"].notna()
    has_place = events["place_id"].notna()
    national = events["geo_precision"].eq("country")
    for index in events.index[~has_place & ~has_coords & ~national]:
        problems.append(
            Problem(
                file,
                spreadsheet_row(index),
                "place_id",
                "give a place_id, or lat and lon with a geo_precision, "
                "or geo_precision 'country' for an event with no place",
            )
        )
    for index in events.index[national & (has_place | has_coords)]:
        problems.append(
            Problem(
                file, spreadsheet_row(index), "geo_precision", "'country' is for events with no place_id and no lat/lon"
            )
        )
    for index in events.index[has_coords & events["geo_precision"].isna()]:
        problems.append(Problem(file, spreadsheet_row(index), "geo_precision", "is required when lat/lon are given"))
    for index in events.index[has_place & ~has_coords & events["geo_precision"].notna()]:
        problems.append(
            Problem(
                file,
                spreadsheet_row(index),
                "geo_precision",
                "is only given with lat/lon (a town's coordinates are implied)",
            )
        )
    return problems


def _claim_problems(frames: dict[str, pd.DataFrame], as_of: pd.Timestamp | None) -> list[Problem]:
    """A claim is about exactly one thing: an event, or a control period named by its place and
    start; a toll only for kind 'fatalities'."""
    claims, control = frames["claims"], frames["control"]
    file = TABLES["claims"].file
    problems = []
    problems += _after_as_of_problems(file, claims, "claimed_on", as_of)
    problems += _month_precision_problems(file, claims, "claimed_on", "claimed_on_precision")
    has_event = claims["event_id"].notna()
    has_place, has_start = claims["place_id"].notna(), claims["period_start"].notna()
    for index in claims.index:
        row = spreadsheet_row(index)
        if has_event[index] and (has_place[index] or has_start[index]):
            problems.append(
                Problem(file, row, "event_id", "give event_id or place_id + period_start, not both: one subject")
            )
        elif not has_event[index] and not (has_place[index] or has_start[index]):
            problems.append(
                Problem(file, row, "event_id", "give event_id, or place_id + period_start: a claim needs a subject")
            )
        elif has_place[index] != has_start[index]:
            column = "period_start" if has_place[index] else "place_id"
            problems.append(Problem(file, row, column, "place_id and period_start name a control period together"))
    starts = set(zip(control["place_id"], control["start"], strict=True))
    places = set(frames["places"]["place_id"].dropna())
    for index in claims.index[has_place & has_start & ~has_event]:
        place, start = claims.at[index, "place_id"], claims.at[index, "period_start"]
        if place in places and (place, start) not in starts:
            problems.append(
                Problem(
                    file,
                    spreadsheet_row(index),
                    "period_start",
                    f"no control period of {place} starts on {start:%Y-%m-%d} (control.csv)",
                )
            )
    tolls = claims["fatalities_low"].notna() | claims["fatalities_high"].notna()
    toll_kind = claims["kind"].eq("fatalities")
    for index in claims.index[tolls & ~toll_kind]:
        column = "fatalities_low" if pd.notna(claims.at[index, "fatalities_low"]) else "fatalities_high"
        problems.append(Problem(file, spreadsheet_row(index), column, "a toll is only given with kind 'fatalities'"))
    for index in claims.index[toll_kind & ~tolls]:
        problems.append(Problem(file, spreadsheet_row(index), "fatalities_low", "kind 'fatalities' needs a toll"))
    inverted = (claims["fatalities_low"] > claims["fatalities_high"]).fillna(False).astype(bool)
    for index in claims.index[inverted]:
        problems.append(
            Problem(file, spreadsheet_row(index), "fatalities_low", "fatalities_low is greater than fatalities_high")
        )
    return problems
