"""Real-browser checks: Chromium opens the running app and sees what a user sees."""

from __future__ import annotations

import pytest

from tests.browser.support import ARTIFACTS

pytestmark = pytest.mark.browser




def test_home_page_shows_its_title(server_url, browser):
    page = browser.new_page(viewport={"width": 1400, "height": 900})
    page.goto(server_url, wait_until="domcontentloaded")
    heading = page.get_by_role("heading", name="Probability for ML, explained interactively")
    heading.wait_for(timeout=30_000)
    assert page.locator("[data-testid='stException']").count() == 0
    page.screenshot(path=str(ARTIFACTS / "home.png"), full_page=True)
    page.close()


def test_deep_link_to_a_concept_page_runs_the_navigation(server_url, browser):
    # A deep link opened as a fresh session must go through app.py's st.navigation (sidebar
    # labels, wide layout) and apply the URL's values to the controls.
    page = browser.new_page(viewport={"width": 1400, "height": 2400})
    page.goto(f"{server_url}/clt?dist=cauchy&n=100", wait_until="domcontentloaded")
    page.get_by_text("Why the CLT fails here.").wait_for(timeout=30_000)
    assert page.get_by_role("link", name="CLT convergence").count() >= 1
    assert page.locator("[data-testid='stException']").count() == 0
    page.locator(".js-plotly-plot").nth(2).wait_for(timeout=30_000)
    assert page.locator(".js-plotly-plot").count() == 3
    page.screenshot(path=str(ARTIFACTS / "clt-cauchy.png"), full_page=True)
    page.close()
