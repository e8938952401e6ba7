"""KL asymmetry (/kl): why is KL(p || q) not KL(q || p), and why does it matter which we minimise?

URL keys (stable: shared links depend on them; generated from specs/kl.py):
    tab   Two Gaussians or Fitting or Estimation (default Two Gaussians)
    m1    mean m₁: -20 to 20
    s1    sd s₁: 0.05 to 20
    m2    mean m₂: -20 to 20
    s2    sd s₂: 0.05 to 20
    sep   distance between p's modes: 0 to 12 [Fitting tab]
    w     weight of the left mode: 0.05 to 0.95 [Fitting tab]
    seed  Random seed: 0 to 4_294_967_295
"""

from __future__ import annotations

import streamlit as st

from core import kl
from specs.kl import SPEC
from ui import controls
from ui.latex import operand, power
from ui.layout import CACHE_TTL, metric_slots, page_cache, show_figure, show_input_error, show_snippet
from viz import kl as figures



@page_cache("resource", ttl=CACHE_TTL, max_entries=128, show_spinner=False)
def pair_view(m1, s1, m2, s2):
    pair = kl.GaussianPair(m1, s1, m2, s2)
    return pair, figures.pair_figure(pair, kl.pair_curves(pair))


@page_cache("resource", ttl=CACHE_TTL, max_entries=64, show_spinner="Minimising both divergences…")
def fit_view(sep, w):
    target = kl.bimodal_target(sep, w)
    forward = kl.fit_forward(target)
    starts = kl.default_starts(target)
    reverse = kl.fit_reverse(target, starts)
    return target, forward, reverse, len(starts), figures.fit_figure(target, forward, reverse)


@page_cache("resource", ttl=CACHE_TTL, max_entries=64, show_spinner=False)
def estimation_view(m1, s1, m2, s2, seed):
    mc = kl.monte_carlo_kl(kl.GaussianPair(m1, s1, m2, s2), seed)
    return mc, figures.monte_carlo_figure(mc), figures.error_figure(mc)


def pair_interpretation(pair: kl.GaussianPair) -> str:
    f, r = pair.forward, pair.reverse
    if max(f, r) < 1e-12:
        return "p and q are the same distribution: both divergences are zero, as Gibbs' inequality says they must be."
    if abs(f - r) < 1e-9 * max(f, r):
        return (f"Both directions agree ({f:.4f} nats): two Gaussians with equal widths are the one case where "
                "KL is symmetric.")
    larger = "KL(p‖q)" if f > r else "KL(q‖p)"
    narrow = "q" if f > r else "p"
    return (f"KL(p‖q) = {f:.4f} but KL(q‖p) = {r:.4f}: {larger} is {max(f, r) / min(f, r):.1f}× larger, "
            f"because {narrow} is the narrower one, and the expectation taken under the wider density reaches "
            f"into tails where the narrow one has almost no mass and the log-ratio is huge.")


