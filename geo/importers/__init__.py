"""Bring your own data: ACLED and UCDP GED exports (CSV or XLSX) and the project's own events.csv.

``read_events(source)`` returns the rows in the project's event schema, and for every row
it did not import, the row number (as a spreadsheet shows it) and the reason. Accepted
plus rejected always equals the data rows of the file: nothing is dropped silently.

- :mod:`geo.importers.formats`: the formats, one module each, as a registry (``FORMATS``);
- :mod:`geo.importers.pipeline`: reading, detecting, converting, checking, placing, mapping actors;
- :mod:`geo.importers.reading` and :mod:`geo.importers.xlsx`: bytes to text cells, within
  :mod:`geo.importers.limits`; :mod:`geo.importers.actors`: actor names to families;
- :mod:`geo.importers.combine`: an upload joined to the bundled record.
"""

from geo.importers.combine import SOURCE_MODES, combine
from geo.importers.formats import FORMATS, ImportFormat
from geo.importers.formats.acled import ACLED_COLUMNS, ACLED_OPTIONAL, ACLED_REQUIRED
from geo.importers.pipeline import ImportResult, detect_format, read_events
from geo.importers.reading import ImportFailure

__all__ = [
    "ACLED_COLUMNS",
    "ACLED_OPTIONAL",
    "ACLED_REQUIRED",
    "FORMATS",
    "SOURCE_MODES",
    "ImportFailure",
    "ImportFormat",
    "ImportResult",
    "combine",
    "detect_format",
    "read_events",
]
