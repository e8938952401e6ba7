"""The /fisher page's words: the interpretation, the metric panels and the estimator table
(docs/maths.md §6). Pure functions of core.fisher results."""

from __future__ import annotations

from core import fisher
from explain import Panel
from explain.backends import backend_label
from i18n import N_, _, ngettext
from explain.latex import count, factor, last_digit


def interpretation(results: tuple[fisher.EstimatorStats, ...]) -> str:
    best = fisher.best_estimator(list(results))
    parts = [_("At n = {n}, the {estimator} has variance {times}× the Cramér–Rao bound").format(
        n=best.n, estimator=estimator_label(best.estimator), times=f"{best.scaled_variance:.2f}")]
    for r in results:
        if r is best:
            continue
        if r.estimator.asymptote is None:
            parts.append(_("the {estimator} has no finite variance at all (its simulated variance, {variance}, never "
                           "settles)").format(estimator=estimator_label(r.estimator), variance=f"{r.variance:.3g}"))
        elif r.estimator.unbiased:
            parts.append(_("the {estimator} {times}×").format(estimator=estimator_label(r.estimator),
                                                               times=f"{r.scaled_variance:.2f}"))
        else:
            parts.append(_("the {estimator}, biased, has an MSE of {times}× the bound").format(
                estimator=estimator_label(r.estimator), times=f"{r.scaled_spread:.2f}"))
    noise = 100 * max(r.variance_relative_error for r in results if r.estimator.asymptote is not None)
    return _("; ").join(parts) + _(" (each ratio carries about ±{noise}% Monte-Carlo error).").format(
        noise=f"{noise:.0f}")


def estimator_panels(model: fisher.Model, theta: float, info: float,
                     results: tuple[fisher.EstimatorStats, ...]) -> list[Panel]:
    first, best = results[0], fisher.best_estimator(list(results))
    return [
        Panel(_("Fisher information I({symbol})").format(symbol=model.symbol), f"{info:.4g}",
              (model.information_formula,
               r"I(\theta) = E\left[s(X;\theta)^2\right] = -E\left[\partial_\theta^2 \log p(X;\theta)\right]"),
              _("At the true {symbol} = {theta}: the information one draw carries.").format(
                  symbol=model.symbol, theta=f"{theta:g}"), note=_("per observation")),
        Panel(_("Cramér–Rao bound 1/(nI)"), f"{first.bound:.4g}",
              (r"\mathrm{Var}(\hat\theta) \ge \frac{1}{n I(\theta)}",
               rf"= \frac{{1}}{{{first.n} \times {info:.4g}}} = {first.bound:.4g}"),
              _("Holds for every unbiased estimator; a biased one can go below it (and may still lose in MSE)."),
              note=_("sd {sd}").format(sd=f"{first.bound_sd:.4g}")),
        Panel(_("Best unbiased efficiency"), f"{best.efficiency:.3f}",
              (rf"\frac{{1/(nI)}}{{\widehat{{\mathrm{{Var}}}}}} = \frac{{{best.bound:.4g}}}{{{best.variance:.4g}}}"
               rf" = {best.efficiency:.3f}",
               r"\frac{\mathrm{sd}(\widehat{\mathrm{Var}})}{\mathrm{Var}} \approx "
               r"\sqrt{\frac{\kappa - (R-3)/(R-1)}{R}}" + rf" = {100 * best.variance_relative_error:.1f}\%"),
              _("1 = attains the bound. Among the unbiased estimators (the bound is about them; a biased one is "
                "compared by its MSE in the table). The variance is estimated from {replications} replications, "
                "so it carries Monte-Carlo error of about ±{percent}% (κ: the kurtosis of the estimates, 3 for "
                "normal ones).").format(
                  replications=f"{best.estimates.size:,}", percent=f"{100 * best.variance_relative_error:.1f}"),
              note=estimator_label(best.estimator)),
    ]


