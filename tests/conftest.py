"""Test-wide set-up.

Triton reads TRITON_INTERPRET when a kernel is decorated, so it must be set before any kernel
module is imported: on a machine without a GPU the kernel tests run in the interpreter, on small N.
"""

from __future__ import annotations

import importlib.util
import os

import pytest
import torch

if not torch.cuda.is_available():
    os.environ.setdefault("TRITON_INTERPRET", "1")
# The tests launch every kernel with one fixed configuration: what they check is the arithmetic, and autotuning
# every size they try took most of the kernel tests' 181 s on an H200 (explorer_kernels/_runtime.py).
os.environ.setdefault("PROB_EXPLORER_KERNELS_FIXED", "1")


@pytest.fixture(scope="session")
def server_url():
    """One server (python serve.py) on 127.0.0.1 for every browser test in the run."""
    from tests.browser.support import streamlit_server

    with streamlit_server() as url:
        yield url


@pytest.fixture(scope="session")
def browser():
    """Debian's Chromium driven by Playwright (skipped where missing, a failure under CI)."""
    from tests.browser.support import CHROMIUM_ARGS, require_chromium

    executable = require_chromium()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture(scope="session")
def tiny_lm_path(tmp_path_factory):
    """A GPT-2-style model and tokenizer built and saved by the tests (explorer_devtools/tiny_lm.py)."""
    pytest.importorskip("transformers")
    from explorer_devtools.tiny_lm import build_tiny_gpt2

    return build_tiny_gpt2(tmp_path_factory.mktemp("tiny-gpt2"))


@pytest.fixture(scope="session")
def redis_service():
    """A real redis-server on loopback for the classroom tests (skipped where missing, a failure under CI)."""
    from explorer_devtools.redis_server import redis_binary, redis_server

    if redis_binary() is None:
        message = "redis-server not found (Debian package 'redis-server')"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    with redis_server() as server:
        yield server


@pytest.fixture(autouse=True)
def fresh_room_start_limits(monkeypatch):
    """Every test starts with no rooms started: the limits on starting rooms (ui.classroom) count per
    session and per process, and AppTest's sessions share one id, so the suite's many rooms would trip
    them. tests/ui/test_rooms.py tries the limits themselves."""
    from classroom.rooms import ROOMS_PER_PROCESS, ROOMS_PER_SESSION, RateLimit

    if importlib.util.find_spec("streamlit") is None:
        return      # a GPU machine runs the kernel tests with torch and triton alone (bench/run_gpu_checks.sh)
    from ui import classroom

    monkeypatch.setattr(classroom, "_ROOMS_BY_SESSION", RateLimit(*ROOMS_PER_SESSION))
    monkeypatch.setattr(classroom, "_ROOMS_BY_PROCESS", RateLimit(*ROOMS_PER_PROCESS))
