"""Hostile uploads, timed: each file of the security audit, and how the importer copes (run by hand, not a test).

Every case is generated into a temporary folder, then imported in a fresh process with a
timeout, so that a case that hangs is reported as "> timeout" and the next one still runs.

    .venv/bin/python benchmarks/hostile_imports.py [--timeout 60] [--only xlsx_1m,csv_2m] [--tree PATH]

``--tree`` imports ``geo`` from another checkout (for example the code before a fix), so the
same files can be measured before and after.
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
import zipfile
from collections.abc import Callable, Iterator
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent

#: ACLED's columns that the importer reads (a valid ACLED-like header, invented rows).
COLUMNS = (
    "event_id_cnty",
    "event_date",
    "year",
    "time_precision",
    "event_type",
    "sub_event_type",
    "actor1",
    "assoc_actor_1",
    "actor2",
    "country",
    "admin1",
    "location",
    "latitude",
    "longitude",
    "geo_precision",
    "source",
    "notes",
    "fatalities",
)
UCDP_COLUMNS = (
    "id",
    "type_of_violence",
    "side_a",
    "side_b",
    "where_coordinates",
    "country",
    "latitude",
    "longitude",
    "date_start",
    "date_end",
    "best",
    "low",
    "high",
)


def row(i: int, **overrides: str) -> dict[str, str]:
    """An invented ACLED-like row (not ACLED data)."""
    cells = {
        "event_id_cnty": f"HOS{i}",
        "event_date": "2020-01-15",
        "year": "2020",
        "time_precision": "1",
        "event_type": "Battles",
        "sub_event_type": "Armed clash",
        "actor1": "JNIM: Group for Support of Islam and Muslims",
        "assoc_actor_1": "",
        "actor2": "Military Forces of Mali (2021-)",
        "country": "Mali",
        "admin1": "Mopti",
        "location": "Mopti",
        "latitude": "14.4843",
        "longitude": "-4.1830",
        "geo_precision": "1",
        "source": "Invented",
        "notes": f"Invented event {i}.",
        "fatalities": "3",
    }
    cells.update(overrides)
    return cells


def csv_text(rows: list[dict[str, str]], columns=COLUMNS) -> str:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=list(columns), lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return buffer.getvalue()


def write_csv(path: Path, rows: list[dict[str, str]], columns=COLUMNS) -> None:
    path.write_text(csv_text(rows, columns), encoding="utf-8")


def _col_letter(index: int) -> str:
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


_CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
    '<Override PartName="/xl/worksheets/sheet1.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
    "</Types>"
)
_ROOT_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" '
    'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" '
    'Target="xl/workbook.xml"/></Relationships>'
)
_WORKBOOK = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
    '<sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>'
)
_WORKBOOK_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" '
    'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" '
    'Target="worksheets/sheet1.xml"/></Relationships>'
)


def _bomb_rows(rows: int, numbered: bool = False) -> Iterator[str]:
    """Sheet XML: a valid ACLED header, then ``rows`` tiny rows, identical (no row numbers: the best
    compression) or ``numbered``."""
    yield (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        f'<dimension ref="A1:{_col_letter(len(COLUMNS) - 1)}{rows + 1}"/><sheetData>'
    )
    header = "".join(f'<c t="inlineStr"><is><t>{name}</t></is></c>' for name in COLUMNS)
    yield f"<row>{header}</row>"
    if numbered:
        for start in range(2, rows + 2, 10_000):
            yield "".join(
                f'<row r="{r}"><c r="A{r}"><v>{r}</v></c></row>' for r in range(start, min(start + 10_000, rows + 2))
            )
    else:
        batch = "<row><c><v>1</v></c></row>" * 10_000
        for _ in range(rows // 10_000):
            yield batch
        yield "<row><c><v>1</v></c></row>" * (rows % 10_000)
    yield "</sheetData></worksheet>"


def write_xlsx_bomb(path: Path, rows: int, numbered: bool = False) -> None:
    """A workbook of ``rows`` rows, written straight into the zip (openpyxl would take minutes)."""
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        archive.writestr("[Content_Types].xml", _CONTENT_TYPES)
        archive.writestr("_rels/.rels", _ROOT_RELS)
        archive.writestr("xl/workbook.xml", _WORKBOOK)
        archive.writestr("xl/_rels/workbook.xml.rels", _WORKBOOK_RELS)
        with archive.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as sheet:
            for chunk in _bomb_rows(rows, numbered):
                sheet.write(chunk.encode())


def write_xlsx_parts(path: Path, sheet_rows: str, extra: dict[str, str] | None = None) -> None:
    """A one-sheet workbook of the given rows XML (after an ACLED header), plus ``extra`` members."""
    header = "".join(f'<c t="inlineStr"><is><t>{name}</t></is></c>' for name in COLUMNS)
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", _CONTENT_TYPES)
        archive.writestr("_rels/.rels", _ROOT_RELS)
        archive.writestr("xl/workbook.xml", _WORKBOOK)
        archive.writestr("xl/_rels/workbook.xml.rels", _WORKBOOK_RELS)
        archive.writestr(
            "xl/worksheets/sheet1.xml",
            '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><dimension ref="A1:AB2"/>'
            f"<sheetData><row>{header}</row>{sheet_rows}</sheetData></worksheet>",
        )
        for name, text in (extra or {}).items():
            archive.writestr(name, text)


def write_xlsx(path: Path | io.BytesIO, sheets: dict[str, list[list]]) -> None:
    from openpyxl import Workbook

    book = Workbook()
    book.remove(book.active)
    for title, cells in sheets.items():
        sheet = book.create_sheet(title)
        for line in cells:
            sheet.append(line)
    book.save(path)


def _acled_grid(count: int, **overrides: str) -> list[list]:
    return [list(COLUMNS)] + [[row(i, **overrides)[c] for c in COLUMNS] for i in range(1, count + 1)]


# --- the cases ---------------------------------------------------------------------------------------------


def case_parens_100k(path: Path) -> None:
    write_csv(path, [row(1, actor1="(" * 100_000), row(2)])


def case_actor_1mb(path: Path) -> None:
    write_csv(path, [row(1, actor1="JNIM (x" * 150_000), row(2)])


def case_spaces_1mb_acled(path: Path) -> None:
    spaces = " " * 1_000_000
    write_csv(path, [row(1, actor1=f"a{spaces}b", notes=spaces), row(2, event_date=spaces), row(3)])


def case_spaces_1mb_ucdp(path: Path) -> None:
    ucdp = {
        "id": "1",
        "type_of_violence": "1",
        "side_a": "Government of Mali",
        "side_b": "JNIM",
        "where_coordinates": " " * 1_000_000 + "x",
        "country": "Mali",
        "latitude": "14.48",
        "longitude": "-4.18",
        "date_start": "2020-01-15",
        "date_end": "2020-01-15",
        "best": "3",
        "low": "2",
        "high": "4",
    }
    write_csv(path, [ucdp, {**ucdp, "id": "2", "where_coordinates": "Mopti town"}], UCDP_COLUMNS)


def case_parens_30k(path: Path) -> None:
    write_csv(path, [row(1, actor1="(" * 30_000), row(2, assoc_actor_1="Mali (" * 5_000), row(3)])


def case_spaces_30k_ucdp(path: Path) -> None:
    case_spaces_1mb_ucdp(path)
    path.write_text(path.read_text().replace(" " * 1_000_000, " " * 30_000))


def case_unique_actors(path: Path) -> None:
    write_csv(path, [row(i, actor1=f"Group {i} " + "é" * 400, actor2="") for i in range(19_000)])


def case_sniffer_20k(path: Path) -> None:
    write_csv(path, [row(1, notes=',"' * 40_000), row(2)])


def case_xlsx_1m(path: Path) -> None:
    write_xlsx_bomb(path, 1_000_000)


def case_xlsx_5m(path: Path) -> None:
    write_xlsx_bomb(path, 5_000_000)


def case_xlsx_numbered(path: Path) -> None:
    """A million numbered rows compress only 15 to 1, like a real sheet: caught by counting tags."""
    write_xlsx_bomb(path, 1_000_000, numbered=True)


def case_csv_2m(path: Path) -> None:
    with path.open("w", encoding="utf-8") as handle:
        handle.write("event_id_cnty,event_date,event_type,actor1,latitude,longitude,fatalities\n")
        for start in range(0, 2_000_000, 100_000):
            handle.write(
                "".join(f"M{i},2020-01-15,Battles,JNIM,14.48,-4.18,3\n" for i in range(start, start + 100_000))
            )


def case_unique_places(path: Path) -> None:
    write_csv(path, [row(i, latitude="", longitude="", location=f"Nowhere {i}") for i in range(20_000)])


def case_fatalities_2_64(path: Path) -> None:
    write_csv(path, [row(1, fatalities=str(2**64)), row(2, fatalities="99999999999999999999"), row(3)])


def case_dates_0000_1600(path: Path) -> None:
    write_csv(path, [row(1, event_date="0000-01-01"), row(2, event_date="1600-01-01"), row(3)])


def case_notes_NOTES(path: Path) -> None:
    text = csv_text([row(1), row(2)])
    header, rest = text.split("\n", 1)
    lines = [line + ",upper notes" for line in rest.strip().split("\n")]
    path.write_text(header + ",NOTES\n" + "\n".join(lines) + "\n", encoding="utf-8")


def case_hash_rows(path: Path) -> None:
    hashes = {c: f"#{c}" for c in ("event_id_cnty", "year", "assoc_actor_1", "admin1", "source", "notes")}
    hashes.update(actor1="#JNIM", actor2="#FAMa", location="#Mopti", sub_event_type="#clash")
    write_csv(path, [row(1, **hashes), row(2), row(3)])


def case_mixed_encoding(path: Path) -> None:
    good = csv_text([row(1, location="Ménaka", notes="Attaque à Ménaka."), row(2), row(3)]).encode("utf-8")
    bad = csv_text([row(4, location="Ségou", notes="Attaque près de Ségou.")]).split("\n", 1)[1].encode("cp1252")
    path.write_bytes(good + bad)


def case_blank_lines(path: Path) -> None:
    lines = csv_text([row(1), row(2), row(3), row(4, fatalities="-1")]).split("\n")
    path.write_text("\n".join(lines[:4] + ["", ""] + lines[4:]), encoding="utf-8")  # the bad row is line 7


def case_actor_semicolon(path: Path) -> None:
    write_csv(path, [row(1, actor1=";"), row(2, actor1=" ; ; "), row(3)])


def case_multi_sheet(path: Path) -> None:
    write_xlsx(path, {"Mali": _acled_grid(2), "Niger": _acled_grid(3), "Notes": [["read me"]]})


def case_xlsx_rich_runs(path: Path) -> None:
    """10,000 cells of 100 rich-text runs each: each run costs openpyxl an object."""
    runs = ("".join(f"<r><t>{i * 100 + j}</t></r>" for j in range(100)) for i in range(10_000))
    cells = "".join(f'<c t="inlineStr"><is>{next(runs)}</is></c>' for _ in range(10))
    write_xlsx_parts(path, "".join(f"<row>{cells}</row>" for _ in range(1_000)))


def case_xlsx_styles(path: Path) -> None:
    """100,000 cell formats: each costs openpyxl 20 microseconds when it opens the workbook."""
    formats = "".join(f'<xf numFmtId="{i % 200}" fontId="0" fillId="0" borderId="0"/>' for i in range(100_000))
    write_xlsx_parts(path, "", {"xl/styles.xml": f"<styleSheet><cellXfs>{formats}</cellXfs></styleSheet>"})


def case_xlsx_near_cap(path: Path) -> None:
    write_xlsx(path, {"Sheet1": _acled_grid(10_000)})


def case_formula(path: Path) -> None:
    grid = _acled_grid(3)
    grid[1][COLUMNS.index("fatalities")] = "=1+2"
    grid[2][COLUMNS.index("notes")] = '=CONCAT("a","b")'
    write_xlsx(path, {"Sheet1": grid})


CASES: dict[str, tuple[str, str, Callable[[Path], None]]] = {
    "parens_100k": ("actor of 100,000 '('", "csv", case_parens_100k),
    "actor_1mb": ("1 MB actor name", "csv", case_actor_1mb),
    "spaces_1mb_acled": ("1 MB of spaces in ACLED cells", "csv", case_spaces_1mb_acled),
    "spaces_1mb_ucdp": ("1 MB of spaces in UCDP where_coordinates", "csv", case_spaces_1mb_ucdp),
    "parens_30k": ("actor of 30,000 '(' (under the cell limit)", "csv", case_parens_30k),
    "spaces_30k_ucdp": ("30,000 spaces in UCDP where_coordinates", "csv", case_spaces_30k_ucdp),
    "unique_actors": ("19,000 rows, each a new 400-character actor", "csv", case_unique_actors),
    "sniffer_20k": ("delimiter sniffing on '\",' repeated", "csv", case_sniffer_20k),
    "xlsx_1m": ("XLSX of 1M rows", "xlsx", case_xlsx_1m),
    "xlsx_5m": ("XLSX of 5M rows", "xlsx", case_xlsx_5m),
    "xlsx_numbered": ("XLSX of 1M numbered rows", "xlsx", case_xlsx_numbered),
    "csv_2m": ("CSV of 2M rows", "csv", case_csv_2m),
    "unique_places": ("20,000 rows, each an unknown place, no coordinates", "csv", case_unique_places),
    "fatalities_2_64": ("fatalities 2^64 and 10^20-1", "csv", case_fatalities_2_64),
    "dates_0000_1600": ("dates 0000-01-01 and 1600-01-01", "csv", case_dates_0000_1600),
    "notes_NOTES": ("columns notes and NOTES", "csv", case_notes_NOTES),
    "hash_rows": ("first data row of '#' cells", "csv", case_hash_rows),
    "mixed_encoding": ("UTF-8 file with one Windows-1252 line", "csv", case_mixed_encoding),
    "blank_lines": ("blank lines, then a bad row on line 7", "csv", case_blank_lines),
    "actor_semicolon": ("actor ';'", "csv", case_actor_semicolon),
    "multi_sheet": ("XLSX of three sheets", "xlsx", case_multi_sheet),
    "formula": ("XLSX formulas without cached values", "xlsx", case_formula),
    "xlsx_rich_runs": ("XLSX of 10,000 cells of 100 rich-text runs", "xlsx", case_xlsx_rich_runs),
    "xlsx_styles": ("XLSX with 100,000 cell formats", "xlsx", case_xlsx_styles),
    "xlsx_near_cap": ("XLSX of 10,000 rows of 18 columns (under the element cap)", "xlsx", case_xlsx_near_cap),
}


def _clip(text: str, size: int = 110) -> str:
    text = " ".join(str(text).split())
    return text if len(text) <= size else text[: size - 1] + "…"


def run_one(path: str) -> dict:
    """Import ``path`` in this process; what happened, as JSON-able figures."""
    from geo import DEFAULT_ROOT, load_dataset
    from geo.gazetteer import Gazetteer
    from geo.importers import ImportFailure, read_events

    gazetteer = Gazetteer.from_files(load_dataset(DEFAULT_ROOT).places, DEFAULT_ROOT / "gazetteer.csv")
    start = time.perf_counter()
    try:
        result = read_events(path, gazetteer=gazetteer)
    except ImportFailure as err:
        outcome = f"ImportFailure: {_clip(err, 160)}"
    except Exception as err:  # a crash is exactly what this script looks for
        outcome = f"CRASH {type(err).__name__}: {_clip(err)}"
    else:
        kept = len(result.events) + len(result.rejected)
        outcome = f"{result.data_rows} rows: imported {len(result.events)}, rejected {len(result.rejected)}"
        if kept != result.data_rows:
            outcome += " (ROWS LOST)"
        if len(result.rejected):
            shown = "; ".join(f"row {r.row}: {_clip(r.reason, 70)}" for r in result.rejected.head(3).itertuples())
            outcome += f" [{shown}]"
        text = " ".join(result.events["description"].astype(str)) + " ".join(result.events["note"].astype(str))
        if "Ã" in text:
            outcome += " MOJIBAKE"
        notable = [w for w in result.warnings if not w.startswith(("File read from", "1 row", "2 row", "3 row"))]
        notable = [w for w in notable if "not in the mapping table" not in w and "were not imported" not in w]
        if notable:
            outcome += " | warning: " + _clip(notable[0], 120)
    seconds = time.perf_counter() - start
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return {"seconds": seconds, "outcome": outcome, "peak_mib": peak}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--timeout", type=float, default=60.0, help="seconds per case (default 60)")
    parser.add_argument("--only", help="comma-separated case names")
    parser.add_argument("--tree", default=str(REPO), help="the checkout whose geo package is measured")
    parser.add_argument("--run", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.run:
        sys.path.insert(0, args.tree)
        print(json.dumps(run_one(args.run)))
        return
    names = args.only.split(",") if args.only else list(CASES)
    work = Path(tempfile.mkdtemp(prefix="mali-hostile-"))
    env = {**os.environ, "PYTHONPATH": args.tree}
    print(f"geo from {args.tree}; timeout {args.timeout:.0f} s per case\n")
    print("| case | file | seconds | peak memory | outcome |")
    print("|---|---|---|---|---|")
    for name in names:
        label, suffix, generate = CASES[name]
        path = work / f"{name}.{suffix}"
        generate(path)
        size = path.stat().st_size
        shown = f"{size / 1e6:.1f} MB" if size >= 100_000 else f"{size / 1e3:.1f} kB"
        started = time.perf_counter()
        try:
            done = subprocess.run(
                [sys.executable, __file__, "--run", str(path), "--tree", args.tree],
                cwd=args.tree,
                env=env,
                capture_output=True,
                text=True,
                timeout=args.timeout,
            )
        except subprocess.TimeoutExpired:
            line = f"> {args.timeout:.0f} |  | killed after {time.perf_counter() - started:.0f} s (timeout)"
        else:
            if done.returncode != 0 or not done.stdout.strip():
                line = f"? |  | process failed: {_clip(done.stderr.strip().splitlines()[-1] if done.stderr else '')}"
            else:
                figures = json.loads(done.stdout.strip().splitlines()[-1])
                line = f"{figures['seconds']:.2f} | {figures['peak_mib']:.0f} MiB | {figures['outcome']}"
        print(f"| {label} | {shown} | {line} |", flush=True)
        path.unlink()
    work.rmdir()


if __name__ == "__main__":
    main()
