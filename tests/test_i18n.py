"""Every registered language has every string, and every vocabulary code has a label.

The languages are the TOML files of ``geo/i18n/``; the tests below run for each of them, and a
third language written to a temporary folder is either registered or rejected by name.
"""

from __future__ import annotations

import json
import shutil
import string

import pytest

from geo.i18n import (
    DEFAULT_LANGUAGE,
    FOLDER,
    LANGUAGES,
    STRINGS,
    LanguageError,
    language_name,
    load_languages,
    place_name,
    place_name_column,
    placeholders,
    t,
)
from geo.schema import CONFIDENCES, EVENT_TYPES, FAMILIES, STATUSES

OTHER_LANGUAGES = [lang for lang in LANGUAGES if lang != DEFAULT_LANGUAGE]


def write_language(folder, code, name, strings, meta_extra=""):
    """``<folder>/<code>.toml`` with ``strings`` (JSON strings are valid TOML basic strings)."""
    lines = ["[meta]", f"name = {json.dumps(name, ensure_ascii=False)}", meta_extra, "[strings]"]
    lines += [f"{json.dumps(key)} = {json.dumps(text, ensure_ascii=False)}" for key, text in strings.items()]
    (folder / f"{code}.toml").write_text("\n".join(lines) + "\n", encoding="utf-8")


@pytest.fixture
def folder(tmp_path):
    """A copy of the language files, to add a third language to."""
    for path in FOLDER.glob("*.toml"):
        shutil.copy(path, tmp_path / path.name)
    return tmp_path


def test_the_languages_are_the_files_of_the_package_default_first():
    assert LANGUAGES[0] == DEFAULT_LANGUAGE
    assert set(LANGUAGES) == {path.stem for path in FOLDER.glob("*.toml")}
    assert list(LANGUAGES[1:]) == sorted(LANGUAGES[1:])
    assert {"en", "fr"} <= set(LANGUAGES)


@pytest.mark.parametrize("lang", OTHER_LANGUAGES)
def test_every_language_has_the_keys_of_the_default(lang):
    default, other = set(STRINGS[DEFAULT_LANGUAGE]), set(STRINGS[lang])
    assert default - other == set(), f"missing in {lang}"
    assert other - default == set(), f"missing in {DEFAULT_LANGUAGE}"


@pytest.mark.parametrize(
    ("prefix", "codes"),
    [("family", FAMILIES), ("event_type", EVENT_TYPES), ("status", STATUSES), ("confidence", CONFIDENCES)],
)
@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_vocabulary_code_has_a_label(lang, prefix, codes):
    for code in codes:
        assert f"{prefix}.{code}" in STRINGS[lang]


@pytest.mark.parametrize("key", sorted(STRINGS[DEFAULT_LANGUAGE]))
@pytest.mark.parametrize("lang", OTHER_LANGUAGES)
def test_placeholders_agree_between_languages(lang, key):
    def fields(text):
        return {name for _, name, _, _ in string.Formatter().parse(text) if name}

    assert fields(STRINGS[DEFAULT_LANGUAGE][key]) == fields(STRINGS[lang][key])


def test_placeholders_are_the_field_names():
    assert placeholders("{name} {value!r} is not valid; using {default}") == {"name", "value", "default"}
    assert placeholders("no {{braces}} here") == set()


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_language_names_itself_for_the_switch(lang):
    assert language_name(lang).strip()


def test_the_switch_shows_english_and_french_as_before():
    assert [language_name(lang) for lang in ("en", "fr")] == ["English", "Français"]
    assert len({language_name(lang) for lang in LANGUAGES}) == len(LANGUAGES)


def test_t_formats_and_falls_back_to_english():
    assert t("fr", "metrics.towns_held", date="2012-09-01") == "Villes tenues le 2012-09-01"
    assert t("xx", "page.map") == "Map"


