"""Map layers as data: marker counts, colours, symbols, escaping, bounded payloads."""

from __future__ import annotations

import json
import re

import folium
import numpy as np
import pandas as pd
import pytest

from geo import map as layers
from geo.boundaries import load_regions
from geo.control import towns_at
from geo.events import events_between, group_by_location
from geo.map.assets import LOCAL_ASSETS, STATIC_DIR
from geo.map.elements import Points
from geo.map.layers import LayerData, draw_layers
from geo.style import EVENT_GLYPHS, FAMILY_COLORS, UNKNOWN_COLOR, fatality_size


def points_of(group: folium.FeatureGroup) -> list[dict]:
    (element,) = [child for child in group._children.values() if isinstance(child, Points)]
    return element.points


def rendered(group: folium.FeatureGroup) -> str:
    fmap = folium.Map()
    group.add_to(fmap)
    return fmap.get_root().render()


def control_points(dataset, date, lang="en"):
    group = layers.control_layer(towns_at(dataset, date), dataset.actors, dataset.sources, lang)
    return {p["tip"].split("</b>")[0].removeprefix("<b>"): p for p in points_of(group)}


def test_control_markers_on_a_date(tiny):
    points = control_points(tiny, "2012-05-01")
    assert set(points) == {"Gao", "Kidal"}  # Timbuktu has no control history in the tiny record
    assert f"--c:{FAMILY_COLORS['separatist']}" in points["Gao"]["icon"]
    assert "mcm-control" in points["Gao"]["icon"]
    assert "mcm-contested" in points["Kidal"]["icon"]
    assert "since 2012-04-01" in points["Kidal"]["tip"] and "confidence: low" in points["Kidal"]["tip"]


def test_town_without_a_holder_is_drawn_grey_not_dropped(tiny):
    points = control_points(tiny, "2012-03-30")
    assert f"--c:{FAMILY_COLORS['state']}" in points["Gao"]["icon"]
    assert f"--c:{UNKNOWN_COLOR}" in points["Kidal"]["icon"] and "mcm-unknown" in points["Kidal"]["icon"]
    assert "No sourced holder" in points["Kidal"]["tip"]


def test_key_towns_are_labelled_in_the_interface_language(tiny):
    points = control_points(tiny, "2013-06-01", lang="fr")
    assert 'class="mcm-label">Gao<' in points["Gao"]["icon"]
    assert "depuis le 2013-01-26" in points["Gao"]["tip"]


def test_control_popup_lists_sources_with_links_opening_a_new_tab(tiny):
    popup = control_points(tiny, "2013-06-01")["Gao"]["popup"]
    assert "Source one (Pub, 2013)" in popup


def test_bundled_control_layer_counts(bundled):
    towns = towns_at(bundled, "2012-09-01")
    points = points_of(layers.control_layer(towns, bundled.actors, bundled.sources, "en"))
    assert len(points) == len(towns) == bundled.control["place_id"].nunique()
    colours = [re.search(r"--c:(#[0-9a-fA-F]{6})", p["icon"]).group(1) for p in points]
    expected = [FAMILY_COLORS[f] if isinstance(f, str) else UNKNOWN_COLOR for f in towns["family"]]
    assert colours == expected


def test_event_markers_escape_every_data_string(tiny):
    events = events_between(tiny, "2012-01-01", "2014-12-31")
    group = layers.events_layer(events, None, tiny.actors, tiny.sources, "en")
    html = rendered(group)
    assert "<script>alert(1)</script>" not in html
    assert "alert(1)" in html  # the text is there, escaped
    popups = " ".join(p["popup"] for p in points_of(group))
    assert "Serval begins &lt;script&gt;alert(1)&lt;/script&gt;." in popups


def test_hostile_source_and_actor_names_are_escaped(tiny):
    sources = tiny.sources.copy()
    sources.loc[0, "title"] = '<img src=x onerror="alert(2)">'
    sources.loc[1, "url"] = 'https://example.org/"><script>alert(3)</script>'
    actors = tiny.actors.copy()
    actors.loc[actors["actor_id"] == "mujao", "name"] = "<b onmouseover=alert(4)>MUJAO</b>"
    events = events_between(tiny, "2012-01-01", "2014-12-31")
    points = points_of(layers.events_layer(events, None, actors, sources, "en"))
    text = json.dumps(points)
    for payload in ("<img src=x", "<script>alert(3)", "<b onmouseover"):
        assert payload not in text
    assert "&lt;img src=x onerror=&#34;alert(2)&#34;&gt;" in text
    assert 'target=\\"_blank\\"' in text and "noopener" in text


