"""Families for live controls (ui/live.py): what the page's figures and readouts look like at every
value of a control's grid, reduced to what changes, as plain data the browser can draw.

Pure: the page's own figure builders and explanations are called at each grid value by the page's
views, and this module keeps the trace coordinates and names, titles, axis ranges and metric values
that differ between them, thinned and rounded so the family stays small.
"""

from __future__ import annotations

import base64
import functools
import gzip
import json
import math
from dataclasses import dataclass, field
from typing import Any, Callable, Sequence

import numpy as np

from viz.theme import typed_array_values

# Longer traces are thinned for the states shipped to the browser (the figure drawn on release keeps
# every point): a density of 500 points drawn with 48 is indistinguishable while it moves.
MAX_LIVE_POINTS = 48


@dataclass(frozen=True)
class ChartFamily:
    traces: tuple[int, ...]                         # the indices of the traces that change
    states: tuple[dict, ...]                        # per grid value: {"traces": {...}, "layout": {...}}
    still: tuple[int, ...] = ()                     # traces not carried (dimmed while the control moves)


@dataclass(frozen=True)
class Family:
    """Everything the browser needs to redraw while the control moves."""

    grid: tuple[float, ...]
    charts: dict[str, ChartFamily]
    readouts: dict[str, tuple[str, ...]] = field(default_factory=dict)   # metric label -> value per state
    texts: dict[str, tuple[str, ...]] = field(default_factory=dict)      # container key -> sentence per state

    @functools.cached_property
    def wire(self) -> bytes:
        """The family as the browser receives it: gzip-compressed JSON, with each moving coordinate array
        as 16-bit steps from the state before (`wire_chart`). Encoded once per family: a page sends it on
        every rerun, and serialising half a megabyte each time cost ~12 ms a rerun (measured on /mvn).
        /mvn's ρ family: 611 kB as float32 JSON, ~100 kB like this (bench/RESULTS.md, issue 34)."""
        members = {"grid": list(self.grid),
                   "charts": {key: wire_chart(chart) for key, chart in self.charts.items()},
                   "readouts": {label: list(values) for label, values in self.readouts.items()},
                   "texts": {key: list(values) for key, values in self.texts.items()}}
        return gzip.compress(json.dumps(members, separators=(",", ":"), ensure_ascii=False).encode(), 6, mtime=0)


def _float32_base64(values: Any) -> str:
    """Coordinates as base64 of little-endian float32 (5.3 characters a number, against ~8 as JSON
    text): 7 significant digits, far below a pixel. Non-finite values become NaN (a gap)."""
    array = np.asarray(values, dtype=np.float64).ravel()
    return base64.b64encode(np.where(np.isfinite(array), array, np.nan).astype("<f4").tobytes()).decode("ascii")


# --- on the wire: 16-bit steps, from the state before ---------------------------------------------------------
# A trace that moves with the control changes a little from one state to the next. Each of its coordinate
# arrays is sent as whole steps of (hi - lo) / QUANTA across the span it covers over every state, and each
# state's steps as differences from the state before (from the point before where the point count differs):
# mostly small numbers, which gzip packs several times tighter than float32. GAP (65535) marks a NaN.
QUANTA = 65534
GAP = 65535
# The step must stay within this share of every state's own span (its axis holds at least that span), i.e.
# under a quarter of a pixel on a 500-pixel chart; a trace that fails (a spike beside flat curves) goes as
# float32, exactly as before.
STEP_OF_SPAN = 1 / 1000


def quantized_scale(arrays: Sequence[np.ndarray]) -> tuple[float, float] | None:
    """[lo, hi] for a trace's arrays at every state, or None where 16 bits across them would be too coarse for
    one state's own span."""
    finite = [array[np.isfinite(array)] for array in arrays]
    values = np.concatenate(finite) if finite else np.zeros(0)
    if values.size == 0:
        return 0.0, 0.0
    lo, hi = float(values.min()), float(values.max())
    step = (hi - lo) / QUANTA
    for own in finite:
        span = float(own.max() - own.min()) if own.size else 0.0
        if span > 0 and step > span * STEP_OF_SPAN:
            return None
    return lo, hi


