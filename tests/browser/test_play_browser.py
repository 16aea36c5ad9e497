"""Play in a real browser: on the map the time bar plays (a custom period too), elsewhere
Streamlit's timer (a fragment's run_every) shows one month after another with no one touching
the page; both stop at the end of the record (issue #19)."""

from __future__ import annotations

from geo.i18n import t

from .test_map_browser import MAP_TIMEOUT, map_frame


def test_a_custom_period_plays_on_the_time_bar_and_stops_at_the_end(server, page):
    # A custom period moves in the browser (issue #18), so its time bar plays, month by month.
    page.goto(f"{server}/?date=2026-03-20&from=2026-01-01", wait_until="domcontentloaded")
    frame = map_frame(page)
    assert frame.locator(".mm-timebar").count() == 1
    page.get_by_role("button", name=t("en", "time.play")).click()
    for day in ("2026-04-20", "2026-05-20", "2026-06-04"):  # the last one clamped to the as-of date
        page.wait_for_function(
            f"() => location.search.includes('date={day}') && location.search.includes('from=2026-01-01')",
            timeout=MAP_TIMEOUT,
        )
    # At the record's end play stops: the button reads Play again and the date stays.
    page.get_by_role("button", name=t("en", "time.play")).wait_for(timeout=MAP_TIMEOUT)
    page.wait_for_timeout(2000)
    assert "date=2026-06-04" in page.evaluate("location.search")
    assert page.locator("[data-testid='stException']").count() == 0


def test_play_on_the_timeline_moves_on_the_ticker_fragment_and_stops_at_the_end(server, page):
    # A page with no fragment of its own: a small timed fragment asks for a full run per month.
    page.goto(f"{server}/timeline?date=2026-03-20", wait_until="domcontentloaded")
    page.get_by_role("button", name=t("en", "time.play")).click()
    for day in ("2026-04-20", "2026-05-20", "2026-06-04"):
        page.wait_for_function(f"() => location.search.includes('date={day}')", timeout=MAP_TIMEOUT)
    page.get_by_role("button", name=t("en", "time.play")).wait_for(timeout=MAP_TIMEOUT)
    page.wait_for_timeout(2000)
    assert "date=2026-06-04" in page.evaluate("location.search")
    assert page.locator("[data-testid='stException']").count() == 0
