"""Nothing a page shows comes from outside the server (an offline classroom; no third party told
who is reading). Every request a page load makes in Chromium must go to the app's own host.
"""

from __future__ import annotations

from urllib.parse import urlparse

import pytest

from tests.browser.test_pages import TIMEOUT, assert_no_exception
from ui.registry import available_pages

pytestmark = pytest.mark.browser

PATHS = ["/"] + [f"/{page.stem}" for page in available_pages()]


def test_no_page_asks_another_host_for_anything(server_url, browser):
    own_host = urlparse(server_url).netloc
    context = browser.new_context(viewport={"width": 1400, "height": 1200})
    outside: dict[str, list[str]] = {}
    for path in PATHS:
        page = context.new_page()
        requested: list[str] = []
        page.on("request", lambda request, seen=requested: seen.append(request.url))
        page.goto(server_url + path, wait_until="domcontentloaded")
        page.locator("h1").first.wait_for(timeout=TIMEOUT)
        page.wait_for_load_state("networkidle")
        assert_no_exception(page)
        assert requested, "the recorder saw no requests at all"
        foreign = [url for url in requested if urlparse(url).scheme in ("http", "https", "ws", "wss")
                   and urlparse(url).netloc != own_host]
        if foreign:
            outside[path] = foreign
        page.close()
    context.close()
    assert not outside, outside


def test_a_concept_page_asks_the_server_at_its_address_at_once(server_url, browser):
    """The page tells Streamlit's frontend where the server is (ui/live/server_address.js): opened at /clt, it
    never asks /clt/_stcore/health first (a 404 and a 100 ms wait on every visit and reload of a page)."""
    context = browser.new_context(viewport={"width": 1400, "height": 900})
    for path in ("/clt?n=30", "/families", "/mvn/"):
        page = context.new_page()
        asked: list[str] = []
        page.on("request", lambda request, seen=asked: seen.append(urlparse(request.url).path))
        page.goto(server_url + path, wait_until="domcontentloaded")
        page.locator(".js-plotly-plot .main-svg").first.wait_for(timeout=TIMEOUT)
        assert_no_exception(page)
        own_path = urlparse(path).path.rstrip("/")
        assert "/_stcore/health" in asked, asked
        assert not [asked_path for asked_path in asked if asked_path.startswith(own_path + "/_stcore/")], asked
        page.close()
    context.close()


# Which frame each chart of the page first showed its drawing in, counted by a requestAnimationFrame loop.
_RECORD_CHART_FRAMES = """
window.__frame = 0;
window.__chartFrames = new Map();
const countFrames = () => { window.__frame += 1; requestAnimationFrame(countFrames); };
requestAnimationFrame(countFrames);
new MutationObserver(() => {
  for (const chart of document.querySelectorAll('.js-plotly-plot')) {
    if (!window.__chartFrames.has(chart) && chart.querySelector('.main-svg')) {
      window.__chartFrames.set(chart, window.__frame);
    }
  }
}).observe(document, { subtree: true, childList: true });
"""


def test_a_pages_charts_are_drawn_each_in_a_frame_of_its_own(server_url, browser):
    """ui/live/draw_order.js: a page's figures appear one at a time, each painted in a frame of its own
    (Streamlit's chart element alone draws them all in one task, so none shows until the last is drawn). Their
    order is not asserted here: the charts waiting together are drawn topmost first (ui/live/draw_order.test.mjs),
    but a page's main figure sometimes mounts 0.1-0.4 s after the others (its element still showing Streamlit's
    loading skeleton: bench/RESULTS.md) and is then drawn after them."""
    context = browser.new_context(viewport={"width": 1400, "height": 900})
    context.add_init_script(_RECORD_CHART_FRAMES)
    page = context.new_page()
    page.goto(server_url + "/gmm", wait_until="domcontentloaded")
    # Until the page's three charts are drawn (each chart has three .main-svg layers: waiting for the third of
    # those found the first chart alone, and read the others before they were drawn).
    page.wait_for_function("""() => { const charts = [...document.querySelectorAll('.js-plotly-plot')];
        return charts.length === 3 && charts.every((chart) => window.__chartFrames.has(chart)); }""", timeout=TIMEOUT)
    assert_no_exception(page)
    frames = page.evaluate("""() => [...document.querySelectorAll('.js-plotly-plot')]
                              .map((chart) => window.__chartFrames.get(chart))""")
    context.close()
    assert len(frames) == 3 and None not in frames, frames
    assert len(set(frames)) == 3, frames                  # three frames: one chart painted in each
