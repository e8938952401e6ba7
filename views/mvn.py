"""The /mvn page's cached views: the conditional with its figures, and the high-dimensional shell."""

from __future__ import annotations

from dataclasses import dataclass

import streamlit as st

import numpy as np

from core import mvn
from explain import mvn as panels
from specs.mvn import MvnInputs
from views import CACHE_TTL, by_fields
from viz import mvn as figures
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

@st.cache_resource(ttl=CACHE_TTL, max_entries=128, show_spinner=False, hash_funcs=_HASH)
def conditioning_view(inputs: MvnInputs) -> ConditioningView:
    cond = mvn.condition(inputs.mu1, inputs.mu2, inputs.s1, inputs.s2, inputs.rho, inputs.x2, eps=inputs.eps)
    points = mvn.sample(cond.mean, cond.factor, inputs.samples, inputs.seed)
    return ConditioningView(cond, figures.joint_figure(cond, points), figures.marginal_vs_conditional_figure(cond))


# ρ's live grid: |ρ| = 1 is singular (the page adds εI there, computed exactly on release).
RHO_GRID = tuple(float(v) for v in np.round(np.arange(-0.99, 0.99001, 0.01), 2))
_SAMPLES_TRACE = 0  # the cloud of samples is redrawn on release, not while ρ moves
INTERPRETATION_KEY = "mvn-interpretation"  # the container of the sentence that follows ρ


@st.cache_resource(ttl=CACHE_TTL, max_entries=32, show_spinner=False, hash_funcs=_HASH)
def rho_family(inputs: MvnInputs) -> Family:
    """/mvn at every ρ of RHO_GRID, the other controls as in `inputs` (its rho is ignored)."""
    def conditioning_at(rho: float) -> mvn.Conditioning:
        return mvn.condition(inputs.mu1, inputs.mu2, inputs.s1, inputs.s2, rho, inputs.x2, eps=inputs.eps)

    def figures_at(rho: float) -> dict:
        cond = conditioning_at(rho)
        return {"mvn-joint": figures.joint_figure(cond, np.zeros((0, 2))),
                "mvn-conditional": figures.marginal_vs_conditional_figure(cond)}

    return build_family(RHO_GRID, figures_at, lambda rho: panels.conditioning_panels(conditioning_at(rho)),
                        skip={"mvn-joint": (_SAMPLES_TRACE,)},
                        texts_at=lambda rho: {INTERPRETATION_KEY: panels.interpretation(conditioning_at(rho))})


@st.cache_resource(ttl=CACHE_TTL, max_entries=16, show_spinner="Drawing high-dimensional samples…")
def shell_view(seed: int) -> ShellView:
    summaries = mvn.norm_concentration(mvn.HIGH_DIMENSIONS, 2000, seed)
    shown = [s for s in summaries if s.dimension in (1, 10, 100, 1000)]
    return ShellView(tuple(summaries), figures.shell_figure(shown), figures.relative_spread_figure(summaries))
