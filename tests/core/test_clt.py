"""core.clt against the docs/maths.md §1 numbers, scipy and its own invariants."""

from __future__ import annotations

import math

import numpy as np
import pytest
from scipy import stats

from core import clt


@pytest.mark.parametrize("n, expected", [(1, 0.158655), (5, 0.059629), (30, 0.024291), (100, 0.013300),
                                         (500, 0.005947)])
def test_exact_kolmogorov_distance_for_exponential(n, expected):
    law = clt.source_law("exponential")
    assert clt.exact_kolmogorov_distance(law, n) == pytest.approx(expected, abs=2e-6)


def test_berry_esseen_constants_per_distribution():
    assert clt.source_law("exponential").abs_third_moment == pytest.approx(2.414553, abs=1e-6)
    assert clt.berry_esseen_bound(clt.source_law("exponential"), 100) == pytest.approx(0.114643, abs=1e-6)
    assert clt.source_law("uniform").berry_esseen_ratio == pytest.approx(1.299038, abs=1e-6)
    assert clt.source_law("bernoulli", p=0.3).sd == pytest.approx(0.458258, abs=1e-6)
    assert clt.source_law("normal").berry_esseen_ratio == pytest.approx(2 * math.sqrt(2 / math.pi))
    assert clt.berry_esseen_bound(clt.source_law("cauchy"), 10) is None


@pytest.mark.parametrize("dist, kwargs", [("bernoulli", {"p": 0.3}), ("poisson", {"rate": 2.5}),
                                          ("lognormal", {}), ("uniform", {}), ("exponential", {})])
def test_abs_third_moment_matches_numerical_expectation(dist, kwargs):
    law = clt.source_law(dist, **kwargs)
    scipy_law = {"bernoulli": stats.bernoulli(kwargs.get("p", 0.5)), "poisson": stats.poisson(kwargs.get("rate", 1.0)),
                 "lognormal": stats.lognorm(1.0), "uniform": stats.uniform(), "exponential": stats.expon()}[dist]
    assert law.mean == pytest.approx(scipy_law.mean(), rel=1e-12)
    assert law.sd == pytest.approx(scipy_law.std(), rel=1e-12)
    assert law.skewness == pytest.approx(float(scipy_law.stats(moments="s")), rel=1e-9, abs=1e-12)
    rho = scipy_law.expect(lambda x: abs(x - law.mean) ** 3)
    assert law.abs_third_moment == pytest.approx(rho, rel=1e-6)


def test_edgeworth_matches_the_concepts_number():
    assert clt.edgeworth_distance(clt.source_law("exponential"), 100) == pytest.approx(0.013298, abs=1e-6)


def test_fair_coin_distance_is_half_a_jump():
    # Binomial(100, 1/2): the CDF's central jump is about 2 phi(0) / sqrt(N) / 2... the distance is
    # half of it, which the lattice Edgeworth term h phi(0) / (2 sigma sqrt(N)) predicts.
    law = clt.source_law("bernoulli", p=0.5)
    assert clt.exact_kolmogorov_distance(law, 100) == pytest.approx(clt.edgeworth_distance(law, 100), rel=0.01)


def test_lattice_distance_against_brute_force_grid():
    law = clt.source_law("poisson", rate=0.7)
    n = 13
    cdf = clt.exact_cdf(law, n)
    z = np.linspace(-6, 6, 400_001)
    brute = np.max(np.abs(cdf(z) - stats.norm.cdf(z)))
    assert clt.exact_kolmogorov_distance(law, n) == pytest.approx(brute, abs=1e-4)
    assert clt.exact_kolmogorov_distance(law, n) >= brute - 1e-12


def test_normal_distance_is_zero_and_cauchy_does_not_shrink():
    assert clt.exact_kolmogorov_distance(clt.source_law("normal"), 7) == 0.0
    cauchy = clt.source_law("cauchy")
    d1, d1000 = clt.exact_kolmogorov_distance(cauchy, 1), clt.exact_kolmogorov_distance(cauchy, 1000)
    assert d1 == pytest.approx(d1000) and d1 > 0.1


