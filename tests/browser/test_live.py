"""Live controls in Chromium: dragging with the mouse or stepping with the keyboard redraws the
figures and the readouts with no rerun until release; the released value is in the URL and a fresh
tab shows the same view."""

from __future__ import annotations

import re

import pytest

from tests.browser.test_pages import TIMEOUT, assert_no_exception, metric_value, open_page

pytestmark = pytest.mark.browser

READOUT = "Conditional mean E[x₁ | x₂]"


def _live(page, key: str):
    control = page.locator(f'[data-testid="live-control"][data-key="{key}"]')
    control.wait_for(timeout=TIMEOUT)
    return control


def _script_state(page) -> str:
    return page.evaluate("document.querySelector('[data-test-script-state]').getAttribute('data-test-script-state')")


def _ellipse_x(page) -> list[float]:
    return page.evaluate("Array.from(document.querySelector('.st-key-mvn-joint .js-plotly-plot').data[1].x)"
                         ".slice(0, 5)")


def _idle(page) -> None:
    page.wait_for_function("document.querySelector('[data-test-script-state]')"
                           ".getAttribute('data-test-script-state') === 'notRunning'", timeout=TIMEOUT)


def test_dragging_rho_follows_without_a_rerun_and_release_commits(server_url, browser):
    context, page = open_page(browser, f"{server_url}/mvn", READOUT)
    control = _live(page, "rho")
    _idle(page)
    before_value, before_x = metric_value(page, READOUT), _ellipse_x(page)
    control.scroll_into_view_if_needed()
    box = control.bounding_box()
    y = box["y"] + box["height"] / 2
    page.mouse.move(box["x"] + box["width"] * 0.78, y)
    page.mouse.down()
    states, readouts = set(), []
    for step in range(1, 31):
        page.mouse.move(box["x"] + box["width"] * (0.78 - 0.01 * step), y)
        states.add(_script_state(page))
        readouts.append(metric_value(page, READOUT))
    during_x = _ellipse_x(page)
    assert states == {"notRunning"}, "the page reran while the control was still held"
    assert len(set(readouts)) > 10 and readouts[-1] != before_value
    assert during_x != before_x
    assert "rho=" not in page.url
    page.mouse.up()
    page.wait_for_function("location.search.includes('rho=')", timeout=TIMEOUT)
    _idle(page)
    assert metric_value(page, READOUT) == readouts[-1]  # the exact value agrees with the grid's state
    assert_no_exception(page)
    moved = page.url
    context.close()

    fresh, again = open_page(browser, moved, READOUT)
    _idle(again)
    assert metric_value(again, READOUT) == readouts[-1]
    rho = re.search(r"rho=(-?[0-9.]+)", moved).group(1)
    assert _live(again, "rho").get_attribute("aria-valuetext") == f"{float(rho):.3f}"
    fresh.close()


def test_the_keyboard_moves_it_too(server_url, browser):
    context, page = open_page(browser, f"{server_url}/mvn?rho=0.3", READOUT)
    control = _live(page, "rho")
    _idle(page)
    before = metric_value(page, READOUT)
    control.focus()
    page.keyboard.press("ArrowRight")
    page.wait_for_function("location.search.includes('rho=0.31')", timeout=TIMEOUT)
    _idle(page)
    assert control.get_attribute("aria-valuetext") == "0.310"
    assert metric_value(page, READOUT) != before
    assert_no_exception(page)
    context.close()
