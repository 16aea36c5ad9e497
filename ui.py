"""The one non-page module that imports streamlit: cached loaders, URL state, shared widgets.

Pages read widgets, call :mod:`geo`, and draw; everything they share lives here. The view
(date, window, filters, layers, place, language) lives in session state under the keys
below, is read from the URL once per session, and is written back to the URL on every
run, so the address bar always holds a link that reproduces the view.
"""

from __future__ import annotations

import datetime as dt
import html
import os
import re
import time
from pathlib import Path
from typing import NamedTuple
from urllib.parse import urlencode

# streamlit_folium is imported here, once, while `import ui` holds its module lock. Imported
# lazily by many sessions at once on a cold server, its component declaration failed
# ("module is None": inspect.getmodule is not thread-safe) and that session got no map.
import branca
import folium
import pandas as pd
import streamlit as st
import streamlit_folium
from folium.elements import JSCSSMixin
from streamlit.errors import StreamlitAPIException
from streamlit_folium import (
    _get_feature_group_string,
    _get_header,
    _get_html,
    _get_layer_control_string,
    _get_map_string,
    generate_js_hash,
    get_full_id,
)

from geo import DEFAULT_ROOT, DataError, Dataset, load_dataset, spans
from geo import map as geomap
from geo.boundaries import load_regions, region_names
from geo.control import adjacent_change
from geo.i18n import LANGUAGES, language_name, place_name, t
from geo.importers import ACLED_ATTRIBUTION, SOURCE_MODES, combine
from geo.schema import EVENT_TYPES, FAMILIES
from geo.view import BASES, OVERLAYS, WINDOWS, Choices, View, view_from_params, view_to_params

# Session-state keys, one per widget that shapes the view.
K_DATE, K_WINDOW, K_FAMILIES, K_ACTORS, K_TYPES = "v_date", "v_window", "v_families", "v_actors", "v_types"
K_MINFAT, K_REGION, K_BASE, K_OVERLAYS, K_PLACE, K_LANG = (
    "v_minfat",
    "v_region",
    "v_base",
    "v_overlays",
    "v_place",
    "v_lang",
)
K_START, K_ACTOR = "v_start", "v_actor"
# This session's upload (an ImportResult), which events the pages use, and the combined record.
K_UPLOAD, K_UPLOAD_DATE, K_SOURCE = "upload", "upload_date", "data_source"
K_COMBINED, K_COMBINED_KEY = "combined", "combined_key"
VIEW_KEYS = (
    K_DATE,
    K_WINDOW,
    K_FAMILIES,
    K_ACTORS,
    K_TYPES,
    K_MINFAT,
    K_REGION,
    K_BASE,
    K_OVERLAYS,
    K_PLACE,
    K_LANG,
    K_START,
    K_ACTOR,
)
K_PLAYING, K_NOTICES, K_READY = "playing", "url_notices", "url_read"
# The next frame's date while playing: a widget's key cannot change after the widget is drawn,
# so the new date waits here for the next run.
K_NEXT_FRAME = "next_frame"
# The map's own time bar (see time_bar): the last pick applied from it; what the server last
# sent it and what it shows (a TimeBarState); the timed layers rendered for this session's own
# upload (see timed_groups).
K_PICK, K_BAR, K_TIMED = "time_bar_pick", "time_bar", "timed_layers"
K_PAGE_RUN = "map_page_run"  # set by a whole run of the map page, not by a rerun of its fragment

#: The record the app shows: the bundled one, or another folder of the same tables
#: (MALI_MAP_DATA=path), which the benchmarks use for large synthetic records.
DATA_ROOT = Path(os.environ.get("MALI_MAP_DATA") or DEFAULT_ROOT)

#: The pages: file, title key, icon, URL path. The map is the landing page.
PAGES = (
    ("pages/map.py", "page.map", ":material/map:", "map"),
    ("pages/timeline.py", "page.timeline", ":material/timeline:", "timeline"),
    ("pages/places.py", "page.places", ":material/location_on:", "places"),
    ("pages/actors.py", "page.actors", ":material/groups:", "actors"),
    ("pages/sources.py", "page.sources", ":material/menu_book:", "sources"),
    ("pages/data.py", "page.data", ":material/upload_file:", "data"),
    ("pages/record.py", "page.record", ":material/table_view:", "record"),
)

#: Seconds between frames while playing; the environment can shorten it (tests).
PLAY_DELAY = 0.8


@st.cache_resource(show_spinner=False)
def cached_dataset(root: str) -> Dataset:
    """The validated record in ``root``, loaded once per server and shared by every session.

    cache_resource rather than cache_data: the record is read-only and may be large (an
    imported ACLED file), so sessions share one copy instead of unpickling their own on
    every rerun. Queries never modify it; they return new frames.
    """
    return load_dataset(Path(root))


