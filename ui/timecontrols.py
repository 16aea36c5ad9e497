"""Time controls: the window, previous/next change, Play (the server's timer) and the date slider."""

from __future__ import annotations

import datetime as dt
import functools
from pathlib import Path

import pandas as pd
import streamlit as st

from geo import Dataset
from geo.control import adjacent_change
from geo.i18n import t
from geo.i18n.formats import long_date
from geo.view import WINDOWS
from ui.keys import Key
from ui.state import language

#: Seconds between frames while playing at 1×; the environment can shorten it (tests).
PLAY_DELAY = 0.8
#: Playback speeds offered, by their label (a month per PLAY_DELAY / factor seconds). The labels
#: are the same in every language and are the options themselves: Streamlit reads a selectbox's
#: value back through its label, so a translated label would not survive a language switch.
SPEEDS = {"½×": 0.5, "1×": 1.0, "2×": 2.0, "4×": 4.0}
DEFAULT_SPEED = "1×"


def play_delay() -> float:
    """Seconds between frames while playing, at the speed chosen in this session."""
    return PLAY_DELAY / SPEEDS.get(st.session_state.get(Key.SPEED, DEFAULT_SPEED), 1.0)


def _step_to_change(dataset: Dataset, direction: int) -> None:
    target = adjacent_change(dataset, st.session_state[Key.DATE], direction)
    if target is not None:
        st.session_state[Key.DATE] = min(target, dataset.as_of).date()
    _stop_playing()


def _toggle_play() -> None:
    if st.session_state.get(Key.PLAYING, False):
        _stop_playing()
    else:
        st.session_state[Key.PLAYING] = True


def _stop_playing() -> None:
    """Pause, and drop the frame that play had lined up (it would override the date)."""
    st.session_state[Key.PLAYING] = False
    st.session_state.pop(Key.NEXT_FRAME, None)


def next_frame(day: dt.date, last: dt.date) -> dt.date:
    """The next date while playing: one month on, never past the record's end."""
    return min((pd.Timestamp(day) + pd.DateOffset(months=1)).date(), last)


def time_controls(dataset: Dataset) -> None:
    """The window and the previous/next/play buttons, then the date slider."""
    take_next_frame()
    time_buttons(dataset)
    date_slider(dataset)


#: The Play and Pause symbols, drawn in CSS (a font may lack "⏸" and draw a box).
TIME_CONTROLS_CSS = Path(__file__).resolve().parent.parent / "static" / "app" / "time_controls.css"


@functools.cache
def _time_controls_css() -> str:
    return TIME_CONTROLS_CSS.read_text(encoding="utf-8")


def time_buttons(dataset: Dataset) -> None:
    """Window (30 days … everything), previous/next control change, play/pause.

    On the map page these sit outside the fragment that the slider reruns: they change less
    often, and every element a slider move redraws costs each viewer's browser time.
    """
    lang = language()
    window_labels = {30: "time.window.30", 90: "time.window.90", 365: "time.window.365", 0: "time.window.all"}
    st.html(f"<style>{_time_controls_css()}</style>")
    cols = st.columns([2.3, 1.75, 1.6, 1.05, 1.0], vertical_alignment="bottom")
    cols[0].radio(
        t(lang, "time.window"),
        WINDOWS,
        key=Key.WINDOW,
        horizontal=True,
        format_func=lambda w: t(lang, window_labels[w]),
        on_change=_clear_custom_period,
    )
    cols[1].button(
        t(lang, "time.prev_change"),
        on_click=_step_to_change,
        args=(dataset, -1),
        key="prev_change",
        width="stretch",
    )
    cols[2].button(
        t(lang, "time.next_change"),
        on_click=_step_to_change,
        args=(dataset, 1),
        key="next_change",
        width="stretch",
    )
    playing = st.session_state.get(Key.PLAYING, False)
    cols[3].button(
        t(lang, "time.pause" if playing else "time.play"),
        on_click=_toggle_play,
        key="play",
        type="primary" if playing else "secondary",
        width="stretch",
    )
    cols[4].selectbox(t(lang, "time.speed"), list(SPEEDS), index=list(SPEEDS).index(DEFAULT_SPEED), key=Key.SPEED)


def take_next_frame() -> None:
    """Move the date to the one a previous run asked for (play, a period from the timeline),
    and drop a custom period that would start after the date.

    Only before the slider is drawn: a widget's value cannot change after it is drawn."""
    if Key.NEXT_FRAME in st.session_state:
        st.session_state[Key.DATE] = st.session_state.pop(Key.NEXT_FRAME)
    start = st.session_state.get(Key.START)
    if start is not None and start > st.session_state[Key.DATE]:
        st.session_state[Key.START] = None


def date_slider(dataset: Dataset) -> None:
    """The date slider (day resolution, arrow keys), and the custom period if one is set.

    Call :func:`take_next_frame` once before, in the same run."""
    lang = language()
    first, last = dataset.first_date.date(), dataset.as_of.date()
    st.slider(
        t(lang, "time.date"),
        min_value=first,
        max_value=last,
        key=Key.DATE,
        step=dt.timedelta(days=1),
        format="YYYY-MM-DD",
        on_change=_stop_playing,  # a hand on the slider stops play, as on the time bar
    )
    custom_period()


def custom_period() -> None:
    """The custom period, if one is set (from a chart brush or a link), and a button to drop it."""
    start = st.session_state.get(Key.START)
    if start is None:
        return
    lang = language()
    left, right = st.columns([4, 1], vertical_alignment="center")
    left.info(
        t(lang, "time.custom", start=long_date(start, lang), end=long_date(st.session_state[Key.DATE], lang)),
        icon=":material/date_range:",
    )
    right.button(t(lang, "time.custom_clear"), on_click=_clear_custom_period, key="clear_period")


def _clear_custom_period() -> None:
    st.session_state[Key.START] = None


def show_period(start: dt.date, end: dt.date) -> None:
    """Make [start, end] the view's period (from a chart brush): applied on the next run."""
    st.session_state[Key.START] = start
    st.session_state[Key.NEXT_FRAME] = end


def keep_playing(dataset: Dataset) -> None:
    """While playing, line up the next month for the next run; stop at the end of the record.

    For the pages without a map (the map's time bar plays in the browser). No run waits: a
    small fragment that the browser reruns every PLAY_DELAY seconds (``run_every``) asks for a
    full run on each tick, which shows the frame lined up. A click on Pause reruns the page
    with ``playing`` off, which stops the timer.
    """
    if not st.session_state.get(Key.PLAYING):
        return
    last = dataset.as_of.date()
    if st.session_state[Key.DATE] >= last:
        _stop_playing()
        st.rerun()  # a full run: the button outside redraws as "Play", the timer stops
    st.session_state[Key.NEXT_FRAME] = next_frame(st.session_state[Key.DATE], last)
    _play_ticker()


def _play_ticker() -> None:
    """A fragment the browser reruns every PLAY_DELAY seconds; each rerun after the run that
    drew it asks for a full run, which shows the frame lined up."""
    drawn = []

    @st.fragment(run_every=play_delay() or None)
    def tick() -> None:
        if drawn:  # a timed rerun of this same fragment
            st.rerun()
        drawn.append(True)

    tick()
