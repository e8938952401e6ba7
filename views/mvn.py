"""The /mvn page's cached views: the conditional with its figures, and the high-dimensional shell."""

from __future__ import annotations

from dataclasses import dataclass

import streamlit as st

from core import mvn
from specs.mvn import MvnInputs
from views import CACHE_TTL, by_fields
from viz import mvn as figures
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


@st.cache_resource(ttl=CACHE_TTL, max_entries=16, show_spinner="Drawing high-dimensional samples…")
def shell_view(seed: int) -> ShellView:
    summaries = mvn.norm_concentration(mvn.HIGH_DIMENSIONS, 2000, seed)
    shown = [s for s in summaries if s.dimension in (1, 10, 100, 1000)]
    return ShellView(tuple(summaries), figures.shell_figure(shown), figures.relative_spread_figure(summaries))
