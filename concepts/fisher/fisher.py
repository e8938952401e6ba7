"""Fisher information / Cramér–Rao (/fisher): how close does an estimator come to the bound?

URL keys (stable: shared links depend on them; generated from concepts/fisher/spec.py):
    model  Model: normal-mean, normal-variance, bernoulli, poisson, exponential, cauchy
    theta  true θ: depends on the rest of the state (at most -10 to 50)
    n      sample size n: 5, 10, 20, 50, 100, 200, 500, 1000
    reps   replications: 500, 1000, 2000, 5000, 10000
    big_n  one large sample N (likelihood curve): 1000, 10000, 100000, 1000000, 10000000; at most 100,000 for the Cauchy
    seed   Random seed: 0 to 4_294_967_295
"""

from __future__ import annotations

import streamlit as st

from core import fisher
from concepts.fisher import explain as panels
from i18n import _
from concepts.fisher.spec import SPEC
from ui import admission, controls, frame, live, page_state
from ui.frame import page_frame, show_settings_summary
from ui.layout import folded_panel, show_figure, show_snippet, show_table, shown_as_error
from concepts.fisher.views import (INTERPRETATION_KEY, NOT_LIVE, EstimatorView, estimator_view, likelihood_sample_size,
                          likelihood_view, theta_family, theta_step_for)


def _reset_theta() -> None:
    """A new model keeps no parameter of the old one: its own default applies."""
    model = fisher.MODELS.get(page_state.held("model"))
    if model is not None:
        page_state.apply({"theta": model.theta_default})


def estimator_section(stage: frame.Stage, view: EstimatorView, theta: float, seed: int):
    """The estimators' numbers, table, snippet and figures; returns the readout slot left for the
    likelihood's information ratio (computed apart: it can fail on its own)."""
    model, results, info = view.model, view.results, view.information
    first = results[0]
    stage.sentence.container(key=INTERPRETATION_KEY).markdown(f"**{panels.interpretation(results)}**")
    notice = panels.biased_notice(results)
    if notice:
        stage.sentence.info(notice, icon=":material/info:")
    slots = stage.show_readouts(panels.estimator_panels(model, theta, info, results), reserve=1)
    stage.show_main_figure(view.sampling, "fisher-sampling")
    with stage.more:
        show_table(panels.estimator_rows(results), where=st.container(key="fisher-table"))
        left, right = st.columns(2)
        with left:
            show_figure(view.efficiency, "fisher-efficiency")
            st.caption(_("Dotted lines: the known limits, π/2 for the normal median and π²/8 for the Cauchy median. "
                         "Points scatter by Monte-Carlo error; more replications steady them."))
        likelihood_slot = right.container()
    with stage.explain:
        with folded_panel(_("How are the table's columns computed?"), "table-formulas-open") as opened:
            if opened:
                st.latex(controls.latex_lines(panels.table_formulas()))
                st.caption(_("R = {replications} replications of a sample of n = {n}.").format(
                    replications=f"{first.estimates.size:,}", n=first.n))
        show_snippet(panels.snippet(model, first, info, theta, seed))
    return slots[-1].container(key="fisher-ratio"), likelihood_slot


with page_frame(SPEC, _("Fisher information: how close does an estimator come to the Cramér–Rao bound?"),
                _("No unbiased estimator can have a variance below 1/(n I(θ)). Simulate several estimators many "
                  "times and see which ones reach the bound, which never do, and why a biased one can slip under "
                  "it."), what=_("the simulation")) as toolbar:
    with toolbar.settings:
        reps = controls.control(SPEC.param("reps"))
        big_n = controls.control(SPEC.param("big_n"))
        seed = controls.seed_input()
    show_settings_summary(toolbar, panels.settings_summary(reps, big_n), seed)
    stage = frame.stage("fisher")
    with stage.controls:
        model_key = controls.control(SPEC.param("model"), on_change=_reset_theta)
        model = fisher.MODELS[model_key]
        st.caption(panels.model_label(model))
        n = controls.control(SPEC.param("n"))
    theta = live.live_value(SPEC.param("theta"), state={"model": model_key})
    ratio_slot, likelihood_slot = estimator_section(stage, estimator_view(model_key, theta, n, reps, seed), theta,
                                                    seed)
    limit = admission.max_points()
    with likelihood_slot, shown_as_error(_("the likelihood curve")), \
            admission.admitted(likelihood_sample_size(model, big_n, limit)):
        likelihood = likelihood_view(model_key, theta, big_n, seed, limit)
        frame.show_late_readout(stage, ratio_slot, panels.information_ratio_panel(likelihood.curve))
        show_figure(likelihood.figure, "fisher-likelihood")
        if likelihood.curve.n < likelihood.requested_n:
            st.caption(_("The Cauchy log-likelihood has no sufficient statistics (every point enters every "
                         "setting), so this curve uses N = {used} rather than {requested}.").format(
                used=f"{likelihood.curve.n:,}", requested=f"{likelihood.requested_n:,}") if model.key == "cauchy"
                else _("This server computes at most {used} points, so this curve uses N = {used} rather than "
                       "{requested}.").format(used=f"{likelihood.curve.n:,}", requested=f"{likelihood.requested_n:,}"))
    # θ's slider is drawn last, under the estimators' figure: its family simulates the estimators at every
    # θ of its grid, and the page's own numbers reach the reader first.
    family = theta_family(model_key, n, reps, seed)
    live.live_control(SPEC.param("theta"), theta, family, state={"model": model_key},
                      label=_("true {symbol}").format(symbol=model.symbol),
                      step=theta_step_for(model, family.grid if family else ()), dim=NOT_LIVE, where=stage.control,
                      hint=live.HINT if family else _(
                          "n × replications = {draws} draws per value of {symbol}: too many to precompute every "
                          "value, so the page recomputes on release.").format(draws=f"{n * reps:,}",
                                                                              symbol=model.symbol))
