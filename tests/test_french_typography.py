"""French typography, numbers and dates (issue #19): a narrow no-break space before : ; ? ! in
every French string and in text the code composes; numbers and dates in prose through Babel
(geo.i18n.formats), never formatted by hand."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from geo.control import towns_at
from geo.i18n import STRINGS, colon, semicolon
from geo.i18n.formats import long_date, number
from geo.map.markers import town_points

from .conftest import REPO, app_page

NO_BREAK = "\u202f\u00a0"  # narrow no-break space (preferred), no-break space
SIGNS = ":;?!"


def badly_spaced(text: str) -> list[str]:
    """Each ':' ';' '?' '!' of French ``text`` not preceded by a (narrow) no-break space, with
    its context; a {placeholder} (``{value!r}``), a URL and a time (03:30) are not prose."""
    prose = re.sub(r"\{[^{}]*\}", "X", text)
    prose = re.sub(r"https?://\S+", "URL", prose)
    prose = re.sub(r"\b\d{1,2}:\d{2}\b", "TIME", prose)
    return [
        prose[max(0, m.start() - 12) : m.end() + 3]
        for m in re.finditer(f"[{SIGNS}]", prose)
        if m.start() == 0 or prose[m.start() - 1] not in NO_BREAK
    ]


def test_the_checker_sees_a_plain_space_and_no_space():
    assert badly_spaced("Note : texte") == ["Note : te"]
    assert badly_spaced("Note: texte") == ["Note: te"]
    assert badly_spaced("Note\u202f: texte ; fin") == ["ote\u202f: texte ; fi"]
    assert not badly_spaced("Note\u202f: voir https://example.org/a:b à 03:30 ({value!r})\u00a0!")


@pytest.mark.parametrize("key", sorted(STRINGS["fr"]))
def test_every_french_string_has_a_narrow_no_break_space_before_high_punctuation(key):
    assert not badly_spaced(STRINGS["fr"][key]), f"fr.toml {key}: {badly_spaced(STRINGS['fr'][key])}"


def test_composed_separators_follow_the_language():
    assert (colon("en"), semicolon("en")) == (": ", "; ")
    assert (colon("fr"), semicolon("fr")) == ("\u202f: ", "\u202f; ")


def test_popups_compose_their_labels_in_french_typography(tiny):
    day = towns_at(tiny, "2013-03-01")
    french = [p["popup"] for p in town_points(day, tiny.actors, tiny.sources, "fr") if "Avec" in p["popup"]]
    english = [p["popup"] for p in town_points(day, tiny.actors, tiny.sources, "en") if "With" in p["popup"]]
    assert french and all("Avec\u202f: France" in popup for popup in french)
    assert english and all("With: France" in popup for popup in english)


#: The folders of code that writes what readers see.
USER_FACING = ["ui", "pages", "geo/map", "geo/brief", "geo/charts.py", "geo/road_charts.py", "geo/claims.py"]


def test_no_number_is_formatted_by_hand():
    """A thousands separator is the language's (Babel's number()), never Python's ',' format."""
    found = []
    for root in USER_FACING:
        path = REPO / root
        for file in [path] if path.is_file() else sorted(path.rglob("*.py")):
            for line_number, line in enumerate(file.read_text(encoding="utf-8").splitlines(), 1):
                if re.search(r":,(\.\d+)?[df]?\}", line):
                    found.append(f"{Path(file).relative_to(REPO)}:{line_number}: {line.strip()}")
    assert not found, "\n".join(found)


def test_numbers_and_long_dates_follow_the_language():
    assert (number(12345, "en"), number(12345, "fr")) == ("12,345", "12\u202f345")
    assert (long_date("2026-06-04", "en"), long_date("2026-06-04", "fr")) == ("4 June 2026", "4 juin 2026")
    assert long_date("2026-06-01", "fr") == "1er juin 2026"


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_prose_dates_are_in_words_in_the_interface_language(bundled, lang):
    at = app_page("record.py", lang=lang)
    assert not at.exception
    said = " ".join(c.value for c in at.caption)
    assert long_date(bundled.as_of, lang) in said
    assert f"{bundled.as_of:%Y-%m-%d}" not in said


@pytest.mark.parametrize(
    ("lang", "words"), [("fr", "Villes tenues le 25 janvier 2013"), ("en", "Towns held on 25 January 2013")]
)
def test_the_map_pages_figures_say_their_date_in_words(lang, words):
    at = app_page("map.py", lang=lang, date="2013-01-25")
    assert not at.exception
    said = " ".join(m.value for m in at.markdown)
    assert words in said and "2013-01-25</div>" not in said
