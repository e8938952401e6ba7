"""Fisher information and the Cramér–Rao bound (docs/maths.md §6).

Score s(x; theta) = d/dtheta log p(x; theta); I(theta) = E[s^2] = -E[d^2 log p]; n draws carry n I.
Cramér–Rao: an unbiased estimator has Var >= 1 / (n I(theta)); its efficiency is bound / Var, and
n Var I(theta) is 1 for an efficient estimator (the figure plots this against n).
Each model here comes with its estimators, simulated `reps` times per n from a seeded generator.
The log-likelihood of one large sample is computed from sufficient statistics (the normal models
through core.sweep), except the Cauchy, which has none and is summed point by point.
"""

from __future__ import annotations

import dataclasses
import functools
import math
from dataclasses import dataclass
from typing import Callable

import numpy as np
from scipy import optimize, special, stats

from core import sweep
from core.validation import require_in_range

N_GRID: tuple[int, ...] = (5, 10, 20, 50, 100, 200, 500, 1000)
MAX_REPS = 10_000
BIG_N_OPTIONS: tuple[int, ...] = (1_000, 10_000, 100_000, 1_000_000, 10_000_000)
CAUCHY_MAX_BIG_N = 100_000  # O(N G) without sufficient statistics


def _trimmed_mean_asymptote(trim: float) -> float:
    """n Var -> this, for the `trim`-trimmed mean of N(mu, 1) (Huber's formula); I = 1."""
    c = float(stats.norm.ppf(1.0 - trim))
    inner = float(stats.norm.expect(lambda x: x * x, lb=-c, ub=c))
    return (inner + 2.0 * trim * c * c) / (1.0 - 2.0 * trim) ** 2


@dataclass(frozen=True)
class Estimator:
    """One estimator of a model's parameter (its name and what to note about it are the page's words:
    concepts/fisher/explain.py, by (model, key))."""
    model: str
    key: str
    compute: Callable[[np.ndarray], np.ndarray]  # (reps, n) samples -> (reps,) estimates
    unbiased: bool
    asymptote: float | None  # limit of n Var I as n grows; None when the variance is infinite


def _estimators(model: str, *rows: tuple) -> tuple[Estimator, ...]:
    return tuple(Estimator(model, *row) for row in rows)


@dataclass(frozen=True)
class Model:
    key: str                  # its label is the page's word (concepts/fisher/explain.py, MODEL_LABELS)
    symbol: str
    theta_default: float
    theta_range: tuple[float, float]
    theta_step: float
    draw: Callable[[float, tuple[int, ...], np.random.Generator], np.ndarray]
    information: Callable[[float], float]
    information_formula: str
    estimators: tuple[Estimator, ...]
    # "location": a draw at theta is theta + (the same draw at 0), and every estimator shifts by
    # theta; "scale": a draw at theta is a power of theta times (the same draw at 1), sqrt(σ²) for
    # the normal variance and 1/λ for the exponential rate, and every estimator is multiplied by
    # theta. One seeded simulation at the canonical theta then serves every theta (`simulate`).
    family: str | None = None


def _mean(samples: np.ndarray) -> np.ndarray:
    return samples.mean(axis=1)