def test_event_markers_sized_by_fatalities_and_marked_by_type(tiny):
    events = events_between(tiny, "2012-01-01", "2014-12-31")
    points = points_of(layers.events_layer(events, None, tiny.actors, tiny.sources, "en"))
    by_tip = {p["tip"].split(" · ")[0]: p for p in points}
    gao = by_tip["2012-06-27"]  # 20-35 killed, a clash by MUJAO (jihadist)
    serval = by_tip["2013-01-11"]  # toll unknown
    assert gao["size"] > serval["size"] == fatality_size(None)
    assert EVENT_GLYPHS["clash"] in gao["icon"]
    assert FAMILY_COLORS["jihadist"] in gao["icon"]


def test_fatality_size_grows_and_is_capped():
    sizes = [fatality_size(n) for n in (0, 1, 10, 100, 10_000)]
    assert sizes == sorted(sizes) and sizes[0] == 14 and sizes[-1] == 44


def synthetic_events(count: int, seed: int = 1) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    return pd.DataFrame(
        {
            "event_id": [f"e{i}" for i in range(count)],
            "date": pd.Timestamp("2020-01-01") + pd.to_timedelta(rng.integers(0, 365, count), unit="D"),
            "lat": rng.uniform(11, 24, count),
            "lon": rng.uniform(-11, 3.5, count),
            "fatalities_low": pd.array(rng.integers(0, 20, count), dtype="Int64"),
            "fatalities_high": pd.array([pd.NA] * count, dtype="Int64"),
            "family": rng.choice(["state", "jihadist"], count),
            "event_type": rng.choice(["attack", "clash"], count),
        }
    )


@pytest.mark.parametrize("count", [50, 5_000, 50_000])
def test_grouping_is_bounded_and_loses_no_event(count):
    events = synthetic_events(count)
    groups = group_by_location(events, max_points=800)
    assert len(groups) <= 800
    assert groups["count"].sum() == count
    assert groups["fatalities"].sum() == events["fatalities_low"].sum()
    assert all(1 <= len(ids) <= 5 for ids in groups["top_event_ids"])


def test_grouped_layer_payload_stays_small():
    events = synthetic_events(50_000).assign(
        actor_id="a",
        allies=None,
        target_id=None,
        place_id=None,
        date_precision="day",
        description="x",
        source_ids="s",
        note=None,
    )
    groups = group_by_location(events, max_points=800)
    actors = pd.DataFrame({"actor_id": ["a"], "name": ["A"], "family": ["state"]})
    sources = pd.DataFrame({"source_id": ["s"], "title": ["T"], "publisher": ["P"], "published": ["2020"], "url": [""]})
    html = rendered(layers.events_layer(events, groups, actors, sources, "en"))
    assert len(html.encode()) < 2_000_000


def test_base_map_uses_only_vendored_assets():
    fmap = layers.base_map("en", "light", load_regions(), "/app/static")
    html = fmap.get_root().render()
    scripts = re.findall(r'<script src="([^"]+)"', html) + re.findall(r'<link rel="stylesheet" href="([^"]+)"', html)
    assert scripts, "no assets found"
    assert all(src.startswith(("/app/static/vendor/", "/app/static/map/")) for src in scripts), scripts


def test_vendored_files_exist():
    from .conftest import REPO

    assert STATIC_DIR == REPO / "static"
    for relative in LOCAL_ASSETS.values():
        assert (REPO / "static" / relative).is_file(), relative


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_base_map_is_identical_between_builds(lang):
    """st_folium keeps the browser map when the base map's script is unchanged."""
    from streamlit_folium import generate_leaflet_string

    first = generate_leaflet_string(layers.base_map(lang, "dark", load_regions(), "/app/static"))
    second = generate_leaflet_string(layers.base_map(lang, "dark", load_regions(), "/app/static"))
    assert first == second


def test_timed_layers_carry_each_marker_with_its_days(tiny):
    from geo.spans import event_spans, town_spans
    from geo.view import View

    towns = town_spans(tiny)
    events = event_spans(tiny, View(date=pd.Timestamp("2012-06-30").date(), window=30))
    data = LayerData(tiny.actors, tiny.sources, "en", None, towns=towns, events=events)
    control, placed, heated = draw_layers(data, ("control", "events", "heat"), timed=True)
    town_points, event_points = points_of(control), points_of(placed)
    assert len(town_points) == len(towns) and len(event_points) == len(events)
    kidal_mnla = [p for p in town_points if "Kidal" in p["tip"] and "MNLA" in p["tip"]]
    assert [(p["from"], p["to"]) for p in kidal_mnla] == [(15431, 15492)]  # 2012-04-01 to 2012-06-01
    gao = [p for p in event_points if p["tip"].startswith("2012-06-27")]
    assert [(p["from"], p["to"]) for p in gao] == [(15518, 15548)]  # 30 days from 2012-06-27
    # The browser code (static/map/points.js) gets the points with what to do with them.
    assert "mmMap.points(" in rendered(control) and '{"cluster":false,"shift":0,"timed":true}' in rendered(control)
    assert '{"cluster":true,"shift":10,"timed":true}' in rendered(placed)
    # The heat layer: each event's position, cell on the finest grid and days.
    heat_script = rendered(heated)
    assert "mmMap.timedHeat(" in heat_script and '"minOpacity":0.3' in heat_script
    assert "[16.27167,-0.04472,32499999,15518,15548]" in heat_script
    # Without spans (the server's one-date layers) the markers are drawn at once, not timed.
    one_date = layers.control_layer(towns_at(tiny, "2012-05-01"), tiny.actors, tiny.sources, "en")
    assert '"timed":false' in rendered(one_date)


