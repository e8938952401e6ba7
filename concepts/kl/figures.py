"""Figures for the KL page: two Gaussians with both integrands, forward vs reverse fits to a
bimodal p, and the Monte-Carlo estimate converging like 1/sqrt(n)."""

from __future__ import annotations

import numpy as np

from i18n import _
from core.kl import FitCurves, GaussianFit, GaussianPair, MonteCarloKL
from viz.theme import OKABE_ITO, FigureSpec, new_figure, scatter, two_rows_figure

P_COLOUR, Q_COLOUR = OKABE_ITO["blue"], OKABE_ITO["vermillion"]


# Legend names carry no number that q's controls change: they are live (ui/live.py), and a legend is
# not redrawn while they move; the numbers are in the metrics, which follow.
def pair_figure(pair: GaussianPair, curves: dict[str, np.ndarray]) -> FigureSpec:
    fig = two_rows_figure(_("p, q and the two KL integrands"),
                          (_("the two densities"), _("where each KL comes from")),
                          "x", (_("density"), _("integrand")))
    x = curves["x"]
    fig.add_trace(scatter(x=x, y=curves["p"], name=f"p = N({pair.m1:g}, {pair.s1:g}²)",
                          line=dict(color=P_COLOUR, width=3)))
    fig.add_trace(scatter(x=x, y=curves["q"], name="q = N(m₂, s₂²)",
                          line=dict(color=Q_COLOUR, width=3, dash="dash")))
    fig.add_trace(scatter(x=x, y=curves["forward_integrand"], fill="tozeroy", fillcolor="rgba(0,114,178,0.2)",
                          name=_("p log(p/q): its area is KL(p‖q)"), line=dict(color=P_COLOUR, width=2),
                          xaxis="x2", yaxis="y2"))
    fig.add_trace(scatter(x=x, y=curves["reverse_integrand"], fill="tozeroy", fillcolor="rgba(213,94,0,0.2)",
                          name=_("q log(q/p): its area is KL(q‖p)"),
                          line=dict(color=Q_COLOUR, width=2, dash="dash"), xaxis="x2", yaxis="y2"))
    fig.add_hline(y=0, line=dict(color="black", width=1), x_axis="x2", y_axis="y2")
    fig.update_layout(height=620, margin=dict(b=130), legend=dict(orientation="h", yanchor="top", y=-0.1, x=0))
    return fig


def fit_figure(forward: GaussianFit, reverse: list[GaussianFit], curves: FitCurves) -> FigureSpec:
    """The bimodal p and the Gaussians each direction of KL fits to it (core.kl.fit_curves)."""
    fig = new_figure(_("One Gaussian q fitted to a bimodal p, by each direction of KL"), "x", _("density"))
    x = curves.x
    fig.add_trace(scatter(x=x, y=curves.p, name=_("p (two-component mixture)"), fill="tozeroy",
                          fillcolor="rgba(0,0,0,0.08)", line=dict(color="black", width=3)))
    fig.add_trace(scatter(x=x, y=curves.forward,
                          name=_("argmin KL(p‖q): N({mean}, {sd}²), mass-covering").format(
                              mean=f"{forward.mean:.2f}", sd=f"{forward.sd:.2f}"),
                          line=dict(color=P_COLOUR, width=3, dash="dash")))   # dashed: colour is never all
    for index, (fit, density) in enumerate(zip(reverse, curves.reverse)):
        best = index == 0
        label = "argmin KL(q‖p)" if best else _("local optimum of KL(q‖p)")
        fig.add_trace(scatter(x=x, y=density,
                              name=f"{label}: N({fit.mean:.2f}, {fit.sd:.2f}²)",   # its KL is in the numbers
                              line=dict(color=Q_COLOUR, width=3 if best else 1.8, dash="solid" if best else "dot")))
    fig.update_layout(height=500, margin=dict(b=160), legend=dict(orientation="h", yanchor="top", y=-0.15, x=0))
    return fig


def monte_carlo_figure(mc: MonteCarloKL) -> FigureSpec:
    fig = new_figure(_("Monte-Carlo estimate of KL(p‖q) against the closed form"), _("samples n (log scale)"),
                     _("estimate of KL(p‖q)"))
    n = mc.sizes.astype(float)
    fig.add_trace(scatter(x=np.concatenate([n, n[::-1]]),
                          y=np.concatenate([mc.estimates + 1.96 * mc.standard_errors,
                                               (mc.estimates - 1.96 * mc.standard_errors)[::-1]]),
                          fill="toself", fillcolor="rgba(0,114,178,0.15)", line=dict(width=0),
                          name=_("± 1.96 standard errors"), hoverinfo="skip"))
    fig.add_trace(scatter(x=n, y=mc.estimates, mode="lines+markers", name=_("mean of log p(X) − log q(X), X ~ p"),
                          line=dict(color=P_COLOUR, width=2.5)))
    fig.add_hline(y=mc.exact, line=dict(color="black", dash="dash"),
                  annotation_text=_("closed form {value}").format(value=f"{mc.exact:.4f}"),
                  annotation_position="top right")
    fig.update_xaxes(type="log")
    fig.update_layout(height=420, legend=dict(orientation="h", yanchor="bottom", y=1.0, x=0))
    return fig


def error_figure(mc: MonteCarloKL) -> FigureSpec:
    fig = new_figure(_("The error shrinks like 1/√n"), _("samples n (log scale)"), _("|estimate − exact| (log scale)"))
    n = mc.sizes.astype(float)
    errors = np.abs(mc.estimates - mc.exact)
    fig.add_trace(scatter(x=n, y=np.maximum(errors, 1e-12), mode="markers+lines", name=_("|error| of this seeded run"),
                          line=dict(color=P_COLOUR, width=2)))
    fig.add_trace(scatter(x=n, y=mc.standard_errors, mode="lines", name=_("standard error sd / √n"),
                          line=dict(color=Q_COLOUR, width=2.5, dash="dash")))
    fig.update_xaxes(type="log")
    fig.update_yaxes(type="log", exponentformat="power")
    fig.update_layout(height=420, legend=dict(x=0.99, y=0.99, xanchor="right", yanchor="top"))
    return fig
