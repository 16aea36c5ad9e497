"""Every string exists in both languages, and every vocabulary code has a label."""

from __future__ import annotations

import string

import pytest

from geo.i18n import LANGUAGES, STRINGS, place_name, t
from geo.schema import CONFIDENCES, EVENT_TYPES, FAMILIES, STATUSES


def test_both_languages_have_the_same_keys():
    english, french = set(STRINGS["en"]), set(STRINGS["fr"])
    assert english - french == set(), "missing in French"
    assert french - english == set(), "missing in English"


@pytest.mark.parametrize(
    ("prefix", "codes"),
    [("family", FAMILIES), ("event_type", EVENT_TYPES), ("status", STATUSES), ("confidence", CONFIDENCES)],
)
@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_vocabulary_code_has_a_label(lang, prefix, codes):
    for code in codes:
        assert f"{prefix}.{code}" in STRINGS[lang]


@pytest.mark.parametrize("key", sorted(STRINGS["en"]))
def test_placeholders_agree_between_languages(key):
    def fields(text):
        return {name for _, name, _, _ in string.Formatter().parse(text) if name}

    assert fields(STRINGS["en"][key]) == fields(STRINGS["fr"][key])


def test_t_formats_and_falls_back_to_english():
    assert t("fr", "metrics.towns_held", date="2012-09-01") == "Villes tenues le 2012-09-01"
    assert t("xx", "page.map") == "Map"


def test_place_names_follow_the_language():
    assert place_name("fr", "Timbuktu", "Tombouctou") == "Tombouctou"
    assert place_name("en", "Timbuktu", "Tombouctou") == "Timbuktu"
