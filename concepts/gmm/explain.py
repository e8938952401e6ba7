"""The /gmm page's words: the verdict, the metric panels, the fitted components and the landscape's
reading (docs/maths.md §4). The evidence thresholds are core.gmm.BIC_EVIDENCE."""

from __future__ import annotations

from core import gmm
from explain import Panel
from i18n import N_, _
from explain.latex import count


# core.gmm.bic_evidence's strengths (Kass and Raftery's reading of a BIC difference), in words.
EVIDENCE_WORDS = {"very-strong": N_("very strong"), "strong": N_("strong"), "positive": N_("positive")}


def verdict(c: gmm.Comparison) -> str:
    """One sentence: is one Gaussian enough, by BIC?"""
    if c.k == 1:
        return _("With K = 1 the mixture is the single Gaussian: pick K ≥ 2 to compare.")
    strength = gmm.bic_evidence(c.bic_gain)
    if strength in ("very-strong", "strong"):
        return _("One Gaussian is not enough: the {k}-component mixture lowers BIC by {gain} ({strength} evidence), "
                 "even after paying for its extra parameters.").format(k=c.k, gain=f"{c.bic_gain:.1f}",
                                                                       strength=_(EVIDENCE_WORDS[strength]))
    if strength == "positive":
        return _("The mixture is somewhat better: BIC drops by {gain} (positive evidence); more data would settle "
                 "it.").format(gain=f"{c.bic_gain:.1f}")
    return _("One Gaussian is enough: the mixture's extra likelihood ({gap}) does not pay for its {extra} extra "
             "parameters (BIC changes by {change}).").format(gap=f"{c.gap:.1f}", extra=gmm.parameter_count(c.k) - 2,
                                                            change=f"{-c.bic_gain:+.1f}")


def evidence_note(gain: float) -> str:
    strength = gmm.bic_evidence(gain)
    return (_("{strength} evidence for the mixture").format(strength=_(EVIDENCE_WORDS[strength])) if strength
            else _("no evidence for the mixture"))


def comparison_panels(c: gmm.Comparison) -> list[Panel]:
    k_params = gmm.parameter_count(c.k)
    one, versus, mixture = _("(one)"), _("vs"), _("(mixture)")
    return [
        Panel(_("Log-likelihood, one Gaussian"), f"{c.single_loglik:.2f}",
              (r"\ell_1 = \sum_i \log \mathcal{N}(x_i \mid \bar x, \hat\sigma^2)",
               r"\hat\sigma^2 = \tfrac1N\sum_i (x_i-\bar x)^2"), note=_("{count} parameters").format(count=2)),
        Panel(_("Log-likelihood, K = {k} mixture").format(k=c.k), f"{c.mixture_loglik:.2f}",
              r"\ell_K = \sum_i \log \sum_k \pi_k\,\mathcal{N}(x_i \mid \mu_k, \sigma_k^2)",
              _("Maximised by EM from several seeded starts; the best run is kept."),
              note=_("{count} parameters").format(count=k_params)),
        Panel(_("Gap $\\ell_K - \\ell_1$"), f"{c.gap:.2f}",
              rf"{c.mixture_loglik:.2f} - ({c.single_loglik:.2f}) = {c.gap:.2f}",
              _("Never negative at the optimum: the mixture contains the single Gaussian as a special case."),
              note=_("what the extra components buy")),
        Panel(_("BIC saved by the mixture"), f"{c.bic_gain:.1f}",
              (rf"\mathrm{{BIC}} = k \ln N - 2\ell:\quad 2 \ln {c.n} - 2({c.single_loglik:.2f}) = {c.bic_single:.1f}",
               rf"{k_params} \ln {c.n} - 2({c.mixture_loglik:.2f}) = {c.bic_mixture:.1f}",
               rf"\mathrm{{AIC}} = 2k - 2\ell:\quad {c.aic_single:.1f}\ \text{{{one}}}\ \text{{{versus}}}\ "
               rf"{c.aic_mixture:.1f}\ \text{{{mixture}}}"),
              _("BIC(one Gaussian) − BIC(mixture): positive favours the mixture. BIC charges ln N per parameter, "
                "AIC 2, so BIC is the stricter judge for large N."), note=evidence_note(c.bic_gain)),
    ]


def component_rows(fit: gmm.EmFit) -> list[dict[str, str]]:
    ordered = fit.mixture.sorted()
    return [{_("component"): str(i + 1), _("weight π"): f"{w:.3f}", _("mean μ"): f"{m:.3f}", _("sd σ"): f"{s:.3f}"}
            for i, (w, m, s) in enumerate(zip(ordered.weights, ordered.loc, ordered.scale))]


