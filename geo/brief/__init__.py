"""A one-page briefing of a view: a map image (PNG) and a PDF page, made without a browser.

``briefing(dataset, view, lang, link, today)`` gathers what the page says (pure pandas);
:mod:`geo.brief.figure` draws the map with matplotlib and :mod:`geo.brief.document` lays
out the PDF with fpdf2. The command line is ``python -m geo brief`` (geo/__main__.py).
"""

from __future__ import annotations

from geo.brief.content import Briefing, briefing
from geo.brief.document import briefing_pdf
from geo.brief.figure import map_png

__all__ = ["Briefing", "briefing", "briefing_pdf", "map_png"]
