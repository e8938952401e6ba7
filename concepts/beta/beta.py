"""Beta posterior updating (/beta): how does a prior become a posterior, one coin flip at a time?

URL keys (stable: shared links depend on them; generated from concepts/beta/spec.py):
    tab       Beta-Bernoulli or Gaussian-Gaussian (default Beta-Bernoulli)
    a         a (prior heads): 0.01 to 1000 [Beta-Bernoulli tab]
    b         b (prior tails): 0.01 to 1000 [Beta-Bernoulli tab]
    data      Where the flips come from: counts, simulate [Beta-Bernoulli tab]
    heads     heads: 0 to 100000 [Beta-Bernoulli tab]; used when data=counts
    tails     tails: 0 to 100000 [Beta-Bernoulli tab]; used when data=counts
    theta     true θ: 0 to 1 [Beta-Bernoulli tab]; used when data=simulate
    flips     flips: 0 to 10000 [Beta-Bernoulli tab]; used when data=simulate
    seen      flips seen so far: depends on the rest of the state (at most 0 to 200000) [Beta-Bernoulli tab]
    interval  95% credible interval: central, hpd [Beta-Bernoulli tab]
    grid      Grid points per axis M: 2 to 200 [Beta-Bernoulli tab]
    mu0       prior mean μ₀: -100 to 100 [Gaussian-Gaussian tab]
    tau0      prior sd τ₀: 0.01 to 100 [Gaussian-Gaussian tab]
    sigma     known noise sd σ: 0.01 to 100 [Gaussian-Gaussian tab]
    mu_true   true mean μ (simulated data): -100 to 100 [Gaussian-Gaussian tab]
    gn        observations N: 0 to 10000 [Gaussian-Gaussian tab]
    seed      Random seed: 0 to 4_294_967_295
"""

from __future__ import annotations

import streamlit as st

from concepts.beta import explain as panels
from i18n import _
from concepts.beta.spec import SPEC
from ui import controls, frame, live, page_state
from ui.frame import page_frame, show_settings_summary
from ui.layout import show_figure, show_snippet, show_table, shown_as_error
from concepts.beta.views import (NOT_LIVE, SENTENCE_KEYS, BetaView, Flips, beta_view, gaussian_view, seen_family,
                                 seen_grid, sentences, simulated_flips)


def _add_flip(is_head: bool, heads: int, tails: int) -> None:
    """+1 head / +1 tail: switch to counts (keeping what was simulated) and bump one count."""
    page_state.apply({"data": "counts", "heads": heads + (1 if is_head else 0),
                          "tails": tails + (0 if is_head else 1)})


def _reset_counts() -> None:
    page_state.apply({"data": "counts", "heads": 0, "tails": 0})


def flips_controls(seed: int) -> Flips:
    """The data controls: counts typed in (or clicked in class), or a seeded coin."""
    st.markdown("**{}**".format(_("Data")))
    if controls.control(SPEC.param("data")) == "counts":
        count_h, count_t = st.columns(2)
        flips = Flips(controls.control(SPEC.param("heads"), where=count_h),
                      controls.control(SPEC.param("tails"), where=count_t))
    else:
        flips = simulated_flips(controls.control(SPEC.param("theta")), controls.control(SPEC.param("flips")), seed)
        st.caption(_("Simulated: {heads} heads, {tails} tails.").format(heads=flips.heads, tails=flips.tails))
    add_head, add_tail = st.columns(2)
    record = _("Record a real flip (switches to counts, keeping what is there).")
    counts = (flips.heads, flips.tails)
    add_head.button(_("+1 head"), on_click=_add_flip, args=(True, *counts), width="stretch", help=record)
    add_tail.button(_("+1 tail"), on_click=_add_flip, args=(False, *counts), width="stretch", help=record)
    st.button(_("Reset to no data"), on_click=_reset_counts, width="stretch",
              help=_("Zero heads, zero tails: the posterior is the prior."))
    return flips


