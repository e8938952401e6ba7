"""The browser tests' side of explorer_devtools.browser: where Chromium is missing the browser tests skip,
except under CI (CI=true), where a missing browser is a failure (.ci/run installs it)."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from explorer_devtools.browser import ARTIFACTS, CHROMIUM, CHROMIUM_ARGS, streamlit_server

__all__ = ["ARTIFACTS", "CHROMIUM", "CHROMIUM_ARGS", "require_chromium", "streamlit_server"]


def require_chromium() -> str:
    if shutil.which(CHROMIUM) or Path(CHROMIUM).is_file():
        return CHROMIUM
    message = f"Chromium not found at {CHROMIUM} (Debian package 'chromium')"
    if os.environ.get("CI"):
        pytest.fail(message)
    pytest.skip(message)
