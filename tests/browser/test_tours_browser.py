"""The Tours page in Chromium: next and previous move the map to the chapter and the link with it."""

from __future__ import annotations

from .conftest import screenshot
from .test_map_browser import MAP_TIMEOUT, app_errors, map_frame, town_colours, wait_for_change


def _chapter_in_url(page, number: int) -> None:
    page.wait_for_function(
        f"() => new URLSearchParams(location.search).get('chapter') === '{number}'", timeout=MAP_TIMEOUT
    )


def test_next_and_previous_move_the_map_and_the_link(server, page):
    page.goto(f"{server}/tours?tour=war&chapter=13&lang=en", wait_until="domcontentloaded")
    page.get_by_role("heading", name="13/").first.wait_for(timeout=MAP_TIMEOUT)
    frame = map_frame(page)
    before = town_colours(frame)
    assert frame.locator("path.leaflet-interactive[stroke-dasharray]").count() >= 1, "the chapter's towns are ringed"
    screenshot(page, "tour-chapter-13")

    page.get_by_role("button", name="Next").click()
    page.get_by_role("heading", name="14/").first.wait_for(timeout=MAP_TIMEOUT)
    _chapter_in_url(page, 14)
    # MINUSMA leaves Kidal and the army takes it between the two chapters' dates.
    after = wait_for_change(map_frame(page), before, timeout=30)
    assert after != before

    page.get_by_role("button", name="Previous").click()
    page.get_by_role("heading", name="13/").first.wait_for(timeout=MAP_TIMEOUT)
    _chapter_in_url(page, 13)
    assert wait_for_change(map_frame(page), after, timeout=30) == before
    assert page.locator("[data-testid='stException']").count() == 0
    assert app_errors(page) == []


def test_a_chapter_link_opens_that_chapter_in_french(server, page):
    page.goto(f"{server}/tours?tour=blockade&chapter=4&lang=fr", wait_until="domcontentloaded")
    page.get_by_role("heading", name="4/5").first.wait_for(timeout=MAP_TIMEOUT)
    assert page.get_by_text("Des convois escortés").count() >= 1
    map_frame(page)
    screenshot(page, "tour-blockade-fr")
    assert app_errors(page) == []
