"""The aggregations behind the charts and tables of the analysis pages, and the exports."""

from __future__ import annotations

import json

import pandas as pd
import pytest

from geo.events import distance_km, events_attributed, events_near
from geo.export import neutralise, to_geojson, to_safe_csv
from geo.timeline import TURNING_POINTS, control_lanes, lineage, monthly_counts, records_citing, turning_points


def test_monthly_counts_equal_the_event_table(bundled):
    events = bundled.events_between(bundled.first_date, bundled.as_of)
    monthly = monthly_counts(events)
    assert monthly["events"].sum() == len(events)
    toll = events["fatalities_low"].fillna(events["fatalities_high"]).fillna(0).sum()
    assert monthly["fatalities"].sum() == toll
    # Month by month too.
    by_month = events.groupby(events["date"].dt.to_period("M")).size()
    charted = monthly.groupby(monthly["month"].dt.to_period("M"))["events"].sum()
    pd.testing.assert_series_equal(by_month, charted, check_names=False)


def test_monthly_counts_of_the_tiny_record(tiny):
    monthly = monthly_counts(tiny.events_between("2012-01-01", "2014-12-31"))
    rows = {(f"{m:%Y-%m}", f): (e, k) for m, f, e, k in monthly.itertuples(index=False)}
    assert rows == {("2012-03", "separatist"): (1, 5), ("2012-06", "jihadist"): (1, 20), ("2013-01", "foreign"): (1, 0)}


def test_monthly_counts_of_nothing():
    empty = pd.DataFrame(
        {"date": pd.Series(dtype="datetime64[us]"), "family": [], "fatalities_low": [], "fatalities_high": []}
    )
    assert monthly_counts(empty).empty


def test_control_lanes_cover_every_period(tiny):
    lanes = control_lanes(tiny)
    assert len(lanes) == len(tiny.control)
    gao = lanes[lanes["place_id"] == "gao"].sort_values("start")
    assert gao["end"].iloc[-1] == tiny.as_of + pd.Timedelta(days=1)  # open period drawn to the as-of date
    assert set(lanes["family"]) == {"state", "separatist", "jihadist"}


def test_every_turning_point_is_a_sourced_event_of_the_record(bundled):
    points = turning_points(bundled)
    assert len(points) == len(TURNING_POINTS)
    events = bundled.events.set_index("event_id")
    assert events.loc[points["event_id"], "source_ids"].str.len().gt(0).all()


def test_lineage_follows_successor_of_both_ways(bundled):
    edges = set(lineage(bundled, "cma"))
    assert ("mnla", "cma") in edges and ("cma", "csp_psd") in edges and ("csp_psd", "fla") in edges
    assert ("wagner", "africa_corps") in set(lineage(bundled, "wagner"))
    assert ("isgs", "issp") in set(lineage(bundled, "issp"))


def test_records_citing_counts(tiny):
    counts = records_citing(tiny).set_index("source_id")
    assert counts.loc["s1", "events"] == 2 and counts.loc["s1", "control_periods"] == 6
    assert counts.loc["s2", "events"] == 2 and counts.loc["s2", "control_periods"] == 0


def test_distance_and_events_near(tiny):
    assert distance_km(16.27167, -0.04472, [16.27167], [-0.04472])[0] == pytest.approx(0)
    # Gao to Timbuktu is about 320 km as the crow flies.
    assert distance_km(16.27167, -0.04472, [16.77348], [-3.00742])[0] == pytest.approx(320, abs=15)
    assert list(events_near(tiny, "gao", 10)["event_id"]) == ["ev-2012-06-27-gao"]
    assert len(events_near(tiny, "gao", 1000)) == 3


def test_events_attributed_counts_allies_not_targets(bundled):
    attributed = events_attributed(bundled, "wagner")
    assert (attributed["actor_id"].eq("wagner") | attributed["allies"].fillna("").str.contains("wagner")).all()
    assert (
        not attributed["event_id"]
        .isin(
            bundled.events.loc[
                bundled.events["target_id"].eq("wagner")
                & bundled.events["actor_id"].ne("wagner")
                & ~bundled.events["allies"].fillna("").str.contains("wagner"),
                "event_id",
            ]
        )
        .any()
    )


