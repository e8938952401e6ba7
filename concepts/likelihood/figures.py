"""Figures for the /likelihood page: the data and the fitted normal, the log-likelihood surface over
(μ, σ), how its width shrinks like 1/√N, and the naive forms failing where the stable ones hold."""

from __future__ import annotations

import math

import numpy as np

from core import likelihood, stability
from concepts.likelihood.explain import backend_name
from i18n import _
from viz.theme import OKABE_ITO, VIRIDIS, FigureSpec, bar, contour, heatmap, new_figure, scatter, title

DTYPE_STYLE = {"float32": dict(color=OKABE_ITO["vermillion"], dash="dash"),
               "float64": dict(color=OKABE_ITO["orange"], dash="dot")}
# Colour = log10(1 + drop): at N = 10 the drops across the box are a few units, at N = 10^7 a few
# million; a log scale shows the bowl's shape at every N on one colour bar.
DROP_TICKS = (0, 1, 10, 100, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8)
_SUPERSCRIPT = str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹")


def _tick_text(drop: float) -> str:
    """A colour-bar label: the number up to 100, then a power of ten (10³, 10⁴, …), one format per bar."""
    return f"{drop:g}" if drop <= 100 else "10" + str(int(round(math.log10(drop)))).translate(_SUPERSCRIPT)


def data_figure(picture: likelihood.DataPicture, fit: likelihood.Fit) -> FigureSpec:
    """Histogram of the data (binned on the server) with the fitted normal and, if known, the truth
    (core.likelihood.data_picture)."""
    fig = new_figure(_("The data (N = {n}) and the fitted normal").format(n=f"{fit.n:,}"), "x", _("density"))
    fig.add_trace(bar(x=picture.centres, y=picture.density, width=picture.width, name=_("data (histogram)"),
                      marker=dict(color=OKABE_ITO["sky"], line=dict(width=0)), opacity=0.75))
    fig.add_trace(scatter(x=picture.grid, y=picture.fitted, mode="lines",
                          name=_("fitted N(μ̂ = {mu}, σ̂ = {sigma})").format(mu=f"{fit.mu:.4g}",
                                                                             sigma=f"{fit.sigma:.4g}"),
                          line=dict(color=OKABE_ITO["blue"], width=3)))
    if picture.truth is not None:
        fig.add_trace(scatter(x=picture.grid, y=picture.truth, mode="lines",
                              name=_("the true density"), line=dict(color="black", width=2, dash="dash")))
    fig.update_layout(barmode="overlay", bargap=0, height=420, legend=dict(orientation="h", yanchor="top", y=-0.18,
                                                                            x=0), margin=dict(b=110))
    return fig


def surface_figure(surface: likelihood.Surface, fit: likelihood.Fit, truth: tuple[float, float] | None) -> FigureSpec:
    where = _("fixed window") if surface.window == "fixed" else _("zoomed to ±4.5 se")
    fig = new_figure(_("ℓ(μ, σ) for N = {n}: {where}").format(n=f"{fit.n:,}", where=where), "μ", "σ")
    drop = -surface.relative
    top = max(1.0, float(drop.max()))
    ticks = [t for t in DROP_TICKS if t <= top * 10]
    # float32 on the wire: 121² values per array, and 7 significant digits is more than a colour needs.
    fig.add_trace(heatmap(
        x=surface.mu, y=surface.sigma, z=np.log10(1.0 + drop).astype(np.float32), colorscale=VIRIDIS,
        reversescale=True, zmin=0.0,
        colorbar=dict(title=title("ℓ̂ − ℓ"), tickvals=[math.log10(1 + t) for t in ticks],
                      ticktext=[_tick_text(t) for t in ticks]),
        customdata=drop.astype(np.float32), name="ℓ̂ − ℓ(μ, σ)",
        hovertemplate="μ %{x:.5g}<br>σ %{y:.5g}<br>ℓ̂ − ℓ = %{customdata:.4g}<extra></extra>"))
    # The 68.3/95.4/99.7% regions sit at 1, 2 and 3 "sigma units": one evenly spaced contour trace. Zoomed to the
    # MLE the smallest region is a third of the window wide, so every other grid point draws it as smoothly (20
    # cells across) for a quarter of the bytes: 81 -> 21 kB of the page's first visit (issue 34's 3 MB).
    step = 2 if surface.window == "mle" else 1
    fig.add_trace(contour(x=surface.mu[::step], y=surface.sigma[::step],
                          z=surface.sigma_units[::step, ::step].astype(np.float32), showscale=False,
                          autocontour=False, contours=dict(start=1.0, end=3.0, size=1.0, coloring="none"),
                          line=dict(color="white", width=2), hoverinfo="skip", name=_("68.3/95.4/99.7% regions"),
                          showlegend=False))
    fig.add_trace(scatter(x=[fit.mu], y=[fit.sigma], mode="markers", name=_("MLE (μ̂, σ̂)"),
                          marker=dict(symbol="star", size=16, color=OKABE_ITO["pink"],
                                      line=dict(color="white", width=1.5))))
    if truth is not None:
        fig.add_trace(scatter(x=[truth[0]], y=[truth[1]], mode="markers", name=_("the source's mean and sd"),
                              marker=dict(symbol="x", size=12, color="white", line=dict(color="black", width=1))))
    fig.update_layout(height=520, margin=dict(b=110), legend=dict(orientation="h", yanchor="top", y=-0.14, x=0))
    return fig


