"""The file uploader in the interface language (issue #19): on a French page its button, its
limit and its drop hint are French, and none of Streamlit's English words is shown."""

from __future__ import annotations

import json

import pytest

from .conftest import screenshot
from .test_map_browser import MAP_TIMEOUT, app_errors

#: What a reader sees in the drop zone: every text not hidden (display: none) nor an icon's
#: ligature, and the words CSS adds (::before and ::after content).
SHOWN_WORDS = """() => {
  const zone = document.querySelector('[data-testid=stFileUploaderDropzone]');
  const words = [];
  const walk = (element) => {
    const style = getComputedStyle(element);
    if (style.display === 'none' || style.visibility === 'hidden') return;
    if (element.matches('[data-testid=stIconMaterial], input')) return;
    for (const pseudo of ['::before', '::after']) {
      const content = getComputedStyle(element, pseudo).content;
      if (content && content !== 'none' && content !== 'normal') words.push(JSON.parse(content));
    }
    for (const node of element.childNodes) {
      if (node.nodeType === Node.TEXT_NODE && node.textContent.trim()) words.push(node.textContent.trim());
      if (node.nodeType === Node.ELEMENT_NODE) walk(node);
    }
  };
  walk(zone);
  return words.join(' | ');
}"""

DRAG_A_FILE = """() => {
  const zone = document.querySelector('[data-testid=stFileUploaderDropzone]');
  const transfer = new DataTransfer();
  transfer.items.add(new File(['a'], 'events.csv', {type: 'text/csv'}));
  zone.dispatchEvent(new DragEvent('dragenter', {dataTransfer: transfer, bubbles: true}));
}"""

#: Streamlit's own English words in its uploader (1.67: the button, the limit, the drop hint;
#: older versions: "Drag and drop file here", "Limit 200MB per file", "Browse files").
ENGLISH = ("Upload", "per file", "Drag and drop", "Browse", "Limit", "MB")


@pytest.mark.parametrize(
    ("lang", "idle", "dragging"),
    [
        ("fr", ["Parcourir", "Jusqu'à 250\u202fMo par fichier · CSV, TSV, TXT, XLSX"], "Déposez le fichier ici"),
        ("en", ["Browse files", "Up to 250 MB per file · CSV, TSV, TXT, XLSX"], "Drop the file here"),
    ],
)
def test_the_upload_box_speaks_the_interface_language(server, page, lang, idle, dragging):
    page.goto(f"{server}/data?lang={lang}", wait_until="domcontentloaded")
    page.get_by_test_id("stFileUploaderDropzone").wait_for(timeout=MAP_TIMEOUT)
    # The words are set once the language's frame has run (html.mm-upload-words).
    page.wait_for_function("() => document.documentElement.classList.contains('mm-upload-words')", timeout=MAP_TIMEOUT)
    shown = page.evaluate(SHOWN_WORDS)
    assert shown.split(" | ") == idle
    if lang == "fr":
        assert not [word for word in ENGLISH if word in shown], shown
    screenshot(page, f"data-upload-{lang}")
    page.evaluate(DRAG_A_FILE)
    page.wait_for_function(f"() => ({SHOWN_WORDS})().split(' | ').includes({json.dumps(dragging)})", timeout=5000)
    during = page.evaluate(SHOWN_WORDS)
    assert dragging in during.split(" | ")
    if lang == "fr":
        assert not [word for word in ENGLISH if word in during], during
    assert app_errors(page) == []
