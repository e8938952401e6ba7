"""Every figure the pages draw is valid Plotly, already in the form Plotly itself would send.

The viz builders write figures as plain dicts without plotly.graph_objects (viz/theme.py says why),
so nothing checks them while the app runs. This test does what graph objects did on every rerun,
once per figure: every chart of every page (defaults, every tab, every lesson step, presenter
mode) goes through Plotly's validator, which raises on an unknown property or an invalid value;
and the validated figure must be the one that was sent, so no shorthand that Plotly.js does not
read slipped through (a title given as a bare string, a named template, a `xaxis_range` key).
Every trace is of a type the browser's Plotly.js draws: the explorer sends one with only the types
it needs (ui/compression.py), where a trace of another type would leave its axes empty.
"""

from __future__ import annotations

import json
import math

import numpy as np
import plotly.graph_objects as go
import pytest

from tests.pages.support import assert_clean, open_page
from ui.compression import bundled_trace_types
from ui.controls import url_text
from ui.lessons import load_lessons
from ui.registry import available_pages
from viz.theme import typed_array_values

TABS = [("beta", {"tab": "Gaussian-Gaussian"}), ("mvn", {"tab": "High dimensions"}), ("kl", {"tab": "Fitting"}),
        ("kl", {"tab": "Estimation"}), ("fisher", {"model": "cauchy"}),
        ("likelihood", {"tab": "Numerical stability", "shift": "40"}), ("likelihood", {"window": "mle", "n": "10"}),
        ("likelihood", {"source": "bimodal", "n": "1000"}), ("mvn", {"samples": "5000"})]   # WebGL
BROWSER_TRACE_TYPES = bundled_trace_types()
LESSON_STEPS = [(step.page, {key: url_text(value) for key, value in step.state.items()})
                for lesson in load_lessons().values() for step in lesson.steps]
STATES = ([(spec.stem, {}) for spec in available_pages()] + TABS + LESSON_STEPS
          + [(spec.stem, {"present": "1"}) for spec in available_pages()])


def _decoded(value):
    """JSON with Plotly's base64 typed arrays turned back into lists of numbers."""
    if isinstance(value, dict):
        if {"dtype", "bdata"} <= value.keys():
            return typed_array_values(value).tolist()
        return {key: _decoded(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_decoded(item) for item in value]
    return value


def _differences(sent, validated, path: str = "") -> list[str]:
    """Where two decoded figures differ; numbers compare to float32 precision (some curves are
    sent as float32 on purpose, and the validator keeps a float32 array float32)."""
    if isinstance(sent, (int, float)) and isinstance(validated, (int, float)):
        same = (math.isnan(sent) and math.isnan(validated)) or math.isclose(sent, validated, rel_tol=1e-6,
                                                                           abs_tol=1e-12)
        return [] if same else [f"{path}: {sent!r} != {validated!r}"]
    if type(sent) is not type(validated):
        return [f"{path}: {type(sent).__name__} sent, Plotly makes it {type(validated).__name__} {validated!r:.80}"]
    if isinstance(sent, dict):
        out = [f"{path}/{key}: only in {'sent' if key in sent else 'validated'}"
               for key in sent.keys() ^ validated.keys()]
        for key in sent.keys() & validated.keys():
            out += _differences(sent[key], validated[key], f"{path}/{key}")
        return out
    if isinstance(sent, list):
        if len(sent) != len(validated):
            return [f"{path}: {len(sent)} items sent, {len(validated)} after validation"]
        return [d for i, (a, b) in enumerate(zip(sent, validated)) for d in _differences(a, b, f"{path}[{i}]")]
    return [] if sent == validated else [f"{path}: {sent!r:.80} != {validated!r:.80}"]


@pytest.mark.parametrize("stem,query", STATES, ids=[f"{s}-{'&'.join(f'{k}={v}' for k, v in q.items())}"
                                                    for s, q in STATES])
def test_every_figure_is_valid_plotly_in_its_final_form(stem, query):
    at = open_page(stem, query)
    assert_clean(at)
    charts = at.get("plotly_chart")
    assert charts, "the page drew no figure"
    for chart in charts:
        sent = json.loads(chart.proto.spec)
        assert {trace.get("type", "scatter") for trace in sent["data"]} <= BROWSER_TRACE_TYPES
        validated = go.Figure(sent).to_dict()  # raises ValueError on an invalid property or value
        differences = _differences(_decoded(sent), _decoded(json.loads(json.dumps(validated, default=_jsonable))))
        assert not differences, differences[:10]


def _jsonable(value):
    if isinstance(value, np.ndarray):
        return value.tolist()
    if isinstance(value, np.generic):
        return value.item()
    raise TypeError(type(value))


def test_the_check_catches_what_the_validator_used_to():
    with pytest.raises(ValueError):
        go.Figure({"data": [{"type": "scatter", "x": [1, 2], "lnie": {"width": 2}}]})
    sent = {"data": [], "layout": {"title": "a bare string", "template": "plotly_white", "xaxis_range": [0, 1]}}
    validated = _decoded(json.loads(json.dumps(go.Figure(sent).to_dict(), default=_jsonable)))
    problems = "\n".join(_differences(sent, validated))
    assert "/title: str sent" in problems and "/template: str sent" in problems
    assert "/xaxis_range: only in sent" in problems


@pytest.mark.parametrize("array", [np.arange(5), np.arange(300) * 1000, np.array([2**40, 1]), np.linspace(0, 1, 7),
                                   np.ones((3, 2)), np.ones(4, np.float32), np.array([], float),
                                   np.array([True, False]), np.array(["a", "b"]), np.arange(3, dtype=np.uint64)])
def test_typed_arrays_are_encoded_as_plotly_encodes_them(array):
    from _plotly_utils.utils import to_typed_array_spec

    from viz.theme import _typed_array
    theirs = to_typed_array_spec(array)
    assert _typed_array(array) == (theirs.tolist() if isinstance(theirs, np.ndarray) else theirs)
