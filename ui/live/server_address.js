// Where the explorer's server is, told to Streamlit's frontend before it starts (ui/compression.py puts this
// script in Streamlit's page, with the list of page paths written in for pagePaths).
//
// Streamlit's frontend does not know whether a page's path (/clt) is one of the app's pages or the folder a
// proxy serves the app under, so it first asks /clt/_stcore/health, waits 100 ms after the 404, and only then
// connects at /. That costs every visit to a concept page, first or reload, about 0.1-0.2 s before the script
// even starts (bench/RESULTS.md, "First load"). The server knows its pages: when the last part of the path
// names one, the app is served from the folder above it, and the frontend is told so through the setting it
// reads for hosts that serve it elsewhere (window.__streamlit.BACKEND_BASE_URL; ui/internals.py checks that
// the running frontend reads it). Any other path (the home page, an unknown path) leaves the frontend to
// find the server as it always does.
(function tellStreamlitWhereTheServerIs() {
  const pagePaths = PAGE_PATHS;
  const parts = window.location.pathname.replace(/\/+$/, "").split("/");
  if (parts.length < 2 || !pagePaths.includes(parts[parts.length - 1])) {
    return;
  }
  parts.pop();
  window.__streamlit = Object.assign({}, window.__streamlit,
    { BACKEND_BASE_URL: window.location.origin + parts.join("/") + "/" });
})();
