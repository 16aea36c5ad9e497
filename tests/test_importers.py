"""Importing ACLED, UCDP and project files: formats, actor families, geocoding, and bad input."""

from __future__ import annotations

import io
import subprocess
import sys

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from geo.gazetteer import Gazetteer
from geo.importers import ACLED_COLUMNS, ACLED_OPTIONAL, ACLED_REQUIRED, ImportFailure, combine, read_events

from .conftest import DATA, FIXTURES, REPO

UCDP = FIXTURES / "ucdp"
#: Invented rows in ACLED's export layout (made with acled_row, see the README there).
ACLED = FIXTURES / "acled"


def acled_row(i: int, **overrides) -> dict:
    """A synthetic row in ACLED's export layout (invented for tests; not ACLED data)."""
    row = {c: "" for c in ACLED_COLUMNS}
    row.update(
        event_id_cnty=f"TST{i}",
        event_date="2020-01-15",
        year="2020",
        time_precision="1",
        event_type="Battles",
        sub_event_type="Armed clash",
        actor1="JNIM: Group for Support of Islam and Muslims",
        actor2="Military Forces of Mali (2021-)",
        region="Western Africa",
        country="Mali",
        admin1="Mopti",
        location="Mopti",
        latitude="14.4843",
        longitude="-4.1830",
        geo_precision="1",
        source="Test",
        notes=f"Synthetic event {i}.",
        fatalities="3",
        iso3="MLI",
    )
    row.update(overrides)
    return row


def acled_csv(rows: list[dict], sep: str = ",", encoding: str = "utf-8", hxl: bool = False) -> bytes:
    frame = pd.DataFrame(rows, columns=ACLED_COLUMNS)
    if hxl:
        tags = pd.DataFrame([{c: f"#{c.replace('_', '+')}" for c in ACLED_COLUMNS}])
        frame = pd.concat([tags, frame], ignore_index=True)
    return frame.to_csv(index=False, sep=sep).encode(encoding)


@pytest.fixture(scope="module")
def gazetteer():
    """The gazetteer of the bundled places and data/gazetteer.csv, for rows without coordinates."""
    from geo import load_dataset

    return Gazetteer.from_files(load_dataset(DATA).places, DATA / "gazetteer.csv")


def reasons(result) -> dict[int, str]:
    return dict(zip(result.rejected["row"], result.rejected["reason"]))


def test_acled_export_is_read_and_mapped(gazetteer):
    result = read_events(ACLED / "export.csv", gazetteer=gazetteer)
    assert result.format == "acled" and len(result.events) == 3 and result.rejected.empty
    events = result.events.set_index("event_id")
    assert events.loc["TST1", "event_type"] == "clash" and events.loc["TST1", "actor_id"] == "jnim"
    assert events.loc["TST1", "target_id"] == "fama"
    # "Islamic State (Sahel)" is ISSP itself (its parentheses are part of its name).
    assert events.loc["TST2", "actor_id"] == "issp"
    assert events.loc["TST3", "event_type"] == "airstrike" and events.loc["TST3", "allies"] == "fama"
    families = result.actors.set_index("actor_id")["family"]
    assert families["jnim"] == "jihadist" and families["fama"] == "state"
    assert families["issp"] == "islamic_state" and families["wagner"] == "foreign"
    assert events.loc["TST2", "fatalities_low"] == events.loc["TST2", "fatalities_high"] == 12


def test_hdx_variant_with_hxl_row_keeps_spreadsheet_row_numbers():
    rows = [acled_row(1), acled_row(2, fatalities="many")]
    result = read_events(acled_csv(rows, hxl=True))
    assert len(result.events) == 1
    assert reasons(result) == {4: "fatalities many is not a whole number >= 0"}  # header 1, HXL 2, rows 3-4
    assert any("HXL" in w for w in result.warnings)


def test_acled_variant_with_only_required_columns():
    frame = pd.DataFrame([acled_row(1)])[list(ACLED_REQUIRED)]
    result = read_events(frame.to_csv(index=False).encode())
    assert result.format == "acled" and len(result.events) == 1
    assert set(ACLED_OPTIONAL).isdisjoint(frame.columns)


ACTOR_NAMES = pd.read_csv(ACLED / "actor_names.csv", dtype=str, keep_default_na=False)


