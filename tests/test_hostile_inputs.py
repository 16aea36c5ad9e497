"""Hostile input: links, data folders and exports built to crash or trick the app.

Every case here was found by an audit. The rules: bad input gets a clear message (a
notice, a listed problem), never a traceback; nothing is silently dropped.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import math
import re
import shutil
import subprocess
import sys
import tomllib
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import geo.__main__
from geo import DataError, load_dataset
from geo.export import neutralise, to_geojson, to_safe_csv
from geo.i18n import LANGUAGES
from geo.schema import EVENT_TYPES, FAMILIES, FIRST_DAY, LAST_DAY, TABLES, column_kind
from geo.view import BASES, MAX_PARAM, OVERLAYS, WINDOWS, Choices, View, view_from_params, view_to_params

from .conftest import DATA, REPO, TINY
from .test_cli import run_check

#: The bundled events.csv's field count and the spreadsheet line of a row appended to it
#: (the messages below name both; they change whenever the record grows).
with (DATA / "events.csv").open(encoding="utf-8", newline="") as _events:
    _EVENT_ROWS = list(csv.reader(_events))
_EVENT_FIELDS = len(_EVENT_ROWS[0])
_NEXT_EVENT_LINE = len(_EVENT_ROWS) + 1

# --- A. links ---------------------------------------------------------------------------

CHOICES = Choices(
    first=dt.date(2012, 1, 1),
    last=dt.date(2026, 6, 4),
    actors=frozenset({"jnim", "fama", "fla"}),
    regions=frozenset({"Kidal", "Gao", "Ségou"}),
    places=frozenset({"kidal", "gao"}),
)
PARAMS = ("date", "from", "window", "families", "types", "actors", "layers", "minfat", "region", "place", "actor")
PARAMS += ("base", "lang", "zoom", "center")

HOSTILE_VALUES = [
    "²",  # str.isdigit() is True, int() raises
    "³⁰",
    "٣٠",  # Arabic-Indic digits: int() accepts them, a link should not
    "９０",  # fullwidth digits
    "9" * 5000,  # int() of more than 4300 digits raises
    "1" + "0" * 100,
    "-0",
    "+30",
    " 30",
    "0000-01-01",  # year 0: pandas parses it, then date() raises
    "1600-01-01",
    "99999-01-01",
    "٢٠١٣-٠١-٢٨",
    "20130128  ",  # ten characters that pandas reads as a date
    "2013-02-30",
    "now",
    "NaT",
    "nan",
    "kıdal",
    "K\u0130dal",
    "\x00",
    "\ud800",  # a lone surrogate cannot even be encoded
    "\u202eladik",  # right-to-left override
    "😀" * 1000,
    "x" * 100_000,
    ",",
    "," * 10_000,
    "none,",
    "[Click](https://example.org)",
]


@pytest.mark.parametrize("name", PARAMS)
@pytest.mark.parametrize("value", HOSTILE_VALUES, ids=lambda v: repr(v[:12]) + f"x{len(v)}")
def test_a_hostile_parameter_falls_back_to_its_default_with_a_notice(name, value):
    view, notices = view_from_params({name: value}, CHOICES)
    assert view == View(date=CHOICES.last)
    assert [n.name for n in notices] == [name]
    assert len(notices[0].value) <= MAX_PARAM + 1
    notices[0].value.encode("utf-8")  # the notice can be shown


@pytest.mark.parametrize("name", PARAMS)
def test_a_repeated_parameter_takes_its_last_value(name):
    good = view_to_params(
        View(
            date=dt.date(2013, 1, 28),
            window=30,
            families=("jihadist",),
            actors=("fama",),
            event_types=("clash",),
            min_fatalities=5,
            region="Gao",
            base="dark",
            overlays=("events",),
            place="gao",
            lang="fr",
            start=dt.date(2013, 1, 1),
            actor="fla",
            zoom=7.5,
            center=(16.2667, -0.0333),
        )
    )
    value = good[name]
    alone, _ = view_from_params({name: value}, CHOICES)
    again, notices = view_from_params({name: ["²", "9" * 5000, value]}, CHOICES)
    assert notices == [] and again == alone
    again, notices = view_from_params({name: [value, "²"]}, CHOICES)
    assert [n.name for n in notices] == [name]


@pytest.mark.parametrize("value", [[], [None], None, 30, 3.5, ["30", ["90"]], b"30", object()])
def test_values_that_are_not_text_never_raise(value):
    view, notices = view_from_params({name: value for name in PARAMS}, CHOICES)
    assert CHOICES.first <= view.date <= CHOICES.last
    assert all(n.name in PARAMS for n in notices)


def test_a_long_notice_is_cut():
    _, notices = view_from_params({"place": "x" * 100_000}, CHOICES)
    assert notices[0].value == "x" * MAX_PARAM + "…"


def test_a_long_but_valid_list_of_actors_is_still_read():
    actors = frozenset(f"actor_with_a_rather_long_id_{i:03d}" for i in range(60))
    choices = Choices(first=CHOICES.first, last=CHOICES.last, actors=actors)
    view = View(date=CHOICES.last, actors=tuple(sorted(actors)))
    assert len(view_to_params(view)["actors"]) > MAX_PARAM
    assert view_from_params(view_to_params(view), choices) == (view, [])


def _valid(view: View, choices: Choices) -> None:
    assert choices.first <= view.date <= choices.last
    assert view.window in WINDOWS
    assert set(view.families) <= set(FAMILIES)
    assert set(view.actors) <= choices.actors
    assert set(view.event_types) <= set(EVENT_TYPES)
    assert set(view.overlays) <= set(OVERLAYS)
    assert isinstance(view.min_fatalities, int) and 0 <= view.min_fatalities <= 100_000
    assert view.region is None or view.region in choices.regions
    assert view.place is None or view.place in choices.places
    assert view.actor is None or view.actor in choices.actors
    assert view.base in BASES
    assert view.lang in LANGUAGES
    assert view.start is None or choices.first <= view.start <= view.date


texts = st.one_of(
    st.text(),
    st.text(alphabet=st.characters(categories=["Nd", "No"]), max_size=8),  # digits of every script
    st.sampled_from(HOSTILE_VALUES),
    st.builds(lambda y, m, d: f"{y:04d}-{m:02d}-{d:02d}", st.integers(0, 9999), st.integers(0, 13), st.integers(0, 32)),
    st.integers(-(10**30), 10**30).map(str),
    st.lists(st.sampled_from([*FAMILIES, *EVENT_TYPES, *OVERLAYS, "jnim", "x", "", " "])).map(",".join),
)
hostile_params = st.dictionaries(
    st.one_of(st.sampled_from(PARAMS), st.text(max_size=10)),
    st.one_of(texts, st.lists(texts, max_size=3)),
    max_size=len(PARAMS) + 3,
)


@settings(max_examples=400, suppress_health_check=[HealthCheck.too_slow])
@given(hostile_params)
def test_no_link_raises_and_every_view_read_is_valid(params):
    view, notices = view_from_params(params, CHOICES)
    _valid(view, CHOICES)
    assert {n.name for n in notices} <= set(params) & set(PARAMS)
    for notice in notices:
        assert len(notice.value) <= MAX_PARAM + 1
        notice.value.encode("utf-8")
    # What was read is a view a link can carry: it survives the round trip unchanged.
    assert view_from_params(view_to_params(view), CHOICES) == (view, [])


# --- B. data folders ----------------------------------------------------------------------


def _edit(table: str, row: int, column: str, value: str):
    """Corruption: set one cell of a copied table (row 0 is spreadsheet row 2)."""

    def corrupt(folder: Path) -> None:
        path = folder / f"{table}.csv"
        frame = pd.read_csv(path, dtype=str, keep_default_na=False)
        frame.loc[row, column] = value
        frame.to_csv(path, index=False)

    return corrupt


def _write(name: str, content: bytes | Callable[[bytes], bytes]):
    """Corruption: replace a file's bytes (or transform them)."""

    def corrupt(folder: Path) -> None:
        path = folder / name
        path.write_bytes(content(path.read_bytes()) if callable(content) else content)

    return corrupt


