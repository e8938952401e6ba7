"""CLT convergence (/clt): what does averaging do to a skewed distribution, and how fast?

URL keys (stable: shared links depend on them; generated from concepts/clt/spec.py):
    dist    Source distribution: exponential, uniform, bernoulli, poisson, lognormal, normal, cauchy
    p       Bernoulli p: 0.01 to 0.99; used when dist=bernoulli
    rate    Poisson rate λ: 0.1 to 20; used when dist=poisson
    n       Draws per mean N: 1, 2, 3, 5, 10, 20, 30, 50, 100, 200, 300, 500, 1000
    trials  Simulated means: 500, 1000, 2000, 5000, 10000, 20000
    seed    Random seed: 0 to 4_294_967_295
"""

from __future__ import annotations

import streamlit as st

from concepts.clt import explain as panels
from i18n import _
from concepts.clt.spec import DIST_LABELS, SPEC
from ui import controls, frame, live
from ui.frame import page_frame, show_settings_summary
from ui.layout import show_figure, show_snippet
from concepts.clt.views import INTERPRETATION_KEY, OUTSIDE_KEY, clt_view, n_family


with page_frame(SPEC, _("Central limit theorem: how fast does averaging make things normal?"),
                _("What does averaging do to a skewed distribution, and how fast? Pick a source, then drag "
                  "N under the histogram to watch the standardised mean turn into a bell curve, or not."),
                what=_("the simulation")) as toolbar:
    with toolbar.settings:
        dist = controls.control(SPEC.param("dist"))
        st.caption(_(DIST_LABELS[dist]))
        # p and rate exist only for their own source; elsewhere they keep their declared defaults.
        p = controls.control(SPEC.param("p")) if dist == "bernoulli" else SPEC.param("p").default
        rate = controls.control(SPEC.param("rate")) if dist == "poisson" else SPEC.param("rate").default
        trials = controls.control(SPEC.param("trials"))
        seed = controls.seed_input()
    n = live.live_value(SPEC.param("n"))
    view = clt_view(dist, n, trials, seed, p, rate)
    result = view.result
    law = result.law
    show_settings_summary(toolbar, panels.settings_summary(result, trials), seed)

    stage = frame.stage("clt")
    if not law.has_variance:
        stage.sentence.info(_("**Why the CLT fails here.** The Cauchy distribution has no mean and no variance "
                              "(E|X| = ∞), so there is no σ to standardise by and no Berry–Esseen bound (it needs "
                              "E|X − μ|³ < ∞). The mean of N standard Cauchy draws is exactly standard Cauchy "
                              "again: the histogram is the raw mean, and it never narrows."), icon=":material/block:")
    stage.sentence.container(key=INTERPRETATION_KEY).markdown(f"**{panels.interpretation(result)}**")
    stage.show_readouts(panels.metric_panels(result))

    stage.show_main_figure(view.histogram, "clt-histogram")
    stage.sentence.container(key=OUTSIDE_KEY).caption(panels.histogram_caption(result))

    with stage.more:
        left, right = st.columns(2)
        with left:
            show_figure(view.convergence, "clt-convergence")
            st.caption(panels.convergence_caption(law))
        with right:
            show_figure(view.lln, "clt-lln")
            st.caption(_("Each run is one seeded sequence of draws. The running mean settles inside the σ/√t band "
                         "(law of large numbers); Chebyshev's 95% band needs no shape assumption and is wider."))

    if law.has_variance:
        with stage.explain:
            show_snippet(panels.snippet(result, law))

    # N's slider is drawn last, in its place under the histogram: its family is read from the same
    # experiment, and the page's own figures reach the reader first.
    live.live_control(SPEC.param("n"), n, lambda: n_family(dist, trials, seed, p, rate), where=stage.control)
