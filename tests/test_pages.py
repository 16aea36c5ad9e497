"""Every page through AppTest: no exception, its main widgets, one real interaction, and French."""

from __future__ import annotations

import datetime as dt

import pytest
from streamlit.testing.v1 import AppTest

import ui

from .conftest import REPO, app_page, map_figures, shown

APP = str(REPO / "app.py")
PAGES = sorted(p.name for p in (REPO / "pages").glob("*.py"))


@pytest.fixture
def app(monkeypatch):
    """The app through AppTest, not run yet (see open_page), playing without delay."""
    monkeypatch.setattr(ui.timecontrols, "PLAY_DELAY", 0)
    return AppTest.from_file(APP, default_timeout=90)


def open_page(app, page, **params):
    return app_page(page, app, **params)


@pytest.mark.parametrize("page", PAGES)
@pytest.mark.parametrize("lang", ["en", "fr"])
def test_every_page_runs_in_both_languages(app, page, lang):
    open_page(app, page, lang=lang, date="2024-01-01")
    assert not app.exception, app.exception
    assert app.title, "every page has a title"
    assert app.radio(key=ui.Key.LANG).value == lang


def test_timeline_reacts_to_the_date_and_filters(app):
    open_page(app, "timeline.py", date="2013-01-28", window="90")
    charts = app.get("vega_lite_chart")
    assert len(charts) == 4, "the monthly chart, the control lanes and the lanes of the routes and bases are drawn"
    rows_before = len(app.dataframe[0].value)
    app.multiselect(key=ui.Key.FAMILIES).set_value(["foreign"]).run()
    assert not app.exception
    assert len(app.dataframe[0].value) < rows_before
    assert set(app.dataframe[0].value.iloc[:, 2]) <= {
        "France",
        "AFISMA",
        "Chad",
        "MINUSMA",
        "Wagner",
        "Africa Corps",
        "ECOWAS",
        "United States",
        "United Kingdom",
        "UN Security Council",
        "G5 Sahel",
    }


def test_timeline_labels_are_french(app):
    open_page(app, "timeline.py", lang="fr")
    assert app.title[0].value == "Chronologie"
    assert app.radio(key="timeline_measure").options == ["Événements", "Morts"]


def test_places_search_by_any_spelling(app):
    open_page(app, "places.py")
    app.text_input(key="place_query").input("Tombouctou").run()
    assert not app.exception
    assert app.radio(key="place_match").value.place_id == "timbuktu"
    history = app.dataframe[0].value
    assert history.iloc[0, 0] == dt.date(2012, 1, 1) or str(history.iloc[0, 0]).startswith("2012-01-01")
    assert any("date=2013-01-28" in link for link in history.iloc[:, -1])  # links to the map at each change
    assert app.query_params["place"] in (["timbuktu"], "timbuktu")


def test_places_radius_widens_the_events(app):
    open_page(app, "places.py", place="gao")
    near = len(app.dataframe[1].value)
    app.slider(key="place_radius").set_value(200).run()
    assert len(app.dataframe[1].value) >= near


def test_places_search_lists_a_match_without_a_region_without_empty_brackets(app):
    """GeoNames gives some places no region (Karo, also spelt Garo): the list said "Karo ()"."""
    open_page(app, "places.py")
    app.text_input(key="place_query").input("Garo").run()
    labels = app.radio(key="place_match").options  # as the reader sees them (formatted)
    assert not app.exception and labels
    assert not any("()" in label for label in labels), labels
    assert "Karo" in labels and any("Timbuktu" in label for label in labels), labels  # regions still shown


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_places_lists_every_town_with_its_holder_before_a_search(app, bundled, lang):
    """The Places page opened without a search was a lone search box: it now lists the towns
    the record follows, with their holder on the view's date and a link to each town's page."""
    from geo.control import towns_at

    open_page(app, "places.py", date="2013-01-25", lang=lang)
    assert not app.exception
    table = app.dataframe[0].value
    expected = towns_at(bundled, "2013-01-25")
    assert len(table) == len(expected)
    gao = table[table.iloc[:, -1].str.contains("place=gao&", regex=False)].iloc[0]
    held = expected.set_index("place_id").loc["gao"]
    assert held["actor_name"] in gao.tolist() and "date=2013-01-25" in gao.iloc[-1] and f"lang={lang}" in gao.iloc[-1]
    regions = set(table.iloc[:, 1])
    assert ("Tombouctou" in regions and "Timbuktu" not in regions) if lang == "fr" else "Timbuktu" in regions
    # Once a search is typed, the list gives way to the matches.
    app.text_input(key="place_query").input("Gao").run()
    assert app.radio(key="place_match").value.place_id == "gao"
    assert not any(
        len(frame.value) == len(expected) and "place=" in str(frame.value.iloc[0, -1]) for frame in app.dataframe
    )


def test_places_unknown_name_says_so(app):
    open_page(app, "places.py")
    app.text_input(key="place_query").input("Zzyzx Qwerty").run()
    assert not app.exception and app.warning


def test_actors_page_shows_lineage_towns_and_events(app):
    open_page(app, "actors.py")
    app.selectbox(key=ui.Key.ACTOR).set_value("cma").run()
    assert not app.exception
    assert app.get("graphviz_chart"), "lineage drawn"
    assert app.query_params["actor"] in (["cma"], "cma")
    assert len(app.dataframe) >= 2  # events and sources


def test_sources_page_lists_citing_records_and_offers_downloads(app):
    open_page(app, "sources.py")
    from geo.schema import TABLES

    assert len(app.get("download_button")) == len(TABLES) + 1, "every table of the record, and the view"
    app.selectbox(key="source_choice").set_value("seed_lwj_2023").run()
    assert not app.exception
    assert len(app.dataframe) >= 3


