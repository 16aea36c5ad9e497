"""The map as one HTML file that opens from disk, even offline (tiles aside)."""

from __future__ import annotations

import base64
import re
from collections.abc import Iterable
from pathlib import Path

import folium
from markupsafe import escape

from geo.map.assets import local_file
from geo.map.base import layer_control
from geo.map.elements import Caption, Verbatim


def standalone_html(
    fmap: folium.Map, groups: Iterable[folium.FeatureGroup], title: str, caption: str | None = None
) -> str:
    """``fmap`` with ``groups``, a layer switcher and ``caption`` (what the map shows: date,
    window, filters), with Leaflet, its plugins and the project's own browser code inlined from
    static/ instead of linked."""
    for group in groups:
        group.add_to(fmap)
    if caption:
        Caption(caption).add_to(fmap)
    layer_control().add_to(fmap)
    needed_js, needed_css = [], []
    stack = [fmap]
    while stack:
        node = stack.pop(0)
        needed_js += [url for _, url in getattr(node, "default_js", [])]
        needed_css += [url for _, url in getattr(node, "default_css", [])]
        if hasattr(node, "default_js"):
            node.default_js, node.default_css = [], []
        stack.extend(getattr(node, "_children", {}).values())
    header = fmap.get_root().header
    header.add_child(Verbatim(f"<title>{escape(title)}</title>"), name="mcm_title")
    header.add_child(Verbatim(_inline(needed_css, "style")), name="mcm_css")
    header.add_child(Verbatim(_inline(needed_js, "script")), name="mcm_js")
    return fmap.get_root().render()


def _inline(urls: list[str], tag: str) -> str:
    parts = []
    for url in dict.fromkeys(urls):
        path = local_file(url)
        if path is not None:
            code = path.read_text(encoding="utf-8").replace("</script", "<\\/script")
            if tag == "style":
                code = _inline_css_images(code, path.parent)
            parts.append(f"<{tag}>{code}</{tag}>")
    return "\n".join(parts)


_CSS_URL = re.compile(r"url\((['\"]?)([^'\")]+)\1\)")
_IMAGE_TYPES = {".png": "image/png", ".svg": "image/svg+xml", ".gif": "image/gif"}


def _inline_css_images(css: str, folder: Path) -> str:
    """Replace url(relative image) in a stylesheet by data: URIs, so icons survive inlining."""

    def replace(match: re.Match) -> str:
        target = match.group(2)
        path = folder / target
        if target.startswith(("data:", "http")) or not path.is_file() or path.suffix not in _IMAGE_TYPES:
            return match.group(0)
        encoded = base64.b64encode(path.read_bytes()).decode("ascii")
        return f"url(data:{_IMAGE_TYPES[path.suffix]};base64,{encoded})"

    return _CSS_URL.sub(replace, css)
