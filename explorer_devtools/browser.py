"""A real browser against the app: Debian's Chromium (/usr/bin/chromium) driven by Playwright, and
the app started as a user starts it (serve.py) on 127.0.0.1 and a free port.

Playwright's own browser download is never used. The flags are for a closed network: without the
background-networking ones Chromium keeps trying to reach Google's hosts.
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


@contextmanager
def streamlit_server():
    """Start the app as the README does (serve.py) on 127.0.0.1; yield its base URL; stop it afterwards."""
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    ARTIFACTS.mkdir(exist_ok=True)
    with streamlit_replica(port, ARTIFACTS / "streamlit-server.log") as process:
        wait_until_healthy(url, process, timeout=60)
        yield url