def dataset_or_stop(root: str | Path = DATA_ROOT) -> Dataset:
    """The record the pages show: the bundled one, or with this session's uploaded events
    (as the sidebar's source switch says). Problems in the data are listed, never a traceback."""
    try:
        bundled = cached_dataset(str(root))
    except DataError as err:
        st.error(t(language(), "notice.data_error", count=len(err.problems)))
        st.code("\n".join(str(p) for p in err.problems[:50]), language=None)
        st.stop()
        raise
    upload = st.session_state.get(K_UPLOAD)
    mode = st.session_state.get(K_SOURCE, "both")
    if upload is None or mode == "bundled" or upload.events.empty:
        return bundled
    # Each session keeps its own upload: ACLED's terms forbid sharing its raw data between users.
    cache_key = (id(upload), mode)
    if st.session_state.get(K_COMBINED_KEY) != cache_key:
        st.session_state[K_COMBINED] = combine(bundled, upload, mode)
        st.session_state[K_COMBINED_KEY] = cache_key
    return st.session_state[K_COMBINED]


#: Every ASCII punctuation character. Each is written as a numeric character reference, which
#: Markdown shows as the character and never reads as structure (Streamlit's renderer keeps
#: the backslash of a backslash escape in sight).
_MARKDOWN_PUNCTUATION = re.compile(r"([!-/:-@\[-`{-~])")
#: Longer user text is cut: nothing shown in a notice or a caption needs more.
PLAIN_LIMIT = 500


def plain(text: object, limit: int = PLAIN_LIMIT) -> str:
    """User text (an upload's names and notes, a link's parameters) for an element that reads
    Markdown: every punctuation character escaped, so it shows as typed and can form no link,
    image, emphasis, HTML, LaTeX, directive or autolink; line breaks become spaces; cut at ``limit``
    characters (issue #12)."""
    value = str(text)
    if len(value) > limit:
        value = value[:limit] + "…"
    return _MARKDOWN_PUNCTUATION.sub(_reference, " ".join(value.split()))


def _reference(match: re.Match) -> str:
    # GitHub-flavoured Markdown turns text like www.x.org, https://x.org or a@x.org into a link
    # even when its characters were written as references. An invisible word joiner (U+2060,
    # itself a reference: Streamlit shows the raw character as "\u2060") before each ":", "."
    # and "@" breaks "https:", "www." and "a@" apart, so nothing is left to link.
    char = match.group(1)
    return f"&#8288;&#{ord(char)};" if char in ":.@" else f"&#{ord(char)};"


def attribution(lang: str) -> None:
    """ACLED's required acknowledgement, wherever this session's view uses uploaded ACLED rows."""
    upload = st.session_state.get(K_UPLOAD)
    if upload is not None and upload.format == "acled" and st.session_state.get(K_SOURCE, "both") != "bundled":
        st.caption(acled_attribution(upload, st.session_state.get(K_UPLOAD_DATE, "")))


def acled_attribution(upload, day: str) -> str:
    """ACLED's acknowledgement for an upload, as Markdown with the file's name shown as typed."""
    return ACLED_ATTRIBUTION.format(date=plain(day), name=plain(upload.source_name))


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
    if st.session_state.get(K_READY):
        # Streamlit forgets a widget's value when a page that does not draw it runs; writing
        # the values back at the top of every page keeps the view across pages.
        for key in (*VIEW_KEYS, K_SOURCE):
            if key in st.session_state:
                st.session_state[key] = st.session_state[key]
        return
    view, notices = view_from_params(st.query_params.to_dict(), choices(dataset))
    st.session_state.update(
        {
            K_DATE: view.date,
            K_WINDOW: view.window,
            K_FAMILIES: list(view.families),
            K_ACTORS: list(view.actors),
            K_TYPES: list(view.event_types),
            K_MINFAT: view.min_fatalities,
            K_REGION: view.region or "",
            K_BASE: view.base,
            K_OVERLAYS: list(view.overlays),
            K_PLACE: view.place or "",
            K_LANG: view.lang,
            K_START: view.start,
            K_ACTOR: view.actor or "",
            K_PLAYING: False,
            K_NOTICES: notices,
            K_READY: True,
        }
    )


def language() -> str:
    """The interface language (the URL's, until the user switches)."""
    lang = st.session_state.get(K_LANG) or st.query_params.get("lang", "en")
    return lang if lang in LANGUAGES else "en"


def current_view() -> View:
    """The view as the widgets now hold it."""
    state = st.session_state
    return View(
        date=state[K_DATE],
        window=state[K_WINDOW],
        families=tuple(state[K_FAMILIES]),
        actors=tuple(state[K_ACTORS]),
        event_types=tuple(state[K_TYPES]),
        min_fatalities=int(state[K_MINFAT] or 0),
        region=state[K_REGION] or None,
        base=state[K_BASE],
        overlays=tuple(o for o in OVERLAYS if o in state[K_OVERLAYS]),
        place=state[K_PLACE] or None,
        lang=state[K_LANG],
        start=state.get(K_START),
        actor=state.get(K_ACTOR) or None,
    )


def sync_url(view: View) -> dict[str, str]:
    """Write the view into the address bar; return the parameters."""
    params = view_to_params(view)
    if dict(st.query_params.to_dict()) != params:
        st.query_params.from_dict(params)
    return params


def show_notices(lang: str) -> None:
    """Say, visibly, which parameters of the link were not valid and what is used instead."""
    for notice in st.session_state.get(K_NOTICES, []):
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


def asset_base() -> str:
    """Where static/ (vendored Leaflet, the map's own code) is served (Streamlit static serving,
    honouring baseUrlPath)."""
    prefix = (st.get_option("server.baseUrlPath") or "").strip("/")
    return f"/{prefix}/app/static" if prefix else "/app/static"


