"""The /clt page's words: metric panels, the interpretation sentence and the figure captions
(docs/maths.md §1). Pure functions of a core.clt result."""

from __future__ import annotations

from core import clt
from explain import Panel
from ui.latex import power


DISTANCE_HELP = ("Kolmogorov distance: the largest vertical gap between the CDF of Z_N and the "
                 "standard normal CDF Φ.")


def distance_panel(result: clt.CltResult) -> Panel:
    """The distance from the normal at the current N: exact where the sum's law is known."""
    point, law, n = result.distance, result.law, result.n
    label = "Distance from normal D_N"  # no N in it: the live N control updates the value under it
    definition = r"D_N = \sup_z \left| P(Z_N \le z) - \Phi(z) \right|"
    if point.exact:
        source = f"{law.mean:g}" if law.mean is not None else ""
        laws = {
            "exponential": rf"S_N \sim \mathrm{{Gamma}}({n}, 1),\ \ P(Z_N \le z) = F_{{\Gamma}}(N + z\sqrt{{N}})",
            "bernoulli": rf"S_N \sim \mathrm{{Binomial}}({n}, {source})",
            "poisson": rf"S_N \sim \mathrm{{Poisson}}({n} \times {source})",
            "normal": r"Z_N \sim \mathcal{N}(0, 1)\ \text{exactly, so } D_N = 0",
            "cauchy": r"\bar X_N \sim \mathrm{Cauchy}(0, 1)\ \text{for every } N",
        }
        return Panel(label, f"{point.distance:.4f}", (rf"{definition} = {point.distance:.6f}", laws[law.key]),
                     "Computed from the law of the sum: no simulation noise.", note="exact", help=DISTANCE_HELP)
    formula = (rf"\hat D_N = \sup_z |\hat F_T(z) - \Phi(z)| = {point.distance:.4f}",
               rf"\pm \sqrt{{\ln 40 / 2}} / \sqrt{{T}} = {clt.DKW_95:.3f} / \sqrt{{{result.trials}}}"
               rf" = {point.error:.4f}")
    explanation = ("Monte-Carlo: the empirical CDF of the simulated means against Φ. The ± is the 95% "
                   "Dvoretzky–Kiefer–Wolfowitz band, so distances below it cannot be resolved; raise "
                   "the number of trials to shrink it.")
    return Panel(label, f"{point.distance:.4f}", formula, explanation, note=f"± {point.error:.4f} (Monte-Carlo, 95%)",
                 help=DISTANCE_HELP)


def interpretation(result: clt.CltResult) -> str:
    law, n, d = result.law, result.n, result.distance
    if not law.has_variance:
        return (f"The mean of {n} Cauchy draws is again standard Cauchy: averaging changed nothing, and "
                f"its distance from the normal stays {d.distance:.3f} for every N.")
    if d.distance == 0:
        return f"Averages of normal draws are exactly normal, at N = {n} as at every N: there is nothing to converge."
    rate = rate_sentence(clt.convergence_rate(law))
    if not d.resolved:
        return (f"At N = {n}, the CDF of the standardised mean of {law.label} is closer to the normal CDF than "
                f"{result.trials:,} simulated means can resolve: the estimate, {d.distance:.3f}, is below its 95% "
                f"Monte-Carlo error ({d.error:.3f}). {rate}")
    distance = f"{d.distance:.3f}" if d.exact else f"about {d.distance:.3f} (± {d.error:.3f})"
    loose = f"; the Berry–Esseen guarantee ({result.berry_esseen:.3f}) is {result.looseness:.1f}× looser" \
        if result.looseness else ""
    return (f"At N = {n}, the CDF of the standardised mean of {law.label} is within {distance} of the normal "
            f"CDF everywhere{loose}. {rate}")


def histogram_caption(result: clt.CltResult) -> str:
    """What the histogram leaves out at the current N (a heavy tail can put means beyond its range)."""
    frame = next(frame for frame in result.frames if frame.n == result.n)
    low, high = clt.HIST_RANGE
    where = f"{'z' if result.law.has_variance else 'the mean'} ∈ [{low:g}, {high:g}]".replace("-", "−")
    if frame.fraction_outside == 0:
        return f"N = {result.n}: every simulated value lies in {where}."
    share = "under 0.1%" if frame.fraction_outside < 0.001 else f"{frame.fraction_outside:.1%}"
    return f"N = {result.n}: {share} of the simulated values fall outside {where} and are not drawn."


