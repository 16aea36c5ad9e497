"""Session-state keys: every value a session keeps between runs, named once."""

from __future__ import annotations

from enum import StrEnum


class Key(StrEnum):
    """The keys of ``st.session_state`` the app uses (the view's widgets and the app's own state)."""

    # One per widget that shapes the view (mirrored into the URL).
    DATE = "v_date"
    WINDOW = "v_window"
    FAMILIES = "v_families"
    ACTORS = "v_actors"
    TYPES = "v_types"
    MINFAT = "v_minfat"
    REGION = "v_region"
    BASE = "v_base"
    OVERLAYS = "v_overlays"
    PLACE = "v_place"
    LANG = "v_lang"
    START = "v_start"
    ACTOR = "v_actor"
    ZOOM = "v_zoom"
    CENTER = "v_center"
    # This session's upload (an ImportResult), its date, which events the pages use, and the
    # combined record with the key it was built for.
    UPLOAD = "upload"
    UPLOAD_DATE = "upload_date"
    UPLOAD_TOKEN = "upload_token"
    UPLOAD_ERROR = "upload_error"
    SOURCE = "data_source"
    COMBINED = "combined"
    COMBINED_KEY = "combined_key"
    PLAYING = "playing"
    # The playback speed (a factor of ui.timecontrols.SPEEDS), for this session only.
    SPEED = "play_speed"
    NOTICES = "url_notices"
    READY = "url_read"
    # The next frame's date while playing: a widget's key cannot change after the widget is
    # drawn, so the new date waits here for the next run.
    NEXT_FRAME = "next_frame"
    # The map's own time bar: the last pick applied from it; what the server last sent it and
    # what it shows (a TimeBarState); the timed layers rendered for this session's own upload.
    PICK = "time_bar_pick"
    BAR = "time_bar"
    TIMED = "timed_layers"
    # The Tours page: the tour shown and its chapter (0-based).
    TOUR = "tour"
    CHAPTER = "tour_chapter"
    # The Compare page: its two dates.
    COMPARE_A = "compare_a_date"
    COMPARE_B = "compare_b_date"
    # The map alone, for an iframe (?only=map), read from the first link of the session.
    EMBED = "embed"
    # Set by a whole run of the map page, not by a rerun of its fragment.
    PAGE_RUN = "map_page_run"
    # Sync (ui.sync): the source of the session's events when they come from a sync (else absent,
    # an uploaded file), the session's own in-memory store on a hosted instance, the last sync's
    # report, its failure, the chosen source. Credentials have no key: they live in the form only.
    SYNCED = "synced_source"
    SYNC_STORE = "sync_store"
    SYNC_REPORT = "sync_report"
    SYNC_ERROR = "sync_error"
    SYNC_SOURCE = "sync_source"


#: The keys of the widgets that shape the view.
VIEW_KEYS = (
    Key.DATE,
    Key.WINDOW,
    Key.FAMILIES,
    Key.ACTORS,
    Key.TYPES,
    Key.MINFAT,
    Key.REGION,
    Key.BASE,
    Key.OVERLAYS,
    Key.PLACE,
    Key.LANG,
    Key.START,
    Key.ACTOR,
    Key.ZOOM,
    Key.CENTER,
)
