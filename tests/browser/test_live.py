"""Live controls in Chromium: dragging with the mouse or stepping with the keyboard redraws the
figures and the readouts with no rerun until release; the released value is in the URL and a fresh
tab shows the same view."""

from __future__ import annotations

import pytest

from tests.browser.test_pages import TIMEOUT, assert_no_exception, metric_value, open_page

pytestmark = pytest.mark.browser

READOUT = "Conditional mean E[x₁ | x₂]"
# (page and query, control, a readout that follows it, a chart and one of its traces that must move)
CONTROLS = [("mvn", "rho", READOUT, "mvn-joint", 1), ("mvn", "x2", READOUT, "mvn-joint", 5),
            ("kl", "m2", "KL(p ‖ q)", "kl-integrands", 1),
            ("kl", "s2", "KL(p ‖ q)", "kl-integrands", 1),
            ("sampling", "temperature", "Entropy after the pipeline", "sampling-stages", 1),
            # at T = 2 the distribution is flat enough for every step of top-p to change what is kept
            ("sampling?temperature=2", "top_p", "Entropy after the pipeline", "sampling-stages", 2),
            # a label with a typeset formula: the live control finds it by its TeX source (ui/live/page_dom.js)
            ("clt", "n", "Distance from normal $D_N$", "clt-histogram", 0),
            ("fisher?model=poisson", "theta", "Fisher information I(λ)", "fisher-sampling", 0),
            ("beta?data=simulate&flips=200", "seen", "Posterior mean", "beta-posterior", 3),
            # no metric follows the EM iteration: the sentence over the figure does (#: a container's text)
            ("gmm", "iteration", "#gmm-iteration", "gmm-em", 4),
            # η's range and step are the family's (the Poisson's: −2 to 3 in 0.05)
            ("families?fam=poisson", "eta", "A′(η) = E[X]", "families-grammar", 0),
            ("families?tab=Generating+functions", "n", "largest gap to e^(−t²/2)", "families-characteristic", 1),
            ("families?tab=Map&edge=gamma-normal", "size", "total variation", "families-limit", 0)]


def _readout(page, readout: str) -> str:
    """A metric's value, or (for "#key") the text of the container with that key."""
    if readout.startswith("#"):
        return page.locator(f".st-key-{readout[1:]}").inner_text()
    return metric_value(page, readout)


def _open(browser, url: str, readout: str):
    """open_page, waiting for the readout (a metric, or a keyed container)."""
    if not readout.startswith("#"):
        return open_page(browser, url, readout)
    context, page = open_page(browser, url, text="Share this view")
    page.locator(f".st-key-{readout[1:]}").wait_for(timeout=TIMEOUT)
    return context, page


def _live(page, key: str):
    control = page.locator(f'[data-testid="live-control"][data-key="{key}"]')
    control.wait_for(timeout=TIMEOUT)
    return control


def _script_state(page) -> str:
    return page.evaluate("document.querySelector('[data-test-script-state]').getAttribute('data-test-script-state')")


def _trace(page, chart: str, trace: int) -> list[float]:
    """A few coordinates of one trace as the figure now holds them (from its start and its middle: a
    histogram's tails can be empty at every N)."""
    script = (f"const t = document.querySelector('.st-key-{chart} .js-plotly-plot')._fullData[{trace}];"
              "const middle = Math.floor(t.y.length / 2);"
              "return [...Array.from(t.x).slice(0, 3), ...Array.from(t.y).slice(middle, middle + 3)];")
    return page.evaluate(f"(() => {{ {script} }})()")


def _idle(page) -> None:
    page.wait_for_function("document.querySelector('[data-test-script-state]')"
                           ".getAttribute('data-test-script-state') === 'notRunning'", timeout=TIMEOUT)


@pytest.mark.parametrize("stem, key, readout, chart, trace", CONTROLS, ids=[c[1] for c in CONTROLS])
def test_dragging_follows_without_a_rerun_and_release_commits(server_url, browser, stem, key, readout, chart, trace):
    context, page = _open(browser, f"{server_url}/{stem}", readout)
    control = _live(page, key)
    _idle(page)
    before_value, before_trace = _readout(page, readout), _trace(page, chart, trace)
    assert len(before_trace) == 6, before_trace
    control.scroll_into_view_if_needed()
    box = control.bounding_box()
    y = box["y"] + box["height"] / 2
    page.mouse.move(box["x"] + box["width"] * 0.35, y)
    page.mouse.down()
    states, readouts = set(), []
    for step in range(1, 31):
        page.mouse.move(box["x"] + box["width"] * (0.35 + 0.01 * step), y)
        states.add(_script_state(page))
        readouts.append(_readout(page, readout))
    page.wait_for_timeout(100)  # the last move's figure update is drawn in the next animation frame
    assert states == {"notRunning"}, "the page reran while the control was still held"
    assert len(set(readouts)) >= 4 and readouts[-1] != before_value  # top-p changes in steps: >= 4
    assert _trace(page, chart, trace) != before_trace
    assert f"{key}=" not in page.url
    shown = control.get_attribute("aria-valuetext")
    page.mouse.up()
    page.wait_for_function(f"location.search.includes('{key}=')", timeout=TIMEOUT)
    _idle(page)
    assert _readout(page, readout) == readouts[-1]  # the exact value agrees with the grid's state
    assert_no_exception(page)
    moved = page.url
    context.close()

    fresh, again = _open(browser, moved, readout)
    _idle(again)
    assert _readout(again, readout) == readouts[-1]
    assert _live(again, key).get_attribute("aria-valuetext") == shown
    fresh.close()


