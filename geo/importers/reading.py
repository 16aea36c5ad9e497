"""Turning an uploaded file into a table of text cells, whatever its encoding or delimiter.

Every failure here is a clear :class:`ImportFailure`, never a traceback: empty files,
binary files renamed .csv, unknown encodings, unreadable spreadsheets.
"""

from __future__ import annotations

import codecs
import contextlib
import csv
import io
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd


class ImportFailure(ValueError):
    """The file as a whole cannot be imported; the message says why, for a person."""


@dataclass
class RawTable:
    """The file's cells as text, one DataFrame row per data row."""

    frame: pd.DataFrame
    #: Spreadsheet row number of each DataFrame row (header is row 1; an HXL row shifts it).
    first_data_row: int = 2
    notes: list[str] = field(default_factory=list)


_XLSX_MAGIC = b"PK\x03\x04"
_OLE_MAGIC = b"\xd0\xcf\x11\xe0"  # legacy .xls
_DELIMITERS = [",", ";", "\t", "|"]


def _as_bytes(source) -> tuple[bytes, str]:
    """(content, file name) for a path, bytes, or a file-like object (Streamlit's UploadedFile)."""
    if isinstance(source, str | Path):
        path = Path(source)
        try:
            return path.read_bytes(), path.name
        except OSError as err:
            raise ImportFailure(f"cannot read {path}: {err.strerror or err}") from None
    if isinstance(source, bytes | bytearray):
        return bytes(source), "upload"
    if hasattr(source, "read"):
        data = source.read()
        return (data if isinstance(data, bytes) else str(data).encode("utf-8")), getattr(source, "name", "upload")
    raise ImportFailure(f"cannot read a {type(source).__name__}")


def _looks_binary(data: bytes) -> bool:
    sample = data[:4096]
    if sample.startswith((b"\xff\xfe", b"\xfe\xff")):
        return False  # UTF-16 text is full of zero bytes
    if b"\x00" in sample:
        return True
    controls = sum(1 for byte in sample if byte < 9 or 13 < byte < 32)
    return len(sample) > 0 and controls / len(sample) > 0.05


def _sniff_delimiter(sample: str) -> str:
    """The delimiter that splits the first lines into the most consistent, widest rows.

    csv.Sniffer is not used: its regular expressions take seconds on some 20 kB samples."""
    lines = sample[:20_000].splitlines(keepends=True)[:60]
    if len(lines) > 1 and len(sample) > 20_000:
        lines = lines[:-1]  # the last line may be cut
    best, best_score = ",", (0, 0)
    for delimiter in _DELIMITERS:
        rows: list[list[str]] = []
        with contextlib.suppress(csv.Error):  # a cut or broken line: judge on the rows read so far
            rows.extend(csv.reader(lines, delimiter=delimiter))
        width = len(rows[0]) if rows else 0
        if width < 2:
            continue
        score = (sum(len(row) == width for row in rows[1:]), width)
        if score > best_score:
            best, best_score = delimiter, score
    return best


def read_raw(source, keep_columns=None) -> RawTable:
    """Read a CSV (any common encoding and delimiter) or XLSX file into text cells.

    ``keep_columns(header) -> names`` chooses the columns to keep once the header is known;
    large files then cost memory only for the columns an import uses.
    """
    data, name = _as_bytes(source)
    if not data.strip():
        raise ImportFailure(f"{name} is empty")
    if data.startswith(_XLSX_MAGIC):
        return _read_xlsx(data, name)
    if data.startswith(_OLE_MAGIC):
        raise ImportFailure(f"{name} is an old Excel .xls file; save it as .xlsx or CSV")
    if _looks_binary(data):
        raise ImportFailure(f"{name} is a binary file, not a CSV or XLSX table")
    encoding, label = _encoding_of(data)
    sample = data[:200_000].decode(encoding, errors="replace")
    delimiter = _sniff_delimiter(sample)
    options = dict(
        sep=delimiter,
        dtype=str,
        keep_default_na=False,
        na_filter=False,
        engine="c",
        on_bad_lines="error",
        encoding=encoding,
    )
    try:
        header = pd.read_csv(io.BytesIO(data), nrows=0, **options).columns
        usecols = None
        if keep_columns is not None:
            wanted = set(keep_columns([str(c) for c in header]))
            usecols = [c for c in header if str(c) in wanted] or None
        frame = pd.read_csv(io.BytesIO(data), usecols=usecols, **options)
    except UnicodeDecodeError:
        raise ImportFailure(f"{name} mixes text encodings and cannot be read; save it as UTF-8") from None
    except pd.errors.ParserError as err:
        raise ImportFailure(f"{name} cannot be read as a table ({err}); is it a CSV file?") from None
    except pd.errors.EmptyDataError:
        raise ImportFailure(f"{name} has no header row") from None
    notes = []
    if label != "UTF-8":
        notes.append(f"read as {label} (not UTF-8)")
    if delimiter != ",":
        notes.append(f"columns separated by {'tab' if delimiter == chr(9) else repr(delimiter)}")
    return _strip_hxl(RawTable(frame, 2, notes))


def _encoding_of(data: bytes) -> tuple[str, str]:
    """The codec to read ``data`` with, checked incrementally so a large file is never held twice."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "utf-16", "UTF-16"
    decoder = codecs.getincrementaldecoder("utf-8")()
    try:
        for start in range(0, len(data), 1 << 22):
            decoder.decode(data[start : start + (1 << 22)], final=start + (1 << 22) >= len(data))
        return "utf-8-sig", "UTF-8"
    except UnicodeDecodeError:
        pass
    try:
        decoder = codecs.getincrementaldecoder("cp1252")()
        for start in range(0, len(data), 1 << 22):
            decoder.decode(data[start : start + (1 << 22)], final=start + (1 << 22) >= len(data))
        return "cp1252", "Windows-1252"
    except UnicodeDecodeError:
        return "latin-1", "Latin-1"


def _read_xlsx(data: bytes, name: str) -> RawTable:
    try:
        frame = pd.read_excel(
            io.BytesIO(data), sheet_name=0, dtype=str, keep_default_na=False, na_filter=False, engine="openpyxl"
        )
    except Exception as err:  # openpyxl raises many kinds; each means "not a readable workbook"
        raise ImportFailure(f"{name} looks like an Excel file but cannot be read: {err}") from None
    frame.columns = [str(c) for c in frame.columns]
    return _strip_hxl(RawTable(frame.astype(str).replace({"nan": "", "NaT": "", "None": ""}), 2, ["read from XLSX"]))


def _strip_hxl(table: RawTable) -> RawTable:
    """Drop the Humanitarian Data Exchange's row of HXL hashtags (#date+occurred ...) under the header."""
    frame = table.frame
    if len(frame) and sum(str(v).startswith("#") for v in frame.iloc[0]) >= max(2, frame.shape[1] // 2):
        table.frame = frame.iloc[1:].reset_index(drop=True)
        table.first_data_row = 3
        table.notes.append("dropped the HXL hashtag row (row 2)")
    table.frame.columns = [str(c).strip().lstrip("\ufeff") for c in table.frame.columns]
    return table
