"""axe-core on every page, in both languages, on a desk and (the map) on a phone: no serious or
critical violation of WCAG 2.2 A/AA or of axe's best practices, in the page and in its frames
(the map is a Leaflet map in streamlit-folium's iframe, where axe is run too). Issue #19.

axe-core comes from the ``axe-playwright-python`` package (requirements-dev.txt), which bundles
axe.min.js: nothing is fetched at run time."""

from __future__ import annotations

import os

import pytest

from .test_map_browser import MAP_TIMEOUT, map_frame
from .test_phone_browser import PAGES, PHONE

DESK = {"width": 1400, "height": 900}
#: WCAG 2.0, 2.1 and 2.2 at levels A and AA, and axe's best practices (heading order among them).
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa", "best-practice"]
#: Each frame is checked on its own (axe is injected into it), so axe does not wait on frames.
OPTIONS = {"resultTypes": ["violations"], "iframes": False, "runOnly": {"type": "tag", "values": TAGS}}
SEVERE = {"serious", "critical"}
#: Moderate in axe, but named in issue #19: headings that skip a level.
ALSO = {"heading-order"}
#: The pages with a Leaflet map (in streamlit-folium's frame), by their path.
MAP_PAGES = {"", "tours", "compare", "places"}

#: axe's own size rules for a marker: at least 24 px, or 24 px clear of its neighbours.
SIZE_OF = "e => { const r = e.getBoundingClientRect(); return [r.width, r.height]; }"


@pytest.fixture(scope="module")
def axe(browser):
    """axe-core, injected into a page or frame by ``axe.run(frame)``; like the browser, missing
    only skips outside CI."""
    try:
        from axe_playwright_python.sync_playwright import Axe
    except ImportError:
        missing = "the 'axe-playwright-python' package is not installed (requirements-dev.txt)"
        if os.environ.get("CI"):
            pytest.fail(f"accessibility tests must run in CI: {missing}")
        pytest.skip(missing)
    return Axe()


def _open(page, server, path: str, lang: str) -> None:
    page.goto(f"{server}/{path}{'&' if '?' in path else '?'}lang={lang}", wait_until="domcontentloaded")
    page.locator("[data-testid='stMainBlockContainer']").first.wait_for(timeout=MAP_TIMEOUT)
    if path.split("?")[0] in MAP_PAGES:
        map_frame(page)
    page.wait_for_selector("[data-testid='stApp'][data-test-script-state='notRunning']", timeout=MAP_TIMEOUT)
    # Charts and components draw after the script has run.
    page.wait_for_timeout(1500)


def _essential_marker(frame, violation: dict, node: dict) -> bool:
    """A map marker at least 24 x 24 px that axe finds too close to another marker. WCAG 2.5.8
    exempts it as essential: "in digital maps, the position of pins is analogous to the position of
    places shown on the map. If there are many pins close together, the spacing between pins ...
    will often be below 24 CSS pixels" (Understanding SC 2.5.8). A marker smaller than 24 px
    still fails."""
    if violation["id"] != "target-size" or len(node["target"]) != 1:
        return False
    selector = node["target"][0]
    if "leaflet-marker-icon" not in node["html"] or not frame.locator(selector).count():
        return False
    width, height = frame.eval_on_selector(selector, SIZE_OF)
    return width >= 24 and height >= 24


def violations(page, axe) -> list[str]:
    """Every serious or critical violation (and every skipped heading level) in the page and its
    frames, one line each: frame, rule, impact, target, help."""
    found = []
    for frame in page.frames:
        if frame.is_detached() or frame.url == "about:blank":
            continue
        where = "page" if frame is page.main_frame else f"frame {frame.url[:60]}"
        for violation in axe.run(frame, options=OPTIONS).response["violations"]:
            if violation["impact"] not in SEVERE and violation["id"] not in ALSO:
                continue
            for node in violation["nodes"]:
                if _essential_marker(frame, violation, node):
                    continue
                found.append(
                    f"{where}: {violation['id']} ({violation['impact']}) at {' > '.join(node['target'])}: "
                    f"{violation['help']}"
                )
    return found


def _check(page, server, axe, path: str, lang: str) -> None:
    _open(page, server, path, lang)
    # The page states the interface language (static/app/document_language.js).
    assert page.evaluate("document.documentElement.lang") == lang
    found = violations(page, axe)
    assert found == [], f"{len(found)} accessibility violations on /{path} ({lang}):\n" + "\n".join(found)


@pytest.mark.parametrize("lang", ["en", "fr"])
@pytest.mark.parametrize("path", PAGES)
def test_no_serious_accessibility_violation_on_a_desk(server, page, axe, path, lang):
    page.set_viewport_size(DESK)
    _check(page, server, axe, path, lang)


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_no_serious_accessibility_violation_on_the_map_on_a_phone(server, page, axe, lang):
    page.set_viewport_size(PHONE)
    _check(page, server, axe, "?date=2023-11-30", lang)


def test_every_map_marker_is_named_and_at_least_24_px(server, page):
    """What axe checks on the markers, said directly: each marker button (town, event, base) has
    a name (a town's is the town's name) and a box of at least 24 x 24 px however small its mark.
    (A cluster badge is named by the number it shows, and is 26 px or more.)"""
    page.set_viewport_size(DESK)
    page.goto(f"{server}/?date=2023-11-30&lang=fr", wait_until="domcontentloaded")
    frame = map_frame(page)
    markers = frame.eval_on_selector_all(
        ".leaflet-marker-icon.mcm-icon[role=button]",
        "els => els.map(e => [e.getAttribute('aria-label'), e.getBoundingClientRect().width,"
        " e.getBoundingClientRect().height, !!e.querySelector('.mcm-town')])",
    )
    assert markers
    assert [m for m in markers if not m[0] or m[1] < 24 or m[2] < 24] == []
    towns = {m[0] for m in markers if m[3]}
    assert "Tombouctou" in towns and "Kidal" in towns, sorted(towns)
    # The map's frame states the interface language too (static/map/legend.js).
    assert frame.evaluate("document.documentElement.lang") == "fr"