def iteration_sentence(fit: gmm.EmFit, iteration: int) -> str:
    """Where EM stands at one iteration of the best restart (the EM figure's live iteration control)."""
    last = len(fit.best.history) - 1
    mixture = fit.best.history[iteration].sorted()
    means = ", ".join(f"{m:.2f}" for m in mixture.loc)
    where = _("the start") if iteration == 0 else _("iteration {number} of {last}").format(number=iteration, last=last)
    numbers = dict(where=where, loglik=f"{fit.best.logliks[iteration]:.2f}", means=means,
                   final=f"{fit.best.logliks[-1]:.2f}")
    if iteration == last:
        return _("EM at {where}: log-likelihood {loglik} (the fit); means {means}.").format(**numbers)
    return _("EM at {where}: log-likelihood {loglik}; the fit reaches {final}; means {means}.").format(**numbers)


def fit_caption(fit: gmm.EmFit) -> str:
    numbers = dict(restarts=len(fit.restarts), iterations=len(fit.best.history) - 1)
    if fit.best.converged:
        return _("{restarts} seeded restarts; best after {iterations} iterations. Variances are floored at 1% of the "
                 "data's sd so no component can collapse onto a single point.").format(**numbers)
    return _("{restarts} seeded restarts; best after {iterations} iterations (stopped at the iteration cap). "
             "Variances are floored at 1% of the data's sd so no component can collapse onto a single point.").format(
        **numbers)


def landscape_reading(landscape: gmm.Landscape) -> str:
    best, mirror = landscape.maxima
    return _("The total log-likelihood over a {rows} × {columns} grid of (μ₁, μ₂), with equal weights and one shared "
             "sd ({scale}, the fitted mixture's pooled sd) held fixed. Its two maxima, ({a1}, {a2}) and ({b1}, {b2}), "
             "are the same mixture with the labels swapped: the likelihood cannot tell the components apart, which "
             "is why the MLE is never unique and why EM's answer depends on where it starts.").format(
        rows=landscape.mu1.size, columns=landscape.mu2.size, scale=f"{landscape.scale:.3f}", a1=f"{best[0]:.2f}",
        a2=f"{best[1]:.2f}", b1=f"{mirror[0]:.2f}", b2=f"{mirror[1]:.2f}")


def landscape_panel(landscape: gmm.Landscape, n: int) -> Panel:
    settings, points = _("settings"), _("points")
    return Panel(
        _("Landscape compute time"), f"{landscape.seconds * 1e3:.1f} ms",
        (r"\ell(\mu_1, \mu_2) = \sum_i \log \sum_{k=1}^{2} \tfrac12\,\mathcal{N}(x_i \mid \mu_k, \sigma^2)",
         rf"{count(landscape.swept_settings)}\ \text{{{settings}}}\ (\mu_1 \le \mu_2) \times "
         rf"{count(n)}\ \text{{{points}}}"),
        _("core.sweep.gmm_loglik_grid: a fused Triton kernel on a GPU, cache-sized float32 tiles in torch on a CPU. "
          "The surface is symmetric in (μ₁, μ₂), so only the pairs with μ₁ ≤ μ₂ are computed and the other half is "
          "their mirror image. The grid is finer on a GPU."),
        note=_("{count} settings swept").format(count=f"{landscape.swept_settings:,}"))


def snippet(fitted: gmm.Mixture) -> str:
    """A numpy/scipy script that reproduces both log-likelihoods and BICs from the fitted mixture (the data
    pasted in by the reader)."""
    data_comment = _("the data: paste yours (the page's own draws come from a seeded stream)")
    return f"""
import numpy as np
from scipy import special, stats

x = np.array([...])  # {data_comment}
weights = np.array({fitted.weights.tolist()!r})
loc = np.array({fitted.loc.tolist()!r})
scale = np.array({fitted.scale.tolist()!r})
log_terms = np.log(weights) + stats.norm.logpdf(x[:, None], loc, scale)
mixture = special.logsumexp(log_terms, axis=1).sum()
single = stats.norm.logpdf(x, x.mean(), x.std()).sum()
k = 3 * len(weights) - 1
print("log-likelihoods:", single, mixture)
print("BIC:", 2 * np.log(len(x)) - 2 * single, k * np.log(len(x)) - 2 * mixture)
"""


def settings_summary(source: str, n: int | None, restarts: int) -> list[str]:
    """What the Settings panel holds besides the seed, for the line beside it."""
    data = (_("{n} simulated points").format(n=f"{n:,}") if source == "simulate" and n is not None
            else _("your numbers"))
    return [data, _("{restarts} EM restarts").format(restarts=restarts)]
