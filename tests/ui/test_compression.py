"""Streamlit's bundles sent gzip-compressed (ui/compression.py): what is served, to whom, and what is refused.

The middleware is driven as an ASGI app with hand-made scopes (no HTTP client needed); tests/deploy/test_deploy.py
checks the same against the Docker image's command, over HTTP.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import gzip
import logging

import pytest

from ui import internals
from ui.compression import (PLOTLY_BUNDLE, CompressedStatic, ExplorerPage, GzipStore, accepts_gzip, bundled_trace_types,
                            theme_uses_source_sans)

BUNDLE = ("function plot(){return 42}\n" * 400).encode()      # 10 kB of compressible JavaScript


@pytest.fixture
def folder(tmp_path):
    (tmp_path / "static" / "js").mkdir(parents=True)
    (tmp_path / "static" / "js" / "Plot.abc123.js").write_bytes(BUNDLE)
    (tmp_path / "static" / "js" / "tiny.js").write_bytes(b"let x = 1;")
    (tmp_path / "static" / "media" ).mkdir()
    (tmp_path / "static" / "media" / "font.woff2").write_bytes(b"\x00" * 4096)
    (tmp_path / "secret.js").write_bytes(BUNDLE)       # beside the folder's static/: never a /static/ path
    return tmp_path


def _scope(path: str, accept: str | None = "gzip, deflate, br", method: str = "GET", **headers: str) -> dict:
    raw = [(b"accept-encoding", accept.encode())] if accept is not None else []
    raw += [(name.replace("_", "-").encode(), value.encode()) for name, value in headers.items()]
    return {"type": "http", "method": method, "path": path, "headers": raw}


def _call(middleware, scope: dict, streamlit=None) -> tuple[dict, bytes]:
    """(response start message, body) from the middleware; Streamlit's own answer is a plain 204 here unless
    `streamlit` answers instead."""
    sent = []

    async def no_content(scope, receive, send):
        await send({"type": "http.response.start", "status": 204, "headers": []})
        await send({"type": "http.response.body", "body": b""})

    async def receive():
        return {"type": "http.request"}

    async def send(message):
        sent.append(message)

    middleware.app = streamlit or no_content
    # On a thread of its own: the browser tests earlier in a full run leave an event loop running in this one.
    with concurrent.futures.ThreadPoolExecutor(1) as thread:
        thread.submit(asyncio.run, middleware(scope, receive, send)).result(30)
    return sent[0], b"".join(message.get("body", b"") for message in sent[1:])


def test_a_bundle_is_sent_gzip_compressed_with_the_cache_headers_of_a_hashed_asset(folder):
    middleware = CompressedStatic(None, root=folder, warm=False)
    start, body = _call(middleware, _scope("/static/js/Plot.abc123.js"))
    headers = dict(start["headers"])
    assert start["status"] == 200 and headers[b"content-encoding"] == b"gzip"
    assert gzip.decompress(body) == BUNDLE and len(body) < 0.1 * len(BUNDLE)
    assert int(headers[b"content-length"]) == len(body)
    assert headers[b"content-type"].startswith(b"text/javascript") or b"javascript" in headers[b"content-type"]
    assert headers[b"vary"] == b"Accept-Encoding" and b"immutable" in headers[b"cache-control"]
    # Compressed once: the second reader gets the same bytes object from memory.
    assert _call(middleware, _scope("/static/js/Plot.abc123.js"))[1] == body
    head_start, head_body = _call(middleware, _scope("/static/js/Plot.abc123.js", method="HEAD"))
    assert head_start["status"] == 200 and head_body == b""


@pytest.mark.parametrize("scope", [
    _scope("/static/js/Plot.abc123.js", accept=None),                  # a client that does not accept gzip
    _scope("/static/js/Plot.abc123.js", accept="br;q=1, identity"),
    _scope("/static/js/Plot.abc123.js", if_none_match='"etag"'),       # Streamlit answers 304
    _scope("/static/js/Plot.abc123.js", method="POST"),
    _scope("/static/js/tiny.js"),                                      # under a kilobyte
    _scope("/static/media/font.woff2"),                                # compressed already
    _scope("/static/js/missing.js"),
    _scope("/static/../secret.js"), _scope("/static/js/../../../secret.js"), _scope("/static/%2e%2e/secret.js"),
    _scope("/secret.js"), _scope("/clt"), _scope("/_stcore/health"),
    {"type": "websocket", "path": "/_stcore/stream", "headers": []},
], ids=["no-gzip", "brotli-only", "conditional", "post", "tiny", "woff2", "missing", "climb-1", "climb-3",
        "encoded-climb", "outside-static", "page", "health", "websocket"])
def test_everything_else_goes_to_streamlit_unchanged(folder, scope):
    middleware = CompressedStatic(None, root=folder, warm=False)
    if scope["type"] == "websocket":
        assert middleware._served_file(scope) is None
        return
    start, _ = _call(middleware, scope)
    assert start["status"] == 204


def test_warming_compresses_every_bundle_once(folder):
    store = GzipStore(folder)
    before, after = store.warm()
    assert before == len(BUNDLE) and 0 < after < before / 10     # tiny.js and the font are left out
    assert store.body(folder / "static" / "js" / "Plot.abc123.js") is store.body(folder / "static" / "js"
                                                                               / "Plot.abc123.js")


def test_without_streamlits_static_folder_nothing_is_compressed_and_the_log_says_so(monkeypatch, caplog):
    monkeypatch.setattr(internals, "static_directory", lambda: None)
    with caplog.at_level(logging.WARNING, logger="ui.compression"):
        middleware = CompressedStatic(None, warm=False)
    assert "compressed static files: off" in caplog.text
    assert _call(middleware, _scope("/static/js/Plot.abc123.js"))[0]["status"] == 204


def test_the_running_streamlit_has_the_static_folder_it_is_tested_with():
    folder = internals.static_directory()
    assert folder is not None and next((folder / "static" / "js").glob("PlotlyChart.*.js"), None) is not None


@pytest.mark.parametrize("header, accepted", [("gzip", True), ("gzip, deflate, br, zstd", True), ("GZIP;q=0.8", True),
                                              ("br", False), ("x-gzip-ish", False), ("", False)])
def test_accept_encoding_is_read_by_token(header, accepted):
    assert accepts_gzip(_scope("/", accept=header)) is accepted


# --- Streamlit's page without a download of Source Sans ------------------------------------------------------

STREAMLIT_PAGE = (internals.static_directory() / "index.html").read_bytes()
SYSTEM_FONTS = "system-ui, -apple-system, 'Segoe UI', Roboto, Arial"


def _page_app(body: bytes = STREAMLIT_PAGE, chunks: int = 3, headers: tuple = ()):
    """Streamlit answering a page path with its page, in `chunks` pieces (as a file response streams it)."""
    async def streamlit(scope, receive, send):
        await send({"type": "http.response.start", "status": 200,
                    "headers": [(b"content-type", b"text/html; charset=utf-8"), (b"etag", b'"page"'),
                                (b"content-length", str(len(body)).encode()), *headers]})
        size = -(-len(body) // chunks)
        for i in range(chunks):
            await send({"type": "http.response.body", "body": body[i * size:(i + 1) * size],
                        "more_body": i < chunks - 1})
    return streamlit


def test_the_tested_streamlits_page_is_sent_without_its_font_download():
    middleware = ExplorerPage(None, font=SYSTEM_FONTS)
    assert middleware.drops_font
    start, body = _call(middleware, _scope("/clt"), streamlit=_page_app())
    headers = dict(start["headers"])
    page = gzip.decompress(body)
    assert headers[b"content-encoding"] == b"gzip" and int(headers[b"content-length"]) == len(body)
    assert headers[b"etag"] == b'"page"' and headers[b"vary"] == b"Accept-Encoding"
    assert b"SourceSans" in STREAMLIT_PAGE and b"SourceSans" not in page
    # What Streamlit draws before the theme arrives is set in the theme's own fonts.
    assert f":root {{ --explorer-theme-font: {SYSTEM_FONTS}; }}".encode() in page
    assert b'[data-testid="stSkipToContent"] { font-family: var(--explorer-theme-font)' in page
    # Nothing else changed but two scripts, one that tells the frontend where the server is and one that draws
    # the charts topmost first: Streamlit's own scripts and stylesheet are all still there.
    assert page.count(b"<script") == STREAMLIT_PAGE.count(b"<script") + 2 > 2
    assert b"window.__streamlit" in page and b'["beta", "clt",' in page
    assert _draw_order_script() in page
    assert page.count(b'rel="modulepreload"') == STREAMLIT_PAGE.count(b'rel="modulepreload"') > 0
    plain_start, plain = _call(middleware, _scope("/clt", accept=None), streamlit=_page_app(chunks=1))
    assert plain == page and b"content-encoding" not in dict(plain_start["headers"])


def test_a_page_streamlit_compressed_already_is_rewritten_too():
    middleware = ExplorerPage(None, font=SYSTEM_FONTS)
    compressed = gzip.compress(STREAMLIT_PAGE)
    start, body = _call(middleware, _scope("/"), streamlit=_page_app(
        compressed, headers=((b"content-encoding", b"gzip"), (b"vary", b"Accept-Encoding"))))
    assert b"SourceSans" not in gzip.decompress(body)
    assert [name for name, _ in start["headers"]].count(b"vary") == 1


def test_a_font_list_cannot_end_the_pages_style():
    page = internals.page_without_source_sans(STREAMLIT_PAGE, "Arial; } </style><script>alert(1)</script> {")
    assert b"<script>alert(1)" not in page and page.count(b"</style>") == STREAMLIT_PAGE.count(b"</style>") + 1


def test_the_shipped_theme_leaves_source_sans_out():
    """ExplorerPage reads the theme's font from the config (.streamlit/config.toml: system fonts)."""
    assert ExplorerPage(None).drops_font