def quantized(array: np.ndarray, scale: tuple[float, float]) -> np.ndarray:
    """The array as whole steps 0..QUANTA of its scale (GAP for NaN), int64."""
    lo, hi = scale
    span = hi - lo
    steps = np.round((array - lo) / span * QUANTA) if span > 0 else np.zeros(array.shape)
    return np.where(np.isfinite(array), np.clip(steps, 0, QUANTA), GAP).astype(np.int64)


def step_differences(steps: np.ndarray, before: np.ndarray | None) -> str:
    """base64 of little-endian uint16: each step minus the same point's in the state before (when it had as
    many points), else minus the point before (the first minus 0), modulo 2^16."""
    reference = before if before is not None and before.size == steps.size else np.concatenate(([0], steps[:-1]))
    return base64.b64encode(((steps - reference) % 65536).astype("<u2").tobytes()).decode("ascii")


def from_steps(encoded: Sequence[str], scale: tuple[float, float]) -> list[np.ndarray]:
    """The inverse, as the browser computes it (ui/live/live_control.js, decodeSteps): float64 values."""
    lo, hi = scale
    values, before = [], None
    for text in encoded:
        differences = np.frombuffer(base64.b64decode(text), "<u2").astype(np.int64)
        reference = before if before is not None and before.size == differences.size else None
        if reference is None:
            steps = np.cumsum(differences) % 65536
        else:
            steps = (reference + differences) % 65536
        values.append(np.where(steps == GAP, np.nan, lo + steps * ((hi - lo) / QUANTA)))
        before = steps
    return values


def wire_chart(chart: ChartFamily) -> dict:
    """A chart family as sent: float32 arrays of moving traces re-encoded as steps where the 16 bits suffice
    (`scales[axis][i]` = [lo, hi]; None: that trace's arrays stay float32, or it does not move)."""
    states = [{"traces": {axis: list(values) for axis, values in state["traces"].items()},
               **{key: value for key, value in state.items() if key != "traces"}} for state in chart.states]
    scales: dict[str, list] = {}
    for axis in ("x", "y", "color"):
        scales[axis] = []
        for position in range(len(chart.traces)):
            carried = [state["traces"].get(axis, [None] * len(chart.traces))[position] for state in states]
            if not carried or not all(isinstance(value, str) for value in carried):
                scales[axis].append(None)
                continue
            arrays = [np.frombuffer(base64.b64decode(value), "<f4").astype(np.float64) for value in carried]
            scale = quantized_scale(arrays)
            scales[axis].append(None if scale is None else list(scale))
            if scale is None:
                continue
            before = None
            for state, array in zip(states, arrays):
                steps = quantized(array, scale)
                state["traces"][axis][position] = step_differences(steps, before)
                before = steps
    return {"traces": list(chart.traces), "states": states, "still": list(chart.still), "scales": scales}


def _thinnable(trace: dict) -> bool:
    """Only smooth lines are thinned: every point of a step line (a histogram's bin edges), a bar or
    a marker carries meaning of its own."""
    return (trace.get("type", "scatter") == "scatter" and trace.get("mode", "lines") == "lines"
            and (trace.get("line") or {}).get("shape", "linear") in ("linear", "spline"))


_ALONG = np.linspace(0.0, 1.0, MAX_LIVE_POINTS)


def _thin(x: Any, y: Any, thinnable: bool = True) -> np.ndarray:
    """The indices of the points kept: evenly spaced along the curve's length on the plot (x and y each
    scaled to their span), so a narrow peak keeps as many points as a long flat stretch (a Beta
    posterior after thousands of flips is a spike that evenly spaced x would miss)."""
    length = len(x)
    if length <= MAX_LIVE_POINTS or not thinnable:
        return np.arange(length)
    along = np.zeros(length)
    np.cumsum(_scaled_steps(np.asarray(x, dtype=np.float64)) + _scaled_steps(np.asarray(y, dtype=np.float64)),
              out=along[1:])
    if not along[-1] > 0:
        along = np.arange(length, dtype=np.float64)
    keep = np.searchsorted(along, along[-1] * _ALONG).clip(0, length - 1)
    keep[-1] = length - 1
    return keep[np.concatenate(([True], keep[1:] != keep[:-1]))]  # sorted already: drop repeats


