"""The map alone for an iframe (?only=map): the map, its time bar and legend, and a citation."""

from __future__ import annotations

from streamlit.testing.v1 import AppTest

from .conftest import REPO


def _embed(**params) -> AppTest:
    app = AppTest.from_file(str(REPO / "app.py"), default_timeout=90)
    for name, value in {"only": "map", **params}.items():
        app.query_params[name] = value
    return app.run()


def test_the_embed_is_the_map_and_a_citation_only():
    app = _embed(date="2023-11-30", lang="fr")
    assert not app.exception, app.exception
    assert not app.title, "no page title"
    assert len(app.get("component_instance")) == 1, "one map"
    assert not app.button, "no time buttons, exports or other controls"
    assert not app.get("download_button") and not app.radio and not app.sidebar.radio
    cite = [m.value for m in app.markdown if "mm-embed-cite" in m.value]
    assert len(cite) == 1 and "4 juin 2026" in cite[0] and "Ouvrir la vue complète" in cite[0]
    # The link back opens the full view (no embed) of the same date and language.
    assert "date=2023-11-30" in cite[0] and "only=" not in cite[0].split("href=")[1].split('"')[1]
    assert app.query_params["only"] == "map", "the embed stays an embed on reruns"


def test_without_embed_the_map_page_is_whole():
    app = AppTest.from_file(str(REPO / "app.py"), default_timeout=90)
    app.query_params["date"] = "2023-11-30"
    app.run()
    assert app.title and app.button and not [m for m in app.markdown if "mm-embed-cite" in m.value]
    assert "only" not in app.query_params


def test_another_embed_value_is_not_an_embed():
    app = _embed(only="<script>")
    assert not app.exception and app.title
