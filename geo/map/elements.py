"""Thin folium elements: each passes options and data to a function of the project's browser
code (``static/map/*.js``), as folium's contributing guide asks of plugins.

Every element here is a :class:`SafeMacroElement`: its template is the project's own source,
its data go in as JSON, and what it renders reaches the page verbatim, never compiled as a
template again (issue #12).
"""

from __future__ import annotations

import json
import re

import branca.element
from branca.element import MacroElement
from folium.elements import JSCSSMixin
from jinja2 import Template

from geo.map.assets import CLUSTER, HEAT, OWN_CSS, OWN_JS
from geo.map.markers import day_number


class Verbatim(branca.element.Element):
    """Text that goes into the page as it is: never compiled or rendered as a template.

    branca's MacroElement.render wraps each rendered macro in ``Element(text)``, which compiles
    the text as a Jinja template and renders it again with the page: any ``{{ … }}`` in the
    data a macro carried (an uploaded note, say) would then run on the server.
    """

    def __init__(self, text: str):
        super().__init__()
        self._text = text

    def render(self, **kwargs) -> str:
        return self._text


class SafeMacroElement(MacroElement):
    """A MacroElement whose rendered header, html and script reach the page verbatim."""

    def render(self, **kwargs) -> None:
        figure = self.get_root()
        if not isinstance(figure, branca.element.Figure):
            raise TypeError("an element can be rendered only inside a Figure")
        module = self._template.module
        for part, target in (("header", figure.header), ("html", figure.html), ("script", figure.script)):
            macro = getattr(module, part, None)
            if macro is not None:
                target.add_child(Verbatim(str(macro(self, kwargs))), name=self.get_name())
        for element in self._children.values():
            element.render(**kwargs)


_TEMPLATE_OPENERS = re.compile(r"\{(?=[{%#])")


def script_json(value: object) -> str:
    """``value`` as JSON to put inside a <script>: only "</", "<!--" and template openers are escaped.

    Jinja's ``tojson`` escapes every <, >, & and ' (six characters each): the popups are HTML,
    and the timed layers carry every popup of the record, so that doubled what the browser got.
    A "{" followed by "{", "%" or "#" can only stand inside a JSON string (an object's "{" is
    followed by '"' or "}"), so writing it as \\u007b changes no value and leaves the text
    nothing a template engine could read as a tag, whatever the data held.
    """
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    return _TEMPLATE_OPENERS.sub(r"\\u007b", text).replace("</", "<\\/").replace("<!--", "<\\!--")


class Assets(JSCSSMixin, SafeMacroElement):
    """Loads the plugins the date-dependent layers may need and the project's own browser code
    and style, once, with the base map (JSCSSMixin: what st_folium collects files from)."""

    default_js = [
        ("markercluster", f"{CLUSTER}/leaflet.markercluster.js"),
        ("heat", HEAT),
        *[(name, path) for name, path in OWN_JS],
    ]
    default_css = [
        ("markercluster_css", f"{CLUSTER}/MarkerCluster.css"),
        ("markercluster_default_css", f"{CLUSTER}/MarkerCluster.Default.css"),
        *[(name, path) for name, path in OWN_CSS],
    ]
    _template = Template("")


class BrowserCall(SafeMacroElement):
    """An element that calls one function of the project's browser code, ``mmMap.<function>``,
    with its parent's variable (after ``window.map`` when ``on_map``) and JSON arguments."""

    function = ""
    on_map = False
    _template = Template(
        "{% macro script(this, kwargs) %}mmMap.{{ this.function }}("
        "{% if this.on_map %}window.map, {% endif %}{{ this._parent.get_name() }}, "
        "{{ this.arguments|join(', ') }});{% endmacro %}"
    )

    def __init__(self, *arguments: object):
        super().__init__()
        self._name = type(self).__name__
        self.arguments = [script_json(argument) for argument in arguments]


class Legend(BrowserCall):
    """The map's legend (static/map/legend.js); ``html`` is rendered by an autoescaping template."""

    function = "legend"


