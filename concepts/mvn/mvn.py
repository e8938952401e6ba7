"""MVN conditioning (/mvn): what does observing x2 tell us about x1?

URL keys (stable: shared links depend on them; generated from concepts/mvn/spec.py):
    tab      Conditioning or High dimensions (default Conditioning)
    mu1      mean μ₁: -100 to 100
    mu2      mean μ₂: -100 to 100
    s1       sd σ₁: 0.01 to 100
    s2       sd σ₂: 0.01 to 100
    rho      correlation ρ: -1 to 1
    x2       observed x₂ = a: depends on the rest of the state (at most -1000 to 1000)
    eps      ridge ε (used only when |ρ| = 1): 1e-06 to 1; added to Σ only when |rho| = 1
    samples  samples drawn: 100, 200, 500, 1000, 2000, 5000
    seed     Random seed: 0 to 4_294_967_295
"""

from __future__ import annotations

import streamlit as st

from concepts.mvn import explain as panels
from i18n import _
from concepts.mvn.spec import SPEC, MvnInputs
from ui import controls, frame, live
from ui.frame import page_frame, show_settings_summary
from ui.layout import show_figure, show_snippet, shown_as_error
from concepts.mvn.views import INTERPRETATION_KEY, conditioning_view, rho_family, shell_view, x2_family

def conditioning_tab(samples: int, eps: float, seed: int) -> None:
    stage = frame.stage("mvn")
    with stage.controls:
        means, sds = st.columns(2), st.columns(2)
        mu1, mu2 = (controls.control(SPEC.param(key), where=column) for key, column in zip(("mu1", "mu2"), means))
        s1, s2 = (controls.control(SPEC.param(key), where=column) for key, column in zip(("s1", "s2"), sds))
    rho, x2 = live.live_value(SPEC.param("rho")), live.live_value(SPEC.param("x2"))
    inputs = MvnInputs(mu1, mu2, s1, s2, rho, x2, eps, samples, seed)
    with shown_as_error(_("the conditional")):
        view = conditioning_view(inputs)
        cond = view.cond
        if cond.regularised_by:
            stage.sentence.warning(_(
                "**The covariance is not positive definite** (|ρ| = 1: every sample lies on one line, so x₂ "
                "determines x₁ exactly and there is no density). To keep going the page uses Σ + εI with "
                "ε = {eps}: the ellipses become very thin, and the conditional variance is {variance} ({percent}% "
                "of x₁'s variance {prior}) instead of exactly 0; the larger ε is against Σ₂₂, the more remains. "
                "Lower |ρ| to leave the degenerate case.").format(
                eps=f"{cond.regularised_by:g}", variance=f"{cond.cond_var:.3g}",
                prior=f"{cond.cov[0, 0]:.3g}", percent=f"{100 * cond.cond_var / cond.cov[0, 0]:.3g}"),
                icon=":material/warning:")
        stage.sentence.container(key=INTERPRETATION_KEY).markdown(f"**{panels.interpretation(cond)}**")
        stage.show_readouts(panels.conditioning_panels(cond))
        stage.show_main_figure(view.joint, "mvn-joint")
        with stage.more:
            show_figure(view.slices, "mvn-conditional")
            st.caption(_("The conditional is narrower than the marginal whenever ρ ≠ 0, and its width does not "
                         "depend on where x₂ landed: only its centre moves, along the regression line."))
        with stage.explain:
            show_snippet(panels.conditioning_snippet(cond))
    # ρ's and x₂'s sliders are drawn last, in their place under the joint figure: their live families depend
    # on every other control, and the page's figures and numbers reach the reader while they are computed.
    rho_slot, x2_slot = stage.control.columns(2, gap="medium")
    live.live_control(SPEC.param("rho"), rho, lambda: rho_family(inputs), where=rho_slot)
    window = inputs.x2_window
    live.live_control(SPEC.param("x2"), x2, lambda: x2_family(inputs, window),
                      state={"mu2": mu2, "s2": s2, "x2": x2}, step=window[2], where=x2_slot,
                      handle={"chart": "mvn-joint", "axis": "y"},
                      hint=_("Drag it, or the dotted x₂ line on the joint figure, or use the arrow keys."))


def high_dimension_tab(seed: int) -> None:
    stage = frame.stage("mvn-shell")
    stage.sentence.markdown(_("**In high dimensions almost no Gaussian draw lies near the mode.** The norm |x| of "
                              "x ~ N(0, I_d) concentrates at √d with a spread that stays near 1/√2, so relative to "
                              "its size the shell gets thinner and thinner: the typical set is a thin shell, not the "
                              "peak."))
    with shown_as_error(_("the samples")):
        view = shell_view(seed)
        stage.show_readouts(panels.shell_panels(view.summaries[-1]))
        stage.show_main_figure(view.shell, "mvn-shell")
        show_figure(view.spread, "mvn-shell-spread", where=stage.more)


with page_frame(SPEC, _("Conditioning a Gaussian: what does observing x₂ tell us about x₁?"),
                _("Set the joint distribution of two correlated variables, observe x₂, and see the best guess for "
                  "x₁ move along the regression line while its uncertainty shrinks."),
                what=_("the conditional")) as toolbar:
    with toolbar.settings:
        samples = controls.control(SPEC.param("samples"))
        seed = controls.seed_input()
        eps = controls.control(SPEC.param("eps"))
    show_settings_summary(toolbar, panels.settings_summary(samples), seed)
    conditioning_area, high_dim_area = controls.tabs(SPEC.tabs)
    if conditioning_area.open:
        with conditioning_area:
            conditioning_tab(samples, eps, seed)
    if high_dim_area.open:
        with high_dim_area:
            high_dimension_tab(seed)
