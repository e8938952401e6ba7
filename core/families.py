"""Exponential families as one grammar, moments from generating functions, and limits between families
(docs/maths.md §10).

The grammar: p(x | η) = h(x) exp(η T(x) − A(η)). Each family here is a one-parameter slice of a familiar
distribution, its other parameters folded into h(x) (a one-parameter exponential family in its own right):
Bernoulli (η = logit p), Categorical over three classes (η₁ = log(p₁/p₃), η₂ held), Poisson (η = log λ),
Normal with σ held (η = μ/σ²), Gamma with shape k held (η = −rate) and Beta with b held (η = a − 1, T = log x).
A′(η) = E[T(X)] and A″(η) = Var[T(X)]; KL between two members is the Bregman divergence of A. The library's
numbers come from torch.distributions, computed separately, so that the page can show the two agree.

Generating functions: M(t) = E[e^{tX}] where it exists (M^{(k)}(0) = E[X^k]) and the characteristic function
φ(t) = E[e^{itX}], which always exists; φ of a sum is the product, so the standardised mean of N draws has
φ_N(t) = e^{−it√N μ/σ} φ(t/(σ√N))^N → e^{−t²/2} (the CLT), except for the Cauchy, whose mean of N draws is
Cauchy again (φ_N = e^{−|t|} for every N).

Limits: Binomial(n, λ/n) → Poisson(λ), standardised Gamma(k) → N(0, 1), Student-t(ν) → N(0, 1) and
standardised Beta(n, n) → N(0, 1), each with its total-variation distance ½ Σ|p − q| (½ ∫|f − g|).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Callable

import numpy as np
import torch
from scipy import special, stats
from torch import distributions as td

from core.validation import require_in_range, require_one_of

# --- the grammar ------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class FamilyShape:
    """What a family's controls range over: η's range, step and default, and the held parameter's (None where
    the family has none)."""
    key: str
    eta_range: tuple[float, float]
    eta_step: float
    eta_default: float
    held_range: tuple[float, float] | None = None
    held_step: float | None = None
    held_default: float | None = None
    discrete: bool = False
    probe: float = 1.0          # the x at which log p(x) is compared with the library's log_prob


SHAPES = {shape.key: shape for shape in (
    FamilyShape("bernoulli", (-5.0, 5.0), 0.1, 0.0, discrete=True, probe=1.0),
    FamilyShape("categorical", (-4.0, 4.0), 0.1, 0.5, (-4.0, 4.0), 0.5, 1.0, discrete=True, probe=0.0),
    FamilyShape("poisson", (-2.0, 3.0), 0.05, 1.0, discrete=True, probe=2.0),
    FamilyShape("normal", (-4.0, 4.0), 0.1, 1.0, (0.5, 3.0), 0.5, 1.0, probe=0.5),
    FamilyShape("gamma", (-5.0, -0.2), 0.1, -1.0, (0.5, 10.0), 0.5, 2.0, probe=1.5),
    FamilyShape("beta", (-0.5, 8.0), 0.1, 1.0, (0.5, 10.0), 0.5, 2.0, probe=0.3),
)}
FAMILY_KEYS = tuple(SHAPES)


def _check(key: str, eta: float, held: float | None) -> FamilyShape:
    require_one_of("family", key, FAMILY_KEYS)
    shape = SHAPES[key]
    require_in_range("eta", eta, *shape.eta_range)
    if shape.held_range is not None:
        if held is None:
            raise ValueError(f"{key} needs its held parameter; got None")
        require_in_range("held", held, *shape.held_range)
    return shape


def log_partition(key: str, eta: float, held: float | None = None) -> float:
    """A(η), the log-normaliser, in closed form."""
    if key == "bernoulli":
        return float(np.logaddexp(0.0, eta))
    if key == "categorical":
        return float(np.logaddexp.reduce([eta, held, 0.0]))
    if key == "poisson":
        return math.exp(eta)
    if key == "normal":
        return held * held * eta * eta / 2.0
    if key == "gamma":
        return -held * math.log(-eta)
    if key == "beta":
        return float(special.betaln(eta + 1.0, held))
    raise ValueError(f"family must be one of {', '.join(FAMILY_KEYS)}; got {key!r}")


def mean_statistic(key: str, eta: float, held: float | None = None) -> float:
    """A′(η) = E[T(X)], in closed form."""
    if key == "bernoulli":
        return float(special.expit(eta))
    if key == "categorical":
        return math.exp(eta - log_partition(key, eta, held))
    if key == "poisson":
        return math.exp(eta)
    if key == "normal":
        return held * held * eta
    if key == "gamma":
        return -held / eta
    if key == "beta":
        return float(special.digamma(eta + 1.0) - special.digamma(eta + 1.0 + held))
    raise ValueError(f"family must be one of {', '.join(FAMILY_KEYS)}; got {key!r}")


def variance_statistic(key: str, eta: float, held: float | None = None) -> float:
    """A″(η) = Var[T(X)], in closed form."""
    if key in ("bernoulli", "categorical"):
        p = mean_statistic(key, eta, held)
        return p * (1.0 - p)
    if key == "poisson":
        return math.exp(eta)
    if key == "normal":
        return held * held
    if key == "gamma":
        return held / (eta * eta)
    if key == "beta":
        return float(special.polygamma(1, eta + 1.0) - special.polygamma(1, eta + 1.0 + held))
    raise ValueError(f"family must be one of {', '.join(FAMILY_KEYS)}; got {key!r}")


def statistic(key: str, x: np.ndarray) -> np.ndarray:
    """T(x): x itself, log x for the Beta, the indicator of the first class for the Categorical."""
    x = np.asarray(x, dtype=float)
    if key == "beta":
        return np.log(x)
    if key == "categorical":
        return (x == 0).astype(float)
    return x


def log_base_measure(key: str, x: np.ndarray, held: float | None = None) -> np.ndarray:
    """log h(x): what the family's density keeps when η is fixed out of it."""
    x = np.asarray(x, dtype=float)
    if key == "bernoulli":
        return np.zeros_like(x)
    if key == "categorical":
        return held * (x == 1)
    if key == "poisson":
        return -special.gammaln(x + 1.0)
    if key == "normal":
        return -x * x / (2.0 * held * held) - 0.5 * math.log(2.0 * math.pi * held * held)
    if key == "gamma":
        return (held - 1.0) * np.log(x) - special.gammaln(held)
    if key == "beta":
        return (held - 1.0) * np.log1p(-x)
    raise ValueError(f"family must be one of {', '.join(FAMILY_KEYS)}; got {key!r}")