def gaussians_tab(pair: kl.GaussianPair, figure) -> None:
    st.markdown(f"**{pair_interpretation(pair)}**")
    slots = metric_slots(3, per_row=3)
    for slot, (label, a, b, value, under) in zip(slots[:2], (
            ("KL(p ‖ q)", (pair.m1, pair.s1), (pair.m2, pair.s2), pair.forward, "expectation under p"),
            ("KL(q ‖ p)", (pair.m2, pair.s2), (pair.m1, pair.s1), pair.reverse, "expectation under q"))):
        controls.metric_with_formula(
            slot, label, f"{value:.4f}",
            [r"\mathrm{KL} = \log\frac{\sigma_b}{\sigma_a} + "
             r"\frac{\sigma_a^2 + (\mu_a - \mu_b)^2}{2\sigma_b^2} - \frac12",
             rf"= \log\frac{{{b[1]:g}}}{{{a[1]:g}}} + "
             rf"\frac{{{power(a[1], 2)} + ({a[0]:g} - {operand(b[0])})^2}}{{2 \times {power(b[1], 2)}}} - \frac12"
             rf" = {value:.4f}"],
            "Closed form for two Gaussians (a = the first argument, b = the second), in nats.", note=under)
    controls.metric_with_formula(
        slots[2], "Asymmetry KL(p‖q) − KL(q‖p)", f"{pair.forward - pair.reverse:+.4f}",
        rf"{pair.forward:.4f} - {pair.reverse:.4f} = {pair.forward - pair.reverse:+.4f}",
        "KL is not a distance: swapping its arguments changes its value (unless the two widths are equal).",
        note="zero only in special cases")
    show_snippet(f"""
import numpy as np
from scipy import integrate, stats

m1, s1, m2, s2 = {pair.m1:g}, {pair.s1:g}, {pair.m2:g}, {pair.s2:g}
kl = lambda ma, sa, mb, sb: np.log(sb / sa) + (sa**2 + (ma - mb) ** 2) / (2 * sb**2) - 0.5
print("KL(p||q) =", kl(m1, s1, m2, s2), " KL(q||p) =", kl(m2, s2, m1, s1))
check = integrate.quad(lambda x: stats.norm.pdf(x, m1, s1)
                       * (stats.norm.logpdf(x, m1, s1) - stats.norm.logpdf(x, m2, s2)), -np.inf, np.inf)
print("KL(p||q) by quadrature:", check[0])
""")
    show_figure(figure, "kl-integrands")
    st.caption("The lower panel shows where each divergence accumulates. The integrand can be negative "
               "in places (where the first density is below the second), but its total area never is. "
               "Make q narrow to watch KL(p‖q) explode: p puts mass where q has almost none. The same "
               "happens, infinitely, when top-k or top-p truncation zeroes tokens a language model can "
               "produce: KL(model ‖ truncated) = ∞.")


def fitting_tab() -> None:
    controls_column, figure_column = st.columns([1, 3], gap="large")
    with controls_column:
        sep = controls.control(SPEC.param("sep"))
        w = controls.control(SPEC.param("w"))
    try:
        target, forward, reverse, start_count, figure = fit_view(float(sep), float(w))
    except ValueError as error:
        show_input_error(error, "the fits")
        return
    best = reverse[0]
    with figure_column:
        verdict = (f"Minimising KL(p‖q) spreads q over both modes (mean {forward.mean:.2f}, sd {forward.sd:.2f}): "
                   "it must cover everywhere p has mass. Minimising KL(q‖p) "
                   + (f"locks onto one mode (mean {best.mean:.2f}, sd {best.sd:.2f}); "
                      f"{len(reverse)} different local optima are found from {start_count} starts."
                      if len(reverse) > 1 else
                      f"gives mean {best.mean:.2f}, sd {best.sd:.2f}: with modes this close there is one optimum."))
        st.markdown(f"**{verdict}**")
        slots = metric_slots(3, per_row=3)
        controls.metric_with_formula(
            slots[0], "Forward fit: KL(p‖q)", f"{forward.forward_kl:.4f}",
            [r"\arg\min_q \mathrm{KL}(p\|q):\ \mu_q = E_p[X],\ \sigma_q^2 = \mathrm{Var}_p[X]",
             rf"\mu_q = {forward.mean:.4f},\quad \sigma_q^2 = \sum_k \pi_k(\sigma^2 + \mu_k^2) - \mu_q^2 = "
             rf"{forward.sd ** 2:.4f}"],
            "Moment matching: for a Gaussian q, the forward KL's minimiser is p's mean and variance. "
            f"Evaluated by the trapezoid rule on a {kl.QUADRATURE_POINTS}-point grid.", note="mass-covering")
        controls.metric_with_formula(
            slots[1], "Reverse fit: KL(q‖p)", f"{best.reverse_kl:.4f}",
            [r"\mathrm{KL}(q\|p) = -H(q) - E_q[\log p],\quad H(q) = \tfrac12 \log(2\pi e \sigma_q^2)",
             rf"\text{{best of {len(reverse)} optimum(s)}}:\ \mu_q = {best.mean:.4f},\ \sigma_q = {best.sd:.4f}"],
            f"Minimised numerically ({kl.REVERSE_FIT_METHOD} with the exact gradient, over the mean and log sd) "
            f"from {start_count} starting means; E_q[log p] by the trapezoid rule on a {kl.QUADRATURE_POINTS}-point "
            f"grid spanning ±{kl.QUADRATURE_REACH_SD:g} sd of q.", note="mode-seeking")
        controls.metric_with_formula(
            slots[2], "Each fit judged by the other KL", f"{forward.reverse_kl:.3f} / {best.forward_kl:.3f}",
            [rf"\mathrm{{KL}}(q_{{fwd}}\|p) = {forward.reverse_kl:.4f}",
             rf"\mathrm{{KL}}(p\|q_{{rev}}) = {best.forward_kl:.4f}"],
            "Each fit is poor by the other direction's standard: the direction chosen decides what 'close' means.",
            note="each fit, judged the other way")
        show_figure(figure, "kl-fits")
        st.caption("Variational inference minimises KL(q‖p) and so tends to under-cover a multimodal posterior; "
                   "maximum likelihood minimises KL(p_data‖q) and so covers every mode, even at the cost of mass "
                   "between them.")


