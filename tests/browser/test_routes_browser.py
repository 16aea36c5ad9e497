"""Roads and bases in a real browser (issue #15): both layers follow the time bar with no round
trip to the server, start switched off on a narrow screen, and are screenshot on 2023-08-15 and
2025-10-15 in both languages at 1400x900."""

from __future__ import annotations

import time

import pytest

from geo.style import ROUTE_STYLES

from .conftest import SCREENSHOTS
from .test_map_browser import MAP_TIMEOUT, app_errors, map_frame

ROUTE = ".leaflet-overlay-pane path[data-route='{}']"
BASE = ".leaflet-marker-pane .mcm-base[data-base='{}']"


#: The first page a fresh server renders builds every timed layer (tens of seconds on a loaded machine).
FIRST_MAP_TIMEOUT = 180_000


def open_map(page, url: str):
    """Open ``url`` and return the map's frame, allowing for a server that renders its first map."""
    page.goto(url, wait_until="domcontentloaded")
    page.wait_for_selector("iframe[title*='streamlit_folium']", timeout=FIRST_MAP_TIMEOUT)
    return map_frame(page)


def wait_for(frame, script: str, timeout: float = 15.0):
    """Poll ``script`` (a JS expression) in the map's frame until it is truthy; return its value."""
    deadline = time.time() + timeout
    while time.time() < deadline:
        value = frame.evaluate(f"() => {script}")
        if value:
            return value
        time.sleep(0.05)
    raise AssertionError(f"never true: {script}")


def route_status(frame, route_id: str) -> str | None:
    return frame.evaluate(
        "(sel) => { const p = document.querySelector(sel); return p && p.getAttribute('data-status'); }",
        ROUTE.format(route_id),
    )


def base_label(frame, base_id: str) -> str | None:
    return frame.evaluate(
        "(sel) => { const b = document.querySelector(sel); return b && b.textContent; }", BASE.format(base_id)
    )


def press(page, frame, key: str) -> None:
    frame.locator(".mm-timebar input[type=range]").focus()
    page.keyboard.press(key)


def test_the_routes_change_with_the_time_bar_on_3_september_2025(server, page):
    frame = open_map(page, f"{server}/?date=2025-09-02")
    wait_for(frame, f'document.querySelector("{ROUTE.format("bamako_kayes")}")')
    assert route_status(frame, "bamako_kayes") == "unknown"  # no sourced status that day
    requests = []
    page.on("request", lambda request: requests.append(request.url) if "_stcore" in request.url else None)
    press(page, frame, "ArrowRight")
    wait_for(frame, f"document.querySelector(\"{ROUTE.format('bamako_kayes')}\").dataset.status === 'blockaded'")
    assert route_status(frame, "bamako_nioro") == "blockaded"
    style = frame.evaluate(
        "(sel) => getComputedStyle(document.querySelector(sel)).stroke", ROUTE.format("bamako_kayes")
    )
    red = str(ROUTE_STYLES["blockaded"]["color"])
    assert style == "rgb({}, {}, {})".format(*(int(red[i : i + 2], 16) for i in (1, 3, 5))), "drawn as blockaded"
    assert not [url for url in requests if "/_stcore/" in url and "health" not in url and "stream" not in url]
    press(page, frame, "ArrowLeft")
    wait_for(frame, f"document.querySelector(\"{ROUTE.format('bamako_kayes')}\").dataset.status === 'unknown'")
    assert app_errors(page) == []


def test_the_bases_change_with_the_time_bar_when_minusma_leaves(server, page):
    # MINUSMA handed its Ber camp to the army on 13 August 2023.
    frame = open_map(page, f"{server}/?date=2023-08-13")
    wait_for(frame, f'document.querySelector("{BASE.format("minusma_ber")}")')
    assert base_label(frame, "minusma_ber") == "UN"
    press(page, frame, "ArrowRight")
    wait_for(frame, f"document.querySelector(\"{BASE.format('minusma_ber')}\").textContent === 'FAMa'")
    # The popup of the base lists its handover.
    frame.locator(BASE.format("minusma_ber")).click()
    popup = frame.locator(".leaflet-popup-content")
    popup.wait_for(timeout=MAP_TIMEOUT)
    assert "handed over to FAMa" in popup.inner_text()
    assert app_errors(page) == []


