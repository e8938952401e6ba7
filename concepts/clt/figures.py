"""Figures for the CLT page: the histogram of Z_N at one N (the page's live N control moves it through
every simulated N, ui/live.py), the convergence of the Kolmogorov distance on log-log axes, and the
law of large numbers' running means."""

from __future__ import annotations

import math

import numpy as np

from i18n import _
from core.clt import (HIST_RANGE, MAX_N, CltResult, HistogramFrame, LlnBands, ReferenceCurves, RunningMeans,
                      SourceLaw)
from viz.theme import OKABE_ITO, FigureSpec, new_figure, scatter


def _frame_traces(result: CltResult, index: int) -> list[dict]:
    frame = result.frames[index]
    variance = result.law.has_variance
    # The histogram as a filled step line over the bin edges, not as bars: the live N control moves
    # it by its x and y alone, and lattice laws have other bins (other widths) at every N.
    traces: list[dict] = [
        scatter(x=frame.edges, y=np.append(frame.density, frame.density[-1]), mode="lines", fill="tozeroy",
                line=dict(shape="hv", color=OKABE_ITO["sky"], width=1), fillcolor="rgba(86,180,233,0.6)",
                name=(_("simulated Z<sub>N</sub> ({count})") if variance else _("simulated means ({count})")).format(
                    count=f"{result.trials:,}"),
                hovertemplate=_("bin from z = %{x:.2f}<br>density %{y:.3f}<extra>simulated</extra>")),
    ]
    if frame.exact_density is not None:
        traces.append(scatter(x=frame.edges, y=np.append(frame.exact_density, frame.exact_density[-1]),
                              mode="lines", line=dict(shape="hv", color=OKABE_ITO["vermillion"], width=2),
                              name=(_("exact law of Z<sub>N</sub> (binned)") if variance
                                    else _("exact law of means (binned)")),
                              hovertemplate=_("density %{y:.3f}<extra>exact</extra>")))
    return traces


def _histogram_title(result: CltResult) -> str:
    """No N in it: the live N control moves the histogram without redrawing the figure's layout."""
    if result.law.has_variance:
        return _("The standardised mean of N draws from {law}").format(law=result.law.label)
    return _("The mean of N draws from {law}").format(law=result.law.label)


def _y_range(frame: HistogramFrame) -> list[float]:
    """Room for this N's tallest bar, and never less than N(0, 1)'s peak (0.399) with a margin: from N ≈ 5 on
    the axis holds still at 0.45 while N is dragged, so the histogram is seen settling onto the fixed normal; at
    the smallest N it grows to fit the skewed law's peak. (One axis for every N, sized by N = 1, left a peak of
    0.4 under an axis of 1.) Rounded up to 0.05."""
    tallest = float(np.max(frame.density))
    if frame.exact_density is not None:
        tallest = max(tallest, float(np.max(frame.exact_density)))
    return [0.0, max(0.45, math.ceil(20 * 1.05 * tallest) / 20)]


def histogram_figure(result: CltResult, references: ReferenceCurves) -> FigureSpec:
    """Histogram of Z_N at the result's N, with the exact law where known and N(0, 1) (core.clt.reference_curves)."""
    current = [frame.n for frame in result.frames].index(result.n)
    x_title = _("z = (mean − μ) / (σ / √N)") if result.law.has_variance else _("mean of N draws")
    fig = new_figure(_histogram_title(result), x_title, _("density"))
    for trace in _frame_traces(result, current):
        fig.add_trace(trace)
    fig.add_trace(scatter(x=references.z, y=references.normal_pdf, mode="lines", name="N(0, 1)",
                          line=dict(color=OKABE_ITO["black"], width=2, dash="dash"),
                          hovertemplate="φ(z) = %{y:.3f}<extra></extra>"))
    fig.update_layout(
        barmode="overlay", bargap=0, height=450,
        legend=dict(orientation="h", yanchor="bottom", y=1.0, x=0),
        xaxis=dict(range=list(HIST_RANGE)), yaxis=dict(range=_y_range(result.frames[current])),
    )
    return fig


def _padded(values: np.ndarray) -> list[float]:
    low, high = float(np.min(values)), float(np.max(values))
    pad = 0.05 * (high - low) if high > low else 0.5
    return [low - pad, high + pad]


