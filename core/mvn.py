"""The bivariate normal and conditioning (docs/maths.md §2).

Density through the Cholesky factor L (Sigma = L L^T), never an explicit inverse:
    log N(x | mu, Sigma) = -d/2 log(2 pi) - sum log L_ii - |v|^2 / 2,   v = L^-1 (x - mu)
Conditioning x1 on x2 = a (partition of a 2-D Gaussian):
    mu_1|2    = mu1 + (Sigma12 / Sigma22) (a - mu2)          (the regression line E[x1 | x2])
    Sigma_1|2 = Sigma11 - Sigma12^2 / Sigma22                 (the Schur complement; <= Sigma11)
Ellipses: the k-sigma contour is mu + k L (cos t, sin t); in 2-D it holds 1 - exp(-k^2 / 2).
Concentration of measure: |x| for x ~ N(0, I_d) piles up on a thin shell of radius ~ sqrt(d).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from scipy import linalg, stats

from core.constants import LOG_2PI
from core.validation import InputError, require_in_range

MAX_ABS_MEAN = 100.0
MAX_SD = 100.0
HIGH_DIMENSIONS: tuple[int, ...] = (1, 2, 5, 10, 20, 50, 100, 200, 500, 1000)


def ellipse_probability(radius: float) -> float:
    """P(Mahalanobis distance <= radius) for a 2-D Gaussian: 1 - exp(-r^2 / 2)."""
    return 1.0 - math.exp(-radius * radius / 2.0)


def covariance_matrix(s1: float, s2: float, rho: float) -> np.ndarray:
    """[[s1^2, rho s1 s2], [rho s1 s2, s2^2]] from standard deviations and a correlation."""
    s1 = require_in_range("s1", s1, 1e-6, MAX_SD)
    s2 = require_in_range("s2", s2, 1e-6, MAX_SD)
    rho = require_in_range("rho", rho, -1.0, 1.0)
    off = rho * s1 * s2
    return np.array([[s1 * s1, off], [off, s2 * s2]])


def cholesky(cov: np.ndarray) -> np.ndarray:
    """Lower Cholesky factor, or ValueError saying why the matrix is not positive definite."""
    try:
        factor = np.linalg.cholesky(cov)
    except np.linalg.LinAlgError:
        factor = None
    if factor is None or not np.all(np.isfinite(factor)) or np.min(np.diag(factor)) <= 1e-12 * np.sqrt(
            np.max(np.diag(cov))):
        det = float(np.linalg.det(cov))
        raise InputError("covariance is not positive definite (determinant {det:.3g}); with |rho| = 1 all "
                         "the mass lies on a line, so there is no density; add eps * I to regularise", det=det)
    return factor


def log_density(x: np.ndarray, mean: np.ndarray, cov: np.ndarray) -> np.ndarray:
    """log N(x | mean, cov) for points x of shape (..., d), through a triangular solve."""
    x = np.asarray(x, dtype=np.float64)
    mean = np.asarray(mean, dtype=np.float64)
    factor = cholesky(np.asarray(cov, dtype=np.float64))
    d = mean.size
    diff = (x - mean).reshape(-1, d).T
    v = linalg.solve_triangular(factor, diff, lower=True)
    result = -0.5 * d * LOG_2PI - np.sum(np.log(np.diag(factor))) - 0.5 * np.sum(v * v, axis=0)
    return result.reshape(x.shape[:-1]) if x.ndim > 1 else result[0]


@dataclass(frozen=True)
class Conditioning:
    """Everything about x1 | x2 = a for one bivariate normal (possibly regularised)."""

    mean: np.ndarray          # (mu1, mu2)
    cov: np.ndarray           # the covariance used (regularised when the input was singular)
    observed: float           # a, the observed value of x2
    regularised_by: float     # eps added to the diagonal (0 when the input was positive definite)
    factor: np.ndarray        # Cholesky factor L of cov

    @property
    def gain(self) -> float:
        """Sigma12 / Sigma22: the slope of E[x1 | x2] in x2."""
        return float(self.cov[0, 1] / self.cov[1, 1])

    @property
    def cond_mean(self) -> float:
        return float(self.mean[0] + self.gain * (self.observed - self.mean[1]))

    @property
    def cond_var(self) -> float:
        return float(self.cov[0, 0] - self.cov[0, 1] ** 2 / self.cov[1, 1])

    @property
    def cond_sd(self) -> float:
        return math.sqrt(max(self.cond_var, 0.0))

    @property
    def variance_reduction(self) -> float:
        """1 - Sigma_1|2 / Sigma11 = rho^2: the share of x1's variance that x2 explains."""
        return 1.0 - self.cond_var / float(self.cov[0, 0])

    @property
    def correlation(self) -> float:
        return float(self.cov[0, 1] / math.sqrt(self.cov[0, 0] * self.cov[1, 1]))

    @property
    def log_det(self) -> float:
        return float(2.0 * np.sum(np.log(np.diag(self.factor))))


