"""House style that a machine can check: ruff's pyflakes and pycodestyle rules (config in pyproject)."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def test_ruff_finds_nothing():
    beside_python = Path(sys.executable).with_name("ruff")  # the one requirements-dev.txt installed
    ruff = str(beside_python) if beside_python.exists() else shutil.which("ruff")
    if ruff is None:
        pytest.skip("ruff is not installed (requirements-dev.txt installs it)")
    result = subprocess.run([ruff, "check", "--select", "E,F,W", "."], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