def _replace_by_folder(name: str):
    def corrupt(folder: Path) -> None:
        (folder / name).unlink()
        (folder / name).mkdir()

    return corrupt


def _remove(*names: str):
    def corrupt(folder: Path) -> None:
        for name in names:
            (folder / name).unlink()

    return corrupt


def _header_only(*names: str):
    return _write_each(names, lambda data: data.split(b"\n", 1)[0] + b"\n")


def _write_each(names, transform):
    def corrupt(folder: Path) -> None:
        for name in names:
            _write(name, transform)(folder)

    return corrupt


AS_OF = 'dataset.json, column as_of: needs an "as_of": "YYYY-MM-DD" entry with a real date'
YEARS = "is outside the years 1900 to 2199"

#: One corruption per case, and a line ``python -m geo check`` must print for it.
CORRUPTIONS = {
    # Numbers no int64 or float holds.
    "fatalities of 20 digits": (
        _edit("events", 0, "fatalities_low", "99999999999999999999"),
        "events.csv, row 2, column fatalities_low: '99999999999999999999' is too large",
    ),
    "fatalities of 5000 digits": (
        _edit("events", 1, "fatalities_high", "9" * 5000),
        "events.csv, row 3, column fatalities_high: '999999999999",
    ),
    "geonames id of 31 digits": (
        _edit("places", 0, "geonames_id", "1" + "0" * 30),
        "places.csv, row 2, column geonames_id: '1000000000000000000000000000000' is too large",
    ),
    "fatalities in Arabic-Indic digits": (
        _edit("events", 0, "fatalities_low", "١٢"),
        "events.csv, row 2, column fatalities_low: '١٢' is not a whole number",
    ),
    "fatalities as a superscript": (
        _edit("events", 0, "fatalities_low", "²"),
        "events.csv, row 2, column fatalities_low: '²' is not a whole number",
    ),
    "negative fatalities": (
        _edit("events", 0, "fatalities_low", "-5"),
        "events.csv, row 2, column fatalities_low: -5 must be >= 0",
    ),
    "latitude 1e400": (
        _edit("places", 0, "lat", "1e400"),
        "places.csv, row 2, column lat: '1e400' is too large to be a number",
    ),
    "longitude of 5000 digits": (
        _edit("places", 1, "lon", "1" * 5000),
        "places.csv, row 3, column lon: '111111111111",
    ),
    "latitude -inf": (_edit("places", 0, "lat", "-inf"), "places.csv, row 2, column lat: '-inf' is not a number"),
    "latitude NaN": (_edit("places", 0, "lat", "NaN"), "places.csv, row 2, column lat: 'NaN' is not a number"),
    # Dates no record of this war holds, or that cannot be printed.
    "control start in year 0": (
        _edit("control", 0, "start", "0000-01-01"),
        f"control.csv, row 2, column start: '0000-01-01' {YEARS}",
    ),
    "control start in 1600": (
        _edit("control", 0, "start", "1600-01-01"),
        f"control.csv, row 2, column start: '1600-01-01' {YEARS}",
    ),
    "control end in 9999": (
        _edit("control", 0, "end", "9999-12-31"),
        f"control.csv, row 2, column end: '9999-12-31' {YEARS}",
    ),
    "event in year 0": (
        _edit("events", 0, "date", "0000-01-01"),
        f"events.csv, row 2, column date: '0000-01-01' {YEARS}",
    ),
    "event in 1600": (
        _edit("events", 0, "date", "1600-01-01"),
        f"events.csv, row 2, column date: '1600-01-01' {YEARS}",
    ),
    "event in year 99999": (
        _edit("events", 0, "date", "99999-01-01"),
        "events.csv, row 2, column date: '99999-01-01' is not a date written YYYY-MM-DD",
    ),
    "event date in Arabic-Indic digits": (
        _edit("events", 0, "date", "٢٠١٢-٠١-١٧"),
        "events.csv, row 2, column date: '٢٠١٢-٠١-١٧' is not a date written YYYY-MM-DD",
    ),
    "source read in year 0": (
        _edit("sources", 0, "accessed", "0000-01-01"),
        f"sources.csv, row 2, column accessed: '0000-01-01' {YEARS}",
    ),
    "actor active from an Arabic-Indic year": (
        _edit("actors", 0, "active_from", "١٩٦٠"),
        "actors.csv, row 2, column active_from: '١٩٦٠' is not a date written YYYY, YYYY-MM or YYYY-MM-DD",
    ),
    # The as-of date.
    "as_of null": (_write("dataset.json", b'{"as_of": null}'), f"{AS_OF} (found null)"),
    "as_of empty": (_write("dataset.json", b'{"as_of": ""}'), f'{AS_OF} (found "")'),
    "as_of NaN": (_write("dataset.json", b'{"as_of": NaN}'), f"{AS_OF} (found NaN)"),
    "as_of a number": (_write("dataset.json", b'{"as_of": 0}'), f"{AS_OF} (found 0)"),
    "as_of a list": (_write("dataset.json", b'{"as_of": ["2026-06-04"]}'), f'{AS_OF} (found ["2026-06-04"])'),
    "as_of now": (_write("dataset.json", b'{"as_of": "now"}'), f'{AS_OF} (found "now")'),
    "as_of year 0": (_write("dataset.json", b'{"as_of": "0000-01-01"}'), f'{AS_OF} (found "0000-01-01")'),
    "as_of 1600": (
        _write("dataset.json", b'{"as_of": "1600-01-01"}'),
        f"dataset.json, column as_of: '1600-01-01' {YEARS}",
    ),
    "as_of missing": (_write("dataset.json", b'{"date": "2026-06-04"}'), f"{AS_OF} (no such entry)"),
    "dataset.json a list": (_write("dataset.json", b"[1, 2]"), f"{AS_OF} (no such entry)"),
    "dataset.json not JSON": (_write("dataset.json", b"{as_of: 2026}"), "dataset.json: is not valid JSON"),
    "dataset.json empty": (_write("dataset.json", b""), "dataset.json: is not valid JSON"),
    "dataset.json nested too deep": (
        _write("dataset.json", b"[" * 100_000 + b"]" * 100_000),
        "dataset.json: is not valid JSON",
    ),
    "dataset.json in Latin-1": (
        _write("dataset.json", '{"as_of": "2026-06-04", "n": "é"}'.encode("latin-1")),
        "dataset.json: not valid UTF-8",
    ),
    "dataset.json a folder": (_replace_by_folder("dataset.json"), "dataset.json: cannot be read"),
    "dataset.json missing": (_remove("dataset.json"), "dataset.json: file not found in"),
    # Whole files.
    "events in Latin-1": (
        _write("events.csv", lambda data: data.decode("utf-8").encode("latin-1", "replace")),
        "events.csv: not valid UTF-8 (invalid continuation byte at line 2",
    ),
    "events in UTF-16": (
        _write("events.csv", lambda data: data.decode("utf-8").encode("utf-16")),
        "events.csv: not valid UTF-8 (invalid start byte at line 1",
    ),
    "events binary": (_write("events.csv", bytes(range(256)) * 10), "events.csv: not valid UTF-8"),
    "events empty": (_write("events.csv", b""), "events.csv: is empty: it needs at least the header row"),
    "events blank lines": (_write("events.csv", b"\n\n \n"), "events.csv: is empty: it needs at least the header row"),
    "events a folder": (_replace_by_folder("events.csv"), "events.csv: is not a file"),
    "events missing": (_remove("events.csv"), "events.csv: file not found in"),
    "three tables missing": (_remove("events.csv", "control.csv", "sources.csv"), "sources.csv: file not found in"),
    "no control periods and no events": (
        _header_only("events.csv", "control.csv"),
        "events.csv: has no rows, nor has control.csv: there is nothing to map",
    ),
    "a row with too many fields": (
        _write("events.csv", lambda data: data + b"ev-x" + b",a" * 40 + b"\n"),
        "events.csv: cannot be read as CSV: Error tokenizing data. "
        f"C error: Expected {_EVENT_FIELDS} fields in line {_NEXT_EVENT_LINE}, saw 41",
    ),
    "a short row": (
        _write("events.csv", lambda data: data + b"ev-x,2012-01-01\n"),
        f"events.csv, row {_NEXT_EVENT_LINE}, column actor_id: is empty but required",
    ),
    "a column missing": (
        lambda folder: (
            pd.read_csv(folder / "events.csv", dtype=str, keep_default_na=False)
            .drop(columns=["date"])
            .to_csv(folder / "events.csv", index=False)
        ),
        "events.csv, column date: required column is missing",
    ),
    "a duplicated header": (
        _write("events.csv", lambda data: data.replace(b"source_ids,note", b"source_ids,lat", 1)),
        "events.csv, column note: required column is missing",
    ),
    "a NUL byte in an id": (
        _write("events.csv", lambda data: data.replace(b"ev-2012-01-17-menaka", b"ev-2012-01-17-men\x00aka", 1)),
        "events.csv, row 2, column event_id: 'ev-2012-01-17-men\\x00aka-mnla-attack' is not in the expected form",
    ),
}


