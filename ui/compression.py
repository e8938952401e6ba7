"""Streamlit's JavaScript and CSS, sent gzip-compressed: a first visit moves about a third of the bytes.

Streamlit 1.67 serves its static bundles uncompressed on purpose (its own gzip middleware skips /static/:
compressing on every request costs CPU on every hit, and it expects a proxy in front to compress). A lecture
hall has no proxy in front of `python serve.py`, and a class of a hundred opening a room link pulled ~900 MB
through one access point (issue 34). This ASGI middleware compresses each bundle once per process, keeps the
gzip bytes in memory, and sends them to every browser that accepts gzip, with the cache headers Streamlit gives
hashed bundles (immutable for a year: a reader's later visits download nothing). Every bundle is compressed as
the server starts, before it listens (`warm`: 22.9 MB -> 6.9 MB in 0.85 s on this 2-core machine); done in a
background thread instead, it competed with the first readers and their first figure came ~0.5 s later
(bench/bench_first_load.py, "right after start").

Streamlit's static folder is private to Streamlit: ui.internals.static_directory() finds and checks it; where it
cannot, nothing is compressed and the log says so.

**The explorer's own Plotly.js.** Streamlit's chart bundle carries the whole of Plotly.js, every trace type from maps
to 3D (4.7 MB; 1.4 MB compressed), and a fresh reader's browser runs all of it before the first figure. Importing
that module took 1.6 s on this 2-core machine and 5.0 s with Chromium's CPU slowed fourfold (a phone's, roughly);
with the explorer's Plotly.js, 0.9 s and 2.1 s (bench/bench_chart_bundle.py; bench/RESULTS.md, "The explorer's own
Plotly.js"). The explorer draws six trace types. ui/assets/plotly-explorer.min.js is Plotly.js
built with those only (scripts/plotly_bundle builds it; its first line names them), and the chart bundle is sent
with it in place of Streamlit's copy (ui.internals.light_chart_bundle; Streamlit's own chart code around it is
unchanged, so everything Streamlit's chart element does, the mode bar's PNG export included, works as before).
It goes to every browser, compressed or not. Where the running Streamlit's bundle does not carry Plotly.js as
the tested release does, the bundle is sent as it is and the log says so.

Anything else passes through to Streamlit unchanged: pages, conditional requests (Streamlit answers 304), a
browser that does not accept gzip, every path that does not name a compressible file inside that folder, and
the WebSocket. Its messages stay uncompressed on purpose (Streamlit's
`server.enableWebsocketCompression` is off): measured with bench/bench_first_load.py's relay, permessage-deflate
saved 0.08-0.51 MB of a first visit (/clt 3.02 -> 2.94 MB, /mvn 3.86 -> 3.35, /kl 3.76 -> 3.32) for ~23 ms of
the event loop's time per 632 kB live family, on every rerun of every session; a class's moves would wait for
it. Those bytes are better cut where they are made (smaller live families).
"""

from __future__ import annotations

import gzip
import logging
import mimetypes
import re
import threading
from pathlib import Path
from typing import Any, Awaitable, Callable

_LOG = logging.getLogger(__name__)

COMPRESSIBLE = frozenset({".js", ".mjs", ".css", ".html", ".json", ".svg", ".txt", ".ttf", ".otf", ".map"})
MIN_BYTES = 1024                      # smaller files gain less than the header and the work cost
CACHE_CONTROL = "public, immutable, max-age=31536000"   # as Streamlit marks its content-hashed bundles
STATIC_PREFIX = "/static/"
# Plotly.js with only the trace types the explorer draws (scripts/plotly_bundle builds it; see CompressedStatic).
PLOTLY_BUNDLE = Path(__file__).resolve().parent / "assets" / "plotly-explorer.min.js"

Scope = dict[str, Any]
Receive = Callable[[], Awaitable[dict]]
Send = Callable[[dict], Awaitable[None]]


