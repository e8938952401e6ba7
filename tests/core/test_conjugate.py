"""core.conjugate against the docs/maths.md §3 numbers, scipy and closed forms."""

from __future__ import annotations

import math

import numpy as np
import pytest
from scipy import integrate, stats

from core import conjugate


def test_concepts_beta_example():
    post = conjugate.beta_posterior(2, 2, 7, 3)
    assert (post.post_a, post.post_b) == (9, 5)
    assert post.mean == pytest.approx(0.642857, abs=1e-6)
    assert post.map == pytest.approx(8 / 12)
    assert post.mle == pytest.approx(0.7)
    assert post.prob_above_half == pytest.approx(stats.beta.sf(0.5, 9, 5), rel=1e-12)
    central = post.central_interval()
    assert (central.low, central.high) == pytest.approx(stats.beta.ppf([0.025, 0.975], 9, 5))


def test_concepts_gaussian_example():
    post = conjugate.gaussian_posterior(mu0=0, tau0=1, sigma=1, n=4, xbar=3)
    assert post.variance == pytest.approx(0.2)
    assert post.mean == pytest.approx(2.4)
    assert post.prior_weight == pytest.approx(0.2)
    assert post.ridge_lambda == pytest.approx(1.0)


def test_map_is_the_ridge_solution():
    rng = np.random.default_rng(4)
    x = rng.normal(2.0, 1.5, size=25)
    post = conjugate.gaussian_posterior(mu0=-1, tau0=0.7, sigma=1.5, n=x.size, xbar=float(x.mean()))
    lam = post.ridge_lambda
    ridge = (x.sum() + lam * post.mu0) / (x.size + lam)  # argmin sum (x - mu)^2 + lam (mu - mu0)^2
    assert post.mean == pytest.approx(ridge, rel=1e-12)


@pytest.mark.parametrize("a, b", [(9, 5), (2, 30), (1.5, 1.5), (0.5, 3), (4, 0.8), (60, 40)])
def test_hpd_is_the_shortest_interval_with_equal_density_ends(a, b):
    hpd = conjugate.beta_hpd(a, b)
    law = stats.beta(a, b)
    assert law.cdf(hpd.high) - law.cdf(hpd.low) == pytest.approx(0.95, abs=1e-7)
    central = law.ppf([0.025, 0.975])
    assert hpd.width <= central[1] - central[0] + 1e-9
    if a > 1 and b > 1:
        assert law.pdf(hpd.low) == pytest.approx(law.pdf(hpd.high), rel=1e-4)
    # brute force: no interval holding 95% is shorter
    t = np.linspace(0, 0.05, 2001)
    widths = law.ppf(t + 0.95) - law.ppf(t)
    assert hpd.width <= widths.min() + 1e-7


def test_u_shaped_posterior_has_no_single_hpd_or_mode():
    post = conjugate.beta_posterior(0.5, 0.5, 0, 0)
    assert post.hpd_interval() is None
    assert post.map is None
    assert conjugate.beta_mode(1, 1) is None
    assert conjugate.beta_mode(0.5, 3) == 0.0 and conjugate.beta_mode(3, 0.5) == 1.0


def test_grid_approximation_converges_to_the_exact_posterior():
    post = conjugate.beta_posterior(2, 2, 70, 30)
    errors = [conjugate.grid_posterior(post, m).mean_error for m in (10, 40, 160)]
    assert errors[0] > errors[1] > errors[2]
    assert errors[2] < 1e-4
    grid = conjugate.grid_posterior(post, 160)
    assert grid.weights.sum() == pytest.approx(1.0)


def test_grid_survives_thousands_of_flips():
    grid = conjugate.grid_posterior(conjugate.beta_posterior(1, 1, 60_000, 40_000), 200)
    assert np.all(np.isfinite(grid.weights)) and grid.mean == pytest.approx(0.6, abs=0.01)


def test_grid_cost_table_matches_concepts():
    row = conjugate.grid_cost_table(100)[4]  # d = 5, M = 100
    assert row.dimensions == 5 and row.points == 1e10 and row.bytes_float64 == 8e10  # 80 GB


def test_posterior_path_ends_at_the_posterior_and_narrows():
    flips = conjugate.simulate_flips(0.3, 2000, seed=9)
    path = conjugate.posterior_path(2, 2, flips)
    final = conjugate.beta_posterior(2, 2, int(flips.sum()), int(flips.size - flips.sum()))
    assert path.flips[-1] == 2000 and path.mean[-1] == pytest.approx(final.mean)
    width = path.high - path.low
    assert width[-1] < width[0] / 10
    assert abs(path.mean[-1] - 0.3) < 4 * math.sqrt(0.21 / 2000)  # consistency, within 4 s.e.


