"""The Compare page in Chromium: Kidal is ringed on both maps in November 2023 and its capture listed."""

from __future__ import annotations

import time

from .conftest import screenshot
from .test_map_browser import MAP_TIMEOUT, TOWN_MARKERS, app_errors


def _maps(page, count: int = 2, timeout: float = MAP_TIMEOUT / 1000):
    deadline = time.time() + timeout
    while time.time() < deadline:
        frames = []
        for frame in page.frames:
            try:
                if frame.locator(".leaflet-container").count() and frame.locator(TOWN_MARKERS).count():
                    frames.append(frame)
            except Exception:  # frames come and go while Streamlit reruns
                pass
        if len(frames) >= count:
            return frames
        time.sleep(0.2)
    raise AssertionError(f"fewer than {count} maps with towns appeared")


def test_the_comparison_rings_kidal_and_lists_its_capture(server, page):
    page.goto(f"{server}/compare?a=2023-11-01&b=2023-11-30&lang=en", wait_until="domcontentloaded")
    page.get_by_text("Towns whose holder differs").first.wait_for(timeout=MAP_TIMEOUT)
    maps = _maps(page)
    for frame in maps:
        # The ring is drawn at each town that differs, Kidal among them.
        assert frame.locator("path.leaflet-interactive[stroke-dasharray]").count() >= 1
        assert frame.locator(".leaflet-control-minimap").count() == 0
    page.get_by_text("2023-11-14").first.wait_for(state="attached", timeout=MAP_TIMEOUT)  # a grid cell (canvas-drawn)
    assert page.evaluate("document.documentElement.scrollWidth") <= 1400
    screenshot(page, "compare-kidal-2023-11")
    assert page.locator("[data-testid='stException']").count() == 0
    assert app_errors(page) == []