def test_a_large_record_goes_to_the_browser_per_location_and_day_bounded_by_the_screen():
    """Beyond single markers, the timed events layer carries cells (at most MAX_MARKERS) and
    per-day totals, never the events themselves: no description, no source, no name."""
    from geo.snapshot import MAX_HEAT_POINTS, MAX_MARKERS
    from geo.spans import event_cells

    events = synthetic_events(50_000).assign(description="a secret description")
    cells = event_cells(events, 90, MAX_MARKERS)
    heat_cells = event_cells(events, 90, MAX_HEAT_POINTS, families=False)
    actors = pd.DataFrame({"actor_id": ["a"], "name": ["A"], "family": ["state"]})
    data = LayerData(actors, pd.DataFrame(), "en", cells=cells, heat_cells=heat_cells)
    _, placed, heated = draw_layers(data, ("events", "heat"), timed=True)
    script = rendered(placed)
    call = re.search(r"mmMap\.timedCells\(\w+, (\{.*?\}), (\{.*\})\);", script)
    options, payload = json.loads(call.group(1)), json.loads(call.group(2))
    assert options["window"] == 90 and options["colors"][0] == FAMILY_COLORS["state"]
    assert "{count}" in options["icon"] and "{fatalities}" in options["tip"] and "{first}" in options["popup"]
    assert 0 < len(payload["cells"]) <= MAX_MARKERS
    # Every event counted once, on its day (the days are differences from the row before).
    assert sum(payload["count"]) == len(events) and sum(payload["toll"]) == events["fatalities_low"].sum()
    assert np.cumsum(payload["day"])[-1] == (events["date"].max() - pd.Timestamp("1970-01-01")).days
    assert "secret" not in script
    heat_script = rendered(heated)
    assert "mmMap.timedCellHeat(" in heat_script and '"toll"' not in heat_script


def test_a_layer_switched_off_is_an_empty_group_in_its_place(tiny):
    data = LayerData(tiny.actors, tiny.sources, "en", towns=towns_at(tiny, "2012-05-01"))
    control, placed, heated = draw_layers(data, ("control",))
    assert points_of(control) and not placed._children and not heated._children
    assert [g.layer_name for g in (control, placed, heated)] == layers.layer_names("en")


def test_the_browser_code_the_elements_call_exists():
    """Each element calls a function of static/map/*.js; the files define them."""
    code = " ".join(path.read_text() for path in (STATIC_DIR / "map").glob("*.js"))
    for function in ("points", "timedHeat", "timeBar", "legend", "timedCells", "timedCellHeat"):
        assert f"mm.{function} = function" in code, function
    assert "window.mmTimed" in code and "streamlit:setComponentValue" in code


def test_time_bar_starts_at_its_date_and_reports_picks_as_the_component_value():
    group = folium.FeatureGroup(name="time", control=False)
    layers.TimeBar("2013-01-25", "2012-01-01", "2026-06-04", "Date", revision=3).add_to(group)
    script = rendered(group)
    options = json.loads(re.search(r"mmMap\.timeBar\(window\.map, \w+, (\{.*?\})\);", script).group(1))
    assert options["day"] == 15730 and options["first"] == 15340 and options["last"] == 20608
    assert options["revision"] == 3 and options["label"] == "Date" and options["playing"] is False


def test_script_json_cannot_close_the_script_it_is_in():
    text = layers.script_json({"popup": "</script><script>alert(1)</script><!--", "name": "Tombouctou é"})
    assert "</" not in text and "<!--" not in text
    assert "é" in text  # not \u00e9: the timed layers carry every popup, size matters
    assert json.loads(text.replace("<\\/", "</").replace("<\\!--", "<!--"))["popup"].startswith("</script>")


def test_the_standalone_html_carries_all_its_code_and_style(tiny):
    """Leaflet, the plugins and the project's own browser code and style, inlined: nothing to fetch."""
    fmap = layers.base_map("en", "light", None, None)
    groups = [
        layers.control_layer(towns_at(tiny, "2013-06-01"), tiny.actors, tiny.sources, "en"),
        layers.events_layer(events_between(tiny, "2012-01-01", "2014-12-31"), None, tiny.actors, tiny.sources, "en"),
    ]
    page = layers.standalone_html(fmap, groups, "Mali 2013-06-01")
    assert not re.findall(r'<script[^>]+src=|<link rel="stylesheet"', page)
    for code in ("mm.points = function", "mm.legend = function", ".mcm-town", "markerClusterGroup=function"):
        assert code in page, code
