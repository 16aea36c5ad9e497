"""Tables: translated headers, days not timestamps, vocabulary in the interface language."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import streamlit as st

from geo import Dataset
from geo.bases import base_periods, bases_of_place
from geo.claims import claims_by_subject
from geo.control import change_confidence
from geo.events import descriptions
from geo.i18n import colon, place_name, region_name, t
from geo.i18n.record_text import localized
from geo.routes import place_blockades, route_attacks, route_history, routes_of_place, status_periods
from geo.timeline import control_lanes
from geo.view import View
from ui.keys import Key
from ui.record import place_label
from ui.state import choices, forget_map_move, map_link
from ui.text import html_text, plain


def table_cells(frame: pd.DataFrame, columns: dict[str, str], lang: str) -> pd.DataFrame:
    """The cells of a table as readers see them: the vocabulary columns (confidence, status) in
    ``lang``, days as YYYY-MM-DD (which sorts as dates do), and every missing value, whatever the
    column's type, an empty cell: Streamlit draws a missing value as "None" (issue #19). A number
    column with a missing value becomes text ('' where missing); a complete one stays a number."""
    shown = frame[list(columns)].copy()
    for name in columns:
        cells = shown[name]
        if name in ("confidence", "status"):
            cells = cells.map(lambda v, n=name: t(lang, f"{n}.{v}") if isinstance(v, str) else v)
        if pd.api.types.is_numeric_dtype(cells) and not cells.isna().any():
            continue  # a complete number column stays numbers (it sorts as numbers)
        shown[name] = cells.astype(object).map(_cell)
    return shown


def _cell(value: object) -> str:
    """One cell as text: '' when missing, a day as YYYY-MM-DD, a whole number without '.0'."""
    if value is None or (not isinstance(value, list | tuple) and pd.isna(value)):
        return ""
    if isinstance(value, pd.Timestamp | dt.date):
        return f"{value:%Y-%m-%d}"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return value if isinstance(value, str) else str(value)


def localized_table(frame: pd.DataFrame, columns: dict[str, str], lang: str, **config) -> None:
    """A dataframe with translated column labels (``columns``: column -> i18n key) and the cells
    of :func:`table_cells`; ``config``: Streamlit column settings (links) by column."""
    column_config = {name: st.column_config.Column(t(lang, key)) for name, key in columns.items()}
    column_config.update(config)
    st.dataframe(table_cells(frame, columns, lang), hide_index=True, width="stretch", column_config=column_config)


def active_period(actor: pd.Series, lang: str) -> str:
    """'2017-03-02 – ' or 'not recorded', as the record has it."""
    start, end = actor.get("active_from"), actor.get("active_to")
    if not isinstance(start, str) and not isinstance(end, str):
        return t(lang, "actors.active_unknown")
    return f"{start if isinstance(start, str) else '?'} – {end if isinstance(end, str) else ''}"


def events_table(events: pd.DataFrame, dataset: Dataset, lang: str) -> None:
    """Events as a table with translated headers and types, newest first."""
    shown = events.assign(
        # Unknown tolls show as blank cells, never as a number.
        fatalities_low=events["fatalities_low"].astype("string").fillna(""),
        fatalities_high=events["fatalities_high"].astype("string").fillna(""),
        type_label=events["event_type"].map(lambda e: t(lang, f"event_type.{e}")),
        actor_label=events["actor_id"].map(dataset.actors.set_index("actor_id")["name"]),
        place_label=events["place_id"].map(place_label(dataset, lang)).fillna(""),
        description=descriptions(events, lang),
    )
    columns = {
        "date": "col.date",
        "type_label": "col.type",
        "actor_label": "col.actor",
        "place_label": "col.place",
        "fatalities_low": "col.fatalities_low",
        "fatalities_high": "col.fatalities_high",
        "description": "col.description",
        "confidence": "col.confidence",
        "source_ids": "col.sources",
    }
    if "distance_km" in shown:
        columns["distance_km"] = "places.distance"
    localized_table(shown, columns, lang)


def sources_list(dataset: Dataset, source_lists: list, lang: str, title_key: str) -> None:
    """The sources cited by some records, as a table with links."""
    ids = {s for cell in source_lists if isinstance(cell, str) for s in cell.split("|") if s}
    sources = dataset.sources[dataset.sources["source_id"].isin(ids)].sort_values("published", na_position="last")
    st.header(t(lang, title_key))
    localized_table(
        sources,
        {"title": "col.title", "publisher": "col.publisher", "published": "col.published", "url": "col.url"},
        lang,
        url=st.column_config.LinkColumn(t(lang, "col.url")),
    )


def place_history(dataset: Dataset, place_id: str, lang: str) -> None:
    """A place's control history: a table, and a link to the map at the start of each period."""
    st.header(t(lang, "places.history"))
    history = dataset.control_history(place_id)
    if history.empty:
        st.caption(t(lang, "places.no_history"))
        return
    shown = _history_cells(history, lang).assign(
        link=[map_link({"date": f"{start:%Y-%m-%d}", "place": place_id, "lang": lang}) for start in history["start"]],
    )
    localized_table(
        shown,
        {**_HISTORY, "link": "page.map"},
        lang,
        link=st.column_config.LinkColumn(t(lang, "page.map"), display_text=r"date=([0-9-]+)"),
    )


