"""core.families against scipy.stats, closed forms and numerical derivatives, at values no preset uses
(docs/maths.md §10)."""

from __future__ import annotations

import math

import numpy as np
import pytest
from scipy import integrate, stats

from core import families
from core.validation import InputError

# (family, η, held): off every preset and default.
MEMBERS = [("bernoulli", 1.37, None), ("categorical", -0.83, 1.5), ("poisson", 1.73, None),
           ("normal", -0.64, 1.5), ("gamma", -2.3, 3.5), ("beta", 2.6, 4.5), ("beta", -0.35, 0.5)]


def _scipy_member(key, eta, held):
    """The same member as scipy builds it from its usual parameters (independent of core's closed forms)."""
    if key == "bernoulli":
        return stats.bernoulli(1 / (1 + math.exp(-eta)))
    if key == "poisson":
        return stats.poisson(math.exp(eta))
    if key == "normal":
        return stats.norm(held * held * eta, held)
    if key == "gamma":
        return stats.gamma(held, scale=-1 / eta)
    if key == "beta":
        return stats.beta(eta + 1, held)
    probs = np.exp([eta, held, 0.0]) / np.exp([eta, held, 0.0]).sum()
    return stats.rv_discrete(values=([0, 1, 2], probs))


@pytest.mark.parametrize("key, eta, held", MEMBERS)
def test_the_derivatives_of_A_are_the_mean_and_variance_of_T(key, eta, held):
    h = 1e-4
    a = [families.log_partition(key, eta + d, held) for d in (-h, 0.0, h)]
    assert families.mean_statistic(key, eta, held) == pytest.approx((a[2] - a[0]) / (2 * h), rel=1e-6)
    assert families.variance_statistic(key, eta, held) == pytest.approx((a[2] - 2 * a[1] + a[0]) / h ** 2, rel=1e-4)
    member = _scipy_member(key, eta, held)
    if key == "beta":   # T = log x: its moments by quadrature of scipy's density
        first = integrate.quad(lambda x: math.log(x) * member.pdf(x), 0, 1)[0]
        second = integrate.quad(lambda x: math.log(x) ** 2 * member.pdf(x), 0, 1)[0]
        expected = (first, second - first ** 2)
    elif key == "categorical":
        p = member.pmf(0)
        expected = (p, p * (1 - p))
    else:
        expected = (member.mean(), member.var())
    assert families.mean_statistic(key, eta, held) == pytest.approx(expected[0], rel=1e-7)
    assert families.variance_statistic(key, eta, held) == pytest.approx(expected[1], rel=1e-6)


@pytest.mark.parametrize("key, eta, held", MEMBERS)
def test_the_grammar_agrees_with_scipy_and_with_torch(key, eta, held):
    point = families.grammar_point(key, eta, held)
    member = _scipy_member(key, eta, held)
    x0 = point.probe
    expected_log_p = member.logpmf(x0) if families.SHAPES[key].discrete else member.logpdf(x0)
    assert point.log_prob == pytest.approx(expected_log_p, rel=1e-9)
    assert point.library_log_prob == pytest.approx(expected_log_p, rel=1e-9)
    assert point.entropy == pytest.approx(float(member.entropy()), rel=1e-7, abs=1e-9)
    assert point.library_entropy == pytest.approx(float(member.entropy()), rel=1e-7, abs=1e-9)
    assert point.library_mean_t == pytest.approx(point.mean_t, rel=1e-7)
    assert point.library_var_t == pytest.approx(point.var_t, rel=1e-6)
    assert point.kl == pytest.approx(point.library_kl, rel=1e-7, abs=1e-12) and point.kl > 0


def test_kl_is_the_bregman_divergence_checked_by_a_sum():
    """KL(Poisson(e^1.73) ‖ Poisson(e^1)) summed over the support, independently of A."""
    point = families.grammar_point("poisson", 1.73)
    k = np.arange(0, 200)
    p, q = stats.poisson.pmf(k, math.exp(1.73)), stats.poisson.pmf(k, math.e)
    assert point.kl == pytest.approx(float(np.sum(p * np.log(p / q))), rel=1e-9)


def test_the_density_drawn_integrates_to_one():
    for key, eta, held in MEMBERS[:-1]:   # not Beta(0.65, 0.5): its density is infinite at both ends
        curves = families.grammar_curves(key, eta, held)
        total = curves.density.sum() if families.SHAPES[key].discrete else np.trapezoid(curves.density, curves.x)
        assert total == pytest.approx(1.0, abs=2e-3 if key == "beta" else 1e-3), key
        assert curves.log_partition[0] == pytest.approx(families.log_partition(key, curves.eta_grid[0], held))


@pytest.mark.parametrize("key", families.GENERATING_KEYS)
def test_mgf_derivatives_at_zero_are_the_moments(key):
    reading = families.read_moments(key)
    if reading.slope is None:
        assert key in ("student-t", "cauchy")
        return
    reference = {"normal": stats.norm(1, 1), "exponential": stats.expon(), "uniform": stats.uniform(),
                 "bernoulli": stats.bernoulli(0.3), "poisson": stats.poisson(2)}[key]
    assert reading.slope == pytest.approx(reference.moment(1), rel=1e-5)
    assert reading.curvature == pytest.approx(reference.moment(2), rel=1e-5)
    assert reading.library_mean == pytest.approx(reference.mean()) and reading.library_variance == \
        pytest.approx(reference.var())


