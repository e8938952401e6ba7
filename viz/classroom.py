"""The class's answers to a lesson question, for the projector: how many chose each option, or a
histogram of the numbers given, and (once revealed) the true answer beside them. Pure: strings in (the
answers as stored), a figure out."""

from __future__ import annotations

import math

import numpy as np

from i18n import _
from viz.theme import OKABE_ITO, FigureSpec, bar, new_figure

MAX_BINS = 20


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


def number_figure(answers: list[str], truth: float | None, shown_truth: str = "") -> FigureSpec:
    values = numbers_given(answers)
    fig = new_figure(_("The class's answers ({count})").format(count=values.size), _("answer"), _("students"))
    if values.size:
        span = np.concatenate([values, [truth]]) if truth is not None else values
        low, high = float(span.min()), float(span.max())
        if low == high:
            low, high = low - 0.5 * (abs(low) or 1.0), high + 0.5 * (abs(high) or 1.0)
        edges = np.histogram_bin_edges(values, bins=min(MAX_BINS, max(5, int(math.sqrt(values.size)) * 2)),
                                       range=(low, high))
        counts = np.histogram(values, bins=edges)[0]
        fig.add_trace(bar(x=(edges[:-1] + edges[1:]) / 2, y=counts, width=np.diff(edges),
                          marker=dict(color=OKABE_ITO["sky"], line=dict(color="white", width=1)),
                          name=_("answers"), showlegend=False))
    if truth is not None:
        fig.add_vline(truth, line=dict(color=OKABE_ITO["vermillion"], width=3, dash="dash"),
                      annotation_text=_("true answer {answer}").format(answer=shown_truth))
    _whole_students(fig, int(counts.max()) if values.size else 0)
    fig.update_layout(height=320)
    return fig


def _whole_students(fig: FigureSpec, most: int) -> None:
    """A count axis in whole students (Plotly would tick 0.2, 0.4, ... for one answer)."""
    fig.update_yaxes(rangemode="tozero", tickformat="d", dtick=max(1, math.ceil(most / 5)),
                     range=[0, max(1, most) * 1.15])
