"""Roads and blockades over time (issue #15): each route's line, its status on a date, its
history, and the blockades of towns. Like :mod:`geo.control`, a date with no sourced period
gives no status (the map draws the road as "no status recorded"), never a guess of "open"."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pandas as pd

from geo.periods import actor_names, in_force, with_days
from geo.schema import split_list

if TYPE_CHECKING:
    from geo.dataset import Dataset

ROUTE_COLUMNS = ["route_id", "name", "name_fr", "road_numbers", "from_place_id", "to_place_id", "via", "geometry"]
STATUS_COLUMNS = [
    "status",
    "imposed_by",
    "imposed_by_name",
    "cut",
    "start",
    "start_precision",
    "end",
    "end_precision",
    "confidence",
    "claimant_id",
    "claimant_name",
    "source_ids",
    "note",
    "note_fr",
]
#: A blockade: its town, then a route status's columns from who imposes it on.
BLOCKADE_COLUMNS = ["place_id", "name", "name_fr", "lat", "lon", *STATUS_COLUMNS[STATUS_COLUMNS.index("imposed_by") :]]


def route_towns(route) -> list[str]:
    """The place_ids a route passes, in order: its start, the towns via, its end."""
    return [route.from_place_id, *split_list(route.via), route.to_place_id]


def route_lines(dataset: Dataset) -> dict[str, list[list[float]]]:
    """Each route's line as [[lat, lon], ...]: through its towns (every route's geometry is
    ``schematic`` until road geometry is bundled; see data/README.md)."""
    return dataset.derived(("routes", "lines"), _route_lines)


def _route_lines(dataset: Dataset) -> dict[str, list[list[float]]]:
    places = dataset.places.set_index("place_id")
    return {
        route.route_id: [
            [round(float(places.at[town, "lat"]), 5), round(float(places.at[town, "lon"]), 5)]
            for town in route_towns(route)
        ]
        for route in dataset.routes.itertuples(index=False)
    }


def _named(dataset: Dataset, periods: pd.DataFrame) -> pd.DataFrame:
    return periods.assign(
        imposed_by_name=actor_names(dataset, periods["imposed_by"]),
        claimant_name=actor_names(dataset, periods["claimant_id"]),
    )


def status_periods(dataset: Dataset) -> pd.DataFrame:
    """Every route-status period with its route and the names of who imposes and who claims it,
    and its days (``from_day``, ``to_day``): what the browser's time bar moves through."""
    return dataset.derived(("routes", "periods"), _status_periods)


def _status_periods(dataset: Dataset) -> pd.DataFrame:
    periods = _named(dataset, dataset.route_status)
    joined = dataset.routes[ROUTE_COLUMNS].merge(periods[["route_id", *STATUS_COLUMNS]], on="route_id", how="inner")
    return with_days(joined, dataset.as_of).reset_index(drop=True)


def routes_at(dataset: Dataset, date) -> pd.DataFrame:
    """Every route, with its status on ``date``: the ``STATUS_COLUMNS`` of the period in force,
    empty where no sourced period covers the date."""
    current = in_force(status_periods(dataset), date, dataset.as_of)
    routes = dataset.routes[ROUTE_COLUMNS].merge(
        current[["route_id", *STATUS_COLUMNS]], on="route_id", how="left", validate="one_to_one"
    )
    return routes.sort_values("route_id").reset_index(drop=True)


def route_history(dataset: Dataset, route_id: str) -> pd.DataFrame:
    """Every status period of one route, oldest first, with the names of who imposed it."""
    periods = status_periods(dataset)
    return periods[periods["route_id"] == route_id].sort_values("start").reset_index(drop=True)


#: What a route's list of attacks shows of each event.
ATTACK_COLUMNS = [
    "route_id",
    "event_id",
    "date",
    "date_precision",
    "event_type",
    "actor_id",
    "fatalities_low",
    "fatalities_high",
    "description",
    "description_fr",
    "link_sources",
    "link_note",
    "link_note_fr",
]


def route_attacks(dataset: Dataset, route_id: str | None = None, start=None, end=None) -> pd.DataFrame:
    """The events sources place on a route (route_events.csv), oldest first: of one route or
    all, dated within [start, end] when given (either may be None)."""
    attacks = dataset.derived(("routes", "attacks"), _all_attacks)
    keep = pd.Series(True, index=attacks.index)
    if route_id is not None:
        keep &= attacks["route_id"] == route_id
    if start is not None:
        keep &= attacks["date"] >= pd.Timestamp(start).normalize()
    if end is not None:
        keep &= attacks["date"] <= pd.Timestamp(end).normalize()
    return attacks[keep].reset_index(drop=True)


def _all_attacks(dataset: Dataset) -> pd.DataFrame:
    # Joined once per record, and only with the linked events (an upload may hold a million).
    links = dataset.route_events.rename(
        columns={"source_ids": "link_sources", "note": "link_note", "note_fr": "link_note_fr"}
    )
    events = dataset.events[dataset.events["event_id"].isin(links["event_id"])]
    attacks = links.merge(events.drop(columns=["note"], errors="ignore"), on="event_id", validate="many_to_one")
    return attacks.sort_values(["date", "event_id"], kind="stable")[ATTACK_COLUMNS].reset_index(drop=True)


