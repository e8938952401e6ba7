"""Accessibility in a real browser: axe-core (from the npm registry, pinned in tests/browser/axe) on every
page in English and in Japanese, presenter mode's contrast, and one page walked with the keyboard alone.

A violation axe rates serious or critical fails the test, with axe's own words for it; screenshots of each
page in Japanese land in test-artifacts/ for a person to look at (overflowing labels, cut text).
"""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

import pytest

import concepts
from tests.browser.support import ARTIFACTS

pytestmark = pytest.mark.browser
TIMEOUT = 60_000
AXE = Path(__file__).resolve().parent / "axe" / "node_modules" / "axe-core" / "axe.min.js"
# The WCAG 2.1 A and AA rules: what an accessibility review of a teaching site checks.
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
PAGES = ["", *concepts.specs_by_stem()]   # "" is the home page


@pytest.fixture(scope="module")
def axe_source() -> str:
    if not AXE.is_file():
        message = f"axe-core is not installed at {AXE}: run `npm ci --prefix tests/browser/axe` (.ci/run does)"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    return AXE.read_text(encoding="utf-8")


def _open(browser, url: str, viewport: dict | None = None):
    context = browser.new_context(viewport=viewport or {"width": 1400, "height": 1800})
    page = context.new_page()
    page.goto(url, wait_until="domcontentloaded")
    page.locator("h1").first.wait_for(timeout=TIMEOUT)
    page.wait_for_load_state("networkidle", timeout=TIMEOUT)
    # A run still in progress shows Streamlit's status widget: wait until the page has settled.
    _settle(page)
    return context, page


# Quiet for a whole second: no run in progress (Streamlit's status widget) and no element faded as left from a
# previous run (data-stale). A page may rerun once more just after loading (a component reporting its first
# value); axe would count the faded text of that moment as low contrast (seen in CI on /clt and /beta).
_SETTLED = """() => {
  const busy = document.querySelector('[data-testid="stStatusWidgetRunningIcon"], [data-stale="true"]');
  if (busy) { window.__quietSince = null; return false; }
  window.__quietSince = window.__quietSince || performance.now();
  return performance.now() - window.__quietSince > 1000;
}"""


def _settle(page) -> None:
    page.evaluate("() => { window.__quietSince = null; }")
    page.wait_for_function(_SETTLED, polling=100, timeout=TIMEOUT)


def _serious(page, axe_source: str, options: dict) -> list[str]:
    _settle(page)
    page.add_script_tag(content=axe_source)
    result = page.evaluate("options => axe.run(document, options)", options)
    found = []
    for violation in result["violations"]:
        if violation["impact"] in ("serious", "critical"):
            targets = [" ".join(map(str, node["target"])) for node in violation["nodes"][:3]]
            found.append(f"{violation['id']} ({violation['impact']}): {violation['help']} at {targets}")
    return found


@pytest.mark.parametrize("lang", ["en", "ja"])
@pytest.mark.parametrize("stem", PAGES, ids=lambda stem: stem or "home")
def test_no_serious_accessibility_violations(server_url, browser, axe_source, stem, lang):
    context, page = _open(browser, f"{server_url}/{stem}?lang={lang}")
    try:
        if lang == "ja":
            page.screenshot(path=str(ARTIFACTS / f"browser-ja-{stem or 'home'}.png"), full_page=True)
            # Set by a tiny component (ui/language.py) once it is mounted, which on a loaded machine can come after
            # the page has otherwise settled: wait for it rather than read it at once.
            page.wait_for_function("() => document.documentElement.lang === 'ja'", timeout=TIMEOUT)
        violations = _serious(page, axe_source, {"runOnly": {"type": "tag", "values": WCAG_TAGS}})
        assert violations == [], "\n".join(violations)
    finally:
        context.close()


def test_presenter_mode_passes_the_contrast_check(server_url, browser, axe_source):
    context, page = _open(browser, f"{server_url}/beta?present=1")
    try:
        violations = _serious(page, axe_source, {"runOnly": {"type": "rule", "values": ["color-contrast"]}})
        assert violations == [], "\n".join(violations)
    finally:
        context.close()


def _focused(page) -> dict:
    return page.evaluate("""() => {
        const el = document.activeElement;
        // A control's own name: its aria-label, its <label>, or the text of a button, link or summary (never
        // a container's text: <main> itself takes focus, and its text holds every label on the page).
        const own = ['BUTTON', 'A', 'SUMMARY'].includes(el.tagName) ? el.innerText : '';
        return {tag: el.tagName, role: el.getAttribute('role') || '', type: el.type || '',
                label: el.getAttribute('aria-label') || (el.labels && el.labels[0] && el.labels[0].innerText) ||
                       own || ''};
    }""")


