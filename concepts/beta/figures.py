"""Figures for the Bayesian updating page: prior/likelihood/posterior, posterior consistency,
the grid approximation, and the Gaussian-Gaussian update with its precisions."""

from __future__ import annotations

import math

import numpy as np

from i18n import _

from core.conjugate import BetaPosterior, GaussianPosterior, GridApproximation, Interval, PosteriorPath
from viz.theme import OKABE_ITO, FigureSpec, bar, new_figure, scatter

PRIOR, LIKELIHOOD, POSTERIOR = OKABE_ITO["green"], OKABE_ITO["orange"], OKABE_ITO["blue"]


def _y_cap(*curves: np.ndarray) -> float:
    """A y-range that shows the bulk of every curve without letting an infinite spike at 0 or 1
    (a Beta with a < 1) flatten everything else; rounded up to a round number (1, 1.25, 1.5, 2, 2.5, 3,
    4, 5, 6 or 8 times a power of ten), so that neighbouring states of the live flips-seen control
    share their axes."""
    finite = np.concatenate([c[np.isfinite(c)] for c in curves])
    top = float(min(np.max(finite), 4.0 * np.percentile(finite, 99))) * 1.08
    power = 10.0 ** math.floor(math.log10(top))
    return next(m * power for m in (1.0, 1.25, 1.5, 2.0, 2.5, 3.0, 4.0, 5.0, 6.0, 8.0, 10.0) if m * power >= top)


def _marker_line(fig: FigureSpec, x: float | None, top: float, name: str, colour: str, dash: str) -> None:
    """A vertical marker as a legend entry (annotations beside close markers would overlap); None: not
    drawn (the trace stays, so every state of a live family has the same traces)."""
    at = np.nan if x is None else x
    fig.add_trace(scatter(x=[at, at], y=[0, top], mode="lines", name=name,
                          line=dict(color=colour, width=2, dash=dash), hoverinfo="name"))


# Titles and legend names carry no number that the flips seen change: that control is live
# (ui/live.py) and moves trace coordinates, not the legend; the numbers are in the metrics and the
# sentence over the figure (concepts.beta.explain.update_sentence), which follow it.
def beta_update_figure(posterior: BetaPosterior, curves: dict[str, np.ndarray], interval: Interval | None,
                       interval_name: str, true_theta: float | None) -> FigureSpec:
    fig = new_figure(_("Prior × likelihood → posterior"), _("θ (probability of heads)"), _("density"))
    theta = curves["theta"]
    inside = (theta >= interval.low) & (theta <= interval.high) if interval is not None else np.zeros(theta.size, bool)
    fig.add_trace(scatter(x=theta[inside], y=curves["posterior"][inside], fill="tozeroy", mode="lines",
                          line=dict(width=0), fillcolor="rgba(0,114,178,0.18)", hoverinfo="skip",
                          name=_("95% HPD interval") if interval_name == "HPD" else _("95% central interval")))
    prior_name = _("prior Beta({a}, {b})").format(a=f"{posterior.a:g}", b=f"{posterior.b:g}")
    fig.add_trace(scatter(x=theta, y=curves["prior"], name=prior_name,
                          line=dict(color=PRIOR, width=2.5, dash="dash")))
    # With no flips the scaled likelihood is flat (θ⁰(1 − θ)⁰ = 1): drawn as it is.
    fig.add_trace(scatter(x=theta, y=curves["likelihood"],
                          name=_("likelihood θ<sup>h</sup> (1 − θ)<sup>t</sup>, scaled"),
                          line=dict(color=LIKELIHOOD, width=2.5, dash="dot")))
    fig.add_trace(scatter(x=theta, y=curves["posterior"], name=_("posterior Beta(a + h, b + t)"),
                          line=dict(color=POSTERIOR, width=3.5)))
    top = _y_cap(curves["prior"], curves["likelihood"], curves["posterior"])
    _marker_line(fig, posterior.mean, top, _("posterior mean"), POSTERIOR, "solid")
    _marker_line(fig, posterior.mle, top, _("MLE h / N"), LIKELIHOOD, "dashdot")
    if true_theta is not None:
        _marker_line(fig, true_theta, top, _("true θ = {theta}").format(theta=f"{true_theta:.2f}"), OKABE_ITO["black"],
                     "longdash")
    fig.update_xaxes(range=[0, 1])
    fig.update_yaxes(range=[0, top])
    fig.update_layout(height=520, margin=dict(b=150),
                      legend=dict(orientation="h", yanchor="top", y=-0.16, x=0, font=dict(size=13)))
    return fig


