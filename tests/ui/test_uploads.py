"""The per-session upload cap's rule (ui/uploads.py); tests/browser/test_uploads.py tries it on a real server."""

from __future__ import annotations

import asyncio
from concurrent.futures import ThreadPoolExecutor

from ui import internals
from ui.uploads import UPLOADS_PER_SESSION, drain, refusal, session_cap_bytes

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


def _run(coroutine):
    """Run a coroutine on a loop of its own: in the full suite an earlier test leaves this thread's loop running,
    where asyncio.run refuses."""
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(asyncio.run, coroutine).result()


def _body(chunks: list[bytes], then: str = "end"):
    """An ASGI receive that hands out `chunks`, then the end of the body or the client's leaving."""
    messages = [{"type": "http.request", "body": chunk, "more_body": True} for chunk in chunks]
    messages.append({"type": "http.request", "body": b"", "more_body": False} if then == "end"
                    else {"type": "http.disconnect"})
    taken = []

    async def receive():
        taken.append(messages[len(taken)])
        return taken[-1]
    return receive, taken


def test_a_refused_upload_is_read_to_its_end_before_the_answer():
    """So the browser, done sending, reads the 413 and its words (answered mid-body, it saw a network error)."""
    receive, taken = _body([b"x" * 65536] * 80)                 # a 5 MB file
    assert _run(drain(receive, limit=6 * MB)) == 80 * 65536
    assert len(taken) == 81 and taken[-1]["more_body"] is False
    receive, taken = _body([b"x" * 1000] * 3, then="leave")      # the client gives up: stop there
    assert _run(drain(receive, limit=6 * MB)) == 3000 and taken[-1]["type"] == "http.disconnect"


def test_draining_stops_past_the_limit():
    """A body beyond Streamlit's own size cap is not read to its end: the connection closes under it."""
    receive, taken = _body([b"x" * MB] * 50)
    assert _run(drain(receive, limit=6 * MB)) == 7 * MB
    assert len(taken) == 7
