"""The palette reads under the common colour-vision deficiencies, and what is drawn on it reads
too (issue #19).

Colour differences are CIEDE2000 in CIELAB (D65); deficiencies are simulated with Machado,
Oliveira and Fernandes (2009) at severity 1 (deuteranopia, protanopia, tritanopia) on linear
sRGB, clipped to the displayable range. Both come from colour-science, a dev-only library: the
app never imports it.
"""

from __future__ import annotations

import itertools
import re
import warnings
from pathlib import Path

import numpy as np
import pytest

from geo import map as layers
from geo.events import events_between
from geo.map.elements import Points
from geo.map.markers import cell_options
from geo.map.popups import legend
from geo.schema import FAMILIES
from geo.style import (
    FAMILY_COLORS,
    INKS,
    ROUTE_STYLES,
    UNKNOWN_COLOR,
    contrast_ratio,
    family_color,
    glyph_color,
)

# colour-science warns that its tritanopia matrices approximate the deficiency (Machado et al. do
# model it by a shift of the S cone, unlike the other two): they are still the published ones.
pytestmark = pytest.mark.filterwarnings("ignore:.*simulation of tritanomaly")

with warnings.catch_warnings():
    # colour-science warns that SciPy (which none of the functions used here needs) is absent.
    warnings.simplefilter("ignore")
    import colour

ROOT = Path(__file__).resolve().parents[1]
VISIONS = {"normal": None, "deuteranopia": "Deuteranomaly", "protanopia": "Protanomaly", "tritanopia": "Tritanomaly"}
D65 = colour.CCS_ILLUMINANTS["CIE 1931 2 Degree Standard Observer"]["D65"]
#: The least CIEDE2000 difference between any two colours a reader must tell apart, in every
#: vision (issue #19). 20 is well past "clearly different" (about 5) and holds for small marks.
MIN_DELTA_E = 20
#: What a hollow "no holder" town shows inside: a filled family marker must not pass for it.
HOLLOW = "#ffffff"
#: WCAG 2: small text needs 4.5:1.
MIN_TEXT_CONTRAST = 4.5


def lab(color: str, vision: str) -> np.ndarray:
    """CIELAB (D65) of ``#rrggbb`` as a reader with ``vision`` sees it."""
    rgb = np.array([int(color[i : i + 2], 16) / 255 for i in (1, 3, 5)])
    linear = colour.models.eotf_sRGB(rgb)
    if VISIONS[vision]:
        linear = np.clip(colour.matrix_cvd_Machado2009(VISIONS[vision], 1) @ linear, 0, 1)
    return colour.XYZ_to_Lab(colour.RGB_to_XYZ(linear, "sRGB"), D65)


def delta_e(first: str, second: str, vision: str) -> float:
    return float(colour.delta_E(lab(first, vision), lab(second, vision), method="CIE 2000"))


def closest(colors: dict[str, str], vision: str) -> tuple[float, str, str]:
    """The least difference between two of ``colors`` and which two."""
    return min((delta_e(colors[a], colors[b], vision), a, b) for a, b in itertools.combinations(colors, 2))


def test_the_simulation_reproduces_the_figures_of_the_issue():
    # Issue #19 measured the old palette: Okabe-Ito's vermilion-free set had "foreign" and
    # "other" 7.5 apart under deuteranopia and "state" and "foreign" 12.2 under protanopia.
    assert delta_e("#CC79A7", "#8c8c8c", "deuteranopia") == pytest.approx(7.5, abs=0.05)
    assert delta_e("#0072B2", "#CC79A7", "protanopia") == pytest.approx(12.2, abs=0.05)
    assert delta_e("#0072B2", "#0072B2", "tritanopia") == 0


@pytest.mark.parametrize("vision", VISIONS)
def test_family_colours_stay_apart_in_every_vision(vision):
    # The seven families, and the white a "no holder" town is drawn with (hollow, dashed edge).
    colors = {**FAMILY_COLORS, "hollow": HOLLOW}
    assert set(FAMILY_COLORS) == set(FAMILIES)
    difference, a, b = closest(colors, vision)
    assert difference >= MIN_DELTA_E, f"{a} and {b} are {difference:.1f} apart under {vision}"


@pytest.mark.parametrize("vision", VISIONS)
def test_route_status_colours_stay_apart_in_every_vision(vision):
    colors = {status: str(style["color"]) for status, style in ROUTE_STYLES.items()}
    difference, a, b = closest(colors, vision)
    assert difference >= MIN_DELTA_E, f"{a} and {b} are {difference:.1f} apart under {vision}"


def test_route_statuses_differ_without_colour_too():
    # Dash and width, as a grey print or a reader without colour vision sees them.
    looks = {(style["dashArray"], style["weight"]) for style in ROUTE_STYLES.values()}
    assert len(looks) == len(ROUTE_STYLES)


def test_the_palette_keeps_its_meanings():
    # The conventions readers know: the state blue, jihadists dark, the Islamic State red.
    def hue_chroma(color):
        lightness, a, b = lab(color, "normal")
        return lightness, float(np.degrees(np.arctan2(b, a)) % 360), float(np.hypot(a, b))

    lightness, hue, chroma = hue_chroma(FAMILY_COLORS["state"])
    assert 230 <= hue <= 300 and chroma >= 30
    lightness, hue, chroma = hue_chroma(FAMILY_COLORS["jihadist"])
    assert lightness <= 20 and chroma <= 15
    lightness, hue, chroma = hue_chroma(FAMILY_COLORS["islamic_state"])
    assert (hue <= 45 or hue >= 345) and chroma >= 50
    lightness, hue, chroma = hue_chroma(FAMILY_COLORS["other"])
    assert chroma <= 8