@pytest.fixture(params=sorted(CORRUPTIONS))
def corrupted(request, data_copy) -> tuple[Path, str]:
    corrupt, expected = CORRUPTIONS[request.param]
    corrupt(data_copy)
    return data_copy, expected


def test_check_prints_the_problem_of_a_corrupted_folder_and_exits_1(corrupted, monkeypatch, capsys):
    """``python -m geo check`` in-process; load_dataset (the app's loader too) raises a DataError only."""
    folder, expected = corrupted
    raised = []

    def spy(root):
        try:
            return load_dataset(root)
        except BaseException as err:
            raised.append(err)
            raise  # anything but a DataError escapes main() and fails this test

    monkeypatch.setattr(geo.__main__, "load_dataset", spy)
    assert geo.__main__.main(["check", str(folder)]) == 1
    (error,) = raised
    assert isinstance(error, DataError)
    lines = [str(problem) for problem in error.problems]
    assert any(line.startswith(expected) for line in lines), "\n".join(lines)
    assert all(len(line) < 400 for line in lines), "a cell is quoted whole in a message"
    assert capsys.readouterr().out == str(error) + "\n"


def test_a_utf8_byte_order_mark_is_not_part_of_the_header(data_copy):
    _write("events.csv", lambda data: b"\xef\xbb\xbf" + data)(data_copy)
    assert len(load_dataset(data_copy).events) == len(load_dataset(DATA).events)