#: The columns of a place's control history, as the Places page and the map's place panel show it.
_HISTORY = {
    "start": "timeline.start",
    "end": "timeline.end",
    "actor_name": "timeline.holder",
    "family_label": "timeline.family",
    "status_label": "timeline.status",
    "confidence": "col.confidence",
    "last_confirmed": "places.last_confirmed",
    "note": "col.note",
    "source_ids": "col.sources",
}


def _history_cells(history: pd.DataFrame, lang: str) -> pd.DataFrame:
    """A control history (Dataset.control_history) with its note, family and status in ``lang``."""
    return history.assign(
        note=localized(history, "note", lang),
        family_label=history["family"].map(lambda f: t(lang, f"family.{f}")),
        status_label=history["status"].map(lambda s: t(lang, f"status.{s}")),
    )


def place_claims(dataset: Dataset, place_id: str, lang: str) -> None:
    """The claims about a place's control periods, rival claims side by side on one line per period
    ("The FLA says … · The army says …")."""
    by_period, _ = claims_by_subject(dataset.claims, lang)
    history = dataset.control_history(place_id)
    lines = [
        (period, by_period[(place_id, period.start)])
        for period in history.itertuples(index=False)
        if (place_id, period.start) in by_period
    ]
    if not lines:
        return
    st.header(t(lang, "places.claims"))
    for period, claims in lines:
        head = f"{period.start:%Y-%m-%d} – {period.actor_name} ({t(lang, f'status.{period.status}')})"
        st.markdown(plain(f"{head}{colon(lang)}{' · '.join(claims)}", limit=2000))


def freshness_line(dataset: Dataset, place_id: str, date, lang: str) -> str | None:
    """'<holder>: last confirmed <day>, N days before this date' for the period in force on ``date``."""
    held = dataset.control_at(date)
    held = held[held["place_id"] == place_id]
    if held.empty:
        return None
    period = dataset.control.set_index(["place_id", "start"]).loc[(place_id, held["start"].iloc[0])]
    confirmed = period["last_confirmed"]
    days = (pd.Timestamp(date).normalize() - confirmed).days
    when = f"{confirmed:%Y-%m-%d}"
    age = t(lang, "freshness.later", date=when) if days < 0 else t(lang, "freshness.confirmed", date=when, days=days)
    return f"{held['actor_name'].iloc[0]}{colon(lang)}{age}"


def match_label(match, names: pd.Series, lang: str) -> str:
    """A gazetteer match as the Places search lists it: the place's name in the interface
    language if the record has it, and its region when the gazetteer knows one."""
    name = names.get(match.place_id, match.name) if match.place_id else match.name
    return f"{name} ({region_name(lang, match.region)})" if match.region else str(name)


def place_lane(dataset: Dataset, place_id: str, view: View, lang: str):
    """The place's control lane (one bar per period)."""
    from geo import charts  # altair: loaded when a chart is drawn, not before the first map

    return charts.control_gantt(control_lanes(dataset, [place_id]), view.date, lang, height_per_lane=36)


def place_panel(dataset: Dataset, view: View, names: pd.Series, lang: str) -> None:
    """Choose a town to centre on; for the chosen town, its control history."""
    options = ["", *sorted(choices(dataset).places, key=lambda p: str(names.get(p, p)).casefold())]
    st.selectbox(
        t(lang, "place.focus"),
        options,
        key=Key.PLACE,
        format_func=lambda p: names.get(p, p) if p else t(lang, "place.none"),
        on_change=forget_map_move,
        args=(frozenset(options),),
    )
    if view.place:
        line = freshness_line(dataset, view.place, view.date, lang)
        if line:
            st.caption(plain(f"{view.date:%Y-%m-%d} · {line}"))
        history = dataset.control_history(view.place)
        localized_table(_history_cells(history, lang), _HISTORY, lang)


