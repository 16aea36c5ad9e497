"""The map page in a real browser: tiles and markers drawn, the time bar moves them, links reproduce views."""

from __future__ import annotations

import datetime as dt
import re
import time

import pytest

from geo.i18n import t
from geo.i18n.formats import long_date

from .conftest import screenshot

MAP_TIMEOUT = 30_000
TOWN_MARKERS = ".leaflet-marker-pane .mcm-town"


def map_frame(page):
    """The streamlit-folium iframe holding the Leaflet map, once its towns are drawn."""
    page.wait_for_selector("iframe[title*='streamlit_folium']", timeout=MAP_TIMEOUT)
    deadline = time.time() + MAP_TIMEOUT / 1000
    while time.time() < deadline:
        for frame in page.frames:
            try:
                if frame.locator(".leaflet-container").count() and frame.locator(TOWN_MARKERS).count():
                    return frame
            except Exception:  # frames come and go while Streamlit reruns
                pass
        time.sleep(0.2)
    raise AssertionError("no Leaflet map with town markers appeared")


def town_colours(frame) -> list[str]:
    return sorted(frame.eval_on_selector_all(TOWN_MARKERS, "els => els.map(e => e.outerHTML)"))


def wait_for_change(frame, before, timeout=15.0):
    deadline = time.time() + timeout
    while time.time() < deadline:
        now = town_colours(frame)
        if now != before:
            return now
        time.sleep(0.05)
    raise AssertionError("the town markers did not change")


def app_errors(page) -> list[str]:
    """Console errors, leaving out the unreachable internet (tiles) and Streamlit's own probing of
    /<page>/_stcore/... when a page is opened by its path."""
    probes_only = all("/_stcore/" in url for url in page.bad_responses)
    return [
        e
        for e in page.console_errors
        if "ERR_NAME_NOT_RESOLVED" not in e
        and "favicon" not in e
        and not (probes_only and e.startswith("Failed to load resource: the server responded with a status of 404"))
    ]


def test_map_loads_with_tiles_markers_and_no_errors(server, page, bundled):
    page.goto(f"{server}/?date=2012-09-01&window=365", wait_until="domcontentloaded")
    frame = map_frame(page)
    assert frame.locator(TOWN_MARKERS).count() == bundled.control["place_id"].nunique()
    assert frame.locator(".leaflet-tile-container img, .leaflet-tile").count() > 0
    assert frame.locator(".mcm-event, .marker-cluster").count() > 0
    assert frame.locator(".mcm-legend").count() == 1
    assert page.locator("[data-testid='stException']").count() == 0
    screenshot(page, "map-2012-09-01")
    assert app_errors(page) == []


def test_keyboard_on_the_time_bar_changes_the_markers_then_the_figures(server, page):
    # Gao passes from MUJAO to the state on 2013-01-26: one arrow key press away.
    page.goto(f"{server}/?date=2013-01-25", wait_until="domcontentloaded")
    frame = map_frame(page)
    before = town_colours(frame)
    time_bar = frame.locator(".mm-timebar input[type=range]")
    assert time_bar.get_attribute("aria-valuetext") == "2013-01-25"
    frame.evaluate("document.querySelector('.mm-timebar').dataset.mark = 'first'")
    time_bar.focus()
    page.keyboard.press("ArrowRight")
    # The browser moves the markers itself; then the server's figures, link and address follow.
    after = wait_for_change(frame, before)
    assert after != before
    assert time_bar.get_attribute("aria-valuetext") == "2013-01-26"
    page.wait_for_function("() => location.search.includes('date=2013-01-26')", timeout=MAP_TIMEOUT)
    page.get_by_text("Towns held on 26 January 2013").wait_for(timeout=MAP_TIMEOUT)
    # Back by one day: the same markers as before, and the figures follow again.
    time_bar.focus()
    page.keyboard.press("ArrowLeft")
    assert wait_for_change(frame, after) == before
    page.get_by_text("Towns held on 25 January 2013").wait_for(timeout=MAP_TIMEOUT)
    # The server redrew the figures but not the map: the same bar, not one sent again.
    assert frame.locator(".mm-timebar").count() == 1
    assert frame.locator(".mm-timebar").get_attribute("data-mark") == "first"
    assert time_bar.get_attribute("aria-valuetext") == "2013-01-25"
    assert page.locator("[data-testid='stException']").count() == 0


