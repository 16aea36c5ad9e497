"""The view in session state and in the URL: read once per session, written back on every run,
so the address bar always holds a link that reproduces the view."""

from __future__ import annotations

from urllib.parse import urlencode

import streamlit as st

from geo import Dataset
from geo.boundaries import region_names
from geo.i18n import DEFAULT_LANGUAGE, LANGUAGES, region_name, t
from geo.schema import EVENT_TYPES, FAMILIES
from geo.view import BASES, OVERLAYS, Choices, View, view_from_params, view_to_params
from ui.keys import VIEW_KEYS, Key
from ui.text import plain


def choices(dataset: Dataset) -> Choices:
    """What each URL parameter may hold for this record."""
    with_history = set(dataset.control["place_id"])
    return Choices(
        first=dataset.first_date.date(),
        last=dataset.as_of.date(),
        actors=frozenset(dataset.actors["actor_id"]),
        regions=frozenset(region_names()),
        places=frozenset(with_history),
    )


def init_state(dataset: Dataset) -> None:
    """Read the URL into session state, once per session; remember invalid parameters."""
    if st.session_state.get(Key.READY):
        # Streamlit forgets a widget's value when a page that does not draw it runs; writing
        # the values back at the top of every page keeps the view across pages.
        for key in (*VIEW_KEYS, Key.SOURCE):
            if key in st.session_state:
                st.session_state[key] = st.session_state[key]
        recover_translated_choices(dataset)
        return
    view, notices = view_from_params(st.query_params.to_dict(), choices(dataset))
    st.session_state.update(
        {
            Key.DATE: view.date,
            Key.WINDOW: view.window,
            Key.FAMILIES: list(view.families),
            Key.ACTORS: list(view.actors),
            Key.TYPES: list(view.event_types),
            Key.MINFAT: view.min_fatalities,
            Key.REGION: view.region or "",
            Key.BASE: view.base,
            Key.OVERLAYS: list(view.overlays),
            Key.PLACE: view.place or "",
            Key.LANG: view.lang,
            Key.START: view.start,
            Key.ACTOR: view.actor or "",
            Key.ZOOM: view.zoom,
            Key.CENTER: view.center,
            Key.PLAYING: False,
            Key.NOTICES: notices,
            Key.READY: True,
        }
    )


def recover_translated_choices(dataset: Dataset) -> None:
    """Bring back the codes of choice widgets whose value came back as a label of another language.

    Streamlit sends a selectbox's or multiselect's value as its displayed label and reads it
    back through the labels of the run that reads it. After a change of language (seen after a
    rerun of the map's fragment) the old label ("No town selected", "Timbuktu", "Light") is no
    label of the new run, and Streamlit hands it over as the value itself: a place "No town
    selected" then broke the map. Each such value is mapped back to the code whose label it is
    in any language, or to the widget's empty value.
    """
    places = dataset.places.set_index("place_id")
    name_columns = [c for c in ("name", "name_fr") if c in places]
    labels = {
        Key.PLACE: {
            **{t(lang, "place.none"): "" for lang in LANGUAGES},
            **{str(places.at[p, c]): p for p in places.index for c in name_columns if isinstance(places.at[p, c], str)},
        },
        Key.BASE: {t(lang, f"base.{b}"): b for lang in LANGUAGES for b in BASES},
        Key.REGION: {
            **{t(lang, "filter.region.all"): "" for lang in LANGUAGES},
            **{region_name(lang, r): r for lang in LANGUAGES for r in region_names()},
        },
        Key.FAMILIES: {t(lang, f"family.{f}"): f for lang in LANGUAGES for f in FAMILIES},
        Key.TYPES: {t(lang, f"event_type.{e}"): e for lang in LANGUAGES for e in EVENT_TYPES},
    }
    valid = {
        Key.PLACE: {"", *choices(dataset).places},
        Key.BASE: set(BASES),
        Key.REGION: {"", *region_names()},
        Key.FAMILIES: set(FAMILIES),
        Key.TYPES: set(EVENT_TYPES),
    }
    empty = {Key.PLACE: "", Key.BASE: "light", Key.REGION: ""}
    for key, mapping in labels.items():
        value = st.session_state.get(key)
        if isinstance(value, list):
            fixed = [v if v in valid[key] else mapping.get(v) for v in value]
            fixed = [v for v in fixed if v is not None]
            if fixed != value:
                st.session_state[key] = fixed
        elif value is not None and value not in valid[key]:
            st.session_state[key] = mapping.get(value, empty[key])