@pytest.mark.parametrize("empty", ["events.csv", "control.csv"])
def test_one_empty_table_still_gives_the_record_a_first_date(data_copy, empty):
    _header_only(empty)(data_copy)
    _header_only("claims.csv")(data_copy)  # the claims name events and control periods
    _header_only("route_events.csv")(data_copy)  # so do the attacks on roads name events
    dataset = load_dataset(data_copy)
    assert pd.notna(dataset.first_date)
    other = dataset.events["date"] if empty == "control.csv" else dataset.control["start"]
    assert dataset.first_date == other.min()


def test_a_record_with_no_dates_starts_at_its_as_of_date(tiny):
    from dataclasses import replace

    empty = replace(tiny, control=tiny.control.iloc[:0], events=tiny.events.iloc[:0])
    assert empty.first_date == tiny.as_of


def test_check_on_a_file_instead_of_a_folder(tmp_path):
    result = run_check(str(DATA / "places.csv"))
    assert result.returncode == 1
    assert result.stdout.splitlines() == [
        "1 problem in the data:",
        f"  {DATA / 'places.csv'}: is a file; give the folder that holds the tables",
    ]
    assert result.stderr == ""


@pytest.mark.parametrize(
    "where",
    ["a" * 5000, "a/" * 2100],
    ids=["name too long", "path too long"],
)
def test_check_on_a_path_that_cannot_be_a_folder(tmp_path, where):
    result = run_check(str(tmp_path / where))
    assert result.returncode == 1
    assert result.stdout.startswith(("1 problem in the data:", "6 problems in the data:")), result.stdout
    assert result.stderr == ""