def regions_geojson() -> dict:
    """Mali's regions (Natural Earth), for the boundaries layer."""
    return load_regions()


# --- sidebar ------------------------------------------------------------------------------


def sidebar(dataset: Dataset) -> None:
    """Language, filters and layers, in the sidebar. An empty selection means "all"."""
    lang = language()
    with st.sidebar:
        # Our own page links (the built-in menu is hidden), translated. The view travels with the
        # session, and each page writes it back into its address.
        for path, title_key, icon, _ in PAGES:
            st.page_link(path, label=t(lang, title_key), icon=icon)
        st.divider()
        if st.session_state.get(K_UPLOAD) is not None:
            st.radio(
                t(lang, "data.source"),
                SOURCE_MODES,
                key=K_SOURCE,
                horizontal=True,
                format_func=lambda m: t(lang, f"data.source.{m}"),
            )
        st.radio(
            t(lang, "lang.label"),
            LANGUAGES,
            key=K_LANG,
            horizontal=True,
            format_func=language_name,
        )
        lang = language()
        everything = t(lang, "filter.all")
        st.subheader(t(lang, "filter.header"))
        st.multiselect(
            t(lang, "filter.families"),
            FAMILIES,
            key=K_FAMILIES,
            placeholder=everything,
            format_func=lambda f: t(lang, f"family.{f}"),
        )
        names = dataset.actors.set_index("actor_id")["name"]
        st.multiselect(
            t(lang, "filter.actors"),
            sorted(names.index, key=lambda a: names[a].casefold()),
            key=K_ACTORS,
            placeholder=everything,
            format_func=lambda a: names.get(a, a),
        )
        st.multiselect(
            t(lang, "filter.event_types"),
            EVENT_TYPES,
            key=K_TYPES,
            placeholder=everything,
            format_func=lambda e: t(lang, f"event_type.{e}"),
        )
        st.number_input(t(lang, "filter.min_fatalities"), min_value=0, max_value=100_000, step=1, key=K_MINFAT)
        st.selectbox(
            t(lang, "filter.region"),
            ["", *region_names()],
            key=K_REGION,
            format_func=lambda r: r or t(lang, "filter.region.all"),
        )
        st.subheader(t(lang, "layers.header"))
        st.selectbox(t(lang, "layers.base"), BASES, key=K_BASE, format_func=lambda b: t(lang, f"base.{b}"))
        overlay_labels = {
            "control": "layers.control",
            "events": "layers.events",
            "heat": "layers.heat",
            "regions": "layers.boundaries",
        }
        st.multiselect(
            t(lang, "layers.header"),
            OVERLAYS,
            key=K_OVERLAYS,
            label_visibility="collapsed",
            placeholder=t(lang, "layers.none"),
            format_func=lambda o: t(lang, overlay_labels[o]),
        )


# --- time controls --------------------------------------------------------------------------


def _step_to_change(root: str, direction: int) -> None:
    dataset = cached_dataset(root)
    target = adjacent_change(dataset, st.session_state[K_DATE], direction)
    if target is not None:
        st.session_state[K_DATE] = min(target, dataset.as_of).date()
    st.session_state[K_PLAYING] = False


def _toggle_play() -> None:
    st.session_state[K_PLAYING] = not st.session_state.get(K_PLAYING, False)


def next_frame(day: dt.date, last: dt.date) -> dt.date:
    """The next date while playing: one month on, never past the record's end."""
    return min((pd.Timestamp(day) + pd.DateOffset(months=1)).date(), last)


def time_controls(dataset: Dataset, root: str | Path = DATA_ROOT) -> None:
    """The window and the previous/next/play buttons, then the date slider."""
    take_next_frame()
    time_buttons(root)
    date_slider(dataset)


def time_buttons(root: str | Path = DATA_ROOT) -> None:
    """Window (30 days … everything), previous/next control change, play/pause.

    On the map page these sit outside the fragment that the slider reruns: they change less
    often, and every element a slider move redraws costs each viewer's browser time.
    """
    lang = language()
    window_labels = {30: "time.window.30", 90: "time.window.90", 365: "time.window.365", 0: "time.window.all"}
    cols = st.columns([2.6, 1.55, 1.45, 1], vertical_alignment="bottom")
    cols[0].radio(
        t(lang, "time.window"),
        WINDOWS,
        key=K_WINDOW,
        horizontal=True,
        format_func=lambda w: t(lang, window_labels[w]),
        on_change=_clear_custom_period,
    )
    cols[1].button(
        t(lang, "time.prev_change"),
        on_click=_step_to_change,
        args=(str(root), -1),
        key="prev_change",
        width="stretch",
    )
    cols[2].button(
        t(lang, "time.next_change"),
        on_click=_step_to_change,
        args=(str(root), 1),
        key="next_change",
        width="stretch",
    )
    playing = st.session_state.get(K_PLAYING, False)
    cols[3].button(
        t(lang, "time.pause" if playing else "time.play"),
        on_click=_toggle_play,
        key="play",
        type="primary" if playing else "secondary",
        width="stretch",
    )


