"""core.likelihood against scipy and closed forms (docs/maths.md §9)."""

from __future__ import annotations

import math

import numpy as np
import pytest
from scipy import integrate, stats

from core import likelihood


@pytest.fixture(scope="module")
def normal_data():
    return likelihood.simulate("normal", 200_000, 7)


def test_simulation_is_seeded_and_has_the_sources_moments():
    a, b = likelihood.simulate("bimodal", 100_000, 3), likelihood.simulate("bimodal", 100_000, 3)
    np.testing.assert_array_equal(a, b)
    assert not np.array_equal(a, likelihood.simulate("bimodal", 100_000, 4))
    mean, sd = likelihood.source_moments("bimodal")
    assert sd == pytest.approx(math.sqrt(0.6**2 + 2.0**2), rel=1e-12)  # hand-worked: σ² + spread of the means
    # Monte-Carlo: the sample mean is within 4 standard errors of the source's mean.
    assert abs(a.mean() - mean) < 4 * sd / math.sqrt(a.size)
    assert a.std() == pytest.approx(sd, rel=0.01)


def test_fit_is_scipys_mle_and_its_log_likelihood(normal_data):
    fit = likelihood.fit(normal_data)
    loc, scale = stats.norm.fit(normal_data)  # scipy's own MLE for the normal
    assert fit.mu == pytest.approx(loc, rel=1e-12)
    assert fit.sigma == pytest.approx(scale, rel=1e-12)
    assert fit.max_loglik == pytest.approx(stats.norm.logpdf(normal_data, loc, scale).sum(), rel=1e-12)


def test_observed_information_matches_its_closed_form(normal_data):
    fit = likelihood.fit(normal_data)
    # Central differences with h = 1e-3 σ: O(h²) truncation, 1e-5 relative is generous and still tight.
    np.testing.assert_allclose(fit.observed_information, fit.closed_form_information, rtol=1e-5,
                               atol=1e-5 * fit.closed_form_information[0, 0])
    se_mu, se_sigma = fit.standard_errors
    assert se_mu == pytest.approx(fit.sigma / math.sqrt(fit.n), rel=1e-5)
    assert se_sigma == pytest.approx(fit.sigma / math.sqrt(2 * fit.n), rel=1e-5)


@pytest.mark.parametrize("x, message", [([2.5], "at least 2 points"), ([3.0, 3.0, 3.0], "all the values are equal")])
def test_no_maximum_is_refused_with_the_reason(x, message):
    with pytest.raises(ValueError, match=message):
        likelihood.fit(np.array(x))


def test_parse_data_gives_clear_messages():
    np.testing.assert_array_equal(likelihood.parse_data("1, 2\n3;4"), [1, 2, 3, 4])
    with pytest.raises(ValueError, match="line 2: 'two' is not a number"):
        likelihood.parse_data("1 2\n3 two")
    with pytest.raises(ValueError, match="at least 2 numbers"):
        likelihood.parse_data("5")
    with pytest.raises(ValueError, match="all the numbers are equal"):
        likelihood.parse_data("5 5 5")


def test_the_surface_peaks_at_the_mle_in_the_zoomed_window(normal_data):
    fit = likelihood.fit(normal_data)
    surface = likelihood.surface(fit, "mle", (1.0, 2.0))
    middle = likelihood.SURFACE_POINTS // 2
    assert surface.mu[middle] == pytest.approx(fit.mu, rel=1e-12)
    assert surface.sigma[middle] == pytest.approx(fit.sigma, rel=1e-12)
    assert surface.relative.max() == pytest.approx(0.0, abs=1e-6)
    assert np.unravel_index(surface.relative.argmax(), surface.relative.shape) == (middle, middle)
    # Along μ at σ̂ the drop is exactly N (x̄ − μ)² / (2σ̂²): the window edge is 4.5 se, a drop of 4.5²/2.
    assert -surface.relative[middle, 0] == pytest.approx(4.5**2 / 2, rel=1e-6)


def test_the_contour_levels_are_half_the_chi_squared_quantiles():
    # chi²₂ has the closed-form quantile −2 log(1 − p), so the drop is −log(1 − p).
    for level, drop in zip(likelihood.JOINT_LEVELS, likelihood.JOINT_DROPS):
        assert drop == pytest.approx(-math.log(1 - level), rel=1e-12)


@pytest.mark.parametrize("n", [5, 10, 1000])
def test_profile_interval_has_its_closed_form(n):
    x = likelihood.simulate("normal", n, 11)
    stats_ = likelihood.fit(x).stats
    # Profile drop n/2 log(1 + d²/σ̂²) = q/2  =>  d = σ̂ sqrt(exp(q/n) − 1) (hand-worked).
    expected = math.sqrt(stats_.variance) * math.sqrt(math.exp(likelihood.CHI2_1_95 / n) - 1)
    assert likelihood.interval_half_width(stats_) == pytest.approx(expected, rel=1e-9)


def test_the_interval_narrows_like_one_over_root_n(normal_data):
    curve = likelihood.sharpening(normal_data)
    assert curve.n.tolist() == [10, 100, 1000, 10_000, 100_000, 200_000]
    assert curve.slope == pytest.approx(-0.5, abs=0.02)
    # At large n the likelihood interval and the curvature's 1.96 σ̂/√n coincide; at n = 10 it is wider.
    assert curve.half_width[-1] == pytest.approx(curve.wald_half_width[-1], rel=1e-4)
    assert curve.half_width[0] > 1.05 * curve.wald_half_width[0]


def test_the_bimodal_misfit_estimates_the_kl_divergence():
    x = likelihood.simulate("bimodal", 1_000_000, 5)
    fit = likelihood.fit(x)
    truth_mean, fitted_mean = likelihood.mean_loglik_gap("bimodal", x, fit)
    mean, sd = likelihood.source_moments("bimodal")

    def integrand(t):
        log_p = likelihood.true_log_density("bimodal", np.array([t]))[0]
        return math.exp(log_p) * (log_p - stats.norm.logpdf(t, mean, sd))

    kl, _ = integrate.quad(integrand, -12, 12, points=[-2, 2], limit=200)
    # Monte-Carlo error of a mean log-density ratio over 10^6 points: sd ~0.5 -> se ~5e-4.
    assert truth_mean - fitted_mean == pytest.approx(kl, abs=3e-3)
    assert kl > 0.5


def test_large_n_is_capped_without_a_gpu():
    assert likelihood.sample_size_used(100_000_000, gpu=False) == likelihood.MAX_CPU_N
    assert likelihood.sample_size_used(100_000_000, gpu=True) == 100_000_000
    assert likelihood.sample_size_used(1000, gpu=False) == 1000


def test_the_one_size_caption_names_the_number_of_points():
    """At N = 10 the caption said 'With fewer than ten points'."""
    from concepts.likelihood.explain import sharpening_caption

    caption = sharpening_caption(likelihood.sharpening(np.random.default_rng(0).standard_normal(10)))
    assert caption.startswith("With 10 points there is only one size to show")
