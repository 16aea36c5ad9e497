"""Who held each place on a date, and when that changed."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pandas as pd

if TYPE_CHECKING:
    from geo.dataset import Dataset

CONTROL_AT_COLUMNS = [
    "place_id",
    "name",
    "lat",
    "lon",
    "actor_id",
    "actor_name",
    "family",
    "status",
    "confidence",
    "start",
    "end",
    "source_ids",
]
CHANGE_COLUMNS = [
    "place_id",
    "name",
    "date",
    "previous_actor_id",
    "previous_family",
    "previous_status",
    "actor_id",
    "family",
    "status",
    "source_ids",
]


def _day(value) -> pd.Timestamp:
    return pd.Timestamp(value).normalize()


def _with_names(dataset: Dataset, periods: pd.DataFrame) -> pd.DataFrame:
    places = dataset.places[["place_id", "name", "lat", "lon"]]
    actors = dataset.actors[["actor_id", "name", "family"]].rename(columns={"name": "actor_name"})
    return periods.merge(places, on="place_id", how="left").merge(actors, on="actor_id", how="left")


def control_at(dataset: Dataset, date) -> pd.DataFrame:
    """One row per place with a period covering ``date`` (start and end inclusive).

    A period with an empty ``end`` runs to the dataset's as-of date; the record says
    nothing about later dates, so a later ``date`` finds no open period.
    """
    rows = _with_names(dataset, _covering(dataset, date))
    return rows[CONTROL_AT_COLUMNS].sort_values("place_id").reset_index(drop=True)


def _until(dataset: Dataset, periods: pd.DataFrame) -> pd.Series:
    """The last day of each period: its end, or the as-of date for an open period (not beyond)."""
    return periods["end"].fillna(dataset.as_of)


def _in_force(start: pd.Series, until: pd.Series, date) -> pd.Series:
    """Which periods are in force on ``date`` (start and until inclusive)."""
    day = _day(date)
    return (start <= day) & (day <= until)


def _covering(dataset: Dataset, date) -> pd.DataFrame:
    """The periods in force on ``date``."""
    control = dataset.control
    return control[_in_force(control["start"], _until(dataset, control), date)]


def control_history(dataset: Dataset, place_id: str) -> pd.DataFrame:
    """Every period of one place, oldest first, with holder names, families and notes."""
    periods = dataset.control[dataset.control["place_id"] == place_id]
    return _with_names(dataset, periods).sort_values("start").reset_index(drop=True)


def changes_between(dataset: Dataset, start, end) -> pd.DataFrame:
    """Control changes dated within [start, end], oldest first.

    A change is a period that starts with a different holder or status than the period
    before it (its date is the new period's start), or a period that ends with no known
    successor (the new holder is then empty: the record does not know). A place's first
    recorded period is not a change.
    """
    first, last = _day(start), _day(end)
    rows = []
    for place_id, periods in dataset.control.sort_values("start").groupby("place_id"):
        previous = None
        for period in periods.itertuples(index=False):
            if previous is not None:
                gap_start = previous.end + pd.Timedelta(days=1) if pd.notna(previous.end) else None
                if gap_start is not None and gap_start < period.start and first <= gap_start <= last:
                    rows.append(_change(place_id, gap_start, previous, None))
                same = previous.actor_id == period.actor_id and previous.status == period.status
                if not same and first <= period.start <= last:
                    rows.append(_change(place_id, period.start, previous, period))
            previous = period
        if previous is not None and pd.notna(previous.end) and previous.end < dataset.as_of:
            gap_start = previous.end + pd.Timedelta(days=1)
            if first <= gap_start <= last:
                rows.append(_change(place_id, gap_start, previous, None))
    changes = pd.DataFrame(rows, columns=[c for c in CHANGE_COLUMNS if c not in ("name", "family", "previous_family")])
    families = dataset.actors.set_index("actor_id")["family"]
    changes["family"] = changes["actor_id"].map(families)
    changes["previous_family"] = changes["previous_actor_id"].map(families)
    changes["name"] = changes["place_id"].map(dataset.places.set_index("place_id")["name"])
    changes["date"] = pd.to_datetime(changes["date"])
    return changes[CHANGE_COLUMNS].sort_values(["date", "place_id"]).reset_index(drop=True)


def _change(place_id: str, date: pd.Timestamp, previous, period) -> dict:
    return {
        "place_id": place_id,
        "date": date,
        "previous_actor_id": previous.actor_id,
        "previous_status": previous.status,
        "actor_id": None if period is None else period.actor_id,
        "status": None if period is None else period.status,
        "source_ids": previous.source_ids if period is None else period.source_ids,
    }


#: A period whose holder no source has described for more than this many days, on the date
#: shown, is drawn faded: the record still names the holder, but its word is old.
STALE_AFTER_DAYS = 365

TOWN_COLUMNS = [
    "place_id",
    "name",
    "name_fr",
    "lat",
    "lon",
    "map_region",
    "actor_id",
    "actor_name",
    "family",
    "allies",
    "status",
    "confidence",
    "start",
    "end",
    "last_confirmed",
    "stale",
    "source_ids",
    "note",
    "note_fr",
]


def towns_at(dataset: Dataset, date) -> pd.DataFrame:
    """Every place that has a control history, with its holder on ``date`` if the record knows one.

    Places with no period covering the date keep their row with an empty ``actor_id``,
    so a map can show "no sourced holder" instead of silently leaving the town out. ``stale``
    says that no source read describes the holder within :data:`STALE_AFTER_DAYS` before ``date``.
    """
    periods, places = dataset.town_periods
    held = periods[_in_force(periods["start"], periods["until"], date)]
    unheld = places[~places["place_id"].isin(held["place_id"])]
    towns = pd.concat([held[TOWN_COLUMNS], unheld], ignore_index=True) if len(unheld) else held[TOWN_COLUMNS].copy()
    towns["stale"] = (_day(date) - towns["last_confirmed"]).dt.days.gt(STALE_AFTER_DAYS).fillna(False).astype(bool)
    return towns.sort_values("place_id").reset_index(drop=True)


def town_periods(dataset: Dataset) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Every control period joined once with its place and holder (plus ``until``: the end, or
    the as-of date for an open period), and every place with a history, with empty holder
    columns. :func:`towns_at` then only selects rows: it runs on every slider move."""
    control = dataset.control
    places = dataset.places[dataset.places["place_id"].isin(control["place_id"].unique())]
    columns = ["place_id", "name", "name_fr", "lat", "lon"] + (["map_region"] if "map_region" in places else [])
    actors = dataset.actors[["actor_id", "name", "family"]].rename(columns={"name": "actor_name"})
    periods = control[
        [
            "place_id",
            "actor_id",
            "allies",
            "status",
            "confidence",
            "start",
            "end",
            "last_confirmed",
            "source_ids",
            "note",
            "note_fr",
        ]
    ].merge(actors, on="actor_id", how="left")
    periods = places[columns].merge(periods, on="place_id", how="inner")
    bare = places[columns].copy()
    for column in TOWN_COLUMNS:
        if column not in periods:
            periods[column] = None
        if column not in bare:
            bare[column] = periods[column].iloc[0:0].reindex(bare.index)  # empty, in the period column's type
    periods["until"] = _until(dataset, periods)
    return periods, bare[TOWN_COLUMNS]


def held_by_family(towns: pd.DataFrame) -> dict[str, int]:
    """Number of towns each family holds (any status) in a :func:`towns_at` frame, plus unknowns."""
    counts = towns["family"].fillna("unknown").value_counts()
    return {str(family): int(count) for family, count in counts.items()}


def adjacent_change(dataset: Dataset, date, direction: int) -> pd.Timestamp | None:
    """The date of the nearest control change strictly before (direction -1) or after (+1) ``date``."""
    day = _day(date)
    changes = dataset.all_changes["date"]
    candidates = changes[changes < day] if direction < 0 else changes[changes > day]
    if candidates.empty:
        return None
    return candidates.max() if direction < 0 else candidates.min()


def change_confidence(dataset: Dataset, changes: pd.DataFrame) -> pd.Series:
    """The confidence of each change in a :func:`changes_between` frame: that of the period it
    starts, or, for a period that ended with no known successor, that of the period that ended."""
    control = dataset.control
    starts = control.set_index(["place_id", "start"])["confidence"]
    ends = control.dropna(subset=["end"]).assign(after=lambda c: c["end"] + pd.Timedelta(days=1))
    ends = ends.set_index(["place_id", "after"])["confidence"]
    starts = starts[~starts.index.duplicated()]
    ends = ends[~ends.index.duplicated()]
    keys = pd.MultiIndex.from_arrays([changes["place_id"], changes["date"]])
    started = pd.Series(starts.reindex(keys).to_numpy(), index=changes.index)
    ended = pd.Series(ends.reindex(keys).to_numpy(), index=changes.index)
    return started.where(changes["actor_id"].notna(), ended)


#: The first day the record's coverage is measured from: the war's first days.
COVERAGE_FROM = pd.Timestamp("2012-01-01")


def coverage(dataset: Dataset, first=COVERAGE_FROM) -> tuple[pd.DataFrame, float]:
    """How much of each town's time the record leaves without a holder.

    Over every place with a control period, the days from ``first`` to the as-of date (both
    included) that no period covers: a frame indexed by place_id with ``days``, ``blank_days``
    and ``blank_share``, and the blank share over all those town-days together."""
    first, last = _day(first), _day(dataset.as_of)
    total = (last - first).days + 1
    control = dataset.control
    start = control["start"].clip(lower=first)
    until = _until(dataset, control).clip(upper=last)
    covered = ((until - start).dt.days + 1).clip(lower=0)  # the periods of one place never overlap
    held = covered.groupby(control["place_id"]).sum()
    table = pd.DataFrame({"days": total, "blank_days": total - held}).rename_axis("place_id")
    table["blank_share"] = table["blank_days"] / total
    overall = float(table["blank_days"].sum() / table["days"].sum()) if len(table) else 0.0
    return table.sort_values("blank_share", ascending=False), overall