def expected_log_base_measure(key: str, eta: float, held: float | None = None) -> float:
    """E[log h(X)] in closed form (the Poisson's as a sum over its support): what the entropy needs beyond A."""
    if key == "bernoulli":
        return 0.0
    if key == "categorical":
        return held * math.exp(held - log_partition(key, eta, held))
    if key == "poisson":
        rate = math.exp(eta)
        k = np.arange(0, int(rate + 40.0 * math.sqrt(rate) + 40))
        return float(-np.sum(stats.poisson.pmf(k, rate) * special.gammaln(k + 1.0)))
    if key == "normal":
        mean = held * held * eta
        return -(held * held + mean * mean) / (2.0 * held * held) - 0.5 * math.log(2.0 * math.pi * held * held)
    if key == "gamma":
        return (held - 1.0) * float(special.digamma(held) - math.log(-eta)) - float(special.gammaln(held))
    if key == "beta":
        return (held - 1.0) * float(special.digamma(held) - special.digamma(eta + 1.0 + held))
    raise ValueError(f"family must be one of {', '.join(FAMILY_KEYS)}; got {key!r}")


def library_distribution(key: str, eta: float, held: float | None = None) -> td.Distribution:
    """The same member as torch.distributions builds it, from its usual parameters."""
    eta_t = torch.tensor(eta, dtype=torch.float64)
    if key == "bernoulli":
        return td.Bernoulli(logits=eta_t)
    if key == "categorical":
        return td.Categorical(logits=torch.tensor([eta, held, 0.0], dtype=torch.float64))
    if key == "poisson":
        return td.Poisson(torch.exp(eta_t))
    if key == "normal":
        return td.Normal(torch.tensor(held * held * eta, dtype=torch.float64), torch.tensor(held, dtype=torch.float64))
    if key == "gamma":
        return td.Gamma(torch.tensor(held, dtype=torch.float64), -eta_t)
    if key == "beta":
        return td.Beta(eta_t + 1.0, torch.tensor(held, dtype=torch.float64))
    raise ValueError(f"family must be one of {', '.join(FAMILY_KEYS)}; got {key!r}")


