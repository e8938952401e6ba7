"""The one list of concept pages, and where each page's parts are found. Every other list derives from it.

Each page lives in one folder, concepts/<stem>/, in up to five parts: its spec (what the page is and what its
link can carry), its views (what it computes for the screen, cached), its explanations (words and formula
panels), its figures and its page script (layout). `PAGES` names the pages in the order a course meets them;
`part(stem, kind)` finds a page's part by kind. From these come the navigation (ui/registry.py), the specs by
URL path (lessons, the classroom, link checks), the start-up warm-up's imports and default live families
(ui/warmup.py) and the lesson questions' answers (ui/questions.py); the translation extraction reads every
file under concepts/ (i18n/extract.py). A page's views may declare two hooks, found here by name:

- `warm_defaults()`: compute the page's live families at its default state before the first reader
  (ui/warmup.py, at start).
- `ANSWERS`: {name: function of the page's state}: the truths lesson questions ask for, by
  "<stem>.<name>" (ui/questions.py).

Parts are imported when first asked for: importing this module imports no page.
"""

from __future__ import annotations

import functools
import importlib
import importlib.util
from pathlib import Path
from typing import Any, Callable, Mapping

ROOT = Path(__file__).resolve().parents[1]

# In the order a course would meet them (the navigation and the home page use this order). A stem is the page's
# URL path: shared links depend on it, so it never changes.
PAGES: tuple[str, ...] = ("clt", "families", "mvn", "beta", "gmm", "kl", "fisher", "likelihood", "sampling")

# Where each kind of part lives, by page stem: one folder per page, concepts/<stem>/. (Not under a folder named
# pages/: Streamlit would run that as its legacy automatic multipage app.)
PART_MODULES = {"spec": "concepts.{stem}.spec", "views": "concepts.{stem}.views", "explain": "concepts.{stem}.explain",
                "figures": "concepts.{stem}.figures"}
PAGE_SCRIPT = "concepts/{stem}/{stem}.py"


def module_name(stem: str, kind: str) -> str:
    return PART_MODULES[kind].format(stem=stem)


def has_part(stem: str, kind: str) -> bool:
    return importlib.util.find_spec(module_name(stem, kind)) is not None


def part(stem: str, kind: str) -> Any:
    """A page's part (a module) by kind: "spec", "views", "explain" or "figures"."""
    return importlib.import_module(module_name(stem, kind))


def script_path(stem: str) -> Path:
    """The page's script, run by st.navigation (it may not exist yet: the page is then not shown)."""
    return ROOT / PAGE_SCRIPT.format(stem=stem)


@functools.cache
def specs() -> tuple[Any, ...]:
    """Every page's spec (specs.base.PageSpec), in course order."""
    return tuple(part(stem, "spec").SPEC for stem in PAGES)


@functools.cache
def specs_by_stem() -> Mapping[str, Any]:
    return {spec.stem: spec for spec in specs()}


def part_modules() -> list[str]:
    """Every page part that exists, as module names (what the warm-up imports ahead of the readers)."""
    return [module_name(stem, kind) for stem in PAGES for kind in PART_MODULES if has_part(stem, kind)]


def _hook(stem: str, name: str) -> Any:
    return getattr(part(stem, "views"), name, None) if has_part(stem, "views") else None


def default_warmers() -> dict[str, Callable[[], None]]:
    """Each page's `warm_defaults` (pages whose views declare one)."""
    return {stem: hook for stem in PAGES if (hook := _hook(stem, "warm_defaults")) is not None}


def warm_default_families() -> list[str]:
    """Compute every page's default live families; returns the pages whose warm-up failed (a failure must not
    stop the server: that page then computes its family on first use, as any other state)."""
    failed = []
    for stem, warm in default_warmers().items():
        try:
            warm()
        except Exception:  # noqa: BLE001 - logged by the caller, never fatal
            failed.append(stem)
    return failed


@functools.cache
def answers() -> Mapping[str, Callable[[Mapping[str, Any]], float | str]]:
    """Every page's lesson-question truths, by "<stem>.<name>"."""
    return {f"{stem}.{name}": function for stem in PAGES for name, function in (_hook(stem, "ANSWERS") or {}).items()}


@functools.cache
def experiments() -> Mapping[str, Any]:
    """Every page's class experiments (views.experiments.Experiment), by "<stem>.<name>"."""
    return {f"{stem}.{name}": experiment for stem in PAGES
            for name, experiment in (_hook(stem, "EXPERIMENTS") or {}).items()}
