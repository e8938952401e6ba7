"""Every private Streamlit API the server uses, behind one door, checked against the running Streamlit at start.

The explorer's features that need what Streamlit does not publish:

- **pushed reruns** (the classroom): a teacher's move reruns each follower's session at once, as Streamlit does
  when a script file changes (the session manager's session, its last client state, its event loop). Off:
  a follower moves at its own next rerun (the room's safety-net fragment, a click), seconds later.
- **copied runs** (ui/shared_runs.py): one follower's run is recorded on its way to the browser and sent to
  the others who would draw the same page (the session's outgoing queue and its client). Off: every follower
  computes its own run; a large class waits longer for each move.
- **link rebinding** (the page state's owner, ui/page_state.py): a value set by code outranks the link's
  first value, and a teacher's whole link can be set on a student's page (the query parameters' widget
  bindings and initial values), and a control in a closed panel keeps its link value without a widget drawn.
  Off: a preset that makes a control appear may leave its value out of the link, a following student's link may
  be shorter than the teacher's, and the page's Settings draw their widgets while the panel is closed (a first
  visit's figure comes ~0.2 s later); the views stay right.
- **live redraw** (ui/live.py): the browser code finds metrics, texts and Plotly axes on the page by
  Streamlit's `data-testid` names and Plotly's private fields (ui/live/page_dom.js), as the tested release's
  frontend draws them. Off: a live control commits on release and the page recomputes, with no redraw while
  it is dragged.
- **the per-session upload cap** (ui/uploads.py): how many bytes of uploaded files Streamlit holds in memory for
  one session (its uploaded-file manager's storage). Off: a session may hold any number of uploads, bounded only
  by the proxy's upload rate limit.
- **compressed bundles** (ui/compression.py): where Streamlit keeps its frontend files (`static_directory`,
  checked on use). Off: Streamlit's JavaScript is sent uncompressed, as Streamlit itself sends it.
- **no download of Source Sans** (ui/compression.py): Streamlit's page preloads its default font and draws its
  first element in it (`page_without_source_sans`, checked at start against the page itself). Off: a first
  visit also downloads that font (170 kB), which the theme's system fonts do not use.
- **the explorer's own Plotly.js** (ui/compression.py): Streamlit's chart bundle carries Plotly.js in one module
  factory, which `light_chart_bundle` replaces with the explorer's lighter build (checked on the bundle itself:
  exactly one factory written as the tested release writes it). Off: charts use Streamlit's whole Plotly.js,
  1.4 MB more for a first visit and ~1 s more of a fresh reader's main thread before the first figure.
- **the server's address, told** (ui/compression.py): Streamlit's frontend reads where its server is from
  `window.__streamlit.BACKEND_BASE_URL` when a host sets it (`frontend_reads_server_address`, checked at start
  in the frontend's bundle; the script is ui/live/server_address.js). Off: a page opened at /clt first asks
  /clt/_stcore/health, and connects 0.1-0.2 s later.

`check_at_start()` (called once per process by ui/warmup.py) compares the running Streamlit with the tested
minor release and probes every name below on Streamlit's classes. A feature whose probe fails, or that fails
when used, turns off for the process with one warning in the log; `features_off()` says which, so the pages
can tell the person it affects (the teacher's room panel). Outside the tested release every feature is off.
Moving the pin: README, "Moving to a new Streamlit".

No other module of the server imports from `streamlit.runtime`, `streamlit.proto` or `streamlit.web`
(tests/test_architecture.py checks it). The browser's side of the same bargain is ui/live/page_dom.js.
"""

from __future__ import annotations

import inspect
import json
import logging
import re
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable
from urllib.parse import urlencode

import streamlit

TESTED_STREAMLIT = (1, 67)      # the minor release these internals were read from and tested with
_LOG = logging.getLogger(__name__)


@dataclass(frozen=True)
class Feature:
    name: str
    when_off: str               # what the person it affects sees instead, for the log


PUSHED_RERUNS = Feature("pushed reruns", "followers move at their own next rerun (seconds later)")
COPIED_RUNS = Feature("copied runs", "every follower computes its own run of each move")
LINK_REBINDING = Feature("link rebinding", "links set by code may leave out values that the view still shows")
LIVE_REDRAW = Feature("live redraw", "live controls redraw the page on release only, not while dragged")
UPLOAD_CAP = Feature("per-session upload cap", "a session may hold any number of uploaded files in memory")
FEATURES = (PUSHED_RERUNS, COPIED_RUNS, LINK_REBINDING, LIVE_REDRAW, UPLOAD_CAP)

