// Tests of the live control's pure helpers: `node --test ui/live/` (tests/ui/test_live.py runs it).
import assert from 'node:assert/strict';
import test from 'node:test';

import {
  chartFrame, decodeFloat32, decodeSteps, expandSteps, formatValue, nearestIndex, nestedLayout, readoutsAt, sliderRange,
  snapToSlider, splitPayload, staleReadouts, stepValues, unpackFamily, valueAt,
} from './live_control.js';

test('nearestIndex picks the closest grid value, ties to the lower one', () => {
  const grid = [-1, -0.5, 0, 0.5, 1];
  assert.equal(nearestIndex(grid, -3), 0);
  assert.equal(nearestIndex(grid, 3), 4);
  assert.equal(nearestIndex(grid, 0.2), 2);
  assert.equal(nearestIndex(grid, 0.3), 3);
  assert.equal(nearestIndex(grid, 0.25), 2);
  assert.equal(nearestIndex(grid, 1), 4);
  assert.equal(nearestIndex([7], 100), 0);
});

test('nearestIndex agrees with a linear scan on an uneven grid', () => {
  const grid = [0, 1, 2, 4, 8, 16, 32, 64];
  for (let value = -2; value <= 70; value += 0.37) {
    let best = 0;
    for (let i = 1; i < grid.length; i++) {
      if (Math.abs(grid[i] - value) < Math.abs(grid[best] - value)) best = i;
    }
    assert.equal(nearestIndex(grid, value), best, `value ${value}`);
  }
});

test('formatValue keeps the control\'s decimals', () => {
  assert.equal(formatValue(0.5, 2), '0.50');
  assert.equal(formatValue('-0.125', 3), '-0.125');
});

function encode(values) {
  return Buffer.from(new Float32Array(values).buffer).toString('base64');
}

test('decodeFloat32 reads what viz/live.py writes (little-endian float32, base64)', () => {
  // Written by Python: base64(np.array([1.5, -2.25, 1e-3], '<f4').tobytes())
  assert.deepEqual(Array.from(decodeFloat32('AADAPwAAEMBvEoM6')), [1.5, -2.25, Math.fround(1e-3)]);
  assert.ok(Number.isNaN(decodeFloat32(encode([NaN]))[0]));
});

test('chartFrame decodes the state\'s trace coordinates and keeps trace indices and layout', () => {
  const chart = { traces: [1, 3], states: [
    { traces: { x: [encode([0, 1]), encode([2])], y: [encode([5, 6]), encode([7])] }, layout: { 'title.text': 'a' } },
    { traces: { x: [encode([1, 2]), encode([3])], y: [encode([6, 7]), encode([8])] } },
  ] };
  const frame = chartFrame(chart, 0);
  assert.deepEqual(frame.traces, [1, 3]);
  assert.deepEqual(frame.layout, { 'title.text': 'a' });
  assert.deepEqual(frame.data.map((d) => [Array.from(d.x), Array.from(d.y)]), [[[0, 1], [5, 6]], [[2], [7]]]);
  assert.deepEqual(chartFrame(chart, 1).layout, {});
});

test('readoutsAt reads every readout at one index', () => {
  assert.deepEqual(readoutsAt({ mean: ['1', '2'], sd: ['3', '4'] }, 1), { mean: '2', sd: '4' });
});

test('nestedLayout turns dotted layout paths into the nested objects Plotly.animate reads', () => {
  assert.deepEqual(nestedLayout({ 'xaxis.range': [0, 1], 'yaxis2.range': [2, 3], 'title.text': 't' }),
    { xaxis: { range: [0, 1] }, yaxis2: { range: [2, 3] }, title: { text: 't' } });
  assert.deepEqual(nestedLayout({}), {});
});

test('chartFrame passes categories through as they came', () => {
  const chart = { traces: [0], states: [{ traces: { x: [['a', 'b']], y: [encode([1, 2])] } }] };
  const frame = chartFrame(chart, 0);
  assert.deepEqual(frame.data[0].x, ['a', 'b']);
  assert.deepEqual(Array.from(frame.data[0].y), [1, 2]);
});

test('decodeSteps and stepValues read what viz/live.py writes (uint16 differences from the state before)', () => {
  // Written by Python: steps of [0, 1, NaN], [0.5, 1, 0], [0.25, 0.75] on the scale [0, 1] (viz.live.step_differences)
  const scale = [0, 1];
  const first = decodeSteps('AAD+/wEA', null);
  assert.deepEqual(Array.from(first), [0, 65534, 65535]);
  const values = Array.from(stepValues(first, scale));
  assert.deepEqual(values.slice(0, 2), [0, 1]);
  assert.ok(Number.isNaN(values[2]));                                  // a gap stays a gap
  const second = decodeSteps('/38AAAEA', first);                        // as many points: from the state before
  assert.deepEqual(Array.from(stepValues(second, scale)), [0.5, 1, 0]);
  const third = decodeSteps('AED+fw==', second);                        // fewer points: from the point before
  assert.deepEqual(Array.from(stepValues(third, scale)).map((v) => v.toFixed(6)), ['0.250008', '0.749992']);
});

