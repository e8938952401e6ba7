"""The /clt page's words: metric panels, the interpretation sentence and the figure captions
(docs/maths.md §1). Pure functions of a core.clt result."""

from __future__ import annotations

from core import clt
from explain import Panel
from i18n import N_, _
from explain.latex import power


DISTANCE_HELP = N_("Kolmogorov distance: the largest vertical gap between the CDF of Z_N and the "
                   "standard normal CDF Φ.")


def distance_text(distance: float) -> str:
    """Four decimals, or three significant digits for the uniform's tiny exact distances (2.75e-05 at N = 1000,
    which four decimals would show as 0.0000)."""
    return f"{distance:.4f}" if distance == 0 or distance >= 1e-3 else f"{distance:.3g}"


def distance_panel(result: clt.CltResult) -> Panel:
    """The distance from the normal at the current N: exact where the sum's law is known."""
    point, law, n = result.distance, result.law, result.n
    label = _("Distance from normal $D_N$")  # no N in it: the live N control updates the value under it
    definition = r"D_N = \sup_z \left| P(Z_N \le z) - \Phi(z) \right|"
    if point.exact:
        source = f"{law.mean:g}" if law.mean is not None else ""
        exactly, every = _("exactly, so"), _("for every")
        laws = {
            "exponential": rf"S_N \sim \mathrm{{Gamma}}({n}, 1),\ \ P(Z_N \le z) = F_{{\Gamma}}(N + z\sqrt{{N}})",
            "bernoulli": rf"S_N \sim \mathrm{{Binomial}}({n}, {source})",
            "poisson": rf"S_N \sim \mathrm{{Poisson}}({n} \times {source})",
            "normal": rf"Z_N \sim \mathcal{{N}}(0, 1)\ \text{{{exactly} }} D_N = 0",
            "cauchy": rf"\bar X_N \sim \mathrm{{Cauchy}}(0, 1)\ \text{{{every} }} N",
            "uniform": rf"S_N \sim \mathrm{{IrwinHall}}({n}),\ \ F(s) = \tfrac{{1}}{{N!}} \sum_{{k \le s}} "
                       rf"(-1)^k \tbinom{{N}}{{k}} (s - k)^N",
        }
        return Panel(label, distance_text(point.distance), (rf"{definition} = {point.distance:.6g}", laws[law.key]),
                     _("Computed from the law of the sum: no simulation noise."), note=_("exact"),
                     help=_(DISTANCE_HELP))
    formula = (rf"\hat D_N = \sup_z |\hat F_T(z) - \Phi(z)| = {point.distance:.4f}",
               rf"\pm \sqrt{{\ln 40 / 2}} / \sqrt{{T}} = {clt.DKW_95:.3f} / \sqrt{{{result.trials}}}"
               rf" = {point.error:.4f}")
    explanation = _("Monte-Carlo: the empirical CDF of the simulated means against Φ. The ± is the 95% "
                    "Dvoretzky–Kiefer–Wolfowitz band; noise only adds to the estimate, so one below twice the "
                    "band is mostly noise and no ratio is taken to it. Raise the number of trials to shrink it.")
    return Panel(label, f"{point.distance:.4f}", formula, explanation,
                 note=_("± {error} (Monte-Carlo, 95%)").format(error=f"{point.error:.4f}"), help=_(DISTANCE_HELP))


