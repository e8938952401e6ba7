"""The /fisher page's cached views: the estimators simulated at one n, their efficiency over every n,
the log-likelihood of one large sample, and the family the live θ control plays."""

from __future__ import annotations

from typing import Any, Mapping

import math
from dataclasses import dataclass

import streamlit as st

from core import fisher
from concepts.fisher import explain as panels
from concepts.fisher.spec import SPEC
from i18n import lazy_text
from views import CACHE_TTL, per_language
from concepts.fisher import figures
from viz.live import Family, build_family
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
@st.cache_resource(ttl=CACHE_TTL, max_entries=32, show_spinner=lazy_text("Simulating the estimators over n…"))
def _efficiency_curves(model_key: str, theta: float, reps: int, seed: int):
    return fisher.efficiency_curves(fisher.get_model(model_key), theta, reps, seed)


@per_language
@st.cache_resource(ttl=CACHE_TTL, max_entries=64, show_spinner=lazy_text("Simulating the estimators…"))
def estimator_view(model_key: str, theta: float, n: int, reps: int, seed: int, lang: str) -> EstimatorView:
    model = fisher.get_model(model_key)
    results = fisher.simulate(model, theta, n, reps, seed)
    curves = _efficiency_curves(model_key, theta, reps, seed)
    sampling = figures.sampling_figure(model, results, fisher.bound_curve(results[0]))
    return EstimatorView(model, tuple(results), model.information(theta), sampling,
                         figures.efficiency_figure(model, curves, n))


def likelihood_sample_size(model: fisher.Model, big_n: int, limit: int | None = None) -> int:
    """The N the likelihood curve uses: the Cauchy has no sufficient statistics (its likelihood costs N per
    setting), so its N is capped; `limit` is the deployment's cap on points (ui.admission.max_points)."""
    used = min(big_n, fisher.CAUCHY_MAX_BIG_N) if model.key == "cauchy" else big_n
    return used if limit is None else min(used, limit)


@per_language
@st.cache_resource(ttl=CACHE_TTL, max_entries=32,
                   show_spinner=lazy_text("Computing the log-likelihood of one large sample…"))
def _likelihood_view(model_key: str, theta: float, big_n: int, used: int, seed: int, lang: str) -> LikelihoodView:
    model = fisher.get_model(model_key)
    curve = fisher.likelihood_curve(model, theta, used, seed)
    return LikelihoodView(curve, figures.likelihood_figure(model, curve, theta), big_n)


def likelihood_view(model_key: str, theta: float, big_n: int, seed: int, limit: int | None = None) -> LikelihoodView:
    """The log-likelihood of one seeded sample of likelihood_sample_size points, and its figure."""
    used = likelihood_sample_size(fisher.get_model(model_key), big_n, limit)
    return _likelihood_view(model_key, theta, big_n, used, seed)


# θ's live family simulates the estimators at every grid value: n × replications draws each. Past this
# many draws in all (up to a second here: Poisson draws are the slowest), the grid thins; below
# MIN_THETA_GRID values θ is a plain slider that recomputes on release.
THETA_DRAW_BUDGET = 15_000_000
MAX_THETA_GRID, MIN_THETA_GRID = 101, 11
INTERPRETATION_KEY = "fisher-interpretation"  # the container of the sentence that follows θ
# What the family does not carry (each depends on θ, and costs a simulation over n or of N points):
# faded while θ moves, recomputed on release.
NOT_LIVE = ("fisher-table", "fisher-efficiency", "fisher-ratio", "fisher-likelihood")


def theta_grid(model: fisher.Model, n: int, reps: int) -> tuple[float, ...]:
    """Evenly spaced values of θ on the model's own steps, as many as the draw budget allows (none
    below the minimum). The live slider then moves in the grid's spacing (theta_step_for), so what is
    shown while dragging is what is committed on release."""
    low, high = model.theta_range
    steps = round((high - low) / model.theta_step)
    allowed = min(MAX_THETA_GRID, THETA_DRAW_BUDGET // (n * reps))
    if allowed < MIN_THETA_GRID:
        return ()
    stride = max(1, math.ceil(steps / (allowed - 1)))
    return tuple(round(low + k * stride * model.theta_step, 10) for k in range(steps // stride + 1))


def theta_step_for(model: fisher.Model, grid: tuple[float, ...]) -> float:
    """The live slider's step: the grid's spacing (the model's own step where there is no grid)."""
    return round(grid[1] - grid[0], 10) if len(grid) > 1 else model.theta_step


@per_language
@st.cache_resource(ttl=CACHE_TTL, max_entries=32, show_spinner=False)
def theta_family(model_key: str, n: int, reps: int, seed: int, lang: str) -> Family | None:
    """/fisher's estimators at every θ of theta_grid (None where the grid would be too coarse)."""
    model = fisher.get_model(model_key)
    grid = theta_grid(model, n, reps)
    if not grid:
        return None
    simulated = {theta: fisher.simulate(model, theta, n, reps, seed) for theta in grid}
    return build_family(
        grid, lambda theta: {"fisher-sampling": figures.sampling_figure(model, simulated[theta],
                                                                        fisher.bound_curve(simulated[theta][0]))},
        lambda theta: panels.estimator_panels(model, theta, model.information(theta), tuple(simulated[theta])),
        texts_at=lambda theta: {INTERPRETATION_KEY: panels.interpretation(tuple(simulated[theta]))})


# --- hooks found by the page registry (concepts/__init__.py) -------------------------------------------------


def warm_defaults() -> None:
    """The live family at the page's default state (at server start, before the first reader)."""
    d = SPEC.defaults()
    theta_family(d["model"], d["n"], d["reps"], d["seed"])


def _cramer_rao_bound(state: Mapping[str, Any]) -> float:
    """1 / (n I(θ)): the smallest variance an unbiased estimator can have."""
    model = fisher.get_model(state["model"])
    return 1.0 / (int(state["n"]) * model.information(float(state["theta"])))


ANSWERS = {"cramer_rao_bound": _cramer_rao_bound}
