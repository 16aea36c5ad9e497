"""Name resolution: any spelling, accents or none, French or English, small typos."""

from __future__ import annotations

import pytest

from geo.gazetteer import Gazetteer, fold

from .conftest import DATA


@pytest.fixture(scope="module")
def gazetteer(bundled_places):
    """The gazetteer of the bundled places and data/gazetteer.csv."""
    return Gazetteer.from_files(bundled_places, DATA / "gazetteer.csv")


@pytest.fixture(scope="module")
def bundled_places():
    """The bundled record's places."""
    from geo import load_dataset

    return load_dataset(DATA).places


@pytest.mark.parametrize(
    ("spelling", "place_id"),
    [
        ("Tombouctou", "timbuktu"),
        ("timbuktu", "timbuktu"),
        ("TIMBUKTU", "timbuktu"),
        ("Tin Zaouaten", "tinzaouatene"),
        ("Tin-Zaouatene", "tinzaouatene"),
        ("Ti-n-Zaouâtene", "tinzaouatene"),
        ("Tinzawatene", "tinzaouatene"),
        ("Ménaka", "menaka"),
        ("Menaka", "menaka"),
        ("menaka", "menaka"),
        ("Kidal", "kidal"),
        ("Gao", "gao"),
        ("Bamako", "bamako"),
        # small typos
        ("Timbuktou", "timbuktu"),
        ("Kidall", "kidal"),
        ("Tinzaouatine", "tinzaouatene"),
        ("Bamakko", "bamako"),
    ],
)
def test_key_places_resolve_from_any_spelling(gazetteer, spelling, place_id):
    match = gazetteer.resolve(spelling)
    assert match is not None, spelling
    assert match.place_id == place_id


def test_geonames_only_place_resolves_with_its_region(gazetteer):
    match = gazetteer.resolve("Tombouctou")
    assert match.geonames_id == 2449067
    village = gazetteer.resolve("Télabit")  # a Kidal-region village, only in GeoNames
    assert village is not None and village.place_id is None
    assert village.geonames_id == 2449992
    assert village.region == "Kidal"
    assert 18.5 < village.lat < 19.5


def test_homonyms_prefer_the_seat_of_government(gazetteer):
    # GeoNames has a regional capital Gao and a village Gao in Kayes; "Gao" means the city.
    match = gazetteer.resolve("Gao")
    assert match.lat == pytest.approx(16.27, abs=0.05)


@pytest.mark.parametrize("nonsense", ["", "   ", "Zzyzx Qwerty", "London"])
def test_unknown_names_resolve_to_nothing(gazetteer, nonsense):
    assert gazetteer.resolve(nonsense) is None


def test_search_lists_candidates_best_first(gazetteer):
    results = gazetteer.search("Tessalit", limit=3)
    assert results[0].score == 100
    assert results[0].name == "Tessalit"
    assert len(results) <= 3


@pytest.mark.parametrize(
    ("name", "key"),
    [("Ti-n-Zaouâtene", "tinzaouatene"), ("Ménaka", "menaka"), ("Aguel'hoc", "aguelhoc"), ("N'Tillit", "ntillit")],
)
def test_fold(name, key):
    assert fold(name) == key
