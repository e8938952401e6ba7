"""/families in Chromium: a click on the middle of one of the map's solid edges opens that limit: the select beside
the figure, the live control's label, the readouts and the link follow. (A tap on a phone does not select a point
in a figure whose drag-to-zoom is off, viz/theme.py; there the Limit box is the way, and the caption says both.)"""

from __future__ import annotations

import pytest

from tests.browser.test_pages import TIMEOUT, assert_no_exception, metric_value

pytestmark = pytest.mark.browser

# The middle of the Student-t → Normal edge, in the map's data coordinates (concepts/families/figures.NODES).
T_NORMAL_MIDDLE = (4.7, 1.6)
_PIXEL = """([x, y]) => {
  const plot = document.querySelector('.st-key-families-map .js-plotly-plot');
  const box = plot.getBoundingClientRect(), size = plot._fullLayout._size;
  return [box.left + size.l + plot._fullLayout.xaxis.d2p(x), box.top + size.t + plot._fullLayout.yaxis.d2p(y)];
}"""


def _open_map(context, server_url: str):
    page = context.new_page()
    page.goto(f"{server_url}/families?tab=Map", wait_until="domcontentloaded")
    page.locator(".st-key-families-map .js-plotly-plot").wait_for(timeout=TIMEOUT)
    page.wait_for_function("document.querySelector('[data-test-script-state]')"
                           ".getAttribute('data-test-script-state') === 'notRunning'", timeout=TIMEOUT)
    page.locator(".st-key-families-map").scroll_into_view_if_needed()
    page.wait_for_timeout(500)
    return page


def test_a_click_on_an_edge_of_the_map_opens_its_limit(server_url, browser):
    context = browser.new_context(viewport={"width": 1400, "height": 900})
    page = _open_map(context, server_url)
    before = metric_value(page, "total variation")
    page.mouse.click(*page.evaluate(_PIXEL, list(T_NORMAL_MIDDLE)))
    page.wait_for_function("location.search.includes('edge=t-normal')", timeout=TIMEOUT)
    page.get_by_text("degrees of freedom ν").first.wait_for(timeout=TIMEOUT)
    assert metric_value(page, "total variation") != before
    assert "Student-t(ν) → N(0, 1)" in page.locator(".st-key-stage-controls-families-map").inner_text()
    assert_no_exception(page)
    context.close()
