"""Which events fall in a date window, with filters, and how to draw many of them."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from geo.i18n.record_text import localized

if TYPE_CHECKING:
    from geo.dataset import Dataset


def _window_slice(events: pd.DataFrame, first: pd.Timestamp, last: pd.Timestamp) -> pd.DataFrame:
    """The rows dated within [first, last]; events are sorted by date, so this is two binary searches
    and costs nothing proportional to the whole table."""
    dates = events["date"].to_numpy()
    lo = np.searchsorted(dates, np.datetime64(first, "ns").astype(dates.dtype), side="left")
    hi = np.searchsorted(dates, np.datetime64(last, "ns").astype(dates.dtype), side="right")
    return events.iloc[lo:hi]


def events_between(
    dataset: Dataset,
    start,
    end,
    *,
    families: Iterable[str] | None = None,
    event_types: Iterable[str] | None = None,
    min_fatalities: int | None = None,
    actors: Iterable[str] | None = None,
    regions: Iterable[str] | None = None,
) -> pd.DataFrame:
    """Events dated within [start, end] (inclusive), oldest first.

    A month-precision event is dated the 1st of its month and falls in a window only if
    that day does. ``families`` keeps events whose principal actor is of one of those
    families; ``actors`` keeps events in which one of those actors is the principal actor,
    an ally or the target. ``min_fatalities`` keeps events whose highest reported toll
    (``fatalities_high``, else ``fatalities_low``) reaches it; unknown tolls are dropped
    when it is above 0. ``regions`` keeps events whose point lies in one of those drawn
    regions (``map_region``). Adds ``actor_name``, ``family`` and ``place_name`` columns.
    """
    first, last = pd.Timestamp(start).normalize(), pd.Timestamp(end).normalize()
    events = _window_slice(dataset.events, first, last)
    actor_table = dataset.actors.set_index("actor_id")
    family = events["actor_id"].map(actor_table["family"])
    keep = pd.Series(True, index=events.index)
    if families is not None:
        keep &= family.isin(list(families))
    if event_types is not None:
        keep &= events["event_type"].isin(list(event_types))
    if actors is not None:
        wanted = set(actors)
        involved = events["actor_id"].isin(wanted) | events["target_id"].isin(wanted)
        allies = events["allies"].fillna("").str.split("|")
        involved |= allies.map(lambda items: not wanted.isdisjoint(items))
        keep &= involved
    if regions is not None and "map_region" in events:
        keep &= events["map_region"].isin(list(regions))
    if min_fatalities:
        toll = events["fatalities_high"].fillna(events["fatalities_low"])
        keep &= toll.ge(min_fatalities).fillna(False).astype(bool)
    selected = events[keep].copy()
    selected["family"] = family[keep]
    selected["actor_name"] = selected["actor_id"].map(actor_table["name"])
    selected["place_name"] = selected["place_id"].map(dataset.places.set_index("place_id")["name"])
    return selected.reset_index(drop=True)


def window_totals(events: pd.DataFrame) -> tuple[int, int]:
    """(number of events, sum of the lowest known toll of each) for a frame of events."""
    known = events["fatalities_low"].fillna(events["fatalities_high"])
    return len(events), int(known.fillna(0).sum())


#: Grid sizes (degrees) tried in turn when events must be grouped, finest first.
_GRID_STEPS = (0.05, 0.1, 0.25, 0.5, 1.0, 2.0)


def group_by_location(events: pd.DataFrame, max_points: int) -> pd.DataFrame:
    """Events grouped into grid cells, the finest grid giving at most ``max_points`` cells.

    One row per cell: ``lat``/``lon`` (mean of its events), ``count``, ``fatalities``
    (lowest known tolls summed), ``family`` and ``event_type`` (the most frequent),
    ``top_event_ids`` (up to five deadliest, deadliest first) and ``first``/``last`` dates.
    Only events with coordinates are grouped.
    """
    placed = events.dropna(subset=["lat", "lon"])
    toll = placed["fatalities_low"].fillna(placed["fatalities_high"]).fillna(0).astype("int64")
    placed = placed.assign(toll=toll.to_numpy())
    placed = placed.assign(cell=finest_grid(placed["lat"], placed["lon"], max_points).to_numpy())
    grouped = placed.groupby("cell", sort=False)
    summary = grouped.agg(
        lat=("lat", "mean"),
        lon=("lon", "mean"),
        count=("event_id", "size"),
        fatalities=("toll", "sum"),
        first=("date", "min"),
        last=("date", "max"),
    )
    summary["family"] = _most_frequent(placed, "family")
    summary["event_type"] = _most_frequent(placed, "event_type")
    deadliest = placed.sort_values("toll", ascending=False, kind="stable").groupby("cell", sort=False).head(5)
    summary["top_event_ids"] = deadliest.groupby("cell", sort=False)["event_id"].agg(list)
    return summary.sort_values("count", ascending=False).reset_index(drop=True)


def finest_grid(lats: pd.Series, lons: pd.Series, max_points: int) -> pd.Series:
    """Each point's cell (:func:`grid_cells`) on the finest grid giving at most ``max_points``
    cells (or the coarsest grid)."""
    for step in _GRID_STEPS:
        cells = grid_cells(lats, lons, step)
        if cells.nunique() <= max_points or step == _GRID_STEPS[-1]:
            break
    return cells


def grid_cells(lats: pd.Series, lons: pd.Series, step: float = _GRID_STEPS[0]) -> pd.Series:
    """The grid cell of each point on a grid of ``step`` degrees, as one integer."""
    return np.floor(lats / step).astype("int64") * 100_000 + np.floor(lons / step).astype("int64")


def _most_frequent(events: pd.DataFrame, column: str) -> pd.Series:
    """The most frequent value of ``column`` in each cell (vectorised: no Python per group)."""
    counts = events.groupby(["cell", column], sort=False, dropna=False).size()
    if counts.empty:
        return pd.Series(dtype=object)
    return (
        counts.sort_values(ascending=False, kind="stable")
        .reset_index()
        .drop_duplicates("cell")
        .set_index("cell")[column]
    )


EARTH_RADIUS_KM = 6371.0


def distance_km(lat: float, lon: float, lats, lons) -> np.ndarray:
    """Great-circle (haversine) distance in km from one point to many."""
    lat1, lon1 = np.radians(lat), np.radians(lon)
    lat2, lon2 = np.radians(np.asarray(lats, dtype="float64")), np.radians(np.asarray(lons, dtype="float64"))
    a = np.sin((lat2 - lat1) / 2) ** 2 + np.cos(lat1) * np.cos(lat2) * np.sin((lon2 - lon1) / 2) ** 2
    return 2 * EARTH_RADIUS_KM * np.arcsin(np.sqrt(a))


def events_near(dataset: Dataset, place_id: str, radius_km: float) -> pd.DataFrame:
    """Events at ``place_id`` or within ``radius_km`` of it, newest first, with a ``distance_km`` column."""
    place = dataset.places.set_index("place_id").loc[place_id]
    events = dataset.events
    distance = distance_km(place["lat"], place["lon"], events["lat"], events["lon"])
    keep = (events["place_id"] == place_id).to_numpy() | (distance <= radius_km)
    near = events[keep].assign(distance_km=np.round(distance[keep], 1))
    near["family"] = near["actor_id"].map(dataset.actors.set_index("actor_id")["family"])
    return near.sort_values("date", ascending=False).reset_index(drop=True)


def events_attributed(dataset: Dataset, actor_id: str) -> pd.DataFrame:
    """Events whose principal actor or one of its allies is ``actor_id``, newest first."""
    events = dataset.events
    allies = events["allies"].fillna("").str.split("|").map(lambda items: actor_id in items)
    chosen = events[(events["actor_id"] == actor_id) | allies].copy()
    actors = dataset.actors.set_index("actor_id")
    chosen["family"] = chosen["actor_id"].map(actors["family"])
    chosen["actor_name"] = chosen["actor_id"].map(actors["name"])
    return chosen.sort_values("date", ascending=False).reset_index(drop=True)


def descriptions(events: pd.DataFrame, lang: str) -> pd.Series:
    """Each event's description in ``lang``: from its ``description_<lang>`` column where the
    record has one (``description_fr``), else the English ``description``."""
    return localized(events, "description", lang)
