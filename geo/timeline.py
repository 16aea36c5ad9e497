"""What the Timeline and Actors pages chart: monthly counts, control lanes, turning points, lineage."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pandas as pd

from geo.schema import split_list

if TYPE_CHECKING:
    from geo.dataset import Dataset

#: The turning points marked on the timeline, each tied to the record's event (so it is
#: sourced like any event); the label is an i18n key.
TURNING_POINTS: tuple[tuple[str, str], ...] = (
    ("ev-2012-01-17-menaka-mnla-attack", "turning.rebellion"),
    ("ev-2012-03-22-bamako-coup", "turning.coup_2012"),
    ("ev-2013-01-11-serval-launch", "turning.serval"),
    ("ev-2015-05-15-algiers-accord-signed-bamako", "turning.accord"),
    ("ev-2020-08-18-bamako-coup", "turning.coup_2020"),
    ("ev-2021-05-24-bamako-coup", "turning.coup_2021"),
    ("ev-2023-12-31-minusma-ends", "turning.minusma_exit"),
    ("ev-2023-11-14-kidal-captured", "turning.kidal_2023"),
    ("ev-2024-07-25-tinzaouatene-battle", "turning.tinzaouatene"),
    ("ev-2025-09-03-jnim-fuel-blockade", "turning.blockade"),
    ("ev-2026-04-25-kidal-seized-by-fla", "turning.offensive_2026"),
)


def monthly_counts(events: pd.DataFrame) -> pd.DataFrame:
    """Events and fatalities per month and actor family.

    ``events`` needs ``date``, ``family`` and the fatality columns (as from
    ``events_between``). Fatalities are the lowest known toll of each event.
    Columns: month (first day), family, events, fatalities.
    """
    if events.empty:
        return pd.DataFrame(
            {
                "month": pd.Series(dtype="datetime64[us]"),
                "family": pd.Series(dtype=object),
                "events": pd.Series(dtype="int64"),
                "fatalities": pd.Series(dtype="int64"),
            }
        )
    toll = events["fatalities_low"].fillna(events["fatalities_high"]).fillna(0).astype("int64")
    frame = pd.DataFrame(
        {
            "month": events["date"].dt.to_period("M").dt.to_timestamp(),
            "family": events["family"].fillna("other"),
            "toll": toll.to_numpy(),
        }
    )
    counts = frame.groupby(["month", "family"], sort=True).agg(events=("toll", "size"), fatalities=("toll", "sum"))
    return counts.reset_index()


def control_lanes(dataset: Dataset, place_ids: list[str] | None = None) -> pd.DataFrame:
    """One bar per control period: place, holder, family, status, start and end (open ends run to as_of)."""
    periods = dataset.control if place_ids is None else dataset.control[dataset.control["place_id"].isin(place_ids)]
    actors = dataset.actors.set_index("actor_id")
    places = dataset.places.set_index("place_id")
    return pd.DataFrame(
        {
            "place_id": periods["place_id"].to_numpy(),
            "name": periods["place_id"].map(places["name"]).to_numpy(),
            "name_fr": periods["place_id"].map(places["name_fr"]).to_numpy(),
            "actor_id": periods["actor_id"].to_numpy(),
            "actor_name": periods["actor_id"].map(actors["name"]).to_numpy(),
            "family": periods["actor_id"].map(actors["family"]).to_numpy(),
            "status": periods["status"].to_numpy(),
            "confidence": periods["confidence"].to_numpy(),
            "start": periods["start"].to_numpy(),
            # A bar runs to the end of its last day.
            "end": (periods["end"].fillna(dataset.as_of) + pd.Timedelta(days=1)).to_numpy(),
        }
    )


def turning_points(dataset: Dataset) -> pd.DataFrame:
    """The turning points present in the record: event_id, date, label key."""
    events = dataset.events.set_index("event_id")
    rows = [
        (event_id, events.at[event_id, "date"], label) for event_id, label in TURNING_POINTS if event_id in events.index
    ]
    return pd.DataFrame(rows, columns=["event_id", "date", "label"])


def lineage(dataset: Dataset, actor_id: str) -> list[tuple[str, str]]:
    """Edges (predecessor, successor) of the family tree around ``actor_id``: all its ancestors
    through ``successor_of`` and all actors descended from it."""
    parents = {row.actor_id: split_list(row.successor_of) for row in dataset.actors.itertuples()}
    children: dict[str, list[str]] = {}
    for child, items in parents.items():
        for parent in items:
            children.setdefault(parent, []).append(child)
    edges: set[tuple[str, str]] = set()
    for neighbours, upstream in ((parents, True), (children, False)):  # ancestors, then descendants
        stack, seen = [actor_id], set()
        while stack:
            node = stack.pop()
            if node in seen:
                continue
            seen.add(node)
            for other in neighbours.get(node, []):
                edges.add((other, node) if upstream else (node, other))
                stack.append(other)
    return sorted(edges)


def records_citing(dataset: Dataset) -> pd.DataFrame:
    """For every source, how many events and control periods cite it."""

    def counts(table: pd.DataFrame) -> pd.Series:
        return table["source_ids"].str.split("|").explode().value_counts()

    events, control = counts(dataset.events), counts(dataset.control)
    sources = dataset.sources.copy()
    sources["events"] = sources["source_id"].map(events).fillna(0).astype("int64")
    sources["control_periods"] = sources["source_id"].map(control).fillna(0).astype("int64")
    return sources


def citing(dataset: Dataset, source_id: str) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The events and the control periods that cite ``source_id``."""

    def cites(table: pd.DataFrame) -> pd.Series:
        return table["source_ids"].str.split("|").map(lambda ids: source_id in ids)

    return dataset.events[cites(dataset.events)], dataset.control[cites(dataset.control)]
