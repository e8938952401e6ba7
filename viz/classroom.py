"""The class's answers to a lesson question, for the projector: how many chose each option, or a
histogram of the numbers given, and (once revealed) the true answer beside them; and the results of a class
experiment pooled against theory. Pure: strings or numbers in (as stored, as checked), a figure out."""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Sequence

import numpy as np

from i18n import _
from viz.theme import OKABE_ITO, FigureSpec, bar, new_figure, scatter

if TYPE_CHECKING:
    from views.experiments import Outcomes

MAX_BINS = 20
LARGEST_SPAN = 1e12     # an axis without a window stays inside ±this (as a declared range must, ui/questions.py)


def choice_figure(answers: list[str], options: tuple[str, ...], truth: str | None) -> FigureSpec:
    counts = [sum(answer == option for answer in answers) for option in options]
    # Colour and text both say which option is right: colour alone would not reach everyone.
    labels = [f"{_(option)} ✓" if option == truth else _(option) for option in options]
    colours = [OKABE_ITO["green"] if option == truth else OKABE_ITO["sky"] for option in options]
    fig = new_figure(_("The class's answers ({count})").format(count=len(answers)), None, _("students"))
    fig.add_trace(bar(x=labels, y=counts, marker=dict(color=colours), text=counts, textposition="outside",
                      name=_("answers"), showlegend=False))
    _whole_students(fig, max(counts, default=0))
    fig.update_layout(height=320)
    return fig


def histogram_span(values: np.ndarray, truth: float | None, window: tuple[float, float] | None) -> tuple[float, float]:
    """The answer axis: the answers' span (and the truth), within the question's window; never empty, never a
    span so small or so large that binning it fails (5e-324 beside 0, or 1e308 beside -1e308)."""
    span = np.concatenate([values, [truth]]) if truth is not None else values
    low, high = float(span.min()), float(span.max())
    bound_low, bound_high = window if window is not None else (-LARGEST_SPAN, LARGEST_SPAN)
    low, high = min(max(low, bound_low), bound_high), max(min(high, bound_high), bound_low)
    size = max(abs(low), abs(high), 1.0)
    if high - low < 1e-9 * size:
        centre = (low + high) / 2
        low, high = centre - 0.5 * (abs(centre) or 1.0), centre + 0.5 * (abs(centre) or 1.0)
    return low, high


def number_figure(answers: Sequence[float], truth: float | None, shown_truth: str = "",
                  window: tuple[float, float] | None = None) -> FigureSpec:
    """A histogram of the numbers given (finite, as ui.questions.Question.parsed_answers gives them); answers
    beyond the window (older ones, stored before it was checked) are counted in the end bins rather than
    stretching the axis."""
    values = np.asarray(answers, dtype=float)
    fig = new_figure(_("The class's answers ({count})").format(count=values.size), _("answer"), _("students"))
    counts = np.zeros(0, dtype=int)
    if values.size:
        low, high = histogram_span(values, truth, window)
        edges = np.linspace(low, high, min(MAX_BINS, max(5, int(math.sqrt(values.size)) * 2)) + 1)
        counts = np.histogram(np.clip(values, low, high), bins=edges)[0]
        fig.add_trace(bar(x=(edges[:-1] + edges[1:]) / 2, y=counts, width=np.diff(edges),
                          marker=dict(color=OKABE_ITO["sky"], line=dict(color="white", width=1)),
                          name=_("answers"), showlegend=False))
    if truth is not None:
        fig.add_vline(truth, line=dict(color=OKABE_ITO["vermillion"], width=3, dash="dash"),
                      annotation_text=_("true answer {answer}").format(answer=shown_truth))
    _whole_students(fig, int(counts.max()) if counts.size else 0)
    fig.update_layout(height=320)
    return fig


def _whole_students(fig: FigureSpec, most: int) -> None:
    """A count axis in whole students (Plotly would tick 0.2, 0.4, ... for one answer)."""
    fig.update_yaxes(rangemode="tozero", tickformat="d", dtick=max(1, math.ceil(most / 5)),
                     range=[0, max(1, most) * 1.15])


# --- a class experiment: the class's results against theory ----------------------------------------------------

POOLED_BINS = 24     # a histogram of at most 400 results: bins of ~17 results at 400, still a shape at 30


