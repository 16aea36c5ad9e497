"""The date-dependent layers, as one registry (:data:`LAYERS`): towns by holder, events, heat,
routes (with the blockades of towns) and bases.

Each layer is drawn either for one date by the server (:attr:`Layer.draw`), or for every date
at once with each marker's days (a large record's events per location and day: geo.spans.event_cells),
for the time bar to move in the browser (:attr:`Layer.draw_timed`).
Adding a layer is adding one entry here (and its overlay code in geo.view.OVERLAYS).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import folium
import folium.plugins
import pandas as pd

from geo.events import grid_cells
from geo.i18n import t
from geo.map.elements import (
    HEAT_OPTIONS,
    Points,
    Routes,
    StartsOffWhenNarrow,
    TimeBar,
    TimedCellHeat,
    TimedCells,
    TimedHeat,
)
from geo.map.markers import cell_data, cell_options, day_number, event_points, group_points, town_points
from geo.map.popups import SourceList
from geo.map.route_lines import base_points, blockade_points, route_lines
from geo.spans import EventCells
from geo.style import ROUTE_STYLES


@dataclass(frozen=True)
class LayerData:
    """What the layers are drawn from: a view's frames (one date, or spans for every date)."""

    actors: pd.DataFrame
    #: The sources table, or its SourceList (:func:`sources_of`: indexed once per record).
    sources: pd.DataFrame | SourceList
    lang: str
    place_labels: pd.Series | None = None
    #: geo.control.towns_at's frame, or geo.spans' town spans.
    towns: pd.DataFrame | None = None
    #: The window's events, or geo.spans' event spans.
    events: pd.DataFrame | None = None
    #: geo.events.group_by_location's cells when the window has too many events for markers.
    groups: pd.DataFrame | None = None
    #: Heat cells (lat, lon, count) for one date.
    heat: pd.DataFrame | None = None
    #: A large record's events per location and day (geo.spans.event_cells), for the time bar:
    #: for the events layer, and on a finer grid for the heat map.
    cells: EventCells | None = None
    heat_cells: EventCells | None = None
    #: routes.csv, each route's line (geo.routes.route_lines), and its states: geo.routes.routes_at's
    #: rows for one date, or geo.routes.status_periods (with days) for every date.
    routes: pd.DataFrame | None = None
    lines: dict | None = None
    route_states: pd.DataFrame | None = None
    #: geo.routes.route_attacks: every attack for the time bar, those up to ``date`` otherwise.
    route_attacks: pd.DataFrame | None = None
    #: geo.routes.blockades_at's rows, or geo.routes.blockade_periods.
    blockades: pd.DataFrame | None = None
    #: geo.bases.bases_at's rows, or geo.bases.base_periods; and every base period (popups' histories).
    bases: pd.DataFrame | None = None
    base_history: pd.DataFrame | None = None
    #: The routes and bases start switched off on a narrow map (the view did not ask for them).
    narrow_off: bool = False
    #: The record's claims (claims.csv), shown in the town and event popups.
    claims: pd.DataFrame | None = None
    #: The date the layers are drawn for (None for the time bar's layers: every date).
    date: object = None


@dataclass(frozen=True)
class Layer:
    """One date-dependent layer of the map."""

    #: Its code among the view's overlays (geo.view.OVERLAYS).
    overlay: str
    #: The i18n key of its name in the layer switcher.
    label: str
    #: What its timed version needs: geo.spans' "towns" or "events", or the "roads" or "bases" periods.
    spans: str
    draw: Callable[[LayerData, str], folium.FeatureGroup]
    draw_timed: Callable[[LayerData, str], folium.FeatureGroup]


def sources_of(dataset) -> SourceList:
    """The record's sources indexed for popups, once per record (Dataset.derived)."""
    return dataset.derived(("map", "sources"), lambda d: SourceList(d.sources))


def control_layer(
    towns: pd.DataFrame,
    actors: pd.DataFrame,
    sources: pd.DataFrame | SourceList,
    lang: str,
    name: str | None = None,
    *,
    claims: pd.DataFrame | None = None,
    date=None,
) -> folium.FeatureGroup:
    """One marker per town of :func:`geo.control.towns_at`'s frame (hollow where no holder is known)."""
    group = folium.FeatureGroup(name=name or t(lang, "layers.control"))
    Points(town_points(towns, actors, sources, lang, claims=claims, on=date)).add_to(group)
    return group


def events_layer(
    events: pd.DataFrame,
    groups: pd.DataFrame | None,
    actors: pd.DataFrame,
    sources: pd.DataFrame | SourceList,
    lang: str,
    place_labels: pd.Series | None = None,
    name: str | None = None,
    *,
    claims: pd.DataFrame | None = None,
) -> folium.FeatureGroup:
    """Events as markers sized by fatalities, coloured by the actor's family, marked by type.

    With ``groups`` (from :func:`geo.events.group_by_location`) one marker stands for
    each location and lists its deadliest events; otherwise one marker per event.
    """
    group = folium.FeatureGroup(name=name or t(lang, "layers.events"))
    if groups is None:
        points = event_points(events, actors, sources, lang, place_labels, claims=claims)
    else:
        points = group_points(events, groups, lang)
    Points(points, cluster=True, shift=10).add_to(group)
    return group


def heat_layer(points: pd.DataFrame, lang: str, name: str | None = None) -> folium.FeatureGroup:
    """A heat map of event locations weighted by count (``points``: lat, lon, count)."""
    group = folium.FeatureGroup(name=name or t(lang, "layers.heat"))
    data = [[round(float(p.lat), 4), round(float(p.lon), 4), float(p.count)] for p in points.itertuples()]
    if data:
        folium.plugins.HeatMap(data, **HEAT_OPTIONS).add_to(group)
    return group