class GzipStore:
    """Each compressible file under a frontend folder's static/ (what /static/… URLs name), gzip-compressed once
    (level 9) and kept. `replaced`: files sent with other contents (the light chart bundle), by path."""

    def __init__(self, root: Path, replaced: dict[Path, bytes] | None = None):
        self.root = (root / "static").resolve()
        self.replaced = {file.resolve(): text for file, text in (replaced or {}).items()}
        self._bodies: dict[Path, bytes] = {}
        self._lock = threading.Lock()    # one compression at a time: a burst of first visits compresses once

    def file_for(self, url_path: str) -> Path | None:
        """The file a /static/ URL path names, when it is a compressible file inside the folder (None for
        anything else, including any path that climbs out of it)."""
        if not url_path.startswith(STATIC_PREFIX) or "\x00" in url_path:
            return None
        try:
            file = (self.root / url_path[len(STATIC_PREFIX):]).resolve()
        except (OSError, ValueError):
            return None
        return file if file.is_relative_to(self.root) and _compressible(file) else None

    def body(self, file: Path) -> bytes:
        with self._lock:
            body = self._bodies.get(file)
            if body is None:
                # mtime=0: the same bytes from every replica and every start (a proxy or browser may compare).
                body = self._bodies[file] = gzip.compress(self.text(file), compresslevel=9, mtime=0)
            return body

    def text(self, file: Path) -> bytes:
        """What is sent for `file`, before compression."""
        return self.replaced.get(file) or file.read_bytes()

    def warm(self) -> tuple[int, int]:
        """Compress every compressible file now; (bytes before, bytes after)."""
        files = [file for file in sorted(self.root.rglob("*")) if _compressible(file)]
        return sum(file.stat().st_size for file in files), sum(len(self.body(file)) for file in files)


def _compressible(file: Path) -> bool:
    """A file worth sending compressed: text of a kind browsers take gzipped, and at least MIN_BYTES."""
    return file.suffix in COMPRESSIBLE and file.is_file() and file.stat().st_size >= MIN_BYTES


def accepts_gzip(scope: Scope) -> bool:
    for name, value in scope.get("headers", ()):
        if name == b"accept-encoding":
            return any(part.split(";")[0].strip() == "gzip" for part in value.decode("latin-1").lower().split(","))
    return False


def _is_conditional(scope: Scope) -> bool:
    return any(name in (b"if-none-match", b"if-modified-since") for name, _ in scope.get("headers", ()))


def response_headers(file: Path, length: int, gzipped: bool = True) -> list[tuple[bytes, bytes]]:
    content_type = mimetypes.guess_type(file.name)[0] or "application/octet-stream"
    if content_type.startswith("text/") or content_type in ("application/javascript", "application/json"):
        content_type += "; charset=utf-8"
    encoding = [(b"content-encoding", b"gzip")] if gzipped else []
    return [(b"content-type", content_type.encode()), *encoding,
            (b"content-length", str(length).encode()), (b"vary", b"Accept-Encoding"),
            (b"cache-control", CACHE_CONTROL.encode())]


def bundle_banner(bundle: Path = PLOTLY_BUNDLE) -> str:
    """The first line of the explorer's Plotly.js: "/*! plotly.js vX.Y.Z ..., traces only: ....", as
    scripts/plotly_bundle writes it."""
    with bundle.open("rb") as stream:
        return stream.readline().decode()


def bundled_trace_types(bundle: Path = PLOTLY_BUNDLE) -> frozenset[str]:
    """The trace types the explorer's Plotly.js draws, as its first line names them (scripts/plotly_bundle writes
    it); a figure of another type would show empty axes (tests/viz/test_figure_specs.py checks every figure)."""
    listed = re.search(r"traces only: ([a-z0-9 ]+)\.", bundle_banner(bundle))
    return frozenset(listed.group(1).split()) if listed else frozenset()


def light_chart_bundle(folder: Path | None) -> dict[Path, bytes]:
    """Streamlit's chart bundle with the explorer's Plotly.js (see CompressedStatic), by its path; empty, with a
    line in the log, where this Streamlit's bundle cannot take it."""
    from ui import internals

    bundle = internals.chart_bundle_file(folder)
    light = internals.light_chart_bundle(bundle.read_bytes(), PLOTLY_BUNDLE.read_bytes()) if bundle else None
    if light is None:
        _LOG.warning("Streamlit's chart bundle: its Plotly.js was not found where the tested release keeps it, so "
                     "charts use Streamlit's own (every trace type: 1.4 MB more for a first visit, and ~1 s more "
                     "of a fresh reader's main thread before the first figure)")
        return {}
    return {bundle: light}


