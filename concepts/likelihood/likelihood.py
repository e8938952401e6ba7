"""Maximum likelihood at scale (/likelihood): how do we find the parameters that make the data most
probable, for a million points? The log-likelihood surface and its curvature, why it is computed in
log space, and how the GPU kernel computes it (its source, read from explorer_kernels/, and every backend
timed on this machine).

URL keys (stable: shared links depend on them; generated from concepts/likelihood/spec.py):
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

from typing import Callable

import streamlit as st

from concepts.likelihood import explain as panels
from concepts.likelihood.data_choice import own_data, simulated_data
from i18n import _
from concepts.likelihood.spec import SPEC
from ui import admission, controls, frame
from ui.frame import page_frame, show_settings_summary
from ui.layout import show_figure, show_snippet, show_table, shown_as_error
from concepts.likelihood import views


def mle_tab(data: views.Data, seed: int) -> None:
    stage = frame.stage("likelihood")
    window = controls.control(SPEC.param("window"), where=stage.control)   # the figure's control, under it
    view = views.fit_view(data)
    stage.sentence.markdown(f"**{panels.fit_interpretation(view.fit, view.sharpening, view.gap, data.source)}**")
    stage.show_readouts(panels.fit_panels(view.fit))
    stage.show_main_figure(views.surface_figure(data, window), "likelihood-surface")
    stage.sentence.caption(panels.surface_caption(window))
    with stage.more:
        left, right = st.columns(2, gap="large")
        with left:
            show_figure(view.data_figure, "likelihood-data")
            if view.gap is not None:
                st.caption(panels.fit_gap_caption(view.gap))
        with right:
            show_figure(view.sharpening_figure, "likelihood-sharpening")
            st.caption(panels.sharpening_caption(view.sharpening))
        st.page_link("concepts/fisher/fisher.py", icon=":material/target:",
                     label=_("The curvature's expectation is the Fisher information: the Fisher page"))
    with stage.explain:
        show_snippet(panels.snippet(panels.data_line(data.source, data.points.size, seed), view.fit))


def stability_tab(data: views.Data) -> None:
    stage = frame.stage("stability")
    shift = controls.control(SPEC.param("shift"), where=stage.control)   # the figure's control, under it
    view = views.stability_view(data, shift)
    lse = panels.Panel(_("max-shifted log-sum-exp"), f"{view.underflow.stable:.8g}", panels.LOGSUMEXP_FORMULA,
                       _(panels.LOGSUMEXP_WHY), note=_("at d = {d}").format(d=f"{shift:g}"))
    stage.sentence.markdown(f"**{panels.stability_interpretation(view.product, view.underflow, shift)}**")
    stage.show_readouts(panels.stability_panels(view.product, shift), more_formulas=[lse])
    stage.show_main_figure(view.product_figure, "likelihood-product")
    with stage.more:
        st.subheader(_("log-sum-exp: the same failure inside a mixture, and its one-line fix"))
        left, right = st.columns([1.4, 1], gap="large")   # the table has five columns of numbers
        with left:
            frame.show_readout(st, lse)
            show_table(panels.logsumexp_rows((view.underflow, view.overflow), view.softmax))
        with right:
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


def show_data(points: int, load: Callable[[], views.Data], seed: int) -> None:
    """The tabs, from data loaded once the server has room (one queue place for the whole run: ui.admission);
    a function, so that the data (up to 80 MB) do not outlive the run in the page's globals."""
    with admission.admitted(points):
        data = load()
        mle_area, stability_area, gpu_area = controls.tabs(SPEC.tabs)
        for area, draw in ((mle_area, lambda: mle_tab(data, seed)), (stability_area, lambda: stability_tab(data)),
                           (gpu_area, lambda: gpu_tab(data))):
            if area.open:
                with area:
                    draw()


with page_frame(SPEC, _("Maximum likelihood at scale: the surface, its peak and its curvature"),
                _("Which normal makes a million points most probable? Watch the log-likelihood surface sharpen "
                  "as N grows."),
                what=_("the likelihood")) as toolbar:
    data_area = st.container()
    with toolbar.settings:
        seed = controls.seed_input()
        simulated = simulated_data(seed)
    chosen = simulated or own_data(data_area)
    show_settings_summary(toolbar, panels.settings_summary(chosen[0] if chosen else None), seed)
    if chosen is None:
        data_area.info(_("Paste some numbers above (or upload a file) and the page fits a normal to them."),
                       icon=":material/edit_note:")
    else:
        show_data(*chosen, seed)
