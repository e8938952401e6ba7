"""Plotly's text markup read as plain text (viz.markup.plain), and the readers that use it."""

from __future__ import annotations

import numpy as np

from viz.describe import describe
from viz.markup import plain
from viz.theme import figure_title, new_figure, scatter


def test_one_symbol_scripts_need_no_brackets():
    assert plain("Z<sub>N</sub>") == "Z_N"
    assert plain("θ<sup>h</sup> (1 − θ)<sup>t</sup>") == "θ^h (1 − θ)^t"


def test_longer_scripts_are_bracketed_so_they_read_unambiguously():
    assert plain("τ<sub>N + 1</sub>") == "τ_(N + 1)"
    assert plain("10<SUP>-3</SUP>") == "10^(-3)"


def test_line_breaks_become_one_space_and_styling_tags_go():
    assert plain("GPU,<br>Triton") == "GPU, Triton"
    assert plain("a <br/> b") == "a b"
    assert plain('<b>bold</b> and <span style="color:red">red</span>') == "bold and red"


def test_text_without_tags_and_comparisons_are_left_alone():
    # A < or > that is not one of Plotly's tags is maths, not markup.
    assert plain("P(Z ≤ z) and 0 < x > 1") == "P(Z ≤ z) and 0 < x > 1"
    assert plain(3.5) == "3.5"


def test_a_figures_title_and_description_read_the_plain_text():
    figure = new_figure("Law of Z<sub>N</sub>", "z", "density")
    x = np.linspace(-1, 1, 21)
    figure.add_trace(scatter(x=x, y=1 - x**2, name="simulated Z<sub>N</sub>"))
    assert figure_title(figure) == "Law of Z_N"
    text = describe(figure)
    assert "<sub>" not in text
    assert "simulated Z_N" in text