@pytest.mark.parametrize("cell", ['=HYPERLINK("http://x")', "+1", "-2+3", "@SUM(A1)", "\t=1"])
def test_formula_cells_are_neutralised(cell):
    assert neutralise(cell) == "'" + cell
    text = to_safe_csv(pd.DataFrame({"a": [cell], "n": [-5]})).decode()
    assert f"'{cell[:2]}" in text.replace('"', "")
    assert ",-5" in text  # numbers stay numbers


def test_ordinary_cells_are_untouched():
    assert neutralise("Kidal") == "Kidal" and neutralise(3) == 3


def test_geojson_of_a_view(tiny):
    from geo.control import towns_at

    towns = towns_at(tiny, "2013-06-01")
    events = tiny.events_between("2012-01-01", "2014-12-31")
    collection = json.loads(to_geojson(towns, events))
    kinds = [f["properties"]["kind"] for f in collection["features"]]
    assert kinds.count("town") == len(towns) and kinds.count("event") == len(events)
    gao = next(
        f
        for f in collection["features"]
        if f["properties"].get("place_id") == "gao" and f["properties"]["kind"] == "town"
    )
    assert gao["geometry"]["coordinates"] == [-0.04472, 16.27167]
    assert gao["properties"]["actor_id"] == "fama" and gao["properties"]["start"] == "2013-01-26"


@pytest.mark.parametrize(
    "selection",
    [
        {"selection": {"brush": {"yearmonth_month": [1356998400000, 1364688000000]}}},  # epoch ms
        {"selection": {"brush": {"month": ["2013-01-01T00:00:00", "2013-03-31T00:00:00"]}}},
    ],
)
def test_a_brush_on_the_timeline_becomes_a_period(selection):
    import datetime as dt

    from geo.charts import brushed_range

    assert brushed_range(selection) == (dt.date(2013, 1, 1), dt.date(2013, 3, 31))


@pytest.mark.parametrize("selection", [None, {}, {"selection": {}}, {"selection": {"brush": {}}}])
def test_no_brush_no_period(selection):
    from geo.charts import brushed_range

    assert brushed_range(selection) is None


def test_charts_are_keyed_by_the_vocabularies(bundled):
    import datetime as dt

    from geo import charts

    monthly = monthly_counts(bundled.events_between(bundled.first_date, bundled.as_of))
    spec = charts.monthly_chart(monthly, dt.date(2013, 1, 28), turning_points(bundled), "fr").to_dict()
    text = json.dumps(spec, ensure_ascii=False)
    assert "Djihadistes (mouvance al-Qaïda)" in text and "2013-01-28" in text
    assert "Opération Serval" in charts.turning_point_legend(turning_points(bundled), "fr")


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_every_chart_has_a_description_in_the_interface_language(bundled, lang):
    """A chart's description is its name for screen readers (vega-embed's aria-label; issue #19);
    the brushable monthly chart is drawn on a canvas, where Vega-Lite's brush adds no unnamed marks."""
    import datetime as dt

    from geo import charts, road_charts
    from geo.bases import base_periods
    from geo.i18n import t
    from geo.routes import status_periods

    day = dt.date(2013, 1, 28)
    monthly = monthly_counts(bundled.events_between(bundled.first_date, bundled.as_of))
    built = {
        "a11y.chart.monthly": charts.monthly_chart(monthly, day, turning_points(bundled), lang),
        "a11y.chart.control": charts.control_gantt(control_lanes(bundled), day, lang),
        "a11y.chart.routes": road_charts.route_gantt(status_periods(bundled), day, lang),
        "a11y.chart.bases": road_charts.base_gantt(base_periods(bundled), day, lang),
    }
    for key, chart in built.items():
        spec = chart.to_dict()
        expected = t(lang, key, measure=t(lang, "timeline.metric.events").lower())
        assert spec["description"] == expected, key
    assert built["a11y.chart.monthly"].to_dict()["usermeta"]["embedOptions"]["renderer"] == "canvas"