def beta_tab(seed: int) -> None:
    stage = frame.stage("beta")
    with stage.controls:
        st.markdown("**{}**".format(_("Prior Beta(a, b)")))
        prior_a, prior_b = st.columns(2)
        a, b = controls.control(SPEC.param("a"), where=prior_a), controls.control(SPEC.param("b"), where=prior_b)
        flips = flips_controls(seed)
        interval_name = controls.control(SPEC.param("interval"))
    live.forget_when_changed("seen", flips.total)  # new data: all of their flips are seen
    seen = live.live_value(SPEC.param("seen"), state=flips.state)
    # The grid section sits below, but its control feeds the cached view: lay the section out now and
    # fill its control first, so one computation serves the whole tab.
    with stage.more:
        st.subheader(_("Why not just use a grid?"))
        grid_left, grid_right = st.columns([1, 1.4], gap="large")
    grid_points = controls.control(SPEC.param("grid"), where=grid_left)
    with shown_as_error(_("the posterior")):
        view = beta_view(a, b, flips, interval_name, grid_points, seen)
        posterior_section(stage, view, interval_name, flips)
        grid_section(view, grid_left, grid_right)
    # The flips-seen slider is drawn last, under the posterior: its family is every prefix's posterior.
    live.live_control(SPEC.param("seen"), seen, lambda: seen_family(a, b, flips, interval_name), where=stage.control,
                      state=flips.state, options=seen_grid(flips.total), dim=NOT_LIVE,
                      hint=_("Drag or use the arrow keys to replay the data flip by flip."))


def posterior_section(stage: frame.Stage, view: BetaView, interval_name: str, flips: Flips) -> None:
    posterior, simulated = view.posterior, flips.simulated_from is not None
    interpretation, update = sentences(posterior, flips.total).values()
    stage.sentence.container(key=SENTENCE_KEYS[0]).markdown(f"**{interpretation}**")
    stage.show_readouts(panels.beta_panels(posterior, view.central, view.hpd, interval_name))
    stage.sentence.container(key=SENTENCE_KEYS[1]).markdown(update)
    stage.show_main_figure(view.update, "beta-posterior")
    if interval_name == "hpd" and view.hpd is None:
        stage.figure.caption(_("The posterior is U-shaped, so its HPD region is two pieces; the central interval is "
                               "shaded."))
    with stage.more.container():
        show_figure(view.path, "beta-consistency")
        st.caption(_("The path of one seeded sequence of flips.") if simulated else
                   _("Counts alone do not record the order of the flips; in counts mode the heads are spread evenly "
                     "along the sequence. The final posterior does not depend on the order."))
    with stage.explain:
        show_snippet(panels.beta_snippet(posterior))


def grid_section(view: BetaView, left, right) -> None:
    with left, st.container(key=NOT_LIVE[1]):
        controls.show_panel(st, panels.grid_panel(view.grid))
        st.markdown(panels.grid_sentence(view.grid))
        show_table(panels.grid_cost_rows(view.costs))
    with right:
        show_figure(view.grid_figure, "beta-grid")


def gaussian_tab(seed: int) -> None:
    stage = frame.stage("gauss")
    with stage.controls:
        mu0, tau0, sigma, mu_true, n = (controls.control(SPEC.param(key))
                                        for key in ("mu0", "tau0", "sigma", "mu_true", "gn"))
    with shown_as_error(_("the posterior")):
        view = gaussian_view(mu0, tau0, sigma, mu_true, n, seed)
        post = view.post
        stage.sentence.markdown(f"**{panels.gaussian_sentence(post)}**")
        stage.show_readouts(panels.gaussian_panels(post))
        stage.show_main_figure(view.update, "gaussian-posterior")
        show_figure(view.precision, "gaussian-precision", where=stage.more)
        with stage.explain:
            show_snippet(panels.gaussian_snippet(post))


with page_frame(SPEC, _("Bayesian updating: from prior to posterior"),
                _("How does a prior become a posterior, one coin flip at a time? Set a prior, add data, and watch "
                  "the posterior move from what you believed towards what you saw."),
                what=_("the posterior")) as toolbar:
    with toolbar.settings:
        seed = controls.seed_input()
    show_settings_summary(toolbar, [], seed)
    beta_tab_area, gauss_tab_area = controls.tabs(SPEC.tabs)
    if beta_tab_area.open:
        with beta_tab_area:
            beta_tab(seed)
    if gauss_tab_area.open:
        with gauss_tab_area:
            gaussian_tab(seed)