class CompressedStatic:
    """ASGI middleware: Streamlit's static bundles from a GzipStore, its chart bundle with the explorer's own
    Plotly.js (see the module's docstring)."""

    def __init__(self, app: Callable, root: Path | None = None, warm: bool = True):
        from ui import internals

        self.app = app
        folder = root or internals.static_directory()
        self.store = GzipStore(folder, light_chart_bundle(folder)) if folder is not None else None
        if self.store is None:
            _LOG.warning("compressed static files: off (Streamlit's static folder was not found); a first visit "
                         "downloads Streamlit's JavaScript uncompressed, about 8 MB")
        elif warm:
            before, after = self.store.warm()
            _LOG.info("compressed static files: %.1f MB -> %.1f MB", before / 1e6, after / 1e6)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        file = self._served_file(scope)
        if file is None:
            await self.app(scope, receive, send)
            return
        import anyio.to_thread

        gzipped = accepts_gzip(scope)
        body = await anyio.to_thread.run_sync(self.store.body if gzipped else self.store.text, file)
        await send({"type": "http.response.start", "status": 200,
                    "headers": response_headers(file, len(body), gzipped)})
        await send({"type": "http.response.body", "body": b"" if scope["method"] == "HEAD" else body})

    def _served_file(self, scope: Scope) -> Path | None:
        """The file this middleware answers for: a compressible static file for a browser that takes gzip, and
        the light chart bundle for every browser (uncompressed where gzip is not accepted)."""
        if (self.store is None or scope["type"] != "http" or scope.get("method") not in ("GET", "HEAD")
                or _is_conditional(scope)):
            return None
        path = scope.get("path", "")
        root_path = scope.get("root_path", "")
        if root_path and path.startswith(root_path):
            path = path[len(root_path):]
        file = self.store.file_for(path)
        return file if file is not None and (accepts_gzip(scope) or file in self.store.replaced) else None


def theme_uses_source_sans(font: str | None) -> bool:
    """Whether the theme's font (`theme.font`) is Streamlit's Source Sans: unset, its keyword "sans-serif" (the
    default), or named. A theme of system fonts does not need Source Sans's preload."""
    families = [part.strip().strip("'\"").lower() for part in (font or "sans-serif").split(",")]
    return families[0] in ("sans-serif", "sans serif") or any(family.startswith("source sans") for family in families)


