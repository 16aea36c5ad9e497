"""The browser files the map loads: Leaflet's plugins (vendored, with the CDN addresses folium
asks for) and the project's own code and style (``static/map/``).

The app serves them itself (Streamlit static serving of ``static/``), so the map works offline
except for the tiles; the standalone HTML export inlines them.
"""

from __future__ import annotations

from pathlib import Path

import folium
from folium.elements import JSCSSMixin

#: The folder served as /app/static.
STATIC_DIR = Path(__file__).resolve().parent.parent.parent / "static"

_JSDELIVR = "https://cdn.jsdelivr.net"
_CDNJS = "https://cdnjs.cloudflare.com/ajax/libs"
HEAT = f"{_JSDELIVR}/gh/python-visualization/folium@main/folium/templates/leaflet_heat.min.js"
CLUSTER = f"{_CDNJS}/leaflet.markercluster/1.1.0"
_FULLSCREEN = f"{_JSDELIVR}/npm/leaflet.fullscreen@3.0.0"
_MINIMAP = f"{_CDNJS}/leaflet-minimap/3.6.1"

#: The project's own files, by the name an element lists them under: no CDN has them, so this
#: address only stands for the file until it is served or inlined.
OWN = "mali-map:"
_OWN_SCRIPTS = ("popups", "points", "legend", "timebar", "heat", "cells", "routes")
OWN_JS = [(f"mm_{name}", f"{OWN}map/{name}.js") for name in _OWN_SCRIPTS]
OWN_CSS = [("mm_css", f"{OWN}map/map.css")]

#: Every file an element may ask for -> its copy under static/.
LOCAL_ASSETS: dict[str, str] = {
    f"{_JSDELIVR}/npm/leaflet@1.9.3/dist/leaflet.js": "vendor/leaflet@1.9.3/leaflet.js",
    f"{_JSDELIVR}/npm/leaflet@1.9.3/dist/leaflet.css": "vendor/leaflet@1.9.3/leaflet.css",
    f"{_FULLSCREEN}/Control.FullScreen.min.js": "vendor/leaflet.fullscreen@3.0.0/Control.FullScreen.js",
    f"{_FULLSCREEN}/Control.FullScreen.css": "vendor/leaflet.fullscreen@3.0.0/Control.FullScreen.css",
    f"{_MINIMAP}/Control.MiniMap.js": "vendor/leaflet-minimap@3.6.1/Control.MiniMap.min.js",
    f"{_MINIMAP}/Control.MiniMap.css": "vendor/leaflet-minimap@3.6.1/Control.MiniMap.min.css",
    HEAT: "vendor/folium-heat/leaflet_heat.min.js",
    f"{CLUSTER}/leaflet.markercluster.js": "vendor/leaflet.markercluster@1.1.0/leaflet.markercluster.js",
    f"{CLUSTER}/MarkerCluster.css": "vendor/leaflet.markercluster@1.1.0/MarkerCluster.css",
    f"{CLUSTER}/MarkerCluster.Default.css": "vendor/leaflet.markercluster@1.1.0/MarkerCluster.Default.css",
    **{url: url.removeprefix(OWN) for _, url in (*OWN_JS, *OWN_CSS)},
}


def localize_assets(element: folium.Element, base_url: str) -> None:
    """Point every JS/CSS file of ``element`` and its children at the copies served under
    ``base_url`` (the static folder's address, e.g. /app/static).

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


def localize(groups, asset_base: str | None) -> None:
    """Apply :func:`localize_assets` to each dynamic layer."""
    if asset_base is None:
        return
    for group in groups:
        localize_assets(group, asset_base)


def local_file(url: str) -> Path | None:
    """The copy under static/ of a file an element asks for (by its CDN or served address)."""
    relative = LOCAL_ASSETS.get(url) or url.split("/app/static/")[-1]
    path = STATIC_DIR / relative
    return path if path.is_file() else None


def asset_links(roots: list) -> tuple[list[str], list[str]]:
    """CSS and JS files of the JSCSSMixin elements under ``roots``, in st_folium's order, deduplicated."""
    css, js = [], []
    stack = list(reversed(roots))
    while stack:  # depth first, children in order, as st_folium walks
        node = stack.pop()
        if isinstance(node, JSCSSMixin):
            css += [href for _, href in getattr(node, "default_css", [])]
            js += [src for _, src in getattr(node, "default_js", [])]
        stack.extend(reversed(list(getattr(node, "_children", {}).values())))
    return list(dict.fromkeys(css)), list(dict.fromkeys(js))
