"""Tours: the bundled tours load and tell the whole war; their check reports every problem with
file, row and column; the Tours page moves chapter by chapter and keeps the chapter in its link."""

from __future__ import annotations

import csv
import datetime as dt
import shutil

import pytest
from streamlit.testing.v1 import AppTest

import geo.__main__
import ui
from geo import DataError
from geo.schema import TOUR_TABLES
from geo.tours import load_tours

from .conftest import DATA, REPO

HEADER = ",".join(TOUR_TABLES["tour_chapters"].columns)


def _tiny_tours(folder, chapters: list[str], tours: str = "t,A tour,Un récit,About it.,À ce sujet.") -> None:
    (folder / "tours.csv").write_text(f"tour_id,title,title_fr,summary,summary_fr\n{tours}\n", encoding="utf-8")
    (folder / "tour_chapters.csv").write_text("\n".join([HEADER, *chapters]) + "\n", encoding="utf-8")


GOOD = [
    "t,1,2012-06-30,90,,,gao,7,gao|kidal,One,Un,It happened.,C'est arrivé.,s1",
    "t,2,2013-01-31,30,control|events,mnla,,,timbuktu,Two,Deux,Then this.,Puis ceci.,s1|s2",
]


def test_the_bundled_tours_walk_through_the_whole_war(bundled):
    tours = load_tours(DATA, bundled)
    war = tours["war"]
    assert len(war.chapters) >= 12
    dates = [chapter.date for chapter in war.chapters]
    assert dates == sorted(dates), "chapters follow the war in order"
    assert dates[0].year == 2012 and dates[-1].year == bundled.as_of.year
    blockade = tours["blockade"]
    assert 3 <= len(blockade.chapters) < len(war.chapters)
    assert all(chapter.date >= dt.date(2025, 1, 1) for chapter in blockade.chapters)
    for tour in tours.values():
        for chapter in tour.chapters:
            assert chapter.title["en"] and chapter.title["fr"] and chapter.source_ids
            sentences = chapter.caption["en"].count(". ") + 1
            assert 1 <= sentences <= 4, (tour.tour_id, chapter.number)
            assert chapter.caption["fr"] != chapter.caption["en"]


def test_a_chapter_is_a_view_of_the_map(tiny_dir, tiny):
    _tiny_tours(tiny_dir, GOOD)
    first, second = load_tours(tiny_dir, tiny)["t"].chapters
    view = first.view("fr")
    assert (view.date, view.window, view.place, view.lang) == (dt.date(2012, 6, 30), 90, "gao", "fr")
    assert first.zoom == 7 and first.highlight == ("gao", "kidal")
    assert second.view("en").overlays == ("control", "events") and second.actors == ("mnla",)


def test_a_folder_without_tours_has_none(tiny):
    assert load_tours(REPO / "tests" / "fixtures" / "tiny", tiny) == {}


@pytest.mark.parametrize(
    ("chapters", "expected"),
    [
        (
            ["t,1,2012-06-30,90,,,nowhere,,,A,A,B.,B.,s1"],
            "row 2, column focus_place_id: place 'nowhere' is not in places.csv",
        ),
        (["t,1,2012-06-30,90,,,,,gao|atlantis,A,A,B.,B.,s1"], "row 2, column highlight: place 'atlantis'"),
        (["t,1,2012-06-30,90,,nobody,,,,A,A,B.,B.,s1"], "row 2, column actors: actor 'nobody' is not in actors.csv"),
        (["t,1,2012-06-30,90,,,,,,A,A,B.,B.,s1|s9"], "row 2, column source_ids: source 's9' is not in sources.csv"),
        (["t,1,2012-06-30,90,rivers,,,,,A,A,B.,B.,s1"], "row 2, column layers: layer 'rivers'"),
        (["t,1,2015-06-30,90,,,,,,A,A,B.,B.,s1"], "row 2, column date: 2015-06-30 is outside the record"),
        (["t,1,2012-06-30,45,,,,,,A,A,B.,B.,s1"], "row 2, column window"),
        (["t,1,2012-06-30,90,,,,7,,A,A,B.,B.,s1"], "row 2, column zoom: a zoom needs a focus_place_id"),
        (["t,1,2012-06-30,90,,,gao,30,,A,A,B.,B.,s1"], "row 2, column zoom"),
        (["t,1,2012-06-30,90,,,,,,A,A,,B.,s1"], "row 2, column caption: is empty but required"),
        (["u,1,2012-06-30,90,,,,,,A,A,B.,B.,s1"], "row 2, column tour_id: tour 'u' is not in tours.csv"),
        (
            GOOD[:1] + ["t,3,2013-01-31,30,,,,,,A,A,B.,B.,s1"],
            "column chapter: tour 't' must number its chapters 1 to 2",
        ),
        (["t,1,2012-13-30,90,,,,,,A,A,B.,B.,s1"], "row 2, column date: '2012-13-30' is not a date"),
    ],
)
def test_every_problem_of_a_tour_is_reported_where_it_is(tiny_dir, tiny, chapters, expected):
    _tiny_tours(tiny_dir, chapters)
    with pytest.raises(DataError) as error:
        load_tours(tiny_dir, tiny)
    assert any(expected in str(problem) for problem in error.value.problems), error.value


