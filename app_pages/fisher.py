"""Fisher information / Cramér–Rao (/fisher): how close does an estimator come to the bound?

URL keys (stable: shared links depend on them; generated from specs/fisher.py):
    model  Model: normal-mean, normal-variance, bernoulli, poisson, exponential, cauchy
    theta  true θ: depends on the rest of the state (at most -10 to 50)
    n      sample size n: 5, 10, 20, 50, 100, 200, 500, 1000
    reps   replications: 500, 1000, 2000, 5000, 10000
    big_n  one large sample N (likelihood curve): 1000, 10000, 100000, 1000000, 10000000; at most 100,000 for the Cauchy
    seed   Random seed: 0 to 4_294_967_295
"""

from __future__ import annotations

import streamlit as st

from core import fisher
from specs.fisher import SPEC
from ui import controls
from ui.layout import CACHE_TTL, metric_slots, page_cache, show_figure, show_input_error, show_snippet
from viz import fisher as figures



def _reset_theta() -> None:
    """A new model keeps no parameter of the old one: its own default applies."""
    model = fisher.MODELS.get(st.session_state.get("model"))
    if model is not None:
        st.session_state["theta"] = model.theta_default


# The efficiency curves span every n, so they do not depend on the n slider: cached apart from
# the per-n view, a move of n costs one simulation at that n (about 10 ms) instead of ~250 ms.
@page_cache("resource", ttl=CACHE_TTL, max_entries=32, show_spinner="Simulating the estimators over n…")
def cached_efficiency_curves(model_key, theta, reps, seed):
    return fisher.efficiency_curves(fisher.get_model(model_key), theta, reps, seed)


@page_cache("resource", ttl=CACHE_TTL, max_entries=64, show_spinner="Simulating the estimators…")
def estimator_view(model_key, theta, n, reps, seed):
    model = fisher.get_model(model_key)
    results = fisher.simulate(model, theta, n, reps, seed)
    curves = cached_efficiency_curves(model_key, theta, reps, seed)
    return results, figures.sampling_figure(model, results), figures.efficiency_figure(model, curves, n)


@page_cache("resource", ttl=CACHE_TTL, max_entries=32, show_spinner="Computing the log-likelihood of one large sample…")
def likelihood_view(model_key, theta, big_n, seed):
    model = fisher.get_model(model_key)
    curve = fisher.likelihood_curve(model, theta, big_n, seed)
    return curve, figures.likelihood_figure(model, curve, theta)


def interpretation(results: list[fisher.EstimatorStats]) -> str:
    best = fisher.best_estimator(results)
    parts = [f"At n = {best.n}, the {best.estimator.label} has variance {best.scaled_variance:.2f}× the "
             f"Cramér–Rao bound"]
    for r in results:
        if r is best:
            continue
        if r.estimator.asymptote is None:
            parts.append(f"the {r.estimator.label} has no finite variance at all (its simulated variance, "
                         f"{r.variance:.3g}, never settles)")
        else:
            parts.append(f"the {r.estimator.label} {r.scaled_variance:.2f}×")
    noise = 100 * best.variance_relative_error
    return "; ".join(parts) + f" (each ratio carries about ±{noise:.0f}% Monte-Carlo error)."


def estimator_table(results: list[fisher.EstimatorStats]) -> None:
    rows = []
    for r in results:
        infinite = r.estimator.asymptote is None
        rows.append({
            "estimator": r.estimator.label,
            "mean": f"{r.mean:.4g}",
            "bias": f"{r.bias:+.4f}",
            "variance": f"{r.variance:.4g}" + (" (∞ in theory)" if infinite else ""),
            "MSE": f"{r.mse:.4g}",
            "efficiency": "0 (∞ variance)" if infinite else f"{r.efficiency:.3f}",
            "n·Var·I": f"{r.scaled_variance:.3g}",
            "note": r.estimator.note,
        })
    st.dataframe(rows, hide_index=True, width="stretch")


notice_area = controls.start_page(
    "Fisher information: how close does an estimator come to the Cramér–Rao bound?",
    "No unbiased estimator can have a variance below 1/(n I(θ)). Simulate several estimators many times and "
    "see which ones reach the bound, which never do, and why a biased one can slip under it.")
with st.sidebar:
    controls.preset_buttons(SPEC.presets, where=st.sidebar, key_prefix="fisher-preset")
    st.divider()
    model_key = controls.control(SPEC.param("model"), on_change=_reset_theta)
    model = fisher.MODELS[model_key]
    st.caption(model.label)
    theta = controls.control(SPEC.param("theta"), state={"model": model_key}, label=f"true {model.symbol}",
                             step=model.theta_step)
    n = controls.control(SPEC.param("n"))
    reps = controls.control(SPEC.param("reps"))
    big_n = controls.control(SPEC.param("big_n"))
    seed = controls.seed_input(st.sidebar)
controls.show_url_notices(notice_area)

try:
    results, sampling, efficiency = estimator_view(model_key, float(theta), int(n), int(reps), int(seed))
except ValueError as error:
    show_input_error(error, "the simulation")
    st.stop()

