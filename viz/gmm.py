"""Figures for the mixture page: EM step by step (client-side frames), the log-likelihood per
iteration, and the (mu1, mu2) likelihood landscape with the EM path and both label-switching maxima."""

from __future__ import annotations

import math

import numpy as np
from scipy import stats

from core.gmm import EmFit, Landscape, Mixture, responsibilities
from viz.theme import (OKABE_ITO, PALETTE, VIRIDIS, FigureSpec, animation_slider, bar, contour, heatmap, new_figure,
                        scatter, title)

MAX_FRAMES = 30
MAX_RUG_POINTS = 300
HIST_BINS = 60
CURVE_POINTS = 200


def _frame_indices(count: int) -> list[int]:
    """Iterations to show: every one early on (where EM moves most), then evenly thinned."""
    if count <= MAX_FRAMES:
        return list(range(count))
    early = list(range(10))
    rest = np.unique(np.round(np.linspace(10, count - 1, MAX_FRAMES - 10)).astype(int)).tolist()
    return early + rest


def _mixture_curves(x_grid: np.ndarray, mixture: Mixture) -> list[np.ndarray]:
    """Each weighted component density, then the mixture density, as float32 (half the JSON)."""
    # The normal density written out: scipy.stats' per-call overhead, paid K times for each of up to
    # 30 frames, was a fifth of the EM figure's build time.
    z = (x_grid[None, :] - mixture.loc[:, None]) / mixture.scale[:, None]
    parts = mixture.weights[:, None] * np.exp(-0.5 * z * z) / (mixture.scale[:, None] * math.sqrt(2.0 * math.pi))
    return [part.astype(np.float32) for part in (*parts, parts.sum(axis=0))]


def _frame_update(x_grid: np.ndarray, mixture: Mixture, colour_by: np.ndarray) -> list[dict]:
    """Only what changes between iterations (the curves' y and the rug's colours): Plotly merges a
    frame into the existing traces, so the x arrays need not be sent again for every frame."""
    updates = [scatter(y=curve) for curve in _mixture_curves(x_grid, mixture)]
    return updates + [scatter(marker=dict(color=colour_by.astype(np.float32)))]


def _mixture_traces(x_grid: np.ndarray, mixture: Mixture, rug_x: np.ndarray, rug_y: float,
                    colour_by: np.ndarray) -> list[dict]:
    traces = []
    curves = _mixture_curves(x_grid, mixture)
    for k, density in enumerate(curves[:-1]):
        traces.append(scatter(x=x_grid, y=density, mode="lines", name=f"component {k + 1} (weighted)",
                              line=dict(color=PALETTE[(k + 1) % len(PALETTE)], width=2, dash="dot")))
    traces.append(scatter(x=x_grid, y=curves[-1], mode="lines", name="mixture density",
                          line=dict(color=OKABE_ITO["vermillion"], width=3.5)))
    traces.append(scatter(x=rug_x, y=np.full(rug_x.size, rug_y), mode="markers",
                          name="points, coloured by r(component 1)",
                          marker=dict(symbol="line-ns-open", size=14, color=colour_by, cmin=0, cmax=1,
                                         colorscale=[[0, PALETTE[2]], [1, PALETTE[1]]]),
                          hovertemplate="x = %{x:.3f}<br>r = %{marker.color:.2f}<extra></extra>"))
    return traces


def em_figure(x: np.ndarray, fit: EmFit, single: Mixture, seed: int) -> FigureSpec:
    """Histogram with the single Gaussian (static) and the mixture at each EM iteration (frames)."""
    history = fit.best.history
    indices = _frame_indices(len(history))
    counts, edges = np.histogram(x, bins=HIST_BINS)
    width = float(edges[1] - edges[0])
    density = counts / (x.size * width)
    x_grid = np.linspace(edges[0], edges[-1], CURVE_POINTS)
    rng = np.random.default_rng([seed, 10])
    rug = np.sort(rng.choice(x, size=min(MAX_RUG_POINTS, x.size), replace=False))
    rug_y = -0.06 * float(density.max())

    def colours(mixture: Mixture) -> np.ndarray:
        return responsibilities(rug, mixture)[:, 0] if mixture.k > 1 else np.ones(rug.size)

    fig = new_figure(f"EM for K = {fit.k}: iteration {len(history) - 1} of {len(history) - 1} (final)", "x",
                     "density")
    fig.add_trace(bar(x=0.5 * (edges[:-1] + edges[1:]), y=density, width=width, name=f"data (N = {x.size:,})",
                      marker=dict(color="rgba(86,180,233,0.45)", line=dict(width=0))))
    fig.add_trace(scatter(x=x_grid, y=stats.norm.pdf(x_grid, single.loc[0], single.scale[0]), mode="lines",
                          name="single Gaussian MLE", line=dict(color=OKABE_ITO["black"], width=2, dash="dash")))
    final = history[-1]
    for trace in _mixture_traces(x_grid, final, rug, rug_y, colours(final)):
        fig.add_trace(trace)
    animated = list(range(2, 2 + final.k + 2))
    fig["frames"] = [dict(data=_frame_update(x_grid, history[i], colours(history[i])), traces=animated, name=str(i),
                          layout=dict(title=title(f"EM for K = {fit.k}: iteration {i} of {len(history) - 1}, "
                                                  f"log-likelihood {fit.best.logliks[i]:.2f}")))
                     for i in indices]
    fig.update_layout(
        height=680, bargap=0, margin=dict(b=290),
        legend=dict(orientation="h", yanchor="top", y=-0.5, x=0),
        yaxis=dict(range=[2.2 * rug_y, 1.25 * float(density.max())]),
        sliders=[animation_slider([str(i) for i in indices], len(indices) - 1, "EM iteration ",
                                  shown=[str(i) if position % 4 == 0 or i < 4 else ""
                                         for position, i in enumerate(indices)])],
    )
    return fig