def interpretation(result: clt.CltResult) -> str:
    law, n, d = result.law, result.n, result.distance
    if not law.has_variance:
        return _("The mean of {n} Cauchy draws is again standard Cauchy: averaging changed nothing, and its distance "
                 "from the normal stays {distance} for every N.").format(n=n, distance=f"{d.distance:.3f}")
    if d.distance == 0:
        return _("Averages of normal draws are exactly normal, at N = {n} as at every N: there is nothing to "
                 "converge.").format(n=n)
    rate = rate_sentence(clt.convergence_rate(law))
    if not d.resolved:
        return _("At N = {n}, the CDF of the standardised mean of {law} is closer to the normal CDF than {trials} "
                 "simulated means can resolve: the estimate, {distance}, is below its 95% Monte-Carlo error "
                 "({error}).").format(n=n, law=law.label, trials=f"{result.trials:,}", distance=f"{d.distance:.3f}",
                                      error=f"{d.error:.3f}") + (f" {rate}" if rate else "")
    distance = f"{d.distance:.3f}" if d.exact else _("about {distance} (± {error})").format(
        distance=f"{d.distance:.3f}", error=f"{d.error:.3f}")
    if result.looseness:
        sentence = _("At N = {n}, the CDF of the standardised mean of {law} is within {distance} of the normal CDF "
                     "everywhere; the Berry–Esseen guarantee ({bound}) is {times}× looser.").format(
            n=n, law=law.label, distance=distance, bound=f"{result.berry_esseen:.3f}", times=f"{result.looseness:.1f}")
    else:
        sentence = _("At N = {n}, the CDF of the standardised mean of {law} is within {distance} of the normal CDF "
                     "everywhere.").format(n=n, law=law.label, distance=distance)
    return sentence + (f" {rate}" if rate else "")


def histogram_caption(result: clt.CltResult) -> str:
    """What the histogram leaves out at the current N (a heavy tail can put means beyond its range)."""
    frame = next(frame for frame in result.frames if frame.n == result.n)
    low, high = clt.HIST_RANGE
    what = "z" if result.law.has_variance else _("the mean")
    where = f"{what} ∈ [{low:g}, {high:g}]".replace("-", "−")
    if frame.fraction_outside == 0:
        return _("N = {n}: every simulated value lies in {where}.").format(n=result.n, where=where)
    share = _("under 0.1%") if frame.fraction_outside < 0.001 else f"{frame.fraction_outside:.1%}"
    return _("N = {n}: {share} of the simulated values fall outside {where} and are not drawn.").format(
        n=result.n, share=share, where=where)


def rate_sentence(rate: clt.ConvergenceRate) -> str:
    """How the distance shrinks as N grows, for the source's own rate (core.clt.convergence_rate)."""
    if rate.order == "sqrt":
        return _("It falls like {constant}/√N (the first Edgeworth term): quadrupling N halves the distance.").format(
            constant=f"{rate.constant:.3f}")
    if rate.order == "linear":
        return _("With skewness 0 the first Edgeworth term γ₁φ(0)/(6√N) vanishes, so it falls like {constant}/N "
                 "(the kurtosis term): quadrupling N divides the distance by four.").format(
            constant=f"{rate.constant:.4f}")
    return ""


def convergence_caption(law: clt.SourceLaw) -> str:
    if not law.has_variance:
        return _("Flat: the mean of N Cauchy draws has the same law for every N, so its distance from the "
                 "normal never shrinks. No bound or expansion applies.")
    if law.key == "normal":
        return _("Zero at every N: there is nothing to converge. The bound still holds, uselessly.")
    rate = clt.convergence_rate(law)
    if rate.order == "linear":
        return _("The Berry–Esseen bound holds for every law with the same ρ/σ³ and falls like 1/√N. This source is "
                 "symmetric (skewness 0), so the first-order Edgeworth term is zero and the actual distance falls "
                 "faster, like 1/N ({constant}/N): on these log-log axes its slope is −1, the bound's −½.").format(
            constant=f"{rate.constant:.4f}")
    lattice = (" " + _("For a lattice law the jumps of the step-function CDF add a term of the same order, "
                       "h φ(0) / (2σ√N).") if law.lattice_span else "")
    return _("The Berry–Esseen bound holds for every law with the same ρ/σ³; the Edgeworth term predicts the actual "
             "distance once N is moderate. Both fall like 1/√N.") + lattice


