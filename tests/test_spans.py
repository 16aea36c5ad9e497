"""Day spans: the browser's rule (a row is on the map on the days [from_day, to_day)) gives the
same towns and events as the server's queries for one date, on every date."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from geo.control import STALE_AFTER_DAYS, TOWN_COLUMNS, towns_at
from geo.events import finest_grid
from geo.snapshot import MAX_HEAT_POINTS, MAX_MARKERS, snapshot
from geo.spans import (
    by_location,
    cells_on_day,
    event_cells,
    event_spans,
    moving_window,
    on_day,
    town_spans,
    view_events,
)
from geo.view import View


def _towns(frame: pd.DataFrame) -> pd.DataFrame:
    """Towns comparable across the two paths: sorted, plain objects, missing values alike."""
    frame = frame[TOWN_COLUMNS].sort_values("place_id").reset_index(drop=True)
    return frame.astype(object).where(frame.notna(), None)


def test_town_spans_of_the_tiny_record(tiny):
    spans = town_spans(tiny)
    kidal = spans[spans["place_id"] == "kidal"]
    # FAMa to 2012-03-29, no sourced holder for two days, MNLA contested to 05-31, then nothing known.
    assert list(kidal["actor_id"].fillna("-")) == ["fama", "-", "mnla", "-"]
    assert [f"{d:%m-%d}" for d in kidal["from_day"]] == ["01-01", "03-30", "04-01", "06-01"]
    assert f"{kidal['to_day'].iloc[-1]:%Y-%m-%d}" == "2015-01-01"  # the day after the as-of date
    gao = spans[spans["place_id"] == "gao"]
    assert list(gao["actor_id"]) == ["fama", "mnla", "mujao", "fama", "fama"]
    # FAMa's last period, last confirmed 2013-06-30, is faded from the day it is a year and a day old.
    assert list(gao["stale"]) == [False, False, False, False, True]
    assert f"{gao['from_day'].iloc[-1]:%Y-%m-%d}" == "2014-07-01"
    # Spans of one town do not overlap and leave no day uncovered.
    for _, town in spans.groupby("place_id"):
        assert (town["from_day"].iloc[1:].to_numpy() == town["to_day"].iloc[:-1].to_numpy()).all()


def test_town_spans_give_towns_at_around_every_change_of_the_bundled_record(bundled):
    """towns_at can change only where a period starts, the day after one ends, or the day it
    turns stale: check those days, the day before each, and a spread of days in between."""
    spans = town_spans(bundled)
    periods = bundled.control
    fades = periods["last_confirmed"] + pd.Timedelta(days=STALE_AFTER_DAYS + 1)
    edges = pd.concat([periods["start"], periods["end"].dropna() + pd.Timedelta(days=1), fades])
    days = set(edges) | set(edges - pd.Timedelta(days=1))
    days |= set(pd.date_range(bundled.first_date, bundled.as_of, freq="17D")) | {bundled.as_of}
    days = sorted(d for d in days if bundled.first_date <= d <= bundled.as_of)
    assert len(days) > 400
    for day in days:
        got, expected = _towns(on_day(spans, day)), _towns(towns_at(bundled, day))
        assert got.to_dict("records") == expected.to_dict("records"), f"towns on {day:%Y-%m-%d}"


def test_town_spans_come_from_the_periods_in_one_pass(bundled, monkeypatch):
    """The spans are built from the periods themselves, not by asking towns_at for the towns of
    each day on which one changes (hundreds of queries: 2-3 s at every cold start and for every
    session with an upload)."""
    import geo.control
    import geo.spans

    calls = []
    counting = lambda *a, **k: calls.append(a) or towns_at(*a, **k)  # noqa: E731
    monkeypatch.setattr(geo.control, "towns_at", counting)
    monkeypatch.setattr(geo.spans, "towns_at", counting, raising=False)
    record = dataclasses.replace(bundled)  # a fresh memo: the spans are computed again
    spans = town_spans(record)
    assert calls == [] and len(spans) >= record.control["place_id"].nunique()


def test_town_spans_of_a_region(bundled):
    spans = town_spans(bundled, "Kidal")
    day = pd.Timestamp("2024-01-01")
    shot = snapshot(bundled, View(date=day.date(), region="Kidal"))
    assert list(on_day(spans, day)["place_id"]) == list(shot.towns["place_id"])
    assert set(spans["map_region"]) == {"Kidal"}


#: A custom period's start, as days before the date (None: the window moves with the date).
STARTS = st.one_of(st.none(), st.integers(0, 2000))


def _view(day: dt.date, before: int | None, **filters) -> View:
    start = None if before is None else max(day - dt.timedelta(days=before), dt.date(2012, 1, 1))
    return View(date=day, start=start, **filters)


@settings(max_examples=120, deadline=None)
@given(
    day=st.dates(dt.date(2012, 1, 1), dt.date(2026, 6, 4)),
    window=st.sampled_from([30, 90, 365, 0]),
    families=st.sampled_from([(), ("jihadist",), ("state", "foreign")]),
    min_fatalities=st.sampled_from([0, 10]),
    before=STARTS,
)
def test_event_spans_give_the_window_on_any_day(bundled, day, window, families, min_fatalities, before):
    """The spans are made once for a view (any date) and give its events on every day, with a
    window moving with the date or a custom period's fixed start (issue #18: a custom period
    used to go back to the server for each date)."""
    view = _view(day, before, window=window, families=families, min_fatalities=min_fatalities)
    spans = event_spans(bundled, dataclasses.replace(view, date=bundled.as_of.date()))
    expected = snapshot(bundled, view).events
    assert list(on_day(spans, day)["event_id"]) == list(expected["event_id"])


def test_a_custom_period_shows_its_events_from_its_start_to_the_bar_day(bundled):
    view = View(date=dt.date(2013, 3, 1), start=dt.date(2013, 1, 10), window=30)
    assert moving_window(view) == 0 and moving_window(dataclasses.replace(view, start=None)) == 30
    spans = event_spans(bundled, view)
    assert (spans["date"] >= pd.Timestamp("2013-01-10")).all()
    on_first = on_day(spans, pd.Timestamp("2013-01-10"))
    later = on_day(spans, pd.Timestamp("2013-06-01"))
    # Events pile up from the start: nothing before it, and those of January still on in June.
    assert 0 < len(on_first) < len(later)
    assert set(on_first["event_id"]) <= set(later["event_id"])
    assert on_day(spans, pd.Timestamp("2013-01-09")).empty


def test_an_event_stays_for_exactly_the_window(tiny):
    spans = event_spans(tiny, View(date=dt.date(2012, 6, 30), window=30))
    gao = spans[spans["event_id"] == "ev-2012-06-27-gao"].iloc[0]
    assert (gao["from_day"], gao["to_day"]) == (pd.Timestamp("2012-06-27"), pd.Timestamp("2012-07-27"))
    everything = event_spans(tiny, View(date=dt.date(2012, 6, 30), window=0))
    assert (everything["to_day"] == pd.Timestamp("2015-01-01")).all()


def _large(bundled, copies: int):
    """The bundled record with its events repeated ``copies`` times, each copy moved a few days
    and a little to the east, so that windows and cells differ between copies."""
    frames = []
    for copy in range(copies):
        events = bundled.events.copy()
        events["event_id"] = events["event_id"] + f"-{copy}"
        events["date"] = events["date"] + pd.Timedelta(days=3 * copy)
        events["lon"] = events["lon"] + 0.07 * copy
        frames.append(events)
    large = pd.concat(frames, ignore_index=True).sort_values("date", kind="stable").reset_index(drop=True)
    return dataclasses.replace(bundled, events=large)


@pytest.fixture(scope="module")
def large(bundled):
    return _large(bundled, MAX_MARKERS // len(bundled.events) + 2)


def test_a_record_too_large_for_single_markers_moves_in_the_browser_by_location(bundled, large):
    """Beyond MAX_MARKERS events the time bar stays in the browser (it used to hand every move
    to the server), with the events per location and day."""
    assert len(bundled.events) <= MAX_MARKERS < len(large.events)
    assert not by_location(bundled)
    assert by_location(large)


def _window_by_cell(events: pd.DataFrame, cells_of_events: pd.Series) -> pd.DataFrame:
    toll = events["fatalities_low"].fillna(events["fatalities_high"]).fillna(0)
    frame = pd.DataFrame(
        {"cell": cells_of_events.to_numpy(), "toll": toll.to_numpy(), "day": events["date"].to_numpy()}
    )
    return frame.groupby("cell").agg(
        count=("toll", "size"), toll=("toll", "sum"), first=("day", "min"), last=("day", "max")
    )


@settings(max_examples=60, deadline=None)
@given(
    day=st.dates(dt.date(2012, 1, 1), dt.date(2026, 6, 4)),
    window=st.sampled_from([30, 90, 365, 0]),
    families=st.sampled_from([(), ("jihadist",), ("state", "foreign")]),
    before=STARTS,
)
def test_cells_give_the_server_window_per_location_on_any_day(large, day, window, families, before):
    """What the browser totals from the cells (cells_on_day, static/map/cells.js) is, cell by
    cell, the count, known toll and first and last date of the server's window (events_between),
    or of a custom period."""
    view = _view(day, before, window=window, families=families)
    every_date = view_events(large, view)
    cells = event_cells(every_date, moving_window(view), MAX_MARKERS)
    assert len(cells.cells) <= MAX_MARKERS
    shown = cells_on_day(cells, day).set_index("cell")
    # The server's window, on the same grid (the cells are numbered in order of first appearance).
    placed = every_date.dropna(subset=["lat", "lon"])
    numbers, _ = pd.factorize(finest_grid(placed["lat"], placed["lon"], MAX_MARKERS))
    numbered = pd.Series(numbers, index=placed["event_id"].to_numpy())
    expected_events = snapshot(large, view).events.dropna(subset=["lat", "lon"])
    expected = _window_by_cell(expected_events, expected_events["event_id"].map(numbered))
    assert list(shown.index) == list(expected.index)
    assert list(shown["count"]) == list(expected["count"])
    assert list(shown["toll"]) == list(expected["toll"])
    assert list(shown["first"]) == list(expected["first"])
    assert list(shown["last"]) == list(expected["last"])


def test_a_cell_takes_its_most_frequent_family_in_the_window(large):
    every_date = view_events(large, View(date=dt.date(2013, 1, 20)))
    cells = event_cells(every_date, 30, MAX_MARKERS)
    day = pd.Timestamp("2013-01-20")
    shown = cells_on_day(cells, day).set_index("cell")
    rows = cells.rows[(cells.rows["day"] <= day) & (cells.rows["day"] > day - pd.Timedelta(days=30))]
    per_family = rows.groupby(["cell", "family"])["count"].sum().unstack(fill_value=0)
    assert len(shown) > 3
    for cell, counts in per_family.iterrows():
        assert counts[shown.loc[cell, "family"]] == counts.max()


def test_a_record_the_browser_holds_is_heated_on_the_finest_grid():
    """The browser's heat groups events on group_by_location's finest grid (geo.map.layers.heat_points,
    static/map/heat.js): right as long as no window of such a record can need a coarser one."""
    assert MAX_MARKERS <= MAX_HEAT_POINTS
