"""The folded panels draw their contents only while open (ui/frame.py, ui/room_panel.py), in Chromium.

A closed Settings panel draws none of its controls, yet the view is what the link says, and the link keeps every
value the reader chose in it after it is closed (ui.page_state.rest): opened again, its controls show the same
values, and the link opened in a fresh browser shows the same view. The Presets and Classroom panels draw their
buttons once opened. /likelihood's own numbers box, on the page and not in Settings, is drawn with Settings closed.
"""

from __future__ import annotations

import pytest

from tests.browser.test_pages import TIMEOUT, assert_no_exception
from tests.browser.test_presets import settled_state

pytestmark = pytest.mark.browser

SUMMARY = ".st-key-page-toolbar [data-testid='stCaptionContainer']"   # the line saying what is set, the last
SELECT = "[data-testid='stSelectbox']"


def _settled_page(browser, url: str):
    """A fresh reader's page at `url`, once its script is idle."""
    page = browser.new_context(viewport={"width": 1400, "height": 900}).new_page()
    page.goto(url, wait_until="domcontentloaded")
    settled_state(page)
    return page


def _toggle(page, label: str) -> None:
    page.locator("[data-testid='stExpander'] summary", has_text=label).first.click()


def _source(page) -> str:
    """The source Settings' drop-down shows (a combo box: its value is its text field's)."""
    return page.locator(SELECT).first.locator("input").input_value()


def _summary(page) -> str:
    return page.locator(SUMMARY).last.inner_text()


def test_a_closed_settings_panel_keeps_its_values_in_the_link(server_url, browser):
    page = _settled_page(browser, f"{server_url}/clt?dist=poisson&rate=3")
    first = settled_state(page)
    assert page.locator(SELECT).count() == 0, "a closed Settings panel draws no controls"
    assert _summary(page).startswith("Poisson(3)"), _summary(page)

    _toggle(page, "Settings")
    page.locator(SELECT).first.wait_for(timeout=TIMEOUT)
    opened = settled_state(page)
    assert _source(page) == "poisson"
    assert opened["metrics"] == first["metrics"], "opening Settings changed the view"

    page.locator(SELECT).first.click()
    page.get_by_role("option", name="uniform", exact=True).click()
    page.wait_for_url("**dist=uniform**", timeout=TIMEOUT)
    chosen = settled_state(page)
    assert chosen["metrics"] != first["metrics"]

    _toggle(page, "Settings")
    page.locator(SELECT).first.wait_for(state="detached", timeout=TIMEOUT)
    closed = settled_state(page)
    assert "dist=uniform" in page.url and "rate=" not in page.url, page.url
    assert closed["metrics"] == chosen["metrics"], "closing Settings changed the view"
    assert _summary(page).startswith("Uniform(0, 1)"), _summary(page)

    _toggle(page, "Settings")
    page.locator(SELECT).first.wait_for(timeout=TIMEOUT)
    settled_state(page)
    assert _source(page) == "uniform"
    _toggle(page, "Settings")
    page.locator(SELECT).first.wait_for(state="detached", timeout=TIMEOUT)

    fresh = _settled_page(browser, page.url)
    assert settled_state(fresh)["metrics"] == closed["metrics"], "the link does not reproduce the view"
    assert_no_exception(page)
    assert_no_exception(fresh)
    fresh.context.close()
    page.context.close()


def test_presets_and_classroom_draw_their_buttons_once_opened(server_url, browser):
    page = _settled_page(browser, f"{server_url}/beta")
    presets = page.locator("[class*='st-key-'][class*='-preset-'] button")
    start_room = page.get_by_role("button", name="Start a room")
    assert presets.count() == 0 and start_room.count() == 0
    _toggle(page, "Presets")
    presets.first.wait_for(timeout=TIMEOUT)
    assert presets.count() >= 3
    _toggle(page, "Classroom")
    start_room.wait_for(timeout=TIMEOUT)
    assert_no_exception(page)
    page.context.close()


def test_the_pasted_numbers_box_is_drawn_with_settings_closed(server_url, browser):
    page = _settled_page(browser, f"{server_url}/likelihood?source=pasted&data=1,2,3,4,5,6")
    assert page.locator(SELECT).count() == 0
    box = page.locator("[data-testid='stTextArea'] textarea, [data-testid='stTextInput'] input").first
    assert "1,2,3,4,5,6" in box.input_value()
    assert _summary(page).startswith("N = 6 "), _summary(page)
    assert_no_exception(page)
    page.context.close()
