"""Every page in a real browser (Debian Chromium via Playwright), as a reader and a teacher use it.

For each page: a deep link shows the URL's values in its controls; moving a slider with the
keyboard changes the URL and a number on the page; the new URL opened in a fresh browser context
shows the same numbers; no exception element appears. Plus presenter mode and a lesson stepped
through with Back/Next. Screenshots land in test-artifacts/ for a person to look at.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import pytest

from tests.browser.support import ARTIFACTS

pytestmark = pytest.mark.browser
TIMEOUT = 45_000


@dataclass(frozen=True)
class PageCase:
    stem: str
    query: str              # the deep link's query string
    slider: str             # aria-label of the slider moved with the keyboard
    slider_value: str       # the value the deep link sets on it (aria-valuetext)
    metric: str             # a metric label whose value must follow the state


CASES = [
    PageCase("clt", "dist=uniform&n=100&trials=1000", "Draws per mean N", "100", "Berry–Esseen bound"),
    PageCase("mvn", "rho=0.3&x2=0.5", "correlation ρ", "0.300", "Conditional mean E[x₁ | x₂]"),
    PageCase("beta", "data=simulate&theta=0.6&flips=500", "true θ", "0.60", "Posterior mean"),
    PageCase("gmm", "sep=3&n=500", "separation of the true means", "3.00", "Gap $\\ell_K - \\ell_1$"),
    PageCase("kl", "tab=Fitting&sep=5", "distance between p's modes", "5.00", "Forward fit: KL(p‖q)"),
    PageCase("fisher", "model=poisson&theta=4&n=50&reps=500", "sample size n", "50", "Cramér–Rao bound 1/(nI)"),
    PageCase("sampling", "temperature=0.5", "temperature T", "0.50", "Entropy after the pipeline"),
]




def open_page(browser, url: str, metric_label: str | None = None, text: str | None = None):
    """A fresh browser context on `url`, returned once the metric `metric_label` (or `text`) shows.

    Waiting for a metric's label as text is not enough: the same words can appear in prose above
    the metrics (/beta says "posterior mean" before its metric row exists)."""
    context = browser.new_context(viewport={"width": 1400, "height": 2000})
    page = context.new_page()
    page.goto(url, wait_until="domcontentloaded")
    ready = metric_locator(page, metric_label) if metric_label else page.get_by_text(text)
    ready.first.wait_for(timeout=TIMEOUT)
    page.wait_for_load_state("networkidle")
    return context, page


def label_pattern(label: str) -> re.Pattern:
    """A metric label as its text reads in the page: words exactly, and each $formula$ by its TeX source, which
    KaTeX keeps (between the MathML and the drawn copies of the symbols) in the label's text."""
    parts = re.split(r"\$(.+?)\$", label)
    body = "".join(re.escape(part) if index % 2 == 0 else f".*?{re.escape(part)}.*?"
                   for index, part in enumerate(parts))
    return re.compile(rf"^\s*{body}\s*$", re.DOTALL)


def metric_locator(page, label: str):
    # The label must match exactly: has_text alone is a case-insensitive substring match, and
    # "Posterior mean" would also pick "Grid posterior mean (error vs exact)" on /beta.
    exact_label = page.locator("[data-testid='stMetricLabel']").filter(has_text=label_pattern(label))
    return page.locator("[data-testid='stMetric']").filter(has=exact_label)


def metric_value(page, label: str) -> str:
    metric = metric_locator(page, label)
    assert metric.count() == 1, f"{metric.count()} metrics labelled {label!r}"
    return metric.locator("[data-testid='stMetricValue']").inner_text().strip()


def wait_for_metric_change(page, label: str, before: str) -> str:
    for _ in range(60):
        page.wait_for_timeout(250)
        now = metric_value(page, label)
        if now != before:
            return now
    raise AssertionError(f"{label} stayed at {before}")


def assert_no_exception(page) -> None:
    assert page.locator("[data-testid='stException']").count() == 0


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.stem)
def test_deep_link_keyboard_and_fresh_tab(server_url, browser, case):
    context, page = open_page(browser, f"{server_url}/{case.stem}?{case.query}", case.metric)
    slider = page.get_by_role("slider", name=case.slider)
    assert slider.get_attribute("aria-valuetext") == case.slider_value
    before = metric_value(page, case.metric)
    page.screenshot(path=str(ARTIFACTS / f"browser-{case.stem}-deep-link.png"), full_page=True)

    slider.focus()
    page.keyboard.press("ArrowRight")
    after = wait_for_metric_change(page, case.metric, before)
    key = re.escape(case.query.split("&")[0].split("=")[0])
    assert re.search(rf"[?&]{key}=", page.url), page.url
    assert page.url != f"{server_url}/{case.stem}?{case.query}"
    assert_no_exception(page)
    moved_url = page.url
    context.close()

    fresh, again = open_page(browser, moved_url, case.metric)
    assert metric_value(again, case.metric) == after
    assert again.get_by_role("slider", name=case.slider).get_attribute("aria-valuetext") != case.slider_value
    assert_no_exception(again)
    again.screenshot(path=str(ARTIFACTS / f"browser-{case.stem}-after-keyboard.png"), full_page=True)
    fresh.close()


