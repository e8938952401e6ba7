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

import concepts

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


def page_parts(kind: str) -> list[Path]:
    """Every concept page's part of one kind (concepts/<stem>/<kind>.py): spec, views, explain or figures."""
    found = sorted(ROOT.glob(f"concepts/*/{kind}.py"))
    assert len(found) == len(concepts.PAGES), kind
    return found


# A page's parts sit with the shared machinery of their kind in the layers: spec.py with specs/, explain.py with
# explain/, figures.py with viz/.
LAYERS = {"core": {"streamlit", "plotly"}, "viz": {"streamlit"}, "specs": {"streamlit", "plotly"},
          "explain": {"streamlit", "plotly"}, "explorer_kernels": {"streamlit", "plotly"}}
PART_LAYER = {"figures": "viz", "spec": "specs", "explain": "explain"}


@pytest.mark.parametrize("folder, forbidden", LAYERS.items())
def test_layers_do_not_reach_up(folder, forbidden):
    parts = [path for kind, layer in PART_LAYER.items() if layer == folder for path in page_parts(kind)]
    for path in files(folder) + parts:
        assert not top_level(imported_modules(path)) & forbidden, path.relative_to(ROOT)


def test_only_core_sweep_imports_the_kernels():
    importers = {path.relative_to(ROOT).as_posix() for folder in ("core", "ui", "viz", "views", "explain", "specs",
                                                                  "app_pages", "concepts")
                 for path in files(folder) if "explorer_kernels" in top_level(imported_modules(path))}
    assert importers == {"core/sweep.py", "core/constants.py"}
    constants = imported_modules(ROOT / "core" / "constants.py")
    assert constants == {"explorer_kernels.constants"}, "core/constants.py takes the kernels' constants, nothing else"


def test_the_kernels_are_leaves():
    """The kernels import nothing of the project but their own modules (their constants live with them)."""
    ours = project_packages() - {"explorer_kernels"}
    for path in files("explorer_kernels"):
        assert not top_level(imported_modules(path)) & ours, path.relative_to(ROOT)


def test_pages_hold_no_maths_and_no_casts():
    for path in files("app_pages") + [concepts.script_path(stem) for stem in concepts.PAGES]:
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
    """log(2 pi) and ln 2 live in explorer_kernels/constants.py; nothing else defines them or types ln 2 out."""
    for folder in ("core", "explorer_kernels", "ui", "viz", "views", "explain"):
        for path in files(folder):
            source = path.read_text(encoding="utf-8")
            if path.relative_to(ROOT).as_posix() != "explorer_kernels/constants.py":
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


# --- Streamlit's internals behind one door per side (ui/internals.py, ui/live/page_dom.js) -----------------

SERVER_FOLDERS = ("app_pages", "classroom", "concepts", "core", "explain", "explorer_kernels", "i18n", "specs", "ui",
                  "views", "viz")
PRIVATE_STREAMLIT_MODULES = ("streamlit.runtime", "streamlit.proto", "streamlit.web", "streamlit.logger",
                             "streamlit.file_util")
PRIVATE_STREAMLIT_NAMES = re.compile(r"_session_mgr|_client_state|flush_browser_queue|write_forward_msg|_browser_queue"
                                     r"|_bindings_by_widget|_initial_query_params|set_initial_query_params"
                                     r"|unbind_widget|get_script_run_ctx")
SERVER_DOOR = "ui/internals.py"
# What the browser code assumes of Streamlit's page and of Plotly's figures: their test ids, Plotly's private
# layout fields and drag surface.
BROWSER_ASSUMPTIONS = re.compile(r"data-testid=\"st|_fullLayout|\.nsewdrag|\._offset\b|\._length\b")
BROWSER_DOOR = "ui/live"


def server_files(root: Path) -> list[Path]:
    found = [root / "app.py", root / "serve.py", root / "server_app.py"]
    for folder in SERVER_FOLDERS:
        found += sorted((root / folder).rglob("*.py")) if (root / folder).is_dir() else []
    return [path for path in found if path.is_file()]


