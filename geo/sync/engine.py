"""One sync: a source's pages through the importer of its format, into the store, in one
transaction, with a report: fetched, new, updated, deleted, rejected (each with its reason).

Rows go through :func:`geo.importers.read_events` unchanged: a page's rows become the CSV its
format's export would be, so the importers' rules (dates, coordinates in Mali, actors, tolls)
apply as to an upload. A row the importer cannot even be given (not a JSON object, no id) is
rejected here, with the reason. Accepted plus rejected always equals fetched.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import json
import sqlite3
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

import pandas as pd

from geo.importers import ImportFailure, read_events
from geo.sync.http import Http, Secret, SyncFailure
from geo.sync.sources import Covered, Page, Plan, SyncSource, Withdrawn
from geo.sync.store import Store

#: A first sync starts here unless given a date: the record's own first year.
FIRST_SYNC_DAY = dt.date(2012, 1, 1)

#: (rows fetched so far, rows the source says there are or None, what is being done).
Progress = Callable[[int, int | None, str], None]


@dataclass
class SyncReport:
    """What one sync did."""

    source: str
    since: dt.date
    fetched: int = 0
    #: Rows the importer accepted (counted apart from the rejected ones, so that the check below can fail).
    accepted: int = 0
    new: int = 0
    updated: int = 0
    deleted: int = 0
    #: One row per rejected row: page, row (1 = the page's first), event id, reason.
    rejected: list[tuple[int, int, str, str]] = field(default_factory=list)
    #: The latest event date among the rows accepted.
    latest_event: dt.date | None = None

    def counts(self) -> dict[str, int]:
        return {
            "fetched": self.fetched,
            "new": self.new,
            "updated": self.updated,
            "deleted": self.deleted,
            "rejected": len(self.rejected),
        }

    def rejected_frame(self) -> pd.DataFrame:
        return pd.DataFrame(self.rejected, columns=["page", "row", "event_id", "reason"])

    @property
    def summary(self) -> str:
        return (
            f"{self.source.upper()} since {self.since:%Y-%m-%d}: {self.fetched} fetched, {self.new} new, "
            f"{self.updated} updated, {self.deleted} deleted, {len(self.rejected)} rejected"
        )


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dict | list):
        return json.dumps(value, ensure_ascii=False)
    return str(value)


def digest(row: dict) -> str:
    """A fingerprint of a source row: the same row fetched again is not an update."""
    return hashlib.sha1(json.dumps(row, sort_keys=True, default=str).encode("utf-8")).hexdigest()


def import_page(source: SyncSource, page: Page, gazetteer) -> tuple[pd.DataFrame, pd.DataFrame, list, list[str]]:
    """(accepted events, their actors, rejected rows, the accepted rows' digests) of one page."""
    rejected: list[tuple[int, int, str, str]] = []
    rows: list[tuple[int, dict]] = []
    seen: set[str] = set()
    for number, row in enumerate(page.rows, start=1):
        if not isinstance(row, dict):
            rejected.append((page.number, number, "", f"not a JSON object (a {type(row).__name__})"))
            continue
        key = _cell(row.get(source.id_field)).strip()
        if not key:
            rejected.append((page.number, number, "", f"no event id ({source.id_field})"))
        elif key in seen:
            rejected.append((page.number, number, key[:60], f"the page repeats the event id {key[:60]!r}"))
        else:
            seen.add(key)
            rows.append((number, row))
    empty = pd.DataFrame(columns=["event_id"])
    if not rows:
        return empty, pd.DataFrame(), rejected, []
    header = list(dict.fromkeys(k for _, row in rows for k in row if isinstance(k, str)))
    text = io.StringIO()
    writer = csv.writer(text)
    writer.writerow(header)
    writer.writerows([v if type(v) is str else _cell(v) for v in map(row.get, header)] for _, row in rows)
    try:
        result = read_events(
            text.getvalue().encode("utf-8"),
            source.format,
            gazetteer=gazetteer,
            name=f"{source.label} page {page.number}",
        )
    except ImportFailure as err:
        reason = f"the page's rows cannot be imported: {err}"
        return empty, pd.DataFrame(), rejected + [(page.number, n, _id(source, r), reason) for n, r in rows], []
    refused = {int(r) - 2: reason for r, reason in zip(result.rejected["row"], result.rejected["reason"])}
    for index, reason in sorted(refused.items()):
        number, row = rows[index]
        rejected.append((page.number, number, _id(source, row), str(reason)))
    kept = [row for index, (_, row) in enumerate(rows) if index not in refused]
    return result.events, result.actors, rejected, [digest(row) for row in kept]


def _id(source: SyncSource, row: dict) -> str:
    return _cell(row.get(source.id_field)).strip()[:60]


def run_sync(
    source: SyncSource,
    credentials: Mapping[str, str | Secret],
    store: Store,
    *,
    since: dt.date | None = None,
    options: Mapping[str, str] | None = None,
    gazetteer=None,
    progress: Progress | None = None,
    http: Http | None = None,
    base_url: str | None = None,
) -> SyncReport:
    """Fetch the source's events for Mali into ``store`` and report what changed.

    ``since``: the first day to fetch (a full refetch from that day); without it, the first sync
    starts at FIRST_SYNC_DAY and later ones ask only for what changed since the last. Raises
    SyncFailure, with the store as it was, when the sync cannot be completed."""
    secrets = {k: v if isinstance(v, Secret) else Secret(str(v or "")) for k, v in credentials.items()}
    state = store.state(source.name)
    start = since or (dt.date.fromisoformat(state["since"]) if "since" in state else FIRST_SYNC_DAY)
    plan = Plan(
        since=start,
        full=since is not None or not state,
        state=state,
        options=dict(options or {}),
        base_url=base_url or source.base_url,
    )
    report = SyncReport(source.name, start)
    client = http or Http()
    covered: list[Covered] = []
    try:
        with store.transaction():
            for item in source.fetch(client, secrets, plan):
                if isinstance(item, Withdrawn):
                    if progress:
                        progress(report.fetched, None, "deletions")
                    report.deleted += store.delete(source.name, item.ids)
                elif isinstance(item, Covered):
                    covered.append(item)
                elif isinstance(item, Page):
                    _apply(source, item, store, report, gazetteer)
                    if progress:
                        progress(report.fetched, item.total, item.dataset)
            for cover in covered:
                report.deleted += store.drop_provisional(source.name, cover.through)
            store.set_state(source.name, {**plan.new_state, "since": f"{min(start, _since_of(state, start)):%Y-%m-%d}"})
            store.record_sync(source.name, start, report.counts())
    except sqlite3.Error as err:
        raise SyncFailure(f"the store {store.path} could not be written ({err}); it is as it was before") from None
    finally:
        if http is None:
            client.close()
    if report.accepted + len(report.rejected) != report.fetched:
        raise SyncFailure("internal error: accepted and rejected rows do not add up to the rows fetched")
    return report


def _since_of(state: Mapping[str, str], start: dt.date) -> dt.date:
    return dt.date.fromisoformat(state["since"]) if "since" in state else start


def _apply(source: SyncSource, page: Page, store: Store, report: SyncReport, gazetteer) -> None:
    events, actors, rejected, digests = import_page(source, page, gazetteer)
    report.fetched += len(page.rows)
    report.rejected += rejected
    report.accepted += len(events)
    if events.empty:
        return
    if len(events) != len(digests):
        raise SyncFailure("internal error: accepted rows and their fingerprints differ in number")
    new, updated = store.upsert(source.name, page.dataset, page.provisional, page.release, events, digests)
    store.add_actors(source.name, actors)
    report.new += new
    report.updated += updated
    latest = events["date"].max()
    if pd.notna(latest) and (report.latest_event is None or latest.date() > report.latest_event):
        report.latest_event = latest.date()
