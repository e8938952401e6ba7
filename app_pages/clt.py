"""CLT convergence (/clt): what does averaging do to a skewed distribution, and how fast?

URL keys (stable; shared links depend on them):
    dist    source distribution: exponential, uniform, bernoulli, poisson, lognormal, normal, cauchy
    p       Bernoulli success probability (0.01 to 0.99), used when dist=bernoulli
    rate    Poisson rate (0.1 to 20), used when dist=poisson
    n       draws per mean, from 1, 2, 3, 5, 10, 20, 30, 50, 100, 200, 300, 500, 1000
    trials  number of simulated means (500 to 20000)
    seed    random seed (0 to 2**32 - 1)
"""

from __future__ import annotations

import streamlit as st

from core import clt
from ui import controls
from ui.latex import power
from ui.layout import CACHE_TTL, page_cache, show_figure, show_input_error, show_snippet
from viz.clt import convergence_figure, histogram_figure, lln_figure

DIST_LABELS = {
    "exponential": "Exponential(1): skewed to the right (skewness 2).",
    "uniform": "Uniform(0, 1): flat and symmetric.",
    "bernoulli": "Bernoulli(p): a coin that lands 1 with probability p.",
    "poisson": "Poisson(λ): counts of rare events.",
    "lognormal": "LogNormal(0, 1): very skewed (skewness 6.2), heavy right tail.",
    "normal": "Normal(0, 1): averages of normals are exactly normal.",
    "cauchy": "Cauchy(0, 1): no mean, no variance: the counter-example.",
}
TRIAL_OPTIONS = (500, 1000, 2000, 5000, 10000, 20000)
PRESETS = {
    "Skewed: exponential": {"dist": "exponential", "n": 30, "trials": 2000},
    "Rare coin: Bernoulli(0.1)": {"dist": "bernoulli", "p": 0.1, "n": 30, "trials": 2000},
    "No CLT: Cauchy": {"dist": "cauchy", "n": 100, "trials": 2000},
    "Already normal": {"dist": "normal", "n": 1, "trials": 2000},
}


@page_cache("data", ttl=CACHE_TTL, max_entries=64, show_spinner="Simulating means…")
def cached_experiment(dist: str, n: int, trials: int, seed: int, p: float, rate: float) -> clt.CltResult:
    return clt.clt_experiment(dist, n, trials, seed, p=p, rate=rate)


# Figures are cached as live objects (cache_resource), with the wire form each one computes on
# first use (viz.theme.precomputed); cache_data would copy them on every rerun. Nothing mutates them.
# The law-of-large-numbers figure depends on neither N nor the number of simulated means: cached
# on its own, it is not rebuilt (~30 ms) when either moves.
@page_cache("resource", ttl=CACHE_TTL, max_entries=32, show_spinner=False)
def cached_lln_figure(dist: str, seed: int, p: float, rate: float):
    running = clt.running_means(dist, clt.MAX_N, 5, seed, p=p, rate=rate)
    return lln_figure(running, clt.source_law(dist, p=p, rate=rate))


@page_cache("resource", ttl=CACHE_TTL, max_entries=32, show_spinner=False)
def cached_figures(dist: str, n: int, trials: int, seed: int, p: float, rate: float):
    result = cached_experiment(dist, n, trials, seed, p, rate)
    return histogram_figure(result), convergence_figure(result), cached_lln_figure(dist, seed, p, rate)


def distance_panel(result: clt.CltResult) -> tuple[str, str, list[str], str]:
    """(value, note, formula, explanation) for the distance metric."""
    point, law, n = result.distance, result.law, result.n
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
        formula = [rf"{definition} = {point.distance:.6f}", laws[law.key]]
        return f"{point.distance:.4f}", "exact", formula, "Computed from the law of the sum: no simulation noise."
    formula = [rf"\hat D_N = \sup_z |\hat F_T(z) - \Phi(z)| = {point.distance:.4f}",
               rf"\pm \sqrt{{\ln 40 / 2}} / \sqrt{{T}} = 1.358 / \sqrt{{{result.trials}}} = {point.error:.4f}"]
    explanation = ("Monte-Carlo: the empirical CDF of the simulated means against Φ. The ± is the 95% "
                   "Dvoretzky–Kiefer–Wolfowitz band, so distances below it cannot be resolved; raise "
                   "the number of trials to shrink it.")
    return f"{point.distance:.4f}", f"± {point.error:.4f} (Monte-Carlo, 95%)", formula, explanation


