"""Build data/gazetteer.csv, the reduced Mali gazetteer, from the GeoNames dump ML.txt.

Keeps the populated places (feature class P) with Latin-script names only, which is what
geocoding a town or village name needs.  GeoNames data is CC BY 4.0: see data/README.md.

    python scripts/build_gazetteer.py ../shared/data/geonames/ML.txt data/gazetteer.csv
"""

from __future__ import annotations

import csv
import sys
import unicodedata

import pandas as pd

GEONAMES_COLUMNS = [
    "geonameid",
    "name",
    "asciiname",
    "alternatenames",
    "latitude",
    "longitude",
    "feature_class",
    "feature_code",
    "country_code",
    "cc2",
    "admin1_code",
    "admin2_code",
    "admin3_code",
    "admin4_code",
    "population",
    "elevation",
    "dem",
    "timezone",
    "modification_date",
]
#: GeoNames writes Timbuktu's region in French; the rest of the project uses English.
REGION_ENGLISH = {"Tombouctou": "Timbuktu"}


def is_latin(text: str) -> bool:
    return all(ch.isascii() or "LATIN" in unicodedata.name(ch, "") or not ch.isalpha() for ch in text)


def latin_alt_names(row: pd.Series) -> str:
    seen = {row["name"].casefold()}
    names = []
    for alt in str(row["alternatenames"] or "").split(","):
        alt = alt.strip()
        if alt and is_latin(alt) and alt.casefold() not in seen:
            seen.add(alt.casefold())
            names.append(alt)
    return "|".join(names)


def build(source: str, target: str) -> int:
    dump = pd.read_csv(
        source, sep="\t", header=None, names=GEONAMES_COLUMNS, quoting=csv.QUOTE_NONE, dtype=str, keep_default_na=False
    )
    regions = dump[dump["feature_code"] == "ADM1"]
    region_by_code = {
        code: REGION_ENGLISH.get(n, n)
        for code, n in zip(regions["admin1_code"], regions["name"].str.replace(" Region", "", regex=False))
    }
    places = dump[dump["feature_class"] == "P"].copy()
    out = pd.DataFrame(
        {
            "geonames_id": places["geonameid"],
            "name": places["name"],
            "alt_names": places.apply(latin_alt_names, axis=1),
            "lat": places["latitude"],
            "lon": places["longitude"],
            "feature_code": places["feature_code"],
            "region": places["admin1_code"].map(region_by_code).fillna(""),
            "population": places["population"],
        }
    ).sort_values("geonames_id", key=lambda s: s.astype(int))
    out.to_csv(target, index=False, encoding="utf-8")
    return len(out)


if __name__ == "__main__":
    print(f"{build(sys.argv[1], sys.argv[2])} populated places written to {sys.argv[2]}")
