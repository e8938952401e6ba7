"""KL divergence and its asymmetry (docs/maths.md §5).

KL(p || q) = E_p[log p(X) - log q(X)] >= 0, zero only when p = q, and not symmetric.
Gaussians: KL(N(m1, s1^2) || N(m2, s2^2)) = log(s2/s1) + (s1^2 + (m1 - m2)^2) / (2 s2^2) - 1/2.
Fitting one Gaussian q to a bimodal p:
  forward KL(p || q) is minimised by matching p's mean and variance (mass-covering);
  reverse KL(q || p) = -H(q) - E_q[log p] is minimised numerically and has several local optima,
  one per mode (mode-seeking). Expectations are integrals on fine grids (trapezoid rule): under q
  the grid moves and stretches with q (mean + sd * t, |t| <= 12), so the objective stays smooth in
  q's parameters for the optimiser. (80-node Gauss-Hermite was tried first: its error, 1e-4 for a
  log of a mixture, showed in the fourth digit.)
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from scipy import optimize, stats

from core.validation import require_in_range

MAX_ABS_MEAN = 20.0
SD_RANGE = (0.05, 20.0)
# The quadrature behind every expectation on the Fitting tab; the page's prose reads these.
QUADRATURE_POINTS = 4001
QUADRATURE_REACH_SD = 12.0   # the grid spans +-12 sd (of q, or of p's components)
# How the reverse-KL fit is minimised (scipy.optimize.minimize's method, named in the page's prose).
REVERSE_FIT_METHOD = "BFGS"
_STANDARD_GRID = np.linspace(-QUADRATURE_REACH_SD, QUADRATURE_REACH_SD, QUADRATURE_POINTS)
_STANDARD_PDF = stats.norm.pdf(_STANDARD_GRID)
# E_q[f] by the trapezoid rule on the standard grid, as one dot product: phi(t_i) times the rule's
# weights (h/2 at both ends, h inside).
_TRAPEZOID_WEIGHTS = np.full(_STANDARD_GRID.size, _STANDARD_GRID[1] - _STANDARD_GRID[0])
_TRAPEZOID_WEIGHTS[[0, -1]] *= 0.5
_EXPECTATION_WEIGHTS = _STANDARD_PDF * _TRAPEZOID_WEIGHTS


def kl_normal(m1: float, s1: float, m2: float, s2: float) -> float:
    """KL(N(m1, s1^2) || N(m2, s2^2)) in closed form (nats)."""
    m1 = require_in_range("m1", m1, -MAX_ABS_MEAN, MAX_ABS_MEAN)
    m2 = require_in_range("m2", m2, -MAX_ABS_MEAN, MAX_ABS_MEAN)
    s1 = require_in_range("s1", s1, *SD_RANGE)
    s2 = require_in_range("s2", s2, *SD_RANGE)
    return math.log(s2 / s1) + (s1 * s1 + (m1 - m2) ** 2) / (2.0 * s2 * s2) - 0.5


@dataclass(frozen=True)
class GaussianPair:
    m1: float
    s1: float
    m2: float
    s2: float

    def __post_init__(self) -> None:
        kl_normal(self.m1, self.s1, self.m2, self.s2)  # raises ValueError naming a bad parameter

    @property
    def forward(self) -> float:
        """KL(p || q)."""
        return kl_normal(self.m1, self.s1, self.m2, self.s2)

    @property
    def reverse(self) -> float:
        """KL(q || p)."""
        return kl_normal(self.m2, self.s2, self.m1, self.s1)


def pair_curves(pair: GaussianPair, points: int = 600) -> dict[str, np.ndarray]:
    """p, q and both integrands p log(p/q), q log(q/p) on a grid covering both densities.

    The integrands come from log-densities, so they stay finite far into the tails, where the
    ratio itself would overflow; each integrates to its KL.
    """
    low = min(pair.m1 - 5 * pair.s1, pair.m2 - 5 * pair.s2)
    high = max(pair.m1 + 5 * pair.s1, pair.m2 + 5 * pair.s2)
    x = np.linspace(low, high, points)
    log_p = stats.norm.logpdf(x, pair.m1, pair.s1)
    log_q = stats.norm.logpdf(x, pair.m2, pair.s2)
    p, q = np.exp(log_p), np.exp(log_q)
    return {"x": x, "p": p, "q": q, "forward_integrand": p * (log_p - log_q),
            "reverse_integrand": q * (log_q - log_p)}


# ----------------------------------------------------------------------------------------------
# Fitting one Gaussian to a two-component mixture
# ----------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class BimodalTarget:
    """p = w N(-sep/2, sd^2) + (1 - w) N(+sep/2, sd^2)."""

    separation: float
    weight: float
    sd: float = 1.0

    @property
    def locs(self) -> np.ndarray:
        return np.array([-self.separation / 2.0, self.separation / 2.0])

    @property
    def weights(self) -> np.ndarray:
        return np.array([self.weight, 1.0 - self.weight])

    def logpdf(self, x: np.ndarray) -> np.ndarray:
        return self.logpdf_and_slope(x)[0]

    def logpdf_and_slope(self, x: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """log p(x) and its derivative sum_k r_k(x) (mu_k - x) / sd^2 (r_k: responsibilities).

        Written out rather than through scipy.stats and logsumexp: the reverse-KL fit evaluates it
        on 4001 points dozens of times per target, where scipy's per-call overhead dominated.
        """
        x = np.asarray(x, dtype=np.float64)
        (left, right), (w_left, w_right) = self.locs, self.weights
        z_left, z_right = (x - left) / self.sd, (x - right) / self.sd
        term_left = math.log(w_left) - 0.5 * z_left * z_left
        term_right = math.log(w_right) - 0.5 * z_right * z_right
        unnormalised = np.logaddexp(term_left, term_right)
        r_left = np.exp(term_left - unnormalised)
        slope = -(r_left * z_left + (1.0 - r_left) * z_right) / self.sd
        return unnormalised - math.log(self.sd * math.sqrt(2.0 * math.pi)), slope

    @property
    def mean(self) -> float:
        return float(np.sum(self.weights * self.locs))

    @property
    def variance(self) -> float:
        return float(np.sum(self.weights * (self.sd**2 + self.locs**2)) - self.mean**2)

    def grid(self, points: int = QUADRATURE_POINTS) -> np.ndarray:
        reach = self.separation / 2.0 + QUADRATURE_REACH_SD * self.sd
        return np.linspace(-reach, reach, points)


def bimodal_target(separation: float, weight: float) -> BimodalTarget:
    return BimodalTarget(require_in_range("sep", separation, 0.0, 12.0), require_in_range("w", weight, 0.05, 0.95))


def forward_kl_to_gaussian(p: BimodalTarget, mean: float, sd: float) -> float:
    """KL(p || N(mean, sd^2)) by the trapezoid rule on p's fine grid."""
    x = p.grid()
    log_p = p.logpdf(x)
    integrand = np.exp(log_p) * (log_p - stats.norm.logpdf(x, mean, sd))
    return float(np.trapezoid(integrand, x))