def apply_time_bar_pick(dataset: Dataset, key: str) -> None:
    """Take the date the map's time bar settled on, if it is a pick not applied yet, from the
    bar the server sent last (a step of an older bar, still on its way, is not).

    The bar moves the markers in the browser and then reports the date as the map component's
    value (geo.map.TimeBar, static/map/timebar.js); the figures, the link and the exports follow it. Call before
    the view is read. A date outside the record (a stale bar) is brought within it. A hand on
    the bar, or the end of the record while playing, stops play: the whole page then runs
    again, to redraw the Play button.
    """
    value = st.session_state.get(key)
    bar = st.session_state.get(K_BAR)
    if not isinstance(value, dict) or bar is None or value.get("pick") in (None, st.session_state.get(K_PICK)):
        return
    pick = str(value["pick"])
    st.session_state[K_PICK] = pick
    try:
        day = dt.date.fromisoformat(str(value.get("date")))
    except ValueError:
        return
    if pick.split("-")[0] != str(bar.revision):
        return
    day = min(max(day, dataset.first_date.date()), dataset.as_of.date())
    st.session_state[K_DATE] = day
    st.session_state[K_BAR] = bar._replace(shown=day)
    take_next_frame()
    if st.session_state.get(K_PLAYING) and value.get("playing") is not True:
        st.session_state[K_PLAYING] = False
        st.rerun()


class TimeBarState(NamedTuple):
    """What the server last sent the map's time bar, and the date the bar shows now."""

    sent: dt.date
    revision: int
    shown: dt.date
    playing: bool


def page_run() -> None:
    """Note that the whole map page is running (call outside its fragment): see :func:`time_bar`."""
    st.session_state[K_PAGE_RUN] = True


def time_bar(dataset: Dataset, lang: str) -> folium.FeatureGroup:
    """The map's time bar at the view's date, in a group of its own (the last one sent).

    It is sent anew only when the server moved the date (a button, a link) or Play started or
    stopped: after a pick, the map's arguments stay the same, so the browser keeps its map
    and the server sends a reference to the message it already has instead of the layers again.
    While playing, the bar plays in the browser and reports each step (not the server: each
    of its steps would send every layer again).
    """
    day, playing = st.session_state[K_DATE], bool(st.session_state.get(K_PLAYING))
    bar = st.session_state.get(K_BAR)
    # A whole-page run may bring a new map (another language, base map or layers; the page
    # opened again) whose bar must start at the view's date, not at the last date sent.
    page_run = st.session_state.pop(K_PAGE_RUN, False)
    if bar is None or bar.shown != day or bar.playing != playing or (page_run and bar.sent != day):
        bar = TimeBarState(day, bar.revision + 1 if bar else 0, day, playing)
        st.session_state[K_BAR] = bar
    group = folium.FeatureGroup(name="time", control=False)
    geomap.TimeBar(
        bar.sent,
        dataset.first_date,
        dataset.as_of,
        t(lang, "time.date"),
        revision=bar.revision,
        playing=playing,
        play_ms=int(PLAY_DELAY * 1000),
    ).add_to(group)
    return group


def timed_groups(dataset: Dataset, view: View, lang: str, parts: dict) -> list[tuple]:
    """The town, event and heat layers for every date (geo.spans), rendered once per view (not
    per date): the first three groups the map component gets.

    For the bundled record they are rendered once per server and shared by every session;
    for a session's own upload, once per session.
    """
    key = (
        parts["map_id"],
        lang,
        view.window,
        view.families,
        view.actors,
        view.event_types,
        view.min_fatalities,
        view.region,
        tuple(layer.overlay for layer in geomap.LAYERS if layer.overlay in view.overlays),
    )
    if dataset is cached_dataset(str(DATA_ROOT)):
        return list(_shared_timed_groups(str(DATA_ROOT), key))
    memo = st.session_state.get(K_TIMED)
    if memo is None or memo[0] is not dataset or memo[1] != key:
        memo = (dataset, key, _render_timed_groups(dataset, key))
        st.session_state[K_TIMED] = memo
    return list(memo[2])


@st.cache_resource(max_entries=32, show_spinner=False)
def _shared_timed_groups(root: str, key: tuple) -> list[tuple]:
    return _render_timed_groups(cached_dataset(root), key)


def _render_timed_groups(dataset: Dataset, key: tuple) -> list[tuple]:
    map_id, lang, window, families, actors, event_types, min_fatalities, region, shown = key
    view = View(
        date=dataset.as_of.date(),  # any date: the spans cover them all
        window=window,
        families=families,
        actors=actors,
        event_types=event_types,
        min_fatalities=min_fatalities,
        region=region,
    )
    needed = {layer.spans for layer in geomap.LAYERS if layer.overlay in shown}
    data = geomap.LayerData(
        dataset.actors,
        dataset.sources,
        lang,
        place_label(dataset, lang),
        towns=dataset.town_spans(region) if "towns" in needed else None,
        events=spans.event_spans(dataset, view) if "events" in needed else None,
    )
    groups = geomap.draw_layers(data, shown, timed=True)
    geomap.localize(groups, asset_base())
    return [render_groups({"map_id": map_id}, [group], index) for index, group in enumerate(groups)]


def take_next_frame() -> None:
    """Move the date to the one a previous run asked for (play, a period from the timeline),
    and drop a custom period that would start after the date.

    Only before the slider is drawn: a widget's value cannot change after it is drawn."""
    if K_NEXT_FRAME in st.session_state:
        st.session_state[K_DATE] = st.session_state.pop(K_NEXT_FRAME)
    start = st.session_state.get(K_START)
    if start is not None and start > st.session_state[K_DATE]:
        st.session_state[K_START] = None