def _fourier_integral(pdf, t: float) -> complex:
    """∫ f(x) e^{itx} dx by QUADPACK's Fourier integrals over each half-line (accurate for the Cauchy's slowly
    decaying tails, where plain quadrature of cos(tx) f(x) is not)."""
    def half(weight: str, sign: float) -> float:
        return integrate.quad(lambda x: pdf(sign * x), 0, np.inf, weight=weight, wvar=t)[0]
    return complex(half("cos", 1) + half("cos", -1), half("sin", 1) - half("sin", -1))


@pytest.mark.parametrize("key", families.GENERATING_KEYS)
def test_the_characteristic_function_is_the_expectation_of_e_itx(key):
    """φ(t) against E[cos tX] + i E[sin tX] computed by scipy (quadrature, or a sum for counts)."""
    dist = {"normal": stats.norm(1, 1), "exponential": stats.expon(), "uniform": stats.uniform(),
            "bernoulli": stats.bernoulli(0.3), "poisson": stats.poisson(2), "student-t": stats.t(3),
            "cauchy": stats.cauchy()}[key]
    g = families.generating(key)
    for t in (0.37, 1.9):
        if key in ("bernoulli", "poisson"):
            k = np.arange(0, 60)
            expected = np.sum(dist.pmf(k) * np.exp(1j * t * k))
        else:
            expected = _fourier_integral(dist.pdf, t)
        assert abs(complex(g.cf(np.array(t))) - expected) < 1e-7, (key, t)


def test_the_standardised_mean_approaches_the_normal_and_the_cauchy_does_not_move():
    for key in ("exponential", "poisson", "student-t", "uniform"):
        distances = [families.distance_to_normal(key, n) for n in (2, 10, 50)]
        assert distances[0] > distances[1] > distances[2], key
    assert families.distance_to_normal("cauchy", 1) == pytest.approx(families.distance_to_normal("cauchy", 100))
    # exponential, N = 10: φ_N in closed form, e^{-it√10} (1 − it/√10)^{-10}
    t = np.array([0.8])
    exact = np.exp(-1j * t * math.sqrt(10)) * (1 - 1j * t / math.sqrt(10)) ** -10
    assert abs(families.standardised_mean_cf("exponential", 10, t)[0] - exact[0]) < 1e-12


def test_simulated_means_follow_their_characteristic_function():
    """20,000 simulated Z_N: the empirical φ within 4 standard errors (≤ 1/√M each part) of the exact one."""
    t = np.linspace(-3, 3, 13)
    for key, n in (("exponential", 5), ("bernoulli", 20), ("cauchy", 7)):
        values = families.standardised_means(key, n, 20_000, seed=11)
        gap = np.abs(families.empirical_cf(values, t) - families.standardised_mean_cf(key, n, t))
        assert gap.max() < 4 * math.sqrt(2) / math.sqrt(20_000), key


def _tv_by_quadrature(key, n):
    normal = stats.norm()
    if key == "gamma-normal":
        member = stats.gamma(n, loc=-math.sqrt(n), scale=1 / math.sqrt(n))
    elif key == "t-normal":
        member = stats.t(n)
    else:
        sd = 0.5 / math.sqrt(2 * n + 1)
        member = stats.beta(n, n, loc=-0.5 / sd, scale=1 / sd)
    inside = integrate.quad(lambda z: abs(member.pdf(z) - normal.pdf(z)), -40, 40, limit=500, points=[-3, -1, 0, 1, 3])
    return 0.5 * (inside[0] + member.cdf(-40) + member.sf(40))   # beyond ±40 only the member has mass


@pytest.mark.parametrize("key, n", [("gamma-normal", 7), ("gamma-normal", 230), ("t-normal", 3), ("t-normal", 45),
                                    ("beta-normal", 4), ("beta-normal", 75)])
def test_continuous_limits_total_variation_against_quadrature(key, n):
    assert families.limit(key, n).total_variation == pytest.approx(_tv_by_quadrature(key, n), rel=1e-4, abs=1e-7)


@pytest.mark.parametrize("n", [3, 7, 40, 900])
def test_binomial_to_poisson_total_variation_against_an_independent_sum(n):
    k = np.arange(0, 400)
    expected = 0.5 * np.abs(stats.binom.pmf(k, n, 2 / n) - stats.poisson.pmf(k, 2)).sum()
    result = families.limit("binomial-poisson", n)
    assert result.total_variation == pytest.approx(expected, rel=1e-9, abs=1e-12)
    assert result.total_variation <= result.bound   # Le Cam: Σ p_i² = λ²/n


def test_bad_input_is_refused_naming_the_parameter():
    with pytest.raises(InputError, match="eta"):
        families.grammar_point("gamma", 0.5, 2.0)
    with pytest.raises(InputError, match="family"):
        families.grammar_point("zeta", 0.0)
    with pytest.raises(InputError, match="edge"):
        families.limit("normal-cauchy", 3)
    with pytest.raises(ValueError, match="held"):
        families.grammar_point("beta", 1.0, None)
