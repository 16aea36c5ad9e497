"""Roads, blockades and bases (issue #15): the date queries on the tiny record (see its README),
their validation (file, row, column), and the layers' data (styles, popups, day spans)."""

from __future__ import annotations

import json

import pandas as pd
import pytest

from geo import DataError, load_dataset
from geo.bases import base_history, base_periods, bases_at
from geo.map.route_lines import base_points, blockade_points, route_lines
from geo.routes import (
    blockades_at,
    route_attacks,
    route_history,
    routes_at,
    routes_of_place,
    status_periods,
    with_blockades,
)
from geo.routes import (
    route_lines as lines_of,
)
from geo.spans import on_day, town_spans

from .test_validation import assert_reported, problems_of, read, set_cell, write


@pytest.mark.parametrize(
    ("date", "status", "by", "cut"),
    [
        ("2011-12-31", None, None, None),  # before any period: no status, never "open" by default
        ("2012-01-01", "open", None, None),
        ("2012-03-30", "open", None, None),
        ("2012-03-31", None, None, None),  # the one-day gap between two periods
        ("2012-04-01", "blockaded", "MNLA", "fuel|food"),
        ("2012-06-30", "blockaded", "MNLA", "fuel|food"),
        ("2012-07-01", "closed", "MUJAO", "everything"),
        ("2014-12-31", "closed", "MUJAO", "everything"),  # an open end runs to the as-of date
        ("2015-01-01", None, None, None),  # and no further
    ],
)
def test_routes_at_truth_table(tiny, date, status, by, cut):
    row = routes_at(tiny, date).set_index("route_id").loc["gao_kidal"]
    for column, expected in (("status", status), ("imposed_by_name", by), ("cut", cut)):
        value = row[column]
        assert (None if pd.isna(value) else value) == expected, (date, column)


def test_routes_at_lists_every_route_once(tiny):
    routes = routes_at(tiny, "2013-01-20")
    assert list(routes["route_id"]) == ["gao_kidal", "gao_timbuktu"]
    assert list(routes["status"]) == ["closed", "attacked"]
    assert routes.loc[1, "source_ids"] == "s1|s2"


def test_a_claim_names_its_claimant(tiny):
    row = routes_at(tiny, "2012-05-01").set_index("route_id").loc["gao_kidal"]
    assert row["claimant_name"] == "MNLA" and row["confidence"] == "low"


def test_route_history_and_routes_of_a_place(tiny):
    assert list(route_history(tiny, "gao_kidal")["status"]) == ["open", "blockaded", "closed"]
    assert list(routes_of_place(tiny, "gao")["route_id"]) == ["gao_kidal", "gao_timbuktu"]
    assert list(routes_of_place(tiny, "timbuktu")["route_id"]) == ["gao_timbuktu"]


def test_a_schematic_line_runs_through_its_towns_in_order(tiny):
    places = tiny.places.set_index("place_id")
    line = lines_of(tiny)["gao_kidal"]
    assert line == [[places.at[p, "lat"], places.at[p, "lon"]] for p in ("gao", "kidal")]


def test_blockades_at_and_the_towns_popup_says_who_and_what(tiny):
    assert list(blockades_at(tiny, "2013-01-15")["place_id"]) == ["gao", "timbuktu"]
    assert list(blockades_at(tiny, "2013-01-26")["place_id"]) == ["timbuktu"]  # Gao's ended on the 25th
    assert blockades_at(tiny, "2013-02-01").empty
    gao = with_blockades(tiny.control_at("2012-08-01"), tiny, "2012-08-01").set_index("place_id").loc["gao"]
    assert (gao["blockade_by"], gao["blockade_cut"], gao["blockade_since"]) == ("MNLA", "fuel|food", "2012-06-27")


def test_town_spans_carry_the_blockade_on_its_days(tiny):
    spans = town_spans(tiny)
    for day, by in (("2012-06-26", None), ("2012-06-27", "MNLA"), ("2013-01-25", "MNLA"), ("2013-01-26", None)):
        gao = on_day(spans, day).set_index("place_id").loc["gao"]
        assert (None if pd.isna(gao["blockade_by"]) else gao["blockade_by"]) == by, day


