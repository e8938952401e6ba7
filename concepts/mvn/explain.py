"""The /mvn page's words: the interpretation sentence and the metric panels (docs/maths.md §2).
Pure functions of core.mvn results."""

from __future__ import annotations

from core import mvn
from explain import Panel
from i18n import _
from explain.latex import operand, power


def interpretation(cond: mvn.Conditioning) -> str:
    if abs(cond.correlation) < 1e-9:
        return _("x₁ and x₂ are uncorrelated, so observing x₂ = {observed} changes nothing: x₁ stays N({mean}, "
                 "{variance}).").format(observed=f"{cond.observed:g}", mean=f"{cond.mean[0]:.3g}",
                                        variance=f"{cond.cov[0, 0]:.3g}")
    if f"{cond.cond_mean:.3g}" == f"{cond.mean[0]:.3g}":
        # x₂ observed at (or next to) its mean: "moves ... down from 1 to 1" would contradict itself.
        return _("Observing x₂ = {observed} leaves the best guess for x₁ at {before} (to the digits shown) and "
                 "shrinks its variance by {percent}% (= ρ² with ρ = {rho}), whatever value x₂ took.").format(
            observed=f"{cond.observed:g}", before=f"{cond.mean[0]:.3g}",
            percent=f"{100 * cond.variance_reduction:.1f}", rho=f"{cond.correlation:.3f}")
    moves = (_("Observing x₂ = {observed} moves the best guess for x₁ up from {before} to {after} and shrinks its "
               "variance by {percent}% (= ρ² with ρ = {rho}), whatever value x₂ took.")
             if cond.cond_mean > cond.mean[0] else
             _("Observing x₂ = {observed} moves the best guess for x₁ down from {before} to {after} and shrinks its "
               "variance by {percent}% (= ρ² with ρ = {rho}), whatever value x₂ took."))
    return moves.format(observed=f"{cond.observed:g}", before=f"{cond.mean[0]:.3g}", after=f"{cond.cond_mean:.3g}",
                        percent=f"{100 * cond.variance_reduction:.1f}", rho=f"{cond.correlation:.3f}")


def conditioning_panels(cond: mvn.Conditioning) -> list[Panel]:
    """The six numbers of the conditioning tab, each with its formula and current values."""
    c, f = cond.cov, cond.factor
    return [
        Panel(
            _("Conditional mean E[x₁ | x₂]"), f"{cond.cond_mean:.4f}",
            (r"\mu_{1|2} = \mu_1 + \frac{\Sigma_{12}}{\Sigma_{22}}(a - \mu_2)",
             rf"= {cond.mean[0]:.4g} + \frac{{{c[0, 1]:.4g}}}{{{c[1, 1]:.4g}}}"
             rf"({cond.observed:g} - {operand(cond.mean[1], '.4g')}) = {cond.cond_mean:.4f}"),
            note=_("was {value}").format(value=f"{cond.mean[0]:.4g}")),
        Panel(
            _("Conditional variance Σ₁|₂"), f"{cond.cond_var:.4f}",
            (r"\Sigma_{1|2} = \Sigma_{11} - \Sigma_{12}\,\Sigma_{22}^{-1}\,\Sigma_{21}",
             rf"= {c[0, 0]:.4g} - \frac{{{power(c[0, 1], 2, '.4g')}}}{{{c[1, 1]:.4g}}} = {cond.cond_var:.4f}"),
            _("The Schur complement of Σ₂₂. It does not depend on the observed value a."),
            note=_("sd {sd}").format(sd=f"{cond.cond_sd:.4f}")),
        Panel(
            _("Variance reduction"), f"{100 * cond.variance_reduction:.1f}%",
            rf"1 - \frac{{\Sigma_{{1|2}}}}{{\Sigma_{{11}}}} = 1 - \frac{{{cond.cond_var:.4g}}}{{{c[0, 0]:.4g}}}"
            rf" = \rho^2 = {cond.variance_reduction:.4f}",
            _("Observing x₂ never increases the uncertainty about x₁: Σ₁|₂ ≤ Σ₁₁."), note=_("never negative")),
        Panel(
            _("Correlation ρ"), f"{cond.correlation:.4f}",
            rf"\rho = \frac{{\Sigma_{{12}}}}{{\sqrt{{\Sigma_{{11}}\Sigma_{{22}}}}}} = \frac{{{c[0, 1]:.4g}}}"
            rf"{{\sqrt{{{c[0, 0]:.4g} \times {c[1, 1]:.4g}}}}} = {cond.correlation:.4f}",
            note=_("of the covariance used")),
        Panel(
            _("Gain Σ₁₂ / Σ₂₂"), f"{cond.gain:.4f}",
            rf"\frac{{\Sigma_{{12}}}}{{\Sigma_{{22}}}} = \frac{{{c[0, 1]:.4g}}}{{{c[1, 1]:.4g}}} = {cond.gain:.4f}",
            _("The slope of the regression line E[x₁ | x₂]: how far x₁'s guess moves per unit of surprise in x₂."),
            note=_("slope of E[x₁ | x₂]")),
        Panel(
            _("log-determinant log|Σ|"), f"{cond.log_det:.4f}",
            (rf"L = \begin{{pmatrix}} {f[0, 0]:.4f} & 0 \\ {f[1, 0]:.4f} & {f[1, 1]:.4f} \end{{pmatrix}},"
             r"\quad LL^\top = \Sigma",
             rf"\log|\Sigma| = 2\sum_i \log L_{{ii}} = 2(\log {f[0, 0]:.4f} + \log {f[1, 1]:.4f})"
             rf" = {cond.log_det:.4f}"),
            _("The Cholesky factor L gives the density without inverting Σ: a triangular solve and the log of its "
              "diagonal."), note=_("via the Cholesky factor")),
    ]


def shell_panels(last: mvn.ShellSummary) -> list[Panel]:
    """The high-dimensional tab's three numbers, at the largest dimension simulated."""
    return [
        Panel(
            _("Mean |x| at d = {d}").format(d=last.dimension), f"{last.mean_norm:.3f}",
            rf"E|x| = \sqrt{{2}}\,\frac{{\Gamma((d+1)/2)}}{{\Gamma(d/2)}} = "
            rf"{mvn.expected_norm(last.dimension):.4f}"
            rf"\approx \sqrt{{d}} = \sqrt{{{last.dimension}}}", note=_("2000 seeded draws")),
        Panel(
            _("sd of |x| at d = {d}").format(d=last.dimension), f"{last.sd_norm:.3f}",
            r"\mathrm{sd}(|x|) \to 1/\sqrt{2} = 0.7071", note=_("does not grow with d")),
        Panel(
            _("Relative thickness of the shell"), f"{100 * last.relative_spread:.2f}%",
            rf"\frac{{\mathrm{{sd}}|x|}}{{E|x|}} \approx \frac{{1}}{{\sqrt{{2d}}}} = "
            rf"{100 * mvn.relative_shell_thickness(last.dimension):.2f}\%",
            note=_("at d = {d}").format(d=last.dimension)),
    ]


def conditioning_snippet(cond: mvn.Conditioning) -> str:
    """A numpy/scipy script that reproduces the conditional mean and variance and log|Σ| of the state shown."""
    return f"""
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
"""


def settings_summary(samples: int) -> list[str]:
    """What the Settings panel holds besides the seed, for the line beside it."""
    return [_("{samples} samples drawn").format(samples=f"{samples:,}")]
