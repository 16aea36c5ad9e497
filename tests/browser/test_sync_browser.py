"""The sync panel in a real browser, against the local fake of ACLED's API: type your own
credentials, sync, read the report; nothing typed stays in the form or reaches the address."""

from __future__ import annotations

import pytest

from benchmarks.fake_sources import EMAIL, PASSWORD, FakeApis
from benchmarks.harness import start_app, stop_app

from ..test_sync import rows
from .conftest import screenshot

MAP_LINK = "Map"


@pytest.fixture(scope="module")
def sync_server(browser, tmp_path_factory):
    """The app with its ACLED address pointed at a local fake holding 40 synthetic events."""
    with FakeApis(rows(40)) as fake:
        store = tmp_path_factory.mktemp("store")
        try:
            process, url = start_app(env={"MALI_MAP_ACLED_URL": fake.url, "MALI_MAP_SYNC_DIR": str(store)})
        except RuntimeError as err:
            pytest.fail(str(err))
        yield url, fake
        stop_app(process)


def test_a_sync_from_the_data_page_reports_and_forgets_the_credentials(sync_server, page):
    url, fake = sync_server
    page.goto(f"{url}/data", timeout=120_000)
    page.get_by_label("Email of your myACLED account").fill(EMAIL, timeout=120_000)
    page.get_by_label("Password of your myACLED account").fill(PASSWORD)
    page.get_by_role("button", name="Sync", exact=True).click()
    page.get_by_text("Last sync: ACLED").wait_for(timeout=120_000)
    metrics = page.locator('[data-testid="stMetric"]')
    metrics.filter(has_text="Fetched").first.wait_for(timeout=60_000)
    shown = {
        metrics.nth(i).inner_text().split("\n")[0]: metrics.nth(i).inner_text().split("\n")[-1]
        for i in range(metrics.count())
    }
    assert shown["Fetched"] == "40" and shown["New"] == "40" and shown["Rejected"] == "0"
    assert page.get_by_text("accessed through ACLED's API").count() == 1
    screenshot(page, "sync-report")
    assert page.get_by_label("Password of your myACLED account").input_value() == ""
    assert PASSWORD not in page.url and EMAIL not in page.url
    assert any(r.startswith("POST /oauth/token") for r in fake.requests)
    page.locator('[data-testid="stSidebar"]').get_by_role("link", name=MAP_LINK).click()
    page.get_by_text("Your ACLED events: latest event").wait_for(timeout=120_000)  # this session's rows
    page.goto(f"{url}/", timeout=120_000)  # a new session
    page.get_by_text("Bundled record: as of").wait_for(timeout=120_000)
    assert page.get_by_text("Your ACLED events: latest event").count() == 0  # a new session: not this one's rows
