"""Shared machinery for the real-browser tests: a Streamlit server on loopback and Chromium.

The server runs the app exactly as a user starts it, on 127.0.0.1 and a free port. Chromium is
Debian's (/usr/bin/chromium) driven by Playwright; Playwright's own browser download is never
used. Where Chromium is missing the browser tests skip, except under CI (CI=true), where a
missing browser is a failure: .ci/run installs it.
"""

from __future__ import annotations

import os
import shutil
from contextlib import contextmanager
from pathlib import Path

import pytest

from bench.fleet import free_port, streamlit_replica, wait_until_healthy

ROOT = Path(__file__).resolve().parents[1]
ARTIFACTS = ROOT / "test-artifacts"
CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
# Flags for a closed network: without the background-networking ones Chromium keeps trying to
# reach Google's hosts.
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]


def require_chromium() -> str:
    if shutil.which(CHROMIUM) or Path(CHROMIUM).is_file():
        return CHROMIUM
    message = f"Chromium not found at {CHROMIUM} (Debian package 'chromium')"
    if os.environ.get("CI"):
        pytest.fail(message)
    pytest.skip(message)


@contextmanager
def streamlit_server():
    """Start the app as the README does (serve.py) on 127.0.0.1; yield its base URL; stop it afterwards."""
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    ARTIFACTS.mkdir(exist_ok=True)
    with streamlit_replica(port, ARTIFACTS / "streamlit-server.log") as process:
        wait_until_healthy(url, process, timeout=60)
        yield url