@pytest.mark.parametrize("font, uses", [("sans-serif", True), ("'Source Sans', Arial", True),
                                        ("Inter, source sans 3, sans-serif", True), (SYSTEM_FONTS, False),
                                        ("serif", False)])
def test_the_page_keeps_the_font_where_the_theme_uses_it(font, uses):
    assert theme_uses_source_sans(font) is uses and theme_uses_source_sans(None)   # unset: Streamlit's default
    middleware = ExplorerPage(None, font=font)
    assert middleware.drops_font is not uses
    _, body = _call(middleware, _scope("/clt", accept=None), streamlit=_page_app())
    assert (b"SourceSans" in body) is uses


@pytest.mark.parametrize("scope", [_scope("/static/js/x.js"), _scope("/_stcore/health"), _scope("/clt", method="HEAD")],
                         ids=["static", "stcore", "head"])
def test_anything_but_a_page_passes_unchanged(scope):
    middleware = ExplorerPage(None, font=SYSTEM_FONTS)
    _, body = _call(middleware, scope, streamlit=_page_app(chunks=1))
    assert body == STREAMLIT_PAGE


def test_a_page_without_the_preload_is_sent_as_streamlit_wrote_it_and_the_log_says_so(tmp_path, caplog):
    page = tmp_path / "index.html"
    page.write_bytes(b"<html><head><title>Streamlit</title></head><body></body></html>")
    with caplog.at_level(logging.WARNING, logger="ui.compression"):
        middleware = ExplorerPage(None, font=SYSTEM_FONTS, page_file=page)
    assert not middleware.drops_font and "preload of Source Sans was not found" in caplog.text
    _, body = _call(middleware, _scope("/clt", accept=None), streamlit=_page_app(chunks=1))
    added = (_address_script(middleware.page_paths), _draw_order_script())
    assert body.replace(added[0], b"").replace(added[1], b"") == STREAMLIT_PAGE


