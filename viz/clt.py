"""Figures for the CLT page: the histogram of Z_N over N (client-side frames), the convergence
of the Kolmogorov distance on log-log axes, and the law of large numbers' running means."""

from __future__ import annotations

import numpy as np
from scipy import stats

from core.clt import (HIST_RANGE, CltResult, RunningMeans, SourceLaw, berry_esseen_bound, chebyshev_half_width,
                      edgeworth_distance)
from viz.theme import OKABE_ITO, FigureSpec, animation_slider, bar, new_figure, scatter, title


def _frame_traces(result: CltResult, index: int) -> list[dict]:
    frame = result.frames[index]
    centres = 0.5 * (frame.edges[:-1] + frame.edges[1:])
    what = "Z_N" if result.law.has_variance else "means"
    traces: list[dict] = [
        bar(x=centres, y=frame.density, width=np.diff(frame.edges), name=f"simulated {what} ({result.trials:,})",
            marker=dict(color=OKABE_ITO["sky"], line=dict(width=0)), opacity=0.75,
            hovertemplate="z ≈ %{x:.2f}<br>density %{y:.3f}<extra>simulated</extra>"),
    ]
    if frame.exact_density is not None:
        traces.append(scatter(x=frame.edges, y=np.append(frame.exact_density, frame.exact_density[-1]),
                              mode="lines", line=dict(shape="hv", color=OKABE_ITO["vermillion"], width=2),
                              name=f"exact law of {what} (binned)",
                              hovertemplate="density %{y:.3f}<extra>exact</extra>"))
    return traces


def _frame_title(result: CltResult, index: int) -> str:
    frame = result.frames[index]
    outside = f"; {100 * frame.fraction_outside:.1f}% fall outside the plot" \
        if frame.fraction_outside >= 0.001 else ""
    what = "mean" if not result.law.has_variance else "standardised mean Z_N"
    return f"The {what} of N = {frame.n} draws from {result.law.label}{outside}"


def _frame_y_range(result: CltResult, index: int) -> list[float]:
    frame = result.frames[index]
    peak = float(np.max(frame.density))
    if frame.exact_density is not None:
        peak = max(peak, float(np.max(frame.exact_density)))
    return [0.0, max(0.5, 1.1 * peak)]


def histogram_figure(result: CltResult) -> FigureSpec:
    """Histogram of Z_N with N(0, 1), one Plotly frame per N: dragging the slider is instant."""
    ns = [frame.n for frame in result.frames]
    current = ns.index(result.n)
    z = np.linspace(HIST_RANGE[0], HIST_RANGE[1], 241)
    x_title = "z = (mean − μ) / (σ / √N)" if result.law.has_variance else "mean of N draws"
    fig = new_figure(_frame_title(result, current), x_title, "density")
    for trace in _frame_traces(result, current):
        fig.add_trace(trace)
    fig.add_trace(scatter(x=z, y=stats.norm.pdf(z), mode="lines", name="N(0, 1)",
                          line=dict(color=OKABE_ITO["black"], width=2, dash="dash"),
                          hovertemplate="φ(z) = %{y:.3f}<extra></extra>"))
    animated = list(range(len(_frame_traces(result, current))))
    fig["frames"] = [dict(data=_frame_traces(result, i), traces=animated, name=str(n),
                          layout=dict(title=title(_frame_title(result, i)),
                                      yaxis=dict(range=_frame_y_range(result, i))))
                     for i, n in enumerate(ns)]
    fig.update_layout(
        barmode="overlay", bargap=0, height=470, margin=dict(b=120),
        legend=dict(orientation="h", yanchor="bottom", y=1.0, x=0),
        xaxis=dict(range=list(HIST_RANGE)), yaxis=dict(range=_frame_y_range(result, current)),
        sliders=[animation_slider([str(n) for n in ns], current, "N = ")],
    )
    return fig


