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
from ui import controls, frame, live
from ui.frame import page_frame, show_settings_summary
from ui.layout import show_figure, show_snippet, shown_as_error
from concepts.kl.views import (INTERPRETATION_KEY, estimation_view, fit_view, m2_family,
                      pair_view, s2_family)



def p_controls(stage: frame.Stage) -> tuple[float, float]:
    """p's mean and sd, in the stage's controls."""
    with stage.controls:
        st.markdown("**p = N(m₁, s₁²)**")
        columns = st.columns(2)
        return tuple(controls.control(SPEC.param(key), where=column) for key, column in zip(("m1", "s1"), columns))


def q_controls(stage: frame.Stage, m1: float, s1: float, live_families: bool) -> tuple[float, float]:
    """q's mean and sd, under the main figure: live (the figure follows while dragged) where the tab has a
    family for them, else committed on release. Returns their values."""
    m2, s2 = live.live_value(SPEC.param("m2")), live.live_value(SPEC.param("s2"))
    m2_slot, s2_slot = stage.control.columns(2, gap="medium")
    live.live_control(SPEC.param("m2"), m2, (lambda: m2_family(m1, s1, s2)) if live_families else None, where=m2_slot)
    live.live_control(SPEC.param("s2"), s2, (lambda: s2_family(m1, s1, m2)) if live_families else None, where=s2_slot)
    return m2, s2


def gaussians_tab() -> None:
    stage = frame.stage("kl")
    m1, s1 = p_controls(stage)
    m2, s2 = live.live_value(SPEC.param("m2")), live.live_value(SPEC.param("s2"))
    with shown_as_error(_("the divergences")):
        view = pair_view(m1, s1, m2, s2)
        pair = view.pair
        stage.sentence.container(key=INTERPRETATION_KEY).markdown(f"**{panels.pair_interpretation(pair)}**")
        stage.show_readouts(panels.pair_panels(pair))
        stage.show_main_figure(view.figure, "kl-integrands")
        stage.more.caption(_("The lower panel shows where each divergence accumulates. The integrand can be negative "
                             "in places (where the first density is below the second), but its total area never is. "
                             "Make q narrow to watch KL(p‖q) explode: p puts mass where q has almost none. The same "
                             "happens, infinitely, when top-k or top-p truncation zeroes tokens a language model can "
                             "produce: KL(model ‖ truncated) = ∞."))
        with stage.explain:
            show_snippet(panels.pair_snippet(pair))
    # q's sliders are drawn last, under the figure: their live families need the other values, and the
    # page reaches the reader while they are computed.
    q_controls(stage, m1, s1, live_families=True)


def fitting_tab() -> None:
    stage = frame.stage("kl-fit")
    # No live control here: the tab's two sliders are its controls, under the figure.
    sep_slot, w_slot = stage.control.columns(2, gap="medium")
    sep, w = controls.control(SPEC.param("sep"), where=sep_slot), controls.control(SPEC.param("w"), where=w_slot)
    with shown_as_error(_("the fits")):
        view = fit_view(sep, w)
        stage.sentence.markdown(f"**{panels.fit_verdict(view.forward, view.reverse, view.start_count)}**")
        stage.show_readouts(panels.fit_panels(view.forward, view.reverse, view.start_count))
        stage.show_main_figure(view.figure, "kl-fits")
        stage.more.caption(_("Variational inference minimises KL(q‖p) and so tends to under-cover a multimodal "
                             "posterior; maximum likelihood minimises KL(p_data‖q) and so covers every mode, even at "
                             "the cost of mass between them."))


def estimation_tab(seed: int) -> None:
    stage = frame.stage("kl-mc")
    m1, s1 = p_controls(stage)
    m2, s2 = q_controls(stage, m1, s1, live_families=False)
    with shown_as_error(_("the estimate")):
        view = estimation_view(m1, s1, m2, s2, seed)
        stage.sentence.markdown(f"**{panels.estimation_sentence(view.mc)}**")
        stage.show_readouts(panels.estimation_panels(view.mc))
        stage.show_main_figure(view.estimates, "kl-monte-carlo")
        show_figure(view.errors, "kl-error", where=stage.more)


with page_frame(SPEC, _("KL divergence: why the direction matters"),
                _("Why is KL(p‖q) not KL(q‖p), and why does it matter which one we minimise? Compare the two "
                  "directions for two Gaussians, fit one Gaussian to a two-humped p both ways, and estimate KL "
                  "from samples."), what=_("the divergences")) as toolbar:
    with toolbar.settings:
        seed = controls.seed_input()
    show_settings_summary(toolbar, [], seed)
    gaussians_area, fitting_area, estimation_area = controls.tabs(SPEC.tabs)
    if gaussians_area.open:
        with gaussians_area:
            gaussians_tab()
    if fitting_area.open:
        with fitting_area:
            fitting_tab()
    if estimation_area.open:
        with estimation_area:
            estimation_tab(seed)