def language() -> str:
    """The interface language (the URL's, until the user switches)."""
    lang = st.session_state.get(Key.LANG) or st.query_params.get("lang", DEFAULT_LANGUAGE)
    return lang if lang in LANGUAGES else DEFAULT_LANGUAGE


def current_view() -> View:
    """The view as the widgets now hold it."""
    state = st.session_state
    return View(
        date=state[Key.DATE],
        window=state[Key.WINDOW],
        families=tuple(state[Key.FAMILIES]),
        actors=tuple(state[Key.ACTORS]),
        event_types=tuple(state[Key.TYPES]),
        min_fatalities=int(state[Key.MINFAT] or 0),
        region=state[Key.REGION] or None,
        base=state[Key.BASE],
        overlays=tuple(o for o in OVERLAYS if o in state[Key.OVERLAYS]),
        place=state[Key.PLACE] or None,
        lang=state[Key.LANG],
        start=state.get(Key.START),
        actor=state.get(Key.ACTOR) or None,
        zoom=state.get(Key.ZOOM),
        center=state.get(Key.CENTER),
    )


def forget_map_move(places) -> None:
    """Let the map centre on a newly chosen place (the place's selectbox calls this with its
    options), not where the reader had moved it. A value that is no option is a label Streamlit
    handed back after a change of language (see recover_translated_choices), not a choice."""
    if st.session_state.get(Key.PLACE) in places:
        st.session_state[Key.ZOOM] = st.session_state[Key.CENTER] = None


def embedded() -> bool:
    """Whether this session shows the map alone, for an iframe: the first link said ?only=map
    (Streamlit keeps ``embed`` for its own use)."""
    if Key.EMBED not in st.session_state:
        st.session_state[Key.EMBED] = st.query_params.get("only") == "map"
    return st.session_state[Key.EMBED]


def sync_url(view: View) -> dict[str, str]:
    """Write the view into the address bar (keeping ?only=map in an embed); return the view's
    parameters."""
    params = view_to_params(view)
    write_params({**params, "only": "map"} if embedded() else params)
    return params


def write_params(params: dict[str, str]) -> None:
    """Write a page's own parameters into the address bar (pages whose link is not a view:
    a tour's chapter, a comparison's two dates)."""
    if dict(st.query_params.to_dict()) != params:
        st.query_params.from_dict(params)


def show_notices(lang: str) -> None:
    """Say, visibly, which parameters of the link were not valid and what is used instead."""
    for notice in st.session_state.get(Key.NOTICES, []):
        st.warning(
            t(
                lang,
                "notice.bad_param",
                name=plain(notice.name),
                value=plain(notice.value, 80),
                default=plain(notice.default),
            ),
            icon=":material/warning:",
        )


def page_url() -> str:
    """The address of this page as the browser shows it (empty in bare mode)."""
    try:
        return st.context.url or ""
    except AttributeError:
        return ""


def page_link(path: str, params: dict[str, str]) -> str:
    """A link to the app's page at ``path`` ("" for the map, "places", …) with these view
    parameters (relative, so it works behind a path prefix)."""
    return f"./{path}?" + urlencode(params)


def map_link(params: dict[str, str]) -> str:
    """A link to the map page with these view parameters."""
    return page_link("", params)