def test_a_custom_period_moves_in_the_browser_and_is_dropped_at_the_bar_day(server, page):
    """A custom period's map moves with the time bar in the browser (issue #18: the server used
    to redraw it for each date of a Streamlit slider); dropping the period brings a new map at
    the day the bar shows, not the day the bar was sent at."""
    page.goto(f"{server}/?date=2013-01-25&from=2012-06-01", wait_until="domcontentloaded")
    frame = map_frame(page)
    time_bar = frame.locator(".mm-timebar input[type=range]")
    assert page.locator("[data-testid='stSlider']").count() == 0, "the time bar, no Streamlit slider"
    frame.evaluate("document.querySelector('.mm-timebar').dataset.mark = 'first'")
    before = town_colours(frame)
    time_bar.focus()
    page.keyboard.press("ArrowRight")
    assert wait_for_change(frame, before) != before
    page.wait_for_function(
        "() => location.search.includes('date=2013-01-26') && location.search.includes('from=2012-06-01')",
        timeout=MAP_TIMEOUT,
    )
    page.get_by_text(long_date(dt.date(2013, 1, 26), "en"), exact=False).first.wait_for(timeout=MAP_TIMEOUT)
    assert frame.locator(".mm-timebar").get_attribute("data-mark") == "first", "the bar was not sent again"
    page.get_by_role("button", name=t("en", "time.custom_clear")).click()
    page.wait_for_function("() => !location.search.includes('from=')", timeout=MAP_TIMEOUT)
    deadline = time.time() + MAP_TIMEOUT / 1000
    while time.time() < deadline:
        frame = map_frame(page)
        bar = frame.locator(".mm-timebar")
        if bar.count() == 1 and bar.get_attribute("data-mark") != "first":
            break
        time.sleep(0.1)
    assert frame.locator(".mm-timebar input[type=range]").get_attribute("aria-valuetext") == "2013-01-26"
    assert "date=2013-01-26" in page.evaluate("location.search")
    assert page.locator("[data-testid='stException']").count() == 0


HEAT_POINTS = """() => {
  for (const id in window.map._layers) {
    const layer = window.map._layers[id];
    if (layer._latlngs && layer.setLatLngs && layer._heat !== undefined) {
      return layer._latlngs.map(p => (Array.isArray(p) ? p : [p.lat, p.lng, p.alt]));
    }
  }
  return null;
}"""


def test_the_heat_map_in_the_browser_is_the_servers(server, page, bundled):
    from geo.snapshot import snapshot
    from geo.view import View

    page.goto(f"{server}/?date=2013-01-25&window=365&layers=control,events,heat", wait_until="domcontentloaded")
    frame = map_frame(page)
    for day, key in (("2013-01-25", None), ("2013-01-26", "ArrowRight")):
        if key:
            frame.locator(".mm-timebar input[type=range]").focus()
            page.keyboard.press(key)
        frame.wait_for_selector(f".mm-timebar[data-day='{day}']", timeout=MAP_TIMEOUT)
        got = sorted(frame.evaluate(HEAT_POINTS))
        heat = snapshot(bundled, View(date=dt.date.fromisoformat(day), window=365, overlays=("heat",))).heat
        expected = sorted([float(p.lat), float(p.lon), float(p.count)] for p in heat.itertuples())
        assert len(got) == len(expected) > 5
        for (lat, lon, count), (want_lat, want_lon, want_count) in zip(got, expected, strict=True):
            assert abs(lat - want_lat) < 2e-4 and abs(lon - want_lon) < 2e-4 and count == want_count


def test_the_next_change_button_moves_the_time_bar(server, page):
    page.goto(f"{server}/?date=2013-01-01", wait_until="domcontentloaded")
    frame = map_frame(page)
    page.get_by_role("button", name="Next change").click()
    page.wait_for_function("() => !location.search.includes('date=2013-01-01')", timeout=MAP_TIMEOUT)
    day = re.search(r"date=(\d{4}-\d{2}-\d{2})", page.url).group(1)
    frame = map_frame(page)
    frame.wait_for_selector(f".mm-timebar[data-day='{day}']", timeout=MAP_TIMEOUT)
    assert frame.locator(".mm-timebar").count() == 1  # the old bar went with its layers


