"""Every Streamlit cache in the app is bounded in size and in time (issue 8: resource limits).

A long-running classroom server must not keep growing: each st.cache_data / st.cache_resource
names max_entries (memory) and ttl
(stale entries from a finished lecture). Checked on the source with `ast`, so a new page cannot
forget either.
"""

from __future__ import annotations

import concepts

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SOURCES = sorted([*ROOT.glob("views/*.py"), *ROOT.glob("concepts/*/*.py"), *ROOT.glob("ui/*.py"),
                  *ROOT.glob("app_pages/*.py"), ROOT / "app.py"])


def cache_decorators(path: Path):
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.FunctionDef):
            for decorator in node.decorator_list:
                call = decorator if isinstance(decorator, ast.Call) else None
                target = call.func if call else decorator
                streamlit_cache = isinstance(target, ast.Attribute) and target.attr in ("cache_data", "cache_resource")
                if streamlit_cache:
                    yield node.name, {k.arg for k in call.keywords} if call else set()


def test_every_cache_has_max_entries_and_ttl():
    found = {(path.name, name): keywords for path in SOURCES for name, keywords in cache_decorators(path)}
    assert len(found) >= 15, found   # the pages' caches are all seen
    unbounded = {key: sorted({"max_entries", "ttl"} - keywords) for key, keywords in found.items()
                 if not {"max_entries", "ttl"} <= keywords}
    assert unbounded == {}


def test_page_scripts_decorate_no_cache():
    """Caches live in views/ and are decorated once, at import: a decorator in a page script runs
    (and hashes the function's source) on every rerun."""
    for path in (concepts.script_path(stem) for stem in concepts.PAGES):
        assert not list(cache_decorators(path)), path.name