def private_streamlit_outside_the_door(root: Path) -> list[str]:
    """Server files other than the door that import a private Streamlit module or name a private attribute."""
    found = []
    for path in server_files(root):
        relative = path.relative_to(root).as_posix()
        if relative == SERVER_DOOR:
            continue
        modules = imported_modules(path)
        private = sorted(m for m in modules if m.startswith(PRIVATE_STREAMLIT_MODULES))
        names = sorted(set(PRIVATE_STREAMLIT_NAMES.findall(path.read_text(encoding="utf-8"))))
        if private or names:
            found.append(f"{relative}: {', '.join(private + names)}")
    return found


def browser_assumptions_outside_the_door(root: Path) -> list[str]:
    """Browser code (scripts, styles, and styles or scripts written inside Python) outside ui/live/ that assumes
    Streamlit's test ids or Plotly's private fields. Plotly.js itself (ui/assets/plotly-explorer.min.js, built by
    scripts/plotly_bundle) reads its own fields and is not the explorer's code."""
    found = []
    for pattern in ("*.py", "*.js", "*.mjs", "*.css"):
        for path in sorted(root.rglob(pattern)):
            relative = path.relative_to(root).as_posix()
            if relative.startswith((BROWSER_DOOR + "/", ".venv/", "tests/", "bench/", "explorer_devtools/",
                                    "test-artifacts/", "node_modules/")) or "/node_modules/" in relative \
                    or relative == "ui/assets/plotly-explorer.min.js":
                continue
            if BROWSER_ASSUMPTIONS.search(path.read_text(encoding="utf-8", errors="replace")):
                found.append(relative)
    return found


def test_private_streamlit_apis_are_used_in_one_server_module():
    assert private_streamlit_outside_the_door(ROOT) == []
    assert PRIVATE_STREAMLIT_NAMES.search((ROOT / SERVER_DOOR).read_text(encoding="utf-8"))


def test_the_browser_code_assumes_streamlits_page_in_one_place():
    assert browser_assumptions_outside_the_door(ROOT) == []
    door = (ROOT / BROWSER_DOOR / "page_dom.js").read_text(encoding="utf-8")
    assert "_fullLayout" in door and 'data-testid="stMetric"' in door
    control = (ROOT / BROWSER_DOOR / "live_control.js").read_text(encoding="utf-8")
    assert not BROWSER_ASSUMPTIONS.search(control), "the live control reaches past its door"


def test_the_door_rules_fail_on_planted_violations(tmp_path):
    (tmp_path / "ui").mkdir()
    (tmp_path / "ui" / "internals.py").write_text("from streamlit.runtime import Runtime\n")
    (tmp_path / "ui" / "sneaky.py").write_text("from streamlit.runtime.scriptrunner import get_script_run_ctx\n"
                                               "def f(s):\n    return s._client_state\n")
    (tmp_path / "ui" / "style.py").write_text("CSS = '[data-testid=\"stMetricValue\"] { color: red }'\n")
    (tmp_path / "ui" / "live").mkdir()
    (tmp_path / "ui" / "live" / "page_dom.js").write_text("const a = el._fullLayout;\n")
    assert private_streamlit_outside_the_door(tmp_path) == [
        "ui/sneaky.py: streamlit.runtime.scriptrunner, _client_state, get_script_run_ctx"]
    assert browser_assumptions_outside_the_door(tmp_path) == ["ui/style.py"]


# --- one owner of a page's state (ui/page_state.py) ----------------------------------------------------------

STATE_OWNER = "ui/page_state.py"
LINK_WRITES = {"pop", "clear", "from_dict", "update", "setdefault", "__setitem__", "__delitem__"}
SESSION_STATE_USES = {"get", "pop", "setdefault", "__getitem__", "__setitem__", "__delitem__", "__contains__"}


def _is_st_attribute(node: ast.AST, name: str) -> bool:
    return isinstance(node, ast.Attribute) and node.attr == name and isinstance(node.value, ast.Name) \
        and node.value.id == "st"


def link_writes(path: Path) -> list[int]:
    """Lines that change the link (st.query_params) or switch the page."""
    lines = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, (ast.Assign, ast.AugAssign, ast.Delete)):
            targets = node.targets if isinstance(node, (ast.Assign, ast.Delete)) else [node.target]
            lines += [node.lineno for target in targets
                      if isinstance(target, ast.Subscript) and _is_st_attribute(target.value, "query_params")]
        elif isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
            if node.func.attr in LINK_WRITES and _is_st_attribute(node.func.value, "query_params"):
                lines.append(node.lineno)
            elif _is_st_attribute(node.func, "switch_page"):
                lines.append(node.lineno)
    return lines