def interpretation(result: clt.CltResult) -> str:
    law, n, d = result.law, result.n, result.distance
    if not law.has_variance:
        return (f"The mean of {n} Cauchy draws is again standard Cauchy: averaging changed nothing, and "
                f"its distance from the normal stays {d.distance:.3f} for every N.")
    if d.distance == 0:
        return f"Averages of normal draws are exactly normal, at N = {n} as at every N: there is nothing to converge."
    distance = f"{d.distance:.3f}" if d.exact else f"about {d.distance:.3f} (± {d.error:.3f})"
    loose = f"; the Berry–Esseen guarantee ({result.berry_esseen:.3f}) is {result.looseness:.1f}× looser" \
        if result.looseness else ""
    return (f"At N = {n}, the CDF of the standardised mean of {law.label} is within {distance} of the normal "
            f"CDF everywhere{loose}. {rate_sentence(clt.convergence_rate(law))}")


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


notice_area = controls.start_page("Central limit theorem: how fast does averaging make things normal?",
            "What does averaging do to a skewed distribution, and how fast? Pick a source, then drag "
            "N under the histogram to watch the standardised mean turn into a bell curve, or not.")

with st.sidebar:
    controls.preset_buttons(PRESETS, where=st.sidebar, key_prefix="clt-preset")
    st.divider()
    dist = controls.selectbox("Source distribution", "dist", clt.DISTRIBUTIONS, "exponential",
                              help="; ".join(f"{name}: {text}" for name, text in DIST_LABELS.items()))
    st.caption(DIST_LABELS[dist])
    p = controls.slider("Bernoulli p", "p", 0.01, 0.99, 0.5, step=0.01) if dist == "bernoulli" else 0.5
    rate = controls.slider("Poisson rate λ", "rate", 0.1, 20.0, 1.0, step=0.1) if dist == "poisson" else 1.0
    n = controls.select_slider("Draws per mean N", "n", clt.N_FRAMES, 30,
                               help="How many draws are averaged into each mean.")
    trials = controls.select_slider("Simulated means", "trials", TRIAL_OPTIONS, 2000,
                                    help="How many means are simulated for the histogram.")
    seed = controls.seed_input(st.sidebar)
controls.show_url_notices(notice_area)

try:
    result = cached_experiment(dist, int(n), int(trials), int(seed), float(p), float(rate))
    histogram, convergence, lln = cached_figures(dist, int(n), int(trials), int(seed), float(p), float(rate))
except ValueError as error:
    show_input_error(error, "the simulation")
    st.stop()

law = result.law
if not law.has_variance:
    st.info("**Why the CLT fails here.** The Cauchy distribution has no mean and no variance "
            "(E|X| = ∞), so there is no σ to standardise by and no Berry–Esseen bound (it needs "
            "E|X − μ|³ < ∞). The mean of N standard Cauchy draws is exactly standard Cauchy again: "
            "the histogram below is the raw mean, and it never narrows.", icon=":material/block:")

st.markdown(f"**{interpretation(result)}**")

metric_columns = st.columns(4)
value, note, formula, explanation = distance_panel(result)
controls.metric_with_formula(metric_columns[0], f"Distance from normal at N = {result.n}", value, formula,
                             explanation, note=note,
                             help="Kolmogorov distance: the largest vertical gap between the CDF "
                                               "of Z_N and the standard normal CDF Φ.")
