"""The Streamlit app through AppTest: every page runs, the map page reacts and reads its URL."""

from __future__ import annotations

import datetime as dt

import pytest
from streamlit.testing.v1 import AppTest

import ui
from benchmarks.apptest import pick_on_time_bar
from geo.i18n import t
from geo.i18n.formats import long_date
from geo.schema import FAMILIES
from ui.figures import figure_html

from .conftest import REPO, bar_in_script, bar_sent, map_args, map_figures, map_snapshot, shown

APP = str(REPO / "app.py")


@pytest.fixture
def app(monkeypatch):
    """The app through AppTest, not run yet (set query parameters first), playing without delay."""
    monkeypatch.setattr(ui.timecontrols, "PLAY_DELAY", 0)
    at = AppTest.from_file(APP, default_timeout=90)
    return at


def test_map_page_runs_with_its_widgets(app):
    app.run()
    assert not app.exception
    # The bundled record fits in the browser: the date is the time bar on the map, not a Streamlit slider.
    assert bar_sent(app) == (dt.date(2026, 6, 4), 0)
    assert not app.slider
    for key in ("prev_change", "next_change", "play"):
        assert app.button(key=key)
    for key in (ui.Key.FAMILIES, ui.Key.ACTORS, ui.Key.TYPES):
        assert app.multiselect(key=key) is not None
    # The figures above the map: test_a_time_bar_pick_moves_the_figures_and_the_link_but_not_the_map.


def figures(shot, lang: str = "en") -> dict[str, str]:
    """The figures ui.summary shows for a snapshot, by label: the towns held by each family
    that holds any (then those with no sourced holder), the events and fatalities in the window."""
    labels = {family: t(lang, f"family.{family}") for family in FAMILIES}
    labels["unknown"] = t(lang, "metrics.unknown_holder")
    held = {labels[key]: str(shot.held[key]) for key in [*FAMILIES, "unknown"] if shot.held.get(key)}
    events, killed = shot.totals
    return {**held, t(lang, "metrics.events"): str(events), t(lang, "metrics.fatalities"): str(killed)}


def test_a_time_bar_pick_moves_the_figures_and_the_link_but_not_the_map(app, bundled):
    app.run()
    map_sent = map_args(app)
    # The one test that reads the figures' HTML: it shows the snapshot of the page's view, on
    # the first run and after each pick (the fragment's rerun redraws it).
    assert map_figures(app) == figures(map_snapshot(app, bundled))
    assert "Events in window" in map_figures(app)
    pick_on_time_bar(app, "2012-09-01")
    in_2012 = map_snapshot(app, bundled)
    assert map_figures(app) == figures(in_2012)
    pick_on_time_bar(app, "2024-01-01")
    in_2024 = map_snapshot(app, bundled)
    assert map_figures(app) == figures(in_2024)
    assert not app.exception
    assert app.session_state[ui.Key.DATE] == dt.date(2024, 1, 1)
    assert (in_2012.held, in_2012.totals) != (in_2024.held, in_2024.totals)
    assert in_2012.held.get("jihadist")  # "Jihadists (al-Qaeda line)" hold towns in September 2012
    assert app.query_params["date"] in (["2024-01-01"], "2024-01-01")
    # The figures' heading says its date in words, and as data-day for scripts (benchmarks/harness.py).
    assert any('data-day="2024-01-01"' in m.value and "1 January 2024" in m.value for m in app.markdown)
    # The link under the map follows the bar (it is redrawn with the figures, not left behind).
    links = [m.value for m in app.markdown if t("en", "share.link") in m.value]
    assert len(links) == 1 and "date=2024-01-01" in links[0]
    # Each AppTest run is a whole-page run, which sends the bar at the picked date (a new map
    # may need it); the reruns of the map's fragment after a pick leave the map's arguments
    # alone (tests/browser: the bar is not made again).
    assert bar_sent(app) == (dt.date(2024, 1, 1), 2)
    assert map_args(app)["script"] == map_sent["script"]


def test_a_pick_already_applied_does_not_undo_a_later_move(app, bundled):
    app.query_params["date"] = "2013-01-01"
    app.run()
    pick_on_time_bar(app, "2013-06-01")
    app.button(key="next_change").click().run()
    moved = app.session_state[ui.Key.DATE]
    assert moved == bundled.changes_between("2013-06-02", "2026-06-04")["date"].min().date()
    app.run()  # the component still holds the old pick: it must not bring 2013-06-01 back
    assert app.session_state[ui.Key.DATE] == moved
    assert bar_sent(app)[0] == moved