def module_constants(path: Path) -> dict[str, str]:
    """Module-level NAME = "text" assignments."""
    constants = {}
    for node in ast.parse(path.read_text(encoding="utf-8")).body:
        if isinstance(node, ast.Assign) and isinstance(node.value, ast.Constant) and isinstance(node.value.value, str):
            constants.update({target.id: node.value.value for target in node.targets if isinstance(target, ast.Name)})
    return constants


def session_state_keys(path: Path, root: Path) -> tuple[set[str], list[int]]:
    """The session-state keys a module names (literals, its own constants, constants imported from a project
    module), and the lines where it writes a key it computes (a control's key, an f-string)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names = dict(module_constants(path))
    for node in tree.body:
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            source = root / (node.module.replace(".", "/") + ".py")
            if source.is_file():
                theirs = module_constants(source)
                names.update({(alias.asname or alias.name): theirs[alias.name] for alias in node.names
                              if alias.name in theirs})
    keys, computed_writes = set(), []

    def note(key_node: ast.AST, writes: bool, line: int) -> None:
        if isinstance(key_node, ast.Constant) and isinstance(key_node.value, str):
            keys.add(key_node.value)
        elif isinstance(key_node, ast.Name) and key_node.id in names:
            keys.add(names[key_node.id])
        elif writes:
            computed_writes.append(line)

    for node in ast.walk(tree):
        if isinstance(node, ast.Subscript) and _is_st_attribute(node.value, "session_state"):
            note(node.slice, isinstance(node.ctx, (ast.Store, ast.Del)), node.lineno)
        elif isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.args \
                and node.func.attr in SESSION_STATE_USES and _is_st_attribute(node.func.value, "session_state"):
            note(node.args[0], node.func.attr in {"pop", "setdefault", "__setitem__", "__delitem__"}, node.lineno)
        elif isinstance(node, ast.Compare) and any(isinstance(op, (ast.In, ast.NotIn)) for op in node.ops) \
                and _is_st_attribute(node.comparators[-1], "session_state"):
            note(node.left, False, node.lineno)
    return keys, computed_writes


def state_ownership_problems(root: Path) -> list[str]:
    """The link written, or a page switched, outside the owner; a control's state written outside it; a
    session-state key named by two modules (a channel between them)."""
    problems, users = [], {}
    for path in server_files(root):
        relative = path.relative_to(root).as_posix()
        if relative == STATE_OWNER:
            continue
        for line in link_writes(path):
            problems.append(f"{relative}:{line} writes the link or switches the page")
        keys, computed = session_state_keys(path, root)
        problems += [f"{relative}:{line} writes a computed session-state key" for line in computed]
        for key in keys:
            users.setdefault(key, []).append(relative)
    problems += [f"session-state key {key!r} is shared by {', '.join(sorted(paths))}"
                 for key, paths in sorted(users.items()) if len(paths) > 1]
    return problems


def test_a_pages_state_has_one_writer_and_no_key_is_a_channel():
    assert state_ownership_problems(ROOT) == []
    owner = (ROOT / STATE_OWNER).read_text(encoding="utf-8")
    assert "st.query_params[key] =" in owner and "st.switch_page(" in owner


def test_the_ownership_rule_fails_on_planted_violations(tmp_path):
    (tmp_path / "ui").mkdir()
    (tmp_path / "ui" / "page_state.py").write_text("import streamlit as st\nst.query_params['a'] = '1'\n")
    (tmp_path / "ui" / "sender.py").write_text("import streamlit as st\nFLAG = '_flag'\n"
                                               "def send(key):\n    st.session_state[FLAG] = True\n"
                                               "    st.session_state[key] = 1\n    st.query_params.pop('tab')\n")
    (tmp_path / "ui" / "receiver.py").write_text("import streamlit as st\nfrom ui.sender import FLAG\n"
                                                 "def read():\n    return FLAG in st.session_state\n"
                                                 "def go():\n    st.switch_page('x.py')\n")
    assert state_ownership_problems(tmp_path) == [
        "ui/receiver.py:6 writes the link or switches the page",
        "ui/sender.py:6 writes the link or switches the page",
        "ui/sender.py:5 writes a computed session-state key",
        "session-state key '_flag' is shared by ui/receiver.py, ui/sender.py"]


# --- no import circles -----------------------------------------------------------------------------------------


def module_name(path: Path, root: Path) -> str:
    parts = list(path.relative_to(root).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def import_graph(root: Path) -> dict[str, set[str]]:
    """Project module -> the project modules it imports anywhere (at the top or inside a function)."""
    paths = {module_name(path, root): path for path in server_files(root)}
    graph = {}
    for name, path in paths.items():
        imported = set()
        for module in imported_modules(path):
            # `from ui import controls` names the module ui.controls; `from ui.controls import x` names ui.controls.
            imported |= {candidate for candidate in (module, *(f"{module}.{n}" for n in _from_names(path, module)))
                         if candidate in paths}
        graph[name] = imported - {name}
    return graph


def _from_names(path: Path, module: str) -> set[str]:
    return {alias.name for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
            if isinstance(node, ast.ImportFrom) and node.module == module and node.level == 0 for alias in node.names}


def import_cycles(root: Path) -> list[list[str]]:
    """Every circle of imports (strongly connected groups of more than one module), each sorted."""
    graph, index, low, stack, on_stack, found = import_graph(root), {}, {}, [], set(), []

    def visit(node: str) -> None:        # Tarjan's algorithm
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for neighbour in graph.get(node, ()):
            if neighbour not in index:
                visit(neighbour)
                low[node] = min(low[node], low[neighbour])
            elif neighbour in on_stack:
                low[node] = min(low[node], index[neighbour])
        if low[node] == index[node]:
            group = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                group.append(member)
                if member == node:
                    break
            if len(group) > 1:
                found.append(sorted(group))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return sorted(found)


def test_there_are_no_import_circles():
    assert import_cycles(ROOT) == []


def test_the_circle_rule_fails_on_a_planted_circle(tmp_path):
    (tmp_path / "ui").mkdir()
    (tmp_path / "ui" / "__init__.py").write_text("")
    (tmp_path / "ui" / "a.py").write_text("from ui import b\n")
    (tmp_path / "ui" / "b.py").write_text("def late():\n    from ui.a import x\n")
    (tmp_path / "ui" / "c.py").write_text("import ui.a\n")
    assert import_cycles(tmp_path) == [["ui.a", "ui.b"]]


# --- a live grid derives from its parameter's spec ------------------------------------------------------------


def restated_grids(root: Path) -> list[str]:
    """Module-level *_GRID constants in views that are not a spec parameter's `.grid(...)` (a range typed twice)."""
    found = []
    for path in sorted((root / "views").rglob("*.py")) if (root / "views").is_dir() else []:
        for node in ast.parse(path.read_text(encoding="utf-8")).body:
            if not (isinstance(node, ast.Assign) and any(isinstance(t, ast.Name) and t.id.endswith("_GRID")
                                                         for t in node.targets)):
                continue
            value = node.value
            is_grid = isinstance(value, ast.Call) and isinstance(value.func, ast.Attribute) \
                and value.func.attr == "grid"
            if not is_grid:
                found.append(f"{path.relative_to(root).as_posix()}:{node.lineno}")
    return found


