"""Import time and peak memory for synthetic ACLED-format files (run by hand, not a test).

Each size runs in a fresh process so that its peak resident memory is its own.

    .venv/bin/python benchmarks/import_benchmark.py [--sizes 100000,1000000] [--lift-limits]

Each file is imported twice: as the command line does (from its path) and as the app does
(the upload's bytes in memory, then joined to the bundled record). --lift-limits measures
files over the importer's size and row limits too.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
ACTORS = [
    "JNIM: Group for Support of Islam and Muslims",
    "Military Forces of Mali (2021-)",
    "Islamic State (Sahel)",
    "Wagner Group",
    "Civilians (Mali)",
    "Unidentified Armed Group (Mali)",
    "Dozo Communal Militia (Mali)",
    "FLA: Azawad Liberation Front",
]
TYPES = [
    ("Battles", "Armed clash"),
    ("Violence against civilians", "Attack"),
    ("Explosions/Remote violence", "Remote explosive/landmine/IED"),
    ("Strategic developments", "Agreement"),
]


def write_acled(count: int, path: Path, seed: int = 3) -> None:
    """``count`` invented rows in ACLED's export layout (not ACLED data)."""
    rng = np.random.default_rng(seed)
    days = pd.Timestamp("2012-01-01") + pd.to_timedelta(rng.integers(0, 5000, count), unit="D")
    kinds = rng.integers(0, len(TYPES), count)
    frame = pd.DataFrame(
        {
            "event_id_cnty": [f"MLI{i}" for i in range(count)],
            "event_date": days.strftime("%d %B %Y"),
            "year": days.year,
            "time_precision": rng.choice(["1", "2", "3"], count, p=[0.8, 0.15, 0.05]),
            "event_type": [TYPES[k][0] for k in kinds],
            "sub_event_type": [TYPES[k][1] for k in kinds],
            "actor1": rng.choice(ACTORS, count),
            "assoc_actor_1": "",
            "inter1": "2",
            "actor2": rng.choice(ACTORS, count),
            "assoc_actor_2": "",
            "inter2": "1",
            "interaction": "12",
            "region": "Western Africa",
            "country": "Mali",
            "admin1": "Mopti",
            "admin2": "",
            "admin3": "",
            "location": "Mopti",
            "latitude": rng.uniform(11, 20, count).round(4),
            "longitude": rng.uniform(-11, 3.5, count).round(4),
            "geo_precision": rng.choice(["1", "2", "3"], count),
            "source": "Synthetic",
            "source_scale": "National",
            "notes": "Synthetic event for benchmarking.",
            "fatalities": rng.integers(0, 20, count),
            "timestamp": "1700000000",
            "iso3": "MLI",
        }
    )
    frame.to_csv(path, index=False)


def peak_mib() -> float:
    """This process's peak resident memory in MiB (Linux VmHWM: unlike ru_maxrss, it does not
    carry the parent's peak over a fork and exec)."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    raise RuntimeError("no VmHWM in /proc/self/status (Linux only)")


def measure(path: str, app: bool = False, lift_limits: bool = False) -> dict:
    """Import ``path`` as the command line does (a path), or as the app does (``app``: the
    upload's bytes in memory, a progress callback, then the upload joined to the bundled record)."""
    import io

    from geo import DEFAULT_ROOT, load_dataset
    from geo.gazetteer import Gazetteer
    from geo.importers import combine, read_events, reading

    if lift_limits:  # to measure what a file over the limits would cost
        reading.MAX_FILE_BYTES = reading.MAX_ROWS = 1 << 40
    dataset = load_dataset(DEFAULT_ROOT)
    gazetteer = Gazetteer.from_files(dataset.places, DEFAULT_ROOT / "gazetteer.csv")
    before = peak_mib()
    start = time.perf_counter()
    if app:
        upload = io.BytesIO(Path(path).read_bytes())
        upload.name = Path(path).name
        result = read_events(upload, gazetteer=gazetteer, progress=lambda done, total: None)
        combine(dataset, result)
    else:
        result = read_events(path, gazetteer=gazetteer)
    seconds = time.perf_counter() - start
    peak = peak_mib()
    return {
        "seconds": seconds,
        "peak_mib": peak,
        "added_mib": peak - before,
        "imported": len(result.events),
        "rejected": len(result.rejected),
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", default="100000,1000000")
    parser.add_argument("--measure")
    parser.add_argument("--app", action="store_true", help="measure: as the app imports (bytes, then combined)")
    parser.add_argument("--lift-limits", action="store_true", help="measure files over the size and row limits")
    args = parser.parse_args()
    if args.measure:
        print(json.dumps(measure(args.measure, args.app, args.lift_limits)))
        return
    work = Path(tempfile.mkdtemp(prefix="mali-import-"))
    print(
        "| rows | file size | as | import time | peak memory (whole process) | added by the import |"
        " imported | rejected |"
    )
    print("|---|---|---|---|---|---|---|---|")
    for size in [int(s) for s in args.sizes.split(",")]:
        path = work / f"acled-{size}.csv"
        write_acled(size, path)
        for how in ("command line", "app"):
            command = [sys.executable, __file__, "--measure", str(path)]
            command += ["--app"] if how == "app" else []
            command += ["--lift-limits"] if args.lift_limits else []
            done = subprocess.run(command, cwd=REPO, capture_output=True, text=True)
            if done.returncode:
                print(
                    f"| {size:,} | {path.stat().st_size / 1e6:.0f} MB | {how} | failed: "
                    f"{done.stderr.strip().splitlines()[-1][:150]} |||||",
                    flush=True,
                )
                continue
            figures = json.loads(done.stdout.strip().splitlines()[-1])
            print(
                f"| {size:,} | {path.stat().st_size / 1e6:.0f} MB | {how} | {figures['seconds']:.1f} s | "
                f"{figures['peak_mib']:.0f} MiB | {figures['added_mib']:.0f} MiB | {figures['imported']:,} | "
                f"{figures['rejected']:,} |",
                flush=True,
            )


if __name__ == "__main__":
    main()
