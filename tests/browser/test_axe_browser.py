"""axe-core on every page, in both languages, on a desk and (the map) on a phone: no serious or
critical violation of WCAG 2.2 A/AA or of axe's best practices, in the page and in its frames
(the map is a Leaflet map in streamlit-folium's iframe, where axe is run too). Issue #19.

axe-core comes from the ``axe-playwright-python`` package (requirements-dev.txt), which bundles
axe.min.js: nothing is fetched at run time."""

from __future__ import annotations

import os
import re

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


def _map_pin(violation: dict, node: dict) -> bool:
    """A map marker (town, event, base, cluster) that axe finds closer than 24 px to another.
    WCAG 2.5.8 exempts it as essential: "in digital maps, the position of pins is analogous to
    the position of places shown on the map. If there are many pins close together, the spacing
    between pins and neighboring pins will often be below 24 CSS pixels. It is essential to show
    the pins at the correct map location" (Understanding SC 2.5.8). axe fails a marker smaller
    than 24 px only when a neighbour is that close: one with room around it passes. The one
    exception this test makes; it names no Streamlit markup and no other rule."""
    return violation["id"] == "target-size" and "leaflet-marker-icon" in node["html"].split(">", 1)[0]


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
                if _map_pin(violation, node):
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


def test_every_map_marker_is_named(server, page):
    """What axe checks on the markers, said directly: each marker button (town, event, base) has
    a name for screen readers, a town's its name in the interface language. (A cluster badge is
    named by the number it shows.)"""
    page.set_viewport_size(DESK)
    page.goto(f"{server}/?date=2023-11-30&lang=fr", wait_until="domcontentloaded")
    frame = map_frame(page)
    markers = frame.eval_on_selector_all(
        ".leaflet-marker-icon.mcm-icon[role=button]",
        "els => els.map(e => [e.getAttribute('aria-label'), !!e.querySelector('.mcm-town')])",
    )
    assert markers
    assert [m for m in markers if not m[0]] == []
    towns = {m[0] for m in markers if m[1]}
    assert "Tombouctou" in towns and "Kidal" in towns, sorted(towns)
    # Events are named by their tooltip (date, type, actor), not by their glyph.
    assert any(re.match(r"\d{4}-\d{2}-\d{2} · ", m[0]) for m in markers if not m[1]), markers
    # The map's frame states the interface language too (static/map/legend.js).
    assert frame.evaluate("document.documentElement.lang") == "fr"
