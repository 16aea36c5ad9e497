"""Routes, blockades and bases as plain data for the browser code (static/map/routes.js and
points.js): a line per route with its states, a ring per blockaded town, a symbol per base.
Like geo.map.markers, nothing here knows folium; every string goes through a template."""

from __future__ import annotations

import pandas as pd

from geo.i18n import place_name, t
from geo.i18n.formats import long_date
from geo.map.markers import day_number, span
from geo.map.popups import SourceList, day, render, text
from geo.routes import route_towns
from geo.schema import split_list
from geo.style import BASE_SIZE, BLOCKADE_SIZE, OPERATOR_LABELS, ROUTE_STYLES, family_color


def cut_text(cut: object, lang: str) -> str:
    """What is cut, in words (fuel, food …); empty when nothing is said."""
    return ", ".join(t(lang, f"cut.{item}") for item in split_list(cut))


def _claim(row, lang: str) -> str:
    name = getattr(row, "claimant_name", None)
    return t(lang, "roads.claim", actor=text(name)) if isinstance(name, str) else ""


def _dates(row, lang: str) -> dict[str, str]:
    if pd.isna(row.start):  # a base period no source dates the start of (geo.bases)
        since = t(lang, "bases.start_unknown", date=day(row.shown_from))
        until = t(lang, "roads.until", date=day(row.end)) if pd.notna(row.end) else ""
        return {"since": since, "until": until}
    precision = "roads.month" if row.start_precision == "month" else "roads.day"
    since = t(lang, "roads.since", date=day(row.start), precision=t(lang, precision))
    until = t(lang, "roads.until", date=day(row.end)) if pd.notna(row.end) else ""
    return {"since": since, "until": until}


def attack_items(attacks: pd.DataFrame | None, sources: SourceList, lang: str) -> list[dict]:
    """A route's attacks (rows of geo.routes.route_attacks) for its popup, latest first: each
    with its day number, so that the time bar's browser code shows only those up to its day."""
    if attacks is None or attacks.empty:
        return []
    described = "description_fr" if lang == "fr" else "description"
    return [
        {
            "day": day_number(row.date),
            "date": long_date(row.date, lang) if row.date_precision == "day" else f"{row.date:%Y-%m}",
            "text": text(getattr(row, described)) or text(row.description),
            "where": (text(row.link_note_fr) if lang == "fr" else "") or text(row.link_note),
            "sources": sources.inline(row.link_sources),
        }
        for row in attacks.sort_values("date", ascending=False, kind="stable").itertuples(index=False)
    ]


def route_state_popup(
    route, row, names: dict[str, str], sources: SourceList, lang: str, attacks: list[dict] | None = None
) -> str:
    """The popup of a route in one state (``row``: a period, or None when no status is recorded),
    with the attacks on it (:func:`attack_items`)."""
    values = {
        "attacks": attacks or [],
        "attacks_label": t(lang, "roads.attacks"),
        "attacks_none": t(lang, "roads.attacks_none"),
        "name": place_name(lang, route.name, route.name_fr),
        "roads": text(route.road_numbers).replace("|", ", "),
        "towns": " – ".join(names.get(town, town) for town in route_towns(route)),
        "schematic": t(lang, "roads.schematic") if route.geometry == "schematic" else "",
        "status": "",
        "no_status": t(lang, "roads.no_status"),
    }
    if row is not None:
        values |= {
            "status": t(lang, f"route_status.{row.status}"),
            "color": ROUTE_STYLES[row.status]["color"],
            "imposed_by": text(row.imposed_by_name),
            "imposed_label": t(lang, "roads.imposed_by"),
            "cut": cut_text(row.cut, lang),
            "cut_label": t(lang, "roads.cut"),
            "confidence": t(lang, "tip.confidence", level=t(lang, f"confidence.{row.confidence}")),
            "claim": _claim(row, lang),
            "note": text(row.note),
            "note_label": t(lang, "popup.note"),
            "sources_label": t(lang, "popup.sources"),
            "sources": sources.html(row.source_ids),
            **_dates(row, lang),
        }
    return render("route_popup", **values)