def test_play_moves_the_time_bar_and_pause_stops_it(server, page):
    page.goto(f"{server}/?date=2013-01-25", wait_until="domcontentloaded")
    map_frame(page)
    page.get_by_role("button", name="Play").click()
    frame = map_frame(page)  # the bar is sent again, playing in the browser, a month a step
    frame.wait_for_selector(".mm-timebar[data-day='2013-03-25']", timeout=MAP_TIMEOUT)
    played = re.compile(r"Towns held on [0-9]{1,2} (March|April|May|June|July|August|September) 2013")
    page.get_by_text(played).wait_for(timeout=MAP_TIMEOUT)
    page.get_by_role("button", name="Pause").click()
    page.get_by_role("button", name="Play").wait_for(timeout=MAP_TIMEOUT)
    time.sleep(2)
    frame = map_frame(page)
    stopped = frame.locator(".mm-timebar").get_attribute("data-day")
    time.sleep(2)
    assert frame.locator(".mm-timebar").get_attribute("data-day") == stopped
    # The bar, the address and the figures agree on where play stopped.
    page.wait_for_function(f"() => location.search.includes('date={stopped}')", timeout=MAP_TIMEOUT)
    page.get_by_text(f"Towns held on {long_date(stopped, 'en')}").wait_for(timeout=MAP_TIMEOUT)
    assert page.locator("[data-testid='stException']").count() == 0


def test_a_shared_link_reproduces_the_view(server, page):
    page.goto(f"{server}/?date=2024-01-01&window=30&families=jihadist,state&lang=fr", wait_until="domcontentloaded")
    frame = map_frame(page)
    page.get_by_text("Carte du conflit au Mali").wait_for(timeout=MAP_TIMEOUT)
    assert frame.locator(".mm-timebar input[type=range]").get_attribute("aria-valuetext") == "2024-01-01"
    assert frame.locator(".mm-timebar").inner_text().startswith("Date")
    assert frame.locator(".mcm-legend").inner_text().startswith("Légende")
    screenshot(page, "map-2024-01-01-fr")
    assert app_errors(page) == []


def test_a_bad_link_shows_a_notice_not_a_traceback(server, page):
    page.goto(f"{server}/?date=not-a-date", wait_until="domcontentloaded")
    page.get_by_text("not-a-date").first.wait_for(timeout=MAP_TIMEOUT)
    assert page.locator("[data-testid='stException']").count() == 0


def event_markers(frame) -> int:
    """Events drawn: single markers plus the counts shown on cluster markers."""
    singles = frame.locator(".leaflet-marker-pane .mcm-event").count()
    clustered = frame.eval_on_selector_all(
        ".leaflet-marker-pane .marker-cluster span",
        "els => els.reduce((n, e) => n + (parseInt(e.textContent) || 0), 0)",
    )
    return singles + clustered


def test_a_small_csv_uploads_and_appears_on_the_map(server, page):
    from ..test_importers import ACLED

    # Five invented events far from any bundled one (the empty north-west), in an empty window.
    upload = ACLED / "upload_2016_north_west.csv"

    page.goto(f"{server}/data?date=2016-03-15&window=30", wait_until="domcontentloaded")
    page.locator("input[type='file']").set_input_files(str(upload))
    page.get_by_text("Imported").first.wait_for(timeout=MAP_TIMEOUT)
    screenshot(page, "data-upload")
    page.get_by_role("link", name="Map").first.click()
    frame = map_frame(page)
    deadline = time.time() + 20
    while event_markers(frame) < 5 and time.time() < deadline:
        time.sleep(0.2)
    assert event_markers(frame) >= 5
    assert page.get_by_text("acleddata.com").count() >= 1  # ACLED's attribution under the map
    screenshot(page, "map-with-upload")
    assert page.locator("[data-testid='stException']").count() == 0


PAGES = ["tours", "timeline", "places", "actors", "sources", "data", "record"]


