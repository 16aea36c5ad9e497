"""A date move made right after a filter change is never lost (issue #19: lost in 2 of 10
trials, once with the map's date and the figures disagreeing).

The filter's rerun sends the map a new time bar; a move made on the old bar while that rerun
runs reached the server as a pick of an older bar, which it dropped. Each trial here changes a
filter and at once moves the bar a day, then waits until the link, the figures and the bar all
show both the filter and the new day.
"""

from __future__ import annotations

import datetime as dt
import time

from geo.i18n.formats import long_date

from .test_map_browser import MAP_TIMEOUT, app_errors, map_frame

TRIALS = 20
IDLE = "[data-testid='stApp'][data-test-script-state='notRunning']"


def _bar_shows(page, frame, day: str):
    """The map's frame once its time bar shows ``day`` (or the deadline passed). Once in CI, under
    heavy load, Streamlit replaced the map's iframe during a trial ("Frame was detached"): the
    map is then looked for again, and its new bar must show the day all the same."""
    deadline = time.time() + MAP_TIMEOUT / 1000
    while time.time() < deadline:
        try:
            if frame.locator(".mm-timebar").get_attribute("data-day", timeout=1000) == day:
                return frame
        except Exception:  # detached, or no bar yet: the map is being replaced
            if frame.is_detached():
                frame = map_frame(page)
        time.sleep(0.1)
    return frame


def test_a_date_move_right_after_a_filter_change_is_never_lost(server, page):
    day = dt.date(2013, 1, 10)
    page.goto(f"{server}/?date={day}", wait_until="domcontentloaded")
    page.wait_for_selector("iframe[title*='streamlit_folium']", timeout=3 * MAP_TIMEOUT)  # a cold server
    frame = map_frame(page)
    minimum = page.get_by_label("Minimum fatalities")
    for trial in range(TRIALS):
        fatalities = str((trial + 1) % 3)
        minimum.fill(fatalities)
        minimum.press("Enter")  # the filter's rerun starts ...
        frame.locator(".mm-timebar input[type=range]").focus()  # ... and the bar moves at once
        page.keyboard.press("ArrowRight")
        day += dt.timedelta(days=1)
        expected = f"date={day}"
        filtered = f"minfat={fatalities}" if fatalities != "0" else "date="
        try:
            page.wait_for_function(
                f"() => location.search.includes('{expected}') && location.search.includes('{filtered}')",
                timeout=MAP_TIMEOUT,
            )
            page.get_by_text(f"Towns held on {long_date(day, 'en')}").wait_for(timeout=MAP_TIMEOUT)
            frame = _bar_shows(page, frame, str(day))
            assert frame.locator(".mm-timebar").get_attribute("data-day") == str(day)
        except Exception as err:
            bar = frame.locator(".mm-timebar")
            shown = (bar.get_attribute("data-day"), bar.get_attribute("data-revision"), bar.count())
            raise AssertionError(f"trial {trial + 1}: the move to {day} was lost ({page.url}, bar {shown})") from err
        assert frame.locator(".mm-timebar").count() == 1
        # The trial is over when its last run is: a pick of an older bar has the bar sent again
        # at its date, and a key pressed on the old bar while that one replaces it would never
        # reach a bar (the next trial's move would be lost to the test, not to the app).
        page.wait_for_selector(IDLE, timeout=MAP_TIMEOUT)
    assert page.locator("[data-testid='stException']").count() == 0
    assert app_errors(page) == []