def test_check_prints_no_traceback_for_a_huge_number(data_copy):
    _edit("events", 0, "fatalities_low", "99999999999999999999")(data_copy)
    result = run_check(str(data_copy))
    assert result.returncode == 1
    assert result.stdout.splitlines()[0] == "1 problem in the data:"
    assert result.stderr == ""


HOSTILE_CELLS = ["", " ", "²", "١٢", "9" * 25, "1e400", "-inf", "nan", "0000-01-01", "1600-01-01", "\x00", "'", "=1+1"]
CELLS = st.one_of(
    st.sampled_from(HOSTILE_CELLS),
    st.integers(-(10**25), 10**25).map(str),
    st.floats(allow_nan=True, allow_infinity=True).map(repr),
    st.dates().map(str),
    st.text(max_size=30),
)


#: Every (table, column) of the record; the typed ones (numbers, dates) twice as likely.
TYPED = [(t, c) for t in TABLES for c, col in TABLES[t].columns.items() if column_kind(col) != "str"]
ANY = [(t, c) for t in TABLES for c in TABLES[t].columns]


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(where=st.sampled_from(TYPED) | st.sampled_from(ANY), data=st.data())
def test_any_cell_anywhere_gives_a_record_or_a_data_error(tmp_path_factory, where, data):
    """Fuzz: one cell of the tiny record replaced by anything; loading never raises anything else."""
    table, column = where
    folder = tmp_path_factory.mktemp("fuzz") / "tiny"
    shutil.copytree(TINY, folder)
    path = folder / TABLES[table].file
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    rows[data.draw(st.integers(0, len(rows) - 1))][column] = data.draw(CELLS)
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(TABLES[table].columns))
        writer.writeheader()
        writer.writerows(rows)
    try:
        dataset = load_dataset(folder)
    except DataError as err:
        assert err.problems
    else:
        assert dataset.summary()
        dates = pd.concat([dataset.control["start"], dataset.control["end"], dataset.events["date"]]).dropna()
        assert dates.between(FIRST_DAY, LAST_DAY).all()
        assert FIRST_DAY <= dataset.first_date <= dataset.as_of


