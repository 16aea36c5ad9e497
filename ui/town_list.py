"""The Places page before a search: every town the record follows, with its holder on the
view's date, each linked to its own page."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from geo import Dataset
from geo.control import towns_at
from geo.i18n import region_name, t
from geo.i18n.formats import long_date
from geo.view import View
from ui.state import page_link
from ui.tables import localized_table


def towns_table(dataset: Dataset, view: View, names: pd.Series, lang: str) -> None:
    """Every town with a control history, by name: its region, holder, family, status, since
    when, last confirmation and confidence on the view's date, and a link to its page."""
    towns = towns_at(dataset, view.date)
    known = towns["actor_id"].notna()
    shown = towns.assign(
        place_label=towns["place_id"].map(names).fillna(towns["name"]),
        region=towns["map_region"].map(lambda r: region_name(lang, r) if isinstance(r, str) else r),
        holder=towns["actor_name"].where(known, t(lang, "tip.no_holder")),
        family_label=[t(lang, f"family.{f}") if k else "" for f, k in zip(towns["family"], known, strict=True)],
        link=[
            page_link("places", {"place": place, "date": f"{view.date:%Y-%m-%d}", "lang": lang})
            for place in towns["place_id"]
        ],
    ).sort_values("place_label", key=lambda names: names.str.casefold())
    st.header(t(lang, "places.all_towns", date=long_date(view.date, lang)))
    st.caption(t(lang, "places.all_towns_caption"))
    localized_table(
        shown,
        {
            "place_label": "col.place",
            "region": "col.region",
            "holder": "col.holder",
            "family_label": "col.family",
            "status": "col.status",
            "start": "col.since",
            "last_confirmed": "places.last_confirmed",
            "confidence": "col.confidence",
            "link": "places.open",
        },
        lang,
        link=st.column_config.LinkColumn(t(lang, "places.open"), display_text=t(lang, "places.open")),
    )
