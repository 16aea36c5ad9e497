"""What the map shows for a view: towns, events, totals, changes."""

from __future__ import annotations

import datetime as dt

from geo.snapshot import snapshot
from geo.view import View


def test_snapshot_of_the_tiny_record(tiny):
    shot = snapshot(tiny, View(date=dt.date(2012, 6, 30), window=365))
    assert shot.held == {"jihadist": 1, "unknown": 1}  # Kidal's last period ended 2012-05-31
    assert list(shot.events["event_id"]) == ["ev-2012-03-01-kidal", "ev-2012-06-27-gao"]
    assert shot.totals == (2, 20 + 5)  # lowest known toll of each: 20, and 5 (only a high figure)
    assert shot.previous_totals == (0, 0)
    assert list(shot.changes["place_id"]) == ["kidal", "gao", "kidal", "kidal", "gao"]
    assert shot.groups is None


def test_filters_apply_to_events_and_totals(tiny):
    view = View(date=dt.date(2013, 12, 31), window=0, families=("foreign",))
    shot = snapshot(tiny, view)
    assert list(shot.events["event_id"]) == ["ev-2013-01-11-serval"]
    assert shot.totals == (1, 0)
    assert shot.previous_totals is None


def test_many_events_are_grouped(tiny):
    shot = snapshot(tiny, View(date=dt.date(2014, 12, 31), window=0), max_markers=1)
    assert shot.groups is not None and shot.groups["count"].sum() == 3


def test_region_filter_keeps_towns_and_events_of_that_region(bundled):
    shot = snapshot(bundled, View(date=dt.date(2024, 1, 1), window=0, region="Kidal"))
    assert set(shot.towns["map_region"]) == {"Kidal"}
    assert set(shot.events["map_region"]) == {"Kidal"}
    assert len(shot.events) > 0