def routes_of_place(dataset: Dataset, place_id: str) -> pd.DataFrame:
    """The routes that start, end or pass at ``place_id``."""
    reach = [place_id in route_towns(route) for route in dataset.routes.itertuples(index=False)]
    return dataset.routes[pd.Series(reach, index=dataset.routes.index, dtype=bool)].reset_index(drop=True)


def blockade_periods(dataset: Dataset) -> pd.DataFrame:
    """Every blockade of a town with the town's name and position, the names of who imposes and
    who claims it, and its days (``from_day``, ``to_day``)."""
    return dataset.derived(("routes", "blockades"), _blockade_periods)


def _blockade_periods(dataset: Dataset) -> pd.DataFrame:
    places = dataset.places[["place_id", "name", "name_fr", "lat", "lon"]]
    periods = _named(dataset, dataset.blockades).merge(places, on="place_id", how="left")
    return with_days(periods[BLOCKADE_COLUMNS], dataset.as_of).reset_index(drop=True)


def blockades_at(dataset: Dataset, date) -> pd.DataFrame:
    """The blockades of towns in force on ``date`` (two parties may blockade one town at once)."""
    return in_force(blockade_periods(dataset), date, dataset.as_of).sort_values("place_id").reset_index(drop=True)


def place_blockades(dataset: Dataset, place_id: str) -> pd.DataFrame:
    """Every blockade of one town, oldest first."""
    periods = blockade_periods(dataset)
    return periods[periods["place_id"] == place_id].sort_values("start").reset_index(drop=True)


#: What a town row gains from its blockade on the date (:func:`with_blockades`).
TOWN_BLOCKADE_COLUMNS = ["blockade_by", "blockade_cut", "blockade_since", "blockade_claim", "blockade_sources"]


def with_blockades(towns: pd.DataFrame, dataset: Dataset, date) -> pd.DataFrame:
    """``towns`` (rows of geo.control.towns_at) with the blockades of each town on ``date``, if
    any (``TOWN_BLOCKADE_COLUMNS``): who imposes each, what each cuts and since when, one item per
    blockade separated by ``;`` in that order (two parties may blockade a town at once), and the
    sources of all of them."""
    day = pd.Timestamp(date).normalize()
    current = [row for row in _blockade_rows(dataset) if row[1] <= day < row[2]]
    if not current:
        return towns.assign(**{column: None for column in TOWN_BLOCKADE_COLUMNS})
    # Plain Python: this runs for every day a town's state may change (geo.spans), where pandas
    # filtering and grouping cost more than all the rest of that work.
    joined: dict[str, dict[str, str]] = {}
    for place_id, _, _, item in current:
        if place_id in joined:
            before = joined[place_id]
            item = {key: before[key] + _SEP[key] + value for key, value in item.items()}
            item["blockade_sources"] = "|".join(dict.fromkeys(item["blockade_sources"].split("|")))
        joined[place_id] = item
    place = towns["place_id"]
    return towns.assign(
        **{column: place.map({p: item[column] for p, item in joined.items()}) for column in TOWN_BLOCKADE_COLUMNS}
    )


def _blockade_rows(dataset: Dataset) -> list[tuple]:
    """Each blockade as (place_id, from_day, to_day, its TOWN_BLOCKADE_COLUMNS), in order, once per record."""

    def rows(d: Dataset) -> list[tuple]:
        periods = blockade_periods(d).sort_values(["place_id", "start", "imposed_by"])
        return [
            (
                row.place_id,
                row.from_day,
                row.to_day,
                {
                    "blockade_by": str(row.imposed_by_name),
                    "blockade_cut": row.cut if isinstance(row.cut, str) else "",
                    "blockade_since": f"{row.start:%Y-%m-%d}",
                    # "claim" when the row rests on a party's own statement (claimant_id).
                    "blockade_claim": "claim" if isinstance(row.claimant_id, str) else "",
                    "blockade_sources": row.source_ids,
                },
            )
            for row in periods.itertuples(index=False)
        ]

    return dataset.derived(("routes", "blockade_rows"), rows)


def blockade_state_on(dataset: Dataset, place_id: str | None, day) -> dict:
    """One town's blockades on ``day`` as ``TOWN_BLOCKADE_COLUMNS`` (None each when it has none);
    with no place, the days each town's blockade state changes, by place (for geo.spans)."""
    rows = _blockade_rows(dataset)
    if place_id is None:
        edges: dict[str, set] = {}
        for place, start, stop, _ in rows:
            edges.setdefault(place, set()).update((start, stop))
        return edges
    joined = None
    for place, start, stop, item in rows:
        if place == place_id and start <= day < stop:
            if joined is None:
                joined = dict(item)
            else:
                joined = {key: joined[key] + _SEP[key] + value for key, value in item.items()}
                joined["blockade_sources"] = "|".join(dict.fromkeys(joined["blockade_sources"].split("|")))
    return joined or dict.fromkeys(TOWN_BLOCKADE_COLUMNS)


#: How the blockades of one town are joined in each column of with_blockades.
_SEP = {"blockade_by": ";", "blockade_cut": ";", "blockade_since": ";", "blockade_claim": ";", "blockade_sources": "|"}


def blockade_edges(dataset: Dataset) -> pd.Series:
    """The days a town's blockade starts or the day after one ends: where a town's state changes
    besides its control periods (geo.spans)."""
    periods = blockade_periods(dataset)
    return pd.concat([periods["from_day"], periods["to_day"]], ignore_index=True)
