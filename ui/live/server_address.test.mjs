// Tests of server_address.js (the script ui/compression.py puts in Streamlit's page): `node --test ui/live/`.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import test from 'node:test';
import vm from 'node:vm';

const SCRIPT = readFileSync(new URL('./server_address.js', import.meta.url), 'utf8')
  .replace('PAGE_PATHS', JSON.stringify(['clt', 'mvn']));

function settingsAfterLoading(href) {
  const url = new URL(href);
  const window = { location: { origin: url.origin, pathname: url.pathname } };
  vm.runInNewContext(SCRIPT, { window });
  return window.__streamlit && { ...window.__streamlit };   // copied out of the script's realm
}

test('a page path tells the frontend the server is at the folder above it', () => {
  assert.deepEqual(settingsAfterLoading('http://127.0.0.1:8501/clt?n=30'),
    { BACKEND_BASE_URL: 'http://127.0.0.1:8501/' });
  assert.deepEqual(settingsAfterLoading('https://example.org/mvn/'), { BACKEND_BASE_URL: 'https://example.org/' });
});

test('behind a proxy folder the folder is kept', () => {
  assert.deepEqual(settingsAfterLoading('https://example.org/course/explorer/clt'),
    { BACKEND_BASE_URL: 'https://example.org/course/explorer/' });
});

test('the home page and unknown paths leave the frontend to find the server itself', () => {
  for (const href of ['http://h/', 'http://h', 'http://h/explorer/', 'http://h/clt/extra', 'http://h/CLT']) {
    assert.equal(settingsAfterLoading(href), undefined, href);
  }
});
