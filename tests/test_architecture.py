"""The rules of the code's shape: geo stays free of streamlit, folium stays in one module, ruff is clean."""

from __future__ import annotations

import ast
import re
import subprocess
import sys

import pytest

from .conftest import REPO

GEO_MODULES = sorted((REPO / "geo").rglob("*.py"))
BENCHMARK_MODULES = sorted((REPO / "benchmarks").rglob("*.py"))


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


def top_level_imports(path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return {
        alias.name if isinstance(node, ast.Import) else f"{node.module}.{alias.name}"
        for node in tree.body
        if isinstance(node, ast.Import | ast.ImportFrom)
        for alias in node.names
    }


UI_MODULES = sorted((REPO / "ui").glob("*.py"))
APP_MODULES = [REPO / "app.py", *UI_MODULES, *sorted((REPO / "pages").glob("*.py"))]


def test_streamlit_folium_is_imported_once_at_the_top_of_ui():
    """Imported inside functions, many sessions of a cold server imported it at once and its
    component declaration failed in some of them (no map); see ui/folium_bridge.py."""
    assert "ui.folium_bridge" in top_level_imports(REPO / "ui" / "__init__.py")
    assert "streamlit_folium" in top_level_imports(REPO / "ui" / "folium_bridge.py")
    users = [p.name for p in [*APP_MODULES, *GEO_MODULES] if "streamlit_folium" in imported_modules(p)]
    assert users == ["folium_bridge.py", "places.py"], users  # the Places page's small map: st_folium itself
    for path in APP_MODULES:
        for function in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(function, ast.FunctionDef):
                assert "streamlit_folium" not in {
                    node.module if isinstance(node, ast.ImportFrom) else alias.name
                    for node in ast.walk(function)
                    if isinstance(node, ast.Import | ast.ImportFrom)
                    for alias in node.names
                }, f"{path.name}: {function.name} imports streamlit_folium"


def test_the_app_leaves_the_chart_and_briefing_libraries_until_they_are_used():
    """A new server imports ``ui`` before its first map; matplotlib and fpdf2 (the briefing) and
    altair (the charts) cost about 1.3 s there (``python -X importtime``) and no map needs them
    (issue #18: the first map)."""
    code = "import sys, ui; print(sorted(m for m in ('altair', 'fpdf', 'matplotlib') if m in sys.modules))"
    done = subprocess.run([sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True, check=True)
    assert done.stdout.strip().splitlines()[-1] == "[]"


@pytest.mark.parametrize("path", [*UI_MODULES, *GEO_MODULES], ids=lambda p: str(p.relative_to(REPO)))
def test_no_module_is_over_400_lines(path):
    """One job per module. The schema is the one exception: every column and vocabulary, declared once."""
    lines = len(path.read_text(encoding="utf-8").splitlines())
    if path.name != "schema.py":
        assert lines <= 400, f"{path.relative_to(REPO)} has {lines} lines"


@pytest.mark.parametrize("path", [*UI_MODULES, *GEO_MODULES], ids=lambda p: str(p.relative_to(REPO)))
def test_no_javascript_function_inside_a_python_string(path):
    """Browser code lives in static/*.js, where it can be linted and tested as JavaScript."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            assert not re.search(r"function\s*\w*\s*\([^)]*\)\s*\{|=>\s*\{", node.value), (
                f"{path.name}: JavaScript in a string at line {node.lineno}"
            )


def test_the_javascript_detector_can_fail():
    assert re.search(r"function\s*\w*\s*\([^)]*\)\s*\{|=>\s*\{", "var f = function (day) { return day; };")


@pytest.mark.parametrize("path", UI_MODULES, ids=lambda p: p.name)
def test_ui_never_imports_folium_or_branca(path):
    assert not {"folium", "branca", "jinja2"} & imported_modules(path)


def test_only_ui_app_and_pages_import_streamlit():
    users = {
        p.relative_to(REPO).parts[0]
        for p in REPO.rglob("*.py")
        if not {".venv", "tests", "benchmarks", "scripts", ".git"} & set(p.relative_to(REPO).parts)
        and "streamlit" in imported_modules(p)
    }
    assert users <= {"ui", "app.py", "pages"}, users


RECORD_MODULES = ["schema", "dataset", "validation", "control", "events", "problems", "gazetteer", "boundaries"]


@pytest.mark.parametrize("name", RECORD_MODULES)
def test_the_record_knows_nothing_of_what_is_built_on_it(name):
    tree = ast.parse((REPO / "geo" / f"{name}.py").read_text(encoding="utf-8"))
    imported = {
        (node.module if isinstance(node, ast.ImportFrom) else alias.name)
        for node in ast.walk(tree)
        if isinstance(node, ast.Import | ast.ImportFrom)
        for alias in node.names
    }
    above = {"geo.view", "geo.snapshot", "geo.spans", "geo.map", "geo.charts", "geo.importers", "geo.timeline"}
    assert not {m for m in imported if m and any(m == a or m.startswith(a + ".") for a in above)}, imported


def test_every_layer_matches_an_overlay_of_the_view():
    from geo.map import LAYERS
    from geo.view import OVERLAYS

    assert [layer.overlay for layer in LAYERS] == [o for o in OVERLAYS if o in {layer.overlay for layer in LAYERS}]
    assert all(layer.overlay in OVERLAYS for layer in LAYERS)


def imports_of_tests(source: str, package: str = "benchmarks") -> list[str]:
    """Every import in ``source`` (a module of ``package``) that reaches the ``tests`` package:
    plain, from, relative (resolved against ``package``) or by name through importlib."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            parts = package.split(".")
            base = parts[: len(parts) - node.level + 1] if node.level else []
            names = [".".join([*base, *([node.module] if node.module else [])])]
            if not node.module:  # from .. import tests
                names = [".".join([*base, alias.name]) for alias in node.names]
        elif (
            isinstance(node, ast.Call)
            and getattr(node.func, "attr", getattr(node.func, "id", None)) in ("import_module", "__import__")
            and node.args
            and isinstance(node.args[0], ast.Constant)
            and isinstance(node.args[0].value, str)
        ):
            names = [node.args[0].value]
        else:
            continue
        found += [name for name in names if name == "tests" or name.startswith("tests.")]
    return found


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("import tests", ["tests"]),
        ("import os, tests.browser.harness", ["tests.browser.harness"]),
        ("from tests.conftest import pick_on_time_bar", ["tests.conftest"]),
        ("from tests import conftest", ["tests"]),
        ("from ..tests import conftest", ["tests"]),
        ("from .. import tests", ["tests"]),
        ("def f():\n    from tests.browser import harness", ["tests.browser"]),
        ("import importlib\nimportlib.import_module('tests.conftest')", ["tests.conftest"]),
        ("import benchmarks.harness, testsuite, geo.tests_helpers", []),
        ("from .harness import start_app\nfrom . import synthetic\nfrom benchmarks.tests import x", []),
    ],
)
def test_the_detector_of_imports_of_tests(source, expected):
    assert imports_of_tests(source) == expected


