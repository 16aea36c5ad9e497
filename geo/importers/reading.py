"""Turning an uploaded file into a table of text cells, whatever its encoding or delimiter.

Every failure here is a clear :class:`ImportFailure`, never a traceback: empty files,
binary files renamed .csv, unknown encodings, unreadable spreadsheets, files over the
limits of :mod:`geo.importers.limits`. Every step is linear in the size of the file.
Rows are never dropped: a row the reader finds wrong (an empty row, a cell over the cell
limit) gets a reason in ``RawTable.problems`` and the import rejects it with that reason.
"""

from __future__ import annotations

import codecs
import contextlib
import csv
import io
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from geo.importers.limits import MAX_CELL_CHARS, MAX_COLUMNS, MAX_FILE_BYTES, MAX_ROWS

#: The file types the importer reads (by content, whatever the name says; these for the uploader).
FILE_TYPES = ("csv", "tsv", "txt", "xlsx")


class ImportFailure(ValueError):
    """The file as a whole cannot be imported; the message says why, for a person."""


@dataclass
class RawTable:
    """The file's cells as text, one DataFrame row per data row (blank lines included)."""

    frame: pd.DataFrame
    #: Spreadsheet row number of each DataFrame row (header is row 1; an HXL row shifts it).
    first_data_row: int = 2
    notes: list[str] = field(default_factory=list)
    #: DataFrame index -> why that row cannot be imported (found while reading).
    problems: dict[int, str] = field(default_factory=dict)


KeepColumns = Callable[[list[str]], list[str]]

_XLSX_MAGIC = b"PK\x03\x04"
_OLE_MAGIC = b"\xd0\xcf\x11\xe0"  # legacy .xls
_DELIMITERS = [",", ";", "\t", "|"]
#: An HXL hashtag: #tag, then +attributes, no spaces (https://hxlstandard.org/standard/1-1final/).
_HXL_TAG = re.compile(r"#[A-Za-z][A-Za-z0-9_]*(?:\+[A-Za-z0-9_]+)*")
_SAMPLE_CHARS = 200_000
_DECODE_CHUNK = 1 << 22
_NON_ASCII = re.compile(r"[^\x00-\x7f]")
_SURROGATE = re.compile(r"[\udc80-\udcff]")


def _as_bytes(source) -> tuple[bytes, str]:
    """(content, file name) for a path, bytes, or a file-like object (Streamlit's UploadedFile)."""
    limit = f"{MAX_FILE_BYTES // (1024 * 1024)} MB"
    if isinstance(source, str | Path):
        path = Path(source)
        try:
            if path.stat().st_size > MAX_FILE_BYTES:
                raise ImportFailure(f"{path.name} is larger than {limit}, the largest file this importer reads")
            return path.read_bytes(), path.name
        except OSError as err:
            raise ImportFailure(f"cannot read {path}: {err.strerror or err}") from None
    if isinstance(source, bytes | bytearray):
        data, name = bytes(source), "upload"
    elif isinstance(source, io.BytesIO) and source.tell() == 0:  # Streamlit's UploadedFile: its bytes, no copy
        data, name = source.getvalue(), getattr(source, "name", "upload")
    elif hasattr(source, "read"):
        data = source.read(MAX_FILE_BYTES + 1)
        data, name = (data if isinstance(data, bytes) else str(data).encode("utf-8")), getattr(source, "name", "upload")
    else:
        raise ImportFailure(f"cannot read a {type(source).__name__}")
    if len(data) > MAX_FILE_BYTES:
        raise ImportFailure(f"{name} is larger than {limit}, the largest file this importer reads")
    return data, name


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


def _decode_lines(data: bytes) -> tuple[str, list[int], bool, bool]:
    """Text of a file that is not valid UTF-8 as a whole: (text, the lines read as Windows-1252,
    whether some other line is non-ASCII UTF-8, whether some line needed Latin-1).

    Each line that is valid UTF-8 is read as UTF-8; any other line as Windows-1252 (Latin-1
    when the line has one of the five bytes Windows-1252 leaves undefined)."""
    pieces: list[str] = []
    legacy_lines: list[int] = []
    utf8_seen = latin1 = False
    line_number, start = 1, 0
    while start < len(data):
        end = data.find(b"\n", min(start + _DECODE_CHUNK, len(data) - 1))
        end = len(data) if end < 0 else end + 1
        chunk = data[start:end].decode("utf-8", "surrogateescape")
        done = 0
        found = _NON_ASCII.search(chunk)
        while found:
            line_start = chunk.rfind("\n", 0, found.start()) + 1
            line_end = chunk.find("\n", found.start())
            line_end = len(chunk) if line_end < 0 else line_end + 1
            if _SURROGATE.search(chunk, found.start(), line_end):
                line_number += chunk.count("\n", done, line_start)
                raw = chunk[line_start:line_end].encode("utf-8", "surrogateescape")
                try:
                    fixed = raw.decode("cp1252")
                except UnicodeDecodeError:
                    fixed, latin1 = raw.decode("latin-1"), True
                pieces += [chunk[done:line_start], fixed]
                legacy_lines.append(line_number)
                line_number += fixed.count("\n")
                done = line_end
            else:
                utf8_seen = True
            found = _NON_ASCII.search(chunk, line_end)
        pieces.append(chunk[done:])
        line_number += chunk.count("\n", done)
        start = end
    return "".join(pieces).removeprefix("\ufeff"), legacy_lines, utf8_seen, latin1


