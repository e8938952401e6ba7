// A live control: a slider whose every movement redraws precomputed states of the page's figures and
// readouts in the browser, with no message to the server until the slider is released.
//
// The server (ui/live.py) computes the family: one state per grid value of the control, each
// state's trace data, layout and readouts coming from core through the page's own figure builders
// and explanations. This module only picks the state for the slider's value and draws it: it
// computes no maths. On release (the input's "change" event) it sends the exact value to the
// server, which commits it to the URL and reruns the page.
//
// Pure helpers are exported for the tests (ui/live/live_control.test.mjs, run with `node --test`). What it
// assumes of Streamlit's page and Plotly's figures is in page_dom.js, the browser's one door to them.

import {
  chartElement, dragSurface, figureTitle, isDrawn, keyedContainers, markdownValue, metricParts, metricValues, missing,
  plotAxis,
} from './page_dom.js';

/** Index of the grid value nearest to `value` (grid sorted ascending, non-empty). */
export function nearestIndex(grid, value) {
  let low = 0;
  let high = grid.length - 1;
  if (value <= grid[low]) return low;
  if (value >= grid[high]) return high;
  while (high - low > 1) {
    const middle = (low + high) >> 1;
    if (grid[middle] <= value) low = middle; else high = middle;
  }
  return value - grid[low] <= grid[high] - value ? low : high;
}

/** The text shown beside the slider: the value with the control's number of decimals. */
export function formatValue(value, decimals) {
  return Number(value).toFixed(decimals);
}

/** Coordinates shipped as base64 of little-endian float32 (viz/live.py), as a Float32Array. */
export function decodeFloat32(text) {
  const bytes = Uint8Array.from(atob(text), (c) => c.charCodeAt(0));
  return new Float32Array(bytes.buffer);
}

/** A trace's coordinates sent as 16-bit steps (viz/live.py, wire_chart): each state's base64 uint16 differences
 * from the state before (when it had as many points), else from the point before; 65535 marks a gap. Returns
 * the steps, to be the next state's reference. */
export function decodeSteps(text, before) {
  const bytes = Uint8Array.from(atob(text), (c) => c.charCodeAt(0));
  const view = new DataView(bytes.buffer);
  const steps = new Uint16Array(bytes.length / 2);
  const fromBefore = before && before.length === steps.length;
  for (let i = 0; i < steps.length; i++) {
    const reference = fromBefore ? before[i] : (i ? steps[i - 1] : 0);
    steps[i] = (reference + view.getUint16(2 * i, true)) & 0xffff;
  }
  return steps;
}

const QUANTA = 65534;
const GAP = 65535;

/** Steps of a trace's scale [lo, hi] as numbers (NaN for a gap). */
export function stepValues(steps, [lo, hi]) {
  const values = new Float64Array(steps.length);
  const unit = (hi - lo) / QUANTA;
  for (let i = 0; i < steps.length; i++) values[i] = steps[i] === GAP ? NaN : lo + steps[i] * unit;
  return values;
}

/** Every chart's step-encoded arrays turned into numbers, once when the family arrives (in place). */
export function expandSteps(members) {
  for (const chart of Object.values(members.charts || {})) {
    for (const [axis, scales] of Object.entries(chart.scales || {})) {
      scales.forEach((scale, position) => {
        if (!scale) return;
        let before = null;
        for (const state of chart.states) {
          before = decodeSteps(state.traces[axis][position], before);
          state.traces[axis][position] = stepValues(before, scale);
        }
      });
    }
  }
  return members;
}

/** One chart's state at one grid index, as Plotly.animate takes it: {data, traces, layout}.
 * Trace names are left out: a legend change forces a full redraw (they are exact again on release). */
export function chartFrame(chart, index) {
  const state = chart.states[index];
  // Numbers arrive as base64 float32 or already expanded from steps (expandSteps), categories (bar labels) as
  // plain lists; null: not carried (that attribute of the trace never changes, and stays as drawn).
  const values = (v) => (typeof v === 'string' ? decodeFloat32(v) : v);
  const data = chart.traces.map((_, i) => {
    const update = {};
    for (const axis of ['x', 'y']) {
      const carried = state.traces[axis] && state.traces[axis][i];
      if (carried != null) update[axis] = values(carried);
    }
    const colour = state.traces.color && state.traces.color[i];
    if (colour != null) update.marker = { color: values(colour) };
    return update;
  });
  return { data, traces: chart.traces, layout: state.layout || {} };
}

