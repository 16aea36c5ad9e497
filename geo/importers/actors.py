"""Mapping ACLED and UCDP actor names to the project's families, through an editable table.

``data/actor_families.csv`` lists name patterns, the family each belongs to and, where
it is the same actor, the record's actor_id. A name matches a pattern exactly (ignoring
case, accents and a trailing parenthesis such as "(2021-)" or "(Mali)"), or else contains
it as whole words (patterns of four letters or more, the longest first). Unknown names
become family ``other`` and are listed in the import's warnings.

Names come from uploads, so every step is linear in a name's length: trailing parentheses
are peeled off by a scan from the right, not a regular expression, and a name is only
searched for the patterns whose words it contains.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from pathlib import Path

import numpy as np
import pandas as pd

from geo.importers.limits import MAX_NAME_CHARS
from geo.schema import FAMILIES

DEFAULT_MAPPING = Path(__file__).resolve().parent.parent.parent / "data" / "actor_families.csv"
_WORD = re.compile(r"\w+")
#: Names in an ACLED or UCDP cell: "A; B" or "A, B" (a comma then a capital). Linear: one lookahead character.
_SEPARATOR = re.compile(r";|, (?=[A-Z])")


def strip_trailing_parens(text: str) -> str:
    """``text`` without trailing spaces and parenthesised groups: "Militia (Mali) (2012-) " -> "Militia".

    What removing ``\\s*\\([^)]*\\)\\s*$`` until it no longer matches leaves (then right-stripped),
    in one right-to-left scan: that regular expression took minutes on a name of 100,000 '('."""
    end = _rstrip_end(text, len(text))
    while end and text[end - 1] == ")":
        previous_close = text.rfind(")", 0, end - 1)
        opening = text.find("(", previous_close + 1, end - 1)
        if opening < 0:
            break
        end = _rstrip_end(text, opening)
    return text[:end]


def _rstrip_end(text: str, end: int) -> int:
    """Where ``text[:end].rstrip()`` would end, without copying ``text[:end]``."""
    while end and text[end - 1].isspace():
        end -= 1
    return end


@functools.lru_cache(maxsize=1024)  # an import maps a name, then makes its id from it: normalised once
def normalise(name: str) -> str:
    """Lowercase, accents and trailing parentheses removed, spaces collapsed."""
    text = unicodedata.normalize("NFKD", str(name))
    if not text.isascii():
        text = "".join(ch for ch in text if not unicodedata.combining(ch))
    return " ".join(strip_trailing_parens(text.casefold()).split())


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
        # A pattern can match only a name that has each of the pattern's words as a whole word
        # (the pattern's \b edges and its own non-word characters bound them), so a name is only
        # searched for the patterns filed under one of its words: the longest word of each pattern.
        self._by_word: dict[str, list[int]] = {}
        self._wordless: list[int] = []
        for position, row in enumerate(contains):
            words = _WORD.findall(row.key)
            if words:
                self._by_word.setdefault(max(words, key=len), []).append(position)
            else:
                self._wordless.append(position)

    def family_of(self, name: str) -> tuple[str, str | None] | None:
        """(family, actor_id) for a name, or None when nothing matches."""
        key = normalise(name)
        if not key:
            return None
        if key in self._exact:
            return self._exact[key]
        candidates = set(self._wordless)
        for word in set(_WORD.findall(key)):
            candidates.update(self._by_word.get(word, ()))
        for position in sorted(candidates):
            pattern, family, actor_id = self._contains[position]
            if pattern.search(key):
                return family, actor_id
        return None


def split_actors(cell: str) -> list[str]:
    """The actor names of an ACLED or UCDP cell, stripped, empty ones left out."""
    return [part.strip() for part in _SEPARATOR.split(str(cell)) if part.strip()]


def per_cell(cells: pd.Series, func) -> pd.Series:
    """``func(cell)`` for every cell, computed once per distinct cell (exports repeat their actors)."""
    codes, uniques = pd.factorize(cells)
    results = np.empty(len(uniques) + 1, dtype=object)
    for position, cell in enumerate(uniques.tolist()):
        results[position] = func(cell)
    results[-1] = func("")  # code -1: a missing cell
    return pd.Series(results[codes], index=cells.index, dtype=object)


def per_pair(first: pd.Series, second: pd.Series, func) -> pd.Series:
    """``func(a, b)`` for every row's pair of cells, computed once per distinct pair."""
    codes_a, uniques_a = pd.factorize(first)
    codes_b, uniques_b = pd.factorize(second)
    uniques_a, uniques_b = uniques_a.tolist(), uniques_b.tolist()
    width = len(uniques_b) + 1
    codes, pairs = pd.factorize((codes_a.astype(np.int64) + 1) * width + (codes_b + 1))
    results = np.empty(len(pairs), dtype=object)
    for position, pair in enumerate(pairs):
        a, b = divmod(int(pair), width)
        results[position] = func(uniques_a[a - 1] if a else "", uniques_b[b - 1] if b else "")
    return pd.Series(results[codes], index=first.index, dtype=object)


def split_cells(cells: pd.Series, split=split_actors) -> pd.Series:
    """The names of every cell, as lists."""
    return per_cell(cells, split)


def too_long(cells: pd.Series, split=split_actors) -> pd.Series:
    """Which cells hold a name longer than MAX_NAME_CHARS."""
    return per_cell(cells, lambda cell: _has_long_name(split(cell))).astype(bool)


def _has_long_name(names: list[str]) -> bool:
    return any(len(name) > MAX_NAME_CHARS for name in names)


def actor_cell_problems(cells: pd.Series, split=split_actors) -> pd.Series:
    """For each principal actor cell: "" if fine, "no actor" (no name once split, as in ";"), or
    "long" (a name over MAX_NAME_CHARS); one pass over the distinct cells."""

    def problem(cell: str) -> str:
        names = split(cell)
        if not names:
            return "no actor"
        return "long" if _has_long_name(names) else ""

    return per_cell(cells, problem)
