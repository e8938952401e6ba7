"""The /families page's cached views: a family's member and its live η family, the generating functions and the
live N family of the standardised mean's characteristic function, one limit of the map and its live family."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Mapping

import numpy as np
import streamlit as st

from concepts.families import explain as panels
from concepts.families import figures
from concepts.families.spec import MEAN_SIZES, SIZES, SPEC
from core import families
from views import CACHE_TTL, per_language
from viz.live import Family, build_family
from viz.theme import FigureSpec

GRAMMAR_SENTENCE_KEY = "families-grammar-sentence"   # the containers of the sentences the live controls update
GENERATING_SENTENCE_KEY = "families-generating-sentence"
LIMIT_SENTENCE_KEY = "families-limit-sentence"
SIMULATED_MEANS = 2000      # per N, for the empirical characteristic function
_T = np.linspace(*families.CF_WINDOW, 161)


def eta_grid(fam: str) -> tuple[float, ...]:
    """η's positions for the family: its own range in its own steps (core.families.SHAPES)."""
    shape = families.SHAPES[fam]
    count = round((shape.eta_range[1] - shape.eta_range[0]) / shape.eta_step)
    return tuple(round(shape.eta_range[0] + k * shape.eta_step, 6) for k in range(count + 1))


@dataclass(frozen=True)
class GrammarView:
    point: families.GrammarPoint
    figure: FigureSpec


def _grammar(fam: str, eta: float, held: float) -> GrammarView:
    """The member at η (core ignores `held` for a family that holds nothing: the Bernoulli, the Poisson)."""
    point = families.grammar_point(fam, eta, held)
    curves = families.grammar_curves(fam, eta, held)
    figure = figures.grammar_figure(curves, families.SHAPES[fam].discrete, eta, point.log_partition,
                                    panels.x_title(fam), panels.CATEGORIES if fam == "categorical" else ())
    return GrammarView(point, figure)


@per_language
@st.cache_resource(ttl=CACHE_TTL, max_entries=64, show_spinner=False)
def grammar_view(fam: str, eta: float, held: float, lang: str) -> GrammarView:
    return _grammar(fam, eta, held)


@per_language
@st.cache_resource(ttl=CACHE_TTL, max_entries=16, show_spinner=False)
def eta_family(fam: str, held: float, lang: str) -> Family:
    """The Grammar tab at every η of the family's grid: the figure, the numbers and the sentence."""
    views = {eta: _grammar(fam, eta, held) for eta in eta_grid(fam)}
    return build_family(tuple(views), lambda eta: {"families-grammar": views[eta].figure},
                        lambda eta: panels.grammar_panels(views[eta].point),
                        texts_at=lambda eta: {GRAMMAR_SENTENCE_KEY: panels.interpretation(views[eta].point)})


@dataclass(frozen=True)
class GeneratingView:
    reading: families.MomentReading
    distance: float
    characteristic: FigureSpec
    moments: FigureSpec


def _characteristic(dist: str, n: int, seed: int) -> tuple[float, FigureSpec]:
    exact = families.standardised_mean_cf(dist, n, _T)
    empirical = families.empirical_cf(families.standardised_means(dist, n, SIMULATED_MEANS, seed), _T)
    figure = figures.characteristic_figure(_T, exact, families.normal_cf(_T), empirical,
                                           families.generating(dist).sd is not None)
    return families.distance_to_normal(dist, n), figure


def _moments_figure(dist: str, reading: families.MomentReading) -> FigureSpec:
    curve = families.mgf_curve(dist)
    if curve is None:
        return figures.tails_figure(_T, families.generating(dist).cf(_T))
    return figures.mgf_figure(*curve, reading.slope, reading.curvature)


@per_language
@st.cache_resource(ttl=CACHE_TTL, max_entries=64, show_spinner=False)
def generating_view(dist: str, n: int, seed: int, lang: str) -> GeneratingView:
    reading = families.read_moments(dist)
    distance, characteristic = _characteristic(dist, n, seed)
    return GeneratingView(reading, distance, characteristic, _moments_figure(dist, reading))


@per_language
@st.cache_resource(ttl=CACHE_TTL, max_entries=16, show_spinner=False)
def n_family(dist: str, seed: int, lang: str) -> Family:
    """The Generating functions tab at every N: the characteristic functions, the numbers and the sentence."""
    reading = families.read_moments(dist)
    states = {n: _characteristic(dist, n, seed) for n in MEAN_SIZES}
    return build_family(MEAN_SIZES, lambda n: {"families-characteristic": states[int(n)][1]},
                        lambda n: panels.moment_panels(reading, states[int(n)][0], int(n)),
                        texts_at=lambda n: {GENERATING_SENTENCE_KEY: panels.generating_sentence(
                            dist, int(n), states[int(n)][0])})


@dataclass(frozen=True)
class LimitView:
    result: families.Limit
    figure: FigureSpec
    map: FigureSpec


def _limit_figure(result: families.Limit) -> FigureSpec:
    return figures.limit_figure(result, panels.limit_names(result), panels.limit_x_title(result.key))


@per_language
@st.cache_resource(ttl=CACHE_TTL, max_entries=64, show_spinner=False)
def limit_view(edge: str, size: int, lang: str) -> LimitView:
    result = families.limit(edge, size)
    return LimitView(result, _limit_figure(result), figures.map_figure(panels.family_names(), panels.relations(), edge))


@per_language
@st.cache_resource(ttl=CACHE_TTL, max_entries=16, show_spinner=False)
def size_family(edge: str, lang: str) -> Family:
    """The Map tab at every size: the two distributions, the distance and the sentence."""
    results = {size: families.limit(edge, size) for size in SIZES}
    return build_family(SIZES, lambda size: {"families-limit": _limit_figure(results[int(size)])},
                        lambda size: panels.limit_panels(results[int(size)]),
                        texts_at=lambda size: {LIMIT_SENTENCE_KEY: panels.limit_sentence(results[int(size)])})


# --- hooks found by the page registry (concepts/__init__.py) -------------------------------------------------


def warm_defaults() -> None:
    """The live families at the page's default state (at server start, before the first reader)."""
    d = SPEC.defaults()
    eta_family(d["fam"], d["held"])
    n_family(d["dist"], d["seed"])
    size_family(d["edge"])


def _shape_state(state: Mapping[str, Any]) -> tuple[str, float, float]:
    return state["fam"], float(state["eta"]), float(state["held"])


def _variance_of_statistic(state: Mapping[str, Any]) -> float:
    """A″(η): the variance of T(X) in the state's family."""
    return families.variance_statistic(*_shape_state(state))


def _total_variation(state: Mapping[str, Any]) -> float:
    return families.limit(state["edge"], int(state["size"])).total_variation


ANSWERS = {"variance_of_statistic": _variance_of_statistic, "total_variation": _total_variation}
