"""A real browser against the app: Debian's Chromium (/usr/bin/chromium) driven by Playwright, and
the app started as a user starts it (serve.py) on 127.0.0.1 and a free port.

Playwright's own browser download is never used. The flags are for a closed network: without the
background-networking ones Chromium keeps trying to reach Google's hosts.

What a timed wait waits for ("the first figure is drawn", "the script is idle") is checked in the page on every
animation frame. Playwright's `locator.wait_for` checks at 0, 20, 70, 170 and 270 ms and then only every 500 ms:
it counted figures up to 0.5 s late (bench/RESULTS.md, "The measure corrected").
"""

from __future__ import annotations

import os
from contextlib import contextmanager
from pathlib import Path

from explorer_devtools.fleet import free_port, streamlit_replica, wait_until_healthy

ROOT = Path(__file__).resolve().parents[1]
ARTIFACTS = ROOT / "test-artifacts"
CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]
WAIT_MS = 60_000
# The bare page the first-load benches compare against: a Streamlit app with one metric and one three-point Plotly
# chart, run with plain `streamlit run` (Streamlit's whole Plotly.js, sent uncompressed).
BASELINE_APP = """import plotly.graph_objects as go
import streamlit as st

st.title("Baseline")
st.metric("A number", 1)
st.plotly_chart(go.Figure(go.Scatter(x=[1, 2, 3], y=[1, 3, 2])))
"""
# The first Plotly figure's SVG is in the page with a size (laid out, not still hidden).
FIGURE_DRAWN = """() => { const svg = document.querySelector('.js-plotly-plot .main-svg');
    if (!svg) return false; const box = svg.getBoundingClientRect(); return box.width > 0 && box.height > 0; }"""
# Streamlit marks its root with the script's state.
SCRIPT_IDLE = ("document.querySelector(\"[data-testid='stApp']\")?.getAttribute('data-test-script-state') "
               "=== 'notRunning'")


def wait_until_drawn(page, drawn: str = FIGURE_DRAWN) -> None:
    """Until `drawn` (a JavaScript predicate) holds, checked on every animation frame."""
    page.wait_for_function(drawn, timeout=WAIT_MS, polling="raf")


def wait_until_drawn_and_settled(page, drawn: str = FIGURE_DRAWN) -> None:
    """Until `drawn` holds and the page's script has finished, both in the same frame."""
    page.wait_for_function(f"() => ({drawn})() && {SCRIPT_IDLE}", timeout=WAIT_MS, polling="raf")


@contextmanager
def streamlit_server():
    """Start the app as the README does (serve.py) on 127.0.0.1; yield its base URL; stop it afterwards."""
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    ARTIFACTS.mkdir(exist_ok=True)
    with streamlit_replica(port, ARTIFACTS / "streamlit-server.log") as process:
        wait_until_healthy(url, process, timeout=60)
        yield url
