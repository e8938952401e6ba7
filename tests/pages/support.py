"""Helpers for running pages headless with Streamlit's AppTest, as a user reaches them."""

from __future__ import annotations

import re
from pathlib import Path

from streamlit.testing.v1 import AppTest

from ui.frame import FORMULAS_KEY, LATE_FORMULA_KEY, PRESETS_KEY, SETTINGS_KEY
from ui.room_panel import PANEL_KEY
from ui.table import CSS_CLASS, table_rows

ROOT = Path(__file__).resolve().parents[2]


def open_panels(at: AppTest, formulas: bool = True) -> AppTest:
    """Open the folded panels (Presets, Settings, Classroom and, with `formulas`, the formulas) before the next
    run, as a reader opens them to reach their contents: those are drawn only while open."""
    for key in (PRESETS_KEY, SETTINGS_KEY, PANEL_KEY, *((FORMULAS_KEY, LATE_FORMULA_KEY) if formulas else ())):
        at.session_state[key] = True
    return at


def open_page(stem: str, query: dict[str, str] | None = None, panels_open: bool = True) -> AppTest:
    """Run app.py (navigation included) on page `stem`, with URL query parameters `query`, and the folded panels
    open (`panels_open`) or as a first visit finds them."""
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    for key, value in (query or {}).items():
        at.query_params[key] = value
    at.switch_page(f"concepts/{stem}/{stem}.py")
    if panels_open:
        open_panels(at)
    return at.run()


def assert_clean(at: AppTest) -> None:
    """No exception element and no error box anywhere on the page."""
    assert not at.exception, [e.value for e in at.exception]
    assert not at.error, [e.value for e in at.error]


def metric_values(at: AppTest) -> dict[str, str]:
    return {m.label: m.value for m in at.metric}


def as_read(markdown: str) -> str:
    """Markdown as a reader reads it: backslash escapes (ui/literal.py escapes what a person typed) removed."""
    return re.sub(r"\\([!-/:-@\[-`{-~])", r"\1", markdown)


def tables(at: AppTest) -> list[list[dict[str, str]]]:
    """The page's tables (ui/table.py), in order, each as rows of column name -> the text shown."""
    return [table for block in at.get("html") if CSS_CLASS in block.proto.body
            for table in table_rows(block.proto.body)]


def warnings_text(at: AppTest) -> str:
    return " ".join(as_read(w.value) for w in at.warning)


def errors_text(at: AppTest) -> str:
    return " ".join(as_read(e.value) for e in at.error)


def live_payloads(at: AppTest) -> dict[str, bytes]:
    """The live controls on the page (ui/live.py), by URL key: the bytes each sent to the browser."""
    return {element.key.removeprefix("live-"): element.proto.bytes
            for element in at.get("bidi_component") if element.key and element.key.startswith("live-")}


def live_controls(at: AppTest) -> dict[str, dict]:
    """The live controls on the page, by URL key: each one's header and family as the browser reads them (the
    header's JSON, a NUL, the family gzip-compressed; step-encoded arrays left as sent)."""
    import gzip
    import json

    controls = {}
    for key, payload in live_payloads(at).items():
        header, _, packed = payload.partition(b"\0")
        controls[key] = json.loads(header) | json.loads(gzip.decompress(packed))
    return controls


def release_live_control(at: AppTest, key: str, value: float) -> AppTest:
    """What releasing a live control at `value` commits (ui.live._commit; the browser tests drive the
    real slider): the value becomes the control's, and the page reruns."""
    at.session_state[key] = value
    return at.run()