def test_wcag_contrast_ratio():
    assert contrast_ratio("#ffffff", "#000000") == pytest.approx(21)
    assert contrast_ratio("#767676", "#ffffff") == pytest.approx(4.54, abs=0.01)
    assert contrast_ratio("#E69F00", "#ffffff") == pytest.approx(2.25, abs=0.01)  # issue #19's orange


def event_opacity() -> float:
    """The opacity the map's stylesheet gives event markers (their glyph fades with them)."""
    css = (ROOT / "static/map/map.css").read_text(encoding="utf-8")
    rule = re.search(r"\.mcm-event \{([^}]*)\}", css).group(1)
    return float(re.search(r"opacity:\s*([\d.]+)", rule).group(1))


def over(color: str, base: str, alpha: float) -> str:
    """``color`` at ``alpha`` over ``base``, as a browser composites it (in sRGB)."""
    mixed = [round(alpha * int(color[i : i + 2], 16) + (1 - alpha) * int(base[i : i + 2], 16)) for i in (1, 3, 5)]
    return "#" + "".join(f"{v:02x}" for v in mixed)


@pytest.mark.parametrize("family", FAMILIES)
def test_glyphs_on_a_family_colour_reach_wcag_text_contrast(family):
    ink, background = glyph_color(family), family_color(family)
    assert ink in INKS
    assert contrast_ratio(ink, background) >= MIN_TEXT_CONTRAST
    # Event markers are translucent: over the lightest and the darkest map the glyph still reads.
    alpha = event_opacity()
    for base in ("#ffffff", "#000000"):
        shown = contrast_ratio(over(ink, base, alpha), over(background, base, alpha))
        assert shown >= MIN_TEXT_CONTRAST, f"{family} over {base}: {shown:.2f}"


def test_event_markers_draw_their_glyph_in_the_family_ink(tiny):
    events = events_between(tiny, "2012-01-01", "2014-12-31")
    group = layers.events_layer(events, None, tiny.actors, tiny.sources, "en")
    (element,) = [child for child in group._children.values() if isinstance(child, Points)]
    points = element.points
    assert points
    for point in points:
        color = re.search(r"--c:(#[0-9a-fA-F]{6})", point["icon"]).group(1)
        ink = re.search(r"--ink:(#[0-9a-fA-F]{6})", point["icon"]).group(1)
        assert contrast_ratio(ink, color) >= MIN_TEXT_CONTRAST
    options = cell_options(30, "en")
    assert len(options["inks"]) == len(options["colors"])
    assert all(contrast_ratio(i, c) >= MIN_TEXT_CONTRAST for i, c in zip(options["inks"], options["colors"]))
    assert "--ink:{ink}" in options["icon"]
    css = (ROOT / "static/map/map.css").read_text(encoding="utf-8")
    assert "color: var(--ink" in re.search(r"\.mcm-event \{([^}]*)\}", css).group(1)


def test_lineage_labels_read_on_their_tinted_boxes():
    # geo.charts.lineage_dot fills a node with its family colour at alpha 0x55, black text on it.
    for family in FAMILIES:
        tint = over(FAMILY_COLORS[family], "#ffffff", 0x55 / 255)
        assert contrast_ratio("#000000", tint) >= MIN_TEXT_CONTRAST, family


def test_the_hollow_marker_edge_is_a_visible_neutral():
    # WCAG's 3:1 for the parts of a graphic needed to understand it: the dashed ring on white.
    assert contrast_ratio(UNKNOWN_COLOR, "#ffffff") >= 3
    _, a, b = lab(UNKNOWN_COLOR, "normal")
    assert np.hypot(a, b) < 2


#: The colours issue #19 replaced: the old family palette, the "no holder" greys (style and
#: stylesheet), the route colours and the blockade ring's tint of the old "blockaded" red.
OLD_COLORS = (
    "#0072B2",
    "#E69F00",
    "#1a1a1a",
    "#CC0000",
    "#009E73",
    "#CC79A7",
    "#8c8c8c",
    "#bdbdbd",
    "#757575",
    "#2b8a3e",
    "#e8590c",
    "#c92a2a",
    "#212529",
    "#868e96",
)


def test_no_old_palette_colour_survives_in_the_code():
    files = [ROOT / "app.py"] + [
        path
        for folder in ("geo", "ui", "pages", "static")
        for path in (ROOT / folder).rglob("*")
        if path.suffix in {".py", ".js", ".css", ".html", ".toml"} and "vendor" not in path.parts
    ]
    literals = [re.escape(c) + r"\b" for c in OLD_COLORS] + [r"rgba?\(\s*201\s*,\s*42\s*,\s*42\b"]
    pattern = re.compile("|".join(literals), re.IGNORECASE)
    found = [
        f"{path.relative_to(ROOT)}: {match.group(0)}"
        for path in files
        for match in pattern.finditer(path.read_text(encoding="utf-8"))
    ]
    assert len(files) > 50 and found == []


def test_the_legend_shows_the_palette_it_explains():
    html = legend("en")
    for family in FAMILIES:
        assert f"background:{FAMILY_COLORS[family]}" in html
    assert f"--c:{FAMILY_COLORS['foreign']}" in html and f"--c:{FAMILY_COLORS['state']}" in html
    assert f"--c:{UNKNOWN_COLOR}" in html