def test_simulation_is_seeded_and_standardised():
    law = clt.source_law("exponential")
    a = clt.sample_means(law, 20, 5000, seed=3)
    b = clt.sample_means(law, 20, 5000, seed=3)
    assert np.array_equal(a, b)
    assert not np.array_equal(a, clt.sample_means(law, 20, 5000, seed=4))
    z = clt.standardise(law, 20, a)
    # Z_N has mean 0 and sd 1 exactly in law; with 5000 trials the sample moments are within
    # 4 standard errors (0.014 and ~0.02).
    assert abs(z.mean()) < 4 / math.sqrt(5000)
    assert abs(z.std() - 1) < 0.06


def test_monte_carlo_distance_brackets_the_exact_one():
    law = clt.source_law("exponential")
    z = clt.standardise(law, 30, clt.sample_means(law, 30, 20_000, seed=11))
    distance, error = clt.monte_carlo_distance(z)
    assert error == pytest.approx(1.358 / math.sqrt(20_000), rel=1e-3)
    assert abs(distance - clt.exact_kolmogorov_distance(law, 30)) <= error


def test_lattice_histogram_bins_hold_one_support_point_each():
    law = clt.source_law("bernoulli", p=0.1)
    edges = clt.histogram_edges(law, 30)
    scale = law.sd * math.sqrt(30)
    sums = edges * scale + 30 * law.mean
    assert np.allclose(np.diff(sums), 1.0)
    assert np.allclose(sums % 1.0, 0.5)


def test_exact_binned_density_integrates_to_the_mass_in_range():
    result = clt.clt_experiment("poisson", 10, 1000, 1, rate=1.0)
    frame = next(f for f in result.frames if f.n == 10)
    mass = float(np.sum(frame.exact_density * np.diff(frame.edges)))
    assert 0.99 < mass <= 1.0 + 1e-12


def test_experiment_reports_current_point_and_looseness():
    result = clt.clt_experiment("exponential", 30, 2000, 42)
    assert result.distance.exact and result.distance.distance == pytest.approx(0.024291, abs=2e-6)
    assert result.berry_esseen == pytest.approx(1.146430 / math.sqrt(30), abs=1e-6)
    assert result.looseness == pytest.approx(result.berry_esseen / result.distance.distance)
    assert result.standard_error == pytest.approx(1 / math.sqrt(30))


@pytest.mark.parametrize("kwargs, message", [
    ({"dist": "gamma"}, "dist must be one of"),
    ({"n": 0}, "n must be between 1 and 1000"),
    ({"n": 5000}, "n must be between 1 and 1000"),
    ({"trials": 10}, "trials must be between"),
    ({"seed": -1}, "seed must be between"),
    ({"dist": "bernoulli", "p": 1.5}, "p must be between"),
    ({"dist": "poisson", "rate": float("nan")}, "rate must be between"),
])
def test_invalid_inputs_name_the_parameter(kwargs, message):
    args = {"dist": "exponential", "n": 10, "trials": 500, "seed": 1, **kwargs}
    with pytest.raises(ValueError, match=message):
        clt.clt_experiment(**args)


def test_running_means_converge_and_are_seeded():
    running = clt.running_means("uniform", 1000, 5, seed=2)
    assert running.paths.shape == (5, running.steps.size)
    assert running.steps[-1] == 1000
    # After 1000 draws each mean is within 4 standard errors (4 * 0.2887 / sqrt(1000)) of 0.5.
    assert np.all(np.abs(running.paths[:, -1] - 0.5) < 4 * 0.2887 / math.sqrt(1000))
    assert np.array_equal(running.paths, clt.running_means("uniform", 1000, 5, seed=2).paths)


def _irwin_hall_kolmogorov_distance(n: int, points: int = 300) -> float:
    """sup_z |P(Z_N <= z) - Phi(z)| for the mean of N Uniform(0, 1) draws, from the exact Irwin-Hall
    CDF in rational arithmetic (its alternating sum cancels catastrophically in floats for N = 40).
    The law is symmetric, so z >= 0 suffices."""
    from fractions import Fraction
    from math import comb, erf, factorial, sqrt

    mean, sd, best = Fraction(n, 2), sqrt(n / 12), 0.0
    for z in np.linspace(0.0, 3.0, points):
        x = Fraction(float(mean) + float(z) * sd).limit_denominator(10**12)
        cdf = sum((-1) ** k * comb(n, k) * (x - k) ** n for k in range(int(x) + 1)) / factorial(n)
        exact_z = float(x - mean) / sd
        best = max(best, abs(float(cdf) - 0.5 * (1.0 + erf(exact_z / sqrt(2.0)))))
    return best


