"""Map layers: the only module that imports folium.

Functions take frames and return folium objects. The base map (tiles, regions, controls,
legend) depends only on the language and base layer, so it is identical between reruns;
the date-dependent layers are feature groups sent separately (st_folium's
``feature_group_to_add``), so moving the slider never rebuilds the map.

Every data string is escaped here: Leaflet tooltips and popups render HTML.
"""

from __future__ import annotations

import html
import json
import math
import re
import weakref
from collections.abc import Iterable
from pathlib import Path

import branca.element
import folium
import folium.plugins
import pandas as pd
from branca.element import MacroElement
from folium.elements import JSCSSMixin
from jinja2 import Template

from geo.events import grid_cells
from geo.i18n import place_name, t
from geo.schema import EVENT_TYPES, FAMILIES, KEY_PLACES, split_list


class _Verbatim(branca.element.Element):
    """Text that goes into the page as it is: never compiled or rendered as a template.

    branca's MacroElement.render wraps each rendered macro in ``Element(text)``, which compiles
    the text as a Jinja template and renders it again with the page: any ``{{ … }}`` in the
    data a macro carried (an uploaded note, say) would then run on the server (issue #12).
    """

    def __init__(self, text: str):
        super().__init__()
        self._text = text

    def render(self, **kwargs) -> str:
        return self._text


class SafeMacroElement(MacroElement):
    """A MacroElement whose rendered header, html and script reach the page verbatim.

    Every element of this module that carries data derives from it: its template is the
    project's own source, the data are values, and the output is never a template again.
    """

    def render(self, **kwargs) -> None:
        figure = self.get_root()
        if not isinstance(figure, branca.element.Figure):
            raise TypeError("an element can be rendered only inside a Figure")
        module = self._template.module
        for part, target in (("header", figure.header), ("html", figure.html), ("script", figure.script)):
            macro = getattr(module, part, None)
            if macro is not None:
                target.add_child(_Verbatim(str(macro(self, kwargs))), name=self.get_name())
        for element in self._children.values():
            element.render(**kwargs)


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

_ESRI = "https://server.arcgisonline.com/ArcGIS/rest/services"
_ESRI_CANVAS = "Tiles &copy; Esri &mdash; Esri, DeLorme, NAVTEQ"
_OSM = '&copy; <a href="https://www.openstreetmap.org/copyright">OpenStreetMap</a> contributors'
#: Base layers: key -> (tile URL, attribution, max zoom). Free services that need no API key.
BASE_LAYERS: dict[str, tuple[str, str, int]] = {
    "light": (f"{_ESRI}/Canvas/World_Light_Gray_Base/MapServer/tile/{{z}}/{{y}}/{{x}}", _ESRI_CANVAS, 16),
    "street": ("https://tile.openstreetmap.org/{z}/{x}/{y}.png", _OSM, 19),
    "dark": (f"{_ESRI}/Canvas/World_Dark_Gray_Base/MapServer/tile/{{z}}/{{y}}/{{x}}", _ESRI_CANVAS, 16),
    "satellite": (
        f"{_ESRI}/World_Imagery/MapServer/tile/{{z}}/{{y}}/{{x}}",
        "Tiles &copy; Esri &mdash; Source: Esri, i-cubed, USDA, USGS, AEX, GeoEye, Getmapping, Aerogrid, IGN, IGP, "
        "UPR-EGP, and the GIS User Community",
        18,
    ),
    "topo": (
        "https://{s}.tile.opentopomap.org/{z}/{x}/{y}.png",
        f'Map data: {_OSM}, SRTM | Map style: &copy; <a href="https://opentopomap.org">OpenTopoMap</a> (CC-BY-SA)',
        17,
    ),
}

MALI_CENTER = (17.4, -4.0)
#: Mali's extent, which the map fits on opening.
MALI_BOUNDS = [[10.1, -12.3], [25.0, 4.3]]
MALI_ZOOM = 5

#: The CDN files folium asks for, and the vendored copies (static/vendor/) the app serves
#: itself, so that the map also works offline (only the tiles are then missing).
_JSDELIVR = "https://cdn.jsdelivr.net"
_CDNJS = "https://cdnjs.cloudflare.com/ajax/libs"
_HEAT = f"{_JSDELIVR}/gh/python-visualization/folium@main/folium/templates/leaflet_heat.min.js"
_CLUSTER = f"{_CDNJS}/leaflet.markercluster/1.1.0"
_FULLSCREEN = f"{_JSDELIVR}/npm/leaflet.fullscreen@3.0.0"
_MINIMAP = f"{_CDNJS}/leaflet-minimap/3.6.1"
LOCAL_ASSETS: dict[str, str] = {
    f"{_JSDELIVR}/npm/leaflet@1.9.3/dist/leaflet.js": "leaflet@1.9.3/leaflet.js",
    f"{_JSDELIVR}/npm/leaflet@1.9.3/dist/leaflet.css": "leaflet@1.9.3/leaflet.css",
    f"{_FULLSCREEN}/Control.FullScreen.min.js": "leaflet.fullscreen@3.0.0/Control.FullScreen.js",
    f"{_FULLSCREEN}/Control.FullScreen.css": "leaflet.fullscreen@3.0.0/Control.FullScreen.css",
    f"{_MINIMAP}/Control.MiniMap.js": "leaflet-minimap@3.6.1/Control.MiniMap.min.js",
    f"{_MINIMAP}/Control.MiniMap.css": "leaflet-minimap@3.6.1/Control.MiniMap.min.css",
    _HEAT: "folium-heat/leaflet_heat.min.js",
    f"{_CLUSTER}/leaflet.markercluster.js": "leaflet.markercluster@1.1.0/leaflet.markercluster.js",
    f"{_CLUSTER}/MarkerCluster.css": "leaflet.markercluster@1.1.0/MarkerCluster.css",
    f"{_CLUSTER}/MarkerCluster.Default.css": "leaflet.markercluster@1.1.0/MarkerCluster.Default.css",
}

