"""MVN conditioning (/mvn): what does observing x2 tell us about x1?

URL keys (stable; shared links depend on them):
    tab        Conditioning (default) or High dimensions
    mu1, mu2   the means (-100 to 100)
    s1, s2     the standard deviations (0.01 to 100)
    rho        the correlation (-1 to 1; |rho| = 1 is singular and gets regularised)
    x2         the observed value of x2
    eps        the ridge eps added to the diagonal when the covariance is singular
    samples    number of seeded samples drawn in the joint plot (100 to 5000)
    seed       random seed (0 to 2**32 - 1)
"""

from __future__ import annotations

import streamlit as st

from core import mvn
from ui import controls
from ui.latex import operand, power
from ui.layout import CACHE_TTL, metric_slots, page_cache, show_figure, show_input_error, show_snippet
from viz import mvn as figures

TABS = ("Conditioning", "High dimensions")
SQRT2 = 2.0**0.5
PRESETS = {
    "Worked example: Σ = [[2, 0.8], [0.8, 1]], x₂ = −1": {
        "mu1": 1.0, "mu2": -2.0, "s1": SQRT2, "s2": 1.0, "rho": 0.8 / SQRT2, "x2": -1.0},
    "Independent (ρ = 0): x₂ says nothing": {"mu1": 0.0, "mu2": 0.0, "s1": 1.0, "s2": 1.0, "rho": 0.0, "x2": 1.5},
    "Strong correlation (ρ = 0.95)": {"mu1": 0.0, "mu2": 0.0, "s1": 1.0, "s2": 1.0, "rho": 0.95, "x2": 1.5},
    "Negative correlation (ρ = −0.7)": {"mu1": 0.0, "mu2": 0.0, "s1": 2.0, "s2": 1.0, "rho": -0.7, "x2": 1.0},
    "Degenerate (ρ = 1)": {"mu1": 0.0, "mu2": 0.0, "s1": 1.0, "s2": 1.0, "rho": 1.0, "x2": 1.0},
}


@page_cache("resource", ttl=CACHE_TTL, max_entries=128, show_spinner=False)
def conditioning_view(mu1, mu2, s1, s2, rho, x2, eps, samples, seed):
    cond = mvn.condition(mu1, mu2, s1, s2, rho, x2, eps=eps)
    points = mvn.sample(cond.mean, cond.factor, samples, seed)
    return cond, figures.joint_figure(cond, points), figures.marginal_vs_conditional_figure(cond)


@page_cache("resource", ttl=CACHE_TTL, max_entries=16, show_spinner="Drawing high-dimensional samples…")
def shell_view(seed):
    summaries = mvn.norm_concentration(mvn.HIGH_DIMENSIONS, 2000, seed)
    shown = [s for s in summaries if s.dimension in (1, 10, 100, 1000)]
    return summaries, figures.shell_figure(shown), figures.relative_spread_figure(summaries)


def interpretation(cond: mvn.Conditioning) -> str:
    if abs(cond.correlation) < 1e-9:
        return (f"x₁ and x₂ are uncorrelated, so observing x₂ = {cond.observed:g} changes nothing: "
                f"x₁ stays N({cond.mean[0]:.3g}, {cond.cov[0, 0]:.3g}).")
    direction = "up" if cond.cond_mean > cond.mean[0] else "down"
    return (f"Observing x₂ = {cond.observed:g} moves the best guess for x₁ {direction} from {cond.mean[0]:.3g} to "
            f"{cond.cond_mean:.3g} and shrinks its variance by {100 * cond.variance_reduction:.1f}% "
            f"(= ρ² with ρ = {cond.correlation:.3f}), whatever value x₂ took.")