def sharpening_figure(curve: likelihood.Sharpening) -> FigureSpec:
    fig = new_figure(_("The 95% interval for μ shrinks like 1/√N"), _("N (the first N points, log scale)"),
                     _("95% half-width (log scale)"))
    fig.add_trace(scatter(x=curve.n, y=curve.half_width, mode="lines+markers", name=_("likelihood-ratio interval"),
                          line=dict(color=OKABE_ITO["blue"], width=3), marker=dict(size=8)))
    fig.add_trace(scatter(x=curve.n, y=curve.wald_half_width, mode="markers", name=_("1.96 σ̂/√N (curvature)"),
                          marker=dict(symbol="circle-open", size=12, color=OKABE_ITO["orange"], line=dict(width=2))))
    anchor_n, anchor_w = float(curve.n[-1]), float(curve.half_width[-1])
    span = np.array([float(curve.n[0]), anchor_n])
    fig.add_trace(scatter(x=span, y=anchor_w * np.sqrt(anchor_n / span), mode="lines", name=_("slope −1/2"),
                          line=dict(color="black", width=1.5, dash="dash")))
    fig.update_xaxes(type="log")
    fig.update_yaxes(type="log")
    fig.update_layout(height=420, margin=dict(b=110), legend=dict(orientation="h", yanchor="top", y=-0.2, x=0))
    return fig


def _sampled_indices(size: int, points: int = 400) -> np.ndarray:
    """Log-spaced positions 0..size-1 (a running curve of 10^5 points drawn with 400)."""
    return np.unique(np.geomspace(1, size, points).astype(np.int64)) - 1


