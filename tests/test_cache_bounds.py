"""Every Streamlit cache in the app is bounded in size and in time (issue 8: resource limits).

A long-running classroom server must not keep growing: each st.cache_data / st.cache_resource
(or ui.layout.page_cache, which passes its options on to them) names max_entries (memory) and ttl
(stale entries from a finished lecture). Checked on the source with `ast`, so a new page cannot
forget either.
"""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SOURCES = sorted([*ROOT.glob("app_pages/*.py"), *ROOT.glob("ui/*.py"), ROOT / "app.py"])


def cache_decorators(path: Path):
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.FunctionDef):
            for decorator in node.decorator_list:
                call = decorator if isinstance(decorator, ast.Call) else None
                target = call.func if call else decorator
                streamlit_cache = isinstance(target, ast.Attribute) and target.attr in ("cache_data", "cache_resource")
                page_cache = isinstance(target, ast.Name) and target.id == "page_cache"  # ui.layout's wrapper
                if streamlit_cache or page_cache:
                    yield node.name, {k.arg for k in call.keywords} if call else set()


def test_every_cache_has_max_entries_and_ttl():
    found = {(path.name, name): keywords for path in SOURCES for name, keywords in cache_decorators(path)}
    assert len(found) >= 15, found   # the pages' caches are all seen
    unbounded = {key: sorted({"max_entries", "ttl"} - keywords) for key, keywords in found.items()
                 if not {"max_entries", "ttl"} <= keywords}
    assert unbounded == {}


def test_page_cache_decorates_once_per_compiled_function():
    from ui.layout import page_cache

    source = "def view(x):\n    return [x]\n"
    code = compile(source, "page_script.py", "exec")
    first_run, second_run = {}, {}
    exec(code, first_run)
    exec(code, second_run)  # a rerun: the same compiled script, a new function object
    first = page_cache("resource", ttl="1h", max_entries=2)(first_run["view"])
    again = page_cache("resource", ttl="1h", max_entries=2)(second_run["view"])
    assert again is first and first(3) == [3] and first(3) is first(3)  # one wrapper, and it caches
    edited = {}
    exec(compile(source.replace("[x]", "[x, x]"), "page_script.py", "exec"), edited)
    assert page_cache("resource", ttl="1h", max_entries=2)(edited["view"])(3) == [3, 3]  # an edit is seen
