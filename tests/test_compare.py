"""Two dates side by side: the towns that differ and the changes between, and the Compare page."""

from __future__ import annotations

import datetime as dt

import pytest
from streamlit.testing.v1 import AppTest

import ui
from geo.compare import compare_dates
from geo.view import day_param

from .conftest import REPO

NOV_1, NOV_30 = dt.date(2023, 11, 1), dt.date(2023, 11, 30)


def test_kidal_changes_hands_in_november_2023(bundled):
    comparison = compare_dates(bundled, NOV_1, NOV_30)
    kidal = comparison.towns.set_index("place_id").loc["kidal"]
    assert kidal["differs"]
    assert (kidal["actor_id_a"], kidal["actor_id_b"]) == ("cma", "fama")
    capture = comparison.changes[
        (comparison.changes["place_id"] == "kidal") & (comparison.changes["actor_id"] == "fama")
    ]
    assert list(capture["date"].dt.date) == [dt.date(2023, 11, 14)]
    # Every town that differs has a change between the dates that explains it, and no other does.
    assert set(comparison.differing["place_id"]) <= set(comparison.changes["place_id"])
    assert not comparison.towns.loc[~comparison.towns["differs"], "place_id"].isin(["kidal"]).any()


def test_the_order_of_the_dates_does_not_matter(bundled):
    forward, backward = compare_dates(bundled, NOV_1, NOV_30), compare_dates(bundled, NOV_30, NOV_1)
    assert (backward.first, backward.second) == (NOV_1, NOV_30)
    assert forward.differing["place_id"].tolist() == backward.differing["place_id"].tolist()


def test_a_date_compared_with_itself_differs_nowhere(bundled):
    same = compare_dates(bundled, NOV_30, NOV_30)
    assert not same.towns["differs"].any() and same.changes.empty


def test_a_change_on_the_first_date_is_not_between_the_dates(bundled):
    on_capture = compare_dates(bundled, dt.date(2023, 11, 14), NOV_30)
    assert not ((on_capture.changes["place_id"] == "kidal") & (on_capture.changes["actor_id"] == "fama")).any()


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2023-11-01", NOV_1),
        ("2023-13-01", None),
        ("٢٠٢٣-١١-٠١", None),
        ("1999-01-01", None),
        ("9" * 5000, None),
        (None, None),
    ],
)
def test_a_link_date_is_a_real_day_inside_the_record(value, expected):
    assert day_param(value, dt.date(2012, 1, 1), dt.date(2026, 6, 4)) == expected


def _compare_page(lang: str = "en", **params) -> AppTest:
    app = AppTest.from_file(str(REPO / "app.py"), default_timeout=90)
    app.query_params["lang"] = lang
    app.run()
    for name, value in params.items():
        app.query_params[name] = value
    return app.switch_page("pages/compare.py").run()


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_the_page_lists_the_towns_that_differ_and_keeps_the_dates_in_its_link(lang):
    app = _compare_page(lang, a="2023-11-01", b="2023-11-30")
    assert not app.exception, app.exception
    towns = app.dataframe[0].value
    assert "Kidal" in set(towns.iloc[:, 0])
    kidal = towns[towns.iloc[:, 0] == "Kidal"].iloc[0]
    assert kidal.iloc[1] == "CMA" and kidal.iloc[2] == "FAMa"
    changes = app.dataframe[1].value
    assert "2023-11-14" in set(changes.iloc[:, 0])
    assert len(app.get("component_instance")) == 2, "two maps"
    assert (app.query_params["a"], app.query_params["b"]) == ("2023-11-01", "2023-11-30")
    app.date_input(key=ui.Key.COMPARE_A).set_value(dt.date(2023, 11, 20)).run()
    assert app.query_params["a"] == "2023-11-20"
    assert "Kidal" not in set(app.dataframe[0].value.iloc[:, 0])


def test_bad_dates_in_the_link_fall_back_to_the_first_visit():
    app = _compare_page(a="2023-02-30", b="<b>")
    assert not app.exception
    assert (app.query_params["a"], app.query_params["b"]) == ("2023-11-01", "2023-11-30")