def _is_utf8(data: bytes) -> bool:
    decoder = codecs.getincrementaldecoder("utf-8")()
    try:
        for start in range(0, len(data), _DECODE_CHUNK):
            decoder.decode(data[start : start + _DECODE_CHUNK], final=start + _DECODE_CHUNK >= len(data))
    except UnicodeDecodeError:
        return False
    return True


def _line_count(data: bytes | str) -> int:
    """Lines of a file (a last line without a line break counts), linear and without parsing."""
    newline, carriage = ("\n", "\r") if isinstance(data, str) else (b"\n", b"\r")
    breaks = max(data.count(newline), data.count(carriage))
    return breaks + (0 if data.endswith((newline, carriage)) else 1)


def _trailing_blank_lines(data: bytes | str) -> int:
    """How many blank lines end the file (not counting the last line break)."""
    tail = data[-4096:]
    ends = "\r\n" if isinstance(tail, str) else b"\r\n"
    run = tail[len(tail.rstrip(ends)) :]
    breaks = max(run.count(ends[1:]), run.count(ends[:1]))
    return max(0, breaks - 1)


def _check_line_count(content: bytes | str, name: str) -> None:
    """ImportFailure for a file of more lines than MAX_ROWS rows (counted, not parsed: fast)."""
    lines = _line_count(content) - 1 - _trailing_blank_lines(content)
    if lines > MAX_ROWS:
        raise ImportFailure(
            f"{name} has {lines:,} lines; this importer reads at most {MAX_ROWS:,} rows per file. "
            "Filter the export (to Mali, or to a period) or split it, and upload the parts one at a time"
        )


def read_raw(source, keep_columns: KeepColumns | None = None) -> RawTable:
    """Read a CSV (any common encoding and delimiter) or XLSX file into text cells.

    ``keep_columns(header) -> names`` chooses the columns to keep once the header is known;
    large files then cost memory only for the columns an import uses.
    """
    data, name = _as_bytes(source)
    if not data.strip():
        raise ImportFailure(f"{name} is empty")
    if data.startswith(_XLSX_MAGIC):
        from geo.importers.xlsx import read_xlsx

        return read_xlsx(data, name, keep_columns)
    if data.startswith(_OLE_MAGIC):
        raise ImportFailure(f"{name} is an old Excel .xls file; save it as .xlsx or CSV")
    if _looks_binary(data):
        raise ImportFailure(f"{name} is a binary file, not a CSV or XLSX table")
    notes: list[str] = []
    content: bytes | str = data
    utf16 = data.startswith((b"\xff\xfe", b"\xfe\xff"))
    if utf16:
        try:
            content = data.decode("utf-16")
        except UnicodeDecodeError:
            raise ImportFailure(f"{name} starts like UTF-16 text but is not; save it as UTF-8") from None
        notes.append("read as UTF-16 (not UTF-8)")
    _check_line_count(content, name)  # before any work per line: on the bytes unless UTF-16
    if not utf16 and not _is_utf8(data):
        content, legacy, utf8_seen, latin1 = _decode_lines(data)
        if utf8_seen:
            shown = ", ".join(map(str, legacy[:20])) + ("…" if len(legacy) > 20 else "")
            notes.append(
                f"has {len(legacy)} line(s) that are not valid UTF-8, read as Windows-1252"
                f"{' (or Latin-1)' if latin1 else ''}: line(s) {shown} (the rest of the file is UTF-8)"
            )
        else:
            notes.append(f"read as {'Latin-1' if latin1 else 'Windows-1252'} (not UTF-8)")
    sample = content[:_SAMPLE_CHARS] if isinstance(content, str) else data[:_SAMPLE_CHARS].decode("utf-8-sig", "ignore")
    delimiter = _sniff_delimiter(sample)
    frame = _parse_csv(content, name, delimiter, sample, keep_columns)
    if delimiter != ",":
        notes.append(f"columns separated by {'tab' if delimiter == chr(9) else repr(delimiter)}")
    trailing = _trailing_blank_lines(content)
    if trailing:
        frame = _drop_trailing_empty(frame, trailing)
    return finish_table(frame, notes, name)