_lock = threading.Lock()
_off: dict[Feature, str] = {}
_checked = False


def version_of(text: str) -> tuple[int, int] | None:
    """(major, minor) of a version string such as "1.67.0" or "1.68.0rc1"; None when unreadable."""
    parts = text.split(".")
    try:
        return int(parts[0]), int("".join(ch for ch in parts[1] if ch.isdigit()) or "x")
    except (IndexError, ValueError):
        return None


def _source_assigns(cls: type, method: str, *attributes: str) -> bool:
    """Whether `cls.method` assigns every `self.<attribute>` (instance attributes a class does not declare)."""
    try:
        source = inspect.getsource(getattr(cls, method))
    except (OSError, TypeError, AttributeError):
        return False
    return all(f"self.{attribute} =" in source or f"self.{attribute}:" in source for attribute in attributes)


def _probe_pushed_reruns() -> str | None:
    from streamlit.proto.ClientState_pb2 import ClientState  # noqa: F401 - importable is the probe
    from streamlit.runtime import Runtime
    from streamlit.runtime.app_session import AppSession
    from streamlit.runtime.session_manager import SessionManager

    if not hasattr(Runtime, "instance") or not hasattr(SessionManager, "get_active_session_info"):
        return "the runtime's session manager has changed"
    if not callable(getattr(AppSession, "request_rerun", None)):
        return "AppSession.request_rerun is gone"
    if not _source_assigns(AppSession, "__init__", "_client_state", "_event_loop"):
        return "AppSession no longer keeps its client state and event loop"
    return None


def _probe_copied_runs() -> str | None:
    from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
    from streamlit.runtime.app_session import AppSession, AppSessionState
    from streamlit.runtime.session_manager import SessionClient

    if not callable(getattr(AppSession, "flush_browser_queue", None)):
        return "AppSession.flush_browser_queue is gone"
    if not _source_assigns(AppSession, "__init__", "_browser_queue", "_state"):
        return "AppSession no longer keeps its browser queue and state"
    if not hasattr(AppSessionState, "APP_IS_RUNNING") or not hasattr(SessionClient, "write_forward_msg"):
        return "the session's states or its client have changed"
    if not all(hasattr(ForwardMsg, name) for name in ("FINISHED_EARLY_FOR_RERUN", "FINISHED_SUCCESSFULLY")):
        return "the run's end messages have changed"
    return _probe_pushed_reruns()


def _probe_link_rebinding() -> str | None:
    from streamlit.runtime.state.query_params import QueryParams
    from streamlit.runtime.state.session_state_proxy import get_session_state  # noqa: F401

    fields = getattr(QueryParams, "__dataclass_fields__", {})
    if not {"_bindings_by_widget", "_initial_query_params"} <= set(fields):
        return "QueryParams no longer keeps its widget bindings and first values"
    if not all(callable(getattr(QueryParams, name, None))
               for name in ("unbind_widget", "set_initial_query_params", "remove_param", "get_binding_for_param")):
        return "QueryParams.unbind_widget, set_initial_query_params, remove_param or get_binding_for_param is gone"
    return None


def _probe_live_redraw() -> str | None:
    """The browser's assumptions (ui/live/page_dom.js) can only be checked in a browser (tests/browser/
    test_live.py does, on the tested release); on the server the release itself is the check."""
    return None


def _probe_upload_cap() -> str | None:
    from streamlit.runtime import Runtime
    from streamlit.runtime.memory_uploaded_file_manager import MemoryUploadedFileManager
    from streamlit.runtime.uploaded_file_manager import UploadedFileRec

    if not isinstance(getattr(Runtime, "uploaded_file_mgr", None), property):
        return "Runtime.uploaded_file_mgr is gone"
    if not _source_assigns(MemoryUploadedFileManager, "__init__", "file_storage", "_lock"):
        return "the uploaded-file manager no longer keeps its files by session under a lock"
    if "data" not in getattr(UploadedFileRec, "_fields", ()):
        return "an uploaded file's record no longer holds its bytes as `data`"
    return None


_PROBES: dict[Feature, Callable[[], str | None]] = {PUSHED_RERUNS: _probe_pushed_reruns,
                                                     COPIED_RUNS: _probe_copied_runs,
                                                     LINK_REBINDING: _probe_link_rebinding,
                                                     LIVE_REDRAW: _probe_live_redraw,
                                                     UPLOAD_CAP: _probe_upload_cap}


