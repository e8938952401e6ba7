"""The /gmm page's words: the verdict, the metric panels, the fitted components and the landscape's
reading (docs/maths.md §4). The evidence thresholds are core.gmm.BIC_EVIDENCE."""

from __future__ import annotations

from core import gmm
from explain import Panel


def verdict(c: gmm.Comparison) -> str:
    """One sentence: is one Gaussian enough, by BIC?"""
    if c.k == 1:
        return "With K = 1 the mixture is the single Gaussian: pick K ≥ 2 to compare."
    strength = gmm.bic_evidence(c.bic_gain)
    if strength in ("very strong", "strong"):
        return (f"One Gaussian is not enough: the {c.k}-component mixture lowers BIC by {c.bic_gain:.1f} "
                f"({strength} evidence), even after paying for its extra parameters.")
    if strength == "positive":
        return (f"The mixture is somewhat better: BIC drops by {c.bic_gain:.1f} (positive evidence); more data "
                "would settle it.")
    return (f"One Gaussian is enough: the mixture's extra likelihood ({c.gap:.1f}) does not pay for its "
            f"{gmm.parameter_count(c.k) - 2} extra parameters (BIC changes by {-c.bic_gain:+.1f}).")


def evidence_note(gain: float) -> str:
    strength = gmm.bic_evidence(gain)
    return f"{strength} evidence for the mixture" if strength else "no evidence for the mixture"


def comparison_panels(c: gmm.Comparison) -> list[Panel]:
    k_params = gmm.parameter_count(c.k)
    return [
        Panel("Log-likelihood, one Gaussian", f"{c.single_loglik:.2f}",
              (r"\ell_1 = \sum_i \log \mathcal{N}(x_i \mid \bar x, \hat\sigma^2)",
               r"\hat\sigma^2 = \tfrac1N\sum_i (x_i-\bar x)^2"), note="2 parameters"),
        Panel(f"Log-likelihood, K = {c.k} mixture", f"{c.mixture_loglik:.2f}",
              r"\ell_K = \sum_i \log \sum_k \pi_k\,\mathcal{N}(x_i \mid \mu_k, \sigma_k^2)",
              "Maximised by EM from several seeded starts; the best run is kept.", note=f"{k_params} parameters"),
        Panel("Gap ℓ_K − ℓ₁", f"{c.gap:.2f}", rf"{c.mixture_loglik:.2f} - ({c.single_loglik:.2f}) = {c.gap:.2f}",
              "Never negative at the optimum: the mixture contains the single Gaussian as a special case.",
              note="what the extra components buy"),
        Panel("BIC saved by the mixture", f"{c.bic_gain:.1f}",
              (rf"\mathrm{{BIC}} = k \ln N - 2\ell:\quad 2 \ln {c.n} - 2({c.single_loglik:.2f}) = {c.bic_single:.1f}",
               rf"{k_params} \ln {c.n} - 2({c.mixture_loglik:.2f}) = {c.bic_mixture:.1f}",
               rf"\mathrm{{AIC}} = 2k - 2\ell:\quad {c.aic_single:.1f}\ \text{{(one)}}\ \text{{vs}}\ "
               rf"{c.aic_mixture:.1f}\ \text{{(mixture)}}"),
              "BIC(one Gaussian) − BIC(mixture): positive favours the mixture. BIC charges ln N per parameter, "
              "AIC 2, so BIC is the stricter judge for large N.", note=evidence_note(c.bic_gain)),
    ]


def component_rows(fit: gmm.EmFit) -> list[dict[str, str]]:
    ordered = fit.mixture.sorted()
    return [{"component": str(i + 1), "weight π": f"{w:.3f}", "mean μ": f"{m:.3f}", "sd σ": f"{s:.3f}"}
            for i, (w, m, s) in enumerate(zip(ordered.weights, ordered.loc, ordered.scale))]


def iteration_sentence(fit: gmm.EmFit, iteration: int) -> str:
    """Where EM stands at one iteration of the best restart (the EM figure's live iteration control)."""
    last = len(fit.best.history) - 1
    mixture = fit.best.history[iteration].sorted()
    means = ", ".join(f"{m:.2f}" for m in mixture.loc)
    where = "the start" if iteration == 0 else f"iteration {iteration} of {last}"
    final = " (the fit)" if iteration == last else f"; the fit reaches {fit.best.logliks[-1]:.2f}"
    return f"EM at {where}: log-likelihood {fit.best.logliks[iteration]:.2f}{final}; means {means}."


def fit_caption(fit: gmm.EmFit) -> str:
    return (f"{len(fit.restarts)} seeded restarts; best after {len(fit.best.history) - 1} iterations"
            f"{'' if fit.best.converged else ' (stopped at the iteration cap)'}. Variances are floored at "
            f"1% of the data's sd so no component can collapse onto a single point.")


def landscape_reading(landscape: gmm.Landscape) -> str:
    best, mirror = landscape.maxima
    return (f"The total log-likelihood over a {landscape.mu1.size} × {landscape.mu2.size} grid of (μ₁, μ₂), with "
            f"equal weights and one shared sd ({landscape.scale:.3f}, the fitted mixture's pooled sd) held fixed. "
            f"Its two maxima, ({best[0]:.2f}, {best[1]:.2f}) and ({mirror[0]:.2f}, {mirror[1]:.2f}), are the same "
            "mixture with the labels swapped: the likelihood cannot tell the components apart, which is why "
            "the MLE is never unique and why EM's answer depends on where it starts.")


def landscape_panel(landscape: gmm.Landscape, n: int) -> Panel:
    return Panel(
        "Landscape compute time", f"{landscape.seconds * 1e3:.1f} ms",
        (r"\ell(\mu_1, \mu_2) = \sum_i \log \sum_{k=1}^{2} \tfrac12\,\mathcal{N}(x_i \mid \mu_k, \sigma^2)",
         rf"{landscape.swept_settings:,}\ \text{{settings}}\ (\mu_1 \le \mu_2) \times {n:,}\ \text{{points}}"),
        "core.sweep.gmm_loglik_grid: a fused Triton kernel on a GPU, cache-sized float32 tiles in torch on a "
        "CPU. The surface is symmetric in (μ₁, μ₂), so only the pairs with μ₁ ≤ μ₂ are computed and the other "
        "half is their mirror image. The grid is finer on a GPU.",
        note=f"{landscape.swept_settings:,} settings swept")
