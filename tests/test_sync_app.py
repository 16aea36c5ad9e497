"""The sync panel on the "Your data" page and the freshness of each layer on the map page,
through AppTest, against the local fake of ACLED's API (benchmarks/fake_sources.py)."""

from __future__ import annotations

import datetime as dt

import pytest
from streamlit.testing.v1 import AppTest

import ui
from benchmarks.fake_sources import EMAIL, PASSWORD, FakeApis
from geo import DEFAULT_ROOT, load_dataset
from geo.freshness import STALE_AFTER, freshness
from geo.i18n.formats import long_date

from .conftest import REPO, shown
from .test_sync import rows

APP = str(REPO / "app.py")


@pytest.fixture
def fake(monkeypatch, tmp_path):
    with FakeApis(rows(12)) as server:
        monkeypatch.setenv("MALI_MAP_ACLED_URL", server.url)
        monkeypatch.setenv("MALI_MAP_SYNC_DIR", str(tmp_path / "store"))
        yield server


def data_page() -> AppTest:
    app = AppTest.from_file(APP, default_timeout=120)
    app.run()
    app.switch_page("pages/data.py").run()
    return app


def sync_through_the_panel(app: AppTest, email: str, password: str) -> AppTest:
    app.text_input[0].input(email)
    app.text_input[1].input(password)
    next(b for b in app.button if b.label == "Sync").click()
    return app.run()


def every_value(app: AppTest) -> str:
    return " ".join(repr(v) for v in app.session_state.values())


def test_a_hosted_session_syncs_into_its_own_memory_and_shows_the_report(fake, monkeypatch, tmp_path):
    monkeypatch.delenv("MALI_MAP_LOCAL_STORE", raising=False)
    app = sync_through_the_panel(data_page(), EMAIL, PASSWORD)
    assert not app.exception and not app.error
    figures = {m.label: m.value for m in app.metric}
    assert (figures["Fetched"], figures["New"], figures["Rejected"]) == ("12", "12", "0")
    assert app.session_state[ui.Key.SYNCED] == "acled" and len(app.session_state[ui.Key.UPLOAD].events) == 12
    attributions = [c for c in app.caption if "accessed through ACLED's API" in shown(c.value)]
    assert len(attributions) == 1 and dt.date.today().isoformat() in shown(attributions[0].value)
    assert not (tmp_path / "store").exists() or not any((tmp_path / "store").iterdir())  # nothing on disk
    assert PASSWORD not in every_value(app) and all(PASSWORD not in str(v) for v in app.query_params.values())
    assert [t.value for t in app.text_input[:2]] == ["", ""]  # the form forgot what was typed
    other = data_page()  # another viewer of the same server
    assert ui.Key.UPLOAD not in other.session_state and not other.metric


def test_run_locally_the_app_shares_the_command_lines_store(fake, monkeypatch, tmp_path):
    monkeypatch.setenv("MALI_MAP_LOCAL_STORE", "1")
    app = sync_through_the_panel(data_page(), EMAIL, PASSWORD)
    assert not app.exception and (tmp_path / "store" / "sync.sqlite3").exists()
    later = data_page()
    saved = [b for b in later.button if b.label.startswith("Show my synced ACLED events (12 events")]
    assert saved
    saved[0].click()
    later.run()
    assert later.session_state[ui.Key.SYNCED] == "acled" and len(later.session_state[ui.Key.UPLOAD].events) == 12


def test_wrong_credentials_in_the_panel_say_so_and_load_nothing(fake, monkeypatch):
    monkeypatch.delenv("MALI_MAP_LOCAL_STORE", raising=False)
    app = sync_through_the_panel(data_page(), EMAIL, "not my password")
    assert not app.exception
    assert any("did not accept this email and password" in shown(e.value) for e in app.error)
    assert "not my password" not in " ".join(shown(e.value) for e in app.error)
    assert ui.Key.UPLOAD not in app.session_state


def test_the_map_page_says_how_recent_the_record_and_the_synced_events_are(fake, monkeypatch):
    monkeypatch.delenv("MALI_MAP_LOCAL_STORE", raising=False)
    app = sync_through_the_panel(data_page(), EMAIL, PASSWORD)
    app.switch_page("pages/map.py").run()
    assert not app.exception
    as_of = load_dataset(DEFAULT_ROOT).as_of.date()
    texts = [(w.value, "warning") for w in app.warning] + [(c.value, "caption") for c in app.caption]
    record = [kind for text, kind in texts if f"Bundled record: as of {long_date(as_of, 'en')}" in text]
    assert record == ["warning" if (dt.date.today() - as_of).days > STALE_AFTER else "caption"]
    latest = app.session_state[ui.Key.UPLOAD].events["date"].max().date()
    assert any(f"Your ACLED events: latest event {long_date(latest, 'en')}" in text for text, _ in texts)


def test_a_layer_is_stale_after_sixty_days():
    today = dt.date(2026, 11, 30)
    record, own = freshness("2026-10-01", dt.datetime(2026, 9, 30), "2026-11-29", own_layer="acled", today=today)
    assert (record.layer, record.age_days, record.stale) == ("record", 60, False)
    assert (own.layer, own.age_days, own.stale, own.fetched) == ("acled", 61, True, dt.date(2026, 11, 29))
    assert freshness("2026-10-01", None, today=today)[0].latest == dt.date(2026, 10, 1)
    assert len(freshness("2026-10-01", "", today=today)) == 1
