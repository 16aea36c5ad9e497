"""A popup opens whole inside the visible map, clear of the time bar (issue #19)."""

from __future__ import annotations

import pytest

from .conftest import screenshot, sized_page
from .test_map_browser import MAP_TIMEOUT, map_frame

#: Put Kidal just under the time bar (on a phone, just under the top edge), where its popup,
#: which opens above it, would be cut or hidden under the bar without autopan.
KIDAL_TO_TOP = """() => {
  const map = window.map, kidal = L.latLng(18.44, 1.41);
  const box = map.getContainer().getBoundingClientRect();
  const bar = document.querySelector('.mm-timebar').getBoundingClientRect();
  const below = bar.top - box.top < box.height / 2 ? bar.bottom - box.top + 16 : 40;
  const point = map.latLngToContainerPoint(kidal);
  map.panBy([0, point.y - below], {animate: false});
}"""

CLEAR = """() => {
  const popup = document.querySelector('.leaflet-popup'), bar = document.querySelector('.mm-timebar');
  const map = window.map.getContainer().getBoundingClientRect();
  const p = popup.getBoundingClientRect(), b = bar.getBoundingClientRect();
  const meets = r => p.right > r.left && p.left < r.right && p.bottom > r.top && p.top < r.bottom;
  const overlapsBar = meets(b);
  const controls = [...document.querySelectorAll('.leaflet-top .leaflet-control')]
    .filter(c => meets(c.getBoundingClientRect()));
  const inside = p.top >= map.top && p.bottom <= map.bottom && p.left >= map.left && p.right <= map.right;
  const heading = popup.querySelector('h4');
  const overlapsControls = controls.map(c => c.className);
  return {overlapsBar, inside, overlapsControls, heading: heading && heading.textContent};
}"""


def settled(page, frame) -> dict:
    """The open popup's place (CLEAR) once it is clear, or after 6 s: the autopan's animation
    can take longer than its nominal 0.25 s on a loaded machine."""
    for _ in range(20):
        page.wait_for_timeout(300)
        state = frame.evaluate(CLEAR)
        if state["inside"] and not state["overlapsBar"] and not state["overlapsControls"]:
            break
    return state


@pytest.mark.parametrize(("viewport", "name"), [((1400, 900), "desk"), ((390, 844), "phone")])
def test_a_popup_on_a_northern_town_opens_clear_of_the_time_bar(server, browser, viewport, name):
    with sized_page(browser, *viewport) as page:
        page.goto(f"{server}/?date=2023-11-20", wait_until="domcontentloaded")
        frame = map_frame(page)
        frame.evaluate(KIDAL_TO_TOP)
        kidal = frame.locator(".leaflet-marker-pane .leaflet-marker-icon", has_text="Kidal").first
        kidal.focus()  # the keyboard opens it (a click may land on an event marker beside it)
        page.keyboard.press("Enter")
        frame.locator(".leaflet-popup h4").first.wait_for(timeout=MAP_TIMEOUT)
        state = settled(page, frame)
        assert "Kidal" in state["heading"]
        assert state["inside"] and not state["overlapsBar"] and not state["overlapsControls"], state
        frame.locator(".leaflet-popup").scroll_into_view_if_needed()
        screenshot(page, f"popup-kidal-{name}")


@pytest.mark.parametrize(("viewport", "name"), [((1400, 900), "desk"), ((390, 844), "phone")])
def test_a_roads_long_popup_opens_whole_clear_of_the_legend_and_the_bar(server, browser, viewport, name):
    """A road's popup (status, note, sources, attacks) is taller than the room under the open
    legend of a desk: it opens beside the legend; on a phone it scrolls inside the room left."""
    from .test_routes_browser import OPEN_ROUTE_POPUP, ROUTE, wait_for

    with sized_page(browser, *viewport) as page:
        page.goto(f"{server}/?date=2025-10-15&layers=control,events,routes", wait_until="domcontentloaded")
        frame = map_frame(page)
        wait_for(frame, f'document.querySelector("{ROUTE.format("bamako_kayes")}")')
        frame.evaluate(OPEN_ROUTE_POPUP, "bamako_kayes")
        frame.locator(".leaflet-popup h4").first.wait_for(timeout=MAP_TIMEOUT)
        state = settled(page, frame)
        assert state["inside"] and not state["overlapsBar"] and not state["overlapsControls"], state
        page.locator("iframe[title*='streamlit_folium']").first.scroll_into_view_if_needed()
        screenshot(page, f"popup-road-{name}")