def pooled_figure(results: np.ndarray, outcomes: "Outcomes", own: float | None = None) -> FigureSpec:
    """The class's results as a share of the class (a density for continuous results), the theory's density or
    probabilities over them, and (for a student) their own result marked: the count in the title."""
    count = int(results.size)
    title_text = _("The class's experiment: {count} results against theory").format(count=count)
    if outcomes.whole:
        return _pooled_whole(results, outcomes, own, title_text)
    return _pooled_continuous(results, outcomes, own, title_text)


def _pooled_continuous(results: np.ndarray, outcomes: "Outcomes", own: float | None, title_text: str) -> FigureSpec:
    low, high = float(outcomes.x[0]), float(outcomes.x[-1])
    fig = new_figure(title_text, outcomes.result_name, _("density"))
    edges = np.linspace(low, high, POOLED_BINS + 1)
    inside = results[(results >= low) & (results <= high)]
    if results.size:
        density = np.histogram(inside, bins=edges)[0] / (results.size * np.diff(edges))
        fig.add_trace(bar(x=(edges[:-1] + edges[1:]) / 2, y=density, width=np.diff(edges),
                          marker=dict(color=OKABE_ITO["sky"], line=dict(color="white", width=1)),
                          name=_("the class's results")))
    fig.add_trace(scatter(x=outcomes.x, y=outcomes.weight, mode="lines", name=outcomes.theory_name,
                          line=dict(color=OKABE_ITO["vermillion"], width=3)))
    for curve in outcomes.also:
        fig.add_trace(scatter(x=curve.x, y=curve.y, mode="lines", name=curve.name,
                              line=dict(color="black", width=2, dash="dash")))
    outside = int(results.size - inside.size)
    if outside:
        fig.add_annotation(text=_("{count} beyond the axis").format(count=outside), xref="paper", yref="paper",
                           x=1, y=1, showarrow=False, xanchor="right")
    if own is not None:
        fig.add_vline(min(max(own, low), high), line=dict(color=OKABE_ITO["green"], width=3),
                      annotation_text=_("you: {value}").format(value=f"{own:.3g}"))
    fig.update_xaxes(range=[low, high])
    fig.update_yaxes(rangemode="tozero")
    fig.update_layout(height=340)
    return fig


def _pooled_whole(results: np.ndarray, outcomes: "Outcomes", own: float | None, title_text: str) -> FigureSpec:
    """Whole results: the share of the class at each, beside the theory's probability; named outcomes (tokens)
    by name, in the theory's order, with the results the axis leaves out counted apart."""
    shown = [int(k) for k in outcomes.x]
    share = [float(np.mean(results == k)) if results.size else 0.0 for k in shown]
    named = bool(outcomes.names)
    labels = [_outcome_label(outcomes.names[k]) for k in shown] if named else shown
    fig = new_figure(title_text, outcomes.result_name, _("share of the class"))
    colours = [OKABE_ITO["green"] if own is not None and k == int(own) else OKABE_ITO["sky"] for k in shown]
    fig.add_trace(bar(x=labels, y=share, marker=dict(color=colours), name=_("the class's results")))
    fig.add_trace(scatter(x=labels, y=outcomes.weight, mode="markers", name=outcomes.theory_name,
                          marker=dict(color=OKABE_ITO["vermillion"], size=11, symbol="diamond",
                                      line=dict(color="black", width=1))))
    left_out = int(np.sum(~np.isin(results, shown))) if results.size else 0
    if left_out:
        fig.add_annotation(text=_("{count} other results").format(count=left_out), xref="paper", yref="paper",
                           x=1, y=1, showarrow=False, xanchor="right")
    if own is not None:
        mine = int(own)
        where = _outcome_label(outcomes.names[mine]) if named else mine
        text = _("you: {value}").format(value=where)
        if mine in shown:
            fig.add_annotation(x=where, y=share[shown.index(mine)], text=text, showarrow=True, arrowhead=2, ay=-30)
        else:
            fig.add_annotation(text=text, xref="paper", yref="paper", x=0, y=1, showarrow=False, xanchor="left")
    fig.update_yaxes(rangemode="tozero", tickformat=".0%")
    if named:
        fig.update_xaxes(type="category")
    fig.update_layout(height=340)
    return fig


def _outcome_label(name: str) -> str:
    """A named outcome as a tick label: a space or newline written so that it shows, and a token's "<" as an
    entity (Plotly reads labels as its own small HTML: a token "<br>" would break the line)."""
    shown = {" ": "␣", "\n": "⏎", "\t": "⇥", "\x00": "∅"}.get(name, name) or "∅"
    return shown.replace("&", "&amp;").replace("<", "&lt;")