def test_convergence_rate_follows_the_source():
    rates = {dist: clt.convergence_rate(clt.source_law(dist)) for dist in clt.DISTRIBUTIONS}
    assert rates["cauchy"].order == "none" and rates["normal"].order == "exact"
    assert rates["uniform"].order == "linear" and rates["uniform"].quadrupling_factor == 4.0
    for dist in ("exponential", "bernoulli", "poisson", "lognormal"):
        assert rates[dist].order == "sqrt" and rates[dist].quadrupling_factor == 2.0
    # First-order Edgeworth constants: |gamma1| phi(0) / 6, plus h phi(0) / (2 sigma) on a lattice.
    assert rates["exponential"].constant == pytest.approx(2.0 * 0.3989422804 / 6.0, rel=1e-9)
    assert rates["bernoulli"].constant == pytest.approx(0.3989422804 / (2.0 * 0.5), rel=1e-9)
    # Symmetric continuous: |kappa4| max|He3 phi| / 24 with kappa4 = -6/5 for the uniform.
    assert rates["uniform"].constant == pytest.approx(1.2 * 0.5505878 / 24.0, rel=1e-6)


def test_the_uniform_distance_falls_like_one_over_n_as_the_page_says():
    """Issue 12: the page said 'quadrupling N halves the distance' for every source; for the uniform
    the exact distance falls by four, and N times it approaches the stated constant."""
    d10, d40 = _irwin_hall_kolmogorov_distance(10), _irwin_hall_kolmogorov_distance(40)
    assert d10 / d40 == pytest.approx(4.0, rel=0.05)  # measured 4.07 (issue 12)
    constant = clt.convergence_rate(clt.source_law("uniform")).constant
    assert 40 * d40 == pytest.approx(constant, rel=0.02)  # 0.02768 against 0.02753


def test_the_exponential_distance_halves_when_n_quadruples():
    law = clt.source_law("exponential")
    ratio = clt.exact_kolmogorov_distance(law, 100) / clt.exact_kolmogorov_distance(law, 400)
    assert ratio == pytest.approx(2.0, rel=0.05)


def test_a_distance_below_its_monte_carlo_error_gives_no_looseness_ratio():
    """Only the lognormal is still simulated. At N = 1000 its 2,000 means cannot resolve the distance (95% band
    0.030), and at N = 300 the estimate (0.035) is above the band but not twice it: noise only adds to a
    sup-distance (the Edgeworth term puts the truth near 0.024), so a bound-to-distance ratio would be a
    ratio to noise."""
    for n in (1000, 300):
        noisy = clt.clt_experiment("lognormal", n, 2000, 42)
        assert not noisy.distance.exact and noisy.distance.distance < 2 * noisy.distance.error
        assert not noisy.distance.resolved and noisy.looseness is None
    clear = clt.clt_experiment("lognormal", 1, 20_000, 42)  # one draw: far from normal
    assert clear.distance.resolved and clear.looseness == pytest.approx(clear.berry_esseen / clear.distance.distance)
    exact = clt.clt_experiment("exponential", 100, 500, 1)
    assert exact.distance.exact and exact.distance.resolved and exact.looseness is not None


@pytest.mark.parametrize("dist", ["exponential", "lognormal", "bernoulli", "cauchy"])
def test_reading_one_experiment_at_another_n_equals_running_it_there(dist):
    """The /clt page's live N control reads every N from one experiment (core.clt.result_at)."""
    base = clt.clt_experiment(dist, 1, 2000, 3, p=0.2)
    for n in (2, 30, 1000):
        read, run = clt.result_at(base, n), clt.clt_experiment(dist, n, 2000, 3, p=0.2)
        assert read.n == n and read.distance == run.distance
        assert read.berry_esseen == run.berry_esseen and read.standard_error == run.standard_error
        assert read.curve == run.curve
        assert all(np.array_equal(a.density, b.density) for a, b in zip(read.frames, run.frames))
    with pytest.raises(ValueError, match="not one of this experiment's frames"):
        clt.result_at(base, 7)