def _address_script(page_paths: list[str]) -> bytes:
    """What ExplorerPage adds to a page for its server's address (ui/live/server_address.js, filled in)."""
    with_script = internals.page_with_server_address(b"<head></head>", page_paths)
    return with_script[len(b"<head>"):-len(b"</head>")]


def _draw_order_script() -> bytes:
    """What ExplorerPage adds to a page so that its charts are drawn topmost first (ui/live/draw_order.js)."""
    with_script = internals.page_with_draw_order(b"<head></head>")
    return with_script[len(b"<head>"):-len(b"</head>")]


def test_the_installed_frontends_charts_draw_the_way_the_draw_order_script_assumes():
    """The check behind drawing a page's charts topmost first (tests/browser/test_offline.py sees its effect)."""
    assert internals.frontend_draws_through_window_plotly(internals.static_directory())
    assert ExplorerPage(None, font=SYSTEM_FONTS).draws_in_turn
    script = _draw_order_script()
    assert script.startswith(b"<script>") and script.count(b"</script>") == 1 and b"drawChartsTopmostFirst" in script


def test_a_chart_bundle_that_draws_otherwise_gets_the_page_without_the_draw_order_and_the_log_says_so(
        folder, monkeypatch, caplog):
    (folder / "static" / "js" / "PlotlyChart.abc.js").write_bytes(b"import P from './plotly.js'; P.react(el, f);")
    (folder / "index.html").write_bytes(STREAMLIT_PAGE)
    monkeypatch.setattr(internals, "static_directory", lambda: folder)
    assert not internals.frontend_draws_through_window_plotly(folder)
    assert not internals.frontend_draws_through_window_plotly(None)
    with caplog.at_level(logging.WARNING, logger="ui.compression"):
        middleware = ExplorerPage(None, font=SYSTEM_FONTS)
    assert not middleware.draws_in_turn and "drawn all at once" in caplog.text
    _, body = _call(middleware, _scope("/clt", accept=None), streamlit=_page_app(chunks=1))
    assert b"drawChartsTopmostFirst" not in body and b"SourceSans" not in body     # the other changes stay