def _tab_to(page, label: str, presses: int = 250) -> None:
    for _ in range(presses):
        page.keyboard.press("Tab")
        if label in _focused(page)["label"]:
            return
    pytest.fail(f"{label!r} was never reached with Tab")


def test_one_page_with_the_keyboard_alone(server_url, browser):
    """/beta: Tab reaches every control of the page, the Presets and Settings panels and the folded formulas; a
    number box moves with the arrow keys (and the link follows); Enter opens the Presets panel, whose presets
    Tab then reaches; Enter unfolds the formulas."""
    context, page = _open(browser, f"{server_url}/beta?lang=en")
    try:
        reached = []
        for _ in range(160):
            page.keyboard.press("Tab")
            reached.append(_focused(page))
        labels = " | ".join(f"{item['label']}".strip().replace("\n", " ") for item in reached)
        for control in ("a (prior heads)", "b (prior tails)", "heads", "tails", "+1 head", "Reset to no data",
                        "Presets", "Settings", "How are these numbers computed?", "Grid points per axis M"):
            assert control in labels, f"Tab never reached {control!r}; reached: {labels[:1500]}"

        # Move "a (prior heads)" with the keyboard: tab on (the order wraps round the page) to it, then arrow up.
        _tab_to(page, "a (prior heads)")
        page.keyboard.press("ArrowUp")
        page.keyboard.press("Enter")
        page.wait_for_function("() => location.search.includes('a=2.5')", timeout=TIMEOUT)

        # Open the Presets panel with Enter: its presets are next in Tab order.
        _tab_to(page, "Presets")
        page.keyboard.press("Enter")
        preset = page.get_by_role("button", name="Uniform prior Beta(1, 1)", exact=True)
        preset.wait_for(timeout=TIMEOUT)
        _tab_to(page, "Uniform prior Beta(1, 1)", presses=20)

        # Unfold the formulas with Enter and read the posterior's.
        _tab_to(page, "How are these numbers computed?")
        page.keyboard.press("Enter")
        formula = page.locator("[data-testid='stExpander'] .katex").first
        formula.wait_for(timeout=TIMEOUT)
        assert re.search(r"a\s*\+\s*h", " ".join(page.locator("[data-testid='stExpander'] .katex").all_inner_texts()))
        page.screenshot(path=str(ARTIFACTS / "browser-keyboard-beta.png"), full_page=True)
    finally:
        context.close()


def test_every_figure_has_a_description_for_screen_readers(server_url, browser):
    context, page = _open(browser, f"{server_url}/beta?lang=ja")
    try:
        charts = page.locator("[data-testid='stPlotlyChart']")
        # Quiet is not drawn: on a loaded machine the figures can mount after the page looks settled
        # (no chart yet once in a fresh-clone CI run).
        charts.nth(2).wait_for(timeout=TIMEOUT)
        assert charts.count() >= 3
        # Each chart's accessible name (Streamlit puts `alt` on the chart's own element, beside the mode bar's
        # labelled buttons): the description in Japanese, starting "図：" ("Chart:").
        names = page.evaluate("""() => [...document.querySelectorAll('[data-testid="stPlotlyChart"]')].map(
            chart => [chart, ...chart.querySelectorAll('[aria-label]')].map(el => el.getAttribute('aria-label'))
                     .filter(label => label && label.startsWith('図：')))""")
        assert all(len(found) == 1 for found in names), json.dumps(names, ensure_ascii=False)[:800]
        assert "最大値" in " ".join(found[0] for found in names)   # key numbers, not just a title
    finally:
        context.close()


def test_japanese_tabs_keep_english_names_in_the_link(server_url, browser):
    """/kl in Japanese: a tab named in Japanese opens with a click, the link says `tab=Fitting` (a link works in
    either language), and the first tab, the default, leaves the link again."""
    context, page = _open(browser, f"{server_url}/kl?lang=ja")
    try:
        page.get_by_role("tab", name="当てはめ").click()
        page.wait_for_function("() => location.search.includes('tab=Fitting')", timeout=TIMEOUT)
        page.get_by_text("p の 2 つの山の間隔").first.wait_for(timeout=TIMEOUT)
        assert page.get_by_role("tab", name="当てはめ").get_attribute("aria-selected") == "true"
        page.get_by_role("tab", name="2 つの正規分布").click()
        page.wait_for_function("() => !location.search.includes('tab=')", timeout=TIMEOUT)
        assert "lang=ja" in page.url
    finally:
        context.close()
