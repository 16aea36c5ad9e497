"""``python -m geo sync acled|ucdp``: fetch Mali's latest events into the local store and print
what changed. Credentials come from the environment (``ACLED_EMAIL``, ``ACLED_PASSWORD``,
``UCDP_TOKEN``) or are asked for without echo; never from an argument, which the shell history
and the process list would keep."""

from __future__ import annotations

import argparse
import datetime as dt
import getpass
import os
import sys

from geo.sync.engine import run_sync
from geo.sync.http import Secret, SyncFailure
from geo.sync.sources import SOURCES, SyncSource
from geo.sync.store import Store, default_path


def add_parser(commands) -> None:
    sync = commands.add_parser("sync", help="fetch Mali's latest events from ACLED or UCDP with your own access")
    sync.add_argument("source", choices=list(SOURCES))
    sync.add_argument("--since", type=dt.date.fromisoformat, help="first day to fetch, YYYY-MM-DD (a full refetch)")
    sync.add_argument("--store", help="the store's file (default: your data directory, or $MALI_MAP_SYNC_DIR)")
    sync.add_argument("--base-url", help=argparse.SUPPRESS)  # the tests' and the benchmark's local fake API
    sync.add_argument("--rejected", help="write the rejected rows (page, row, event id, reason) to this CSV file")
    for source in SOURCES.values():
        for option in source.options:
            sync.add_argument(f"--{option.name.replace('_', '-')}", dest=option.name, default=option.default)


def _credentials(source: SyncSource) -> dict[str, Secret]:
    found = {}
    for credential in source.credentials:
        variable = f"{source.name}_{credential.name}".upper()
        value = os.environ.get(variable)
        if value is None:
            if not sys.stdin.isatty():
                raise SyncFailure(f"set {variable} (or run this in a terminal to be asked for it)")
            prompt = f"{source.label} {credential.name}: "
            value = getpass.getpass(prompt) if credential.secret else input(prompt)
        found[credential.name] = Secret(value)
    return found


def _progress(done: int, total: int | None, what: str) -> None:
    of = f" of {total:,}" if total else ""
    print(f"\r{what}: {done:,}{of} rows fetched", end="", file=sys.stderr, flush=True)


def main(args) -> int:
    from geo import DEFAULT_ROOT, DataError, load_dataset
    from geo.gazetteer import Gazetteer
    from geo.importers.__main__ import printable

    source = SOURCES[args.source]
    try:
        credentials = _credentials(source)
        store = Store(args.store or default_path())
    except SyncFailure as err:
        print(f"Cannot sync {source.label}: {printable(err)}")
        return 1
    except (EOFError, KeyboardInterrupt):
        print(f"\nCannot sync {source.label}: no credentials given")
        return 1
    try:
        places = load_dataset(DEFAULT_ROOT).places
    except DataError as err:
        print(f"The bundled record in {DEFAULT_ROOT} has problems; run python -m geo check.\n{err}")
        return 1
    gazetteer = Gazetteer.from_files(places, DEFAULT_ROOT / "gazetteer.csv")
    options = {o.name: getattr(args, o.name) for o in source.options}
    try:
        report = run_sync(
            source,
            credentials,
            store,
            since=args.since,
            options=options,
            gazetteer=gazetteer,
            progress=_progress,
            base_url=args.base_url,
        )
    except SyncFailure as err:
        print(f"\nSync of {source.label} stopped: {printable(err)}\nThe store is as it was before: {store.path}")
        return 1
    finally:
        store.close()
    print(f"\n{printable(report.summary)}\nStore: {store.path}")
    if report.latest_event:
        print(f"Latest event: {report.latest_event:%Y-%m-%d}")
    for page, row, event_id, reason in report.rejected[:50]:
        print(f"  page {page}, row {row}{f' ({printable(event_id)})' if event_id else ''}: {printable(reason)}")
    if len(report.rejected) > 50:
        print(f"  … and {len(report.rejected) - 50} more (use --rejected FILE to write them all)")
    if args.rejected:
        from geo.export import to_safe_csv

        with open(args.rejected, "wb") as handle:
            handle.write(to_safe_csv(report.rejected_frame()))
        print(f"{len(report.rejected)} rejected rows written to {printable(args.rejected)}")
    return 0
