"""Reading the first sheet of an XLSX workbook as text cells, refusing zip bombs in seconds.

Before openpyxl parses anything, the zip is measured: how many members, how large once
unzipped, how well compressed. Then every member is streamed through zlib once and its XML
elements counted (some 175 MB a second), because openpyxl's cost is per element, and some
elements cost far more than others (20 microseconds a style, 3 a cell's text run). Only then
does openpyxl open it (``read_only``) and stream the first sheet's rows, whatever size the
sheet declares.
"""

from __future__ import annotations

import io
import re
import warnings
import zipfile
from dataclasses import dataclass

import pandas as pd
from openpyxl import load_workbook
from openpyxl.utils import get_column_letter

from geo.importers.limits import (
    MAX_COLUMNS,
    MAX_ROWS,
    MAX_UNZIPPED_BYTES,
    MAX_XLSX_PART_TAGS,
    MAX_XLSX_ROWS,
    MAX_XLSX_TAGS,
    MAX_ZIP_MEMBERS,
    MAX_ZIP_RATIO,
)
from geo.importers.reading import ImportFailure, KeepColumns, RawTable, check_header, finish_table

_MB = 1024 * 1024
#: The tags the scan tells apart; the character after the name is consumed so that a tag cut by
#: a chunk boundary is counted once, in the chunk where it ends.
_TAGS = re.compile(rb"<(?:[A-Za-z_][\w.-]{0,15}:)?(row|f|dimension|sheetData|sst)[\s/>]")
_TAIL = 32
_SHOWN_FORMULAS = 8


@dataclass
class MemberScan:
    """What one pass over a zip member found (counting stops once a cap is passed)."""

    tags: int = 0
    rows: int = 0
    formulas: int = 0
    xml: bool = False
    sheet: bool = False
    strings: bool = False
    has_dimension: bool = False

    def over(self) -> bool:
        return self.rows > MAX_XLSX_ROWS or self.tags > MAX_XLSX_TAGS


def read_xlsx(data: bytes, name: str, keep_columns: KeepColumns | None = None) -> RawTable:
    """The first sheet of a workbook as a table of text cells; ImportFailure for anything unreadable."""
    scans = _check_zip(data, name)
    loaded = _loading_tags(scans)
    book = None
    try:
        book = _open(data, data_only=True)
        if not book.worksheets:
            raise ImportFailure(f"{name} has no worksheet")
        sheet = book.worksheets[0]
        scan = _scan_of(scans, sheet)
        where = f"its first sheet, {_clip(str(sheet.title), 60)!r}"
        if scan.rows > MAX_XLSX_ROWS:
            raise ImportFailure(_too_many_rows(name, where))
        if loaded + scan.tags * (2 if scan.formulas else 1) > MAX_XLSX_TAGS:
            raise ImportFailure(_too_large(name, where, bool(scan.formulas)))
        notes = ["read from XLSX"]
        others = [other.title for other in book.worksheets[1:] if _scan_of(scans, other).rows]
        if others:
            notes.append(
                f"has {len(others) + 1} sheets with data; only the first, {sheet.title!r}, was read "
                f"(not {', '.join(repr(o) for o in others[:10])}{'…' if len(others) > 10 else ''})"
            )
        header, header_row, frame, empty = _stream_rows(sheet, name, keep_columns)
        if scan.formulas:
            _note_formulas(data, frame, header, header_row, notes)
    except ImportFailure:
        raise
    except Exception as err:  # openpyxl raises many kinds; each means "not a readable workbook"
        raise ImportFailure(f"{name} looks like an Excel file but cannot be read: {_clip(str(err))}") from None
    finally:
        if book is not None:
            book.close()
    table = finish_table(frame, notes, name, empty=empty)
    table.first_data_row += header_row - 1
    return table


def _open(data: bytes, data_only: bool):
    """The workbook, read-only (rows are streamed, never all loaded)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # "no default style" and the like: nothing a reader can act on
        return load_workbook(io.BytesIO(data), read_only=True, data_only=data_only, keep_links=False)


def _scan_of(scans: dict[str, MemberScan], sheet) -> MemberScan:
    """The scan of a sheet's member; if openpyxl hides which it is, the largest (the safe guess)."""
    found = scans.get(str(getattr(sheet, "_worksheet_path", "")).lstrip("/"))
    return found or max(scans.values(), key=lambda scan: (scan.tags, scan.rows), default=MemberScan(rows=1))