@pytest.mark.parametrize(
    ("date", "expected"),
    [
        ("2012-03-29", {"gao_camp": "fama", "kidal_camp": "fama"}),
        ("2012-03-31", {}),  # Gao overrun on the 30th, Kidal left on the 29th
        ("2013-01-31", {"gao_camp": "france"}),  # Kidal's French period has no start: shown from 2013-02-01
        ("2013-02-01", {"gao_camp": "france", "kidal_camp": "france"}),
        ("2014-07-01", {"gao_camp": "fama"}),  # the handover
    ],
)
def test_bases_at_truth_table(tiny, date, expected):
    held = bases_at(tiny, date)
    assert dict(zip(held["base_id"], held["operator_id"], strict=True)) == expected


def test_an_undated_start_is_shown_from_its_first_attestation(tiny):
    kidal = base_history(tiny, "kidal_camp").iloc[-1]
    assert pd.isna(kidal["start"])
    # Its only source (s2) was published on 2013-02-01, before the period's end.
    assert kidal["shown_from"] == pd.Timestamp("2013-02-01")


def test_base_history_names_whom_each_was_handed_to(tiny):
    history = base_history(tiny, "gao_camp")
    assert list(history["end_reason"].fillna("-")) == ["overrun", "handover", "-"]
    assert list(history["handed_to_name"].fillna("-")) == ["MNLA", "FAMa", "-"]


def test_a_folder_without_the_optional_tables_is_still_a_record(tiny_dir):
    for name in ("routes", "route_status", "route_events", "blockades", "bases", "base_periods"):
        (tiny_dir / f"{name}.csv").unlink()
    dataset = load_dataset(tiny_dir)
    assert dataset.routes.empty and dataset.bases.empty
    assert routes_at(dataset, "2012-05-01").empty and bases_at(dataset, "2012-05-01").empty
    assert dataset.routes_at("2012-05-01").empty and dataset.blockades_at("2012-05-01").empty


# --- validation --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("table", "index", "column", "value", "words"),
    [
        ("route_status", 0, "route_id", "gao_mopti", ["route 'gao_mopti' is not in routes.csv"]),
        ("route_status", 1, "status", "cut", ["not one of", "blockaded"]),
        ("route_status", 1, "cut", "fuel|water", ["fuel, food"]),
        ("route_status", 1, "imposed_by", "", ["required when the route is attacked"]),
        ("route_status", 0, "imposed_by", "mnla", ["only for a route that is not open"]),
        ("route_status", 1, "claimant_id", "nobody", ["actor 'nobody' is not in actors.csv"]),
        ("route_status", 3, "source_ids", "s1|s9", ["source 's9' is not in sources.csv"]),
        ("routes", 0, "via", "timbuktu|nowhere", ["place 'nowhere' is not in places.csv"]),
        ("routes", 0, "via", "kidal", ["more than once"]),
        ("routes", 1, "road_numbers", "route 18", ["road numbers"]),
        ("routes", 1, "geometry", "osm", ["no road geometry is bundled"]),
        ("blockades", 0, "imposed_by", "", ["empty but required"]),
        ("route_events", 0, "event_id", "ev-nowhere", ["event 'ev-nowhere' is not in events.csv"]),
        ("route_events", 1, "route_id", "gao_mopti", ["route 'gao_mopti' is not in routes.csv"]),
        ("route_events", 2, "source_ids", "s9", ["source 's9' is not in sources.csv"]),
        ("route_events", 1, "source_ids", "", ["empty but required"]),
        ("route_events", 1, "event_id", "ev-2012-03-01-kidal", ["a second time"]),
        ("bases", 0, "kind", "fort", ["not one of", "airbase"]),
        ("bases", 0, "lon", "", ["together"]),
        ("bases", 0, "lat", "46.5", ["outside mali"]),
        ("base_periods", 0, "operator_id", "russia", ["actor 'russia' is not in actors.csv"]),
        ("base_periods", 2, "end_reason", "handover", ["needs an end"]),
        ("base_periods", 3, "handed_to", "mnla", ["only for a handover or an overrun"]),
        ("base_periods", 1, "handed_to", "", ["names whom"]),
        ("base_periods", 0, "start_precision", "", ["exactly when start is given"]),
        ("base_periods", 1, "end", "2014-06-15", ["last day of the month"]),
    ],
)
def test_each_error_is_reported_with_file_row_and_column(tiny_dir, table, index, column, value, words):
    row = set_cell(tiny_dir, table, index, column, value)
    assert_reported(problems_of(tiny_dir), f"{table}.csv", row, column, *words)


def test_overlapping_periods_of_one_route_are_an_error(tiny_dir):
    row = set_cell(tiny_dir, "route_status", 1, "start", "2012-03-01")  # into the open period before it
    set_cell(tiny_dir, "route_status", 1, "start_precision", "day")
    assert_reported(problems_of(tiny_dir), "route_status.csv", row, "start", "overlaps", "row 2")


