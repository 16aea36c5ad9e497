"""Shared fixtures: a tiny synthetic record, and copies of the bundled record to break."""

from __future__ import annotations

import html
import itertools
import json
import re
import shutil
from pathlib import Path

import pandas as pd
import pytest

from geo import load_dataset
from geo.schema import TABLES

REPO = Path(__file__).resolve().parent.parent

_FIGURE = re.compile(
    r'<div class="mm-label">(.*?)(?: <span class="mm-help"[^>]*>.*?</span>)?</div>'
    r'<div class="mm-value">(.*?)</div>'
)


def map_figures(at) -> dict[str, str]:
    """The figures above the map (one HTML block, see ui.summary), by label, from an AppTest run."""
    return {
        html.unescape(label): html.unescape(value)
        for block in at.markdown
        for label, value in _FIGURE.findall(block.value)
    }


def shown(markdown: str) -> str:
    """What a Markdown element written with ui.plain reads as on screen."""
    return html.unescape(markdown).replace("\u2060", "")


def map_args(at) -> dict:
    """The arguments the map page sent to the map component (streamlit-folium's), from an AppTest run."""
    (component,) = at.get("component_instance")
    return json.loads(component.proto.json_args)


_TIME_BAR = re.compile(r"mmMap\.timeBar\(window\.map, \w+, (\{.*?\})\);")


def time_bar(at) -> tuple[str, int] | None:
    """The map's time bar in the last run: (its date, its revision), or None without one."""
    found = _TIME_BAR.search(map_args(at)["feature_group"])
    if found is None:
        return None
    options = json.loads(found.group(1))
    day = pd.Timestamp("1970-01-01") + pd.Timedelta(days=int(options["day"]))
    return f"{day:%Y-%m-%d}", int(options["revision"])


_PICKS = itertools.count(1)


def pick_on_time_bar(at, day: str, *, playing: bool | None = None, revision: int | None = None):
    """What the time bar sends when it settles on ``day`` (geo.map.TimeBar), then a run.

    The pick comes from the bar the server sent last, unless ``revision`` says another."""
    import ui

    state = at.session_state
    parts = ui.base_map_parts(
        state[ui.Key.LANG], state[ui.Key.BASE], "regions" in state[ui.Key.OVERLAYS], ui.asset_base()
    )
    revision = state[ui.Key.BAR].revision if revision is None else revision
    value = {"date": day, "pick": f"{revision}-test-{next(_PICKS)}"}
    if playing is not None:
        value["playing"] = playing
    at.session_state[ui.map_key(parts)] = value
    return at.run()


DATA = REPO / "data"

