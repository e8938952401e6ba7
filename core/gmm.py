"""One Gaussian against a K-component mixture (docs/maths.md §4).

Mixture log-likelihood: sum_i logsumexp_k (log pi_k + log N(x_i | mu_k, sigma_k)), no closed-form MLE.
EM: E-step responsibilities r_ik = pi_k N_k(x_i) / sum_j pi_j N_j(x_i); M-step weighted weights,
means and variances. Each step never lowers the log-likelihood. A variance floor (a fraction of the
data's variance) stops a component from collapsing onto one point, where the likelihood is
unbounded; clamping the variance at the floor is the constrained M-step, so monotonicity holds.
Model comparison: BIC = k ln N - 2 l and AIC = 2k - 2 l, with k = 3K - 1 free parameters.
"""

from __future__ import annotations

import math
import time
from dataclasses import dataclass

import numpy as np
from scipy import stats

from core import sweep, validation
from core.constants import LOG_2PI
from core.validation import InputError, require_in_range
from i18n import lazy_text

MAX_POINTS = 100_000
MAX_K = 4
_BATCH_ELEMENTS = 20_000  # restarts x components x points advanced together by EM (run_em_restarts)
VARIANCE_FLOOR = 1e-4  # as a fraction of the data's variance: sd floor = 1% of the data's sd


@dataclass(frozen=True)
class Mixture:
    weights: np.ndarray
    loc: np.ndarray
    scale: np.ndarray

    @property
    def k(self) -> int:
        return self.weights.size

    def sorted(self) -> "Mixture":
        """Components ordered by mean, so two fits can be compared despite label switching."""
        order = np.argsort(self.loc)
        return Mixture(self.weights[order], self.loc[order], self.scale[order])


def parameter_count(k: int) -> int:
    """Free parameters of a 1-D K-component mixture: K means, K variances, K - 1 weights."""
    return 3 * k - 1


def _log_terms(x: np.ndarray, weights: np.ndarray, loc: np.ndarray, scale: np.ndarray) -> np.ndarray:
    """(..., K, N) log pi_k + log N(x_i | mu_k, sigma_k) for parameters of shape (..., K): one
    contiguous row per component, so the reductions over components below run along memory (about
    4x faster than over (N, K) columns). A leading axis holds several mixtures (EM's restarts)."""
    with np.errstate(divide="ignore"):
        offset = np.log(weights) - np.log(scale) - 0.5 * LOG_2PI
    z = (x - loc[..., None]) / scale[..., None]
    return offset[..., None] - 0.5 * z * z


def _log_terms_by_component(x: np.ndarray, mixture: Mixture) -> np.ndarray:
    """(K, N) log pi_k + log N(x_i | mu_k, sigma_k) for one mixture."""
    return _log_terms(x, mixture.weights, mixture.loc, mixture.scale)


def _log_normaliser(log_terms: np.ndarray) -> np.ndarray:
    """(..., N) log sum_k exp(log_terms[..., k, i]), shifted by the maximum over k so nothing
    overflows. Written out rather than scipy.special.logsumexp: for a handful of components this
    is several times faster, and EM calls it once per iteration on every point."""
    top = log_terms.max(axis=-2)
    return top + np.log(np.exp(log_terms - top[..., None, :]).sum(axis=-2))


def loglik(x: np.ndarray, mixture: Mixture) -> float:
    return float(_log_normaliser(_log_terms_by_component(x, mixture)).sum())


def responsibilities(x: np.ndarray, mixture: Mixture) -> np.ndarray:
    """(N, K) posterior probabilities that point i came from component k."""
    log_terms = _log_terms_by_component(x, mixture)
    return np.exp(log_terms - _log_normaliser(log_terms)).T


# ----------------------------------------------------------------------------------------------
# Data
# ----------------------------------------------------------------------------------------------


def simulate_mixture(separation: float, weight: float, sd1: float, sd2: float, n: int, seed: int) -> np.ndarray:
    """n seeded draws from weight N(-sep/2, sd1^2) + (1 - weight) N(+sep/2, sd2^2)."""
    separation = require_in_range("separation", separation, 0.0, 50.0)
    weight = require_in_range("weight", weight, 0.01, 0.99)
    sd1 = require_in_range("sd1", sd1, 0.05, 20.0)
    sd2 = require_in_range("sd2", sd2, 0.05, 20.0)
    n = int(require_in_range("n", n, 10, MAX_POINTS))
    seed = int(require_in_range("seed", seed, 0, 2**32 - 1))
    rng = np.random.default_rng([seed, 8])
    first = rng.random(n) < weight
    return np.where(first, rng.normal(-separation / 2, sd1, n), rng.normal(separation / 2, sd2, n))


