"""The look shared by the map and the charts: family colours, event glyphs, marker sizes.

Keyed by the schema's vocabulary codes, so there is no second list to drift
(``tests/test_layers.py`` checks every family and event type has one).
"""

from __future__ import annotations

import math

import pandas as pd

#: Colour of each actor family (issue #19): any two stay at least 20 apart (CIEDE2000) for normal
#: vision and under simulated deuteranopia, protanopia and tritanopia, and apart from the white of
#: a hollow "no holder" town (tests/test_palette.py). The state blue, jihadists near black and the
#: Islamic State red keep the meanings readers know; in each deficiency the seven fall on lightness
#: steps as much as hues, which is why the foreign forces are a dark indigo and militias a light green.
FAMILY_COLORS: dict[str, str] = {
    "state": "#3b5eb3",
    "separatist": "#bd8b01",
    "jihadist": "#201116",
    "islamic_state": "#a91021",
    "militia": "#33cf98",
    "foreign": "#1f0a6a",
    "other": "#86858f",
}
#: The dashed edge of a town no source names a holder for on the date (drawn hollow: white inside).
UNKNOWN_COLOR = "#767676"
#: The neutral of the legend's sample markers (a status or a size, whatever the family).
SAMPLE_COLOR = "#555555"

#: A text glyph per event type (all in DejaVu Sans; U+FE0E asks for text, not emoji, rendering).
EVENT_GLYPHS: dict[str, str] = {
    "attack": "✕",
    "ambush": "⚡",
    "clash": "⚔",
    "suicide_bombing": "✹",
    "ied": "✵",
    "airstrike": "✈",
    "drone_strike": "▼",
    "massacre": "☠",
    "capture": "⚑",
    "withdrawal": "↩",
    "siege": "◎",
    "blockade": "▦",
    "kidnapping": "☍",
    "coup": "★",
    "agreement": "⚖",
    "deployment": "➲",
    "political": "◆",
}

#: The diameter of a town marker, in pixels.
TOWN_SIZE = 16


def family_color(family: object) -> str:
    """The colour of a family code; unknown codes get the "other" colour."""
    return FAMILY_COLORS.get(family, FAMILY_COLORS["other"]) if isinstance(family, str) else FAMILY_COLORS["other"]


#: The two inks a glyph or number drawn on a family colour can take (light, dark).
INKS = ("#ffffff", "#000000")


def relative_luminance(color: str) -> float:
    """WCAG 2 relative luminance of a ``#rrggbb`` colour (0 black to 1 white)."""
    channels = [int(color[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    r, g, b = (c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast_ratio(first: str, second: str) -> float:
    """WCAG 2 contrast ratio of two ``#rrggbb`` colours, 1 to 21."""
    light, dark = sorted((relative_luminance(first), relative_luminance(second)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def glyph_color(family: object) -> str:
    """The ink of a glyph or number drawn on a family's colour: whichever of :data:`INKS`
    contrasts more with it (tests/test_palette.py checks it reaches WCAG's 4.5:1)."""
    background = family_color(family)
    return max(INKS, key=lambda ink: contrast_ratio(ink, background))


#: Event marker diameters: from ``min`` pixels (no death), ``k`` more per square root of the toll,
#: at most ``max`` (static/map/cells.js gets the same numbers).
FATALITY_SIZE = {"min": 14, "max": 44, "k": 3.2}


def fatality_size(toll: float) -> int:
    """Marker diameter in pixels for a death toll: grows with its square root, 14 to 44."""
    toll = 0 if toll is None or pd.isna(toll) else max(float(toll), 0)
    return int(min(FATALITY_SIZE["max"], FATALITY_SIZE["min"] + FATALITY_SIZE["k"] * math.sqrt(toll)))


#: How a route is drawn in each status (issue #15): Leaflet path options. "unknown": no sourced
#: status on the date. Colour and dash (or width) both differ, so the statuses read without colour
#: too; the colours stay 20 apart (CIEDE2000) in the three colour-vision deficiencies (issue #19:
#: the old green "open" and red "blockaded" were 6 apart under deuteranopia), so "open" is teal.
ROUTE_STYLES: dict[str, dict[str, object]] = {
    "open": {"color": "#009ca0", "weight": 3, "opacity": 0.8, "dashArray": None},
    "attacked": {"color": "#e8671f", "weight": 4, "opacity": 0.9, "dashArray": "10 6"},
    "blockaded": {"color": "#9b1106", "weight": 5, "opacity": 0.9, "dashArray": None},
    "closed": {"color": "#000000", "weight": 5, "opacity": 0.9, "dashArray": "2 7"},
    "unknown": {"color": "#4f5256", "weight": 2, "opacity": 0.6, "dashArray": "1 6"},
}
#: The side of a base's square symbol, in pixels.
BASE_SIZE = 18
#: A blockade's ring around its town, in pixels.
BLOCKADE_SIZE = 34
#: The label on a base's symbol, by operator (actor_id); others show their name's first letters.
OPERATOR_LABELS: dict[str, str] = {
    "france": "FR",
    "minusma": "UN",
    "fama": "FAMa",
    "wagner": "WG",
    "africa_corps": "AC",
    "fla": "FLA",
    "jnim": "JNIM",
    "chad": "TD",
}