def test_a_whole_page_run_sends_the_time_bar_at_the_picked_date_once(app):
    app.run()
    assert bar_sent(app) == (dt.date(2026, 6, 4), 0)
    pick_on_time_bar(app, "2015-03-03")
    assert bar_sent(app) == (dt.date(2015, 3, 3), 1)
    app.run()
    assert bar_sent(app) == (dt.date(2015, 3, 3), 1)  # sent once, not on every run
    app.radio(key=ui.Key.LANG).set_value("fr").run()  # a new map (French legend) starts at that date
    assert bar_sent(app) == (dt.date(2015, 3, 3), 1)


def test_a_pick_outside_the_record_is_brought_within_it(app):
    app.run()
    pick_on_time_bar(app, "2099-01-01")
    assert app.session_state[ui.Key.DATE] == dt.date(2026, 6, 4)
    pick_on_time_bar(app, "not a date")
    assert not app.exception and app.session_state[ui.Key.DATE] == dt.date(2026, 6, 4)


def test_a_custom_period_moves_with_the_time_bar(app, bundled):
    """A custom period (from the timeline's brush, or a link) is moved by the time bar in the
    browser like any view: its events from its start to the bar's day (issue #18: the server
    used to redraw the map for each date of a Streamlit slider)."""
    app.query_params["date"] = "2013-01-25"
    app.query_params["from"] = "2012-06-01"
    app.run()
    assert not app.slider and bar_sent(app) == (dt.date(2013, 1, 25), 0)
    layers = app.session_state[ui.Key.BAR].layers  # what the layers sent with the bar depend on
    assert dt.date(2012, 6, 1) in layers
    pick_on_time_bar(app, "2012-09-01")
    in_2012 = map_snapshot(app, bundled)
    pick_on_time_bar(app, "2024-01-01")
    in_2024 = map_snapshot(app, bundled)
    assert not app.exception and app.session_state[ui.Key.START] == dt.date(2012, 6, 1)
    assert in_2012.totals[0] < in_2024.totals[0]  # the period's events pile up from its start
    # The same layers all along (the browser moved them); the bar at the picked day (each
    # AppTest run is a whole-page run, which sends it again).
    assert app.session_state[ui.Key.BAR].layers == layers and bar_sent(app) == (dt.date(2024, 1, 1), 2)
    assert any(long_date(dt.date(2012, 6, 1), "en") in box.value for box in app.info)
    # A day before the start ends the period: the window is back, on a new map at that day.
    pick_on_time_bar(app, "2012-03-01")
    assert app.session_state[ui.Key.START] is None and app.session_state[ui.Key.DATE] == dt.date(2012, 3, 1)
    assert app.session_state[ui.Key.BAR].layers != layers and bar_sent(app) == (dt.date(2012, 3, 1), 3)


def test_dropping_a_custom_period_sends_a_new_map_at_the_bar_day(app):
    app.query_params["date"] = "2013-01-25"
    app.query_params["from"] = "2012-06-01"
    app.run()
    pick_on_time_bar(app, "2013-02-10")
    layers = app.session_state[ui.Key.BAR].layers
    app.button(key="clear_period").click().run()
    assert not app.exception and app.session_state[ui.Key.START] is None
    assert app.session_state[ui.Key.BAR].layers != layers and bar_sent(app)[0] == dt.date(2013, 2, 10)
    assert "from" not in app.query_params


def test_the_heat_layer_moves_with_the_time_bar(app):
    app.query_params["layers"] = "control,events,heat"
    app.run()
    assert bar_sent(app) == (dt.date(2026, 6, 4), 0)
    layers_sent = map_args(app)["feature_group"]
    assert "mmMap.timedHeat(" in layers_sent and '"timed":true' in layers_sent


def test_figures_and_links_escape_what_they_show():
    figure = figure_html('<img src=x onerror="alert(1)">', 3, "en", delta=2, delta_help="a & b", label_help='say "no"')
    assert "<img" not in figure and "&lt;img" in figure
    assert 'title="say &quot;no&quot;"' in figure and 'title="a &amp; b"' in figure
    assert "mm-up" in figure  # more events than the window before: red, as st.metric's "inverse"
    assert "mm-down" in figure_html("Events", 1, "en", delta=-4) and "mm-same" in figure_html(
        "Events", 1, "en", delta=0
    )
    # Numbers as each language writes them (Babel): 12,345 in English, 12\u202f345 in French.
    assert ">12,345<" in figure_html("Events", 12345, "en") and "1,234</span>" in figure_html("E", 1, "en", delta=1234)
    assert ">12\u202f345<" in figure_html("Événements", 12345, "fr")
    assert ui.html_text("$x$ <b>") == "&#36;x&#36; &lt;b&gt;"  # no LaTeX, no markup


