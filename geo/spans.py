"""When each marker is on the map: day spans, so a browser can move through dates on its own.

A slider move that asks the server for the map costs every viewer's browser a Streamlit rerun
(benchmarks/load_test.py). When everything the view could show fits in one page, the server
sends each town state and each event once, with the days ``[from_day, to_day)`` on which it is
on the map, and the browser shows the rows whose span holds the slider's date. A larger
record goes to the browser per location cell and day (:func:`event_cells`): the browser totals
the cells of the window itself, as the server groups a window's events by location.

The spans are derived from the same queries the server uses for one date (:func:`towns_at`,
:func:`events_between`, :attr:`View.window_start`), and :func:`on_day` is the browser's rule
written in Python (:func:`cells_on_day` for the cells), so tests can check the two give the
same map on every date.
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import pairwise

import numpy as np
import pandas as pd

from geo.control import STALE_AFTER_DAYS, TOWN_COLUMNS
from geo.dataset import Dataset
from geo.events import finest_grid
from geo.routes import TOWN_BLOCKADE_COLUMNS, blockade_state_on
from geo.schema import FAMILIES
from geo.snapshot import MAX_MARKERS, event_filters
from geo.view import View

DAY = pd.Timedelta(days=1)
_EPOCH = pd.Timestamp("1970-01-01")


def town_spans(dataset: Dataset, region: str | None = None) -> pd.DataFrame:
    """Each town's successive states (``towns_at`` rows, with its blockade if any) with the days
    they hold, from the record's first date to its as-of date: columns ``TOWN_COLUMNS`` +
    ``TOWN_BLOCKADE_COLUMNS`` + ``from_day``, ``to_day``.
    Computed once per record and region (Dataset.derived)."""
    return dataset.derived(("town_spans", region), lambda d: _town_spans(d, region))


def _town_spans(dataset: Dataset, region: str | None) -> pd.DataFrame:
    """Each control period is one span (clipped to the record's days), split where it becomes
    stale (geo.control.STALE_AFTER_DAYS after its last confirmation); the days of a town that no
    period covers are spans of its bare row (no holder), as :func:`towns_at` gives them.

    One pass over the periods, not one ``towns_at`` per day on which some town changes: the
    first map of every session with an upload waits for this."""
    first, end = dataset.first_date.normalize(), dataset.as_of.normalize() + DAY
    periods, bare = dataset.town_periods
    held = periods.assign(
        from_day=periods["start"].dt.normalize().clip(lower=first),
        to_day=(periods["until"].dt.normalize() + DAY).clip(upper=end),
    )
    held = held[held["from_day"] < held["to_day"]].sort_values(["place_id", "from_day"], kind="stable")
    # The days no period of a town covers: before its first span, between spans, after its last.
    covered_to = held.groupby("place_id", sort=False)["to_day"].cummax()
    previous_to = covered_to.groupby(held["place_id"], sort=False).shift().fillna(first)
    gaps = pd.DataFrame({"place_id": held["place_id"], "from_day": previous_to, "to_day": held["from_day"]})
    last_to = covered_to.groupby(held["place_id"], sort=False).max()
    tails = pd.DataFrame({"place_id": last_to.index, "from_day": last_to.to_numpy(), "to_day": end})
    never = bare.loc[~bare["place_id"].isin(held["place_id"]), ["place_id"]].assign(from_day=first, to_day=end)
    gaps = pd.concat([gaps, tails, never], ignore_index=True)
    gaps = gaps[gaps["from_day"] < gaps["to_day"]]
    gaps = bare.merge(gaps, on="place_id", how="inner")
    # A period looks stale from the day it is more than STALE_AFTER_DAYS past its last confirmation.
    fades = held["last_confirmed"].dt.normalize() + pd.Timedelta(days=STALE_AFTER_DAYS + 1)
    fresh = held.assign(to_day=held["to_day"].where(~(fades < held["to_day"]), fades), stale=False)
    fading = held[fades.notna()]
    fades = fades[fades.notna()]
    stale = fading.assign(from_day=fading["from_day"].where(~(fades > fading["from_day"]), fades), stale=True)
    held = pd.concat([fresh[fresh["from_day"] < fresh["to_day"]], stale[stale["from_day"] < stale["to_day"]]])
    gaps = gaps.assign(stale=False)
    columns = [*TOWN_COLUMNS, "from_day", "to_day"]
    spans = pd.concat([held[columns], gaps[columns]])
    if region:
        spans = spans[spans["map_region"] == region]
    spans = spans.astype({"from_day": "datetime64[ns]", "to_day": "datetime64[ns]"})
    return _split_at_blockades(dataset, spans.sort_values(["place_id", "from_day"], kind="stable"))


def _split_at_blockades(dataset: Dataset, spans: pd.DataFrame) -> pd.DataFrame:
    """The spans, cut where a town's blockade starts or ends, each with the town's blockades on
    its days (``TOWN_BLOCKADE_COLUMNS``, as geo.routes.with_blockades gives them for one date)."""
    edges = blockade_state_on(dataset, None, None)
    rows = []
    for span in spans.to_dict("records"):
        cuts = sorted(e for e in edges.get(span["place_id"], ()) if span["from_day"] < e < span["to_day"])
        for start, stop in pairwise([span["from_day"], *cuts, span["to_day"]]):
            rows.append(
                {**span, "from_day": start, "to_day": stop, **blockade_state_on(dataset, span["place_id"], start)}
            )
    split = pd.DataFrame(rows, columns=[*spans.columns, *TOWN_BLOCKADE_COLUMNS])
    return split.astype({"from_day": "datetime64[ns]", "to_day": "datetime64[ns]"}).reset_index(drop=True)


def event_spans(dataset: Dataset, view: View) -> pd.DataFrame:
    """The view's events (its filters, every date) with the days each is in the window: an
    event dated ``e`` is in the window ending on ``d`` when ``d - window + 1 <= e <= d``, so from
    ``e`` to ``e + window`` (exclusive); with the whole record as window, or a custom period
    (only its events, :func:`view_events`), to the end."""
    events = view_events(dataset, view)
    from_day = events["date"].dt.normalize()
    window = moving_window(view)
    if window:
        to_day = from_day + pd.Timedelta(days=window)
    else:
        to_day = pd.Series(dataset.as_of.normalize() + DAY, index=events.index)
    return events.assign(from_day=from_day, to_day=to_day)


def on_day(spans: pd.DataFrame, day) -> pd.DataFrame:
    """The rows whose span holds ``day`` (the rule the browser applies on every slider move)."""
    day = pd.Timestamp(day).normalize()
    return spans[(spans["from_day"] <= day) & (day < spans["to_day"])]


def moving_window(view: View) -> int:
    """The days of the window that moves with the date (0: none, every event up to the date).

    A custom period ``[start, date]`` has none: its start stays where it is, so its events are
    those from ``start`` on (:func:`view_events`), each shown from its day to the record's end,
    as with the whole record as window. The browser moves it like any other view."""
    return 0 if view.start is not None else view.window


def by_location(dataset: Dataset) -> bool:
    """Whether the browser gets the record's events per location and day (:func:`event_cells`)
    rather than one by one: beyond ``MAX_MARKERS`` events, as the server groups a window."""
    return len(dataset.events) > MAX_MARKERS


@dataclass(frozen=True)
class EventCells:
    """A view's events (its filters, every date) per location cell and day, for the browser to
    total the cells of any window (static/map/cells.js). The size is bounded by what can be told
    apart on screen (at most ``max_cells`` cells times the record's days, times the families),
    not by the number of events."""

    #: One row per cell, numbered from 0: ``lat``, ``lon`` (the mean of its events).
    cells: pd.DataFrame
    #: ``day`` (Timestamp), ``cell``, ``family`` (a code: position in FAMILY_CODES), ``count``,
    #: ``toll`` (the lowest known tolls summed), sorted by day.
    rows: pd.DataFrame
    #: The view's window in days (0: everything up to the date).
    window: int


#: The families a cell row can carry, by code (the last: an actor without a family).
FAMILY_CODES = (*FAMILIES, "")


def event_cells(events: pd.DataFrame, window: int, max_cells: int, families: bool = True) -> EventCells:
    """``events`` (:func:`view_events`) per cell of the finest grid giving at most ``max_cells``
    cells over the whole record, and per day (and family, unless ``families`` is false)."""
    placed = events.dropna(subset=["lat", "lon"])
    codes, grid = pd.factorize(finest_grid(placed["lat"], placed["lon"], max_cells))
    codes = codes.astype("int64")
    family = (
        placed["family"].map({f: i for i, f in enumerate(FAMILY_CODES)}).fillna(len(FAMILIES)).to_numpy("int64")
        if families
        else np.zeros(len(placed), dtype="int64")
    )
    toll = placed["fatalities_low"].fillna(placed["fatalities_high"]).fillna(0).to_numpy("int64")
    counts = np.bincount(codes, minlength=len(grid))
    cells = pd.DataFrame(
        {
            "lat": np.bincount(codes, placed["lat"].to_numpy("float64")) / counts,
            "lon": np.bincount(codes, placed["lon"].to_numpy("float64")) / counts,
        }
    )
    # One integer per (day, cell, family), in that order: a sort of integers, not a groupby.
    days = (placed["date"].dt.normalize() - _EPOCH) // DAY
    width = len(FAMILY_CODES)
    keys = (days.to_numpy("int64") * len(cells) + codes) * width + family
    unique, inverse, count = np.unique(keys, return_inverse=True, return_counts=True)
    tolls = np.bincount(inverse, toll, minlength=len(unique)).astype("int64")
    rows = pd.DataFrame(
        {
            "day": _EPOCH + pd.to_timedelta(unique // width // len(cells), unit="D"),
            "cell": (unique // width % len(cells)).astype("int64"),
            "family": (unique % width).astype("int64"),
            "count": count.astype("int64"),
            "toll": tolls,
        }
    )
    return EventCells(cells=cells, rows=rows, window=int(window or 0))


def view_events(dataset: Dataset, view: View) -> pd.DataFrame:
    """The view's events at every date (its filters, not its window), from a custom period's
    start if it has one."""
    first = dataset.first_date if view.start is None else pd.Timestamp(view.start)
    return dataset.events_between(first, dataset.as_of, **event_filters(view))


def cells_on_day(cells: EventCells, day) -> pd.DataFrame:
    """Each cell with events in the window ending on ``day``: ``cell``, ``count``, ``toll``,
    ``family`` (the code of its most frequent family; a tie goes to the lower code), ``first``,
    ``last``; the rule static/map/cells.js applies on every move of the time bar."""
    day = pd.Timestamp(day).normalize()
    rows = cells.rows
    keep = rows["day"] <= day
    if cells.window:
        keep &= rows["day"] > day - pd.Timedelta(days=cells.window)
    rows = rows[keep]
    by_family = rows.groupby(["cell", "family"])["count"].sum().reset_index()
    top = by_family.sort_values(["cell", "count", "family"], ascending=[True, False, True]).drop_duplicates("cell")
    totals = rows.groupby("cell").agg(
        count=("count", "sum"), toll=("toll", "sum"), first=("day", "min"), last=("day", "max")
    )
    return totals.join(top.set_index("cell")["family"]).reset_index()
