"""Which events fall in a date window, with filters."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

import pandas as pd

if TYPE_CHECKING:
    from geo.dataset import Dataset


def events_between(
    dataset: Dataset,
    start,
    end,
    *,
    families: Iterable[str] | None = None,
    event_types: Iterable[str] | None = None,
    min_fatalities: int | None = None,
) -> pd.DataFrame:
    """Events dated within [start, end] (inclusive), oldest first.

    A month-precision event is dated the 1st of its month and falls in a window only if
    that day does. ``families`` keeps events whose principal actor is of one of those
    families. ``min_fatalities`` keeps events whose highest reported toll
    (``fatalities_high``, else ``fatalities_low``) reaches it; unknown tolls are dropped
    when it is above 0. Adds ``actor_name``, ``family`` and ``place_name`` columns.
    """
    first, last = pd.Timestamp(start).normalize(), pd.Timestamp(end).normalize()
    events = dataset.events
    keep = (events["date"] >= first) & (events["date"] <= last)
    actors = dataset.actors.set_index("actor_id")
    family = events["actor_id"].map(actors["family"])
    if families is not None:
        keep &= family.isin(list(families))
    if event_types is not None:
        keep &= events["event_type"].isin(list(event_types))
    if min_fatalities:
        toll = events["fatalities_high"].fillna(events["fatalities_low"])
        keep &= toll.ge(min_fatalities).fillna(False).astype(bool)
    selected = events[keep].copy()
    selected["family"] = family[keep]
    selected["actor_name"] = selected["actor_id"].map(actors["name"])
    selected["place_name"] = selected["place_id"].map(dataset.places.set_index("place_id")["name"])
    return selected.reset_index(drop=True)
