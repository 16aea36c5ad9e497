"""The map page lists every control change of the window under the map, and says the status and
confidence of each new holding in its summary line (issue #19)."""

from __future__ import annotations

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

import ui
from geo.control import change_confidence
from geo.i18n import t

from .conftest import REPO, map_snapshot, shown

APP = str(REPO / "app.py")


@pytest.fixture
def q4_2023(monkeypatch):
    """The map page on 2023-12-31 with a 90-day window (Q4 2023), run once."""
    monkeypatch.setattr(ui.timecontrols, "PLAY_DELAY", 0)
    at = AppTest.from_file(APP, default_timeout=90)
    at.query_params.update({"date": "2023-12-31", "window": "90"})
    at.run()
    assert not at.exception
    return at


def changes_frame(at) -> pd.DataFrame:
    """The changes table's rows (its columns by name; the headers the reader sees are translated)."""
    (table,) = [frame for frame in at.dataframe if "before" in frame.value.columns]
    return table.value


def test_every_change_of_the_window_is_in_the_table_with_the_armys_capture_of_kidal(q4_2023, bundled):
    table = changes_frame(q4_2023)
    changes = map_snapshot(q4_2023, bundled).changes
    assert len(changes) > 6  # more than the summary line lists
    assert len(table) == len(changes)
    # Days are sent as YYYY-MM-DD text (an empty cell is never "None"; the text sorts as the days do).
    kidal = table[(table["place_label"] == "Kidal") & (table["date"] == "2023-11-14")]
    assert len(kidal) == 1
    fama = bundled.actors.set_index("actor_id").loc["fama", "name"]
    assert kidal.iloc[0]["after"] == f"{fama} (control)"
    assert kidal.iloc[0]["confidence"] == "high"
    assert "place=kidal" in kidal.iloc[0]["link"] and "date=2023-11-14" in kidal.iloc[0]["link"]
    # Newest first.
    assert list(table["date"]) == sorted(table["date"], reverse=True)


def test_the_summary_line_says_status_and_confidence(q4_2023, bundled):
    changes = map_snapshot(q4_2023, bundled).changes
    confidence = change_confidence(bundled, changes)
    last = changes.iloc[-1]
    line = " ".join(shown(m.value) for m in q4_2023.markdown if "What changed" in m.value)
    assert last["actor_id"] == last["actor_id"]  # the latest change in Q4 2023 has a new holder
    status = t("en", f"status.{last['status']}")
    assert f"({status}, {confidence.iloc[-1]} confidence)" in line
    assert "all in the table under the map" in line


def test_change_confidence_is_the_new_periods_or_the_ended_ones(bundled):
    changes = bundled.changes_between("2012-01-01", bundled.as_of)
    confidence = change_confidence(bundled, changes)
    assert confidence.notna().all()
    control = bundled.control.set_index(["place_id", "start"])["confidence"]
    for change, sure in zip(changes.itertuples(), confidence, strict=True):
        if isinstance(change.actor_id, str):
            assert control.loc[(change.place_id, change.date)] == sure
