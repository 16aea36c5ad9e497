"""The limits an upload must stay within, in one place, each with the reason for its value.

Streamlit runs every session in one process: a file that keeps the importer busy for a
minute stalls every viewer for that minute. The limits keep the worst file of each kind
to a few seconds on a small (2-core) server. A file over them is refused, and a row over them
rejected, with a message that says the limit: nothing is cut silently.
"""

from __future__ import annotations

from geo.schema import FIRST_DAY

#: Largest upload, in bytes: Streamlit's own cap (``server.maxUploadSize = 250`` megabytes in
#: .streamlit/config.toml, which Streamlit counts in MiB, and the proxy's client_max_body_size in
#: deploy/nginx.conf); the command line gets the same. 200 MB refused a real ACLED export of
#: about 440,000 rows (some 470 bytes a row); 250 MB takes MAX_ROWS of them.
MAX_FILE_BYTES = 250 * 1024 * 1024

#: Most data rows in one file, set by memory. Measured (benchmarks/import_benchmark.py, invented
#: ACLED rows, 2-core machine under load): the app's import of 1,000,000 rows peaked at 1.2 GB
#: above the server's own memory (the command line's, 1.0 GB), 100,000 rows at 140 MB; the
#: session then keeps the imported events and the record joined with them. 450,000 rows (an ACLED
#: export of the size the 200 MB cap refused) stay near 600 MB at the peak: no more, as one
#: server holds every viewer's session. Larger files: filter the export to Mali or to a period.
MAX_ROWS = 450_000

#: XLSX costs per XML element: openpyxl parses the XML in Python. Measured on the server (CPU
#: time): a sheet of ACLED's 28 columns written by openpyxl or pandas (inline strings, six
#: elements a cell) reads at 2 microseconds an element, 14,000 rows (2.4 million elements) in
#: 5.2 s; cells of many rich-text runs at 3 microseconds. 1,200,000 elements (the first sheet and
#: the shared strings) stay under 4 s, some 7,000 rows of an ACLED export (more from Excel's
#: own files, whose cells are shorter); a CSV of 14,000 rows imports in 0.24 s, so the message
#: suggests saving the sheet as CSV.
MAX_XLSX_TAGS = 1_200_000

#: XLSX: elements in the other parts openpyxl reads whole (styles, workbook, properties): a style
#: costs it 20 microseconds (100,000 took 2.1 s), and a workbook of data has a few thousand.
MAX_XLSX_PART_TAGS = 50_000

#: Most rows in a workbook's sheet, cells or not (each empty row still costs openpyxl a few
#: microseconds): 100,000 take under a second.
MAX_XLSX_ROWS = 100_000

#: Most columns: ACLED exports have 31, UCDP GED 49; a header ten times wider is not an export.
MAX_COLUMNS = 500

#: Longest cell, in characters: Excel's own limit for a cell (32,767). A longer cell comes
#: from a broken or hostile file; its row is rejected with the column named.
MAX_CELL_CHARS = 32_767

#: Longest actor name, in characters (after splitting a cell on ';'). Names are a few words
#: ("JNIM: Group for Support of Islam and Muslims" is 44 characters); a longer name rejects its
#: row, so name matching never sees more than this.
MAX_NAME_CHARS = 500

#: Most different actor names in one file's imported rows (a country's export names hundreds to
#: a few thousand). Mapping a name costs up to 0.1 ms: 19,000 new names of 400 accented
#: characters take 2.5 s of CPU (benchmarks/hostile_imports.py).
MAX_ACTOR_NAMES = 20_000

#: Most different place names (or place ids) looked up in the gazetteer for rows without
#: coordinates: a fuzzy lookup costs 0.7 to 1.5 ms, so 1,000 take at most 1.5 s (20,000 took
#: 18 s before). Rows whose place is beyond the budget are rejected, saying so.
MAX_PLACE_LOOKUPS = 1_000

#: Largest death toll for one event. Far above any single event in ACLED or UCDP GED for Mali
#: (the deadliest are in the hundreds), and small enough that a million events cannot overflow
#: a 64-bit sum (10^5 x 10^6 = 10^11).
MAX_FATALITIES = 100_000

#: Earliest event date accepted. UCDP GED starts in 1989 and ACLED in 1997; anything before
#: 1900 is a typo (0202 for 2020) or a placeholder (0000-01-01), and dates before 1677 break
#: pandas' nanosecond timestamps downstream. The latest accepted date is today. The record's
#: own first day (geo.schema.FIRST_DAY), so an imported row is never refused by the record.
EARLIEST_DATE = FIRST_DAY.date()

#: XLSX: most bytes once unzipped (every member together). A sheet at MAX_XLSX_TAGS is about
#: 11 MB of XML (1.5 kB an ACLED row), so this leaves room for other sheets; a zip bomb claims
#: gigabytes. Counting the elements of 100 MB of XML takes about half a second.
MAX_UNZIPPED_BYTES = 100 * 1024 * 1024

#: XLSX: largest compression ratio of a member bigger than 1 MB. Spreadsheet XML compresses
#: 5 to 20 times; bombs, hundreds of times.
MAX_ZIP_RATIO = 100

#: XLSX: most members in the zip. A workbook has a dozen; each member costs time to list.
MAX_ZIP_MEMBERS = 10_000
