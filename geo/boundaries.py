"""Mali's regions (Natural Earth admin-1, public domain): drawing and point-in-region."""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path

import numpy as np
import shapely

DEFAULT_BOUNDARIES = Path(__file__).resolve().parent.parent / "data" / "boundaries" / "mali_admin1.geojson"


@lru_cache(maxsize=4)
def load_regions(path: str | Path = DEFAULT_BOUNDARIES) -> dict:
    """The regions as a GeoJSON FeatureCollection (properties: name, name_fr, adm1_code)."""
    return json.loads(Path(path).read_text(encoding="utf-8"))


@lru_cache(maxsize=4)
def _polygons(path: str | Path = DEFAULT_BOUNDARIES) -> tuple[list[str], list]:
    regions = load_regions(path)
    names = [feature["properties"]["name"] for feature in regions["features"]]
    shapes = [shapely.geometry.shape(feature["geometry"]) for feature in regions["features"]]
    for shape in shapes:
        shapely.prepare(shape)
    return names, shapes


@lru_cache(maxsize=4)
def _near(path: str | Path = DEFAULT_BOUNDARIES):
    """The regions grown by a little more than BORDER_TOLERANCE: a point outside it is farther
    than that from every region (a drawn buffer's edge lies within 0.5 % of its distance, inside)."""
    near = shapely.union_all(_polygons(path)[1]).buffer(BORDER_TOLERANCE * 1.01)
    shapely.prepare(near)
    return near


def region_names(path: str | Path = DEFAULT_BOUNDARIES) -> list[str]:
    """Region names in the file's order."""
    return list(_polygons(path)[0])


#: Points this close (degrees, about 30 km) outside the simplified polygons, such as border
#: towns like Tinzaouatene, belong to the nearest region.
BORDER_TOLERANCE = 0.3


def regions_of(lat, lon, path: str | Path = DEFAULT_BOUNDARIES) -> np.ndarray:
    """The region of each point (object array; None far outside Mali or without coordinates)."""
    lat = np.asarray(lat, dtype="float64")
    lon = np.asarray(lon, dtype="float64")
    result = np.full(lat.shape, None, dtype=object)
    names, shapes = _polygons(path)
    for name, shape in zip(names, shapes):
        inside = shapely.contains_xy(shape, lon, lat)
        result[inside & (result == None)] = name  # noqa: E711 (elementwise comparison with None)
    outside = (result == None) & ~np.isnan(lat) & ~np.isnan(lon)  # noqa: E711
    if outside.any():  # distances only for points near a region (the rest are far outside)
        outside &= shapely.contains_xy(_near(path), lon, lat)
    outside = np.flatnonzero(outside)
    if outside.size:
        points = shapely.points(lon[outside], lat[outside])
        distances = np.stack([shapely.distance(shape, points) for shape in shapes])
        nearest = distances.argmin(axis=0)
        close = distances.min(axis=0) <= BORDER_TOLERANCE
        result[outside[close]] = np.asarray(names, dtype=object)[nearest[close]]
    return result
