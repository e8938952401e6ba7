"""Real-browser checks: Chromium opens the running app and sees what a user sees."""

from __future__ import annotations

import pytest

from tests.browser_support import ARTIFACTS, CHROMIUM_ARGS, require_chromium, streamlit_server

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def server_url():
    with streamlit_server() as url:
        yield url


@pytest.fixture(scope="module")
def browser():
    executable = require_chromium()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


def test_home_page_shows_its_title(server_url, browser):
    page = browser.new_page(viewport={"width": 1400, "height": 900})
    page.goto(server_url, wait_until="domcontentloaded")
    heading = page.get_by_role("heading", name="Probability for ML, explained interactively")
    heading.wait_for(timeout=30_000)
    assert page.locator("[data-testid='stException']").count() == 0
    page.screenshot(path=str(ARTIFACTS / "home.png"), full_page=True)
    page.close()
