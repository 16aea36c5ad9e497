"""control_at, control_history and changes_between, on the tiny record and as properties."""

from __future__ import annotations

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from geo.control import CHANGE_COLUMNS, CONTROL_AT_COLUMNS
from geo.dataset import Dataset


@pytest.mark.parametrize(
    ("date", "expected"),
    [
        ("2012-01-01", {"gao": "fama", "kidal": "fama"}),
        ("2012-03-30", {"gao": "fama"}),  # Kidal: nobody knows on 30-31 March, so no row
        ("2012-03-31", {"gao": "mnla"}),
        ("2012-04-01", {"gao": "mnla", "kidal": "mnla"}),
        ("2012-06-27", {"gao": "mujao"}),  # Kidal's last period ended 2012-05-31
        ("2013-01-25", {"gao": "mujao"}),
        ("2013-01-26", {"gao": "fama"}),
        ("2014-12-31", {"gao": "fama"}),  # open period runs to the as-of date
        ("2015-01-01", {}),  # after the as-of date the record says nothing
        ("2011-12-31", {}),
    ],
)
def test_control_at_truth_table(tiny, date, expected):
    rows = tiny.control_at(date)
    assert dict(zip(rows["place_id"], rows["actor_id"])) == expected


def test_control_at_columns_and_joins(tiny):
    rows = tiny.control_at("2012-05-01")
    assert list(rows.columns) == CONTROL_AT_COLUMNS
    kidal = rows.set_index("place_id").loc["kidal"]
    assert kidal["actor_name"] == "MNLA"
    assert kidal["family"] == "separatist"
    assert kidal["status"] == "contested"
    assert kidal["confidence"] == "low"
    assert kidal["lat"] == pytest.approx(18.44111)


def test_control_at_accepts_timestamps_with_time(tiny):
    assert len(tiny.control_at(pd.Timestamp("2013-01-26 23:59"))) == 1


def test_control_history_is_ordered(tiny):
    history = tiny.control_history("gao")
    assert list(history["actor_id"]) == ["fama", "mnla", "mujao", "fama"]
    assert history["start"].is_monotonic_increasing
    assert tiny.control_history("nowhere").empty


def test_changes_between(tiny):
    changes = tiny.changes_between("2012-01-01", "2014-12-31")
    assert list(changes.columns) == CHANGE_COLUMNS
    as_tuples = [
        (c.place_id, f"{c.date:%Y-%m-%d}", c.previous_actor_id, None if pd.isna(c.actor_id) else c.actor_id)
        for c in changes.itertuples()
    ]
    assert as_tuples == [
        ("kidal", "2012-03-30", "fama", None),  # the record loses track of Kidal
        ("gao", "2012-03-31", "fama", "mnla"),
        ("kidal", "2012-04-01", "fama", "mnla"),
        ("kidal", "2012-06-01", "mnla", None),
        ("gao", "2012-06-27", "mnla", "mujao"),
        ("gao", "2013-01-26", "mujao", "fama"),
    ]


def test_changes_between_window_is_inclusive(tiny):
    changes = tiny.changes_between("2013-01-26", "2013-01-26")
    assert list(changes["place_id"]) == ["gao"]
    assert tiny.changes_between("2013-01-27", "2014-12-31").empty


# --- properties -------------------------------------------------------------------

DAY0 = pd.Timestamp("2012-01-01")


@st.composite
def control_tables(draw):
    """Random non-overlapping periods for up to three places, with gaps and open ends."""
    rows = []
    for place in draw(st.lists(st.sampled_from(["a", "b", "c"]), min_size=1, max_size=3, unique=True)):
        day = draw(st.integers(0, 30))
        for _ in range(draw(st.integers(1, 5))):
            length = draw(st.integers(0, 60))
            open_end = draw(st.booleans())
            start = DAY0 + pd.Timedelta(days=day)
            end = None if open_end else start + pd.Timedelta(days=length)
            rows.append(
                {
                    "place_id": place,
                    "actor_id": draw(st.sampled_from(["x", "y"])),
                    "start": start,
                    "end": end,
                    "status": "control",
                    "confidence": "high",
                    "source_ids": "s",
                }
            )
            if open_end:
                break
            day += length + 1 + draw(st.integers(0, 10))
    return pd.DataFrame(rows).astype({"start": "datetime64[us]", "end": "datetime64[us]"})


def synthetic(control: pd.DataFrame, as_of: pd.Timestamp) -> Dataset:
    places = pd.DataFrame({"place_id": ["a", "b", "c"], "name": ["A", "B", "C"], "lat": [15.0] * 3, "lon": [0.0] * 3})
    actors = pd.DataFrame({"actor_id": ["x", "y"], "name": ["X", "Y"], "family": ["state", "jihadist"]})
    empty = pd.DataFrame()
    return Dataset(places=places, actors=actors, control=control, events=empty, sources=empty, as_of=as_of)


@settings(max_examples=150, deadline=None)
@given(control=control_tables(), offset=st.integers(-5, 400), as_of_offset=st.integers(200, 500))
def test_control_at_matches_brute_force(control, offset, as_of_offset):
    as_of = DAY0 + pd.Timedelta(days=as_of_offset)
    control = control[control["start"] <= as_of]
    dataset = synthetic(control, as_of)
    date = DAY0 + pd.Timedelta(days=offset)
    rows = dataset.control_at(date)

    assert rows["place_id"].is_unique
    expected = {}
    for period in control.itertuples():
        end = as_of if pd.isna(period.end) else period.end
        if period.start <= date <= end:
            expected[period.place_id] = period.actor_id
    assert dict(zip(rows["place_id"], rows["actor_id"])) == expected
