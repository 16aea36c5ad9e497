"""Command line for whoever edits the CSVs or briefs from them.

``python -m geo check [DIR]`` validates the record; ``python -m geo brief --date 2025-10-15
--window 90 --lang fr --out brief.pdf [--png map.png]`` writes the one-page briefing of a view.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from urllib.parse import urlencode

from geo.dataset import DEFAULT_ROOT, load_dataset
from geo.i18n import LANGUAGES
from geo.problems import DataError
from geo.tours import load_tours
from geo.view import View, view_to_params

#: Where the briefing's link points unless told otherwise (the app's address when run locally).
DEFAULT_APP_URL = "http://localhost:8501/"


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date in the form YYYY-MM-DD: {text!r}") from None


def _window(text: str) -> int:
    if text == "all":
        return 0
    if text.isascii() and text.isdigit() and 1 <= int(text) <= 36_500:
        return int(text)
    raise argparse.ArgumentTypeError(f"a number of days (1 to 36500) or 'all', not {text!r}")


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m geo", description="Tools for the Mali conflict map record.")
    commands = parser.add_subparsers(dest="command", required=True)
    check = commands.add_parser("check", help="validate the CSV tables and print every problem")
    check.add_argument(
        "directory", nargs="?", default=str(DEFAULT_ROOT), help="folder with the tables (default: data/)"
    )
    brief = commands.add_parser("brief", help="write the one-page briefing (PDF, and a PNG of the map) of a view")
    brief.add_argument("--date", type=_date, help="the view's date, YYYY-MM-DD (default: the record's as-of date)")
    brief.add_argument("--window", type=_window, default=90, help="days up to the date, or 'all' (default 90)")
    brief.add_argument("--lang", choices=sorted(LANGUAGES), default="en", help="language of the page")
    brief.add_argument("--out", help="PDF file to write")
    brief.add_argument("--png", help="PNG file to write with the map image")
    brief.add_argument(
        "--url", default=DEFAULT_APP_URL, help=f"the app's address for the link (default {DEFAULT_APP_URL})"
    )
    brief.add_argument("--data", default=str(DEFAULT_ROOT), help="folder with the tables (default: data/)")
    return parser


def _brief(args, dataset) -> int:
    from geo.boundaries import load_regions
    from geo.brief import briefing, briefing_pdf, map_png

    if not args.out and not args.png:
        print("brief: say where to write it: --out brief.pdf and/or --png map.png")
        return 2
    date = args.date or dataset.as_of.date()
    first, last = dataset.first_date.date(), dataset.as_of.date()
    if not first <= date <= last:
        print(f"brief: --date {date} is outside the record ({first} to {last})")
        return 2
    view = View(date=date, window=args.window, lang=args.lang)
    link = f"{args.url.split('?')[0]}?{urlencode({**view_to_params(view), 'lang': args.lang})}"
    page = briefing(dataset, view, args.lang, link, dt.date.today())
    regions = load_regions()
    try:
        if args.out:
            with open(args.out, "wb") as out:
                out.write(briefing_pdf(page, regions))
            print(f"wrote {args.out}")
        if args.png:
            with open(args.png, "wb") as out:
                out.write(map_png(page, regions))
            print(f"wrote {args.png}")
    except OSError as err:
        print(f"brief: cannot write the file: {err.strerror or err}")
        return 1
    return 0


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    directory = args.directory if args.command == "check" else args.data
    try:
        dataset = load_dataset(directory)
    except DataError as err:
        print(err)
        return 1
    if args.command == "brief":
        return _brief(args, dataset)
    try:
        tours = load_tours(directory, dataset)
    except DataError as err:
        print(err)
        return 1
    chapters = sum(len(tour.chapters) for tour in tours.values())
    print(f"OK: {dataset.summary()}" + (f"; {len(tours)} tours, {chapters} chapters" if tours else ""))
    return 0


if __name__ == "__main__":
    sys.exit(main())
