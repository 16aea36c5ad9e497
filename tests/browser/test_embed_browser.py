"""The embed in Chromium: the map with its time bar and legend and a citation, no sidebar or title."""

from __future__ import annotations

from .conftest import screenshot
from .test_map_browser import MAP_TIMEOUT, app_errors, map_frame


def test_the_embed_shows_only_the_map_and_its_citation(server, page):
    page.set_viewport_size({"width": 800, "height": 700})
    page.goto(f"{server}/?only=map&date=2025-10-15&lang=en", wait_until="domcontentloaded")
    frame = map_frame(page)
    assert frame.locator(".mcm-legend").count() >= 1, "the legend"
    assert frame.locator("input[type=range], .mcm-timebar, [class*=timebar]").count() >= 1, "the time bar"
    link = page.get_by_role("link", name="Open the full view")
    link.wait_for(timeout=MAP_TIMEOUT)
    assert "only=" not in link.get_attribute("href") and "date=2025-10-15" in link.get_attribute("href")
    assert link.get_attribute("target") == "_blank"
    assert page.locator("h1").count() == 0
    assert not page.locator("[data-testid='stSidebar']").is_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 800
    screenshot(page, "embed-map")
    assert page.locator("[data-testid='stException']").count() == 0
    assert app_errors(page) == []
