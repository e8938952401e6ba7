"""core.mvn against the docs/maths.md §2 numbers and scipy."""

from __future__ import annotations

import math

import numpy as np
import pytest
from scipy import stats

from core import mvn

SQRT2 = math.sqrt(2.0)


def worked_example() -> mvn.Conditioning:
    return mvn.condition(1.0, -2.0, SQRT2, 1.0, 0.8 / SQRT2, -1.0)


def test_concepts_conditioning_numbers():
    cond = worked_example()
    np.testing.assert_allclose(cond.cov, [[2.0, 0.8], [0.8, 1.0]], atol=1e-12)
    assert cond.cond_mean == pytest.approx(1.8)
    assert cond.cond_var == pytest.approx(1.36)
    assert cond.variance_reduction == pytest.approx(0.32)
    assert cond.correlation == pytest.approx(0.565685, abs=1e-6)
    assert cond.gain == pytest.approx(0.8)
    assert cond.regularised_by == 0.0


def test_log_density_matches_concepts_and_scipy():
    cov = np.array([[2.0, 0.8], [0.8, 1.0]])
    assert mvn.log_density(np.array([1.0, -1.0]), np.zeros(2), cov) == pytest.approx(-3.682796, abs=1e-6)
    points = np.random.default_rng(1).normal(size=(50, 2))
    np.testing.assert_allclose(mvn.log_density(points, np.array([0.3, -0.2]), cov),
                               stats.multivariate_normal([0.3, -0.2], cov).logpdf(points), rtol=1e-12)


def test_log_det_through_cholesky():
    cond = worked_example()
    assert cond.log_det == pytest.approx(math.log(np.linalg.det(cond.cov)))


def test_conditioning_against_monte_carlo_slice():
    # Draws near x2 = a have x1 distributed as the conditional: a check independent of the formula.
    cond = worked_example()
    draws = mvn.sample(cond.mean, cond.factor, 100_000, seed=3)
    # A window of half-width h = 0.05 around a: about 100000 * 0.1 * phi(1) = 2400 draws. The window
    # adds gain^2 h^2 / 3 = 0.0005 to the variance, negligible against the tolerances below
    # (4 standard errors for the mean; 10%, about 3.5 standard errors, for the variance).
    near = draws[np.abs(draws[:, 1] - cond.observed) < 0.05, 0]
    assert near.size > 2000
    assert near.mean() == pytest.approx(cond.cond_mean, abs=4 * cond.cond_sd / math.sqrt(near.size))
    assert near.var() == pytest.approx(cond.cond_var, rel=0.1)


def test_ellipse_probabilities_and_coverage():
    assert mvn.ellipse_probability(1.0) == pytest.approx(0.393469, abs=1e-6)
    assert mvn.ellipse_probability(2.0) == pytest.approx(0.864665, abs=1e-6)
    cond = worked_example()
    contour = mvn.ellipse(cond.mean, cond.factor, 2.0)
    v = np.linalg.solve(cond.factor, (contour - cond.mean).T)
    np.testing.assert_allclose(np.sum(v * v, axis=0), 4.0)  # every point at Mahalanobis radius 2


def test_singular_covariance_is_regularised_not_fatal():
    with pytest.raises(ValueError, match="not positive definite"):
        mvn.cholesky(mvn.covariance_matrix(1.0, 1.0, 1.0))
    cond = mvn.condition(0.0, 0.0, 1.0, 1.0, -1.0, 0.5, eps=1e-3)
    assert cond.regularised_by == 1e-3
    assert cond.cond_var == pytest.approx(1.001 - 1.0 / 1.001)
    assert cond.cond_mean == pytest.approx(-0.5 / 1.001)


