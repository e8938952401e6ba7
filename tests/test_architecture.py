"""The layering rules, checked on the source (README, "What is inside"):

- core imports neither Streamlit nor Plotly; viz, specs and explain import no Streamlit;
- only core/sweep.py imports explorer_kernels;
- pages hold no maths: no numpy, scipy or torch, and no float()/int() casts (controls return typed
  values); no page script over 150 lines;
- there is no pages/ folder beside app.py (Streamlit would run it as the legacy multipage app);
- tests and benchmarks do not import each other (what they share is in explorer_devtools/).
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
MAX_PAGE_LINES = 150


def imported_modules(path: Path) -> set[str]:
    modules = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            modules.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            modules.add(node.module)
    return modules


def top_level(modules: set[str]) -> set[str]:
    return {name.split(".")[0] for name in modules}


def files(folder: str) -> list[Path]:
    found = sorted((ROOT / folder).rglob("*.py"))
    assert found, folder
    return found


@pytest.mark.parametrize("folder, forbidden", [
    ("core", {"streamlit", "plotly"}), ("viz", {"streamlit"}), ("specs", {"streamlit", "plotly"}),
    ("explain", {"streamlit", "plotly"}), ("explorer_kernels", {"streamlit", "plotly"}),
])
def test_layers_do_not_reach_up(folder, forbidden):
    for path in files(folder):
        assert not top_level(imported_modules(path)) & forbidden, path.relative_to(ROOT)


def test_only_core_sweep_imports_the_kernels():
    importers = {path.relative_to(ROOT).as_posix() for folder in ("core", "ui", "viz", "views", "explain", "specs",
                                                                  "app_pages")
                 for path in files(folder) if "explorer_kernels" in top_level(imported_modules(path))}
    assert importers == {"core/sweep.py"}


def test_pages_hold_no_maths_and_no_casts():
    for path in files("app_pages"):
        source = path.read_text(encoding="utf-8")
        assert not top_level(imported_modules(path)) & {"numpy", "scipy", "torch"}, path.name
        casts = [node.lineno for node in ast.walk(ast.parse(source)) if isinstance(node, ast.Call)
                 and isinstance(node.func, ast.Name) and node.func.id in ("float", "int")]
        assert casts == [], f"{path.name}: casts on lines {casts}"
        assert len(source.splitlines()) <= MAX_PAGE_LINES, f"{path.name}: {len(source.splitlines())} lines"


def test_there_is_no_pages_folder_beside_app_py():
    assert not (ROOT / "pages").exists()


def test_tests_and_benchmarks_do_not_import_each_other():
    for path in files("bench"):
        assert "tests" not in top_level(imported_modules(path)), path.name
    for path in files("tests"):
        assert "bench" not in top_level(imported_modules(path)), path.relative_to(ROOT)


def test_the_rules_above_can_fail():
    """The checks read real imports: a file that breaks a rule is caught."""
    sample = ROOT / "test-artifacts" / "rule_sample.py"
    sample.parent.mkdir(exist_ok=True)
    sample.write_text("import streamlit as st\nfrom explorer_kernels import gmm_sweep\nx = float('1')\n")
    try:
        assert top_level(imported_modules(sample)) == {"streamlit", "explorer_kernels"}
    finally:
        sample.unlink()


def test_shared_constants_are_defined_once():
    """log(2 pi) and ln 2 live in core/constants.py; nothing else defines them or types ln 2 out."""
    for folder in ("core", "explorer_kernels", "ui", "viz", "views", "explain"):
        for path in files(folder):
            source = path.read_text(encoding="utf-8")
            if path.name != "constants.py":
                assert not re.search(r"^(LOG_2PI|LN_2|LOG2_E)\s*=", source, re.MULTILINE), path.relative_to(ROOT)
            assert "0.6931" not in source and "2.71828" not in source, path.relative_to(ROOT)


def project_packages() -> set[str]:
    return {path.parent.name for path in ROOT.glob("*/__init__.py")}


def test_no_project_package_shadows_an_installed_one():
    """The repository root is on the path (streamlit run, pytest), so a top-level package of ours named like an
    installed library's module hides that library from everyone who imports it: our kernels/ did so to the
    PyPI package `kernels`, which transformers 5.25 imports, and /sampling's real model crashed."""
    import importlib.metadata

    installed = importlib.metadata.packages_distributions()
    clashes = {name: installed[name] for name in project_packages() if name in installed}
    assert clashes == {}
    assert {"core", "explorer_kernels", "ui"} <= project_packages()
