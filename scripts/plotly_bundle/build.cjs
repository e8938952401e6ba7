// Builds ../../ui/assets/plotly-explorer.min.js: Plotly.js with only the trace types the explorer draws.
// Run from this folder: `npm ci && npm run build` (README.md says when and why).
'use strict';

const fs = require('fs');
const path = require('path');
const esbuild = require('esbuild');
const { glsl } = require('esbuild-plugin-glsl');
const InlineCSSPlugin = require('esbuild-plugin-inline-css');
const { environmentPlugin } = require('esbuild-plugin-environment');

// Every trace type a figure of the explorer may use (scatter is in Plotly's core). A type left out draws nothing:
// tests/ui/test_chart_bundle.py checks the app's figures against the list in the bundle's first line.
const TRACES = ['bar', 'histogram', 'heatmap', 'contour', 'scattergl'];
const OUT = path.resolve(__dirname, '..', '..', 'ui', 'assets', 'plotly-explorer.min.js');
const VERSION = require('plotly.js/package.json').version;

const entry = ["var Plotly = require('plotly.js/lib/core');",
               `Plotly.register([${TRACES.map(name => `require('plotly.js/lib/${name}')`).join(', ')}]);`,
               'module.exports = Plotly;'].join('\n');

// The options of Plotly.js's own build (its esbuild-config.js), for one bundle that defines `var Plotly`.
esbuild.build({
    stdin: { contents: entry, resolveDir: __dirname, sourcefile: 'explorer-traces.js' },
    format: 'iife', globalName: 'Plotly', bundle: true, minify: true, legalComments: 'eof', write: false,
    plugins: [InlineCSSPlugin(), glsl({ minify: true }), environmentPlugin({ NODE_DEBUG: false })],
    alias: { regl: '@plotly/regl', stream: 'stream-browserify' },
    define: { global: 'window', 'define.amd': 'false' },
    target: 'es2016', logLevel: 'warning',
}).then(result => {
    const banner = `/*! plotly.js v${VERSION} (MIT licence, Plotly, Inc.) with the explorer's traces only: ` +
        `scatter ${TRACES.join(' ')}. Built by scripts/plotly_bundle; the licences of what it bundles are at the end. */\n`;
    fs.writeFileSync(OUT, banner + result.outputFiles[0].text);
    console.log(`${OUT}: ${(fs.statSync(OUT).size / 1e6).toFixed(2)} MB`);
}).catch(() => process.exit(1));
