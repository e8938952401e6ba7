"""Figures for the Fisher information page: sampling distributions against the normal the bound
allows, n Var I against n, and the log-likelihood and score of one large sample."""

from __future__ import annotations


import numpy as np

from concepts.fisher.explain import estimator_label
from i18n import _
from core.fisher import BoundCurve, EstimatorStats, LikelihoodCurve, Model
from viz.theme import OKABE_ITO, FigureSpec, new_figure, scatter, two_rows_figure

BINS = 50


ESTIMATOR_MARKERS = ("circle", "square", "diamond", "triangle-up")

def sampling_figure(model: Model, results: list[EstimatorStats], bound: BoundCurve) -> FigureSpec:
    """Each estimator's histogram (a filled step line: the live θ control moves it by x and y alone)
    against the normal the bound allows (core.fisher.bound_curve, whose window the histograms share), with the
    true θ as a line of its own."""
    first = results[0]
    low, high = float(bound.x[0]), float(bound.x[-1])
    fig = new_figure(_("Sampling distributions at n = {n} ({replications} replications)").format(
        n=first.n, replications=f"{first.estimates.size:,}"),
        _("estimate of {symbol}").format(symbol=model.symbol), _("density"))
    edges = np.linspace(low, high, BINS + 1)
    width = float(edges[1] - edges[0])
    peak = bound.peak
    for index, result in enumerate(results):
        counts = np.histogram(result.estimates, bins=edges)[0]
        density = counts / (result.estimates.size * width)
        peak = max(peak, float(density.max()))
        outside = 1.0 - counts.sum() / result.estimates.size
        suffix = " " + _("({percent}% off the plot)").format(percent=f"{100 * outside:.1f}") if outside >= 0.001 else ""
        colour = _estimator_colour(index)
        fig.add_trace(scatter(x=edges, y=np.append(density, density[-1]), mode="lines", fill="tozeroy",
                              # Outlines carry each histogram; a faint fill only: three fills at 0.4 blended
                              # into one olive mass where they overlap, which is everywhere that matters.
                              line=dict(shape="hv", color=colour, width=2), fillcolor=_translucent(colour, 0.08),
                              name=f"{estimator_label(result.estimator)}{suffix}",
                              hovertemplate=_("bin from %{x:.4g}<br>density %{y:.3g}<extra></extra>")))
    fig.add_trace(scatter(x=bound.x, y=bound.density, mode="lines",
                          name=_("N({symbol}, 1/(nI)): the best an unbiased estimator can do").format(
                              symbol=model.symbol),
                          line=dict(color="black", width=2.5, dash="dash")))
    fig.add_trace(scatter(x=[first.theta, first.theta], y=[0.0, 1.08 * peak], mode="lines",
                          name=_("true {symbol}").format(symbol=model.symbol),
                          line=dict(color="black", width=1), hoverinfo="skip"))
    fig.update_layout(height=460, margin=dict(b=140), legend=dict(orientation="h", yanchor="top", y=-0.2, x=0))
    return fig


# Each estimator keeps its colour in both figures. Dark, well-separated hues: Okabe–Ito's yellow and sky vanish as
# thin outlines on white.
_ESTIMATOR_COLOURS = tuple(OKABE_ITO[name] for name in ("blue", "vermillion", "green", "pink", "orange"))


def _estimator_colour(index: int) -> str:
    return _ESTIMATOR_COLOURS[index % len(_ESTIMATOR_COLOURS)]


def _translucent(colour: str, alpha: float) -> str:
    """"#RRGGBB" -> "rgba(r,g,b,alpha)"."""
    red, green, blue = (int(colour[i:i + 2], 16) for i in (1, 3, 5))
    return f"rgba({red},{green},{blue},{alpha})"


