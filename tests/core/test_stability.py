"""The naive forms really fail where core.stability says, and the stable forms do not
(docs/maths.md §9). Every value here is computed in the type it names."""

from __future__ import annotations

import math

import numpy as np
import pytest
from scipy import special, stats

from core import likelihood, stability

TINY = {name: math.log(np.finfo(t).smallest_subnormal) for name, t in stability.DTYPES.items()}


@pytest.fixture(scope="module")
def data():
    x = likelihood.simulate("normal", 20_000, 1)
    return x, likelihood.fit(x)


@pytest.mark.parametrize("distance", [0.0, 5.0, 20.0])
def test_the_product_is_zero_exactly_from_where_it_says(data, distance):
    x, fit = data
    demo = stability.product_demo(x, fit.mu, fit.sigma, distance)
    for name, dtype in stability.DTYPES.items():
        at = demo.fails_at[name]
        assert at is not None
        values = demo.naive[name]
        assert values.dtype == dtype
        assert values[at - 1] == 0 and np.all(values[at - 1:] == 0)
        assert np.all(values[:at - 1] > 0)
        # It is 0 because the true product fell below the smallest positive number of that type
        # (a product straddling it can round either way within a few ulps: 1 nat of slack).
        assert demo.log_space[at - 1] < TINY[name] + 1.0
        if at > 1:
            assert demo.log_space[at - 2] > TINY[name] - 1.0
    assert demo.fails_at["float32"] <= demo.fails_at["float64"]


def test_the_log_space_sum_is_scipys(data):
    x, fit = data
    demo = stability.product_demo(x, fit.mu, fit.sigma, 3.0)
    expected = stats.norm.logpdf(x, fit.mu - 3.0 * fit.sigma, fit.sigma).sum()
    assert demo.log_space[-1] == pytest.approx(expected, rel=1e-12)


@pytest.mark.parametrize("make_row, broken", [(stability.underflow_row, -math.inf),
                                              (stability.overflow_row, math.inf)])
def test_naive_logsumexp_breaks_exactly_at_the_stated_distance(make_row, broken):
    row = make_row(0.0)
    terms_at = stability.mixture_terms if make_row is stability.underflow_row else (
        lambda d: -stability.mixture_terms(d))
    for name, dtype in stability.DTYPES.items():
        edge = row.breaks_at[name]
        assert 0 < edge < stability.MAX_DISTANCE
        assert math.isfinite(stability.naive_logsumexp(terms_at(edge - 1e-6), dtype))
        for d in (edge + 1e-6, edge + 1.0, stability.MAX_DISTANCE):
            assert stability.naive_logsumexp(terms_at(d), dtype) == broken
        # The stable form is the float64 logsumexp everywhere, far beyond the edge too.
        for d in (edge, stability.MAX_DISTANCE):
            assert stability.stable_logsumexp(terms_at(d)) == pytest.approx(special.logsumexp(terms_at(d)), rel=1e-14)


def test_the_edges_are_where_exp_leaves_the_type():
    # Underflow: exp(a) rounds to 0 below ln(smallest subnormal / 2); the mixture's nearer term is
    # a = ln 0.5 − ln 0.6 − ½ ln 2π − d²/2 (hand-worked), so d = sqrt(2 (c − ln(tiny/2))).
    constant = math.log(0.5) - math.log(0.6) - 0.5 * math.log(2 * math.pi)
    row = stability.underflow_row(0.0)
    for name, dtype in stability.DTYPES.items():
        expected = math.sqrt(2 * (constant - (TINY[name] - math.log(2))))
        assert row.breaks_at[name] == pytest.approx(expected, abs=0.01)
    # Overflow: exp(a) is inf beyond ln(max); the farther term is −constant + (6.667 + d)²/2.
    over = stability.overflow_row(0.0)
    for name, dtype in stability.DTYPES.items():
        expected = math.sqrt(2 * (math.log(np.finfo(dtype).max) + constant)) - 4.0 / 0.6
        assert over.breaks_at[name] == pytest.approx(expected, abs=0.01)


def test_naive_softmax_is_nan_once_exp_overflows_and_the_stable_one_is_not():
    naive, stable = stability.softmax_row(45.0)
    assert np.isnan(naive["float32"]).all() and np.isnan(naive["float64"]).all()
    assert stable.sum() == pytest.approx(1.0, rel=1e-15)
    np.testing.assert_allclose(stable, special.softmax(-stability.mixture_terms(45.0)), rtol=1e-12)


def test_the_curve_is_finite_where_the_row_says():
    curve = stability.logsumexp_curve()
    row = stability.underflow_row(0.0)
    for name in stability.DTYPES:
        finite = np.isfinite(curve.naive[name])
        assert np.all(finite == (curve.distance < row.breaks_at[name]))
    assert np.isfinite(curve.stable).all()


def test_distance_is_validated(data):
    x, fit = data
    with pytest.raises(ValueError, match="distance"):
        stability.product_demo(x, fit.mu, fit.sigma, 51.0)


def _sentence_and_panels(x, mu, sigma):
    from concepts.likelihood import explain as words
    demo = stability.product_demo(np.asarray(x), mu, sigma, 0.0)
    row = stability.underflow_row(0.0)
    return demo, words.stability_interpretation(demo, row, 0.0), words.stability_panels(demo, 0.0)


def test_the_sentence_names_the_type_that_failed_and_the_one_that_survived():
    """float32 fails and float64 survives: the sentence said 'the naive product survives these points'."""
    x = np.random.default_rng(7).standard_normal(100)
    demo, sentence, _ = _sentence_and_panels(x, 0.0, 1.0)
    assert demo.fails_at["float32"] is not None and demo.fails_at["float64"] is None
    assert f"is 0 (underflow) in float32 from n = {demo.fails_at['float32']}" in sentence
    assert "survives these points in float64" in sentence


def test_data_denser_than_one_overflows_and_says_so():
    """600 values of N(5, 0.02²): densities near 20, the products overflow to inf, and the page says inf
    (it said 0) and shows the overflow line beside a positive sum (it showed the underflow line)."""
    x = 5 + 0.02 * np.random.default_rng(3).standard_normal(600)
    demo, sentence, panels = _sentence_and_panels(x, 5.0, 0.02)
    assert all(np.isinf(demo.failure_value(name)) for name in ("float32", "float64"))
    assert sentence.count("inf (overflow)") == 2 and "underflow" not in sentence
    for panel, limit in zip(panels[:2], ("88.7", "709.8")):
        assert r"= \infty" in panel.formula[0] and limit in panel.formula[0]


def test_the_underflow_line_is_half_the_smallest_subnormal():
    from concepts.likelihood.explain import product_limits

    assert product_limits("float64")[0] == pytest.approx(-745.133, abs=1e-3)
    assert product_limits("float32")[0] == pytest.approx(-103.972, abs=1e-3)
    # Just above the line a float64 number survives, just below it is 0.
    assert np.exp(np.float64(product_limits("float64")[0] + 0.01)) > 0
    assert np.exp(np.float64(product_limits("float64")[0] - 0.01)) == 0