def empty_layer(name: str) -> folium.FeatureGroup:
    """A placeholder group: st_folium wants a feature group even when a layer is switched off."""
    return folium.FeatureGroup(name=name)


def _timed_towns(data: LayerData, name: str) -> folium.FeatureGroup:
    group = folium.FeatureGroup(name=name)
    points = town_points(data.towns, data.actors, data.sources, data.lang, claims=data.claims)
    Points(points, timed=True).add_to(group)
    return group


def _timed_events(data: LayerData, name: str) -> folium.FeatureGroup:
    group = folium.FeatureGroup(name=name)
    if data.cells is not None:
        TimedCells(cell_options(data.cells.window, data.lang), cell_data(data.cells)).add_to(group)
        return group
    points = event_points(data.events, data.actors, data.sources, data.lang, data.place_labels, claims=data.claims)
    Points(points, cluster=True, shift=10, timed=True).add_to(group)
    return group


def roads_layer(data: LayerData, name: str, *, timed: bool = False) -> folium.FeatureGroup:
    """Routes as lines styled by their status, and a ring round each blockaded town."""
    group = folium.FeatureGroup(name=name)
    if data.narrow_off:
        StartsOffWhenNarrow().add_to(group)
    lines = route_lines(
        data.routes, data.route_states, data.lines, _labels(data), data.sources, data.lang, data.route_attacks
    )
    Routes(lines, ROUTE_STYLES, timed=timed).add_to(group)
    Points(blockade_points(data.blockades, data.sources, data.lang), timed=timed).add_to(group)
    return group


def bases_layer(data: LayerData, name: str, *, timed: bool = False) -> folium.FeatureGroup:
    """A symbol per base held, in its operator's colour, with its handovers in the popup."""
    group = folium.FeatureGroup(name=name)
    if data.narrow_off:
        StartsOffWhenNarrow().add_to(group)
    # Drawn a little down and left of their point: a base at a town's coordinates stays beside
    # the town's marker (events go up and right).
    Points(base_points(data.bases, data.base_history, data.sources, data.lang), shift=-11, timed=timed).add_to(group)
    return group


def _labels(data: LayerData) -> dict[str, str]:
    return {} if data.place_labels is None else {str(k): str(v) for k, v in data.place_labels.items()}


def heat_points(events: pd.DataFrame) -> list[list]:
    """The timed heat map's data: each placed event's [lat, lon, cell, from, to], the cell on
    :func:`geo.events.group_by_location`'s finest grid (the browser heats the window's events
    cell by cell, as the server does)."""
    placed = events.dropna(subset=["lat", "lon"])
    cells = grid_cells(placed["lat"], placed["lon"])
    return [
        [float(lat), float(lon), int(cell), day_number(start), day_number(end)]
        for lat, lon, cell, start, end in zip(
            placed["lat"], placed["lon"], cells, placed["from_day"], placed["to_day"], strict=True
        )
    ]


def _timed_heat(data: LayerData, name: str) -> folium.FeatureGroup:
    group = folium.FeatureGroup(name=name)
    if data.heat_cells is not None:
        TimedCellHeat(data.heat_cells.window, cell_data(data.heat_cells, tolls=False)).add_to(group)
        return group
    TimedHeat(heat_points(data.events)).add_to(group)
    return group


#: The date-dependent layers, in the order the map component gets them (each at a fixed
#: position, followed by the time bar's group).
LAYERS: tuple[Layer, ...] = (
    Layer(
        "control",
        "layers.control",
        "towns",
        lambda d, name: control_layer(d.towns, d.actors, d.sources, d.lang, name, claims=d.claims, date=d.date),
        _timed_towns,
    ),
    Layer(
        "events",
        "layers.events",
        "events",
        lambda d, name: events_layer(
            d.events, d.groups, d.actors, d.sources, d.lang, d.place_labels, name, claims=d.claims
        ),
        _timed_events,
    ),
    Layer("heat", "layers.heat", "events", lambda d, name: heat_layer(d.heat, d.lang, name), _timed_heat),
    Layer("routes", "layers.routes", "roads", roads_layer, lambda d, name: roads_layer(d, name, timed=True)),
    Layer("bases", "layers.bases", "bases", bases_layer, lambda d, name: bases_layer(d, name, timed=True)),
)


def layer_names(lang: str) -> list[str]:
    """The names of the date-dependent layers in the layer switcher, in :data:`LAYERS`' order."""
    return [t(lang, layer.label) for layer in LAYERS]


def draw_layers(data: LayerData, overlays, *, timed: bool = False) -> list[folium.FeatureGroup]:
    """Every layer of :data:`LAYERS` in order: drawn where ``overlays`` shows it, empty otherwise."""
    names = layer_names(data.lang)
    return [
        (layer.draw_timed if timed else layer.draw)(data, name) if layer.overlay in overlays else empty_layer(name)
        for layer, name in zip(LAYERS, names, strict=True)
    ]


def time_bar_group(
    day,
    first,
    last,
    label: str,
    *,
    revision: int,
    playing: bool,
    play_ms: int,
    date_label: str = "",
    skip_label: str = "",
) -> folium.FeatureGroup:
    """The map's time bar (:class:`geo.map.elements.TimeBar`) in a group of its own, sent after
    the timed layers it drives and kept out of the layer switcher; ``date_label`` names its date
    input, ``skip_label`` its link to the map."""
    group = folium.FeatureGroup(name="time", control=False)
    TimeBar(
        day,
        first,
        last,
        label,
        revision=revision,
        playing=playing,
        play_ms=play_ms,
        date_label=date_label,
        skip_label=skip_label,
    ).add_to(group)
    return group
