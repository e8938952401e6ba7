"""Distribution families (/families): what do the common distributions share, and how do they turn into each other?

URL keys (stable: shared links depend on them; generated from concepts/families/spec.py):
    tab   Grammar or Generating functions or Map (default Grammar)
    fam   Family: bernoulli, categorical, poisson, normal, gamma, beta [Grammar tab]
    eta   natural parameter η: depends on the rest of the state (at most -5 to 8) [Grammar tab]
    held  held parameter: depends on the rest of the state (at most -4 to 10) [Grammar tab]; not for bernoulli, poisson
    dist  Distribution: normal, exponential, uniform, bernoulli, poisson, student-t, cauchy [Generating functions tab]
    n     draws per mean N: 1, 2, 3, 4, 5, 6, 8, 10, 15, 20, 30, 50, 100 [Generating functions tab]
    edge  Limit: binomial-poisson, gamma-normal, t-normal, beta-normal [Map tab]
    size  how far along the limit: 2, 3, 4, 5, 6, 8, 10, 15, 20, 30, 50, 100, 200, 500, 1000 [Map tab]
    seed  Random seed: 0 to 4_294_967_295
"""

from __future__ import annotations

import streamlit as st

from concepts.families import explain as panels
from concepts.families.spec import SPEC
from concepts.families.views import (GENERATING_SENTENCE_KEY, GRAMMAR_SENTENCE_KEY, LIMIT_SENTENCE_KEY, eta_family,
                                     generating_view, grammar_view, limit_view, n_family, size_family)
from core import families
from i18n import _
from ui import controls, frame, live, page_state
from ui.frame import page_frame, show_settings_summary
from ui.layout import show_figure, show_snippet, show_table, shown_as_error


def _reset_family() -> None:
    """A new family keeps no parameter of the old one: its own η and held parameter apply (the spec's defaults for
    that family)."""
    fam = page_state.held("fam")
    if fam in families.SHAPES:
        page_state.apply({key: SPEC.param(key).default_in({"fam": fam}) for key in ("eta", "held")})


def grammar_tab() -> None:
    stage = frame.stage("families")
    with stage.controls:
        fam = controls.control(SPEC.param("fam"), on_change=_reset_family)
        shape = families.SHAPES[fam]
        held = (controls.control(SPEC.param("held"), state={"fam": fam}, label=panels.held_label(fam))
                if shape.held_range else SPEC.param("held").default)
    eta = live.live_value(SPEC.param("eta"), state={"fam": fam})
    with shown_as_error(_("the family")):
        view = grammar_view(fam, eta, held)
        stage.sentence.container(key=GRAMMAR_SENTENCE_KEY).markdown(f"**{panels.interpretation(view.point)}**")
        stage.show_readouts(panels.grammar_panels(view.point))
        stage.show_main_figure(view.figure, "families-grammar")
        with stage.more:
            st.markdown("**{}**".format(_("The grammar, for this family")))
            st.container(key="families-typeset").latex(controls.latex_lines(panels.grammar_latex(view.point)))
            st.markdown("**{}**".format(_("The grammar and torch.distributions, number by number")))
            show_table(panels.library_rows(view.point), where=st.container(key="families-library"))
        with stage.explain:
            show_snippet(panels.grammar_snippet(view.point))
    # η's slider is drawn last, under the figure: its family computes the member at every η of the grid.
    live.live_control(SPEC.param("eta"), eta, lambda: eta_family(fam, held), state={"fam": fam},
                      step=shape.eta_step, dim=("families-typeset", "families-library"), where=stage.control)


def generating_tab(seed: int) -> None:
    stage = frame.stage("families-generating")
    with stage.controls:
        dist = controls.control(SPEC.param("dist"))
    n = live.live_value(SPEC.param("n"))
    with shown_as_error(_("the generating functions")):
        view = generating_view(dist, n, seed)
        stage.sentence.container(key=GENERATING_SENTENCE_KEY).markdown(
            f"**{panels.generating_sentence(dist, n, view.distance)}**")
        stage.show_readouts(panels.moment_panels(view.reading, view.distance, n))
        stage.show_main_figure(view.characteristic, "families-characteristic")
        with stage.more:
            show_figure(view.moments, "families-mgf")
            st.caption(panels.mgf_caption(dist, view.reading))
            st.page_link("concepts/clt/clt.py", label=_("The same convergence as histograms: the CLT page"),
                         icon=":material/arrow_forward:")
        with stage.explain:
            show_snippet(panels.generating_snippet(dist, n, seed))
    live.live_control(SPEC.param("n"), n, lambda: n_family(dist, seed), dim=("families-mgf",), where=stage.control)


def _open_limit(edge: str) -> None:
    """A click on the middle of one of the map's solid edges opens its limit (the others carry no limit)."""
    if edge in families.LIMIT_KEYS:
        page_state.apply({"edge": edge})


def map_tab() -> None:
    stage = frame.stage("families-map")
    with stage.controls:
        edge = controls.control(SPEC.param("edge"))
    size = live.live_value(SPEC.param("size"))
    with shown_as_error(_("the limit")):
        view = limit_view(edge, size)
        stage.sentence.container(key=LIMIT_SENTENCE_KEY).markdown(f"**{panels.limit_sentence(view.result)}**")
        stage.show_readouts(panels.limit_panels(view.result))
        stage.show_main_figure(view.figure, "families-limit")
        with stage.more:
            show_figure(view.map, "families-map", on_pick=_open_limit)
            st.caption(_("Filled: exponential families. Hollow: not one (the t, the Cauchy, a mixture). Solid edges "
                         "are the limits this tab plays: choose one in the Limit box, or click the middle of its "
                         "edge; the chosen one is thick."))
            show_table(panels.relation_rows(), where=st.container(key="families-relations"))
        with stage.explain:
            show_snippet(panels.limit_snippet(view.result))
    live.live_control(SPEC.param("size"), size, lambda: size_family(edge), label=panels.size_label(edge),
                      where=stage.control)


with page_frame(SPEC, _("One grammar for many distributions"),
                _("Bernoulli, Poisson, Gaussian, Gamma and Beta share one shape, h(x) exp(η T(x) − A(η)), and the "
                  "slopes of A are their moments. Drag η, read moments off generating functions, and watch one "
                  "family become another."), what=_("the families")) as toolbar:
    with toolbar.settings:
        seed = controls.seed_input()
    show_settings_summary(toolbar, [], seed)
    grammar_area, generating_area, map_area = controls.tabs(SPEC.tabs)
    if grammar_area.open:
        with grammar_area:
            grammar_tab()
    if generating_area.open:
        with generating_area:
            generating_tab(seed)
    if map_area.open:
        with map_area:
            map_tab()
