"""The project's own notes in French (issue #19): every table whose note (or an actor's
description) the app shows has an optional French twin (``note_fr``, ``description_fr``), French
popups and tables show it, English ones the note as written, and the bundled record has a French
note for every note it shows."""

from __future__ import annotations

import pandas as pd
import pytest

from geo import load_dataset
from geo.bases import base_periods
from geo.control import towns_at
from geo.i18n.record_text import localized, localized_cell
from geo.map.markers import event_points, town_points
from geo.map.route_lines import base_points, blockade_points, route_lines
from geo.routes import blockade_periods, status_periods
from geo.routes import route_lines as lines_of
from geo.schema import TABLES

from .conftest import app_page

#: The free-text columns the app shows to readers, by table: each has a French twin.
SHOWN = {
    "control": "note",  # town popups, the Places page, the map's place panel, the Sources page
    "route_status": "note",  # route popups, the Places page
    "blockades": "note",  # blockade popups, the Places page
    "base_periods": "note",  # base popups, the Places page
    "events": "note",  # event popups
    "actors": "description",  # the Actors page
}


def _add_french(folder, table: str, column: str) -> None:
    """Give every filled ``column`` of ``table`` in ``folder`` a French twin 'FR: <text>'."""
    path = folder / f"{table}.csv"
    frame = pd.read_csv(path, dtype=str, keep_default_na=False)
    frame[f"{column}_fr"] = [f"FR: {text}" if text else "" for text in frame[column]]
    frame.to_csv(path, index=False)


def test_the_twin_is_taken_where_filled_and_the_english_otherwise():
    frame = pd.DataFrame({"note": ["One.", "Two.", None, "Four."], "note_fr": ["Un.", "  ", None, None]})
    assert list(localized(frame, "note", "fr").fillna("-")) == ["Un.", "Two.", "-", "Four."]
    assert list(localized(frame, "note", "en").fillna("-")) == ["One.", "Two.", "-", "Four."]
    assert list(localized(frame.drop(columns="note_fr"), "note", "fr").fillna("-")) == ["One.", "Two.", "-", "Four."]
    rows = list(frame.itertuples(index=False))
    cells = [localized_cell(row, "note", "fr") for row in rows]
    assert [cell if isinstance(cell, str) else None for cell in cells] == ["Un.", "Two.", None, "Four."]
    assert localized_cell(rows[0], "note", "en") == "One."
    assert localized_cell(frame.iloc[0], "note", "fr") == "Un."  # a Series row too


@pytest.mark.parametrize(("table", "column"), SHOWN.items())
def test_each_shown_text_has_an_optional_french_column(table, column):
    french = TABLES[table].columns[f"{column}_fr"]
    assert french.nullable and not french.required


def test_a_record_without_the_french_columns_still_loads_with_them_empty(tiny):
    for table, column in SHOWN.items():
        frame = getattr(tiny, table)
        assert f"{column}_fr" in frame and frame[f"{column}_fr"].isna().all()


@pytest.fixture
def french_tiny(tiny_dir):
    for table, column in SHOWN.items():
        _add_french(tiny_dir, table, column)
    return load_dataset(tiny_dir)


def test_french_popups_show_the_french_note_and_english_ones_the_note(french_tiny):
    data = french_tiny
    towns = towns_at(data, "2012-05-01")
    for lang, expected, absent in (("fr", "FR: gap before", None), ("en", "gap before", "FR: gap before")):
        kidal = next(p for p in town_points(towns, data.actors, data.sources, lang) if "Kidal" in p["tip"])
        assert expected in kidal["popup"] and (absent is None or absent not in kidal["popup"])
    names = {"gao": "Gao"}
    french = route_lines(data.routes, status_periods(data), lines_of(data), names, data.sources, "fr")
    english = route_lines(data.routes, status_periods(data), lines_of(data), names, data.sources, "en")
    blockaded = [next(r for r in drawn if r["id"] == "gao_kidal")["states"][1]["popup"] for drawn in (french, english)]
    assert "FR: MNLA says it blocks fuel" in blockaded[0] and "FR:" not in blockaded[1]
    rings = [blockade_points(blockade_periods(data), data.sources, lang) for lang in ("fr", "en")]
    assert any("FR: MNLA says it blocks the roads" in p["popup"] for p in rings[0])
    assert not any("FR:" in p["popup"] for p in rings[1])
    bases = [base_points(base_periods(data), base_periods(data), data.sources, lang) for lang in ("fr", "en")]
    assert any("FR: No source gives the start." in p["popup"] for p in bases[0])
    assert not any("FR:" in p["popup"] for p in bases[1])


def test_a_french_event_popup_shows_the_french_note(tiny):
    events = tiny.events.assign(family="state", note="Sources disagree.", note_fr="Les sources divergent.")
    french = event_points(events, tiny.actors, tiny.sources, "fr")
    english = event_points(events, tiny.actors, tiny.sources, "en")
    assert french and all("Les sources divergent." in p["popup"] for p in french)
    assert not any("Les sources divergent." in p["popup"] for p in english)
    assert all("Sources disagree." in p["popup"] for p in english)


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_the_places_page_shows_a_towns_notes_in_the_interface_language(bundled, lang):

    at = app_page("places.py", lang=lang, place="gao")
    assert not at.exception
    cells = {cell for table in at.dataframe for column in table.value.columns for cell in table.value[column]}
    history = bundled.control_history("gao")
    expected = localized(history, "note", lang).dropna()
    assert len(expected) and set(expected) <= cells
    if lang == "fr":  # the French notes, not the English ones
        english = set(history["note"].dropna())
        assert not english & set(expected) and not english & cells


def test_the_bundled_record_has_a_french_text_for_every_text_it_shows(bundled):
    missing = {}
    for table, column in SHOWN.items():
        frame = getattr(bundled, table)
        shown = frame[column].notna() & frame[column].astype("string").str.strip().ne("").fillna(False)
        french = frame[f"{column}_fr"].astype("string").str.strip().fillna("")
        lacking = frame.index[shown & french.eq("")]
        if len(lacking):
            missing[table] = len(lacking)
    assert not missing, f"rows whose shown text has no French twin: {missing}"
