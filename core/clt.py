"""Central limit theorem and law of large numbers (docs/maths.md §1).

The question: what does averaging N draws do to a (possibly skewed) distribution, and how fast?
Everything here is a pure function of the source law, N, the number of simulated trials and a
seed; the page only displays the results.

Standardised mean:  Z_N = (mean(X_1..X_N) - mu) / (sigma / sqrt(N))  ->  N(0, 1).
Berry-Esseen:       sup_z |F_N(z) - Phi(z)| <= C rho / (sigma^3 sqrt(N)),  C = 0.4748,
                    rho = E|X - mu|^3 (the ABSOLUTE third central moment).
Edgeworth (first order): largest deviation ~ |gamma1| phi(0) / (6 sqrt(N)), plus, for laws on
                    a lattice of span h, the jump term h phi(0) / (2 sigma sqrt(N)).
The Cauchy law has no mean or variance: the mean of N standard Cauchy draws is again standard
Cauchy, so for it Z_N is the raw mean (there is no sigma to standardise by) and nothing converges.
"""

from __future__ import annotations

import functools
import math
from fractions import Fraction
from dataclasses import dataclass
from typing import Callable

import numpy as np
from scipy import integrate, optimize, stats

from core.validation import require_in_range

BERRY_ESSEEN_C = 0.4748
PHI_AT_ZERO = 1.0 / math.sqrt(2.0 * math.pi)
# 95% two-sided constant of the Dvoretzky-Kiefer-Wolfowitz inequality:
# P(sup |F_emp - F| > eps) <= 2 exp(-2 T eps^2) = 0.05  =>  eps = sqrt(ln(40) / 2) / sqrt(T).
DKW_95 = math.sqrt(math.log(2.0 / 0.05) / 2.0)
LOGNORMAL_SIGMA = 1.0  # the lognormal source is exp(N(0, 1)): strongly right-skewed
MAX_N = 1000
MAX_TRIALS = 20_000
# The N values for which simulated means are precomputed (the states of the page's live N control).
N_FRAMES: tuple[int, ...] = (1, 2, 3, 5, 10, 20, 30, 50, 100, 200, 300, 500, 1000)
DISTRIBUTIONS: tuple[str, ...] = ("exponential", "uniform", "bernoulli", "poisson", "lognormal", "normal", "cauchy")


@dataclass(frozen=True)
class SourceLaw:
    """One source distribution and the moments the CLT page needs.

    sd, skewness and abs_third_moment are None where they do not exist (Cauchy).
    lattice_span is the spacing of the support for discrete laws on a lattice, else 0.
    """

    key: str
    label: str
    mean: float | None
    sd: float | None
    skewness: float | None
    abs_third_moment: float | None
    lattice_span: float
    excess_kurtosis: float | None = None   # kappa4 / sigma^4 - 3; sets the 1/N rate of symmetric laws

    @property
    def has_variance(self) -> bool:
        return self.sd is not None

    @property
    def berry_esseen_ratio(self) -> float | None:
        """rho / sigma^3, the law's constant in the Berry-Esseen bound."""
        if self.abs_third_moment is None or self.sd is None:
            return None
        return self.abs_third_moment / self.sd**3


def _abs_third_moment_continuous(dist: stats.rv_continuous, mean: float) -> float:
    """E|X - mean|^3 by quadrature, split at the mean where the integrand has a kink."""
    def integrand(x: float) -> float:
        return abs(x - mean) ** 3 * dist.pdf(x)

    low, high = dist.support()
    left, _ = integrate.quad(integrand, low, mean, limit=200)
    right, _ = integrate.quad(integrand, mean, high, limit=200)
    return left + right


def _abs_third_moment_poisson(rate: float) -> float:
    k = np.arange(0, int(stats.poisson.ppf(1 - 1e-16, rate)) + 50)
    return float(np.sum(np.abs(k - rate) ** 3 * stats.poisson.pmf(k, rate)))


