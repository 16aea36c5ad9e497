"""Every page on a phone (390 x 844): nothing scrolls sideways, and on the map page the map
and the time controls are on the first screen."""

from __future__ import annotations

import pytest

from .conftest import screenshot
from .test_map_browser import MAP_TIMEOUT, app_errors, map_frame

PHONE = {"width": 390, "height": 844}
PAGES = [
    "?date=2023-11-30",
    "tours?tour=war&chapter=14",
    "compare?a=2023-11-01&b=2023-11-30",
    "timeline?date=2016-01-01",
    "places?place=kidal",
    "actors?actor=jnim",
    "sources",
    "data",
    "record",
    "?only=map&date=2025-10-15",
]


@pytest.mark.parametrize("lang", ["en", "fr"])
@pytest.mark.parametrize("path", PAGES)
def test_no_page_scrolls_sideways_on_a_phone(server, page, path, lang):
    page.set_viewport_size(PHONE)
    page.goto(f"{server}/{path}{'&' if '?' in path else '?'}lang={lang}", wait_until="domcontentloaded")
    page.locator("[data-testid='stMainBlockContainer']").first.wait_for(timeout=MAP_TIMEOUT)
    page.wait_for_timeout(2500)
    assert page.locator("[data-testid='stException']").count() == 0
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width == PHONE["width"], f"the page is {width} px wide on a {PHONE['width']} px screen"
    assert app_errors(page) == []


def test_the_map_and_its_controls_are_on_the_first_screen_of_a_phone(server, page):
    page.set_viewport_size(PHONE)
    page.goto(f"{server}/?date=2025-10-15&lang=fr", wait_until="domcontentloaded")
    map_frame(page)
    iframe = page.locator("iframe[title*='streamlit_folium']").first.bounding_box()
    assert iframe["y"] < PHONE["height"] / 2, "the map starts in the upper half of the first screen"
    assert iframe["width"] >= PHONE["width"] - 40, "the map fills the width"
    for name in ("Lecture",):
        button = page.get_by_role("button", name=name).bounding_box()
        assert button["y"] + button["height"] <= PHONE["height"] and button["height"] >= 40, "Play is thumb-sized"
    # The sidebar starts collapsed on a phone.
    assert not page.locator("[data-testid='stSidebar'] [data-testid='stSidebarUserContent']").is_visible()
    screenshot(page, "phone-map-fr")


@pytest.mark.parametrize(("viewport", "minimaps"), [(PHONE, 0), ({"width": 1400, "height": 900}, 1)])
def test_a_phone_map_has_no_minimap_and_opens_still(server, browser, viewport, minimaps):
    """A phone's map has no minimap (a hidden one still moved the map back), and the opening fit
    is not animated: a pan made right after the map appears stays where it was put."""
    context = browser.new_context(viewport=viewport)
    page = context.new_page()
    try:
        page.goto(f"{server}/?date=2023-11-20", wait_until="domcontentloaded")
        frame = map_frame(page)
        assert frame.locator(".leaflet-control-minimap").count() == minimaps
        center = frame.evaluate(
            "() => { window.map.panBy([0, -120], {animate: false}); return window.map.getCenter(); }"
        )
        page.wait_for_timeout(800)
        after = frame.evaluate("() => window.map.getCenter()")
        assert abs(after["lat"] - center["lat"]) < 1e-6 and abs(after["lng"] - center["lng"]) < 1e-6, (center, after)
    finally:
        context.close()
