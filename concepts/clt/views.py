"""The /clt page's cached views: the simulated experiment and its three figures, and the family the
live N control plays (every N the experiment simulated, read from the one experiment)."""

from __future__ import annotations

from typing import Any, Mapping

from dataclasses import dataclass

import numpy as np
import streamlit as st
from scipy import stats

from core import clt
from concepts.clt import explain as panels
from concepts.clt.spec import SPEC
from i18n import _, lazy_text
from views import CACHE_TTL, per_language
from concepts.clt.figures import convergence_figure, histogram_figure, lln_figure
from views.experiments import Curve, Experiment, Outcomes
from viz.live import Family, build_family
from viz.theme import FigureSpec

INTERPRETATION_KEY = "clt-interpretation"  # the containers of the sentences that follow N
OUTSIDE_KEY = "clt-outside"


@dataclass(frozen=True)
class CltView:
    result: clt.CltResult
    histogram: FigureSpec
    convergence: FigureSpec
    lln: FigureSpec


# One experiment simulates every N of the N control (core.clt.N_FRAMES); each N is then read from it
# (core.clt.result_at), so moving N simulates nothing and the live family costs only the reading.
@st.cache_data(ttl=CACHE_TTL, max_entries=64, show_spinner=lazy_text("Simulating means…"))
def experiment(dist: str, trials: int, seed: int, p: float, rate: float) -> clt.CltResult:
    return clt.clt_experiment(dist, clt.N_FRAMES[0], trials, seed, p=p, rate=rate)


# The law-of-large-numbers figure depends on neither N nor the number of simulated means: cached
# on its own, it is not rebuilt (~30 ms) when either moves.
@per_language
@st.cache_resource(ttl=CACHE_TTL, max_entries=32, show_spinner=False)
def lln_view(dist: str, seed: int, p: float, rate: float, lang: str) -> FigureSpec:
    running = clt.running_means(dist, clt.MAX_N, 5, seed, p=p, rate=rate)
    law = clt.source_law(dist, p=p, rate=rate)
    return lln_figure(running, law, clt.lln_bands(law, running.steps))


@per_language
@st.cache_resource(ttl=CACHE_TTL, max_entries=32, show_spinner=False)
def clt_view(dist: str, n: int, trials: int, seed: int, p: float, rate: float, lang: str) -> CltView:
    result = clt.result_at(experiment(dist, trials, seed, p, rate), n)
    references = clt.reference_curves(result.law)
    return CltView(result, histogram_figure(result, references), convergence_figure(result, references),
                   lln_view(dist, seed, p, rate))


@per_language
@st.cache_resource(ttl=CACHE_TTL, max_entries=32, show_spinner=False)
def n_family(dist: str, trials: int, seed: int, p: float, rate: float, lang: str) -> Family:
    """/clt at every N of N_FRAMES: the histogram, the current-N marker, the metrics and the sentence."""
    base = experiment(dist, trials, seed, p, rate)
    results = {n: clt.result_at(base, n) for n in clt.N_FRAMES}  # figures, numbers and sentences read each
    references = clt.reference_curves(base.law)

    def figures_at(n: float) -> dict:
        result = results[int(n)]
        return {"clt-histogram": histogram_figure(result, references),
                "clt-convergence": convergence_figure(result, references)}

    # The convergence curve is the same at every N; its current-N marker (the last trace, where there is
    # one) is dimmed while N moves and redrawn on release: moving a second chart per pointer move took
    # the median from 20 to 35 ms (bench/bench_live.py), over the 33 ms budget.
    marker = (len(convergence_figure(base, references)["data"]) - 1,) if base.distance.distance > 0 else ()
    return build_family(clt.N_FRAMES, figures_at, lambda n: panels.metric_panels(results[int(n)]),
                        skip={"clt-convergence": marker}, texts_at=lambda n: _sentences(results[int(n)]))


def _sentences(result: clt.CltResult) -> dict[str, str]:
    return {INTERPRETATION_KEY: panels.interpretation(result), OUTSIDE_KEY: panels.histogram_caption(result)}


# --- hooks found by the page registry (concepts/__init__.py) -------------------------------------------------


def warm_defaults() -> None:
    """The live family at the page's default state (at server start, before the first reader)."""
    d = SPEC.defaults()
    n_family(d["dist"], d["trials"], d["seed"], d["p"], d["rate"])


def _distance_from_normal(state: Mapping[str, Any]) -> float:
    """Kolmogorov distance of the standardised mean of N draws from N(0, 1), exact (docs/maths.md, CLT)."""
    law = clt.source_law(state["dist"], p=state["p"], rate=state["rate"])
    return float(clt.exact_kolmogorov_distance(law, int(state["n"])))


ANSWERS = {"distance_from_normal": _distance_from_normal}


# --- a class experiment (views/experiments.py): every device's own standardised mean of N draws ---------------

_Z_POINTS = np.linspace(*clt.HIST_RANGE, 401)
_EXACT_DENSITY = ("exponential", "uniform", "normal")   # continuous sums whose exact law core gives as a CDF
_Z_BOUND = 1e9       # Z_N of a law with a variance, or the raw mean of a Cauchy: far inside, whatever N


def _standardised_mean(state: Mapping[str, Any], seed: int) -> float:
    """One device's Z_N: the mean of N draws of its own, standardised (the Cauchy's raw mean, as on the page)."""
    law = clt.source_law(state["dist"], p=state["p"], rate=state["rate"])
    n = int(state["n"])
    return float(clt.standardise(law, n, clt.sample_means(law, n, 1, seed))[0])


def _standardised_mean_outcomes(state: Mapping[str, Any]) -> Outcomes:
    """Theory for the class's Z_N: the exact law where core has it for a continuous sum, with N(0, 1) beside it
    (the CLT's promise); N(0, 1) alone for the lattice and lognormal sums; the standard Cauchy for the Cauchy."""
    law = clt.source_law(state["dist"], p=state["p"], rate=state["rate"])
    n = int(state["n"])
    normal = stats.norm.pdf(_Z_POINTS)
    if law.key == "cauchy":
        return Outcomes(-_Z_BOUND, _Z_BOUND, _Z_POINTS, stats.cauchy.pdf(_Z_POINTS), False, _("standard Cauchy"),
                        _("mean of {n} draws").format(n=n), 0.0)
    result = _("standardised mean Z<sub>N</sub> of {n} draws").format(n=n)
    if law.key in _EXACT_DENSITY:
        density = np.gradient(clt.exact_cdf(law, n)(_Z_POINTS), _Z_POINTS)
        return Outcomes(-_Z_BOUND, _Z_BOUND, _Z_POINTS, density, False, _("exact law of Z<sub>N</sub>"), result, 0.0,
                        also=(Curve("N(0, 1)", _Z_POINTS, normal),))
    return Outcomes(-_Z_BOUND, _Z_BOUND, _Z_POINTS, normal, False, "N(0, 1)", result, 0.0)


EXPERIMENTS = {"standardised_mean": Experiment(_standardised_mean, _standardised_mean_outcomes)}
