"""Marker icons, tooltips, popups and the legend, rendered through autoescaping templates
(``geo/map/templates/``): every data string is escaped by the template engine, never by hand."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
from jinja2 import Environment, FileSystemLoader, StrictUndefined
from markupsafe import Markup

from geo.control import STALE_AFTER_DAYS
from geo.i18n import t
from geo.schema import EVENT_TYPES, FAMILIES, ROUTE_STATUSES, split_list
from geo.style import EVENT_GLYPHS, FAMILY_COLORS, OPERATOR_LABELS, ROUTE_STYLES, SAMPLE_COLOR, UNKNOWN_COLOR

_ENV = Environment(
    loader=FileSystemLoader(Path(__file__).resolve().parent / "templates"),
    autoescape=True,
    undefined=StrictUndefined,
    keep_trailing_newline=False,
    # The templates are the project's files and do not change while it runs: without this,
    # every marker's render would stat its template file again.
    auto_reload=False,
)


def render(template: str, /, **values: object) -> str:
    """The template ``template`` (its file name without .html) with ``values``, every string escaped."""
    return _ENV.get_template(f"{template}.html").render(**values)


def text(value: object) -> str:
    """A data value as text: missing values become ''."""
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return ""
    return str(value)


def day(value: object) -> str:
    """A date as YYYY-MM-DD, or '' when missing."""
    return "" if value is None or pd.isna(value) else f"{pd.Timestamp(value):%Y-%m-%d}"


class SourceList:
    """The sources of records as popup lists, from one sources table.

    Index a record's table once (see :func:`geo.map.layers.sources_of`): the layers of every
    rerun use it, and building it costs more than drawing a layer."""

    def __init__(self, sources: pd.DataFrame):
        columns = [sources[c].tolist() for c in ("source_id", "title", "publisher", "published", "url")]
        self._items = {str(source_id): self._item(*rest) for source_id, *rest in zip(*columns, strict=True)}

    @staticmethod
    def _item(title: object, publisher: object, published: object, url: object) -> dict[str, str]:
        when = f", {published}" if isinstance(published, str) else ""
        link = url if isinstance(url, str) and url.startswith(("http://", "https://")) else ""
        return {"label": f"{text(title)} ({text(publisher)}{when})", "url": link}

    @classmethod
    def of(cls, sources: pd.DataFrame | SourceList) -> SourceList:
        """``sources`` as a SourceList (a table is indexed now)."""
        return sources if isinstance(sources, SourceList) else cls(sources)

    def html(self, source_ids: object) -> Markup:
        listed = [self._items.get(s) or {"label": s, "url": ""} for s in split_list(source_ids)]
        return Markup(render("sources", sources=listed))

    def inline(self, source_ids: object) -> Markup:
        """The same sources on one line, separated by semicolons."""
        listed = [self._items.get(s) or {"label": s, "url": ""} for s in split_list(source_ids)]
        return Markup(render("sources_inline", sources=listed))


def legend(lang: str, folded: bool = False) -> str:
    """The legend, for a newcomer: what a town's colour and shape say, what an event's colour,
    symbol and size say, and what the numbers on markers count (closed until clicked if ``folded``)."""
    statuses = [
        {"code": code, "color": SAMPLE_COLOR, "label": t(lang, f"status.{code}")}
        for code in ("control", "contested", "besieged")
    ]
    statuses.append({"code": "unknown", "color": UNKNOWN_COLOR, "label": t(lang, "legend.unknown")})
    # A faded marker: a holder no source has described for STALE_AFTER_DAYS (geo.control).
    statuses.append(
        {"code": "control mcm-stale", "color": SAMPLE_COLOR, "label": t(lang, "legend.stale", days=STALE_AFTER_DAYS)}
    )
    # Two sample bases: a UN camp (a foreign force) and an army one (the state).
    bases = [
        {"color": FAMILY_COLORS[family], "label": OPERATOR_LABELS[operator]}
        for operator, family in (("minusma", "foreign"), ("fama", "state"))
    ]
    return render(
        "legend",
        lang=lang,
        open=not folded,
        title=t(lang, "legend.title"),
        towns_title=t(lang, "legend.towns"),
        towns_colour=t(lang, "legend.holders"),
        families=[{"color": FAMILY_COLORS[f], "label": t(lang, f"family.{f}")} for f in FAMILIES],
        status_title=t(lang, "legend.status"),
        statuses=statuses,
        events_title=t(lang, "legend.events"),
        events_explain=t(lang, "legend.events_explain"),
        symbols_title=t(lang, "legend.symbols"),
        glyphs=[{"glyph": EVENT_GLYPHS[e] + "\ufe0e", "label": t(lang, f"event_type.{e}")} for e in EVENT_TYPES],
        routes_title=t(lang, "legend.routes"),
        routes=[{"style": ROUTE_STYLES[s], "label": t(lang, f"route_status.{s}")} for s in ROUTE_STATUSES]
        + [{"style": ROUTE_STYLES["unknown"], "label": t(lang, "roads.no_status_short")}],
        schematic=t(lang, "legend.schematic"),
        blockade=t(lang, "legend.blockade"),
        blockade_color=ROUTE_STYLES["blockaded"]["color"],
        bases_title=t(lang, "legend.bases"),
        bases=bases,
        sample=SAMPLE_COLOR,
        numbers_title=t(lang, "legend.numbers"),
        clusters_explain=t(lang, "legend.clusters"),
        groups_explain=t(lang, "legend.groups"),
    )
