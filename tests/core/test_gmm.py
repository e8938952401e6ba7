"""core.gmm: EM monotonicity, agreement with scikit-learn, parsing, the landscape through core.sweep."""

from __future__ import annotations

import math

import numpy as np
import pytest
from scipy import stats

from core import gmm


@pytest.fixture(scope="module")
def separated():
    return gmm.simulate_mixture(6.0, 0.3, 1.0, 0.8, 2000, seed=5)


@pytest.mark.parametrize("k", [1, 2, 3, 4])
def test_em_never_decreases_the_loglik(separated, k):
    fit = gmm.fit_em(separated, k, seed=1, restarts=3)
    for run in fit.restarts:
        assert np.all(np.diff(run.logliks) >= -1e-9 * np.abs(run.logliks[1:]))


@pytest.mark.parametrize("n,k", [(300, 2), (1000, 4), (20_000, 2)])  # batched, batched, one at a time
def test_restarts_advanced_together_match_each_run_alone(n, k):
    x = gmm.simulate_mixture(3.0, 0.4, 1.0, 1.5, n, seed=2)
    rng = np.random.default_rng(4)
    starts = [gmm._initial(x, k, rng) for _ in range(5)]
    together = gmm.run_em_restarts(x, starts)
    for start, run in zip(starts, together):
        alone = gmm.run_em(x, start)
        assert len(run.history) == len(alone.history) and run.converged == alone.converged
        np.testing.assert_allclose(run.logliks, alone.logliks, rtol=1e-13)
        np.testing.assert_allclose(run.final.loc, alone.final.loc, rtol=1e-10, atol=1e-12)


def test_em_agrees_with_scikit_learn_on_separated_data(separated):
    from sklearn.mixture import GaussianMixture

    ours = gmm.fit_em(separated, 2, seed=1, restarts=5).mixture.sorted()
    theirs = GaussianMixture(2, n_init=5, tol=1e-10, max_iter=1000, random_state=0).fit(separated[:, None])
    order = np.argsort(theirs.means_.ravel())
    np.testing.assert_allclose(ours.loc, theirs.means_.ravel()[order], atol=1e-3)
    np.testing.assert_allclose(ours.weights, theirs.weights_[order], atol=1e-3)
    np.testing.assert_allclose(ours.scale, np.sqrt(theirs.covariances_.ravel()[order]), atol=1e-3)
    assert gmm.loglik(separated, ours) == pytest.approx(theirs.score(separated[:, None]) * separated.size, rel=1e-6)


def test_em_recovers_the_truth(separated):
    fit = gmm.fit_em(separated, 2, seed=1).mixture.sorted()
    truth = gmm.true_mixture(6.0, 0.3, 1.0, 0.8)
    # 2000 points: the means are within a few standard errors (sd / sqrt(n_k)) of the truth
    np.testing.assert_allclose(fit.loc, truth.loc, atol=0.15)
    np.testing.assert_allclose(fit.weights, truth.weights, atol=0.04)


def test_loglik_matches_scipy(separated):
    mixture = gmm.Mixture(np.array([0.3, 0.7]), np.array([-3.0, 3.0]), np.array([1.0, 0.8]))
    direct = np.log(0.3 * stats.norm.pdf(separated, -3, 1) + 0.7 * stats.norm.pdf(separated, 3, 0.8)).sum()
    assert gmm.loglik(separated, mixture) == pytest.approx(direct, rel=1e-12)


def test_single_gaussian_is_the_k1_fit(separated):
    single = gmm.fit_single(separated)
    assert single.loc[0] == pytest.approx(separated.mean()) and single.scale[0] == pytest.approx(separated.std())
    assert gmm.fit_em(separated, 1, seed=0).loglik == pytest.approx(gmm.loglik(separated, single), rel=1e-9)


def test_variance_floor_prevents_collapse():
    x = np.concatenate([np.random.default_rng(1).normal(size=50), np.full(5, 3.0)])
    fit = gmm.fit_em(x, 3, seed=2, restarts=5)
    assert np.all(fit.mixture.scale >= math.sqrt(gmm.VARIANCE_FLOOR * x.var()) - 1e-12)
    assert np.isfinite(fit.loglik)


def test_comparison_and_bic():
    x = gmm.simulate_mixture(6.0, 0.5, 1.0, 1.0, 1000, seed=3)
    c = gmm.compare(x, gmm.fit_em(x, 2, seed=1))
    assert c.gap > 0
    assert c.bic_single == pytest.approx(2 * math.log(1000) - 2 * c.single_loglik)
    assert c.bic_mixture == pytest.approx(5 * math.log(1000) - 2 * c.mixture_loglik)
    assert c.bic_gain == pytest.approx(c.bic_single - c.bic_mixture) and gmm.bic_evidence(c.bic_gain) == "very-strong"
    one = gmm.simulate_mixture(0.0, 0.5, 1.0, 1.0, 1000, seed=3)
    assert gmm.bic_evidence(gmm.compare(one, gmm.fit_em(one, 2, seed=1)).bic_gain) is None


def test_landscape_maxima_sit_at_the_true_means():
    x = gmm.simulate_mixture(6.0, 0.5, 1.0, 1.0, 1500, seed=4)
    land = gmm.likelihood_landscape(x, gmm.fit_em(x, 2, seed=1))
    (a, b), (c, d) = land.maxima
    step = float(land.mu1[1] - land.mu1[0])
    assert sorted([a, b]) == pytest.approx([-3.0, 3.0], abs=0.15 + step)
    assert (c, d) == (b, a)
    # label switching: the surface is symmetric under swapping the means
    np.testing.assert_allclose(land.loglik, land.loglik.T, rtol=1e-6)
    assert land.backend.kind in ("torch", "triton")


def test_parse_numbers_names_the_bad_line():
    assert gmm.parse_numbers("1, 2; 3\n4 5\t6\n7\n8\n9 10").tolist() == list(range(1, 11))
    with pytest.raises(ValueError, match="line 3: 'abc' is not a number"):
        gmm.parse_numbers("1 2 3\n4 5 6\n7 abc 9\n10 11")
    with pytest.raises(ValueError, match="not a finite number"):
        gmm.parse_numbers("1 2 3 4 5 6 7 8 9 inf")
    with pytest.raises(ValueError, match="at least 10 numbers"):
        gmm.parse_numbers("1 2 3")
    with pytest.raises(ValueError, match="all the numbers are equal"):
        gmm.parse_numbers(" ".join(["4"] * 12))
    with pytest.raises(ValueError, match="at most"):
        gmm.parse_numbers("1 " * 30, max_values=20)


@pytest.mark.parametrize("kwargs, message", [
    ({"separation": -1.0}, "separation must be between"), ({"weight": 1.0}, "weight must be between"),
    ({"n": 5}, "n must be between"), ({"sd1": 0.0}, "sd1 must be between"),
])
def test_invalid_simulation_inputs(kwargs, message):
    args = dict(separation=3.0, weight=0.5, sd1=1.0, sd2=1.0, n=100, seed=1) | kwargs
    with pytest.raises(ValueError, match=message):
        gmm.simulate_mixture(**args)
