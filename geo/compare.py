"""Two dates side by side: who held each town on each date, and what changed between them."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pandas as pd

from geo.control import towns_at
from geo.dataset import Dataset

_KEEP = ["place_id", "name", "name_fr", "lat", "lon", "actor_id", "actor_name", "family", "status", "confidence"]


@dataclass(frozen=True)
class Comparison:
    """The towns on two dates (``towns``: one row per town, columns suffixed _a and _b, and
    ``differs``) and every control change dated after the first date up to the second."""

    first: dt.date
    second: dt.date
    towns: pd.DataFrame
    changes: pd.DataFrame

    @property
    def differing(self) -> pd.DataFrame:
        """The towns whose holder or status is not the same on the two dates."""
        return self.towns[self.towns["differs"]]


def compare_dates(dataset: Dataset, first: dt.date, second: dt.date) -> Comparison:
    """Compare the towns on ``first`` and ``second`` (in either order: the earlier is first)."""
    first, second = sorted((first, second))
    a = towns_at(dataset, first)[_KEEP]
    b = towns_at(dataset, second)[_KEEP]
    towns = a.merge(b, on=["place_id", "name", "name_fr", "lat", "lon"], how="outer", suffixes=("_a", "_b"))
    same_holder = towns["actor_id_a"].fillna("") == towns["actor_id_b"].fillna("")
    same_status = towns["status_a"].fillna("") == towns["status_b"].fillna("")
    towns["differs"] = ~(same_holder & same_status)
    # A change dated on the first date is already in force then: it is not "between".
    changes = dataset.changes_between(first + dt.timedelta(days=1), second)
    return Comparison(first, second, towns.sort_values("name").reset_index(drop=True), changes)
