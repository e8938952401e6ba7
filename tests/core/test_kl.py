"""core.kl against the docs/maths.md §5 numbers, numerical integration and its own invariants."""

from __future__ import annotations

import math

import numpy as np
import pytest
from scipy import integrate, stats

from core import kl


def test_concepts_numbers():
    assert kl.kl_normal(0, 1, 1, 2) == pytest.approx(0.443147, abs=1e-6)
    assert kl.kl_normal(1, 2, 0, 1) == pytest.approx(1.306853, abs=1e-6)


@pytest.mark.parametrize("m1, s1, m2, s2", [(0, 1, 1, 2), (2, 0.5, -1, 3), (0, 1, 0, 1), (5, 2, 5, 2.5)])
def test_closed_form_matches_quadrature(m1, s1, m2, s2):
    def integrand(x):
        return stats.norm.pdf(x, m1, s1) * (stats.norm.logpdf(x, m1, s1) - stats.norm.logpdf(x, m2, s2))

    numeric, _ = integrate.quad(integrand, m1 - 15 * s1, m1 + 15 * s1, limit=200)
    assert kl.kl_normal(m1, s1, m2, s2) == pytest.approx(numeric, abs=1e-9)


def test_integrand_curves_integrate_to_each_kl():
    pair = kl.GaussianPair(0.0, 1.0, 1.0, 2.0)
    curves = kl.pair_curves(pair, points=4001)
    assert np.trapezoid(curves["forward_integrand"], curves["x"]) == pytest.approx(pair.forward, abs=1e-4)
    assert np.trapezoid(curves["reverse_integrand"], curves["x"]) == pytest.approx(pair.reverse, abs=1e-4)


def test_gibbs_and_asymmetry():
    assert kl.kl_normal(3, 2, 3, 2) == pytest.approx(0.0, abs=1e-15)
    assert kl.kl_normal(0, 1, 2, 1) == pytest.approx(kl.kl_normal(2, 1, 0, 1))  # equal widths: symmetric
    rng = np.random.default_rng(0)
    for _ in range(200):
        m1, m2 = rng.uniform(-5, 5, 2)
        s1, s2 = rng.uniform(0.1, 5, 2)
        assert kl.kl_normal(m1, s1, m2, s2) >= 0


def test_forward_fit_is_moment_matching_and_minimal():
    p = kl.bimodal_target(6.0, 0.3)
    fit = kl.fit_forward(p)
    assert fit.mean == pytest.approx(0.3 * -3 + 0.7 * 3)
    assert fit.sd**2 == pytest.approx(1 + 9 - fit.mean**2)
    for dm, ds in ((0.1, 0), (-0.1, 0), (0, 0.1), (0, -0.1)):
        assert kl.forward_kl_to_gaussian(p, fit.mean + dm, fit.sd + ds) > fit.forward_kl


def test_reverse_kl_quadrature_matches_grid_integration():
    p = kl.bimodal_target(5.0, 0.4)
    x = np.linspace(-25, 25, 200_001)
    log_q = stats.norm.logpdf(x, 1.0, 1.5)
    grid_value = np.trapezoid(np.exp(log_q) * (log_q - p.logpdf(x)), x)
    assert kl.reverse_kl_to_gaussian(p, 1.0, 1.5) == pytest.approx(grid_value, abs=1e-8)


def test_reverse_fit_is_mode_seeking_with_several_optima():
    p = kl.bimodal_target(8.0, 0.5)
    fits = kl.fit_reverse(p, kl.default_starts(p))
    assert len(fits) >= 2
    # the best optimum sits on one mode with the mode's own width; KL = log 2 for equal, far modes
    assert abs(abs(fits[0].mean) - 4.0) < 0.01 and fits[0].sd == pytest.approx(1.0, abs=0.01)
    assert fits[0].reverse_kl == pytest.approx(math.log(2), abs=1e-3)
    assert all(f.reverse_kl >= fits[0].reverse_kl for f in fits)


def test_reverse_kl_gradient_matches_finite_differences():
    from scipy import optimize
    for separation, weight, mean, log_sd in ((4.0, 0.3, 0.7, 0.2), (10.0, 0.5, -4.0, -0.5), (0.0, 0.5, 2.0, 1.5)):
        p = kl.bimodal_target(separation, weight)
        value, gradient = kl._reverse_kl_and_gradient(p, mean, log_sd)
        assert value == pytest.approx(kl.reverse_kl_to_gaussian(p, mean, math.exp(log_sd)), abs=1e-14)
        numeric = optimize.approx_fprime(np.array([mean, log_sd]),
                                         lambda v: kl._reverse_kl_and_gradient(p, v[0], v[1])[0], 1e-7)
        np.testing.assert_allclose(gradient, numeric, rtol=1e-5, atol=1e-6)


def test_every_reverse_fit_is_a_stationary_local_minimum():
    p = kl.bimodal_target(10.0, 0.4)  # three optima: one per mode and a wide, shallow one between them
    fits = kl.fit_reverse(p, kl.default_starts(p))
    assert len(fits) == 3
    for fit in fits:
        point = np.array([fit.mean, math.log(fit.sd)])
        assert np.abs(kl._reverse_kl_and_gradient(p, *point)[1]).max() < 1e-6
        assert kl._is_local_minimum(p, point)


def test_close_modes_give_one_reverse_optimum():
    p = kl.bimodal_target(3.0, 0.5)
    assert len(kl.fit_reverse(p, kl.default_starts(p))) == 1


def test_monte_carlo_estimate_is_within_its_error():
    mc = kl.monte_carlo_kl(kl.GaussianPair(0, 1, 1, 2), seed=5)
    assert mc.exact == pytest.approx(0.443147, abs=1e-6)
    # every estimate within 4 standard errors of the truth (from n = 100, where the SE is reliable)
    reliable = mc.sizes >= 100
    assert np.all(np.abs(mc.estimates - mc.exact)[reliable] <= 4 * mc.standard_errors[reliable])
    # the standard error falls like 1/sqrt(n): 100x more samples, 10x smaller (within 20%)
    ratio = mc.standard_errors[list(mc.sizes).index(1000)] / mc.standard_errors[-1]
    assert ratio == pytest.approx(10, rel=0.2)


@pytest.mark.parametrize("args, message", [((0, 0, 1, 1), "s1 must be between"), ((0, 1, 99, 1), "m2 must be"),
                                           ((float("nan"), 1, 0, 1), "m1 must be")])
def test_invalid_parameters(args, message):
    with pytest.raises(ValueError, match=message):
        kl.kl_normal(*args)
