"""The list of concept pages (from their specs, specs/): URL path, title, icon and question.

`app.py` registers a page only when its file exists, and the home page lists only those, so a
page appears everywhere the moment its file lands. URL paths equal file stems and never change:
shared links depend on them.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from specs import PAGE_SPECS

PAGES_DIR = Path(__file__).resolve().parents[1] / "app_pages"


@dataclass(frozen=True)
class PageEntry:
    """One concept page in the navigation. `stem` is both the file name (app_pages/<stem>.py) and
    the URL path; title, icon and question come from the page's spec (specs/)."""

    stem: str
    title: str
    icon: str
    question: str

    @property
    def path(self) -> Path:
        return PAGES_DIR / f"{self.stem}.py"

    @property
    def exists(self) -> bool:
        return self.path.is_file()


CONCEPT_PAGES: tuple[PageEntry, ...] = tuple(PageEntry(spec.stem, spec.title, spec.icon, spec.question)
                                             for spec in PAGE_SPECS)


def available_pages() -> list[PageEntry]:
    """The concept pages whose files exist, in the order a course would meet them."""
    return [page for page in CONCEPT_PAGES if page.exists]
