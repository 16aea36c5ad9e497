"""`python -m geo check [DIR]`: exit status and what it prints."""

from __future__ import annotations

import subprocess
import sys

import pandas as pd

from .conftest import DATA, REPO


def run_check(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "geo", "check", *args], cwd=REPO, capture_output=True, text=True, timeout=120
    )


def test_clean_data_prints_one_line_and_exits_0():
    result = run_check(str(DATA))
    assert result.returncode == 0, result.stdout + result.stderr
    lines = result.stdout.strip().splitlines()
    assert len(lines) == 1
    assert lines[0].startswith("OK: ") and "control periods" in lines[0] and "as of" in lines[0]


def test_default_directory_is_the_bundled_record():
    assert run_check().returncode == 0


def test_broken_data_lists_every_problem_and_exits_1(data_copy):
    events = pd.read_csv(data_copy / "events.csv", dtype=str, keep_default_na=False)
    events.loc[0, "event_type"] = "skirmish"
    events.loc[1, "fatalities_low"] = "lots"
    events.to_csv(data_copy / "events.csv", index=False)
    result = run_check(str(data_copy))
    assert result.returncode == 1
    assert "2 problems in the data" in result.stdout
    assert "events.csv, row 2, column event_type" in result.stdout
    assert "events.csv, row 3, column fatalities_low" in result.stdout
    assert "Traceback" not in result.stdout + result.stderr


def test_missing_folder_is_a_clear_error(tmp_path):
    result = run_check(str(tmp_path / "nowhere"))
    assert result.returncode == 1
    assert "file not found" in result.stdout
    assert "Traceback" not in result.stderr


def test_the_import_command_prints_no_control_character_of_the_file(tmp_path, capsys):
    from geo.importers.__main__ import main

    source = tmp_path / "bad.csv"
    source.write_text(
        "event_id_cnty,event_date,event_type,actor1,latitude,longitude,fatalities,country\n"
        'X1,2013-01-10,Battles,"\x1b[2J\x1b]0;pwned\x07Rebels\r=cmd",16.2,-0.04,x\x1b[31m,Mali\n',
        encoding="utf-8",
    )
    assert main([str(source)]) == 0
    printed = capsys.readouterr().out
    assert "\x1b" not in printed and "\r" not in printed and "\x07" not in printed
    assert "\\x1b[31m" in printed  # the rejected fatalities cell, shown escaped


def test_the_import_command_says_when_it_cannot_write(tmp_path, capsys):
    from geo.importers.__main__ import main

    assert (
        main([str(REPO / "tests" / "fixtures" / "formats" / "acled.csv"), "--out", str(tmp_path / "no" / "x.csv")]) == 1
    )
    assert "Cannot write" in capsys.readouterr().out


def test_the_import_command_reads_only_the_places_of_the_record(data_copy, monkeypatch, capsys):
    """The gazetteer needs the places: the command neither reads nor validates the rest of the
    record (it took 20 s on a 7-row file), so a broken events table does not stop it."""
    import geo.importers.__main__ as command

    (data_copy / "events.csv").write_text("not,the,events\n1,2,3\n", encoding="utf-8")
    (data_copy / "control.csv").unlink()
    monkeypatch.setattr(command, "DEFAULT_ROOT", data_copy)
    assert command.main([str(REPO / "tests" / "fixtures" / "ucdp" / "ucdpged_sample_mali.csv")]) == 0
    assert "7 data rows, 7 imported" in capsys.readouterr().out


def test_the_import_command_says_when_the_places_are_broken(data_copy, monkeypatch, capsys):
    import geo.importers.__main__ as command

    (data_copy / "places.csv").write_text("place_id\nkidal\n", encoding="utf-8")
    monkeypatch.setattr(command, "DEFAULT_ROOT", data_copy)
    assert command.main([str(REPO / "tests" / "fixtures" / "ucdp" / "ucdpged_sample_mali.csv")]) == 1
    out = capsys.readouterr().out
    assert "places.csv" in out and "python -m geo check" in out and "Traceback" not in out
