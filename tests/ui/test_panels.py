"""The folded panels as a first visit finds them: closed, their contents not drawn (ui/frame.py, ui/room_panel.py).

A closed Settings panel's controls are not drawn, and the page computes what the link says, as it does with the
panel open; a value the link cannot use is still reported. What the link keeps when a panel closes is Streamlit's
binding at work, which AppTest does not run: tests/browser/test_panels.py checks it in Chromium.
"""

from __future__ import annotations

import re

import pytest

from tests.pages.support import metric_values, open_page, warnings_text
from ui.registry import available_pages

# (page, a link that sets every one of its Settings away from the default, a key drawn only in Settings)
LINKS = [
    ("clt", {"dist": "poisson", "rate": "3", "trials": "5000", "seed": "7"}, "dist"),
    ("fisher", {"reps": "500", "big_n": "1000", "seed": "3"}, "reps"),
    ("gmm", {"restarts": "2", "seed": "5"}, "restarts"),
    ("mvn", {"samples": "200", "eps": "0.01", "seed": "9"}, "samples"),
    ("likelihood", {"source": "bimodal", "n": "1000", "seed": "4"}, "source"),
]


def _view(at) -> tuple:
    """The key numbers and the toolbar's line saying what is set (its last words: "seed N")."""
    summary = [caption.value for caption in at.caption if re.search(r"seed \d+$", caption.value)]
    return metric_values(at), summary


def _widget_keys(at) -> set[str]:
    kinds = (at.selectbox, at.slider, at.select_slider, at.number_input, at.radio, at.text_input, at.checkbox)
    return {widget.key for kind in kinds for widget in kind if widget.key}


@pytest.mark.parametrize("stem, query, settings_key", LINKS, ids=[stem for stem, _, _ in LINKS])
def test_a_closed_settings_panel_draws_no_controls_and_shows_what_the_link_says(stem, query, settings_key):
    closed = open_page(stem, query, panels_open=False)
    opened = open_page(stem, query)
    assert not closed.exception and not opened.exception
    assert settings_key in _widget_keys(opened)
    assert settings_key not in _widget_keys(closed)
    assert "seed" not in _widget_keys(closed)
    assert _view(closed) == _view(opened)
    assert _view(closed) != _view(open_page(stem, {}, panels_open=False)), "the link changed nothing"


def test_a_closed_panel_still_reports_a_link_value_it_cannot_use():
    at = open_page("clt", {"trials": "7"}, panels_open=False)
    assert "trials=7" in warnings_text(at)
    assert metric_values(at) == metric_values(open_page("clt", {}, panels_open=False))


def test_presets_and_the_classroom_panel_draw_their_buttons_only_when_open():
    closed = open_page("beta", {}, panels_open=False)
    opened = open_page("beta", {})
    assert not any("-preset-" in (button.key or "") for button in closed.button)
    assert any("-preset-" in (button.key or "") for button in opened.button)
    assert not any(button.key == "room-start" for button in closed.sidebar.button)
    assert any(button.key == "room-start" for button in opened.sidebar.button)


FORMULAS_TITLE = "How are these numbers computed?"


def _formula_panel(at):
    panels = [expander for expander in at.expander if expander.label == FORMULAS_TITLE]
    assert len(panels) == 1, [expander.label for expander in at.expander]
    return panels[0]


@pytest.mark.parametrize("stem", [spec.stem for spec in available_pages()])
def test_the_formulas_are_drawn_only_while_their_panel_is_open(stem):
    """A first visit draws the panel's title and none of its typeset formulas (ui/frame.py: they cost every
    visit's first figure for a panel few open); opened, each readout's formula follows its number as shown."""
    closed, opened = open_page(stem, {}, panels_open=False), open_page(stem, {})
    assert not closed.exception and not opened.exception
    assert not _formula_panel(closed).get("latex") and not _formula_panel(closed).get("markdown")
    shown = _formula_panel(opened)
    assert len(shown.get("latex")) == len(shown.get("markdown")) >= 3
    readouts = metric_values(opened)
    for line in shown.get("markdown"):
        label, value = re.fullmatch(r"\*\*(.+)\*\*(?: =|:) (.+)", line.value).groups()
        assert readouts[label] == value, (label, value)


def test_a_number_shown_later_has_its_own_folded_formula():
    """/fisher's information ratio is computed after the other readouts: its formula has a panel of its own,
    folded like the others."""
    title = "How is “Observed ÷ expected information” computed?"
    closed, opened = open_page("fisher", {}, panels_open=False), open_page("fisher", {})
    folded, unfolded = (next(panel for panel in at.expander if panel.label == title) for at in (closed, opened))
    assert not folded.get("latex")
    assert r"J = -\ell''(\hat\theta)" in unfolded.get("latex")[0].value


def test_a_value_that_is_words_or_an_equation_is_not_given_a_second_equals_sign():
    """/likelihood's stability tab: "float32 product fails at" reads "n = 53", and float64's "never"; the line over
    their formulas said "fails at = n = 53" and "fails at = never"."""
    headings = [line.value for line in _formula_panel(open_page("likelihood", {"tab": "Numerical stability"}))
                .get("markdown")]
    failing = [heading for heading in headings if "product fails at" in heading]
    assert failing and all(re.fullmatch(r"\*\*float\d+ product fails at\*\*: (n = [\d,]+|never)", heading)
                           for heading in failing), failing
    stable = r"\*\*Log-space sum \(stable\)\*\* = −?[\d,.]+"   # a number: "=" as before (a typeset minus)
    assert any(re.fullmatch(stable, heading) for heading in headings), headings