def test_real_acled_actor_names_land_in_their_families():
    """Real ACLED Mali actor names (tests/fixtures/acled/actor_names.csv), each as the principal
    actor of an invented row: whole names decide, never a part ("Mali" in "Mutiny of Military
    Forces of Mali"), the ISGS and ISSP names keep their own actors, and every name the table
    does not know is listed in the report."""
    rows = [acled_row(i, actor1=name, actor2="") for i, name in enumerate(ACTOR_NAMES["name"])]
    result = read_events(acled_csv(rows))
    assert len(result.events) == len(ACTOR_NAMES)
    actors = result.events["actor_id"].map(result.actors.set_index("actor_id")["family"])
    got = pd.DataFrame({"name": ACTOR_NAMES["name"], "family": actors, "actor_id": result.events["actor_id"]})
    for expected, row in zip(ACTOR_NAMES.itertuples(), got.itertuples(), strict=True):
        assert row.family == expected.family, expected.name
        if expected.actor_id:
            assert row.actor_id == expected.actor_id, expected.name
    (other,) = [w for w in result.warnings if "count as 'other'" in w]
    listed = {item.rsplit(" (", 1)[0] for item in other.split(": ", 1)[1].split(". Add")[0].split("; ")}
    assert listed == set(ACTOR_NAMES.loc[ACTOR_NAMES["matched"].eq("no"), "name"])
    # Names the table lacks keep an actor each (stripping parentheses used to merge "Islamic State (…)" ones).
    unmatched = got[ACTOR_NAMES["matched"].eq("no")]
    assert unmatched["actor_id"].nunique() == len(unmatched)


def test_acled_actor_types_give_a_family_to_names_the_table_lacks():
    rows = [
        acled_row(1, actor1="Peul Self-Defence Group (Mali)", inter1="4", actor2="Civilians (Mali)", inter2="7"),
        acled_row(2, actor1="Some Rebel Front", inter1="2", actor2=""),
    ]
    result = read_events(acled_csv(rows))
    families = result.actors.set_index("name")["family"]
    assert families["Peul Self-Defence Group (Mali)"] == "militia"
    assert families["Some Rebel Front"] == "other"  # a rebel group: separatist or jihadist? unknown
    assert any("Peul Self-Defence Group (Mali) (militia)" in w and "inter1" in w for w in result.warnings)
    assert any("Some Rebel Front" in w and "'other'" in w for w in result.warnings)


def test_acled_political_militias_and_rebels_take_no_family_from_their_type():
    """ACLED's type 3 (political militia) holds jihadist groups and Tuareg rebels in its Mali
    exports as well as pro-government militias: like type 2 (rebel group) it settles no family,
    so a name the table lacks stays 'other' and is listed; types 4 and 8 still settle theirs."""
    rows = [
        acled_row(1, actor1="Some Political Militia (Mali)", inter1="3", actor2=""),
        acled_row(2, actor1="Some Labelled Militia (Mali)", inter1="Political militia", actor2=""),
        acled_row(3, actor1="Some Foreign Force (2013-)", inter1="8", actor2=""),
        acled_row(4, actor1="Some Community Militia (Mali)", inter1="Identity militia", actor2=""),
    ]
    result = read_events(acled_csv(rows))
    families = result.actors.set_index("name")["family"]
    assert families["Some Political Militia (Mali)"] == "other"
    assert families["Some Labelled Militia (Mali)"] == "other"
    assert families["Some Foreign Force (2013-)"] == "foreign"
    assert families["Some Community Militia (Mali)"] == "militia"
    (other,) = [w for w in result.warnings if "count as 'other'" in w]
    assert "Some Political Militia (Mali)" in other and "Some Labelled Militia (Mali)" in other


def test_acled_private_security_forces_are_not_foreign_forces():
    """ACLED's type 8 (External/Other Forces) settles 'foreign' (UN missions, armies abroad,
    mercenaries) but also holds private security firms, which ACLED names "Private Security
    Forces (country)": the table keeps a Malian firm out of the foreign family."""
    rows = [
        acled_row(1, actor1="Private Security Forces (Mali)", inter1="8", actor2=""),
        acled_row(2, actor1="Military Forces of Togo (2005-)", inter1="8", actor2=""),
    ]
    families = read_events(acled_csv(rows)).actors.set_index("name")["family"]
    assert families["Private Security Forces (Mali)"] == "other"
    assert families["Military Forces of Togo (2005-)"] == "foreign"


