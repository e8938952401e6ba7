"""/likelihood's data, as the reader chooses it: simulated (the source and its size, in the page's Settings) or the
reader's own numbers (pasted or uploaded, on the page). Each returns how many points the data will hold and a
function that loads them (once the server has room: ui.admission), so that the data (up to 80 MB) do not outlive
the run in the page's globals."""

from __future__ import annotations

from typing import Any, Callable

import streamlit as st

from concepts.likelihood import explain as panels, views
from concepts.likelihood.spec import MAX_UPLOAD_MB, SPEC
from i18n import _
from ui import admission, controls
from ui.layout import show_paste_cut

Chosen = tuple[int, Callable[[], views.Data]]


def simulated_data(seed: int) -> Chosen | None:
    """The source and, simulated, its size (None: the reader's own numbers). Drawn directly in Settings, so that
    they rest while the panel is closed (ui.frame.SettingsPanel)."""
    source = controls.control(SPEC.param("source"))
    if source == "pasted":
        return None
    n = controls.control(SPEC.param("n"))
    used = views.points_used(n, admission.max_points())
    if cut := panels.points_cut_caption(n, used, views.points_used(n)):
        st.caption(cut)
    return used, lambda: views.simulated_data(source, n, seed, used)


def own_data(data_area: Any) -> Chosen | None:
    """The reader's numbers, uploaded or pasted in `data_area` on the page (None: none yet)."""
    with data_area:
        upload = st.file_uploader(_("…or upload a text or CSV file of numbers"), type=["txt", "csv"],
                                  max_upload_size=MAX_UPLOAD_MB, help=panels.upload_help(MAX_UPLOAD_MB))
        if upload is not None:
            if upload.size > MAX_UPLOAD_MB * 2**20:   # refused by size before a byte is parsed
                st.error(_("The file is {size} MB; the limit is {limit} MB.").format(
                    size=f"{upload.size / 2**20:.1f}", limit=MAX_UPLOAD_MB), icon=":material/error:")
                return None
            content = upload.getvalue()
            return views.points_in_text(len(content)), lambda: views.uploaded_data(upload.file_id, content)
        text = controls.control(SPEC.param("data"))
        show_paste_cut(text, SPEC.param("data").max_chars)
    return None if not text.strip() else (views.points_in_text(len(text)), lambda: views.pasted_data(text))