def usual_parameters(key: str, eta: float, held: float | None = None) -> dict[str, float]:
    """The member's parameters as textbooks and torch name them (p, λ, μ and σ, shape and rate, a and b)."""
    if key == "bernoulli":
        return {"p": float(special.expit(eta))}
    if key == "categorical":
        probs = np.exp(np.array([eta, held, 0.0]) - log_partition(key, eta, held))
        return {"p1": float(probs[0]), "p2": float(probs[1]), "p3": float(probs[2])}
    if key == "poisson":
        return {"rate": math.exp(eta)}
    if key == "normal":
        return {"loc": held * held * eta, "scale": held}
    if key == "gamma":
        return {"concentration": held, "rate": -eta}
    return {"a": eta + 1.0, "b": held}


def _library_statistic_moments(key: str, dist: td.Distribution) -> tuple[float, float]:
    """E[T(X)] and Var[T(X)] from the library: its own mean and variance where T(x) = x, its class
    probability for the Categorical, and for the Beta (T = log x, which torch has no moment of) by
    integrating log x and (log x)² against exp(log_prob)."""
    if key == "categorical":
        p = float(dist.probs[0])
        return p, p * (1.0 - p)
    if key != "beta":
        return float(dist.mean), float(dist.variance)

    return _beta_log_moments(dist)


_LEGENDRE = np.polynomial.legendre.leggauss(300)


def _beta_log_moments(dist: td.Beta) -> tuple[float, float]:
    """E[log X] and Var[log X] under the library's Beta density, by Gauss–Legendre in log x on (0, ½] and in
    log(1 − x) on [½, 1): both integrands are smooth there and fall off exponentially (as x^a and (1 − x)^b),
    where in x itself they are singular at the ends. Each half is cut where its integrand is below e^−45."""
    a, b = float(dist.concentration1), float(dist.concentration0)
    nodes, weights = _LEGENDRE

    def half(low: float, high: float, to_x: Callable[[np.ndarray], np.ndarray], jacobian) -> tuple[float, float]:
        s = 0.5 * (high - low) * nodes + 0.5 * (high + low)
        x = to_x(s)
        inside = (x > 0.0) & (x < 1.0)      # 1 − e^v rounds to 1 far out, where log x is 0 anyway
        log_x = np.log(np.where(inside, x, 0.5))
        density = np.exp(dist.log_prob(torch.from_numpy(np.where(inside, x, 0.5))).numpy())
        mass = np.where(inside, density * jacobian(s), 0.0) * weights * 0.5 * (high - low)
        return float(np.sum(mass * log_x)), float(np.sum(mass * log_x ** 2))

    left = half(-45.0 / a - 1.0, math.log(0.5), np.exp, np.exp)                     # x = e^u
    right = half(-45.0 / b - 1.0, math.log(0.5), lambda v: -np.expm1(v), np.exp)   # x = 1 − e^v
    first, second = left[0] + right[0], left[1] + right[1]
    return first, second - first * first


def _library_entropy(key: str, dist: td.Distribution) -> tuple[float, bool]:
    """The library's entropy, and whether torch computed it itself: its Poisson has no entropy(), so there it
    is −Σ p(k) log p(k) over the support, with p from the library's log_prob."""
    try:
        return float(dist.entropy()), True
    except NotImplementedError:
        rate = float(dist.rate)
        k = torch.arange(0, int(rate + 40.0 * math.sqrt(rate) + 40), dtype=torch.float64)
        log_p = dist.log_prob(k)
        return float(-(log_p.exp() * log_p).sum()), False