/** {"xaxis.range": r} -> {xaxis: {range: r}}: Plotly.animate's frames take nested layout objects. */
export function nestedLayout(dotted) {
  const nested = {};
  for (const [path, value] of Object.entries(dotted)) {
    const parts = path.split('.');
    let target = nested;
    for (const part of parts.slice(0, -1)) target = target[part] = target[part] || {};
    target[parts[parts.length - 1]] = value;
  }
  return nested;
}

/** A control over a list of values (a Choice: /clt's N) moves an index 0..n-1; a number control moves
 * the number itself. These give the slider's range and value, and the value a slider position means. */
export function sliderRange(family) {
  if (family.options) {
    // The committed value's own position, else (a link may carry a value between the options) the nearest.
    const index = family.options.findIndex((option) => option === family.value);
    const position = index >= 0 ? index : nearestIndex(family.options, Number(family.value));
    return { min: 0, max: family.options.length - 1, step: 1, value: position };
  }
  return { min: family.min, max: family.max, step: family.step, value: family.value };
}

export function valueAt(family, position) {
  return family.options ? family.options[Math.round(Number(position))] : Number(position);
}

/** The readout values at one grid index, as {label: text}. */
export function readoutsAt(readouts, index) {
  const shown = {};
  for (const [label, values] of Object.entries(readouts)) shown[label] = values[index];
  return shown;
}

// Per mounted control (keyed by its URL key): the timings of recent redraws, for the benchmark.
const timings = (globalThis.__liveTimings = globalThis.__liveTimings || {});

// Plotly.animate with redraw: false moves the changed traces without replotting the whole figure
// (a full Plotly.update took ~60 ms per move on /mvn, measured: see bench/bench_live.py).
const IMMEDIATE = { transition: { duration: 0 }, frame: { duration: 0, redraw: false }, mode: 'immediate' };
const lastLayout = new WeakMap();

// Traces the family does not carry (a cloud of samples) are dimmed while the control moves, so
// nothing stale is shown at full strength; the rerun on release draws them afresh.
const DIMMED = 0.12;
// Whole parts of the page that the family does not carry (a table, a section computed apart) are
// faded while the control moves, for the same reason.
const FADED = '0.35';

/** What of each metric goes stale while the control moves: its note when the family carries its value (the
 * value follows, the words under it, "width 0.476" or "MLE 0.700", do not), the whole metric when the family does
 * not carry it. [{label, whole}] in the order of `labels`. */
export function staleReadouts(labels, readouts) {
  const carried = new Set(Object.keys(readouts || {}));
  return labels.map((label) => ({ label, whole: !carried.has(label) }));
}

function fade(element, on) {
  element.style.opacity = on ? FADED : '';
  element.style.transition = 'opacity 120ms';
}

function holdFigures(family, on) {
  const plotly = globalThis.Plotly;
  for (const key of family.dim || []) {
    for (const element of keyedContainers(key)) fade(element, on);
  }
  const metrics = metricValues();
  for (const { label, whole } of staleReadouts(Object.keys(metrics), family.readouts)) {
    const { metric, note } = metricParts(metrics[label]);
    const part = whole ? metric : note;
    if (part) fade(part, on);
  }
  for (const [key, chart] of Object.entries(family.charts)) {
    const element = chartElement(key);
    if (plotly && element && chart.still && chart.still.length) {
      const opacity = chart.still.map((i) => (on ? DIMMED : (element.data[i].opacity ?? 1)));
      if (on) chart.saved = chart.still.map((i) => element.data[i].opacity ?? 1);
      plotly.restyle(element, { opacity: on ? opacity : chart.saved }, chart.still);
    }
  }
}

