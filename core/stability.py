"""Why likelihoods are computed in log space, and why logsumexp shifts by the maximum (docs/maths.md §9).

Three computations, each done the naive way in float32 and float64 (really evaluated in that
type, so every 0, inf and nan shown is what the hardware returns) and the stable way:

  product   L = Π p(xᵢ)                underflows to 0 (or overflows to inf) after a few hundred
            points; the stable form sums log p(xᵢ) instead.
  lse-      log Σₖ exp(aₖ), aₖ ≪ 0      (a mixture's log-density far from every component): every
            exp(aₖ) underflows to 0 and the log gives −inf.
  lse+      log Σₖ exp(aₖ), aₖ ≫ 0      (large logits): exp overflows to inf; softmax = inf/inf = nan.
  Stable:   log Σₖ exp(aₖ) = m + log Σₖ exp(aₖ − m), m = maxₖ aₖ: every exponent ≤ 0 and one term is
            exactly 1, so nothing overflows and the sum is never 0.

"Distance" d moves the data d standard deviations away from the parameters, which makes every
log-density about −d²/2 more negative.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from core.constants import LOG_2PI
from core.validation import require_in_range

DTYPES = {"float32": np.float32, "float64": np.float64}
MAX_DISTANCE = 50.0
PRODUCT_POINTS = 100_000   # the running product is followed this far (it is 0 or inf long before)

# The mixture of the stability demo: the /likelihood page's bimodal source.
MIX_WEIGHTS = np.array([0.5, 0.5])
MIX_LOC = np.array([-2.0, 2.0])
MIX_SCALE = np.array([0.6, 0.6])


def naive_density(x: np.ndarray, mu: float, sigma: float, dtype) -> np.ndarray:
    """p(xᵢ) = exp(−z²/2) / (σ √(2π)), every operation in `dtype`."""
    x_t, mu_t, sigma_t = x.astype(dtype), dtype(mu), dtype(sigma)
    z = (x_t - mu_t) / sigma_t
    with np.errstate(under="ignore", over="ignore"):
        return np.exp(dtype(-0.5) * z * z) / (sigma_t * dtype(math.sqrt(2 * math.pi)))


def running_product(x: np.ndarray, mu: float, sigma: float, dtype) -> np.ndarray:
    """L_n = Π_{i ≤ n} p(xᵢ) for n = 1..len(x), multiplied in `dtype` as a naive loop would."""
    with np.errstate(under="ignore", over="ignore", invalid="ignore"):
        return np.cumprod(naive_density(x, mu, sigma, dtype), dtype=dtype)


def first_failure(values: np.ndarray) -> int | None:
    """The 1-based index of the first value that is 0, ±inf or nan (None if all are usable)."""
    bad = np.flatnonzero((values == 0) | ~np.isfinite(values))
    return int(bad[0]) + 1 if bad.size else None


def log_space_running_sum(x: np.ndarray, mu: float, sigma: float) -> np.ndarray:
    """ℓ_n = Σ_{i ≤ n} log p(xᵢ) in float64: what the product's log should be, and stays finite."""
    z = (x - mu) / sigma
    return np.cumsum(-math.log(sigma) - 0.5 * LOG_2PI - 0.5 * z * z)


@dataclass(frozen=True)
class ProductDemo:
    """The likelihood of the first n points as a product, per type, against the log-space sum."""

    n: np.ndarray                       # 1..n_max
    log_space: np.ndarray               # ℓ_n (float64)
    naive: dict[str, np.ndarray]        # dtype name -> L_n as that type computed it
    fails_at: dict[str, int | None]     # dtype name -> first n where L_n is 0 or inf
    mu: float
    sigma: float

    def failure_value(self, dtype_name: str) -> float | None:
        at = self.fails_at[dtype_name]
        return None if at is None else float(self.naive[dtype_name][at - 1])


def product_demo(x: np.ndarray, mu: float, sigma: float, distance: float) -> ProductDemo:
    """The running product of the first points at (μ − dσ, σ): the data d sds from the parameters."""
    distance = require_in_range("distance", distance, 0.0, MAX_DISTANCE)
    head = np.asarray(x[:PRODUCT_POINTS], dtype=np.float64)
    at_mu = mu - distance * sigma
    naive = {name: running_product(head, at_mu, sigma, dtype) for name, dtype in DTYPES.items()}
    return ProductDemo(np.arange(1, head.size + 1), log_space_running_sum(head, at_mu, sigma), naive,
                       {name: first_failure(values) for name, values in naive.items()}, at_mu, sigma)