def true_mixture(separation: float, weight: float, sd1: float, sd2: float) -> Mixture:
    return Mixture(np.array([weight, 1 - weight]), np.array([-separation / 2, separation / 2]), np.array([sd1, sd2]))


def parse_numbers(text: str, max_values: int = MAX_POINTS) -> np.ndarray:
    """Pasted numbers for a mixture fit (at least 10, not all equal); ValueError names the line."""
    return validation.parse_numbers(text, max_values=max_values, min_values=10, purpose=lazy_text("to fit a mixture"))


# ----------------------------------------------------------------------------------------------
# Fits
# ----------------------------------------------------------------------------------------------


def fit_single(x: np.ndarray) -> Mixture:
    """The single-Gaussian MLE: the sample mean and the biased (divide-by-N) sd."""
    return Mixture(np.array([1.0]), np.array([x.mean()]), np.array([x.std()]))


MAX_ITER = 300  # EM stops here if the log-likelihood has not settled (the /gmm page says so)


@dataclass(frozen=True)
class EmRun:
    """One EM run: the parameters after every iteration (index 0 = the start) and the log-likelihood."""

    history: tuple[Mixture, ...]
    logliks: np.ndarray
    converged: bool

    @property
    def final(self) -> Mixture:
        return self.history[-1]


@dataclass(frozen=True)
class EmFit:
    best: EmRun
    restarts: tuple[EmRun, ...]   # every run, best included
    k: int

    @property
    def mixture(self) -> Mixture:
        return self.best.final

    @property
    def loglik(self) -> float:
        return float(self.best.logliks[-1])


def _initial(x: np.ndarray, k: int, rng: np.random.Generator) -> Mixture:
    """Means at k distinct data points (seeded), equal weights, every sd equal to the data's."""
    loc = rng.choice(x, size=k, replace=False)
    return Mixture(np.full(k, 1.0 / k), loc.astype(np.float64), np.full(k, x.std()))