def test_live_grids_come_from_their_specs():
    assert restated_grids(ROOT) == []


def test_the_grid_rule_fails_on_a_restated_range(tmp_path):
    (tmp_path / "views").mkdir()
    (tmp_path / "views" / "page.py").write_text("import numpy as np\nA_GRID = SPEC.param('a').grid()\n"
                                                "B_GRID = tuple(np.arange(0.0, 1.0, 0.1))\n")
    assert restated_grids(tmp_path) == ["views/page.py:3"]


# --- figures draw core's results and compute no maths ---------------------------------------------------------


def figure_files(root: Path) -> list[Path]:
    return sorted((root / "viz").rglob("*.py")) + sorted(root.glob("concepts/*/figures.py"))


def maths_in_figures(root: Path) -> list[str]:
    """Calls from a figure module to a core function (a name imported from core, or an attribute of a core module)
    and any use of scipy: a figure takes core's results and draws them."""
    found = []
    for path in figure_files(root):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        relative = path.relative_to(root).as_posix()
        core_names, core_modules = set(), set()
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                if node.module == "core":
                    core_modules |= {alias.asname or alias.name for alias in node.names}
                elif node.module.startswith("core."):
                    core_names |= {alias.asname or alias.name for alias in node.names}
                if node.module.split(".")[0] == "scipy":
                    found.append(f"{relative}:{node.lineno} imports scipy")
            elif isinstance(node, ast.Import) and any(alias.name.split(".")[0] == "scipy" for alias in node.names):
                found.append(f"{relative}:{node.lineno} imports scipy")
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call):
                continue
            func = node.func
            if isinstance(func, ast.Name) and func.id in core_names and not func.id[:1].isupper():
                found.append(f"{relative}:{node.lineno} calls core's {func.id}")
            elif isinstance(func, ast.Attribute) and isinstance(func.value, ast.Name) \
                    and func.value.id in core_modules and not func.attr[:1].isupper():
                found.append(f"{relative}:{node.lineno} calls core's {func.value.id}.{func.attr}")
    return found


