"""The navigation's entries for the concept pages (from the one page list, concepts/__init__.py, and each page's
spec): URL path, title, icon and question.

`app.py` registers a page only when its script exists, and the home page lists only those, so a page appears
everywhere the moment its script lands. URL paths equal the page stems and never change: shared links depend
on them.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import concepts


@dataclass(frozen=True)
class PageEntry:
    """One concept page in the navigation. `stem` is the URL path; its script is concepts.script_path(stem);
    title, icon and question come from the page's spec."""

    stem: str
    title: str
    icon: str
    question: str

    @property
    def path(self) -> Path:
        return concepts.script_path(self.stem)

    @property
    def exists(self) -> bool:
        return self.path.is_file()


CONCEPT_PAGES: tuple[PageEntry, ...] = tuple(PageEntry(spec.stem, spec.title, spec.icon, spec.question)
                                             for spec in concepts.specs())


def available_pages() -> list[PageEntry]:
    """The concept pages whose files exist, in the order a course would meet them."""
    return [page for page in CONCEPT_PAGES if page.exists]
