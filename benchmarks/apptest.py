"""Driving the map page through Streamlit's AppTest: shared by the tests and the benchmarks.

It lives here, not under tests/, so that the benchmarks never import the tests (tests may
import benchmarks; tests/test_architecture.py checks the other way round)."""

from __future__ import annotations

import itertools

_PICKS = itertools.count(1)


def pick_on_time_bar(at, day: str, *, playing: bool | None = None, revision: int | None = None):
    """What the time bar sends when it settles on ``day`` (geo.map.TimeBar), then a run.

    The pick comes from the bar the server sent last, unless ``revision`` says another."""
    # Imported here: the map benchmark reloads ui for each record (ui reads MALI_MAP_DATA).
    import ui

    state = at.session_state
    parts = ui.base_map_parts(
        state[ui.Key.LANG], state[ui.Key.BASE], "regions" in state[ui.Key.OVERLAYS], ui.asset_base()
    )
    revision = state[ui.Key.BAR].revision if revision is None else revision
    value = {"date": day, "pick": f"{revision}-test-{next(_PICKS)}"}
    if playing is not None:
        value["playing"] = playing
    at.session_state[ui.map_key(parts)] = value
    return at.run()
