"""The sync panel on the "Your data" page: choose a source, type your own credentials, sync with
a progress bar, see the report; the synced events join the map like an upload.

Credentials live only in the form's widgets while it is filled in: the form is cleared when it
is sent (``clear_on_submit``), they are passed to the sync as :class:`geo.sync.Secret` and never
put in session state, the URL, a log or a message. By default each session syncs into its own
in-memory store, so no other session of a hosted instance ever sees its rows (ACLED's terms
forbid redistributing them); on your own machine, ``MALI_MAP_LOCAL_STORE=1`` makes the app share
the store of ``python -m geo sync`` in your data directory (never set it on a shared server:
every session could then show the rows stored there).
"""

from __future__ import annotations

import datetime as dt
import os

import streamlit as st

from geo.i18n import t
from geo.i18n.formats import long_date, number
from geo.sync import SOURCES, Secret, Store, SyncFailure, default_path, run_sync, synced_import
from ui.keys import Key
from ui.record import DATA_ROOT, cached_gazetteer, store_upload
from ui.tables import localized_table
from ui.text import plain


def hosted() -> bool:
    """Whether each session keeps its synced rows to itself (the default, safe on a shared server)."""
    return not os.environ.get("MALI_MAP_LOCAL_STORE")


def _open_store() -> Store:
    if hosted():
        if Key.SYNC_STORE not in st.session_state:
            st.session_state[Key.SYNC_STORE] = Store(":memory:")
        return st.session_state[Key.SYNC_STORE]
    return Store(default_path())


def _close(store: Store) -> None:
    if not hosted():
        store.close()


def sync_panel(lang: str) -> None:
    """The panel: source, credentials, options and from date in a form; the sync on submit."""
    st.header(t(lang, "sync.header"))
    st.caption(t(lang, "sync.intro"))
    name = st.selectbox(
        t(lang, "sync.source"), list(SOURCES), key=Key.SYNC_SOURCE, format_func=lambda n: SOURCES[n].label
    )
    source = SOURCES[name]
    st.caption(t(lang, source.needs))
    with st.form(f"sync_form_{name}", clear_on_submit=True):
        typed = {
            c.name: st.text_input(
                t(lang, c.label), type="password" if c.secret else "default", autocomplete="off", key=_key(name, c.name)
            )
            for c in source.credentials
        }
        options = {o.name: st.text_input(t(lang, o.label), value=o.default) for o in source.options}
        since = st.date_input(
            t(lang, "sync.since"), value=None, min_value=dt.date(1989, 1, 1), max_value=dt.date.today()
        )
        sent = st.form_submit_button(t(lang, "sync.run"), type="primary")
    if sent:
        credentials = {k: Secret(v) for k, v in typed.items()}
        # What was typed leaves the session's state now; the sync holds it only as Secrets.
        for credential in source.credentials:
            st.session_state.pop(_key(name, credential.name), None)
        del typed
        _run(source, credentials, options, since, lang)
        del credentials
        st.rerun()
    _saved(lang)
    _report(lang)


def _key(source: str, credential: str) -> str:
    return f"sync_credential_{source}_{credential}"


def _run(source, credentials: dict[str, Secret], options: dict[str, str], since, lang: str) -> None:
    st.session_state.pop(Key.SYNC_ERROR, None)
    bar = st.progress(0.0, text=t(lang, "sync.starting", source=source.label))

    def progress(done: int, total: int | None, what: str) -> None:
        value = min(done / total, 1.0) if total else 0.0
        bar.progress(
            value, text=t(lang, "sync.progress", rows=number(done, lang), total=number(total, lang) if total else "?")
        )

    try:
        store = _open_store()
    except SyncFailure as err:
        st.session_state[Key.SYNC_ERROR] = str(err)
        return
    try:
        report = run_sync(
            source,
            credentials,
            store,
            since=since,
            options=options,
            gazetteer=cached_gazetteer(str(DATA_ROOT)),
            progress=progress,
            base_url=os.environ.get(f"MALI_MAP_{source.name.upper()}_URL") or None,
        )
        result = synced_import(store, source)
    except SyncFailure as err:
        st.session_state[Key.SYNC_ERROR] = str(err)
        bar.empty()
        return
    finally:
        _close(store)
    bar.progress(1.0, text=t(lang, "sync.done", source=source.label))
    st.session_state[Key.SYNC_REPORT] = report
    if result is not None:
        store_upload(result, dt.date.today(), synced=source.name)


def _saved(lang: str) -> None:
    """Run locally: what earlier syncs left in the store, to show without syncing again."""
    if hosted() or not default_path().exists():
        return
    store = _open_store()
    try:
        for source in SOURCES.values():
            last = store.last_sync(source.name)
            count = store.count(source.name)
            if last is None or not count:
                continue
            label = t(lang, "sync.saved", source=source.label, count=number(count, lang), date=last["finished"][:10])
            if st.button(label, key=f"sync_load_{source.name}"):
                result = synced_import(store, source)
                if result is not None:
                    store_upload(result, dt.date.fromisoformat(last["finished"][:10]), synced=source.name)
                    st.rerun()
    finally:
        _close(store)


def _report(lang: str) -> None:
    if st.session_state.get(Key.SYNC_ERROR):
        st.error(t(lang, "sync.failed", reason=plain(st.session_state[Key.SYNC_ERROR], limit=2000)))
    report = st.session_state.get(Key.SYNC_REPORT)
    if report is None:
        return
    st.caption(t(lang, "sync.report", source=report.source.upper(), since=long_date(report.since, lang)))
    figures = report.counts()
    for column, (key, value) in zip(st.columns(len(figures)), figures.items()):
        column.metric(t(lang, f"sync.count.{key}"), number(value, lang))
    if report.rejected:
        localized_table(
            report.rejected_frame(),
            {"page": "sync.col.page", "row": "col.row", "event_id": "sync.col.event_id", "reason": "col.reason"},
            lang,
        )
