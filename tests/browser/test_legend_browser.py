"""The legend a newcomer reads: it explains towns, events and the numbers on markers, covers no
town, and starts folded on a phone (issue #19)."""

from __future__ import annotations

import pytest

from geo.i18n import t
from geo.schema import EVENT_TYPES

from .conftest import screenshot
from .test_map_browser import map_frame

OVERLAPS = """legend => {
  const box = legend.getBoundingClientRect();
  return [...document.querySelectorAll('.leaflet-marker-pane .mcm-town')].filter(town => {
    const r = town.getBoundingClientRect();
    return r.right > box.left && r.left < box.right && r.bottom > box.top && r.top < box.bottom;
  }).length;
}"""

#: Points of western Mali (Kayes region: its western tip, Kayes, Kéniéba, Nioro du Sahel, Kita).
WEST = [(14.9, -12.1), (14.45, -11.43), (12.84, -11.24), (15.23, -9.59), (13.03, -9.49)]
UNDER_LEGEND = """([legend, points]) => {
  const box = legend.getBoundingClientRect(), map = window.map.getContainer().getBoundingClientRect();
  return points.filter(([lat, lon]) => {
    const p = window.map.latLngToContainerPoint([lat, lon]);
    const x = map.left + p.x, y = map.top + p.y;
    return x >= box.left && x <= box.right && y >= box.top && y <= box.bottom;
  });
}"""


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_the_legend_explains_every_symbol_and_covers_no_town(server, page, lang):
    page.goto(f"{server}/?date=2013-01-25&window=365&lang={lang}", wait_until="domcontentloaded")
    frame = map_frame(page)
    legend = frame.locator(".mcm-legend").first
    assert frame.locator(".leaflet-top.leaflet-left .mcm-legend").count() == 1
    assert legend.locator("details").first.evaluate("d => d.open")
    text = legend.inner_text()
    # Each event symbol with its label, one click away (the list would cover western Mali).
    legend.locator(".mcm-legend-symbols summary").click()
    symbols = legend.locator(".mcm-legend-symbols").inner_text()
    for code in EVENT_TYPES:
        assert t(lang, f"event_type.{code}") in symbols, code
    for key in ("legend.clusters", "legend.groups"):
        assert t(lang, key) in symbols, key
    for key in ("legend.events_explain", "legend.symbols", "legend.holders"):
        assert t(lang, key) in text, key
    legend.locator(".mcm-legend-symbols summary").click()  # folded again
    assert legend.evaluate(OVERLAPS) == 0
    assert frame.evaluate(UNDER_LEGEND, [legend.element_handle(), WEST]) == []
    legend.screenshot(path=str(screenshot(page, f"legend-{lang}").with_name(f"legend-box-{lang}.png")))


def test_the_legend_starts_folded_on_a_phone(server, browser):
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    page = context.new_page()
    try:
        page.goto(f"{server}/?date=2013-01-25", wait_until="domcontentloaded")
        frame = map_frame(page)
        details = frame.locator(".mcm-legend details").first
        assert not details.evaluate("d => d.open")
        # The folded legend leaves no room aside: Mali is whole on the phone's map, west to east.
        inside = frame.evaluate(
            "() => [[14.45, -11.43], [12.65, -8.0], [15.92, 2.40], [19.5, 3.4]].every(([lat, lon]) => {"
            " const p = window.map.latLngToContainerPoint([lat, lon]), s = window.map.getSize();"
            " return p.x >= 0 && p.x <= s.x && p.y >= 0 && p.y <= s.y; })"
        )
        assert inside
        frame.locator(".mcm-legend summary").first.click()
        assert details.evaluate("d => d.open")
        page.wait_for_timeout(300)
        screenshot(page, "legend-phone-open")
    finally:
        context.close()
