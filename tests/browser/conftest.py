"""A real Streamlit server and Debian's Chromium, driven by Playwright.

Locally the browser tests skip, saying why, when Chromium is missing; in CI (the ``CI``
environment variable is set) a missing browser is a failure. Screenshots go to
``screenshots/`` for review.
"""

from __future__ import annotations

import os
import shutil
from contextlib import contextmanager
from pathlib import Path

import pytest

from benchmarks.harness import CHROMIUM, CHROMIUM_ARGS, REPO, start_app, stop_app

SCREENSHOTS = REPO / "screenshots"


def _browser_missing() -> str | None:
    if not Path(CHROMIUM).exists() and not shutil.which("chromium"):
        return f"no Chromium at {CHROMIUM} (install Debian's 'chromium' package)"
    try:
        import playwright  # noqa: F401
    except ImportError:
        return "the 'playwright' Python package is not installed"
    return None


@pytest.fixture(scope="session")
def browser():
    """Debian's Chromium through Playwright, for the whole session (skips or fails without it)."""
    missing = _browser_missing()
    if missing:
        if os.environ.get("CI"):
            pytest.fail(f"browser tests must run in CI: {missing}")
        pytest.skip(f"browser tests skipped: {missing}")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield launched
        launched.close()


@pytest.fixture(scope="session")
def server(browser):
    """`streamlit run app.py` on a free loopback port, for the whole session."""
    try:
        process, url = start_app()
    except RuntimeError as err:
        pytest.fail(str(err))
    yield url
    stop_app(process)


@contextmanager
def sized_page(browser, width: int, height: int, **options):
    """A fresh page (its own context, ``width`` x ``height``, more context ``options`` such as
    ``is_mobile``) that answers outside tiles empty and records console errors
    (``page.console_errors``) and failed responses (``page.bad_responses``); closed after."""
    context = browser.new_context(viewport={"width": width, "height": height}, **options)
    # Tiles come from the internet, which this machine and CI may not reach; answer them empty so
    # the page stays quiet. Everything else the app serves itself.
    context.route(
        "**/*.png",
        lambda route: route.fulfill(status=204) if "127.0.0.1" not in route.request.url else route.continue_(),
    )
    page = context.new_page()
    page.console_errors = []
    page.on("console", lambda message: page.console_errors.append(message.text) if message.type == "error" else None)
    page.on("pageerror", lambda error: page.console_errors.append(str(error)))
    page.bad_responses = []
    page.on("response", lambda response: page.bad_responses.append(response.url) if response.status >= 400 else None)
    try:
        yield page
    finally:
        context.close()


@pytest.fixture
def page(browser):
    """A fresh desk page (:func:`sized_page`, 1400 x 1700)."""
    with sized_page(browser, 1400, 1700) as page:
        yield page


def screenshot(page, name: str) -> Path:
    SCREENSHOTS.mkdir(exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path