def problems_with(running: str) -> dict[Feature, str]:
    """Why each feature cannot work on Streamlit `running` (empty: all can). Pure apart from the probes."""
    version = version_of(running)
    if version != TESTED_STREAMLIT:
        tested = ".".join(map(str, TESTED_STREAMLIT))
        return {feature: f"Streamlit {running} is not the tested {tested}" for feature in FEATURES}
    problems = {}
    for feature, probe in _PROBES.items():
        try:
            why = probe()
        except Exception as error:  # noqa: BLE001 - an import or attribute that moved is the answer
            why = f"{type(error).__name__}: {error}"
        if why is not None:
            problems[feature] = why
    return problems


def check_at_start(running: str | None = None) -> dict[Feature, str]:
    """Probe once per process; log each feature that is off, and why. Returns what is off."""
    global _checked
    with _lock:
        if _checked and running is None:
            return dict(_off)
        _checked = True
    for feature, why in problems_with(running or streamlit.__version__).items():
        turn_off(feature, why)
    if not _off:
        _LOG.info("Streamlit %s: %s are on", streamlit.__version__, ", ".join(f.name for f in FEATURES))
    return dict(_off)


def turn_off(feature: Feature, why: str) -> None:
    """A feature stops for this process, with one warning in the log (the first reason is kept)."""
    with _lock:
        if feature in _off:
            return
        _off[feature] = why
    _LOG.warning("%s turned off: %s; %s. See README, 'Moving to a new Streamlit'.", feature.name, why, feature.when_off)


def is_on(feature: Feature) -> bool:
    if not _checked:
        check_at_start()
    return feature not in _off


def features_off() -> dict[Feature, str]:
    if not _checked:
        check_at_start()
    return dict(_off)


def reset_for_tests() -> None:
    global _checked
    with _lock:
        _off.clear()
        _checked = False


def logger(name: str) -> logging.Logger:
    """Streamlit's logger for `name`: printed at Streamlit's `logger.level`, like Streamlit's own lines."""
    from streamlit.logger import get_logger

    return get_logger(name)


# --- the script run's context -------------------------------------------------------------------------------


def session_id() -> str | None:
    """The id of the session whose script is running on this thread; None outside a script run."""
    from streamlit.runtime.scriptrunner_utils.script_run_context import get_script_run_ctx

    ctx = get_script_run_ctx(suppress_warning=True)
    return None if ctx is None else ctx.session_id


def in_script_run() -> bool:
    return session_id() is not None


# --- sessions: pushed reruns and copied runs -------------------------------------------------------------


def session_info(session_id: str) -> Any | None:
    """Streamlit's active session info (`.session`, `.client`) for an id; None when it has ended, outside a
    server (AppTest), or when the session manager has moved (pushed reruns then turn off)."""
    if not is_on(PUSHED_RERUNS):
        return None
    try:
        from streamlit.runtime import Runtime

        if not Runtime.exists():
            return None
        return Runtime.instance()._session_mgr.get_active_session_info(session_id)
    except Exception as error:  # noqa: BLE001
        turn_off(PUSHED_RERUNS, f"the session manager failed: {error!r}")
        return None


def push_rerun(session: Any) -> None:
    """Rerun a session with its last client state, the whole page (not the fragment that ran last), on the
    server's event loop: what Streamlit does when the script file changes."""
    if not is_on(PUSHED_RERUNS):
        return
    try:
        from streamlit.proto.ClientState_pb2 import ClientState

        state = ClientState()
        state.CopyFrom(session._client_state)
        state.fragment_id = ""
        session._event_loop.call_soon_threadsafe(session.request_rerun, state)
    except Exception as error:  # noqa: BLE001
        turn_off(PUSHED_RERUNS, f"a rerun could not be requested: {error!r}")


def is_running(session: Any) -> bool:
    state = getattr(session, "_state", None)
    return getattr(state, "value", None) == "APP_IS_RUNNING"


def is_quiet(session: Any) -> bool:
    """Not running and nothing waiting to be sent: a copy written now cannot interleave with its own messages."""
    try:
        return not is_running(session) and session._browser_queue.is_empty()
    except AttributeError as error:
        turn_off(COPIED_RUNS, f"the session's browser queue is gone: {error!r}")
        return False


def event_loop(session: Any) -> Any | None:
    return getattr(session, "_event_loop", None)