# The order statistics come from one row-wise sort: numpy's vectorised sort is 3-4x faster than
# np.median's and scipy.stats.trim_mean's partitions on these (reps, n) blocks.
def _median(samples: np.ndarray) -> np.ndarray:
    ordered = np.sort(samples, axis=1)
    n = ordered.shape[1]
    return 0.5 * (ordered[:, (n - 1) // 2] + ordered[:, n // 2])


def _trimmed(samples: np.ndarray, trim: float = 0.1) -> np.ndarray:
    """Mean of what is left after cutting floor(trim n) values from each end (scipy's trim_mean)."""
    ordered = np.sort(samples, axis=1)
    cut = int(trim * ordered.shape[1])
    return ordered[:, cut:ordered.shape[1] - cut].mean(axis=1)


MODELS: dict[str, Model] = {
    "normal-mean": Model(
        "normal-mean", "μ", 0.0, (-10.0, 10.0), 0.5,
        lambda t, shape, rng: rng.normal(t, 1.0, size=shape), lambda t: 1.0, r"I(\mu) = 1/\sigma^2 = 1",
        _estimators("normal-mean", ("mean", _mean, True, 1.0), ("median", _median, True, math.pi / 2),
                    ("trimmed", _trimmed, True, _trimmed_mean_asymptote(0.1))), "location"),
    "normal-variance": Model(
        "normal-variance", "σ²", 1.0, (0.1, 10.0), 0.1,
        lambda t, shape, rng: rng.normal(0.0, math.sqrt(t), size=shape), lambda t: 1.0 / (2.0 * t * t),
        r"I(\sigma^2) = \frac{1}{2\sigma^4}",
        _estimators("normal-variance", ("known-mean", lambda s: np.mean(s * s, axis=1), True, 1.0),
                    ("s2", lambda s: np.var(s, axis=1, ddof=1), True, 1.0),
                    ("mle", lambda s: np.var(s, axis=1, ddof=0), False, 1.0)), "scale"),
    "bernoulli": Model(
        "bernoulli", "p", 0.3, (0.01, 0.99), 0.01,
        lambda t, shape, rng: (rng.random(size=shape) < t).astype(np.float64), lambda t: 1.0 / (t * (1.0 - t)),
        r"I(p) = \frac{1}{p(1-p)}",
        _estimators("bernoulli", ("proportion", _mean, True, 1.0))),
    "poisson": Model(
        "poisson", "λ", 3.0, (0.1, 50.0), 0.1,
        lambda t, shape, rng: rng.poisson(t, size=shape).astype(np.float64), lambda t: 1.0 / t,
        r"I(\lambda) = 1/\lambda",
        _estimators("poisson", ("mean", _mean, True, 1.0))),
    "exponential": Model(
        "exponential", "λ", 2.0, (0.1, 10.0), 0.1,
        lambda t, shape, rng: rng.exponential(1.0 / t, size=shape), lambda t: 1.0 / (t * t),
        r"I(\lambda) = 1/\lambda^2",
        _estimators("exponential", ("mle", lambda s: 1.0 / s.mean(axis=1), False, 1.0),
                    ("unbiased", lambda s: (s.shape[1] - 1) / (s.shape[1] * s.mean(axis=1)), True, 1.0)), "scale"),
    "cauchy": Model(
        "cauchy", "θ", 0.0, (-10.0, 10.0), 0.5,
        lambda t, shape, rng: t + rng.standard_cauchy(size=shape), lambda t: 0.5, r"I(\theta) = 1/2",
        _estimators("cauchy", ("median", _median, True, math.pi**2 / 8), ("mean", _mean, True, None)), "location"),
}
MODEL_KEYS: tuple[str, ...] = tuple(MODELS)


def get_model(key: str) -> Model:
    if key not in MODELS:
        raise ValueError(f"model must be one of {', '.join(MODEL_KEYS)}; got {key!r}")
    return MODELS[key]


def validate_theta(model: Model, theta: float) -> float:
    return require_in_range(model.symbol, theta, *model.theta_range)


# ----------------------------------------------------------------------------------------------
# Simulation
# ----------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class EstimatorStats:
    estimator: Estimator
    n: int
    estimates: np.ndarray
    theta: float
    information: float

    @property
    def mean(self) -> float:
        return float(self.estimates.mean())

    @property
    def variance(self) -> float:
        return float(self.estimates.var(ddof=1))

    @property
    def bias(self) -> float:
        return self.mean - self.theta

    @property
    def mse(self) -> float:
        return float(np.mean((self.estimates - self.theta) ** 2))

    @property
    def bound(self) -> float:
        return 1.0 / (self.n * self.information)

    @property
    def bound_sd(self) -> float:
        return math.sqrt(self.bound)

    @property
    def spread(self) -> float:
        """What the bound is compared with: the variance of an unbiased estimator; the MSE of a biased one,
        since the bound 1/(nI) holds only for unbiased estimators and a biased one's variance can sit below
        it while its MSE (bias² + variance) does not (docs/maths.md §6)."""
        return self.variance if self.estimator.unbiased else self.mse

    @property
    def efficiency(self) -> float:
        """Cramér–Rao bound / spread (1 = attains the bound; for a biased estimator, by its MSE)."""
        return self.bound / self.spread

    @property
    def variance_relative_error(self) -> float:
        """Relative sd of the sample variance of the R estimates: sqrt((κ − (R − 3)/(R − 1)) / R), with κ the
        estimates' kurtosis (m4/m2²). Normal estimates (κ = 3) give about sqrt(2/(R − 1)); heavier tails,
        such as a variance estimator's at small n, give more."""
        r = self.estimates.size
        centred = self.estimates - self.estimates.mean()
        m2 = float(np.mean(centred**2))
        if m2 == 0.0:
            return 0.0
        kurtosis = float(np.mean(centred**4)) / m2**2
        return math.sqrt(max(kurtosis - (r - 3) / (r - 1), 0.0) / r)

    @property
    def scaled_variance(self) -> float:
        """n Var I(theta): 1 for an efficient estimator."""
        return self.n * self.variance * self.information

    @property
    def scaled_spread(self) -> float:
        """n I(theta) times the spread (the MSE for a biased estimator): what is compared with 1."""
        return self.n * self.spread * self.information


# Where each family's one simulation is run, and how its estimates move to another theta.
_CANONICAL_THETA = {"location": 0.0, "scale": 1.0}
_FROM_CANONICAL: dict[str, Callable[[np.ndarray, float], np.ndarray]] = {
    "location": lambda estimates, theta: estimates + theta,
    "scale": lambda estimates, theta: estimates * theta,
}


@functools.lru_cache(maxsize=48)  # at most 48 x 3 x 10,000 float64 estimates: about 12 MB
def _estimates(model_key: str, theta: float, n: int, reps: int, seed: int) -> tuple[np.ndarray, ...]:
    """Every estimator of the model on `reps` seeded samples of size n (the same samples for all)."""
    model = MODELS[model_key]
    rng = np.random.default_rng([seed, 12, n])
    rows = max(1, (1 << 21) // n)  # about 16 MB of draws at a time
    chunks = [model.draw(theta, (min(rows, reps - start), n), rng) for start in range(0, reps, rows)]
    estimates = tuple(np.concatenate([e.compute(chunk) for chunk in chunks]) for e in model.estimators)
    for array in estimates:
        array.flags.writeable = False  # shared by every caller through the cache
    return estimates


def simulate(model: Model, theta: float, n: int, reps: int, seed: int) -> list[EstimatorStats]:
    """`reps` seeded samples of size n, every estimator applied to the same samples.

    For a location or scale family the samples at theta are the samples at the canonical
    theta (0 or 1) shifted or scaled, draw for draw, and so are the estimates: so they are simulated
    once there and moved, and a move of theta costs no simulation. Up to rounding (1e-15 relative)
    this gives the numbers that simulating at theta with the same seed gives.
    """
    theta = validate_theta(model, theta)
    n = int(require_in_range("n", n, 5, 10_000))
    reps = int(require_in_range("reps", reps, 100, MAX_REPS))
    seed = int(require_in_range("seed", seed, 0, 2**32 - 1))
    info = model.information(theta)
    if model.family is None:
        estimates = _estimates(model.key, theta, n, reps, seed)
    else:
        canonical = _estimates(model.key, _CANONICAL_THETA[model.family], n, reps, seed)
        estimates = tuple(_FROM_CANONICAL[model.family](e, theta) for e in canonical)
    return [EstimatorStats(estimator, n, values, theta, info) for estimator, values in zip(model.estimators, estimates)]


def best_estimator(results: list[EstimatorStats]) -> EstimatorStats:
    """The unbiased estimator closest to the bound (smallest n Var I) among those with a finite variance: the
    bound is a statement about unbiased estimators, so only they are ranked by it (every model has one)."""
    return min((r for r in results if r.estimator.asymptote is not None and r.estimator.unbiased),
               key=lambda r: r.scaled_variance)


def efficiency_curves(model: Model, theta: float, reps: int, seed: int,
                      ns: tuple[int, ...] = N_GRID) -> dict[str, list[EstimatorStats]]:
    """For each estimator, its statistics at every n in `ns`."""
    curves: dict[str, list[EstimatorStats]] = {e.key: [] for e in model.estimators}
    for n in ns:
        for result in simulate(model, theta, n, reps, seed):
            curves[result.estimator.key].append(result)
    return curves


# ----------------------------------------------------------------------------------------------
# The log-likelihood and score of one large sample
# ----------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class LikelihoodCurve:
    theta: np.ndarray
    loglik: np.ndarray
    score: np.ndarray
    mle: float
    observed_information: float   # -l''(mle), by central differences
    expected_information: float   # N I(mle)
    n: int
    method: str                   # SWEEP_STATISTICS, SUFFICIENT_STATISTIC or POINT_BY_POINT
    backend: sweep.BackendInfo | None = None      # what ran the sweep (SWEEP_STATISTICS)


# How a log-likelihood curve is computed (the page words them: concepts/fisher/explain.py).
SWEEP_STATISTICS, SUFFICIENT_STATISTIC, POINT_BY_POINT = "sweep-statistics", "sufficient-statistic", "point-by-point"


def _loglik_function(model: Model, x: np.ndarray) -> tuple[Callable[[np.ndarray], np.ndarray], float, str]:
    """(theta -> total log-likelihood, the MLE, how it is computed) for one sample x."""
    n = x.size
    if model.key in ("normal-mean", "normal-variance"):
        suff = sweep.gaussian_sufficient_stats(x)
        if model.key == "normal-mean":
            return (lambda t: sweep.gaussian_loglik_from_stats(suff, t, np.ones_like(t))), suff.mean, SWEEP_STATISTICS
        second_moment = suff.variance + suff.mean**2  # (1/n) sum x^2: the MLE of sigma^2 when mu = 0
        return ((lambda t: sweep.gaussian_loglik_from_stats(suff, np.zeros_like(t), np.sqrt(t))), second_moment,
                SWEEP_STATISTICS)
    total = float(x.sum())
    if model.key == "bernoulli":
        mle = min(max(total / n, 1e-9), 1 - 1e-9)
        return (lambda t: total * np.log(t) + (n - total) * np.log1p(-t)), mle, SUFFICIENT_STATISTIC
    if model.key == "poisson":
        constant = float(special.gammaln(x + 1.0).sum())
        return (lambda t: total * np.log(t) - n * t - constant), total / n, SUFFICIENT_STATISTIC
    if model.key == "exponential":
        return (lambda t: n * np.log(t) - t * total), n / total, SUFFICIENT_STATISTIC

    def cauchy(t: np.ndarray) -> np.ndarray:
        t = np.atleast_1d(np.asarray(t, dtype=np.float64))
        out = np.empty(t.size)
        for i, value in enumerate(t):
            out[i] = -n * math.log(math.pi) - np.log1p((x - value) ** 2).sum()
        return out

    median = float(np.median(x))
    refine = optimize.minimize_scalar(lambda t: -cauchy(np.array([t]))[0], bracket=(median - 0.1, median + 0.1))
    return cauchy, float(refine.x), POINT_BY_POINT


def likelihood_curve(model: Model, theta: float, big_n: int, seed: int, points: int = 201) -> LikelihoodCurve:
    """Log-likelihood and score over theta for one seeded sample of size big_n."""
    theta = validate_theta(model, theta)
    cap = CAUCHY_MAX_BIG_N if model.key == "cauchy" else max(BIG_N_OPTIONS)
    big_n = int(require_in_range("N", big_n, 100, cap))
    seed = int(require_in_range("seed", seed, 0, 2**32 - 1))
    if model.key == "cauchy":
        # No sufficient statistic, so the curve costs O(N x grid). But the sample at theta is the
        # sample at 0 plus theta, and the curve (on a grid around the MLE) just moves with it:
        # computed once per sample at theta = 0, a move of theta is free.
        at_zero = _cauchy_curve_at_zero(big_n, seed, points)
        return dataclasses.replace(at_zero, theta=at_zero.theta + theta, mle=at_zero.mle + theta)
    return _likelihood_curve(model, theta, big_n, seed, points)


@functools.lru_cache(maxsize=16)
def _cauchy_curve_at_zero(big_n: int, seed: int, points: int) -> LikelihoodCurve:
    return _likelihood_curve(MODELS["cauchy"], 0.0, big_n, seed, points)


def _likelihood_curve(model: Model, theta: float, big_n: int, seed: int, points: int) -> LikelihoodCurve:
    x = model.draw(theta, (big_n,), np.random.default_rng([seed, 13]))
    loglik, mle, method = _loglik_function(model, x)
    width = 6.0 / math.sqrt(big_n * model.information(mle))
    low, high = model.theta_range
    grid = np.linspace(max(mle - width, low if model.key != "cauchy" else -np.inf),
                       min(mle + width, high if model.key != "cauchy" else np.inf), points)
    if model.key in ("bernoulli", "normal-variance", "poisson", "exponential"):
        grid = grid[grid > 0]
        if model.key == "bernoulli":
            grid = grid[grid < 1]
    values = loglik(grid)
    step = width * 1e-3
    around = loglik(np.array([mle - step, mle, mle + step]))
    observed = float(-(around[0] - 2.0 * around[1] + around[2]) / (step * step))
    return LikelihoodCurve(grid, values, np.gradient(values, grid), mle, observed,
                           big_n * model.information(mle), big_n, method,
                           sweep.backend_info() if method == SWEEP_STATISTICS else None)


@dataclass(frozen=True)
class BoundCurve:
    """The normal the Cramér–Rao bound allows an unbiased estimator at n: N(θ, 1/(n I(θ))), on θ ± 5 of its
    standard deviations (the window /fisher's sampling figure shows)."""
    x: np.ndarray
    density: np.ndarray
    peak: float             # its density at θ, 1 / (sd √(2π)) (the grid need not hold θ itself)


def bound_curve(result: EstimatorStats, points: int = 300) -> BoundCurve:
    sd = math.sqrt(result.bound)
    x = np.linspace(result.theta - 5 * sd, result.theta + 5 * sd, points)
    return BoundCurve(x, stats.norm.pdf(x, result.theta, sd), 1.0 / (sd * math.sqrt(2.0 * math.pi)))