def test_unknown_actors_become_other_and_are_listed():
    result = read_events(acled_csv([acled_row(1, actor1="Katiba Imaginaire (Mali)")]))
    assert result.actors.set_index("name").loc["Katiba Imaginaire (Mali)", "family"] == "other"
    assert any("Katiba Imaginaire (Mali)" in w for w in result.warnings)


def test_rows_without_coordinates_are_placed_by_name(gazetteer):
    rows = [
        acled_row(1, latitude="", longitude="", location="Tombouctou"),
        acled_row(2, latitude="", longitude="", location="Nowhere-on-earth"),
    ]
    result = read_events(acled_csv(rows), gazetteer=gazetteer)
    assert (result.geocoded, result.not_geocoded) == (1, 1)
    placed = result.events.iloc[0]
    assert placed["lat"] == pytest.approx(16.77348) and placed["geo_precision"] == "near"
    assert "Nowhere-on-earth" in reasons(result)[3]


def test_ucdp_sample(gazetteer):
    result = read_events(UCDP / "ucdpged_sample_mali.csv", gazetteer=gazetteer)
    assert result.format == "ucdp" and len(result.events) == 7 and result.rejected.empty
    lere = result.events.set_index("event_id").loc["ucdp-12989"]
    assert (lere["fatalities_low"], lere["fatalities_high"], lere["target_id"]) == (20, 48, "civilians")
    gatia = result.events.set_index("event_id").loc["ucdp-433894"]
    assert (gatia["actor_id"], gatia["allies"]) == ("gatia", "msa")


def test_ucdp_rows_outside_mali_are_rejected_with_their_country():
    result = read_events(UCDP / "ucdpged_sample_60_global.csv")
    assert len(result.events) + len(result.rejected) == 60
    assert all(r.startswith("country is ") and r.endswith(", not Mali") for r in result.rejected["reason"])


def test_project_events_file_round_trips(gazetteer):
    result = read_events(DATA / "events.csv", gazetteer=gazetteer)
    bundled = pd.read_csv(DATA / "events.csv")
    assert result.format == "native"
    assert result.rejected.empty, result.rejected
    assert len(result.events) == len(bundled)
    by_id = result.events.set_index("event_id")
    assert by_id.loc["ev-2023-11-14-kidal-captured", "place_id"] == "kidal"


@pytest.mark.parametrize("sep", [";", "\t", "|"])
def test_other_delimiters(sep):
    result = read_events(acled_csv([acled_row(1), acled_row(2)], sep=sep))
    assert len(result.events) == 2


@pytest.mark.parametrize("encoding", ["latin-1", "utf-16", "utf-8-sig", "cp1252"])
def test_other_encodings(encoding):
    result = read_events(acled_csv([acled_row(1, location="Ségou", notes="Attaque près de Ségou.")], encoding=encoding))
    assert len(result.events) == 1
    assert result.events.iloc[0]["description"] == "Attaque près de Ségou."


def test_xlsx():
    buffer = io.BytesIO()
    pd.DataFrame([acled_row(1), acled_row(2)]).to_excel(buffer, index=False)
    result = read_events(buffer.getvalue())
    assert result.format == "acled" and len(result.events) == 2


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "empty"),
        (b"   \n  ", "empty"),
        (b"\x00\x01\x02\x03binary\x00\xff" * 50, "binary"),
        (b"PK\x03\x04not really a workbook", "Excel"),
        (b"name,colour\nkidal,red\n", "columns are not those"),
        (b"event_id_cnty,event_date,event_type\nX,2020-01-01,Battles\n", "lacks the column"),
    ],
)
def test_unreadable_files_fail_clearly(content, message):
    with pytest.raises(ImportFailure, match=message):
        read_events(content)


def test_header_only_is_an_empty_import_with_a_warning():
    result = read_events(acled_csv([]))
    assert result.events.empty and result.rejected.empty and result.data_rows == 0
    assert any("no data rows" in w for w in result.warnings)


def test_dates_in_other_formats():
    rows = [
        acled_row(1, event_date="15 January 2020"),
        acled_row(2, event_date="15-January-2020"),
        acled_row(3, event_date="15/01/2020"),
        acled_row(4, event_date="2020-01-15"),
        acled_row(5, event_date="the ides of March"),
    ]
    result = read_events(acled_csv(rows))
    assert set(result.events["date"]) == {pd.Timestamp("2020-01-15")}
    assert "the ides of March" in reasons(result)[6]