def test_url_parameters_set_the_view(app):
    for name, value in {
        "date": "2013-01-28",
        "window": "30",
        "families": "jihadist,state",
        "lang": "fr",
        "place": "kidal",
    }.items():
        app.query_params[name] = value
    app.run()
    assert not app.exception
    assert app.session_state[ui.Key.DATE] == dt.date(2013, 1, 28)
    assert bar_sent(app)[0] == dt.date(2013, 1, 28)
    assert app.radio(key=ui.Key.WINDOW).value == 30
    assert app.multiselect(key=ui.Key.FAMILIES).value == ["state", "jihadist"]
    assert app.selectbox(key=ui.Key.PLACE).value == "kidal"
    assert app.dataframe  # the chosen town's control history
    assert app.title[0].value == "Carte du conflit au Mali"
    # No notice about the link (the freshness warning of a stale record has its own icon: ui.freshness).
    assert not [w for w in app.warning if w.icon != ":material/schedule:"]


@pytest.mark.parametrize(
    ("name", "value"),
    [("date", "2099-01-01"), ("window", "45"), ("families", "rebels"), ("place", "atlantis"), ("lang", "xx")],
)
def test_bad_url_parameter_shows_a_notice(app, name, value):
    app.query_params[name] = value
    app.run()
    assert not app.exception
    assert app.warning and value in shown(app.warning[0].value)


def test_next_and_previous_change_buttons(app, bundled):
    app.query_params["date"] = "2013-01-01"
    app.run()
    app.button(key="next_change").click().run()
    after = app.session_state[ui.Key.DATE]
    changes = bundled.changes_between("2013-01-02", "2026-06-04")["date"]
    assert after == changes.min().date()
    assert bar_sent(app) == (after, 1)  # the server moved the date: a new bar
    app.button(key="prev_change").click().run()
    before = bundled.changes_between("2012-01-01", after - dt.timedelta(days=1))["date"].max().date()
    assert app.session_state[ui.Key.DATE] == before
    assert bar_sent(app) == (before, 2)


def test_play_in_the_browser_is_followed_by_the_server(app):
    app.query_params["date"] = "2026-04-20"
    app.run()
    app.button(key="play").click().run()
    assert not app.exception
    # The bar plays in the browser: the server sends it playing and does not move the date itself.
    # (The one test that reads the map's script: it carries the bar the server holds.)
    assert app.session_state[ui.Key.BAR].playing
    assert bar_in_script(app) == (*bar_sent(app), True)
    assert app.session_state[ui.Key.DATE] == dt.date(2026, 4, 20)
    pick_on_time_bar(app, "2026-05-20", playing=True)
    assert app.session_state[ui.Key.DATE] == dt.date(2026, 5, 20) and app.session_state[ui.Key.PLAYING]
    assert app.button(key="play").label == t("en", "time.pause")
    # A step of an older bar, still on its way, is not applied.
    pick_on_time_bar(app, "2013-01-01", playing=True, revision=0)
    assert app.session_state[ui.Key.DATE] == dt.date(2026, 5, 20)
    pick_on_time_bar(app, "2026-06-04", playing=False)  # the record's end
    assert app.session_state[ui.Key.DATE] == dt.date(2026, 6, 4)
    assert app.session_state[ui.Key.PLAYING] is False
    # The button sits outside the fragment that the bar reruns: the end of play redraws it too.
    assert app.button(key="play").label == t("en", "time.play")
    assert not app.session_state[ui.Key.BAR].playing
    assert bar_in_script(app) == (*bar_sent(app), False)


def test_a_hand_on_the_time_bar_stops_play(app):
    app.run()
    app.button(key="play").click().run()
    pick_on_time_bar(app, "2014-02-02")
    assert app.session_state[ui.Key.PLAYING] is False
    assert app.button(key="play").label == t("en", "time.play")


def test_play_on_a_page_without_a_map_is_a_timed_fragment_month_by_month_to_the_end(app, monkeypatch, timers):
    monkeypatch.setattr(ui.timecontrols, "PLAY_DELAY", 0.5)
    app.query_params["date"] = "2026-04-20"
    app.run()
    app.switch_page("pages/timeline.py").run()
    assert "tick" not in timers  # not playing: no timer
    app.button(key="play").click().run()
    assert not app.exception
    # No run waits: the browser reruns a small fragment every PLAY_DELAY seconds, and each of
    # its reruns asks for a full run, which shows the month the one before lined up.
    assert timers["tick"] == 0.5
    assert app.slider(key=ui.Key.DATE).value == dt.date(2026, 4, 20)
    assert app.button(key="play").label == t("en", "time.pause")
    app.run()  # AppTest has no timer: a run stands for the timer's
    assert app.slider(key=ui.Key.DATE).value == dt.date(2026, 5, 20) and app.session_state[ui.Key.PLAYING]
    timers.clear()
    app.run()
    assert app.slider(key=ui.Key.DATE).value == dt.date(2026, 6, 4)  # clamped to the as-of date
    assert app.session_state[ui.Key.PLAYING] is False
    assert app.button(key="play").label == t("en", "time.play")
    assert "tick" not in timers  # the full run that redraws the button stops the timer


