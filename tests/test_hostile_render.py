"""Hostile text in an upload goes through every rendering path as data (issue #12).

The upload (tests/fixtures/hostile/events.csv) carries Jinja (expressions, blocks, comments,
a lone ``{%``, attribute walks to ``os``), HTML/JS, Markdown links and images and
spreadsheet formulas after CR, LF and quotes, in descriptions, notes and actor names. Each
path must show the text literally: nothing evaluated, nothing linked, nothing executed.
"""

from __future__ import annotations

import csv
import io
import json
import os
import re
from pathlib import Path

import folium
import pytest
import streamlit_folium
from streamlit.testing.v1 import AppTest

import ui
from geo import map as layers
from geo.export import FORMULA_STARTS, to_geojson, to_safe_csv
from geo.importers import combine, read_events
from geo.map.elements import Points
from geo.map.layers import LayerData, draw_layers
from geo.snapshot import snapshot
from geo.spans import event_spans, town_spans
from geo.view import View

from .conftest import REPO

HOSTILE = REPO / "tests" / "fixtures" / "hostile" / "events.csv"
#: Where the ``os.makedirs`` payload would write if any template ran it.
PWNED_DIR = Path("/tmp/mali-map-pwned")
#: What the Jinja payloads print if they are evaluated; never in any output.
EVALUATED = ("zqjx", "zqblk", os.path.join("qq", "walked"))
#: Markdown that would make a link or load an outside image, unless escaped.
MARKDOWN_LINKS = re.compile(r"(?<!\\)\]\((?:https?:|\w)")
#: An HTML tag left for a Markdown renderer (Streamlit escapes it, but Markdown should not see it).
RAW_TAGS = re.compile(r"(?<!\\)<(?:script|img)")


@pytest.fixture(scope="module")
def hostile_upload():
    result = read_events(HOSTILE, name="hostile [x](https://evil.example) {{ 'zq' ~ 'jx' }}.csv")
    assert len(result.events) == 13 and result.rejected.empty
    return result


@pytest.fixture
def hostile_record(tiny, hostile_upload):
    """The tiny record with the hostile events (all in 2013) added."""
    return combine(tiny, hostile_upload, "both")


@pytest.fixture(autouse=True)
def no_pwned_dir():
    if PWNED_DIR.exists():
        PWNED_DIR.rmdir()
    yield
    assert not PWNED_DIR.exists(), "a template ran os.makedirs"


def assert_inert(text: str) -> None:
    for canary in EVALUATED:
        assert canary not in text, f"a template evaluated the upload: {canary!r} in the output"


VIEW = View(date=__import__("datetime").date(2013, 12, 31), window=365)


def test_the_fixture_carries_every_kind_of_payload(hostile_upload):
    text = " ".join(hostile_upload.events["description"])
    for needle in ("{{", "{%", "{#", "<script>", "](https://", "![x](", "\r=", "\n+", '"=HYPERLINK'):
        assert needle in text


def test_map_layers_keep_the_text_as_data(hostile_record):
    shot = snapshot(hostile_record, VIEW)
    group = layers.events_layer(shot.events, None, hostile_record.actors, hostile_record.sources, "en")
    (points,) = [c for c in group._children.values() if isinstance(c, Points)]
    popups = " ".join(p["popup"] for p in points.points)
    assert "{{ lipsum.__globals__.os.path.join(&#39;qq&#39;, &#39;walked&#39;) }}" in popups
    assert "&lt;script&gt;window.__pwned = 1&lt;/script&gt;" in popups
    # In the script the browser gets, no data can open a template tag, and the JSON still
    # decodes to the same popups.
    assert not re.search(r"\{[{%#]", points.points_json)
    assert json.loads(points.points_json.replace("<\\/", "</")) == points.points


@pytest.mark.parametrize("timed", [False, True])
def test_the_map_components_script_is_inert(hostile_record, timed):
    """The arguments st_folium's component gets (the map page's path), rendered twice as the
    component renders them: nothing evaluated, and a lone ``{%`` breaks nothing."""
    parts = ui.base_map_parts.__wrapped__("en", "light", False, "/app/static")
    if timed:
        towns = town_spans(hostile_record)
        events = event_spans(hostile_record, VIEW)
        data = LayerData(hostile_record.actors, hostile_record.sources, "en", towns=towns, events=events)
        groups = draw_layers(data, ("control", "events", "heat"), timed=True)
    else:
        shot = snapshot(hostile_record, VIEW)
        groups = [layers.events_layer(shot.events, None, hostile_record.actors, hostile_record.sources, "en")]
    script, _, _ = ui.render_groups(parts, groups)
    assert_inert(script)
    assert "zqcomment" in script and "half \\u007b% open" in script


def test_the_standalone_html_export_is_inert(hostile_record):
    shot = snapshot(hostile_record, VIEW)
    fmap = layers.base_map("en", "light", None, None)
    groups = [
        layers.control_layer(shot.towns, hostile_record.actors, hostile_record.sources, "en"),
        layers.events_layer(shot.events, None, hostile_record.actors, hostile_record.sources, "en"),
    ]
    page = layers.standalone_html(fmap, groups, "Mali 2013-12-31")
    assert_inert(page)
    assert "zqcomment" in page and "half \\u007b% open" in page
    assert "<script>window.__pwned" not in page


