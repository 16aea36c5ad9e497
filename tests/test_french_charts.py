"""French chart axes (issue #19): every Altair chart carries Vega's French number and time
locale on French pages (months, days, separators from Babel's CLDR data), none on English ones."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from geo import charts, road_charts
from geo.bases import base_periods
from geo.i18n.formats import vega_locale
from geo.routes import status_periods
from geo.timeline import control_lanes, monthly_counts, turning_points

from .conftest import app_page

DAY = dt.date(2013, 1, 28)


def _builders(data):
    monthly = monthly_counts(data.events_between(data.first_date, data.as_of))
    return {
        "monthly": lambda lang: charts.monthly_chart(monthly, DAY, turning_points(data), lang),
        "towns": lambda lang: charts.control_gantt(control_lanes(data), DAY, lang),
        "routes": lambda lang: road_charts.route_gantt(status_periods(data), DAY, lang),
        "bases": lambda lang: road_charts.base_gantt(base_periods(data), DAY, lang),
    }


def test_the_french_locale_comes_from_the_cldr():
    locale = vega_locale("fr")
    assert locale["time"]["months"][0] == "janvier" and locale["time"]["shortMonths"][1] == "févr."
    assert locale["time"]["days"][:2] == ["dimanche", "lundi"]  # d3 weeks start on Sunday
    assert locale["time"]["date"] == "%d/%m/%Y"
    assert locale["number"]["decimal"] == "," and locale["number"]["thousands"] in ("\u202f", "\u00a0")
    assert vega_locale("en") is None


@pytest.mark.parametrize("chart", ["monthly", "towns", "routes", "bases"])
def test_every_chart_is_french_on_french_pages_only(bundled, chart):
    build = _builders(bundled)[chart]
    french, english = build("fr").to_dict(), build("en").to_dict()
    assert french["config"]["locale"] == vega_locale("fr")
    assert "locale" not in english.get("config", {})
    # The legend and axis settings are kept beside the locale.
    assert french["config"]["legend"] == english["config"]["legend"]


def _chart_specs(lang: str) -> list[dict]:
    at = app_page("timeline.py", lang=lang, date="2013-01-28")
    assert not at.exception
    return [json.loads(element.proto.spec) for element in at.get("vega_lite_chart")]


def test_the_timeline_page_sends_french_charts_in_french_and_english_ones_in_english():
    french, english = _chart_specs("fr"), _chart_specs("en")
    assert len(french) == len(english) >= 4
    assert all(spec["config"]["locale"]["time"]["months"][0] == "janvier" for spec in french)
    assert not any("locale" in spec.get("config", {}) for spec in english)