def test_month_precision_is_recorded_as_such():
    result = read_events(acled_csv([acled_row(1, event_date="2020-01-15", time_precision="3")]))
    event = result.events.iloc[0]
    assert event["date_precision"] == "month" and event["date"] == pd.Timestamp("2020-01-01")


def test_a_date_known_to_the_week_keeps_its_day():
    """ACLED's time precision 2 (within a week) keeps the reported day, with precision week: it
    used to be moved to the 1st of the month, up to 30 days away."""
    rows = [acled_row(1, event_date="2019-03-27", time_precision="2"), acled_row(2, event_date="2019-03-27")]
    events = read_events(acled_csv(rows)).events.set_index("event_id")
    assert events.loc["TST1", "date"] == pd.Timestamp("2019-03-27")
    assert events.loc["TST1", "date_precision"] == "week"
    assert events.loc["TST2", "date_precision"] == "day"


def test_a_ucdp_event_of_two_days_is_dated_to_its_first_day_within_the_week(gazetteer):
    # UCDP 352268: date_start 2020-08-22, date_end 2020-08-23 (date_prec 2).
    events = read_events(UCDP / "ucdpged_sample_mali.csv", gazetteer=gazetteer).events.set_index("event_id")
    assert events.loc["ucdp-352268", "date"] == pd.Timestamp("2020-08-22")
    assert events.loc["ucdp-352268", "date_precision"] == "week"
    assert events.loc["ucdp-256789", "date_precision"] == "day"


@pytest.mark.parametrize(
    ("code", "start", "end", "expected"),
    [
        ("1", "2020-08-22", "2020-08-22", ("2020-08-22", "day")),
        ("1", "2020-08-22", "2020-08-28", ("2020-08-22", "week")),
        ("3", "2020-08-22", "2020-08-22", ("2020-08-22", "week")),
        ("1", "2020-08-22", "2020-08-29", ("2020-08-01", "month")),
        ("4", "2020-08-22", "2020-08-22", ("2020-08-01", "month")),
    ],
)
def test_ucdp_date_precision_follows_the_days_of_the_event(code, start, end, expected):
    frame = pd.read_csv(UCDP / "ucdpged_sample_mali.csv", dtype=str, keep_default_na=False).head(1)
    frame[["date_prec", "date_start", "date_end"]] = [code, start, end]
    event = read_events(frame.to_csv(index=False).encode()).events.iloc[0]
    assert (f"{event['date']:%Y-%m-%d}", event["date_precision"]) == expected


def test_bad_coordinates():
    rows = [
        acled_row(1, latitude="-4.1830", longitude="14.4843"),  # swapped
        acled_row(2, latitude="214.4", longitude="-4.1"),  # out of range
        acled_row(3, latitude="48.85", longitude="2.35"),  # Paris
        acled_row(4),
    ]
    result = read_events(acled_csv(rows))
    assert list(result.events["event_id"]) == ["TST1", "TST4"]
    assert result.events.iloc[0]["lat"] == pytest.approx(14.4843)
    assert any("swapped" in w and "row" in w for w in result.warnings)
    assert "out of range" in reasons(result)[3] and "outside Mali" in reasons(result)[4]


def test_bad_fatalities_and_duplicate_ids():
    rows = [
        acled_row(1, fatalities="-2"),
        acled_row(2, fatalities="ten"),
        acled_row(3),
        acled_row(3),
        acled_row(4, fatalities="2.5"),
    ]
    result = read_events(acled_csv(rows))
    found = reasons(result)
    assert ">= 0" in found[2] and ">= 0" in found[3] and ">= 0" in found[6]
    assert found[5] == "duplicate event id TST3 (first at row 4)"
    assert list(result.events["event_id"]) == ["TST3"]


def test_html_in_text_fields_is_escaped_on_the_map():
    from geo import map as layers
    from geo.dataset import load_dataset

    rows = [acled_row(1, notes="<script>alert('x')</script>", actor1="<img src=x onerror=alert(1)>")]
    result = read_events(acled_csv(rows))
    dataset = combine(load_dataset(DATA), result, "uploaded")
    events = dataset.events_between("2020-01-01", "2020-12-31")
    group = layers.events_layer(events, None, dataset.actors, dataset.sources, "en")
    text = str([child.points for child in group._children.values() if hasattr(child, "points")])
    assert "<script>alert" not in text and "<img src=x" not in text
    assert "&lt;script&gt;" in text


