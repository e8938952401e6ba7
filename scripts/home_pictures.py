"""Redraw the home page's pictures: each concept page's main figure at its default view, in each language.

    .venv/bin/python scripts/home_pictures.py            # every page, every language
    .venv/bin/python scripts/home_pictures.py clt beta   # some pages

Starts the app on loopback, opens each page as a 1400x900 reader would, photographs the main figure (the
template's stage figure, ui/frame.py) and writes ui/assets/home/<stem>-<lang>.png, 480 px wide. Run it after a
change to a page's main figure or its defaults; tests/pages/test_home.py checks that every page has its pictures.
"""

from __future__ import annotations

import argparse
import io
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from PIL import Image  # noqa: E402

from explorer_devtools.browser import CHROMIUM, CHROMIUM_ARGS, streamlit_server  # noqa: E402
from i18n import LANGUAGES  # noqa: E402
from ui.home import PICTURE_WIDTH, picture_path  # noqa: E402
from ui.registry import available_pages  # noqa: E402

_FIGURE = "[class*='st-key-stage-figure-'] .js-plotly-plot"


def _photograph(page, url: str) -> bytes:
    page.goto(url, wait_until="domcontentloaded")
    page.locator(_FIGURE).first.wait_for(timeout=60_000)
    page.wait_for_load_state("networkidle")
    page.wait_for_function("document.querySelector('[data-test-script-state]')"
                           ".getAttribute('data-test-script-state') === 'notRunning'", timeout=60_000)
    page.wait_for_timeout(800)   # Plotly's last frame
    return page.locator(_FIGURE).first.screenshot()


def _shrunk(png: bytes) -> Image.Image:
    image = Image.open(io.BytesIO(png)).convert("RGB")
    height = round(image.height * PICTURE_WIDTH / image.width)
    # A palette of 64 colours: a figure's flat colours survive, and the file is a few tens of kB.
    return image.resize((PICTURE_WIDTH, height), Image.LANCZOS).quantize(64, method=Image.Quantize.MEDIANCUT)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("stems", nargs="*", help="pages to redraw (default: all)")
    args = parser.parse_args()
    stems = args.stems or [entry.stem for entry in available_pages()]
    from playwright.sync_api import sync_playwright

    with streamlit_server() as url, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        # Twice the pixels, then shrunk: sharper lines and text than a 1x photograph.
        context = browser.new_context(viewport={"width": 1400, "height": 900}, device_scale_factor=2)
        for stem in stems:
            for lang in LANGUAGES:
                page = context.new_page()
                target = picture_path(stem, lang)
                _shrunk(_photograph(page, f"{url}/{stem}?lang={lang}")).save(target, optimize=True)
                print(f"{target.relative_to(ROOT)}  {target.stat().st_size / 1024:.0f} kB")
                page.close()
        browser.close()


if __name__ == "__main__":
    main()