def date_slider(dataset: Dataset) -> None:
    """The date slider (day resolution, arrow keys), and the custom period if one is set.

    Call :func:`take_next_frame` once before, in the same run."""
    lang = language()
    first, last = dataset.first_date.date(), dataset.as_of.date()
    st.slider(
        t(lang, "time.date"),
        min_value=first,
        max_value=last,
        key=K_DATE,
        step=dt.timedelta(days=1),
        format="YYYY-MM-DD",
    )
    start = st.session_state.get(K_START)
    if start is not None:
        left, right = st.columns([4, 1])
        left.info(
            t(lang, "time.custom", start=f"{start:%Y-%m-%d}", end=f"{st.session_state[K_DATE]:%Y-%m-%d}"),
            icon=":material/date_range:",
        )
        right.button(t(lang, "time.custom_clear"), on_click=_clear_custom_period, key="clear_period")


def _clear_custom_period() -> None:
    st.session_state[K_START] = None


def show_period(start: dt.date, end: dt.date) -> None:
    """Make [start, end] the view's period (from a chart brush): applied on the next run."""
    st.session_state[K_START] = start
    st.session_state[K_NEXT_FRAME] = end


def keep_playing(dataset: Dataset, scope: str = "app", in_browser: bool = False) -> None:
    """While playing, wait, move one month on and rerun; stop at the end of the record.

    A click on Pause interrupts the wait: Streamlit stops this run and reruns with
    ``playing`` off. Nothing to do when the map's time bar plays ``in_browser``.
    """
    if not st.session_state.get(K_PLAYING) or in_browser:
        return
    last = dataset.as_of.date()
    if st.session_state[K_DATE] >= last:
        st.session_state[K_PLAYING] = False
        if scope == "fragment":  # the Play button lives outside the fragment: redraw it as "Play"
            st.rerun()
        return
    time.sleep(PLAY_DELAY)
    st.session_state[K_NEXT_FRAME] = next_frame(st.session_state[K_DATE], last)
    try:
        st.rerun(scope=scope)
    except StreamlitAPIException:  # a fragment may rerun alone only when this run is a fragment run
        st.rerun()


def place_label(dataset: Dataset, lang: str) -> pd.Series:
    """Each place's name in the interface language, by place_id."""
    places = dataset.places
    return pd.Series(
        [place_name(lang, n, f) for n, f in zip(places["name"], places["name_fr"])], index=places["place_id"]
    )


# --- figures above the map -----------------------------------------------------------------

#: The map page's CSS: the figures above the map in st.metric's sizes, and no fading of
#: elements while a slider move reruns. The figures are one HTML block,
#: not a row of st.metric: on every slider move each element is redrawn in every viewer's
#: browser, and eleven elements cost about three times what one does.
MAP_PAGE_STYLE = """<style>
.mm-figures { display: flex; flex-wrap: wrap; gap: 0.25rem 2.5rem; margin: 0.25rem 0 0.5rem; }
.mm-figure { min-width: 6.5rem; }
.mm-label { font-size: 0.875rem; opacity: 0.85; }
.mm-value { font-size: 2.25rem; line-height: 1.25; }
.mm-delta { display: inline-block; font-size: 0.8rem; padding: 0 0.45rem; border-radius: 0.6rem; }
.mm-up { color: #bd1e1e; background: rgba(255, 43, 43, 0.1); }
.mm-down { color: #177233; background: rgba(33, 195, 84, 0.12); }
.mm-same { opacity: 0.7; background: rgba(128, 128, 128, 0.12); }
.mm-help { cursor: help; opacity: 0.6; display: inline-block; width: 1.15em; height: 1.15em; line-height: 1.1em;
  border: 1px solid currentColor; border-radius: 50%; text-align: center; font-size: 0.7rem; }
.mm-small { font-size: 0.875rem; opacity: 0.75; }
/* Streamlit fades elements that a rerun has not redrawn yet (a 1 s opacity transition after
   0.5 s). When many viewers share a server, reruns wait and every open page animates its map
   and figures on each move; without a GPU that animation cost more CPU than the rerun itself
   (benchmarks/load_test.py). The "Running..." indicator still says the page is updating. */
[data-stale="true"] { opacity: 1 !important; transition: none !important; }
</style>"""


def map_page_style() -> None:
    """Once per page run, outside the fragment: the map page's CSS (takes no space)."""
    st.html(MAP_PAGE_STYLE)


def _html(text: object) -> str:
    """Data shown as HTML must not be read as markup (nor as Streamlit's LaTeX)."""
    return html.escape(str(text)).replace("$", "&#36;")


def _figure(label: str, value: int, delta: int | None = None, delta_help: str = "", label_help: str = "") -> str:
    """One figure in st.metric's layout; a rise in violence is red, a fall green (st.metric "inverse")."""
    label_html = _html(label)
    if label_help:
        label_html += f' <span class="mm-help" title="{_html(label_help)}">?</span>'
    delta_html = ""
    if delta is not None:
        kind, arrow = ("mm-up", "&#8593;") if delta > 0 else ("mm-down", "&#8595;") if delta < 0 else ("mm-same", "=")
        delta_html = f'<div><span class="mm-delta {kind}" title="{_html(delta_help)}">{arrow} {abs(delta)}</span></div>'
    return (
        f'<div class="mm-figure"><div class="mm-label">{label_html}</div>'
        f'<div class="mm-value">{value}</div>{delta_html}</div>'
    )


