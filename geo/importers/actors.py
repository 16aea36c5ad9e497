"""Mapping ACLED and UCDP actor names to the project's families, through an editable table.

``data/actor_families.csv`` lists name patterns, the family each belongs to and, where
it is the same actor, the record's actor_id. A name matches a pattern exactly (ignoring
case, accents and a trailing parenthesis such as "(2021-)" or "(Mali)"), or else contains
it as whole words (patterns of four letters or more, the longest first). Unknown names
become family ``other`` and are listed in the import's warnings.
"""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

import pandas as pd

from geo.schema import FAMILIES

DEFAULT_MAPPING = Path(__file__).resolve().parent.parent.parent / "data" / "actor_families.csv"
_TRAILING_PARENS = re.compile(r"\s*\([^)]*\)\s*$")


def normalise(name: str) -> str:
    """Lowercase, accents and trailing parentheses removed, spaces collapsed."""
    text = unicodedata.normalize("NFKD", str(name))
    text = "".join(ch for ch in text if not unicodedata.combining(ch)).casefold()
    while _TRAILING_PARENS.search(text):
        text = _TRAILING_PARENS.sub("", text)
    return " ".join(text.split())


def load_mapping(path: str | Path = DEFAULT_MAPPING) -> pd.DataFrame:
    """The mapping table; a family outside the vocabulary is an error, reported with its row."""
    table = pd.read_csv(path, dtype=str, keep_default_na=False)
    bad = table[~table["family"].isin(FAMILIES)]
    if len(bad):
        rows = ", ".join(f"row {i + 2} ({f!r})" for i, f in zip(bad.index, bad["family"]))
        raise ValueError(f"{Path(path).name}: family not in {', '.join(FAMILIES)}: {rows}")
    return table.assign(key=table["pattern"].map(normalise))


class ActorMapper:
    """Maps actor names to (family, actor_id or None), remembering what it could not map."""

    def __init__(self, mapping: pd.DataFrame):
        self._exact = {row.key: (row.family, row.actor_id or None) for row in mapping.itertuples()}
        contains = [row for row in mapping.itertuples() if len(row.key) >= 4]
        contains.sort(key=lambda row: len(row.key), reverse=True)
        self._contains = [
            (re.compile(rf"\b{re.escape(row.key)}\b"), row.family, row.actor_id or None) for row in contains
        ]

    def family_of(self, name: str) -> tuple[str, str | None] | None:
        """(family, actor_id) for a name, or None when nothing matches."""
        key = normalise(name)
        if not key:
            return None
        if key in self._exact:
            return self._exact[key]
        for pattern, family, actor_id in self._contains:
            if pattern.search(key):
                return family, actor_id
        return None