def route_lines(
    routes: pd.DataFrame,
    periods: pd.DataFrame | None,
    lines: dict[str, list[list[float]]],
    names: dict[str, str],
    sources: pd.DataFrame | SourceList,
    lang: str,
    attacks: pd.DataFrame | None = None,
) -> list[dict]:
    """One line per route of ``routes`` (routes.csv rows): its points, a tooltip, the popup when
    no status is recorded, and ``states``, one per row of ``periods`` for that route (status
    periods with days from geo.routes.status_periods, or geo.routes.routes_at's rows for one date).
    Every popup lists the route's ``attacks`` (geo.routes.route_attacks: all of them for the time
    bar, which shows those up to its day; up to the date for a map of one date)."""
    listed = SourceList.of(sources)
    by_route = {} if periods is None else {key: group for key, group in periods.groupby("route_id")}
    attacks_of = {} if attacks is None else {key: group for key, group in attacks.groupby("route_id")}
    drawn = []
    for route in routes.itertuples(index=False):
        label = place_name(lang, route.name, route.name_fr)
        hits = attack_items(attacks_of.get(route.route_id), listed, lang)
        states = []
        own = by_route.get(route.route_id)
        for row in own.itertuples() if own is not None else ():
            if not isinstance(row.status, str):
                continue
            tip = render("tip_text", text=f"{label}: {t(lang, f'route_status.{row.status}')}")
            states.append(
                {
                    "status": row.status,
                    "tip": tip,
                    "popup": route_state_popup(route, row, names, listed, lang, hits),
                    **span(row),
                }
            )
        drawn.append(
            {
                "id": route.route_id,
                "line": lines[route.route_id],
                "tip": render("tip_text", text=f"{label}: {t(lang, 'roads.no_status_short')}"),
                "popup": route_state_popup(route, None, names, listed, lang, hits),
                "states": states,
            }
        )
    return drawn


def blockade_points(blockades: pd.DataFrame, sources: pd.DataFrame | SourceList, lang: str) -> list[dict]:
    """A ring around each blockaded town (rows of geo.routes.blockade_periods or blockades_at)."""
    listed = SourceList.of(sources)
    points = []
    for row in blockades.dropna(subset=["lat", "lon"]).itertuples(index=False):
        town = place_name(lang, row.name, row.name_fr)
        title = t(lang, "roads.blockade_of", place=town)
        popup = render(
            "blockade_popup",
            title=title,
            imposed_label=t(lang, "roads.imposed_by"),
            imposed_by=text(row.imposed_by_name),
            cut_label=t(lang, "roads.cut"),
            cut=cut_text(row.cut, lang),
            confidence=t(lang, "tip.confidence", level=t(lang, f"confidence.{row.confidence}")),
            claim=_claim(row, lang),
            note=text(row.note),
            note_label=t(lang, "popup.note"),
            sources_label=t(lang, "popup.sources"),
            sources=listed.html(row.source_ids),
            **_dates(row, lang),
        )
        points.append(
            {
                "lat": float(row.lat),
                "lon": float(row.lon),
                "icon": render("blockade_icon", size=BLOCKADE_SIZE, color=ROUTE_STYLES["blockaded"]["color"]),
                "size": BLOCKADE_SIZE,
                "tip": render("tip_text", text=f"{title} ({text(row.imposed_by_name)})"),
                "popup": popup,
                "z": -200,
                **span(row),
            }
        )
    return points


def _operator(row, lang: str) -> str:
    name = text(row.operator_name)
    contingent = getattr(row, "contingent", None)
    return f"{name} ({contingent})" if isinstance(contingent, str) else name


def _ending(row, lang: str) -> str:
    if not isinstance(row.end_reason, str):
        return ""
    reason = t(lang, f"end_reason.{row.end_reason}")
    if isinstance(row.handed_to_name, str):
        key = "bases.by" if row.end_reason == "overrun" else "bases.to"
        return t(lang, key, reason=reason, actor=row.handed_to_name)
    return reason


def base_points(
    periods: pd.DataFrame, history: pd.DataFrame, sources: pd.DataFrame | SourceList, lang: str
) -> list[dict]:
    """A symbol per base period (rows of geo.bases.base_periods, or bases_at for one date): a
    square in the operator's family colour, labelled with the operator; its popup lists every
    operator of the base (``history``: geo.bases.base_periods) and how each period ended."""
    listed = SourceList.of(sources)
    histories = {key: group for key, group in history.groupby("base_id")}
    points = []
    for row in periods.dropna(subset=["lat", "lon"]).itertuples(index=False):
        past = histories.get(row.base_id, history.iloc[0:0])
        lines = [
            {
                "dates": f"{day(h.start) or '?'} – {day(h.end)}".strip(),
                "operator": _operator(h, lang),
                "ending": _ending(h, lang),
            }
            for h in past.itertuples(index=False)
        ]
        label = OPERATOR_LABELS.get(row.operator_id) or text(row.operator_name)[:4]
        popup = render(
            "base_popup",
            name=text(row.name),
            kind=t(lang, f"base_kind.{row.kind}"),
            operator=_operator(row, lang),
            contingent="",
            since=_dates(row, lang)["since"],
            confidence=t(lang, "tip.confidence", level=t(lang, f"confidence.{row.confidence}")),
            note=text(row.note),
            note_label=t(lang, "popup.note"),
            history_label=t(lang, "bases.history"),
            history=lines,
            sources_label=t(lang, "popup.sources"),
            sources=listed.html(row.source_ids),
        )
        points.append(
            {
                "lat": float(row.lat),
                "lon": float(row.lon),
                "icon": render(
                    "base_icon", kind=row.kind, base_id=row.base_id, color=family_color(row.family), label=label
                ),
                "size": BASE_SIZE,
                "tip": render("tip_text", text=f"{text(row.name)}: {_operator(row, lang)}"),
                "popup": popup,
                "z": 200,
                **span(row),
            }
        )
    return points