def test_a_tour_without_chapters_is_reported(tiny_dir, tiny):
    _tiny_tours(tiny_dir, GOOD, tours="t,A,Un,B.,B.\nempty,E,E,F.,F.")
    with pytest.raises(DataError, match="tours.csv, row 3, column tour_id: tour 'empty' has no chapter"):
        load_tours(tiny_dir, tiny)


def test_check_validates_the_tours_with_the_record(data_copy, capsys):
    assert geo.__main__.main(["check", str(data_copy)]) == 0
    assert "tours" in capsys.readouterr().out
    rows = list(csv.reader((data_copy / "tour_chapters.csv").open(encoding="utf-8")))
    rows[3][13] = "no_such_source"
    with (data_copy / "tour_chapters.csv").open("w", encoding="utf-8", newline="") as out:
        csv.writer(out, lineterminator="\n").writerows(rows)
    assert geo.__main__.main(["check", str(data_copy)]) == 1
    assert "tour_chapters.csv, row 4, column source_ids: source 'no_such_source'" in capsys.readouterr().out


def test_the_check_without_tours_still_passes(tmp_path, capsys):
    shutil.copytree(REPO / "tests" / "fixtures" / "tiny", tmp_path / "tiny")
    assert geo.__main__.main(["check", str(tmp_path / "tiny")]) == 0
    assert "tours" not in capsys.readouterr().out


# --- the page ---------------------------------------------------------------------------


def _tours_page(lang: str = "en", **params) -> AppTest:
    """The Tours page opened from a link with ``params`` (set after the landing page's first run,
    which rewrites the address to its own view, as a browser opening /tours?… never runs it)."""
    app = AppTest.from_file(str(REPO / "app.py"), default_timeout=90)
    app.query_params["lang"] = lang
    app.run()
    for name, value in params.items():
        app.query_params[name] = value
    return app.switch_page("pages/tours.py").run()


def _map_args(app) -> str:
    """The arguments the page sent to the map component."""
    import json

    (component,) = app.get("component_instance")
    return json.loads(component.proto.json_args)


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_the_page_opens_the_chapter_of_its_link_and_steps_through(bundled, lang):
    war = load_tours(DATA, bundled)["war"]
    app = _tours_page(tour="war", chapter="14", lang=lang)
    assert not app.exception, app.exception
    assert app.header[0].value.startswith(f"14/{len(war.chapters)}")
    assert war.chapters[13].title[lang] in app.header[0].value
    first_map = _map_args(app)
    assert app.query_params["chapter"] == "14" and app.query_params["tour"] == "war"
    app.button(key="tour_next").click().run()
    assert app.header[0].value.startswith(f"15/{len(war.chapters)}")
    assert app.query_params["chapter"] == "15"
    assert _map_args(app) != first_map, "the map shows the next chapter"
    app.button(key="tour_previous").click().run()
    app.button(key="tour_previous").click().run()
    assert app.header[0].value.startswith(f"13/{len(war.chapters)}")
    assert app.query_params["chapter"] == "13"


def test_the_first_and_last_chapters_cannot_step_out_of_the_tour():
    app = _tours_page(tour="blockade", chapter="999")
    assert not app.exception
    assert app.header[0].value.startswith("5/5")
    assert app.button(key="tour_next").disabled
    app.selectbox(key=ui.Key.CHAPTER).set_value(0).run()
    assert app.header[0].value.startswith("1/5") and app.button(key="tour_previous").disabled


def test_a_bad_tour_in_the_link_opens_the_first_tour():
    app = _tours_page(tour="<script>", chapter="-3")
    assert not app.exception
    assert app.query_params["tour"] == "war" and app.query_params["chapter"] == "1"