def _loading_tags(scans: dict[str, MemberScan]) -> int:
    """Elements openpyxl parses when it opens the workbook: the shared strings, and every sheet
    that declares no size (read to its end to size it)."""
    return sum(scan.tags for scan in scans.values() if scan.strings or (scan.sheet and not scan.has_dimension))


def _clip(text: str, size: int = 200) -> str:
    return text if len(text) <= size else text[: size - 1] + "…"


def _too_many_rows(name: str, where: str) -> str:
    return (
        f"{name} has more than {MAX_XLSX_ROWS:,} rows in {where}; this importer reads at most "
        f"{MAX_XLSX_ROWS:,} rows from a workbook. {_ADVICE}"
    )


def _too_large(name: str, where: str, formulas: bool = False) -> str:
    twice = " (read twice, as it has formulas)" if formulas else ""
    return (
        f"{name} holds more than {MAX_XLSX_TAGS:,} XML elements in {where}{twice} and its shared strings; "
        f"this importer reads at most that many from a workbook, some {MAX_XLSX_TAGS // 170_000 * 1000:,} rows of an "
        f"ACLED export, in a few seconds. {_ADVICE}"
    )


_ADVICE = (
    f"Save the sheet as CSV (read ten times faster, up to {MAX_ROWS:,} rows), or filter the export "
    "(to Mali, or to a period)"
)


def _check_zip(data: bytes, name: str) -> dict[str, MemberScan]:
    """Members, unzipped size and ratio within the limits; then the elements of every member."""
    if data.count(b"PK\x01\x02") > MAX_ZIP_MEMBERS:
        raise ImportFailure(f"{name} holds more than {MAX_ZIP_MEMBERS:,} files; it is not a workbook")
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, EOFError) as err:
        raise ImportFailure(f"{name} looks like an Excel file but cannot be read: {err}") from None
    with archive:
        members = archive.infolist()
        unzipped = sum(member.file_size for member in members)
        if unzipped > MAX_UNZIPPED_BYTES:
            raise ImportFailure(
                f"{name} unzips to {unzipped / _MB:,.0f} MB, more than the {MAX_UNZIPPED_BYTES // _MB} MB "
                "this importer reads from a workbook; save the sheet to import as CSV"
            )
        for member in members:
            ratio = member.file_size / max(member.compress_size, 1)
            if member.file_size > _MB and ratio > MAX_ZIP_RATIO:
                raise ImportFailure(
                    f"{name} is compressed {ratio:,.0f} to 1 ({_clip(member.filename, 60)}), as zip bombs are, "
                    f"not as spreadsheets are (at most {MAX_ZIP_RATIO} to 1); it was not opened"
                )
        # Every member is scanned: a relationship may name any of them as a sheet.
        scans = {member.filename: _scan_member(archive, member) for member in members}
    for member, scan in scans.items():
        if scan.sheet and not scan.has_dimension and scan.rows > MAX_XLSX_ROWS:
            raise ImportFailure(_too_many_rows(name, f"the sheet file {_clip(member, 60)}"))
    if _loading_tags(scans) > MAX_XLSX_TAGS:
        raise ImportFailure(_too_large(name, "the sheets that declare no size"))
    parts = sum(scan.tags for scan in scans.values() if scan.xml and not (scan.sheet or scan.strings))
    if parts > MAX_XLSX_PART_TAGS:
        raise ImportFailure(
            f"{name} holds {parts:,} XML elements in its styles and other parts besides sheets and strings; "
            f"a workbook of data has a few thousand, and this importer reads at most {MAX_XLSX_PART_TAGS:,} "
            "(each costs openpyxl up to 20 microseconds). Save the sheet as CSV"
        )
    return scans


