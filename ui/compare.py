"""The Compare page's parts: two dates from the link or the date inputs, two maps side by side
with the towns that differ ringed, and the table of what changed between them."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import streamlit as st

from geo import Dataset
from geo import map as geomap
from geo.compare import Comparison
from geo.i18n import t
from geo.i18n.formats import long_date
from geo.snapshot import snapshot
from geo.view import View, day_param
from ui.keys import Key
from ui.mapview import asset_base, base_map_parts, draw_map, server_layers
from ui.state import map_link
from ui.tables import localized_table

#: The dates a first visit compares: the army's return to Kidal in November 2023.
DEFAULT_DATES = (dt.date(2023, 11, 1), dt.date(2023, 11, 30))


def chosen_dates(dataset: Dataset, lang: str) -> tuple[dt.date, dt.date]:
    """The two dates: the link's on the first run (``a`` and ``b``), then the date inputs'."""
    first, last = dataset.first_date.date(), dataset.as_of.date()
    if Key.COMPARE_A not in st.session_state:
        default_a, default_b = (min(max(day, first), last) for day in DEFAULT_DATES)
        st.session_state[Key.COMPARE_A] = day_param(st.query_params.get("a"), first, last) or default_a
        st.session_state[Key.COMPARE_B] = day_param(st.query_params.get("b"), first, last) or default_b
    row = st.container(horizontal=True)
    row.date_input(t(lang, "compare.first"), min_value=first, max_value=last, key=Key.COMPARE_A, format="YYYY-MM-DD")
    row.date_input(t(lang, "compare.second"), min_value=first, max_value=last, key=Key.COMPARE_B, format="YYYY-MM-DD")
    return st.session_state[Key.COMPARE_A], st.session_state[Key.COMPARE_B]


def compare_maps(dataset: Dataset, comparison: Comparison, lang: str) -> None:
    """The two maps, each with the towns that differ ringed."""
    ringed = comparison.differing
    for column, day, key in zip(st.columns(2), (comparison.first, comparison.second), ("compare_a", "compare_b")):
        with column:
            st.markdown(f"**{t(lang, 'compare.on', date=long_date(day, lang))}**")
            view = View(date=day, window=30, overlays=("control", "regions"), lang=lang)
            parts = base_map_parts(lang, view.base, True, asset_base(), compact=True)
            groups = server_layers(dataset, snapshot(dataset, view, heat=False), view, lang)
            groups.append(geomap.highlight_layer(ringed, t(lang, "compare.differs")))
            draw_map(parts, groups, height=460, center=None, zoom=None, key=key)


def _holder(name: object, status: object, lang: str) -> str:
    if not isinstance(name, str):
        return t(lang, "legend.unknown")
    return name if status == "control" else f"{name} ({t(lang, f'status.{status}')})"


def differing_table(comparison: Comparison, lang: str) -> None:
    """The towns whose holder differs between the two dates, each linked to its place."""
    differing = comparison.differing
    st.header(t(lang, "compare.towns", count=len(differing)))
    if differing.empty:
        st.caption(t(lang, "compare.same"))
        return
    name = differing["name_fr"] if lang == "fr" else differing["name"]
    table = pd.DataFrame(
        {
            "town": name,
            "holder_a": [_holder(n, s, lang) for n, s in zip(differing["actor_name_a"], differing["status_a"])],
            "holder_b": [_holder(n, s, lang) for n, s in zip(differing["actor_name_b"], differing["status_b"])],
            "link": [
                map_link({"date": f"{comparison.second:%Y-%m-%d}", "place": p, "lang": lang})
                for p in differing["place_id"]
            ],
        }
    )
    localized_table(
        table,
        {
            "town": "compare.col.town",
            "holder_a": "compare.col.town",
            "holder_b": "compare.col.town",
            "link": "compare.col.link",
        },
        lang,
        holder_a=st.column_config.Column(t(lang, "compare.col.holder", date=long_date(comparison.first, lang))),
        holder_b=st.column_config.Column(t(lang, "compare.col.holder", date=long_date(comparison.second, lang))),
        link=st.column_config.LinkColumn(t(lang, "compare.col.link"), display_text=t(lang, "compare.open")),
    )


def changes_table(dataset: Dataset, comparison: Comparison, lang: str) -> None:
    """Every control change dated after the first date up to the second, oldest first."""
    changes = comparison.changes
    st.header(t(lang, "compare.changes", count=len(changes)))
    if changes.empty:
        st.caption(t(lang, "changed.none"))
        return
    actors = dataset.actors.set_index("actor_id")["name"]
    places = dataset.places.set_index("place_id")["name_fr" if lang == "fr" else "name"]
    table = pd.DataFrame(
        {
            "date": changes["date"].dt.strftime("%Y-%m-%d"),
            "town": changes["place_id"].map(places),
            "before": [
                _holder(actors.get(a), s, lang)
                for a, s in zip(changes["previous_actor_id"], changes["previous_status"])
            ],
            "after": [_holder(actors.get(a), s, lang) for a, s in zip(changes["actor_id"], changes["status"])],
        }
    )
    localized_table(
        table,
        {
            "date": "compare.col.date",
            "town": "compare.col.town",
            "before": "compare.col.before",
            "after": "compare.col.after",
        },
        lang,
    )


def compare_params(first: dt.date, second: dt.date, lang: str) -> dict[str, str]:
    """The link of this comparison."""
    return {"a": f"{first:%Y-%m-%d}", "b": f"{second:%Y-%m-%d}", "lang": lang}
