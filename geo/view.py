"""The state of a view of the map, and its round trip through a URL query string.

Pure Python (no streamlit), so the rules for reading a shared link are tested directly:
every parameter is validated, and an invalid one falls back to its default with a notice.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from dataclasses import dataclass, field, replace

from geo.i18n import DEFAULT_LANGUAGE, LANGUAGES
from geo.schema import EVENT_TYPES, FAMILIES, WINDOWS

DEFAULT_WINDOW = 90
BASES = ("light", "street", "dark", "satellite", "topo")
OVERLAYS = ("control", "events", "heat", "routes", "bases", "regions")
DEFAULT_OVERLAYS = ("control", "events", "routes", "bases", "regions")


@dataclass(frozen=True)
class View:
    """Everything that shapes what the map shows; a shared link reproduces it."""

    date: dt.date
    window: int = DEFAULT_WINDOW
    # An empty selection means "all": the filter is off.
    families: tuple[str, ...] = ()
    actors: tuple[str, ...] = ()
    event_types: tuple[str, ...] = ()
    min_fatalities: int = 0
    region: str | None = None
    base: str = "light"
    overlays: tuple[str, ...] = DEFAULT_OVERLAYS
    place: str | None = None
    lang: str = DEFAULT_LANGUAGE
    #: A custom period [start, date] chosen on the timeline; it overrides ``window``.
    start: dt.date | None = None
    #: The actor the Actors page shows.
    actor: str | None = None
    #: The map's zoom and centre (latitude, longitude) once the reader moved it; None: Mali whole.
    zoom: float | None = None
    center: tuple[float, float] | None = None

    @property
    def narrow_off(self) -> bool:
        """Whether the routes and bases start switched off on a narrow map: only while the view
        has the default overlays (a link or a choice that names its layers gets them)."""
        return self.overlays == DEFAULT_OVERLAYS

    @property
    def window_start(self) -> dt.date | None:
        """First day of the window ending on ``date`` (None: from the beginning)."""
        if self.start is not None:
            return self.start
        return None if self.window == 0 else self.date - dt.timedelta(days=self.window - 1)

    def previous_window(self) -> tuple[dt.date, dt.date] | None:
        """The window of the same length just before this one (None for 'everything')."""
        first = self.window_start
        if first is None:
            return None
        length = (self.date - first).days + 1
        end = first - dt.timedelta(days=1)
        return end - dt.timedelta(days=length - 1), end


@dataclass(frozen=True)
class Notice:
    """A URL parameter that was not valid and what was used instead."""

    name: str
    value: str
    default: str


@dataclass(frozen=True)
class Choices:
    """What a parameter may hold, given the record: dates, actors, regions, places."""

    first: dt.date
    last: dt.date
    actors: frozenset[str] = field(default_factory=frozenset)
    regions: frozenset[str] = field(default_factory=frozenset)
    places: frozenset[str] = field(default_factory=frozenset)


#: The longest parameter value read at all; a longer one is refused before any parsing.
MAX_PARAM = 200
#: A count in a link: one to six ASCII digits (str.isdigit() also accepts '²' and '٣').
_COUNT = re.compile(r"[0-9]{1,6}")
_DAY = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
#: A zoom level (quarter steps, the map's zoom snap) and a centre "lat,lon" (four decimals, ~10 m).
_ZOOM = re.compile(r"[0-9]{1,2}(\.[0-9]{1,2})?")
_COORD = r"-?[0-9]{1,3}(\.[0-9]{1,4})?"
_CENTER = re.compile(rf"({_COORD}),({_COORD})")
#: The zooms a link may ask for (the map's own limits).
MIN_ZOOM, MAX_ZOOM = 3, 18


def _single(params: Mapping[str, object], name: str) -> str | None:
    """The parameter's value as text (the last one when repeated); None when absent."""
    value = params.get(name)
    if isinstance(value, list | tuple):
        value = value[-1] if value else None
    if value is None:
        return None
    try:
        return value if isinstance(value, str) else str(value)
    except Exception:  # an object whose str() fails is no value a link can hold
        return "?"


def _items(text: str) -> list[str]:
    return [item.strip() for item in text.split(",") if item.strip()]


def _day(text: str) -> dt.date | None:
    """A calendar day written YYYY-MM-DD in ASCII digits, or None."""
    if not _DAY.fullmatch(text):
        return None
    try:
        return dt.date.fromisoformat(text)
    except ValueError:  # 0000-01-01, 2013-02-30
        return None


def day_param(value: object, first: dt.date, last: dt.date) -> dt.date | None:
    """A link's date parameter: a real YYYY-MM-DD day within [first, last], else None."""
    if not isinstance(value, str) or len(value) > MAX_PARAM:
        return None
    day = _day(value)
    return day if day is not None and first <= day <= last else None


def _count(text: str) -> int | None:
    """A whole number written in one to six ASCII digits, or None."""
    return int(text) if _COUNT.fullmatch(text) else None


def _shown(value: str) -> str:
    """A refused value as a notice repeats it: cut to MAX_PARAM characters, always encodable."""
    if len(value) > MAX_PARAM:
        value = value[:MAX_PARAM] + "…"
    return value.encode("utf-8", "backslashreplace").decode("utf-8")