@pytest.mark.parametrize("path", BENCHMARK_MODULES, ids=lambda p: p.name)
def test_benchmarks_never_import_the_tests(path):
    """Tests may import benchmarks (the harness, the AppTest helpers); never the other way round."""
    assert imports_of_tests(path.read_text(encoding="utf-8")) == []


def test_no_helper_modules_inside_pages():
    for page in (REPO / "pages").glob("*.py"):
        assert not page.name.startswith("_"), f"{page.name}: helpers in pages/ become pages; move it out"


@pytest.mark.parametrize("args", [["check", "."], ["format", "--check", "."]], ids=["lint", "format"])
def test_ruff_is_clean(args):
    result = subprocess.run([sys.executable, "-m", "ruff", *args], cwd=REPO, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


def test_every_import_format_has_a_fixture_that_imports_as_that_format():
    """tests/fixtures/formats/<name>.csv for every entry of the registry, read by auto-detection."""
    from geo.importers import FORMATS, read_events

    fixtures = {path.stem: path for path in (REPO / "tests" / "fixtures" / "formats").glob("*.csv")}
    assert set(fixtures) == set(FORMATS)
    for name, path in fixtures.items():
        result = read_events(path)
        assert result.format == name and len(result.events) > 0
        assert len(result.events) + len(result.rejected) == result.data_rows


def test_every_import_format_is_named_in_every_language():
    from geo.i18n import LANGUAGES, STRINGS
    from geo.importers import FORMATS

    for lang in LANGUAGES:
        assert all(f"format.{name}" in STRINGS[lang] for name in FORMATS), lang
