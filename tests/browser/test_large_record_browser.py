"""A record beyond what single markers can show: the time bar still moves the map in the browser,
with the events per location (static/map/cells.js), and the counts are the server's window."""

from __future__ import annotations

import datetime as dt
import shutil

import pandas as pd
import pytest

from benchmarks.harness import start_app, stop_app
from geo import load_dataset
from geo.snapshot import MAX_MARKERS, snapshot
from geo.style import FAMILY_COLORS, glyph_color
from geo.view import View

from .conftest import screenshot
from .test_map_browser import MAP_TIMEOUT, app_errors, map_frame

# Every marker of the events layer (clustered or not) as [lat, lon, count, drawn as its icon says].
CELL_MARKERS = """() => {
  const out = [];
  for (const id in window.map._layers) {
    const layer = window.map._layers[id];
    if (layer instanceof L.MarkerClusterGroup) {
      layer.getLayers().forEach(m => {
        const html = m.options.icon.options.html;
        if (html.includes('mcm-group')) {
          // A marker on the map shows what its icon says (the browser updates drawn ones in place).
          const drawn = m._icon ? m._icon.innerHTML === html : true;
          out.push([m.getLatLng().lat, m.getLatLng().lng, +html.replace(/<[^>]*>/g, ''), drawn]);
        }
      });
    }
  }
  return out;
}"""
# The colour and glyph ink of every cell marker, as the browser filled its template in.
CELL_INKS = """() => [...document.querySelectorAll('.leaflet-marker-pane .mcm-event.mcm-group')].map(e => [
  e.style.getPropertyValue('--c'), e.style.getPropertyValue('--ink')])"""


@pytest.fixture(scope="module")
def large_record(tmp_path_factory):
    """The bundled record with its events repeated (each copy a few days later and a little to
        the east; month-precision ones and those it would carry past the as-of date stay on their
    day), beyond MAX_MARKERS events."""
    from tests.conftest import DATA

    root = tmp_path_factory.mktemp("large") / "data"
    shutil.copytree(DATA, root)
    events = pd.read_csv(root / "events.csv", dtype=str, keep_default_na=False)
    as_of = load_dataset(DATA).as_of
    copies = []
    for copy in range(MAX_MARKERS // len(events) + 2):
        moved = events.copy()
        if copy:  # the first copy is the record itself (claims.csv names its events)
            moved["event_id"] = moved["event_id"] + f"-copy{copy}"
        dates = pd.to_datetime(moved["date"]) + pd.Timedelta(days=3 * copy)
        movable = moved["date_precision"].eq("day") & (dates <= as_of)
        moved.loc[movable, "date"] = dates[movable].dt.strftime("%Y-%m-%d")
        has_lon = moved["lon"].ne("")
        moved.loc[has_lon, "lon"] = (moved.loc[has_lon, "lon"].astype(float) + 0.07 * copy).round(4).astype(str)
        copies.append(moved)
    pd.concat(copies).to_csv(root / "events.csv", index=False)
    return root


@pytest.fixture(scope="module")
def large_server(browser, large_record):
    process, url = start_app(env={"MALI_MAP_DATA": str(large_record)}, timeout=120)
    yield url
    stop_app(process)


def test_the_time_bar_moves_a_large_record_in_the_browser(large_server, large_record, page):
    record = load_dataset(large_record)
    assert len(record.events) > MAX_MARKERS
    page.goto(f"{large_server}/?date=2013-01-25&window=30", wait_until="domcontentloaded")
    frame = map_frame(page)
    time_bar = frame.locator(".mm-timebar input[type=range]")
    assert time_bar.count() == 1  # the map's own time bar, not Streamlit's slider
    frame.evaluate("document.querySelector('.mm-timebar').dataset.mark = 'first'")
    for day, key in (("2013-01-25", None), ("2013-02-06", "ArrowRight")):
        if key:
            time_bar.focus()
            for _ in range(12):
                page.keyboard.press(key)
        frame.wait_for_selector(f".mm-timebar[data-day='{day}']", timeout=MAP_TIMEOUT)
        markers = frame.evaluate(CELL_MARKERS)
        window = snapshot(record, View(date=dt.date.fromisoformat(day), window=30)).events
        placed = window.dropna(subset=["lat", "lon"])
        assert len(markers) > 3
        assert sum(count for _, _, count, _ in markers) == len(placed)
        assert all(drawn for *_, drawn in markers)
        # Each number is drawn in its family's ink (issue #19), not a template's "{ink}".
        inks = {FAMILY_COLORS[f]: glyph_color(f) for f in FAMILY_COLORS}
        shown = frame.evaluate(CELL_INKS)
        assert shown and all(inks.get(color) == ink for color, ink in shown), shown
    # The browser moved the markers: the server did not send the map again.
    assert frame.locator(".mm-timebar").get_attribute("data-mark") == "first"
    screenshot(page, "large-record-2013-02-06")
    assert app_errors(page) == []