_STYLE = """
.mcm-icon { background: none; border: none; }
.mcm-town { position: relative; width: 16px; height: 16px; }
.mcm-town .mcm-mark { position: absolute; left: 1px; top: 1px; width: 14px; height: 14px; border-radius: 50%;
  background: var(--c); border: 2px solid #fff; box-shadow: 0 0 2px rgba(0,0,0,.8); box-sizing: border-box; }
.mcm-town.mcm-contested .mcm-mark { border-radius: 2px; transform: rotate(45deg);
  background: repeating-linear-gradient(45deg, var(--c) 0 3px, #fff 3px 5px); border-color: var(--c); }
.mcm-town.mcm-besieged .mcm-mark { box-shadow: 0 0 0 2px #fff, 0 0 0 4px #d62728; }
.mcm-town.mcm-unknown .mcm-mark { background: #fff; border: 2px dashed #757575; }
.mcm-town .mcm-label { position: absolute; left: 18px; top: -2px; white-space: nowrap; font: 600 12px/18px sans-serif;
  color: #222; text-shadow: 0 0 3px #fff, 0 0 3px #fff, 0 0 3px #fff; pointer-events: none; }
.mcm-event { display: flex; align-items: center; justify-content: center; border-radius: 50%;
  background: var(--c); color: #fff; border: 1px solid #fff; box-shadow: 0 0 2px rgba(0,0,0,.7);
  font: 11px/1 "DejaVu Sans", sans-serif; opacity: .88; box-sizing: border-box; }
.mcm-event.mcm-group { border: 2px solid #fff; font-weight: 700; }
.mcm-cluster { display: flex; align-items: center; justify-content: center; border-radius: 50%;
  background: rgba(255,255,255,.9); border: 2px solid #444; box-shadow: 0 0 3px rgba(0,0,0,.5);
  font: 700 11px/1 sans-serif; color: #222; }
.mcm-popup { font: 13px/1.35 sans-serif; max-width: 320px; }
.mcm-popup h4 { margin: 0 0 4px; font-size: 14px; }
.mcm-popup .mcm-muted { color: #666; }
.mcm-legend { background: rgba(255,255,255,.93);
  padding: 6px 9px; border-radius: 6px; box-shadow: 0 1px 4px rgba(0,0,0,.35); font: 11px/1.3 sans-serif;
  width: 190px; max-height: 70vh; overflow-y: auto; }
.mcm-legend summary { cursor: pointer; }
.mm-timebar { position: absolute; z-index: 1000; top: 10px; left: 56px; right: 56px; max-width: 640px;
  margin: 0 auto; background: rgba(255,255,255,.95); border-radius: 6px; box-shadow: 0 1px 4px rgba(0,0,0,.35);
  padding: 4px 10px; font: 13px/1.3 sans-serif; }
.mm-timebar label { display: flex; align-items: center; gap: 10px; }
.mm-timebar input { flex: 1; min-width: 80px; accent-color: #ff4b4b; cursor: pointer; }
.mm-timebar output { font-weight: 600; font-variant-numeric: tabular-nums; }
.mm-timebar .mm-timebar-edge { color: #666; font-size: 11px; }
.mcm-legend b { display: block; margin-top: 4px; }
.mcm-legend .mcm-swatch { display: inline-block; width: 11px; height: 11px; border-radius: 50%; margin-right: 5px;
  vertical-align: -1px; border: 1px solid #fff; box-shadow: 0 0 1px #000; }
"""


def esc(value: object) -> str:
    """HTML-escape any data value; missing values become ''."""
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return ""
    return html.escape(str(value), quote=True)


# --- assets ---------------------------------------------------------------------------


def localize_assets(element: folium.Element, base_url: str) -> None:
    """Point every JS/CSS file of ``element`` and its children at the vendored copies.

    Files the map does not use (jQuery, Bootstrap, Font Awesome, awesome-markers) are
    dropped: folium lists them for its icons, which this map does not draw.
    """

    def local(links):
        return [(name, f"{base_url.rstrip('/')}/{LOCAL_ASSETS[url]}") for name, url in links if url in LOCAL_ASSETS]

    stack = [element]
    while stack:
        node = stack.pop()
        if hasattr(node, "default_js"):
            node.default_js = local(node.default_js)
            node.default_css = local(node.default_css)
        stack.extend(getattr(node, "_children", {}).values())


class _Assets(JSCSSMixin, SafeMacroElement):
    """Loads the plugin files the date-dependent layers may need, once, with the base map.

    A JSCSSMixin, because that is what st_folium collects JS and CSS from.
    """

    default_js = [("markercluster", f"{_CLUSTER}/leaflet.markercluster.js"), ("heat", _HEAT)]
    default_css = [
        ("markercluster_css", f"{_CLUSTER}/MarkerCluster.css"),
        ("markercluster_default_css", f"{_CLUSTER}/MarkerCluster.Default.css"),
    ]
    _template = Template("")


