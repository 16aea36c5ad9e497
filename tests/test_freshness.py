"""The age of each fact: last_confirmed in the towns, faded markers past the threshold, the
sentence in the popups and panels (EN/FR), claims beside the facts, and the record's coverage."""

from __future__ import annotations

import pandas as pd
import pytest

from geo import load_dataset
from geo.control import STALE_AFTER_DAYS, coverage, towns_at
from geo.map.markers import event_points, town_points
from geo.map.popups import legend
from geo.spans import on_day, town_spans

CONFIRMED = pd.Timestamp("2013-06-30")


def gao(towns: pd.DataFrame) -> pd.Series:
    return towns.set_index("place_id").loc["gao"]


def test_a_holder_is_stale_only_past_the_threshold(tiny):
    last_fresh = CONFIRMED + pd.Timedelta(days=STALE_AFTER_DAYS)
    assert last_fresh <= tiny.as_of, "the fixture must reach past the threshold"
    assert not gao(towns_at(tiny, last_fresh))["stale"]
    assert gao(towns_at(tiny, last_fresh + pd.Timedelta(days=1)))["stale"]
    assert not towns_at(tiny, "2012-03-30").set_index("place_id").loc["kidal", "stale"], "no holder: not stale"


def test_the_time_bar_fades_a_town_on_the_same_day_as_the_server(tiny):
    spans = town_spans(tiny)
    first_stale = CONFIRMED + pd.Timedelta(days=STALE_AFTER_DAYS + 1)
    for day in (first_stale - pd.Timedelta(days=1), first_stale):
        shown = on_day(spans, day).set_index("place_id")
        assert shown.loc["gao", "stale"] == gao(towns_at(tiny, day))["stale"]
    assert on_day(spans, first_stale).set_index("place_id").loc["gao", "stale"]


@pytest.mark.parametrize(
    ("lang", "words"),
    [
        ("en", "last confirmed 2013-06-30, 100 days before this date"),
        ("fr", "dernière confirmation le 2013-06-30, 100 jours avant cette date"),
    ],
)
def test_the_town_popup_gives_the_age_of_the_latest_word(tiny, lang, words):
    day = CONFIRMED + pd.Timedelta(days=100)
    towns = towns_at(tiny, day)
    (point,) = [p for p in town_points(towns, tiny.actors, tiny.sources, lang, on=day) if "Gao" in p["tip"]]
    assert words in point["popup"]
    assert "{n}" in point["popup"], "the browser gets the sentence to say again for the time bar's day"
    assert "mcm-stale" not in point["icon"]


@pytest.mark.parametrize(
    ("lang", "words"),
    [
        ("en", "confirmed by a later source, of 2013-06-30"),
        ("fr", "confirmé par une source ultérieure, du 2013-06-30"),
    ],
)
def test_a_source_after_the_date_is_not_a_negative_age(tiny, lang, words):
    day = CONFIRMED - pd.Timedelta(days=30)
    towns = towns_at(tiny, day)
    gao = towns[towns["place_id"] == "gao"]
    assert (gao["last_confirmed"] > day).all(), "the fixture's period is confirmed after the day"
    (point,) = [p for p in town_points(towns, tiny.actors, tiny.sources, lang, on=day) if "Gao" in p["tip"]]
    assert words in point["popup"] and " -" not in point["popup"].split("mcm-age")[1].split("</span>")[0]
    assert "data-later=" in point["popup"], "the browser gets the sentence for a bar's day before the source"


def test_a_stale_town_is_faded_and_says_why(tiny):
    towns = towns_at(tiny, tiny.as_of)
    (point,) = [p for p in town_points(towns, tiny.actors, tiny.sources, "en", on=tiny.as_of) if "Gao" in p["tip"]]
    assert "mcm-stale" in point["icon"]
    assert f"within {STALE_AFTER_DAYS} days" in point["tip"]


def test_claims_stand_beside_the_facts_escaped(tiny):
    day = pd.Timestamp("2012-07-15")  # the MUJAO period of Gao, which the MNLA's claim is about
    towns = towns_at(tiny, day)
    points = town_points(towns, tiny.actors, tiny.sources, "fr", claims=tiny.claims, on=day)
    (point,) = [p for p in points if "Gao" in p["tip"]]
    assert "Le MNLA dit tenir encore &lt;b&gt;Gao&lt;/b&gt;. (2012-07)" in point["popup"]
    assert "<b>Gao</b>" not in point["popup"]
    events = tiny.events.assign(family="jihadist")
    (clash,) = [
        p for p in event_points(events, tiny.actors, tiny.sources, "en", claims=tiny.claims) if "2012-06-27" in p["tip"]
    ]
    assert "MUJAO says it killed 35 MNLA fighters. (2012-06-28)" in clash["popup"]
    (other,) = [
        p
        for p in town_points(
            towns_at(tiny, "2013-06-01"), tiny.actors, tiny.sources, "en", claims=tiny.claims, on="2013-06-01"
        )
        if "Gao" in p["tip"]
    ]
    assert "MNLA" not in other["popup"].split("Sources")[0], "a claim shows only with its own period"


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_the_legend_explains_the_threshold(lang):
    assert str(STALE_AFTER_DAYS) in legend(lang)
    assert "mcm-stale" in legend(lang)


def test_coverage_counts_blank_town_days(tiny):
    table, overall = coverage(tiny)
    days = (tiny.as_of - pd.Timestamp("2012-01-01")).days + 1
    assert table.loc["gao", "blank_days"] == 0
    # Kidal: held 1 Jan-29 Mar 2012 (89 days) and April-May 2012 (61 days), blank otherwise.
    assert table.loc["kidal", "blank_days"] == days - 89 - 61
    assert "timbuktu" not in table.index, "a place with no period is not a town of the measure"
    assert overall == pytest.approx((days - 150) / (2 * days))


def test_coverage_of_a_gap_filled_record(tiny_dir):
    control = pd.read_csv(tiny_dir / "control.csv", dtype=str, keep_default_na=False)
    control.loc[control["place_id"].eq("kidal") & control["end"].eq("2012-05-31"), ["end", "end_precision"]] = ""
    control.loc[control["place_id"].eq("kidal") & control["start"].eq("2012-04-01"), "start"] = "2012-03-30"
    control.loc[control["place_id"].eq("kidal") & control["start"].eq("2012-03-30"), "start_precision"] = "day"
    control.to_csv(tiny_dir / "control.csv", index=False)
    table, overall = coverage(load_dataset(tiny_dir))
    assert overall == 0 and table["blank_share"].eq(0).all()