def mixture_terms(distance: float) -> np.ndarray:
    """aₖ = log wₖ + log N(x | μₖ, σₖ) at x = d sds of a component beyond the mixture's right one."""
    x = MIX_LOC[-1] + distance * MIX_SCALE[-1]
    z = (x - MIX_LOC) / MIX_SCALE
    return np.log(MIX_WEIGHTS) - np.log(MIX_SCALE) - 0.5 * LOG_2PI - 0.5 * z * z


def naive_logsumexp(a: np.ndarray, dtype) -> float:
    """log(Σ exp(aₖ)) evaluated in `dtype` with no shift (0 → −inf, inf → inf)."""
    with np.errstate(under="ignore", over="ignore", divide="ignore"):
        return float(np.log(np.sum(np.exp(a.astype(dtype)), dtype=dtype)))


def stable_logsumexp(a: np.ndarray) -> float:
    """m + log Σ exp(aₖ − m), m = max aₖ, in float64."""
    a = np.asarray(a, dtype=np.float64)
    peak = float(np.max(a))
    return peak + math.log(float(np.sum(np.exp(a - peak))))


def naive_softmax(a: np.ndarray, dtype) -> np.ndarray:
    """exp(aₖ) / Σ exp(aⱼ) in `dtype` with no shift: inf / inf = nan once exp overflows."""
    with np.errstate(under="ignore", over="ignore", invalid="ignore"):
        weights = np.exp(a.astype(dtype))
        return weights / np.sum(weights, dtype=dtype)


def stable_softmax(a: np.ndarray) -> np.ndarray:
    weights = np.exp(np.asarray(a, dtype=np.float64) - np.max(a))
    return weights / weights.sum()


def _breaking_point(fails, high: float = MAX_DISTANCE * 4) -> float:
    """The smallest d in [0, high] at which `fails(d)` holds, to 1e-9 (bisection on the real naive
    computation: the threshold is where the hardware gives up, not a formula for it)."""
    low = 0.0
    if fails(low):
        return 0.0
    if not fails(high):
        return math.inf
    while high - low > 1e-9:
        middle = 0.5 * (low + high)
        low, high = (low, middle) if fails(middle) else (middle, high)
    return high


@dataclass(frozen=True)
class LogSumExpRow:
    """One naive-versus-stable comparison at the current distance."""

    what: str                           # "underflow" or "overflow" (the page words it)
    naive: dict[str, float]             # dtype name -> value the naive form returns
    stable: float
    breaks_at: dict[str, float]         # dtype name -> distance beyond which the naive form fails


def _row(what: str, terms_at, distance: float) -> LogSumExpRow:
    terms = terms_at(distance)
    return LogSumExpRow(
        what, {name: naive_logsumexp(terms, t) for name, t in DTYPES.items()}, stable_logsumexp(terms),
        {name: _breaking_point(lambda d, t=t: not math.isfinite(naive_logsumexp(terms_at(d), t)))
         for name, t in DTYPES.items()})


def underflow_row(distance: float) -> LogSumExpRow:
    """The mixture's log-density far out: terms ≈ −d²/2, so the naive sum underflows to 0."""
    return _row("underflow", mixture_terms, distance)


def overflow_row(distance: float) -> LogSumExpRow:
    """The same terms with the sign flipped (large positive logits): exp overflows to inf."""
    return _row("overflow", lambda d: -mixture_terms(d), distance)


def softmax_row(distance: float) -> tuple[dict[str, np.ndarray], np.ndarray]:
    """Softmax of the large logits: naive per type (nan once exp overflows) and stable."""
    terms = -mixture_terms(distance)
    return {name: naive_softmax(terms, t) for name, t in DTYPES.items()}, stable_softmax(terms)


@dataclass(frozen=True)
class LogSumExpCurve:
    """log p(x) of the mixture against d: stable everywhere, naive until it breaks."""

    distance: np.ndarray
    stable: np.ndarray
    naive: dict[str, np.ndarray]        # −inf beyond the breaking point


def logsumexp_curve(points: int = 201) -> LogSumExpCurve:
    distance = np.linspace(0.0, MAX_DISTANCE, points)
    terms = [mixture_terms(d) for d in distance]
    return LogSumExpCurve(distance, np.array([stable_logsumexp(a) for a in terms]),
                          {name: np.array([naive_logsumexp(a, t) for a in terms]) for name, t in DTYPES.items()})