def test_the_installed_frontend_reads_the_servers_address_from_the_page():
    """The check behind the server's address (tests/browser/test_offline.py sees its effect in Chromium)."""
    assert internals.frontend_reads_server_address(internals.static_directory())
    middleware = ExplorerPage(None, font=SYSTEM_FONTS)
    assert middleware.tells_address and {"clt", "mvn", "families"} <= set(middleware.page_paths)


def test_a_frontend_that_does_not_read_the_address_gets_the_page_without_it_and_the_log_says_so(
        folder, monkeypatch, caplog):
    (folder / "static" / "js" / "index.abc.js").write_bytes(b"const config = window.__streamlit;")
    (folder / "index.html").write_bytes(STREAMLIT_PAGE)
    monkeypatch.setattr(internals, "static_directory", lambda: folder)
    assert not internals.frontend_reads_server_address(folder) and not internals.frontend_reads_server_address(None)
    with caplog.at_level(logging.WARNING, logger="ui.compression"):
        middleware = ExplorerPage(None, font="sans-serif")       # Source Sans kept too: nothing to change
    assert not middleware.active and "does not read the server's address" in caplog.text
    _, body = _call(middleware, _scope("/clt", accept=None), streamlit=_page_app(chunks=1))
    assert body == STREAMLIT_PAGE


def test_no_page_path_can_end_the_address_script():
    page = internals.page_with_server_address(STREAMLIT_PAGE, ["clt", "</script><script>alert(1)//"])
    assert b"alert(1)" in page and b"</script><script>alert" not in page
    assert page.count(b"</script>") == STREAMLIT_PAGE.count(b"</script>") + 1


# --- Streamlit's chart bundle with the explorer's Plotly.js ---------------------------------------------------