def rate_sentence(rate: clt.ConvergenceRate) -> str:
    """How the distance shrinks as N grows, for the source's own rate (core.clt.convergence_rate)."""
    if rate.order == "sqrt":
        return (f"It falls like {rate.constant:.3f}/√N (the first Edgeworth term): quadrupling N halves "
                "the distance.")
    if rate.order == "linear":
        return (f"With skewness 0 the first Edgeworth term γ₁φ(0)/(6√N) vanishes, so it falls like "
                f"{rate.constant:.4f}/N (the kurtosis term): quadrupling N divides the distance by four.")
    return ""


def convergence_caption(law: clt.SourceLaw) -> str:
    if not law.has_variance:
        return ("Flat: the mean of N Cauchy draws has the same law for every N, so its distance from the "
                "normal never shrinks. No bound or expansion applies.")
    if law.key == "normal":
        return "Zero at every N: there is nothing to converge. The bound still holds, uselessly."
    rate = clt.convergence_rate(law)
    if rate.order == "linear":
        return ("The Berry–Esseen bound holds for every law with the same ρ/σ³ and falls like 1/√N. This "
                "source is symmetric (skewness 0), so the first-order Edgeworth term is zero and the actual "
                f"distance falls faster, like 1/N ({rate.constant:.4f}/N): on these log-log axes its slope "
                "is −1, the bound's −½.")
    lattice = (" For a lattice law the jumps of the step-function CDF add a term of the same order, "
               "h φ(0) / (2σ√N)." if law.lattice_span else "")
    return ("The Berry–Esseen bound holds for every law with the same ρ/σ³; the Edgeworth term predicts "
            "the actual distance once N is moderate. Both fall like 1/√N." + lattice)


def metric_panels(result: clt.CltResult) -> list[Panel]:
    """The page's four key numbers: distance, Berry–Esseen bound, their ratio, standard error."""
    law = result.law
    panels = [distance_panel(result)]
    if result.berry_esseen is not None:
        panels.append(Panel(
            "Berry–Esseen bound", f"{result.berry_esseen:.4f}",
            rf"\frac{{C\,\rho}}{{\sigma^3 \sqrt{{N}}}} = \frac{{{clt.BERRY_ESSEEN_C} \times "
            rf"{law.abs_third_moment:.5g}}}{{{power(law.sd, 3, '.5g')} \times \sqrt{{{result.n}}}}}"
            rf" = {result.berry_esseen:.4f}",
            rf"ρ = E|X − μ|³ is the absolute third central moment (ρ/σ³ = {law.berry_esseen_ratio:.5g} for "
            f"{law.label}); C = {clt.BERRY_ESSEEN_C} is the best known constant for i.i.d. sums.",
            note="worst-case guarantee"))
    else:
        panels.append(Panel("Berry–Esseen bound", "does not apply",
                            help="The bound needs a finite third absolute moment; the Cauchy has none."))
    if result.looseness is not None:
        panels.append(Panel(
            "Bound ÷ actual distance", f"{result.looseness:.1f}×",
            rf"\frac{{{result.berry_esseen:.4f}}}{{{result.distance.distance:.4f}}} = {result.looseness:.2f}",
            "How many times larger the guarantee is than the distance actually reached: a worst-case bound "
            "over all laws with this ρ/σ³, so it is loose for any particular one.", note="guarantee ÷ reality"))
    else:
        panels.append(Panel("Bound ÷ actual distance", "—",
                            help="Undefined: the distance is zero, the bound does not apply, or the simulated "
                                 "distance is below its Monte-Carlo error (raise the number of simulated means)."))
    if result.standard_error is not None:
        panels.append(Panel(
            "Standard error of the mean", f"{result.standard_error:.4g}",
            rf"\frac{{\sigma}}{{\sqrt{{N}}}} = \frac{{{law.sd:.5g}}}{{\sqrt{{{result.n}}}}}"
            rf" = {result.standard_error:.4g}",
            "100× the data buys only 10× the precision.", note="σ / √N"))
    else:
        panels.append(Panel("Standard error of the mean", "∞", help="σ is infinite for the Cauchy."))
    return panels