def test_figures_call_no_core_maths():
    assert maths_in_figures(ROOT) == []


def test_the_figure_rule_fails_on_planted_maths(tmp_path):
    (tmp_path / "concepts" / "page").mkdir(parents=True)
    (tmp_path / "concepts" / "page" / "figures.py").write_text(
        "from scipy import stats\nfrom core import mvn\nfrom core.mvn import Conditioning, ellipse\n"
        "def figure(cond):\n    a = ellipse(cond)\n    b = mvn.conditional_density(cond)\n"
        "    return Conditioning(a, b), mvn.Conditioning\n")
    assert maths_in_figures(tmp_path) == ["concepts/page/figures.py:1 imports scipy",
                                          "concepts/page/figures.py:5 calls core's ellipse",
                                          "concepts/page/figures.py:6 calls core's mvn.conditional_density"]


# --- core holds no display text -------------------------------------------------------------------------------

# Core's only words are its input errors (docs: core raises ValueError naming the parameter, the rule and the value,
# and a page shows it); a phrase inside one is marked lazy_text. Every other word is a page's.
CORE_I18N_ALLOWED = {"lazy_text"}


def display_text_in_core(root: Path) -> list[str]:
    found = []
    for path in sorted((root / "core").rglob("*.py")):
        relative = path.relative_to(root).as_posix()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.module == "i18n":
                names = {alias.name for alias in node.names} - CORE_I18N_ALLOWED
                if names:
                    found.append(f"{relative}:{node.lineno} imports {', '.join(sorted(names))} from i18n")
            elif isinstance(node, ast.Import) and any(alias.name == "i18n" for alias in node.names):
                found.append(f"{relative}:{node.lineno} imports i18n")
    return found


def test_core_holds_no_display_text():
    assert display_text_in_core(ROOT) == []


def test_the_display_text_rule_fails_on_a_planted_label(tmp_path):
    (tmp_path / "core").mkdir()
    (tmp_path / "core" / "model.py").write_text("from i18n import N_, lazy_text\nLABEL = N_('sample mean')\n")
    (tmp_path / "core" / "other.py").write_text("import i18n\n")
    assert display_text_in_core(tmp_path) == ["core/model.py:1 imports N_ from i18n", "core/other.py:1 imports i18n"]


def inline_snippets(root: Path) -> list[str]:
    """Page scripts that write a snippet themselves (show_snippet given a literal) instead of asking explain."""
    found = []
    for path in sorted(root.glob("concepts/*/*.py")):
        if path.stem != path.parent.name:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "show_snippet" \
                    and node.args and isinstance(node.args[0], (ast.JoinedStr, ast.Constant)):
                found.append(f"{path.relative_to(root).as_posix()}:{node.lineno}")
    return found


def test_page_scripts_write_no_snippet():
    assert inline_snippets(ROOT) == []



def test_the_snippet_rule_fails_on_a_planted_snippet(tmp_path):
    (tmp_path / "concepts" / "page").mkdir(parents=True)
    (tmp_path / "concepts" / "page" / "page.py").write_text("show_snippet(f'print({1})')\nshow_snippet(words.code())\n")
    assert inline_snippets(tmp_path) == ["concepts/page/page.py:1"]


def test_the_shared_furniture_imports_no_page():
    """ui/ serves every page: it reaches a page's parts only through the page list (concepts/__init__.py), never
    by importing them (a page's own widgets live in its folder, e.g. concepts/sampling/model_picker.py)."""
    for path in files("ui"):
        pages = {m for m in imported_modules(path) if m.startswith("concepts.")}
        assert pages == set(), f"{path.relative_to(ROOT)}: {sorted(pages)}"
