"""The rules of the code's shape: geo stays free of streamlit, folium stays in one module, ruff is clean."""

from __future__ import annotations

import ast
import subprocess
import sys

import pytest

from .conftest import REPO

GEO_MODULES = sorted((REPO / "geo").rglob("*.py"))


def imported_modules(path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module.split(".")[0])
    return names


@pytest.mark.parametrize("path", GEO_MODULES, ids=lambda p: p.name)
def test_geo_never_imports_streamlit(path):
    assert "streamlit" not in imported_modules(path)


@pytest.mark.parametrize("path", GEO_MODULES, ids=lambda p: str(p.relative_to(REPO)))
def test_only_the_map_package_imports_folium_branca_and_jinja(path):
    if (REPO / "geo" / "map") not in path.parents:
        assert not {"folium", "branca", "jinja2", "markupsafe"} & imported_modules(path)


def test_streamlit_folium_is_imported_once_at_the_top_of_ui():
    """Imported inside functions, many sessions of a cold server imported it at once and its
    component declaration failed in some of them (no map); see the comment in ui.py."""
    tree = ast.parse((REPO / "ui.py").read_text(encoding="utf-8"))
    top_level = {
        alias.name if isinstance(node, ast.Import) else node.module
        for node in tree.body
        if isinstance(node, ast.Import | ast.ImportFrom)
        for alias in node.names
    }
    assert "streamlit_folium" in top_level
    for path in [REPO / "app.py", REPO / "ui.py", *sorted((REPO / "pages").glob("*.py"))]:
        for function in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(function, ast.FunctionDef):
                assert "streamlit_folium" not in {
                    node.module if isinstance(node, ast.ImportFrom) else alias.name
                    for node in ast.walk(function)
                    if isinstance(node, ast.Import | ast.ImportFrom)
                    for alias in node.names
                }, f"{path.name}: {function.name} imports streamlit_folium"


def test_no_helper_modules_inside_pages():
    for page in (REPO / "pages").glob("*.py"):
        assert not page.name.startswith("_"), f"{page.name}: helpers in pages/ become pages; move it out"


@pytest.mark.parametrize("args", [["check", "."], ["format", "--check", "."]], ids=["lint", "format"])
def test_ruff_is_clean(args):
    result = subprocess.run([sys.executable, "-m", "ruff", *args], cwd=REPO, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