def _scan_member(archive: zipfile.ZipFile, member: zipfile.ZipInfo) -> MemberScan:
    """Count a member's elements, rows and formulas, streaming; stop once a cap is passed."""
    scan = MemberScan()
    tail = b""
    with archive.open(member) as stream:
        while chunk := stream.read(_MB):
            if not tail:
                scan.xml = chunk.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"<")
            scan.tags += chunk.count(b"<")
            window = tail + chunk
            for found in _TAGS.finditer(window):
                if found.end() <= len(tail):
                    continue  # counted with the previous chunk
                tag = found.group(1)
                if tag == b"row":
                    scan.rows += 1
                elif tag == b"f":
                    scan.formulas += 1
                elif tag == b"sheetData":
                    scan.sheet = True
                elif tag == b"sst":
                    scan.strings = True
                elif not scan.sheet:
                    scan.has_dimension = True
            if scan.over():
                break
            tail = window[-_TAIL:]
    return scan


def _text(value) -> str:
    if value is None:
        return ""
    return value if isinstance(value, str) else str(value)


def _stream_rows(sheet, name: str, keep_columns) -> tuple[list[str], int, pd.DataFrame, list[bool]]:
    """(header, its row number, the data rows as text, which data rows are empty), streamed with caps."""
    sheet.reset_dimensions()  # never trust the declared size: rows are counted as they come
    header_row, header = 0, ()
    for header_row, values in enumerate(sheet.iter_rows(values_only=True), start=1):  # empty rows: ()
        if any(v is not None and v != "" for v in values):
            header = values
            break
        if header_row > MAX_XLSX_ROWS:
            break
    filled = [i for i, v in enumerate(header[: MAX_COLUMNS + 1]) if v is not None and str(v).strip() != ""]
    if not filled:
        raise ImportFailure(f"{name} has no header row in its first sheet")
    width = filled[-1] + 1
    names = [_text(v).strip() if v is not None and str(v).strip() else f"Unnamed: {i}" for i, v in enumerate(header)]
    names = names[:width]
    check_header(names, names, keep_columns, name)
    wanted = set(keep_columns(names)) if keep_columns is not None else set(names)
    kept = [i for i, column in enumerate(names) if column in wanted]
    # Cells right of the header's last name belong to no column: like pandas, the reader ignores them.
    rows = sheet.iter_rows(min_row=header_row + 1, values_only=True, max_col=width)
    cells: list[list[str]] = []
    empty: list[bool] = []
    last_filled = 0
    for values in rows:
        if len(cells) >= MAX_XLSX_ROWS:  # rows openpyxl invents to fill a gap in row numbers
            raise ImportFailure(_too_many_rows(name, f"the sheet {_clip(str(sheet.title), 60)!r}"))
        is_empty = all(v is None or v == "" for v in values)
        cells.append([_text(values[i]) if i < len(values) else "" for i in kept])
        empty.append(is_empty)
        if not is_empty:
            last_filled = len(cells)
    del cells[last_filled:], empty[last_filled:]  # the sheet's trailing empty (formatted) rows
    columns = [names[i] for i in kept]
    frame = pd.DataFrame(cells, columns=columns, dtype="str") if cells else pd.DataFrame(columns=columns, dtype="str")
    return columns, header_row, frame, empty


def _note_formulas(data: bytes, frame: pd.DataFrame, columns: list[str], header_row: int, notes: list[str]) -> None:
    """Formulas saved without their value read as empty cells: name them in a note (a second pass,
    as openpyxl gives either the formulas or their saved values)."""
    book = _open(data, data_only=False)
    try:
        sheet = book.worksheets[0]
        sheet.reset_dimensions()
        header = next(sheet.iter_rows(min_row=header_row, max_row=header_row, values_only=True), ())
        positions = {_text(v).strip(): i for i, v in enumerate(header) if v is not None}
        wanted = [(j, positions[c]) for j, c in enumerate(columns) if c in positions]
        found: list[str] = []
        count = 0
        rows = sheet.iter_rows(min_row=header_row + 1, max_row=header_row + len(frame), values_only=True)
        for offset, values in enumerate(rows):
            for kept, position in wanted:
                value = values[position] if position < len(values) else None
                if isinstance(value, str) and value.startswith("=") and frame.iat[offset, kept] == "":
                    count += 1
                    if len(found) < _SHOWN_FORMULAS:
                        found.append(f"{get_column_letter(position + 1)}{header_row + 1 + offset}")
    finally:
        book.close()
    if count:
        notes.append(
            f"has {count:,} formula cell(s) saved without their value, read as empty: "
            f"{', '.join(found)}{'…' if count > len(found) else ''} (open the file in Excel and save it "
            "to store the values, or paste the cells as values)"
        )
