"""Above and under the map: the figures, the control changes, the caption and link, the exports."""

from __future__ import annotations

import datetime as dt
from urllib.parse import urlencode

import pandas as pd
import streamlit as st

from geo import Dataset
from geo import map as geomap
from geo.boundaries import load_regions
from geo.control import change_confidence
from geo.export import roads_and_bases_table, to_geojson, to_safe_csv
from geo.i18n import colon, semicolon, t
from geo.i18n.formats import long_date, number
from geo.routes import route_lines
from geo.schema import FAMILIES
from geo.view import View, view_to_params
from ui.mapview import roads_and_bases_of
from ui.record import place_label
from ui.state import page_url
from ui.text import html_text


def figure_html(
    label: str, value: int, lang: str, delta: int | None = None, delta_help: str = "", label_help: str = ""
) -> str:
    """One figure in st.metric's layout, its numbers as ``lang`` writes them; a rise in violence is
    red, a fall green (st.metric "inverse")."""
    label_html = html_text(label)
    if label_help:
        label_html += f' <span class="mm-help" title="{html_text(label_help)}">?</span>'
    delta_html = ""
    if delta is not None:
        kind, arrow = ("mm-up", "&#8593;") if delta > 0 else ("mm-down", "&#8595;") if delta < 0 else ("mm-same", "=")
        title = html_text(delta_help)
        delta_html = (
            f'<div><span class="mm-delta {kind}" title="{title}">{arrow} {number(abs(delta), lang)}</span></div>'
        )
    return (
        f'<div class="mm-figure"><div class="mm-label">{label_html}</div>'
        f'<div class="mm-value">{number(value, lang)}</div>{delta_html}</div>'
    )


def summary(shot, dataset: Dataset, view: View, names: pd.Series, lang: str) -> None:
    """Above the map, as one element: towns held by each family on the date; events and
    fatalities in the window with the change from the window before; the control changes."""
    shown = [f for f in FAMILIES if shot.held.get(f)] + (["unknown"] if shot.held.get("unknown") else [])
    labels = {family: t(lang, f"family.{family}") for family in FAMILIES}
    labels["unknown"] = t(lang, "metrics.unknown_holder")
    figures = [figure_html(labels[family], shot.held[family], lang) for family in shown]
    events, killed = shot.totals
    before = shot.previous_totals
    delta_help = t(lang, "metrics.delta_help")
    events_delta = None if before is None else events - before[0]
    figures.append(figure_html(t(lang, "metrics.events"), events, lang, events_delta, delta_help))
    figures.append(
        figure_html(
            t(lang, "metrics.fatalities"),
            killed,
            lang,
            None if before is None else killed - before[1],
            delta_help,
            t(lang, "metrics.fatalities_help"),
        )
    )
    changes = changes_text(shot, dataset, names, lang)
    st.markdown(
        f'<div class="mm-small" data-day="{view.date:%Y-%m-%d}">'
        f"{html_text(t(lang, 'metrics.towns_held', date=long_date(view.date, lang)))}</div>"
        f'<div class="mm-figures">{"".join(figures)}</div>'
        f"<p><strong>{html_text(t(lang, 'changed.label') + colon(lang).rstrip())}</strong> {html_text(changes)}</p>",
        unsafe_allow_html=True,
    )


#: How many control changes the one-line summary lists before "and N more".
CHANGES_SHOWN = 6


def changes_text(shot, dataset: Dataset, names: pd.Series, lang: str) -> str:
    """One line listing the latest control changes in the window, each new holding with its status
    and confidence ("Kidal: CMA → FAMa (control, high confidence)"); all of them are in the
    table under the map (ui.tables.changes_table)."""
    actor_names = dataset.actors.set_index("actor_id")["name"]
    confidence = change_confidence(dataset, shot.changes)
    items = []
    for change, sure in zip(shot.changes.itertuples(index=False), confidence, strict=True):
        place = names.get(change.place_id, change.place_id)
        previous = actor_names.get(change.previous_actor_id, change.previous_actor_id)
        if isinstance(change.actor_id, str):
            if change.actor_id == change.previous_actor_id:
                previous = f"{previous} ({t(lang, f'status.{change.previous_status}')})"
            holder = t(
                lang,
                "changed.holder",
                holder=actor_names.get(change.actor_id, change.actor_id),
                status=t(lang, f"status.{change.status}"),
                confidence=t(lang, f"confidence.{sure}") if isinstance(sure, str) else "?",
            )
            items.append(
                f"{change.date:%Y-%m-%d} " + t(lang, "changed.item", place=place, previous=previous, holder=holder)
            )
        else:
            items.append(f"{change.date:%Y-%m-%d} " + t(lang, "changed.lost", place=place, previous=previous))
    if len(items) > CHANGES_SHOWN:
        # The most recent changes matter most at the selected date.
        items = [*items[-CHANGES_SHOWN:], t(lang, "changed.more", count=len(items) - CHANGES_SHOWN)]
    return " · ".join(items) if items else t(lang, "changed.none")


def map_caption(shot, dataset: Dataset, lang: str, params: dict[str, str]) -> None:
    """Under the map: what it shows, and the link that reproduces this view."""
    if shot.groups is None:
        mode = t(lang, "map.mode.individual")
    else:
        mode = t(lang, "map.mode.aggregated", cells=number(len(shot.groups), lang))
    as_of = long_date(dataset.as_of, lang)
    events, towns = number(len(shot.events), lang), number(len(shot.towns), lang)
    caption = t(lang, "map.caption", events=events, mode=mode, towns=towns, as_of=as_of)
    link = f"{page_url().split('?')[0]}?{urlencode(params)}"
    st.markdown(
        f'<div class="mm-small">{html_text(caption)} · <a href="{html_text(link)}" target="_self" '
        f'title="{html_text(t(lang, "share.help"))}">{html_text(t(lang, "share.link"))}</a></div>',
        unsafe_allow_html=True,
    )