def _m_step(x: np.ndarray, r: np.ndarray, variance_floor: float) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(weights, loc, scale), each (..., K), from (..., K, N) responsibilities."""
    counts = np.maximum(r.sum(axis=-1), 1e-12)  # an empty component keeps a finite (if meaningless) mean
    loc = (r @ x) / counts
    centred = x - loc[..., None]
    variance = np.einsum("...kn,...kn->...k", r, centred * centred) / counts
    return counts / x.size, loc, np.sqrt(np.maximum(variance, variance_floor))


def run_em(x: np.ndarray, start: Mixture, max_iter: int = MAX_ITER, tol: float = 1e-9) -> EmRun:
    return run_em_restarts(x, [start], max_iter, tol)[0]


def run_em_restarts(x: np.ndarray, starts: list[Mixture], max_iter: int = MAX_ITER,
                    tol: float = 1e-9) -> list[EmRun]:
    """EM from each start. On small data several restarts advance together as one (R, K, N) array
    per step, so numpy's per-call cost is paid once per iteration rather than once per restart
    (1.4-1.9x faster for N <= 2,000); on large data a batch only adds cache misses (measured 1.5x
    slower at N = 10,000), so batches are capped at _BATCH_ELEMENTS values."""
    per_batch = max(1, _BATCH_ELEMENTS // (starts[0].k * x.size))
    return [run for first in range(0, len(starts), per_batch)
            for run in _em_batch(x, starts[first:first + per_batch], max_iter, tol)]


def _em_batch(x: np.ndarray, starts: list[Mixture], max_iter: int, tol: float) -> list[EmRun]:
    """EM for each start, advanced together. Each run stops on its own when its log-likelihood
    changes by at most `tol` relative, and then leaves the batch."""
    floor = VARIANCE_FLOOR * float(x.var())
    weights, loc, scale = (np.stack([getattr(s, name) for s in starts]).astype(np.float64)
                           for name in ("weights", "loc", "scale"))
    # One pass over the data per iteration: the log-densities that give each mixture's
    # log-likelihood also give the responsibilities for the next M-step.
    log_terms = _log_terms(x, weights, loc, scale)
    log_norm = _log_normaliser(log_terms)
    histories = [[start] for start in starts]
    logliks = [[float(total)] for total in log_norm.sum(axis=-1)]
    converged = [False] * len(starts)
    active = np.arange(len(starts))  # runs still iterating, in the batch's row order
    for _ in range(max_iter):
        weights, loc, scale = _m_step(x, np.exp(log_terms - log_norm[:, None, :]), floor)
        log_terms = _log_terms(x, weights, loc, scale)
        log_norm = _log_normaliser(log_terms)
        totals = log_norm.sum(axis=-1)
        keep = np.ones(active.size, dtype=bool)
        for row, run in enumerate(active):
            histories[run].append(Mixture(weights[row].copy(), loc[row].copy(), scale[row].copy()))
            logliks[run].append(float(totals[row]))
            if abs(logliks[run][-1] - logliks[run][-2]) <= tol * abs(logliks[run][-2]):
                converged[run], keep[row] = True, False
        if not keep.all():
            active, log_terms, log_norm = active[keep], log_terms[keep], log_norm[keep]
        if active.size == 0:
            break
    return [EmRun(tuple(h), np.array(ll), c) for h, ll, c in zip(histories, logliks, converged)]


def fit_em(x: np.ndarray, k: int, seed: int, restarts: int = 5) -> EmFit:
    """EM from `restarts` seeded starts; the best final log-likelihood wins."""
    k = int(require_in_range("K", k, 1, MAX_K))
    restarts = int(require_in_range("restarts", restarts, 1, 20))
    seed = int(require_in_range("seed", seed, 0, 2**32 - 1))
    if np.unique(x).size < k:
        raise InputError("K must be at most the number of distinct values ({distinct}); got {k}",
                         distinct=np.unique(x).size, k=k)
    rng = np.random.default_rng([seed, 9, k])
    runs = tuple(run_em_restarts(x, [_initial(x, k, rng) for _ in range(restarts)]))
    best = max(runs, key=lambda run: run.logliks[-1])
    return EmFit(best, runs, k)


@dataclass(frozen=True)
class Comparison:
    n: int
    single_loglik: float
    mixture_loglik: float
    k: int

    @property
    def gap(self) -> float:
        return self.mixture_loglik - self.single_loglik

    def bic(self, k: int, value: float) -> float:
        return parameter_count(k) * math.log(self.n) - 2.0 * value

    def aic(self, k: int, value: float) -> float:
        return 2.0 * parameter_count(k) - 2.0 * value

    @property
    def bic_single(self) -> float:
        return self.bic(1, self.single_loglik)

    @property
    def bic_mixture(self) -> float:
        return self.bic(self.k, self.mixture_loglik)

    @property
    def aic_single(self) -> float:
        return self.aic(1, self.single_loglik)

    @property
    def aic_mixture(self) -> float:
        return self.aic(self.k, self.mixture_loglik)

    @property
    def bic_gain(self) -> float:
        """BIC(one Gaussian) − BIC(mixture): positive favours the mixture."""
        return self.bic_single - self.bic_mixture


# Kass and Raftery's (1995) reading of a BIC difference, strongest first: (more than, strength); the page words
# each strength (concepts/gmm/explain.py).
BIC_EVIDENCE: tuple[tuple[float, str], ...] = ((10.0, "very-strong"), (6.0, "strong"), (2.0, "positive"))


def bic_evidence(gain: float) -> str | None:
    """How strongly a BIC difference favours the mixture ("very-strong", "strong", "positive"), or None."""
    for threshold, strength in BIC_EVIDENCE:
        if gain > threshold:
            return strength
    return None


def compare(x: np.ndarray, fit: EmFit) -> Comparison:
    return Comparison(x.size, loglik(x, fit_single(x)), fit.loglik, fit.k)


# ----------------------------------------------------------------------------------------------
# The likelihood landscape over (mu1, mu2), through core.sweep
# ----------------------------------------------------------------------------------------------

# Point-setting pairs per landscape: sized so a CPU computes one in tens of milliseconds.
CPU_PAIR_BUDGET = 4_000_000
GPU_PAIR_BUDGET = 4_000_000_000


@dataclass(frozen=True)
class Landscape:
    mu1: np.ndarray           # (R,) grid for the first mean
    mu2: np.ndarray           # (R,) grid for the second mean
    loglik: np.ndarray        # (R, R): loglik[j, i] at (mu1[i], mu2[j])
    weights: np.ndarray       # the fixed weights (equal) and scale used
    scale: float
    backend: sweep.BackendInfo
    seconds: float
    points: int               # N, the data size the surface sums over

    @property
    def swept_settings(self) -> int:
        """(mu1, mu2) pairs actually computed: those with mu1 <= mu2; the rest are their mirror image."""
        return self.mu1.size * (self.mu1.size + 1) // 2

    @property
    def maxima(self) -> tuple[tuple[float, float], tuple[float, float]]:
        """The grid's best (mu1, mu2) and its mirror image: label switching makes both optimal."""
        j, i = np.unravel_index(int(np.argmax(self.loglik)), self.loglik.shape)
        best = (float(self.mu1[i]), float(self.mu2[j]))
        return best, (best[1], best[0])


