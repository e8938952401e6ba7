"""Maximum likelihood at scale (/likelihood): how do we find the parameters that make the data most
probable, for a million points? The log-likelihood surface and its curvature, why it is computed in
log space, and how the GPU kernel computes it (its source, read from explorer_kernels/, and every backend
timed on this machine).

URL keys (stable: shared links depend on them; generated from specs/likelihood.py):
    tab      Maximum likelihood or Numerical stability or The GPU kernel (default Maximum likelihood)
    source   Data: normal, bimodal, pasted
    n        points N: 10, 100, 1000, 10000, 100000, 1000000, 10000000, 100000000; 10^8 needs a GPU
    data     Your numbers (commas, spaces or new lines): text, at most 20000 characters; source=pasted
    window   Surface window: fixed, mle [Maximum likelihood tab]
    shift    distance d: data moved d sds from the parameters: 0 to 50 [Numerical stability tab]
    program  program (block) to follow: -100_000_000 to 100_000_000 [The GPU kernel tab]
    seed     Random seed: 0 to 4_294_967_295
"""

from __future__ import annotations

import streamlit as st

from explain import likelihood as panels
from i18n import _
from specs.likelihood import SPEC, STABILITY
from ui import controls
from ui.layout import page_frame, show_figure, show_snippet, show_table, shown_as_error
from views import likelihood as views


def choose_data(seed: int) -> views.Data | None:
    """The data controls (sidebar): a seeded simulation, or the reader's own numbers (None: none yet)."""
    source = controls.control(SPEC.param("source"))
    if source != "pasted":
        n = controls.control(SPEC.param("n"))
        data = views.simulated_data(source, n, seed)
        if data.points.size < n:
            st.caption(_("{wanted} points need a GPU; this machine uses {used}.").format(
                wanted=f"{n:,}", used=f"{data.points.size:,}"))
        return data
    upload = st.file_uploader(_("…or upload a text or CSV file of numbers"), type=["txt", "csv"],
                              help=_("Up to ten million numbers. An upload stays in this browser session: it is not "
                                     "part of the link."))
    if upload is not None:
        return views.uploaded_data(upload.file_id, upload.getvalue())
    text = controls.control(SPEC.param("data"))
    return None if not text.strip() else views.pasted_data(text)


def mle_tab(data: views.Data, seed: int) -> None:
    view = views.fit_view(data)
    st.markdown(f"**{panels.fit_interpretation(view.fit, view.sharpening, view.gap, data.source)}**")
    controls.show_panels(panels.fit_panels(view.fit))
    show_snippet(panels.snippet(panels.data_line(data.source, data.points.size, seed), view.fit))
    left, right = st.columns([1.15, 1], gap="large")
    with left:
        window = controls.control(SPEC.param("window"))
        show_figure(views.surface_figure(data, window), "likelihood-surface")
        st.caption(panels.surface_caption())
    with right:
        show_figure(view.data_figure, "likelihood-data")
        if view.gap is not None:
            st.caption(panels.fit_gap_caption(view.gap))
    with left:
        show_figure(view.sharpening_figure, "likelihood-sharpening")
        st.caption(panels.sharpening_caption(view.sharpening))
    st.page_link("app_pages/fisher.py",
                 label=_("The curvature's expectation is the Fisher information: the Fisher page"),
                 icon=":material/target:")


def stability_tab(data: views.Data) -> None:
    controls.preset_buttons(SPEC.presets_by_tab[STABILITY], key_prefix="stability-preset")
    shift = controls.control(SPEC.param("shift"))
    view = views.stability_view(data, shift)
    st.markdown(f"**{panels.stability_interpretation(view.product, view.underflow, shift)}**")
    controls.show_panels(panels.stability_panels(view.product, shift), per_row=3)
    show_figure(view.product_figure, "likelihood-product")
    st.subheader(_("log-sum-exp: the same failure inside a mixture, and its one-line fix"))
    controls.show_panels([panels.Panel(_("max-shifted log-sum-exp"), f"{view.underflow.stable:.8g}",
                                       panels.LOGSUMEXP_FORMULA, _(panels.LOGSUMEXP_WHY),
                                       note=_("at d = {d}").format(d=f"{shift:g}"))], per_row=3)
    show_table(panels.logsumexp_rows((view.underflow, view.overflow), view.softmax))
    show_figure(view.logsumexp_figure, "likelihood-logsumexp")


def _time_again() -> None:
    st.session_state["timing_round"] = st.session_state.get("timing_round", 0) + 1


def gpu_tab(data: views.Data) -> None:
    kernel, reference = views.kernel_listings()
    st.markdown(_("**The per-point kernel** (`explorer_kernels/gaussian_logpdf.py`, shown as it runs) **and the plain "
                  "torch it must reproduce**"))
    st.code(kernel, language="python")
    st.code(reference, language="python")
    with shown_as_error(_("the walk through one block")):
        walk = views.block_walk(data, controls.control(SPEC.param("program")))
        show_table(panels.walk_rows(walk))
        st.caption(panels.walk_caption(walk))
    st.subheader(_("Every backend on this machine, at this N"))
    timings, figure = views.timings(data, st.session_state.get("timing_round", 0))
    st.markdown(f"**{panels.timing_interpretation(timings, data.points.size)}**")
    show_table(panels.timing_rows(timings))
    show_figure(figure, "likelihood-timings")
    st.button(_("Time again"), on_click=_time_again, icon=":material/timer:",
              help=_("Measured once per data set and kept; this measures again (the machine may be busy)."))


with page_frame(SPEC, _("Maximum likelihood at scale: the surface, its peak and its curvature"),
                _("Which normal makes a million points most probable? One pass over the data gives the whole "
                  "log-likelihood surface; see it sharpen as N grows, see why it must be computed in log space, "
                  "and see the GPU kernel that computes it."), what=_("the likelihood")):
    with st.sidebar:
        seed = controls.seed_input(st.sidebar)
        data = choose_data(seed)
    if data is None:
        st.info(_("Paste some numbers in the sidebar (or upload a file) and the page fits a normal to them."),
                icon=":material/edit_note:")
    else:
        mle_area, stability_area, gpu_area = controls.tabs(SPEC.tabs)
        for area, draw in ((mle_area, lambda: mle_tab(data, seed)), (stability_area, lambda: stability_tab(data)),
                           (gpu_area, lambda: gpu_tab(data))):
            if area.open:
                with area:
                    draw()
