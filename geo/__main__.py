"""Command line: ``python -m geo check [DIR]`` for whoever edits the CSVs; ``python -m geo sync
acled|ucdp`` to fetch the latest events with your own access (geo.sync.cli)."""

from __future__ import annotations

import argparse
import sys

from geo.dataset import DEFAULT_ROOT, load_dataset
from geo.problems import DataError
from geo.sync import cli as sync_cli


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m geo", description="Tools for the Mali conflict map record.")
    commands = parser.add_subparsers(dest="command", required=True)
    check = commands.add_parser("check", help="validate the CSV tables and print every problem")
    check.add_argument(
        "directory", nargs="?", default=str(DEFAULT_ROOT), help="folder with the tables (default: data/)"
    )
    sync_cli.add_parser(commands)
    args = parser.parse_args(argv)
    if args.command == "sync":
        return sync_cli.main(args)

    try:
        dataset = load_dataset(args.directory)
    except DataError as err:
        print(err)
        return 1
    print(f"OK: {dataset.summary()}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