def conditioning_metrics(cond: mvn.Conditioning) -> None:
    c = cond.cov
    slots = metric_slots(6, per_row=3)
    controls.metric_with_formula(
        slots[0], "Conditional mean E[x₁ | x₂]", f"{cond.cond_mean:.4f}",
        [r"\mu_{1|2} = \mu_1 + \frac{\Sigma_{12}}{\Sigma_{22}}(a - \mu_2)",
         rf"= {cond.mean[0]:.4g} + \frac{{{c[0, 1]:.4g}}}{{{c[1, 1]:.4g}}}"
         rf"({cond.observed:g} - {operand(cond.mean[1], '.4g')}) = {cond.cond_mean:.4f}"],
        note=f"was {cond.mean[0]:.4g}")
    controls.metric_with_formula(
        slots[1], "Conditional variance Σ₁|₂", f"{cond.cond_var:.4f}",
        [r"\Sigma_{1|2} = \Sigma_{11} - \Sigma_{12}\,\Sigma_{22}^{-1}\,\Sigma_{21}",
         rf"= {c[0, 0]:.4g} - \frac{{{power(c[0, 1], 2, '.4g')}}}{{{c[1, 1]:.4g}}} = {cond.cond_var:.4f}"],
        "The Schur complement of Σ₂₂. It does not depend on the observed value a.",
        note=f"sd {cond.cond_sd:.4f}")
    controls.metric_with_formula(
        slots[2], "Variance reduction", f"{100 * cond.variance_reduction:.1f}%",
        rf"1 - \frac{{\Sigma_{{1|2}}}}{{\Sigma_{{11}}}} = 1 - \frac{{{cond.cond_var:.4g}}}{{{c[0, 0]:.4g}}}"
        rf" = \rho^2 = {cond.variance_reduction:.4f}",
        "Observing x₂ never increases the uncertainty about x₁: Σ₁|₂ ≤ Σ₁₁.", note="never negative")
    controls.metric_with_formula(
        slots[3], "Correlation ρ", f"{cond.correlation:.4f}",
        rf"\rho = \frac{{\Sigma_{{12}}}}{{\sqrt{{\Sigma_{{11}}\Sigma_{{22}}}}}} = \frac{{{c[0, 1]:.4g}}}"
        rf"{{\sqrt{{{c[0, 0]:.4g} \times {c[1, 1]:.4g}}}}} = {cond.correlation:.4f}", note="of the covariance used")
    controls.metric_with_formula(
        slots[4], "Gain Σ₁₂ / Σ₂₂", f"{cond.gain:.4f}",
        rf"\frac{{\Sigma_{{12}}}}{{\Sigma_{{22}}}} = \frac{{{c[0, 1]:.4g}}}{{{c[1, 1]:.4g}}} = {cond.gain:.4f}",
        "The slope of the regression line E[x₁ | x₂]: how far x₁'s guess moves per unit of surprise in x₂.",
        note="slope of E[x₁ | x₂]")
    f = cond.factor
    controls.metric_with_formula(
        slots[5], "log-determinant log|Σ|", f"{cond.log_det:.4f}",
        [rf"L = \begin{{pmatrix}} {f[0, 0]:.4f} & 0 \\ {f[1, 0]:.4f} & {f[1, 1]:.4f} \end{{pmatrix}},"
         r"\quad LL^\top = \Sigma",
         rf"\log|\Sigma| = 2\sum_i \log L_{{ii}} = 2(\log {f[0, 0]:.4f} + \log {f[1, 1]:.4f}) = {cond.log_det:.4f}"],
        "The Cholesky factor L gives the density without inverting Σ: a triangular solve and the log of "
        "its diagonal.", note="via the Cholesky factor")


def conditioning_tab(values: dict) -> None:
    try:
        cond, joint, slices = conditioning_view(**values)
    except ValueError as error:
        show_input_error(error, "the conditional")
        return
    if cond.regularised_by:
        st.warning(f"**The covariance is not positive definite** (|ρ| = 1: every sample lies on one line, "
                   f"so x₂ determines x₁ exactly and there is no density). To keep going the page uses "
                   f"Σ + εI with ε = {cond.regularised_by:g}: the ellipses become very thin and the "
                   f"conditional variance is tiny ({cond.cond_var:.3g}) instead of exactly 0. Lower |ρ| "
                   "to leave the degenerate case.", icon=":material/warning:")
    st.markdown(f"**{interpretation(cond)}**")
    conditioning_metrics(cond)
    show_snippet(f"""
import numpy as np
from scipy import linalg

mu = np.array([{cond.mean[0]!r}, {cond.mean[1]!r}])
Sigma = np.array([[{cond.cov[0, 0]!r}, {cond.cov[0, 1]!r}], [{cond.cov[1, 0]!r}, {cond.cov[1, 1]!r}]])
a = {cond.observed!r}
gain = Sigma[0, 1] / Sigma[1, 1]
print("conditional mean:", mu[0] + gain * (a - mu[1]))
print("conditional variance:", Sigma[0, 0] - Sigma[0, 1] ** 2 / Sigma[1, 1])
L = linalg.cholesky(Sigma, lower=True)
print("log|Sigma|:", 2 * np.log(np.diag(L)).sum())
""")
    left, right = st.columns([1.25, 1], gap="medium")
    with left:
        show_figure(joint, "mvn-joint")
    with right:
        show_figure(slices, "mvn-conditional")
        st.caption("The conditional is narrower than the marginal whenever ρ ≠ 0, and its width does not "
                   "depend on where x₂ landed: only its centre moves, along the regression line.")


