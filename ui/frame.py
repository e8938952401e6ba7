"""The frame every concept page is drawn in: its header and question, the page-wide presets, the slot for link
notices, and core's input errors shown as messages. (Issue 31 rebuilds this as the page template.)"""

from __future__ import annotations

import contextlib
from typing import Any

import streamlit as st

from ui import controls
from ui.layout import shown_as_error


@contextlib.contextmanager
def page_frame(spec: Any, headline: str, intro: str, *, what: str | None = None):
    """Everything a concept page does around its own content, once: the title and the question,
    the page-wide presets in the sidebar (a tab's own presets are drawn in the tab), a slot for
    notices about unusable link values (filled when the page's controls have run), and core's input
    errors shown as messages.

    A ValueError escaping the page's body ends the page's content with the message ("Cannot
    compute {what}: ..."); the sidebar, the notices and the rest of the app stay.
    """
    notice_area = controls.start_page(headline, intro)
    if spec.presets and not controls.following():
        with st.sidebar:
            controls.preset_buttons(spec.presets, where=st.sidebar, key_prefix=f"{spec.stem}-preset")
            st.divider()
    try:
        with shown_as_error(what):
            yield
    finally:
        controls.show_url_notices(notice_area)