class _StyleAndLegend(SafeMacroElement):
    """The map's CSS and its legend, inserted by script so it works inside st_folium's iframe."""

    _template = Template(
        """{% macro script(this, kwargs) %}
        (function () {
          if (!document.getElementById('mcm-style')) {
            var style = document.createElement('style');
            style.id = 'mcm-style';
            style.textContent = {{ this.css|tojson }};
            document.head.appendChild(style);
          }
          if (!{{ this.legend|tojson }}) { return; }
          var legend = L.control({position: 'bottomleft'});
          legend.onAdd = function () {
            var div = L.DomUtil.create('div', 'mcm-legend leaflet-control');
            div.innerHTML = {{ this.legend|tojson }};
            L.DomEvent.disableClickPropagation(div);
            return div;
          };
          legend.addTo({{ this._parent.get_name() }});
        })();
        {% endmacro %}"""
    )

    def __init__(self, css: str, legend: str):
        super().__init__()
        self._name = "StyleAndLegend"
        self.css = css
        self.legend = legend


def legend_html(lang: str) -> str:
    """The legend: family colours, status symbols, event glyphs and sizes."""
    families = "".join(
        f'<div><span class="mcm-swatch" style="background:{FAMILY_COLORS[f]}"></span>'
        f"{esc(t(lang, f'family.{f}'))}</div>"
        for f in FAMILIES
    )
    statuses = "".join(
        f'<div style="display:flex;align-items:center;gap:6px;margin:2px 0">'
        f'<div class="mcm-town mcm-{s}" style="--c:#555"><div class="mcm-mark"></div></div>'
        f"{esc(t(lang, f'status.{s}'))}</div>"
        for s in ("control", "contested", "besieged", "unknown")
        if s != "unknown"
    ) + (
        '<div style="display:flex;align-items:center;gap:6px;margin:2px 0">'
        '<div class="mcm-town mcm-unknown"><div class="mcm-mark"></div></div>'
        f"{esc(t(lang, 'legend.unknown'))}</div>"
    )
    glyphs = " ".join(
        f'<span title="{esc(t(lang, f"event_type.{e}"))}">{EVENT_GLYPHS[e]}\ufe0e</span>' for e in EVENT_TYPES
    )
    return (
        f"<details open><summary><b style='display:inline'>{esc(t(lang, 'legend.title'))}</b></summary>"
        f"<b>{esc(t(lang, 'legend.holders'))}</b>{families}"
        f"<b>{esc(t(lang, 'legend.status'))}</b>{statuses}"
        f"<b>{esc(t(lang, 'legend.events'))}</b><div style='font-size:13px'>{glyphs}</div></details>"
    )


# --- the base map ---------------------------------------------------------------------


def base_map(
    lang: str, base: str = "light", boundaries: dict | None = None, asset_base: str | None = None
) -> folium.Map:
    """The part of the map that does not depend on the date: tiles, regions, controls, legend."""
    if base not in BASE_LAYERS:
        base = "light"
    fmap = folium.Map(
        zoom_snap=0.25,
        location=MALI_CENTER,
        zoom_start=MALI_ZOOM,
        tiles=None,
        control_scale=True,
        prefer_canvas=False,
        min_zoom=3,
        max_bounds=False,
    )
    fmap.fit_bounds(MALI_BOUNDS)
    # The chosen base layer is added first so it is the one shown; the others stay one click away.
    for key in [base, *[k for k in BASE_LAYERS if k != base]]:
        tiles, attribution, max_zoom = BASE_LAYERS[key]
        folium.TileLayer(
            tiles=tiles,
            attr=attribution,
            name=t(lang, f"base.{key}"),
            overlay=False,
            control=True,
            show=key == base,
            max_zoom=19,
            max_native_zoom=max_zoom,
        ).add_to(fmap)
    if boundaries is not None:
        name_key = "name_fr" if lang == "fr" else "name"
        folium.GeoJson(
            boundaries,
            name=t(lang, "layers.boundaries"),
            style_function=lambda _: {"color": "#555", "weight": 1.2, "fillOpacity": 0.03, "dashArray": "4 3"},
            tooltip=folium.GeoJsonTooltip(fields=[name_key], labels=False),
            smooth_factor=1.0,
        ).add_to(fmap)
    folium.plugins.Fullscreen(position="topleft").add_to(fmap)
    folium.plugins.MiniMap(toggle_display=True, position="bottomright", zoom_level_offset=-5).add_to(fmap)
    _Assets().add_to(fmap)
    _StyleAndLegend(_STYLE, legend_html(lang)).add_to(fmap)
    if asset_base is not None:
        localize_assets(fmap, asset_base)
    _stable_ids(fmap)
    return fmap


def _stable_ids(root: folium.Element) -> None:
    """Give every element an id derived from its position, not a random one.

    folium names JS variables from random ids; st_folium remounts the whole map when the
    base map's script changes, so two builds of the same base map must be identical.
    """
    stack, count = [root], 0
    while stack:
        node = stack.pop(0)
        node._id = f"mcm{count:03d}"
        count += 1
        stack.extend(getattr(node, "_children", {}).values())
        # The minimap keeps its own tile layer as an attribute, not as a child.
        if isinstance(getattr(node, "tile_layer", None), folium.Element):
            stack.append(node.tile_layer)


def layer_control() -> folium.LayerControl:
    """The layer switcher (base layers and overlays), shared by the base map and the dynamic layers."""
    return folium.LayerControl(position="topright", collapsed=True)


def script_json(value: object) -> str:
    """``value`` as JSON to put inside a <script>: only "</", "<!--" and template openers are escaped.

    Jinja's ``tojson`` escapes every <, >, & and ' (six characters each): the popups are HTML,
    and the timed layers carry every popup of the record, so that doubled what the browser got.
    """
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    # A "{" followed by "{", "%" or "#" can only stand inside a JSON string (an object's "{" is
    # followed by '"' or "}"), so writing it as \u007b changes no value and leaves the text
    # nothing a template engine could read as a tag, whatever the data held (issue #12).
    return _TEMPLATE_OPENERS.sub(r"\\u007b", text).replace("</", "<\\/").replace("<!--", "<\\!--")


