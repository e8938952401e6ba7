"""Conjugate Bayesian updating (docs/maths.md §3): Beta-Bernoulli and Gaussian-Gaussian.

Beta-Bernoulli: prior Beta(a, b), h heads and t tails -> posterior Beta(a + h, b + t).
    mean (a + h) / (a + b + N); the prior acts like a + b pseudo-flips, a of them heads.
Gaussian-Gaussian (known sigma^2, unknown mean mu): prior N(mu0, tau0^2), N draws with mean xbar.
    Precisions add:   1 / tau_N^2 = 1 / tau0^2 + N / sigma^2
    mu_N = tau_N^2 (mu0 / tau0^2 + N xbar / sigma^2), a precision-weighted average; MAP = mu_N.
    The MAP solves  min_mu  sum (x_i - mu)^2 / (2 sigma^2) + (mu - mu0)^2 / (2 tau0^2):
    least squares with an L2 penalty of strength lambda = sigma^2 / tau0^2 pulling towards mu0.
"""

from __future__ import annotations

import math
import warnings
from dataclasses import dataclass

import numpy as np
from scipy import optimize, special, stats

from core.validation import require_in_range

MAX_PRIOR = 1000.0
MAX_COUNT = 100_000
MAX_FLIPS = 10_000
CREDIBLE = 0.95


# ----------------------------------------------------------------------------------------------
# Beta-Bernoulli
# ----------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Interval:
    low: float
    high: float

    @property
    def width(self) -> float:
        return self.high - self.low


@dataclass(frozen=True)
class BetaPosterior:
    """Prior Beta(a, b) updated with `heads` and `tails`."""

    a: float
    b: float
    heads: int
    tails: int

    @property
    def post_a(self) -> float:
        return self.a + self.heads

    @property
    def post_b(self) -> float:
        return self.b + self.tails

    @property
    def flips(self) -> int:
        return self.heads + self.tails

    @property
    def mean(self) -> float:
        return self.post_a / (self.post_a + self.post_b)

    @property
    def prior_mean(self) -> float:
        return self.a / (self.a + self.b)

    @property
    def mle(self) -> float | None:
        """h / N; undefined before the first flip."""
        return None if self.flips == 0 else self.heads / self.flips

    @property
    def map(self) -> float | None:
        """The posterior mode; None where it is not unique (flat, or U-shaped with two modes)."""
        return beta_mode(self.post_a, self.post_b)

    @property
    def sd(self) -> float:
        a, b = self.post_a, self.post_b
        return math.sqrt(a * b / ((a + b) ** 2 * (a + b + 1)))

    def central_interval(self, level: float = CREDIBLE) -> Interval:
        tail = (1.0 - level) / 2.0
        law = stats.beta(self.post_a, self.post_b)
        return Interval(float(law.ppf(tail)), float(law.ppf(1.0 - tail)))

    def hpd_interval(self, level: float = CREDIBLE) -> Interval | None:
        """Highest-posterior-density interval; None when the density is U-shaped (two pieces)."""
        return beta_hpd(self.post_a, self.post_b, level)

    @property
    def prob_above_half(self) -> float:
        """P(theta > 0.5 | data)."""
        return float(stats.beta.sf(0.5, self.post_a, self.post_b))


def beta_mode(a: float, b: float) -> float | None:
    if a > 1 and b > 1:
        return (a - 1) / (a + b - 2)
    if a <= 1 < b:
        return 0.0
    if b <= 1 < a:
        return 1.0
    return None  # a, b <= 1: flat (a = b = 1) or U-shaped: no unique mode


def beta_hpd(a: float, b: float, level: float = CREDIBLE) -> Interval | None:
    """The shortest interval holding `level` of Beta(a, b), which is the HPD for a unimodal (or
    monotone) density: search over the probability t left below the interval."""
    if a < 1 and b < 1:
        return None
    law = stats.beta(a, b)
    spare = 1.0 - level

    def width(t: float) -> float:
        return float(law.ppf(t + level) - law.ppf(t))

    with warnings.catch_warnings():
        # boost's inverse incomplete beta warns (and still converges) for quantiles next to an
        # infinite density at 0 or 1; the boundary candidates below cover those cases.
        warnings.simplefilter("ignore", RuntimeWarning)
        result = optimize.minimize_scalar(width, bounds=(0.0, spare), method="bounded", options={"xatol": 1e-10})
        candidates = [(width(t), t) for t in (0.0, spare, float(result.x))]
    _, best = min(candidates)
    return Interval(float(law.ppf(best)), float(law.ppf(best + level)))