def condition(mu1: float, mu2: float, s1: float, s2: float, rho: float, observed: float,
              eps: float = 1e-3) -> Conditioning:
    """Condition x1 on x2 = observed. A singular covariance (|rho| = 1) is regularised with eps I
    and reported through `regularised_by`, so the page can say so and keep working."""
    mean = np.array([require_in_range("mu1", mu1, -MAX_ABS_MEAN, MAX_ABS_MEAN),
                     require_in_range("mu2", mu2, -MAX_ABS_MEAN, MAX_ABS_MEAN)])
    observed = require_in_range("x2", observed, -10 * MAX_ABS_MEAN, 10 * MAX_ABS_MEAN)
    eps = require_in_range("eps", eps, 1e-9, 10.0)
    cov = covariance_matrix(s1, s2, rho)
    try:
        return Conditioning(mean, cov, observed, 0.0, cholesky(cov))
    except ValueError:
        regularised = cov + eps * np.eye(2)
        return Conditioning(mean, regularised, observed, eps, cholesky(regularised))


def ellipse(mean: np.ndarray, factor: np.ndarray, radius: float, points: int = 200) -> np.ndarray:
    """(points, 2) on the contour at Mahalanobis distance `radius`: mean + radius L (cos t, sin t)."""
    t = np.linspace(0.0, 2.0 * math.pi, points)
    circle = np.stack([np.cos(t), np.sin(t)])
    return (mean[:, None] + radius * factor @ circle).T


def sample(mean: np.ndarray, factor: np.ndarray, n: int, seed: int) -> np.ndarray:
    """(n, 2) seeded draws mean + L z with z ~ N(0, I)."""
    n = int(require_in_range("samples", n, 1, 100_000))
    seed = int(require_in_range("seed", seed, 0, 2**32 - 1))
    z = np.random.default_rng([seed, 5]).standard_normal((n, 2))
    return mean + z @ factor.T


def conditional_density(cond: Conditioning, x1: np.ndarray) -> np.ndarray:
    return stats.norm.pdf(x1, cond.cond_mean, max(cond.cond_sd, 1e-12))


def marginal_density(cond: Conditioning, x1: np.ndarray) -> np.ndarray:
    return stats.norm.pdf(x1, cond.mean[0], math.sqrt(cond.cov[0, 0]))


@dataclass(frozen=True)
class JointPicture:
    """What the joint figure of one conditioning shows, in data coordinates: the 1σ and 2σ ellipses with the
    share of the distribution each holds, the window (3.3 sd around the mean, and the whole range `observable`
    of x₂ the reader can slide to), the regression line E[x₁ | x₂] across it, and the conditional density
    along the slice at the observed x₂ (its height in x₁'s density units)."""
    ellipses: tuple[tuple[float, float, np.ndarray], ...]   # (radius, probability inside, (200, 2) contour)
    x_range: tuple[float, float]
    y_range: tuple[float, float]
    regression_x1: np.ndarray       # at the window's two x₂ ends (y_range)
    slice_x1: np.ndarray
    slice_density: np.ndarray


