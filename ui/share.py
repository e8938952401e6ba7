"""Sharing and presenting: the share panel (link, copy, QR code) and presenter mode.

The full state of every page lives in its URL (URL-bound controls), so sharing a view means
sharing the address bar. The panel rebuilds that address from the page's URL and its query
parameters, and draws it as a QR code large enough to scan from the back of a lecture hall.

Presenter mode (URL flag `present=1`, or the toggle) enlarges text and figures, raises contrast
and starts with the sidebar collapsed, so a projector shows only the page's story.
"""

from __future__ import annotations

from pathlib import Path

import functools
import io
from urllib.parse import urlencode

import segno
import streamlit as st

import i18n
from i18n import _
from ui import page_state, shared_runs

PRESENT_KEY = "present"


def presenting() -> bool:
    """True when the URL carries present=1 (the toggle writes exactly that)."""
    return st.query_params.get(PRESENT_KEY, "") == "1"


def current_link() -> str:
    """The address that reproduces this view: the page's URL with every query parameter."""
    base = st.context.url or ""
    params = [(key, value) for key in st.query_params for value in st.query_params.get_all(key)]
    if "lang" not in st.query_params:
        params.append(("lang", i18n.language()))   # a shared view opens in the language it was shared in
    query = urlencode(params)
    return f"{base}?{query}" if query else base


@functools.lru_cache(maxsize=256)  # a few kB each; every rerun of a view asks for the same code again
def qr_png(link: str, scale: int = 10) -> bytes:
    """A PNG of the link's QR code (error correction M: still scans when partly washed out)."""
    buffer = io.BytesIO()
    segno.make(link, error="m").save(buffer, kind="png", scale=scale, border=2, dark="#000000", light="#FFFFFF")
    return buffer.getvalue()


def _large_qr_body(link: str) -> None:
    st.image(qr_png(link, scale=16), width=560)
    st.code(link, language=None, wrap_lines=True)


def share_panel(where=st.sidebar) -> None:
    """Link with a copy button, a QR code, and a full-size QR for the projector."""
    link = current_link()
    # Drawn only while open (opening it reruns the page), like the Python snippets: the code block
    # and the QR image are first-load work that most readers of a page never look at.
    with where.expander(_("Share this view"), icon=":material/share:", expanded=False, key="share-open",
                        on_change="rerun") as panel:
        if not panel.open:
            return
        shared_runs.draws_own()   # opened by this reader, not by the teacher
        st.caption(_("Everything on the page, the random seed included, is in this link: anyone who opens it "
                     "sees exactly this view."))
        st.code(link, language=None, wrap_lines=True)  # the code block has a copy button
        st.image(qr_png(link, scale=6), caption=_("Scan to open this view"), width=220)
        if st.button(_("Show the QR code full-size"), icon=":material/qr_code_2:", width="stretch"):
            # The dialog is made here, not at import: its title is in the reader's language.
            st.dialog(_("Scan to open this view"), width="large")(_large_qr_body)(link)


_PRESENTER_CSS = "<style>" + (Path(__file__).resolve().parent / "live" / "presenter.css").read_text(
    encoding="utf-8") + "</style>"


def apply_presenter_style() -> None:
    if presenting():
        st.html(_PRESENTER_CSS)


def _sync_presenter_flag() -> None:
    # Not a bound widget: a bound toggle would write present=true, and links say present=1.
    if st.session_state.get("_present_toggle"):
        page_state.set_link_value(PRESENT_KEY, "1")
    else:
        page_state.drop_link_value(PRESENT_KEY)


def presenter_toggle(where=st.sidebar) -> None:
    where.toggle(_("Presenter mode"), key="_present_toggle", value=presenting(), on_change=_sync_presenter_flag,
                 help=_("Large text and figures, high contrast, sidebar tucked away: for a projector. "
                        "In the link as present=1."))
