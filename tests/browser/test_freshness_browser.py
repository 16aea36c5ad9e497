"""The age of facts and the claims in a real browser: the landing map fades the stale towns and
its popups count the days to the time bar's date; the Places page shows rival claims."""

from __future__ import annotations

from .conftest import screenshot
from .test_map_browser import MAP_TIMEOUT, app_errors, map_frame


def test_the_landing_map_fades_stale_towns_and_dates_its_popups(server, page):
    page.goto(f"{server}/", wait_until="domcontentloaded")
    frame = map_frame(page)
    assert frame.locator(".leaflet-marker-pane .mcm-town.mcm-stale").count() > 0, "some holders are over a year old"
    assert frame.locator(".mcm-legend .mcm-stale").count() == 1, "the legend explains the faded marker"
    gao = frame.locator(".leaflet-marker-pane .mcm-town", has_text="Gao").first
    gao.click()
    popup = frame.locator(".leaflet-popup-content .mcm-age").first
    popup.wait_for(timeout=MAP_TIMEOUT)
    # The record's as-of date (the landing date) is 2026-06-04; Gao was last confirmed 2026-04-25.
    assert popup.inner_text() == "last confirmed 2026-04-25, 40 days before this date"
    screenshot(page, "map-landing-freshness")
    assert app_errors(page) == []


def test_the_places_page_shows_the_rival_claims_on_tessit(server, page):
    page.goto(f"{server}/places?place=tessit", wait_until="domcontentloaded")
    page.get_by_test_id("stTextInputField").first.fill("Tessit")
    page.keyboard.press("Enter")
    claims = page.locator("[data-testid='stMarkdownContainer']", has_text="The army says its forces repelled")
    claims.first.wait_for(timeout=MAP_TIMEOUT)
    line = claims.first.inner_text()
    assert "Local sources quoted by RFI say" in line
    assert "·" in line and "The army says" in line
    page.wait_for_timeout(1500)
    screenshot(page, "places-tessit-claims")
    assert app_errors(page) == []