class Caption(BrowserCall):
    """A line of text on the map (static/map/legend.js mm.caption): what an exported map shows."""

    function = "caption"


class Points(BrowserCall):
    """Many markers from one JSON array (static/map/points.js): a div icon, a tooltip and a popup each."""

    function = "points"

    def __init__(self, points: list[dict], cluster: bool = False, shift: int = 0, timed: bool = False):
        # Timed: each point has "from"/"to" day numbers; the TimeBar sent after it shows it on those days.
        super().__init__({"cluster": bool(cluster), "shift": int(shift), "timed": bool(timed)}, points)
        self.points = points

    @property
    def points_json(self) -> str:
        """The points as the browser code gets them."""
        return self.arguments[1]


class TimeBar(BrowserCall):
    """The date slider on the map for the timed layers (static/map/timebar.js says what it does).

    The bar is made again whenever the server sends a new date (``day``), with a new id, so the
    server can tell a new pick from one it has already applied; ``revision`` tells the bars the
    server sent apart, even when one brings the same date back. It goes in a group of its own,
    sent after the timed layers and not in the layer switcher, so hiding a layer never hides it.
    """

    function = "timeBar"
    on_map = True

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
        date_label: str = "",
        skip_label: str = "",
    ):
        self.options = {
            "revision": int(revision),
            "day": day_number(day),
            "first": day_number(first),
            "last": day_number(last),
            "label": label,
            "dateLabel": date_label,
            "skipLabel": skip_label,
            "playing": bool(playing),
            "playMs": int(play_ms),
            "settleMs": int(settle_ms),
        }
        super().__init__(self.options)


#: The heat map's look (Leaflet.heat options), for the server's layer and the time bar's.
HEAT_OPTIONS = {"radius": 22, "blur": 18, "min_opacity": 0.3, "max_zoom": 9}


class TimedHeat(BrowserCall):
    """The heat map for the time bar (static/map/heat.js); ``points``: [lat, lon, cell, from, to]."""

    function = "timedHeat"

    def __init__(self, points: list[list]):
        options = {
            "radius": HEAT_OPTIONS["radius"],
            "blur": HEAT_OPTIONS["blur"],
            "minOpacity": HEAT_OPTIONS["min_opacity"],
            "maxZoom": HEAT_OPTIONS["max_zoom"],
        }
        super().__init__(options, points)


class TimedCells(BrowserCall):
    """The events layer for the time bar when the record goes per location and day
    (static/map/cells.js timedCells; ``options`` and ``data`` from geo.map.markers)."""

    function = "timedCells"

    def __init__(self, options: dict, data: dict):
        super().__init__(options, data)


class TimedCellHeat(BrowserCall):
    """The heat map for the time bar from cells (static/map/cells.js timedCellHeat)."""

    function = "timedCellHeat"

    def __init__(self, window: int, data: dict):
        options = {
            "window": int(window),
            "heat": {
                "radius": HEAT_OPTIONS["radius"],
                "blur": HEAT_OPTIONS["blur"],
                "minOpacity": HEAT_OPTIONS["min_opacity"],
                "maxZoom": HEAT_OPTIONS["max_zoom"],
            },
        }
        super().__init__(options, data)


class Routes(BrowserCall):
    """Routes as lines styled by status (static/map/routes.js); ``routes`` from geo.map.route_lines."""

    function = "routes"

    def __init__(self, routes: list[dict], styles: dict, timed: bool = False):
        super().__init__({"styles": styles, "timed": bool(timed)}, routes)


#: Below this map width, in pixels, the optional layers start switched off (a phone's map).
NARROW_WIDTH = 640


class StartsOffWhenNarrow(BrowserCall):
    """Switches its group off on a narrow map, once it is added (static/map/routes.js)."""

    function = "startsOffWhenNarrow"

    def __init__(self, width: int = NARROW_WIDTH):
        super().__init__({"width": int(width)})