function draw(family, index, started) {
  const plotly = globalThis.Plotly;
  const drawn = [];
  for (const [key, chart] of Object.entries(family.charts)) {
    const element = chartElement(key);
    if (!plotly || !element) continue;
    const frame = chartFrame(chart, index);
    if ('title.text' in frame.layout) {
      // The title is the page's text above the chart, not Plotly's (ui/layout.py show_figure).
      const title = figureTitle(key);
      if (title) title.textContent = frame.layout['title.text']; else missing(`the title of ${key}`);
      frame.layout = Object.fromEntries(Object.entries(frame.layout).filter(([name]) => name !== 'title.text'));
    }
    if (!frame.traces.length && !Object.keys(frame.layout).length) continue;  // nothing of it moves
    const layout = JSON.stringify(frame.layout);
    if (Object.keys(frame.layout).length && lastLayout.get(element) !== layout) {
      // New axis ranges or title: one synchronous redraw of the whole figure with the new data.
      lastLayout.set(element, layout);
      const moved = frame.traces.filter((_, i) => frame.data[i].x !== undefined);
      const coordinates = frame.data.filter((d) => d.x !== undefined);
      drawn.push(plotly.update(element, { x: coordinates.map((d) => d.x), y: coordinates.map((d) => d.y) },
        frame.layout, moved));
      const recoloured = frame.traces.filter((_, i) => frame.data[i].marker);
      if (recoloured.length) {
        const colours = frame.data.filter((d) => d.marker).map((d) => d.marker.color);
        drawn.push(plotly.restyle(element, { 'marker.color': colours }, recoloured));
      }
    } else {
      // Same axes: move the changed traces only (much cheaper than a redraw).
      drawn.push(plotly.animate(element, { data: frame.data, traces: frame.traces }, IMMEDIATE));
    }
  }
  for (const [key, values] of Object.entries(family.texts || {})) {
    const element = markdownValue(key);
    if (element) element.textContent = values[index]; else missing(`the text keyed ${key}`);
  }
  const metrics = metricValues();
  for (const [label, text] of Object.entries(readoutsAt(family.readouts, index))) {
    const element = metrics[label];
    if (element) element.textContent = text; else missing(`the metric “${label}”`);
  }
  // Plotly.animate draws in its next animation frame and resolves once that (zero-length) transition
  // has updated the figure: time the input event to then (the browser paints at the end of that frame).
  Promise.all(drawn).then(() => {
    const list = (timings[family.key] = timings[family.key] || []);
    list.push(performance.now() - started);
    if (list.length > 5000) list.shift();
  });
}

/** A value dragged on a figure, as the slider would hold it: clamped to its range, on its steps. */
export function snapToSlider(value, min, max, step) {
  const clamped = Math.min(max, Math.max(min, value));
  return Math.min(max, min + Math.round((clamped - min) / step) * step);
}

// Within this many pixels of the handle (e.g. /mvn's observed-x₂ line) a press drags the handle, not
// Plotly's zoom box.
const HANDLE_REACH = 9;

function attachWhenDrawn(family, input, triesLeft) {
  attachHandle(family, input);
  const element = chartElement(family.handle.chart);
  if (!isDrawn(element) && triesLeft > 0) {
    setTimeout(() => attachWhenDrawn(family, input, triesLeft - 1), 250);
  }
}

/** Let the reader drag the thing itself: pressing on the figure within reach of the control's current
 * value (along one axis) and dragging moves the slider, which redraws as if the slider were dragged. */
function attachHandle(family, input) {
  const spec = family.handle;
  const element = spec && chartElement(spec.chart);
  if (!element) return;
  element.__liveHandle = { family, input };  // the latest render's, read by the listeners below
  if (element.__liveHandleAttached) return;
  element.__liveHandleAttached = true;
  const along = (event) => {
    const { family: current } = element.__liveHandle;
    const axis = plotAxis(element, current.handle.axis);
    const across = plotAxis(element, current.handle.axis === 'y' ? 'x' : 'y');
    if (!axis || !across) return null;
    const box = element.getBoundingClientRect();
    const [pixel, other] = current.handle.axis === 'y'
      ? [event.clientY - box.top - axis.offset, event.clientX - box.left - across.offset]
      : [event.clientX - box.left - axis.offset, event.clientY - box.top - across.offset];
    if (other < 0 || other > across.length) return null;
    return { axis, pixel };
  };
  let dragging = false;
  const moveTo = (event) => {
    const found = along(event);
    const { input: slider } = element.__liveHandle;
    if (!found) return;
    const value = found.axis.toData(found.pixel);
    slider.value = String(snapToSlider(value, Number(slider.min), Number(slider.max), Number(slider.step)));
    slider.dispatchEvent(new Event('input'));
  };
  element.addEventListener('pointerdown', (event) => {
    const found = along(event);
    const { input: slider } = element.__liveHandle;
    if (!found || Math.abs(found.pixel - found.axis.toPixel(Number(slider.value))) > HANDLE_REACH) return;
    event.preventDefault();  // no compatibility mousedown: Plotly's zoom box does not start
    event.stopPropagation();
    element.setPointerCapture(event.pointerId);
    dragging = true;
  }, { capture: true });
  element.addEventListener('pointermove', (event) => {
    if (dragging) { moveTo(event); return; }
    const found = along(event);
    const { input: slider } = element.__liveHandle;
    const near = found && Math.abs(found.pixel - found.axis.toPixel(Number(slider.value))) <= HANDLE_REACH;
    const surface = dragSurface(element);
    const cursor = element.__liveHandle.family.handle.axis === 'y' ? 'ns-resize' : 'ew-resize';
    if (surface) surface.style.cursor = near ? cursor : '';
  }, { capture: true });
  const release = () => {
    if (!dragging) return;
    dragging = false;
    element.__liveHandle.input.dispatchEvent(new Event('change'));
  };
  element.addEventListener('pointerup', release, { capture: true });
  element.addEventListener('pointercancel', release, { capture: true });
}

