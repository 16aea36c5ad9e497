"""What a briefing page says about a view, in the interface language (pure pandas)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pandas as pd

from geo.bases import bases_at
from geo.dataset import Dataset
from geo.i18n import t
from geo.i18n.formats import long_date, number
from geo.routes import route_lines, routes_at
from geo.schema import FAMILIES, split_list
from geo.snapshot import Snapshot, snapshot
from geo.view import View


@dataclass(frozen=True)
class Briefing:
    """The text of a briefing page and the snapshot its map is drawn from."""

    lang: str
    title: str
    subtitle: str
    shot: Snapshot
    #: (label, value) pairs: towns per holder family, events and fatalities in the window.
    figures: list[tuple[str, str]]
    #: One line per control change in the window, oldest first (all of them).
    changes: list[str]
    citation: str
    #: "Title. Publisher, date." for every source behind the towns, events and changes shown.
    sources: list[str]
    #: Place names shown on the map, by place_id.
    names: dict[str, str]
    #: One line per holder family: its towns on the date, by name ("Malian state (16): Bamako, …").
    towns: list[str]
    #: Every route with its status on the date (geo.routes.routes_at) and its line ([[lat, lon], …]).
    routes: pd.DataFrame
    lines: dict[str, list[list[float]]]
    #: The bases held on the date (geo.bases.bases_at).
    bases: pd.DataFrame
    #: One line per road not open on the date: "Bamako–Kayes: blockaded by JNIM (fuel, goods) since …".
    roads: list[str]


def _place_names(dataset: Dataset, lang: str) -> dict[str, str]:
    column = "name_fr" if lang == "fr" else "name"
    return dict(zip(dataset.places["place_id"], dataset.places[column]))


def _change_lines(shot: Snapshot, dataset: Dataset, names: dict[str, str], lang: str) -> list[str]:
    actors = dataset.actors.set_index("actor_id")["name"]
    lines = []
    for change in shot.changes.itertuples(index=False):
        place = names.get(change.place_id, change.place_id)
        previous = actors.get(change.previous_actor_id, change.previous_actor_id)
        if not isinstance(previous, str):
            previous = t(lang, "legend.unknown")
        if isinstance(change.actor_id, str):
            holder = f"{actors.get(change.actor_id, change.actor_id)} ({t(lang, f'status.{change.status}')})"
            text = t(lang, "changed.item", place=place, previous=previous, holder=holder)
        else:
            text = t(lang, "changed.lost", place=place, previous=previous)
        lines.append(f"{change.date:%Y-%m-%d} {text}")
    return lines


def _town_lines(shot: Snapshot, names: dict[str, str], lang: str) -> list[str]:
    towns = shot.towns.assign(shown=shot.towns["place_id"].map(names).fillna(shot.towns["place_id"]))
    lines = []
    for family in (*FAMILIES, None):
        chosen = towns[towns["family"].eq(family)] if family else towns[towns["family"].isna()]
        if chosen.empty:
            continue
        label = t(lang, f"family.{family}") if family else t(lang, "metrics.unknown_holder")
        items = [
            name
            if status in (None, "control") or not isinstance(status, str)
            else f"{name} ({t(lang, f'status.{status}')})"
            for name, status in sorted(zip(chosen["shown"], chosen["status"]), key=lambda pair: pair[0])
        ]
        lines.append(t(lang, "brief.figure", label=f"{label} ({len(items)})", value=", ".join(items)))
    return lines


def _figures(shot: Snapshot, lang: str) -> list[tuple[str, str]]:
    figures = [
        (t(lang, f"family.{family}"), number(shot.held[family], lang)) for family in FAMILIES if shot.held.get(family)
    ]
    if shot.held.get("unknown"):
        figures.append((t(lang, "metrics.unknown_holder"), number(shot.held["unknown"], lang)))
    events, fatalities = shot.totals
    figures.append((t(lang, "metrics.events"), number(events, lang)))
    figures.append((t(lang, "metrics.fatalities"), number(fatalities, lang)))
    return figures


def _road_lines(routes: pd.DataFrame, lang: str) -> list[str]:
    lines = []
    for route in routes[routes["status"].notna() & routes["status"].ne("open")].itertuples(index=False):
        name = route.name_fr if lang == "fr" else route.name
        who = route.imposed_by_name if isinstance(route.imposed_by_name, str) else "?"
        cut = ", ".join(t(lang, f"cut.{c}") for c in split_list(route.cut))
        text = t(
            lang,
            "brief.road",
            status=t(lang, f"route_status.{route.status}"),
            who=who,
            cut=f" ({cut})" if cut else "",
            since=f"{route.start:%Y-%m-%d}",
        )
        lines.append(t(lang, "brief.figure", label=name, value=text))
    return lines


def _source_ids(shot: Snapshot, *others: pd.DataFrame) -> list[str]:
    cells = pd.concat(
        [shot.towns.get("source_ids", pd.Series(dtype=object)), shot.events.get("source_ids", pd.Series(dtype=object))]
    )
    cells = pd.concat([cells, shot.changes.get("source_ids", pd.Series(dtype=object))])
    cells = pd.concat([cells, *(frame.get("source_ids", pd.Series(dtype=object)) for frame in others)])
    return list(dict.fromkeys(source for cell in cells for source in split_list(cell)))


def _source_lines(dataset: Dataset, source_ids: list[str]) -> list[str]:
    table = dataset.sources.set_index("source_id")
    lines = []
    for source_id in source_ids:
        if source_id not in table.index:
            continue  # an upload's pseudo-source (upload_acled ...) has no row
        row = table.loc[source_id]
        when = row["published"] if isinstance(row["published"], str) else ""
        lines.append(f"{row['title']}. {row['publisher']}{', ' + when if when else ''}.")
    return lines


def window_text(view: View, shot: Snapshot, lang: str) -> str:
    """ "2025-07-18 – 2025-10-15 (90 days)" or "… – 2025-10-15 (everything up to the date)"."""
    if view.start is None and view.window == 0:
        length = t(lang, "time.window.all")
    else:
        length = t(lang, "brief.days", days=(view.date - shot.window_start).days + 1)
    return f"{shot.window_start:%Y-%m-%d} – {view.date:%Y-%m-%d} ({length})"


def briefing(dataset: Dataset, view: View, lang: str, link: str, today: dt.date) -> Briefing:
    """Everything the briefing page of ``view`` says, in ``lang``; ``link`` reproduces the view."""
    shot = snapshot(dataset, view, heat=False)
    names = _place_names(dataset, lang)
    routes = routes_at(dataset, view.date)
    bases = bases_at(dataset, view.date)
    subtitle = t(
        lang,
        "brief.subtitle",
        date=long_date(view.date, lang),
        window=window_text(view, shot, lang),
        as_of=long_date(dataset.as_of, lang),
    )
    as_of, accessed = long_date(dataset.as_of, lang), long_date(today, lang)
    citation = t(lang, "sources.cite_text", as_of=as_of, today=accessed, url=link)
    return Briefing(
        lang=lang,
        title=t(lang, "brief.title", date=long_date(view.date, lang)),
        subtitle=subtitle,
        shot=shot,
        figures=_figures(shot, lang),
        changes=_change_lines(shot, dataset, names, lang),
        citation=citation,
        sources=_source_lines(dataset, _source_ids(shot, routes[routes["status"].notna()], bases)),
        names=names,
        towns=_town_lines(shot, names, lang),
        routes=routes,
        lines=route_lines(dataset),
        bases=bases,
        roads=_road_lines(routes, lang),
    )
