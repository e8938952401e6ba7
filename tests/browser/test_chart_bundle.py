"""The explorer's own Plotly.js in a real browser (ui/compression.py): Streamlit's chart element draws every
figure with it, each trace as the type it was sent as, WebGL included, and a first visit downloads it compressed
to about half a megabyte instead of Streamlit's whole Plotly.js (1.4 MB compressed, ~1 s of a fresh reader's main
thread before the first figure: bench/RESULTS.md, "The explorer's own Plotly.js").
"""

from __future__ import annotations

import pytest

from tests.browser.test_pages import TIMEOUT, assert_no_exception
from ui.compression import bundle_banner

pytestmark = pytest.mark.browser

BUNDLE_VERSION = bundle_banner().split(" ")[2].lstrip("v")   # "/*! plotly.js vX.Y.Z ..."
# Each trace type the explorer draws, on a page that draws it, and the folded panel to open first where the figure
# is in one: /mvn's 5,000 samples are WebGL (scattergl), /sampling's perplexities a histogram, /gmm's landscape a
# heatmap under contours, /beta's grid bars.
PAGES = [("/mvn?samples=5000", None), ("/sampling", "Many continuations"), ("/gmm", None), ("/beta", None),
         ("/clt", None)]
# Per chart: the type of each trace as sent, and as Plotly.js drew it (a type it does not know becomes a scatter
# without a word), and how many WebGL canvases it holds.
CHARTS = """() => [...document.querySelectorAll('.js-plotly-plot')].map((chart) => ({
    sent: chart.data.map((trace) => trace.type || 'scatter'),
    drawn: chart.data.map((trace, index) => (chart._fullData.find((full) => full.index === index) || {}).type),
    canvases: chart.querySelectorAll('canvas').length}))"""


def test_every_figure_is_drawn_by_the_explorers_plotly_as_the_type_it_was_sent_as(server_url, browser):
    context = browser.new_context(viewport={"width": 1400, "height": 900})
    seen_types, webgl = set(), 0
    for path, panel in PAGES:
        page = context.new_page()
        page.goto(server_url + path, wait_until="domcontentloaded")
        page.locator(".js-plotly-plot .main-svg").first.wait_for(timeout=TIMEOUT)
        if panel:     # opening it reruns the page, which then draws the panel's figure inside it
            page.get_by_text(panel).first.click()
            folded = page.locator("[data-testid='stExpander']", has_text=panel)
            folded.locator(".js-plotly-plot .main-svg").first.wait_for(timeout=TIMEOUT)
        page.wait_for_load_state("networkidle")
        assert_no_exception(page)
        assert page.evaluate("window.Plotly.version") == BUNDLE_VERSION
        for chart in page.evaluate(CHARTS):
            assert chart["drawn"] == chart["sent"], (path, chart)
            seen_types.update(chart["sent"])
            webgl += chart["canvases"] if "scattergl" in chart["sent"] else 0
        page.close()
    context.close()
    assert {"scatter", "scattergl", "histogram", "heatmap", "contour", "bar"} <= seen_types
    assert webgl > 0


def test_a_first_visit_downloads_the_light_chart_bundle(server_url, browser):
    context = browser.new_context(viewport={"width": 1400, "height": 900})
    page = context.new_page()
    with page.expect_response(lambda response: "/static/js/PlotlyChart." in response.url,
                              timeout=TIMEOUT) as chart_bundle:
        page.goto(server_url + "/clt", wait_until="domcontentloaded")
    response = chart_bundle.value
    sizes = response.request.sizes()
    page.locator(".js-plotly-plot .main-svg").first.wait_for(timeout=TIMEOUT)
    context.close()
    assert response.headers.get("content-encoding") == "gzip"
    assert sizes["responseBodySize"] < 0.6e6, sizes       # Streamlit's own: 1.4 MB compressed
