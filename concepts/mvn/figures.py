"""Figures for the MVN conditioning page: the joint with its ellipses and the slice at x2 = a,
the marginal against the conditional, and the thin shell of high-dimensional Gaussians."""

from __future__ import annotations

import math

import numpy as np

from i18n import _
from core.mvn import Conditioning, DensityCurves, JointPicture, ShellSummary
from viz.theme import OKABE_ITO, PALETTE, FigureSpec, new_figure, scatter, scattergl


# Up to this many samples the cloud is drawn as SVG; more as WebGL. WebGL's context costs more than it saves below
# that: the joint figure (500 samples) took 206 ms to draw with scattergl against 69 ms as SVG (Plotly.js in
# Chromium, median of 3), and on a page's first load every figure is drawn in one task, so the first figure waited
# for it (bench/RESULTS.md, "First load"). The cloud stays still while ρ or x₂ is dragged (views._SAMPLES_TRACE).
SVG_SAMPLES_UP_TO = 1000


# Titles and legend names carry no number that ρ or x₂ changes: both are live controls (ui/live.py),
# whose moves redraw trace coordinates but not the legend; the numbers are in the metrics, which follow.
def joint_figure(cond: Conditioning, picture: JointPicture, samples: np.ndarray) -> FigureSpec:
    """The joint's samples and ellipses, the regression line, and the slice at the observed x₂ (the geometry from
    core.mvn.joint_picture, whose window holds every x₂ the reader can drag to: one set of axes for all)."""
    fig = new_figure(_("Joint density of (x₁, x₂), sliced at the observed x₂ = a"), "x₁", "x₂")
    cloud = scatter if len(samples) <= SVG_SAMPLES_UP_TO else scattergl
    fig.add_trace(cloud(x=samples[:, 0], y=samples[:, 1], mode="markers",
                            name=_("{count} seeded samples").format(count=len(samples)),
                            marker=dict(size=4, color=OKABE_ITO["sky"], opacity=0.45)))
    for (radius, probability, contour), dash in zip(picture.ellipses, ("solid", "dash")):
        fig.add_trace(scatter(x=contour[:, 0], y=contour[:, 1], mode="lines",
                              name=_("{radius}σ ellipse: holds {percent}%").format(
                                  radius=f"{radius:g}", percent=f"{100 * probability:.1f}"),
                              line=dict(color=OKABE_ITO["blue"], width=2.5, dash=dash)))
    x_low, x_high = picture.x_range
    y_low, y_high = picture.y_range
    fig.add_trace(scatter(x=picture.regression_x1, y=np.array([y_low, y_high]), mode="lines",
                          name=_("regression line E[x₁ | x₂]"),
                          line=dict(color=OKABE_ITO["green"], width=2.5)))
    fig.add_trace(scatter(x=[x_low, x_high], y=[cond.observed] * 2, mode="lines",
                          name=_("observed x₂ = a"),
                          line=dict(color=OKABE_ITO["black"], width=1.5, dash="dot")))
    density = picture.slice_density
    sd2 = math.sqrt(cond.cov[1, 1])
    height = 0.9 * sd2 / max(float(density.max()), 1e-12)  # draw the slice about one σ₂ tall
    fig.add_trace(scatter(x=picture.slice_x1, y=cond.observed + height * density, mode="lines", fill="toself",
                          fillcolor="rgba(213,94,0,0.15)",
                          name=_("conditional p(x₁ | x₂ = a)"),
                          line=dict(color=OKABE_ITO["vermillion"], width=3)))
    fig.add_trace(scatter(x=[cond.cond_mean], y=[cond.observed], mode="markers", name=_("conditional mean"),
                          marker=dict(size=12, color=OKABE_ITO["vermillion"], symbol="diamond",
                                         line=dict(color="black", width=1))))
    fig.update_xaxes(range=[x_low, x_high])
    fig.update_yaxes(range=[y_low, y_high], scaleanchor="x", scaleratio=1)
    fig.update_layout(height=620, margin=dict(b=170), legend=dict(orientation="h", yanchor="top", y=-0.12, x=0))
    return fig


def marginal_vs_conditional_figure(cond: Conditioning, curves: DensityCurves) -> FigureSpec:
    fig = new_figure(_("Marginal p(x₁) against conditional p(x₁ | x₂)"), "x₁", _("density"))
    sd1 = math.sqrt(cond.cov[0, 0])
    fig.add_trace(scatter(x=curves.x1, y=curves.marginal, mode="lines",
                          name=_("marginal p(x₁) = N({mean}, {sd}²)").format(mean=f"{cond.mean[0]:.3g}",
                                                                              sd=f"{sd1:.3g}"),
                          line=dict(color=OKABE_ITO["blue"], width=3, dash="dash")))
    fig.add_trace(scatter(x=curves.x1, y=curves.conditional, mode="lines",
                          name=_("conditional p(x₁ | x₂ = a)"),
                          line=dict(color=OKABE_ITO["vermillion"], width=3.5)))
    fig.update_layout(height=420, margin=dict(b=120), legend=dict(orientation="h", yanchor="top", y=-0.2, x=0))
    return fig


def shell_figure(summaries: list[ShellSummary]) -> FigureSpec:
    fig = new_figure(_("Norms of N(0, I_d) draws pile up on a thin shell at √d"), _("|x| (log scale)"),
                     _("share of draws"))
    for index, summary in enumerate(summaries):
        # Bins over the central 99% on a log scale; d = 1's long tail towards 0 would flatten the rest.
        low, high = np.quantile(summary.norms, [0.005, 0.995])
        edges = np.geomspace(max(low, 0.05), high * 1.0001, 41)
        counts = np.histogram(summary.norms, bins=edges)[0]
        colour = PALETTE[index % len(PALETTE)]
        fig.add_trace(scatter(x=np.repeat(edges, 2)[1:-1], y=np.repeat(counts / summary.norms.size, 2),
                              mode="lines", fill="tozeroy", line=dict(color=colour, width=1.5), opacity=0.6,
                              name=f"d = {summary.dimension}: "
                                      f"|x| = {summary.mean_norm:.2f} ± {summary.sd_norm:.2f}"))
        fig.add_vline(x=math.sqrt(summary.dimension), line=dict(color=colour, width=1, dash="dot"))
    fig.update_xaxes(type="log", range=[math.log10(0.05), math.log10(45)])
    fig.update_layout(height=430, legend=dict(x=0.01, y=0.99, xanchor="left", yanchor="top"))
    return fig


def relative_spread_figure(summaries: list[ShellSummary]) -> FigureSpec:
    fig = new_figure(_("Relative thickness sd|x| / E|x| of the shell"), _("dimension d (log scale)"),
                     _("relative spread (log scale)"))
    d = np.array([s.dimension for s in summaries], dtype=float)
    fig.add_trace(scatter(x=d, y=[s.sd_norm / s.mean_norm for s in summaries], mode="markers+lines",
                          name=_("simulated"), line=dict(color=OKABE_ITO["vermillion"], width=2.5)))
    grid = np.geomspace(d.min(), d.max(), 100)
    fig.add_trace(scatter(x=grid, y=1 / np.sqrt(2 * grid), mode="lines", name=_("1 / √(2d) (large-d limit)"),
                          line=dict(color=OKABE_ITO["blue"], dash="dash")))
    fig.update_xaxes(type="log")
    fig.update_yaxes(type="log")
    fig.update_layout(height=430, legend=dict(x=0.99, y=0.99, xanchor="right", yanchor="top"))
    return fig