def watch_outgoing(session: Any, see: Callable[[Any], bool]) -> Callable[[], None]:
    """Call `see(message)` for each message the session sends its browser from now on, until `see` returns
    False or the returned `stop` is called. Works by wrapping the session's own `flush_browser_queue` (the
    runtime's send loop calls it on the event loop); a second watch wraps the first."""
    original = session.flush_browser_queue
    watching = True

    def flush() -> list:
        nonlocal watching
        messages = original()
        for message in messages:
            if not watching:
                break
            watching = see(message)
        return messages

    def stop() -> None:
        nonlocal watching
        watching = False
        # The class's own method again, unless a newer watch wraps this one: that one takes both away.
        if vars(session).get("flush_browser_queue") is flush:
            del session.flush_browser_queue

    session.flush_browser_queue = flush
    return stop


def run_messages() -> Any:
    """Streamlit's ForwardMsg class (its run-end codes: FINISHED_SUCCESSFULLY, FINISHED_EARLY_FOR_RERUN)."""
    from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

    return ForwardMsg


def write_run(client: Any, session_id: str, messages: list) -> bool:
    """Write another session's recorded run to a session's browser (its `client`), as if this session had drawn
    it; the session's own id is kept (the browser reconnects with it). On the event loop. False when the client
    went away mid-copy (its next connection then runs anew)."""
    forward_msg = run_messages()
    try:
        for message in messages:
            if message.WhichOneof("type") == "new_session":
                own = forward_msg()
                own.CopyFrom(message)
                own.new_session.initialize.session_id = session_id
                message = own
            client.write_forward_msg(message)
    except Exception:  # noqa: BLE001
        _LOG.info("could not copy a run to session %s", session_id, exc_info=True)
        return False
    return True


# --- the link: query parameters bound to widgets -------------------------------------------------------------


def _query_params_context():
    from streamlit.runtime.state.session_state_proxy import get_session_state

    return get_session_state().query_params()


def forget_first_url_value(key: str, keep_current: bool = False) -> None:
    """Remove `key` from the link values a widget is seeded from on its first appearance (and, unless
    `keep_current`, from the link itself): a value set by code then outranks the stale first one."""
    if not is_on(LINK_REBINDING):
        return
    try:
        with _query_params_context() as params:
            params._initial_query_params.pop(key, None)
            if not keep_current:
                # remove_param, not del: a key bound to a widget (a slider whose range follows another control,
                # /families' held parameter after a change of family) refuses del, and Streamlit clears its own
                # invalid link values this way.
                params.remove_param(key)
    except Exception as error:  # noqa: BLE001
        turn_off(LINK_REBINDING, f"the link's first values could not be changed: {error!r}")


def release_url_bindings() -> bool:
    """Forget which link keys the last run's widgets were bound to (Streamlit refuses to set a bound key from
    code); each widget binds again as it is drawn. False when this cannot be done."""
    if not is_on(LINK_REBINDING):
        return False
    try:
        with _query_params_context() as params:
            for widget_id in list(params._bindings_by_widget):
                params.unbind_widget(widget_id)
        return True
    except Exception as error:  # noqa: BLE001
        turn_off(LINK_REBINDING, f"the link's widget bindings could not be released: {error!r}")
        return False


def keep_in_link_undrawn(key: str) -> bool:
    """Keep `key`'s link value while its widget is not drawn (a control in a closed panel): Streamlit removes a
    bound widget's value from the link at the end of the first run that does not draw it, and a widget drawn
    again later seeds itself from the session's *first* link before its last value. So the binding goes (the
    link keeps the value the widget last wrote) and so does the first value (the widget comes back at the value
    the session holds). False when this cannot be done: the widget must then be drawn."""
    if not is_on(LINK_REBINDING):
        return False
    try:
        with _query_params_context() as params:
            binding = params.get_binding_for_param(key)
            if binding is not None:
                params.unbind_widget(binding.widget_id)
            params._initial_query_params.pop(key, None)
        return True
    except Exception as error:  # noqa: BLE001
        turn_off(LINK_REBINDING, f"a link value could not be kept for a widget not drawn: {error!r}")
        return False


def seed_widgets_from(query: dict[str, str]) -> None:
    """Make `query` the link this run's widgets seed themselves from (they look at the link the run *started*
    with before session state)."""
    if not is_on(LINK_REBINDING):
        return
    try:
        with _query_params_context() as params:
            params.set_initial_query_params(urlencode(query))
    except Exception as error:  # noqa: BLE001
        turn_off(LINK_REBINDING, f"the link's first values could not be set: {error!r}")