def summary(shot, dataset: Dataset, view: View, names: pd.Series, lang: str) -> None:
    """Above the map, as one element: towns held by each family on the date; events and
    fatalities in the window with the change from the window before; the control changes."""
    shown = [f for f in FAMILIES if shot.held.get(f)] + (["unknown"] if shot.held.get("unknown") else [])
    labels = {family: t(lang, f"family.{family}") for family in FAMILIES}
    labels["unknown"] = t(lang, "metrics.unknown_holder")
    figures = [_figure(labels[family], shot.held[family]) for family in shown]
    events, killed = shot.totals
    before = shot.previous_totals
    delta_help = t(lang, "metrics.delta_help")
    events_delta = None if before is None else events - before[0]
    figures.append(_figure(t(lang, "metrics.events"), events, events_delta, delta_help))
    figures.append(
        _figure(
            t(lang, "metrics.fatalities"),
            killed,
            None if before is None else killed - before[1],
            delta_help,
            t(lang, "metrics.fatalities_help"),
        )
    )
    st.markdown(
        f'<div class="mm-small">{_html(t(lang, "metrics.towns_held", date=f"{view.date:%Y-%m-%d}"))}</div>'
        f'<div class="mm-figures">{"".join(figures)}</div>'
        f"<p><strong>{_html(t(lang, 'changed.label'))}:</strong> {_html(changes_text(shot, dataset, names, lang))}</p>",
        unsafe_allow_html=True,
    )


#: How many control changes the one-line summary lists before "and N more".
CHANGES_SHOWN = 6


def changes_text(shot, dataset: Dataset, names: pd.Series, lang: str) -> str:
    """One line listing the control changes in the window."""
    actor_names = dataset.actors.set_index("actor_id")["name"]
    items = []
    for change in shot.changes.itertuples(index=False):
        place = names.get(change.place_id, change.place_id)
        previous = actor_names.get(change.previous_actor_id, change.previous_actor_id)
        if isinstance(change.actor_id, str):
            holder = actor_names.get(change.actor_id, change.actor_id)
            if change.actor_id == change.previous_actor_id:
                holder = f"{holder} ({t(lang, f'status.{change.status}')})"
            items.append(
                f"{change.date:%Y-%m-%d} " + t(lang, "changed.item", place=place, previous=previous, holder=holder)
            )
        else:
            items.append(f"{change.date:%Y-%m-%d} " + t(lang, "changed.lost", place=place, previous=previous))
    if len(items) > CHANGES_SHOWN:
        # The most recent changes matter most at the selected date.
        items = [*items[-CHANGES_SHOWN:], t(lang, "changed.more", count=len(items) - CHANGES_SHOWN)]
    return " · ".join(items) if items else t(lang, "changed.none")


def focus(dataset: Dataset, view: View) -> tuple[tuple[float, float] | None, int | None]:
    """Where the map centres: the selected place, else Mali."""
    if view.place:
        row = dataset.places.set_index("place_id").loc[view.place]
        return (float(row["lat"]), float(row["lon"])), 8
    return None, None


def map_caption(shot, dataset: Dataset, lang: str, params: dict[str, str]) -> None:
    """Under the map: what it shows, and the link that reproduces this view."""
    if shot.groups is None:
        mode = t(lang, "map.mode.individual")
    else:
        mode = t(lang, "map.mode.aggregated", cells=len(shot.groups))
    as_of = f"{dataset.as_of:%Y-%m-%d}"
    caption = t(lang, "map.caption", events=len(shot.events), mode=mode, towns=len(shot.towns), as_of=as_of)
    link = f"{page_url().split('?')[0]}?{urlencode(params)}"
    st.markdown(
        f'<div class="mm-small">{_html(caption)} · <a href="{_html(link)}" target="_self" '
        f'title="{_html(t(lang, "share.help"))}">{_html(t(lang, "share.link"))}</a></div>',
        unsafe_allow_html=True,
    )


def place_panel(dataset: Dataset, view: View, names: pd.Series, lang: str) -> None:
    """Choose a town to centre on; for the chosen town, its control history."""
    options = ["", *sorted(choices(dataset).places, key=lambda p: str(names.get(p, p)).casefold())]
    st.selectbox(
        t(lang, "place.focus"),
        options,
        key=K_PLACE,
        format_func=lambda p: names.get(p, p) if p else t(lang, "place.none"),
    )
    if view.place:
        history = dataset.control_history(view.place)
        st.dataframe(
            history[["start", "end", "actor_name", "family", "status", "confidence", "source_ids", "note"]],
            hide_index=True,
            width="stretch",
            column_config={
                "start": st.column_config.DateColumn(format="YYYY-MM-DD"),
                "end": st.column_config.DateColumn(format="YYYY-MM-DD"),
            },
        )


# --- shared by the analysis pages ------------------------------------------------------------


