"""KL asymmetry (/kl): why is KL(p || q) not KL(q || p), and why does it matter which we minimise?

URL keys (stable: shared links depend on them; generated from concepts/kl/spec.py):
    tab   Two Gaussians or Fitting or Estimation (default Two Gaussians)
    m1    mean m₁: -20 to 20
    s1    sd s₁: 0.05 to 20
    m2    mean m₂: -20 to 20
    s2    sd s₂: 0.05 to 20
    sep   distance between p's modes: 0 to 12 [Fitting tab]
    w     weight of the left mode: 0.05 to 0.95 [Fitting tab]
    seed  Random seed: 0 to 4_294_967_295
"""

from __future__ import annotations

import streamlit as st

from concepts.kl import explain as panels
from i18n import _
from concepts.kl.spec import SPEC
from ui import controls, live
from ui.frame import page_frame
from ui.layout import show_figure, show_snippet, shown_as_error
from concepts.kl.views import (INTERPRETATION_KEY, EstimationView, PairView, estimation_view, fit_view, m2_family,
                      pair_view, s2_family)



def gaussians_tab(view: PairView) -> None:
    pair = view.pair
    st.container(key=INTERPRETATION_KEY).markdown(f"**{panels.pair_interpretation(pair)}**")
    controls.show_panels(panels.pair_panels(pair), per_row=3)
    show_snippet(panels.pair_snippet(pair))
    show_figure(view.figure, "kl-integrands")
    st.caption(_("The lower panel shows where each divergence accumulates. The integrand can be negative "
                 "in places (where the first density is below the second), but its total area never is. "
                 "Make q narrow to watch KL(p‖q) explode: p puts mass where q has almost none. The same "
                 "happens, infinitely, when top-k or top-p truncation zeroes tokens a language model can "
                 "produce: KL(model ‖ truncated) = ∞."))


def fitting_tab() -> None:
    controls_column, figure_column = st.columns([1, 3], gap="large")
    with controls_column:
        sep, w = controls.control(SPEC.param("sep")), controls.control(SPEC.param("w"))
    view = fit_view(sep, w)
    with figure_column:
        st.markdown(f"**{panels.fit_verdict(view.forward, view.reverse, view.start_count)}**")
        controls.show_panels(panels.fit_panels(view.forward, view.reverse, view.start_count), per_row=3)
        show_figure(view.figure, "kl-fits")
        st.caption(_("Variational inference minimises KL(q‖p) and so tends to under-cover a multimodal posterior; "
                     "maximum likelihood minimises KL(p_data‖q) and so covers every mode, even at the cost of mass "
                     "between them."))


def estimation_tab(view: EstimationView) -> None:
    st.markdown(f"**{panels.estimation_sentence(view.mc)}**")
    controls.show_panels(panels.estimation_panels(view.mc), per_row=3)
    left, right = st.columns(2)
    with left:
        show_figure(view.estimates, "kl-monte-carlo")
    with right:
        show_figure(view.errors, "kl-error")


with page_frame(SPEC, _("KL divergence: why the direction matters"),
                _("Why is KL(p‖q) not KL(q‖p), and why does it matter which one we minimise? Compare the two "
                  "directions for two Gaussians, fit one Gaussian to a two-humped p both ways, and estimate KL "
                  "from samples."), what=_("the divergences")):
    with st.sidebar:
        st.markdown("**p = N(m₁, s₁²)**")
        p_cols = st.columns(2)
        m1, s1 = (controls.control(SPEC.param(key), where=col) for key, col in zip(("m1", "s1"), p_cols))
        # A student following the teacher sees q's values as text: nothing to drag.
        how = "" if controls.following() else ": " + _("drag, and both divergences follow")
        st.markdown("**q = N(m₂, s₂²)**" + how)
        (m2, m2_slot), (s2, s2_slot) = ((live.live_value(SPEC.param(key)), st.container()) for key in ("m2", "s2"))
        seed = controls.seed_input(st.sidebar)

    gaussians_area, fitting_area, estimation_area = controls.tabs(SPEC.tabs)
    if fitting_area.open:
        with fitting_area, shown_as_error(_("the fits")):
            fitting_tab()
    pair = pair_view(m1, s1, m2, s2)  # a bad pair ends the page here, after the Fitting tab (it needs none)
    if gaussians_area.open:
        with gaussians_area:
            gaussians_tab(pair)
    if estimation_area.open:
        with estimation_area, shown_as_error(_("the estimate")):
            estimation_tab(estimation_view(m1, s1, m2, s2, seed))
    # q's sliders are drawn last, in their places in the sidebar: their live families need the other
    # values, and the page reaches the reader while they are computed.
    live_here = gaussians_area.open
    live.live_control(SPEC.param("m2"), m2, (lambda: m2_family(m1, s1, s2)) if live_here else None, where=m2_slot)
    live.live_control(SPEC.param("s2"), s2, (lambda: s2_family(m1, s1, m2)) if live_here else None, where=s2_slot)
