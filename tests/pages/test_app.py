"""The app shell: navigation, home page and page registry run headless without exception."""

from __future__ import annotations

from pathlib import Path

from PIL import Image
from streamlit.testing.v1 import AppTest

from i18n import LANGUAGES
from ui.home import PICTURE_WIDTH, picture_path

from ui.registry import CONCEPT_PAGES, available_pages

ROOT = Path(__file__).resolve().parents[2]


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
    shown = " ".join(block.value for block in at.markdown)
    for spec in available_pages():
        assert spec.title in links[spec.stem]
        assert spec.question in shown   # as text that wraps, beside the link: a link's label was cut on a phone
    # One picture per card: the page's main figure (ui/home.py), described for screen readers.
    alts = [picture.alt for image in at.get("image") for picture in image.proto.imgs]
    assert alts == [f"The main figure of “{spec.title}”" for spec in available_pages()]


def test_every_page_has_its_home_picture_in_every_language():
    for spec in available_pages():
        for lang in LANGUAGES:
            path = picture_path(spec.stem, lang)
            assert path.is_file(), f"{path} is missing: run scripts/home_pictures.py"
            with Image.open(path) as image:
                assert image.width == PICTURE_WIDTH and 0.3 < image.height / image.width < 1.0


def test_registry_url_paths_are_the_stable_file_stems():
    assert [p.stem for p in CONCEPT_PAGES] == ["clt", "families", "mvn", "beta", "gmm", "kl", "fisher", "likelihood",
                                               "sampling"]
    for spec in available_pages():
        assert spec.path.name == f"{spec.stem}.py"


def test_server_processes_use_one_torch_thread_unless_told_otherwise():
    """ui.warmup: torch's spin-waiting worker threads hurt a server whose cores are shared."""
    import os
    import subprocess
    import sys

    root = Path(__file__).resolve().parents[2]
    probe = ("import sys; sys.path.insert(0, sys.argv[1]); import torch; torch.set_num_threads(2); "
             "from ui.warmup import _one_torch_thread_unless_configured as f; f(); print(torch.get_num_threads())")
    env = {k: v for k, v in os.environ.items() if k != "OMP_NUM_THREADS"}
    threads = subprocess.run([sys.executable, "-c", probe, str(root)], env=env, capture_output=True, text=True,
                             check=True, timeout=120).stdout.split()[-1]
    assert threads == "1"
    configured = subprocess.run([sys.executable, "-c", probe, str(root)], env={**env, "OMP_NUM_THREADS": "2"},
                                capture_output=True, text=True, check=True, timeout=120).stdout.split()[-1]
    assert configured == "2"
