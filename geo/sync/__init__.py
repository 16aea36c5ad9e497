"""Keep the map current: pull Mali's latest events from ACLED and UCDP with the user's own
access, into a local store, and report what changed.

- :mod:`geo.sync.sources`: the sources, one module each, as a registry (``SOURCES``);
- :mod:`geo.sync.http`: the HTTP client (timeouts, retries with backoff, Retry-After) and
  :class:`SyncFailure`, :class:`Secret`;
- :mod:`geo.sync.store`: the SQLite store in the user's data directory;
- :mod:`geo.sync.engine`: one sync, through the importers, in one transaction;
- :mod:`geo.sync.load`: the store's events as an import, to join the map like an upload;
- :mod:`geo.sync.cli`: ``python -m geo sync acled|ucdp``.

Credentials are never stored, logged, put in a URL or in an exception.
"""

from geo.sync.engine import FIRST_SYNC_DAY, SyncReport, run_sync
from geo.sync.http import Http, Secret, SyncFailure
from geo.sync.load import synced_import
from geo.sync.sources import SOURCES, SyncSource
from geo.sync.store import Store, default_path

__all__ = [
    "FIRST_SYNC_DAY",
    "SOURCES",
    "Http",
    "Secret",
    "Store",
    "SyncFailure",
    "SyncReport",
    "SyncSource",
    "default_path",
    "run_sync",
    "synced_import",
]