CHART_BUNDLE = internals.chart_bundle_file(internals.static_directory())
STREAMLITS_CHARTS = CHART_BUNDLE.read_bytes()
EXPLORERS_PLOTLY = PLOTLY_BUNDLE.read_bytes()
# Source modules of trace types the explorer never draws, as Streamlit's bundle of the whole Plotly.js names them.
UNUSED_TRACES = (b"src/traces/scatter3d/", b"src/traces/sunburst/", b"src/traces/sankey/", b"src/traces/parcoords/")


def test_the_chart_bundle_carries_the_explorers_plotly_inside_streamlits_own_chart_code():
    light = internals.light_chart_bundle(STREAMLITS_CHARTS, EXPLORERS_PLOTLY)
    assert light is not None
    start = light.index(EXPLORERS_PLOTLY)
    handed_over = b"\n;return window.Plotly=Plotly,Plotly})"
    assert light[start + len(EXPLORERS_PLOTLY):].startswith(handed_over)
    # Streamlit's code before and after Plotly.js is byte for byte its own.
    assert STREAMLITS_CHARTS.startswith(light[:start])
    assert STREAMLITS_CHARTS.endswith(light[start + len(EXPLORERS_PLOTLY) + len(handed_over):])
    assert all(name in STREAMLITS_CHARTS and name not in light for name in UNUSED_TRACES)
    assert len(light) < 0.4 * len(STREAMLITS_CHARTS)


@pytest.mark.parametrize("bundle", [b"export const x = 1;", STREAMLITS_CHARTS + STREAMLITS_CHARTS,
                                    STREAMLITS_CHARTS.replace(b"return window.Plotly=", b"return window.plotly=")],
                         ids=["no-plotly", "two-factories", "no-end"])
def test_a_chart_bundle_that_does_not_carry_plotly_as_the_tested_release_does_is_left_alone(bundle):
    assert internals.light_chart_bundle(bundle, EXPLORERS_PLOTLY) is None


def test_the_explorers_plotly_names_the_trace_types_it_draws():
    assert bundled_trace_types() == {"scatter", "bar", "histogram", "heatmap", "contour", "scattergl"}


@pytest.fixture
def chart_folder(tmp_path):
    """A static folder holding Streamlit's real chart bundle."""
    (tmp_path / "static" / "js").mkdir(parents=True)
    (tmp_path / "static" / "js" / CHART_BUNDLE.name).write_bytes(STREAMLITS_CHARTS)
    return tmp_path


def test_every_browser_is_sent_the_light_chart_bundle(chart_folder):
    middleware = CompressedStatic(None, root=chart_folder, warm=False)
    light = internals.light_chart_bundle(STREAMLITS_CHARTS, EXPLORERS_PLOTLY)
    path = f"/static/js/{CHART_BUNDLE.name}"
    start, body = _call(middleware, _scope(path))
    headers = dict(start["headers"])
    assert start["status"] == 200 and headers[b"content-encoding"] == b"gzip" and gzip.decompress(body) == light
    assert len(body) < 0.6e6 and b"immutable" in headers[b"cache-control"]
    start, body = _call(middleware, _scope(path, accept=None))      # plain, for a client that does not take gzip
    headers = dict(start["headers"])
    assert start["status"] == 200 and b"content-encoding" not in headers and body == light
    assert int(headers[b"content-length"]) == len(light)
    assert _call(middleware, _scope(path, if_none_match='"etag"'))[0]["status"] == 204   # Streamlit's answer


def test_where_the_chart_bundle_differs_it_is_sent_as_it_is_and_the_log_says_so(folder, caplog):
    (folder / "static" / "js" / "PlotlyChart.zzz.js").write_bytes(BUNDLE)
    with caplog.at_level(logging.WARNING, logger="ui.compression"):
        middleware = CompressedStatic(None, root=folder, warm=False)
    assert "charts use Streamlit's own" in caplog.text
    start, body = _call(middleware, _scope("/static/js/PlotlyChart.zzz.js"))
    assert start["status"] == 200 and gzip.decompress(body) == BUNDLE
    assert _call(middleware, _scope("/static/js/PlotlyChart.zzz.js", accept=None))[0]["status"] == 204
