"""Nothing a page shows comes from outside the server (an offline classroom; no third party told
who is reading). Every request a page load makes in Chromium must go to the app's own host.
"""

from __future__ import annotations

from urllib.parse import urlparse

import pytest

from tests.browser.test_pages import TIMEOUT, assert_no_exception
from ui.registry import available_pages

pytestmark = pytest.mark.browser

PATHS = ["/"] + [f"/{page.stem}" for page in available_pages()]


def test_no_page_asks_another_host_for_anything(server_url, browser):
    own_host = urlparse(server_url).netloc
    context = browser.new_context(viewport={"width": 1400, "height": 1200})
    outside: dict[str, list[str]] = {}
    for path in PATHS:
        page = context.new_page()
        requested: list[str] = []
        page.on("request", lambda request, seen=requested: seen.append(request.url))
        page.goto(server_url + path, wait_until="domcontentloaded")
        page.locator("h1").first.wait_for(timeout=TIMEOUT)
        page.wait_for_load_state("networkidle")
        assert_no_exception(page)
        assert requested, "the recorder saw no requests at all"
        foreign = [url for url in requested if urlparse(url).scheme in ("http", "https", "ws", "wss")
                   and urlparse(url).netloc != own_host]
        if foreign:
            outside[path] = foreign
        page.close()
    context.close()
    assert not outside, outside
