"""Benchmark a 100k-event ACLED sync against the local fake API (run by hand, not a test), then
the map page with the synced events joined to the bundled record: a full rerun after a date
move (AppTest) and, unless --no-browser, the browser time from an arrow key to the map's update
(benchmarks/map_benchmark.py's own measures, on a record folder of the bundled record plus the
synced events).

    .venv/bin/python benchmarks/sync_benchmark.py [--events 100000] [--no-browser]
"""

from __future__ import annotations

import argparse
import datetime as dt
import resource
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

import pandas as pd  # noqa: E402

from benchmarks.fake_sources import EMAIL, PASSWORD, FakeApis, acled_row  # noqa: E402
from geo import DEFAULT_ROOT, load_dataset  # noqa: E402
from geo.gazetteer import Gazetteer  # noqa: E402
from geo.sync import SOURCES, Store, run_sync, synced_import  # noqa: E402


def synthetic_rows(count: int) -> list[dict]:
    """``count`` rows over 2012-2026 (5,000 days), with distinct ids and timestamps."""
    start = dt.date(2012, 1, 1)
    return [
        acled_row(i, start + dt.timedelta(days=i * 5000 // count), timestamp=1_700_000_000 + i) for i in range(count)
    ]


def record_with(events: pd.DataFrame, actors: pd.DataFrame, folder: Path) -> Path:
    """A copy of the bundled record whose events are the bundled ones and the synced ones (as the map
    shows them with the source switch on "both")."""
    if folder.exists():
        shutil.rmtree(folder)
    shutil.copytree(DEFAULT_ROOT, folder)
    bundled = pd.read_csv(folder / "events.csv", dtype=str, keep_default_na=False)
    # The record's files take lower-case ids (ACLED's are upper case; the upload path keeps them as they are).
    synced = events.assign(date=events["date"].dt.strftime("%Y-%m-%d"), event_id=events["event_id"].str.lower())
    synced = synced.astype(object).fillna("")
    # Columns the record has and imported events lack (its French notes) stay empty.
    synced = synced.reindex(columns=bundled.columns, fill_value="")
    pd.concat([bundled, synced], ignore_index=True).to_csv(folder / "events.csv", index=False)
    known = pd.read_csv(folder / "actors.csv", dtype=str, keep_default_na=False)
    new = actors[~actors["actor_id"].isin(known["actor_id"])]
    extra = pd.DataFrame(
        {
            "actor_id": new["actor_id"],
            "name": new["name"],
            "full_name": new["full_name"],
            "family": new["family"],
            "description": "Named in the synced ACLED rows (benchmark).",
            "source_ids": "upload_acled",
        }
    ).reindex(columns=known.columns, fill_value="")
    pd.concat([known, extra], ignore_index=True).to_csv(folder / "actors.csv", index=False)
    sources = pd.read_csv(folder / "sources.csv", dtype=str, keep_default_na=False)
    row = {c: "" for c in sources.columns} | {
        "source_id": "upload_acled",
        "title": "Synthetic ACLED rows (benchmark)",
        "publisher": "benchmark",
        "accessed": f"{dt.date.today():%Y-%m-%d}",
    }
    pd.concat([sources, pd.DataFrame([row])], ignore_index=True).to_csv(folder / "sources.csv", index=False)
    return folder


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--events", type=int, default=100_000)
    parser.add_argument("--no-browser", action="store_true")
    parser.add_argument("--no-apptest", action="store_true")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="mali-sync-bench-"))
    places = load_dataset(DEFAULT_ROOT).places
    gazetteer = Gazetteer.from_files(places, DEFAULT_ROOT / "gazetteer.csv")
    rows = synthetic_rows(args.events)
    ticks: list[tuple[float, int]] = []
    with FakeApis(rows) as fake:
        store = Store(work / "sync.sqlite3")
        started = time.perf_counter()
        report = run_sync(
            SOURCES["acled"],
            {"email": EMAIL, "password": PASSWORD},
            store,
            base_url=fake.url,
            gazetteer=gazetteer,
            progress=lambda done, total, what: ticks.append((time.perf_counter() - started, done)),
        )
        first = time.perf_counter() - started
        started = time.perf_counter()
        again = run_sync(SOURCES["acled"], {"email": EMAIL, "password": PASSWORD}, store, base_url=fake.url)
        incremental = time.perf_counter() - started
    started = time.perf_counter()
    result = synced_import(store, SOURCES["acled"])
    load = time.perf_counter() - started
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(
        f"first sync: {report.summary} in {first:.1f} s ({report.fetched / first:,.0f} rows/s); peak RSS {peak:.0f} MB"
    )
    print(f"progress callbacks: {len(ticks)} (first after {ticks[0][0]:.1f} s)" if ticks else "no progress callback")
    print(f"next sync (nothing new): {again.summary} in {incremental:.1f} s")
    print(f"store -> map events: {len(result.events):,} in {load:.1f} s; store file {store.path}")
    store.close()
    folder = record_with(result.events, result.actors, work / "record")
    from benchmarks import map_benchmark

    if not args.no_apptest:
        rerun = map_benchmark.apptest_rerun(folder)
        print(f"map page with bundled + synced events: full rerun after a date move (AppTest), median {rerun:.2f} s")
    if not args.no_browser:
        # A day's move changes counts inside clusters of the synced events' many locations,
        # not the markers in view: move a tenth of the record.
        moves = map_benchmark.browser_update(folder, "2016-03-01", keys=("PageUp", "PageDown"))
        print(
            f"browser, bundled + {len(result.events):,} synced events: key -> map updated, median "
            f"{statistics.median(moves):.2f} s ({', '.join(f'{x:.2f}' for x in moves)})"
        )


if __name__ == "__main__":
    main()
