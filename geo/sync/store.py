"""The local store of synced events: one SQLite file in the user's data directory.

Why SQLite (the standard library's sqlite3) rather than DuckDB: it needs no new dependency,
its transactions are exactly what a sync needs (one ``BEGIN IMMEDIATE`` ... ``COMMIT``: a sync
killed halfway leaves the journal, and the next open rolls it back, so the previous data stay
whole), WAL mode lets the app read while the command line writes, and the work is row upserts
by id, which is SQLite's strength; DuckDB's column store pays off for analytical scans of
millions of rows, which the map does in pandas anyway.

Where: ``$MALI_MAP_SYNC_DIR`` if set (the tests point it at a temporary folder), else the
platform's user data directory (``$XDG_DATA_HOME`` or ~/.local/share on Linux, ~/Library/Application
Support on macOS, %LOCALAPPDATA% on Windows), in ``mali-conflict-map/``; never inside the
repository (refused). These few lines follow the XDG and platform conventions that platformdirs
implements, without adding it as a dependency for one folder name. The folder is made readable
by its owner only: ACLED's terms forbid sharing its rows. The app keeps each session's store in
memory instead (``Store(":memory:")``) unless told to share this one (ui.sync).

Nothing here ever holds a credential: the store has no column for one.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import sqlite3
import sys
from pathlib import Path

import pandas as pd

from geo.schema import TABLES
from geo.sync.http import SyncFailure

APP_DIR = "mali-conflict-map"
FILE_NAME = "sync.sqlite3"
REPO = Path(__file__).resolve().parents[2]
# The columns every events table has (an optional one, a French note, is not synced: a store made
# before it was added keeps working).
EVENT_COLUMNS = [name for name, column in TABLES["events"].columns.items() if column.required]
_QUOTED = ", ".join(f'"{c}"' for c in EVENT_COLUMNS)
ACTOR_COLUMNS = ["actor_id", "name", "full_name", "family", "known"]

_SCHEMA = f"""
CREATE TABLE IF NOT EXISTS events (
    source TEXT NOT NULL, dataset TEXT NOT NULL, provisional INTEGER NOT NULL, release TEXT NOT NULL,
    digest TEXT NOT NULL, synced_on TEXT NOT NULL,
    {", ".join(f'"{c}"' for c in EVENT_COLUMNS)},
    PRIMARY KEY (source, dataset, event_id)
);
CREATE INDEX IF NOT EXISTS events_by_id ON events (source, event_id);
CREATE TABLE IF NOT EXISTS actors (
    source TEXT NOT NULL, {", ".join(ACTOR_COLUMNS)}, PRIMARY KEY (source, actor_id)
);
CREATE TABLE IF NOT EXISTS state (source TEXT NOT NULL, key TEXT NOT NULL, value TEXT, PRIMARY KEY (source, key));
CREATE TABLE IF NOT EXISTS syncs (
    source TEXT NOT NULL, finished TEXT NOT NULL, since TEXT, fetched INTEGER, new INTEGER, updated INTEGER,
    deleted INTEGER, rejected INTEGER
);
"""


def data_dir() -> Path:
    """The folder of the store (see the module's docstring), created if needed."""
    override = os.environ.get("MALI_MAP_SYNC_DIR")
    if override:
        folder = Path(override).expanduser()
    elif sys.platform == "win32":
        folder = Path(os.environ.get("LOCALAPPDATA") or Path.home() / "AppData" / "Local") / APP_DIR
    elif sys.platform == "darwin":
        folder = Path.home() / "Library" / "Application Support" / APP_DIR
    else:
        folder = Path(os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share") / APP_DIR
    folder = folder.resolve()
    if folder == REPO or REPO in folder.parents:
        raise SyncFailure(
            f"the sync store must not be inside the repository ({folder}): synced ACLED rows must never be "
            "committed or shared; set MALI_MAP_SYNC_DIR to a folder elsewhere"
        )
    folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    return folder


def default_path() -> Path:
    return data_dir() / FILE_NAME


class Store:
    """The synced events, by source; every change to them happens inside :meth:`transaction`."""

    def __init__(self, path: str | Path) -> None:
        self.path = str(path)
        in_memory = self.path == ":memory:"
        try:
            if not in_memory:
                fresh = not Path(self.path).exists()
                Path(self.path).touch(mode=0o600, exist_ok=True)
                if fresh:
                    os.chmod(self.path, 0o600)
            # isolation_level=None: transactions are begun and ended here, explicitly.
            self.db = sqlite3.connect(self.path, isolation_level=None, timeout=30, check_same_thread=False)
            if not in_memory:
                self.db.execute("PRAGMA journal_mode=WAL")
            self.db.executescript(_SCHEMA)
        except (OSError, sqlite3.Error) as err:
            raise SyncFailure(f"cannot open the sync store {self.path}: {err}") from None

    def close(self) -> None:
        self.db.close()

    @contextlib.contextmanager
    def transaction(self):
        """One sync: everything it changes is committed at the end, or nothing is."""
        try:
            self.db.execute("BEGIN IMMEDIATE")
        except sqlite3.OperationalError as err:
            raise SyncFailure(f"the sync store is busy (another sync running?): {err}") from None
        try:
            yield self
        except BaseException:
            self.db.execute("ROLLBACK")
            raise
        self.db.execute("COMMIT")

    # What the last sync of a source left: its cursor, by key.
    def state(self, source: str) -> dict[str, str]:
        return dict(self.db.execute("SELECT key, value FROM state WHERE source = ?", (source,)).fetchall())

    def set_state(self, source: str, values: dict[str, str]) -> None:
        self.db.executemany(
            "INSERT OR REPLACE INTO state (source, key, value) VALUES (?, ?, ?)",
            [(source, k, str(v)) for k, v in values.items()],
        )

    def upsert(
        self, source: str, dataset: str, provisional: bool, release: str, events: pd.DataFrame, digests: list[str]
    ) -> tuple[int, int]:
        """Insert or replace ``events`` (the importer's rows); (new, updated): an event whose
        source row is unchanged (same digest) counts as neither."""
        if events.empty:
            return 0, 0
        ids = events["event_id"].astype(str).tolist()
        known: dict[str, str] = {}
        for start in range(0, len(ids), 900):  # SQLite's limit on bound parameters
            chunk = ids[start : start + 900]
            known |= dict(
                self.db.execute(
                    f"SELECT event_id, digest FROM events WHERE source = ? AND dataset = ? "
                    f"AND event_id IN ({','.join('?' * len(chunk))})",
                    (source, dataset, *chunk),
                ).fetchall()
            )
        new = sum(1 for i in ids if i not in known)
        updated = sum(1 for i, d in zip(ids, digests) if i in known and known[i] != d)
        today = f"{dt.date.today():%Y-%m-%d}"
        frame = events[EVENT_COLUMNS].astype(object).where(events[EVENT_COLUMNS].notna(), None)
        frame["date"] = [d.strftime("%Y-%m-%d") if d is not None else None for d in frame["date"]]
        for column in ("fatalities_low", "fatalities_high"):
            frame[column] = [int(v) if v is not None else None for v in frame[column]]
        rows = [
            (source, dataset, int(provisional), release, digest, today, *values)
            for digest, values in zip(digests, frame.itertuples(index=False, name=None))
        ]
        marks = ",".join("?" * (6 + len(EVENT_COLUMNS)))
        self.db.executemany(f"INSERT OR REPLACE INTO events VALUES ({marks})", rows)
        return new, updated

    def add_actors(self, source: str, actors: pd.DataFrame) -> None:
        if actors.empty:
            return
        self.db.executemany(
            f"INSERT OR REPLACE INTO actors VALUES (?, {','.join('?' * len(ACTOR_COLUMNS))})",
            [
                (source, *[None if pd.isna(v) else v for v in row])
                for row in actors[ACTOR_COLUMNS].itertuples(index=False)
            ],
        )

    def delete(self, source: str, event_ids: list[str]) -> int:
        """Remove events the source withdrew; how many there were here."""
        removed = 0
        for start in range(0, len(event_ids), 900):
            chunk = event_ids[start : start + 900]
            removed += self.db.execute(
                f"DELETE FROM events WHERE source = ? AND event_id IN ({','.join('?' * len(chunk))})", (source, *chunk)
            ).rowcount
        return removed

    def drop_provisional(self, source: str, through: dt.date) -> int:
        """Remove provisional events dated up to ``through`` (a final release covers them)."""
        return self.db.execute(
            "DELETE FROM events WHERE source = ? AND provisional = 1 AND date <= ?", (source, f"{through:%Y-%m-%d}")
        ).rowcount

    def record_sync(self, source: str, since: dt.date, counts: dict[str, int]) -> None:
        self.db.execute(
            "INSERT INTO syncs VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            (
                source,
                dt.datetime.now(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
                f"{since:%Y-%m-%d}",
                *(counts[k] for k in ("fetched", "new", "updated", "deleted", "rejected")),
            ),
        )

    def last_sync(self, source: str) -> dict | None:
        """The last finished sync of a source (its time and counts), or None."""
        cursor = self.db.execute("SELECT * FROM syncs WHERE source = ? ORDER BY finished DESC LIMIT 1", (source,))
        row = cursor.fetchone()
        return dict(zip([c[0] for c in cursor.description], row)) if row else None

    def count(self, source: str) -> int:
        return self.db.execute("SELECT COUNT(*) FROM events WHERE source = ?", (source,)).fetchone()[0]

    def events(self, source: str) -> pd.DataFrame:
        """The source's events in the project's schema; provisional ones say so in their note."""
        frame = pd.read_sql_query(
            f"SELECT provisional, release, dataset, {_QUOTED} FROM events WHERE source = ? ORDER BY date, event_id",
            self.db,
            params=(source,),
        )
        provisional = frame["provisional"].astype(bool)
        # Candidate and final ids are numbered apart by the source: keep them apart on the map too.
        frame.loc[provisional, "event_id"] = (
            frame.loc[provisional, "dataset"] + "-" + frame.loc[provisional, "event_id"]
        )
        note = frame["note"].fillna("")
        frame["note"] = note.where(
            ~provisional, "Provisional (" + frame["dataset"] + " release " + frame["release"] + "); " + note
        )
        frame["date"] = pd.to_datetime(frame["date"])
        for column in ("lat", "lon"):
            frame[column] = pd.to_numeric(frame[column])
        for column in ("fatalities_low", "fatalities_high"):
            frame[column] = pd.to_numeric(frame[column]).astype("Int64")
        return frame[EVENT_COLUMNS]

    def actors(self, source: str) -> pd.DataFrame:
        frame = pd.read_sql_query(
            f"SELECT {', '.join(ACTOR_COLUMNS)} FROM actors WHERE source = ?", self.db, params=(source,)
        )
        frame["known"] = frame["known"].astype(bool)
        return frame
