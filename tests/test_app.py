"""The Streamlit app through AppTest: runs cleanly, reacts to the date, reads the URL."""

from __future__ import annotations

import datetime as dt

import pytest
from streamlit.testing.v1 import AppTest

from .conftest import REPO

APP = str(REPO / "app.py")


@pytest.fixture
def app():
    at = AppTest.from_file(APP, default_timeout=60)
    at.clear_cache = True
    return at


def metric(at, label):
    return next(m.value for m in at.metric if m.label == label)


def test_app_runs_without_exception(app):
    app.run()
    assert not app.exception
    assert metric(app, "Events") != "0"


def test_changing_the_date_changes_the_control_table(app, bundled):
    app.run()
    app.date_input(key="date").set_value(dt.date(2012, 9, 1)).run()
    assert not app.exception
    held_2012 = set(app.dataframe[0].value["actor_name"])
    app.date_input(key="date").set_value(dt.date(2024, 1, 1)).run()
    held_2024 = set(app.dataframe[0].value["actor_name"])
    assert held_2012 != held_2024
    assert app.query_params["date"] == ["2024-01-01"] or app.query_params["date"] == "2024-01-01"


def test_url_date_sets_the_view(app):
    app.query_params["date"] = "2012-09-01"
    app.run()
    assert not app.exception
    assert app.date_input(key="date").value == dt.date(2012, 9, 1)
    assert not app.warning


@pytest.mark.parametrize("bad", ["yesterday", "2099-01-01", "2012-02-30"])
def test_bad_url_date_falls_back_with_a_notice(app, bad):
    app.query_params["date"] = bad
    app.run()
    assert not app.exception
    assert app.warning and bad in app.warning[0].value