# --- the server -------------------------------------------------------------------------------------------------


def session_upload_bytes(session_id: str) -> int | None:
    """How many bytes of uploaded files Streamlit holds for a session now (0 for an unknown one); None when
    that cannot be read (the cap then turns off for the process, with its warning)."""
    if not is_on(UPLOAD_CAP):
        return None
    try:
        from streamlit.runtime import Runtime

        if not Runtime.exists():
            return None
        manager = Runtime.instance().uploaded_file_mgr
        with manager._lock:
            files = list(manager.file_storage.get(session_id, {}).values())
        return sum(len(file.data) for file in files)
    except Exception as error:  # noqa: BLE001
        turn_off(UPLOAD_CAP, f"the uploaded-file manager could not be read: {error!r}")
        return None


def static_directory() -> Path | None:
    """Streamlit's folder of frontend files (private: `streamlit.file_util.get_static_dir`), checked: it holds
    index.html and a static/ folder of bundles, as the tested release lays it out. None where it does not; the
    caller (ui/compression.py) then compresses nothing and says so in the log."""
    try:
        from streamlit import file_util

        folder = Path(file_util.get_static_dir())
    except (ImportError, AttributeError, OSError) as error:
        _LOG.warning("Streamlit's static folder: %s", error)
        return None
    return folder if (folder / "index.html").is_file() and (folder / "static").is_dir() else None


# Streamlit's page (index.html) preloads its default font as the first thing a browser fetches; the tested release
# writes that as one <link rel="preload" ... as="font"> naming the Source Sans file. Before the theme arrives (with
# the session's first message) Streamlit draws one element, its "skip to content" link, in its default font, which
# alone made the browser fetch the file. (A second @font-face for the family, local fonts only, did not stop it:
# Chromium falls back from a face that fails to the one before it.)
_SOURCE_SANS_PRELOAD = re.compile(rb'\s*<link\s+rel="preload"\s+href="[^"]*/SourceSans[^"]*\.woff2"[^>]*>')
_BEFORE_THE_THEME = (Path(__file__).resolve().parent / "live" / "before_the_theme.css").read_bytes()  # browser's side


def page_without_source_sans(page: bytes, font: str) -> bytes | None:
    """Streamlit's page without a download of its font Source Sans: the preload dropped, and what it draws before
    the theme arrives set in the theme's own `font` (170 kB less for every first visit when the theme names other
    fonts). None where the page has no such preload or no head to add to (a Streamlit that writes its page
    otherwise); the caller (ui/compression.py) then sends the page as it is and says so in the log."""
    page, preloads = _SOURCE_SANS_PRELOAD.subn(b"", page, count=1)
    if not preloads or b"</head>" not in page:
        return None
    families = re.sub(r"[<>{};\\]", "", font).encode()     # a font list, never the end of the style or a rule
    style = b":root { --explorer-theme-font: " + families + b"; }\n" + _BEFORE_THE_THEME
    return page.replace(b"</head>", b"<style>" + style + b"</style>\n</head>", 1)


_SERVER_ADDRESS_SCRIPT = (Path(__file__).resolve().parent / "live" / "server_address.js").read_text()  # browser's side
# What the tested frontend's main bundle says when it reads the host's settings: the object it reads them from
# and the setting that names the server (it then connects there without trying the page's own path first).
_FRONTEND_READS_SERVER_ADDRESS = (b"window.__streamlit", b"BACKEND_BASE_URL")


def _a_bundle_names_all(folder: Path | None, bundle_pattern: str, names: tuple[bytes, ...]) -> bool:
    """Whether one of the frontend's bundles matching `bundle_pattern` (in static/js of `folder`, which is
    static_directory()) contains every one of `names`."""
    bundles = sorted((folder / "static" / "js").glob(bundle_pattern)) if folder is not None else []
    return any(all(name in bundle.read_bytes() for name in names) for bundle in bundles)


def _page_with_script(page: bytes, script: str) -> bytes | None:
    """Streamlit's page with `script` at the end of its head, before Streamlit's own scripts run; None where the
    page has no head to add it to."""
    if b"</head>" not in page:
        return None
    return page.replace(b"</head>", b"<script>" + script.encode() + b"</script>\n</head>", 1)


def frontend_reads_server_address(folder: Path | None) -> bool:
    """Whether Streamlit's frontend in `folder` (static_directory()) reads the server's address from
    window.__streamlit.BACKEND_BASE_URL: its main bundle (static/js/index.*.js) names both."""
    return _a_bundle_names_all(folder, "index.*.js", _FRONTEND_READS_SERVER_ADDRESS)