@pytest.mark.parametrize("stem, key, readout, chart, trace", CONTROLS, ids=[c[1] for c in CONTROLS])
def test_the_keyboard_moves_it_too(server_url, browser, stem, key, readout, chart, trace):
    context, page = _open(browser, f"{server_url}/{stem}", readout)
    control = _live(page, key)
    _idle(page)
    before, shown = _readout(page, readout), control.get_attribute("aria-valuetext")
    control.focus()
    at_minimum = control.evaluate("slider => Number(slider.value) <= Number(slider.min)")
    page.keyboard.press("ArrowRight" if at_minimum else "ArrowLeft")  # one step (/families' N starts at 1)
    page.wait_for_function(f"location.search.includes('{key}=')", timeout=TIMEOUT)
    _idle(page)
    assert control.get_attribute("aria-valuetext") != shown
    assert _readout(page, readout) != before
    assert_no_exception(page)
    context.close()


def test_the_observed_line_itself_drags_x2(server_url, browser):
    """/mvn's x₂ can be dragged on the figure: pressing on the dotted line and moving it up moves x₂
    (not Plotly's zoom box), with no rerun until release."""
    context, page = _open(browser, f"{server_url}/mvn", READOUT)
    _live(page, "x2")
    _idle(page)
    chart = page.locator(".st-key-mvn-joint .js-plotly-plot")
    chart.scroll_into_view_if_needed()
    page.wait_for_function("document.querySelector('.st-key-mvn-joint .js-plotly-plot').__liveHandleAttached === true",
                           timeout=TIMEOUT)
    x, y, y_range = page.evaluate("""() => {
      const el = document.querySelector('.st-key-mvn-joint .js-plotly-plot');
      const box = el.getBoundingClientRect(), xa = el._fullLayout.xaxis, ya = el._fullLayout.yaxis;
      return [box.left + xa._offset + 0.15 * xa._length, box.top + ya._offset + ya.d2p(-1.0), ya.range]; }""")
    before = _readout(page, READOUT)
    page.mouse.move(x, y)
    page.mouse.down()
    states, readouts = set(), []
    for step in range(1, 16):
        page.mouse.move(x, y - 4 * step)
        states.add(_script_state(page))
        readouts.append(_readout(page, READOUT))
    assert states == {"notRunning"} and len(set(readouts)) >= 4 and readouts[-1] != before
    assert "x2=" not in page.url
    page.mouse.up()
    page.wait_for_function("location.search.includes('x2=')", timeout=TIMEOUT)
    _idle(page)
    assert float(page.url.split("x2=")[1].split("&")[0]) > -1.0  # dragged up: a larger x₂
    assert page.evaluate("document.querySelector('.st-key-mvn-joint .js-plotly-plot')._fullLayout.yaxis.range") == \
        y_range  # no zoom
    assert_no_exception(page)
    context.close()


# Each metric while a control is held: its label, its value, how strongly the metric and its note are drawn.
_METRICS_SHOWN = """() => [...document.querySelectorAll('[data-testid="stMetric"]')].map(metric => {
  const note = metric.querySelector('[data-testid="stMetricDelta"]');
  return {label: metric.querySelector('[data-testid="stMetricLabel"]').textContent.trim(),
          value: metric.querySelector('[data-testid="stMetricValue"]').textContent.trim(),
          metric: Number(getComputedStyle(metric).opacity),
          note: note ? Number(getComputedStyle(note).opacity) : null};
})"""


def test_while_held_the_words_that_do_not_follow_fade(server_url, browser):
    """/beta at 200 flips, "flips seen" held: the values the family carries follow at full strength, their notes
    ("width 0.476", "MLE 0.700": written for the committed state) fade, and so does every metric the family does
    not carry; all come back on release."""
    context, page = _open(browser, f"{server_url}/beta?data=simulate&flips=200", "Posterior mean")
    control = _live(page, "seen")
    _idle(page)
    control.scroll_into_view_if_needed()
    box = control.bounding_box()
    y = box["y"] + box["height"] / 2
    page.mouse.move(box["x"] + box["width"] * 0.3, y)
    page.mouse.down()
    samples = []
    for step in range(1, 21):
        page.mouse.move(box["x"] + box["width"] * (0.3 + 0.01 * step), y)
        if step in (2, 20):
            page.wait_for_timeout(300)   # past the fade's transition
            samples.append({m["label"]: m for m in page.evaluate(_METRICS_SHOWN)})
    first, last = samples
    following = [label for label, m in last.items() if m["metric"] > 0.9]
    assert "Posterior mean" in following and first["Posterior mean"]["value"] != last["Posterior mean"]["value"]
    for label in following:
        assert last[label]["note"] is None or last[label]["note"] < 0.5, f"the note of {label} did not fade"
    faded = [label for label, m in last.items() if m["metric"] < 0.5]
    assert set(following) | set(faded) == set(last), "a metric is neither following nor faded"
    page.mouse.up()
    page.wait_for_function("location.search.includes('seen=')", timeout=TIMEOUT)
    _idle(page)
    page.wait_for_timeout(300)
    after = page.evaluate(_METRICS_SHOWN)
    assert all(m["metric"] > 0.9 and (m["note"] is None or m["note"] > 0.9) for m in after), after
    assert_no_exception(page)
    context.close()