class ExplorerPage:
    """ASGI middleware: Streamlit's page (the HTML every page path answers with) as a first visit needs it, and
    gzip-compressed for a browser that accepts it. Two changes, each checked at start and each off on its own
    (with a line in the log) where the running Streamlit does not allow it:

    - **no download of Source Sans**, when the theme does not use that font (.streamlit/config.toml names the
      reader's system fonts). Streamlit's page asks every first visit to fetch Source Sans before anything else:
      170 kB of a lecture hall's 3 MB per student (issue 34), for a font the system-font theme then never draws.
      The page's line is found by ui.internals.page_without_source_sans, checked against Streamlit's own page.
    - **the server's address, told** (ui/live/server_address.js): a page opened at /clt connects to the server
      at once instead of first asking /clt/_stcore/health and waiting 100 ms after its 404 (0.1-0.2 s of every
      visit and reload of a concept page: bench/RESULTS.md). ui.internals.frontend_reads_server_address checks
      that the frontend reads the setting.
    - **charts drawn one at a time** (ui/live/draw_order.js): each figure appears as soon as it is drawn, one per
      frame, the topmost of those waiting first, instead of all of them at once after the last is drawn. ui.internals.
      frontend_draws_through_window_plotly checks that the chart bundle draws the way the script assumes.

    Conditional requests still get Streamlit's 304: the rewritten page is the same for the same Streamlit file,
    so the browser's copy stays right."""

    def __init__(self, app: Callable, font: str | None = None, page_file: Path | None = None,
                 page_paths: list[str] | None = None):
        from ui import internals

        self.app = app
        if font is None:
            import streamlit

            font = streamlit.get_option("theme.font")
        self.font = font
        folder = internals.static_directory()
        page_file = page_file or (folder / "index.html" if folder is not None else None)
        page = page_file.read_bytes() if page_file is not None else b""
        self.drops_font = not theme_uses_source_sans(font)
        if self.drops_font and internals.page_without_source_sans(page, font) is None:
            self.drops_font = False
            _LOG.warning("Streamlit's page: its preload of Source Sans was not found, so the page keeps it; a "
                         "first visit downloads that font (170 kB) although the theme uses system fonts")
        self.page_paths = page_paths if page_paths is not None else _page_paths()
        self.tells_address = (internals.frontend_reads_server_address(folder)
                              and internals.page_with_server_address(page, self.page_paths) is not None)
        if not self.tells_address:
            _LOG.warning("Streamlit's page: this frontend does not read the server's address from the page, so a "
                         "page opened at its own path (/clt) asks that path for the server first and connects "
                         "0.1-0.2 s later")

        self.draws_in_turn = (internals.frontend_draws_through_window_plotly(folder)
                              and internals.page_with_draw_order(page) is not None)
        if not self.draws_in_turn:
            _LOG.warning("Streamlit's page: this frontend's chart bundle does not draw through window.Plotly.react, "
                         "so a page's charts are drawn all at once, after the last (the main figure appears later)")

    @property
    def active(self) -> bool:
        return self.drops_font or self.tells_address or self.draws_in_turn

    def rewrite(self, page: bytes) -> bytes:
        """The page with this middleware's changes (each one only where it applies to this page)."""
        from ui import internals

        if self.drops_font:
            page = internals.page_without_source_sans(page, self.font) or page
        if self.tells_address:
            page = internals.page_with_server_address(page, self.page_paths) or page
        if self.draws_in_turn:
            page = internals.page_with_draw_order(page) or page
        return page

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if (not self.active or scope["type"] != "http" or scope.get("method") != "GET"
                or scope.get("path", "").startswith(("/static/", "/_stcore/"))):
            await self.app(scope, receive, send)
            return
        gzipped = accepts_gzip(scope)
        held: list[dict] = []      # the page's start message, then its body's chunks

        async def rewriting(message: dict) -> None:
            if message["type"] == "http.response.start":
                if message["status"] == 200 and _is_html(message["headers"]):
                    held.append(message)
                    return
            elif message["type"] == "http.response.body" and held:
                held.append(message)
                if message.get("more_body"):
                    return
                start, chunks = held[0], held[1:]
                page = b"".join(chunk.get("body", b"") for chunk in chunks)
                await _send_page(send, start, self.rewrite(_plain(start, page)), gzipped)
                return
            await send(message)

        await self.app(scope, receive, rewriting)


def _is_html(headers: list[tuple[bytes, bytes]]) -> bool:
    return any(name.lower() == b"content-type" and value.lower().startswith(b"text/html") for name, value in headers)


def _plain(start: dict, page: bytes) -> bytes:
    """The page's text, where Streamlit compressed it already on its way out."""
    encodings = [value.strip().lower() for name, value in start["headers"] if name.lower() == b"content-encoding"]
    return gzip.decompress(page) if encodings == [b"gzip"] else page


def _page_paths() -> list[str]:
    """The URL paths of the explorer's pages (app.py names each concept page's path after its file)."""
    from ui.registry import available_pages

    return [spec.stem for spec in available_pages()]


async def _send_page(send: Send, start: dict, body: bytes, gzipped: bool) -> None:
    replaced = (b"content-length", b"content-encoding") + ((b"vary",) if gzipped else ())
    headers = [(name, value) for name, value in start["headers"] if name.lower() not in replaced]
    if gzipped:
        body = gzip.compress(body, compresslevel=6, mtime=0)
        headers += [(b"content-encoding", b"gzip"), (b"vary", b"Accept-Encoding")]
    headers.append((b"content-length", str(len(body)).encode()))
    await send({**start, "headers": headers})
    await send({"type": "http.response.body", "body": body})
