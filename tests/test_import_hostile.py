"""Hostile uploads (the security audit's files): each is refused or imported in seconds, with a
clear message, no traceback, and every data row either imported or rejected with its reason.

Large files are generated here, in memory or under tmp_path; sizes are smaller than the audit's
where the property is the same (a limit is lowered with monkeypatch rather than a file enlarged).
"""

from __future__ import annotations

import io
import re
import time
import zipfile

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import geo.importers.reading as reading
import geo.importers.xlsx as xlsx
from benchmarks.hostile_imports import write_xlsx
from geo.importers import ACLED_COLUMNS, ImportFailure, read_events
from geo.importers.actors import ActorMapper, load_mapping, normalise, strip_trailing_parens
from geo.importers.limits import (
    MAX_CELL_CHARS,
    MAX_COLUMNS,
    MAX_FATALITIES,
    MAX_NAME_CHARS,
    MAX_ROWS,
    MAX_XLSX_ROWS,
)

from .test_importers import acled_csv, acled_row, reasons

UCDP_HEADER = "id,type_of_violence,side_a,side_b,where_coordinates,country,latitude,longitude,date_start,best,low,high"


def ucdp_csv(*where: str) -> bytes:
    lines = [UCDP_HEADER]
    for i, place in enumerate(where, start=1):
        lines.append(f'{i},1,Government of Mali,JNIM,"{place}",Mali,14.48,-4.18,2020-01-15,3,2,4')
    return ("\n".join(lines) + "\n").encode()


def assert_complete(result) -> None:
    assert len(result.events) + len(result.rejected) == result.data_rows
    assert result.rejected["row"].is_unique


@pytest.fixture
def timed():
    """Fails a test whose import does not finish in ``limit`` seconds (a guard, generous on purpose)."""

    class Clock:
        def __init__(self):
            self.start = time.perf_counter()

        def check(self, limit: float = 10.0) -> None:
            elapsed = time.perf_counter() - self.start
            assert elapsed < limit, f"took {elapsed:.1f} s"

    return Clock()


# --- 1. regular expressions and text over user cells -----------------------------------------------------------


def _reference_strip(text: str) -> str:
    pattern = re.compile(r"\s*\([^)]*\)\s*$")
    while pattern.search(text):
        text = pattern.sub("", text)
    return text.rstrip()


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="ab ()\t", max_size=16))
def test_trailing_parentheses_are_stripped_as_the_old_expression_did(text):
    assert strip_trailing_parens(text) == _reference_strip(text)


@pytest.mark.parametrize(
    "name",
    ["(" * 100_000, "(x" * 500_000, "a" + " " * 1_000_000 + "b", "(" + ")" * 100_000, "(a)" * 100_000],
    ids=["100k-open", "1MB-open-x", "1MB-spaces", "100k-close", "100k-groups"],
)
def test_normalising_a_hostile_name_is_linear(name, timed):
    normalise(name)
    timed.check(2.0)  # the regular expression took 56 s on 100k '(' and over 300 s on 1 MB


def _reference_family(table: pd.DataFrame, name: str):
    """Whole-name mapping written plainly: the first table row whose pattern is the name as it is,
    or without its period of years and what follows, or without trailing parentheses; else a
    ``* `` row whose words end the name (the longest); never a part of the name."""
    key = " ".join(unicodedata_fold(name).split())
    if not key:
        return None
    base = " ".join(_reference_strip(key).split())
    years = re.search(r"\(\d{4}-(\d{4})?\)", key)
    candidates = [key, key[: years.start()].rstrip() if years else key, base]
    for candidate in candidates:
        for row in table.itertuples():
            if row.key == candidate:
                return row.family, row.actor_id or None
    suffixes = [row for row in table.itertuples() if row.key.startswith("* ")]
    for row in sorted(suffixes, key=lambda r: -len(r.key.split())):
        words = row.key[2:].split()
        if len(base.split()) > len(words) and base.split()[-len(words) :] == words:
            return row.family, row.actor_id or None
    return None


def unicodedata_fold(name: str) -> str:
    import unicodedata

    text = unicodedata.normalize("NFKD", name)
    return "".join(ch for ch in text if not unicodedata.combining(ch)).casefold()


