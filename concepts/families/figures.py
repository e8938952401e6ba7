"""Figures for the /families page: a family's member beside its log-partition A(η) with the tangent and the
parabola that read its mean and variance; the standardised mean's characteristic function closing on e^{−t²/2}
and the MGF's tangent and curvature at 0; one edge of the map of families as a limit, and the map itself."""

from __future__ import annotations

import numpy as np

from core.families import GrammarCurves, Limit
from i18n import _
from viz.theme import OKABE_ITO, FigureSpec, bar, new_figure, scatter, title, two_columns_figure

MEMBER, LIMIT, TANGENT, CURVE = OKABE_ITO["blue"], OKABE_ITO["vermillion"], OKABE_ITO["orange"], OKABE_ITO["green"]


# Legend names carry no number: η is live (ui/live.py) and a legend is not redrawn while it moves.
def grammar_figure(curves: GrammarCurves, discrete: bool, eta: float, a_value: float, x_title: str,
                   categories: tuple[str, ...] = ()) -> FigureSpec:
    """Left: the member p(x | η). Right: A over η's whole range, the point at η, the tangent (slope A′(η) =
    E[T(X)]) and the second-order parabola (curvature A″(η) = Var[T(X)])."""
    fig = two_columns_figure(_("One family, one grammar: the member at η and its log-partition A(η)"),
                             (_("the member p(x | η)"), _("log-partition A(η)")),
                             widths=(0.5, 0.5), spacing=0.12)
    x = list(categories) if categories else curves.x
    if discrete:
        fig.add_trace(bar(x=x, y=curves.density, name=_("probability"), marker=dict(color=MEMBER)))
    else:
        fig.add_trace(scatter(x=x, y=curves.density, name=_("density"), fill="tozeroy",
                              fillcolor="rgba(0,114,178,0.15)", line=dict(color=MEMBER, width=3)))
    fig.add_trace(scatter(x=curves.eta_grid, y=curves.log_partition, name="A(η)", line=dict(color=CURVE, width=3),
                          xaxis="x2", yaxis="y2"))
    fig.add_trace(scatter(x=curves.near, y=curves.parabola, name=_("A + A′·Δ + ½A″·Δ²"),
                          line=dict(color=LIMIT, width=2, dash="dot"), xaxis="x2", yaxis="y2"))
    fig.add_trace(scatter(x=curves.near, y=curves.tangent, name=_("tangent, slope A′(η)"),
                          line=dict(color=TANGENT, width=2.5, dash="dash"), xaxis="x2", yaxis="y2"))
    fig.add_trace(scatter(x=[eta], y=[a_value], mode="markers", name=_("the member"),
                          marker=dict(color="black", size=10, symbol="diamond"), xaxis="x2", yaxis="y2"))
    low, high = float(curves.log_partition.min()), float(curves.log_partition.max())
    pad = 0.05 * (high - low or 1.0)
    fig.update_layout(height=430, margin=dict(b=120), legend=dict(orientation="h", yanchor="top", y=-0.2, x=0),
                      bargap=0.3, xaxis=dict(title=title(x_title)),
                      yaxis=dict(title=title(_("probability or density"))),
                      xaxis2=dict(title=title("η")), yaxis2=dict(range=[low - pad, high + pad]))
    if categories:
        fig.update_xaxes(type="category")
    if discrete and curves.x.size <= 3:   # a coin's or three classes' probabilities: the axis stays while η moves
        fig.update_yaxes(range=[0, 1.02])
        fig.update_xaxes(dtick=1)
    return fig


def characteristic_figure(t: np.ndarray, exact: np.ndarray, normal: np.ndarray, empirical: np.ndarray,
                          standardised: bool) -> FigureSpec:
    """Re and Im of φ_N(t) for the standardised mean of N draws, e^{−t²/2}, and the empirical φ of simulated
    means."""
    name = _("φ of the standardised mean, real part") if standardised else \
        _("φ of the mean (no σ to standardise by), real part")
    fig = new_figure(_("Characteristic function of the mean of N draws against e^(−t²/2)"), "t", "φ(t)")
    fig.add_trace(scatter(x=t, y=normal, name=_("N(0, 1): e^(−t²/2)"), line=dict(color="black", width=3)))
    fig.add_trace(scatter(x=t, y=exact.real, name=name, line=dict(color=MEMBER, width=3, dash="dash")))
    fig.add_trace(scatter(x=t, y=exact.imag, name=_("imaginary part"), line=dict(color=LIMIT, width=2, dash="dot")))
    fig.add_trace(scatter(x=t[::4], y=empirical.real[::4], mode="markers", name=_("simulated means (real part)"),
                          marker=dict(color=MEMBER, size=7, symbol="circle-open")))
    fig.update_layout(height=430, margin=dict(b=110), yaxis=dict(range=[-1.05, 1.1]),
                      legend=dict(orientation="h", yanchor="top", y=-0.2, x=0))
    return fig


def mgf_figure(t: np.ndarray, mgf: np.ndarray, slope: float, curvature: float) -> FigureSpec:
    """M(t) near 0 with its tangent (slope M′(0) = E[X]) and parabola (curvature M″(0) = E[X²])."""
    fig = new_figure(_("The moment generating function near 0"), "t", "M(t) = E[e^(tX)]")
    near = t[np.abs(t) <= 0.6]
    fig.add_trace(scatter(x=t, y=mgf, name="M(t)", line=dict(color=CURVE, width=3)))
    fig.add_trace(scatter(x=near, y=1.0 + slope * near, name=_("tangent at 0: slope E[X]"),
                          line=dict(color=TANGENT, width=2.5, dash="dash")))
    fig.add_trace(scatter(x=near, y=1.0 + slope * near + 0.5 * curvature * near ** 2,
                          name=_("1 + E[X]t + E[X²]t²/2"), line=dict(color=LIMIT, width=2, dash="dot")))
    fig.update_layout(height=380, legend=dict(orientation="h", yanchor="top", y=-0.22, x=0), margin=dict(b=110))
    return fig


