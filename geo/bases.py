"""Bases over time (issue #15): who held each base on a date, and its handovers. A base with no
period covering a date is not on the map that day (the record does not say it was held).

A period whose start no source gives (many MINUSMA camps) is shown from its first attestation:
the earliest day its sources can speak for (the last day of the earliest ``published`` date among
them), or its end if that comes first. That is a date the record supports, not a guess of when
the camp opened; the popup says the start is not known."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pandas as pd

from geo.periods import actor_names, in_force, last_day_of, with_days
from geo.schema import split_list

if TYPE_CHECKING:
    from geo.dataset import Dataset

BASE_COLUMNS = ["base_id", "name", "place_id", "lat", "lon", "kind"]
PERIOD_COLUMNS = [
    "operator_id",
    "operator_name",
    "family",
    "contingent",
    "start",
    "start_precision",
    "shown_from",
    "end",
    "end_precision",
    "end_reason",
    "handed_to",
    "handed_to_name",
    "confidence",
    "source_ids",
    "note",
    "note_fr",
]


def base_periods(dataset: Dataset) -> pd.DataFrame:
    """Every base period joined with its base, the operator's name and family, whom it was
    handed to, and its days (``from_day``, ``to_day``): what the browser's time bar moves through."""
    return dataset.derived(("bases", "periods"), _base_periods)


def _base_periods(dataset: Dataset) -> pd.DataFrame:
    periods = dataset.base_periods
    families = dataset.actors.set_index("actor_id")["family"]
    periods = periods.assign(
        operator_name=actor_names(dataset, periods["operator_id"]),
        family=periods["operator_id"].map(families),
        handed_to_name=actor_names(dataset, periods["handed_to"]),
        shown_from=periods["start"].fillna(_first_attestation(dataset, periods)),
    )
    joined = dataset.bases[BASE_COLUMNS].merge(periods[["base_id", *PERIOD_COLUMNS]], on="base_id", how="inner")
    return with_days(joined, dataset.as_of, start="shown_from").reset_index(drop=True)


def _first_attestation(dataset: Dataset, periods: pd.DataFrame) -> pd.Series:
    """For each period, the earliest day its sources attest it: the last day of its earliest
    source's publication date, but never after the period's end (or the as-of date)."""
    published = dict(zip(dataset.sources["source_id"], dataset.sources["published"], strict=True))
    last = periods["end"].fillna(dataset.as_of)
    days = []
    for source_ids, until in zip(periods["source_ids"], last, strict=True):
        known = [day for day in (last_day_of(published.get(s)) for s in split_list(source_ids)) if day is not None]
        days.append(min([*known, until]))
    return pd.Series(days, index=periods.index, dtype="datetime64[ns]")


def bases_at(dataset: Dataset, date) -> pd.DataFrame:
    """The bases held on ``date``, one row per base, with its operator (``PERIOD_COLUMNS``)."""
    periods = in_force(base_periods(dataset), date, dataset.as_of, start="shown_from")
    return periods.sort_values("base_id").reset_index(drop=True)


def base_history(dataset: Dataset, base_id: str) -> pd.DataFrame:
    """Every operator of one base, oldest first, with how each period ended and to whom."""
    periods = base_periods(dataset)
    return periods[periods["base_id"] == base_id].sort_values("shown_from").reset_index(drop=True)


def bases_of_place(dataset: Dataset, place_id: str) -> pd.DataFrame:
    """Every period of every base at ``place_id``, by base then date."""
    periods = base_periods(dataset)
    return periods[periods["place_id"] == place_id].sort_values(["base_id", "shown_from"]).reset_index(drop=True)