def beta_intervals(a: np.ndarray, b: np.ndarray,
                   level: float = CREDIBLE) -> tuple[list[Interval], list[Interval | None]]:
    """The central and the HPD interval of many Beta(a, b) at once, as central_interval and beta_hpd
    give them one by one (the /beta page's live flips-seen control needs one per prefix of the data,
    and beta_hpd's scalar search costs ~6 ms each).

    The HPD is the same search over the probability t left below the interval, by golden section on
    every law at once: the width F⁻¹(t + level) − F⁻¹(t) is unimodal in t for a unimodal or monotone
    density; 60 steps shrink the bracket [0, 1 − level] below 1e-13.
    """
    a, b = np.asarray(a, dtype=np.float64), np.asarray(b, dtype=np.float64)
    tail, spare = (1.0 - level) / 2.0, 1.0 - level

    def quantile(t: np.ndarray) -> np.ndarray:
        return special.betaincinv(a, b, t)

    def width(t: np.ndarray) -> np.ndarray:
        return quantile(t + level) - quantile(t)

    golden = (math.sqrt(5.0) - 1.0) / 2.0
    low, high = np.zeros_like(a), np.full_like(a, spare)
    inner_low, inner_high = high - golden * (high - low), low + golden * (high - low)
    with np.errstate(all="ignore"):
        width_low, width_high = width(inner_low), width(inner_high)
        for _ in range(60):
            left = width_low < width_high          # the minimum lies in [low, inner_high]
            low, high = np.where(left, low, inner_low), np.where(left, inner_high, high)
            inner_low, inner_high, width_low, width_high = (
                np.where(left, high - golden * (high - low), inner_high),
                np.where(left, inner_low, low + golden * (high - low)),
                np.where(left, width(high - golden * (high - low)), width_high),
                np.where(left, width_low, width(low + golden * (high - low))))
        candidates = np.stack([np.zeros_like(a), np.full_like(a, spare), (low + high) / 2.0])
        best = candidates[np.argmin(np.stack([width(t) for t in candidates]), axis=0), np.arange(a.size)]
        hpd_low, hpd_high = quantile(best), quantile(best + level)
    central = [Interval(float(lo), float(hi)) for lo, hi in zip(quantile(np.full_like(a, tail)),
                                                                quantile(np.full_like(a, 1.0 - tail)))]
    hpd = [None if (ai < 1 and bi < 1) else Interval(float(lo), float(hi))
           for ai, bi, lo, hi in zip(a, b, hpd_low, hpd_high)]
    return central, hpd


def validate_beta_inputs(a: float, b: float, heads: int, tails: int) -> tuple[float, float, int, int]:
    a = require_in_range("a", a, 0.01, MAX_PRIOR)
    b = require_in_range("b", b, 0.01, MAX_PRIOR)
    heads = int(require_in_range("heads", heads, 0, MAX_COUNT))
    tails = int(require_in_range("tails", tails, 0, MAX_COUNT))
    return a, b, heads, tails


def beta_posterior(a: float, b: float, heads: int, tails: int) -> BetaPosterior:
    return BetaPosterior(*validate_beta_inputs(a, b, heads, tails))


def simulate_flips(theta: float, flips: int, seed: int) -> np.ndarray:
    """Seeded coin flips (1 = head) with P(head) = theta."""
    theta = require_in_range("theta", theta, 0.0, 1.0)
    flips = int(require_in_range("flips", flips, 0, MAX_FLIPS))
    seed = int(require_in_range("seed", seed, 0, 2**32 - 1))
    rng = np.random.default_rng([seed, 2])
    return (rng.random(flips) < theta).astype(np.int8)


