"""Text for the screen: user text shown through Markdown as typed, data shown as HTML as text."""

from __future__ import annotations

import html
import re

#: Every ASCII punctuation character. Each is written as a numeric character reference, which
#: Markdown shows as the character and never reads as structure (Streamlit's renderer keeps
#: the backslash of a backslash escape in sight).
_MARKDOWN_PUNCTUATION = re.compile(r"([!-/:-@\[-`{-~])")


#: Longer user text is cut: nothing shown in a notice or a caption needs more.
PLAIN_LIMIT = 500


def plain(text: object, limit: int = PLAIN_LIMIT) -> str:
    """User text (an upload's names and notes, a link's parameters) for an element that reads
    Markdown: every punctuation character escaped, so it shows as typed and can form no link,
    image, emphasis, HTML, LaTeX, directive or autolink; line breaks become spaces; cut at ``limit``
    characters (issue #12)."""
    value = str(text)
    if len(value) > limit:
        value = value[:limit] + "…"
    return _MARKDOWN_PUNCTUATION.sub(_reference, " ".join(value.split()))


def _reference(match: re.Match) -> str:
    # GitHub-flavoured Markdown turns text like www.x.org, https://x.org or a@x.org into a link
    # even when its characters were written as references. An invisible word joiner (U+2060,
    # itself a reference: Streamlit shows the raw character as "\u2060") before each ":", "."
    # and "@" breaks "https:", "www." and "a@" apart, so nothing is left to link.
    char = match.group(1)
    return f"&#8288;&#{ord(char)};" if char in ":.@" else f"&#{ord(char)};"


def html_text(text: object) -> str:
    """Data shown as HTML must not be read as markup (nor as Streamlit's LaTeX)."""
    return html.escape(str(text)).replace("$", "&#36;")
