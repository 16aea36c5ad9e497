"""Resolve a place name, in any common spelling, to a place with coordinates.

Backed by the bundled places (places.csv, which win) and the reduced GeoNames gazetteer
(gazetteer.csv, CC BY 4.0). Names are compared folded: case, accents, spaces, hyphens
and apostrophes are ignored, so "Ti-n-Zaouâtene", "Tin Zaouaten" and "tinzaouaten" meet.
Small typos are forgiven through rapidfuzz.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
from rapidfuzz import fuzz, process

from geo.schema import split_list

#: Higher ranks win when one spelling names several GeoNames places (Gao town vs a Gao village).
_FEATURE_RANK = {"PPLC": 5, "PPLA": 4, "PPLA2": 3, "PPLA3": 2, "PPL": 1}
#: rapidfuzz ratio (0-100) a fuzzy match must reach; below it a name is "not found".
FUZZY_CUTOFF = 85


#: What a key leaves out once case-folded: everything but ASCII letters and digits.
_NOT_KEY = re.compile(r"[^a-z0-9]+")


def fold(name: str) -> str:
    """Lowercase ASCII letters and digits only: the key names are compared on."""
    return _NOT_KEY.sub("", unicodedata.normalize("NFKD", str(name)).casefold())


@dataclass(frozen=True)
class PlaceMatch:
    """A resolved name. ``place_id`` is set when it is one of the bundled places."""

    name: str
    lat: float
    lon: float
    region: str
    place_id: str | None
    geonames_id: int | None
    matched: str
    score: float


class Gazetteer:
    """Name lookup over the bundled places and the GeoNames extract."""

    def __init__(self, places: pd.DataFrame, geonames: pd.DataFrame | None = None):
        entries = []
        for place in places.itertuples(index=False):
            geonames_id = None if pd.isna(place.geonames_id) else int(place.geonames_id)
            for spelling in [place.name, place.name_fr, place.place_id, *split_list(place.alt_names)]:
                entries.append(
                    (
                        fold(spelling),
                        spelling,
                        10,
                        0,
                        place.name,
                        place.lat,
                        place.lon,
                        place.region,
                        place.place_id,
                        geonames_id,
                    )
                )
        if geonames is not None:
            for row in geonames.itertuples(index=False):
                rank = _FEATURE_RANK.get(row.feature_code, 0)
                population = 0 if pd.isna(row.population) else int(row.population)
                for spelling in [row.name, *split_list(row.alt_names)]:
                    entries.append(
                        (
                            fold(spelling),
                            spelling,
                            rank,
                            population,
                            row.name,
                            row.lat,
                            row.lon,
                            row.region if isinstance(row.region, str) else "",
                            None,
                            int(row.geonames_id),
                        )
                    )
        table = pd.DataFrame(
            entries,
            columns=[
                "key",
                "spelling",
                "rank",
                "population",
                "name",
                "lat",
                "lon",
                "region",
                "place_id",
                "geonames_id",
            ],
        )
        table = table[table["key"] != ""]
        # Best candidate first for every key: bundled places, then seat of government, then population.
        table = table.sort_values(["key", "rank", "population"], ascending=[True, False, False])
        self._best = table.drop_duplicates("key").set_index("key")
        self._keys = list(self._best.index)

    @classmethod
    def from_files(cls, places: pd.DataFrame, gazetteer_csv: str | Path | None) -> Gazetteer:
        geonames = None
        if gazetteer_csv is not None and Path(gazetteer_csv).is_file():
            geonames = pd.read_csv(
                gazetteer_csv,
                dtype={"alt_names": str, "region": str, "feature_code": str},
                keep_default_na=False,
                na_values={"population": [""]},
            )
        return cls(places, geonames)

    def resolve(self, name: str) -> PlaceMatch | None:
        """The best place for ``name``, or None when nothing is close enough."""
        matches = self.search(name, limit=1)
        return matches[0] if matches else None

    def search(self, name: str, limit: int = 5) -> list[PlaceMatch]:
        """Up to ``limit`` places for ``name``, best first: an exact folded match, then fuzzy ones."""
        key = fold(name)
        if not key:
            return []
        results: list[PlaceMatch] = []
        if key in self._best.index:
            results.append(self._match(key, 100.0))
        for candidate, score, _ in process.extract(
            key, self._keys, scorer=fuzz.ratio, limit=limit + 1, score_cutoff=FUZZY_CUTOFF
        ):
            if candidate != key:
                results.append(self._match(candidate, score))
        unique: dict[tuple, PlaceMatch] = {}
        for match in results:
            unique.setdefault((match.place_id, match.geonames_id, match.name), match)
        return list(unique.values())[:limit]

    def _match(self, key: str, score: float) -> PlaceMatch:
        row = self._best.loc[key]
        return PlaceMatch(
            name=row["name"],
            lat=float(row["lat"]),
            lon=float(row["lon"]),
            region=row["region"],
            place_id=row["place_id"] if isinstance(row["place_id"], str) else None,
            geonames_id=None if pd.isna(row["geonames_id"]) else int(row["geonames_id"]),
            matched=row["spelling"],
            score=float(score),
        )