# --- C. exports -----------------------------------------------------------------------------

AUDIT_CELL = "Harmless note\r=cmd|' /C calc'!A0"


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        ("=1+1", "'=1+1"),
        ("+1", "'+1"),
        ("-2+3", "'-2+3"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\t=1", "'\t=1"),
        ("\tplain", "'\tplain"),
        ("\r=1", "'\r'=1"),
        ("\rplain", "'\rplain"),
        (AUDIT_CELL, "Harmless note\r'=cmd|' /C calc'!A0"),
        ("a\n=1", "a\n'=1"),
        ("a\r\n@x", "a\r\n'@x"),
        ("a\n\n-1", "a\n\n'-1"),
        ("a\u2028=1", "a\u2028'=1"),  # a line separator
        ("a\x85+1", "a\x85'+1"),  # next line (NEL)
        ('"=1+1', "'\"=1+1"),
        (' "=1+1', "' \"=1+1"),
        (" =1", "' =1"),
        ("\u00a0=1", "'\u00a0=1"),  # no-break space
        ("ok\n  -1", "ok\n'  -1"),
        ("'=1", "'=1"),  # already neutral: a leading apostrophe makes it text
        ("Kidal", "Kidal"),
        ("a-b=c", "a-b=c"),
        ("2013-01-28", "2013-01-28"),
        ("", ""),
        ("\n", "\n"),
        ("line one\nline two", "line one\nline two"),
        (3, 3),
        (-5, -5),
        (-1.5, -1.5),
        (None, None),
    ],
)
def test_neutralise_truth_table(cell, expected):
    assert neutralise(cell) == expected
    assert neutralise(expected) == expected, "neutralising twice changes nothing"


def _runnable(cell: str) -> bool:
    """Would a spreadsheet run this cell, or one of its lines, as a formula?

    A cell starting with = + - @ tab or CR; a line starting with a tab; a line whose first
    character after spaces and double quotes (which some spreadsheets trim) is = + - @.
    """
    if cell.startswith(("=", "+", "-", "@", "\t", "\r")):
        return True
    for line in cell.splitlines():
        if line.startswith("\t"):
            return True
        while line and (line[0].isspace() or line[0] == '"'):
            line = line[1:]
        if line[:1] in ("=", "+", "-", "@"):
            return True
    return False


