"""Colour is never the only thing that tells two curves apart: on every page and tab, two named curves
in the same panel of a figure also differ in dash, marker, width or fill (a reader who cannot tell the
colours apart, or a greyscale print, still can)."""

from __future__ import annotations

import itertools
import json

import pytest

import concepts
from tests.pages.support import open_page


def _curves(figure: dict) -> list[tuple[str, tuple, tuple]]:
    """(name, panel, style) of each named curve: a line through more than two points (two-point lines
    are markers and reference lines, told apart by their position)."""
    curves = []
    for trace in figure.get("data", []):
        mode = trace.get("mode", "lines")
        if trace.get("type", "scatter") not in ("scatter", "scattergl") or "lines" not in mode:
            continue
        if not trace.get("name") or trace.get("fill") or len(trace.get("x", [])) <= 2:
            continue
        line, marker = trace.get("line", {}), trace.get("marker", {}) if "markers" in mode else None
        style = (line.get("dash", "solid"), round(float(line.get("width", 2))), None if marker is None else
                 marker.get("symbol", "circle"))
        curves.append((trace["name"], (trace.get("xaxis", "x"), trace.get("yaxis", "y")), style))
    return curves


VIEWS = [(stem, {"tab": tab} if tab else {}) for stem, spec in concepts.specs_by_stem().items()
         for tab in (spec.tabs or ("",))]


@pytest.mark.parametrize("stem, query", VIEWS, ids=[f"{s}-{q.get('tab', '')}".rstrip("-") for s, q in VIEWS])
def test_curves_differ_in_more_than_colour(stem, query):
    at = open_page(stem, query)
    clashes = []
    for chart in at.get("plotly_chart"):
        figure = json.loads(chart.proto.spec)
        for (a, panel_a, style_a), (b, panel_b, style_b) in itertools.combinations(_curves(figure), 2):
            if panel_a == panel_b and style_a == style_b:
                clashes.append(f"{a!r} and {b!r} ({style_a})")
    assert clashes == []


def test_the_check_can_fail():
    figure = {"data": [{"type": "scatter", "mode": "lines", "name": "a", "x": [0, 1, 2], "y": [0, 1, 2],
                        "line": {"color": "red"}},
                       {"type": "scatter", "mode": "lines", "name": "b", "x": [0, 1, 2], "y": [2, 1, 0],
                        "line": {"color": "blue"}}]}
    (_, panel_a, style_a), (_, panel_b, style_b) = _curves(figure)
    assert (panel_a, style_a) == (panel_b, style_b)