def test_overlapping_periods_of_one_base_are_an_error_even_undated(tiny_dir):
    # The undated French period at Kidal camp covers at least its last day, 2014-06-30.
    periods = read(tiny_dir, "base_periods")
    extra = periods.iloc[[3]].assign(start="2014-06-01", end="", end_precision="", end_reason="")
    write(tiny_dir, "base_periods", pd.concat([periods, extra], ignore_index=True))
    problems = problems_of(tiny_dir)
    assert any(p.file == "base_periods.csv" and "overlaps" in p.message for p in problems), problems


def test_two_parties_may_blockade_a_town_at_once_but_not_one_twice(tiny_dir):
    blockades = read(tiny_dir, "blockades")
    other = blockades.iloc[[0]].assign(imposed_by="mujao", claimant_id="")
    write(tiny_dir, "blockades", pd.concat([blockades, other], ignore_index=True))
    dataset = load_dataset(tiny_dir)
    gao = with_blockades(dataset.control_at("2012-08-01"), dataset, "2012-08-01").set_index("place_id").loc["gao"]
    assert gao["blockade_by"] == "MNLA;MUJAO"
    write(tiny_dir, "blockades", pd.concat([blockades, blockades.iloc[[0]]], ignore_index=True))
    assert_reported(problems_of(tiny_dir), "blockades.csv", 4, "start", "overlaps")


def test_an_empty_optional_file_is_reported_not_dropped(tiny_dir):
    (tiny_dir / "bases.csv").write_text("", encoding="utf-8")
    with pytest.raises(DataError) as caught:
        load_dataset(tiny_dir)
    assert any(p.file == "bases.csv" and "empty" in p.message for p in caught.value.problems)


def test_bundled_routes_and_bases_meet_the_issue(bundled):
    """Issue #15's floor (it only grows): every route and period sourced and checked on load."""
    assert len(bundled.routes) >= 10
    assert bundled.route_status["start"].notna().sum() >= 40
    handed = bundled.base_periods.dropna(subset=["end_reason"])["base_id"].nunique()
    assert len(bundled.bases) >= 30 and handed >= 25
    for table in (bundled.routes, bundled.route_status, bundled.blockades, bundled.bases, bundled.base_periods):
        assert table["source_ids"].notna().all()


# --- the layers' data ---------------------------------------------------------------------------


def test_route_lines_carry_each_state_with_its_days_and_escape_the_text(tiny):
    drawn = route_lines(tiny.routes, status_periods(tiny), lines_of(tiny), {"gao": "Gao"}, tiny.sources, "fr")
    gao_kidal = next(r for r in drawn if r["id"] == "gao_kidal")
    assert [s["status"] for s in gao_kidal["states"]] == ["open", "blockaded", "closed"]
    blockaded = gao_kidal["states"][1]
    assert (blockaded["from"], blockaded["to"]) == (15431, 15522)  # 2012-04-01 to 2012-06-30 inclusive
    assert "sous blocus" in blockaded["popup"] and "carburant, vivres" in blockaded["popup"]
    assert "Revendiqué par MNLA" in blockaded["popup"]
    assert "<b>and</b>" not in blockaded["popup"] and "&lt;b&gt;and&lt;/b&gt;" in blockaded["popup"]
    assert "schématique" in gao_kidal["popup"]


def test_base_and_blockade_markers(tiny):
    points = base_points(base_periods(tiny), base_periods(tiny), tiny.sources, "en")
    french = next(p for p in points if "France" in p["tip"] and "Gao" in p["tip"])
    assert (
        ">FR<" in french["icon"] and "handed over to FAMa" in french["popup"] and "overrun by MNLA" in french["popup"]
    )
    undated = next(p for p in points if "Kidal" in p["tip"] and "France" in p["tip"])
    assert "start not known (attested from 2013-02-01)" in undated["popup"]
    rings = blockade_points(blockades_at(tiny, "2013-01-15"), tiny.sources, "en")
    assert len(rings) == 2 and "Blockade of Gao" in rings[0]["popup"] and "fuel, food" in rings[0]["popup"]