def landscape_resolution(n: int, backend: str) -> int:
    budget = GPU_PAIR_BUDGET if backend == "triton" else CPU_PAIR_BUDGET
    return int(min(400 if backend == "triton" else 80, max(25, math.isqrt(budget // max(n, 1)))))


def likelihood_landscape(x: np.ndarray, fit: EmFit, backend: str = "auto") -> Landscape:
    """Total log-likelihood over a (mu1, mu2) grid with equal weights and one pooled sd.

    Equal weights and a shared sd make the surface exactly symmetric under swapping the means, so
    its two maxima (label switching) are equally high. The pooled sd is the fitted mixture's
    sqrt(sum pi_k sigma_k^2).
    """
    if fit.k != 2:
        raise ValueError(f"the (mu1, mu2) landscape needs K = 2; got K = {fit.k}")
    chosen = sweep.resolve_backend(backend)
    resolution = landscape_resolution(x.size, chosen)
    pad = 0.1 * float(np.ptp(x))
    axis = np.linspace(float(x.min()) - pad, float(x.max()) + pad, resolution)
    # The surface is symmetric, L(mu1, mu2) = L(mu2, mu1), and both means share one axis: only the
    # pairs with mu1 <= mu2 are swept (half the work) and the rest is their mirror image.
    rows, cols = np.triu_indices(resolution)
    loc = np.stack([axis[cols], axis[rows]], axis=1)
    scale = float(np.sqrt(np.sum(fit.mixture.weights * fit.mixture.scale**2)))
    weights = np.full_like(loc, 0.5)
    start = time.perf_counter()
    totals = sweep.gmm_loglik_grid(x, weights, loc, np.full_like(loc, scale), backend=chosen)
    seconds = time.perf_counter() - start
    surface = np.empty((resolution, resolution))
    surface[rows, cols] = totals
    surface[cols, rows] = totals
    return Landscape(axis, axis, surface, np.array([0.5, 0.5]), scale, sweep.backend_info(chosen), seconds,
                     int(x.size))


# ----------------------------------------------------------------------------------------------
# What /gmm's EM figure draws
# ----------------------------------------------------------------------------------------------

EM_HIST_BINS = 60
EM_CURVE_POINTS = 200
# Recolouring the rug is most of what a live EM-iteration move costs: 300 points took 32 ms (median per
# move, bench/bench_live.py), 150 take 24 ms, within the 33 ms budget.
MAX_RUG_POINTS = 150


def component_densities(x_grid: np.ndarray, mixture: Mixture) -> list[np.ndarray]:
    """Each weighted component density on `x_grid`, then the mixture density, as float32 (half the JSON)."""
    # The normal density written out: scipy.stats' per-call overhead, paid K times for every state of
    # the live EM-iteration family, was a fifth of its build time.
    z = (x_grid[None, :] - mixture.loc[:, None]) / mixture.scale[:, None]
    parts = mixture.weights[:, None] * np.exp(-0.5 * z * z) / (mixture.scale[:, None] * math.sqrt(2.0 * math.pi))
    return [part.astype(np.float32) for part in (*parts, parts.sum(axis=0))]


@dataclass(frozen=True)
class EmPicture:
    """What the EM figure shares at every iteration of a fit: the data's histogram, the single Gaussian's density,
    a seeded sample of the points for the rug, and the tallest density any iteration reaches (one y-axis for all)."""
    centres: np.ndarray
    density: np.ndarray
    width: float
    x_grid: np.ndarray
    single_curve: np.ndarray
    rug: np.ndarray
    n: int
    top: float


def em_picture(x: np.ndarray, fit: EmFit, single: Mixture, seed: int) -> EmPicture:
    counts, edges = np.histogram(x, bins=EM_HIST_BINS)
    width = float(edges[1] - edges[0])
    density = counts / (x.size * width)
    x_grid = np.linspace(edges[0], edges[-1], EM_CURVE_POINTS)
    rng = np.random.default_rng([seed, 10])
    rug = np.sort(rng.choice(x, size=min(MAX_RUG_POINTS, x.size), replace=False))
    # The first steps can be taller than the data's histogram.
    top = max(float(density.max()), *(float(component_densities(x_grid, m)[-1].max()) for m in fit.best.history))
    return EmPicture(0.5 * (edges[:-1] + edges[1:]), density, width, x_grid,
                     stats.norm.pdf(x_grid, single.loc[0], single.scale[0]), rug, x.size, top)


@dataclass(frozen=True)
class IterationPicture:
    """One EM iteration as the figure draws it: the weighted components and the mixture on the picture's grid,
    and each rug point's responsibility for component 1 (all ones for K = 1)."""
    curves: list[np.ndarray]
    rug_responsibility: np.ndarray


def iteration_picture(picture: EmPicture, mixture: Mixture) -> IterationPicture:
    colours = responsibilities(picture.rug, mixture)[:, 0] if mixture.k > 1 else np.ones(picture.rug.size)
    return IterationPicture(component_densities(picture.x_grid, mixture), colours)
