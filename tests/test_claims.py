"""claims.csv: each broken reference or ill-formed claim is reported with file, row and column;
a header-only file is a record with no claims; a missing file is a problem."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from geo import DataError, load_dataset


def read(folder: Path) -> pd.DataFrame:
    return pd.read_csv(folder / "claims.csv", dtype=str, keep_default_na=False)


def edit(folder: Path, index: int, **cells: str) -> int:
    """Change cells of one claim; return its spreadsheet row."""
    frame = read(folder)
    for column, value in cells.items():
        frame.loc[index, column] = value
    frame.to_csv(folder / "claims.csv", index=False)
    return index + 2


def problems_of(folder: Path) -> list:
    with pytest.raises(DataError) as caught:
        load_dataset(folder)
    return caught.value.problems


def reported(problems, row, column, *words) -> bool:
    return any(
        (p.file, p.row, p.column) == ("claims.csv", row, column) and all(word in p.message for word in words)
        for p in problems
    )


def test_the_tiny_record_loads_its_claims(tiny):
    claims = tiny.claims.set_index("claim_id")
    assert claims.loc["cl-gao-battle-toll", "event_id"] == "ev-2012-06-27-gao"
    assert claims.loc["cl-gao-battle-toll", "fatalities_high"] == 35
    assert claims.loc["cl-gao-mnla-holds", "period_start"] == pd.Timestamp("2012-06-27")
    assert pd.isna(claims.loc["cl-gao-mnla-holds", "event_id"])


@pytest.mark.parametrize(
    ("index", "cells", "column", "words"),
    [
        (0, {"event_id": "ev-nowhere"}, "event_id", ["event 'ev-nowhere'", "events.csv"]),
        (0, {"claimant_id": "nobody"}, "claimant_id", ["actor 'nobody'"]),
        (0, {"source_ids": "s1|s9"}, "source_ids", ["source 's9'"]),
        (1, {"place_id": "atlantis"}, "place_id", ["place 'atlantis'"]),
        (1, {"period_start": "2012-06-28"}, "period_start", ["no control period of gao starts on 2012-06-28"]),
        (1, {"period_start": ""}, "period_start", ["together"]),
        (1, {"place_id": ""}, "place_id", ["together"]),
        (1, {"event_id": "ev-2012-06-27-gao"}, "event_id", ["not both"]),
        (0, {"event_id": ""}, "event_id", ["needs a subject"]),
        (1, {"fatalities_low": "3"}, "fatalities_low", ["only given with kind 'fatalities'"]),
        (0, {"fatalities_low": "", "fatalities_high": ""}, "fatalities_low", ["needs a toll"]),
        (0, {"fatalities_low": "40"}, "fatalities_low", ["greater than"]),
        (0, {"kind": "boast"}, "kind", ["not one of", "responsibility"]),
        (0, {"claim_id": "gao-toll"}, "claim_id", ["cl-"]),
        (0, {"claim_id": "cl-gao-mnla-holds"}, "claim_id", ["more than once"]),
        (0, {"claimed_on": "2015-01-01"}, "claimed_on", ["after the dataset's as-of date"]),
        (1, {"claimed_on": "2012-07-02"}, "claimed_on", ["1st of the month"]),
        (0, {"text_fr": ""}, "text_fr", ["empty"]),
    ],
)
def test_a_broken_claim_is_reported_with_row_and_column(tiny_dir, index, cells, column, words):
    row = edit(tiny_dir, index, **cells)
    problems = problems_of(tiny_dir)
    assert reported(problems, row, column, *words), "\n".join(map(str, problems))


def test_a_claim_follows_its_period(tiny_dir):
    """Moving a period's start without its claims leaves the claim pointing at nothing."""
    control = pd.read_csv(tiny_dir / "control.csv", dtype=str, keep_default_na=False)
    battle = control.index[(control["place_id"] == "gao") & (control["start"] == "2012-06-27")][0]
    control.loc[battle, "start"] = "2012-06-28"
    control.loc[battle - 1, "end"] = "2012-06-27"
    control.to_csv(tiny_dir / "control.csv", index=False)
    assert reported(problems_of(tiny_dir), 3, "period_start", "no control period of gao")


def test_a_header_only_file_means_no_claims(tiny_dir):
    (tiny_dir / "claims.csv").write_text(",".join(read(tiny_dir).columns) + "\n", encoding="utf-8")
    assert load_dataset(tiny_dir).claims.empty


def test_the_claims_file_is_required(tiny_dir):
    (tiny_dir / "claims.csv").unlink()
    problems = problems_of(tiny_dir)
    assert any(p.file == "claims.csv" and "file not found" in p.message for p in problems), problems


def test_a_record_built_in_code_has_an_empty_claims_table(tiny):
    from dataclasses import fields

    from geo.dataset import Dataset

    built = Dataset(**{f.name: getattr(tiny, f.name) for f in fields(Dataset) if f.name != "claims"})
    assert built.claims.empty
    assert list(built.claims.columns) == list(tiny.claims.columns)
    assert built.claims["period_start"].dtype.kind == tiny.claims["period_start"].dtype.kind == "M"


def test_the_bundled_claims_are_valid(bundled):
    assert set(bundled.claims["claimant_id"]) <= set(bundled.actors["actor_id"])
