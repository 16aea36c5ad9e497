"""Every user-facing string: one TOML file per language in this folder (``en.toml``, ``fr.toml``).

Why TOML rather than gettext catalogues: Python 3.11 reads TOML with the standard library
(:mod:`tomllib`), so there is no new dependency and no compile step (gettext wants its ``.po``
files compiled to ``.mo``); a file is plain ``"key" = "value"`` lines that any editor shows; and
the keys stay the code's own names, where gettext keys each string by its English text.
Vocabulary labels are keyed by the schema's codes (``family.jihadist``, ``event_type.ambush``,
``status.besieged``) so there is no second list to drift.

A language is a file ``<code>.toml`` with two tables: ``[meta]``, with ``name`` (the language's
own name, shown in the language switch) and optionally ``place_name_column`` (the column of
``data/places.csv`` that names places in that language; without it places keep their English
``name``), and ``[strings]``, with exactly the keys and ``{placeholders}`` of ``en.toml``. The
files are read once and checked: a file that breaks these rules raises :class:`LanguageError`
naming the file and the key.
"""

from __future__ import annotations

import functools
import re
import string
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType

#: The folder of the language files, found from this module whatever the working directory.
FOLDER = Path(__file__).parent
DEFAULT_LANGUAGE = "en"

#: What a language file's name may be: a language code (en, fr, pt_BR).
_CODE = re.compile(r"[a-z]{2,3}(?:_[A-Z]{2})?")


class LanguageError(ValueError):
    """A language file that cannot be used; the message names the file and the key."""


@dataclass(frozen=True)
class Language:
    """One language file, read and checked."""

    code: str
    name: str
    place_name_column: str
    strings: Mapping[str, str]


@functools.cache
def load_languages(folder: Path = FOLDER, default: str = DEFAULT_LANGUAGE) -> Mapping[str, Language]:
    """Every ``*.toml`` in ``folder`` by language code, ``default`` first and the others sorted.

    Every language must have exactly the keys of ``default`` and the same placeholders per key.
    """
    paths = {path.stem: path for path in sorted(Path(folder).glob("*.toml"))}
    if default not in paths:
        raise LanguageError(f"{Path(folder) / f'{default}.toml'}: the default language's file is missing")
    reference = _read(paths[default])
    languages = {default: reference}
    for code, path in paths.items():
        if code != default:
            languages[code] = _read(path)
            _check_against(languages[code], reference, path)
    return MappingProxyType(languages)


def _read(path: Path) -> Language:
    if not _CODE.fullmatch(path.stem):
        raise LanguageError(f"{path}: the file's name is not a language code such as en, fr or pt_BR")
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as error:
        raise LanguageError(f"{path}: not a readable TOML file: {error}") from error
    meta, strings = data.get("meta"), data.get("strings")
    if not isinstance(meta, dict) or not isinstance(meta.get("name"), str) or not meta["name"]:
        raise LanguageError(f'{path}: needs a [meta] table with name = "<the language\'s own name>"')
    column = meta.get("place_name_column", "name")
    if not isinstance(column, str) or not column:
        raise LanguageError(f"{path}: [meta] place_name_column must be a column name such as name_fr")
    if not isinstance(strings, dict):
        raise LanguageError(f"{path}: needs a [strings] table")
    for key, text in strings.items():
        if not isinstance(text, str):
            raise LanguageError(f'{path}: key "{key}" is not a string; quote dotted keys: "{key}.…" = "…"')
        placeholders(text, path, key)
    return Language(path.stem, meta["name"], column, MappingProxyType(dict(strings)))


def _check_against(language: Language, reference: Language, path: Path) -> None:
    expected = f"{reference.code}.toml"
    missing = [key for key in reference.strings if key not in language.strings]
    if missing:
        raise LanguageError(f"{path}: missing key(s) of {expected}: {', '.join(missing)}")
    extra = [key for key in language.strings if key not in reference.strings]
    if extra:
        raise LanguageError(f"{path}: key(s) that {expected} does not have: {', '.join(extra)}")
    for key, text in reference.strings.items():
        mine, theirs = placeholders(language.strings[key], path, key), placeholders(text, path, key)
        if mine != theirs:
            raise LanguageError(
                f'{path}: key "{key}" has the placeholders {sorted(mine)}, {expected} has {sorted(theirs)}'
            )


def placeholders(text: str, path: Path | str = "", key: str = "") -> set[str]:
    """The names of the ``{placeholders}`` in ``text`` (``{value!r}`` is ``value``)."""
    try:
        return {name for _, name, _, _ in string.Formatter().parse(text) if name}
    except ValueError as error:
        raise LanguageError(f'{path}: key "{key}" is not a valid format string: {error}') from error


_LANGUAGES = load_languages()

#: The registered languages: one per file in this folder, the default first.
LANGUAGES: tuple[str, ...] = tuple(_LANGUAGES)
#: Every string by language, then by key.
STRINGS: Mapping[str, Mapping[str, str]] = MappingProxyType({code: lang.strings for code, lang in _LANGUAGES.items()})


def t(lang: str, key: str, **values: object) -> str:
    """The string ``key`` in ``lang`` (English if the language is unknown), formatted with ``values``."""
    table = STRINGS.get(lang, STRINGS[DEFAULT_LANGUAGE])
    text = table[key]
    return text.format(**values) if values else text


def colon(lang: str) -> str:
    """What separates a label from its value in ``lang``: ": ", or in French a narrow no-break
    space before the colon ("Note\u202f: ...")."""
    return t(lang, "punct.colon")


def semicolon(lang: str) -> str:
    """What separates two items of a list in ``lang``: "; ", or in French "\u202f; "."""
    return t(lang, "punct.semicolon")


def language_name(code: str) -> str:
    """A language's own name, as its file's ``[meta]`` gives it (English, Français)."""
    return _LANGUAGES[code].name


def place_name_column(lang: str) -> str:
    """The column of ``places.csv`` that names places in ``lang`` (``name``, English, if none)."""
    return _LANGUAGES.get(lang, _LANGUAGES[DEFAULT_LANGUAGE]).place_name_column


def place_name(lang: str, name: str, name_fr: str) -> str:
    """A place's name in the interface language (Tombouctou, Ménaka in French).

    Callers pass the name columns the record has; a language whose column is none of them
    shows the English name.
    """
    localized = {"name_fr": name_fr}.get(place_name_column(lang))
    return localized if isinstance(localized, str) and localized else name


def region_name(lang: str, region: str) -> str:
    """A region of Mali in ``lang``: its ``region.<name>`` string where the language names it
    otherwise (Timbuktu is Tombouctou in French), else the name as the boundaries and the
    gazetteer write it (Kidal, Ségou). The name itself stays the key of filters and links."""
    return STRINGS.get(lang, STRINGS[DEFAULT_LANGUAGE]).get(f"region.{region}", region)


__all__ = [
    "DEFAULT_LANGUAGE",
    "FOLDER",
    "LANGUAGES",
    "STRINGS",
    "colon",
    "Language",
    "LanguageError",
    "language_name",
    "load_languages",
    "place_name",
    "place_name_column",
    "placeholders",
    "region_name",
    "semicolon",
    "t",
]