def test_pause_or_a_hand_on_the_slider_stops_the_server_play_where_it_is(app, monkeypatch, timers):
    monkeypatch.setattr(ui.timecontrols, "PLAY_DELAY", 0.5)
    app.query_params["date"] = "2025-01-10"
    app.run()
    app.switch_page("pages/timeline.py").run()
    app.button(key="play").click().run()
    app.run()
    assert app.slider(key=ui.Key.DATE).value == dt.date(2025, 2, 10)
    timers.clear()
    app.button(key="play").click().run()  # Pause: the month lined up is not shown
    assert app.slider(key=ui.Key.DATE).value == dt.date(2025, 2, 10)
    assert app.session_state[ui.Key.PLAYING] is False and "tick" not in timers
    app.button(key="play").click().run()
    app.slider(key=ui.Key.DATE).set_value(dt.date(2024, 12, 1)).run()
    assert app.slider(key=ui.Key.DATE).value == dt.date(2024, 12, 1)
    assert app.session_state[ui.Key.PLAYING] is False


def test_play_with_a_custom_period_plays_in_the_browser(app, monkeypatch, timers):
    monkeypatch.setattr(ui.timecontrols, "PLAY_DELAY", 0.5)
    app.query_params["date"] = "2026-02-20"
    app.query_params["from"] = "2026-01-01"
    app.run()
    app.button(key="play").click().run()
    assert app.session_state[ui.Key.BAR].playing and timers["date_and_map"] is None
    pick_on_time_bar(app, "2026-03-20", playing=True)
    assert app.session_state[ui.Key.DATE] == dt.date(2026, 3, 20)
    assert app.session_state[ui.Key.START] == dt.date(2026, 1, 1) and app.session_state[ui.Key.PLAYING]


def test_play_in_the_browser_arms_no_server_timer(app, monkeypatch, timers):
    monkeypatch.setattr(ui.timecontrols, "PLAY_DELAY", 0.5)
    app.run()
    app.button(key="play").click().run()
    assert app.session_state[ui.Key.PLAYING] and timers["date_and_map"] is None


def test_filters_change_the_events(app, bundled):
    app.query_params["window"] = "all"
    app.run()
    everything, _ = map_snapshot(app, bundled).totals
    app.multiselect(key=ui.Key.FAMILIES).set_value(["islamic_state"]).run()
    assert map_snapshot(app, bundled).totals[0] < everything
    assert app.query_params["families"] in (["islamic_state"], "islamic_state")


def test_record_page_runs(app):
    app.run()
    app.switch_page("pages/record.py").run()
    assert not app.exception
    assert app.dataframe


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_every_export_of_a_view_is_made_and_says_what_it_shows(bundled, lang):
    """The map page's three downloads, made as the buttons make them (they are deferred, so a
    broken one would only fail when a user clicks it)."""
    import csv
    import io
    import json

    from geo.snapshot import snapshot
    from geo.view import View
    from ui.figures import export_files

    view = View(date=dt.date(2013, 1, 25), window=90, families=("jihadist",), lang=lang)
    shot = snapshot(bundled, view)
    files = {label: make() for label, make, _, _ in export_files(bundled, shot, view, lang, None)}
    rows = list(csv.DictReader(io.StringIO(files["export.csv"].decode("utf-8"))))
    assert len(rows) == len(shot.events) > 0
    assert json.loads(files["export.geojson"])["type"] == "FeatureCollection"
    page = files["export.html"]
    assert "mmMap.caption(" in page and "mm.caption = function" in page
    caption = json.loads(page.split("mmMap.caption(", 1)[1].split(", ", 1)[1].rsplit(");", 1)[0].split(");")[0])
    # Its dates are in words in the page's language (issue #19): "25 January 2013", "25 janvier 2013".
    assert long_date("2013-01-25", lang) in caption and t(lang, "family.jihadist") in caption
    assert long_date("2026-06-04", lang) in caption
    pdf = files["brief.download_pdf"]
    assert pdf.startswith(b"%PDF") and b"/Count 1" in pdf
    assert files["brief.download_png"].startswith(b"\x89PNG")
