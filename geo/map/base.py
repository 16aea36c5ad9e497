"""The part of the map that does not depend on the date: tiles, regions, controls, legend.

It depends only on the language, the base layer and whether regions are shown, so it is
identical between reruns; st_folium keeps the browser's map as long as it is.
"""

from __future__ import annotations

import branca.element
import folium
import folium.plugins
from folium.template import Template
from markupsafe import Markup

from geo.i18n import place_name, place_name_column, t
from geo.map.assets import localize_assets
from geo.map.elements import Assets, Legend, Points
from geo.map.layers import events_layer, sources_of
from geo.map.popups import legend, render
from geo.style import TOWN_SIZE

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
#: Pixels kept free at the left of the opening view of a wide map, for the open legend (its
#: width, less the empty corner north-west of Mali); static/map/legend.js fits the map again.
LEGEND_ROOM = (200, 0)


#: The width (CSS pixels, the map frame's) at and under which the map has no overview minimap;
#: static/map/map.css moves the time bar to the bottom at the same width.
PHONE_WIDTH = 560


class OverviewMap(folium.plugins.MiniMap):
    """folium's minimap, added only to a map frame wider than a phone's.

    Hiding it with CSS is not enough: a hidden minimap still follows the map and, when its own
    move ends in the middle of the map's, sets the map back to its stale centre (seen undoing a
    popup's autopan on a 390 px phone, one time in three). On a wider map, static/map/legend.js
    ``mm.overview`` lets only a hand on the minimap move the map, for the same reason."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
            if (!window.matchMedia('(max-width: """
        + str(PHONE_WIDTH)
        + """px)').matches) {
                var {{ this.tile_layer.get_name() }} = L.tileLayer(
                    {{ this.tile_layer.tiles|tojson }},
                    {{ this.tile_layer.options|tojson }}
                );
                var {{ this.get_name() }} = new L.Control.MiniMap(
                    {{ this.tile_layer.get_name() }},
                    {{ this.options|tojavascript }}
                );
                mmMap.overview({{ this.get_name() }});
                {{ this._parent.get_name() }}.addControl({{ this.get_name() }});
            }
        {% endmacro %}
        """
    )


def base_map(
    lang: str,
    base: str = "light",
    boundaries: dict | None = None,
    asset_base: str | None = None,
    compact: bool = False,
) -> folium.Map:
    """Tiles (``base`` first), the regions if given, full screen, minimap, legend and the browser
    files of the layers; ``asset_base`` is where the app serves static/ (None: CDN addresses).
    A ``compact`` map (two side by side) has no minimap and its legend starts folded."""
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
    # Without animation: an opening zoom still running when the reader (or a test) first pans or
    # opens a popup ends by setting the map back to the fitted centre.
    opening = folium.map.FitBounds(MALI_BOUNDS)
    opening.options["animate"] = False
    fmap.add_child(opening)
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
        # The regions carry the same name columns as places.csv (name, name_fr).
        column = place_name_column(lang)
        name_key = column if column in boundaries["features"][0]["properties"] else "name"
        folium.GeoJson(
            boundaries,
            name=t(lang, "layers.boundaries"),
            style_function=lambda _: {"color": "#555", "weight": 1.2, "fillOpacity": 0.03, "dashArray": "4 3"},
            tooltip=folium.GeoJsonTooltip(fields=[name_key], labels=False),
            smooth_factor=1.0,
        ).add_to(fmap)
    folium.plugins.Fullscreen(position="topleft").add_to(fmap)
    if not compact:
        OverviewMap(toggle_display=True, position="bottomright", zoom_level_offset=-5).add_to(fmap)
    Assets().add_to(fmap)
    # On a wide map the legend opens, and the map leaves it room so it covers no part of western Mali.
    Legend(legend(lang, folded=compact), MALI_BOUNDS, LEGEND_ROOM).add_to(fmap)
    if asset_base is not None:
        localize_assets(fmap, asset_base)
    stable_ids(fmap)
    return fmap


def stable_ids(root: folium.Element) -> None:
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


def place_map(dataset, place_id: str, events, lang: str, asset_base: str | None) -> folium.Map:
    """A small map of one place: its marker and the events around it."""
    place = dataset.places.set_index("place_id").loc[place_id]
    fmap = folium.Map(location=(float(place["lat"]), float(place["lon"])), zoom_start=8, tiles=None, control_scale=True)
    tiles, attribution, max_zoom = BASE_LAYERS["light"]
    folium.TileLayer(tiles=tiles, attr=attribution, max_native_zoom=max_zoom, max_zoom=19).add_to(fmap)
    Assets().add_to(fmap)
    name = place_name(lang, place["name"], place["name_fr"])
    label = str(Markup("<b>{}</b>").format(name))
    icon = render("town_icon", status="control", stale=False, color="#333", label=name)
    point = {"lat": float(place["lat"]), "lon": float(place["lon"]), "icon": icon, "size": TOWN_SIZE}
    Points([{**point, "tip": label, "popup": label, "z": 1000}]).add_to(fmap)
    if not events.empty:
        events_layer(events, None, dataset.actors, sources_of(dataset), lang, claims=dataset.claims).add_to(fmap)
    if asset_base is not None:
        localize_assets(fmap, asset_base)
    return fmap


def stand_in_map(map_id: str) -> folium.Map:
    """An empty map with ``map_id``, in a figure: what layers are rendered onto when the base
    map itself was rendered once and cached (their script then names the real map)."""
    stand_in = folium.Map(tiles=None)
    stand_in._id = map_id
    stand_in.add_to(branca.element.Figure())
    return stand_in
