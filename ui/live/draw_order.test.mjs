// Tests of draw_order.js (the script ui/compression.py puts in Streamlit's page): `node --test ui/live/`.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import test from 'node:test';
import vm from 'node:vm';

const SCRIPT = readFileSync(new URL('./draw_order.js', import.meta.url), 'utf8');
const FOLLOWING = 4;   // Node.DOCUMENT_POSITION_FOLLOWING

// A page with charts at places 0, 1, 2, … down the page, frames painted every 16 ms, and Plotly as the chart
// bundle hands it over (window.Plotly = …).
function pageWithCharts({ hidden = false } = {}) {
  let frame = 0;
  class Element {
    constructor(place) {
      this.place = place;
      this.isConnected = true;
    }
    compareDocumentPosition(other) {
      return other.place > this.place ? FOLLOWING : 2;
    }
  }
  const drawn = [];
  const plotly = {
    react(element, figure) {
      if (element.fails) {
        throw new Error('cannot draw');
      }
      drawn.push({ place: element.place, frame, redraw: Boolean(element.plotted), figure: figure?.n });
      element.plotted = true;
      return Promise.resolve(element);
    },
  };
  const window = {};
  const context = {
    window, Element, Node: { DOCUMENT_POSITION_FOLLOWING: FOLLOWING }, console, setTimeout, document: { hidden },
    requestAnimationFrame: (callback) => setTimeout(() => { frame += 1; callback(); }, 16),
  };
  vm.runInNewContext(SCRIPT, context);
  window.Plotly = plotly;
  return { Plotly: window.Plotly, Element, drawn };
}

test('charts asked for at once are drawn topmost first, each after the one before is painted', async () => {
  const { Plotly, Element, drawn } = pageWithCharts();
  const charts = [new Element(2), new Element(0), new Element(1)];
  await Promise.all(charts.map((chart) => Plotly.react(chart, { data: [] })));
  assert.deepEqual(drawn.map((draw) => draw.place), [0, 1, 2]);
  const frames = drawn.map((draw) => draw.frame);
  assert.ok(frames[0] < frames[1] && frames[1] < frames[2], `frames ${frames}`);
});

test('a chart that asks after the others were drawn is still painted in a frame of its own', async () => {
  const { Plotly, Element, drawn } = pageWithCharts();
  await Plotly.react(new Element(1), {});
  await Plotly.react(new Element(0), {});          // the main figure, mounted late
  assert.deepEqual(drawn.map((draw) => draw.place), [1, 0]);
  assert.ok(drawn[0].frame < drawn[1].frame, `frames ${drawn.map((draw) => draw.frame)}`);
});

test('in a hidden tab, which paints no frames, each chart is drawn in a task of its own', async () => {
  const { Plotly, Element, drawn } = pageWithCharts({ hidden: true });
  await Promise.all([Plotly.react(new Element(1), {}), Plotly.react(new Element(0), {})]);
  assert.deepEqual(drawn.map((draw) => [draw.place, draw.frame]), [[0, 0], [1, 0]]);
});

test('nothing is drawn in the task that asks: the topmost is known only once every chart has asked', () => {
  const { Plotly, Element, drawn } = pageWithCharts();
  Plotly.react(new Element(0), {});
  assert.deepEqual(drawn, []);
});

test('a chart already drawn is redrawn at once (a rerun, a live control)', async () => {
  const { Plotly, Element, drawn } = pageWithCharts();
  const chart = new Element(0);
  await Plotly.react(chart, {});
  Plotly.react(chart, {});
  assert.deepEqual(drawn.map((draw) => draw.redraw), [false, true]);
});

test('a chart asked to draw twice before its turn draws both, in the order asked', async () => {
  const { Plotly, Element, drawn } = pageWithCharts();
  const chart = new Element(1);
  await Promise.all([Plotly.react(new Element(2), { n: 0 }), Plotly.react(chart, { n: 1 }),
    Plotly.react(chart, { n: 2 })]);
  assert.deepEqual(drawn.map((draw) => [draw.place, draw.figure]), [[1, 1], [1, 2], [2, 0]]);
});

test('a chart removed while it waits is not drawn, and the page goes on', async () => {
  const { Plotly, Element, drawn } = pageWithCharts();
  const gone = new Element(1);
  const waits = [Plotly.react(new Element(0), {}), Plotly.react(gone, {}), Plotly.react(new Element(2), {})];
  gone.isConnected = false;
  assert.equal(await waits[1], gone);
  await Promise.all(waits);
  assert.deepEqual(drawn.map((draw) => draw.place), [0, 2]);
});

test("a chart that cannot be drawn fails its own promise only", async () => {
  const { Plotly, Element, drawn } = pageWithCharts();
  const broken = new Element(0);
  broken.fails = true;
  const waits = [Plotly.react(broken, {}), Plotly.react(new Element(1), {})];
  await assert.rejects(waits[0], /cannot draw/);
  await waits[1];
  assert.deepEqual(drawn.map((draw) => draw.place), [1]);
});

test('Plotly handed over twice is wrapped once', () => {
  const window = {};
  vm.runInNewContext(SCRIPT, { window, Node: {}, Element: class {}, console, setTimeout, document: {},
    requestAnimationFrame: setTimeout });
  const plotly = { react() {} };
  window.Plotly = plotly;
  const wrapped = window.Plotly.react;
  window.Plotly = plotly;
  assert.equal(window.Plotly.react, wrapped);
  assert.equal(window.Plotly, plotly);
});