def source_law(dist: str, p: float = 0.5, rate: float = 1.0) -> SourceLaw:
    """The named source law with its moments. `p` is Bernoulli's, `rate` Poisson's."""
    if dist not in DISTRIBUTIONS:
        raise ValueError(f"dist must be one of {', '.join(DISTRIBUTIONS)}; got {dist!r}")
    if dist == "exponential":
        return SourceLaw(dist, "Exponential(1)", 1.0, 1.0, 2.0, 12.0 / math.e - 2.0, 0.0)
    if dist == "uniform":
        sd = math.sqrt(1.0 / 12.0)
        return SourceLaw(dist, "Uniform(0, 1)", 0.5, sd, 0.0, 1.0 / 32.0, 0.0, excess_kurtosis=-1.2)
    if dist == "bernoulli":
        p = require_in_range("p", p, 0.001, 0.999)
        q = 1.0 - p
        sd = math.sqrt(p * q)
        return SourceLaw(dist, f"Bernoulli({p:g})", p, sd, (q - p) / sd, p * q * (p * p + q * q), 1.0)
    if dist == "poisson":
        rate = require_in_range("rate", rate, 0.01, 100.0)
        return SourceLaw(dist, f"Poisson({rate:g})", rate, math.sqrt(rate), 1.0 / math.sqrt(rate),
                         _abs_third_moment_poisson(rate), 1.0)
    if dist == "lognormal":
        s2 = LOGNORMAL_SIGMA**2
        law = stats.lognorm(LOGNORMAL_SIGMA)
        mean = math.exp(s2 / 2.0)
        return SourceLaw(dist, "LogNormal(0, 1)", mean, math.sqrt((math.exp(s2) - 1.0) * math.exp(s2)),
                         (math.exp(s2) + 2.0) * math.sqrt(math.exp(s2) - 1.0),
                         _abs_third_moment_continuous(law, mean), 0.0)
    if dist == "normal":
        return SourceLaw(dist, "Normal(0, 1)", 0.0, 1.0, 0.0, 2.0 * math.sqrt(2.0 / math.pi), 0.0,
                         excess_kurtosis=0.0)
    return SourceLaw(dist, "Cauchy(0, 1)", None, None, None, None, 0.0)


# ----------------------------------------------------------------------------------------------
# Simulation
# ----------------------------------------------------------------------------------------------


def _draw(law: SourceLaw, rng: np.random.Generator, shape: tuple[int, int]) -> np.ndarray:
    if law.key == "exponential":
        return rng.exponential(1.0, size=shape)
    if law.key == "uniform":
        return rng.random(size=shape)
    if law.key == "bernoulli":
        return (rng.random(size=shape) < law.mean).astype(np.float64)
    if law.key == "poisson":
        return rng.poisson(law.mean, size=shape).astype(np.float64)
    if law.key == "lognormal":
        return rng.lognormal(0.0, LOGNORMAL_SIGMA, size=shape)
    if law.key == "normal":
        return rng.standard_normal(size=shape)
    return rng.standard_cauchy(size=shape)