def _irwin_hall_distance_mpmath(n: int) -> float:
    """sup |F − Φ| for the standardised sum of n uniforms, by the Irwin-Hall sum in 80-digit arithmetic on a
    fine z grid refined around its best point: independent of core.clt's rationals and inversion."""
    mpmath = pytest.importorskip("mpmath")
    mpmath.mp.dps = 80
    mean, sd = mpmath.mpf(n) / 2, mpmath.sqrt(mpmath.mpf(n) / 12)

    def gap(z):
        s = mean + z * sd
        total = sum((-1) ** k * mpmath.binomial(n, k) * (s - k) ** n for k in range(int(mpmath.floor(s)) + 1))
        return abs(total / mpmath.factorial(n) - mpmath.ncdf(z))

    best = max((gap(mpmath.mpf(i) / 100), i) for i in range(0, 401))[1]
    return float(max(gap(mpmath.mpf(best) / 100 + mpmath.mpf(j) / 10000) for j in range(-100, 101)))


@pytest.mark.parametrize("n", [2, 5, 30])
def test_the_uniform_distance_is_exact(n):
    """Issue 28: the uniform source's distance was a Monte-Carlo estimate, biased up by noise (N = 30, 2,000
    trials, seed 12: 'within about 0.043' against an exact 0.000924). Now it is Irwin-Hall's, exactly."""
    assert clt.exact_kolmogorov_distance(clt.source_law("uniform"), n) == pytest.approx(
        _irwin_hall_distance_mpmath(n), rel=1e-5)


def test_the_two_uniform_methods_agree_where_they_meet():
    from fractions import Fraction

    for n in (100, 300):
        z = np.array([-2.1, -0.74, 0.3, 0.74, 1.9])
        mean, sd = n / 2, math.sqrt(n / 12)
        rational = [clt.irwin_hall_cdf(n, Fraction(mean + v * sd).limit_denominator(1 << 20)) for v in z]
        moved = [float((Fraction(mean + v * sd).limit_denominator(1 << 20) - Fraction(mean)) / Fraction(sd))
                 for v in z]
        inverted = stats.norm.cdf(moved) + clt._uniform_gap_by_inversion(n, np.array(moved))
        assert np.max(np.abs(np.array(rational) - inverted)) < 1e-10


def test_the_bound_is_compared_with_the_exact_uniform_distance():
    result = clt.clt_experiment("uniform", 30, 2000, 12)
    assert result.distance.exact and result.distance.distance == pytest.approx(0.000924, abs=5e-7)
    assert result.looseness == pytest.approx(result.berry_esseen / 0.0009243, rel=1e-3)   # 122×, not 2.6×


def test_the_reference_curves_and_bands_are_the_laws_own():
    """What /clt's figures draw beside the data comes from core: φ on the histogram's range, the Berry–Esseen
    bound C ρ / (σ³ √N) on a log grid, and the LLN bands σ/√t and σ/√(0.05 t); none of them for a Cauchy law."""
    law = clt.source_law("exponential")
    references = clt.reference_curves(law)
    assert references.z[0] == clt.HIST_RANGE[0] and references.z[-1] == clt.HIST_RANGE[1]
    assert references.normal_pdf[120] == pytest.approx(1 / math.sqrt(2 * math.pi))
    assert references.n_grid[0] == 1.0 and references.n_grid[-1] == pytest.approx(1000.0)
    np.testing.assert_allclose(references.berry_esseen, clt.berry_esseen_bound(law, references.n_grid))
    bands = clt.lln_bands(law, np.array([1, 100]))
    np.testing.assert_allclose(bands.standard_error, [1.0, 0.1])
    np.testing.assert_allclose(bands.chebyshev, [1 / math.sqrt(0.05), 0.1 / math.sqrt(0.05)])
    assert clt.lln_bands(clt.source_law("cauchy"), np.array([1, 100])) is None
