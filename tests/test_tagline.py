"""The map page's tagline says the range of the record it shows, in the interface language's
words (an upload can reach back before 2012) (issue #19)."""

from __future__ import annotations

import datetime as dt

import pytest
from streamlit.testing.v1 import AppTest

import ui
from geo.i18n.formats import long_date, number

from .conftest import REPO

APP = str(REPO / "app.py")


@pytest.fixture
def app(monkeypatch):
    monkeypatch.setattr(ui.timecontrols, "PLAY_DELAY", 0)
    return AppTest.from_file(APP, default_timeout=90)


def tagline(at) -> str:
    return at.caption[0].value


@pytest.mark.parametrize(("lang", "words"), [("en", "from {first} to {last}"), ("fr", "du {first} au {last}")])
def test_the_tagline_says_the_records_range(app, bundled, lang, words):
    app.query_params["lang"] = lang
    app.run()
    assert not app.exception
    first, last = long_date(bundled.first_date, lang), long_date(bundled.as_of, lang)
    assert words.format(first=first, last=last) in tagline(app)
    assert "since 2012" not in tagline(app) and "depuis 2012" not in tagline(app)


def test_an_upload_from_1997_moves_the_tagline_to_1997(app, bundled):
    from geo.importers import read_events

    upload = read_events(REPO / "tests" / "fixtures" / "upload_1997.csv", name="early.csv")
    assert len(upload.events) == 1 and upload.rejected.empty
    app.session_state[ui.Key.UPLOAD] = upload
    app.run()
    assert not app.exception
    assert f"from 5 March 1997 to {long_date(bundled.as_of, 'en')}" in tagline(app)


@pytest.mark.parametrize(
    ("day", "lang", "text"),
    [
        (dt.date(2012, 1, 1), "fr", "1er janvier 2012"),
        (dt.date(2026, 6, 4), "fr", "4 juin 2026"),
        (dt.date(2026, 6, 4), "en", "4 June 2026"),
        (dt.date(2013, 1, 11), "xx", "11 January 2013"),
    ],
)
def test_long_dates_in_each_language(day, lang, text):
    assert long_date(day, lang) == text


def test_numbers_in_each_language():
    assert number(12345, "en") == "12,345"
    assert number(12345, "fr") == "12\u202f345"  # a narrow no-break space groups French thousands
