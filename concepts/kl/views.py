"""The /kl page's cached views: the Gaussian pair, the two fits of a bimodal p, the Monte-Carlo estimate."""

from __future__ import annotations

from typing import Any, Mapping

from dataclasses import dataclass

import numpy as np
import streamlit as st
from scipy import stats


from core import kl
from concepts.kl import explain as panels
from concepts.kl.spec import SPEC
from concepts.kl import figures
from viz.live import Family, build_family
from viz.theme import FigureSpec
from i18n import _, lazy_text
from views.experiments import Experiment, Outcomes
from views import CACHE_TTL, per_language


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


@per_language
@st.cache_resource(ttl=CACHE_TTL, max_entries=128, show_spinner=False)
def pair_view(m1: float, s1: float, m2: float, s2: float, lang: str) -> PairView:
    pair = kl.GaussianPair(m1, s1, m2, s2)
    return PairView(pair, figures.pair_figure(pair, kl.pair_curves(pair)))


# q's live grids: the sliders' own steps over their whole ranges (concepts/kl/spec.py).
M2_GRID = SPEC.param("m2").grid()
S2_GRID = SPEC.param("s2").grid()
INTERPRETATION_KEY = "kl-interpretation"  # the container of the sentence that follows q


def _pair_family(grid: tuple[float, ...], pair_at) -> Family:
    def figures_at(value: float) -> dict:
        pair = pair_at(value)
        return {"kl-integrands": figures.pair_figure(pair, kl.pair_curves(pair))}

    return build_family(grid, figures_at, lambda value: panels.pair_panels(pair_at(value)),
                        texts_at=lambda value: {INTERPRETATION_KEY: panels.pair_interpretation(pair_at(value))})


@per_language
@st.cache_resource(ttl=CACHE_TTL, max_entries=32, show_spinner=False)
def m2_family(m1: float, s1: float, s2: float, lang: str) -> Family:
    """The Two Gaussians tab at every m₂ of M2_GRID."""
    return _pair_family(M2_GRID, lambda m2: kl.GaussianPair(m1, s1, m2, s2))


@per_language
@st.cache_resource(ttl=CACHE_TTL, max_entries=32, show_spinner=False)
def s2_family(m1: float, s1: float, m2: float, lang: str) -> Family:
    """The Two Gaussians tab at every s₂ of S2_GRID."""
    return _pair_family(S2_GRID, lambda s2: kl.GaussianPair(m1, s1, m2, s2))


@per_language
@st.cache_resource(ttl=CACHE_TTL, max_entries=64, show_spinner=lazy_text("Minimising both divergences…"))
def fit_view(sep: float, w: float, lang: str) -> FitView:
    target = kl.bimodal_target(sep, w)
    forward = kl.fit_forward(target)
    starts = kl.default_starts(target)
    reverse = tuple(kl.fit_reverse(target, starts))
    figure = figures.fit_figure(forward, list(reverse), kl.fit_curves(target, forward, list(reverse)))
    return FitView(target, forward, reverse, len(starts), figure)


@per_language
@st.cache_resource(ttl=CACHE_TTL, max_entries=64, show_spinner=False)
def estimation_view(m1: float, s1: float, m2: float, s2: float, seed: int, lang: str) -> EstimationView:
    mc = kl.monte_carlo_kl(kl.GaussianPair(m1, s1, m2, s2), seed)
    return EstimationView(mc, figures.monte_carlo_figure(mc), figures.error_figure(mc))


# --- hooks found by the page registry (concepts/__init__.py) -------------------------------------------------


def warm_defaults() -> None:
    """The live families at the page's default state (at server start, before the first reader)."""
    d = SPEC.defaults()
    m2_family(d["m1"], d["s1"], d["s2"])
    s2_family(d["m1"], d["s1"], d["m2"])


def _larger_direction(state: Mapping[str, Any]) -> str:
    forward = kl.kl_normal(state["m1"], state["s1"], state["m2"], state["s2"])
    reverse = kl.kl_normal(state["m2"], state["s2"], state["m1"], state["s1"])
    return "KL(p‖q)" if forward > reverse else "KL(q‖p)"


ANSWERS = {"larger_direction": _larger_direction}


# --- a class experiment (views/experiments.py): every device estimates KL(p‖q) from draws of its own ---------

DEVICE_DRAWS = 100      # draws from p per device: the class sees the estimator's spread, σ/√100


def _pair(state: Mapping[str, Any]) -> kl.GaussianPair:
    return kl.GaussianPair(state["m1"], state["s1"], state["m2"], state["s2"])


def _mc_estimate(state: Mapping[str, Any], seed: int) -> float:
    """One device's Monte-Carlo KL(p‖q): the mean of log p(X) − log q(X) over DEVICE_DRAWS draws X ~ p."""
    return float(kl.monte_carlo_kl(_pair(state), seed, (DEVICE_DRAWS,)).estimates[0])


def _mc_outcomes(state: Mapping[str, Any]) -> Outcomes:
    """The estimates gather around the exact KL(p‖q) with standard error σ/√n (σ: the log ratio's sd under p);
    the CLT's normal, N(KL, σ²/n), is what the class's histogram should look like."""
    pair = _pair(state)
    error = kl.log_ratio_sd(pair) / np.sqrt(DEVICE_DRAWS)
    spread = max(error, 1e-9)
    x = np.linspace(pair.forward - 4 * spread, pair.forward + 4 * spread, 401)
    return Outcomes(-1e9, 1e9, x, stats.norm.pdf(x, pair.forward, spread), False,
                    _("N(KL, σ²/n): mean {kl}, sd {sd}").format(kl=f"{pair.forward:.3g}", sd=f"{error:.3g}"),
                    _("KL(p‖q) estimated from {n} draws").format(n=DEVICE_DRAWS), pair.forward)


EXPERIMENTS = {"mc_estimate": Experiment(_mc_estimate, _mc_outcomes)}