_TEMPLATE_OPENERS = re.compile(r"\{(?=[{%#])")


# --- points ---------------------------------------------------------------------------


class _Points(SafeMacroElement):
    """Many markers from one JSON array: a div icon, a tooltip and a popup each.

    One element instead of one folium object per marker keeps building and sending the
    layer cheap. ``cluster`` groups nearby markers in the browser (Leaflet.markercluster),
    which also spreads out markers that share a town's coordinates.
    """

    _template = Template(
        """{% macro script(this, kwargs) %}
        (function () {
          var parent = {{ this._parent.get_name() }};
          var target = parent;
          {% if this.cluster %}
          if (L.markerClusterGroup) {
            // Neutral cluster badges: the plugin's default green would read as the militia colour.
            target = L.markerClusterGroup({maxClusterRadius: 28, spiderfyOnMaxZoom: true,
                                           showCoverageOnHover: false, chunkedLoading: true,
                                           iconCreateFunction: function (cluster) {
                                             var n = cluster.getChildCount();
                                             var size = n < 10 ? 26 : (n < 100 ? 32 : 38);
                                             return L.divIcon({html: '<span>' + n + '</span>',
                                                               className: 'marker-cluster mcm-cluster',
                                                               iconSize: [size, size],
                                                               iconAnchor: [size / 2 - {{ this.shift }},
                                                                            size / 2 + {{ this.shift }}]});
                                           }});
            parent.addLayer(target);
          }
          {% endif %}
          var markers = {{ this.points_json }}.map(function (p) {
            // Events are drawn a few pixels up and right of their point, so a town's marker at the
            // same coordinates stays visible beside them.
            var icon = L.divIcon({className: 'mcm-icon', html: p.icon, iconSize: [p.size, p.size],
                                  iconAnchor: [p.size / 2 - {{ this.shift }}, p.size / 2 + {{ this.shift }}]});
            var marker = L.marker([p.lat, p.lon], {icon: icon, riseOnHover: true, zIndexOffset: p.z || 0});
            marker.bindTooltip(p.tip, {direction: 'top', offset: [0, -p.size / 2]});
            marker.bindPopup(p.popup, {maxWidth: 340});
            return {from: p.from, to: p.to, marker: marker, shown: false};
          });
          {% if this.timed %}
          // Each marker is on the map on the days [from, to) (geo/spans.py); the TimeBar calls
          // show(day) on every move, and only the markers that come or go are touched.
          (window.mmTimed = window.mmTimed || []).push(function show(day) {
            var add = [], remove = [];
            markers.forEach(function (m) {
              var on = m.from <= day && day < m.to;
              if (on !== m.shown) { (on ? add : remove).push(m.marker); m.shown = on; }
            });
            if (target.addLayers) { target.removeLayers(remove); target.addLayers(add); }
            else {
              remove.forEach(function (m) { target.removeLayer(m); });
              add.forEach(function (m) { target.addLayer(m); });
            }
          });
          {% else %}
          markers.forEach(function (m) { target.addLayer(m.marker); });
          {% endif %}
        })();
        {% endmacro %}"""
    )

    def __init__(self, points: list[dict], cluster: bool = False, shift: int = 0, timed: bool = False):
        super().__init__()
        self._name = "Points"
        self.points = points
        self.points_json = script_json(points)
        self.cluster = cluster
        self.shift = int(shift)
        # Timed: each point has "from"/"to" day numbers; the TimeBar sent after it shows it on those days.
        self.timed = timed


#: Each sources table's list items by source_id, built once per table (the record's table
#: lives as long as the server; popups used to look each source up in pandas on every move).
#: Keyed by id() (frames are not hashable); the weak reference tells a live table from a
#: dead one whose id was reused.
_SOURCE_ITEMS: dict[int, tuple[weakref.ref, dict[str, str]]] = {}


def _source_item(source) -> str:
    published = f", {source.published}" if isinstance(source.published, str) else ""
    label = esc(f"{source.title} ({source.publisher}{published})")
    url = source.url
    if isinstance(url, str) and url.startswith(("http://", "https://")):
        return f'<li><a href="{esc(url)}" target="_blank" rel="noopener noreferrer">{label}</a></li>'
    return f"<li>{label}</li>"


def _source_links(source_ids: object, sources: pd.DataFrame) -> str:
    """The sources of a record as a list of links (opening in a new tab) or titles.

    ``sources`` is a sources table as loaded (a ``source_id`` column)."""
    cached = _SOURCE_ITEMS.get(id(sources))
    if cached is not None and cached[0]() is sources:
        items = cached[1]
    else:
        table = sources[["source_id", "title", "publisher", "published", "url"]]
        items = {str(row.source_id): _source_item(row) for row in table.itertuples(index=False)}
        key = id(sources)
        _SOURCE_ITEMS[key] = (weakref.ref(sources, lambda _: _SOURCE_ITEMS.pop(key, None)), items)
    listed = [items.get(source_id) or f"<li>{esc(source_id)}</li>" for source_id in split_list(source_ids)]
    return f"<ul style='margin:2px 0 0 16px;padding:0'>{''.join(listed)}</ul>"


def _day(value: object) -> str:
    return "" if value is None or pd.isna(value) else f"{pd.Timestamp(value):%Y-%m-%d}"


