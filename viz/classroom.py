"""The class's answers to a lesson question, for the projector: how many chose each option, or a
histogram of the numbers given, and (once revealed) the true answer beside them. Pure: strings in (the
answers as stored), a figure out."""

from __future__ import annotations

import math

import numpy as np

from i18n import _
from viz.theme import OKABE_ITO, FigureSpec, bar, new_figure

MAX_BINS = 20
LARGEST_SPAN = 1e12     # an axis without a window stays inside ±this (as a declared range must, ui/questions.py)


def numbers_given(answers: list[str]) -> np.ndarray:
    """The finite numbers among the answers (a stored answer that is not one is left out)."""
    values = []
    for answer in answers:
        try:
            value = float(answer)
        except ValueError:
            continue
        if math.isfinite(value):
            values.append(value)
    return np.asarray(values, dtype=float)


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


def number_figure(answers: list[str], truth: float | None, shown_truth: str = "",
                  window: tuple[float, float] | None = None) -> FigureSpec:
    """A histogram of the numbers given; answers beyond the window (older ones, stored before it was checked)
    are counted in the end bins rather than stretching the axis."""
    values = numbers_given(answers)
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
