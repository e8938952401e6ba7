// Every assumption the browser code makes about Streamlit's page and Plotly's figures, in one place.
//
// Streamlit publishes no API for finding a metric's value or a keyed container's text on the page, and
// Plotly none for an axis's pixel offset: these come from Streamlit's `data-testid` names and `st-key-…`
// classes and from Plotly's `_fullLayout` (read from the tested Streamlit, TESTED_STREAMLIT in
// ui/internals.py, whose frontend bundles its Plotly.js). The server turns live redraws off outside that
// release (ui/internals.py, "live redraw"); in the browser, an assumption that finds nothing where it should
// says so once in the console (`missing`), and the control still commits its value on release.
//
// ui/live.py sends this file ahead of live_control.js as one script (its `import` line dropped), and the
// node tests import it as a module.

const reported = new Set();

/** Say once per page, in the console, that an assumption about the page found nothing. */
export function missing(what) {
  if (reported.has(what)) return;
  reported.add(what);
  console.warn(`live control: ${what} not found; the figures follow on release only (ui/live/page_dom.js)`);
}

/** The Plotly chart drawn in the Streamlit container keyed `key`, or null. */
export function chartElement(key) {
  return document.querySelector(`.st-key-${CSS.escape(key)} .js-plotly-plot`);
}

/** The text of a chart's title, which the page writes above the chart (ui/layout.py show_figure), or null. */
export function figureTitle(key) {
  return document.querySelector(`.st-key-figure-title-${CSS.escape(key)} [data-testid="stMarkdownContainer"] strong`);
}

/** Every element of the Streamlit container(s) keyed `key`. */
export function keyedContainers(key) {
  return document.querySelectorAll(`.st-key-${CSS.escape(key)}`);
}

/** The element holding a keyed markdown's emphasised value (its first <strong>, else its paragraph), or null. */
export function markdownValue(key) {
  const box = document.querySelector(`.st-key-${CSS.escape(key)} [data-testid="stMarkdownContainer"] p`);
  return box && (box.querySelector('strong') || box);
}

/** A label's text as the page wrote it: each formula KaTeX typeset ($D_N$ drawn as D with a subscript N) read
 * back from its TeX source, so "Distance from normal $D_N$" reads as written, not as KaTeX's three copies. */
export function labelSource(label) {
  const copy = label.cloneNode(true);
  for (const formula of copy.querySelectorAll('.katex')) {
    const source = formula.querySelector('annotation[encoding="application/x-tex"]');
    formula.replaceWith(`$${source ? source.textContent : formula.textContent}$`);
  }
  return copy.textContent.replace(/\u200b/g, '').trim();
}

/** The value element of every metric on the page, by its label as the page wrote it ({label: element}). */
export function metricValues() {
  const found = {};
  for (const metric of document.querySelectorAll('[data-testid="stMetric"]')) {
    const label = metric.querySelector('[data-testid="stMetricLabel"]');
    const value = metric.querySelector('[data-testid="stMetricValue"]');
    if (label && value) found[labelSource(label)] = value;
  }
  return found;
}

/** The whole metric that a value element (from metricValues) belongs to, and its note (the line under the
 * value: Panel.note, drawn as the metric's delta); null where there is none. */
export function metricParts(value) {
  const metric = value.closest('[data-testid="stMetric"]');
  return { metric, note: metric && metric.querySelector('[data-testid="stMetricDelta"]') };
}

/** Whether Plotly has drawn the chart (its full layout exists). */
export function isDrawn(element) {
  return Boolean(element && element._fullLayout);
}

/** One axis of a drawn chart as the handle needs it: where it starts and how long it is on screen (pixels),
 * and its conversions between data and pixels; null when the chart has no such axis (yet). */
export function plotAxis(element, letter) {
  const axis = element._fullLayout && element._fullLayout[`${letter}axis`];
  if (!axis) return null;
  if (typeof axis.p2d !== 'function' || typeof axis.d2p !== 'function' || axis._offset === undefined) {
    missing(`Plotly's ${letter}-axis geometry`);
    return null;
  }
  return { offset: axis._offset, length: axis._length, toData: (p) => axis.p2d(p), toPixel: (d) => axis.d2p(d) };
}

/** The surface Plotly drags to zoom (its cursor shows where the handle can be taken), or null. */
export function dragSurface(element) {
  return element.querySelector('.nsewdrag');
}