def control_layer(
    towns: pd.DataFrame, actors: pd.DataFrame, sources: pd.DataFrame, lang: str, name: str | None = None
) -> folium.FeatureGroup:
    """One marker per town: coloured by the holder's family, shaped by status, key towns labelled.

    ``towns`` is :func:`geo.control.towns_at`'s frame: towns without a holder on the date
    (``actor_id`` empty) are drawn as hollow grey markers, not left out.
    """
    group = folium.FeatureGroup(name=name or t(lang, "layers.control"))
    _Points(town_points(towns, actors, sources, lang)).add_to(group)
    return group


def town_points(towns: pd.DataFrame, actors: pd.DataFrame, sources: pd.DataFrame, lang: str) -> list[dict]:
    """The markers of :func:`control_layer`, one dict per town row (with its day span, if it has one)."""
    actor_names = actors.set_index("actor_id")["name"]
    points = []
    for town in towns.itertuples(index=False):
        town_name = place_name(lang, town.name, town.name_fr)
        known = isinstance(town.actor_id, str)
        status = town.status if known else "unknown"
        color = FAMILY_COLORS.get(town.family, UNKNOWN_COLOR) if known else UNKNOWN_COLOR
        label = f'<span class="mcm-label">{esc(town_name)}</span>' if town.place_id in KEY_PLACES else ""
        icon = f'<div class="mcm-town mcm-{esc(status)}" style="--c:{color}"><div class="mcm-mark"></div>{label}</div>'
        if known:
            holder = esc(town.actor_name)
            since = t(lang, "tip.since", date=_day(town.start))
            tip = (
                f"<b>{esc(town_name)}</b><br>{holder} ({esc(t(lang, f'family.{town.family}'))}), "
                f"{esc(t(lang, f'status.{status}'))} {esc(since)}<br>"
                f"{esc(t(lang, 'tip.confidence', level=t(lang, f'confidence.{town.confidence}')))}"
            )
            allies = ", ".join(esc(actor_names.get(a, a)) for a in split_list(town.allies))
            popup = (
                f"<div class='mcm-popup'><h4>{esc(town_name)}</h4>{tip.split('<br>', 1)[1]}"
                + (f"<br>{esc(t(lang, 'popup.allies'))}: {allies}" if allies else "")
                + (
                    f"<br><span class='mcm-muted'>{esc(t(lang, 'popup.note'))}: {esc(town.note)}</span>"
                    if isinstance(town.note, str)
                    else ""
                )
                + f"<br><b>{esc(t(lang, 'popup.sources'))}</b>{_source_links(town.source_ids, sources)}</div>"
            )
        else:
            tip = f"<b>{esc(town_name)}</b><br>{esc(t(lang, 'tip.no_holder'))}"
            popup = f"<div class='mcm-popup'>{tip}</div>"
        points.append(
            {
                "lat": float(town.lat),
                "lon": float(town.lon),
                "icon": icon,
                "size": 16,
                "tip": tip,
                "popup": popup,
                "z": 1000 if town.place_id in KEY_PLACES else 500,
                **_span(town),
            }
        )
    return points


def _span(row) -> dict:
    """A row's day span [from, to) as day numbers (days since 1970-01-01), if it has one."""
    if not hasattr(row, "from_day"):
        return {}
    return {"from": _day_number(row.from_day), "to": _day_number(row.to_day)}