def embed_citation(dataset: Dataset, view: View, lang: str, params: dict[str, str]) -> None:
    """Under an embedded map: what it shows, the record's date and source, and a link back to
    the full view (a new tab: the embed stays in its article)."""
    link = f"{page_url().split('?')[0]}?{urlencode(params)}"
    text = t(lang, "embed.cite", title=t(lang, "app.title"), as_of=long_date(dataset.as_of, lang))
    st.markdown(
        f'<p class="mm-embed-cite">{html_text(text)} · <a href="{html_text(link)}" target="_blank" rel="noopener">'
        f"{html_text(t(lang, 'embed.open'))}</a></p>",
        unsafe_allow_html=True,
    )


def view_caption(dataset: Dataset, view: View, lang: str) -> str:
    """What a view shows, in words: date, window, filters and the record's as-of date."""
    window = {30: "time.window.30", 90: "time.window.90", 365: "time.window.365", 0: "time.window.all"}
    names = dataset.actors.set_index("actor_id")["name"]
    filters = [
        ("filter.families", [t(lang, f"family.{f}") for f in view.families]),
        ("filter.actors", [str(names.get(a, a)) for a in view.actors]),
        ("filter.event_types", [t(lang, f"event_type.{e}") for e in view.event_types]),
        ("filter.min_fatalities", [str(view.min_fatalities)] if view.min_fatalities else []),
        ("filter.region", [view.region] if view.region else []),
    ]
    chosen = "".join(
        f"{semicolon(lang)}{t(lang, key)}{colon(lang)}{', '.join(values)}" for key, values in filters if values
    )
    return t(
        lang,
        "export.caption",
        title=t(lang, "app.title"),
        date=long_date(view.date, lang),
        window=f"{t(lang, 'time.window')} {t(lang, window[view.window])}",
        filters=chosen,
        as_of=long_date(dataset.as_of, lang),
    )


def export_files(dataset: Dataset, shot, view: View, lang: str, boundaries: dict | None) -> list[tuple]:
    """The current view's downloads: (label key, a function making the file, file name, MIME type).

    The files are made only when asked for (deferred data), not on every rerun."""

    def events_csv() -> bytes:
        return to_safe_csv(shot.events.drop(columns=["map_region"], errors="ignore"))

    def roads_csv() -> bytes:
        return to_safe_csv(roads_and_bases_table(shot.routes, shot.blockades, shot.bases))

    def geojson() -> str:
        return to_geojson(shot.towns, shot.events, shot.routes, route_lines(dataset), shot.blockades, shot.bases)

    def html_map() -> str:
        fmap = geomap.base_map(lang, view.base, boundaries, None)
        layer = geomap.LayerData(
            dataset.actors,
            geomap.sources_of(dataset),
            lang,
            place_label(dataset, lang),
            **roads_and_bases_of(dataset, shot, view.date),
        )
        names = dict(zip((layer.overlay for layer in geomap.LAYERS), geomap.layer_names(lang), strict=True))
        groups = [
            geomap.control_layer(
                shot.towns, dataset.actors, geomap.sources_of(dataset), lang, claims=dataset.claims, date=view.date
            ),
            geomap.events_layer(
                shot.events,
                shot.groups,
                dataset.actors,
                geomap.sources_of(dataset),
                lang,
                place_label(dataset, lang),
                claims=dataset.claims,
            ),
            geomap.roads_layer(layer, names["routes"]),
            geomap.bases_layer(layer, names["bases"]),
        ]
        title = f"{t(lang, 'app.title')} {view.date:%Y-%m-%d}"
        return geomap.standalone_html(fmap, groups, title, view_caption(dataset, view, lang))

    def brief():
        link = f"{page_url().split('?')[0]}?{urlencode({**view_to_params(view), 'lang': lang})}"
        return geo_brief().briefing(dataset, view, lang, link, dt.date.today())

    stem = f"mali-{view.date:%Y-%m-%d}"
    return [
        (
            "brief.download_pdf",
            lambda: geo_brief().briefing_pdf(brief(), load_regions()),
            f"{stem}-briefing.pdf",
            "application/pdf",
        ),
        ("brief.download_png", lambda: geo_brief().map_png(brief(), load_regions()), f"{stem}-map.png", "image/png"),
        ("export.csv", events_csv, f"{stem}-events.csv", "text/csv"),
        ("export.routes_csv", roads_csv, f"{stem}-roads-bases.csv", "text/csv"),
        ("export.geojson", geojson, f"{stem}.geojson", "application/geo+json"),
        ("export.html", html_map, f"{stem}-map.html", "text/html"),
    ]


def geo_brief():
    """geo.brief, imported when a briefing is made: it loads matplotlib and fpdf2 (about 0.9 s,
    measured with ``python -X importtime``), which a new server would otherwise pay before its
    first map."""
    import geo.brief

    return geo.brief


def exports(dataset: Dataset, shot, view: View, lang: str, boundaries: dict | None) -> None:
    """Download buttons for the current view (see :func:`export_files`)."""
    files = export_files(dataset, shot, view, lang, boundaries)
    # One horizontal container, not an expander and not columns: Streamlit animates an
    # expander while a rerun is pending, and each element here is redrawn on every slider move.
    row = st.container(horizontal=True, gap="small")
    for label, data, file_name, mime in files:
        row.download_button(
            t(lang, label),
            data=data,
            file_name=file_name,
            mime=mime,
            on_click="ignore",
            key=label.replace(".", "_"),
            help=t(lang, "export.header"),
            icon=":material/download:",
        )
