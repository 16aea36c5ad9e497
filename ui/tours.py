"""The Tours page's parts: the tours (loaded once per server), the chapter in the URL,
previous/next, and a chapter's map drawn by the server for its own view."""

from __future__ import annotations

import streamlit as st

from geo import Dataset
from geo import map as geomap
from geo.i18n import t
from geo.i18n.formats import long_date
from geo.snapshot import snapshot
from geo.tours import Chapter, Tour, load_tours
from geo.view import view_to_params
from ui.keys import Key
from ui.mapview import asset_base, base_map_parts, draw_map, server_layers
from ui.record import cached_dataset
from ui.state import map_link
from ui.tables import sources_list
from ui.text import html_text

#: The zoom of a chapter that centres on a place without saying how close.
FOCUS_ZOOM = 7


@st.cache_resource(show_spinner=False)
def cached_tours(root: str) -> dict[str, Tour]:
    """The tours in ``root``, checked against the record there, once per server."""
    return load_tours(root, cached_dataset(root))


def _number(text: object) -> int | None:
    return int(text) if isinstance(text, str) and text.isascii() and text.isdigit() and len(text) <= 4 else None


def chosen_chapter(tours: dict[str, Tour], lang: str) -> tuple[Tour, int]:
    """The tour and chapter (0-based) of this run: the URL's on the first run, then the widgets'."""
    if Key.TOUR not in st.session_state:
        tour_id = st.query_params.get("tour")
        st.session_state[Key.TOUR] = tour_id if tour_id in tours else next(iter(tours))
        number = _number(st.query_params.get("chapter"))
        chapters = tours[st.session_state[Key.TOUR]].chapters
        st.session_state[Key.CHAPTER] = min(max((number or 1) - 1, 0), len(chapters) - 1)
    st.selectbox(
        t(lang, "tours.choose"),
        list(tours),
        key=Key.TOUR,
        format_func=lambda tour_id: tours[tour_id].title[lang],
        on_change=lambda: st.session_state.update({Key.CHAPTER: 0}),
    )
    tour = tours[st.session_state[Key.TOUR]]
    st.caption(tour.summary[lang])
    st.session_state[Key.CHAPTER] = min(st.session_state[Key.CHAPTER], len(tour.chapters) - 1)
    return tour, st.session_state[Key.CHAPTER]


def _step(by: int, last: int) -> None:
    st.session_state[Key.CHAPTER] = min(max(st.session_state[Key.CHAPTER] + by, 0), last)


def chapter_navigation(tour: Tour, index: int, lang: str) -> None:
    """Previous, the chapter list, next."""
    last = len(tour.chapters) - 1
    row = st.container(horizontal=True, vertical_alignment="bottom")
    row.button(
        t(lang, "tours.previous"),
        key="tour_previous",
        disabled=index == 0,
        on_click=_step,
        args=(-1, last),
        icon=":material/arrow_back:",
    )
    row.selectbox(
        t(lang, "tours.chapter"),
        range(len(tour.chapters)),
        key=Key.CHAPTER,
        format_func=lambda i: f"{i + 1}. {tour.chapters[i].title[lang]} ({tour.chapters[i].date:%Y-%m-%d})",
        label_visibility="collapsed",
    )
    row.button(
        t(lang, "tours.next"),
        key="tour_next",
        disabled=index == last,
        on_click=_step,
        args=(1, last),
        icon=":material/arrow_forward:",
        icon_position="right",
    )


def chapter_link_params(tour: Tour, chapter: Chapter, lang: str) -> dict[str, str]:
    """The URL of this chapter: the tour, the chapter number and the language."""
    return {"tour": tour.tour_id, "chapter": str(chapter.number), "lang": lang}


def chapter_text(dataset: Dataset, tour: Tour, chapter: Chapter, lang: str) -> None:
    """The chapter's heading, caption, a link to its view on the map, and its sources."""
    st.header(f"{chapter.number}/{len(tour.chapters)} · {chapter.title[lang]}")
    st.markdown(
        f"<p>{html_text(chapter.caption[lang])}</p>"
        f'<p class="mm-small">{html_text(t(lang, "tours.view", date=long_date(chapter.date, lang)))} · '
        f'<a href="{html_text(map_link(view_to_params(chapter.view(lang))))}" target="_self">'
        f"{html_text(t(lang, 'tours.open_map'))}</a></p>",
        unsafe_allow_html=True,
    )


def chapter_sources(dataset: Dataset, chapter: Chapter, lang: str) -> None:
    sources_list(dataset, ["|".join(chapter.source_ids)], lang, "tours.sources")


def chapter_map(dataset: Dataset, chapter: Chapter, lang: str, *, height: int = 520) -> None:
    """The map of a chapter's view, drawn by the server, with its places ringed."""
    view = chapter.view(lang)
    parts = base_map_parts(lang, view.base, "regions" in view.overlays, asset_base())
    shot = snapshot(dataset, view, heat="heat" in view.overlays)
    groups = server_layers(dataset, shot, view, lang)
    places = dataset.places.set_index("place_id")
    ringed = places.loc[[p for p in chapter.highlight if p in places.index]]
    groups.append(geomap.highlight_layer(ringed, t(lang, "tours.highlight")))
    center, zoom = None, None
    if chapter.focus:
        focus = places.loc[chapter.focus]
        center, zoom = (float(focus["lat"]), float(focus["lon"])), chapter.zoom or FOCUS_ZOOM
    draw_map(parts, groups, height=height, center=center, zoom=zoom, key="tour_map")