def _scaled_steps(values: np.ndarray) -> np.ndarray:
    """|Δ| between neighbouring points as a share of the values' span (0 across gaps)."""
    with np.errstate(invalid="ignore"):
        span = values.max() - values.min()
        if not np.isfinite(span):  # gaps (NaN) or infinities: the finite values' span
            finite = values[np.isfinite(values)]
            span = finite.max() - finite.min() if finite.size else 0.0
        if not span > 0:
            return np.zeros(values.size - 1)
        steps = np.abs(np.diff(values)) / span
    steps[~np.isfinite(steps)] = 0.0
    return steps


def _coordinates(trace: dict, axis: str) -> Any:
    """A trace's x or y as numbers (decoded where the figure already holds them as a typed array)."""
    return typed_array_values(trace.get(axis))


def _colours(trace: dict) -> Any:
    """A trace's per-point marker colours (numbers on its colour scale), or None."""
    colour = typed_array_values((trace.get("marker") or {}).get("color"))
    return colour if isinstance(colour, (list, tuple, np.ndarray)) else None


def chart_family(figures: Sequence[dict], skip: Sequence[int] = ()) -> ChartFamily:
    """What differs between the figures built at each grid value: trace x/y, per-point marker colours
    (e.g. a rug coloured by responsibility), the title and the axis ranges. Traces in `skip` (e.g. a
    cloud of samples) stay as drawn until release. Per trace, only what changes is shipped: a state's
    "x", "y" and "color" lists hold None for a trace whose coordinates (or colours) never change."""
    first = figures[0]
    changing, moving, recolouring = [], set(), set()
    for index, trace in enumerate(first["data"]):
        if index in skip:
            continue
        others = [other["data"][index] for other in figures[1:]]
        if any(_differs(_coordinates(trace, axis), _coordinates(theirs, axis))
               for theirs in others for axis in ("x", "y")):
            moving.add(index)
        if any(_differs(_colours(trace), _colours(theirs)) for theirs in others):
            recolouring.add(index)
        if index in moving or index in recolouring:
            changing.append(index)
    layout_keys = [key for key in ("title.text", "xaxis.range", "yaxis.range")
                   if any(_layout_value(f, key) != _layout_value(first, key) for f in figures[1:])]
    states = []
    for figure, ranges in zip(figures, _autoranges(figures, skip)):
        traces: dict[str, list] = {"x": [], "y": [], "color": []}
        for index in changing:
            trace = figure["data"][index]
            x, y = _coordinates(trace, "x"), _coordinates(trace, "y")
            keep = _thin(x, y, _thinnable(trace) and index not in recolouring)
            traces["x"].append(_encoded(x, keep) if index in moving else None)
            traces["y"].append(_encoded(y, keep) if index in moving else None)
            traces["color"].append(_encoded(_colours(trace), keep) if index in recolouring else None)
        layout = {key: _layout_value(figure, key) for key in layout_keys} | ranges
        states.append({"traces": traces, "layout": layout})
    return ChartFamily(tuple(changing), tuple(states), tuple(skip))


def _axis_name(reference: str) -> str:
    """"x" -> "xaxis", "y2" -> "yaxis2" (a trace's axis reference as a layout key)."""
    return f"{reference[0]}axis{reference[1:]}"


def _extents(figure: dict, skip: Sequence[int]) -> dict[str, tuple[float, float]]:
    """The data's extent on each axis that Plotly autoranges (not one with a range of its own, or one
    matching another axis), in the axis's own units (log10 on a log axis)."""
    extents: dict[str, tuple[float, float]] = {}
    for index, trace in enumerate(figure["data"]):
        if index in skip:
            continue
        for axis in ("x", "y"):
            name = _axis_name(trace.get(f"{axis}axis", axis))
            settings = figure["layout"].get(name, {})
            if settings.get("range") is not None or settings.get("matches"):
                continue
            values = _numeric(_coordinates(trace, axis))
            if values is None:  # categories: Plotly lays them out itself
                continue
            if settings.get("type") == "log":
                values = np.log10(values[values > 0])
            values = values[np.isfinite(values)]
            if values.size:
                low, high = extents.get(name, (np.inf, -np.inf))
                extents[name] = (min(low, float(values.min())), max(high, float(values.max())))
    return extents


