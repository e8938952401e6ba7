"""GMM vs one Gaussian (/gmm): when does one Gaussian stop being enough?

URL keys (stable: shared links depend on them; generated from specs/gmm.py):
    source    Data: simulate, paste
    sep       separation of the true means: 0 to 20; used when source=simulate
    w         weight of the left component: 0.05 to 0.95; used when source=simulate
    sd1       sd left: 0.1 to 5; used when source=simulate
    sd2       sd right: 0.1 to 5; used when source=simulate
    n         points N: 100, 200, 300, 500, 1000, 2000, 5000, 10000, 50000, 100000; used when source=simulate
    k         components K to fit: 1, 2, 3, 4
    restarts  EM restarts: 1 to 10
    seed      Random seed: 0 to 4_294_967_295
"""

from __future__ import annotations

import streamlit as st

from core import gmm
from specs.gmm import SPEC
from ui import controls
from ui.layout import CACHE_TTL, metric_slots, page_cache, show_figure, show_input_error, show_snippet
from viz import gmm as figures

MAX_UPLOAD_BYTES = 4_000_000


@page_cache("data", ttl=CACHE_TTL, max_entries=64, show_spinner=False)
def simulated_data(sep, w, sd1, sd2, n, seed):
    return gmm.simulate_mixture(sep, w, sd1, sd2, n, seed)


@page_cache("data", ttl=CACHE_TTL, max_entries=16, show_spinner=False)
def pasted_data(text: str):
    return gmm.parse_numbers(text)


@page_cache("resource", ttl=CACHE_TTL, max_entries=64, show_spinner="Fitting by EM…")
def fit_view(data_key: tuple, _data, k: int, restarts: int, seed: int, truth):
    """`data_key` says where the data came from (the simulation's settings, or the pasted text) and
    is the cache key for it: the leading underscore keeps Streamlit from hashing the array itself
    (up to 100,000 points) on every rerun."""
    data = _data
    fit = gmm.fit_em(data, k, seed, restarts)
    single = gmm.fit_single(data)
    comparison = gmm.compare(data, fit)
    landscape = gmm.likelihood_landscape(data, fit) if k == 2 else None
    return {
        "fit": fit, "single": single, "comparison": comparison, "landscape": landscape,
        "em": figures.em_figure(data, fit, single, seed), "loglik": figures.loglik_figure(fit),
        "landscape_figure": figures.landscape_figure(landscape, fit, truth) if landscape else None,
    }


