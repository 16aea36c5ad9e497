"""The import formats, one module each, as a registry: adding a format is adding one file here
that defines ``FORMAT`` (an :class:`ImportFormat`) and a fixture under tests/fixtures/formats/.

The pipeline (:mod:`geo.importers.pipeline`) knows none of them by name: it detects a file's
format from the columns each declares, reads only the columns each uses, and converts the rows
with each one's converter.
"""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Callable
from dataclasses import dataclass

import pandas as pd

from geo.importers.cells import Rows


@dataclass(frozen=True)
class ImportFormat:
    """One kind of file the importer reads."""

    #: Its code (the ImportResult's ``format``, the upload's source id ``upload_<name>``).
    name: str
    #: What it is, for people ("an ACLED export").
    label: str
    #: The columns a file must have (lower case unless ``keep_case``).
    required: tuple[str, ...]
    #: Every column the converter reads (the others are never loaded).
    used: tuple[str, ...]
    #: A column only this format has: a file with it is this format.
    signature: str
    #: (frame of text cells, rows, warnings) -> the staged rows (see geo.importers.pipeline).
    convert: Callable[[pd.DataFrame, Rows, list[str]], pd.DataFrame]
    #: Who published the data, as the uploaded source's publisher.
    publisher: str
    #: The acknowledgement its terms ask for wherever its rows are shown ({date}, {name}), if any.
    attribution: str | None = None
    #: Column names are compared as written (the project's own schema), not lower-cased.
    keep_case: bool = False
    #: Actor cells hold the record's actor ids separated by "|", not names separated by ";".
    actor_ids: bool = False


def _discover() -> dict[str, ImportFormat]:
    found = {}
    for module in sorted(pkgutil.iter_modules(__path__), key=lambda m: m.name):
        fmt = importlib.import_module(f"{__name__}.{module.name}").FORMAT
        found[fmt.name] = fmt
    return found


#: Every format, by name.
FORMATS: dict[str, ImportFormat] = _discover()
