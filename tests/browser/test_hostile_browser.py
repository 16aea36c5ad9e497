"""Hostile text in an upload, in a real browser: nothing runs, nothing loads, the text shows as typed (issue #12)."""

from __future__ import annotations

from urllib.parse import urlsplit

from .conftest import screenshot
from .test_map_browser import MAP_TIMEOUT, map_frame

HOSTILE = "tests/fixtures/hostile/events.csv"
#: Hosts the payloads point at: the page must never request them.
OUTSIDE = ("evil.example", "127.0.0.9")


def watch(page) -> dict:
    """Dialogs and requests to the payloads' hosts, as they happen."""
    seen = {"dialogs": [], "requests": []}

    def on_dialog(dialog):
        seen["dialogs"].append(dialog.message)
        dialog.dismiss()

    page.on("dialog", on_dialog)
    page.on("request", lambda r: seen["requests"].append(r.url) if urlsplit(r.url).hostname in OUTSIDE else None)
    return seen


def pwned(page) -> list[str]:
    """The frames in which a payload's script set window.__pwned."""
    flagged = []
    for frame in page.frames:
        try:
            if frame.evaluate("() => window.__pwned !== undefined"):
                flagged.append(frame.url)
        except Exception:  # a frame that went away while Streamlit reran
            pass
    return flagged


def test_a_hostile_upload_runs_nothing_and_shows_its_text(server, page):
    from benchmarks.harness import REPO

    seen = watch(page)
    page.goto(f"{server}/data?date=2013-07-15&window=30&types=attack", wait_until="domcontentloaded")
    page.locator("input[type='file']").set_input_files(str(REPO / HOSTILE))
    page.get_by_text("Imported").first.wait_for(timeout=MAP_TIMEOUT)
    # The actor names listed in the import's warning, as typed.
    page.get_by_text("{{ 'zq' ~ 'jx' }}", exact=False).first.wait_for(timeout=MAP_TIMEOUT)
    warnings = " ".join(page.locator("[data-testid='stAlert']").all_inner_texts()).replace("\u2060", "")
    assert "![x](http://127.0.0.9:9/beacon.png)" in warnings
    screenshot(page, "hostile-data")

    # In this view (set by the link the session started from) the one event on the map is a
    # hostile one: its popup shows the text as typed.
    page.get_by_role("link", name="Map").first.click()
    frame = map_frame(page)
    marker = frame.locator(".leaflet-marker-pane .mcm-event")
    marker.first.wait_for(timeout=MAP_TIMEOUT)
    assert marker.count() == 1
    marker.first.click()
    popup = frame.locator(".leaflet-popup-content")
    popup.wait_for(timeout=MAP_TIMEOUT)
    assert "<script>window.__pwned = 1</script> (description html_script)" in popup.inner_text()
    screenshot(page, "hostile-map-popup")

    page.get_by_role("link", name="Actors").first.click()
    page.locator("h1").first.wait_for(timeout=MAP_TIMEOUT)
    page.wait_for_timeout(1500)

    assert page.locator("[data-testid='stException']").count() == 0
    assert not pwned(page)
    assert not seen["dialogs"], seen["dialogs"]
    assert not seen["requests"], seen["requests"]


def test_a_hostile_link_shows_its_text_not_a_link(server, page):
    seen = watch(page)
    page.goto(
        f"{server}/?date=[Session expired - log in again](https://evil.example/login)", wait_until="domcontentloaded"
    )
    page.get_by_text("Session expired - log in again", exact=False).first.wait_for(timeout=MAP_TIMEOUT)
    alert = page.locator("[data-testid='stAlert']").first
    # ui.plain puts an invisible word joiner after each dot (no autolink); the text reads the same.
    assert "[Session expired - log in again](https://evil.example/login)" in alert.inner_text().replace("\u2060", "")
    assert alert.locator("a").count() == 0 and alert.locator("img").count() == 0
    page.goto(f"{server}/?date=![x](http://127.0.0.9:9/beacon.png)", wait_until="domcontentloaded")
    page.get_by_text("beacon", exact=False).first.wait_for(timeout=MAP_TIMEOUT)
    page.wait_for_timeout(500)
    assert page.locator("[data-testid='stAlert'] img").count() == 0
    assert not seen["requests"] and not seen["dialogs"]