def read_pasted_data():
    """(numbers, the text they were read from) pasted or uploaded, or (None, "") with a message
    naming the problem."""
    st.caption("Pasted or uploaded numbers stay in this browser session: they are not part of the link.")
    upload = st.file_uploader("Upload a .txt or .csv of numbers", type=["txt", "csv"],
                              max_upload_size=MAX_UPLOAD_BYTES // 1_000_000)
    text = st.text_area("…or paste numbers (commas, spaces or one per line)", key="pasted", height=140,
                        placeholder="1.2, 0.7, 3.9\n4.1 5.0 ...")
    if upload is not None:
        raw = upload.getvalue()
        if len(raw) > MAX_UPLOAD_BYTES:
            st.error(f"The file is {len(raw) / 1e6:.1f} MB; the limit is {MAX_UPLOAD_BYTES / 1e6:.0f} MB.")
            return None, ""
        text = raw.decode("utf-8", errors="replace")
    if not text.strip():
        st.info("Paste at least 10 numbers, or switch the data source back to simulate.")
        return None, ""
    try:
        return pasted_data(text), text
    except ValueError as error:
        show_input_error(error, "the pasted data", verb="read")
        return None, ""


def comparison_metrics(c: gmm.Comparison) -> None:
    slots = metric_slots(4, per_row=4)
    k_params = gmm.parameter_count(c.k)
    controls.metric_with_formula(
        slots[0], "Log-likelihood, one Gaussian", f"{c.single_loglik:.2f}",
        [r"\ell_1 = \sum_i \log \mathcal{N}(x_i \mid \bar x, \hat\sigma^2)",
         r"\hat\sigma^2 = \tfrac1N\sum_i (x_i-\bar x)^2"],
        note="2 parameters")
    controls.metric_with_formula(
        slots[1], f"Log-likelihood, K = {c.k} mixture", f"{c.mixture_loglik:.2f}",
        r"\ell_K = \sum_i \log \sum_k \pi_k\,\mathcal{N}(x_i \mid \mu_k, \sigma_k^2)",
        "Maximised by EM from several seeded starts; the best run is kept.", note=f"{k_params} parameters")
    controls.metric_with_formula(
        slots[2], "Gap ℓ_K − ℓ₁", f"{c.gap:.2f}",
        rf"{c.mixture_loglik:.2f} - ({c.single_loglik:.2f}) = {c.gap:.2f}",
        "Never negative at the optimum: the mixture contains the single Gaussian as a special case.",
        note="what the extra components buy")
    bic_gain = c.bic_single - c.bic_mixture
    controls.metric_with_formula(
        slots[3], "BIC saved by the mixture", f"{bic_gain:.1f}",
        [rf"\mathrm{{BIC}} = k \ln N - 2\ell:\quad 2 \ln {c.n} - 2({c.single_loglik:.2f}) = {c.bic_single:.1f}",
         rf"{k_params} \ln {c.n} - 2({c.mixture_loglik:.2f}) = {c.bic_mixture:.1f}",
         rf"\mathrm{{AIC}} = 2k - 2\ell:\quad {c.aic_single:.1f}\ \text{{(one)}}\ \text{{vs}}\ "
         rf"{c.aic_mixture:.1f}\ \text{{(mixture)}}"],
        "BIC(one Gaussian) − BIC(mixture): positive favours the mixture. BIC charges ln N per parameter, AIC 2, "
        "so BIC is the stricter judge for large N.", note=bic_evidence(bic_gain))


def bic_evidence(gain: float) -> str:
    """Kass and Raftery's reading of a BIC difference."""
    if gain > 10:
        return "very strong evidence for the mixture"
    if gain > 6:
        return "strong evidence for the mixture"
    if gain > 2:
        return "positive evidence for the mixture"
    return "no evidence for the mixture"


notice_area = controls.start_page(
    "Mixtures: when does one Gaussian stop being enough?",
    "Fit one Gaussian and a K-component mixture to the same data, watch EM find the mixture step by step, "
    "and let the likelihood, BIC and AIC say whether the extra components earn their keep.")
with st.sidebar:
    controls.preset_buttons(SPEC.presets, where=st.sidebar, key_prefix="gmm-preset")
    st.divider()
    source = controls.control(SPEC.param("source"))
    if source == "simulate":
        sep = controls.control(SPEC.param("sep"))
        w = controls.control(SPEC.param("w"))
        sds = st.columns(2)
        sd1 = controls.control(SPEC.param("sd1"), where=sds[0])
        sd2 = controls.control(SPEC.param("sd2"), where=sds[1])
        n = controls.control(SPEC.param("n"))
    st.divider()
    k = controls.control(SPEC.param("k"))
    restarts = controls.control(SPEC.param("restarts"))
    seed = controls.seed_input(st.sidebar)

data, truth, data_key = None, None, None
if source == "simulate":
    try:
        data = simulated_data(float(sep), float(w), float(sd1), float(sd2), int(n), int(seed))
        truth = gmm.true_mixture(float(sep), float(w), float(sd1), float(sd2))
        data_key = ("simulate", float(sep), float(w), float(sd1), float(sd2), int(n), int(seed))
    except ValueError as error:
        show_input_error(error, "the simulated data")
else:
    data, text = read_pasted_data()
    data_key = ("paste", text)
controls.show_url_notices(notice_area)
if data is None:
    st.stop()

try:
    view = fit_view(data_key, data, int(k), int(restarts), int(seed), truth)
except ValueError as error:
    show_input_error(error, "the fit")
    st.stop()

comparison = view["comparison"]
st.markdown(f"**{comparison.verdict()}**")
comparison_metrics(comparison)
fitted = view["fit"].mixture
show_snippet(f"""
import numpy as np
from scipy import special, stats

x = np.array([...])  # the data: paste yours (the page's own draws come from a seeded stream)
weights = np.array({fitted.weights.tolist()!r})
loc = np.array({fitted.loc.tolist()!r})
scale = np.array({fitted.scale.tolist()!r})
log_terms = np.log(weights) + stats.norm.logpdf(x[:, None], loc, scale)
mixture = special.logsumexp(log_terms, axis=1).sum()
single = stats.norm.logpdf(x, x.mean(), x.std()).sum()
k = 3 * len(weights) - 1
print("log-likelihoods:", single, mixture, " BIC:", 2 * np.log(len(x)) - 2 * single, k * np.log(len(x)) - 2 * mixture)
""")
left, right = st.columns([1.4, 1], gap="medium")
with left:
    show_figure(view["em"], "gmm-em")
    st.caption("Drag the EM iteration slider under the figure: every step is precomputed. The rug under the "
               "histogram colours each point by its responsibility for component 1.")
with right:
    show_figure(view["loglik"], "gmm-loglik")
    fit = view["fit"]
    rows = [{"component": i + 1, "weight π": f"{m_w:.3f}", "mean μ": f"{m_loc:.3f}", "sd σ": f"{m_sd:.3f}"}
            for i, (m_w, m_loc, m_sd) in enumerate(zip(*(fit.mixture.sorted().weights, fit.mixture.sorted().loc,
                                                          fit.mixture.sorted().scale)))]
    st.dataframe(rows, hide_index=True, width="stretch")
    st.caption(f"{len(fit.restarts)} seeded restarts; best after {len(fit.best.history) - 1} iterations"
               f"{'' if fit.best.converged else ' (stopped at the iteration cap)'}. Variances are floored at "
               f"1% of the data's sd so no component can collapse onto a single point.")

st.subheader("The likelihood landscape")
landscape = view["landscape"]
if landscape is None:
    st.info("The (μ₁, μ₂) landscape is drawn for K = 2; set K to 2 to see it.", icon=":material/info:")
else:
    left, right = st.columns([1.4, 1], gap="medium")
    with left:
        show_figure(view["landscape_figure"], "gmm-landscape")
    with right:
        best, mirror = landscape.maxima
        st.markdown(
            f"The total log-likelihood over a {landscape.mu1.size} × {landscape.mu2.size} grid of (μ₁, μ₂), with "
            f"equal weights and one shared sd ({landscape.scale:.3f}, the fitted mixture's pooled sd) held fixed. "
            f"Its two maxima, ({best[0]:.2f}, {best[1]:.2f}) and ({mirror[0]:.2f}, {mirror[1]:.2f}), are the same "
            "mixture with the labels swapped: the likelihood cannot tell the components apart, which is why "
            "the MLE is never unique and why EM's answer depends on where it starts.")
        st.markdown(f"Computed by **{landscape.backend}**.")
        controls.metric_with_formula(
            st, "Landscape compute time", f"{landscape.seconds * 1e3:.1f} ms",
            [r"\ell(\mu_1, \mu_2) = \sum_i \log \sum_{k=1}^{2} \tfrac12\,\mathcal{N}(x_i \mid \mu_k, \sigma^2)",
             rf"{landscape.swept_settings:,}\ \text{{settings}}\ (\mu_1 \le \mu_2) \times {comparison.n:,}\ "
             r"\text{points}"],
            "core.sweep.gmm_loglik_grid: a fused Triton kernel on a GPU, cache-sized float32 tiles in torch on a "
            "CPU. The surface is symmetric in (μ₁, μ₂), so only the pairs with μ₁ ≤ μ₂ are computed and the other "
            "half is their mirror image. The grid is finer on a GPU.",
            note=f"{landscape.swept_settings:,} settings swept")
