"""The briefing's map image, drawn with matplotlib (no browser, no tiles).

matplotlib is the well-kept, widely packaged plotting library that renders a map of polygons,
markers, a legend, a scale bar and a north arrow to PNG or PDF without a display. The
object-oriented API (``Figure``, not ``pyplot``) keeps it thread-safe under Streamlit.
"""

from __future__ import annotations

import io
import math

import pandas as pd
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Polygon

from geo.brief.content import Briefing
from geo.i18n import t
from geo.schema import FAMILIES, KEY_PLACES
from geo.style import UNKNOWN_COLOR, family_color

#: The map's extent (lon, lat): Mali with a small margin.
EXTENT = (-12.6, 4.6, 9.9, 25.3)
#: Marker of a town by status; a town no source names a holder for is a hollow circle.
STATUS_MARKERS = {"control": "o", "contested": "D", "besieged": "s"}
#: Length of the scale bar, in kilometres.
SCALE_KM = 300


def _regions(axes, regions: dict | None) -> None:
    if not regions:
        return
    for feature in regions["features"]:
        geometry = feature["geometry"]
        polygons = geometry["coordinates"] if geometry["type"] == "MultiPolygon" else [geometry["coordinates"]]
        for polygon in polygons:
            axes.add_patch(Polygon(polygon[0], closed=True, facecolor="#f4f4f0", edgecolor="#9a9a9a", linewidth=0.6))


def _events(axes, events: pd.DataFrame) -> None:
    if events.empty:
        return
    located = events.dropna(subset=["lat", "lon"])
    tolls = located["fatalities_low"].astype("float64").fillna(0).clip(lower=0)
    axes.scatter(
        located["lon"],
        located["lat"],
        s=12 + 6 * tolls.pow(0.5) * 4,
        c=[family_color(f) for f in located["family"]],
        alpha=0.45,
        linewidths=0.4,
        edgecolors="white",
        zorder=3,
    )


def _towns(axes, towns: pd.DataFrame, briefing: Briefing) -> None:
    for town in towns.itertuples(index=False):
        if isinstance(town.family, str):
            marker = STATUS_MARKERS.get(town.status, "o")
            axes.plot(
                town.lon,
                town.lat,
                marker=marker,
                markersize=7,
                color=family_color(town.family),
                markeredgecolor="white" if town.status == "control" else "#222222",
                markeredgewidth=1.0,
                zorder=5,
            )
        else:
            axes.plot(
                town.lon,
                town.lat,
                marker="o",
                markersize=6,
                markerfacecolor="white",
                markeredgecolor=UNKNOWN_COLOR,
                markeredgewidth=1.2,
                zorder=4,
            )
    changed = set(briefing.shot.changes["place_id"]) if not briefing.shot.changes.empty else set()
    for town in towns.itertuples(index=False):
        if town.place_id in KEY_PLACES or town.place_id in changed:
            axes.annotate(
                briefing.names.get(town.place_id, town.place_id),
                (town.lon, town.lat),
                xytext=(4, 3),
                textcoords="offset points",
                fontsize=6.5,
                zorder=6,
                bbox={"boxstyle": "round,pad=0.1", "facecolor": "white", "edgecolor": "none", "alpha": 0.7},
            )


def _legend(axes, briefing: Briefing) -> None:
    lang = briefing.lang
    held = briefing.shot.held
    handles = [
        Line2D(
            [],
            [],
            marker="o",
            linestyle="",
            color=family_color(f),
            markeredgecolor="white",
            label=t(lang, f"family.{f}"),
        )
        for f in FAMILIES
        if held.get(f)
    ]
    handles.append(
        Line2D(
            [],
            [],
            marker="o",
            linestyle="",
            markerfacecolor="white",
            markeredgecolor=UNKNOWN_COLOR,
            label=t(lang, "legend.unknown"),
        )
    )
    statuses = set(briefing.shot.towns["status"].dropna())
    handles += [
        Line2D(
            [],
            [],
            marker=STATUS_MARKERS[s],
            linestyle="",
            color="#777777",
            markeredgecolor="#222222",
            label=t(lang, f"status.{s}"),
        )
        for s in ("contested", "besieged")
        if s in statuses
    ]
    if not briefing.shot.events.empty:
        handles.append(
            Line2D(
                [],
                [],
                marker="o",
                linestyle="",
                color="#999999",
                alpha=0.5,
                markersize=9,
                label=t(lang, "legend.events"),
            )
        )
    axes.legend(
        handles=handles, loc="lower left", fontsize=6.5, title=t(lang, "legend.title"), title_fontsize=7, framealpha=0.9
    )


def _scale_and_north(axes) -> None:
    lon0, lat0 = EXTENT[1] - 5.6, EXTENT[2] + 0.7
    degrees = SCALE_KM / (111.32 * math.cos(math.radians(lat0)))
    axes.plot([lon0, lon0 + degrees], [lat0, lat0], color="#222222", linewidth=2, zorder=7)
    axes.text(lon0 + degrees / 2, lat0 + 0.25, f"{SCALE_KM} km", ha="center", fontsize=6.5, zorder=7)
    x, y = EXTENT[1] - 0.8, EXTENT[3] - 2.2
    axes.annotate(
        "N",
        xy=(x, y + 1.4),
        xytext=(x, y),
        ha="center",
        fontsize=8,
        fontweight="bold",
        arrowprops={"arrowstyle": "-|>", "color": "#222222"},
        zorder=7,
    )


def map_figure(
    briefing: Briefing, regions: dict | None, size: tuple[float, float] = (7.2, 6.2), title: bool = True
) -> Figure:
    """The map of a briefing: regions, towns by holder and status, events sized by fatalities
    (with the briefing's title above it unless ``title`` is False: the PDF has its own)."""
    figure = Figure(figsize=size, dpi=150, layout="constrained")
    axes = figure.add_subplot()
    axes.set_xlim(EXTENT[0], EXTENT[1])
    axes.set_ylim(EXTENT[2], EXTENT[3])
    axes.set_aspect(1 / math.cos(math.radians((EXTENT[2] + EXTENT[3]) / 2)))
    axes.set_facecolor("#ececec")
    axes.tick_params(labelsize=6)
    _regions(axes, regions)
    _events(axes, briefing.shot.events)
    _towns(axes, briefing.shot.towns, briefing)
    _legend(axes, briefing)
    _scale_and_north(axes)
    if title:
        axes.set_title(briefing.title, fontsize=9)
    return figure


def map_png(briefing: Briefing, regions: dict | None) -> bytes:
    """The briefing's map as PNG bytes."""
    buffer = io.BytesIO()
    map_figure(briefing, regions).savefig(buffer, format="png")
    return buffer.getvalue()