def joint_picture(cond: Conditioning, observable: tuple[float, float] | None = None,
                  radii: tuple[float, ...] = (1.0, 2.0)) -> JointPicture:
    """The geometry of /mvn's joint figure for `cond` (docs/maths.md, MVN conditioning)."""
    ellipses = tuple((radius, ellipse_probability(radius), ellipse(cond.mean, cond.factor, radius)) for radius in radii)
    sd1, sd2 = math.sqrt(cond.cov[0, 0]), math.sqrt(cond.cov[1, 1])
    x_low, x_high = cond.mean[0] - 3.3 * sd1, cond.mean[0] + 3.3 * sd1
    low, high = observable or (cond.observed, cond.observed)
    y_low = min(cond.mean[1] - 3.3 * sd2, min(low, cond.observed) - 0.5 * sd2)
    y_high = max(cond.mean[1] + 3.3 * sd2, max(high, cond.observed) + 1.2 * sd2)
    ends = np.array([y_low, y_high])
    x1 = np.linspace(x_low, x_high, 300)
    return JointPicture(ellipses, (x_low, x_high), (y_low, y_high), cond.mean[0] + cond.gain * (ends - cond.mean[1]),
                        x1, conditional_density(cond, x1))


@dataclass(frozen=True)
class DensityCurves:
    """The marginal p(x₁) and the conditional p(x₁ | x₂ = a) on one grid wide enough for both (4 sd of x₁)."""
    x1: np.ndarray
    marginal: np.ndarray
    conditional: np.ndarray


def density_curves(cond: Conditioning, points: int = 500) -> DensityCurves:
    sd1 = math.sqrt(cond.cov[0, 0])
    x1 = np.linspace(min(cond.mean[0], cond.cond_mean) - 4 * sd1, max(cond.mean[0], cond.cond_mean) + 4 * sd1, points)
    return DensityCurves(x1, marginal_density(cond, x1), conditional_density(cond, x1))


@dataclass(frozen=True)
class ShellSummary:
    dimension: int
    norms: np.ndarray          # |x| for each draw
    mean_norm: float
    sd_norm: float

    @property
    def relative_spread(self) -> float:
        """sd|x| / E|x|: the shell's thickness relative to its radius (-> 1/sqrt(2d))."""
        return self.sd_norm / self.mean_norm


def relative_shell_thickness(d: int) -> float:
    """The large-d limit of sd|x| / E|x| for x ~ N(0, I_d): 1 / sqrt(2 d)."""
    return 1.0 / math.sqrt(2.0 * d)


def norm_concentration(dimensions: tuple[int, ...], samples: int, seed: int) -> list[ShellSummary]:
    """Norms of seeded draws from N(0, I_d) for each d: they cluster at sqrt(d) with sd -> 1/sqrt(2)."""
    samples = int(require_in_range("samples", samples, 10, 20_000))
    seed = int(require_in_range("seed", seed, 0, 2**32 - 1))
    summaries = []
    for d in dimensions:
        d = int(require_in_range("d", d, 1, 10_000))
        rng = np.random.default_rng([seed, 6, d])
        norms = np.empty(samples)
        rows = max(1, (1 << 20) // d)
        for start in range(0, samples, rows):
            stop = min(samples, start + rows)
            norms[start:stop] = np.linalg.norm(rng.standard_normal((stop - start, d)), axis=1)
        summaries.append(ShellSummary(d, norms, float(norms.mean()), float(norms.std())))
    return summaries


def expected_norm(d: int) -> float:
    """E|x| for x ~ N(0, I_d): sqrt(2) Gamma((d+1)/2) / Gamma(d/2) (the chi distribution's mean)."""
    return float(math.sqrt(2.0) * math.exp(math.lgamma((d + 1) / 2.0) - math.lgamma(d / 2.0)))