def information_ratio_panel(curve: fisher.LikelihoodCurve) -> Panel:
    return Panel(
        _("Observed ÷ expected information"), f"{curve.observed_information / curve.expected_information:.3f}",
        (rf"J = -\ell''(\hat\theta) = {curve.observed_information:.6g}",
         rf"N I(\hat\theta) = {count(curve.n)} \times "
         rf"{factor(curve.expected_information / curve.n, curve.n, last_digit(curve.expected_information, 6))}"
         rf" = {curve.expected_information:.6g}"),
        _("The curvature of one sample's log-likelihood at its MLE (central differences), against its expectation. "
          "Computed with {method}.").format(method=method_text(curve)), note=f"N = {curve.n:,}")


def estimator_rows(results: tuple[fisher.EstimatorStats, ...]) -> list[dict[str, str]]:
    rows = []
    for r in results:
        infinite = r.estimator.asymptote is None
        rows.append({
            _("estimator"): estimator_label(r.estimator),
            _("mean"): f"{r.mean:.4g}",
            _("bias"): f"{r.bias:+.4f}",
            _("variance"): f"{r.variance:.4g}" + (" " + _("(∞ in theory)") if infinite else ""),
            "MSE": f"{r.mse:.4g}",
            _("efficiency"): _("0 (∞ variance)") if infinite else f"{r.efficiency:.3f}" + (
                "" if r.estimator.unbiased else " " + _("(by MSE)")),
            "n·Var·I": f"{r.scaled_variance:.3g}",
            _("note"): estimator_note(r.estimator),
        })
    return rows


def biased_notice(results: tuple[fisher.EstimatorStats, ...]) -> str | None:
    biased = [estimator_label(r.estimator) for r in results if not r.estimator.unbiased]
    if not biased:
        return None
    return ngettext("**Biased estimator: {names}.** The Cramér–Rao bound above is for unbiased estimators, so a "
                    "biased one can sit below it. Compare MSE, which counts bias too: bias² + variance.",
                    "**Biased estimators: {names}.** The Cramér–Rao bound above is for unbiased estimators, so a "
                    "biased one can sit below it. Compare MSE, which counts bias too: bias² + variance.",
                    len(biased)).format(names=_(", ").join(biased))


def table_formulas() -> tuple[str, str]:
    """How the estimator table's columns are computed (the column names in the reader's language)."""
    bias, efficiency, biased = _("bias"), _("efficiency"), _("if biased")
    return (rf"\text{{{bias}}} = \overline{{\hat\theta}} - \theta,\quad \widehat{{\mathrm{{Var}}}} = \tfrac{{1}}{{R-1}}"
            rf"\sum_r (\hat\theta_r - \overline{{\hat\theta}})^2,\quad \mathrm{{MSE}} = \tfrac1R \sum_r "
            rf"(\hat\theta_r - \theta)^2",
            rf"\text{{{efficiency}}} = \frac{{1/(nI)}}{{\widehat{{\mathrm{{Var}}}}}}\ "
            rf"\left(\frac{{1/(nI)}}{{\mathrm{{MSE}}}}\text{{ {biased}}}\right),\qquad "
            rf"n\,\widehat{{\mathrm{{Var}}}}\,I(\theta)")

# How each model's sample is drawn, in the snippet (numpy only).
SAMPLERS = {"normal-mean": "rng.normal(theta, 1.0, size=(reps, n))",
            "normal-variance": "rng.normal(0.0, np.sqrt(theta), size=(reps, n))",
            "bernoulli": "(rng.random((reps, n)) < theta).astype(float)", "poisson": "rng.poisson(theta, (reps, n))",
            "exponential": "rng.exponential(1 / theta, (reps, n))", "cauchy": "theta + rng.standard_cauchy((reps, n))"}


