"""The app shell: navigation, home page and page registry run headless without exception."""

from __future__ import annotations

from pathlib import Path

from streamlit.testing.v1 import AppTest

from ui.registry import CONCEPT_PAGES, available_pages

ROOT = Path(__file__).resolve().parents[1]


def test_app_and_home_page_run_without_exception():
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60).run()
    assert not at.exception, [e.value for e in at.exception]
    assert at.title[0].value == "Probability for ML, explained interactively"


def test_home_lists_exactly_the_pages_that_exist():
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60).run()
    links = {link.proto.page: link.proto.label for link in at.get("page_link")}
    expected = {spec.stem for spec in available_pages()}
    assert expected, "at least one concept page exists"
    assert set(links) == expected
    for spec in available_pages():
        assert spec.question in links[spec.stem]


def test_registry_url_paths_are_the_stable_file_stems():
    assert [p.stem for p in CONCEPT_PAGES] == ["clt", "mvn", "beta", "gmm", "kl", "fisher", "sampling"]
    for spec in available_pages():
        assert spec.path.name == f"{spec.stem}.py"
