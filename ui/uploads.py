"""A cap on the uploaded files one session holds in the server's memory (issue 27, item 7).

Streamlit keeps every uploaded file in memory for the session that sent it until the uploader lets it go or
the session ends, and checks each file against `server.maxUploadSize` only: a script that PUTs file after file
to `/_stcore/upload_file/<session>/<file>` made one session hold 40 × 5 MB. The explorer's pages have one
uploader each, and the uploader deletes the file it replaces, so a reader holds one file per page at a time;
UPLOADS_PER_SESSION files at the size cap are room to spare. This middleware (server_app.py) refuses a PUT
with 413 when the session's files and the new one would pass that, without keeping its body: the body is read and
dropped before the answer, up to Streamlit's size cap. (Answered before the body was read, the connection closed
while the browser was still sending, and the browser saw a network error instead of the 413 and its words: the
fresh-clone CI of 92e3d04.) How much a
session holds is Streamlit's private state (ui/internals.py: `session_upload_bytes`); where it cannot be
read the cap turns off with a warning in the log and in `/api/health`.
"""

from __future__ import annotations

import re
from typing import Callable

import streamlit as st
from starlette.types import Receive, Scope, Send

from ui import internals

UPLOADS_PER_SESSION = 3
_UPLOAD = re.compile(r"/_stcore/upload_file/(?P<session>[^/]+)/[^/]+$")
_LOG = internals.logger(__name__)


def session_cap_bytes(max_upload_mb: int) -> int:
    """The most bytes of uploads one session may hold: UPLOADS_PER_SESSION files at Streamlit's size cap."""
    return UPLOADS_PER_SESSION * max_upload_mb * 1024 * 1024


def refusal(held: int | None, incoming: int | None, cap: int, largest_file: int) -> str | None:
    """Why an upload is refused (None: let it through). `held`: what the session holds (None: not known, the
    cap is off); `incoming`: the request's Content-Length (None when absent, then counted as a largest file)."""
    if held is None:
        return None
    size = largest_file if incoming is None else incoming
    if held + size <= cap:
        return None
    return (f"This session already holds {held / 2**20:.1f} MB of uploaded files; the server keeps at most "
            f"{cap / 2**20:.0f} MB per session. Remove a file from the uploader, or reload the page.")


def _content_length(scope: Scope) -> int | None:
    for name, value in scope.get("headers", ()):
        if name == b"content-length":
            try:
                return int(value)
            except ValueError:
                return None
    return None


class SessionUploadCap:
    """ASGI middleware: PUTs of uploaded files past a session's cap are answered 413 before they are read."""

    def __init__(self, app: Callable) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        match = _UPLOAD.search(scope.get("path", "")) if scope["type"] == "http" and scope["method"] == "PUT" else None
        if match is not None:
            max_mb = int(st.get_option("server.maxUploadSize"))
            why = refusal(internals.session_upload_bytes(match["session"]), _content_length(scope),
                          session_cap_bytes(max_mb), max_mb * 1024 * 1024)
            if why is not None:
                _LOG.warning("upload refused: %s", why)
                await drain(receive, limit=max_mb * 1024 * 1024 + _FORM_OVERHEAD)
                await _refuse(send, why)
                return
        await self.app(scope, receive, send)


_FORM_OVERHEAD = 64 * 1024   # a multipart form's boundaries and headers around the file


async def drain(receive: Receive, limit: int) -> int:
    """Read and drop a request's body, until its end, the client's leaving, or `limit` bytes (a larger body is
    not Streamlit's to take either: the connection then closes under it). Returns the bytes read."""
    read = 0
    while read <= limit:
        message = await receive()
        if message["type"] != "http.request":
            break
        read += len(message.get("body", b""))
        if not message.get("more_body", False):
            break
    return read


async def _refuse(send: Send, why: str) -> None:
    body = why.encode()
    await send({"type": "http.response.start", "status": 413,
                "headers": [(b"content-type", b"text/plain; charset=utf-8"),
                            (b"content-length", str(len(body)).encode()), (b"connection", b"close")]})
    await send({"type": "http.response.body", "body": body})