TINY_AS_OF = "2014-12-31"
TINY = {
    "places": [
        dict(
            place_id="kidal",
            name="Kidal",
            name_fr="Kidal",
            alt_names="",
            lat=18.44111,
            lon=1.40778,
            region="Kidal",
            kind="regional_capital",
            geonames_id=2455290,
        ),
        dict(
            place_id="gao",
            name="Gao",
            name_fr="Gao",
            alt_names="",
            lat=16.27167,
            lon=-0.04472,
            region="Gao",
            kind="regional_capital",
            geonames_id=2457163,
        ),
        dict(
            place_id="timbuktu",
            name="Timbuktu",
            name_fr="Tombouctou",
            alt_names="Tombouctou|Timbuctoo",
            lat=16.77348,
            lon=-3.00742,
            region="Timbuktu",
            kind="regional_capital",
            geonames_id=2449067,
        ),
    ],
    "actors": [
        dict(
            actor_id="fama",
            name="FAMa",
            full_name="Forces armées maliennes",
            family="state",
            successor_of="",
            active_from="1960",
            active_to="",
            description="Mali's armed forces.",
            source_ids="s1",
        ),
        dict(
            actor_id="mnla",
            name="MNLA",
            full_name="Mouvement national de libération de l'Azawad",
            family="separatist",
            successor_of="",
            active_from="2011-10",
            active_to="",
            description="Tuareg separatists.",
            source_ids="s1",
        ),
        dict(
            actor_id="mujao",
            name="MUJAO",
            full_name="Movement for Oneness and Jihad in West Africa",
            family="jihadist",
            successor_of="",
            active_from="2011",
            active_to="2013-08",
            description="Jihadist group.",
            source_ids="",
        ),
        dict(
            actor_id="france",
            name="France",
            full_name="French armed forces",
            family="foreign",
            successor_of="",
            active_from="",
            active_to="",
            description="Serval.",
            source_ids="",
        ),
    ],
    "control": [
        dict(
            place_id="gao",
            actor_id="fama",
            allies="",
            start="2012-01-01",
            start_precision="day",
            end="2012-03-30",
            end_precision="day",
            status="control",
            confidence="high",
            source_ids="s1",
            note="",
        ),
        dict(
            place_id="gao",
            actor_id="mnla",
            allies="mujao",
            start="2012-03-31",
            start_precision="day",
            end="2012-06-26",
            end_precision="day",
            status="control",
            confidence="high",
            source_ids="s1",
            note="",
        ),
        dict(
            place_id="gao",
            actor_id="mujao",
            allies="",
            start="2012-06-27",
            start_precision="day",
            end="2013-01-25",
            end_precision="day",
            status="control",
            confidence="high",
            source_ids="s1",
            note="",
        ),
        dict(
            place_id="gao",
            actor_id="fama",
            allies="france",
            start="2013-01-26",
            start_precision="day",
            end="",
            end_precision="",
            status="control",
            confidence="high",
            source_ids="s1",
            note="",
        ),
        dict(
            place_id="kidal",
            actor_id="fama",
            allies="",
            start="2012-01-01",
            start_precision="day",
            end="2012-03-29",
            end_precision="day",
            status="control",
            confidence="high",
            source_ids="s1",
            note="",
        ),
        dict(
            place_id="kidal",
            actor_id="mnla",
            allies="",
            start="2012-04-01",
            start_precision="month",
            end="2012-05-31",
            end_precision="month",
            status="contested",
            confidence="low",
            source_ids="s1",
            note="gap before: nobody knows who held it 30-31 March",
        ),
    ],
    "events": [
        dict(
            event_id="ev-2012-06-27-gao",
            date="2012-06-27",
            date_precision="day",
            place_id="gao",
            lat="",
            lon="",
            geo_precision="",
            event_type="clash",
            actor_id="mujao",
            allies="",
            target_id="mnla",
            fatalities_low="20",
            fatalities_high="35",
            confidence="medium",
            description="Battle of Gao.",
            source_ids="s1",
            note="",
        ),
        dict(
            event_id="ev-2013-01-11-serval",
            date="2013-01-11",
            date_precision="day",
            place_id="",
            lat="14.9",
            lon="-3.9",
            geo_precision="near",
            event_type="deployment",
            actor_id="france",
            allies="",
            target_id="",
            fatalities_low="",
            fatalities_high="",
            confidence="high",
            description="Serval begins <script>alert(1)</script>.",
            source_ids="s1|s2",
            note="",
        ),
        dict(
            event_id="ev-2012-03-01-kidal",
            date="2012-03-01",
            date_precision="month",
            place_id="kidal",
            lat="",
            lon="",
            geo_precision="",
            event_type="siege",
            actor_id="mnla",
            allies="",
            target_id="fama",
            fatalities_low="",
            fatalities_high="5",
            confidence="low",
            description="Siege of Kidal.",
            source_ids="s2",
            note="",
        ),
    ],
    "sources": [
        dict(
            source_id="s1",
            title="Source one",
            publisher="Pub",
            author="",
            published="2013",
            url="",
            accessed="2026-11-21",
            note="",
        ),
        dict(
            source_id="s2",
            title="Source two",
            publisher="Pub",
            author="A. Writer",
            published="2013-02-01",
            url="https://example.org/two",
            accessed="2026-11-21",
            note="",
        ),
    ],
}


def write_dataset(folder: Path, tables: dict[str, list[dict]], as_of: str) -> Path:
    """Write tables (lists of row dicts) as the dataset's CSV files plus dataset.json."""
    folder.mkdir(parents=True, exist_ok=True)
    for name, rows in tables.items():
        columns = list(TABLES[name].columns)
        pd.DataFrame(rows, columns=columns).to_csv(folder / TABLES[name].file, index=False)
    (folder / "dataset.json").write_text(json.dumps({"as_of": as_of}), encoding="utf-8")
    return folder


@pytest.fixture
def tiny_dir(tmp_path: Path) -> Path:
    """A three-town synthetic record (Gao, Kidal, Timbuktu, 2012-2014) written to a temp folder."""
    return write_dataset(tmp_path / "tiny", TINY, TINY_AS_OF)


@pytest.fixture
def tiny(tiny_dir: Path):
    """The tiny synthetic record, loaded."""
    return load_dataset(tiny_dir)


@pytest.fixture
def data_copy(tmp_path: Path) -> Path:
    """A throwaway copy of the bundled record, for tests that break it on purpose."""
    target = tmp_path / "data"
    shutil.copytree(DATA, target)
    return target


@pytest.fixture(scope="session")
def bundled():
    """The bundled record, loaded once."""
    return load_dataset(DATA)
