"""French pages show the record's French text where it has one, and empty cells read as empty
(issue #19)."""

from __future__ import annotations

import pandas as pd
from streamlit.testing.v1 import AppTest

from geo.events import descriptions
from geo.map.markers import event_points

EVENTS = pd.DataFrame(
    {
        "event_id": ["a", "b", "c"],
        "description": ["Gunmen attacked the camp.", "The army took the town.", "A mine exploded."],
        "description_fr": ["Des hommes armés ont attaqué le camp.", None, "  "],
    }
)


def test_french_pages_take_the_french_description_where_the_record_has_one():
    assert list(descriptions(EVENTS, "fr")) == [
        "Des hommes armés ont attaqué le camp.",
        "The army took the town.",  # none in French yet: the English one, not an empty cell
        "A mine exploded.",
    ]
    assert list(descriptions(EVENTS, "en")) == list(EVENTS["description"])
    assert list(descriptions(EVENTS.drop(columns="description_fr"), "fr")) == list(EVENTS["description"])


def test_a_french_popup_carries_the_french_description(bundled):
    events = bundled.events.head(3).copy()
    events["description_fr"] = ["Texte français numéro un.", None, "Texte français numéro trois."]
    events["family"] = "state"
    french = event_points(events, bundled.actors, bundled.sources, "fr")
    english = event_points(events, bundled.actors, bundled.sources, "en")
    assert "Texte français numéro un." in french[0]["popup"] and "Texte français" not in english[0]["popup"]
    assert events.iloc[1]["description"].split()[0] in french[1]["popup"]


def _table_script():
    import pandas as pd

    import ui

    frame = pd.DataFrame({"note": ["A note.", None], "confidence": ["high", None], "count": [1, 2]})
    ui.localized_table(frame, {"note": "col.note", "confidence": "col.confidence", "count": "col.row"}, "fr")


def test_empty_cells_read_as_empty_never_none():
    at = AppTest.from_function(_table_script, default_timeout=60)
    at.run()
    assert not at.exception
    table = at.dataframe[0].value
    assert list(table["note"]) == ["A note.", ""]
    assert list(table["confidence"]) == ["élevée", ""]
    assert list(table["count"]) == [1, 2]  # numbers stay numbers (sortable)