@pytest.fixture(scope="module")
def mapping():
    return load_mapping()


def test_actor_mapping_is_on_whole_names(mapping):
    mapper = ActorMapper(mapping)
    words = [w for key in mapping["key"] for w in key.split()] + ["x", "-", "(mali)", "(2013-2020)", "al-", "é"]
    names = [" ".join(words[i : i + k]) for k in (1, 2, 3, 5) for i in range(0, len(words), 3)]
    names += [*mapping["pattern"], "Unidentified Armed Group (Mali)", "JNIM: Group for Support", "Katiba Macina (JNIM)"]
    names += ["Dozo militia", "Mutiny of Military Forces of Mali (2002-2012)", "Fulani Ethnic Militia (Mali)"]
    for name in names:
        assert mapper.family_of(name) == _reference_family(mapping, name), name
    assert mapper.family_of("Mutiny of Military Forces of Mali (2002-2012)") is None
    assert mapper.family_of("ADEMA-PASJ: Alliance for Democracy in Mali") is None


def test_actor_names_over_the_limit_reject_their_row(timed):
    rows = [
        acled_row(1, actor1="(" * 30_000),  # under the cell limit: reaches the actor code
        acled_row(2, assoc_actor_1="x" * (MAX_NAME_CHARS + 1)),
        acled_row(3, actor2="JNIM; " + "y" * (MAX_NAME_CHARS + 1)),
        acled_row(4, actor1="a" * MAX_NAME_CHARS),
    ]
    result = read_events(acled_csv(rows))
    timed.check(5.0)
    expected = f"an actor name is longer than {MAX_NAME_CHARS} characters"
    assert reasons(result) == {2: expected, 3: expected, 4: expected}
    assert list(result.events["event_id"]) == ["TST4"]
    assert_complete(result)


@pytest.mark.parametrize("column", ["actor1", "notes", "location", "event_date", "fatalities"])
def test_a_cell_of_a_megabyte_of_spaces_is_rejected_quickly(column, timed):
    result = read_events(acled_csv([acled_row(1, **{column: "a" + " " * 1_000_000 + "b"}), acled_row(2)]))
    timed.check(5.0)
    assert reasons(result) == {
        2: f"the cell in column {column} has 1,000,002 characters, more than {MAX_CELL_CHARS:,} (a spreadsheet's limit)"
    }
    assert_complete(result)


def test_cells_up_to_the_limit_are_read(timed):
    spaces = " " * (MAX_CELL_CHARS - 2)
    rows = [acled_row(1, notes="a" * MAX_CELL_CHARS), acled_row(2, source=f"a{spaces}b", location=f"x{spaces}y")]
    result = read_events(acled_csv(rows))
    timed.check(5.0)
    assert len(result.events) == 2 and result.events.iloc[0]["description"] == "a" * MAX_CELL_CHARS


def test_ucdp_place_of_spaces_is_linear(timed):
    """``\\s+(town|...)$`` backtracked: 10,000 spaces took 2 s, a megabyte hours."""
    result = read_events(ucdp_csv(" " * 30_000 + "x", "Mopti town", "Gao  village", "Tombouctou"))
    timed.check(5.0)
    assert result.format == "ucdp" and len(result.events) == 4
    result = read_events(ucdp_csv(" " * 1_000_000))
    assert "more than 32,767" in reasons(result)[2]


def test_ucdp_place_suffix_is_still_removed():
    from geo.importers.formats.ucdp import _without_place_kind

    assert [_without_place_kind(w) for w in ["Gao town", "Mopti \t region", "town", " city", "Kidal"]] == [
        "Gao",
        "Mopti",
        "town",
        "",
        "Kidal",
    ]


def test_delimiter_sniffing_is_linear(timed):
    """csv.Sniffer took 5 s on 20 kB of '," ...'."""
    result = read_events(acled_csv([acled_row(1, notes=',"' * 10_000), acled_row(2)]))
    timed.check(3.0)
    assert len(result.events) == 2


