"""The one-page briefing PDF, laid out with fpdf2.

fpdf2 is a maintained, pure-Python PDF writer (no system libraries, no browser) that embeds
TrueType fonts, so French text and symbols print as written. The font is matplotlib's bundled
DejaVu Sans, which the map image already uses. Everything is fitted to one A4 page: the
lists of changes and sources are cut to the space left, saying how many more the link shows.
"""

from __future__ import annotations

import io
from pathlib import Path

import matplotlib
from fpdf import FPDF

from geo.brief.content import Briefing
from geo.brief.figure import map_figure
from geo.i18n import t

FONT_DIR = Path(matplotlib.get_data_path()) / "fonts" / "ttf"
MARGIN = 12
PAGE_W, PAGE_H = 210, 297
#: Height of the map image on the page, in millimetres.
MAP_H = 150


class _Page(FPDF):
    def __init__(self) -> None:
        super().__init__(orientation="P", unit="mm", format="A4")
        self.set_auto_page_break(False)
        self.set_margins(MARGIN, MARGIN, MARGIN)
        self.add_font("DejaVu", "", str(FONT_DIR / "DejaVuSans.ttf"))
        self.add_font("DejaVu", "B", str(FONT_DIR / "DejaVuSans-Bold.ttf"))
        self.add_page()

    @property
    def width(self) -> float:
        return PAGE_W - 2 * MARGIN

    def text_block(self, text: str, size: float, style: str = "", height: float | None = None) -> None:
        self.set_font("DejaVu", style, size)
        self.multi_cell(self.width, height or size * 0.45, text, new_x="LMARGIN", new_y="NEXT")

    def lines_fitting(self, items: list[str], size: float, space: float, more: str) -> list[str]:
        """As many of ``items`` (one paragraph each) as fit in ``space`` mm, then ``more``."""
        self.set_font("DejaVu", "", size)
        line = size * 0.42
        kept, used = [], 0.0
        for index, item in enumerate(items):
            rows = len(self.multi_cell(self.width, line, item, dry_run=True, output="LINES"))
            reserve = line if index < len(items) - 1 else 0
            if used + rows * line + reserve > space:
                kept.append(more.format(count=len(items) - index))
                break
            kept.append(item)
            used += rows * line
        return kept


def _map_image(briefing: Briefing, regions: dict | None) -> io.BytesIO:
    buffer = io.BytesIO()
    map_figure(briefing, regions, size=(7.4, MAP_H / 25.4), title=False).savefig(buffer, format="png")
    buffer.seek(0)
    return buffer


def briefing_pdf(briefing: Briefing, regions: dict | None) -> bytes:
    """The one-page PDF of a briefing."""
    lang = briefing.lang
    page = _Page()
    page.set_title(briefing.title)
    page.text_block(briefing.title, 14, "B", height=7)
    page.text_block(briefing.subtitle, 8.5)
    page.ln(1)
    page.image(_map_image(briefing, regions), x=MARGIN, w=page.width, h=MAP_H, keep_aspect_ratio=True)
    page.set_y(page.get_y() + 1)
    figures = (t(lang, "brief.figure", label=label, value=value) for label, value in briefing.figures)
    page.text_block(" · ".join(figures), 8.5, "B")
    page.text_block("\n".join(briefing.towns), 7, height=3.1)
    page.ln(1)
    bottom = PAGE_H - MARGIN
    # The citation is placed first at the bottom, then the lists share what is left above it.
    citation_h = 4 + 3.6 * len(page.multi_cell(page.width, 3.6, briefing.citation, dry_run=True, output="LINES"))
    room = bottom - citation_h - page.get_y() - 10
    changes = briefing.changes or [t(lang, "changed.none")]
    page.text_block(t(lang, "changed.label"), 9, "B")
    changes = page.lines_fitting(changes, 7.5, room * 0.6, t(lang, "brief.more_changes"))
    page.text_block("\n".join(changes), 7.5, height=3.2)
    page.ln(1)
    page.text_block(t(lang, "brief.sources"), 9, "B")
    space = bottom - citation_h - page.get_y() - 2
    sources = page.lines_fitting(briefing.sources, 6.5, space, t(lang, "brief.more_sources"))
    page.text_block("\n".join(sources) or "—", 6.5, height=2.75)
    page.set_y(bottom - citation_h + 2)
    page.set_font("DejaVu", "B", 8)
    page.cell(page.width, 4, t(lang, "sources.cite"), new_x="LMARGIN", new_y="NEXT")
    page.text_block(briefing.citation, 8, height=3.6)
    return bytes(page.output())
