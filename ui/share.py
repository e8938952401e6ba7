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
from urllib.parse import urlencode, urlsplit

import segno
import streamlit as st

import i18n
from i18n import _
from ui import page_state, shared_runs
from ui.literal import literal

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


# Names that always mean "this computer": a phone that opens such a link reaches itself, not this app.
_LOOPBACK_NAMES = frozenset({"localhost", "0.0.0.0", "::", "::1"})


def host_only_this_computer_reaches(link: str) -> str | None:
    """The link's host when no other device can open it (localhost, 127.x.x.x, ::1, 0.0.0.0), else None."""
    host = (urlsplit(link).hostname or "").lower()
    if host in _LOOPBACK_NAMES or host.endswith(".localhost") or host.startswith("127."):
        return host
    return None


def _warn_if_only_this_computer(link: str) -> None:
    host = host_only_this_computer_reaches(link)
    if host is None:
        return
    # The host comes from the request (its Host header): shown as text, never as markup.
    st.warning(_("Only this computer can open this link ({host}). For phones and other computers, serve the app "
                 "on the network (`serve.py --server.address 0.0.0.0`) and open it by this computer's IP address."
                 ).format(host=literal(host)), icon=":material/wifi_off:")


@functools.lru_cache(maxsize=1)
def _copy_button_component():
    """A labelled Copy button that stays visible on touch screens (st.code's copy icon appears only under a
    hovering mouse). The label and the link arrive as data and are set as text, never as markup."""
    js = """
export default function (component) {
  const { data, parentElement } = component;
  const button = parentElement.querySelector("button");
  const label = parentElement.querySelector(".label");
  const status = parentElement.querySelector(".status");
  label.textContent = data.label;
  button.onclick = async () => {
    let copied = false;
    try {
      await navigator.clipboard.writeText(data.link);
      copied = true;
    } catch (error) {
      // navigator.clipboard exists only on HTTPS and localhost: a classroom server on a plain-HTTP
      // network address copies through a selected, off-screen text field instead.
      const field = document.createElement("textarea");
      field.value = data.link;
      field.setAttribute("readonly", "");
      field.style.position = "fixed";
      field.style.left = "-9999px";
      document.body.appendChild(field);
      field.select();
      try { copied = document.execCommand("copy"); } catch (ignored) { copied = false; }
      field.remove();
    }
    label.textContent = copied ? data.copied : data.label;
    status.textContent = copied ? data.copied : data.failed;
    button.dataset.copied = copied ? "yes" : "no";
    clearTimeout(button._reset);
    button._reset = setTimeout(() => { label.textContent = data.label; status.textContent = ""; }, 2500);
  };
}
"""
    html = ('<button type="button" data-testid="copy-link">'
            '<svg class="icon" aria-hidden="true" viewBox="0 0 24 24" width="18" height="18" fill="currentColor">'
            '<path d="M16 1H4a2 2 0 0 0-2 2v14h2V3h12zm3 4H8a2 2 0 0 0-2 2v14a2 2 0 0 0 2 2h11a2 2 0 0 0 2-2V7a2 2 0 0 '
            '0-2-2m0 16H8V7h11z"/></svg>'
            '<span class="label"></span></button><span class="status" role="status" aria-live="polite"></span>')
    css = """
button { display: flex; align-items: center; justify-content: center; gap: 0.5rem; width: 100%; min-height: 44px;
         padding: 0.25rem 0.75rem; font: inherit; color: inherit; background: transparent; cursor: pointer;
         border: 1px solid rgba(49, 51, 63, 0.2); border-radius: 0.5rem; }
button:hover { border-color: currentColor; }
button:focus-visible { outline: 2px solid #1f77b4; outline-offset: 2px; }
button[data-copied="yes"] .icon { color: #2e7d32; }
.status { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); }
"""
    return st.components.v2.component("prob_explorer.copy_link", html=html, css=css, js=js)


def _copy_button(link: str, key: str) -> None:
    _copy_button_component()(data={"link": link, "label": _("Copy link"), "copied": _("Copied"),
                                   "failed": _("Could not copy: select the link and copy it by hand.")},
                             key=key)


def _large_qr_body(link: str) -> None:
    # Centred in the dialog: a projector's audience scans the middle of the screen.
    with st.container(horizontal_alignment="center"):
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
        _warn_if_only_this_computer(link)
        st.code(link, language=None, wrap_lines=True)
        _copy_button(link, key="share-copy")
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