def efficiency_figure(model: Model, curves: dict[str, list[EstimatorStats]], current_n: int) -> FigureSpec:
    fig = new_figure(_("n · Var · I(θ) against n: 1 is the Cramér–Rao bound"), _("n (log scale)"),
                     _("n · Var · I(θ)  (log scale)"))
    # Reference lines are traces, not add_hline/add_vline: on log axes Plotly reads an annotation's
    # position as log10 of the value, which put "n = 100" at 10^100.
    all_n = [s.n for series in curves.values() for s in series]
    span = np.array([min(all_n), max(all_n)], dtype=float)
    fig.add_trace(scatter(x=span, y=[1.0, 1.0], mode="lines", name=_("efficient: n·Var·I = 1"),
                          line=dict(color="black", width=1.5, dash="dash")))
    values = [1.0]
    for index, estimator in enumerate(model.estimators):
        series = curves[estimator.key]
        colour = _estimator_colour(index)
        n = np.array([s.n for s in series], dtype=float)
        scaled = [s.scaled_variance for s in series]
        values.extend(scaled)
        # A marker shape of its own for each estimator, as well as a colour.
        fig.add_trace(scatter(x=n, y=scaled, mode="lines+markers", name=estimator_label(estimator),
                              line=dict(color=colour, width=2.5),
                              marker=dict(symbol=ESTIMATOR_MARKERS[index % len(ESTIMATOR_MARKERS)], size=8)))
        if estimator.asymptote is not None and abs(estimator.asymptote - 1.0) > 1e-9:
            fig.add_trace(scatter(x=span, y=[estimator.asymptote] * 2, mode="lines",
                                  name=_("{estimator}: limit {limit}").format(estimator=estimator_label(estimator),
                                                                              limit=f"{estimator.asymptote:.4g}"),
                                  line=dict(color=colour, width=1.2, dash="dot")))
    low, high = min(values), max(values)
    fig.add_trace(scatter(x=[current_n, current_n], y=[low / 1.3, high * 1.3], mode="lines",
                          name=_("current n = {n}").format(n=current_n),
                          line=dict(color=OKABE_ITO["orange"], width=1.5)))
    fig.update_xaxes(type="log")
    fig.update_yaxes(type="log")
    fig.update_layout(height=500, margin=dict(b=150), legend=dict(orientation="h", yanchor="top", y=-0.18, x=0))
    return fig


def likelihood_figure(model: Model, curve: LikelihoodCurve, theta: float) -> FigureSpec:
    fig = two_rows_figure(_("Curvature at the MLE = observed information"),
                          (_("log-likelihood of one sample of N = {n}").format(n=f"{curve.n:,}"),
                           _("score: its slope, zero at the MLE")),
                          model.symbol, (_("log-likelihood"), _("score")))
    fig.add_trace(scatter(x=curve.theta, y=curve.loglik - curve.loglik.max(), mode="lines",
                          name="ℓ(θ) − max ℓ", line=dict(color=OKABE_ITO["blue"], width=3)))
    quadratic = -0.5 * curve.observed_information * (curve.theta - curve.mle) ** 2
    fig.add_trace(scatter(x=curve.theta, y=quadratic, mode="lines",
                          name=_("−½ J (θ − θ̂)², J = observed information"),
                          line=dict(color=OKABE_ITO["vermillion"], width=2, dash="dash")))
    fig.add_trace(scatter(x=curve.theta, y=curve.score, mode="lines", name=_("score dℓ/dθ"),
                          line=dict(color=OKABE_ITO["green"], width=3), xaxis="x2", yaxis="y2"))
    fig.add_hline(y=0, line=dict(color="black", width=1), x_axis="x2", y_axis="y2")
    for x_axis, y_axis in (("x", "y"), ("x2", "y2")):
        fig.add_vline(x=curve.mle, line=dict(color="black", width=1, dash="dot"), x_axis=x_axis, y_axis=y_axis)
        fig.add_vline(x=theta, line=dict(color=OKABE_ITO["orange"], width=1.5), x_axis=x_axis, y_axis=y_axis)
    fig.update_layout(height=560, margin=dict(b=120), legend=dict(orientation="h", yanchor="top", y=-0.12, x=0))
    return fig
