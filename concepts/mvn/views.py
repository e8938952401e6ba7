"""The /mvn page's cached views: the conditional with its figures, and the high-dimensional shell."""

from __future__ import annotations

from typing import Any, Mapping

import functools
from dataclasses import dataclass, replace

import streamlit as st

import numpy as np

from core import mvn
from concepts.mvn import explain as panels
from concepts.mvn.spec import MvnInputs, SPEC
from i18n import lazy_text
from views import CACHE_TTL, by_fields, per_language
from concepts.mvn import figures
from viz.live import Family, build_family
from viz.theme import FigureSpec


@dataclass(frozen=True)
class ConditioningView:
    cond: mvn.Conditioning
    joint: FigureSpec
    slices: FigureSpec


@dataclass(frozen=True)
class ShellView:
    summaries: tuple[mvn.ShellSummary, ...]
    shell: FigureSpec
    spread: FigureSpec


_HASH = by_fields(MvnInputs)  # cache keys from the fields, not through pickle

@per_language
@st.cache_resource(ttl=CACHE_TTL, max_entries=128, show_spinner=False, hash_funcs=_HASH)
def conditioning_view(inputs: MvnInputs, lang: str) -> ConditioningView:
    cond = mvn.condition(inputs.mu1, inputs.mu2, inputs.s1, inputs.s2, inputs.rho, inputs.x2, eps=inputs.eps)
    points = mvn.sample(cond.mean, cond.factor, inputs.samples, inputs.seed)
    joint, conditional = conditioning_figures(cond, points, inputs.x2_window[:2])
    return ConditioningView(cond, joint, conditional)


def conditioning_figures(cond: mvn.Conditioning, points: np.ndarray,
                         observable: tuple[float, float]) -> tuple[FigureSpec, FigureSpec]:
    """The joint figure (its axes holding every x₂ in `observable`) and the marginal-against-conditional one."""
    return (figures.joint_figure(cond, mvn.joint_picture(cond, observable), points),
            figures.marginal_vs_conditional_figure(cond, mvn.density_curves(cond)))


# ρ's live grid: |ρ| = 1 is singular (the page adds εI there, computed exactly on release).
RHO_GRID = SPEC.param("rho").grid(inset=1)
_SAMPLES_TRACE = 0  # the cloud of samples is redrawn on release, not while ρ moves
INTERPRETATION_KEY = "mvn-interpretation"  # the container of the sentence that follows ρ


def rho_family(inputs: MvnInputs) -> Family:
    """/mvn at every ρ of RHO_GRID, the other controls as in `inputs` (its ρ is not part of the family's
    cache key: releasing ρ at a new value reuses the family it was dragged through)."""
    return _rho_family(replace(inputs, rho=0.0), inputs.x2_window[:2])


@per_language
@st.cache_resource(ttl=CACHE_TTL, max_entries=32, show_spinner=False, hash_funcs=_HASH)
def _rho_family(inputs: MvnInputs, observable: tuple[float, float], lang: str) -> Family:
    @functools.cache  # figures, numbers and sentence each ask for it
    def conditioning_at(rho: float) -> mvn.Conditioning:
        return mvn.condition(inputs.mu1, inputs.mu2, inputs.s1, inputs.s2, rho, inputs.x2, eps=inputs.eps)

    def figures_at(rho: float) -> dict:
        joint, conditional = conditioning_figures(conditioning_at(rho), np.zeros((0, 2)), observable)
        return {"mvn-joint": joint, "mvn-conditional": conditional}

    return build_family(RHO_GRID, figures_at, lambda rho: panels.conditioning_panels(conditioning_at(rho)),
                        skip={"mvn-joint": (_SAMPLES_TRACE,)},
                        texts_at=lambda rho: {INTERPRETATION_KEY: panels.interpretation(conditioning_at(rho))})


def x2_family(inputs: MvnInputs, window: tuple[float, float, float]) -> Family:
    """/mvn at every x₂ of the slider's window (low, high, step; concepts.mvn.spec.x2_window), the other controls
    as in `inputs`. The joint and its samples do not depend on x₂: only the slice, its mean, the
    conditional density and the numbers move."""
    return _x2_family(replace(inputs, x2=0.0), window)


@per_language
@st.cache_resource(ttl=CACHE_TTL, max_entries=32, show_spinner=False, hash_funcs=_HASH)
def _x2_family(inputs: MvnInputs, window: tuple[float, float, float], lang: str) -> Family:
    low, high, step = window
    grid = tuple(round(low + k * step, 10) for k in range(round((high - low) / step) + 1))
    joint = mvn.condition(inputs.mu1, inputs.mu2, inputs.s1, inputs.s2, inputs.rho, 0.0, eps=inputs.eps)
    points = mvn.sample(joint.mean, joint.factor, inputs.samples, inputs.seed)  # the same at every x₂

    @functools.cache
    def conditioning_at(x2: float) -> mvn.Conditioning:
        return mvn.condition(inputs.mu1, inputs.mu2, inputs.s1, inputs.s2, inputs.rho, x2, eps=inputs.eps)

    def figures_at(x2: float) -> dict:
        joint, conditional = conditioning_figures(conditioning_at(x2), points, (low, high))
        return {"mvn-joint": joint, "mvn-conditional": conditional}

    return build_family(grid, figures_at, lambda x2: panels.conditioning_panels(conditioning_at(x2)),
                        texts_at=lambda x2: {INTERPRETATION_KEY: panels.interpretation(conditioning_at(x2))})


@per_language
@st.cache_resource(ttl=CACHE_TTL, max_entries=16, show_spinner=lazy_text("Drawing high-dimensional samples…"))
def shell_view(seed: int, lang: str) -> ShellView:
    summaries = mvn.norm_concentration(mvn.HIGH_DIMENSIONS, 2000, seed)
    shown = [s for s in summaries if s.dimension in (1, 10, 100, 1000)]
    return ShellView(tuple(summaries), figures.shell_figure(shown), figures.relative_spread_figure(summaries))


# --- hooks found by the page registry (concepts/__init__.py) -------------------------------------------------


def warm_defaults() -> None:
    """The live families at the page's default state (at server start, before the first reader)."""
    d = SPEC.defaults()
    inputs = MvnInputs(d["mu1"], d["mu2"], d["s1"], d["s2"], d["rho"], d["x2"], d["eps"], d["samples"], d["seed"])
    rho_family(inputs)
    x2_family(inputs, inputs.x2_window)


def _conditional_mean(state: Mapping[str, Any]) -> float:
    return mvn.condition(state["mu1"], state["mu2"], state["s1"], state["s2"], state["rho"], state["x2"]).cond_mean


ANSWERS = {"conditional_mean": _conditional_mean}
