"""Periods of the optional tables (route status, blockades, base operators): which are in force
on a date, and the days each covers for the browser's time bar. Control has its own, older,
twin in geo.control (same rule: start and end inclusive, an open end runs to the as-of date)."""

from __future__ import annotations

import pandas as pd

DAY = pd.Timedelta(days=1)


def until(periods: pd.DataFrame, as_of: pd.Timestamp) -> pd.Series:
    """The last day of each period: its end, or the as-of date for an open period."""
    return periods["end"].fillna(as_of)


def in_force(periods: pd.DataFrame, date, as_of: pd.Timestamp, start: str = "start") -> pd.DataFrame:
    """The periods that hold ``date`` from their ``start`` column (the record says nothing after
    its as-of date)."""
    day = pd.Timestamp(date).normalize()
    return periods[(periods[start] <= day) & (day <= until(periods, as_of))]


def with_days(periods: pd.DataFrame, as_of: pd.Timestamp, start: str = "start") -> pd.DataFrame:
    """``periods`` with the days ``[from_day, to_day)`` each is on the map (geo.spans' convention)."""
    return periods.assign(from_day=periods[start].dt.normalize(), to_day=until(periods, as_of).dt.normalize() + DAY)


def last_day_of(partial: object) -> pd.Timestamp | None:
    """The last day a partial date (YYYY, YYYY-MM or YYYY-MM-DD) can mean; None when empty or odd."""
    if not isinstance(partial, str):
        return None
    try:
        if len(partial) == 4:
            return pd.Timestamp(f"{partial}-12-31")
        if len(partial) == 7:
            return pd.Timestamp(f"{partial}-01") + pd.offsets.MonthEnd(0)
        return pd.Timestamp(partial)
    except ValueError:
        return None


def actor_names(dataset, ids: pd.Series) -> pd.Series:
    """The actors' short names for a column of actor ids (empty stays empty, unknown stays the id)."""
    names = dataset.actors.set_index("actor_id")["name"]
    return ids.map(lambda a: names.get(a, a) if isinstance(a, str) else None)
