"""The /clt page's cached views: the simulated experiment and its three figures."""

from __future__ import annotations

from dataclasses import dataclass

import streamlit as st

from core import clt
from views import CACHE_TTL
from viz.clt import convergence_figure, histogram_figure, lln_figure
from viz.theme import FigureSpec


@dataclass(frozen=True)
class CltView:
    result: clt.CltResult
    histogram: FigureSpec
    convergence: FigureSpec
    lln: FigureSpec


@st.cache_data(ttl=CACHE_TTL, max_entries=64, show_spinner="Simulating means…")
def experiment(dist: str, n: int, trials: int, seed: int, p: float, rate: float) -> clt.CltResult:
    return clt.clt_experiment(dist, n, trials, seed, p=p, rate=rate)


# The law-of-large-numbers figure depends on neither N nor the number of simulated means: cached
# on its own, it is not rebuilt (~30 ms) when either moves.
@st.cache_resource(ttl=CACHE_TTL, max_entries=32, show_spinner=False)
def lln_view(dist: str, seed: int, p: float, rate: float) -> FigureSpec:
    running = clt.running_means(dist, clt.MAX_N, 5, seed, p=p, rate=rate)
    return lln_figure(running, clt.source_law(dist, p=p, rate=rate))


@st.cache_resource(ttl=CACHE_TTL, max_entries=32, show_spinner=False)
def clt_view(dist: str, n: int, trials: int, seed: int, p: float, rate: float) -> CltView:
    result = experiment(dist, n, trials, seed, p, rate)
    return CltView(result, histogram_figure(result), convergence_figure(result), lln_view(dist, seed, p, rate))
