"""Everything the map shows for one view, computed from the record (pure pandas).

The cost grows with what is on screen, not with the size of the record: the date
window is a binary search on the sorted events, and beyond ``MAX_MARKERS`` events the
markers are grouped by location so the page sent to the browser stays bounded.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pandas as pd

from geo.bases import bases_at
from geo.control import held_by_family, towns_at
from geo.dataset import Dataset
from geo.events import events_between, group_by_location, window_totals
from geo.routes import blockades_at, routes_at, with_blockades
from geo.view import View

#: Above this many events in the window, markers stand for locations, not single events.
MAX_MARKERS = 800
#: Points of the heat layer (grouped by location beyond this).
MAX_HEAT_POINTS = 3000


@dataclass(frozen=True)
class Snapshot:
    """What the map and the figures above it show for a view."""

    towns: pd.DataFrame
    held: dict[str, int]
    events: pd.DataFrame
    groups: pd.DataFrame | None
    heat: pd.DataFrame
    totals: tuple[int, int]
    previous_totals: tuple[int, int] | None
    changes: pd.DataFrame
    window_start: dt.date
    #: Every route with its status on the date, the blockades of towns, the bases held (issue #15).
    routes: pd.DataFrame | None = None
    blockades: pd.DataFrame | None = None
    bases: pd.DataFrame | None = None


def event_filters(view: View) -> dict:
    """The keyword filters of ``events_between`` that a view sets."""
    return {
        "families": view.families or None,
        "event_types": view.event_types or None,
        "min_fatalities": view.min_fatalities or None,
        "actors": view.actors or None,
        "regions": [view.region] if view.region else None,
    }


def snapshot(dataset: Dataset, view: View, max_markers: int = MAX_MARKERS, heat: bool = True) -> Snapshot:
    """The towns, events, groups, totals and control changes for ``view``; without ``heat``, no
    heat cells even with the heat layer on (the browser heats the window itself: geo.spans)."""
    start = view.window_start or dataset.first_date.date()
    towns = with_blockades(towns_at(dataset, view.date), dataset, view.date)
    if view.region:
        towns = towns[towns["map_region"] == view.region]
    events = events_between(dataset, start, view.date, **event_filters(view))
    groups = group_by_location(events, max_markers) if len(events) > max_markers else None
    # The heat layer is drawn only on request; grouping for it costs time on every move.
    heat = group_by_location(events, MAX_HEAT_POINTS) if heat and "heat" in view.overlays else events.iloc[0:0]
    previous = view.previous_window()
    previous_totals = (
        window_totals(events_between(dataset, previous[0], previous[1], **event_filters(view))) if previous else None
    )
    changes = dataset.changes_between(start, view.date)
    if view.region:
        changes = changes[changes["place_id"].isin(towns["place_id"])]
    return Snapshot(
        towns=towns.reset_index(drop=True),
        held=held_by_family(towns),
        events=events,
        groups=groups,
        heat=heat,
        totals=window_totals(events),
        previous_totals=previous_totals,
        changes=changes.reset_index(drop=True),
        window_start=start,
        routes=routes_at(dataset, view.date),
        blockades=blockades_at(dataset, view.date),
        bases=bases_at(dataset, view.date),
    )
