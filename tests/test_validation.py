"""The data-integrity suite: each class of error, planted in a copy of the bundled record,
is reported with its file, spreadsheet row and column, and all are reported in one pass."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest

from geo import DataError, load_dataset


def read(folder: Path, table: str) -> pd.DataFrame:
    return pd.read_csv(folder / f"{table}.csv", dtype=str, keep_default_na=False)


def write(folder: Path, table: str, frame: pd.DataFrame) -> None:
    frame.to_csv(folder / f"{table}.csv", index=False)


def set_cell(folder: Path, table: str, index: int, column: str, value: str) -> int:
    """Change one cell; return the spreadsheet row number of the changed row."""
    frame = read(folder, table)
    frame.loc[index, column] = value
    write(folder, table, frame)
    return index + 2


def problems_of(folder: Path) -> list:
    with pytest.raises(DataError) as caught:
        load_dataset(folder)
    return caught.value.problems


def assert_reported(problems, file, row, column, *words):
    matching = [p for p in problems if p.file == file and p.row == row and p.column == column]
    assert matching, f"no problem for {file} row {row} column {column} in:\n" + "\n".join(map(str, problems))
    text = " ".join(p.message for p in matching).lower()
    for word in words:
        assert word.lower() in text, f"{word!r} not in {text!r}"


def test_bundled_record_is_clean(bundled):
    assert len(bundled.control) > 0 and len(bundled.events) > 0


@pytest.mark.parametrize(
    ("table", "column", "value", "words"),
    [
        ("events", "date", "2013-13-01", ["not a date"]),
        ("events", "date", "28/01/2013", ["not a date"]),
        ("events", "fatalities_low", "many", ["whole number"]),
        ("places", "lat", "north", ["not a number"]),
        ("events", "event_type", "skirmish", ["not one of", "attack"]),
        ("control", "status", "held", ["not one of", "besieged"]),
        ("control", "confidence", "certain", ["not one of"]),
        ("actors", "family", "rebels", ["not one of", "separatist"]),
        ("events", "date_precision", "year", ["not one of"]),
        ("places", "kind", "city", ["not one of"]),
        ("events", "source_ids", "", ["empty"]),
        ("control", "source_ids", "", ["empty"]),
        ("events", "description", "", ["empty"]),
        ("places", "place_id", "Gao Town", ["lowercase"]),
        ("sources", "url", "www.example.org", ["http"]),
        ("sources", "published", "July 2012", ["yyyy"]),
        ("events", "fatalities_high", "-3", [">= 0"]),
    ],
)
def test_bad_cell_is_reported_with_row_and_column(data_copy, table, column, value, words):
    row = set_cell(data_copy, table, 1, column, value)
    assert_reported(problems_of(data_copy), f"{table}.csv", row, column, *words)


def test_missing_and_unknown_columns(data_copy):
    frame = read(data_copy, "events").drop(columns=["confidence"]).assign(casualties="")
    write(data_copy, "events", frame)
    problems = problems_of(data_copy)
    assert_reported(problems, "events.csv", None, "confidence", "missing")
    assert_reported(problems, "events.csv", None, "casualties", "unknown column")


def test_duplicate_ids(data_copy):
    frame = read(data_copy, "sources")
    row = set_cell(data_copy, "sources", 2, "source_id", frame.loc[0, "source_id"])
    problems = problems_of(data_copy)
    assert any(
        p.file == "sources.csv" and p.column == "source_id" and "more than once" in p.message for p in problems
    ), problems
    assert row == 4


@pytest.mark.parametrize(
    ("table", "column", "value", "noun"),
    [
        ("control", "place_id", "atlantis", "place"),
        ("control", "actor_id", "nobody", "actor"),
        ("control", "allies", "fama|nobody", "actor"),
        ("events", "source_ids", "no_such_source", "source"),
        ("events", "actor_id", "nobody", "actor"),
        ("events", "place_id", "atlantis", "place"),
        ("actors", "successor_of", "nobody", "actor"),
    ],
)
def test_unresolved_references(data_copy, table, column, value, noun):
    row = set_cell(data_copy, table, 0, column, value)
    assert_reported(problems_of(data_copy), f"{table}.csv", row, column, f"{noun} ", "not in")


def test_coordinates_outside_mali(data_copy):
    places = read(data_copy, "places")
    lat, lon = places.loc[0, "lat"], places.loc[0, "lon"]
    places.loc[0, ["lat", "lon"]] = [lon, lat]  # swapped: no Mali longitude is a Mali latitude
    places.loc[1, ["lat", "lon"]] = ["48.85", "2.35"]  # Paris
    write(data_copy, "places", places)
    problems = problems_of(data_copy)
    assert_reported(problems, "places.csv", 2, "lat", "outside mali", "swapped")
    assert_reported(problems, "places.csv", 3, "lat", "outside mali")


def test_period_ending_before_it_starts(data_copy):
    control = read(data_copy, "control")
    index = control.index[control["end"] != ""][0]
    row = set_cell(data_copy, "control", index, "start", "2030-01-01")
    problems = problems_of(data_copy)
    assert_reported(problems, "control.csv", row, "end", "before it starts")
    assert_reported(problems, "control.csv", row, "start", "after the dataset's as-of date")


def test_overlapping_periods(data_copy):
    control = read(data_copy, "control")
    gao = control[control["place_id"] == "gao"].sort_values("start")
    second = gao.index[1]
    first_start = gao.iloc[0]["start"]
    set_cell(data_copy, "control", second, "start", first_start)
    problems = problems_of(data_copy)
    assert any(p.file == "control.csv" and "overlaps" in p.message and "gao" in p.message for p in problems)


def test_fatalities_low_above_high(data_copy):
    events = read(data_copy, "events")
    events.loc[0, ["fatalities_low", "fatalities_high"]] = ["10", "5"]
    write(data_copy, "events", events)
    assert_reported(problems_of(data_copy), "events.csv", 2, "fatalities_low", "greater than")


def test_dates_after_as_of(data_copy):
    meta = json.loads((data_copy / "dataset.json").read_text())
    meta["as_of"] = "2012-12-31"
    (data_copy / "dataset.json").write_text(json.dumps(meta))
    problems = problems_of(data_copy)
    assert any("after the dataset's as-of date 2012-12-31" in p.message and p.file == "events.csv" for p in problems)
    assert any("after the dataset's as-of date 2012-12-31" in p.message and p.file == "control.csv" for p in problems)


def test_month_precision_dates_are_first_of_month(data_copy):
    events = read(data_copy, "events")
    events.loc[0, ["date", "date_precision"]] = ["2012-03-15", "month"]
    write(data_copy, "events", events)
    assert_reported(problems_of(data_copy), "events.csv", 2, "date", "1st of the month")


def test_event_needs_a_place_or_coordinates(data_copy):
    events = read(data_copy, "events")
    events.loc[0, ["place_id", "lat", "lon", "geo_precision"]] = ["", "", "", ""]
    events.loc[1, ["lat", "lon", "geo_precision"]] = ["16.0", "", ""]
    write(data_copy, "events", events)
    problems = problems_of(data_copy)
    assert_reported(problems, "events.csv", 2, "place_id", "lat and lon")
    assert_reported(problems, "events.csv", 3, "geo_precision", "required")


def test_every_problem_in_one_pass(data_copy):
    set_cell(data_copy, "events", 0, "event_type", "skirmish")
    set_cell(data_copy, "control", 0, "actor_id", "nobody")
    set_cell(data_copy, "places", 0, "lat", "91")
    set_cell(data_copy, "sources", 0, "title", "")
    files = {p.file for p in problems_of(data_copy)}
    assert {"events.csv", "control.csv", "places.csv", "sources.csv"} <= files


def test_unreadable_files(data_copy):
    (data_copy / "actors.csv").write_bytes("actor_id,name\nfama,Forces arm\xe9es\n".encode("latin-1"))
    (data_copy / "sources.csv").unlink()
    (data_copy / "dataset.json").write_text("{}")
    problems = problems_of(data_copy)
    messages = {p.file: p.message for p in problems}
    assert "UTF-8" in messages["actors.csv"]
    assert "not found" in messages["sources.csv"]
    assert "as_of" in messages["dataset.json"]


def test_error_message_names_file_row_and_column(data_copy):
    row = set_cell(data_copy, "events", 3, "event_type", "skirmish")
    with pytest.raises(DataError) as caught:
        load_dataset(data_copy)
    assert f"events.csv, row {row}, column event_type: 'skirmish' is not one of" in str(caught.value)


@pytest.mark.parametrize(
    ("index", "value", "words"),
    [
        (1, "2012-03-30", ["outside the period", "2012-03-31 to 2012-06-26"]),  # the day before it starts
        (1, "2012-06-27", ["outside the period"]),  # the day after it ends
        (3, "2015-01-01", ["outside the period", "2014-12-31"]),  # an open period runs to the as-of date
        (1, "", ["empty"]),
        (1, "last week", ["not a date"]),
    ],
)
def test_last_confirmed_lies_within_its_period(tiny_dir, index, value, words):
    row = set_cell(tiny_dir, "control", index, "last_confirmed", value)
    assert_reported(problems_of(tiny_dir), "control.csv", row, "last_confirmed", *words)


def test_last_confirmed_on_the_first_or_the_last_day_is_valid(tiny_dir):
    set_cell(tiny_dir, "control", 1, "last_confirmed", "2012-03-31")
    set_cell(tiny_dir, "control", 3, "last_confirmed", "2014-12-31")
    loaded = load_dataset(tiny_dir).control.set_index(["place_id", "start"])["last_confirmed"]
    assert loaded[("gao", pd.Timestamp("2012-03-31"))] == pd.Timestamp("2012-03-31")
    assert loaded[("gao", pd.Timestamp("2013-01-26"))] == pd.Timestamp("2014-12-31")
