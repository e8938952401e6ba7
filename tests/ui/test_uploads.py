"""The per-session upload cap's rule (ui/uploads.py); tests/browser/test_uploads.py tries it on a real server."""

from __future__ import annotations

from ui import internals
from ui.uploads import UPLOADS_PER_SESSION, refusal, session_cap_bytes

MB = 2**20


def test_the_cap_is_a_few_files_at_streamlits_size_limit():
    assert session_cap_bytes(5) == UPLOADS_PER_SESSION * 5 * MB


def test_an_upload_that_would_pass_the_cap_is_refused_and_says_why():
    cap = session_cap_bytes(5)
    assert refusal(0, 5 * MB, cap, 5 * MB) is None
    assert refusal(cap - 5 * MB, 5 * MB, cap, 5 * MB) is None            # exactly at the cap: still fits
    why = refusal(cap - 5 * MB, 5 * MB + 1, cap, 5 * MB)
    assert why is not None and "10.0 MB" in why and "15 MB per session" in why
    # No Content-Length (a chunked body): counted as a file at the size limit.
    assert refusal(cap - 5 * MB + 1, None, cap, 5 * MB) is not None
    assert refusal(cap - 5 * MB, None, cap, 5 * MB) is None


def test_where_streamlits_storage_cannot_be_read_the_cap_is_off_not_in_the_way():
    assert refusal(None, 5 * MB, session_cap_bytes(5), 5 * MB) is None


def test_the_tested_streamlit_lets_the_cap_read_a_sessions_uploads():
    tested = ".".join(map(str, internals.TESTED_STREAMLIT)) + ".0"
    assert internals.UPLOAD_CAP not in internals.problems_with(tested)
