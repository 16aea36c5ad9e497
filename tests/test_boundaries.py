"""Which drawn region a point lies in (geo.boundaries.regions_of), border tolerance included."""

from __future__ import annotations

import numpy as np
import shapely

from geo import boundaries


def _by_distance(lat: np.ndarray, lon: np.ndarray) -> np.ndarray:
    """The rule written plainly: the first region containing the point, else the nearest one
    within BORDER_TOLERANCE, else None (distances to every region for every point outside)."""
    names, shapes = boundaries._polygons()
    result = np.full(lat.shape, None, dtype=object)
    for index, (y, x) in enumerate(zip(lat, lon, strict=True)):
        point = shapely.Point(x, y)
        inside = [name for name, shape in zip(names, shapes, strict=True) if shape.contains(point)]
        if inside:
            result[index] = inside[0]
            continue
        distances = [shape.distance(point) for shape in shapes]
        if min(distances) <= boundaries.BORDER_TOLERANCE:
            result[index] = names[int(np.argmin(distances))]
    return result


def test_regions_of_points_in_near_and_far_from_mali():
    """Points far outside Mali are not measured against every region (that cost 13 s for an upload
    of 300,000 invented points), and the answer is the same as measuring them all."""
    rng = np.random.default_rng(11)
    lat, lon = rng.uniform(9, 26, 3000), rng.uniform(-13, 5.5, 3000)
    lat[:5], lon[:5] = np.nan, 0.0
    got = boundaries.regions_of(lat, lon)
    expected = _by_distance(lat, lon)
    assert list(got) == list(expected)
    assert (got == None).sum() > 100 and (got != None).sum() > 100  # noqa: E711