def estimation_tab(pair: kl.GaussianPair, seed: int) -> None:
    try:
        mc, estimates, errors = estimation_view(pair.m1, pair.s1, pair.m2, pair.s2, int(seed))
    except ValueError as error:
        show_input_error(error, "the estimate")
        return
    last = -1
    st.markdown(f"**With {mc.sizes[last]:,} draws from p the estimate is {mc.estimates[last]:.4f} ± "
                f"{mc.standard_errors[last]:.4f}, against the exact {mc.exact:.4f}: 100× more samples buy 10× "
                "more precision.**")
    slots = metric_slots(3, per_row=3)
    controls.metric_with_formula(
        slots[0], f"Estimate at n = {mc.sizes[last]:,}", f"{mc.estimates[last]:.4f}",
        r"\widehat{\mathrm{KL}} = \frac1n \sum_{i=1}^n \left[\log p(x_i) - \log q(x_i)\right],\quad x_i \sim p",
        "Unbiased for any n; its spread is the standard error.", note=f"± {mc.standard_errors[last]:.4f}")
    controls.metric_with_formula(
        slots[1], "Closed form", f"{mc.exact:.4f}", rf"\mathrm{{KL}}(p\|q) = {mc.exact:.6f}", note="exact")
    # Compare from n = 1000: the standard error at n = 10 is itself estimated from 10 draws.
    ratio, predicted = kl.standard_error_ratio(mc, 1000, int(mc.sizes[last]))
    growth = int(mc.sizes[last]) // 1000
    controls.metric_with_formula(
        slots[2], "Standard error shrink", f"{ratio:.1f}×",
        rf"\frac{{\mathrm{{SE}}_{{1000}}}}{{\mathrm{{SE}}_{{{mc.sizes[last]:,}}}}} = {ratio:.2f} \approx "
        rf"\sqrt{{{growth}}} = {predicted:.2f}",
        "Each standard error is the sample sd of the terms divided by √n.", note=f"n grew {growth}×")
    left, right = st.columns(2)
    with left:
        show_figure(estimates, "kl-monte-carlo")
    with right:
        show_figure(errors, "kl-error")


notice_area = controls.start_page(
    "KL divergence: why the direction matters",
    "Why is KL(p‖q) not KL(q‖p), and why does it matter which one we minimise? Compare the two directions "
    "for two Gaussians, fit one Gaussian to a two-humped p both ways, and estimate KL from samples.")
with st.sidebar:
    controls.preset_buttons(SPEC.presets, where=st.sidebar, key_prefix="kl-preset")
    st.divider()
    st.markdown("**p = N(m₁, s₁²)**")
    p_cols = st.columns(2)
    m1 = controls.control(SPEC.param("m1"), where=p_cols[0])
    s1 = controls.control(SPEC.param("s1"), where=p_cols[1])
    st.markdown("**q = N(m₂, s₂²)**")
    q_cols = st.columns(2)
    m2 = controls.control(SPEC.param("m2"), where=q_cols[0])
    s2 = controls.control(SPEC.param("s2"), where=q_cols[1])
    seed = controls.seed_input(st.sidebar)

gaussians_area, fitting_area, estimation_area = controls.tabs(SPEC.tabs)
try:
    pair, pair_figure = pair_view(float(m1), float(s1), float(m2), float(s2))
except ValueError as error:
    pair = None
    show_input_error(error, "the divergences")
if gaussians_area.open and pair is not None:
    with gaussians_area:
        gaussians_tab(pair, pair_figure)
if fitting_area.open:
    with fitting_area:
        fitting_tab()
if estimation_area.open and pair is not None:
    with estimation_area:
        estimation_tab(pair, int(seed))
controls.show_url_notices(notice_area)