def loglik_figure(fit: EmFit) -> FigureSpec:
    fig = new_figure("Log-likelihood per EM iteration (never decreases)", "iteration", "log-likelihood")
    others_in_legend = False
    for run in fit.restarts:
        best = run is fit.best
        fig.add_trace(scatter(x=np.arange(run.logliks.size), y=run.logliks, mode="lines",
                              name="best restart" if best else "other restarts",
                              line=dict(color=OKABE_ITO["vermillion"] if best else "rgba(0,0,0,0.3)",
                                           width=3 if best else 1.2),
                              showlegend=best or not others_in_legend))
        others_in_legend = others_in_legend or not best
    # Zoom past the starting values: the first step jumps so far that the rest would look flat.
    low = min(float(run.logliks[min(1, run.logliks.size - 1)]) for run in fit.restarts)
    high = max(float(run.logliks[-1]) for run in fit.restarts)
    pad = 0.05 * max(high - low, 1.0)
    fig.update_yaxes(range=[low - pad, high + pad])
    fig.update_layout(height=400, legend=dict(x=0.99, y=0.02, xanchor="right", yanchor="bottom"))
    return fig


def landscape_figure(land: Landscape, fit: EmFit, truth: Mixture | None) -> FigureSpec:
    fig = new_figure("Log-likelihood over (μ₁, μ₂): two maxima, one per labelling", "μ₁", "μ₂")
    peak = float(land.loglik.max())
    # Show the top of the surface: the log-likelihood falls by O(N) across the grid, so clip
    # everything more than N/2 below the peak, or the two maxima drown in one flat colour.
    floor = peak - max(50.0, 0.5 * land.points)
    fig.add_trace(heatmap(x=land.mu1, y=land.mu2, z=np.maximum(land.loglik, floor), colorscale=VIRIDIS,
                          colorbar=dict(title=title("log-lik")), name="log-likelihood",
                          hovertemplate="μ₁ %{x:.2f}<br>μ₂ %{y:.2f}<br>log-lik %{z:.1f}<extra></extra>"))
    fig.add_trace(contour(x=land.mu1, y=land.mu2, z=land.loglik, showscale=False,
                          ncontours=12, contours=dict(start=floor, end=peak, coloring="none"),
                          line=dict(color="white", width=1), hoverinfo="skip", name="contours"))
    path = np.array([run.loc for run in fit.best.history])
    fig.add_trace(scatter(x=path[:, 0], y=path[:, 1], mode="lines+markers", name="EM path (best restart)",
                          line=dict(color=OKABE_ITO["orange"], width=2.5), marker=dict(size=5)))
    best, mirror = land.maxima
    fig.add_trace(scatter(x=[best[0], mirror[0]], y=[best[1], mirror[1]], mode="markers",
                          name="the two maxima (swap the labels)",
                          marker=dict(symbol="star", size=18, color=OKABE_ITO["pink"],
                                         line=dict(color="white", width=1.5))))
    if truth is not None:
        fig.add_trace(scatter(x=[truth.loc[0]], y=[truth.loc[1]], mode="markers", name="true (μ₁, μ₂)",
                              marker=dict(symbol="x", size=13, color="white", line=dict(color="black", width=1))))
    fig.update_yaxes(scaleanchor="x", scaleratio=1)
    fig.update_layout(height=560, margin=dict(b=120), legend=dict(orientation="h", yanchor="top", y=-0.14, x=0))
    return fig
