"""When each marker is on the map: day spans, so a browser can move through dates on its own.

A slider move that asks the server for the map costs every viewer's browser a Streamlit rerun
(benchmarks/load_test.py). When everything the view could show fits in one page, the server
sends each town state and each event once, with the days ``[from_day, to_day)`` on which it is
on the map, and the browser shows the rows whose span holds the slider's date.

The spans are derived from the same queries the server uses for one date (:func:`towns_at`,
:func:`events_between`, :attr:`View.window_start`), and :func:`on_day` is the browser's rule
written in Python, so tests can check the two give the same map on every date.
"""

from __future__ import annotations

import pandas as pd

from geo.control import STALE_AFTER_DAYS, TOWN_COLUMNS, towns_at
from geo.dataset import Dataset
from geo.snapshot import MAX_MARKERS, event_filters
from geo.view import View

DAY = pd.Timedelta(days=1)


def town_spans(dataset: Dataset, region: str | None = None) -> pd.DataFrame:
    """Each town's successive states (``towns_at`` rows) with the days they hold, from the
    record's first date to its as-of date: columns ``TOWN_COLUMNS`` + ``from_day``, ``to_day``.
    Computed once per record and region (Dataset.derived)."""
    return dataset.derived(("town_spans", region), lambda d: _town_spans(d, region))


def _town_spans(dataset: Dataset, region: str | None) -> pd.DataFrame:
    """A town's state can change only where a period starts, the day after one ends, or the day
    it becomes stale, so ``towns_at`` on each of those days gives every state; consecutive
    equal states are merged.
    """
    first, last = dataset.first_date.normalize(), dataset.as_of.normalize()
    periods, _ = dataset.town_periods
    # A period also changes look on the first day it is stale (geo.control.STALE_AFTER_DAYS).
    fades = periods["last_confirmed"] + pd.Timedelta(days=STALE_AFTER_DAYS + 1)
    edges = pd.concat([periods["start"], periods["until"] + DAY, fades, pd.Series([first])])
    edges = sorted({day for day in pd.to_datetime(edges).dt.normalize() if first <= day <= last})
    states = []
    for day, next_day in zip(edges, [*edges[1:], last + DAY], strict=True):
        towns = towns_at(dataset, day)
        states.append(towns.assign(from_day=day, to_day=next_day))
    spans = pd.concat(states, ignore_index=True)
    if region:
        spans = spans[spans["map_region"] == region]
    return _merge_equal_neighbours(spans)


def _merge_equal_neighbours(spans: pd.DataFrame) -> pd.DataFrame:
    """One row per run of days in which a town's state does not change."""
    spans = spans.sort_values(["place_id", "from_day"], kind="stable").reset_index(drop=True)
    state = pd.util.hash_pandas_object(spans[TOWN_COLUMNS], index=False)
    new_run = (state != state.shift()) | (spans["place_id"] != spans["place_id"].shift())
    run = new_run.cumsum()
    merged = spans[new_run].copy()
    merged["to_day"] = spans.groupby(run)["to_day"].max().to_numpy()
    return merged.reset_index(drop=True)


def event_spans(dataset: Dataset, view: View) -> pd.DataFrame:
    """The view's events (its filters, every date) with the days each is in the window: an
    event dated ``e`` is in the window ending on ``d`` when ``d - window + 1 <= e <= d``, so from
    ``e`` to ``e + window`` (exclusive); with the whole record as window, to the end."""
    events = dataset.events_between(dataset.first_date, dataset.as_of, **event_filters(view))
    from_day = events["date"].dt.normalize()
    if view.window:
        to_day = from_day + pd.Timedelta(days=view.window)
    else:
        to_day = pd.Series(dataset.as_of.normalize() + DAY, index=events.index)
    return events.assign(from_day=from_day, to_day=to_day)


def on_day(spans: pd.DataFrame, day) -> pd.DataFrame:
    """The rows whose span holds ``day`` (the rule the browser applies on every slider move)."""
    day = pd.Timestamp(day).normalize()
    return spans[(spans["from_day"] <= day) & (day < spans["to_day"])]


def browser_can_filter(dataset: Dataset, view: View) -> bool:
    """Whether the browser can move through dates for this view without the server.

    Only when every event of the record could be drawn at once (beyond that the server groups
    a window's events by location), and not for a custom period (its start does not move with
    the date).
    """
    return view.start is None and len(dataset.events) <= MAX_MARKERS
