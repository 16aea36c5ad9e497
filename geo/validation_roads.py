"""The checks of the roads, blockades and bases tables (issue #15) that span rows or tables:
references, periods that overlap or run backwards, and the rules between columns.

Single-table rules come from the pandera models in :mod:`geo.schema`, as for control and events.
"""

from __future__ import annotations

import pandas as pd

from geo.problems import Problem, spreadsheet_row
from geo.schema import MALI_BBOX, TABLES, split_list
from geo.validation import period_problems, unknown_references

#: Who took a base over is said only for these endings.
_TAKEN_OVER = ("handover", "overrun")


def road_and_base_problems(frames: dict[str, pd.DataFrame], as_of: pd.Timestamp | None) -> list[Problem]:
    """Every problem of the five tables, given every table of the record."""
    places = set(frames["places"]["place_id"].dropna())
    actors = set(frames["actors"]["actor_id"].dropna())
    sources = set(frames["sources"]["source_id"].dropna())
    routes = set(frames["routes"]["route_id"].dropna())
    bases = set(frames["bases"]["base_id"].dropna())
    checks = [
        ("routes", "from_place_id", places, "place", False),
        ("routes", "to_place_id", places, "place", False),
        ("routes", "via", places, "place", True),
        ("routes", "source_ids", sources, "source", True),
        ("route_status", "route_id", routes, "route", False),
        ("route_status", "imposed_by", actors, "actor", False),
        ("route_status", "claimant_id", actors, "actor", False),
        ("route_status", "source_ids", sources, "source", True),
        ("route_events", "route_id", routes, "route", False),
        ("route_events", "event_id", set(frames["events"]["event_id"].dropna()), "event", False),
        ("route_events", "source_ids", sources, "source", True),
        ("blockades", "place_id", places, "place", False),
        ("blockades", "imposed_by", actors, "actor", False),
        ("blockades", "claimant_id", actors, "actor", False),
        ("blockades", "source_ids", sources, "source", True),
        ("bases", "place_id", places, "place", False),
        ("bases", "source_ids", sources, "source", True),
        ("base_periods", "base_id", bases, "base", False),
        ("base_periods", "operator_id", actors, "actor", False),
        ("base_periods", "handed_to", actors, "actor", False),
        ("base_periods", "source_ids", sources, "source", True),
    ]
    problems = unknown_references(frames, checks)
    problems += _route_problems(frames["routes"])
    problems += _status_problems(frames["route_status"])
    problems += _link_problems(frames["route_events"])
    problems += _base_problems(frames["bases"])
    problems += _base_period_problems(frames["base_periods"])
    for table, key in (
        ("route_status", "route_id"),
        ("blockades", ["place_id", "imposed_by"]),
        ("base_periods", "base_id"),
    ):
        problems += period_problems(TABLES[table].file, frames[table], as_of, key)
    return problems


def _rows(frame: pd.DataFrame, mask: pd.Series) -> list[int]:
    return [spreadsheet_row(index) for index in frame.index[mask]]


def _route_problems(routes: pd.DataFrame) -> list[Problem]:
    file = TABLES["routes"].file
    problems = [
        Problem(file, row, "to_place_id", "a route ends in another town than it starts")
        for row in _rows(routes, routes["from_place_id"].notna() & routes["from_place_id"].eq(routes["to_place_id"]))
    ]
    # The schema keeps naturalearth and osm for real road lines, which no table carries yet.
    problems += [
        Problem(file, row, "geometry", "no road geometry is bundled with the record yet; write schematic")
        for row in _rows(routes, routes["geometry"].notna() & routes["geometry"].ne("schematic"))
    ]
    for index, route in routes.iterrows():
        towns = [route["from_place_id"], *split_list(route["via"]), route["to_place_id"]]
        repeated = sorted({town for town in towns if isinstance(town, str) and towns.count(town) > 1})
        if repeated:
            problems.append(
                Problem(file, spreadsheet_row(index), "via", f"passes {', '.join(repeated)} more than once")
            )
    return problems


def _status_problems(status: pd.DataFrame) -> list[Problem]:
    file = TABLES["route_status"].file
    is_open = status["status"].eq("open")
    problems = [
        Problem(file, row, column, "is only for a route that is not open; leave it empty when the status is open")
        for column in ("imposed_by", "cut")
        for row in _rows(status, is_open & status[column].notna())
    ]
    problems += [
        Problem(file, row, "imposed_by", "is required when the route is attacked, blockaded or closed")
        for row in _rows(status, status["status"].notna() & ~is_open & status["imposed_by"].isna())
    ]
    return problems


def _link_problems(links: pd.DataFrame) -> list[Problem]:
    """An event is linked to a route once."""
    file = TABLES["route_events"].file
    again = links.duplicated(["route_id", "event_id"], keep="first") & links["event_id"].notna()
    return [
        Problem(file, row, "event_id", "links this event to this route a second time") for row in _rows(links, again)
    ]


def _base_problems(bases: pd.DataFrame) -> list[Problem]:
    file = TABLES["bases"].file
    lat, lon = bases["lat"], bases["lon"]
    problems = [
        Problem(file, spreadsheet_row(index), "lon" if pd.isna(lon[index]) else "lat", "give lat and lon together")
        for index in bases.index[lat.isna() != lon.isna()]
    ]
    box = MALI_BBOX
    outside = (
        lat.notna()
        & lon.notna()
        & ~(lat.between(box["lat_min"], box["lat_max"]) & lon.between(box["lon_min"], box["lon_max"]))
    )
    problems += [
        Problem(file, row, "lat", "is outside Mali; are lat and lon swapped?") for row in _rows(bases, outside)
    ]
    return problems


def _base_period_problems(periods: pd.DataFrame) -> list[Problem]:
    file = TABLES["base_periods"].file
    reason = periods["end_reason"]
    problems = [
        Problem(file, row, "end_reason", "says how a period ended, so it needs an end")
        for row in _rows(periods, reason.notna() & periods["end"].isna())
    ]
    problems += [
        Problem(file, row, "handed_to", "is only for a handover or an overrun (end_reason)")
        for row in _rows(periods, periods["handed_to"].notna() & ~reason.isin(_TAKEN_OVER))
    ]
    problems += [
        Problem(file, row, "handed_to", "a handover names whom the base was handed to")
        for row in _rows(periods, reason.eq("handover") & periods["handed_to"].isna())
    ]
    return problems