/** The payload as sent (ui/live.py): the header's JSON, a NUL byte, the family gzip-compressed. Returns the
 * header and the family's bytes. */
export function splitPayload(data) {
  const bytes = data instanceof ArrayBuffer ? new Uint8Array(data)
    : new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
  const end = bytes.indexOf(0);
  return { header: JSON.parse(new TextDecoder().decode(bytes.subarray(0, end))), packed: bytes.subarray(end + 1) };
}

/** The family's members from its gzip bytes, step-encoded arrays expanded; null where this browser cannot
 * decompress (no DecompressionStream). */
export async function unpackFamily(packed) {
  if (typeof DecompressionStream === 'undefined') return null;
  const stream = new Blob([packed]).stream().pipeThrough(new DecompressionStream('gzip'));
  return expandSteps(JSON.parse(await new Response(stream).text()));
}

export default function (component) {
  const { parentElement, setStateValue } = component;
  const { header, packed } = splitPayload(component.data);
  // The control works at once (it commits on release); the figures follow while it moves once the family is
  // unpacked, a few milliseconds later.
  const family = { ...header, grid: [], charts: {}, readouts: {}, texts: {} };
  let root = parentElement.querySelector('.live-control');
  if (!root) {
    root = document.createElement('div');
    root.className = 'live-control';
    root.innerHTML = `
      <label class="live-label"><span class="live-text"></span>
        <output class="live-value"></output></label>
      <input type="range" data-testid="live-control">
      <div class="live-hint"></div>`;
    parentElement.appendChild(root);
  }
  const input = root.querySelector('input');
  const output = root.querySelector('output');
  root.querySelector('.live-text').textContent = family.label;
  root.querySelector('.live-hint').textContent = family.hint;
  input.dataset.key = family.key;
  input.setAttribute('aria-label', family.label);
  const range = sliderRange(family);
  for (const attribute of ['min', 'max', 'step']) input[attribute] = String(range[attribute]);
  // A rerun brings the committed value: show it unless the reader is dragging right now.
  const showText = (text) => {
    output.textContent = text;
    input.setAttribute('aria-valuetext', text);
  };
  // At rest the readout shows the committed value as the server wrote it (a link may carry one between
  // the slider's steps); while moving, the slider's value with the step's decimals.
  if (!input.matches(':active')) {
    input.value = String(range.value);
    showText(family.shown ?? formatValue(family.value, family.decimals));
  }
  let moving = false;
  input.oninput = (event) => {
    const started = event.timeStamp || performance.now();
    if (!moving) { moving = true; holdFigures(family, true); }
    showText(formatValue(valueAt(family, input.value), family.decimals));
    if (family.grid.length) draw(family, nearestIndex(family.grid, valueAt(family, input.value)), started);
  };
  input.onchange = () => {
    if (moving) { moving = false; holdFigures(family, false); }
    setStateValue('value', valueAt(family, input.value));
  };
  unpackFamily(packed).then((members) => {
    if (members === null) {
      root.querySelector('.live-hint').textContent = family.no_preview;
      console.warn('live control: no DecompressionStream in this browser; figures follow on release only');
      return;
    }
    Object.assign(family, members);
    // The chart may be drawn after this control (the sidebar is rendered first, and Plotly draws a chart
    // asynchronously): keep trying for a while until it is there.
    if (family.handle && family.grid.length) attachWhenDrawn(family, input, 40);
  }).catch((error) => console.error('live control: the family could not be read', error));
}