def test_place_names_follow_the_language():
    assert place_name("fr", "Timbuktu", "Tombouctou") == "Tombouctou"
    assert place_name("en", "Timbuktu", "Tombouctou") == "Timbuktu"


def test_place_names_fall_back_to_english():
    assert place_name("xx", "Timbuktu", "Tombouctou") == "Timbuktu"
    assert place_name("fr", "Timbuktu", "") == "Timbuktu"
    assert (place_name_column("en"), place_name_column("fr"), place_name_column("xx")) == ("name", "name_fr", "name")


def test_the_files_are_found_from_any_working_directory(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert FOLDER.is_absolute()
    assert tuple(load_languages.__wrapped__()) == LANGUAGES


def test_a_complete_third_language_is_registered(folder):
    german = {key: f"[de] {text}" for key, text in STRINGS[DEFAULT_LANGUAGE].items()}
    write_language(folder, "de", "Deutsch", german)
    languages = load_languages(folder)
    assert list(languages) == ["en", "de", "fr"]
    assert languages["de"].name == "Deutsch"
    assert dict(languages["de"].strings) == german
    assert languages["de"].place_name_column == "name"  # no column of its own: English place names
    assert dict(languages["fr"].strings) == dict(STRINGS["fr"])


def test_a_third_language_can_name_its_place_column(folder):
    write_language(folder, "de", "Deutsch", dict(STRINGS[DEFAULT_LANGUAGE]), 'place_name_column = "name_de"')
    assert load_languages(folder)["de"].place_name_column == "name_de"


def test_a_language_with_missing_keys_is_rejected_by_file_and_key(folder):
    german = dict(STRINGS[DEFAULT_LANGUAGE])
    del german["page.map"], german["legend.title"]
    write_language(folder, "de", "Deutsch", german)
    with pytest.raises(LanguageError) as error:
        load_languages(folder)
    assert "de.toml" in str(error.value)
    assert "page.map" in str(error.value) and "legend.title" in str(error.value)


def test_a_language_with_an_extra_key_is_rejected_by_file_and_key(folder):
    write_language(folder, "de", "Deutsch", {**STRINGS[DEFAULT_LANGUAGE], "page.extra": "Extra"})
    with pytest.raises(LanguageError, match=r"de\.toml.*page\.extra"):
        load_languages(folder)


def test_a_placeholder_mismatch_is_rejected_by_file_and_key(folder):
    german = {**STRINGS[DEFAULT_LANGUAGE], "metrics.towns_held": "Städte am {datum}"}
    write_language(folder, "de", "Deutsch", german)
    with pytest.raises(LanguageError, match=r"de\.toml.*metrics\.towns_held.*datum"):
        load_languages(folder)


def test_a_broken_placeholder_is_rejected_by_file_and_key(folder):
    write_language(folder, "de", "Deutsch", {**STRINGS[DEFAULT_LANGUAGE], "page.map": "Karte {"})
    with pytest.raises(LanguageError, match=r"de\.toml.*page\.map"):
        load_languages(folder)


def test_an_unquoted_dotted_key_is_rejected_with_a_hint(folder):
    (folder / "de.toml").write_text('[meta]\nname = "Deutsch"\n[strings]\napp.title = "Karte"\n', encoding="utf-8")
    with pytest.raises(LanguageError, match=r'de\.toml.*"app".*quote dotted keys'):
        load_languages(folder)


def test_a_language_without_a_name_is_rejected(folder):
    (folder / "de.toml").write_text('[strings]\n"app.title" = "Karte"\n', encoding="utf-8")
    with pytest.raises(LanguageError, match=r"de\.toml.*\[meta\].*name"):
        load_languages(folder)


def test_a_folder_without_the_default_language_is_rejected(tmp_path):
    write_language(tmp_path, "de", "Deutsch", dict(STRINGS[DEFAULT_LANGUAGE]))
    with pytest.raises(LanguageError, match=r"en\.toml"):
        load_languages(tmp_path)