def reverse_kl_to_gaussian(p: BimodalTarget, mean: float, sd: float) -> float:
    """KL(N(mean, sd^2) || p) = -H(q) - E_q[log p]; E_q by the trapezoid rule in q's own units."""
    return _reverse_kl_and_gradient(p, mean, math.log(sd))[0]


def _reverse_kl_and_gradient(p: BimodalTarget, mean: float, log_sd: float) -> tuple[float, np.ndarray]:
    """KL(q || p) for q = N(mean, exp(log_sd)^2), and its gradient in (mean, log_sd).

    With x = mean + sd t under the standard grid's expectation E_t:
    KL = -(1/2) log(2 pi e) - log_sd - E_t[log p(x)], so
    dKL/dmean = -E_t[(log p)'(x)] and dKL/dlog_sd = -1 - sd E_t[t (log p)'(x)].
    """
    sd = math.exp(log_sd)
    log_p, slope = p.logpdf_and_slope(mean + sd * _STANDARD_GRID)
    value = -0.5 * math.log(2.0 * math.pi * math.e) - log_sd - float(_EXPECTATION_WEIGHTS @ log_p)
    gradient = np.array([-float(_EXPECTATION_WEIGHTS @ slope),
                         -1.0 - sd * float(_EXPECTATION_WEIGHTS @ (_STANDARD_GRID * slope))])
    return value, gradient


@dataclass(frozen=True)
class GaussianFit:
    mean: float
    sd: float
    forward_kl: float   # KL(p || q) at this q
    reverse_kl: float   # KL(q || p) at this q
    start: float | None = None


def fit_forward(p: BimodalTarget) -> GaussianFit:
    """argmin_q KL(p || q) over Gaussians: match p's mean and variance."""
    mean, sd = p.mean, math.sqrt(p.variance)
    return GaussianFit(mean, sd, forward_kl_to_gaussian(p, mean, sd), reverse_kl_to_gaussian(p, mean, sd))


def fit_reverse(p: BimodalTarget, starts: tuple[float, ...]) -> list[GaussianFit]:
    """Local minima of KL(q || p) from each starting mean (start sd 1); distinct optima only,
    best first. Optimised over (mean, log sd), so the sd stays positive, by BFGS with the exact
    gradient of the quadrature (about 15 evaluations per start; Nelder-Mead needed 150)."""
    fits: list[GaussianFit] = []
    for start in starts:
        result = optimize.minimize(lambda v: _reverse_kl_and_gradient(p, v[0], v[1]), x0=np.array([start, 0.0]),
                                   jac=True, method=REVERSE_FIT_METHOD, options={"gtol": 1e-9, "maxiter": 500})
        if not _is_local_minimum(p, result.x):
            continue  # a saddle point reached from a symmetric start is not an optimum
        mean, sd = float(result.x[0]), math.exp(float(result.x[1]))
        if all(abs(mean - f.mean) > 1e-3 or abs(sd - f.sd) > 1e-3 for f in fits):
            fits.append(GaussianFit(mean, sd, forward_kl_to_gaussian(p, mean, sd),
                                    reverse_kl_to_gaussian(p, mean, sd), start))
    return sorted(fits, key=lambda f: f.reverse_kl)


