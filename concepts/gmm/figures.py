"""Figures for the mixture page: EM at one iteration (the page's live iteration control moves it
through every iteration, ui/live.py), the log-likelihood per iteration, and the (mu1, mu2) likelihood
landscape with the EM path and both label-switching maxima."""

from __future__ import annotations


import numpy as np

from core.gmm import EmFit, EmPicture, IterationPicture, Landscape, Mixture
from i18n import _
from viz.theme import OKABE_ITO, PALETTE, VIRIDIS, FigureSpec, bar, contour, heatmap, new_figure, scatter, title

COMPONENT_DASHES = ("dot", "dashdot", "longdash", "dash", "longdashdot")

def _mixture_traces(x_grid: np.ndarray, curves: list[np.ndarray], rug_x: np.ndarray, rug_y: float,
                    colour_by: np.ndarray) -> list[dict]:
    traces = []
    for k, density in enumerate(curves[:-1]):
        traces.append(scatter(x=x_grid, y=density, mode="lines",
                              name=_("component {number} (weighted)").format(number=k + 1),
                              # Each component its own dash as well as its own colour: colour is never all.
                              line=dict(color=PALETTE[(k + 1) % len(PALETTE)], width=2,
                                        dash=COMPONENT_DASHES[k % len(COMPONENT_DASHES)])))
    traces.append(scatter(x=x_grid, y=curves[-1], mode="lines", name=_("mixture density"),
                          line=dict(color=OKABE_ITO["vermillion"], width=3.5)))
    traces.append(scatter(x=rug_x, y=np.full(rug_x.size, rug_y), mode="markers",
                          name=_("points, coloured by r(component 1)"),
                          marker=dict(symbol="line-ns-open", size=14, color=colour_by.astype(np.float32), cmin=0,
                                      cmax=1, colorscale=[[0, PALETTE[2]], [1, PALETTE[1]]]),
                          hovertemplate="x = %{x:.3f}<br>r = %{marker.color:.2f}<extra></extra>"))
    return traces


def em_figure(canvas: EmPicture, fit: EmFit, step: IterationPicture) -> FigureSpec:
    """The histogram with the single Gaussian and the mixture EM holds at one step (core.gmm.iteration_picture); the rug
    colours each point by its responsibility for component 1 at that step. The title carries no
    iteration number: the live control moves the traces, and the sentence over the figure says it."""
    fig = new_figure(_("EM for K = {k}: the mixture step by step").format(k=fit.k), "x", _("density"))
    fig.add_trace(bar(x=canvas.centres, y=canvas.density, width=canvas.width,
                      name=_("data (N = {n})").format(n=f"{canvas.n:,}"),
                      marker=dict(color="rgba(86,180,233,0.45)", line=dict(width=0))))
    fig.add_trace(scatter(x=canvas.x_grid, y=canvas.single_curve, mode="lines", name=_("single Gaussian MLE"),
                          line=dict(color=OKABE_ITO["black"], width=2, dash="dash")))
    rug_y = -0.06 * float(canvas.density.max())
    for trace in _mixture_traces(canvas.x_grid, step.curves, canvas.rug, rug_y, step.rug_responsibility):
        fig.add_trace(trace)
    fig.update_layout(height=560, bargap=0, margin=dict(b=170),
                      legend=dict(orientation="h", yanchor="top", y=-0.16, x=0),
                      yaxis=dict(range=[2.2 * rug_y, 1.1 * canvas.top]))
    return fig


def loglik_figure(fit: EmFit, iteration: int | None = None) -> FigureSpec:
    """Every restart's log-likelihood per iteration; `iteration`: the best restart's step the EM figure
    shows, marked."""
    fig = new_figure(_("Log-likelihood per EM iteration (never decreases)"), _("iteration"), _("log-likelihood"))
    others_in_legend = False
    for run in fit.restarts:
        best = run is fit.best
        fig.add_trace(scatter(x=np.arange(run.logliks.size), y=run.logliks, mode="lines",
                              name=_("best restart") if best else _("other restarts"),
                              line=dict(color=OKABE_ITO["vermillion"] if best else "rgba(0,0,0,0.3)",
                                           width=3 if best else 1.2),
                              showlegend=best or not others_in_legend))
        others_in_legend = others_in_legend or not best
    # Zoom past the starting values: the first step jumps so far that the rest would look flat.
    low = min(float(run.logliks[min(1, run.logliks.size - 1)]) for run in fit.restarts)
    high = max(float(run.logliks[-1]) for run in fit.restarts)
    pad = 0.05 * max(high - low, 1.0)
    fig.update_yaxes(range=[low - pad, high + pad])
    if iteration is not None:
        fig.add_trace(scatter(x=[iteration], y=[float(fit.best.logliks[iteration])], mode="markers",
                              name=_("iteration shown"),
                              marker=dict(size=12, color=OKABE_ITO["orange"], symbol="diamond",
                                          line=dict(color="black", width=1))))
    fig.update_xaxes(range=[-0.5, max(len(run.logliks) for run in fit.restarts) - 0.5])
    fig.update_layout(height=400, legend=dict(x=0.99, y=0.02, xanchor="right", yanchor="bottom"))
    return fig


def landscape_figure(land: Landscape, fit: EmFit, truth: Mixture | None) -> FigureSpec:
    fig = new_figure(_("Log-likelihood over (μ₁, μ₂): two maxima, one per labelling"), "μ₁", "μ₂")
    peak = float(land.loglik.max())
    # Show the top of the surface: the log-likelihood falls by O(N) across the grid, so clip
    # everything more than N/2 below the peak, or the two maxima drown in one flat colour.
    floor = peak - max(50.0, 0.5 * land.points)
    fig.add_trace(heatmap(x=land.mu1, y=land.mu2, z=np.maximum(land.loglik, floor), colorscale=VIRIDIS,
                          colorbar=dict(title=title(_("log-lik"))), name=_("log-likelihood"),
                          hovertemplate=_("μ₁ %{x:.2f}<br>μ₂ %{y:.2f}<br>log-lik %{z:.1f}<extra></extra>")))
    fig.add_trace(contour(x=land.mu1, y=land.mu2, z=land.loglik, showscale=False,
                          ncontours=12, contours=dict(start=floor, end=peak, coloring="none"),
                          line=dict(color="white", width=1), hoverinfo="skip", name=_("contours")))
    path = np.array([run.loc for run in fit.best.history])
    fig.add_trace(scatter(x=path[:, 0], y=path[:, 1], mode="lines+markers", name=_("EM path (best restart)"),
                          line=dict(color=OKABE_ITO["orange"], width=2.5), marker=dict(size=5)))
    best, mirror = land.maxima
    fig.add_trace(scatter(x=[best[0], mirror[0]], y=[best[1], mirror[1]], mode="markers",
                          name=_("the two maxima (swap the labels)"),
                          marker=dict(symbol="star", size=18, color=OKABE_ITO["pink"],
                                         line=dict(color="white", width=1.5))))
    if truth is not None:
        fig.add_trace(scatter(x=[truth.loc[0]], y=[truth.loc[1]], mode="markers", name=_("true (μ₁, μ₂)"),
                              marker=dict(symbol="x", size=13, color="white", line=dict(color="black", width=1))))
    fig.update_yaxes(scaleanchor="x", scaleratio=1)
    fig.update_layout(height=560, margin=dict(b=120), legend=dict(orientation="h", yanchor="top", y=-0.14, x=0))
    return fig