@dataclass(frozen=True)
class GrammarPoint:
    """One member of a family read two ways: by the grammar (A and its derivatives, log h, the Bregman
    divergence) and by torch.distributions (mean, variance, entropy, log_prob, kl_divergence)."""
    key: str
    eta: float
    held: float | None
    reference_eta: float           # the member KL is measured to (the family's default η)
    log_partition: float           # A(η)
    mean_t: float                  # A′(η)
    var_t: float                   # A″(η)
    entropy: float                 # A(η) − η A′(η) − E[log h(X)]
    log_prob: float                # log h(x₀) + η T(x₀) − A(η) at the probe x₀
    kl: float                      # A(η₀) − A(η) − (η₀ − η) A′(η)
    library_mean_t: float
    library_var_t: float
    library_entropy: float
    library_has_entropy: bool      # False: torch has no entropy() for it (the Poisson), summed from log_prob
    library_log_prob: float
    library_kl: float
    probe: float
    usual: dict


def grammar_point(key: str, eta: float, held: float | None = None) -> GrammarPoint:
    """The family's member at η, with every number computed by the grammar and again by the library."""
    shape = _check(key, eta, held)
    held = held if shape.held_range is not None else None
    a, mean_t = log_partition(key, eta, held), mean_statistic(key, eta, held)
    reference = shape.eta_default
    probe = shape.probe
    log_prob = float(log_base_measure(key, probe, held) + eta * statistic(key, probe) - a)
    dist, reference_dist = library_distribution(key, eta, held), library_distribution(key, reference, held)
    library_mean, library_var = _library_statistic_moments(key, dist)
    return GrammarPoint(
        key, eta, held, reference, a, mean_t, variance_statistic(key, eta, held),
        a - eta * mean_t - expected_log_base_measure(key, eta, held), log_prob,
        log_partition(key, reference, held) - a - (reference - eta) * mean_t,
        library_mean, library_var, *_library_entropy(key, dist),
        float(dist.log_prob(torch.tensor(probe, dtype=torch.float64))),
        float(td.kl_divergence(dist, reference_dist)), probe, usual_parameters(key, eta, held))


@dataclass(frozen=True)
class GrammarCurves:
    """What the grammar's figure draws: the member's density (or probabilities) and A over η's whole range."""
    x: np.ndarray
    density: np.ndarray
    eta_grid: np.ndarray
    log_partition: np.ndarray
    near: np.ndarray            # η values around the current one
    tangent: np.ndarray         # A(η) + A′(η)(s − η) over `near`: its slope is the mean of T
    parabola: np.ndarray        # … + ½ A″(η)(s − η)²: its curvature is the variance of T


def grammar_curves(key: str, eta: float, held: float | None = None) -> GrammarCurves:
    shape = _check(key, eta, held)
    held = held if shape.held_range is not None else None
    if key in ("bernoulli", "categorical"):
        x = np.arange(2.0 if key == "bernoulli" else 3.0)
    elif key == "poisson":   # the same counts for every η: the bars move, the axis stays
        x = np.arange(0.0, float(stats.poisson.ppf(1 - 1e-4, math.exp(shape.eta_range[1]))) + 1)
    elif key == "normal":    # every member's mean ± 4σ on one axis
        x = np.linspace(held * held * shape.eta_range[0] - 4 * held, held * held * shape.eta_range[1] + 4 * held, 400)
    elif key == "gamma":     # the member's own reach: rates from 0.2 to 5 share no useful axis
        x = np.linspace(0.0, float(stats.gamma.ppf(0.9995, held, scale=-1.0 / eta)), 300)[1:]
    else:
        x = np.linspace(0.002, 0.998, 250)
    a, slope, curvature = log_partition(key, eta, held), mean_statistic(key, eta, held), \
        variance_statistic(key, eta, held)
    # The density from the grammar itself; the library's log_prob is compared at the probe (GrammarPoint).
    density = np.exp(log_base_measure(key, x, held) + eta * statistic(key, x) - a)
    grid = np.linspace(*shape.eta_range, 201)
    reach = 0.2 * (shape.eta_range[1] - shape.eta_range[0])
    near = np.linspace(max(eta - reach, shape.eta_range[0]), min(eta + reach, shape.eta_range[1]), 41)
    tangent = a + slope * (near - eta)
    return GrammarCurves(x, density, grid, np.array([log_partition(key, float(g), held) for g in grid]), near,
                         tangent, tangent + 0.5 * curvature * (near - eta) ** 2)