def _cells(data: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(data.decode("utf-8"), newline="")))


def test_the_audit_cell_is_quoted_and_neutralised_on_every_line():
    data = to_safe_csv(pd.DataFrame({"note": [AUDIT_CELL], "fatalities": [-5]}))
    assert b"\"Harmless note\r'=cmd" in data
    assert _cells(data) == [["note", "fatalities"], ["Harmless note\r'=cmd|' /C calc'!A0", "-5"]]
    # Only a quoted field may hold a line break: no physical line of the file starts a formula.
    assert not any(_runnable(line.decode()) for line in re.split(rb"\r\n|\r|\n", data))


def test_numbers_stay_unquoted_numbers_and_text_is_quoted():
    frame = pd.DataFrame(
        {
            "n": [-5, 3],
            "x": [-1.5, float("nan")],
            "low": pd.array([-2, None], dtype="Int64"),
            "text": pd.Series(["-5", None], dtype="str"),
            "mixed": [-7, "=1"],
            "date": pd.to_datetime(["2012-01-01", None]),
            "kind": pd.Categorical(["=x", "town"]),
        }
    )
    data = to_safe_csv(frame).decode()
    assert data.splitlines() == [
        '"n","x","low","text","mixed","date","kind"',
        '-5,-1.5,-2,"\'-5",-7,"2012-01-01","\'=x"',
        '3,"","","","\'=1","","town"',
    ]


def test_infinities_are_written_as_neutralised_text():
    data = to_safe_csv(pd.DataFrame({"lat": [float("inf"), float("-inf"), -1.0]})).decode()
    assert data.splitlines() == ['"lat"', '"inf"', '"\'-inf"', "-1.0"]


csv_cells = st.one_of(
    st.text(),
    st.lists(st.sampled_from(["=", "+", "-", "@", "\t", "\r", "\n", "\r\n", '"', "'", " ", "\u2028", "a", "1"])).map(
        "".join
    ),
    st.sampled_from([AUDIT_CELL, "=cmd|' /C calc'!A0", '=HYPERLINK("http://x")']),
)


@given(st.lists(csv_cells, min_size=1, max_size=5), st.lists(st.integers(-(10**6), 10**6), min_size=1, max_size=5))
def test_no_exported_cell_nor_any_line_of_one_starts_a_formula(texts, numbers):
    size = min(len(texts), len(numbers))
    frame = pd.DataFrame({"=text": texts[:size], "number": numbers[:size]})
    header, *rows = _cells(to_safe_csv(frame))
    assert header == ["'=text", "number"]
    assert len(rows) == size, "a line break inside a cell stays inside it"
    for (text, number), original in zip(rows, texts):
        assert not _runnable(text), repr(text)
        assert text.replace("'", "") == original.replace("'", ""), "only apostrophes are added"
        assert int(number) in numbers