def page_with_server_address(page: bytes, page_paths: list[str]) -> bytes | None:
    """Streamlit's page with ui/live/server_address.js before its own scripts: a page opened at one of
    `page_paths` connects to the server at once. None where the page has no head to add it to."""
    # JSON is a JavaScript literal; "<" escaped so that no path can end the script element.
    paths = json.dumps(sorted(page_paths)).replace("<", "\\u003c")
    return _page_with_script(page, _SERVER_ADDRESS_SCRIPT.replace("PAGE_PATHS", paths, 1))


_DRAW_ORDER_SCRIPT = (Path(__file__).resolve().parent / "live" / "draw_order.js").read_text()      # browser's side
# What the tested frontend's chart bundle says when it hands Plotly.js to the page and draws a chart: it sets
# window.Plotly, and draws through the object's `react` (ui/live/draw_order.js wraps that one function).
_CHART_BUNDLE_DRAWS_THROUGH_WINDOW_PLOTLY = (b"window.Plotly=", b".react(")


def frontend_draws_through_window_plotly(folder: Path | None) -> bool:
    """Whether Streamlit's chart bundle in `folder` (static_directory()) sets window.Plotly and draws with its
    `react`, as ui/live/draw_order.js assumes (static/js/PlotlyChart.*.js names both). Chromium checks the rest
    (tests/browser/test_offline.py: the charts of a page are drawn one at a time, one per frame)."""
    return _a_bundle_names_all(folder, "PlotlyChart.*.js", _CHART_BUNDLE_DRAWS_THROUGH_WINDOW_PLOTLY)


# The tested release's chart bundle carries the whole of Plotly.js (every trace type: maps, 3D, finance...) as one
# UMD module, minified into the bundle as
#   (function(a,b){typeof m==`object`&&m.exports?m.exports=b():a.moduleName=b()})(typeof self<`u`?self:x,()=>{
#     ...Plotly.js...;return window.Plotly=p,p})
# Its factory's body is what light_chart_bundle replaces; the wrapper around it, and Streamlit's chart code that
# reads the module's export, stay as they are.
_PLOTLY_FACTORY_START = re.compile(
    rb"\(function\((\w+),(\w+)\)\{typeof (\w+)==`object`&&\3\.exports\?\3\.exports=\2\(\):\1\.moduleName=\2\(\)\}\)"
    rb"\(typeof self<`u`\?self:\w+,\(\)=>\{")
_PLOTLY_FACTORY_END = re.compile(rb"return window\.Plotly=(\w+),\1\}\)")


def chart_bundle_file(folder: Path | None) -> Path | None:
    """Streamlit's chart bundle (static/js/PlotlyChart.*.js of `folder`, which is static_directory()): the one
    file, or None."""
    bundles = sorted((folder / "static" / "js").glob("PlotlyChart.*.js")) if folder is not None else []
    return bundles[0] if len(bundles) == 1 else None


def light_chart_bundle(bundle: bytes, plotly: bytes) -> bytes | None:
    """Streamlit's chart bundle with `plotly` (a script that defines `var Plotly`, as
    ui/assets/plotly-explorer.min.js does) in place of the Plotly.js it carries, still handed to the page as
    window.Plotly and as the module's export. None where the bundle does not carry Plotly.js in exactly one
    factory written as the tested release writes it; the caller (ui/compression.py) then sends the bundle as it is
    and says so in the log."""
    starts = list(_PLOTLY_FACTORY_START.finditer(bundle))
    if len(starts) != 1:
        return None
    ends = list(_PLOTLY_FACTORY_END.finditer(bundle, starts[0].end()))
    if len(ends) != 1:
        return None
    # A newline first: the script may end in a comment (its licences).
    factory = plotly + b"\n;return window.Plotly=Plotly,Plotly})"
    return bundle[:starts[0].end()] + factory + bundle[ends[0].end():]


def page_with_draw_order(page: bytes) -> bytes | None:
    """Streamlit's page with ui/live/draw_order.js before its own scripts: a page's charts are drawn one at a
    time, the topmost of those waiting first. None where the page has no head to add it to."""
    return _page_with_script(page, _DRAW_ORDER_SCRIPT)


def run_server(arguments: list[str]) -> int:
    """`streamlit run …` in this process (serve.py), after the start-up work."""
    import sys

    from streamlit.web import cli

    sys.argv = ["streamlit", *arguments]
    return cli.main()
