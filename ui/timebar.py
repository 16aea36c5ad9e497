"""The map's own time bar: what the server sends it, and the dates it reports back."""

from __future__ import annotations

import datetime as dt
from typing import NamedTuple

import streamlit as st

from geo import Dataset
from geo import map as geomap
from geo.i18n import t
from geo.view import map_center, map_zoom
from ui import timecontrols
from ui.keys import Key
from ui.timecontrols import take_next_frame

#: How many older bars' picks at most still count (each new map without a date move adds one).
ACCEPTED = 8


class TimeBarState(NamedTuple):
    """What the server last sent the map's time bar, and the date the bar shows now."""

    sent: dt.date
    revision: int
    shown: dt.date
    playing: bool
    play_ms: int = 0
    #: The revisions whose picks still count: this one, and those before it when the server
    #: sent this bar only for a new map (a filter, the language), not to move the date.
    accepts: frozenset[int] = frozenset()
    #: Send the bar again at the view's date (a pick from an older bar moved the date).
    resend: bool = False
    #: What the layers sent with the bar depend on (ui.mapview.timed_key).
    layers: object = None


def apply_time_bar_pick(dataset: Dataset, key: str) -> None:
    """Take the date the map's time bar settled on, if it is a pick not applied yet, from the
    bar the server sent last, or from an older one if the server sent the new bars at the date
    that one showed (for a new map: a filter, the language), not to move the date itself.

    A step of an older bar that the server moved away from (a button, a link, Play) is
    dropped. A move on the old bar while a filter's rerun sends the new one is not: it was lost
    in 2 of 10 trials (issue #19), since whether the rerun had already counted the new bar
    depended on when the move interrupted it. Such a pick then has the bar sent again at its
    date, as the bar in the browser may be the new one, at the old date.

    The bar moves the markers in the browser and then reports the date as the map component's
    value (geo.map.TimeBar, static/map/timebar.js); the figures, the link and the exports follow
    it. Call before the view is read. A date outside the record (a stale bar) is brought within it. A hand on
    the bar, or the end of the record while playing, stops play: the whole page then runs
    again, to redraw the Play button.
    """
    value = st.session_state.get(key)
    apply_map_move(value)
    bar = st.session_state.get(Key.BAR)
    if not isinstance(value, dict) or bar is None or value.get("pick") in (None, st.session_state.get(Key.PICK)):
        return
    pick = str(value["pick"])
    st.session_state[Key.PICK] = pick
    try:
        day = dt.date.fromisoformat(str(value.get("date")))
    except ValueError:
        return
    revision = pick.split("-")[0]
    if revision != str(bar.revision) and revision not in {str(r) for r in bar.accepts}:
        return
    day = min(max(day, dataset.first_date.date()), dataset.as_of.date())
    st.session_state[Key.DATE] = day
    st.session_state[Key.BAR] = bar._replace(shown=day, resend=revision != str(bar.revision))
    take_next_frame()
    if st.session_state.get(Key.PLAYING) and value.get("playing") is not True:
        st.session_state[Key.PLAYING] = False
        st.rerun()


def apply_map_move(value: object) -> None:
    """Keep where the reader moved the map (zoom and centre, reported by the time bar with its
    value: static/map/timebar.js), for the link and for the next map (another language).
    Anything but a valid zoom and centre is ignored."""
    if not isinstance(value, dict) or not isinstance(value.get("view"), dict):
        return
    zoom, center = map_zoom(value["view"].get("zoom")), map_center(value["view"].get("center"))
    if zoom is not None and center is not None:
        st.session_state[Key.ZOOM], st.session_state[Key.CENTER] = zoom, center


def page_run() -> None:
    """Note that the whole map page is running (call outside its fragment): see :func:`time_bar`."""
    st.session_state[Key.PAGE_RUN] = True


def time_bar(dataset: Dataset, lang: str, layers: object = None):
    """The map's time bar at the view's date, in a group of its own (the last one sent), with
    ``layers`` the key of the layers sent with it (ui.mapview.timed_key).

    It is sent anew only when the server moved the date (a button, a link), Play started or
    stopped, or the layers changed while the bar was away from the date it was sent at (the
    new map must open at the bar's date): after a pick, the map's arguments stay the same, so
    the browser keeps its map and the server sends a reference to the message it already has
    instead of the layers again.
    While playing, the bar plays in the browser and reports each step (not the server: each
    of its steps would send every layer again).
    """
    day, playing = st.session_state[Key.DATE], bool(st.session_state.get(Key.PLAYING))
    play_ms = int(timecontrols.play_delay() * 1000)
    bar = st.session_state.get(Key.BAR)
    # A whole-page run may bring a new map (another language, base map or layers; the page
    # opened again) whose bar must start at the view's date, not at the last date sent.
    page_run = st.session_state.pop(Key.PAGE_RUN, False)
    moved = bar is None or bar.shown != day or bar.playing != playing or (playing and bar.play_ms != play_ms)
    new_map = page_run or (bar is not None and bar.layers != layers)
    if moved or bar.resend or (new_map and bar.sent != day):
        revision = bar.revision + 1 if bar else 0
        # Sent for a new map at the date the old bar shows: a pick of the old bar, made while
        # this one is on its way, still counts.
        kept = frozenset() if moved else frozenset(sorted(bar.accepts | {bar.revision})[-ACCEPTED:])
        bar = TimeBarState(day, revision, day, playing, play_ms, kept | {revision})
    bar = bar._replace(layers=layers)
    st.session_state[Key.BAR] = bar
    return geomap.time_bar_group(
        bar.sent,
        dataset.first_date,
        dataset.as_of,
        t(lang, "time.date"),
        revision=bar.revision,
        playing=playing,
        play_ms=bar.play_ms or play_ms,
        date_label=t(lang, "time.type_date"),
        skip_label=t(lang, "time.skip_to_map"),
    )