def view_from_params(params: Mapping[str, object], choices: Choices) -> tuple[View, list[Notice]]:
    """Read a view from query parameters; unknown or invalid values fall back with a notice."""
    notices: list[Notice] = []
    view = View(date=choices.last)

    def bad(name: str, value: str, default: object) -> None:
        if isinstance(default, tuple | list):
            default = ",".join(default) or "none"
        notices.append(Notice(name, _shown(value), str(default)))

    def read(name: str, default: object, limit: int = MAX_PARAM) -> str | None:
        """The parameter's text; None when absent, or refused (with a notice) for its length."""
        raw = _single(params, name)
        if raw is not None and len(raw) > limit:
            bad(name, raw, default)
            return None
        return raw

    raw = read("date", view.date)
    if raw is not None:
        day = _day(raw)
        if day is None or not choices.first <= day <= choices.last:
            bad("date", raw, view.date)
        else:
            view = replace(view, date=day)

    raw = read("from", "none")
    if raw is not None:
        day = _day(raw)
        if day is None or not choices.first <= day <= view.date:
            bad("from", raw, "none")
        else:
            view = replace(view, start=day)

    raw = read("window", view.window)
    if raw is not None:
        value = 0 if raw == "all" else _count(raw)
        if value in WINDOWS:
            view = replace(view, window=value)
        else:
            bad("window", raw, view.window)

    for name, allowed, attribute in (
        ("families", FAMILIES, "families"),
        ("types", EVENT_TYPES, "event_types"),
        ("actors", tuple(sorted(choices.actors)), "actors"),
        ("layers", OVERLAYS, "overlays"),
    ):
        # Every allowed item once, ", "-separated, always fits.
        raw = read(name, getattr(view, attribute) or "all", MAX_PARAM + sum(len(item) + 2 for item in allowed))
        if raw is None:
            continue
        items = [] if name == "layers" and raw == "none" else _items(raw)
        if (not items and raw != "none") or any(item not in allowed for item in items):
            bad(name, raw, getattr(view, attribute) or "all")
        else:
            view = replace(view, **{attribute: tuple(item for item in allowed if item in items)})

    raw = read("minfat", 0)
    if raw is not None:
        value = _count(raw)
        if value is not None and value <= 100_000:
            view = replace(view, min_fatalities=value)
        else:
            bad("minfat", raw, 0)

    for name, allowed, attribute in (
        ("region", choices.regions, "region"),
        ("place", choices.places, "place"),
        ("actor", choices.actors, "actor"),
    ):
        raw = read(name, "none", max([MAX_PARAM, *map(len, allowed)]))
        if raw is None:
            continue
        if raw in allowed:
            view = replace(view, **{attribute: raw})
        else:
            bad(name, raw, "none")

    raw = read("base", view.base)
    if raw is not None:
        if raw in BASES:
            view = replace(view, base=raw)
        else:
            bad("base", raw, view.base)

    raw = read("lang", view.lang)
    if raw is not None:
        if raw in LANGUAGES:
            view = replace(view, lang=raw)
        else:
            bad("lang", raw, view.lang)

    raw = read("zoom", "none")
    if raw is not None:
        zoom = map_zoom(raw)
        if zoom is None:
            bad("zoom", raw, "none")
        else:
            view = replace(view, zoom=zoom)

    raw = read("center", "none")
    if raw is not None:
        center = map_center(raw)
        if center is None:
            bad("center", raw, "none")
        else:
            view = replace(view, center=center)
    return view, notices


def map_zoom(value: object) -> float | None:
    """A zoom level from a link or the map (within the map's limits, to a quarter), or None."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        value = f"{value:.2f}"  # NaN and infinity read "nan", "inf": refused below
    if not isinstance(value, str) or not _ZOOM.fullmatch(value):
        return None
    zoom = round(float(value) * 4) / 4
    return zoom if MIN_ZOOM <= zoom <= MAX_ZOOM else None


def map_center(value: object) -> tuple[float, float] | None:
    """A centre "lat,lon" from a link (or [lat, lon] from the map), to four decimals, or None."""
    if isinstance(value, list | tuple) and len(value) == 2 and all(isinstance(v, int | float) for v in value):
        value = f"{float(value[0]):.4f},{float(value[1]):.4f}"
    if not isinstance(value, str):
        return None
    found = _CENTER.fullmatch(value)
    if found is None:
        return None
    lat, lon = float(found.group(1)), float(found.group(3))
    if not (-90 <= lat <= 90 and -180 <= lon <= 180):
        return None
    return round(lat, 4), round(lon, 4)


def view_to_params(view: View) -> dict[str, str]:
    """The query parameters of a view: the date always, everything else only when not the default."""
    default = View(date=view.date)
    params = {"date": f"{view.date:%Y-%m-%d}"}
    if view.window != default.window:
        params["window"] = "all" if view.window == 0 else str(view.window)
    for name, attribute in (
        ("families", "families"),
        ("types", "event_types"),
        ("actors", "actors"),
        ("layers", "overlays"),
    ):
        value = getattr(view, attribute)
        if value != getattr(default, attribute):
            params[name] = ",".join(value) or "none"
    if view.min_fatalities:
        params["minfat"] = str(view.min_fatalities)
    if view.region:
        params["region"] = view.region
    if view.start:
        params["from"] = f"{view.start:%Y-%m-%d}"
    if view.place:
        params["place"] = view.place
    if view.actor:
        params["actor"] = view.actor
    if view.base != default.base:
        params["base"] = view.base
    if view.lang != default.lang:
        params["lang"] = view.lang
    if view.zoom is not None:
        params["zoom"] = f"{view.zoom:g}"
    if view.center is not None:
        params["center"] = f"{view.center[0]:.4f},{view.center[1]:.4f}"
    return params