def test_interleaved_flips_keep_the_counts():
    seq = conjugate.interleaved_flips(7, 3)
    assert seq.sum() == 7 and seq.size == 10
    assert conjugate.interleaved_flips(0, 0).size == 0


def test_likelihood_curve_is_a_normalised_density():
    curves = conjugate.beta_density_curves(conjugate.beta_posterior(2, 2, 7, 3))
    area = integrate.trapezoid(curves["likelihood"], curves["theta"])
    assert area == pytest.approx(1.0, abs=1e-3)


@pytest.mark.parametrize("call, message", [
    (lambda: conjugate.beta_posterior(0, 1, 0, 0), "a must be between"),
    (lambda: conjugate.beta_posterior(1, float("nan"), 0, 0), "b must be between"),
    (lambda: conjugate.beta_posterior(1, 1, -1, 0), "heads must be between"),
    (lambda: conjugate.simulate_flips(1.5, 10, 1), "theta must be between"),
    (lambda: conjugate.gaussian_posterior(0, 0, 1, 4, 0), "tau0 must be between"),
    (lambda: conjugate.simulate_gaussian_mean(0, 1, 4, -3), "seed must be between"),
])
def test_invalid_inputs_name_the_parameter(call, message):
    with pytest.raises(ValueError, match=message):
        call()


def test_vectorised_intervals_equal_the_one_by_one_search():
    """beta_intervals (the /beta live family's intervals, all prefixes at once) against central_interval
    and beta_hpd, over skewed, symmetric, monotone (a or b < 1), U-shaped and very narrow laws."""
    rng = np.random.default_rng(3)
    a = np.concatenate([rng.uniform(0.05, 5, 40), rng.uniform(1, 3000, 40), [0.5, 2.0, 0.3, 1.0, 1.0]])
    b = np.concatenate([rng.uniform(0.05, 5, 40), rng.uniform(1, 3000, 40), [2.0, 0.5, 0.3, 1.0, 5.0]])
    central, hpd = conjugate.beta_intervals(a, b)
    for ai, bi, c, h in zip(a, b, central, hpd):
        posterior = conjugate.BetaPosterior(ai, bi, 0, 0)
        expected = posterior.central_interval()
        assert (c.low, c.high) == pytest.approx((expected.low, expected.high), abs=1e-12)
        reference = conjugate.beta_hpd(ai, bi)
        if reference is None:
            assert h is None and ai < 1 and bi < 1
            continue
        # both are searches to ~1e-10 in the tail probability: the ends agree to 1e-7, and the vectorised
        # interval is never longer than the scalar search's (by more than rounding)
        assert (h.low, h.high) == pytest.approx((reference.low, reference.high), abs=1e-7)
        assert h.width <= reference.width + 1e-12 and h.width == pytest.approx(reference.width, abs=1e-9)


def test_the_beta_sentences_agree_with_their_numbers():
    """Issue 28: 'In one dimension 3 points are plenty' beside a grid mean 135% off; P(θ > 0.5) shown as
    '1.00e+00' for 1 − 4.7e−8; 'x̄ = 0.000' with no data."""
    from concepts.beta import explain as words
    twelve_tails = conjugate.beta_posterior(1.0, 1.0, 0, 12)
    coarse = conjugate.grid_posterior(twelve_tails, 3)
    assert coarse.mean_error / coarse.exact_mean > 1
    assert words.grid_sentence(coarse).startswith("3 points are too few even in one dimension: the grid mean is")
    assert words.grid_sentence(conjugate.grid_posterior(twelve_tails, 2000)).startswith(
        "In one dimension 2000 points are plenty.")
    sure = conjugate.beta_posterior(1.0, 1.0, 30, 0)
    assert 0 < 1 - sure.prob_above_half < 1e-4
    (central,), (hpd,) = conjugate.beta_intervals(np.array([sure.post_a]), np.array([sure.post_b]))
    shown = next(p for p in words.beta_panels(sure, central, hpd, "central") if p.label.startswith("P(θ > 0.5")).value
    assert shown == f"1 − {1 - sure.prob_above_half:.2e}"
    assert words.gaussian_sentence(conjugate.gaussian_posterior(0.5, 1.0, 1.0, 0, 0.0)) == (
        "With no data yet the posterior is the prior: its mean is μ₀ = 0.5.")