@pytest.mark.parametrize("sep", [";", "\t", "|", ","])
def test_delimiters_with_commas_in_cells(sep):
    rows = [acled_row(i, notes="Attack, then retreat, near Mopti") for i in range(1, 4)]
    assert len(read_events(acled_csv(rows, sep=sep)).events) == 3


# --- 2. XLSX bombs ---------------------------------------------------------------------------------------------

_WORKBOOK_PARTS = {
    "[Content_Types].xml": (
        '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/'
        'content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
        'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/'
        'workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
        '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-'
        'officedocument.spreadsheetml.worksheet+xml"/></Types>'
    ),
    "_rels/.rels": (
        '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/'
        '2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
        'relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>'
    ),
    "xl/workbook.xml": (
        '<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/'
        '2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets>'
        '<sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>'
    ),
    "xl/_rels/workbook.xml.rels": (
        '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/'
        '2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
        'relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>'
    ),
}


def _cell(value: str) -> str:
    return f'<c t="inlineStr"><is><t>{value}</t></is></c>'


def sheet_xlsx(rows, dimension: str | None = None, prologue: str = "", members: int = 0) -> bytes:
    """A one-sheet workbook written straight into a zip; ``rows`` is an iterable of XML chunks."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, text in _WORKBOOK_PARTS.items():
            archive.writestr(name, text)
        for extra in range(members):
            archive.writestr(f"xl/media/pad{extra}.txt", "")
        with archive.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as sheet:
            sheet.write(
                f'<?xml version="1.0" encoding="UTF-8"?>{prologue}<worksheet xmlns="http://schemas.'
                f'openxmlformats.org/spreadsheetml/2006/main">'.encode()
            )
            if dimension:
                sheet.write(f'<dimension ref="{dimension}"/>'.encode())
            sheet.write(b"<sheetData>")
            for chunk in rows:
                sheet.write(chunk.encode())
            sheet.write(b"</sheetData></worksheet>")
    return buffer.getvalue()


def acled_sheet_rows(data_rows: list[dict]):
    yield '<row r="1">' + "".join(_cell(c) for c in ACLED_COLUMNS) + "</row>"
    for number, row in enumerate(data_rows, start=2):
        yield f'<row r="{number}">' + "".join(_cell(row[c]) for c in ACLED_COLUMNS) + "</row>"


def tiny_rows(count: int, numbered: bool):
    """A header, then ``count`` rows of one number (numbered rows compress far less)."""
    yield "<row>" + "".join(_cell(c) for c in ACLED_COLUMNS) + "</row>"
    for start in range(0, count, 10_000):
        size = min(10_000, count - start)
        if numbered:
            yield "".join(f'<row r="{r}"><c r="A{r}"><v>{r}</v></c></row>' for r in range(start + 2, start + size + 2))
        else:
            yield "<row><c><v>1</v></c></row>" * size


def test_xlsx_bomb_of_a_million_rows_is_refused_unopened(timed):
    bomb = sheet_xlsx(tiny_rows(1_000_000, numbered=False), dimension="A1:AB1000001")
    assert len(bomb) < 100_000
    with pytest.raises(ImportFailure, match=r"compressed \d+ to 1 .* as zip bombs are"):
        read_events(bomb)
    timed.check(10.0)


def test_xlsx_with_more_rows_than_the_cap_is_refused_by_counting_tags(timed):
    bomb = sheet_xlsx(tiny_rows(MAX_XLSX_ROWS + 1, numbered=True), dimension="A1:A2")  # the dimension lies
    with pytest.raises(ImportFailure, match=f"more than {MAX_XLSX_ROWS:,} rows"):
        read_events(bomb)
    timed.check(10.0)


def test_xlsx_row_gap_cannot_make_openpyxl_invent_rows(monkeypatch, timed):
    monkeypatch.setattr(xlsx, "MAX_XLSX_ROWS", 1_000)
    rows = list(acled_sheet_rows([acled_row(1)])) + ['<row r="900000"><c><v>1</v></c></row>']
    with pytest.raises(ImportFailure, match="more than 1,000 rows"):
        read_events(sheet_xlsx(rows))
    timed.check(10.0)


def _elements(data: bytes, member: str = "xl/worksheets/sheet1.xml") -> int:
    return zipfile.ZipFile(io.BytesIO(data)).read(member).count(b"<")


def test_xlsx_elements_are_capped_and_formulas_count_twice(monkeypatch):
    rows = list(acled_sheet_rows([acled_row(1), acled_row(2)]))
    size = _elements(sheet_xlsx(rows, dimension="A1:AB3"))
    monkeypatch.setattr(xlsx, "MAX_XLSX_TAGS", size - 1)
    with pytest.raises(ImportFailure, match=f"more than {size - 1:,} XML elements in its first sheet, 'Sheet1'"):
        read_events(sheet_xlsx(rows, dimension="A1:AB3"))
    monkeypatch.setattr(xlsx, "MAX_XLSX_TAGS", size + 10)
    assert len(read_events(sheet_xlsx(rows, dimension="A1:AB3")).events) == 2
    with pytest.raises(ImportFailure, match=f"more than {size + 10:,} XML elements"):
        read_events(sheet_xlsx(rows))  # no dimension: openpyxl would read it twice, once to size it
    rows[2] = rows[2].replace("</row>", "<c><f>1+1</f></c></row>")
    with pytest.raises(ImportFailure, match="read twice, as it has formulas"):
        read_events(sheet_xlsx(rows, dimension="A1:AB3"))


def test_xlsx_cells_of_many_text_runs_are_refused_quickly(timed):
    """Each run of rich text costs openpyxl an object: 10,000 cells of 100 runs took 12 s from 4 MB."""
    runs = ("".join(f"<r><t>{i * 100 + j}</t></r>" for j in range(100)) for i in range(4_000))
    rows = list(acled_sheet_rows([acled_row(1)])) + [
        "<row>" + "".join(f'<c t="inlineStr"><is>{next(runs)}</is></c>' for _ in range(10)) + "</row>"
        for _ in range(400)
    ]
    with pytest.raises(ImportFailure, match="XML elements"):
        read_events(sheet_xlsx(rows))
    timed.check(5.0)


def test_xlsx_styles_bomb_is_refused_before_openpyxl_reads_it(timed):
    """A style costs openpyxl 20 microseconds: 100,000 took 2 s, from a file of 200 kB."""
    styles = "".join(f'<xf numFmtId="{i % 200}" fontId="0" fillId="0" borderId="0"/>' for i in range(60_000))
    buffer = io.BytesIO(sheet_xlsx(acled_sheet_rows([acled_row(1)])))
    with zipfile.ZipFile(buffer, "a") as archive:
        archive.writestr("xl/styles.xml", f"<styleSheet><cellXfs>{styles}</cellXfs></styleSheet>")
    with pytest.raises(ImportFailure, match="60,0[0-9]{2} XML elements in its styles and other parts"):
        read_events(buffer.getvalue())
    timed.check(5.0)


def test_xlsx_sheets_without_a_size_are_capped_before_openpyxl_opens_them(monkeypatch, timed):
    """openpyxl reads a sheet with no dimension to its end just to size it, even one never read."""
    monkeypatch.setattr(xlsx, "MAX_XLSX_ROWS", 1_000)
    buffer = io.BytesIO(sheet_xlsx(acled_sheet_rows([acled_row(1)])))
    with zipfile.ZipFile(buffer, "a") as archive:
        archive.writestr(
            "xl/worksheets/sheet2.xml", "<worksheet><sheetData>" + "<row/>" * 2_000 + "</sheetData></worksheet>"
        )
    with pytest.raises(ImportFailure, match="more than 1,000 rows in the sheet file xl/worksheets/sheet2.xml"):
        read_events(buffer.getvalue())
    timed.check(5.0)


def test_xlsx_declared_dimension_is_not_trusted(timed):
    """A dimension of a million rows over three rows of data: three rows, read at once."""
    data = sheet_xlsx(acled_sheet_rows([acled_row(i) for i in range(1, 4)]), dimension="A1:XFD1048576")
    result = read_events(data)
    timed.check(5.0)
    assert result.data_rows == 3 and len(result.events) == 3


def test_xlsx_limits_on_members_size_and_columns(monkeypatch):
    good = sheet_xlsx(acled_sheet_rows([acled_row(1)]))
    monkeypatch.setattr(xlsx, "MAX_ZIP_MEMBERS", 10)
    with pytest.raises(ImportFailure, match="more than 10 files"):
        read_events(sheet_xlsx(acled_sheet_rows([acled_row(1)]), members=20))
    monkeypatch.setattr(xlsx, "MAX_UNZIPPED_BYTES", 1000)
    with pytest.raises(ImportFailure, match="unzips to"):
        read_events(good)
    monkeypatch.undo()
    wide = ["<row>" + "".join(_cell(f"c{i}") for i in range(MAX_COLUMNS + 1)) + "</row>"]
    with pytest.raises(ImportFailure, match=f"at most {MAX_COLUMNS}"):
        read_events(sheet_xlsx(wide))


def test_xlsx_entity_expansion_is_refused(timed):
    laughs = '<!DOCTYPE lolz [<!ENTITY a "aaaaaaaaaa">' + "".join(
        f'<!ENTITY {chr(98 + i)} "{("&" + chr(97 + i) + ";") * 10}">' for i in range(9)
    )
    rows = ["<row>" + _cell("&j;") + "</row>"]
    with pytest.raises(ImportFailure, match="cannot be read"):
        read_events(sheet_xlsx(rows, prologue=laughs + "]>"))
    timed.check(10.0)


def _openpyxl_book(sheets: dict[str, list[list]]) -> bytes:
    buffer = io.BytesIO()
    write_xlsx(buffer, sheets)
    return buffer.getvalue()


def _grid(rows: list[dict]) -> list[list]:
    return [list(ACLED_COLUMNS)] + [[row[c] for c in ACLED_COLUMNS] for row in rows]


def test_formulas_without_saved_values_are_named_in_a_warning():
    grid = _grid([acled_row(1), acled_row(2), acled_row(3)])
    grid[1][ACLED_COLUMNS.index("fatalities")] = "=1+2"
    grid[3][ACLED_COLUMNS.index("notes")] = '=CONCAT("a","b")'
    result = read_events(_openpyxl_book({"Sheet1": grid}))
    assert len(result.events) == 3
    (warning,) = [w for w in result.warnings if "formula" in w]
    fatalities = chr(ord("A") + ACLED_COLUMNS.index("fatalities"))
    notes = chr(ord("A") + ACLED_COLUMNS.index("notes"))
    assert f"2 formula cell(s) saved without their value, read as empty: {fatalities}2, {notes}4" in warning


def test_other_sheets_with_data_are_named():
    book = _openpyxl_book(
        {"Mali": _grid([acled_row(1)]), "Empty": [], "Niger": _grid([acled_row(2)]), "Notes": [["read me"]]}
    )
    result = read_events(book)
    assert len(result.events) == 1
    (warning,) = [w for w in result.warnings if "sheets" in w]
    assert "only the first, 'Mali', was read (not 'Niger', 'Notes')" in warning


def test_xlsx_empty_rows_keep_row_numbers_and_trailing_ones_are_not_rows():
    rows = list(acled_sheet_rows([acled_row(1), acled_row(2, fatalities="-1")]))
    rows.insert(2, '<row r="3"/>')
    rows[3] = rows[3].replace('<row r="3">', '<row r="4">')
    rows += ['<row r="9" s="1" customFormat="1"/>', '<row r="10"/>']
    result = read_events(sheet_xlsx(rows))
    assert reasons(result) == {3: "empty row", 4: "fatalities -1 is not a whole number >= 0"}
    assert result.data_rows == 3
    assert_complete(result)


# --- 3. rows, columns and file size ----------------------------------------------------------------------------


def test_two_million_lines_are_refused_before_parsing(timed):
    data = acled_csv([acled_row(1)]) + b"x\n" * 2_000_000
    with pytest.raises(ImportFailure, match=f"2,000,001 lines; this importer reads at most {MAX_ROWS:,} rows"):
        read_events(data)
    timed.check(5.0)


def test_row_limit_counts_old_mac_line_ends_and_allows_the_limit(monkeypatch):
    monkeypatch.setattr(reading, "MAX_ROWS", 50)
    assert len(read_events(acled_csv([acled_row(i) for i in range(50)])).events) == 50
    with pytest.raises(ImportFailure, match="at most 50 rows"):
        read_events(acled_csv([acled_row(i) for i in range(51)]))
    with pytest.raises(ImportFailure, match="at most 50 rows"):
        read_events(acled_csv([acled_row(i) for i in range(51)]).replace(b"\n", b"\r"))


def test_too_many_columns_are_refused():
    header = ",".join([*ACLED_COLUMNS, *(f"extra{i}" for i in range(MAX_COLUMNS))])
    with pytest.raises(ImportFailure, match=f"at most {MAX_COLUMNS}"):
        read_events((header + "\n").encode())


def test_files_over_the_size_limit_are_refused(monkeypatch, tmp_path):
    monkeypatch.setattr(reading, "MAX_FILE_BYTES", 1000)
    data = acled_csv([acled_row(i) for i in range(10)])
    path = tmp_path / "big.csv"
    path.write_bytes(data)
    for source in (data, path, io.BytesIO(data)):
        with pytest.raises(ImportFailure, match="larger than"):
            read_events(source)


def test_progress_is_reported_without_changing_the_result():
    data = acled_csv([acled_row(i) for i in range(1, 9)] + [acled_row(9, fatalities="x")])
    calls = []
    with_progress = read_events(data, progress=lambda done, total: calls.append((done, total)))
    without = read_events(data)
    assert calls[-1] == (9, 9) and [done for done, _ in calls] == sorted(done for done, _ in calls)
    assert len(calls) >= 3 and {total for _, total in calls} == {9}
    pd.testing.assert_frame_equal(with_progress.events, without.events)
    pd.testing.assert_frame_equal(with_progress.rejected, without.rejected)


# --- 4. silent losses and changes ------------------------------------------------------------------------------


def test_rows_of_hash_cells_are_data_rows():
    hashes = {c: f"#{c}" for c in ("event_id_cnty", "year", "assoc_actor_1", "admin1", "source", "notes", "iso3")}
    hashes.update(actor1="#JNIM", actor2="#FAMa", location="#Mopti", sub_event_type="#1", region="# x")
    result = read_events(acled_csv([acled_row(1, **hashes), acled_row(2), acled_row(3, **hashes)]))
    assert result.data_rows == 3 and not any("HXL" in w for w in result.warnings)
    assert set(result.events["event_id"]) == {"#event_id_cnty", "TST2"}
    assert reasons(result) == {4: "duplicate event id #event_id_cnty (first at row 2)"}


def test_mixed_encoding_is_decoded_line_by_line():
    good = acled_csv([acled_row(1, notes="Attaque à Ménaka."), acled_row(2), acled_row(3, notes="Kidal – Gao")])
    legacy = acled_csv([acled_row(4, notes="Attaque près de Ségou – 3 morts.")]).split(b"\n", 1)[1]
    undefined = acled_csv([acled_row(5, notes="odd \x81 byte")], encoding="latin-1").split(b"\n", 1)[1]
    result = read_events(good + legacy.decode("utf-8").encode("cp1252") + undefined)
    notes = list(result.events["description"])
    assert notes[0] == "Attaque à Ménaka." and notes[2] == "Kidal – Gao"
    assert notes[3] == "Attaque près de Ségou – 3 morts." and notes[4] == "odd \x81 byte"
    (warning,) = [w for w in result.warnings if "UTF-8" in w]
    assert "2 line(s) that are not valid UTF-8, read as Windows-1252 (or Latin-1): line(s) 5, 6" in warning


def test_blank_lines_keep_true_row_numbers():
    lines = acled_csv([acled_row(1), acled_row(2), acled_row(3), acled_row(4, fatalities="-1")]).split(b"\n")
    data = b"\n".join(lines[:4] + [b"", b""] + lines[4:]) + b"\n\n"  # blank lines 5 and 6, and two at the end
    result = read_events(data)
    assert reasons(result) == {5: "empty row", 6: "empty row", 7: "fatalities -1 is not a whole number >= 0"}
    assert result.data_rows == 6
    assert_complete(result)


def test_crlf_blank_lines_keep_true_row_numbers():
    data = acled_csv([acled_row(1), acled_row(2, fatalities="x")]).replace(b"\n", b"\r\n")
    head, last = data.rstrip().rsplit(b"\r\n", 1)
    result = read_events(head + b"\r\n\r\n" + last + b"\r\n")
    assert reasons(result) == {3: "empty row", 4: "fatalities x is not a whole number >= 0"}


@pytest.mark.parametrize("actor", [";", " ; ; ", "; ;;"])
def test_an_actor_cell_of_separators_has_no_actor(actor):
    result = read_events(acled_csv([acled_row(1, actor1=actor), acled_row(2)]))
    assert reasons(result) == {2: "no actor"}


def test_ucdp_side_of_separators_has_no_actor():
    data = ucdp_csv("Mopti").replace(b"Government of Mali", b";")
    assert reasons(read_events(data)) == {2: "no actor"}


def test_huge_fatalities_are_rejected():
    rows = [
        acled_row(1, fatalities=str(2**64)),
        acled_row(2, fatalities="99999999999999999999"),
        acled_row(3, fatalities="1e300"),
        acled_row(4, fatalities=str(MAX_FATALITIES + 1)),
        acled_row(5, fatalities=str(MAX_FATALITIES)),
    ]
    result = read_events(acled_csv(rows))
    assert reasons(result) == {
        2: f"fatalities {2**64} is more than {MAX_FATALITIES:,} for one event",
        3: f"fatalities 99999999999999999999 is more than {MAX_FATALITIES:,} for one event",
        4: f"fatalities 1e300 is more than {MAX_FATALITIES:,} for one event",
        5: f"fatalities {MAX_FATALITIES + 1} is more than {MAX_FATALITIES:,} for one event",
    }
    assert result.events["fatalities_low"].sum() == MAX_FATALITIES


def test_huge_ucdp_estimates_are_rejected():
    data = ucdp_csv("Mopti", "Gao").replace(b"2020-01-15,3,2,4\n2", b"2020-01-15,3,2,18446744073709551616\n2")
    assert reasons(read_events(data)) == {2: f"fatalities (low/best/high) are over {MAX_FATALITIES:,} for one event"}


@pytest.mark.parametrize("header", ["notes,NOTES", "notes,notes", "Notes, notes"])
def test_a_column_twice_is_refused_by_name(header):
    base = acled_csv([acled_row(1)]).decode().split("\n")
    data = f"{base[0]},{header.split(',')[1]}\n{base[1]},more\n".replace(",notes,", f",{header.split(',')[0]},", 1)
    with pytest.raises(ImportFailure, match="column 'notes'.* (twice|appears twice)"):
        read_events(data.encode())
    with pytest.raises(ImportFailure, match="twice"):
        read_events(data.encode(), format="acled")


def test_a_repeated_column_the_import_ignores_is_harmless():
    base = acled_csv([acled_row(1)]).decode().split("\n")
    result = read_events(f"{base[0]},ADMIN3\n{base[1]},x\n".encode())
    assert len(result.events) == 1


@pytest.mark.parametrize(
    ("date", "reason"),
    [
        ("0000-01-01", "date '0000-01-01' is before 1900-01-01 (this importer reads events from 1900 to today)"),
        ("1600-01-01", "date '1600-01-01' is before 1900-01-01 (this importer reads events from 1900 to today)"),
        ("1899-12-31", "date '1899-12-31' is before 1900-01-01 (this importer reads events from 1900 to today)"),
        ("2263-01-01", "date is in the future"),
        ("9999-12-31", "date is in the future"),
    ],
)
def test_dates_outside_1900_to_today_are_rejected(date, reason):
    result = read_events(acled_csv([acled_row(1, event_date=date), acled_row(2, event_date="1900-01-01")]))
    assert reasons(result) == {2: reason}
    assert list(result.events["date"]) == [pd.Timestamp("1900-01-01")]


# --- budgets on lookups ----------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def gazetteer():
    from geo import load_dataset
    from geo.gazetteer import Gazetteer

    from .conftest import REPO

    data = REPO / "data"
    return Gazetteer.from_files(load_dataset(data).places, data / "gazetteer.csv")


def test_place_lookups_are_budgeted(monkeypatch, gazetteer):
    import geo.importers.pipeline as importers

    monkeypatch.setattr(importers, "MAX_PLACE_LOOKUPS", 2)
    places = ["Tombouctou", "Zzyzx Qwv", "Qqqq Zzzz", "Zzyzx Qwv", "x" * (MAX_NAME_CHARS + 1)]
    rows = [acled_row(i, latitude="", longitude="", location=p) for i, p in enumerate(places, start=1)]
    result = read_events(acled_csv(rows), gazetteer=gazetteer)
    found = reasons(result)
    assert result.geocoded == 1 and found[3] == "no coordinates, and the location Zzyzx Qwv is not in the gazetteer"
    assert found[5] == found[3]
    assert found[4] == (
        "no coordinates, and the location Qqqq Zzzz was not looked up: the file names more than 2 places without "
        "coordinates"
    )
    assert found[6] == f"no coordinates, and the location's name is longer than {MAX_NAME_CHARS} characters"
    assert_complete(result)


def test_too_many_different_actors_are_refused(monkeypatch):
    import geo.importers.pipeline as importers

    monkeypatch.setattr(importers, "MAX_ACTOR_NAMES", 5)
    rows = [acled_row(i, actor1=f"Group {i}", actor2="") for i in range(6)]
    with pytest.raises(ImportFailure, match="names 6 different actors; this importer maps at most 5"):
        read_events(acled_csv(rows))


# --- 5. every hostile cell: nothing lost, nothing but ImportFailure -------------------------------------------

hostile = st.one_of(
    st.sampled_from(
        [
            "(" * 5000,
            " " * 40_000,
            ";",
            ", ",
            "#x",
            "#a+b",
            "0000-01-01",
            "1600-01-01",
            str(2**64),
            "1e309",
            "-0",
            "NaN",
            "inf",
            '"',
            "a\x00b",
            "Ménaka",
            "\ufeff",
            "x" * (MAX_CELL_CHARS + 1),
        ]
    ),
    st.text(st.characters(exclude_characters="\r\n", exclude_categories=("Cs",)), max_size=8),
)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(
    st.lists(st.dictionaries(st.sampled_from(ACLED_COLUMNS), hostile, max_size=6), max_size=12),
    st.sampled_from(["utf-8", "cp1252-line", "blank-lines"]),
)
def test_hostile_cells_never_lose_a_row(overrides, variant):
    rows = [acled_row(i, **o) for i, o in enumerate(overrides)]
    data = acled_csv(rows, encoding="utf-8")
    if variant == "cp1252-line" and rows:
        head, *rest = data.split(b"\n", 2)
        data = head + b"\n" + b"\n".join(rest).replace("é".encode(), b"\xe9", 1)
    elif variant == "blank-lines":
        data = data.replace(b"\n", b"\n\n", 2)
    start = time.perf_counter()
    try:
        result = read_events(data)
    except ImportFailure:
        return
    assert time.perf_counter() - start < 10
    assert_complete(result)


def test_an_upload_is_read_from_its_own_bytes_not_a_copy():
    """The app's upload (Streamlit's UploadedFile, a BytesIO) is parsed from the bytes it holds:
    a copy used to add the file's size to every import's peak memory."""
    upload = io.BytesIO(acled_csv([acled_row(1)]))
    data, _ = reading._as_bytes(upload)
    assert data is upload.getvalue()
    upload.seek(5)  # read from where it stands, as any file-like object
    assert reading._as_bytes(upload)[0] == upload.getvalue()[5:]


def test_an_export_of_the_size_the_old_caps_refused_is_read():
    """The 200 MB and 200,000-row caps refused a real ACLED export of about 440,000 rows; the
    limits now follow the memory an import takes (geo/importers/limits.py says how much)."""
    reading._check_line_count(b"header\n" + b"row\n" * 440_000, "export.csv")  # no ImportFailure
    assert reading.MAX_FILE_BYTES >= 440_000 * 470  # bytes of such an export, at ACLED's row size
    with pytest.raises(ImportFailure, match="at most"):
        reading._check_line_count(b"header\n" + b"row\n" * (reading.MAX_ROWS + 1), "export.csv")