def product_figure(demo: stability.ProductDemo) -> FigureSpec:
    fig = new_figure(_("The likelihood of the first n points: naive product against the log-space sum"),
                     _("n (log scale)"), "log₁₀ L")
    # Show the first few times the later failure point: further on the log-space line only falls,
    # and its scale (−10^6) would flatten the naive curves to a line at 0.
    last_failure = max([at for at in demo.fails_at.values() if at is not None], default=demo.n.size)
    index = _sampled_indices(min(demo.n.size, max(100, 5 * last_failure)))
    fig.add_trace(scatter(x=demo.n[index], y=demo.log_space[index] / math.log(10), mode="lines",
                          name=_("Σ log p(xᵢ) / ln 10 (float64, stable)"), line=dict(color=OKABE_ITO["blue"], width=3)))
    for name, values in demo.naive.items():
        with np.errstate(divide="ignore", invalid="ignore"):
            shown = np.log10(values[index].astype(np.float64))
        usable = np.isfinite(shown)
        fig.add_trace(scatter(x=demo.n[index][usable], y=shown[usable], mode="lines",
                              name=_("product in {dtype}").format(dtype=name),
                              line=dict(width=2.5, **DTYPE_STYLE[name])))
        at = demo.fails_at[name]
        if at is not None:
            value = demo.failure_value(name)
            fig.add_trace(scatter(x=[at], y=[demo.log_space[at - 1] / math.log(10)], mode="markers+text",
                                  text=[_("{dtype}: {value} from n = {at}").format(dtype=name, value=f"{value:g}",
                                                                                  at=at)],
                                  # Both labels under their point, inside the plot at any width: a label to the
                                  # right of float32's point (halfway along) ran past a phone's plot edge and into
                                  # the legend; one to its left, past the other edge in Japanese. float64 fails far
                                  # lower and further right, so the two never meet.
                                  textposition="bottom left" if name == "float64" else "bottom center",
                                  name=_("{dtype} gives {value}").format(dtype=name, value=f"{value:g}"),
                                  showlegend=False,
                                  marker=dict(symbol="x", size=13, color=DTYPE_STYLE[name]["color"])))
    fig.update_xaxes(type="log")
    fig.update_layout(height=440, margin=dict(b=110), legend=dict(orientation="h", yanchor="top", y=-0.18, x=0))
    return fig


def logsumexp_figure(curve: stability.LogSumExpCurve, row: stability.LogSumExpRow, distance: float) -> FigureSpec:
    fig = new_figure(_("log p(x) of the two-bump mixture, d sds beyond its right bump"), "d", "log p(x)")
    fig.add_trace(scatter(x=curve.distance, y=curve.stable, mode="lines", name=_("max-shifted logsumexp (stable)"),
                          line=dict(color=OKABE_ITO["blue"], width=3)))
    for name, values in curve.naive.items():
        usable = np.isfinite(values)
        fig.add_trace(scatter(x=curve.distance[usable], y=values[usable], mode="lines",
                              name=_("log(Σ exp) in {dtype}: −inf beyond d = {d}").format(
                                  dtype=name, d=f"{row.breaks_at[name]:.2f}"),
                              line=dict(width=2.5, **DTYPE_STYLE[name])))
        fig.add_vline(x=row.breaks_at[name], line=dict(color=DTYPE_STYLE[name]["color"], width=1, dash="dot"))
    fig.add_trace(scatter(x=[distance], y=[row.stable], mode="markers",
                          name=_("current d = {d}").format(d=f"{distance:g}"),
                          marker=dict(size=12, color=OKABE_ITO["pink"], line=dict(color="black", width=1))))
    fig.update_layout(height=420, margin=dict(b=110), legend=dict(orientation="h", yanchor="top", y=-0.18, x=0))
    return fig


def timing_figure(timings, n: int) -> FigureSpec:
    """Median time per backend (log scale), the ones that ran; the table beside it has every row."""
    ran = [t for t in timings if t.seconds is not None]
    fig = new_figure(_("One log-likelihood of N = {n} points: median time per backend").format(n=f"{n:,}"),
                     _("milliseconds (log scale)"), None)
    colours = [OKABE_ITO["vermillion"] if t.backend.is_kernel else OKABE_ITO["blue"] for t in ran]
    # Each name on two lines after its comma (the axis's tick text only; the CSV keeps the name): on one line the
    # names took 260 px, and a phone's bars had 50 px left.
    names = [backend_name(t.backend) for t in ran]
    fig.add_trace(bar(y=names, x=[1000 * t.seconds for t in ran], orientation="h",
                      marker=dict(color=colours), name=_("median time"),
                      text=[f"{1000 * t.seconds:.3g} ms" for t in ran], textposition="outside",
                      hovertemplate="%{y}: %{x:.4g} ms<extra></extra>"))
    times = [1000 * t.seconds for t in ran]
    fig.update_xaxes(type="log", range=[math.log10(min(times) / 2), math.log10(max(times) * 6)])
    fig.update_yaxes(autorange="reversed", automargin=True, tickvals=names,
                     ticktext=[name.replace(", ", ",<br>").replace("、", "、<br>") for name in names])
    fig.update_layout(height=120 + 48 * len(ran), margin=dict(r=60), showlegend=False)
    return fig