def page_start(title_key: str) -> tuple[Dataset, str]:
    """Load the record, read the URL, draw the sidebar and the page title; return (record, language)."""
    dataset = dataset_or_stop()
    init_state(dataset)
    sidebar(dataset)
    lang = language()
    st.title(t(lang, title_key))
    show_notices(lang)
    return dataset, lang


def page_end(view: View) -> None:
    """The ACLED acknowledgement if needed, the view into the URL, and keep playing if asked."""
    attribution(language())
    sync_url(view)
    keep_playing(cached_dataset(str(DATA_ROOT)))


@st.cache_resource(show_spinner=False)
def cached_gazetteer(root: str):
    """The gazetteer over the record's places and the GeoNames extract, built once per server."""
    from geo.gazetteer import Gazetteer

    dataset = cached_dataset(root)
    return Gazetteer.from_files(dataset.places, Path(root) / "gazetteer.csv")


def map_link(params: dict[str, str]) -> str:
    """A link to the map page with these view parameters (relative, so it works behind a path prefix)."""
    return "./?" + urlencode(params)


def localized_table(frame: pd.DataFrame, columns: dict[str, str], lang: str, **config) -> None:
    """A dataframe with translated column labels (``columns``: column -> i18n key), dates as days,
    and the vocabulary columns (confidence, status) in the interface language."""
    shown = frame[list(columns)].copy()
    column_config = {}
    for name, key in columns.items():
        if pd.api.types.is_datetime64_any_dtype(shown[name]):
            column_config[name] = st.column_config.DateColumn(t(lang, key), format="YYYY-MM-DD")
        else:
            column_config[name] = st.column_config.Column(t(lang, key))
        if name in ("confidence", "status"):
            shown[name] = shown[name].map(lambda v, n=name: t(lang, f"{n}.{v}") if isinstance(v, str) else v)
    column_config.update(config)
    st.dataframe(shown, hide_index=True, width="stretch", column_config=column_config)


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
    localized_table(shown, columns, lang, date=st.column_config.DateColumn(t(lang, "col.date"), format="YYYY-MM-DD"))


def sources_list(dataset: Dataset, source_lists: list, lang: str, title_key: str) -> None:
    """The sources cited by some records, as a table with links."""
    ids = {s for cell in source_lists if isinstance(cell, str) for s in cell.split("|") if s}
    sources = dataset.sources[dataset.sources["source_id"].isin(ids)].sort_values("published", na_position="last")
    st.subheader(t(lang, title_key))
    localized_table(
        sources,
        {"title": "col.title", "publisher": "col.publisher", "published": "col.published", "url": "col.url"},
        lang,
        url=st.column_config.LinkColumn(t(lang, "col.url")),
    )


def place_history(dataset: Dataset, place_id: str, lang: str) -> None:
    """A place's control history: a table, and a link to the map at the start of each period."""
    st.subheader(t(lang, "places.history"))
    history = dataset.control_history(place_id)
    if history.empty:
        st.caption(t(lang, "places.no_history"))
        return
    shown = history.assign(
        family_label=history["family"].map(lambda f: t(lang, f"family.{f}")),
        status_label=history["status"].map(lambda s: t(lang, f"status.{s}")),
        link=[map_link({"date": f"{start:%Y-%m-%d}", "place": place_id, "lang": lang}) for start in history["start"]],
    )
    localized_table(
        shown,
        {
            "start": "timeline.start",
            "end": "timeline.end",
            "actor_name": "timeline.holder",
            "family_label": "timeline.family",
            "status_label": "timeline.status",
            "confidence": "col.confidence",
            "note": "col.note",
            "source_ids": "col.sources",
            "link": "page.map",
        },
        lang,
        start=st.column_config.DateColumn(t(lang, "timeline.start"), format="YYYY-MM-DD"),
        end=st.column_config.DateColumn(t(lang, "timeline.end"), format="YYYY-MM-DD"),
        link=st.column_config.LinkColumn(t(lang, "page.map"), display_text=r"date=([0-9-]+)"),
    )


def place_lane(dataset: Dataset, place_id: str, view: View, lang: str):
    """The place's control lane (one bar per period)."""
    from geo import charts
    from geo.timeline import control_lanes

    return charts.control_gantt(control_lanes(dataset, [place_id]), view.date, lang, height_per_lane=36)


def page_url() -> str:
    """The address of this page as the browser shows it (empty in bare mode)."""
    try:
        return st.context.url or ""
    except AttributeError:
        return ""


def store_upload(result, day: dt.date) -> None:
    """Keep an import in this session and show its events with the bundled ones."""
    st.session_state[K_UPLOAD] = result
    st.session_state[K_UPLOAD_DATE] = f"{day:%Y-%m-%d}"
    st.session_state[K_SOURCE] = "both"
    st.session_state.pop(K_COMBINED_KEY, None)


def forget_upload() -> None:
    for key in (K_UPLOAD, K_UPLOAD_DATE, K_COMBINED, K_COMBINED_KEY, "upload_token", "upload_error"):
        st.session_state.pop(key, None)
    st.session_state[K_SOURCE] = "bundled"