def consistency_figure(path: PosteriorPath, true_theta: float | None, prior_mean: float,
                       seen: int | None = None) -> FigureSpec:
    """The posterior mean and interval after every prefix of the flips; `seen`: the prefix the page
    shows, marked."""
    fig = new_figure(_("Posterior consistency: the band narrows and the prior's pull fades"),
                     _("number of flips seen"), "θ")
    t = path.flips.astype(float)
    fig.add_trace(scatter(x=np.concatenate([t, t[::-1]]), y=np.concatenate([path.high, path.low[::-1]]),
                          fill="toself", fillcolor="rgba(0,114,178,0.18)", line=dict(width=0),
                          name=_("95% central credible interval"), hoverinfo="skip"))
    fig.add_trace(scatter(x=t, y=path.mean, name=_("posterior mean"), line=dict(color=POSTERIOR, width=3)))
    fig.add_trace(scatter(x=t, y=path.mle, name=_("MLE h / N"), line=dict(color=LIKELIHOOD, width=2, dash="dot")))
    fig.add_hline(y=prior_mean, line=dict(color=PRIOR, width=1.5, dash="dash"),
                  annotation_text=_("prior mean"), annotation_position="bottom right")
    if true_theta is not None:
        fig.add_hline(y=true_theta, line=dict(color="black", width=1.5, dash="dash"),
                      annotation_text=_("true θ"), annotation_position="top right")
    if seen is not None:
        fig.add_trace(scatter(x=[seen, seen], y=[0.0, 1.0], mode="lines", name=_("flips seen so far"),
                              line=dict(color=OKABE_ITO["vermillion"], width=2), hoverinfo="name"))
    fig.update_xaxes(range=[0, max(float(t[-1]), 1.0)])
    fig.update_yaxes(range=[0, 1])
    fig.update_layout(height=470, margin=dict(b=120), legend=dict(orientation="h", yanchor="top", y=-0.2, x=0))
    return fig


def grid_figure(grid: GridApproximation, curves: dict[str, np.ndarray]) -> FigureSpec:
    m = grid.theta.size
    fig = new_figure(_("Grid approximation with M = {m} points against the exact posterior").format(m=m),
                     "θ", _("density"))
    cell = 1.0 / m
    fig.add_trace(bar(x=grid.theta, y=grid.weights / cell, width=cell * 0.9,
                      name=_("grid posterior (M = {m})").format(m=m),
                      marker=dict(color=OKABE_ITO["sky"]), opacity=0.8))
    fig.add_trace(scatter(x=curves["theta"], y=curves["posterior"], name=_("exact Beta posterior"),
                          line=dict(color=POSTERIOR, width=3)))
    fig.update_xaxes(range=[0, 1])
    fig.update_yaxes(range=[0, _y_cap(curves["posterior"], grid.weights / cell)])
    fig.update_layout(height=380, bargap=0, legend=dict(orientation="h", yanchor="bottom", y=1.0, x=0))
    return fig


def gaussian_update_figure(post: GaussianPosterior, curves: dict[str, np.ndarray], mu_true: float) -> FigureSpec:
    fig = new_figure(_("Prior × likelihood → posterior for the mean μ (σ known)"), "μ", _("density"))
    mu = curves["mu"]
    prior_name = _("prior N({mu0}, {tau0}²)").format(mu0=f"{post.mu0:g}", tau0=f"{post.tau0:g}")
    fig.add_trace(scatter(x=mu, y=curves["prior"], name=prior_name,
                          line=dict(color=PRIOR, width=2.5, dash="dash")))
    if "likelihood" in curves:
        fig.add_trace(scatter(x=mu, y=curves["likelihood"],
                              name=_("likelihood of μ: N(x̄ = {xbar}, σ²/N), normalised").format(
                                  xbar=f"{post.xbar:.3f}"),
                              line=dict(color=LIKELIHOOD, width=2.5, dash="dot")))
    fig.add_trace(scatter(x=mu, y=curves["posterior"],
                          name=_("posterior N({mean}, {sd}²)").format(mean=f"{post.mean:.3f}",
                                                                     sd=f"{post.variance ** 0.5:.3f}"),
                          line=dict(color=POSTERIOR, width=3.5)))
    fig.add_vline(x=mu_true, line=dict(color="black", width=1.5, dash="dash"), annotation_text=_("true μ"),
                  annotation_position="top right")
    fig.update_layout(height=470, margin=dict(b=130),
                      legend=dict(orientation="h", yanchor="top", y=-0.18, x=0, font=dict(size=13)))
    return fig


def precision_figure(post: GaussianPosterior) -> FigureSpec:
    """Precisions add: prior precision + data precision = posterior precision, as stacked bars."""
    fig = new_figure(_("Precisions add: the posterior's is the prior's plus the data's"),
                     _("precision (1 / variance)"), "")
    both, after = _("prior + data"), _("posterior")
    bars = [(both, post.prior_precision, _("prior 1/τ₀² = {value}"), PRIOR),
            (both, post.data_precision, _("data N/σ² = {value}"), LIKELIHOOD),
            (after, post.precision, _("posterior 1/τ<sub>N</sub>² = {value}"), POSTERIOR)]
    for row, width, name, colour in bars:
        fig.add_trace(bar(y=[row], x=[width], orientation="h", name=name.format(value=f"{width:.3g}"),
                          marker=dict(color=colour)))
    fig.update_layout(barmode="stack", height=270, margin=dict(t=60, b=50),
                      legend=dict(orientation="h", yanchor="top", y=-0.35, x=0, traceorder="normal"))
    return fig