def test_the_place_map_through_st_folium_is_inert(hostile_record):
    """The Places page's small map, as st_folium renders it (header, html and script)."""
    shot = snapshot(hostile_record, VIEW)
    fmap = layers.place_map(hostile_record, "gao", shot.events, "en", None)
    fmap.render()
    rendered = (
        streamlit_folium._get_header(fmap) + streamlit_folium._get_html(fmap) + streamlit_folium._get_map_string(fmap)
    )
    assert_inert(rendered)
    assert "zqcomment" in rendered


def test_a_lone_template_opener_in_any_element_renders(hostile_record):
    """Rendering the whole figure (what folium does for an HTML page) neither fails nor evaluates."""
    shot = snapshot(hostile_record, VIEW)
    fmap = folium.Map()
    layers.events_layer(shot.events, None, hostile_record.actors, hostile_record.sources, "en").add_to(fmap)
    assert_inert(fmap.get_root().render())


def test_csv_and_geojson_exports_keep_the_text_and_run_no_formula(hostile_record):
    shot = snapshot(hostile_record, VIEW)
    exported = to_safe_csv(shot.events).decode("utf-8")
    cells = [cell for row in csv.reader(io.StringIO(exported)) for cell in row]
    for cell in cells:
        for line in re.split(r"[\r\n]", cell):
            assert not line.startswith(FORMULA_STARTS) or line.lstrip("-").replace(".", "").isdigit(), cell
    assert any("walked" in cell for cell in cells)
    features = json.loads(to_geojson(shot.towns, shot.events))["features"]
    descriptions = [f["properties"].get("description") or "" for f in features]
    assert any("{{ lipsum.__globals__" in d for d in descriptions)


APP = str(REPO / "app.py")
PAGES = sorted(p.name for p in (REPO / "pages").glob("*.py"))


def _texts(node) -> list[str]:
    """Every string an AppTest element tree holds (markdown sources, labels, component args)."""
    found = []
    proto = getattr(node, "proto", None)
    if proto is not None:
        found.append(str(proto))
    for child in getattr(node, "children", {}).values():
        found += _texts(child)
    return found


MARKDOWN_ELEMENTS = ("markdown", "caption", "warning", "error", "info", "success", "title", "subheader", "header")


@pytest.mark.parametrize("page", PAGES)
def test_every_page_shows_hostile_upload_text_as_text(monkeypatch, hostile_upload, page):
    monkeypatch.setattr(ui.timecontrols, "PLAY_DELAY", 0)
    at = AppTest.from_file(APP, default_timeout=90)
    at.session_state[ui.Key.UPLOAD] = hostile_upload
    at.session_state[ui.Key.UPLOAD_DATE] = "2026-11-30"
    at.session_state[ui.Key.SOURCE] = "both"
    at.query_params["date"] = "2013-12-31"
    at.query_params["window"] = "365"
    at.run()
    if page != "map.py":
        at.switch_page(f"pages/{page}").run()
    if page == "actors.py":
        at.selectbox(key=ui.Key.ACTOR).set_value("{{ 'zq' ~ 'jx' }}").run()
    assert not at.exception, at.exception
    assert_inert("\n".join(_texts(at._tree)))
    for kind in MARKDOWN_ELEMENTS:
        for element in getattr(at, kind):
            value = str(element.value)
            assert not MARKDOWN_LINKS.search(value), f"{kind} renders a link or image: {value[:200]}"
            assert not RAW_TAGS.search(value), value[:200]
    for status in at.get("expandable"):
        assert not MARKDOWN_LINKS.search(str(status.proto.label))


@pytest.mark.parametrize(
    "params",
    [
        {"date": "[Session expired - log in again](https://evil.example/login)"},
        {"date": "![x](http://127.0.0.9:9/beacon.png)"},
        {"place": "<img src=x onerror=alert(1)>"},
        {"families": "{{ 'zq' ~ 'jx' }}"},
    ],
)
def test_a_shared_link_shows_its_bad_values_as_text(monkeypatch, params):
    monkeypatch.setattr(ui.timecontrols, "PLAY_DELAY", 0)
    at = AppTest.from_file(APP, default_timeout=90)
    for name, value in params.items():
        at.query_params[name] = value
    at.run()
    assert not at.exception
    (value,) = params.values()
    warnings = [w.value for w in at.warning]
    assert warnings, "a bad parameter is reported"
    for warning in warnings:
        assert not MARKDOWN_LINKS.search(warning) and not RAW_TAGS.search(warning) and "zqjx" not in warning


@pytest.mark.parametrize(
    "text",
    [
        "[a](https://evil.example)",
        "![x](http://127.0.0.9/x.png)",
        "www.evil.example",
        "me@evil.example",
        "<b>bold</b> **strong** _em_ $x^2$ :red[hi] :material/home:",
        "line one\n# heading\r\n> quote",
    ],
)
def test_plain_leaves_nothing_markdown_can_read(text):
    shown = ui.plain(text)
    without_references = re.sub(r"&#\d+;", "", shown)
    assert not re.search(r"[!-/:-@\[-`{-~]", without_references), shown
    assert "\n" not in shown and "\r" not in shown
    decoded = __import__("html").unescape(shown).replace("\u2060", "")
    assert decoded == " ".join(text.split())


def test_plain_cuts_long_text():
    assert len(ui.plain("x" * 10_000, limit=50)) == 51