OPEN_ROUTE_POPUP = """(id) => {
  let found = null;
  window.map.eachLayer(l => {
    const path = l.getElement && l.getElement();
    if (path && path.dataset.route === id) { found = l; }
  });
  found.openPopup(found.getCenter());
  return true;
}"""

SHOWN_ATTACK_DAYS = """() => [...document.querySelectorAll('.leaflet-popup .mcm-attacks li[data-day]')]
  .filter(li => !li.hidden).map(li => Number(li.dataset.day))"""


def test_a_roads_popup_lists_the_attacks_on_it_up_to_the_time_bars_day(server, page, bundled):
    from geo.map.markers import day_number
    from geo.routes import route_attacks

    days = sorted(day_number(d) for d in route_attacks(bundled, "bamako_kayes")["date"])
    frame = open_map(page, f"{server}/?date=2025-09-13")
    wait_for(frame, f'document.querySelector("{ROUTE.format("bamako_kayes")}")')
    frame.evaluate(OPEN_ROUTE_POPUP, "bamako_kayes")
    wait_for(frame, "document.querySelector('.leaflet-popup .mcm-attacks')")
    today = day_number("2025-09-13")
    assert sorted(frame.evaluate(SHOWN_ATTACK_DAYS)) == [d for d in days if d <= today]
    assert any(d > today for d in days), "the record has a later attack on this road to hide"
    press(page, frame, "ArrowRight")  # 14 September 2025: the Lakamané convoy
    wait_for(frame, f"({SHOWN_ATTACK_DAYS})().length === {len([d for d in days if d <= today + 1])}")
    assert app_errors(page) == []


def test_on_a_narrow_screen_both_layers_start_off_and_are_one_click_away(browser, server):
    context = browser.new_context(viewport={"width": 420, "height": 900})
    context.route("**/*.png", lambda route: route.fulfill(status=204))
    page = context.new_page()
    try:
        frame = open_map(page, f"{server}/?date=2025-10-15")
        wait_for(frame, "document.querySelector('.mm-timebar')")
        time.sleep(0.5)
        assert frame.locator(".leaflet-overlay-pane path[data-route]").count() == 0
        assert frame.locator(".mcm-base").count() <= 2, "only the legend's samples, no base on the map"
        # One click in the layer switcher brings the routes back.
        frame.locator(".leaflet-control-layers").hover()
        frame.get_by_text("Roads and blockades").click()
        wait_for(frame, f'document.querySelector("{ROUTE.format("bamako_kayes")}")')
        assert route_status(frame, "bamako_kayes") == "blockaded"
    finally:
        context.close()


@pytest.mark.parametrize("lang", ["en", "fr"])
@pytest.mark.parametrize("date", ["2023-08-15", "2025-10-15"])
def test_screenshots_of_the_roads_and_bases(browser, server, lang, date):
    context = browser.new_context(viewport={"width": 1400, "height": 900})
    context.route(
        "**/*.png",
        lambda route: route.fulfill(status=204) if "127.0.0.1" not in route.request.url else route.continue_(),
    )
    page = context.new_page()
    try:
        frame = open_map(page, f"{server}/?date={date}&lang={lang}")
        wait_for(frame, "document.querySelector('.leaflet-overlay-pane path[data-route]')")
        wait_for(frame, "document.querySelector('.leaflet-marker-pane .mcm-base')")
        # The map at the top of the window: the screenshot shows the whole map, not the figures above it.
        page.locator("iframe[title*='streamlit_folium']").evaluate("e => e.scrollIntoView({block: 'start'})")
        time.sleep(1.0)
        path = viewport_screenshot(page, f"roads-bases-{date}-{lang}")
        assert path.stat().st_size > 10_000
    finally:
        context.close()


def viewport_screenshot(page, name):
    """A screenshot of the viewport (1400x900), as a reader sees the page."""
    SCREENSHOTS.mkdir(exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=str(path))
    return path