info = model.information(float(theta))
first = results[0]
st.markdown(f"**{interpretation(results)}**")
slots = metric_slots(4, per_row=4)
controls.metric_with_formula(
    slots[0], f"Fisher information I({model.symbol})", f"{info:.4g}",
    [model.information_formula,
     r"I(\theta) = E\left[s(X;\theta)^2\right] = -E\left[\partial_\theta^2 \log p(X;\theta)\right]"],
    f"At the true {model.symbol} = {float(theta):g}: the information one draw carries.", note="per observation")
controls.metric_with_formula(
    slots[1], "Cramér–Rao bound 1/(nI)", f"{first.bound:.4g}",
    [r"\mathrm{Var}(\hat\theta) \ge \frac{1}{n I(\theta)}",
     rf"= \frac{{1}}{{{first.n} \times {info:.4g}}} = {first.bound:.4g}"],
    "Holds for every unbiased estimator; a biased one can go below it (and may still lose in MSE).",
    note=f"sd {first.bound_sd:.4g}")
best = fisher.best_estimator(results)
controls.metric_with_formula(
    slots[2], f"Best efficiency ({best.estimator.label})", f"{best.efficiency:.3f}",
    rf"\frac{{1/(nI)}}{{\widehat{{\mathrm{{Var}}}}}} = \frac{{{best.bound:.4g}}}{{{best.variance:.4g}}}"
    rf" = {best.efficiency:.3f}",
    f"The variance is estimated from {first.estimates.size:,} replications, so it carries Monte-Carlo error of "
    f"about ±{100 * first.variance_relative_error:.1f}% (relative sd of a sample variance).",
    note="1 = attains the bound")
# The Cauchy has no sufficient statistics: its likelihood costs N per setting, so N is capped.
likelihood_n = min(int(big_n), fisher.CAUCHY_MAX_BIG_N) if model.key == "cauchy" else int(big_n)
try:
    curve, likelihood = likelihood_view(model_key, float(theta), likelihood_n, int(seed))
except ValueError as error:
    curve = None
    show_input_error(error, "the likelihood curve")
if curve is not None:
    controls.metric_with_formula(
        slots[3], "Observed ÷ expected information", f"{curve.observed_information / curve.expected_information:.4f}",
        [rf"J = -\ell''(\hat\theta) = {curve.observed_information:.6g}",
         rf"N I(\hat\theta) = {curve.n:,} \times {curve.expected_information / curve.n:.4g}"
         rf" = {curve.expected_information:.6g}"],
        f"The curvature of one sample's log-likelihood at its MLE (central differences), against its expectation. "
        f"Computed with {curve.method}.", note=f"N = {curve.n:,}")

estimator_table(results)
with st.popover("How are the table's columns computed?", icon=":material/functions:"):
    st.latex(controls.latex_lines([
        r"\text{bias} = \overline{\hat\theta} - \theta,\quad \widehat{\mathrm{Var}} = \tfrac{1}{R-1}\sum_r "
        r"(\hat\theta_r - \overline{\hat\theta})^2,\quad \mathrm{MSE} = \tfrac1R \sum_r (\hat\theta_r - \theta)^2",
        r"\text{efficiency} = \frac{1/(nI)}{\widehat{\mathrm{Var}}},\qquad n\,\widehat{\mathrm{Var}}\,I(\theta)",
    ]))
    st.caption(f"R = {first.estimates.size:,} replications of a sample of n = {first.n}.")
SAMPLERS = {"normal-mean": "rng.normal(theta, 1.0, size=(reps, n))",
            "normal-variance": "rng.normal(0.0, np.sqrt(theta), size=(reps, n))",
            "bernoulli": "(rng.random((reps, n)) < theta).astype(float)", "poisson": "rng.poisson(theta, (reps, n))",
            "exponential": "rng.exponential(1 / theta, (reps, n))", "cauchy": "theta + rng.standard_cauchy((reps, n))"}
show_snippet(f"""
import numpy as np

theta, n, reps, seed = {float(theta)!r}, {first.n}, {first.estimates.size}, {int(seed)}
information = {info!r}                              # I(theta) for this model: {model.information_formula}
rng = np.random.default_rng(seed)                  # (the page uses its own seeded streams)
x = {SAMPLERS[model.key]}
estimate = x.mean(axis=1)                          # swap in np.median(x, axis=1), etc.
print("Cramer-Rao bound 1/(nI):", 1 / (n * information))
print("variance:", estimate.var(ddof=1), " bias:", estimate.mean() - theta,
      " efficiency:", 1 / (n * information) / estimate.var(ddof=1))
""")

biased = [r.estimator.label for r in results if not r.estimator.unbiased]
if biased:
    st.info(f"**Biased estimator{'s' if len(biased) > 1 else ''}: {', '.join(biased)}.** The Cramér–Rao bound "
            "above is for unbiased estimators, so a biased one can sit below it. Compare MSE, which counts bias "
            "too: bias² + variance.", icon=":material/info:")

left, right = st.columns(2)
with left:
    show_figure(sampling, "fisher-sampling")
with right:
    show_figure(efficiency, "fisher-efficiency")
    st.caption("Dotted lines: the known limits, π/2 for the normal median and π²/8 for the Cauchy median. "
               "Points scatter by Monte-Carlo error; more replications steady them.")
if curve is not None:
    if likelihood_n < int(big_n):
        st.caption(f"The Cauchy log-likelihood has no sufficient statistics (every point enters every "
                   f"setting), so this curve uses N = {likelihood_n:,} rather than {int(big_n):,}.")
    show_figure(likelihood, "fisher-likelihood")