def test_geojson_export_has_route_lines_and_bases(tiny):
    from geo.export import roads_and_bases_table, to_geojson

    date = "2013-01-28"
    text = to_geojson(
        tiny.control_at(date), tiny.events.iloc[0:0], routes_at(tiny, date), lines_of(tiny),
        blockades_at(tiny, date), bases_at(tiny, date),
    )  # fmt: skip
    kinds = [f["properties"]["kind"] for f in json.loads(text)["features"]]
    assert kinds.count("route") == 2 and kinds.count("base") == 1 and kinds.count("blockade") == 1
    base = next(f for f in json.loads(text)["features"] if f["properties"]["kind"] == "base")
    assert base["properties"]["base_kind"] == "camp" and base["geometry"]["coordinates"] == [-0.01, 16.25]
    route = next(f for f in json.loads(text)["features"] if f["properties"]["kind"] == "route")
    assert route["geometry"]["type"] == "LineString" and route["geometry"]["coordinates"][0] == [-0.04472, 16.27167]
    table = roads_and_bases_table(routes_at(tiny, date), blockades_at(tiny, date), bases_at(tiny, date))
    assert list(table["kind"]) == ["route", "route", "blockade", "base"]


def test_a_blockaded_towns_popup_says_who_what_since_when_and_if_it_is_a_claim(tiny):
    from geo.control import towns_at
    from geo.map.markers import town_points

    towns = with_blockades(towns_at(tiny, "2012-08-01"), tiny, "2012-08-01")
    gao = next(p for p in town_points(towns, tiny.actors, tiny.sources, "en") if "Gao" in p["tip"])
    assert "Blockaded by MNLA since 2012-06-27: fuel, food (a claim)" in gao["popup"]
    french = next(p for p in town_points(towns, tiny.actors, tiny.sources, "fr") if "Gao" in p["tip"])
    assert "Blocus imposé par MNLA depuis le 2012-06-27 : carburant, vivres (revendication)" in french["popup"]


# --- attacks on routes (route_events.csv) --------------------------------------------------------


def test_route_attacks_of_one_route_and_a_window(tiny):
    every = route_attacks(tiny)
    assert list(every["event_id"]) == ["ev-2012-03-01-kidal", "ev-2012-06-27-gao", "ev-2013-01-11-serval"]
    gao_kidal = route_attacks(tiny, "gao_kidal")
    assert list(gao_kidal["event_id"]) == ["ev-2012-03-01-kidal", "ev-2012-06-27-gao"]
    assert list(route_attacks(tiny, "gao_kidal", end="2012-06-26")["event_id"]) == ["ev-2012-03-01-kidal"]
    assert list(route_attacks(tiny, start="2012-06-27", end="2012-06-27")["event_id"]) == ["ev-2012-06-27-gao"]
    assert gao_kidal.loc[0, "link_sources"] == "s2" and gao_kidal.loc[0, "link_note_fr"].startswith("Sur la route")


def test_a_routes_popup_lists_its_attacks_latest_first_each_with_its_day(tiny):
    attacks = route_attacks(tiny)
    drawn = route_lines(tiny.routes, status_periods(tiny), lines_of(tiny), {}, tiny.sources, "en", attacks)
    gao_kidal = next(r for r in drawn if r["id"] == "gao_kidal")
    for popup in [gao_kidal["popup"], *(s["popup"] for s in gao_kidal["states"])]:
        assert popup.index("Battle of Gao.") < popup.index("Siege of Kidal.")  # latest first
        assert "data-day='15518'" in popup and "data-day='15400'" in popup  # 2012-06-27, 2012-03-01
        assert "&lt;i&gt;north&lt;/i&gt;" in popup and "<i>" not in popup  # the note is text
    gao_timbuktu = next(r for r in drawn if r["id"] == "gao_timbuktu")
    assert "Serval begins" in gao_timbuktu["popup"] and "Siege of Kidal." not in gao_timbuktu["popup"]
    french = route_lines(tiny.routes, None, lines_of(tiny), {}, tiny.sources, "fr", attacks)
    assert "Sur la route au nord de Gao." in next(r for r in french if r["id"] == "gao_kidal")["popup"]
    # No attacks given (a map without them): no list.
    bare = route_lines(tiny.routes, None, lines_of(tiny), {}, tiny.sources, "en")
    assert all("mcm-attacks" not in r["popup"] for r in bare)


def test_bundled_convoy_attacks_are_linked_to_their_roads(bundled):
    """Issue #15: convoy attacks are events linked to their route; each link cites a source."""
    links = bundled.route_events
    assert links["source_ids"].notna().all()
    assert links["route_id"].nunique() >= 5 and len(links) >= 15
    fuel = route_attacks(bundled, "bamako_kayes", start="2025-09-03")
    assert fuel["description"].str.contains("tanker", case=False).any()
