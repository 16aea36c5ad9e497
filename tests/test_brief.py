"""The one-page briefing: PDF read back with pypdf, PNG inspected with Pillow, and the CLI."""

from __future__ import annotations

import datetime as dt
import io
import re

import pytest
from PIL import Image
from pypdf import PdfReader

import geo.__main__
from geo.boundaries import load_regions
from geo.brief import briefing, briefing_pdf, map_png
from geo.i18n import t
from geo.i18n.formats import long_date
from geo.style import FAMILY_COLORS, ROUTE_STYLES
from geo.view import View

TODAY = dt.date(2026, 11, 30)
LINK = "http://example.test/?date=2023-11-30"


def _text(pdf: bytes) -> tuple[int, str]:
    reader = PdfReader(io.BytesIO(pdf))
    return len(reader.pages), " ".join(page.extract_text() for page in reader.pages)


def _flat(text: str) -> str:
    return re.sub(r"\s+", " ", text)


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_the_pdf_is_one_page_with_the_date_the_towns_and_the_citation(bundled, lang):
    view = View(date=dt.date(2023, 11, 30), window=90, lang=lang)
    page = briefing(bundled, view, lang, LINK, TODAY)
    pages, text = _text(briefing_pdf(page, load_regions()))
    text = _flat(text)
    assert pages == 1
    assert "2023-11-30" in text  # the window's days
    # The title's date in words, in the page's language (issue #19).
    assert _flat(t(lang, "brief.title", date=long_date("2023-11-30", lang))) in text
    # Every town on the map is named on the page, in the page's language.
    column = "name_fr" if lang == "fr" else "name"
    names = bundled.places.set_index("place_id")[column]
    for place_id in page.shot.towns["place_id"]:
        assert names[place_id] in text, names[place_id]
    assert _flat(page.citation) in text
    assert long_date("2026-11-30", lang) in page.citation and LINK in page.citation
    assert t(lang, "changed.label") in text


def test_the_french_page_is_in_french(bundled):
    view = View(date=dt.date(2023, 11, 30), window=90, lang="fr")
    _, text = _text(briefing_pdf(briefing(bundled, view, "fr", LINK, TODAY), load_regions()))
    assert "Tombouctou" in text and "Comment citer" in text
    assert "How to cite" not in text


def test_every_change_of_the_window_is_listed_or_counted(bundled):
    view = View(date=dt.date(2023, 12, 31), window=365, lang="en")
    page = briefing(bundled, view, "en", LINK, TODAY)
    assert len(page.changes) == len(page.shot.changes) > 6
    _, text = _text(briefing_pdf(page, load_regions()))
    text = _flat(text)
    shown = sum(_flat(line) in text for line in page.changes)
    more = re.search(r"and (\d+) more changes", text)
    assert shown + (int(more.group(1)) if more else 0) == len(page.changes)


def test_the_sources_behind_the_view_are_cited(bundled):
    view = View(date=dt.date(2013, 1, 28), window=30, lang="en")
    page = briefing(bundled, view, "en", LINK, TODAY)
    cited = set(bundled.sources["title"])
    assert page.sources and all(line.split(". ")[0] in " ".join(cited) for line in page.sources)


def test_the_png_is_the_map(bundled):
    view = View(date=dt.date(2013, 1, 28), window=90, lang="en")
    png = map_png(briefing(bundled, view, "en", LINK, TODAY), load_regions())
    image = Image.open(io.BytesIO(png))
    assert image.format == "PNG"
    image = image.convert("RGB")
    assert image.width > 600 and image.height > 500
    colours = {colour for _, colour in image.getcolors(maxcolors=1 << 24)}
    # Towns held by the state and by jihadist groups on that date are drawn in their colours.
    for family in ("state", "jihadist"):
        rgb = tuple(int(FAMILY_COLORS[family][i : i + 2], 16) for i in (1, 3, 5))
        assert rgb in colours, family


def test_the_command_writes_a_pdf_and_a_png(tmp_path, capsys):
    pdf, png = tmp_path / "brief.pdf", tmp_path / "map.png"
    code = geo.__main__.main(
        ["brief", "--date", "2025-10-15", "--window", "90", "--lang", "fr", "--out", str(pdf), "--png", str(png)]
    )
    assert code == 0, capsys.readouterr().out
    pages, text = _text(pdf.read_bytes())
    assert pages == 1 and "15 octobre 2025" in text and "Comment citer" in text
    assert png.read_bytes().startswith(b"\x89PNG")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--date", "2025-13-01", "--out", "x.pdf"], "not a date"),
        (["--window", "abc", "--out", "x.pdf"], "a number of days"),
    ],
)
def test_the_command_refuses_a_bad_argument_with_its_reason(capsys, args, message):
    with pytest.raises(SystemExit) as exit_:
        geo.__main__.main(["brief", *args])
    assert exit_.value.code == 2
    assert message in capsys.readouterr().err


@pytest.mark.parametrize(
    ("args", "message"),
    [(["--date", "2001-01-01", "--out", "x.pdf"], "outside the record"), ([], "say where to write it")],
)
def test_the_command_explains_what_it_cannot_brief(capsys, args, message):
    assert geo.__main__.main(["brief", *args]) == 2
    assert message in capsys.readouterr().out


def test_the_command_says_when_it_cannot_write(tmp_path, capsys):
    code = geo.__main__.main(["brief", "--out", str(tmp_path / "missing" / "brief.pdf")])
    assert code == 1
    assert "cannot write" in capsys.readouterr().out


def test_the_briefing_draws_and_lists_the_roads_under_blockade(bundled):
    view = View(date=dt.date(2025, 10, 15), window=90, lang="en")
    page = briefing(bundled, view, "en", LINK, TODAY)
    blockaded = page.routes[page.routes["status"].eq("blockaded")]
    assert not blockaded.empty and len(page.roads) >= len(blockaded)
    _, text = _text(briefing_pdf(page, load_regions()))
    assert "blockaded by JNIM" in _flat(text)
    image = Image.open(io.BytesIO(map_png(page, load_regions()))).convert("RGB")
    colours = {colour for _, colour in image.getcolors(maxcolors=1 << 24)}
    red = tuple(int(ROUTE_STYLES["blockaded"]["color"][i : i + 2], 16) for i in (1, 3, 5))
    assert any(sum(abs(a - b) for a, b in zip(c, red)) < 40 for c in colours), "a blockaded road is drawn"
