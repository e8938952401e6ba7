"""The page template (ui/frame.py, issue 31) as a reader's screen shows it, measured in Chromium.

- First screen: at 1400x900 (English, Japanese) and 1024x768 (English), every page's and tab's main figure and
  the control under it lie wholly inside the first viewport; in presenter mode at 1280x720 (both languages), the
  main figure; in every lesson step at 1400x900, the figure the step's caption speaks of.
- Phone (390x844, touch): a vertical swipe that starts on a figure scrolls the page (it used to zoom the figure),
  and the check fails where drag-to-zoom is on; nothing is wider than the screen; the main control lies under its
  figure and each of its touch targets is at least 44 px tall.
- Every figure of every view, at 1400x900 and on the phone, in English and in Japanese: no text inside a figure
  covers other text or is cut (tests/browser/figure_text.js, from the DOM's bounding boxes); a planted overlap
  shows the check can fail.

Screenshots land in test-artifacts/ for a person to look at.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Callable

import pytest

import concepts
from ui.lessons import load_lessons
from tests.browser.support import ARTIFACTS
from tests.browser.test_pages import TIMEOUT, assert_no_exception

pytestmark = pytest.mark.browser

# Every view with a stage: each page and each tab, but /likelihood's "The GPU kernel", which is a code listing and
# a timing table, with no figure to put first.
VIEWS = [(stem, tab) for stem, spec in concepts.specs_by_stem().items() for tab in (spec.tabs or ("",))
         if tab != "The GPU kernel"]
DESK = (1400, 900)
PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True, "device_scale_factor": 2}


def _url(server_url: str, stem: str, tab: str, lang: str, extra: str = "") -> str:
    query = f"lang={lang}" + (f"&tab={tab}" if tab else "") + extra
    return f"{server_url}/{stem}?{query}"


def _open(context, url: str):
    page = context.new_page()
    page.goto(url, wait_until="domcontentloaded")
    page.locator("[class*='st-key-stage-figure-'] .js-plotly-plot").first.wait_for(timeout=TIMEOUT)
    page.wait_for_load_state("networkidle")
    for _ in range(120):   # the script idle, and the figures drawn
        if page.locator("[data-testid='stApp']").get_attribute("data-test-script-state") == "notRunning":
            break
        page.wait_for_timeout(250)
    page.wait_for_timeout(600)
    assert_no_exception(page)
    return page


_STAGE = """() => {
  const box = el => { if (!el) return null; const b = el.getBoundingClientRect();
                      return b.height > 0 ? {top: b.top, bottom: b.bottom, left: b.left, right: b.right} : null; };
  const figure = document.querySelector("[class*='st-key-stage-figure-'] .js-plotly-plot");
  const control = document.querySelector("[class*='st-key-stage-control-']");
  return {figure: box(figure), control: box(control), height: innerHeight, width: innerWidth};
}"""


def _inside(box: dict | None, height: float) -> bool:
    return box is not None and box["top"] >= 0 and box["bottom"] <= height + 0.5


def _misses(context, views: list[tuple[str, str]], problems_of: Callable[[Any], list]) -> list:
    """Open each view (a name for its screenshot, a URL) once in `context`, ask `problems_of(page)` what breaks a
    rule there, and keep a screenshot of each view that breaks one. Closes the context."""
    misses = []
    try:
        for name, url in views:
            page = _open(context, url)
            found = problems_of(page)
            if found:
                page.screenshot(path=str(ARTIFACTS / f"{name}.png"))
                misses.append((name, found))
            page.close()
    finally:
        context.close()
    return misses


# Streamlit's header bar, where it is painted (not transparent) over the page's title: in presenter mode, with the
# sidebar tucked away, it was white and 75 px tall, and hid the title's top half.
_TITLE_UNDER_HEADER = """() => {
  const title = document.querySelector('h1').getBoundingClientRect();
  const header = document.querySelector("[data-testid='stHeader']");
  const bar = header.getBoundingClientRect(), paint = getComputedStyle(header).backgroundColor;
  const clear = paint === 'transparent' || /^rgba\\(.*,\\s*0\\)$/.test(paint);
  return bar.bottom > title.top + 2 && !clear ? {header_bottom: bar.bottom, title_top: title.top, paint} : null;
}"""


def _first_screen_problems(page, height: int, with_control: bool) -> list[dict]:
    """The main figure (and, unless presenting, the control under it) wholly inside the first `height` px, and the
    page's title not under Streamlit's header bar. A view without a control under its figure (its controls are
    beside it) is held to its figure."""
    seen = page.evaluate(_STAGE)
    control_missed = with_control and seen["control"] is not None and not _inside(seen["control"], height)
    covered = page.evaluate(_TITLE_UNDER_HEADER)
    return ([{"first screen": seen}] if not _inside(seen["figure"], height) or control_missed else []) + (
        [{"title under the header": covered}] if covered else [])


def _view_urls(server_url: str, lang: str, rule: str, extra: str = "") -> list[tuple[str, str]]:
    return [(f"{rule}-{stem}-{tab or 'page'}-{lang}", _url(server_url, stem, tab, lang, extra)) for stem, tab in VIEWS]


@pytest.mark.parametrize("lang", ["en", "ja"])
def test_at_1400x900_the_stage_fills_the_first_screen_and_no_figure_text_overlaps(server_url, browser, lang):
    """Each view opened once for both rules (the template's browser tests are CI's slowest part): the main figure
    and its control inside the first screen; no text inside any figure covers other text or is cut."""
    context = browser.new_context(viewport={"width": DESK[0], "height": DESK[1]})
    misses = _misses(context, _view_urls(server_url, lang, "1400x900"),
                     lambda page: _first_screen_problems(page, DESK[1], True) + _figure_text_problems(page))
    assert not misses, misses


@pytest.mark.parametrize(("size", "lang", "presenting"),
                         [((1024, 768), "en", False), ((1280, 720), "en", True), ((1280, 720), "ja", True)],
                         ids=["1024x768-en", "presenter-1280x720-en", "presenter-1280x720-ja"])
def test_the_main_figure_and_its_control_fill_the_first_screen(server_url, browser, size, lang, presenting):
    """In presenter mode (a projector) the rule is the main figure alone: the teacher drives the control."""
    context = browser.new_context(viewport={"width": size[0], "height": size[1]})
    rule = f"first-screen-{'presenter-' if presenting else ''}{size[0]}x{size[1]}"
    misses = _misses(context, _view_urls(server_url, lang, rule, "&present=1" if presenting else ""),
                     lambda page: _first_screen_problems(page, size[1], not presenting))
    assert not misses, misses


# Every lesson step whose view has a stage (the GPU kernel tab draws no main figure: its step speaks of its table).
LESSON_STEPS = [(lesson.id, number, step.page) for lesson in load_lessons().values()
                for number, step in enumerate(lesson.steps, 1) if step.state.get("tab") != "The GPU kernel"]


def test_a_lesson_step_shows_the_figure_its_caption_speaks_of_on_the_first_screen(server_url, browser):
    """At 1400x900, under the step's banner and its question (when it asks one), the page's main figure lies
    wholly inside the first screen."""
    context = browser.new_context(viewport={"width": DESK[0], "height": DESK[1]})
    steps = [(f"lesson-step-{lesson_id}-{number}", f"{server_url}/{stem}?lesson={lesson_id}&step={number}")
             for lesson_id, number, stem in LESSON_STEPS]
    misses = _misses(context, steps, lambda page: _first_screen_problems(page, DESK[1], False))
    assert len(LESSON_STEPS) >= 30 and not misses, misses


def _swipe_up(context, page, x: float, y: float, distance: float = 300) -> None:
    """A finger moving up the screen (touch events through Chromium's input pipeline, as a phone sends them)."""
    cdp = context.new_cdp_session(page)
    cdp.send("Input.dispatchTouchEvent", {"type": "touchStart", "touchPoints": [{"x": x, "y": y}]})
    for step in range(1, 16):
        point = {"x": x, "y": y - distance * step / 15}
        cdp.send("Input.dispatchTouchEvent", {"type": "touchMove", "touchPoints": [point]})
        page.wait_for_timeout(16)
    cdp.send("Input.dispatchTouchEvent", {"type": "touchEnd", "touchPoints": []})
    page.wait_for_timeout(600)


_SCROLLED = "() => document.querySelector(\"[data-testid='stMain']\").scrollTop"


@pytest.mark.parametrize("stem", ["clt", "mvn"])
def test_a_swipe_that_starts_on_a_figure_scrolls_the_page(server_url, browser, stem):
    context = browser.new_context(**PHONE)
    try:
        page = _open(context, _url(server_url, stem, "", "en"))
        chart = page.locator("[class*='st-key-stage-figure-'] .js-plotly-plot").first
        box = chart.bounding_box()
        x, y = box["x"] + box["width"] / 2, min(box["y"] + box["height"] / 2, 780)
        assert page.evaluate(_SCROLLED) == 0
        ranges = page.evaluate("() => { const gd = document.querySelector(\"[class*='st-key-stage-figure-'] "
                               ".js-plotly-plot\"); return JSON.stringify([gd._fullLayout.xaxis.range, "
                               "gd._fullLayout.yaxis.range]); }")
        _swipe_up(context, page, x, y)
        assert page.evaluate(_SCROLLED) > 150, "the swipe did not scroll the page"
        after = page.evaluate("() => { const gd = document.querySelector(\"[class*='st-key-stage-figure-'] "
                              ".js-plotly-plot\"); return JSON.stringify([gd._fullLayout.xaxis.range, "
                              "gd._fullLayout.yaxis.range]); }")
        assert after == ranges, "the swipe zoomed or panned the figure"
    finally:
        context.close()


def test_the_swipe_check_can_fail(server_url, browser):
    """Drag-to-zoom switched back on for one figure: the same swipe on it scrolls nothing."""
    context = browser.new_context(**PHONE)
    try:
        page = _open(context, _url(server_url, "clt", "", "en"))
        page.evaluate("() => globalThis.Plotly.relayout(document.querySelector(\"[class*='st-key-stage-figure-'] "
                      ".js-plotly-plot\"), {dragmode: 'zoom'})")
        box = page.locator("[class*='st-key-stage-figure-'] .js-plotly-plot").first.bounding_box()
        _swipe_up(context, page, box["x"] + box["width"] / 2, min(box["y"] + box["height"] / 2, 780))
        assert page.evaluate(_SCROLLED) < 20
    finally:
        context.close()


FIGURE_TEXT = (Path(__file__).with_name("figure_text.js")).read_text(encoding="utf-8")

# Nothing in the page reaches past the right edge of the screen, except inside a box that scrolls or clips
# sideways and itself fits (a code listing, a wide formula, a data table).
_WIDER_THAN_SCREEN = """() => {
  const main = document.querySelector("[data-testid='stMain']");
  const held = element => {
    for (let node = element.parentElement; node && node !== main; node = node.parentElement) {
      const style = getComputedStyle(node);
      if (['auto', 'scroll', 'hidden', 'clip'].includes(style.overflowX)
          && node.getBoundingClientRect().right <= innerWidth + 1) return true;
    }
    return false;
  };
  const wide = [...main.querySelectorAll('*')].filter(element => {
    const box = element.getBoundingClientRect();
    return box.width > 0 && box.right > innerWidth + 1 && !held(element);
  });
  const right = element => Math.round(element.getBoundingClientRect().right);
  return {sideways: main.scrollWidth - main.clientWidth,
          wide: wide.slice(0, 5).map(element => element.tagName + ' ' + right(element))};
}"""

# The heights of the touch targets in the stage's control (ui/live/page.css, ui/live.py), and where the control
# lies against its figure.
_CONTROL_UNDER_FIGURE = """() => {
  const figure = document.querySelector("[class*='st-key-stage-figure-'] .js-plotly-plot").getBoundingClientRect();
  const control = document.querySelector("[class*='st-key-stage-control-']");
  if (!control) return null;
  const box = control.getBoundingClientRect();
  // The live controls' own range inputs, and Streamlit's widgets by the element a finger lands on (a Streamlit
  // slider's track, not the small range input it keeps inside for assistive technology).
  const targets = "input[type=range][data-testid=live-control], [data-testid=stSlider] > [role=group] > div, "
                  + "[data-testid=stRadio] label, [data-baseweb=select] > div";
  return {gap: box.top - figure.bottom, overlapsSideways: box.left < figure.right && box.right > figure.left,
          heights: [...control.querySelectorAll(targets)].map(
            element => Math.round(element.getBoundingClientRect().height))};
}"""


def _figure_text_problems(page) -> list[dict]:
    return page.evaluate(FIGURE_TEXT)


def _phone_problems(page) -> list[dict]:
    """On the phone: no figure text overlapping or cut, nothing wider than the screen, the stage's control under
    its figure with thumb-sized targets."""
    found = _figure_text_problems(page)
    width = page.evaluate(_WIDER_THAN_SCREEN)
    if width["sideways"] > 0 or width["wide"]:
        found.append({"wider than the screen": width})
    control = page.evaluate(_CONTROL_UNDER_FIGURE)
    if control is not None and (control["gap"] < -1 or not control["overlapsSideways"]
                                or not control["heights"] or min(control["heights"]) < 44):
        found.append({"control": control})
    return found


@pytest.mark.parametrize("lang", ["en", "ja"])
def test_on_a_phone_no_figure_text_overlaps_and_nothing_is_wider_than_the_screen(server_url, browser, lang):
    """Every view's figures as drawn at 390x844: titles, ticks, legends, point labels and the touch mode bar stay
    apart and inside; nothing wider than the screen; the control under its figure, thumb-sized targets."""
    misses = _misses(browser.new_context(**PHONE), _view_urls(server_url, lang, "phone"), _phone_problems)
    assert not misses, misses


def test_the_figure_text_check_can_fail(server_url, browser):
    """A legend entry moved onto the x axis's tick labels, and a point label pushed past the plot's edge: both
    are reported, with the figure's name."""
    context = browser.new_context(**PHONE)
    try:
        page = _open(context, _url(server_url, "likelihood", "Numerical stability", "en"))
        assert _figure_text_problems(page) == []
        page.evaluate("""() => {
          const figure = document.querySelector("[class*='st-key-stage-figure-'] .js-plotly-plot");
          const legend = figure.querySelector('.legendtext'), tick = figure.querySelector('.xtick text');
          const from = legend.getBoundingClientRect(), to = tick.getBoundingClientRect();
          legend.setAttribute('transform', `translate(${to.left - from.left}, ${to.top - from.top})`);
          const label = figure.querySelector('.textpoint text');
          label.setAttribute('x', String(Number(label.getAttribute('x') || 0) + 400));
        }""")
        problems = _figure_text_problems(page)
        assert {problem["kind"] for problem in problems} == {"overlap", "cut"}, problems
        assert {problem["figure"] for problem in problems} == {"likelihood-product"}
    finally:
        context.close()