def place_roads_and_bases(dataset: Dataset, place_id: str, lang: str) -> list[str]:
    """The bases at a place with their operators, its blockades, and the routes that reach it, each
    with its status history; returns the source ids cited (for the page's list of sources)."""
    name = place_label(dataset, lang).get(place_id, place_id)
    cited: list[str] = []
    bases = bases_of_place(dataset, place_id)
    st.header(t(lang, "places.bases", name=name))
    if bases.empty:
        st.caption(t(lang, "places.no_bases"))
    else:
        shown = bases.assign(
            note=localized(bases, "note", lang),
            end_label=bases["end_reason"].map(lambda r: t(lang, f"end_reason.{r}") if isinstance(r, str) else ""),
        )
        columns = {
            "name": "timeline.base",
            "operator_name": "timeline.operator",
            "contingent": "col.contingent",
            "start": "timeline.start",
            "end": "timeline.end",
            "end_label": "col.end_reason",
            "handed_to_name": "col.handed_to",
            "confidence": "col.confidence",
            "note": "col.note",
            "source_ids": "col.sources",
        }
        localized_table(shown, columns, lang)
        cited += bases["source_ids"].tolist()
    blockades = place_blockades(dataset, place_id)
    if not blockades.empty:
        st.header(t(lang, "places.blockades", name=name))
        localized_table(
            blockades.assign(
                cut_label=blockades["cut"].map(lambda c: _cut(c, lang)), note=localized(blockades, "note", lang)
            ),
            _PERIOD,
            lang,
        )
        cited += blockades["source_ids"].tolist()
    routes = routes_of_place(dataset, place_id)
    st.header(t(lang, "places.routes", name=name))
    if routes.empty:
        st.caption(t(lang, "places.no_routes"))
    for route in routes.itertuples(index=False):
        history = route_history(dataset, route.route_id)
        st.markdown(f"**{html_text(place_name(lang, route.name, route.name_fr))}**")
        cited.append(route.source_ids)
        if history.empty:
            st.caption(t(lang, "roads.no_status"))
        else:
            shown = history.assign(
                status_label=history["status"].map(lambda s: t(lang, f"route_status.{s}")),
                cut_label=history["cut"].map(lambda c: _cut(c, lang)),
                note=localized(history, "note", lang),
            )
            localized_table(shown, {"status_label": "col.status", **_PERIOD}, lang)
            cited += history["source_ids"].tolist()
        attacks = route_attacks(dataset, route.route_id)
        if not attacks.empty:
            st.caption(t(lang, "places.route_attacks", n=len(attacks)))
            events_table(dataset.events[dataset.events["event_id"].isin(attacks["event_id"])], dataset, lang)
            cited += attacks["link_sources"].tolist()
    return cited


#: The columns of a blockade or a route's status period, as the Places page shows them.
_PERIOD = {
    "imposed_by_name": "col.imposed_by",
    "cut_label": "col.cut",
    "start": "timeline.start",
    "end": "timeline.end",
    "confidence": "col.confidence",
    "claimant_name": "roads.claimant",
    "note": "col.note",
    "source_ids": "col.sources",
}


def _cut(cut: object, lang: str) -> str:
    return ", ".join(t(lang, f"cut.{item}") for item in str(cut).split("|")) if isinstance(cut, str) else ""


def road_and_base_lanes(dataset: Dataset, view: View, lang: str) -> None:
    """The Timeline page's lanes under the towns': one per route (by status), one per base (by operator)."""
    from geo import road_charts  # altair: loaded when a chart is drawn, not before the first map

    for title, caption, periods, draw in (
        ("timeline.routes", "timeline.routes_caption", status_periods(dataset), road_charts.route_gantt),
        ("timeline.bases", "timeline.bases_caption", base_periods(dataset), road_charts.base_gantt),
    ):
        if periods.empty:
            continue
        st.header(t(lang, title))
        st.caption(t(lang, caption))
        lanes = draw(periods, view.date, lang)
        st.altair_chart(lanes, width="stretch", height=lanes.height)


def window_changes_table(changes: pd.DataFrame, dataset: Dataset, names: pd.Series, lang: str) -> None:
    """Every control change of the window (``changes``: a snapshot's), newest first, as a compact
    table under the map: sortable by any column (click its header), each row linked to its place
    on the map at the change's date."""
    if changes.empty:
        return
    actor_names = dataset.actors.set_index("actor_id")["name"]

    def holding(actor, status) -> str:
        if not isinstance(actor, str):
            return t(lang, "changes.none_after")
        return f"{actor_names.get(actor, actor)} ({t(lang, f'status.{status}')})"

    shown = changes.assign(
        place_label=changes["place_id"].map(names).fillna(changes["place_id"]),
        before=[holding(a, s) for a, s in zip(changes["previous_actor_id"], changes["previous_status"], strict=True)],
        after=[holding(a, s) for a, s in zip(changes["actor_id"], changes["status"], strict=True)],
        confidence=change_confidence(dataset, changes),
        link=[
            map_link({"date": f"{day:%Y-%m-%d}", "place": place, "lang": lang})
            for day, place in zip(changes["date"], changes["place_id"], strict=True)
        ],
    ).sort_values(["date", "place_label"], ascending=[False, True])
    st.markdown(f"**{t(lang, 'changes.title')}** ({len(shown)})")
    localized_table(
        shown,
        {
            "date": "col.date",
            "place_label": "col.place",
            "before": "changes.before",
            "after": "changes.after",
            "confidence": "col.confidence",
            "link": "changes.map",
        },
        lang,
        link=st.column_config.LinkColumn(t(lang, "changes.map"), display_text=r"date=([0-9-]+)"),
    )
