"""Facts the bundled record must never lose. A change that breaks one of these needs a source."""

from __future__ import annotations

import pandas as pd
import pytest

from geo.schema import KEY_PLACES

HOLDERS = [
    # date, place, actor, family
    ("2012-01-10", "kidal", "fama", "state"),
    ("2012-09-01", "kidal", "ansar_dine", "jihadist"),
    ("2012-09-01", "gao", "mujao", "jihadist"),
    ("2012-09-01", "timbuktu", "ansar_dine", "jihadist"),
    ("2012-09-01", "bamako", "fama", "state"),
    ("2013-02-15", "gao", "fama", "state"),
    ("2013-02-15", "timbuktu", "fama", "state"),
    ("2013-02-15", "kidal", "mnla", "separatist"),
    ("2016-01-01", "kidal", "cma", "separatist"),
    ("2016-01-01", "menaka", "gatia", "militia"),
    ("2023-11-14", "kidal", "fama", "state"),
    ("2024-01-01", "gao", "fama", "state"),
    ("2024-01-01", "timbuktu", "fama", "state"),
    ("2024-08-01", "tinzaouatene", "csp_psd", "separatist"),
    ("2025-01-01", "tinzaouatene", "fla", "separatist"),
    ("2026-05-01", "bamako", "fama", "state"),
    ("2026-05-01", "kidal", "fla", "separatist"),
    ("2025-08-01", "kayes", "fama", "state"),
    ("2025-08-01", "nioro_du_sahel", "fama", "state"),
]


@pytest.mark.parametrize(("date", "place", "actor", "family"), HOLDERS)
def test_key_place_holders(bundled, date, place, actor, family):
    held = bundled.control_at(date).set_index("place_id")
    assert held.loc[place, "actor_id"] == actor
    assert held.loc[place, "family"] == family


def test_kidal_after_the_april_2026_offensive_is_held_by_the_fla_with_low_confidence(bundled):
    held = bundled.control_at("2026-04-25").set_index("place_id").loc["kidal"]
    assert (held["actor_id"], held["status"]) == ("fla", "contested")
    kidal = bundled.control_at("2026-05-01").set_index("place_id").loc["kidal"]
    assert (kidal["actor_id"], kidal["status"], kidal["confidence"]) == ("fla", "control", "low")


@pytest.mark.parametrize("place", ["gao", "timbuktu", "menaka"])
def test_no_state_period_is_closed_by_rule_after_the_april_2026_offensive(bundled, place):
    """No source says Gao, Timbuktu or Ménaka changed hands in 2026: the state still holds them."""
    held = bundled.control_at(bundled.as_of).set_index("place_id").loc[place]
    assert held["family"] == "state"


def test_tessit_from_june_2025_records_both_claims(bundled):
    tessit = bundled.control_at("2025-06-10").set_index("place_id").loc["tessit"]
    assert (tessit["actor_id"], tessit["status"], tessit["confidence"]) == ("issp", "contested", "low")
    claims = bundled.claims[bundled.claims["place_id"].eq("tessit")]
    assert {"fama", "unidentified"} <= set(claims["claimant_id"])
    event = bundled.events.set_index("event_id").loc["ev-2025-06-04-tessit-attack"]
    assert event["actor_id"] == "issp"


def test_anefis_is_not_held_by_the_cma_when_the_cma_captures_it_in_july_2017(bundled):
    history = bundled.control_history("anefis")
    before = history[(history["start"] < "2017-07-11") & (history["end"] >= "2017-07-10")]
    assert not (before["actor_id"] == "cma").any()
    assert bundled.control_at("2017-07-11").set_index("place_id").loc["anefis", "actor_id"] == "cma"


def test_timbuktu_was_besieged_in_autumn_2023(bundled):
    assert bundled.control_at("2023-10-01").set_index("place_id").loc["timbuktu", "status"] == "besieged"


def test_every_key_place_has_a_history_from_2012(bundled):
    for place in KEY_PLACES:
        history = bundled.control_history(place)
        assert history["start"].min() == pd.Timestamp("2012-01-01"), place


def test_coverage(bundled):
    assert bundled.as_of == pd.Timestamp("2026-06-04")
    years = bundled.events["date"].dt.year.value_counts()
    assert set(range(2012, 2027)) <= set(years.index), "every year from 2012 to 2026 has events"
    assert len(bundled.events) >= 150
    assert len(bundled.places) >= 40
    towns_with_history = set(bundled.control["place_id"])
    assert set(KEY_PLACES) <= towns_with_history
    assert len(towns_with_history - set(KEY_PLACES)) >= 15


def test_no_undated_or_unsourced_record(bundled):
    for table in (bundled.events, bundled.control):
        assert table["source_ids"].str.len().gt(0).all()
    assert bundled.events["date"].notna().all()
    assert bundled.control["start"].notna().all()
    cited = set("|".join(pd.concat([bundled.events["source_ids"], bundled.control["source_ids"]])).split("|"))
    assert cited <= set(bundled.sources["source_id"])


def test_seed_articles_are_cited(bundled):
    seeds = {"seed_stratfor_2012", "seed_karr_2025", "seed_sahelblog_2012", "seed_fp_2024", "seed_lwj_2023"}
    cited = set("|".join(bundled.events["source_ids"]).split("|"))
    assert seeds <= cited


def test_unknown_tolls_are_empty_not_zero_when_no_source_says_zero(bundled):
    zero = bundled.events[bundled.events["fatalities_high"].eq(0).fillna(False).astype(bool)]
    # A zero is only recorded when the event is a capture or withdrawal without fighting, with a note.
    assert zero["note"].notna().all()


def test_key_towns_have_a_holder_every_day_or_their_gaps_are_listed(bundled):
    """Kidal, Gao, Timbuktu and Bamako have no blank day; a key town that does is named, with its
    gaps and the searches made, in data/PLACES.md (issue #14)."""
    from geo.control import coverage

    from .conftest import DATA

    table, overall = coverage(bundled)
    assert 0 <= overall < 1
    for place in ("kidal", "gao", "timbuktu", "bamako"):
        assert table.loc[place, "blank_days"] == 0, place
    gaps = (DATA / "PLACES.md").read_text(encoding="utf-8").split("## Control gaps", 1)[1]
    names = bundled.places.set_index("place_id")["name"]
    for place in KEY_PLACES:
        if table.loc[place, "blank_days"] > 0:
            assert f"**{names[place]}," in gaps, f"{place} has blank days not listed in PLACES.md"
