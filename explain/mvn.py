"""The /mvn page's words: the interpretation sentence and the metric panels (docs/maths.md §2).
Pure functions of core.mvn results."""

from __future__ import annotations

from core import mvn
from explain import Panel
from ui.latex import operand, power


def interpretation(cond: mvn.Conditioning) -> str:
    if abs(cond.correlation) < 1e-9:
        return (f"x₁ and x₂ are uncorrelated, so observing x₂ = {cond.observed:g} changes nothing: "
                f"x₁ stays N({cond.mean[0]:.3g}, {cond.cov[0, 0]:.3g}).")
    direction = "up" if cond.cond_mean > cond.mean[0] else "down"
    return (f"Observing x₂ = {cond.observed:g} moves the best guess for x₁ {direction} from {cond.mean[0]:.3g} to "
            f"{cond.cond_mean:.3g} and shrinks its variance by {100 * cond.variance_reduction:.1f}% "
            f"(= ρ² with ρ = {cond.correlation:.3f}), whatever value x₂ took.")


def conditioning_panels(cond: mvn.Conditioning) -> list[Panel]:
    """The six numbers of the conditioning tab, each with its formula and current values."""
    c, f = cond.cov, cond.factor
    return [
        Panel(
            "Conditional mean E[x₁ | x₂]", f"{cond.cond_mean:.4f}",
            (r"\mu_{1|2} = \mu_1 + \frac{\Sigma_{12}}{\Sigma_{22}}(a - \mu_2)",
             rf"= {cond.mean[0]:.4g} + \frac{{{c[0, 1]:.4g}}}{{{c[1, 1]:.4g}}}"
             rf"({cond.observed:g} - {operand(cond.mean[1], '.4g')}) = {cond.cond_mean:.4f}"),
            note=f"was {cond.mean[0]:.4g}"),
        Panel(
            "Conditional variance Σ₁|₂", f"{cond.cond_var:.4f}",
            (r"\Sigma_{1|2} = \Sigma_{11} - \Sigma_{12}\,\Sigma_{22}^{-1}\,\Sigma_{21}",
             rf"= {c[0, 0]:.4g} - \frac{{{power(c[0, 1], 2, '.4g')}}}{{{c[1, 1]:.4g}}} = {cond.cond_var:.4f}"),
            "The Schur complement of Σ₂₂. It does not depend on the observed value a.",
            note=f"sd {cond.cond_sd:.4f}"),
        Panel(
            "Variance reduction", f"{100 * cond.variance_reduction:.1f}%",
            rf"1 - \frac{{\Sigma_{{1|2}}}}{{\Sigma_{{11}}}} = 1 - \frac{{{cond.cond_var:.4g}}}{{{c[0, 0]:.4g}}}"
            rf" = \rho^2 = {cond.variance_reduction:.4f}",
            "Observing x₂ never increases the uncertainty about x₁: Σ₁|₂ ≤ Σ₁₁.", note="never negative"),
        Panel(
            "Correlation ρ", f"{cond.correlation:.4f}",
            rf"\rho = \frac{{\Sigma_{{12}}}}{{\sqrt{{\Sigma_{{11}}\Sigma_{{22}}}}}} = \frac{{{c[0, 1]:.4g}}}"
            rf"{{\sqrt{{{c[0, 0]:.4g} \times {c[1, 1]:.4g}}}}} = {cond.correlation:.4f}",
            note="of the covariance used"),
        Panel(
            "Gain Σ₁₂ / Σ₂₂", f"{cond.gain:.4f}",
            rf"\frac{{\Sigma_{{12}}}}{{\Sigma_{{22}}}} = \frac{{{c[0, 1]:.4g}}}{{{c[1, 1]:.4g}}} = {cond.gain:.4f}",
            "The slope of the regression line E[x₁ | x₂]: how far x₁'s guess moves per unit of surprise in x₂.",
            note="slope of E[x₁ | x₂]"),
        Panel(
            "log-determinant log|Σ|", f"{cond.log_det:.4f}",
            (rf"L = \begin{{pmatrix}} {f[0, 0]:.4f} & 0 \\ {f[1, 0]:.4f} & {f[1, 1]:.4f} \end{{pmatrix}},"
             r"\quad LL^\top = \Sigma",
             rf"\log|\Sigma| = 2\sum_i \log L_{{ii}} = 2(\log {f[0, 0]:.4f} + \log {f[1, 1]:.4f})"
             rf" = {cond.log_det:.4f}"),
            "The Cholesky factor L gives the density without inverting Σ: a triangular solve and the log of "
            "its diagonal.", note="via the Cholesky factor"),
    ]


def shell_panels(last: mvn.ShellSummary) -> list[Panel]:
    """The high-dimensional tab's three numbers, at the largest dimension simulated."""
    return [
        Panel(
            f"Mean |x| at d = {last.dimension}", f"{last.mean_norm:.3f}",
            rf"E|x| = \sqrt{{2}}\,\frac{{\Gamma((d+1)/2)}}{{\Gamma(d/2)}} = "
            rf"{mvn.expected_norm(last.dimension):.4f}"
            rf"\approx \sqrt{{d}} = \sqrt{{{last.dimension}}}", note="2000 seeded draws"),
        Panel(
            f"sd of |x| at d = {last.dimension}", f"{last.sd_norm:.3f}",
            r"\mathrm{sd}(|x|) \to 1/\sqrt{2} = 0.7071", note="does not grow with d"),
        Panel(
            "Relative thickness of the shell", f"{100 * last.relative_spread:.2f}%",
            rf"\frac{{\mathrm{{sd}}|x|}}{{E|x|}} \approx \frac{{1}}{{\sqrt{{2d}}}} = "
            rf"{100 * mvn.relative_shell_thickness(last.dimension):.2f}\%",
            note=f"at d = {last.dimension}"),
    ]