def interleaved_flips(heads: int, tails: int) -> np.ndarray:
    """A sequence with the given counts, heads spread as evenly as possible.

    Counts alone do not say in which order the flips came; the posterior after all of them does
    not depend on the order, and an even spread draws the path the counts suggest.
    """
    total = heads + tails
    if total == 0:
        return np.zeros(0, dtype=np.int8)
    target = np.floor(np.arange(1, total + 1) * heads / total + 1e-9).astype(np.int64)
    return np.diff(np.concatenate([[0], target])).astype(np.int8)


@dataclass(frozen=True)
class PosteriorPath:
    """Posterior summaries after each of the first t flips, t = 0..N (thinned for plotting)."""

    flips: np.ndarray
    mean: np.ndarray
    low: np.ndarray
    high: np.ndarray
    mle: np.ndarray  # NaN at t = 0


def posterior_path(a: float, b: float, sequence: np.ndarray, max_points: int = 400) -> PosteriorPath:
    """Mean, central 95% interval and MLE after each prefix of `sequence` (vectorised)."""
    heads = np.concatenate([[0], np.cumsum(sequence, dtype=np.int64)])
    t = np.arange(heads.size)
    if t.size > max_points:
        keep = np.unique(np.round(np.linspace(0, t.size - 1, max_points)).astype(int))
        heads, t = heads[keep], t[keep]
    post_a, post_b = a + heads, b + (t - heads)
    tail = (1.0 - CREDIBLE) / 2.0
    with np.errstate(invalid="ignore", divide="ignore"):
        mle = np.where(t > 0, heads / np.maximum(t, 1), np.nan)
    return PosteriorPath(
        flips=t, mean=post_a / (post_a + post_b),
        low=stats.beta.ppf(tail, post_a, post_b), high=stats.beta.ppf(1 - tail, post_a, post_b), mle=mle,
    )


@dataclass(frozen=True)
class GridApproximation:
    """Prior x likelihood evaluated on M points and normalised, against the exact posterior."""

    theta: np.ndarray
    weights: np.ndarray      # normalised probabilities on the grid (sum to 1)
    mean: float
    exact_mean: float
    interval: Interval       # 95% central interval read off the grid's cumulative weights

    @property
    def mean_error(self) -> float:
        return abs(self.mean - self.exact_mean)


def grid_posterior(posterior: BetaPosterior, points: int) -> GridApproximation:
    """The M-point grid approximation of the posterior: midpoints of M equal cells of [0, 1].

    Computed in log space (log prior + log likelihood, then normalised with the max shift), so
    thousands of flips do not underflow.
    """
    points = int(require_in_range("grid points", points, 2, 100_000))
    theta = (np.arange(points) + 0.5) / points
    log_weight = stats.beta.logpdf(theta, posterior.a, posterior.b) \
        + posterior.heads * np.log(theta) + posterior.tails * np.log1p(-theta)
    weights = np.exp(log_weight - log_weight.max())
    weights /= weights.sum()
    cumulative = np.cumsum(weights)
    tail = (1.0 - CREDIBLE) / 2.0
    low = float(theta[np.searchsorted(cumulative, tail)])
    high = float(theta[min(points - 1, np.searchsorted(cumulative, 1.0 - tail))])
    return GridApproximation(theta, weights, float(np.sum(theta * weights)), posterior.mean, Interval(low, high))


@dataclass(frozen=True)
class GridCost:
    dimensions: int
    points: float            # M^d
    bytes_float64: float     # 8 M^d
    seconds_at_1e9: float    # at a billion evaluations per second


def grid_cost_table(points_per_axis: int, max_dimensions: int = 10) -> list[GridCost]:
    """What a grid of M points per axis costs in d dimensions: M^d evaluations and 8 M^d bytes."""
    rows = []
    for d in range(1, max_dimensions + 1):
        total = float(points_per_axis) ** d
        rows.append(GridCost(d, total, 8.0 * total, total / 1e9))
    return rows


