"""The time bar's date input, its place in the tab order, and the playback speed (issue #19)."""

from __future__ import annotations

from .conftest import screenshot
from .test_map_browser import MAP_TIMEOUT, app_errors, map_frame, town_colours, wait_for_change

RANGE = ".mm-timebar input[type=range]"
TYPED = ".mm-timebar input[type=date]"


def test_the_date_input_follows_the_bar_and_moves_it(server, page):
    page.goto(f"{server}/?date=2013-01-25", wait_until="domcontentloaded")
    frame = map_frame(page)
    typed = frame.locator(TYPED)
    assert typed.input_value() == "2013-01-25"
    assert typed.get_attribute("aria-label") == "Type a date"
    # The bar moves the input ...
    before = town_colours(frame)
    frame.locator(RANGE).focus()
    page.keyboard.press("ArrowRight")
    wait_for_change(frame, before)
    assert typed.input_value() == "2013-01-26"
    page.get_by_text("Towns held on 26 January 2013").wait_for(timeout=MAP_TIMEOUT)
    # ... and a typed day moves the bar, the markers, the figures and the link.
    before = town_colours(frame)
    typed.fill("2023-11-14")
    wait_for_change(frame, before)
    assert frame.locator(RANGE).get_attribute("aria-valuetext") == "2023-11-14"
    page.wait_for_function("() => location.search.includes('date=2023-11-14')", timeout=MAP_TIMEOUT)
    page.get_by_text("Towns held on 14 November 2023").wait_for(timeout=MAP_TIMEOUT)
    screenshot(page, "time-bar-date-input")
    assert app_errors(page) == []


def test_a_typed_day_outside_the_record_is_brought_within_it(server, page):
    page.goto(f"{server}/?date=2013-01-25", wait_until="domcontentloaded")
    frame = map_frame(page)
    first = frame.locator(TYPED).get_attribute("min")
    frame.locator(TYPED).fill("1990-05-01")
    frame.wait_for_selector(f".mm-timebar[data-day='{first}']", timeout=MAP_TIMEOUT)
    page.wait_for_function(f"() => location.search.includes('date={first}')", timeout=MAP_TIMEOUT)


def test_the_time_bar_and_date_input_come_first_in_the_maps_tab_order(server, page):
    page.goto(f"{server}/?date=2013-01-25&window=365", wait_until="domcontentloaded")
    frame = map_frame(page)
    assert frame.locator(".leaflet-marker-pane [tabindex]").count() > 10  # markers that take the focus
    frame.locator(".leaflet-container:not(.leaflet-control)").focus()
    stops = []
    for _ in range(8):  # Chromium's date input takes a Tab per field (day, month, year)
        page.keyboard.press("Tab")
        stop = frame.evaluate("document.activeElement.type || document.activeElement.className")
        if not stops or stops[-1] != stop:
            stops.append(stop)
        if stop == "mm-skip":
            break
    assert stops == ["range", "date", "mm-skip"]
    skip = frame.locator(".mm-skip")
    assert skip.inner_text() == "Skip to the map" and skip.is_visible()
    page.keyboard.press("Enter")
    assert frame.evaluate(
        "(e => e.classList.contains('leaflet-container') && !e.classList.contains('leaflet-control'))"
        "(document.activeElement)"
    )


def test_the_playback_speed_sets_the_bars_pace(server, page):
    page.goto(f"{server}/?date=2013-01-25", wait_until="domcontentloaded")
    frame = map_frame(page)
    assert frame.locator(".mm-timebar").get_attribute("data-play-ms") == "800"
    page.get_by_label("Speed").click()
    page.get_by_role("option", name="4×").click()
    page.get_by_role("button", name="Play").click()
    frame = map_frame(page)
    frame.wait_for_selector(".mm-timebar[data-play-ms='200']", timeout=MAP_TIMEOUT)
    pause = page.get_by_role("button", name="Pause")
    # The pause symbol is two bars drawn in CSS, never a font glyph a font may lack (a box).
    assert "\u23f8" not in pause.inner_text()
    bars = pause.locator("p").evaluate(
        "p => { const s = getComputedStyle(p, '::before');"
        " return [s.content, s.borderLeftWidth, s.borderRightWidth, s.height]; }"
    )
    assert bars[0] == '""' and all(float(v.rstrip("px")) > 2 for v in bars[1:]), bars
    screenshot(page, "time-controls-playing")
    pause.click()
    page.get_by_role("button", name="Play").wait_for(timeout=MAP_TIMEOUT)