def exports(dataset: Dataset, shot, view: View, lang: str, boundaries: dict | None) -> None:
    """Download the current view: events as CSV, towns and events as GeoJSON, a standalone HTML map.

    Each file is generated only when its button is clicked (deferred data), not on every rerun.
    """
    from geo.export import to_geojson, to_safe_csv

    def events_csv() -> bytes:
        return to_safe_csv(shot.events.drop(columns=["map_region"], errors="ignore"))

    def html_map() -> str:
        fmap = geomap.base_map(lang, view.base, boundaries, None)
        groups = [
            geomap.control_layer(shot.towns, dataset.actors, dataset.sources, lang),
            geomap.events_layer(
                shot.events, shot.groups, dataset.actors, dataset.sources, lang, place_label(dataset, lang)
            ),
        ]
        return geomap.standalone_html(fmap, groups, f"{t(lang, 'app.title')} {view.date:%Y-%m-%d}")

    stem = f"mali-{view.date:%Y-%m-%d}"
    files = [
        ("export.csv", events_csv, f"{stem}-events.csv", "text/csv"),
        ("export.geojson", lambda: to_geojson(shot.towns, shot.events), f"{stem}.geojson", "application/geo+json"),
        ("export.html", html_map, f"{stem}-map.html", "text/html"),
    ]
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


# --- the map component ---------------------------------------------------------------------


@st.cache_resource(max_entries=64, show_spinner=False)
def base_map_parts(lang: str, base: str, regions: bool, asset_base: str) -> dict:
    """What st_folium would compute from the base map, computed once per language/base/regions.

    The base map is identical between reruns (that is what keeps the browser map in place),
    so rendering it again on every slider move is wasted work: about a third of a rerun,
    and with many sessions on one server the reruns queue behind each other.
    """
    fmap = geomap.base_map(lang, base, regions_geojson() if regions else None, asset_base)
    fmap.get_root().render()
    fmap.render()
    parts = {
        "html": _get_html(fmap),
        "header": _get_header(fmap),
        "script": _get_map_string(fmap),
        "id": get_full_id(fmap),
        "map_id": fmap._id,
    }
    # The layer switcher lists the base layers and the three dynamic groups, whose ids st_folium
    # fixes by position, so it is the same on every rerun too.
    for index, name in enumerate(dynamic_layer_names(lang)):
        _get_feature_group_string(folium.FeatureGroup(name=name), fmap, index)
    parts["layer_control"] = _get_layer_control_string(geomap.layer_control(), fmap)
    parts["css_links"], parts["js_links"] = asset_links([fmap])
    return parts


def asset_links(roots: list) -> tuple[list[str], list[str]]:
    """CSS and JS files of the JSCSSMixin elements under ``roots``, in st_folium's order, deduplicated."""
    css, js = [], []
    stack = list(reversed(roots))
    while stack:  # depth first, children in order, as st_folium walks
        node = stack.pop()
        if isinstance(node, JSCSSMixin):
            css += [href for _, href in getattr(node, "default_css", [])]
            js += [src for _, src in getattr(node, "default_js", [])]
        stack.extend(reversed(list(getattr(node, "_children", {}).values())))
    return list(dict.fromkeys(css)), list(dict.fromkeys(js))


def dynamic_layer_names(lang: str) -> list[str]:
    """The names of the date-dependent layers, in the order the map page sends them."""
    return geomap.layer_names(lang)


def render_groups(parts: dict, groups: list, first_index: int = 0) -> tuple[str, list[str], list[str]]:
    """The script st_folium evaluates for ``groups`` (at positions first_index, first_index + 1, …)
    and the CSS and JS files they need."""
    stand_in = folium.Map(tiles=None)
    stand_in._id = parts["map_id"]
    stand_in.add_to(branca.element.Figure())
    script = "".join(
        _get_feature_group_string(group, stand_in, first_index + index) for index, group in enumerate(groups)
    )
    css, js = asset_links(groups)
    return script, css, js


def map_key(parts: dict, key: str = "map") -> str:
    """The widget key of the map component (st_folium's: it follows the base map's script)."""
    return generate_js_hash(parts["script"], key, False)


def draw_map(parts: dict, groups: list, *, height: int, center, zoom, key: str = "map"):
    """Send the cached base map and this run's layers to streamlit-folium's component.

    ``groups`` are folium feature groups, or what :func:`render_groups` made of some (a run can
    reuse layers rendered once). This is st_folium(fig, feature_group_to_add=groups,
    layer_control=..., returned_objects=[]) with the base map's strings taken from the cache;
    tests/test_map_component.py checks that both give the component the same arguments
    (streamlit-folium is pinned).
    """
    scripts, css_links, js_links = [], list(parts["css_links"]), list(parts["js_links"])
    for index, group in enumerate(groups):
        script, css, js = group if isinstance(group, tuple) else render_groups(parts, [group], index)
        scripts.append(script)
        css_links += css
        js_links += js
    return streamlit_folium._component_func(
        script=parts["script"],
        header=parts["header"],
        html=parts["html"],
        id=parts["id"],
        key=map_key(parts, key),
        height=height,
        width=None,
        returned_objects=[],
        default={},
        zoom=zoom,
        center=center,
        feature_group="".join(scripts),
        return_on_hover=False,
        layer_control=parts["layer_control"],
        pixelated=False,
        css_links=list(dict.fromkeys(css_links)),
        js_links=list(dict.fromkeys(js_links)),
        on_change=None,
        wrap_longitude=False,
    )
