"""``python -m geo.importers FILE [--out events.csv]``: import a file, print the summary and rejected rows."""

from __future__ import annotations

import argparse
import sys

from geo import DEFAULT_ROOT, DataError
from geo.dataset import load_places
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
    try:  # the gazetteer needs only the places: the rest of the record is not read
        places = load_places(DEFAULT_ROOT)
    except DataError as err:
        print(f"The bundled places in {DEFAULT_ROOT} have problems; run python -m geo check.\n{err}")
        return 1
    gazetteer = Gazetteer.from_files(places, DEFAULT_ROOT / "gazetteer.csv")
    try:
        result = read_events(args.file, args.format, gazetteer=gazetteer)
    except ImportFailure as err:
        print(f"Cannot import {printable(args.file)}: {printable(err)}")
        return 1
    print(printable(result.summary))
    for warning in result.warnings:
        print(f"  warning: {printable(warning)}")
    if len(result.rejected):
        print("Rejected rows:")
        for row in result.rejected.itertuples(index=False):
            print(f"  row {row.row}: {printable(row.reason)}")
    events = result.events.assign(date=result.events["date"].dt.strftime("%Y-%m-%d"))
    for path, frame, what in ((args.out, events, "events"), (args.rejected, result.rejected, "rejected rows")):
        if path is None:
            continue
        try:
            with open(path, "wb") as handle:
                handle.write(to_safe_csv(frame))
        except OSError as err:
            print(f"Cannot write {printable(path)}: {err.strerror or err}")
            return 1
        print(f"{len(frame)} {what} written to {printable(path)}")
    return 0


#: Control characters (C0, DEL, C1) shown as escapes: a file's text must not move the cursor,
#: clear the terminal or start an escape sequence when printed.
_CONTROLS = {code: f"\\x{code:02x}" for code in (*range(0x20), *range(0x7F, 0xA0))}


def printable(text: object) -> str:
    """Text from a file as a terminal should show it: control characters escaped."""
    return str(text).translate(_CONTROLS)


if __name__ == "__main__":
    sys.exit(main())