def sample_means(law: SourceLaw, n: int, trials: int, seed: int) -> np.ndarray:
    """`trials` means of n independent draws each: real draws, summed (not the law of the sum).

    The generator is seeded with (seed, n), so the means at one n do not depend on which other
    n were simulated, and the same URL gives the same draws on every machine.
    """
    rng = np.random.default_rng([int(seed), int(n)])
    rows_per_chunk = max(1, (1 << 20) // n)  # at most ~8 MB of draws at once
    means = np.empty(trials)
    for start in range(0, trials, rows_per_chunk):
        stop = min(trials, start + rows_per_chunk)
        means[start:stop] = _draw(law, rng, (stop - start, n)).mean(axis=1)
    return means


def standardise(law: SourceLaw, n: int, means: np.ndarray) -> np.ndarray:
    """Z_N = (mean - mu) / (sigma / sqrt(n)); the raw mean for a law without a variance."""
    if not law.has_variance:
        return means
    return (means - law.mean) / (law.sd / math.sqrt(n))


# ----------------------------------------------------------------------------------------------
# Exact law of Z_N where the law of the sum is known
# ----------------------------------------------------------------------------------------------


def exact_cdf(law: SourceLaw, n: int) -> Callable[[np.ndarray], np.ndarray] | None:
    """z -> P(Z_N <= z) where the law of the sum is known in closed form, else None.

    Exponential(1): sum ~ Gamma(n, 1); Bernoulli(p): Binomial(n, p); Poisson(l): Poisson(n l);
    Normal: Z_N ~ N(0, 1) exactly; Cauchy: the mean is standard Cauchy for every n; Uniform(0, 1): Irwin-Hall.
    """
    root_n = math.sqrt(n)
    # Lattice sums: the value at a support point must count that point; 1e-9 absorbs rounding.
    if law.key == "exponential":
        return lambda z: stats.gamma.cdf(n + np.asarray(z) * root_n, n)
    if law.key == "bernoulli":
        return lambda z: stats.binom.cdf(np.floor(n * law.mean + np.asarray(z) * law.sd * root_n + 1e-9),
                                         n, law.mean)
    if law.key == "poisson":
        total_rate = n * law.mean
        return lambda z: stats.poisson.cdf(np.floor(total_rate + np.asarray(z) * law.sd * root_n + 1e-9),
                                           total_rate)
    if law.key == "normal":
        return stats.norm.cdf
    if law.key == "cauchy":
        return stats.cauchy.cdf
    if law.key == "uniform":
        return lambda z: _uniform_standardised_cdf(n, np.asarray(z, dtype=float))
    return None


# --- the uniform source: Irwin-Hall, exactly ---------------------------------------------------
# The sum of n Uniform(0, 1) has the Irwin-Hall law, F(s) = (1/n!) Σ_{k ≤ s} (−1)^k C(n, k) (s − k)^n. In
# floating point the alternating terms (up to ~(2e)^n) cancel catastrophically; in rational arithmetic on
# s = m/1024 the sum is exact (Python's integers), and a float is rounded once at the end. That costs
# ~n²/2 big-integer work per point, so beyond IRWIN_HALL_RATIONAL_N the standardised CDF comes from
# Gil-Pelaez inversion of the characteristic function (sin x / x)^n instead, on a Gauss-Legendre rule:
# there its side lobes are below 1e-300 and the integrand is smooth, and the two agree to 1e-10 at n = 100
# and 300 (tests/core/test_clt.py). docs/maths.md §1.
IRWIN_HALL_RATIONAL_N = 100
_S_DENOMINATOR = 1024          # s = m / 1024: z moves by under 0.003 sd, and the gap is computed at that z
_INVERSION_T = 12.0            # |φ| and e^(−t²/2) are below 1e-18 beyond (n > 100)
_INVERSION_NODES = np.polynomial.legendre.leggauss(800)


def irwin_hall_cdf(n: int, s: Fraction) -> float:
    """P(U₁ + … + U_n ≤ s) for a rational s, exact until its final rounding to float."""
    if s <= 0:
        return 0.0
    if s >= n:
        return 1.0
    flip = s > Fraction(n, 2)          # the law is symmetric about n/2: sum the shorter side
    if flip:
        s = n - s
    p, q = s.numerator, s.denominator
    total = sum((-1) ** k * math.comb(n, k) * (p - k * q) ** n for k in range(math.floor(s) + 1))
    value = float(Fraction(total, q**n * math.factorial(n)))
    return 1.0 - value if flip else value


def _uniform_gap_by_inversion(n: int, z: np.ndarray) -> np.ndarray:
    """F_N(z) − Φ(z) for the standardised mean of n > 100 uniforms: (1/π) ∫ sin(tz) (φ_N(t) − e^(−t²/2)) / t dt."""
    nodes, weights = _INVERSION_NODES
    t = (nodes + 1.0) * _INVERSION_T / 2.0
    w = weights * _INVERSION_T / 2.0
    x = t * math.sqrt(3.0 / n)               # the standardised sum's φ is (sin x / x)^n at x = t √(3/n)
    h = (np.exp(n * np.log(np.sin(x) / x)) - np.exp(-t * t / 2.0)) / t
    return (np.sin(np.outer(np.atleast_1d(z), t)) @ (w * h)) / math.pi


def _sum_on_grid(n: int, z: float) -> Fraction:
    """The sum's value nearest to z standard deviations from its mean, on the s = m/1024 grid."""
    return Fraction(round((n / 2.0 + z * math.sqrt(n / 12.0)) * _S_DENOMINATOR), _S_DENOMINATOR)


def _uniform_standardised_cdf(n: int, z: np.ndarray) -> np.ndarray:
    if n > IRWIN_HALL_RATIONAL_N:
        return stats.norm.cdf(z) + _uniform_gap_by_inversion(n, z.ravel()).reshape(z.shape)
    flat = [irwin_hall_cdf(n, _sum_on_grid(n, float(v))) if math.isfinite(v) else float(v > 0) for v in z.ravel()]
    return np.asarray(flat, dtype=float).reshape(z.shape)


def _uniform_distance(n: int) -> float:
    """sup_z |F_N(z) − Φ(z)| for the uniform source: F_N − Φ is odd, so z ≥ 0 suffices; a grid on [0, 4]
    (the sup sits near z = 0.74 or 2.33, where the Edgeworth term He₃(z)φ(z) peaks), then a bounded search."""
    mean, sd = Fraction(n, 2), math.sqrt(n / 12.0)

    def gap(z: float) -> float:
        if n > IRWIN_HALL_RATIONAL_N:
            return abs(float(_uniform_gap_by_inversion(n, np.array([z]))[0]))
        s = _sum_on_grid(n, z)      # Φ is taken at the z of the sum actually evaluated
        return abs(irwin_hall_cdf(n, s) - float(stats.norm.cdf(float(s - mean) / sd)))

    grid = np.linspace(0.0, 4.0, 41)
    gaps = [gap(float(z)) for z in grid]
    best = int(np.argmax(gaps))
    result = optimize.minimize_scalar(lambda z: -gap(z), bounds=(grid[max(best - 1, 0)], grid[min(best + 1, 40)]),
                                      method="bounded", options={"xatol": 1e-6})
    return float(max(gaps[best], -result.fun))


def _lattice_distance(law: SourceLaw, n: int) -> float:
    """sup |F - Phi| for a lattice law: attained just before or at a jump (support point)."""
    if law.key == "bernoulli":
        support = np.arange(0, n + 1)
        cdf = stats.binom.cdf(support, n, law.mean)
    else:
        total_rate = n * law.mean
        high = int(stats.poisson.ppf(1 - 1e-15, total_rate)) + 2
        support = np.arange(0, high + 1)
        cdf = stats.poisson.cdf(support, total_rate)
    z = (support - n * law.mean) / (law.sd * math.sqrt(n))
    phi = stats.norm.cdf(z)
    before = np.concatenate([[0.0], cdf[:-1]])
    tail = 1.0 - cdf[-1]  # beyond the last support point considered (negligible by construction)
    return float(max(np.max(np.abs(cdf - phi)), np.max(np.abs(before - phi)), tail))


def _continuous_distance(cdf: Callable[[np.ndarray], np.ndarray], candidates: list[float]) -> float:
    """sup |F - Phi| for a continuous F: dense grid, then a bounded refinement around the best."""
    grid = np.concatenate([np.linspace(-12.0, 12.0, 4801), candidates])
    gaps = np.abs(cdf(grid) - stats.norm.cdf(grid))
    best = int(np.argmax(gaps))
    z0 = float(grid[best])
    result = optimize.minimize_scalar(lambda z: -abs(float(cdf(z)) - float(stats.norm.cdf(z))),
                                      bounds=(z0 - 0.01, z0 + 0.01), method="bounded",
                                      options={"xatol": 1e-10})
    return float(max(gaps[best], -result.fun))


# Memoised: the page's convergence curve needs the same 40 exact distances whatever N the reader
# picks, and each costs a bounded minimisation (a few ms). A pure function of a frozen law and n.
@functools.lru_cache(maxsize=4096)
def exact_kolmogorov_distance(law: SourceLaw, n: int) -> float | None:
    """sup_z |P(Z_N <= z) - Phi(z)| without Monte-Carlo noise, where the sum's law is known."""
    if law.key == "normal":
        return 0.0
    if law.key in ("bernoulli", "poisson"):
        return _lattice_distance(law, n)
    if law.key == "uniform":
        return _uniform_distance(n)
    cdf = exact_cdf(law, n)
    if cdf is None:
        return None
    # The exponential's support starts at z = -sqrt(n), where F has a kink: test it exactly.
    candidates = [-math.sqrt(n)] if law.key == "exponential" else []
    return _continuous_distance(cdf, candidates)


def monte_carlo_distance(z: np.ndarray) -> tuple[float, float]:
    """(sup |F_emp - Phi|, its 95% error half-width DKW_95 / sqrt(T)) from T simulated values."""
    z = np.sort(np.asarray(z, dtype=np.float64))
    t = z.size
    phi = stats.norm.cdf(z)
    upper = np.arange(1, t + 1) / t
    lower = np.arange(0, t) / t
    distance = float(max(np.max(np.abs(upper - phi)), np.max(np.abs(lower - phi))))
    return distance, DKW_95 / math.sqrt(t)


# ----------------------------------------------------------------------------------------------
# Bounds and estimates
# ----------------------------------------------------------------------------------------------


def berry_esseen_bound(law: SourceLaw, n: int | np.ndarray) -> float | np.ndarray | None:
    """C rho / (sigma^3 sqrt(n)); None where the law has no third moment (the bound is void)."""
    ratio = law.berry_esseen_ratio
    if ratio is None:
        return None
    return BERRY_ESSEEN_C * ratio / np.sqrt(n)


def edgeworth_distance(law: SourceLaw, n: int | np.ndarray) -> float | np.ndarray | None:
    """First-order Edgeworth estimate of the largest deviation from Phi.

    |gamma1| phi(0) / (6 sqrt(n)), plus h phi(0) / (2 sigma sqrt(n)) for a lattice of span h:
    the half-jump of the step function, which dominates for a fair coin (gamma1 = 0).
    """
    if law.skewness is None:
        return None
    estimate = abs(law.skewness) * PHI_AT_ZERO / (6.0 * np.sqrt(n))
    if law.lattice_span:
        estimate = estimate + law.lattice_span * PHI_AT_ZERO / (2.0 * law.sd * np.sqrt(n))
    return estimate


# max_z |He3(z) phi(z)| = |z^3 - 3z| phi(z), attained at z = 0.742 (He3: the third Hermite polynomial).
MAX_HE3_PHI = 0.5505878393623009


@dataclass(frozen=True)
class ConvergenceRate:
    """How fast sup_z |F_N(z) - Phi(z)| falls with N for one law (docs/maths.md, CLT).

    order: "none"    no convergence at all (Cauchy: the mean of N draws has the law of one draw)
           "exact"   zero at every N (a normal source)
           "sqrt"    c / sqrt(N): skewness != 0, or a lattice law (the jumps of the step CDF)
           "linear"  c / N: a symmetric, non-lattice law, whose first Edgeworth term
                     gamma1 phi(0) / (6 sqrt(N)) vanishes; the kurtosis term kappa4 He3 phi / (24 N) leads
    constant: c, from the leading Edgeworth term (None where no rate applies).
    """

    order: str
    constant: float | None

    @property
    def quadrupling_factor(self) -> float | None:
        """By how much quadrupling N divides the distance, once N is moderate."""
        return {"sqrt": 2.0, "linear": 4.0}.get(self.order)


def convergence_rate(law: SourceLaw) -> ConvergenceRate:
    """The rate at which the Kolmogorov distance of Z_N from the normal shrinks, from the law's moments."""
    if not law.has_variance:
        return ConvergenceRate("none", None)
    if law.key == "normal":
        return ConvergenceRate("exact", None)
    if law.skewness != 0.0 or law.lattice_span:
        return ConvergenceRate("sqrt", float(edgeworth_distance(law, 1)))
    if law.excess_kurtosis is None:
        raise ValueError(f"{law.label}: a symmetric continuous law needs its excess kurtosis for its rate")
    return ConvergenceRate("linear", abs(law.excess_kurtosis) * MAX_HE3_PHI / 24.0)


def standard_error(law: SourceLaw, n: int) -> float | None:
    """sigma / sqrt(n): the spread of the mean of n draws."""
    return None if law.sd is None else law.sd / math.sqrt(n)


def chebyshev_half_width(law: SourceLaw, n: np.ndarray, delta: float = 0.05) -> np.ndarray | None:
    """eps with P(|mean - mu| > eps) <= delta by Chebyshev: sigma / sqrt(n delta)."""
    return None if law.sd is None else law.sd / np.sqrt(np.asarray(n) * delta)


# ----------------------------------------------------------------------------------------------
# Everything the page shows, in one result
# ----------------------------------------------------------------------------------------------

HIST_RANGE = (-4.0, 4.0)
HIST_BINS = 64


@dataclass(frozen=True)
class HistogramFrame:
    """The binned simulated Z_N at one n, with the exact binned density where known."""

    n: int
    edges: np.ndarray            # bin edges in z; for lattice laws centred on the lattice points
    density: np.ndarray          # simulated, per bin (area within range sums to the fraction inside)
    exact_density: np.ndarray | None
    fraction_outside: float      # share of simulated values beyond the plotted range


@dataclass(frozen=True)
class ConvergencePoint:
    n: int
    distance: float
    error: float                 # 0 for exact distances; the 95% DKW half-width for Monte-Carlo
    exact: bool

    @property
    def resolved(self) -> bool:
        """Whether the distance is known to within a factor of two: exact, or a Monte-Carlo estimate at
        least twice its 95% error band. Sampling noise only adds to a simulated sup-distance, so an estimate
        just above the band is still mostly noise (the uniform at N = 30, 2,000 means, seed 12: 0.043
        simulated against an exact 0.000924; the lognormal at N = 300, seed 42: 0.035 against about 0.024)."""
        return self.exact or self.distance > 2.0 * self.error


@dataclass(frozen=True)
class CltResult:
    law: SourceLaw
    n: int
    trials: int
    seed: int
    frames: tuple[HistogramFrame, ...]       # one per N_FRAMES value (and the current n)
    distance: ConvergencePoint               # at the current n
    curve: tuple[ConvergencePoint, ...]      # distance against n for the convergence figure
    berry_esseen: float | None
    edgeworth: float | None
    standard_error: float | None

    @property
    def looseness(self) -> float | None:
        """How many times the Berry-Esseen bound exceeds the actual distance; None where that
        distance is zero or not resolved (a ratio to simulation noise would understate it)."""
        if self.berry_esseen is None or self.distance.distance <= 0 or not self.distance.resolved:
            return None
        return self.berry_esseen / self.distance.distance


def histogram_edges(law: SourceLaw, n: int) -> np.ndarray:
    """Bin edges for Z_N over HIST_RANGE.

    Continuous laws: HIST_BINS equal bins. Lattice laws (sums on the integers): one bin per
    lattice point, edges half-way between points, so each bar is one exact probability and bars
    never straddle two points; where the points are denser than HIST_BINS across the range,
    several neighbouring points share a bin.
    """
    if not law.lattice_span or not law.has_variance:
        return np.linspace(*HIST_RANGE, HIST_BINS + 1)
    scale = law.sd * math.sqrt(n)
    spacing = law.lattice_span / scale
    per_bin = max(1, math.ceil((HIST_RANGE[1] - HIST_RANGE[0]) / HIST_BINS / spacing))
    centre = n * law.mean
    low = math.floor(centre + HIST_RANGE[0] * scale) - per_bin
    high = math.ceil(centre + HIST_RANGE[1] * scale) + per_bin
    sums = np.arange(low, high + 1, per_bin) - 0.5 * law.lattice_span
    return (sums - centre) / scale


# Memoised: the frames over N are the same for every N the reader picks, so a new N outside
# N_FRAMES only simulates its one new frame. At most 128 x 20,000 float64 = 20 MB; z is read-only.
@functools.lru_cache(maxsize=128)
def _frame(law: SourceLaw, n: int, trials: int, seed: int) -> tuple[HistogramFrame, np.ndarray]:
    z = standardise(law, n, sample_means(law, n, trials, seed))
    z.flags.writeable = False
    edges = histogram_edges(law, n)
    counts, _ = np.histogram(z, bins=edges)
    widths = np.diff(edges)
    density = counts / (trials * widths)
    cdf = exact_cdf(law, n)
    exact_density = None if cdf is None else np.diff(cdf(edges)) / widths
    inside = np.count_nonzero((z >= HIST_RANGE[0]) & (z <= HIST_RANGE[1]))
    return HistogramFrame(n, edges, density, exact_density, float(1.0 - inside / trials)), z


def convergence_point(law: SourceLaw, n: int, z: np.ndarray | None) -> ConvergencePoint:
    exact = exact_kolmogorov_distance(law, n)
    if exact is not None:
        return ConvergencePoint(n, exact, 0.0, True)
    distance, error = monte_carlo_distance(z)
    return ConvergencePoint(n, distance, error, False)


def validate_clt_inputs(n: int, trials: int, seed: int) -> tuple[int, int, int]:
    n = int(require_in_range("n", n, 1, MAX_N))
    trials = int(require_in_range("trials", trials, 100, MAX_TRIALS))
    seed = int(require_in_range("seed", seed, 0, 2**32 - 1))
    return n, trials, seed


def clt_experiment(dist: str, n: int, trials: int, seed: int, p: float = 0.5, rate: float = 1.0) -> CltResult:
    """Simulate, bin and measure everything the CLT page shows for one state."""
    n, trials, seed = validate_clt_inputs(n, trials, seed)
    law = source_law(dist, p=p, rate=rate)
    frame_ns = sorted(set(N_FRAMES) | {n})
    exact = exact_cdf(law, 1) is not None  # the law of the sum is known: no Monte-Carlo distances
    frames, curve = [], []
    for frame_n in frame_ns:
        frame, z = _frame(law, frame_n, trials, seed)
        frames.append(frame)
        if not exact:  # exact distances: the curve on a finer grid, below
            curve.append(convergence_point(law, frame_n, z))
    if exact:
        fine = np.unique(np.round(np.logspace(0, math.log10(MAX_N), 40)).astype(int))
        curve = [ConvergencePoint(int(m), exact_kolmogorov_distance(law, int(m)), 0.0, True) for m in fine]
    return _read_at(law, n, trials, seed, tuple(frames), tuple(curve))


def result_at(result: CltResult, n: int) -> CltResult:
    """The same experiment read at another N it simulated (one of its frames): the frames and the
    convergence curve are shared, only the numbers at the current N change. The /clt page's live N
    control shows every frame's numbers from one experiment this way."""
    if n not in {frame.n for frame in result.frames}:
        raise ValueError(f"N = {n} is not one of this experiment's frames")
    return _read_at(result.law, n, result.trials, result.seed, result.frames, result.curve)


def _read_at(law: SourceLaw, n: int, trials: int, seed: int, frames: tuple[HistogramFrame, ...],
             curve: tuple[ConvergencePoint, ...]) -> CltResult:
    exact = bool(curve) and curve[0].exact
    if exact:
        current = ConvergencePoint(n, exact_kolmogorov_distance(law, n), 0.0, True)
    else:  # the Monte-Carlo curve has a point at every frame's N, the current one included
        current = next(point for point in curve if point.n == n)
    return CltResult(
        law=law, n=n, trials=trials, seed=seed, frames=frames, distance=current, curve=curve,
        berry_esseen=berry_esseen_bound(law, n), edgeworth=edgeworth_distance(law, n),
        standard_error=standard_error(law, n),
    )


@dataclass(frozen=True)
class RunningMeans:
    steps: np.ndarray        # the step indices kept for plotting (log-spaced, at most ~400)
    paths: np.ndarray        # (paths, len(steps)) running means
    mean: float | None


def running_means(dist: str, length: int, paths: int, seed: int, p: float = 0.5, rate: float = 1.0) -> RunningMeans:
    """Seeded running means mean(X_1..X_t) for t = 1..length, thinned to log-spaced steps."""
    length = int(require_in_range("length", length, 1, 100_000))
    paths = int(require_in_range("paths", paths, 1, 50))
    law = source_law(dist, p=p, rate=rate)
    rng = np.random.default_rng([int(seed), 7919])  # a stream of its own, apart from the histograms
    draws = _draw(law, rng, (paths, length))
    running = np.cumsum(draws, axis=1) / np.arange(1, length + 1)
    steps = np.unique(np.round(np.logspace(0, math.log10(length), 400)).astype(int)) if length > 1 else np.array([1])
    return RunningMeans(steps=steps, paths=running[:, steps - 1], mean=law.mean)


@dataclass(frozen=True)
class ReferenceCurves:
    """What /clt's figures draw beside the simulated means, for one source law: the N(0, 1) density over the
    histogram's range, and against N on a log grid from 1 to 1000 the Berry–Esseen bound and the first-order
    Edgeworth estimate of the distance (None where the law has no such bound or estimate)."""
    z: np.ndarray
    normal_pdf: np.ndarray
    n_grid: np.ndarray
    berry_esseen: np.ndarray | None
    edgeworth: np.ndarray | None


def reference_curves(law: SourceLaw) -> ReferenceCurves:
    z = np.linspace(HIST_RANGE[0], HIST_RANGE[1], 241)
    grid = np.logspace(0, 3, 60)
    return ReferenceCurves(z, stats.norm.pdf(z), grid, berry_esseen_bound(law, grid), edgeworth_distance(law, grid))


@dataclass(frozen=True)
class LlnBands:
    """Half-widths around μ of the law-of-large-numbers figure's bands at each number of draws t: one standard
    error σ/√t and Chebyshev's 95% bound σ/√(0.05 t)."""
    standard_error: np.ndarray
    chebyshev: np.ndarray


def lln_bands(law: SourceLaw, steps: np.ndarray) -> LlnBands | None:
    """The bands at `steps`; None for a law without a variance (no band holds)."""
    if not law.has_variance:
        return None
    steps = np.asarray(steps, dtype=float)
    return LlnBands(law.sd / np.sqrt(steps), chebyshev_half_width(law, steps))
