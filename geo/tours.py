"""Tours: narrated walks through the record, read from ``tours.csv`` and ``tour_chapters.csv``.

Each chapter is a view of the map (date, window, layers, actors, focus, zoom, ringed places)
and a caption that cites its sources. Tours are data, so an editor adds one without touching
code; :func:`load_tours` checks them against the record (every place, actor and source exists,
dates inside the record, chapters numbered 1, 2, 3 ...) and reports every problem with file,
row and column, like the record's own check.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from geo.dataset import Dataset, read_tables
from geo.problems import DataError, Problem, spreadsheet_row
from geo.schema import LIST_SEP, TOUR_TABLES, split_list
from geo.validation import table_problems
from geo.view import DEFAULT_OVERLAYS, OVERLAYS, View


@dataclass(frozen=True)
class Chapter:
    """One chapter: where the map goes and what the caption says."""

    number: int
    date: dt.date
    window: int
    layers: tuple[str, ...]
    actors: tuple[str, ...]
    focus: str | None
    zoom: int | None
    highlight: tuple[str, ...]
    title: dict[str, str]
    caption: dict[str, str]
    source_ids: tuple[str, ...]

    def view(self, lang: str) -> View:
        """The map view of this chapter, in ``lang``."""
        return View(
            date=self.date,
            window=self.window,
            actors=self.actors,
            overlays=self.layers or DEFAULT_OVERLAYS,
            place=self.focus,
            lang=lang,
        )


@dataclass(frozen=True)
class Tour:
    """A tour and its chapters, in reading order."""

    tour_id: str
    title: dict[str, str]
    summary: dict[str, str]
    chapters: tuple[Chapter, ...]


def _text(row, column: str) -> dict[str, str]:
    return {"en": getattr(row, column), "fr": getattr(row, f"{column}_fr")}


def load_tours(root: str | Path, dataset: Dataset) -> dict[str, Tour]:
    """The tours in ``root`` (empty when the folder has no tours.csv), checked against ``dataset``;
    raise DataError listing every problem."""
    root = Path(root)
    if not (root / TOUR_TABLES["tours"].file).exists():
        return {}
    frames, problems = read_tables(root, TOUR_TABLES)
    for name, frame in frames.items():
        problems += table_problems(TOUR_TABLES[name], frame)
    if len(frames) == len(TOUR_TABLES):
        problems += _reference_problems(frames["tours"], frames["tour_chapters"], dataset)
    if problems:
        raise DataError(problems)
    return _tours(frames["tours"], frames["tour_chapters"])


def _reference_problems(tours: pd.DataFrame, chapters: pd.DataFrame, dataset: Dataset) -> list[Problem]:
    file = TOUR_TABLES["tour_chapters"].file
    known = {
        "tour_id": (set(tours["tour_id"].dropna()), "tour", "tours.csv"),
        "focus_place_id": (set(dataset.places["place_id"]), "place", "places.csv"),
        "highlight": (set(dataset.places["place_id"]), "place", "places.csv"),
        "actors": (set(dataset.actors["actor_id"]), "actor", "actors.csv"),
        "source_ids": (set(dataset.sources["source_id"]), "source", "sources.csv"),
        "layers": (set(OVERLAYS), "layer", f"the layers ({', '.join(OVERLAYS)})"),
    }
    first, last = dataset.first_date, dataset.as_of
    problems = []
    for index, row in chapters.iterrows():
        line = spreadsheet_row(index)
        for column, (ids, noun, where) in known.items():
            for value in split_list(row[column]):
                if value not in ids:
                    problems.append(Problem(file, line, column, f"{noun} {value!r} is not in {where}"))
        date = row["date"]
        if pd.notna(date) and not first <= date <= last:
            problems.append(
                Problem(
                    file, line, "date", f"{date:%Y-%m-%d} is outside the record ({first:%Y-%m-%d} to {last:%Y-%m-%d})"
                )
            )
        if pd.notna(row["zoom"]) and pd.isna(row["focus_place_id"]):
            problems.append(Problem(file, line, "zoom", "a zoom needs a focus_place_id to centre on"))
    for tour_id, numbers in chapters.groupby("tour_id")["chapter"]:
        expected = list(range(1, len(numbers) + 1))
        if sorted(numbers.dropna().astype(int)) != expected:
            row = spreadsheet_row(numbers.index[0])
            problems.append(
                Problem(
                    file, row, "chapter", f"tour {tour_id!r} must number its chapters 1 to {len(numbers)}, once each"
                )
            )
    for index, tour_id in tours["tour_id"].items():
        if tour_id not in set(chapters["tour_id"]):
            problems.append(
                Problem(
                    TOUR_TABLES["tours"].file, spreadsheet_row(index), "tour_id", f"tour {tour_id!r} has no chapter"
                )
            )
    return problems


def _tours(tours: pd.DataFrame, chapters: pd.DataFrame) -> dict[str, Tour]:
    result = {}
    for tour in tours.itertuples(index=False):
        rows = chapters[chapters["tour_id"] == tour.tour_id].sort_values("chapter")
        result[tour.tour_id] = Tour(
            tour_id=tour.tour_id,
            title=_text(tour, "title"),
            summary=_text(tour, "summary"),
            chapters=tuple(
                Chapter(
                    number=int(row.chapter),
                    date=row.date.date(),
                    window=int(row.window),
                    layers=tuple(o for o in OVERLAYS if o in split_list(row.layers)),
                    actors=tuple(split_list(row.actors)),
                    focus=row.focus_place_id if isinstance(row.focus_place_id, str) else None,
                    zoom=None if pd.isna(row.zoom) else int(row.zoom),
                    highlight=tuple(split_list(row.highlight)),
                    title=_text(row, "title"),
                    caption=_text(row, "caption"),
                    source_ids=tuple(str(row.source_ids).split(LIST_SEP)),
                )
                for row in rows.itertuples(index=False)
            ),
        )
    return result
