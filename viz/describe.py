"""A figure in words, for screen readers: what is plotted and the key numbers, read from the figure's own
data (the core result the page drew), in the reader's language.

`describe(figure)` gives a few sentences: the title, the axes, then one clause per named trace (a curve's
range and peak, a bar chart's tallest bar, a marker's position, a heat map's maximum). The page passes it as
the chart's accessible name (ui.layout.show_figure -> st.plotly_chart(alt=...)). Pure: no Streamlit.
"""

from __future__ import annotations

import math
from typing import Any, Iterable

import numpy as np

from i18n import _
from viz.markup import plain

MAX_TRACES = 8          # beyond this a description stops helping: the rest are summarised by a count
MAX_LENGTH = 900        # characters; a screen reader reads all of it at once


def _number(value: Any) -> str:
    try:
        number = float(value)
    except (TypeError, ValueError):
        return str(value)
    if not math.isfinite(number):
        return "∞" if number > 0 else ("−∞" if number < 0 else "nan")
    return f"{number:.3g}".replace("-", "−")


def _text(node: Any) -> str:
    """A Plotly title (a string, or {"text": ...}), without its HTML tags."""
    text = node.get("text", "") if isinstance(node, dict) else (node or "")
    return plain(text)


def _values(values: Any) -> np.ndarray | None:
    if values is None:
        return None
    try:
        array = np.asarray(values, dtype=float).ravel()
    except (TypeError, ValueError):
        return None
    return array if array.size else None


def _finite(x: np.ndarray, y: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    size = min(x.size, y.size)
    x, y = x[:size], y[:size]
    keep = np.isfinite(x) & np.isfinite(y)
    return x[keep], y[keep]


def _curve(name: str, x: np.ndarray, y: np.ndarray) -> str | None:
    x, y = _finite(x, y)
    if not y.size:
        return None
    if y.size == 2 and x[0] == x[1]:      # a vertical marker line
        return _("{name} at x = {x}").format(name=name, x=_number(x[0]))
    if y.size == 2 and y[0] == y[1]:      # a horizontal reference line
        return _("{name} at y = {y}").format(name=name, y=_number(y[0]))
    if y.size <= 2:
        points = "; ".join(f"({_number(a)}, {_number(b)})" for a, b in zip(x, y))
        return _("{name} at {points}").format(name=name, points=points)
    top = int(np.argmax(y))
    return _("{name}: from x = {low} to {high}, highest ({peak}) at x = {at}").format(
        name=name, low=_number(x.min()), high=_number(x.max()), peak=_number(y[top]), at=_number(x[top]))


def _bars(name: str, trace: dict) -> str | None:
    horizontal = trace.get("orientation") == "h"
    labels, heights = (trace.get("y"), trace.get("x")) if horizontal else (trace.get("x"), trace.get("y"))
    values = _values(heights)
    if values is None:
        return None
    labels = list(labels) if labels is not None else list(range(values.size))
    top = int(np.nanargmax(values)) if np.isfinite(values).any() else 0
    return _("{name}: {count} bars, the tallest {value} at {label}").format(
        name=name, count=values.size, value=_number(values[top]),
        label=_number(labels[top]) if top < len(labels) else top)


def _surface(name: str, trace: dict) -> str | None:
    z = np.asarray(trace.get("z", []), dtype=float)
    if z.ndim != 2 or not np.isfinite(z).any():
        return None
    row, column = np.unravel_index(int(np.nanargmax(z)), z.shape)
    x, y = _values(trace.get("x")), _values(trace.get("y"))
    at_x = _number(x[column]) if x is not None and column < x.size else column
    at_y = _number(y[row]) if y is not None and row < y.size else row
    return _("{name}: highest value {value} at ({x}, {y})").format(name=name, value=_number(z[row, column]),
                                                                   x=at_x, y=at_y)


def trace_clause(trace: dict) -> str | None:
    """One trace in words, or None for a trace a reader does not see named (an unnamed helper line)."""
    name = _text(trace.get("name", ""))
    if not name:
        return None
    kind = trace.get("type", "scatter")
    if kind == "bar":
        return _bars(name, trace)
    if kind in ("heatmap", "contour"):
        return _surface(name, trace)
    if kind == "histogram":
        values = _values(trace.get("x"))
        return None if values is None else _("{name}: a histogram of {count} values").format(name=name,
                                                                                              count=values.size)
    x, y = _values(trace.get("x")), _values(trace.get("y"))
    if x is None or y is None:
        return None
    return _curve(name, x, y)


def _named_once(traces: Iterable[dict]) -> list[dict]:
    seen, named = set(), []
    for trace in traces:
        name = _text(trace.get("name", ""))
        if name and name not in seen:
            seen.add(name)
            named.append(trace)
    return named


def describe(figure: dict) -> str:
    """The figure in a few sentences: title, axes, and each named trace with its key numbers."""
    layout = figure.get("layout", {})
    sentences = [_("Chart: {title}.").format(title=_text(layout.get("title")) or _("untitled"))]
    x_title, y_title = _text(layout.get("xaxis", {}).get("title")), _text(layout.get("yaxis", {}).get("title"))
    if x_title or y_title:
        sentences.append(_("Horizontal axis: {x}; vertical axis: {y}.").format(x=x_title or "—", y=y_title or "—"))
    traces = _named_once(figure.get("data", []))
    clauses = [clause for clause in map(trace_clause, traces[:MAX_TRACES]) if clause]
    if clauses:
        sentences.append(_("Shown: {clauses}.").format(clauses=_("; ").join(clauses)))
    if len(traces) > MAX_TRACES:
        sentences.append(_("And {count} more series.").format(count=len(traces) - MAX_TRACES))
    text = " ".join(sentences)
    return text if len(text) <= MAX_LENGTH else text[:MAX_LENGTH - 1] + "…"
