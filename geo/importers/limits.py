"""The limits an upload must stay within, in one place, each with the reason for its value.

Streamlit runs every session in one process: a file that keeps the importer busy for a
minute stalls every viewer for that minute. The limits keep the worst file of each kind
to a few seconds on a small (2-core) server. A file over them is refused, and a row over them
rejected, with a message that says the limit: nothing is cut silently.
"""

from __future__ import annotations

#: Largest upload, in bytes: Streamlit's own cap (``server.maxUploadSize = 200`` megabytes in
#: .streamlit/config.toml, which Streamlit counts in MiB); the command line gets the same.
MAX_FILE_BYTES = 200 * 1024 * 1024

#: Most data rows in one file. Measured on the 2-core server (benchmarks/import_benchmark.py,
#: invented ACLED rows of 28 columns): before these limits 1,000,000 rows (254 MB, over the upload
#: cap anyway) took 22 s and 1.4 GB, 100,000 took 2.3 s; now 200,000 rows (51 MB) take about
#: 3 s of CPU and 400 MB. Exports of Mali are in the tens of thousands of rows at most.
MAX_ROWS = 200_000

#: Most columns: ACLED exports have 31, UCDP GED 49; a header ten times wider is not an export.
MAX_COLUMNS = 500

#: Longest cell, in characters: Excel's own limit for a cell (32,767). A longer cell comes
#: from a broken or hostile file; its row is rejected with the column named.
MAX_CELL_CHARS = 32_767
