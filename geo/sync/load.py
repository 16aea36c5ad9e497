"""A source's synced events as an :class:`ImportResult`, so that they join the map exactly as an
uploaded file does (geo.importers.combine)."""

from __future__ import annotations

import pandas as pd

from geo.importers import ImportResult
from geo.sync.sources import SyncSource
from geo.sync.store import Store


def synced_import(store: Store, source: SyncSource) -> ImportResult | None:
    """The store's events of ``source``, or None when it holds none."""
    events = store.events(source.name)
    if events.empty:
        return None
    last = store.last_sync(source.name)
    when = last["finished"][:10] if last else ""
    return ImportResult(
        events=events,
        rejected=pd.DataFrame(columns=["row", "reason"]),
        format=source.format,
        actors=store.actors(source.name),
        source_name=f"{source.label} API, synced {when}",
        data_rows=len(events),
    )
