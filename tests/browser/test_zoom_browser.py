"""The map's zoom and centre survive a change of language and travel in the link (issue #19)."""

from __future__ import annotations

import re
import time

from .test_map_browser import MAP_TIMEOUT, map_frame


def settled_zoom(page, zoom: float, timeout: float = 45.0):
    """The map frame once its map shows ``zoom`` (a language switch replaces the frame)."""
    deadline, now = time.time() + timeout, None
    while time.time() < deadline:
        try:
            frame = map_frame(page)
            now = frame.evaluate("window.map.getZoom()")
            if now == zoom:
                return frame
        except Exception:  # the frame is being replaced
            pass
        time.sleep(0.3)
    raise AssertionError(f"the map did not come back to zoom {zoom} (last seen: {now})")


def test_zoom_is_kept_on_a_language_switch_and_in_the_link(server, page, browser):
    page.goto(f"{server}/?date=2013-01-25", wait_until="domcontentloaded")
    frame = map_frame(page)
    start = frame.evaluate("window.map.getZoom()")
    frame.locator(".leaflet-control-zoom-in").click()
    zoom = start + 1
    page.wait_for_function(f"() => location.search.includes('zoom={zoom:g}')", timeout=MAP_TIMEOUT)
    center = re.search(r"center=([-0-9.]+)%2C([-0-9.]+)|center=([-0-9.]+),([-0-9.]+)", page.url)
    assert center
    page.get_by_text("Français").first.click()
    page.wait_for_function("() => location.search.includes('lang=fr')", timeout=MAP_TIMEOUT)
    frame = settled_zoom(page, zoom)
    assert frame.locator(".mcm-legend").first.inner_text().startswith("Légende")
    # The link opens the same view in a new browser.
    link = page.url
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    other = context.new_page()
    try:
        other.goto(link, wait_until="domcontentloaded")
        settled_zoom(other, zoom)
    finally:
        context.close()