# --- generating functions -----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Generating:
    """One distribution's generating functions. `mgf` is None where E[e^{tX}] is infinite for every t ≠ 0 (where
    it is finite near 0, MGF_WINDOW lies inside its domain). `mean` and `sd` are None where they do not exist; the
    mean of N draws is then not standardised (standardised_mean_cf)."""
    key: str
    mgf: Callable[[np.ndarray], np.ndarray] | None
    cf: Callable[[np.ndarray], np.ndarray]
    mean: float | None
    second_moment: float | None
    library: Callable[[], td.Distribution]
    sample: Callable[[np.random.Generator, tuple], np.ndarray]

    @property
    def sd(self) -> float | None:
        if self.mean is None or self.second_moment is None:
            return None
        return math.sqrt(self.second_moment - self.mean ** 2)


def _student_t_cf(t: np.ndarray, df: float) -> np.ndarray:
    """φ(t) of Student's t with ν degrees of freedom: K_{ν/2}(√ν|t|) (√ν|t|)^{ν/2} / (Γ(ν/2) 2^{ν/2 − 1})."""
    u = math.sqrt(df) * np.abs(np.asarray(t, dtype=float))
    with np.errstate(invalid="ignore"):
        value = special.kv(df / 2.0, u) * u ** (df / 2.0) / (special.gamma(df / 2.0) * 2.0 ** (df / 2.0 - 1.0))
    return np.where(u == 0.0, 1.0, value).astype(complex)


def _uniform_cf(t: np.ndarray) -> np.ndarray:
    t = np.asarray(t, dtype=float)
    safe = np.where(t == 0.0, 1.0, t)
    return np.where(t == 0.0, 1.0 + 0j, (np.exp(1j * safe) - 1.0) / (1j * safe))


def _uniform_mgf(t: np.ndarray) -> np.ndarray:
    t = np.asarray(t, dtype=float)
    safe = np.where(t == 0.0, 1.0, t)
    return np.where(t == 0.0, 1.0, np.expm1(safe) / safe)


# Fixed members, chosen so that each teaches something: a shifted normal (M′(0) ≠ 0), a skewed exponential
# whose MGF ends at t = 1, a bounded uniform, a coin, counts, heavy tails with moments (t, ν = 3) and without
# (Cauchy).
STUDENT_DF = 3.0
BERNOULLI_P = 0.3
POISSON_RATE = 2.0
GENERATING = {g.key: g for g in (
    Generating("normal", lambda t: np.exp(t + t * t / 2.0), lambda t: np.exp(1j * t - t * t / 2.0),
               1.0, 2.0, lambda: td.Normal(torch.tensor(1.0, dtype=torch.float64), torch.tensor(1.0)),
               lambda rng, size: rng.normal(1.0, 1.0, size)),
    Generating("exponential", lambda t: 1.0 / (1.0 - t), lambda t: 1.0 / (1.0 - 1j * t), 1.0, 2.0,
               lambda: td.Exponential(torch.tensor(1.0, dtype=torch.float64)),
               lambda rng, size: rng.exponential(1.0, size)),
    Generating("uniform", _uniform_mgf, _uniform_cf, 0.5, 1.0 / 3.0,
               lambda: td.Uniform(torch.tensor(0.0, dtype=torch.float64), torch.tensor(1.0, dtype=torch.float64)),
               lambda rng, size: rng.uniform(0.0, 1.0, size)),
    Generating("bernoulli", lambda t: 1.0 - BERNOULLI_P + BERNOULLI_P * np.exp(t),
               lambda t: 1.0 - BERNOULLI_P + BERNOULLI_P * np.exp(1j * t), BERNOULLI_P, BERNOULLI_P,
               lambda: td.Bernoulli(torch.tensor(BERNOULLI_P, dtype=torch.float64)),
               lambda rng, size: (rng.random(size) < BERNOULLI_P).astype(float)),
    Generating("poisson", lambda t: np.exp(POISSON_RATE * np.expm1(t)),
               lambda t: np.exp(POISSON_RATE * (np.exp(1j * t) - 1.0)), POISSON_RATE,
               POISSON_RATE + POISSON_RATE ** 2, lambda: td.Poisson(torch.tensor(POISSON_RATE, dtype=torch.float64)),
               lambda rng, size: rng.poisson(POISSON_RATE, size).astype(float)),
    Generating("student-t", None, lambda t: _student_t_cf(t, STUDENT_DF), 0.0, STUDENT_DF / (STUDENT_DF - 2.0),
               lambda: td.StudentT(torch.tensor(STUDENT_DF, dtype=torch.float64)),
               lambda rng, size: rng.standard_t(STUDENT_DF, size)),
    Generating("cauchy", None, lambda t: np.exp(-np.abs(t)).astype(complex), None, None,
               lambda: td.Cauchy(torch.tensor(0.0, dtype=torch.float64), torch.tensor(1.0, dtype=torch.float64)),
               lambda rng, size: rng.standard_cauchy(size)),
)}
GENERATING_KEYS = tuple(GENERATING)
# The t window of the MGF's figure, inside every radius: the exponential's MGF is finite for t < 1 only.
MGF_WINDOW = (-1.0, 0.8)
CF_WINDOW = (-4.0, 4.0)
DIFFERENCE_STEP = 1e-3   # the central differences that read M′(0) and M″(0) off the curve


