"""The /fisher page's words: the interpretation, the metric panels and the estimator table
(docs/maths.md §6). Pure functions of core.fisher results."""

from __future__ import annotations

from core import fisher
from explain import Panel


def interpretation(results: tuple[fisher.EstimatorStats, ...]) -> str:
    best = fisher.best_estimator(list(results))
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


def estimator_panels(model: fisher.Model, theta: float, info: float,
                     results: tuple[fisher.EstimatorStats, ...]) -> list[Panel]:
    first, best = results[0], fisher.best_estimator(list(results))
    return [
        Panel(f"Fisher information I({model.symbol})", f"{info:.4g}",
              (model.information_formula,
               r"I(\theta) = E\left[s(X;\theta)^2\right] = -E\left[\partial_\theta^2 \log p(X;\theta)\right]"),
              f"At the true {model.symbol} = {theta:g}: the information one draw carries.", note="per observation"),
        Panel("Cramér–Rao bound 1/(nI)", f"{first.bound:.4g}",
              (r"\mathrm{Var}(\hat\theta) \ge \frac{1}{n I(\theta)}",
               rf"= \frac{{1}}{{{first.n} \times {info:.4g}}} = {first.bound:.4g}"),
              "Holds for every unbiased estimator; a biased one can go below it (and may still lose in MSE).",
              note=f"sd {first.bound_sd:.4g}"),
        Panel(f"Best efficiency ({best.estimator.label})", f"{best.efficiency:.3f}",
              rf"\frac{{1/(nI)}}{{\widehat{{\mathrm{{Var}}}}}} = \frac{{{best.bound:.4g}}}{{{best.variance:.4g}}}"
              rf" = {best.efficiency:.3f}",
              f"The variance is estimated from {first.estimates.size:,} replications, so it carries Monte-Carlo "
              f"error of about ±{100 * first.variance_relative_error:.1f}% (relative sd of a sample variance).",
              note="1 = attains the bound"),
    ]


def information_ratio_panel(curve: fisher.LikelihoodCurve) -> Panel:
    return Panel(
        "Observed ÷ expected information", f"{curve.observed_information / curve.expected_information:.4f}",
        (rf"J = -\ell''(\hat\theta) = {curve.observed_information:.6g}",
         rf"N I(\hat\theta) = {curve.n:,} \times {curve.expected_information / curve.n:.4g}"
         rf" = {curve.expected_information:.6g}"),
        f"The curvature of one sample's log-likelihood at its MLE (central differences), against its "
        f"expectation. Computed with {curve.method}.", note=f"N = {curve.n:,}")


def estimator_rows(results: tuple[fisher.EstimatorStats, ...]) -> list[dict[str, str]]:
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
    return rows


def biased_notice(results: tuple[fisher.EstimatorStats, ...]) -> str | None:
    biased = [r.estimator.label for r in results if not r.estimator.unbiased]
    if not biased:
        return None
    return (f"**Biased estimator{'s' if len(biased) > 1 else ''}: {', '.join(biased)}.** The Cramér–Rao bound "
            "above is for unbiased estimators, so a biased one can sit below it. Compare MSE, which counts bias "
            "too: bias² + variance.")


TABLE_FORMULAS = (
    r"\text{bias} = \overline{\hat\theta} - \theta,\quad \widehat{\mathrm{Var}} = \tfrac{1}{R-1}\sum_r "
    r"(\hat\theta_r - \overline{\hat\theta})^2,\quad \mathrm{MSE} = \tfrac1R \sum_r (\hat\theta_r - \theta)^2",
    r"\text{efficiency} = \frac{1/(nI)}{\widehat{\mathrm{Var}}},\qquad n\,\widehat{\mathrm{Var}}\,I(\theta)",
)

# How each model's sample is drawn, in the snippet (numpy only).
SAMPLERS = {"normal-mean": "rng.normal(theta, 1.0, size=(reps, n))",
            "normal-variance": "rng.normal(0.0, np.sqrt(theta), size=(reps, n))",
            "bernoulli": "(rng.random((reps, n)) < theta).astype(float)", "poisson": "rng.poisson(theta, (reps, n))",
            "exponential": "rng.exponential(1 / theta, (reps, n))", "cauchy": "theta + rng.standard_cauchy((reps, n))"}
