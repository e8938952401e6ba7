"""The data behind a figure as CSV: one row per plotted point, named by its trace.

Generic over the figures in this project (scatter, bar and heatmap traces): what is drawn is what
is exported, so a reader can redo the plot in any tool.
"""

from __future__ import annotations

import csv
import io

import numpy as np

from viz.markup import plain


def _values(values) -> list:
    if values is None:
        return []
    return np.asarray(values).ravel().tolist()


def figure_csv(figure: dict) -> str:
    """One row per plotted point of a figure spec (`viz.theme.FigureSpec`): trace name, x, y, z."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(["trace", "x", "y", "z"])
    for index, trace in enumerate(figure["data"]):
        name = plain(trace.get("name") or "") or f"trace {index + 1}"
        z = trace.get("z")
        if z is not None:  # a heatmap or contour: one row per cell
            grid = np.asarray(z)
            xs, ys = _values(trace.get("x")), _values(trace.get("y"))
            for j in range(grid.shape[0]):
                for i in range(grid.shape[1]):
                    writer.writerow([name, xs[i] if xs else i, ys[j] if ys else j, grid[j, i]])
            continue
        xs, ys = _values(trace.get("x")), _values(trace.get("y"))
        for row in range(max(len(xs), len(ys))):
            writer.writerow([name, xs[row] if row < len(xs) else "", ys[row] if row < len(ys) else "", ""])
    return buffer.getvalue()