def convergence_figure(result: CltResult, references: ReferenceCurves) -> FigureSpec:
    """sup |F_N − Φ| against N on log-log axes, with the Berry–Esseen bound and Edgeworth
    (core.clt.reference_curves)."""
    law = result.law
    log_y = law.has_variance and result.distance.distance > 0
    fig = new_figure(_("Distance of the standardised mean from N(0, 1) against N"), _("N (draws per mean, log scale)"),
                     "sup<sub>z</sub> |P(Z<sub>N</sub> ≤ z) − Φ(z)|" + ("  " + _("(log scale)") if log_y else ""))
    points = result.curve
    n_values = np.array([p.n for p in points], dtype=float)
    distance = np.array([p.distance for p in points])
    exact = bool(points) and points[0].exact
    if exact:
        shown = distance > 0
        fig.add_trace(scatter(x=n_values[shown], y=distance[shown], mode="lines+markers",
                              name=_("exact distance"), line=dict(color=OKABE_ITO["vermillion"], width=3),
                              marker=dict(size=5)))
    else:
        errors = np.array([p.error for p in points])
        fig.add_trace(scatter(x=n_values, y=distance, mode="markers+lines", name=_("Monte-Carlo distance"),
                              line=dict(color=OKABE_ITO["vermillion"], width=2),
                              error_y=dict(type="data", array=errors, visible=True, thickness=1.2),
                              hovertemplate="N = %{x}<br>%{y:.4f} ± %{error_y.array:.4f} (95%)<extra></extra>"))
    grid, bound, estimate = references.n_grid, references.berry_esseen, references.edgeworth
    if bound is not None:
        fig.add_trace(scatter(x=grid, y=bound, mode="lines", name=_("Berry–Esseen bound (C = 0.4748)"),
                              line=dict(color=OKABE_ITO["blue"], width=2)))
    if estimate is not None and np.all(estimate > 0):
        fig.add_trace(scatter(x=grid, y=estimate, mode="lines", name=_("Edgeworth first-order estimate"),
                              line=dict(color=OKABE_ITO["green"], width=2, dash="dot")))
    if result.distance.distance > 0:
        fig.add_trace(scatter(x=[result.n], y=[result.distance.distance], mode="markers",
                              name=_("current N"),
                              marker=dict(size=14, color=OKABE_ITO["orange"], symbol="diamond",
                                             line=dict(color="black", width=1))))
    # Ranges of its own, the curves' (as Plotly's autorange would pick them): the live N control moves
    # the current-N marker along the curve without a redraw, and axes that never change need none.
    fig.update_xaxes(type="log", range=_padded(np.log10([1.0, float(MAX_N)])))
    if log_y:
        drawn = np.concatenate([np.asarray(trace["y"], dtype=float) for trace in fig.data])
        fig.update_yaxes(type="log", exponentformat="power", range=_padded(np.log10(drawn[drawn > 0])))
    else:
        fig.update_yaxes(rangemode="tozero")
    fig.update_layout(height=430, legend=dict(x=0.99, y=0.99, xanchor="right", yanchor="top"))
    return fig


def lln_figure(running: RunningMeans, law: SourceLaw, bands: LlnBands | None) -> FigureSpec:
    """Seeded running means with the ±σ/√N band and Chebyshev's 95% band around μ (core.clt.lln_bands)."""
    fig = new_figure(_("Law of large numbers: running means of {law}").format(law=law.label),
                     _("number of draws t (log scale)"), _("mean of the first t draws"))
    steps = running.steps.astype(float)
    if bands is not None:
        for half, name, colour in ((bands.chebyshev, _("Chebyshev 95% bound: μ ± σ/√(0.05 t)"), "rgba(0,114,178,0.10)"),
                                   (bands.standard_error, _("μ ± σ/√t (one standard error)"), "rgba(0,114,178,0.25)")):
            fig.add_trace(scatter(x=np.concatenate([steps, steps[::-1]]),
                                  y=np.concatenate([running.mean + half, (running.mean - half)[::-1]]),
                                  fill="toself", fillcolor=colour, line=dict(width=0), name=name,
                                  hoverinfo="skip"))
    colours = [OKABE_ITO[c] for c in ("vermillion", "green", "pink", "orange", "black")]
    for index, path in enumerate(running.paths):
        fig.add_trace(scatter(x=steps, y=path, mode="lines", name=_("run {number}").format(number=index + 1),
                              line=dict(color=colours[index % len(colours)], width=1.6),
                              showlegend=index == 0, legendgroup="runs"))
    if running.paths.shape[0] > 1:
        fig.data[-running.paths.shape[0]]["name"] = _("seeded runs")
    if running.mean is not None:
        fig.add_hline(y=running.mean, line=dict(color="black", width=1, dash="dash"),
                      annotation_text="μ", annotation_position="right")
        spread = 4.0 * (law.sd or 1.0)
        fig.update_yaxes(range=[running.mean - spread, running.mean + spread])
    else:
        fig.update_yaxes(range=[-10, 10])
    fig.update_xaxes(type="log")
    fig.update_layout(height=470, margin=dict(b=130),
                      legend=dict(orientation="h", yanchor="top", y=-0.22, x=0))
    return fig