if result.berry_esseen is not None:
    ratio = law.berry_esseen_ratio
    controls.metric_with_formula(
        metric_columns[1], "Berry–Esseen bound", f"{result.berry_esseen:.4f}",
        rf"\frac{{C\,\rho}}{{\sigma^3 \sqrt{{N}}}} = \frac{{{clt.BERRY_ESSEEN_C} \times {law.abs_third_moment:.5g}}}"
        rf"{{{power(law.sd, 3, '.5g')} \times \sqrt{{{result.n}}}}} = {result.berry_esseen:.4f}",
        rf"ρ = E|X − μ|³ is the absolute third central moment (ρ/σ³ = {ratio:.5g} for {law.label}); "
        f"C = {clt.BERRY_ESSEEN_C} is the best known constant for i.i.d. sums.", note="worst-case guarantee")
else:
    metric_columns[1].metric("Berry–Esseen bound", "does not apply",
                             help="The bound needs a finite third absolute moment; the Cauchy has none.")
if result.looseness is not None:
    controls.metric_with_formula(
        metric_columns[2], "Bound ÷ actual distance", f"{result.looseness:.1f}×",
        rf"\frac{{{result.berry_esseen:.4f}}}{{{result.distance.distance:.4f}}} = {result.looseness:.2f}",
        "How many times larger the guarantee is than the distance actually reached: a worst-case bound "
        "over all laws with this ρ/σ³, so it is loose for any particular one.", note="guarantee ÷ reality")
else:
    metric_columns[2].metric("Bound ÷ actual distance", "—",
                             help="Undefined: the distance is zero or the bound does not apply.")
if result.standard_error is not None:
    controls.metric_with_formula(
        metric_columns[3], "Standard error of the mean", f"{result.standard_error:.4g}",
        rf"\frac{{\sigma}}{{\sqrt{{N}}}} = \frac{{{law.sd:.5g}}}{{\sqrt{{{result.n}}}}} = {result.standard_error:.4g}",
        "100× the data buys only 10× the precision.", note="σ / √N")
else:
    metric_columns[3].metric("Standard error of the mean", "∞", help="σ is infinite for the Cauchy.")

show_figure(histogram, "clt-histogram")
st.caption("Drag the N slider under the histogram: every frame is precomputed, so it moves instantly. "
           "The controls on the left set N for the numbers above.")

left, right = st.columns(2)
with left:
    show_figure(convergence, "clt-convergence")
    st.caption(convergence_caption(law))
with right:
    show_figure(lln, "clt-lln")
    st.caption("Each run is one seeded sequence of draws. The running mean settles inside the σ/√t band "
               "(law of large numbers); Chebyshev's 95% band needs no shape assumption and is wider.")

SCIPY_LAWS = {"exponential": "stats.expon()", "uniform": "stats.uniform()", "bernoulli": "stats.bernoulli({p})",
              "poisson": "stats.poisson({rate})", "lognormal": "stats.lognorm(1.0)", "normal": "stats.norm()"}
if law.has_variance:
    show_snippet(f"""
import numpy as np
from scipy import stats

N, trials, seed = {result.n}, {result.trials}, {result.seed}
law = {SCIPY_LAWS[law.key].format(p=law.mean, rate=law.mean)}
mu, sigma = law.mean(), law.std()
rho = law.expect(lambda x: abs(x - mu) ** 3)          # absolute third central moment
print("Berry-Esseen bound:", {clt.BERRY_ESSEEN_C} * rho / (sigma**3 * np.sqrt(N)))
print("standard error:", sigma / np.sqrt(N))
# Monte-Carlo distance of Z_N from N(0, 1) (this page's draws come from its own seeded streams)
rng = np.random.default_rng(seed)
z = np.sort((law.rvs(size=(trials, N), random_state=rng).mean(axis=1) - mu) / (sigma / np.sqrt(N)))
ecdf = np.arange(1, trials + 1) / trials
print("distance (Monte-Carlo):", max(np.abs(ecdf - stats.norm.cdf(z)).max(),
                                     np.abs(ecdf - 1 / trials - stats.norm.cdf(z)).max()))
""")

