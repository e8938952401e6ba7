"""Figures in words (viz.describe): what is plotted and its key numbers, read from the figure's own data."""

from __future__ import annotations

import numpy as np

import i18n
from core import conjugate
from concepts.beta import figures
from viz.describe import describe, trace_clause
from viz.theme import bar, new_figure, scatter


def test_a_curve_is_described_by_its_range_and_peak():
    figure = new_figure("A bump", "x", "density")
    x = np.linspace(-3, 3, 601)
    figure.add_trace(scatter(x=x, y=np.exp(-0.5 * (x - 1) ** 2), name="bump at 1"))
    text = describe(figure)
    assert text.startswith("Chart: A bump. Horizontal axis: x; vertical axis: density.")
    assert "bump at 1: from x = −3 to 3, highest (1) at x = 1" in text


def test_bars_markers_and_reference_lines():
    assert trace_clause(bar(x=["a", "b", "c"], y=[1, 5, 2], name="counts")) == "counts: 3 bars, the tallest 5 at b"
    assert trace_clause(scatter(x=[0.25, 0.25], y=[0, 4], name="mean")) == "mean at x = 0.25"
    assert trace_clause(scatter(x=[0, 10], y=[1, 1], name="bound")) == "bound at y = 1"
    assert trace_clause(scatter(x=[1, 2], y=[3, 4])) is None          # unnamed helper traces are not read out


def test_the_posterior_figure_says_where_the_posterior_peaks_in_both_languages():
    posterior = conjugate.beta_posterior(2.0, 2.0, 7, 3)     # Beta(9, 5): mode (9 - 1) / (9 + 5 - 2) = 2/3

    def drawn():
        return figures.beta_update_figure(posterior, conjugate.beta_density_curves(posterior),
                                          posterior.central_interval(), "central", None)

    english = describe(drawn())
    assert "posterior Beta(a + h, b + t): from x = 0.00125 to 0.999, highest (3.1) at x = 0.666" in english
    assert "posterior mean at x = 0.643" in english          # 9 / 14
    with i18n.use("ja"):
        japanese = describe(drawn())
    assert japanese.startswith("図：事前分布 × 尤度 → 事後分布。")
    assert "最大値 3.1（x = 0.666）" in japanese
