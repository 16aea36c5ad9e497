"""Where the reader moved the map (zoom and centre) is kept in the link and across a change of
language (issue #19). The browser side (static/map/timebar.js) is tested in
tests/browser/test_zoom_browser.py."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

import ui

from .conftest import REPO, map_args

APP = str(REPO / "app.py")


@pytest.fixture
def app(monkeypatch):
    monkeypatch.setattr(ui.timecontrols, "PLAY_DELAY", 0)
    return AppTest.from_file(APP, default_timeout=90)


def report_map_move(at, zoom, center):
    """What the time bar reports when the reader has moved the map, then a run."""
    state = at.session_state
    parts = ui.base_map_parts(
        state[ui.Key.LANG], state[ui.Key.BASE], "regions" in state[ui.Key.OVERLAYS], ui.asset_base()
    )
    at.session_state[ui.map_key(parts)] = {"view": {"zoom": zoom, "center": center}}
    return at.run()


def test_a_map_move_goes_into_the_link_and_survives_a_language_switch(app):
    app.query_params["date"] = "2013-01-25"
    app.run()
    assert "zoom" not in app.query_params  # the opening view is Mali whole, not in the link
    report_map_move(app, 7.5, [18.44, 1.41])
    assert not app.exception
    assert app.query_params["zoom"] == "7.5" and app.query_params["center"] == "18.4400,1.4100"
    app.radio(key=ui.Key.LANG).set_value("fr").run()
    assert not app.exception
    args = map_args(app)  # the new map (French) opens where the reader was
    assert args["zoom"] == 7.5 and args["center"] == [18.44, 1.41]
    assert app.query_params["zoom"] == "7.5" and app.query_params["lang"] == "fr"


def test_a_shared_link_opens_the_map_at_its_zoom_and_centre(app):
    app.query_params.update({"date": "2013-01-25", "zoom": "8", "center": "16.27,-0.04"})
    app.run()
    args = map_args(app)
    assert args["zoom"] == 8 and args["center"] == [16.27, -0.04]


@pytest.mark.parametrize("view", [{"zoom": "huge", "center": [1, 2]}, {"zoom": 7, "center": "x"}, {"zoom": 40}])
def test_a_bad_report_is_ignored(app, view):
    app.run()
    state = app.session_state
    parts = ui.base_map_parts(
        state[ui.Key.LANG], state[ui.Key.BASE], "regions" in state[ui.Key.OVERLAYS], ui.asset_base()
    )
    app.session_state[ui.map_key(parts)] = {"view": view}
    app.run()
    assert not app.exception and "zoom" not in app.query_params


def test_choosing_a_place_centres_on_it_again(app):
    app.query_params.update({"date": "2013-01-25", "zoom": "9", "center": "12.65,-8.0"})
    app.run()
    app.selectbox(key=ui.Key.PLACE).set_value("kidal").run()
    assert not app.exception
    args = map_args(app)
    assert args["zoom"] == 8 and "zoom" not in app.query_params


def _recover_script():
    """Stands in for a run where Streamlit handed stale labels over as values."""
    import streamlit as st

    import ui
    from geo import load_dataset

    stale = st.session_state["stale"]
    st.session_state[stale[0]] = stale[1]
    ui.recover_translated_choices(load_dataset())


@pytest.mark.parametrize(
    ("key", "stale", "code"),
    [
        (ui.Key.PLACE, "No town selected", ""),
        (ui.Key.PLACE, "Tombouctou", "timbuktu"),
        (ui.Key.PLACE, "kidal", "kidal"),
        (ui.Key.BASE, "Clair", "light"),
        (ui.Key.BASE, "Satellite", "satellite"),
        (ui.Key.REGION, "All regions", ""),
        (ui.Key.REGION, "Tombouctou", "Timbuktu"),  # the French label of a region (geo.i18n.region_name)
        (ui.Key.FAMILIES, ["Malian state", "jihadist"], ["state", "jihadist"]),
    ],
)
def test_a_choice_that_comes_back_as_another_languages_label_is_read_as_its_code(key, stale, code):
    """Streamlit reads a selectbox's value back through its displayed label: after a change of
    language, the old label came back as the value itself (a place "No town selected" broke the
    map in the browser test of the language switch after a map move)."""
    at = AppTest.from_function(_recover_script, default_timeout=60)
    at.session_state["stale"] = (str(key), stale)
    at.run()
    assert not at.exception
    assert at.session_state[str(key)] == code