def _is_local_minimum(p: BimodalTarget, point: np.ndarray, step: float = 1e-5) -> bool:
    """Whether the Hessian of KL(q || p) in (mean, log sd) is positive definite at `point`
    (central differences of the exact gradient)."""
    def gradient(at: np.ndarray) -> np.ndarray:
        return _reverse_kl_and_gradient(p, at[0], at[1])[1]

    hessian = np.array([(gradient(point + step * e) - gradient(point - step * e)) / (2.0 * step) for e in np.eye(2)])
    return bool(np.all(np.linalg.eigvalsh(0.5 * (hessian + hessian.T)) > 0.0))


def default_starts(p: BimodalTarget) -> tuple[float, ...]:
    """Start at each mode, between them, and outside each one."""
    left, right = p.locs
    return (left - 1.0, left, 0.5 * (left + right), right, right + 1.0)


# ----------------------------------------------------------------------------------------------
# Monte-Carlo estimation
# ----------------------------------------------------------------------------------------------

MC_SIZES: tuple[int, ...] = (10, 30, 100, 300, 1000, 3000, 10_000, 30_000, 100_000)


def log_ratio_sd(pair: GaussianPair) -> float:
    """The standard deviation of log p(X) - log q(X) for X ~ p: the Monte-Carlo estimate of KL(p || q) from n
    draws has standard error this / sqrt(n). The log ratio is a quadratic in X, its square a quartic, so a
    5-node Gauss-Hermite rule gives both moments exactly."""
    nodes, weights = np.polynomial.hermite_e.hermegauss(5)
    x = pair.m1 + pair.s1 * nodes
    terms = stats.norm.logpdf(x, pair.m1, pair.s1) - stats.norm.logpdf(x, pair.m2, pair.s2)
    weights = weights / weights.sum()
    mean = float(np.sum(weights * terms))
    return math.sqrt(max(0.0, float(np.sum(weights * (terms - mean) ** 2))))


@dataclass(frozen=True)
class MonteCarloKL:
    sizes: np.ndarray
    estimates: np.ndarray
    standard_errors: np.ndarray
    exact: float


def standard_error_ratio(mc: MonteCarloKL, small: int, large: int) -> tuple[float, float]:
    """(observed SE_small / SE_large, the sqrt(large / small) that 1/sqrt(n) predicts)."""
    sizes = list(mc.sizes)
    return mc.standard_errors[sizes.index(small)] / mc.standard_errors[sizes.index(large)], math.sqrt(large / small)


def monte_carlo_kl(pair: GaussianPair, seed: int, sizes: tuple[int, ...] = MC_SIZES) -> MonteCarloKL:
    """KL(p || q) estimated as the mean of log p(X) - log q(X) over n seeded draws X ~ p, for each n;
    the standard error is the sample sd of the terms over sqrt(n)."""
    seed = int(require_in_range("seed", seed, 0, 2**32 - 1))
    rng = np.random.default_rng([seed, 11])
    draws = rng.normal(pair.m1, pair.s1, size=max(sizes))
    terms = stats.norm.logpdf(draws, pair.m1, pair.s1) - stats.norm.logpdf(draws, pair.m2, pair.s2)
    estimates = np.array([terms[:n].mean() for n in sizes])
    errors = np.array([terms[:n].std(ddof=1) / math.sqrt(n) for n in sizes])
    return MonteCarloKL(np.array(sizes), estimates, errors, pair.forward)


@dataclass(frozen=True)
class FitCurves:
    """The Fitting tab's curves on one grid (the middle 60% of the target's own grid): the bimodal p, the
    forward fit's q and each reverse fit's q (in the order given)."""
    x: np.ndarray
    p: np.ndarray
    forward: np.ndarray
    reverse: tuple[np.ndarray, ...]


def fit_curves(p: BimodalTarget, forward: GaussianFit, reverse: list[GaussianFit], points: int = 600) -> FitCurves:
    grid = p.grid()
    x = np.linspace(grid[0] * 0.6, grid[-1] * 0.6, points)
    return FitCurves(x, np.exp(p.logpdf(x)), stats.norm.pdf(x, forward.mean, forward.sd),
                     tuple(stats.norm.pdf(x, fit.mean, fit.sd) for fit in reverse))