def beta_density_curves(posterior: BetaPosterior, points: int = 801) -> dict[str, np.ndarray]:
    """Prior, scaled likelihood and posterior densities on an interior grid of (0, 1).

    The likelihood theta^h (1 - theta)^t is scaled to integrate to 1, i.e. it is the
    Beta(h + 1, t + 1) density, so the three curves share one axis.
    """
    theta = np.linspace(0.0, 1.0, points)[1:-1]
    return {
        "theta": theta,
        "prior": stats.beta.pdf(theta, posterior.a, posterior.b),
        "likelihood": stats.beta.pdf(theta, posterior.heads + 1, posterior.tails + 1),
        "posterior": stats.beta.pdf(theta, posterior.post_a, posterior.post_b),
    }


# ----------------------------------------------------------------------------------------------
# Gaussian-Gaussian
# ----------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class GaussianPosterior:
    """Unknown mean mu, known sigma; prior N(mu0, tau0^2); N observations with mean xbar."""

    mu0: float
    tau0: float
    sigma: float
    n: int
    xbar: float

    @property
    def prior_precision(self) -> float:
        return 1.0 / self.tau0**2

    @property
    def data_precision(self) -> float:
        return self.n / self.sigma**2

    @property
    def precision(self) -> float:
        return self.prior_precision + self.data_precision

    @property
    def variance(self) -> float:
        return 1.0 / self.precision

    @property
    def sd(self) -> float:
        return math.sqrt(self.variance)

    @property
    def mean(self) -> float:
        return self.variance * (self.mu0 * self.prior_precision + self.xbar * self.data_precision)

    @property
    def prior_weight(self) -> float:
        """Share of the posterior mean that comes from the prior mean (shrinkage towards mu0)."""
        return self.prior_precision / self.precision

    @property
    def ridge_lambda(self) -> float:
        """The L2 penalty strength sigma^2 / tau0^2 the prior amounts to."""
        return self.sigma**2 / self.tau0**2

    def credible_interval(self, level: float = CREDIBLE) -> Interval:
        half = float(stats.norm.ppf(0.5 + level / 2.0)) * math.sqrt(self.variance)
        return Interval(self.mean - half, self.mean + half)


def gaussian_posterior(mu0: float, tau0: float, sigma: float, n: int, xbar: float) -> GaussianPosterior:
    mu0 = require_in_range("mu0", mu0, -1e6, 1e6)
    tau0 = require_in_range("tau0", tau0, 1e-3, 1e6)
    sigma = require_in_range("sigma", sigma, 1e-3, 1e6)
    n = int(require_in_range("N", n, 0, 10_000_000))
    xbar = require_in_range("xbar", xbar, -1e9, 1e9)
    return GaussianPosterior(mu0, tau0, sigma, n, xbar if n else 0.0)


def simulate_gaussian_mean(mu_true: float, sigma: float, n: int, seed: int) -> float:
    """The sample mean of n seeded draws from N(mu_true, sigma^2) (0 when n = 0)."""
    mu_true = require_in_range("mu_true", mu_true, -1e6, 1e6)
    sigma = require_in_range("sigma", sigma, 1e-3, 1e6)
    n = int(require_in_range("N", n, 0, 1_000_000))
    seed = int(require_in_range("seed", seed, 0, 2**32 - 1))
    if n == 0:
        return 0.0
    rng = np.random.default_rng([seed, 3])
    return float(rng.normal(mu_true, sigma, size=n).mean())


def gaussian_density_curves(post: GaussianPosterior, points: int = 600) -> dict[str, np.ndarray]:
    """Prior N(mu0, tau0^2), likelihood of mu (normalised: N(xbar, sigma^2 / N)) and posterior."""
    spreads = [(post.mu0, post.tau0), (post.mean, math.sqrt(post.variance))]
    if post.n:
        spreads.append((post.xbar, post.sigma / math.sqrt(post.n)))
    low = min(m - 4 * s for m, s in spreads)
    high = max(m + 4 * s for m, s in spreads)
    mu = np.linspace(low, high, points)
    curves = {
        "mu": mu,
        "prior": stats.norm.pdf(mu, post.mu0, post.tau0),
        "posterior": stats.norm.pdf(mu, post.mean, math.sqrt(post.variance)),
    }
    if post.n:
        curves["likelihood"] = stats.norm.pdf(mu, post.xbar, post.sigma / math.sqrt(post.n))
    return curves