def generating(key: str) -> Generating:
    return GENERATING[require_one_of("distribution", key, GENERATING_KEYS)]


@dataclass(frozen=True)
class MomentReading:
    """M′(0) and M″(0) read off the MGF by central differences (None without an MGF), the closed-form moments,
    and the library's mean and variance (nan where torch says they do not exist)."""
    key: str
    slope: float | None
    curvature: float | None
    mean: float | None
    second_moment: float | None
    library_mean: float
    library_variance: float


def read_moments(key: str) -> MomentReading:
    g = generating(key)
    library = g.library()
    slope = curvature = None
    if g.mgf is not None:
        h = DIFFERENCE_STEP
        m_minus, m_0, m_plus = (float(g.mgf(np.array(t))) for t in (-h, 0.0, h))
        slope, curvature = (m_plus - m_minus) / (2 * h), (m_plus - 2 * m_0 + m_minus) / (h * h)
    return MomentReading(key, slope, curvature, g.mean, g.second_moment, float(library.mean),
                         float(library.variance))


def mgf_curve(key: str, points: int = 201) -> tuple[np.ndarray, np.ndarray] | None:
    """M(t) over MGF_WINDOW (None where there is no MGF)."""
    g = generating(key)
    if g.mgf is None:
        return None
    t = np.linspace(*MGF_WINDOW, points)
    return t, np.asarray(g.mgf(t), dtype=float)


def standardised_mean_cf(key: str, n: int, t: np.ndarray) -> np.ndarray:
    """φ of Z_N = (X̄_N − μ)·√N/σ at t: e^{−itμ√N/σ} φ(t/(σ√N))^N. For the Cauchy, with no mean or variance,
    the mean of N draws itself: φ(t/N)^N = e^{−|t|}, whatever N."""
    g = generating(key)
    n = int(require_in_range("N", n, 1, 10_000))
    t = np.asarray(t, dtype=float)
    if g.sd is None:
        return g.cf(t / n) ** n
    scale = g.sd * math.sqrt(n)
    return np.exp(-1j * t * g.mean * n / scale) * g.cf(t / scale) ** n


def standardised_means(key: str, n: int, count: int, seed: int) -> np.ndarray:
    """`count` simulated values of Z_N (the Cauchy's: the plain mean), from `seed`."""
    g = generating(key)
    rng = np.random.default_rng(seed)
    draws = g.sample(rng, (count, int(n)))
    means = draws.mean(axis=1)
    if g.sd is None:
        return means
    return (means - g.mean) * math.sqrt(n) / g.sd


def empirical_cf(values: np.ndarray, t: np.ndarray) -> np.ndarray:
    """(1/M) Σ e^{itZ_m}: the characteristic function of the sample."""
    return np.exp(1j * np.outer(t, values)).mean(axis=1)


def normal_cf(t: np.ndarray) -> np.ndarray:
    return np.exp(-np.asarray(t, dtype=float) ** 2 / 2.0)


def distance_to_normal(key: str, n: int, points: int = 801) -> float:
    """sup over CF_WINDOW of |φ_N(t) − e^{−t²/2}|."""
    t = np.linspace(*CF_WINDOW, points)
    return float(np.max(np.abs(standardised_mean_cf(key, n, t) - normal_cf(t))))


# --- limits between families --------------------------------------------------------------------------------------

