"""Markers as plain data: one dict per town or event (position, icon, tooltip, popup, day span),
which the browser code draws (static/map/points.js). Nothing here knows folium."""

from __future__ import annotations

import numpy as np
import pandas as pd
from markupsafe import Markup

from geo.claims import claims_by_subject
from geo.control import STALE_AFTER_DAYS
from geo.events import descriptions
from geo.i18n import colon, place_name, t
from geo.i18n.formats import number
from geo.i18n.record_text import localized_cell
from geo.map.popups import SourceList, day, render, text
from geo.schema import KEY_PLACES, split_list
from geo.snapshot import MAX_MARKERS
from geo.spans import FAMILY_CODES, EventCells
from geo.style import (
    EVENT_GLYPHS,
    FATALITY_SIZE,
    TOWN_SIZE,
    UNKNOWN_COLOR,
    family_color,
    fatality_size,
    glyph_color,
)


def day_number(value) -> int:
    """Days since 1970-01-01 (the browser code's dates)."""
    return int((pd.Timestamp(value).normalize() - _EPOCH) // pd.Timedelta(days=1))


_EPOCH = pd.Timestamp("1970-01-01")


def span(row) -> dict:
    """A row's day span [from, to) as day numbers (days since 1970-01-01), if it has one."""
    if not hasattr(row, "from_day"):
        return {}
    return {"from": day_number(row.from_day), "to": day_number(row.to_day)}


def freshness(lang: str, last_confirmed, on) -> dict:
    """How old the latest word on a holder is on the day ``on``: the sentence, and what the
    browser needs to say it again for the time bar's day (points.js): the confirmation's day
    number and the sentence with ``{n}`` for the number of days."""
    if pd.isna(last_confirmed):
        return {"age": "", "confirmed_day": "", "age_template": "", "age_later": ""}
    date = day(last_confirmed)
    days = (pd.Timestamp(on).normalize() - pd.Timestamp(last_confirmed).normalize()).days if on is not None else 0
    # A source dated after the day describes the period that covers it: no age to count back.
    later = t(lang, "freshness.later", date=date)
    return {
        "age": later if days < 0 else t(lang, "freshness.confirmed", date=date, days=days),
        "confirmed_day": day_number(last_confirmed),
        "age_template": t(lang, "freshness.confirmed", date=date, days="{n}"),
        "age_later": later,
    }


def town_points(
    towns: pd.DataFrame,
    actors: pd.DataFrame,
    sources: pd.DataFrame | SourceList,
    lang: str,
    *,
    claims: pd.DataFrame | None = None,
    on=None,
) -> list[dict]:
    """One marker per town row of :func:`geo.control.towns_at` (or :mod:`geo.spans`): coloured by
    the holder's family, shaped by status, key towns labelled; towns without a holder hollow;
    a holder not confirmed for over STALE_AFTER_DAYS faded. The popup gives the age of the latest
    word on the holder on the day ``on`` (or each span's first day) and the claims about the period."""
    actor_names = actors.set_index("actor_id")["name"]
    listed = SourceList.of(sources)
    by_period, _ = claims_by_subject(claims, lang)
    points = []
    for town in towns.itertuples(index=False):
        stale = bool(getattr(town, "stale", False))
        town_name = place_name(lang, town.name, town.name_fr)
        known = isinstance(town.actor_id, str)
        status = town.status if known else "unknown"
        blockade = _blockade(town, lang)
        values = {
            "name": town_name,
            "colon": colon(lang),
            "no_holder": t(lang, "tip.no_holder"),
            "holder": "",
            "blockade": blockade,
            "blockade_sources": listed.html(town.blockade_sources) if blockade else "",
        }
        if known:
            values |= {
                "holder": text(town.actor_name),
                "family": t(lang, f"family.{town.family}"),
                "status": t(lang, f"status.{status}"),
                "since": t(lang, "tip.since", date=day(town.start)),
                "confidence": t(lang, "tip.confidence", level=t(lang, f"confidence.{town.confidence}")),
                "allies": ", ".join(text(actor_names.get(a, a)) for a in split_list(town.allies)),
                "allies_label": t(lang, "popup.allies"),
                "note": text(localized_cell(town, "note", lang)),
                "note_label": t(lang, "popup.note"),
                "sources_label": t(lang, "popup.sources"),
                "sources": listed.html(town.source_ids),
                "stale": t(lang, "freshness.stale", days=STALE_AFTER_DAYS) if stale else "",
                "claims_label": t(lang, "popup.claims"),
                "claims": by_period.get((town.place_id, pd.Timestamp(town.start)), []),
                **freshness(lang, getattr(town, "last_confirmed", None), on if on is not None else _first_day(town)),
            }
        icon = render(
            "town_icon",
            stale=known and stale,
            status=status,
            color=family_color(town.family) if known else UNKNOWN_COLOR,
            label=town_name if town.place_id in KEY_PLACES else "",
        )
        points.append(
            {
                "lat": float(town.lat),
                "lon": float(town.lon),
                "icon": icon,
                "size": TOWN_SIZE,
                # Its accessible name (points.js): the town; the tooltip says the rest on focus.
                "label": town_name,
                "tip": render("town_tip", **values),
                "popup": render("town_popup", **values),
                "z": 1000 if town.place_id in KEY_PLACES else 500,
                **span(town),
            }
        )
    return points


def _blockade(town, lang: str) -> str:
    """What a town's blockades on the date are, in words (who, since when, what is cut): its row
    carries geo.routes.with_blockades' columns when the record has blockades."""
    by = getattr(town, "blockade_by", None)
    if not isinstance(by, str):
        return ""
    lines = []
    claims = town.blockade_claim.split(";")
    for actor, cut, since, claim in zip(
        by.split(";"), town.blockade_cut.split(";"), town.blockade_since.split(";"), claims, strict=True
    ):
        items = ", ".join(t(lang, f"cut.{item}") for item in split_list(cut))
        key = "roads.town_blockade" if items else "roads.town_blockade_nocut"
        line = t(lang, key, actor=actor, since=t(lang, "tip.since", date=since), cut=items)
        lines.append(line + t(lang, "roads.claimed") if claim else line)
    return "; ".join(lines)


def _first_day(row):
    """The first day a row is shown: its span's, if it has one."""
    return getattr(row, "from_day", None)


def type_label(lang: str, event_type: object) -> str:
    """An event type in the interface language (an unknown code as it is)."""
    return t(lang, f"event_type.{event_type}") if event_type in EVENT_GLYPHS else text(event_type)


def _toll(low, high, lang: str) -> str:
    if pd.isna(low) and pd.isna(high):
        return t(lang, "popup.unknown")
    if pd.isna(low) or pd.isna(high) or low == high:
        return str(int(high if pd.isna(low) else low))
    return f"{int(low)}–{int(high)}"


def event_points(
    events: pd.DataFrame,
    actors: pd.DataFrame,
    sources: pd.DataFrame | SourceList,
    lang: str,
    place_labels: pd.Series | None = None,
    *,
    claims: pd.DataFrame | None = None,
) -> list[dict]:
    """One marker per event with coordinates, sized by fatalities, coloured by the actor's family,
    marked by type (with its day span, if it has one); the popup lists the claims about it."""
    actor_names = actors.set_index("actor_id")["name"]
    _, by_event = claims_by_subject(claims, lang)
    labels = place_labels if place_labels is not None else pd.Series(dtype=object)
    events = events.assign(place_label=events["place_id"].map(labels), shown_text=descriptions(events, lang))
    listed = SourceList.of(sources)
    points = []
    for event in events.dropna(subset=["lat", "lon"]).itertuples(index=False):
        toll = event.fatalities_high if pd.notna(event.fatalities_high) else event.fatalities_low
        size = fatality_size(toll)
        glyph = EVENT_GLYPHS.get(event.event_type, "•") + "\ufe0e"
        actor = text(actor_names.get(event.actor_id, event.actor_id))
        allies = [text(actor_names.get(a, a)) for a in split_list(event.allies)]
        kind = t(lang, f"event_type.{event.event_type}")
        points.append(
            {
                "lat": float(event.lat),
                "lon": float(event.lon),
                "icon": render(
                    "event_icon",
                    group=False,
                    color=family_color(event.family),
                    ink=glyph_color(event.family),
                    size=size,
                    font=max(10, size // 2),
                    text=glyph,
                ),
                "size": size,
                "tip": render("event_tip", date=day(event.date), type=kind, actor=actor),
                "popup": render(
                    "event_popup",
                    colon=colon(lang),
                    glyph=EVENT_GLYPHS.get(event.event_type, "") + "\ufe0e",
                    type=kind,
                    date=day(event.date),
                    precision=t(lang, f"popup.precision.{event.date_precision}"),
                    place=text(event.place_label),
                    place_label=t(lang, "popup.place"),
                    actors=", ".join([actor, *allies]),
                    actors_label=t(lang, "popup.actors"),
                    target=text(actor_names.get(event.target_id, event.target_id))
                    if isinstance(event.target_id, str)
                    else "",
                    target_label=t(lang, "popup.target"),
                    toll=_toll(event.fatalities_low, event.fatalities_high, lang),
                    fatalities_label=t(lang, "popup.fatalities"),
                    description=text(event.shown_text),
                    note=text(localized_cell(event, "note", lang)),
                    note_label=t(lang, "popup.note"),
                    sources=listed.html(event.source_ids),
                    sources_label=t(lang, "popup.sources"),
                    claims=by_event.get(event.event_id, []),
                    claims_label=t(lang, "popup.claims"),
                ),
                **span(event),
            }
        )
    return points


def group_points(events: pd.DataFrame, groups: pd.DataFrame, lang: str) -> list[dict]:
    """One marker per location cell of :func:`geo.events.group_by_location`, listing its deadliest events."""
    # Only the listed events are looked up: a grouped layer may stand for a million events.
    listed = {e for ids in groups["top_event_ids"] for e in ids}
    by_id = events.loc[events["event_id"].isin(listed)]
    by_id = by_id.assign(description=descriptions(by_id, lang))[["event_id", "date", "event_type", "description"]]
    by_id = by_id.drop_duplicates("event_id").set_index("event_id")
    dates, kinds, texts = (by_id[c].to_dict() for c in ("date", "event_type", "description"))
    points = []
    for cell in groups.itertuples(index=False):
        size = fatality_size(cell.fatalities)
        summary = t(
            lang,
            "popup.events_here",
            count=number(int(cell.count), lang),
            fatalities=number(int(cell.fatalities), lang),
        )
        deadliest = [
            {"date": day(dates[e]), "type": type_label(lang, kinds[e]), "description": text(texts[e])}
            for e in cell.top_event_ids
        ]
        points.append(
            {
                "lat": float(cell.lat),
                "lon": float(cell.lon),
                "icon": render(
                    "event_icon",
                    group=True,
                    color=family_color(cell.family),
                    ink=glyph_color(cell.family),
                    size=size,
                    text=int(cell.count),
                ),
                "size": size,
                "tip": str(Markup.escape(summary)),
                "popup": render(
                    "group_popup",
                    colon=colon(lang),
                    summary=summary,
                    first=day(cell.first),
                    last=day(cell.last),
                    deadliest_label=t(lang, "popup.deadliest"),
                    deadliest=deadliest,
                ),
            }
        )
    return points


def cell_options(window: int, lang: str, shift: int = 10) -> dict:
    """How static/map/cells.js draws a cell: its templates, rendered here (autoescaped) with
    ``{count}``, ``{fatalities}``, ``{first}``, ``{last}``, ``{color}``, ``{ink}`` and ``{size}`` for
    the browser to fill in with numbers, dates and colours; the colours and glyph inks of the
    family codes; sizes."""
    summary = t(lang, "popup.events_here", count="{count}", fatalities="{fatalities}")
    return {
        "window": int(window),
        "shift": int(shift),
        "colors": [family_color(code or None) for code in FAMILY_CODES],
        "inks": [glyph_color(code or None) for code in FAMILY_CODES],
        "size": FATALITY_SIZE,
        "icon": render("event_icon", group=True, color="{color}", ink="{ink}", size="{size}", text="{count}"),
        "tip": str(Markup.escape(summary)),
        "popup": render(
            "cell_popup",
            summary=summary,
            first="{first}",
            last="{last}",
            note=t(lang, "popup.cells_note", max=number(MAX_MARKERS, lang)),
        ),
    }


def cell_data(cells: EventCells, tolls: bool = True) -> dict:
    """The cells as static/map/cells.js gets them: columns, each row's day as the difference
    from the row before (rows are sorted by day, so most are 0 or 1: a short text); without
    ``tolls``, only the counts (for the heat map)."""
    rows = cells.rows
    days = ((rows["day"] - _EPOCH) // pd.Timedelta(days=1)).to_numpy(dtype="int64")
    data = {
        "cells": cells.cells[["lat", "lon"]].round(4).to_numpy().tolist(),
        "day": np.diff(days, prepend=0).tolist(),
        "cell": rows["cell"].tolist(),
        "count": rows["count"].tolist(),
    }
    if tolls:
        data |= {"family": rows["family"].tolist(), "toll": rows["toll"].tolist()}
    return data
