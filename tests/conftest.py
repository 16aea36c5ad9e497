"""Shared fixtures (the tiny synthetic record, copies of the bundled record to break) and the
readers of an AppTest run of the map page.

The readers take typed state (session state, the view in the page's link, geo.snapshot)
rather than parsing what the page generated; the two that parse generated HTML or JavaScript
say where they are still used. Driving the page (pick_on_time_bar) is in benchmarks/apptest.py,
which the benchmarks share (they never import the tests)."""

from __future__ import annotations

import datetime as dt
import html
import json
import re
import shutil
from pathlib import Path

import pytest
from hypothesis import settings

from geo import load_dataset

REPO = Path(__file__).resolve().parent.parent

# Speed is measured by the benchmarks, never asserted in unit tests: no per-example deadline
# (hypothesis' default 200 ms failed once on this shared machine under load).
settings.register_profile("no-deadline", deadline=None)
settings.load_profile("no-deadline")
DATA = REPO / "data"
FIXTURES = REPO / "tests" / "fixtures"
#: A three-town synthetic record, as the CSV files and dataset.json the loader reads (see its README).
TINY = FIXTURES / "tiny"


@pytest.fixture
def tiny_dir(tmp_path: Path) -> Path:
    """A throwaway copy of the three-town synthetic record (Gao, Kidal, Timbuktu, 2012-2014,
    as of 2014-12-31: tests/fixtures/tiny), for tests that read it or break it on purpose."""
    return Path(shutil.copytree(TINY, tmp_path / "tiny"))


@pytest.fixture
def tiny(tiny_dir: Path):
    """The tiny synthetic record, loaded."""
    return load_dataset(tiny_dir)


@pytest.fixture
def data_copy(tmp_path: Path) -> Path:
    """A throwaway copy of the bundled record, for tests that break it on purpose."""
    target = tmp_path / "data"
    shutil.copytree(DATA, target)
    return target


@pytest.fixture(scope="session")
def bundled():
    """The bundled record, loaded once."""
    return load_dataset(DATA)


# --- reading an AppTest run of the map page ---------------------------------------------


def app_page(page: str, at=None, **params: str):
    """An AppTest run of ``page`` (a file of pages/, or "map.py"), opened with these URL
    parameters, as a reader following a link would; in ``at`` (an AppTest not run yet) if given."""
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(str(REPO / "app.py"), default_timeout=120) if at is None else at
    for name, value in params.items():
        at.query_params[name] = value
    at.run()
    if page != "map.py":
        at.switch_page(f"pages/{page}").run()
    return at


def bar_sent(at) -> tuple[dt.date, int] | None:
    """The date and revision of the time bar the server last sent the map, from an AppTest run:
    session state ``ui.Key.BAR`` (a ``ui.TimeBarState``); None if it has sent none (a view the
    server redraws for each date has the Streamlit date slider instead)."""
    import ui

    bar = at.session_state.get(ui.Key.BAR)
    return None if bar is None else (bar.sent, bar.revision)


def map_snapshot(at, dataset):
    """What the map page computed its figures from in an AppTest run (ui.summary): the
    geo.snapshot.Snapshot of ``dataset`` for the view the page wrote into its link (ui.sync_url
    writes the very view the page took the snapshot of), read back with geo.view.view_from_params."""
    import ui
    from geo.snapshot import snapshot
    from geo.view import view_from_params

    view, notices = view_from_params(at.query_params, ui.choices(dataset))
    assert not notices, notices
    return snapshot(dataset, view, heat=False)


def map_args(at) -> dict:
    """The arguments the map page sent to the map component (streamlit-folium's), from an AppTest run."""
    (component,) = at.get("component_instance")
    return json.loads(component.proto.json_args)


def shown(markdown: str) -> str:
    """What a Markdown element written with ui.plain reads as on screen."""
    return html.unescape(markdown).replace("\u2060", "")


_TIME_BAR = re.compile(r"mmMap\.timeBar\(window\.map, \w+, (\{.*?\})\);")


def bar_in_script(at) -> tuple[dt.date, int, bool] | None:
    """The time bar in the map's script as the browser gets it (geo.map.TimeBar: the options
    handed to static/map/timebar.js), from an AppTest run: (its date, its revision, playing),
    or None without one.

    This reads generated JavaScript: prefer :func:`bar_sent` (the server's state). One test
    (test_app: play in the browser) checks that the script carries that state."""
    found = _TIME_BAR.search(map_args(at)["feature_group"])
    if found is None:
        return None
    options = json.loads(found.group(1))
    day = dt.date(1970, 1, 1) + dt.timedelta(days=int(options["day"]))
    return day, int(options["revision"]), bool(options["playing"])


_FIGURE = re.compile(
    r'<div class="mm-label">(.*?)(?: <span class="mm-help"[^>]*>.*?</span>)?</div>'
    r'<div class="mm-value">(.*?)</div>'
)


def map_figures(at) -> dict[str, str]:
    """The figures above the map (one HTML block, see ui.summary), by label, from an AppTest run.

    This reads generated HTML: for the numbers, prefer :func:`map_snapshot`. One test in
    test_app checks that the HTML shows the snapshot's figures; test_pages' upload test still
    reads them, as the record the page used (bundled, or combined with the upload as the
    source switch says) is in no typed state."""
    return {
        html.unescape(label): html.unescape(value)
        for block in at.markdown
        for label, value in _FIGURE.findall(block.value)
    }


@pytest.fixture
def timers(monkeypatch):
    """The ``run_every`` each fragment got in the last run, by function name (st.fragment spied on)."""
    import streamlit as st

    real, seen = st.fragment, {}

    def fragment(func=None, *, run_every=None, **kwargs):
        if func is None:
            return lambda f: fragment(f, run_every=run_every, **kwargs)
        seen[func.__name__] = run_every
        return real(func, run_every=run_every, **kwargs)

    monkeypatch.setattr(st, "fragment", fragment)
    return seen
