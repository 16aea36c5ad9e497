"""data/README.md documents every column and every vocabulary value the schema declares."""

from __future__ import annotations

import re

import pytest

from geo.schema import TABLES, VOCABULARIES, markdown_column_tables

from .conftest import DATA

README = (DATA / "README.md").read_text(encoding="utf-8")


def section(title: str) -> str:
    """The text of README's section headed `### <title>`, up to the next heading."""
    match = re.search(rf"^###\s+`?{re.escape(title)}`?\s*$(.*?)(?=^##)", README + "\n##", re.M | re.S)
    assert match, f"data/README.md has no section '### {title}'"
    return match.group(1)


@pytest.mark.parametrize("table", list(TABLES.values()), ids=lambda t: t.file)
def test_every_column_is_documented_in_its_table_section(table):
    text = section(table.file)
    documented = set(re.findall(r"^\|\s*`([a-z_]+)`\s*\|", text, re.M))
    assert documented == set(table.columns), (
        f"{table.file}: undocumented {set(table.columns) - documented}, stale {documented - set(table.columns)}"
    )


@pytest.mark.parametrize(("name", "values"), list(VOCABULARIES.items()))
def test_every_vocabulary_value_is_documented(name, values):
    text = section(f"Vocabulary: {name}")
    documented = set(re.findall(r"^\|\s*`([a-z_]+)`\s*\|", text, re.M))
    assert documented == set(values)


def test_column_descriptions_match_the_schema():
    assert markdown_column_tables() in README, "run: python scripts/document_schema.py"
