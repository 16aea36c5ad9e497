"""events_between: windows and filters, on the tiny record."""

from __future__ import annotations

import pandas as pd
import pytest


def ids(frame):
    return list(frame["event_id"])


def test_window_is_inclusive_and_sorted(tiny):
    assert ids(tiny.events_between("2012-03-01", "2013-01-11")) == [
        "ev-2012-03-01-kidal",
        "ev-2012-06-27-gao",
        "ev-2013-01-11-serval",
    ]
    assert ids(tiny.events_between("2012-03-02", "2013-01-10")) == ["ev-2012-06-27-gao"]
    assert tiny.events_between("2014-01-01", "2014-12-31").empty


def test_month_precision_event_sits_on_the_first(tiny):
    assert ids(tiny.events_between("2012-03-02", "2012-03-31")) == []


@pytest.mark.parametrize(
    ("families", "expected"),
    [
        (["jihadist"], ["ev-2012-06-27-gao"]),
        (["separatist", "foreign"], ["ev-2012-03-01-kidal", "ev-2013-01-11-serval"]),
        ([], []),
    ],
)
def test_family_filter(tiny, families, expected):
    assert ids(tiny.events_between("2012-01-01", "2014-12-31", families=families)) == expected


def test_event_type_filter(tiny):
    assert ids(tiny.events_between("2012-01-01", "2014-12-31", event_types=["siege", "clash"])) == [
        "ev-2012-03-01-kidal",
        "ev-2012-06-27-gao",
    ]


@pytest.mark.parametrize(
    ("minimum", "expected"),
    [
        (None, 3),
        (0, 3),
        (1, 2),  # the unknown toll of Serval's launch is not counted as reaching 1
        (5, 2),  # Kidal's siege: high figure 5 reaches 5
        (6, 1),
        (35, 1),
        (36, 0),
    ],
)
def test_min_fatalities_uses_the_highest_figure(tiny, minimum, expected):
    assert len(tiny.events_between("2012-01-01", "2014-12-31", min_fatalities=minimum)) == expected


def test_joined_columns_and_coordinates(tiny):
    events = tiny.events_between("2012-01-01", "2014-12-31").set_index("event_id")
    gao = events.loc["ev-2012-06-27-gao"]
    assert (gao["family"], gao["actor_name"], gao["place_name"]) == ("jihadist", "MUJAO", "Gao")
    # An event at a town takes the town's coordinates; one with its own keeps them.
    assert (gao["lat"], gao["geo_precision"]) == (pytest.approx(16.27167), "town")
    serval = events.loc["ev-2013-01-11-serval"]
    assert (serval["lat"], serval["geo_precision"]) == (pytest.approx(14.9), "near")
    assert str(events["fatalities_low"].dtype) == "Int64"
    assert pd.isna(serval["fatalities_low"])  # unknown stays unknown, never 0
