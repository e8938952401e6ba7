"""Start the app on loopback and save full-page screenshots of the given paths.

    .venv/bin/python scripts/screenshot.py /clt "/clt?dist=cauchy" /beta --out test-artifacts

Used to look at pages as a user sees them (every page is tried in a real browser before a change to it is called done).
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from explorer_devtools.browser import CHROMIUM, CHROMIUM_ARGS, streamlit_server  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("paths", nargs="+")
    parser.add_argument("--out", default=str(ROOT / "test-artifacts"))
    parser.add_argument("--width", type=int, default=1400)
    parser.add_argument("--height", type=int, default=2600,
                        help="viewport height: Streamlit scrolls inside the page, so a tall "
                             "viewport is the way to capture it all")
    args = parser.parse_args()
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    from playwright.sync_api import sync_playwright

    with streamlit_server() as url, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        for path in args.paths:
            page = browser.new_page(viewport={"width": args.width, "height": args.height})
            page.goto(url + path, wait_until="domcontentloaded")
            page.get_by_role("heading").first.wait_for(timeout=30_000)
            page.wait_for_timeout(4000)  # let Plotly draw
            name = re.sub(r"[^A-Za-z0-9]+", "_", path).strip("_") or "home"
            target = out / f"{name}.png"
            page.screenshot(path=str(target), full_page=True)
            errors = page.locator("[data-testid='stException']").count()
            print(f"{target}  exceptions on page: {errors}")
            page.close()
        browser.close()


if __name__ == "__main__":
    main()