def test_a_link_to_any_page_reproduces_its_view(app):
    open_page(app, "actors.py", actor="fla", date="2025-01-01", lang="fr")
    assert app.selectbox(key=ui.Key.ACTOR).value == "fla"
    assert app.title[0].value == "Acteurs"


@pytest.fixture
def acled_upload():
    """Five invented ACLED rows on 2013-01-20 (tests/fixtures/acled), imported as an upload would be."""
    from geo.importers import read_events

    from .test_importers import ACLED

    return read_events(ACLED / "upload_2013.csv", name="test-acled.csv")


def test_data_page_reports_an_upload(app, acled_upload):
    app.session_state[ui.Key.UPLOAD] = acled_upload
    app.session_state[ui.Key.UPLOAD_DATE] = "2026-11-21"
    open_page(app, "data.py")
    assert not app.exception
    figures = {m.label: m.value for m in app.metric}
    assert figures["Data rows"] == "5" and figures["Imported"] == "5" and figures["Rejected"] == "0"
    assert any("ACLED" in shown(c.value) and "acleddata.com" in shown(c.value) for c in app.caption)


@pytest.mark.parametrize("source", ["bundled", "both"])
def test_the_data_page_gives_acleds_attribution_once(app, acled_upload, source):
    app.session_state[ui.Key.UPLOAD] = acled_upload
    app.session_state[ui.Key.UPLOAD_DATE] = "2026-11-21"
    app.session_state[ui.Key.SOURCE] = source
    open_page(app, "data.py")
    assert sum("acleddata.com" in shown(c.value) for c in app.caption) == 1


def test_uploaded_events_reach_the_map_and_the_source_switch_works(app, acled_upload):
    app.session_state[ui.Key.UPLOAD] = acled_upload
    app.session_state[ui.Key.UPLOAD_DATE] = "2026-11-21"
    app.session_state[ui.Key.SOURCE] = "both"
    open_page(app, "map.py", date="2013-01-25", window="30")
    both = int(map_figures(app)["Events in window"])
    app.radio(key=ui.Key.SOURCE).set_value("bundled").run()
    bundled = int(map_figures(app)["Events in window"])
    app.radio(key=ui.Key.SOURCE).set_value("uploaded").run()
    uploaded = int(map_figures(app)["Events in window"])
    assert not app.exception
    assert uploaded == 5 and both == bundled + 5


def test_play_on_the_timeline_runs_to_the_end_of_an_upload_that_extends_the_record(app, monkeypatch, timers):
    """Play moves month by month to the end of the record the page shows, the bundled events
    and an upload that goes past the bundled as-of date, not to the bundled record's end."""
    from geo.importers import read_events

    monkeypatch.setattr(ui.timecontrols, "PLAY_DELAY", 0.5)
    upload = read_events(REPO / "tests" / "fixtures" / "upload_after_as_of.csv", name="later.csv")
    assert len(upload.events) == 1 and upload.rejected.empty
    app.session_state[ui.Key.UPLOAD] = upload
    app.session_state[ui.Key.SOURCE] = "both"
    open_page(app, "timeline.py", date="2026-06-01")
    app.button(key="play").click().run()
    assert not app.exception
    # No run waits: a small fragment that the browser reruns every PLAY_DELAY seconds asks for
    # each next run.
    assert timers["tick"] == 0.5 and app.session_state[ui.Key.DATE] == dt.date(2026, 6, 1)
    frames = []
    for _ in range(10):  # AppTest has no timer: each run stands for a tick of that fragment
        if not app.session_state[ui.Key.PLAYING]:
            break
        timers.clear()
        app.run()
        frames.append(app.session_state[ui.Key.DATE])
    # 07-01, 08-01, 09-01, then clamped to the upload's last event: the combined as-of date.
    assert frames == [dt.date(2026, 7, 1), dt.date(2026, 8, 1), dt.date(2026, 9, 1), dt.date(2026, 9, 10)]
    assert app.session_state[ui.Key.PLAYING] is False
    assert "tick" not in timers  # the last run drew no ticker: the timer stops


def test_the_data_page_forgets_an_upload(app, acled_upload):
    app.session_state[ui.Key.UPLOAD] = acled_upload
    app.session_state[ui.Key.SOURCE] = "both"
    open_page(app, "data.py")
    app.button(key="forget_upload").click().run()
    assert not app.exception
    assert ui.Key.UPLOAD not in app.session_state and app.session_state[ui.Key.SOURCE] == "bundled"
    assert not app.metric  # the report is gone


@pytest.mark.parametrize(("lang", "says"), [("en", "The army says"), ("fr", "L'armée dit")])
def test_the_places_page_shows_rival_claims_side_by_side(app, lang, says):
    open_page(app, "places.py", lang=lang)
    app.text_input(key="place_query").input("Tessit").run()
    assert not app.exception
    lines = [m.value for m in app.markdown if "2025&#45;06&#45;04" in m.value or "2025-06-04" in m.value]
    assert lines, [m.value for m in app.markdown]
    assert "·" in lines[0] and says.replace("'", "&#39;") in lines[0]


@pytest.mark.parametrize(("lang", "words"), [("en", "days before this date"), ("fr", "jours avant cette date")])
def test_the_place_panel_says_how_old_the_latest_word_is(app, lang, words):
    open_page(app, "map.py", lang=lang, date="2026-06-04", place="gao")
    assert not app.exception
    captions = [c.value for c in app.caption if "2026&#45;04&#45;25" in c.value]
    assert captions and words in captions[0] and "40" in captions[0]
