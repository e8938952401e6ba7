"""GMM vs one Gaussian (/gmm): when does one Gaussian stop being enough?

URL keys (stable: shared links depend on them; generated from concepts/gmm/spec.py):
    source     Data: simulate, paste
    sep        separation of the true means: 0 to 20; used when source=simulate
    w          weight of the left component: 0.05 to 0.95; used when source=simulate
    sd1        sd left: 0.1 to 5; used when source=simulate
    sd2        sd right: 0.1 to 5; used when source=simulate
    n          points N: 100, 200, 300, 500, 1000, 2000, 5000, 10000, 50000, 100000; used when source=simulate
    k          components K to fit: 1, 2, 3, 4
    restarts   EM restarts: 1 to 10
    iteration  EM iteration shown: depends on the rest of the state (at most 0 to 300)
    seed       Random seed: 0 to 4_294_967_295
"""

from __future__ import annotations

import streamlit as st

from concepts.gmm import explain as panels
from explain.backends import backend_label
from i18n import _
from concepts.gmm.spec import MAX_PASTE_CHARS, SPEC
from ui import controls, frame, live
from ui.frame import page_frame, show_settings_summary
from ui.layout import show_figure, show_input_error, show_paste_cut, show_snippet, show_table
from concepts.gmm.views import (ITERATION_KEY, FitView, fit_view, iteration_family, iteration_grid, iteration_view,
                       pasted_data, simulated_data)

MAX_UPLOAD_BYTES = 4_000_000


def read_pasted_data():
    """The pasted or uploaded numbers, or None with a message naming the problem."""
    st.caption(_("Pasted or uploaded numbers stay in this browser session: they are not part of the link."))
    upload = st.file_uploader(_("Upload a .txt or .csv of numbers"), type=["txt", "csv"],
                              max_upload_size=MAX_UPLOAD_BYTES // 1_000_000)
    text = st.text_area(_("…or paste numbers (commas, spaces or one per line)"), key="pasted", height=140,
                        placeholder="1.2, 0.7, 3.9\n4.1 5.0 ...", max_chars=MAX_PASTE_CHARS,
                        help=_("At most {limit} characters (about {numbers} numbers); upload a file for more.").format(
                            limit=f"{MAX_PASTE_CHARS:,}", numbers=f"{MAX_PASTE_CHARS // 10:,}"))
    if upload is None:
        show_paste_cut(text, MAX_PASTE_CHARS)
    if upload is not None:
        raw = upload.getvalue()
        if len(raw) > MAX_UPLOAD_BYTES:
            st.error(_("The file is {size} MB; the limit is {limit} MB.").format(
                size=f"{len(raw) / 1e6:.1f}", limit=f"{MAX_UPLOAD_BYTES / 1e6:.0f}"))
            return None
        text = raw.decode("utf-8", errors="replace")
    if not text.strip():
        return None
    try:
        return pasted_data(text)
    except ValueError as error:
        show_input_error(error, _("the pasted data"), verb=_("read"))
        return None


def fit_section(stage: frame.Stage, view: FitView, iteration: int, shown: dict) -> None:
    """The verdict, numbers and snippet, and EM at `iteration` (`shown`: its figures, by chart key)."""
    stage.sentence.markdown(f"**{panels.verdict(view.comparison)}**")
    stage.show_readouts(panels.comparison_panels(view.comparison))
    stage.sentence.container(key=ITERATION_KEY).markdown(panels.iteration_sentence(view.fit, iteration))
    stage.show_main_figure(shown["gmm-em"], "gmm-em")
    with stage.more:
        left, right = st.columns([1.4, 1], gap="medium")
        with left:
            show_figure(shown["gmm-loglik"], "gmm-loglik")
            st.caption(_("The rug under the histogram above colours each point by its responsibility for "
                         "component 1."))
        with right:
            show_table(panels.component_rows(view.fit))
            st.caption(panels.fit_caption(view.fit))
    with stage.explain:
        show_snippet(panels.snippet(view.fit.mixture))


def landscape_section(view: FitView) -> None:
    st.subheader(_("The likelihood landscape"))
    if view.landscape is None:
        st.info(_("The (μ₁, μ₂) landscape is drawn for K = 2; set K to 2 to see it."), icon=":material/info:")
        return
    left, right = st.columns([1.4, 1], gap="medium")
    with left:
        show_figure(view.landscape_figure, "gmm-landscape")
    with right:
        st.markdown(panels.landscape_reading(view.landscape))
        st.markdown(_("Computed by **{backend}**.").format(backend=backend_label(view.landscape.backend)))
        controls.show_panel(st, panels.landscape_panel(view.landscape, view.comparison.n))


def simulation_controls() -> tuple[float, float, float, float]:
    """The true mixture the data are drawn from: separation, weight and the two sds."""
    sep, w = controls.control(SPEC.param("sep")), controls.control(SPEC.param("w"))
    sds = st.columns(2)
    sd1, sd2 = (controls.control(SPEC.param(key), where=col) for key, col in zip(("sd1", "sd2"), sds))
    return sep, w, sd1, sd2


with page_frame(SPEC, _("Mixtures: when does one Gaussian stop being enough?"),
                _("Fit one Gaussian and a K-component mixture to the same data, watch EM find the mixture step by "
                  "step, and let the likelihood, BIC and AIC say whether the extra components earn their keep."),
                what=_("the fit")) as toolbar:
    with toolbar.settings:
        source = controls.control(SPEC.param("source"))
        n = controls.control(SPEC.param("n")) if source == "simulate" else None
        restarts = controls.control(SPEC.param("restarts"))
        seed = controls.seed_input()
    show_settings_summary(toolbar, panels.settings_summary(source, n, restarts), seed)
    stage = frame.stage("gmm")
    with stage.controls:
        k = controls.control(SPEC.param("k"))
        if source == "simulate":
            data = simulated_data(*simulation_controls(), n, seed)
        else:
            data = read_pasted_data()
    if data is None:
        stage.figure.info(_("Paste at least 10 numbers beside this, or switch the data source back to simulate "
                            "in Settings."), icon=":material/edit_note:")
    else:
        view = fit_view(data, k, restarts, seed)
        live.forget_when_changed("iteration", (data.key, k, restarts, seed))  # a new fit: its last step
        iteration = live.live_value(SPEC.param("iteration"), state={"last": view.last})
        fit_section(stage, view, iteration, iteration_view(data, k, restarts, seed, iteration))
        with stage.more:
            landscape_section(view)
        live.live_control(SPEC.param("iteration"), iteration, lambda: iteration_family(data, k, restarts, seed),
                          state={"last": view.last}, options=iteration_grid(view.last), where=stage.control,
                          hint=_("Drag or use the arrow keys to replay EM step by step."))
