"""Mapping ACLED and UCDP actor names to the project's families, through an editable table.

``data/actor_families.csv`` lists patterns, the family each belongs to and, where it is the
same actor, the record's actor_id. A name matches a pattern only as a whole name (ignoring
case, accents and spacing), tried in turn: as it is ("Islamic State (Greater Sahara)"); without
a period of years and what follows it, as ACLED names state forces and their units ("Military
Forces of Mali (2013-2020) Gendarmerie"); without trailing parentheses ("Fulani Ethnic Militia
(Mali)"). A pattern starting with ``* `` matches any name ending with its words ("* Ethnic
Militia"). Never a part of a name: a ``Mali`` pattern does not match "Mutiny of Military Forces
of Mali". ACLED's actor type (``inter1``/``inter2``, :data:`ACLED_INTER_FAMILIES`) gives a
family to a name the table lacks, where the type settles it. Unknown names become family
``other`` and are listed in the import's warnings.

Names come from uploads, so every step is linear in a name's length: trailing parentheses
are peeled off by a scan from the right, not a regular expression.
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
def full_key(name: str) -> str:
    """Lowercase, accents removed, spaces collapsed: the whole name, parentheses kept."""
    text = unicodedata.normalize("NFKD", str(name))
    if not text.isascii():
        text = "".join(ch for ch in text if not unicodedata.combining(ch))
    return " ".join(text.casefold().split())


def normalise(name: str) -> str:
    """:func:`full_key` without trailing parentheses ("Civilians (Mali)" -> "civilians")."""
    return " ".join(strip_trailing_parens(full_key(name)).split())


#: A period of years as ACLED writes it after a state force: "(2013-2020)", "(2021-)".
_YEARS = re.compile(r"\(\d{4}-(?:\d{4})?\)")


def without_years(key: str) -> str:
    """A key cut before its first period of years: "military forces of mali (2013-2020)
    gendarmerie" -> "military forces of mali"; unchanged without one."""
    found = _YEARS.search(key)
    return key[: found.start()].rstrip() if found else key


def load_mapping(path: str | Path = DEFAULT_MAPPING) -> pd.DataFrame:
    """The mapping table; a family outside the vocabulary is an error, reported with its row."""
    table = pd.read_csv(path, dtype=str, keep_default_na=False)
    bad = table[~table["family"].isin(FAMILIES)]
    if len(bad):
        rows = ", ".join(f"row {i + 2} ({f!r})" for i, f in zip(bad.index, bad["family"]))
        raise ValueError(f"{Path(path).name}: family not in {', '.join(FAMILIES)}: {rows}")
    return table.assign(key=table["pattern"].map(full_key))


#: ACLED's actor types (``inter1``/``inter2``: codes, or the labels of newer exports) that
#: settle a family on their own. ACLED's codebook ("Actors and Interactions", acledR, 2022):
#: 4 identity militias are organised around a community, ethnicity, region, religion or
#: livelihood; 8 External/Other Forces are international organisations, state forces outside
#: their own country, private security firms and hired mercenaries: foreign in Mali, but for
#: the firms ("Private Security Forces (Mali)"), which a row of the table keeps 'other'. State
#: forces (1: whose state?), rebel groups (2: which cause?) and political militias (3) do not:
#: in ACLED's Mali exports type 3 holds pro-government militias but also jihadist groups
#: ("Islamist Militia", "Those Who Signed in Blood", "Ansar al-Sharia") and Tuareg rebels (the
#: ADC of 2006).
ACLED_INTER_FAMILIES = {
    "4": "militia",
    "identity militia": "militia",
    "5": "other",
    "rioters": "other",
    "6": "other",
    "protesters": "other",
    "7": "other",
    "civilians": "other",
    "8": "foreign",
    "external/other forces": "foreign",
}


class ActorMapper:
    """Maps actor names to (family, actor_id or None), on whole names (see the module)."""

    def __init__(self, mapping: pd.DataFrame):
        self._exact: dict[str, tuple[str, str | None]] = {}
        self._suffixes: dict[str, tuple[str, str | None]] = {}
        for row in mapping.itertuples():
            target = self._suffixes if row.key.startswith("* ") else self._exact
            key = row.key[2:].strip() if row.key.startswith("* ") else row.key
            target.setdefault(key, (row.family, row.actor_id or None))  # the first row of a key wins
        self._suffix_words = max((len(key.split()) for key in self._suffixes), default=0)

    def family_of(self, name: str) -> tuple[str, str | None] | None:
        """(family, actor_id) for a name, or None when nothing matches."""
        key = full_key(name)
        if not key:
            return None
        base = normalise(name)
        for candidate in (key, without_years(key), base):
            if candidate in self._exact:
                return self._exact[candidate]
        words = base.split()
        # The longest suffix of whole words first, never longer than a suffix pattern (linear).
        for size in range(min(len(words) - 1, self._suffix_words), 0, -1):
            suffix = " ".join(words[-size:])
            if suffix in self._suffixes:
                return self._suffixes[suffix]
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


def families_by_type(staged: pd.DataFrame) -> dict[str, str]:
    """Each principal or target actor name whose ACLED actor type (inter1/inter2) settles its
    family (geo.importers.actors.ACLED_INTER_FAMILIES), by the type it has most often."""
    if "actor1_type" not in staged:
        return {}
    pairs = pd.concat(
        [
            pd.DataFrame({"name": per_cell(staged["actor1"], _first_name), "type": staged["actor1_type"]}),
            pd.DataFrame({"name": per_cell(staged["target"], _first_name), "type": staged["target_type"]}),
        ]
    )
    pairs = pairs[pairs["name"].notna() & pairs["type"].isin(list(ACLED_INTER_FAMILIES))]
    if pairs.empty:
        return {}
    most = pairs.groupby(["name", "type"]).size().sort_values(ascending=False, kind="stable").reset_index()
    most = most.drop_duplicates("name")
    return dict(zip(most["name"], most["type"].map(ACLED_INTER_FAMILIES), strict=True))


def _first_name(cell: str) -> str | None:
    names = split_actors(cell)
    return names[0] if names else None


def mapping_warnings(by_type: dict[str, str], unknown: dict[str, int]) -> list[str]:
    """What an import says of the names the mapping table lacks: those ACLED's actor type
    classified (with the family), and those left as ``other`` (with their number of events)."""
    warnings = []
    if by_type:
        listed = "; ".join(f"{name} ({family})" for name, family in sorted(by_type.items())[:15])
        warnings.append(
            f"{len(by_type)} actor name(s) are not in the mapping table and took their family from ACLED's actor "
            f"type (inter1/inter2): {listed}{'…' if len(by_type) > 15 else ''}."
        )
    if unknown:
        listed = "; ".join(f"{name} ({count})" for name, count in sorted(unknown.items(), key=lambda kv: -kv[1])[:15])
        warnings.append(
            f"{len(unknown)} actor name(s) are not in the mapping table and count as 'other': {listed}"
            f"{'…' if len(unknown) > 15 else ''}. Add them to data/actor_families.csv to classify them."
        )
    return warnings