def test_presenter_mode_collapses_the_sidebar_and_enlarges_text(server_url, browser):
    context, page = open_page(browser, f"{server_url}/beta?present=1", "Posterior mean")
    sidebar = page.locator("[data-testid='stSidebar']")
    assert sidebar.get_attribute("data-collapsed") == "true"
    size = page.locator("[data-testid='stMetricValue']").first.evaluate(
        "e => parseFloat(getComputedStyle(e.querySelector('*') || e).fontSize)")
    assert size >= 40  # 2.6rem at a 20 px base; about 36 px outside presenter mode
    assert page.get_by_text("Data (CSV)").count() == 0
    assert_no_exception(page)
    page.screenshot(path=str(ARTIFACTS / "browser-presenter.png"), full_page=True)
    context.close()


def test_a_lesson_steps_forward_and_back(server_url, browser):
    context, page = open_page(browser, f"{server_url}/", text="Lessons: step through a page with a class")
    # By its key: the sidebar's classroom panel has a "Start a room" button too.
    page.locator(".st-key-start-1-clt-in-five-steps button").click()
    page.get_by_text("step 1 of 5").wait_for(timeout=TIMEOUT)
    assert "lesson=1-clt-in-five-steps" in page.url and "step=1" in page.url
    page.get_by_role("button", name="Next").click()
    page.get_by_text("step 2 of 5").wait_for(timeout=TIMEOUT)
    # docs/maths.md §1: sup|F_5 - Phi| = 0.059629 for the exponential source.
    distance = metric_locator(page, "Distance from normal $D_N$").locator("[data-testid='stMetricValue']")
    distance.filter(has_text="0.0596").wait_for(timeout=TIMEOUT)
    assert metric_value(page, "Distance from normal $D_N$") == "0.0596"
    page.get_by_role("button", name="Back").click()
    page.get_by_text("step 1 of 5").wait_for(timeout=TIMEOUT)
    assert_no_exception(page)
    page.screenshot(path=str(ARTIFACTS / "browser-lesson.png"), full_page=True)
    context.close()


def test_share_panel_shows_the_link_and_a_qr_code(server_url, browser):
    context, page = open_page(browser, f"{server_url}/kl?m2=2", "KL(p ‖ q)")
    page.get_by_text("Share this view").click()
    code = page.locator("[data-testid='stSidebar'] [data-testid='stCode']").first
    code.wait_for(timeout=TIMEOUT)
    link = code.inner_text().replace("\n", "")
    assert "/kl?" in link and "m2=2" in link
    assert page.locator("[data-testid='stSidebar'] img").count() >= 1
    # The test server is on 127.0.0.1: the panel says a phone cannot open this link.
    page.get_by_text("Only this computer can open this link (127.0.0.1)").wait_for(timeout=TIMEOUT)
    # A labelled Copy button, visible without hovering (touch screens have no hover), that copies the link.
    context.grant_permissions(["clipboard-read", "clipboard-write"])
    copy = page.get_by_role("button", name="Copy link")
    assert copy.is_visible() and copy.bounding_box()["height"] >= 44
    copy.click()
    page.get_by_role("button", name="Copied").wait_for(timeout=TIMEOUT)
    assert page.evaluate("navigator.clipboard.readText()") == link
    # The full-size code sits in the middle of its dialog, where a lecture hall looks.
    page.get_by_role("button", name="Show the QR code full-size").click()
    dialog = page.get_by_role("dialog")
    large = dialog.locator("img")
    large.wait_for(timeout=TIMEOUT)
    page.wait_for_function("el => el.complete && el.naturalWidth > 0", arg=large.element_handle())
    box, frame = large.bounding_box(), dialog.bounding_box()
    assert abs((box["x"] + box["width"] / 2) - (frame["x"] + frame["width"] / 2)) < 4
    assert_no_exception(page)
    context.close()


def test_python_snippet_is_drawn_when_its_panel_opens(server_url, browser):
    context, page = open_page(browser, f"{server_url}/kl?m2=2", "KL(p ‖ q)")
    main_code = page.locator("[data-testid='stMain'] [data-testid='stCode']")
    assert main_code.count() == 0  # not drawn (nor its highlighter loaded) until asked for
    page.get_by_text("Reproduce these numbers in Python").click()
    main_code.first.wait_for(timeout=TIMEOUT)
    assert "m1, s1, m2, s2 = 0, 1, 2, 2" in main_code.first.inner_text()  # the current state, m2 from the URL
    assert_no_exception(page)
    context.close()