def high_dimension_tab(seed: int) -> None:
    st.markdown("**In high dimensions almost no Gaussian draw lies near the mode.** The norm |x| of "
                "x ~ N(0, I_d) concentrates at √d with a spread that stays near 1/√2, so relative to its size "
                "the shell gets thinner and thinner: the typical set is a thin shell, not the peak.")
    try:
        summaries, shell, spread = shell_view(int(seed))
    except ValueError as error:
        show_input_error(error, "the samples")
        return
    last = summaries[-1]
    slots = metric_slots(3, per_row=3)
    controls.metric_with_formula(
        slots[0], f"Mean |x| at d = {last.dimension}", f"{last.mean_norm:.3f}",
        rf"E|x| = \sqrt{{2}}\,\frac{{\Gamma((d+1)/2)}}{{\Gamma(d/2)}} = {mvn.expected_norm(last.dimension):.4f}"
        rf"\approx \sqrt{{d}} = \sqrt{{{last.dimension}}}", note="2000 seeded draws")
    controls.metric_with_formula(
        slots[1], f"sd of |x| at d = {last.dimension}", f"{last.sd_norm:.3f}",
        r"\mathrm{sd}(|x|) \to 1/\sqrt{2} = 0.7071", note="does not grow with d")
    controls.metric_with_formula(
        slots[2], "Relative thickness of the shell", f"{100 * last.sd_norm / last.mean_norm:.2f}%",
        rf"\frac{{\mathrm{{sd}}|x|}}{{E|x|}} \approx \frac{{1}}{{\sqrt{{2d}}}} = "
        rf"{100 * mvn.relative_shell_thickness(last.dimension):.2f}\%",
        note=f"at d = {last.dimension}")
    left, right = st.columns(2)
    with left:
        show_figure(shell, "mvn-shell")
    with right:
        show_figure(spread, "mvn-shell-spread")


notice_area = controls.start_page(
    "Conditioning a Gaussian: what does observing x₂ tell us about x₁?",
    "Set the joint distribution of two correlated variables, observe x₂, and see the best guess for x₁ "
    "move along the regression line while its uncertainty shrinks.")
with st.sidebar:
    controls.preset_buttons(PRESETS, where=st.sidebar, key_prefix="mvn-preset")
    st.divider()
    means = st.columns(2)
    mu1 = controls.number_input("mean μ₁", "mu1", -100.0, 100.0, 1.0, step=0.5, where=means[0])
    mu2 = controls.number_input("mean μ₂", "mu2", -100.0, 100.0, -2.0, step=0.5, where=means[1])
    sds = st.columns(2)
    s1 = controls.number_input("sd σ₁", "s1", 0.01, 100.0, SQRT2, step=0.1, format="%.4f", where=sds[0])
    s2 = controls.number_input("sd σ₂", "s2", 0.01, 100.0, 1.0, step=0.1, format="%.4f", where=sds[1])
    rho = controls.slider("correlation ρ", "rho", -1.0, 1.0, 0.8 / SQRT2, step=0.01, format="%.3f")
    x2 = controls.number_input("observed x₂ = a", "x2", -1000.0, 1000.0, -1.0, step=0.25)
    with st.expander("Degenerate covariance"):
        eps = controls.number_input("ridge ε (used only when |ρ| = 1)", "eps", 1e-6, 1.0, 1e-3, format="%.6f")
    samples = controls.select_slider("samples drawn", "samples", (100, 200, 500, 1000, 2000, 5000), 500)
    seed = controls.seed_input(st.sidebar)

conditioning_area, high_dim_area = controls.tabs(TABS)
if conditioning_area.open:
    with conditioning_area:
        conditioning_tab(dict(mu1=float(mu1), mu2=float(mu2), s1=float(s1), s2=float(s2), rho=float(rho),
                              x2=float(x2), eps=float(eps), samples=int(samples), seed=int(seed)))
if high_dim_area.open:
    with high_dim_area:
        high_dimension_tab(int(seed))
controls.show_url_notices(notice_area)
