"""The /kl page's cached views: the Gaussian pair, the two fits of a bimodal p, the Monte-Carlo estimate."""

from __future__ import annotations

from dataclasses import dataclass

import streamlit as st

from core import kl
from viz import kl as figures
from viz.theme import FigureSpec
from views import CACHE_TTL


@dataclass(frozen=True)
class PairView:
    pair: kl.GaussianPair
    figure: FigureSpec


@dataclass(frozen=True)
class FitView:
    target: kl.BimodalTarget
    forward: kl.GaussianFit
    reverse: tuple[kl.GaussianFit, ...]     # local optima of KL(q‖p), best first
    start_count: int
    figure: FigureSpec


@dataclass(frozen=True)
class EstimationView:
    mc: kl.MonteCarloKL
    estimates: FigureSpec
    errors: FigureSpec


@st.cache_resource(ttl=CACHE_TTL, max_entries=128, show_spinner=False)
def pair_view(m1: float, s1: float, m2: float, s2: float) -> PairView:
    pair = kl.GaussianPair(m1, s1, m2, s2)
    return PairView(pair, figures.pair_figure(pair, kl.pair_curves(pair)))


@st.cache_resource(ttl=CACHE_TTL, max_entries=64, show_spinner="Minimising both divergences…")
def fit_view(sep: float, w: float) -> FitView:
    target = kl.bimodal_target(sep, w)
    forward = kl.fit_forward(target)
    starts = kl.default_starts(target)
    reverse = tuple(kl.fit_reverse(target, starts))
    return FitView(target, forward, reverse, len(starts), figures.fit_figure(target, forward, list(reverse)))


@st.cache_resource(ttl=CACHE_TTL, max_entries=64, show_spinner=False)
def estimation_view(m1: float, s1: float, m2: float, s2: float, seed: int) -> EstimationView:
    mc = kl.monte_carlo_kl(kl.GaussianPair(m1, s1, m2, s2), seed)
    return EstimationView(mc, figures.monte_carlo_figure(mc), figures.error_figure(mc))
