"""Empty cells read as empty (issue #19): no "None", "nan", "NaT" or "<NA>" in any table of any
page, in either language. Streamlit draws a missing value as "None", so a table must send no
missing value at all: every table goes through ui.tables.table_cells."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

import ui
from ui.tables import table_cells

from .conftest import REPO

#: What a reader must never see in a cell.
SHOWN_AS_MISSING = {"None", "none", "nan", "NaN", "NaT", "<NA>", "null"}


def missing_cells(frame: pd.DataFrame) -> list[str]:
    """Every cell of ``frame`` that Streamlit would draw as 'None' or that spells a missing value."""
    found = []
    for column in frame.columns:
        for row, value in frame[column].items():
            if value is None or (not isinstance(value, list | tuple | np.ndarray) and pd.isna(value)):
                found.append(f"{column}[{row}] is missing")
            elif isinstance(value, str) and value.strip() in SHOWN_AS_MISSING:
                found.append(f"{column}[{row}] = {value!r}")
    return found


def test_every_kind_of_missing_value_becomes_an_empty_cell():
    frame = pd.DataFrame(
        {
            "note": ["A note.", None],
            "text": pd.Series(["x", None], dtype="string"),
            "confidence": ["high", None],
            "count": pd.Series([3, None], dtype="Int64"),
            "share": [0.5, np.nan],
            "day": pd.to_datetime(["2013-01-26", None]),
            "whole": [1, 2],
            "when": [pd.Timestamp("2013-01-26"), None],
        }
    )
    columns = {name: "col.note" for name in frame.columns}
    cells = table_cells(frame, columns, "fr")
    assert missing_cells(frame) and not missing_cells(cells)
    assert list(cells.iloc[1]) == ["", "", "", "", "", "", 2, ""]
    assert list(cells.iloc[0]) == ["A note.", "x", "élevée", "3", "0.5", "2013-01-26", 1, "2013-01-26"]
    assert pd.api.types.is_integer_dtype(cells["whole"])  # a complete number column still sorts as numbers


#: Each page with the link that fills its tables (a town chosen, two dates, a window with changes).
PAGES = {
    "map.py": {"date": "2013-02-01", "window": "365", "place": "kidal"},
    "places.py": {"place": "gao", "date": "2023-11-20"},
    "timeline.py": {"date": "2013-01-28", "window": "90"},
    "actors.py": {"date": "2024-01-01"},
    "sources.py": {"date": "2013-01-28"},
    "record.py": {"date": "2013-01-28"},
    "compare.py": {"a": "2023-11-01", "b": "2023-11-30"},
    "tours.py": {},
    "data.py": {},
}


def _open(page: str, lang: str, params: dict[str, str]) -> AppTest:
    at = AppTest.from_file(str(REPO / "app.py"), default_timeout=120)
    for name, value in {**params, "lang": lang}.items():
        at.query_params[name] = value
    if page == "data.py":  # an upload with a rejected row fills the data page's tables
        from geo.importers import read_events

        from .test_importers import ACLED

        at.session_state[ui.Key.UPLOAD] = read_events(ACLED / "rejects.csv", name="rejects.csv")
        at.session_state[ui.Key.UPLOAD_DATE] = "2026-11-21"
    at.run()
    if page != "map.py":
        at.switch_page(f"pages/{page}").run()
    assert not at.exception, at.exception
    return at


@pytest.mark.parametrize("lang", ["en", "fr"])
@pytest.mark.parametrize("page", sorted(PAGES))
def test_no_table_of_any_page_shows_a_missing_value(page, lang):
    at = _open(page, lang, PAGES[page])
    if page == "sources.py":  # a source cited by events and control periods fills two more tables
        at.selectbox(key="source_choice").set_value("wp_battle_of_kidal_2023").run()
        assert not at.exception
    tables = [element.value for element in at.dataframe]
    if page not in ("tours.py", "timeline.py"):
        assert tables, f"{page} shows no table with this link"
    problems = {i: missing_cells(table) for i, table in enumerate(tables) if missing_cells(table)}
    assert not problems, problems
