"""The look shared by the map and the charts: family colours, event glyphs, marker sizes.

Keyed by the schema's vocabulary codes, so there is no second list to drift
(``tests/test_layers.py`` checks every family and event type has one).
"""

from __future__ import annotations

import math

import pandas as pd

#: Colour of each actor family (colour-blind-safe, Okabe-Ito based).
FAMILY_COLORS: dict[str, str] = {
    "state": "#0072B2",
    "separatist": "#E69F00",
    "jihadist": "#1a1a1a",
    "islamic_state": "#CC0000",
    "militia": "#009E73",
    "foreign": "#CC79A7",
    "other": "#8c8c8c",
}
#: A town no source names a holder for on the date.
UNKNOWN_COLOR = "#bdbdbd"

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


#: Event marker diameters: from ``min`` pixels (no death), ``k`` more per square root of the toll,
#: at most ``max`` (static/map/cells.js gets the same numbers).
FATALITY_SIZE = {"min": 14, "max": 44, "k": 3.2}


def fatality_size(toll: float) -> int:
    """Marker diameter in pixels for a death toll: grows with its square root, 14 to 44."""
    toll = 0 if toll is None or pd.isna(toll) else max(float(toll), 0)
    return int(min(FATALITY_SIZE["max"], FATALITY_SIZE["min"] + FATALITY_SIZE["k"] * math.sqrt(toll)))