def snippet(model: fisher.Model, first: fisher.EstimatorStats, info: float, theta: float, seed: int) -> str:
    """A numpy script that reproduces the bound and the first estimator's variance, bias and efficiency."""
    comments = (_("I(theta) for this model"), _("(the page uses its own seeded streams)"),
                _("swap in np.median(x, axis=1), etc."))
    return f"""
import numpy as np

theta, n, reps, seed = {theta!r}, {first.n}, {first.estimates.size}, {seed}
information = {info!r}                              # {comments[0]}: {model.information_formula}
rng = np.random.default_rng(seed)                  # {comments[1]}
x = {SAMPLERS[model.key]}
estimate = x.mean(axis=1)                          # {comments[2]}
print("Cramer-Rao bound 1/(nI):", 1 / (n * information))
print("variance:", estimate.var(ddof=1), " bias:", estimate.mean() - theta,
      " efficiency:", 1 / (n * information) / estimate.var(ddof=1))
"""

# --- the words for core's models and estimators (core/fisher.py keeps their keys) ---------------------------

MODEL_LABELS = {
    "normal-mean": N_("Normal mean μ (σ = 1 known)"),
    "normal-variance": N_("Normal variance σ² (μ = 0 known)"),
    "bernoulli": N_("Bernoulli probability p"),
    "poisson": N_("Poisson rate λ"),
    "exponential": N_("Exponential rate λ"),
    "cauchy": N_("Cauchy location θ (scale 1)"),
}
# (model, estimator) -> (its name, what to note about it)
ESTIMATOR_WORDS = {
    ("normal-mean", "mean"): (N_("sample mean"), N_("efficient for every n")),
    ("normal-mean", "median"): (N_("sample median"), N_("asymptotic efficiency 2/π")),
    ("normal-mean", "trimmed"): (N_("10% trimmed mean"), N_("robust, nearly efficient")),
    ("normal-variance", "known-mean"): (N_("(1/n) Σ x² (uses μ = 0)"), N_("efficient: uses the known mean")),
    ("normal-variance", "s2"): (N_("S² (divide by n − 1)"), N_("unbiased, Var = 2σ⁴/(n − 1): above the bound")),
    ("normal-variance", "mle"): (N_("MLE (divide by n, mean estimated)"),
                                 N_("biased: E = (n − 1)σ²/n, so the unbiased bound does not apply as is")),
    ("bernoulli", "proportion"): (N_("sample proportion"), N_("efficient")),
    ("poisson", "mean"): (N_("sample mean"), N_("efficient")),
    ("exponential", "mle"): (N_("MLE 1 / x̄"), N_("biased: E = nλ/(n − 1), so the unbiased bound does not apply as is")),
    ("exponential", "unbiased"): (N_("(n − 1) / (n x̄)"), N_("unbiased, Var = λ²/(n − 2): above the bound")),
    ("cauchy", "median"): (N_("sample median"), N_("asymptotic efficiency 8/π²")),
    ("cauchy", "mean"): (N_("sample mean"), N_("no finite variance: the mean of n Cauchy draws is Cauchy again")),
}
METHODS = {fisher.SUFFICIENT_STATISTIC: N_("sufficient statistic Σx"),
           fisher.POINT_BY_POINT: N_("point by point (no sufficient statistics)")}


def model_label(model: fisher.Model) -> str:
    return _(MODEL_LABELS[model.key])


def estimator_label(estimator: fisher.Estimator) -> str:
    return _(ESTIMATOR_WORDS[(estimator.model, estimator.key)][0])


def estimator_note(estimator: fisher.Estimator) -> str:
    return _(ESTIMATOR_WORDS[(estimator.model, estimator.key)][1])


def method_text(curve: fisher.LikelihoodCurve) -> str:
    """How the log-likelihood curve was computed, in the reader's language."""
    if curve.method == fisher.SWEEP_STATISTICS:
        return _("core.sweep sufficient statistics ({backend})").format(backend=backend_label(curve.backend))
    return _(METHODS[curve.method])


def settings_summary(reps: int, big_n: int) -> list[str]:
    """What the Settings panel holds besides the seed, for the line beside it."""
    return [_("{reps} replications").format(reps=f"{reps:,}"),
            _("likelihood from N = {big_n}").format(big_n=f"{big_n:,}")]
