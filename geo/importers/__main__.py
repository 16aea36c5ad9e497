"""``python -m geo.importers FILE [--out events.csv]``: import a file, print the summary and rejected rows."""

from __future__ import annotations

import argparse
import sys

from geo import DEFAULT_ROOT, load_dataset
from geo.export import to_safe_csv
from geo.gazetteer import Gazetteer
from geo.importers import FORMATS, ImportFailure, read_events


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m geo.importers", description="Import an ACLED, UCDP GED or project events file (CSV or XLSX)."
    )
    parser.add_argument("file")
    parser.add_argument("--format", default="auto", choices=["auto", *FORMATS])
    parser.add_argument("--out", help="write the imported events here, in the project's events.csv schema")
    parser.add_argument("--rejected", help="write the rejected rows (row, reason) here")
    args = parser.parse_args(argv)
    places = load_dataset(DEFAULT_ROOT).places
    gazetteer = Gazetteer.from_files(places, DEFAULT_ROOT / "gazetteer.csv")
    try:
        result = read_events(args.file, args.format, gazetteer=gazetteer)
    except ImportFailure as err:
        print(f"Cannot import {args.file}: {err}")
        return 1
    print(result.summary)
    for warning in result.warnings:
        print(f"  warning: {warning}")
    if len(result.rejected):
        print("Rejected rows:")
        for row in result.rejected.itertuples(index=False):
            print(f"  row {row.row}: {row.reason}")
    if args.out:
        events = result.events.assign(date=result.events["date"].dt.strftime("%Y-%m-%d"))
        with open(args.out, "wb") as handle:
            handle.write(to_safe_csv(events))
        print(f"{len(result.events)} events written to {args.out}")
    if args.rejected:
        with open(args.rejected, "wb") as handle:
            handle.write(to_safe_csv(result.rejected))
    return 0


if __name__ == "__main__":
    sys.exit(main())