def test_variance_never_increases_and_does_not_depend_on_the_observation():
    for rho in (-0.9, -0.3, 0.0, 0.4, 0.99):
        a = mvn.condition(0.5, 1.0, 2.0, 0.5, rho, -3.0)
        b = mvn.condition(0.5, 1.0, 2.0, 0.5, rho, 7.0)
        assert a.cond_var <= a.cov[0, 0] + 1e-12
        assert a.cond_var == pytest.approx(b.cond_var)
        assert a.variance_reduction == pytest.approx(rho**2, abs=1e-12)


def test_norms_concentrate_on_the_sqrt_d_shell():
    summaries = mvn.norm_concentration((1, 100, 1000), 2000, seed=4)
    for s in summaries:
        # the sample mean of 2000 norms is within 5 standard errors of the chi mean
        assert s.mean_norm == pytest.approx(mvn.expected_norm(s.dimension), abs=5 * s.sd_norm / math.sqrt(2000))
    assert summaries[-1].sd_norm == pytest.approx(1 / SQRT2, abs=0.05)
    assert mvn.expected_norm(1) == pytest.approx(math.sqrt(2 / math.pi))


@pytest.mark.parametrize("kwargs, message", [
    ({"s1": 0.0}, "s1 must be between"), ({"rho": 1.5}, "rho must be between"),
    ({"mu1": float("inf")}, "mu1 must be between"), ({"observed": float("nan")}, "x2 must be between"),
])
def test_invalid_inputs_name_the_parameter(kwargs, message):
    args = dict(mu1=0.0, mu2=0.0, s1=1.0, s2=1.0, rho=0.5, observed=0.0) | kwargs
    with pytest.raises(ValueError, match=message):
        mvn.condition(**args)


def test_the_sentence_does_not_move_the_guess_from_a_number_to_itself():
    """x₂ observed at μ₂: the sentence said 'moves the best guess for x₁ down from 1 to 1'."""
    from concepts.mvn.explain import interpretation

    sentence = interpretation(mvn.condition(1.0, -2.0, 1.5, 1.0, 0.4, -2.0))
    assert "leaves the best guess for x₁ at 1" in sentence and "from 1 to 1" not in sentence
    assert "moves the best guess for x₁ up from 1 to 1.6" in interpretation(mvn.condition(1.0, -2.0, 1.5, 1.0, 0.4,
                                                                                            -1.0))


def test_the_joint_picture_and_density_curves_are_the_conditionings_own():
    """What /mvn's figures draw comes from core: each ellipse holds 1 - exp(-r²/2) of the mass and lies at
    Mahalanobis distance r; the window holds every x₂ the slider reaches; both densities integrate to 1 on
    their grid and the conditional one peaks at the conditional mean."""
    cond = mvn.condition(1.0, -2.0, 2**0.5, 1.0, 0.3, -1.0)
    picture = mvn.joint_picture(cond, observable=(-7.0, 3.0))
    (r1, p1, c1), (r2, p2, c2) = picture.ellipses
    assert (r1, r2) == (1.0, 2.0) and p1 == pytest.approx(0.3934693, abs=1e-7) and p2 == pytest.approx(0.8646647)
    offsets = c2 - cond.mean
    mahalanobis = np.einsum("ij,jk,ik->i", offsets, np.linalg.inv(cond.cov), offsets)
    np.testing.assert_allclose(np.sqrt(mahalanobis), 2.0, rtol=1e-12)
    assert picture.y_range[0] <= -7.0 and picture.y_range[1] >= 3.0
    assert picture.regression_x1 == pytest.approx(cond.mean[0] + cond.gain * (np.array(picture.y_range) - cond.mean[1]))
    curves = mvn.density_curves(cond)
    assert np.trapezoid(curves.marginal, curves.x1) == pytest.approx(1.0, abs=1e-3)
    assert np.trapezoid(curves.conditional, curves.x1) == pytest.approx(1.0, abs=1e-3)
    assert curves.x1[np.argmax(curves.conditional)] == pytest.approx(cond.cond_mean, abs=curves.x1[1] - curves.x1[0])
