"""Roads and bases in the app through AppTest (issues #15, #18): the map page sends both layers
timed in the browser (the server draws them for one date in tours, comparisons and exports), the
exports carry them, the Timeline and Places pages show them. What the browser draws is tested
in tests/browser/test_routes_browser.py."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re

import pytest
from streamlit.testing.v1 import AppTest

import ui
from geo import load_dataset
from geo.i18n import t

from .conftest import REPO, map_args

APP = str(REPO / "app.py")
_ROUTES = re.compile(r"mmMap\.routes\(\w+, (\{.*?\}), (\[.*?\])\);")


@pytest.fixture
def app(monkeypatch):
    monkeypatch.setattr(ui.timecontrols, "PLAY_DELAY", 0)
    return AppTest.from_file(APP, default_timeout=90)


def routes_sent(at) -> tuple[dict, list]:
    """The routes layer's options and routes as the map's script hands them to static/map/routes.js."""
    found = _ROUTES.search(map_args(at)["feature_group"])
    assert found, "no routes layer in the map's script"
    return json.loads(found.group(1)), json.loads(found.group(2))


def test_both_layers_go_to_the_browser_with_their_days_and_start_off_on_a_narrow_map(app):
    app.run()
    assert not app.exception
    options, routes = routes_sent(app)
    assert options["timed"] is True and set(options["styles"]) >= {"open", "blockaded", "unknown"}
    kayes = next(r for r in routes if r["id"] == "bamako_kayes")
    blockade = next(s for s in kayes["states"] if s["status"] == "blockaded")
    assert blockade["from"] == (dt.date(2025, 9, 3) - dt.date(1970, 1, 1)).days
    script = map_args(app)["feature_group"]
    assert "mcm-base" in script, "the bases layer's symbols"
    assert script.count("mmMap.startsOffWhenNarrow(") == 2, "both layers start off on a narrow map by default"


def test_a_view_that_names_its_layers_gets_them_on_any_screen(app):
    app.query_params["layers"] = "control,routes,bases"
    app.run()
    script = map_args(app)["feature_group"]
    assert "mmMap.routes(" in script and "mcm-base" in script and "startsOffWhenNarrow" not in script
    app2 = AppTest.from_file(APP, default_timeout=90)
    app2.query_params["layers"] = "control,events"
    app2.run()
    script = map_args(app2)["feature_group"]
    assert "mmMap.routes(" not in script and "mcm-base" not in script


def test_a_custom_period_moves_the_routes_in_the_browser(app):
    """A custom period (issue #18) goes to the browser like any view: the routes with their days."""
    app.query_params["date"] = "2025-08-01"
    app.query_params["from"] = "2025-07-01"
    app.run()
    options, routes = routes_sent(app)
    assert not app.exception and options["timed"] is True
    kayes = next(r for r in routes if r["id"] == "bamako_kayes")
    assert "blockaded" in [s["status"] for s in kayes["states"]]


def test_the_server_draws_the_routes_of_one_date(bundled):
    """The maps of one date (a tour's chapter, the comparison, the exported HTML map)."""
    from geo.snapshot import snapshot
    from geo.view import View

    parts = ui.base_map_parts("en", "light", False, "/app/static")

    def statuses(day: dt.date) -> dict[str, list[str]]:
        view = View(date=day)
        groups = ui.mapview.server_layers(bundled, snapshot(bundled, view, heat=False), view, "en")
        found = _ROUTES.search(ui.render_groups(parts, groups)[0])
        assert found and json.loads(found.group(1))["timed"] is False
        return {r["id"]: [s["status"] for s in r["states"]] for r in json.loads(found.group(2))}

    before, after = statuses(dt.date(2025, 8, 1)), statuses(dt.date(2025, 10, 15))
    assert before["bamako_kayes"] == [] and after["bamako_kayes"] == ["blockaded"]


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_the_exports_carry_the_roads_and_bases(bundled, lang):
    from geo.snapshot import snapshot
    from geo.view import View
    from ui.figures import export_files

    view = View(date=dt.date(2025, 10, 15), lang=lang)
    files = {label: make() for label, make, _, _ in export_files(bundled, snapshot(bundled, view), view, lang, None)}
    rows = list(csv.DictReader(io.StringIO(files["export.routes_csv"].decode("utf-8"))))
    kayes = next(r for r in rows if r["kind"] == "route" and r["id"] == "bamako_kayes")
    assert (kayes["what"], kayes["who"]) == ("blockaded", "jnim")
    assert any(r["kind"] == "base" for r in rows) and any(r["kind"] == "blockade" for r in rows)
    kinds = {f["properties"]["kind"] for f in json.loads(files["export.geojson"])["features"]}
    assert {"town", "route", "base", "blockade"} <= kinds
    page = files["export.html"]
    assert "mmMap.routes(" in page and "mm.routes = function" in page and t(lang, "layers.bases") in page


def test_timeline_and_places_show_roads_and_bases(app):
    app.query_params["lang"] = "fr"
    app.run()
    app.switch_page("pages/timeline.py").run()
    assert not app.exception
    assert t("fr", "timeline.routes") in [s.value for s in app.header]
    assert t("fr", "timeline.bases") in [s.value for s in app.header]
    app.switch_page("pages/places.py").run()
    app.text_input(key="place_query").set_value("Kidal").run()
    assert not app.exception
    headers = [s.value for s in app.header]
    assert t("fr", "places.bases", name="Kidal") in headers and t("fr", "places.routes", name="Kidal") in headers
    # The attacks sources place on the roads that reach Kidal, counted per road.
    from geo.routes import route_attacks, routes_of_place

    dataset = load_dataset()
    counts = [len(route_attacks(dataset, r)) for r in routes_of_place(dataset, "kidal")["route_id"]]
    captions = [c.value for c in app.caption]
    assert any(counts) and all(t("fr", "places.route_attacks", n=n) in captions for n in counts if n)