test('expandSteps turns a chart\'s step-encoded arrays into numbers and leaves float32 ones', () => {
  const members = { charts: { c: { traces: [2, 4], scales: { x: [[0, 1], null], y: [[0, 2], null] }, states: [
    { traces: { x: ['AAD+/wEA', encode([7])], y: ['AAD+/wEA', encode([8])] } },
    { traces: { x: ['/38AAAEA', encode([9])], y: ['/38AAAEA', encode([10])] } },
  ] } } };
  const chart = expandSteps(members).charts.c;
  const frame = chartFrame(chart, 1);
  assert.deepEqual(Array.from(frame.data[0].x).map((v) => v.toFixed(4)), ['0.5000', '1.0000', '0.0000']);
  assert.deepEqual(Array.from(frame.data[0].y).map((v) => v.toFixed(4)), ['1.0000', '2.0000', '0.0000']);
  assert.deepEqual(Array.from(frame.data[1].x), [9]);
});

test('splitPayload and unpackFamily read the header, then the gzip-compressed family', async () => {
  const { gzipSync } = await import('node:zlib');
  const family = gzipSync(Buffer.from('{"grid":[0,1],"charts":{},"readouts":{"m":["1","2"]},"texts":{}}'));
  const header = Buffer.from('{"key":"rho","label":"ρ"}');
  const payload = Buffer.concat([header, Buffer.from([0]), family]);
  for (const form of [new Uint8Array(payload), payload.buffer.slice(payload.byteOffset, payload.byteOffset + payload.length),
    new DataView(payload.buffer, payload.byteOffset, payload.length)]) {
    const { header: read, packed } = splitPayload(form);
    assert.deepEqual(read, { key: 'rho', label: 'ρ' });
    assert.deepEqual(await unpackFamily(packed), { grid: [0, 1], charts: {}, readouts: { m: ['1', '2'] }, texts: {} });
  }
});

test('a control over a list of values moves an index and means the option at it', () => {
  const family = { options: [1, 2, 3, 5, 10], value: 5, min: 1, max: 10, step: 1 };
  assert.deepEqual(sliderRange(family), { min: 0, max: 4, step: 1, value: 3 });
  assert.equal(valueAt(family, '4'), 10);
  assert.equal(valueAt(family, 0), 1);
  assert.equal(nearestIndex(family.options, valueAt(family, '2')), 2);
  // a value between the options (from a link) sits at the nearest one
  assert.equal(sliderRange({ ...family, options: [0, 50, 100, 150], value: 60 }).value, 1);
  // a number control: its own range, and the position is the value
  const number = { min: -1, max: 1, step: 0.01, value: 0.25 };
  assert.deepEqual(sliderRange(number), { min: -1, max: 1, step: 0.01, value: 0.25 });
  assert.equal(valueAt(number, '-0.5'), -0.5);
});

test('chartFrame carries only what a trace changes: colours alone for a recoloured rug', () => {
  const chart = { traces: [2, 5], states: [
    { traces: { x: [encode([0, 1]), null], y: [encode([2, 3]), null], color: [null, encode([0.25, 0.75])] } },
  ] };
  const [curve, rug] = chartFrame(chart, 0).data;
  assert.deepEqual(Object.keys(curve).sort(), ['x', 'y']);
  assert.deepEqual(Object.keys(rug), ['marker']);
  assert.deepEqual(Array.from(rug.marker.color), [0.25, 0.75]);
});

test('a value dragged on a figure lands where the slider can hold it', () => {
  assert.equal(snapToSlider(0.4499, -6, 2, 0.05).toFixed(2), '0.45');
  assert.equal(snapToSlider(-9, -6, 2, 0.05), -6);      // past the ends: the ends
  assert.equal(snapToSlider(7, -6, 2, 0.05), 2);
  assert.equal(snapToSlider(1.0, 0.05, 20, 0.1).toFixed(2), '0.95');  // on min + k·step, not on k·step
});

test('staleReadouts fades the note of a carried metric and the whole of one not carried', () => {
  assert.deepEqual(staleReadouts(['Posterior mean', 'Grid posterior mean'], { 'Posterior mean': ['0.5', '0.6'] }),
    [{ label: 'Posterior mean', whole: false }, { label: 'Grid posterior mean', whole: true }]);
  assert.deepEqual(staleReadouts(['a'], undefined), [{ label: 'a', whole: true }]);
});