def metric_panels(result: clt.CltResult) -> list[Panel]:
    """The page's four key numbers: distance, Berry–Esseen bound, their ratio, standard error."""
    law = result.law
    panels = [distance_panel(result)]
    if result.berry_esseen is not None:
        panels.append(Panel(
            _("Berry–Esseen bound"), f"{result.berry_esseen:.4f}",
            rf"\frac{{C\,\rho}}{{\sigma^3 \sqrt{{N}}}} = \frac{{{clt.BERRY_ESSEEN_C} \times "
            rf"{law.abs_third_moment:.5g}}}{{{power(law.sd, 3, '.5g')} \times \sqrt{{{result.n}}}}}"
            rf" = {result.berry_esseen:.4f}",
            _("ρ = E|X − μ|³ is the absolute third central moment (ρ/σ³ = {ratio} for {law}); C = {c} is the best "
              "known constant for i.i.d. sums.").format(ratio=f"{law.berry_esseen_ratio:.5g}", law=law.label,
                                                       c=clt.BERRY_ESSEEN_C),
            note=_("worst-case guarantee")))
    else:
        panels.append(Panel(_("Berry–Esseen bound"), _("does not apply"),
                            help=_("The bound needs a finite third absolute moment; the Cauchy has none.")))
    if result.looseness is not None:
        panels.append(Panel(
            _("Bound ÷ actual distance"), f"{result.looseness:.1f}×",
            rf"\frac{{{result.berry_esseen:.4f}}}{{{result.distance.distance:.4f}}} = {result.looseness:.2f}",
            _("How many times larger the guarantee is than the distance actually reached: a worst-case bound over all "
              "laws with this ρ/σ³, so it is loose for any particular one."), note=_("guarantee ÷ reality")))
    else:
        panels.append(Panel(_("Bound ÷ actual distance"), "—",
                            help=_("Undefined: the distance is zero, the bound does not apply, or the simulated "
                                   "distance is below its Monte-Carlo error (raise the number of simulated means).")))
    if result.standard_error is not None:
        panels.append(Panel(
            _("Standard error of the mean"), f"{result.standard_error:.4g}",
            rf"\frac{{\sigma}}{{\sqrt{{N}}}} = \frac{{{law.sd:.5g}}}{{\sqrt{{{result.n}}}}}"
            rf" = {result.standard_error:.4g}",
            _("100× the data buys only 10× the precision."), note="σ / √N"))
    else:
        panels.append(Panel(_("Standard error of the mean"), "∞", help=_("σ is infinite for the Cauchy.")))
    return panels

# Each source law as scipy.stats writes it, for the snippet.
SCIPY_LAWS = {"exponential": "stats.expon()", "uniform": "stats.uniform()", "bernoulli": "stats.bernoulli({p})",
              "poisson": "stats.poisson({rate})", "lognormal": "stats.lognorm(1.0)", "normal": "stats.norm()"}


def snippet(result: clt.CltResult, law: clt.SourceLaw) -> str:
    """A numpy/scipy script that reproduces the page's Berry-Esseen bound, standard error and distance (a law
    with a variance)."""
    moment_comment = _("absolute third central moment")
    distance_comment = _("Monte-Carlo distance of Z_N from N(0, 1) (this page's draws come from its own seeded "
                         "streams)")
    return f"""
import numpy as np
from scipy import stats

N, trials, seed = {result.n}, {result.trials}, {result.seed}
law = {SCIPY_LAWS[law.key].format(p=law.mean, rate=law.mean)}
mu, sigma = law.mean(), law.std()
rho = law.expect(lambda x: abs(x - mu) ** 3)          # {moment_comment}
print("Berry-Esseen bound:", {clt.BERRY_ESSEEN_C} * rho / (sigma**3 * np.sqrt(N)))
print("standard error:", sigma / np.sqrt(N))
# {distance_comment}
rng = np.random.default_rng(seed)
z = np.sort((law.rvs(size=(trials, N), random_state=rng).mean(axis=1) - mu) / (sigma / np.sqrt(N)))
ecdf = np.arange(1, trials + 1) / trials
print("distance (Monte-Carlo):", max(np.abs(ecdf - stats.norm.cdf(z)).max(),
                                     np.abs(ecdf - 1 / trials - stats.norm.cdf(z)).max()))
"""


def settings_summary(result: clt.CltResult, trials: int) -> list[str]:
    """What the Settings panel holds besides the seed, for the line beside it: the source, how many means."""
    return [result.law.label, _("{trials} simulated means").format(trials=f"{trials:,}")]
