"""The licences: the README names the code's and the record's, and the licence files say the same."""

from __future__ import annotations

import re

from .conftest import DATA, REPO

README = (REPO / "README.md").read_text(encoding="utf-8")
DATA_README = (DATA / "README.md").read_text(encoding="utf-8")
# The name a README gives a licence, and words of that licence's own text.
LICENCE_TEXTS = {
    "MIT": ["MIT License", "Permission is hereby granted, free of charge"],
    "CC BY 4.0": ["Attribution 4.0 International", "Section 1 -- Definitions."],
}


def claimed(pattern: str, text: str = README) -> str:
    match = re.search(pattern, text)
    assert match, f"the README does not say {pattern!r}"
    return match.group(1)


def test_the_readme_names_the_code_licence_and_the_license_file_holds_it():
    name = claimed(r"\*\*the code is under the (.+?) License\*\* \(\[`LICENSE`\]\(LICENSE\)\)")
    licence = (REPO / "LICENSE").read_text(encoding="utf-8")
    assert licence.splitlines()[0] == f"{name} License"
    for words in LICENCE_TEXTS[name]:
        assert words in licence
    assert re.search(r"^Copyright \(c\) \d{4} \S", licence, re.M)


def test_the_readme_names_the_record_licence_and_data_license_holds_it():
    name = claimed(r"\*\*the compiled record\s+in `data/` is under (CC BY \d\.\d)\*\* \(\[`data/LICENSE`\]")
    licence = (DATA / "LICENSE").read_text(encoding="utf-8")
    first_paragraph = licence.split("\n\n")[0]
    assert "Creative Commons Attribution 4.0 International licence (CC BY 4.0)" in first_paragraph
    assert name == "CC BY 4.0"
    for words in LICENCE_TEXTS[name]:
        assert words in licence
    # The third-party parts are named, with their own terms.
    assert "GeoNames (www.geonames.org), CC BY 4.0" in licence
    assert "Natural Earth admin-1, public domain" in licence
    assert "No ACLED" in licence


def test_the_data_readme_states_the_same_record_licence():
    section = DATA_README.split("## Licences and attribution", 1)[1].split("\n## ", 1)[0]
    assert "**The compiled record (this folder) is licensed under CC BY 4.0**" in section
    assert "(`../LICENSE`)" in section and "MIT License" in section


def test_the_licence_files_ship_in_the_container_image():
    ignored = (REPO / ".dockerignore").read_text().split()
    assert not {"LICENSE", "data", "data/LICENSE", "*"} & set(ignored)