def _autoranges(figures: Sequence[dict], skip: Sequence[int]) -> list[dict]:
    """Axis ranges per state where the figure leaves an axis to Plotly's autorange: traces moved without
    a full redraw keep the old axes, so each state carries the range autorange would pick (its data's
    extent with 5% padding, rounded out). An axis whose extent is the same in every state is left to
    Plotly: the figure drawn on release autoranges it just the same."""
    extents = [_extents(figure, skip) for figure in figures]
    moving = {name for state in extents for name, extent in state.items()
              if any(other.get(name) != extent for other in extents)}
    ranges = []
    for state in extents:
        ranges.append({})
        for name, (low, high) in state.items():
            if name in moving:
                pad = 0.05 * (high - low) if high > low else 0.5
                ranges[-1][f"{name}.range"] = _rounded_out(low - pad, high + pad)
    return ranges


def _rounded_out(low: float, high: float) -> list[float]:
    """[low, high] widened to multiples of the power of ten below its span: neighbouring states then
    share their axes, and the browser redraws a figure's axes only when the data cross a boundary
    (moving traces alone is several times cheaper than a redraw; bench/bench_live.py)."""
    unit = 10.0 ** math.floor(math.log10(high - low))
    return [round(math.floor(low / unit) * unit, 9), round(math.ceil(high / unit) * unit, 9)]


def _numeric(values: Any) -> np.ndarray | None:
    """The values as float64, or None for categories (a bar chart's labels)."""
    array = np.asarray(values)
    return array.astype(np.float64) if array.dtype.kind in "fiub" else None


def _differs(a: Any, b: Any) -> bool:
    if a is None or b is None:
        return a is not b
    a_num, b_num = _numeric(a), _numeric(b)
    if a_num is None or b_num is None:
        return list(a) != list(b)
    return a_num.shape != b_num.shape or not np.allclose(a_num, b_num, rtol=1e-12, atol=0, equal_nan=True)


def _encoded(values: Any, keep: np.ndarray) -> str | list:
    """Numbers as base64 float32; categories as a JSON list."""
    numbers = _numeric(values)
    if numbers is None:
        return [str(v) for v in np.asarray(values)[keep]]
    return _float32_base64(numbers[keep])


def _layout_value(figure: dict, dotted: str) -> Any:
    value: Any = figure["layout"]
    for part in dotted.split("."):
        if not isinstance(value, dict):
            return None
        value = value.get(part)
    return list(value) if isinstance(value, (tuple, np.ndarray)) else value


def readout_family(panels_per_value: Sequence[Sequence[Any]]) -> dict[str, tuple[str, ...]]:
    """From explain.Panel lists (anything with .label and .value): the metric values at every grid
    value, by label (a label that changes with the value is left to the rerun)."""
    labels = [panel.label for panel in panels_per_value[0]]
    readouts = {}
    for position, label in enumerate(labels):
        values = []
        for panels in panels_per_value:
            if position >= len(panels) or panels[position].label != label:
                break
            values.append(panels[position].value)
        else:
            readouts[label] = tuple(values)
    return readouts


def build_family(grid: Sequence[float], figures_at: Callable[[float], dict[str, dict]],
                 panels_at: Callable[[float], Sequence[Any]] | None = None,
                 skip: dict[str, Sequence[int]] | None = None,
                 texts_at: Callable[[float], dict[str, str]] | None = None) -> Family:
    """Run the page's own builders at every grid value and keep what changes: figures by chart key,
    metric panels, and sentences by the key of the container that shows them."""
    built = [figures_at(float(value)) for value in grid]
    charts = {key: chart_family([figures[key] for figures in built], (skip or {}).get(key, ()))
              for key in built[0]}
    readouts = readout_family([panels_at(float(value)) for value in grid]) if panels_at else {}
    sentences = [texts_at(float(value)) for value in grid] if texts_at else []
    texts = {key: tuple(state[key] for state in sentences) for key in (sentences[0] if sentences else {})}
    return Family(tuple(float(v) for v in grid), charts, readouts, texts)
