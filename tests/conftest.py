"""Shared fixtures: a tiny synthetic record, and copies of the bundled record to break."""

from __future__ import annotations

import datetime as dt
import html
import json
import re
import shutil
from pathlib import Path

import pytest

from geo import load_dataset

REPO = Path(__file__).resolve().parent.parent

_FIGURE = re.compile(
    r'<div class="mm-label">(.*?)(?: <span class="mm-help"[^>]*>.*?</span>)?</div>'
    r'<div class="mm-value">(.*?)</div>'
)


def map_figures(at) -> dict[str, str]:
    """The figures above the map (one HTML block, see ui.summary), by label, from an AppTest run."""
    return {
        html.unescape(label): html.unescape(value)
        for block in at.markdown
        for label, value in _FIGURE.findall(block.value)
    }


def shown(markdown: str) -> str:
    """What a Markdown element written with ui.plain reads as on screen."""
    return html.unescape(markdown).replace("\u2060", "")


def map_args(at) -> dict:
    """The arguments the map page sent to the map component (streamlit-folium's), from an AppTest run."""
    (component,) = at.get("component_instance")
    return json.loads(component.proto.json_args)


def bar_sent(at) -> tuple[dt.date, int] | None:
    """The date and revision of the time bar the server last sent the map, from an AppTest run:
    session state ``ui.K_BAR`` (a ``ui.TimeBarState``); None if it has sent none (a view the
    server redraws for each date has the Streamlit date slider instead)."""
    import ui

    bar = at.session_state.get(ui.K_BAR)
    return None if bar is None else (bar.sent, bar.revision)


_TIME_BAR = re.compile(
    r"setAttribute\('data-revision', (\d+)\).*?input\.value = (-?\d+);.*?if \((true|false)\) \{ player = ", re.S
)


def bar_in_script(at) -> tuple[dt.date, int, bool] | None:
    """The time bar in the map's script as the browser gets it (geo.layers.TimeBar), from an
    AppTest run: (its date, its revision, playing), or None without one. Prefer
    :func:`bar_sent` (the server's state); this reads generated JavaScript, for the one test
    that checks the script carries that state."""
    found = _TIME_BAR.search(map_args(at)["feature_group"])
    if found is None:
        return None
    day = dt.date(1970, 1, 1) + dt.timedelta(days=int(found.group(2)))
    return day, int(found.group(1)), found.group(3) == "true"


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
