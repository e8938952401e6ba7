"""The /fisher page's cached views: the estimators simulated at one n, their efficiency over every n,
and the log-likelihood of one large sample."""

from __future__ import annotations

from dataclasses import dataclass

import streamlit as st

from core import fisher
from views import CACHE_TTL
from viz import fisher as figures
from viz.theme import FigureSpec


@dataclass(frozen=True)
class EstimatorView:
    model: fisher.Model
    results: tuple[fisher.EstimatorStats, ...]
    information: float                       # I(theta) per observation
    sampling: FigureSpec
    efficiency: FigureSpec


@dataclass(frozen=True)
class LikelihoodView:
    curve: fisher.LikelihoodCurve
    figure: FigureSpec
    requested_n: int                         # the N asked for; curve.n is smaller for the Cauchy


# The efficiency curves span every n, so they do not depend on the n slider: cached apart from
# the per-n view, a move of n costs one simulation at that n (about 10 ms) instead of ~250 ms.
@st.cache_resource(ttl=CACHE_TTL, max_entries=32, show_spinner="Simulating the estimators over n…")
def _efficiency_curves(model_key: str, theta: float, reps: int, seed: int):
    return fisher.efficiency_curves(fisher.get_model(model_key), theta, reps, seed)


@st.cache_resource(ttl=CACHE_TTL, max_entries=64, show_spinner="Simulating the estimators…")
def estimator_view(model_key: str, theta: float, n: int, reps: int, seed: int) -> EstimatorView:
    model = fisher.get_model(model_key)
    results = fisher.simulate(model, theta, n, reps, seed)
    curves = _efficiency_curves(model_key, theta, reps, seed)
    return EstimatorView(model, tuple(results), model.information(theta), figures.sampling_figure(model, results),
                         figures.efficiency_figure(model, curves, n))


def likelihood_sample_size(model: fisher.Model, big_n: int) -> int:
    """The Cauchy has no sufficient statistics: its likelihood costs N per setting, so N is capped."""
    return min(big_n, fisher.CAUCHY_MAX_BIG_N) if model.key == "cauchy" else big_n


@st.cache_resource(ttl=CACHE_TTL, max_entries=32, show_spinner="Computing the log-likelihood of one large sample…")
def likelihood_view(model_key: str, theta: float, big_n: int, seed: int) -> LikelihoodView:
    model = fisher.get_model(model_key)
    curve = fisher.likelihood_curve(model, theta, likelihood_sample_size(model, big_n), seed)
    return LikelihoodView(curve, figures.likelihood_figure(model, curve, theta), big_n)