def test_the_importer_writes_its_events_and_rejected_rows_safely(tmp_path):
    from .test_importers import ACLED_COLUMNS, acled_row

    rows = [
        acled_row(1, notes=AUDIT_CELL),
        acled_row(2, notes="-1+2\n@SUM(A1)"),
        acled_row(3, fatalities="=1+1"),
        acled_row(4, country="Niger\r=cmd|' /C calc'!A0"),
    ]
    source = tmp_path / "acled.csv"
    pd.DataFrame(rows, columns=ACLED_COLUMNS).to_csv(source, index=False, quoting=csv.QUOTE_ALL)
    out, rejected = tmp_path / "events.csv", tmp_path / "rejected.csv"
    result = subprocess.run(
        [sys.executable, "-m", "geo.importers", str(source), "--out", str(out), "--rejected", str(rejected)],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    for path in (out, rejected):
        cells = [cell for row in _cells(path.read_bytes()) for cell in row]
        assert not [cell for cell in cells if _runnable(cell) and not _is_number(cell)], path.name
    events = "\n".join(cell for row in _cells(out.read_bytes()) for cell in row)
    assert "Harmless note\r'=cmd" in events and "\n'@SUM(A1)" in events
    reasons = "\n".join(cell for row in _cells(rejected.read_bytes()) for cell in row)
    assert "'=cmd" in reasons  # the rejected country, neutralised


def _is_number(cell: str) -> bool:
    try:
        return math.isfinite(float(cell))
    except ValueError:
        return False


def _strict_json(text: str):
    def refuse(constant):
        raise ValueError(f"{constant} is not JSON")

    return json.loads(text, parse_constant=refuse)


def test_geojson_stays_valid_json_whatever_the_values():
    towns = pd.DataFrame(
        {
            "place_id": ["a", "b", "c", "d", "e"],
            "lat": [16.1, float("inf"), None, float("nan"), 16.0],
            "lon": [1.0, 1.0, 2.0, 3.0, float("-inf")],
            "score": [float("nan"), float("inf"), float("-inf"), 1e308 * 10, 2.5],
            "big": [10**30, 2**63, -(2**70), 0, 1],
            "start": pd.to_datetime(["2013-01-26", None, "2012-01-01", "2012-01-01", "2012-01-01"]),
        }
    )
    towns["u64"] = np.array([2**64 - 1, 0, 1, 2, 3], dtype=np.uint64)
    towns["day"] = [dt.date(2012, 1, 1), None, pd.NA, np.nan, "2012"]
    towns["listed"] = [[float("nan")], {"a": float("inf")}, np.array([1.0, np.inf]), (), "x"]
    collection = _strict_json(to_geojson(towns, towns.iloc[:0]))
    features = collection["features"]
    assert len(features) == len(towns), "no row is dropped"
    assert [f["geometry"] and f["geometry"]["coordinates"] for f in features] == [[1.0, 16.1], None, None, None, None]
    first, second = features[0]["properties"], features[1]["properties"]
    assert first["score"] is None and second["score"] is None
    assert first["big"] == 10**30 and second["big"] == 2**63 and first["u64"] == 2**64 - 1
    assert first["start"] == "2013-01-26" and second["start"] is None and first["day"] == "2012-01-01"
    assert (
        first["listed"] == [None]
        and second["listed"] == {"a": None}
        and features[2]["properties"]["listed"] == [1.0, None]
    )


def test_geojson_of_the_bundled_view_keeps_the_events_without_a_place(bundled):
    from geo.control import towns_at

    towns = towns_at(bundled, bundled.as_of)
    features = _strict_json(to_geojson(towns, bundled.events))["features"]
    assert len(features) == len(towns) + len(bundled.events)
    national = [f for f in features if f["geometry"] is None]
    assert len(national) == bundled.events["lat"].isna().sum() > 0
    assert {f["properties"]["geo_precision"] for f in national} == {"country"}


# --- D. what a public viewer sees of an error -----------------------------------------------


def test_a_public_viewer_sees_no_error_details():
    from streamlit.config import ShowErrorDetailsConfigOptions

    config = tomllib.loads((REPO / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
    value = config["client"]["showErrorDetails"]
    assert value == ShowErrorDetailsConfigOptions.NONE == "none"  # not true/false: deprecated, and false shows traces


def test_an_uncaught_exception_reaches_the_browser_redacted():
    """Streamlit reads .streamlit/config.toml from the folder it runs in: the repository."""
    script = (
        "import json\nfrom streamlit.testing.v1 import AppTest\n"
        "at = AppTest.from_string('raise ValueError(\"/srv/secret/events.csv\")').run()\n"
        "(error,) = at.exception\n"
        "print(json.dumps([error.message, error.proto.type, list(error.stack_trace)]))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", script], cwd=REPO, capture_output=True, text=True, timeout=120, check=True
    )
    message, kind, trace = json.loads(result.stdout.strip().splitlines()[-1])
    assert "redacted" in message and "/srv/secret" not in message
    assert kind == "" and trace == []
    assert "ValueError: /srv/secret/events.csv" in result.stderr, "the server's log keeps the details"