LIMIT_KEYS = ("binomial-poisson", "gamma-normal", "t-normal", "beta-normal")
LIMIT_RATE = 2.0      # λ of Binomial(n, λ/n) → Poisson(λ)
# How fast each distance shrinks: 1/n for the Binomial (Le Cam), 1/√k for the Gamma (its skewness 2/√k),
# 1/ν and 1/a for the symmetric t and Beta (their excess kurtosis 6/(ν − 4) and −6/(2a + 3)).
RATE_POWER = {"binomial-poisson": 1.0, "gamma-normal": 0.5, "t-normal": 1.0, "beta-normal": 1.0}
_Z = np.linspace(-12.0, 12.0, 6001)   # standardised axis for the continuous limits (trapezoid rule)


@dataclass(frozen=True)
class Limit:
    """One edge of the map at its parameter n: both distributions on one axis, and their total-variation
    distance."""
    key: str
    n: int
    x: np.ndarray
    approaching: np.ndarray     # Binomial pmf, or the standardised density of Gamma(n) / t(n) / Beta(n, n)
    limit: np.ndarray           # Poisson pmf, or N(0, 1)
    total_variation: float
    bound: float | None         # a known bound on it where one is simple (Le Cam: λ²/n for the Binomial)

    @property
    def scaled(self) -> float:
        """TV × n^RATE_POWER: it settles to a constant as n grows, which shows the rate."""
        return self.total_variation * self.n ** RATE_POWER[self.key]


def _standardised_density(key: str, n: int, z: np.ndarray) -> np.ndarray:
    if key == "gamma-normal":   # X ~ Gamma(n, 1): mean n, sd √n
        return math.sqrt(n) * stats.gamma.pdf(n + math.sqrt(n) * z, n)
    if key == "t-normal":       # the t itself: it tends to N(0, 1) without rescaling
        return stats.t.pdf(z, n)
    sd = 0.5 / math.sqrt(2 * n + 1)   # Beta(n, n): mean ½, variance 1/(4(2n + 1))
    return sd * stats.beta.pdf(0.5 + sd * z, n, n)


def _mass_outside_window(key: str, n: int) -> float:
    """The approaching distribution's mass beyond the standardised window (N(0, 1)'s there is below 1e-32):
    what the trapezoid rule does not see, and all of |f − g| out there (the t(3)'s is 1e-3)."""
    edge = float(_Z[-1])
    if key == "gamma-normal":
        return float(stats.gamma.cdf(n - edge * math.sqrt(n), n) + stats.gamma.sf(n + edge * math.sqrt(n), n))
    if key == "t-normal":
        return float(2.0 * stats.t.sf(edge, n))
    sd = 0.5 / math.sqrt(2 * n + 1)
    return float(2.0 * stats.beta.sf(min(1.0, 0.5 + edge * sd), n, n))


def limit(key: str, n: int) -> Limit:
    require_one_of("edge", key, LIMIT_KEYS)
    n = int(require_in_range("n", n, 1, 100_000))
    if key == "binomial-poisson":
        n = max(n, math.ceil(LIMIT_RATE))
        top = max(int(stats.poisson.ppf(1 - 1e-12, LIMIT_RATE)), 12)
        k = np.arange(0, max(top, min(n, 60)) + 1, dtype=float)
        binomial, poisson = stats.binom.pmf(k, n, LIMIT_RATE / n), stats.poisson.pmf(k, LIMIT_RATE)
        # The Poisson's mass beyond the last k (the Binomial has none beyond n ≥ k's end only when n ≤ top).
        tail = float(stats.poisson.sf(k[-1], LIMIT_RATE) + stats.binom.sf(k[-1], n, LIMIT_RATE / n))
        tv = 0.5 * (float(np.abs(binomial - poisson).sum()) + tail)
        return Limit(key, n, k, binomial, poisson, tv, LIMIT_RATE ** 2 / n)
    approaching, normal = _standardised_density(key, n, _Z), stats.norm.pdf(_Z)
    tv = 0.5 * (float(np.trapezoid(np.abs(approaching - normal), _Z)) + _mass_outside_window(key, n))
    shown = np.abs(_Z) <= 5.0
    return Limit(key, n, _Z[shown][::4], approaching[shown][::4], normal[shown][::4], tv, None)