def tails_figure(t: np.ndarray, cf: np.ndarray) -> FigureSpec:
    """Where there is no MGF: the characteristic function of X itself, which always exists."""
    fig = new_figure(_("No MGF: the characteristic function of X instead"), "t", _("φ(t), real part"))
    fig.add_trace(scatter(x=t, y=cf.real, name="φ(t) = E[e^(itX)]", line=dict(color=CURVE, width=3)))
    fig.update_layout(height=380, legend=dict(orientation="h", yanchor="top", y=-0.22, x=0), margin=dict(b=110))
    return fig


def limit_figure(result: Limit, names: tuple[str, str], x_title: str) -> FigureSpec:
    """The approaching distribution and its limit on one axis (bars for counts, curves for densities)."""
    fig = new_figure(_("One edge of the map as a limit"), x_title,
                     _("probability") if result.key == "binomial-poisson" else _("density"))
    if result.key == "binomial-poisson":
        shown = result.x <= 14
        fig.add_trace(bar(x=result.x[shown], y=result.approaching[shown], name=names[0], marker=dict(color=MEMBER)))
        fig.add_trace(bar(x=result.x[shown], y=result.limit[shown], name=names[1],
                          marker=dict(color="rgba(0,0,0,0)", line=dict(color=LIMIT, width=2.5))))
        fig.update_layout(barmode="overlay", bargap=0.25)
    else:
        fig.add_trace(scatter(x=result.x, y=result.approaching, name=names[0], fill="tozeroy",
                              fillcolor="rgba(0,114,178,0.15)", line=dict(color=MEMBER, width=3)))
        fig.add_trace(scatter(x=result.x, y=result.limit, name=names[1], line=dict(color=LIMIT, width=2.5,
                                                                                    dash="dash")))
    fig.update_layout(height=430, margin=dict(b=100), legend=dict(orientation="h", yanchor="top", y=-0.2, x=0))
    return fig


# The map: where each family sits (x, y in a 0-10 box; explain.relations() names the edges). Hollow markers: not an
# exponential family.
NODES = {"Bernoulli": (0.5, 8.5), "Binomial": (3.2, 8.5), "Poisson": (6.2, 8.5), "Categorical": (1.8, 6.3),
         "Multinomial": (3.4, 4.7), "Beta": (0.5, 4.0), "Gamma": (6.2, 5.6), "χ²": (9.2, 7.3),
         "Exponential": (9.2, 4.1), "Normal": (6.2, 2.6), "Student-t": (3.2, 0.6), "Cauchy": (0.5, 0.6),
         "MVN": (9.2, 1.6), "Mixture": (9.2, -0.4)}
NOT_EXPONENTIAL = {"Student-t", "Cauchy", "Mixture"}


def map_figure(names: dict[str, str], relations: tuple[tuple[str, str, str, str | None], ...],
               chosen: str) -> FigureSpec:
    """The families (NODES, named in `names`) and their relations as edges: (from, to, what turns one into the
    other, the Map tab's limit that plays it or None), each named on hover at its middle (and in the table under
    the map); the chosen limit's edge drawn thick."""
    fig = new_figure(_("A map of the families: limits, special cases, conjugacy, sums"), None, None)
    middles = {"x": [], "y": [], "text": [], "edge": []}
    for start, end, label, edge in relations:
        (x0, y0), (x1, y1) = NODES[start], NODES[end]
        on = edge == chosen
        fig.add_trace(scatter(x=[x0, x1], y=[y0, y1], mode="lines", hoverinfo="skip", showlegend=False,
                              line=dict(color=LIMIT if on else ("#5a5a5a" if edge else "#9a9a9a"),
                                        width=6 if on else 2, dash="solid" if edge else "dot")))
        middles["x"].append((x0 + x1) / 2)
        middles["y"].append((y0 + y1) / 2)
        middles["text"].append(f"{names.get(start, start)} → {names.get(end, end)}: {label}")
        middles["edge"].append(edge)
    # The middle of each edge: named on hover, and a click there opens that limit (its customdata; the page's
    # on_pick). Nothing fades when one is chosen: a choice here is a control, not a filter.
    keep = dict(marker=dict(opacity=1))
    fig.add_trace(scatter(x=middles["x"], y=middles["y"], mode="markers", text=middles["text"], hoverinfo="text",
                          customdata=middles["edge"], showlegend=False, selected=keep, unselected=keep,
                          marker=dict(size=18, color="rgba(0,0,0,0)")))
    for hollow in (False, True):
        shown = [name for name in NODES if (name in NOT_EXPONENTIAL) == hollow]
        fig.add_trace(scatter(x=[NODES[n][0] for n in shown], y=[NODES[n][1] for n in shown], mode="markers+text",
                              text=[names.get(n, n) for n in shown], textposition="top center", hoverinfo="text",
                              name=_("not an exponential family") if hollow else _("exponential family"),
                              selected=keep, unselected=keep,
                              marker=dict(size=14, color="white" if hollow else MEMBER,
                                          line=dict(color=MEMBER, width=2), symbol="circle")))
    fig.update_layout(height=460, xaxis=dict(visible=False, range=[-1.4, 11.1]),
                      yaxis=dict(visible=False, range=[-1.0, 9.6]), margin=dict(b=60, l=10, r=10),
                      legend=dict(orientation="h", yanchor="top", y=-0.02, x=0))
    return fig
