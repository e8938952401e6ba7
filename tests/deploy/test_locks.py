"""The lock files (scripts/lock.py): exact versions inside the requirement ranges, three locks that agree,
and the README's and Dockerfile's commands installing from them."""

from __future__ import annotations

import importlib.util
import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
_spec = importlib.util.spec_from_file_location("lock_script", ROOT / "scripts" / "lock.py")
lock = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(lock)


def test_the_locks_pin_exact_versions_inside_the_ranges_and_agree():
    assert lock.lock_problems() == []
    dev = lock.read_lock(ROOT / "requirements-dev.lock")
    runtime = lock.read_lock(ROOT / "requirements.lock")
    assert {"streamlit", "plotly", "numpy", "torch", "redis"} <= runtime.keys()
    assert {"transformers", "pytest", "playwright"} <= dev.keys() and "pytest" not in runtime
    assert runtime["torch"][0] == "2.13.0"                           # as requirements.txt pins it, no +cpu
    assert runtime["triton"][1] == 'platform_system == "Linux" and platform_machine == "x86_64"'


def test_a_lock_that_breaks_a_range_or_disagrees_is_caught(tmp_path):
    for name in ("requirements.txt", "requirements-lm.txt", "requirements-dev.txt", "requirements.lock",
                 "requirements-lm.lock", "requirements-dev.lock"):
        shutil.copy(ROOT / name, tmp_path / name)
    runtime = tmp_path / "requirements.lock"
    text = runtime.read_text()
    numpy_version = lock.read_lock(runtime)["numpy"][0]
    runtime.write_text(text.replace(f"numpy=={numpy_version}", "numpy==1.26.4"))
    problems = lock.lock_problems(tmp_path)
    assert any("numpy==1.26.4, outside requirements.txt's" in p for p in problems), problems
    assert any("requirements.lock pins numpy==1.26.4, requirements-dev.lock" in p for p in problems), problems
    runtime.write_text("\n".join(line for line in text.splitlines() if not line.startswith("plotly==")))
    assert any("requirements.lock lacks plotly" in p for p in lock.lock_problems(tmp_path))
    runtime.write_text(text.replace(f"numpy=={numpy_version}", "numpy>=2"))
    with pytest.raises(ValueError, match="not an exact version"):
        lock.lock_problems(tmp_path)


def test_lock_lines_drop_local_labels_and_keep_markers():
    assert lock.lock_lines({"torch": "2.13.0+cpu", "numpy": "2.3.1", "triton": "3.9.0"},
                           {"triton": 'platform_system == "Linux"'}) == [
        "numpy==2.3.1", "torch==2.13.0", 'triton==3.9.0; platform_system == "Linux"']
    assert lock.parse_requirement("Foo_Bar[extra] >=1,<2 ; python_version >= '3.11'") == (
        "foo-bar", ">=1,<2", "python_version >= '3.11'")


def test_what_people_run_installs_the_locks():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    test_command = readme.split("<!-- test-command -->")[1].split("<!-- /test-command -->")[0]
    assert "pip install -r requirements-dev.lock" in test_command
    assert "pip install -r requirements.lock && .venv/bin/python serve.py" in readme
    assert "pip install -r requirements-lm.lock" in readme
    assert "scripts/lock.py" in readme
    dockerfile = (ROOT / "Dockerfile").read_text(encoding="utf-8")
    assert "pip install -r requirements-cpu.txt -c requirements.lock" in dockerfile
