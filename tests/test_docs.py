"""The project's maths reference is in the repository, and what the code cites exists in it."""

from __future__ import annotations

import re

from tests.pages.support import ROOT

MATHS = ROOT / "docs" / "maths.md"
SOURCE_DIRS = ("app_pages", "concepts", "core", "explorer_kernels", "ui", "viz", "tests", "bench", "scripts")


def project_files():
    for folder in SOURCE_DIRS:
        yield from (ROOT / folder).rglob("*.py")
    yield ROOT / "app.py"
    yield ROOT / "README.md"


def test_every_cited_section_of_the_maths_reference_exists():
    sections = set(re.findall(r"^## (§\d+)", MATHS.read_text(encoding="utf-8"), flags=re.MULTILINE))
    assert sections == {f"§{n}" for n in range(1, 11)}
    cited = {}
    for path in project_files():
        for section in re.findall(r"docs/maths\.md (§\d+)", path.read_text(encoding="utf-8")):
            cited.setdefault(section, []).append(path.name)
    assert cited, "nothing cites docs/maths.md"
    assert set(cited) <= sections, {s: files for s, files in cited.items() if s not in sections}
    # every core module with maths in it says where its maths is written down
    for module in ("clt", "mvn", "conjugate", "gmm", "kl", "fisher", "sampling", "sweep", "likelihood", "stability",
                   "backends", "families"):
        assert "docs/maths.md §" in (ROOT / "core" / f"{module}.py").read_text(encoding="utf-8"), module


def test_nothing_cites_documents_that_are_not_in_the_repository():
    # CONCEPTS.md and DESIGN.md belong to the team's shared folder, not to this project: a person
    # who clones it has neither.
    for path in project_files():
        if path.name == "test_docs.py":
            continue
        text = path.read_text(encoding="utf-8")
        assert "CONCEPTS" not in text and "DESIGN.md" not in text, path