def convergence_figure(result: CltResult) -> FigureSpec:
    """sup |F_N − Φ| against N on log-log axes, with the Berry–Esseen bound and Edgeworth."""
    law = result.law
    log_y = law.has_variance and result.distance.distance > 0
    fig = new_figure("Distance of Z_N from N(0, 1) against N", "N (draws per mean, log scale)",
                     "sup_z |P(Z_N ≤ z) − Φ(z)|" + ("  (log scale)" if log_y else ""))
    points = result.curve
    n_values = np.array([p.n for p in points], dtype=float)
    distance = np.array([p.distance for p in points])
    exact = bool(points) and points[0].exact
    if exact:
        shown = distance > 0
        fig.add_trace(scatter(x=n_values[shown], y=distance[shown], mode="lines+markers",
                              name="exact distance", line=dict(color=OKABE_ITO["vermillion"], width=3),
                              marker=dict(size=5)))
    else:
        errors = np.array([p.error for p in points])
        fig.add_trace(scatter(x=n_values, y=distance, mode="markers+lines", name="Monte-Carlo distance",
                              line=dict(color=OKABE_ITO["vermillion"], width=2),
                              error_y=dict(type="data", array=errors, visible=True, thickness=1.2),
                              hovertemplate="N = %{x}<br>%{y:.4f} ± %{error_y.array:.4f} (95%)<extra></extra>"))
    grid = np.logspace(0, 3, 60)
    bound = berry_esseen_bound(law, grid)
    if bound is not None:
        fig.add_trace(scatter(x=grid, y=bound, mode="lines", name="Berry–Esseen bound (C = 0.4748)",
                              line=dict(color=OKABE_ITO["blue"], width=2)))
    estimate = edgeworth_distance(law, grid)
    if estimate is not None and np.all(estimate > 0):
        fig.add_trace(scatter(x=grid, y=estimate, mode="lines", name="Edgeworth first-order estimate",
                              line=dict(color=OKABE_ITO["green"], width=2, dash="dot")))
    if result.distance.distance > 0:
        fig.add_trace(scatter(x=[result.n], y=[result.distance.distance], mode="markers",
                              name=f"current N = {result.n}",
                              marker=dict(size=14, color=OKABE_ITO["orange"], symbol="diamond",
                                             line=dict(color="black", width=1))))
    fig.update_xaxes(type="log")
    if log_y:
        fig.update_yaxes(type="log", exponentformat="power")
    else:
        fig.update_yaxes(rangemode="tozero")
    fig.update_layout(height=430, legend=dict(x=0.99, y=0.99, xanchor="right", yanchor="top"))
    return fig


def lln_figure(running: RunningMeans, law: SourceLaw) -> FigureSpec:
    """Seeded running means with the ±σ/√N band and Chebyshev's 95% band around μ."""
    fig = new_figure(f"Law of large numbers: running means of {law.label}", "number of draws t (log scale)",
                     "mean of the first t draws")
    steps = running.steps.astype(float)
    sd = law.sd
    if law.has_variance:
        chebyshev = chebyshev_half_width(law, steps)
        one_se = sd / np.sqrt(steps)
        for half, name, colour in ((chebyshev, "Chebyshev 95% bound: μ ± σ/√(0.05 t)", "rgba(0,114,178,0.10)"),
                                   (one_se, "μ ± σ/√t (one standard error)", "rgba(0,114,178,0.25)")):
            fig.add_trace(scatter(x=np.concatenate([steps, steps[::-1]]),
                                  y=np.concatenate([running.mean + half, (running.mean - half)[::-1]]),
                                  fill="toself", fillcolor=colour, line=dict(width=0), name=name,
                                  hoverinfo="skip"))
    colours = [OKABE_ITO[c] for c in ("vermillion", "green", "pink", "orange", "black")]
    for index, path in enumerate(running.paths):
        fig.add_trace(scatter(x=steps, y=path, mode="lines", name=f"run {index + 1}",
                              line=dict(color=colours[index % len(colours)], width=1.6),
                              showlegend=index == 0, legendgroup="runs"))
    if running.paths.shape[0] > 1:
        fig.data[-running.paths.shape[0]]["name"] = "seeded runs"
    if running.mean is not None:
        fig.add_hline(y=running.mean, line=dict(color="black", width=1, dash="dash"),
                      annotation_text="μ", annotation_position="right")
        spread = 4.0 * (sd or 1.0)
        fig.update_yaxes(range=[running.mean - spread, running.mean + spread])
    else:
        fig.update_yaxes(range=[-10, 10])
    fig.update_xaxes(type="log")
    fig.update_layout(height=470, margin=dict(b=130),
                      legend=dict(orientation="h", yanchor="top", y=-0.22, x=0))
    return fig

