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
