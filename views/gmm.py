"""The /gmm page's cached views: the data (simulated or pasted), and the fits with their figures."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import streamlit as st

from core import gmm
from views import CACHE_TTL
from viz import gmm as figures
from viz.theme import FigureSpec


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
    em: FigureSpec
    loglik: FigureSpec
    landscape_figure: FigureSpec | None


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
@st.cache_resource(ttl=CACHE_TTL, max_entries=64, show_spinner="Fitting by EM…")
def _fit_view(data_key: tuple, _data: Data, k: int, restarts: int, seed: int) -> FitView:
    x = _data.points
    fit = gmm.fit_em(x, k, seed, restarts)
    single = gmm.fit_single(x)
    landscape = gmm.likelihood_landscape(x, fit) if k == 2 else None
    return FitView(fit, single, gmm.compare(x, fit), landscape, figures.em_figure(x, fit, single, seed),
                   figures.loglik_figure(fit),
                   figures.landscape_figure(landscape, fit, _data.truth) if landscape else None)
