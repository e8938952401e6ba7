"""A session cannot pile uploaded files up in the server's memory (ui/uploads.py, issue 27 item 7).

A reader uploads a file on /likelihood as anyone would; then the same session PUTs more files straight to
Streamlit's upload address (what a script can do, with the page's own cookie and XSRF token). Streamlit alone
keeps every one; the explorer's server refuses the one that takes the session past its cap, before reading it.
"""

from __future__ import annotations

import pytest

from ui.uploads import UPLOADS_PER_SESSION

pytestmark = pytest.mark.browser

_PUT_FILES = """
async ([prefix, sizes]) => {
  const xsrf = (document.cookie.match(/(?:^|; )_streamlit_xsrf=([^;]*)/) || [])[1] || "";
  const answers = [];
  for (const [index, size] of sizes.entries()) {
    const form = new FormData();
    form.append("file", new Blob([new Uint8Array(size).fill(49)], {type: "text/plain"}), "more.txt");
    const response = await fetch(`${prefix}/extra-${index}`, {method: "PUT", body: form, credentials: "same-origin",
                                                                headers: {"X-Xsrftoken": decodeURIComponent(xsrf)}});
    answers.push([response.status, await response.text()]);
  }
  return answers;
}
"""


def test_one_session_cannot_hold_more_uploads_than_its_cap(browser, server_url, tmp_path):
    page = browser.new_page()
    try:
        upload_urls: list[str] = []
        page.on("request", lambda request: upload_urls.append(request.url)
                if request.method == "PUT" and "/_stcore/upload_file/" in request.url else None)
        page.goto(f"{server_url}/likelihood?source=pasted", wait_until="networkidle")
        numbers = tmp_path / "numbers.txt"
        numbers.write_text("0.5 1.5 -0.25 2.0\n")
        page.locator("input[type=file]").first.set_input_files(str(numbers))
        for _ in range(100):                    # the uploader sends the file at once: wait up to 10 s
            if upload_urls:
                break
            page.wait_for_timeout(100)
        assert upload_urls, "the uploader sent no file"
        prefix = upload_urls[0].rsplit("/", 1)[0]

        just_under_5_mb = 5 * 2**20 - 4096     # each one within Streamlit's own 5 MB per-file limit
        answers = page.evaluate(_PUT_FILES, [prefix, [just_under_5_mb] * (UPLOADS_PER_SESSION + 1)])
        statuses = [status for status, _ in answers]
        # The reader's small file and UPLOADS_PER_SESSION big ones fit (just: the cap is that many 5 MB files);
        # the next big one does not.
        assert statuses[:-1] == [204] * UPLOADS_PER_SESSION, answers
        assert statuses[-1] == 413, answers
        assert "per session" in answers[-1][1]
    finally:
        page.close()