def _parse_csv(content: bytes | str, name: str, delimiter: str, sample: str, keep_columns) -> pd.DataFrame:
    options = dict(sep=delimiter, dtype=str, keep_default_na=False, na_filter=False, engine="c")
    options.update(on_bad_lines="error", skip_blank_lines=False)
    if isinstance(content, bytes):
        options["encoding"] = "utf-8-sig"

    def buffer():
        return io.BytesIO(content) if isinstance(content, bytes) else io.StringIO(content)

    try:
        header = [str(c) for c in pd.read_csv(buffer(), nrows=0, **options).columns]
        check_header(header, _true_header(sample, delimiter, len(header)), keep_columns, name)
        usecols = None
        if keep_columns is not None:
            wanted = set(keep_columns(header))
            usecols = [c for c in header if c in wanted] or None
        frame = pd.read_csv(buffer(), usecols=usecols, **options)
    except UnicodeDecodeError:
        raise ImportFailure(f"{name} mixes text encodings and cannot be read; save it as UTF-8") from None
    except pd.errors.ParserError as err:
        raise ImportFailure(f"{name} cannot be read as a table ({_clip(str(err), 200)}); is it a CSV file?") from None
    except pd.errors.EmptyDataError:
        raise ImportFailure(f"{name} has no header row") from None
    if len(frame) > MAX_ROWS:
        raise ImportFailure(f"{name} has more than {MAX_ROWS:,} rows; filter the export or split it")
    frame.columns = [str(c) for c in frame.columns]
    return frame


def _true_header(sample: str, delimiter: str, width: int) -> list[str] | None:
    """The header as written (pandas renames a repeated name to name.1), or None if unsure."""
    try:
        header = next(csv.reader(io.StringIO(sample), delimiter=delimiter), [])
    except csv.Error:
        return None
    return header if len(header) == width else None


def check_header(header: list[str], true_header: list[str] | None, keep_columns, name: str) -> None:
    """ImportFailure for too many columns, or for a column the import reads that appears twice."""
    if len(header) > MAX_COLUMNS:
        raise ImportFailure(f"{name} has {len(header):,} columns; this importer reads files of at most {MAX_COLUMNS}")
    names = true_header or header
    read = {_key(c) for c in (keep_columns(header) if keep_columns is not None else header)}
    seen: dict[str, str] = {}
    for column in names:
        key = _key(column)
        if key in seen and key in read:
            raise ImportFailure(
                f"{name} has the column {_clip(key, 60)!r} twice (as {_clip(seen[key], 60)!r} and "
                f"{_clip(column, 60)!r}); remove or rename one so that it is clear which to read"
            )
        seen.setdefault(key, column)


def _key(column: str) -> str:
    return str(column).strip().lstrip("\ufeff").strip().lower()


def _clip(text: str, size: int) -> str:
    return text if len(text) <= size else text[: size - 1] + "…"


def _drop_trailing_empty(frame: pd.DataFrame, count: int) -> pd.DataFrame:
    """Drop the empty rows at the end, at most ``count`` (the file's closing blank lines)."""
    empty = _empty_rows(frame.tail(count)).to_numpy()
    drop = 0
    while drop < len(empty) and empty[len(empty) - 1 - drop]:
        drop += 1
    return frame.iloc[: len(frame) - drop]


def _empty_rows(frame: pd.DataFrame) -> pd.Series:
    empty = pd.Series(True, index=frame.index)
    for column in frame.columns:
        empty &= frame[column].eq("")
    return empty


def finish_table(frame: pd.DataFrame, notes: list[str], name: str, empty: list[bool] | None = None) -> RawTable:
    """The HXL row, empty rows and overlong cells, for a frame of text cells from any reader.

    ``empty`` marks the empty rows when the reader saw more columns than it kept."""
    frame = frame.reset_index(drop=True)
    empty_rows = np.asarray(_empty_rows(frame) if empty is None else empty, dtype=bool)
    table = _strip_hxl(RawTable(frame, 2, notes))
    frame, problems = table.frame, table.problems
    if table.first_data_row == 3:
        empty_rows = empty_rows[1:]
    if frame.shape[1]:
        for index in frame.index[empty_rows]:
            problems.setdefault(int(index), "empty row")
    for column in frame.columns:
        lengths = frame[column].str.len()
        long = lengths > MAX_CELL_CHARS
        if long.any():
            for index, length in lengths[long].items():
                problems.setdefault(
                    int(index),
                    f"the cell in column {_clip(column, 60)} has {length:,} characters, "
                    f"more than {MAX_CELL_CHARS:,} (a spreadsheet's limit)",
                )
            frame.loc[long, column] = ""
    return table


def _strip_hxl(table: RawTable) -> RawTable:
    """Drop the Humanitarian Data Exchange's row of HXL hashtags (#date+occurred ...) under the header.

    Only a row whose every filled cell is a hashtag counts; any other row stays a data row."""
    frame = table.frame
    if len(frame):
        cells = [str(v).strip() for v in frame.iloc[0]]
        filled = [c for c in cells if c]
        if len(filled) >= max(2, frame.shape[1] // 2) and all(len(c) <= 200 and _HXL_TAG.fullmatch(c) for c in filled):
            table.frame = frame.iloc[1:].reset_index(drop=True)
            table.first_data_row = 3
            table.notes.append("dropped the HXL hashtag row (row 2)")
    table.frame.columns = [str(c).strip().lstrip("\ufeff") for c in table.frame.columns]
    return table