def test_formula_cells_are_neutralised_in_exports():
    from geo.export import to_safe_csv

    result = read_events(acled_csv([acled_row(1, notes='=HYPERLINK("http://evil","click")')]))
    exported = to_safe_csv(result.events).decode()
    assert "'=HYPERLINK" in exported


def test_combined_dataset_uses_uploaded_events(tiny):
    result = read_events(UCDP / "ucdpged_sample_mali.csv")
    both = combine(tiny, result, "both")
    uploaded = combine(tiny, result, "uploaded")
    assert len(both.events) == len(tiny.events) + 7 and len(uploaded.events) == 7
    assert combine(tiny, result, "bundled") is tiny
    assert "upload_ucdp" in set(uploaded.sources["source_id"])
    # The attacks on roads name bundled events: kept with them, gone without them.
    assert both.route_events.equals(tiny.route_events) and len(tiny.route_events)
    assert uploaded.route_events.empty


def test_cli_prints_the_summary_and_rejected_rows(tmp_path):
    out = tmp_path / "events.csv"
    result = subprocess.run(
        [sys.executable, "-m", "geo.importers", str(ACLED / "rejects.csv"), "--out", str(out)],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert "3 data rows, 1 imported, 2 rejected" in result.stdout
    assert "row 3: fatalities -1 is not a whole number >= 0" in result.stdout
    assert "row 4: country is Niger, not Mali" in result.stdout
    assert len(pd.read_csv(out)) == 1


def test_cli_reports_an_unreadable_file(tmp_path):
    empty = tmp_path / "empty.csv"
    empty.write_bytes(b"")
    result = subprocess.run(
        [sys.executable, "-m", "geo.importers", str(empty)], cwd=REPO, capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 1 and "is empty" in result.stdout and "Traceback" not in result.stderr


# Line breaks are left out of the cells: written unquoted they would make more rows in the file than the
# test meant (the importer then rightly counts the rows of the file).
cells = st.one_of(
    st.text(st.characters(exclude_characters="\r\n", exclude_categories=("Cs",)), max_size=12),
    st.sampled_from(["", "-1", "3", "2020-02-30", "14.5", "abc", "=1+1", "<b>", "Mali", "Niger", "999"]),
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.dictionaries(st.sampled_from(ACLED_COLUMNS), cells, max_size=8), min_size=0, max_size=25))
def test_imports_never_lose_a_row(overrides):
    rows = [acled_row(i, **o) for i, o in enumerate(overrides)]
    try:
        result = read_events(acled_csv(rows))
    except ImportFailure:
        return  # a whole-file problem (for example a garbled header) is reported, not hidden
    assert result.data_rows == len(rows)
    assert len(result.events) + len(result.rejected) == len(rows)
    assert result.rejected["row"].is_unique


@settings(max_examples=40, deadline=None)
@given(st.binary(max_size=400))
def test_arbitrary_bytes_never_raise_anything_but_import_failure(data):
    try:
        result = read_events(data)
    except ImportFailure:
        return
    assert len(result.events) + len(result.rejected) == result.data_rows


def test_a_project_file_keeps_its_events_joined_to_their_actors(tiny):
    """In this project's own format the actor cells are ids: an id the record does not know
    becomes an actor of that id, so its events keep a name and a family once combined."""
    from geo.importers import combine, read_events

    header = "event_id,date,event_type,actor_id,allies,target_id,description,source_ids,lat,lon\n"
    body = "u1,2013-03-01,attack,new_militia,fama|mnla,unknown_target,Invented test row.,s1,16.2,-0.04\n"
    result = read_events(header.encode() + body.encode(), name="own.csv")
    assert result.rejected.empty
    combined = combine(tiny, result, "both")
    event = combined.events.set_index("event_id").loc["u1"]
    actors = combined.actors.set_index("actor_id")
    for actor in (event["actor_id"], *event["allies"].split("|"), event["target_id"]):
        assert actor in actors.index, actor
    assert actors.at["new_militia", "family"] == "other" and actors.at["fama", "family"] == "state"
