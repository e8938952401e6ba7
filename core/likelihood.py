"""Maximum likelihood for a Gaussian at scale: the data, the closed-form MLE, the log-likelihood
surface over (μ, σ), its curvature (the observed information) and how it sharpens with N
(docs/maths.md §9). Every total goes through `core.sweep`, so a million points cost one pass.

    ℓ(μ, σ) = −N log σ − (N/2) log 2π − [SS + N (x̄ − μ)²] / (2σ²)
    μ̂ = x̄,  σ̂² = SS / N,  ℓ(μ̂, σ̂) = −N log σ̂ − (N/2)(log 2π + 1)
    J(μ̂, σ̂) = −∇²ℓ = diag(N/σ̂², 2N/σ̂²)  (standard errors σ̂/√N and σ̂/√(2N))
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import torch
from scipy import optimize, special, stats

from core import sweep
from core.constants import LOG_2PI
from core.validation import InputError, parse_numbers, require_in_range
from i18n import lazy_text

SOURCES = ("normal", "bimodal", "pasted")
N_OPTIONS = (10, 100, 1_000, 10_000, 100_000, 1_000_000, 10_000_000, 100_000_000)
MAX_CPU_N = 10_000_000          # 80 MB of float64; 10^8 points only where a GPU holds them
MAX_PASTED = 10_000_000

# The simulated sources: a normal, and an even mixture of two narrow normals that no single normal
# fits well (its MLE is still the sample mean and sd, but the density it describes is wrong).
NORMAL_LOC, NORMAL_SCALE = 1.0, 2.0
BIMODAL_WEIGHTS = np.array([0.5, 0.5])
BIMODAL_LOC = np.array([-2.0, 2.0])
BIMODAL_SCALE = np.array([0.6, 0.6])

# Likelihood-ratio levels: a region {ℓ ≥ ℓ̂ − q/2} with q the chi-squared quantile covers the
# truth with the stated probability for large N (Wilks).
CHI2_1_95 = float(stats.chi2.ppf(0.95, 1))                     # 3.8415: one parameter, 95%
# Two parameters: the regions a normal's "1, 2, 3 sigma" cover, p = 2Φ(k) − 1 (68.27, 95.45, 99.73%).
JOINT_LEVELS = tuple(float(2 * stats.norm.cdf(k) - 1) for k in (1, 2, 3))
JOINT_DROPS = tuple(float(stats.chi2.ppf(p, 2)) / 2 for p in JOINT_LEVELS)


def sample_size_used(n: int, gpu: bool | None = None) -> int:
    """N as asked, or MAX_CPU_N where no GPU holds 10^8 points (`gpu`: None asks torch)."""
    if gpu is None:
        gpu = torch.cuda.is_available()
    return n if gpu else min(n, MAX_CPU_N)


def validate_n(n: int) -> int:
    return int(require_in_range("n", n, 1, N_OPTIONS[-1]))


def simulate(source: str, n: int, seed: int) -> np.ndarray:
    """N seeded float64 draws from a simulated source ("normal" or "bimodal")."""
    n = validate_n(n)
    seed = int(require_in_range("seed", seed, 0, 2**32 - 1))
    rng = np.random.default_rng([seed, 16])
    if source == "normal":
        return NORMAL_LOC + NORMAL_SCALE * rng.standard_normal(n)
    if source == "bimodal":
        second = rng.random(n) >= BIMODAL_WEIGHTS[0]
        return BIMODAL_LOC[second.astype(np.int64)] + BIMODAL_SCALE[0] * rng.standard_normal(n)
    raise ValueError(f"source must be one of normal, bimodal (simulated); got {source!r}")


def true_log_density(source: str, x: np.ndarray) -> np.ndarray:
    """log p(x) under the simulated source's own distribution (not the fitted normal).

    Written out in numpy rather than through scipy.stats.norm.logpdf, whose per-element overhead
    made this 0.8 s for 10^7 points (now about 0.1 s)."""
    if source == "normal":
        return per_point_log_density(x, NORMAL_LOC, NORMAL_SCALE)
    if source == "bimodal":
        terms = [math.log(w) + per_point_log_density(x, m, s) for w, m, s in zip(BIMODAL_WEIGHTS, BIMODAL_LOC,
                                                                                   BIMODAL_SCALE)]
        return np.logaddexp(*terms)
    raise ValueError(f"{source!r} has no known density")


def source_moments(source: str) -> tuple[float, float]:
    """The simulated source's mean and sd: where μ̂ and σ̂ converge, and the fixed window's centre."""
    if source == "normal":
        return NORMAL_LOC, NORMAL_SCALE
    mean = float(BIMODAL_WEIGHTS @ BIMODAL_LOC)
    second = float(BIMODAL_WEIGHTS @ (BIMODAL_SCALE**2 + BIMODAL_LOC**2))
    return mean, math.sqrt(second - mean**2)


def parse_data(text: str) -> np.ndarray:
    """Pasted or uploaded numbers: at least 2, not all equal (ValueError names a bad token)."""
    return parse_numbers(text, max_values=MAX_PASTED, min_values=2,
                         purpose=lazy_text("to fit a normal (with one point, or all equal, σ̂ = 0 and ℓ is unbounded)"))


@dataclass(frozen=True)
class Fit:
    """The Gaussian MLE of one data set and the curvature of ℓ at it."""

    stats: sweep.GaussianStats
    mu: float
    sigma: float
    max_loglik: float
    observed_information: np.ndarray     # (2, 2): −∇²ℓ at (μ̂, σ̂) by central differences
    backend: sweep.BackendInfo           # what computed the statistics pass

    @property
    def n(self) -> int:
        return self.stats.count

    @property
    def closed_form_information(self) -> np.ndarray:
        """N × I(μ, σ) at σ̂: diag(N/σ̂², 2N/σ̂²), what the numerical Hessian must reproduce."""
        return np.diag([self.n / self.sigma**2, 2 * self.n / self.sigma**2])

    @property
    def standard_errors(self) -> tuple[float, float]:
        """(se μ̂, se σ̂) from the inverse observed information."""
        inverse = np.linalg.inv(self.observed_information)
        return math.sqrt(inverse[0, 0]), math.sqrt(inverse[1, 1])


def loglik(stats_: sweep.GaussianStats, mu, sigma) -> np.ndarray:
    """ℓ(μ, σ) for arrays of settings, from the sufficient statistics (core.sweep's closed form)."""
    return sweep.gaussian_loglik_from_stats(stats_, np.ravel(mu), np.ravel(sigma)).reshape(np.shape(mu))


def observed_information(stats_: sweep.GaussianStats, mu: float, sigma: float) -> np.ndarray:
    """−∇²ℓ at (μ, σ) by central differences of the total log-likelihood.

    A step of 1e-3 σ: ℓ is a polynomial in μ (exact second differences) and smooth in σ, where the
    truncation error is O(h²) ≈ 1e-6 relative; rounding costs ε|ℓ|/h² ≈ 1e-10 relative.
    """
    h = 1e-3 * sigma
    offsets = np.array([-h, 0.0, h])
    m, s = np.meshgrid(mu + offsets, sigma + offsets, indexing="ij")
    values = loglik(stats_, m, s)
    d_mm = (values[2, 1] - 2 * values[1, 1] + values[0, 1]) / h**2
    d_ss = (values[1, 2] - 2 * values[1, 1] + values[1, 0]) / h**2
    d_ms = (values[2, 2] - values[2, 0] - values[0, 2] + values[0, 0]) / (4 * h**2)
    return -np.array([[d_mm, d_ms], [d_ms, d_ss]])


def fit(x, backend: str = "auto") -> Fit:
    """The closed-form MLE of a normal to x, and the observed information there."""
    stats_ = sweep.gaussian_sufficient_stats(x, backend)
    if stats_.count < 2:
        raise InputError("need at least 2 points to fit a normal; got {count} (with one point σ̂ = 0 and the "
                         "likelihood grows without bound as σ shrinks)", count=stats_.count)
    if stats_.centred_sum_sq <= 0:
        raise InputError("all the values are equal: σ̂ = 0, so the likelihood grows without bound as σ shrinks "
                         "and there is no maximum")
    sigma = math.sqrt(stats_.variance)
    top = float(loglik(stats_, np.array(stats_.mean), np.array(sigma)))
    return Fit(stats_, stats_.mean, sigma, top, observed_information(stats_, stats_.mean, sigma),
               sweep.backend_info(backend))


@dataclass(frozen=True)
class Surface:
    """ℓ(μ, σ) − ℓ̂ over a grid: rows are σ values, columns μ values (a heatmap's z)."""

    mu: np.ndarray
    sigma: np.ndarray
    relative: np.ndarray
    window: str

    @property
    def sigma_units(self) -> np.ndarray:
        """Each point's drop ℓ̂ − ℓ in "sigma units" k = Φ⁻¹((1 + p)/2), p = 1 − e^(−drop): the 68.3/95.4/99.7%
        regions (drops of −log(1 − p), χ²₂, unevenly spaced) sit at k = 1, 2, 3 (docs/maths.md, likelihood)."""
        drop = -self.relative
        return special.ndtri(np.clip(1.0 - 0.5 * np.exp(-drop), 0.5, 1.0 - 1e-15))


SURFACE_POINTS = 121


def surface_window(result: Fit, window: str, centre: tuple[float, float]) -> tuple[tuple[float, float], ...]:
    """(μ range, σ range). "fixed": the same box at every N, around the source's (or the data's)
    mean and sd, so the peak visibly narrows as N grows; "mle": ±4.5 standard errors around the MLE."""
    if window == "fixed":
        mean, sd = centre
        return (mean - 1.5 * sd, mean + 1.5 * sd), (0.35 * sd, 1.9 * sd)
    if window == "mle":
        se_mu, se_sigma = result.standard_errors
        low_sigma = max(result.sigma - 4.5 * se_sigma, 0.05 * result.sigma)
        return (result.mu - 4.5 * se_mu, result.mu + 4.5 * se_mu), (low_sigma, result.sigma + 4.5 * se_sigma)
    raise ValueError(f"window must be fixed or mle; got {window!r}")


def surface(result: Fit, window: str, centre: tuple[float, float]) -> Surface:
    """The relative log-likelihood over a SURFACE_POINTS² grid: one closed-form sweep, O(G)."""
    (mu_low, mu_high), (sigma_low, sigma_high) = surface_window(result, window, centre)
    mu = np.linspace(mu_low, mu_high, SURFACE_POINTS)
    sigma = np.linspace(sigma_low, sigma_high, SURFACE_POINTS)
    m, s = np.meshgrid(mu, sigma)
    return Surface(mu, sigma, loglik(result.stats, m, s) - result.max_loglik, window)


def profile_drop(stats_: sweep.GaussianStats, mu: float) -> float:
    """ℓ̂ − max over σ of ℓ(μ, σ): how far the profile likelihood of μ falls below its peak."""
    sigma_at_mu = math.sqrt((stats_.centred_sum_sq + stats_.count * (stats_.mean - mu) ** 2) / stats_.count)
    sigma_hat = math.sqrt(stats_.variance)
    return float(loglik(stats_, np.array(stats_.mean), np.array(sigma_hat))
                 - loglik(stats_, np.array(mu), np.array(sigma_at_mu)))


@dataclass(frozen=True)
class Sharpening:
    """The width of μ's 95% likelihood interval for the first n points, n = 10, 100, …, N."""

    n: np.ndarray
    half_width: np.ndarray       # from the profile likelihood, found by root finding
    wald_half_width: np.ndarray  # 1.96 σ̂/√n from the curvature: the two agree as n grows

    @property
    def slope(self) -> float | None:
        """The log-log slope of half-width against n over the largest decades: −1/2 for 1/√n (None
        with a single size)."""
        if self.n.size < 2:
            return None
        tail = slice(max(0, self.n.size - 3), None)
        return float(np.polyfit(np.log(self.n[tail]), np.log(self.half_width[tail]), 1)[0])


def interval_half_width(stats_: sweep.GaussianStats) -> float:
    """Half-width of {μ: profile drop ≤ χ²₁(0.95)/2} (symmetric about x̄), by Brent's method."""
    target = CHI2_1_95 / 2
    sd = math.sqrt(stats_.variance)
    upper = sd * 10.0  # the drop at x̄ + 10 sd is n/2 log 101 > 1.92 for every n ≥ 2
    return optimize.brentq(lambda d: profile_drop(stats_, stats_.mean + d) - target, 0.0, upper, xtol=1e-14 * sd,
                           rtol=1e-12)


def sharpening(x: np.ndarray) -> Sharpening:
    """How the likelihood narrows as the same data grow: prefixes of 10, 100, … points up to N."""
    sizes = [n for n in (10**k for k in range(1, 10)) if n < x.size] + [x.size]
    rows = []
    for n in sizes:
        stats_ = sweep.gaussian_sufficient_stats(x[:n], "torch")
        if stats_.centred_sum_sq > 0:  # a prefix of equal values has no interval
            rows.append((n, interval_half_width(stats_), math.sqrt(CHI2_1_95 * stats_.variance / n)))
    n, widths, wald = (np.array(column) for column in zip(*rows))
    return Sharpening(n, widths, wald)


def mean_loglik_gap(source: str, x: np.ndarray, result: Fit) -> tuple[float, float]:
    """(mean log p_true, mean log q̂) per point: their difference estimates KL(p ‖ q̂) ≥ 0, which the
    MLE minimises over the normal family (positive for the bimodal source; for the normal source it
    is about −1/N: in-sample, the fitted two parameters beat the truth).

    The normal truth's mean log-density comes from the sufficient statistics (O(1)); the mixture's
    is summed in torch (one threaded pass; numpy's temporaries made it 0.4 s for 10^7 points)."""
    fitted = result.max_loglik / result.n
    if source == "normal":
        return float(loglik(result.stats, np.array(NORMAL_LOC), np.array(NORMAL_SCALE))) / result.n, fitted
    if source == "bimodal":
        data = torch.from_numpy(np.ascontiguousarray(x, dtype=np.float64))
        terms = [math.log(w) - math.log(s) - 0.5 * LOG_2PI - 0.5 * ((data - m) / s) ** 2
                 for w, m, s in zip(BIMODAL_WEIGHTS, BIMODAL_LOC, BIMODAL_SCALE)]
        return float(torch.logaddexp(*terms).mean()), fitted
    raise ValueError(f"{source!r} has no known density")


def per_point_log_density(x: np.ndarray, mu: float, sigma: float) -> np.ndarray:
    """log N(xᵢ | μ, σ) in float64 (used by the stability demo and its tests)."""
    z = (x - mu) / sigma
    return -math.log(sigma) - 0.5 * LOG_2PI - 0.5 * z * z


# The data figure's histogram: at most this many bins, about two per √N.
DATA_BINS = 120


@dataclass(frozen=True)
class DataPicture:
    """What /likelihood's data figure draws: the histogram (bin centres, density heights, bin width) over the
    data's central range, and on a grid across it the fitted normal's density and, for a source whose law is
    known, the true density (None otherwise)."""
    centres: np.ndarray
    density: np.ndarray
    width: float
    grid: np.ndarray
    fitted: np.ndarray
    truth: np.ndarray | None


def data_picture(x: np.ndarray, fit: Fit, source: str) -> DataPicture:
    # The plotted range from the first 10^5 points (the data are i.i.d. or the reader's own order):
    # a percentile of 10^7 points sorts them all, 0.2 s for an axis range.
    head = x[:100_000]
    low, high = np.percentile(head, [0.05, 99.95]) if head.size > 2000 else (head.min(), head.max())
    pad = 0.05 * (high - low)
    bins = int(np.clip(2 * math.sqrt(x.size), 6, DATA_BINS))  # about two per √N: no comb of single points
    counts, edges = np.histogram(x, bins=bins, range=(low - pad, high + pad))
    width = float(edges[1] - edges[0])
    grid = np.linspace(edges[0], edges[-1], 400)
    truth = np.exp(true_log_density(source, grid)) if source in ("normal", "bimodal") else None
    return DataPicture(0.5 * (edges[:-1] + edges[1:]), counts / (x.size * width), width, grid,
                       np.exp(per_point_log_density(grid, fit.mu, fit.sigma)), truth)