def _day_number(value) -> int:
    return int((pd.Timestamp(value).normalize() - _EPOCH) // pd.Timedelta(days=1))


_EPOCH = pd.Timestamp("1970-01-01")


def _type_label(lang: str, event_type: str) -> str:
    return t(lang, f"event_type.{event_type}") if event_type in EVENT_GLYPHS else str(event_type)


def fatality_size(toll: float) -> int:
    """Marker diameter in pixels for a death toll: grows with its square root, 14 to 44."""
    toll = 0 if toll is None or pd.isna(toll) else max(float(toll), 0)
    return int(min(44, 14 + 3.2 * math.sqrt(toll)))


def _event_popup(event, actor_names: pd.Series, sources: pd.DataFrame, lang: str) -> str:
    precision = t(lang, f"popup.precision.{event.date_precision}")
    low, high = event.fatalities_low, event.fatalities_high
    if pd.isna(low) and pd.isna(high):
        toll = t(lang, "popup.unknown")
    elif pd.isna(low) or pd.isna(high) or low == high:
        toll = str(int(high if pd.isna(low) else low))
    else:
        toll = f"{int(low)}–{int(high)}"
    actors = esc(actor_names.get(event.actor_id, event.actor_id))
    allies = [esc(actor_names.get(a, a)) for a in split_list(event.allies)]
    if allies:
        actors += ", " + ", ".join(allies)
    target = esc(actor_names.get(event.target_id, event.target_id)) if isinstance(event.target_id, str) else ""
    place = esc(event.place_label) if isinstance(event.place_label, str) else ""
    return (
        f"<div class='mcm-popup'><h4>{EVENT_GLYPHS.get(event.event_type, '')}\ufe0e "
        f"{esc(t(lang, f'event_type.{event.event_type}'))}: {_day(event.date)} {esc(precision)}</h4>"
        + (f"{esc(t(lang, 'popup.place'))}: {place}<br>" if place else "")
        + f"{esc(t(lang, 'popup.actors'))}: {actors}"
        + (f"<br>{esc(t(lang, 'popup.target'))}: {target}" if target else "")
        + f"<br>{esc(t(lang, 'popup.fatalities'))}: {esc(toll)}"
        + f"<p style='margin:4px 0'>{esc(event.description)}</p>"
        + (
            f"<span class='mcm-muted'>{esc(t(lang, 'popup.note'))}: {esc(event.note)}</span>"
            if isinstance(event.note, str)
            else ""
        )
        + f"<b>{esc(t(lang, 'popup.sources'))}</b>{_source_links(event.source_ids, sources)}</div>"
    )


def events_layer(
    events: pd.DataFrame,
    groups: pd.DataFrame | None,
    actors: pd.DataFrame,
    sources: pd.DataFrame,
    lang: str,
    place_labels: pd.Series | None = None,
    name: str | None = None,
) -> folium.FeatureGroup:
    """Events as markers sized by fatalities, coloured by the actor's family, marked by type.

    With ``groups`` (from :func:`geo.events.group_by_location`) one marker stands for
    each location and lists its deadliest events; otherwise one marker per event.
    """
    group = folium.FeatureGroup(name=name or t(lang, "layers.events"))
    if groups is None:
        points = event_points(events, actors, sources, lang, place_labels)
    else:
        points = _group_points(events, groups, lang)
    _Points(points, cluster=True, shift=10).add_to(group)
    return group


def event_points(
    events: pd.DataFrame,
    actors: pd.DataFrame,
    sources: pd.DataFrame,
    lang: str,
    place_labels: pd.Series | None = None,
) -> list[dict]:
    """The markers of :func:`events_layer`, one dict per event with coordinates (with its day span, if it has one)."""
    actor_names = actors.set_index("actor_id")["name"]
    labels = place_labels if place_labels is not None else pd.Series(dtype=object)
    events = events.assign(place_label=events["place_id"].map(labels))
    points = []
    for event in events.dropna(subset=["lat", "lon"]).itertuples(index=False):
        toll = event.fatalities_high if pd.notna(event.fatalities_high) else event.fatalities_low
        size = fatality_size(toll)
        color = FAMILY_COLORS.get(event.family, FAMILY_COLORS["other"])
        glyph = EVENT_GLYPHS.get(event.event_type, "•")
        icon = (
            f'<div class="mcm-event" style="--c:{color};width:{size}px;height:{size}px;'
            f'font-size:{max(10, size // 2)}px">{glyph}\ufe0e</div>'
        )
        tip = (
            f"{_day(event.date)} · {esc(t(lang, f'event_type.{event.event_type}'))} · "
            f"{esc(actor_names.get(event.actor_id, event.actor_id))}"
        )
        points.append(
            {
                "lat": float(event.lat),
                "lon": float(event.lon),
                "icon": icon,
                "size": size,
                "tip": tip,
                "popup": _event_popup(event, actor_names, sources, lang),
                **_span(event),
            }
        )
    return points


def _group_points(events: pd.DataFrame, groups: pd.DataFrame, lang: str) -> list[dict]:
    """One marker per location cell of :func:`geo.events.group_by_location`, listing its deadliest events."""
    points = []
    by_id = events.set_index("event_id")
    for cell in groups.itertuples(index=False):
        size = fatality_size(cell.fatalities)
        color = FAMILY_COLORS.get(cell.family, FAMILY_COLORS["other"])
        icon = (
            f'<div class="mcm-event mcm-group" style="--c:{color};width:{size}px;height:{size}px">'
            f"{int(cell.count)}</div>"
        )
        summary = t(lang, "popup.events_here", count=int(cell.count), fatalities=int(cell.fatalities))
        deadliest = "".join(
            f"<li>{_day(by_id.at[e, 'date'])} {esc(_type_label(lang, by_id.at[e, 'event_type']))}: "
            f"{esc(by_id.at[e, 'description'])}</li>"
            for e in cell.top_event_ids
        )
        popup = (
            f"<div class='mcm-popup'><h4>{esc(summary)}</h4>{_day(cell.first)} – {_day(cell.last)}"
            f"<br><b>{esc(t(lang, 'popup.deadliest'))}</b><ul style='margin:2px 0 0 16px;padding:0'>"
            f"{deadliest}</ul></div>"
        )
        points.append(
            {
                "lat": float(cell.lat),
                "lon": float(cell.lon),
                "icon": icon,
                "size": size,
                "tip": esc(summary),
                "popup": popup,
            }
        )
    return points


def timed_layers(
    towns: pd.DataFrame | None,
    events: pd.DataFrame | None,
    heat: pd.DataFrame | None,
    actors: pd.DataFrame,
    sources: pd.DataFrame,
    lang: str,
    place_labels: pd.Series | None,
    names: list[str],
) -> list[folium.FeatureGroup]:
    """The town, event and heat layers for every date at once, from :mod:`geo.spans` frames
    (None: the layer is off). The browser shows each marker on the days of its span, and heats
    the events of the window, as the time bar moves."""
    control = folium.FeatureGroup(name=names[0])
    if towns is not None:
        _Points(town_points(towns, actors, sources, lang), timed=True).add_to(control)
    placed = folium.FeatureGroup(name=names[1])
    if events is not None:
        points = event_points(events, actors, sources, lang, place_labels)
        _Points(points, cluster=True, shift=10, timed=True).add_to(placed)
    heated = folium.FeatureGroup(name=names[2])
    if heat is not None:
        _TimedHeat(heat).add_to(heated)
    return [control, placed, heated]


class TimeBar(SafeMacroElement):
    """The date slider on the map, for the timed layers: moving it shows each marker on the
    days of its span, in the browser, without a round trip to the server.

    It tells Streamlit the date it settled on (the figures, the link and the exports follow)
    as streamlit-folium's component value: ``{"date": "YYYY-MM-DD", "pick": "<revision>-<bar id>-<n>"}``.
    Sent ``playing``, it plays in the browser, a month per ``play_ms``, and adds
    ``"playing": true`` to each step it reports, ``false`` to the last (the record's end); a
    move of the bar stops it.
    The bar is made again whenever the server sends a new date (``day``), with a new id, so the
    server can tell a new pick from one it has already applied. It goes in a group of its own,
    sent after the timed layers (which it then drives) and not in the layer switcher, so
    hiding a layer never hides the bar; when that group is removed, so is the bar.
    """

    _template = Template(
        """{% macro script(this, kwargs) %}
        (function () {
          var map = window.map, group = {{ this._parent.get_name() }};
          var DAY = 86400000;
          var iso = function (day) { return new Date(day * DAY).toISOString().slice(0, 10); };
          var bar = L.DomUtil.create('div', 'mm-timebar');
          bar.setAttribute('data-revision', {{ this.revision }});
          bar.innerHTML = '<label><span class="mm-timebar-label"></span><span class="mm-timebar-edge"></span>'
            + '<input type="range" step="1"><span class="mm-timebar-edge"></span><output></output></label>';
          L.DomEvent.disableClickPropagation(bar);
          L.DomEvent.disableScrollPropagation(bar);
          map.getContainer().appendChild(bar);
          var input = bar.querySelector('input'), output = bar.querySelector('output');
          bar.querySelector('.mm-timebar-label').textContent = {{ this.label|tojson }};
          var edges = bar.querySelectorAll('.mm-timebar-edge');  // the record's first and last years
          edges[0].textContent = iso({{ this.first }}).slice(0, 4);
          edges[1].textContent = iso({{ this.last }}).slice(0, 4);
          input.min = {{ this.first }}; input.max = {{ this.last }}; input.value = {{ this.day }};
          input.setAttribute('aria-label', {{ this.label|tojson }});
          var picks = 0, timer = null;
          var id = Math.random().toString(36).slice(2);
          var show = function (day) {
            output.textContent = iso(day);
            input.setAttribute('aria-valuetext', iso(day));
            bar.setAttribute('data-day', iso(day));
            layers.forEach(function (draw) { draw(day); });
          };
          var report = function (playing) {
            picks += 1;
            var value = {date: iso(+input.value), pick: {{ this.revision }} + '-' + id + '-' + picks};
            if (playing !== undefined) { value.playing = playing; }
            // streamlit-component-lib's setComponentValue message, sent by hand: the script runs
            // in streamlit-folium's frame, so this becomes the value st_folium returns.
            window.parent.postMessage({isStreamlitMessage: true, type: 'streamlit:setComponentValue',
                                       value: value, dataType: 'json'}, '*');
          };
          // Play: one month on per step, never past the record's end (as ui.next_frame), each step
          // reported at once; the last one says playing is over.
          var nextMonth = function (day) {
            var d = new Date(day * DAY), y = d.getUTCFullYear(), m = d.getUTCMonth() + 1;
            var length = new Date(Date.UTC(y, m + 1, 0)).getUTCDate();
            return Math.min(Date.UTC(y, m, Math.min(d.getUTCDate(), length)) / DAY, +input.max);
          };
          var player = null;
          var step = function () {
            var day = nextMonth(+input.value);
            input.value = day;
            show(day);
            var more = day < +input.max;
            if (!more) { clearInterval(player); player = null; }
            report(more);
          };
          input.addEventListener('input', function () {
            if (player !== null) { clearInterval(player); player = null; }  // a hand on the bar stops play
            show(+input.value);
            clearTimeout(timer);
            timer = setTimeout(report, {{ this.settle_ms }});
          });
          // The timed layers of this same update were evaluated before this bar and wait for it.
          var layers = window.mmTimed || [];
          window.mmTimed = [];
          show(+input.value);
          if ({{ this.playing|tojson }}) { player = setInterval(step, {{ this.play_ms }}); }
          group.on('remove', function () { clearTimeout(timer); clearInterval(player); bar.remove(); });
        })();
        {% endmacro %}"""
    )

    def __init__(
        self,
        day,
        first,
        last,
        label: str,
        revision: int = 0,
        playing: bool = False,
        play_ms: int = 800,
        settle_ms: int = 250,
    ):
        super().__init__()
        self._name = "TimeBar"
        self.playing, self.play_ms = bool(playing), int(play_ms)
        # Sent again with the same date (a button brought the date back), the bar must still be made again.
        self.revision = int(revision)
        self.day, self.first, self.last = _day_number(day), _day_number(first), _day_number(last)
        self.label = label
        self.settle_ms = int(settle_ms)


#: The heat map's look (Leaflet.heat options), for the server's layer and the time bar's.
HEAT_OPTIONS = {"radius": 22, "blur": 18, "min_opacity": 0.3, "max_zoom": 9}


def heat_layer(points: pd.DataFrame, lang: str, name: str | None = None) -> folium.FeatureGroup:
    """A heat map of event locations weighted by count (``points``: lat, lon, count)."""
    group = folium.FeatureGroup(name=name or t(lang, "layers.heat"))
    data = [[round(float(p.lat), 4), round(float(p.lon), 4), float(p.count)] for p in points.itertuples()]
    if data:
        folium.plugins.HeatMap(data, **HEAT_OPTIONS).add_to(group)
    return group


class _TimedHeat(SafeMacroElement):
    """The heat map for the time bar: on each date, the events whose span holds it, grouped
    into the cells of :func:`geo.events.group_by_location`'s finest grid (the grid it uses for
    a window of at most MAX_HEAT_POINTS cells, which a record the browser holds always is),
    each at its events' mean position and weighted by their number, as :func:`heat_layer`."""

    _template = Template(
        """{% macro script(this, kwargs) %}
        (function () {
          var heat = L.heatLayer([], {{ this.options|tojson }});
          {{ this._parent.get_name() }}.addLayer(heat);
          var points = {{ this.points_json }};  // [lat, lon, cell, from, to]
          var round = function (x) { return Math.round(x * 1e4) / 1e4; };
          (window.mmTimed = window.mmTimed || []).push(function (day) {
            var cells = {}, order = [];
            points.forEach(function (p) {
              if (p[3] <= day && day < p[4]) {
                var c = cells[p[2]];
                if (!c) { c = cells[p[2]] = [0, 0, 0]; order.push(c); }
                c[0] += p[0]; c[1] += p[1]; c[2] += 1;
              }
            });
            heat.setLatLngs(order.map(function (c) { return [round(c[0] / c[2]), round(c[1] / c[2]), c[2]]; }));
          });
        })();
        {% endmacro %}"""
    )

    def __init__(self, events: pd.DataFrame):
        super().__init__()
        self._name = "TimedHeat"
        placed = events.dropna(subset=["lat", "lon"])
        cells = grid_cells(placed["lat"], placed["lon"])
        self.points_json = script_json(
            [
                [float(lat), float(lon), int(cell), _day_number(start), _day_number(end)]
                for lat, lon, cell, start, end in zip(
                    placed["lat"], placed["lon"], cells, placed["from_day"], placed["to_day"], strict=True
                )
            ]
        )
        self.options = {
            "radius": HEAT_OPTIONS["radius"],
            "blur": HEAT_OPTIONS["blur"],
            "minOpacity": HEAT_OPTIONS["min_opacity"],
            "maxZoom": HEAT_OPTIONS["max_zoom"],
        }


def empty_layer(name: str) -> folium.FeatureGroup:
    """A placeholder group: st_folium wants a feature group even when a layer is switched off."""
    return folium.FeatureGroup(name=name)


def localize(groups: Iterable[folium.Element], asset_base: str | None) -> None:
    """Apply :func:`localize_assets` to each dynamic layer."""
    if asset_base is None:
        return
    for group in groups:
        localize_assets(group, asset_base)


def place_map(dataset, place_id: str, events: pd.DataFrame, lang: str, asset_base: str | None) -> folium.Map:
    """A small map of one place: its marker and the events around it."""
    place = dataset.places.set_index("place_id").loc[place_id]
    fmap = folium.Map(location=(float(place["lat"]), float(place["lon"])), zoom_start=8, tiles=None, control_scale=True)
    tiles, attribution, max_zoom = BASE_LAYERS["light"]
    folium.TileLayer(tiles=tiles, attr=attribution, max_native_zoom=max_zoom, max_zoom=19).add_to(fmap)
    _StyleAndLegend(_STYLE, "").add_to(fmap)
    _Assets().add_to(fmap)
    name = place_name(lang, place["name"], place["name_fr"])
    icon = (
        '<div class="mcm-town mcm-control" style="--c:#333"><div class="mcm-mark"></div>'
        f'<span class="mcm-label">{esc(name)}</span></div>'
    )
    _Points(
        [
            {
                "lat": float(place["lat"]),
                "lon": float(place["lon"]),
                "icon": icon,
                "size": 16,
                "tip": f"<b>{esc(name)}</b>",
                "popup": f"<b>{esc(name)}</b>",
                "z": 1000,
            }
        ]
    ).add_to(fmap)
    if not events.empty:
        events_layer(events, None, dataset.actors, dataset.sources, lang).add_to(fmap)
    if asset_base is not None:
        localize_assets(fmap, asset_base)
    return fmap


VENDOR_DIR = Path(__file__).resolve().parent.parent / "static" / "vendor"


def standalone_html(fmap: folium.Map, groups: Iterable[folium.FeatureGroup], title: str) -> str:
    """The map with its layers as one HTML file that opens from disk, even offline (tiles aside):
    Leaflet and its plugins are inlined from the vendored copies instead of linked from CDNs."""
    for group in groups:
        group.add_to(fmap)
    layer_control().add_to(fmap)
    needed_js, needed_css = [], []
    stack = [fmap]
    while stack:
        node = stack.pop(0)
        for _, url in getattr(node, "default_js", []):
            needed_js.append(url)
        for _, url in getattr(node, "default_css", []):
            needed_css.append(url)
        if hasattr(node, "default_js"):
            node.default_js, node.default_css = [], []
        stack.extend(getattr(node, "_children", {}).values())

    def inline(urls, tag):
        parts = []
        for url in dict.fromkeys(urls):
            relative = LOCAL_ASSETS.get(url) or url.split("/app/static/vendor/")[-1]
            path = VENDOR_DIR / relative
            if path.is_file():
                code = path.read_text(encoding="utf-8").replace("</script", "<\\/script")
                if tag == "style":
                    code = _inline_css_images(code, path.parent)
                parts.append(f"<{tag}>{code}</{tag}>")
        return "\n".join(parts)

    header = fmap.get_root().header
    header.add_child(_Verbatim(f"<title>{esc(title)}</title>"), name="mcm_title")
    header.add_child(_Verbatim(inline(needed_css, "style")), name="mcm_css")
    header.add_child(_Verbatim(inline(needed_js, "script")), name="mcm_js")
    return fmap.get_root().render()


def _inline_css_images(css: str, folder: Path) -> str:
    """Replace url(relative image) in a stylesheet by data: URIs, so icons survive inlining."""
    import base64
    import re

    kinds = {".png": "image/png", ".svg": "image/svg+xml", ".gif": "image/gif"}

    def replace(match: re.Match) -> str:
        target = match.group(2)
        path = folder / target
        if target.startswith(("data:", "http")) or not path.is_file() or path.suffix not in kinds:
            return match.group(0)
        encoded = base64.b64encode(path.read_bytes()).decode("ascii")
        return f"url(data:{kinds[path.suffix]};base64,{encoded})"

    return re.sub(r"url\((['\"]?)([^'\")]+)\1\)", replace, css)