@pytest.mark.parametrize("path", PAGES)
def test_every_page_loads_without_errors(server, page, path):
    page.goto(f"{server}/{path}?date=2016-01-01&place=kidal&actor=cma", wait_until="domcontentloaded")
    page.locator("h1").first.wait_for(timeout=MAP_TIMEOUT)
    page.wait_for_timeout(1500)  # let the page finish its run
    assert page.locator("[data-testid='stException']").count() == 0
    screenshot(page, f"page-{path}")
    assert app_errors(page) == []


def test_the_language_switch_translates_the_page(server, page):
    page.goto(f"{server}/?date=2013-01-28", wait_until="domcontentloaded")
    map_frame(page)
    page.get_by_text("Français").first.click()
    page.get_by_text("Carte du conflit au Mali").wait_for(timeout=MAP_TIMEOUT)
    page.wait_for_function("() => location.search.includes('lang=fr')", timeout=MAP_TIMEOUT)
    legend = ""
    deadline = time.time() + 20
    while not legend.startswith("Légende") and time.time() < deadline:
        try:  # the map is rebuilt in its new language, so its frame may be replaced
            legend = map_frame(page).locator(".mcm-legend").inner_text(timeout=2000)
        except Exception:
            time.sleep(0.2)
    assert legend.startswith("Légende")


def test_the_exported_html_map_opens_from_a_file_with_its_markers(page, tmp_path, bundled):
    """The standalone export (geo.map.standalone_html) works from disk: towns and events drawn."""
    import datetime as dt

    from geo import map as geomap
    from geo.snapshot import snapshot
    from geo.view import View

    shot = snapshot(bundled, View(date=dt.date(2013, 1, 25), window=90))
    groups = [
        geomap.control_layer(shot.towns, bundled.actors, bundled.sources, "en"),
        geomap.events_layer(shot.events, shot.groups, bundled.actors, bundled.sources, "en"),
    ]
    path = tmp_path / "map.html"
    caption = "Mali conflict map, 2013-01-25 <b>{{ 7*7 }}</b>"
    html = geomap.standalone_html(geomap.base_map("en"), groups, "Mali 2013-01-25", caption)
    path.write_text(html, encoding="utf-8")
    page.goto(path.as_uri())
    page.locator(".leaflet-marker-pane .mcm-town").first.wait_for(timeout=MAP_TIMEOUT)
    assert page.locator(".leaflet-marker-pane .mcm-town").count() == len(shot.towns)
    assert page.locator(".mcm-legend").count() == 2  # the legend and the caption
    assert page.locator(".mcm-caption").inner_text() == caption  # as text: no markup, no template
    assert not page.console_errors or all("ERR_" in e for e in page.console_errors)


@pytest.mark.parametrize(("lang", "title"), [("en", "Mali conflict map"), ("fr", "Carte du conflit au Mali")])
def test_the_tab_title_follows_the_language(server, page, lang, title):
    page.goto(f"{server}/?lang={lang}", wait_until="domcontentloaded")
    page.locator("h1").first.wait_for(timeout=MAP_TIMEOUT)
    deadline = time.time() + 10
    while title not in page.title() and time.time() < deadline:
        time.sleep(0.2)
    assert title in page.title()


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_the_page_states_its_language(server, page, lang):
    page.goto(f"{server}/timeline?lang={lang}", wait_until="domcontentloaded")
    page.locator("h1").first.wait_for(timeout=MAP_TIMEOUT)
    page.wait_for_function(f"() => document.documentElement.lang === '{lang}'", timeout=10_000)


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_no_download_label_is_cut_on_the_sources_page(server, page, lang):
    page.goto(f"{server}/sources?lang={lang}", wait_until="domcontentloaded")
    buttons = page.locator("[data-testid='stDownloadButton'] button")
    buttons.first.wait_for(timeout=MAP_TIMEOUT)
    page.wait_for_timeout(500)
    from geo.schema import TABLES

    assert buttons.count() == len(TABLES) + 1, "every table of the record, and the view"
    cut = buttons.evaluate_all(
        "els => els.filter(b => [...b.querySelectorAll('*')].some(e => e.scrollWidth > e.clientWidth + 1))"
        ".map(b => b.innerText)"
    )
    assert not cut, cut
