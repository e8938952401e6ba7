"""The /gmm page's cached views: the data (simulated or pasted), the fits with their figures, and the
family the live EM-iteration control plays."""

from __future__ import annotations

from typing import Any, Mapping

from dataclasses import dataclass

import numpy as np
import streamlit as st

from core import gmm, sweep
from concepts.gmm import explain as panels
from concepts.gmm.spec import SPEC
from i18n import lazy_text
from views import CACHE_TTL, per_language, steps_to_play
from concepts.gmm import figures
from viz.live import Family, build_family
from viz.theme import FigureSpec

ITERATION_KEY = "gmm-iteration"   # the container of the sentence that follows the EM iteration


@dataclass(frozen=True)
class Data:
    """The points and where they came from: `key` is the simulation's settings or the pasted text,
    and stands for the points in the fit's cache key."""

    points: np.ndarray
    key: tuple
    truth: gmm.Mixture | None = None      # the simulated mixture, when there is one


@dataclass(frozen=True)
class FitView:
    fit: gmm.EmFit
    single: gmm.Mixture
    comparison: gmm.Comparison
    landscape: gmm.Landscape | None          # drawn for K = 2 only
    canvas: gmm.EmPicture                    # what the EM figure shares at every iteration
    landscape_figure: FigureSpec | None

    @property
    def last(self) -> int:
        """The best restart's last iteration."""
        return len(self.fit.best.history) - 1


@st.cache_data(ttl=CACHE_TTL, max_entries=64, show_spinner=False)
def _simulated_points(sep: float, w: float, sd1: float, sd2: float, n: int, seed: int) -> np.ndarray:
    return gmm.simulate_mixture(sep, w, sd1, sd2, n, seed)


def simulated_data(sep: float, w: float, sd1: float, sd2: float, n: int, seed: int) -> Data:
    return Data(_simulated_points(sep, w, sd1, sd2, n, seed), ("simulate", sep, w, sd1, sd2, n, seed),
                gmm.true_mixture(sep, w, sd1, sd2))


@st.cache_data(ttl=CACHE_TTL, max_entries=16, show_spinner=False)
def _pasted_points(text: str) -> np.ndarray:
    return gmm.parse_numbers(text)


def pasted_data(text: str) -> Data:
    return Data(_pasted_points(text), ("paste", text))


def fit_view(data: Data, k: int, restarts: int, seed: int) -> FitView:
    return _fit_view(data.key, data, k, restarts, seed)


# The leading underscore keeps Streamlit from hashing the points (up to 100,000) on every rerun:
# data_key says where they came from and is their cache key.
@per_language
@st.cache_resource(ttl=CACHE_TTL, max_entries=64, show_spinner=lazy_text("Fitting by EM…"))
def _fit_view(data_key: tuple, _data: Data, k: int, restarts: int, seed: int, lang: str) -> FitView:
    x = _data.points
    fit = gmm.fit_em(x, k, seed, restarts)
    single = gmm.fit_single(x)
    landscape = gmm.likelihood_landscape(x, fit) if k == 2 else None
    return FitView(fit, single, gmm.compare(x, fit), landscape, gmm.em_picture(x, fit, single, seed),
                   figures.landscape_figure(landscape, fit, _data.truth) if landscape else None)


def iteration_grid(last: int) -> tuple[int, ...]:
    """The iterations the live control plays: every one up to 200, or even strides ending at the last."""
    return steps_to_play(last)


def iteration_figures(view: FitView, iteration: int) -> dict[str, FigureSpec]:
    """The EM figure and the log-likelihood figure at one iteration, by chart key."""
    step = gmm.iteration_picture(view.canvas, view.fit.best.history[iteration])
    return {"gmm-em": figures.em_figure(view.canvas, view.fit, step),
            "gmm-loglik": figures.loglik_figure(view.fit, iteration)}


def iteration_view(data: Data, k: int, restarts: int, seed: int, iteration: int) -> dict[str, FigureSpec]:
    """iteration_figures for the page, cached like every figure it draws (so the wire form each
    computes on first use is kept, views/__init__)."""
    return _iteration_view(data.key, data, k, restarts, seed, iteration)


@per_language
@st.cache_resource(ttl=CACHE_TTL, max_entries=64, show_spinner=False)
def _iteration_view(data_key: tuple, _data: Data, k: int, restarts: int, seed: int, iteration: int,
                    lang: str) -> dict[str, FigureSpec]:
    return iteration_figures(fit_view(_data, k, restarts, seed), iteration)


def iteration_family(data: Data, k: int, restarts: int, seed: int) -> Family:
    return _iteration_family(data.key, data, k, restarts, seed)


@per_language
@st.cache_resource(ttl=CACHE_TTL, max_entries=32, show_spinner=False)
def _iteration_family(data_key: tuple, _data: Data, k: int, restarts: int, seed: int, lang: str) -> Family:
    """The mixture, the rug's responsibilities and the log-likelihood marker at every iteration."""
    view = fit_view(_data, k, restarts, seed)
    # The log-likelihood figure's marker (its last trace) is dimmed while the iteration moves and redrawn
    # on release: moving a second chart with it took the median per move from 32 to 40 ms
    # (bench/bench_live.py, 300 rug points), over the 33 ms budget; the sentence over the EM figure
    # gives the log-likelihood at every step.
    marker = len(figures.loglik_figure(view.fit, 0)["data"]) - 1
    return build_family(iteration_grid(view.last), lambda i: iteration_figures(view, int(i)),
                        skip={"gmm-loglik": (marker,)},
                        texts_at=lambda i: {ITERATION_KEY: panels.iteration_sentence(view.fit, int(i))})


# --- hooks found by the page registry (concepts/__init__.py) -------------------------------------------------


def warm_defaults() -> None:
    """The live family at the page's default state (at server start, before the first reader); where the
    mixture kernel runs on a GPU, also the K = 2 fit and its likelihood landscape: the first landscape compiles
    and autotunes the kernel (13-20 s on an H200, issue 29), which no reader should wait for, and its tuning is
    then kept for every N of the same power of two and every grid of the same size class."""
    d = SPEC.defaults()
    data = simulated_data(d["sep"], d["w"], d["sd1"], d["sd2"], d["n"], d["seed"])
    iteration_family(data, d["k"], d["restarts"], d["seed"])
    if sweep.triton_status()[0] == "gpu":
        fit_view(data, 2, d["restarts"], d["seed"])


def _bic_choice(state: Mapping[str, Any]) -> str:
    """Which model BIC prefers on the page's simulated data: "one Gaussian" or "the mixture"."""
    x = gmm.simulate_mixture(state["sep"], state["w"], state["sd1"], state["sd2"], int(state["n"]), int(state["seed"]))
    comparison = gmm.compare(x, gmm.fit_em(x, int(state["k"]), int(state["seed"]), int(state["restarts"])))
    return "the mixture" if comparison.bic_gain > 0 else "one Gaussian"


ANSWERS = {"bic_choice": _bic_choice}
