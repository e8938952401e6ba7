"""The /likelihood page's cached views: the data (simulated, pasted or uploaded), the fit and its
figures, the log-likelihood surface, the stability demo, the kernel walk and the backend timings.

The data can be 10^7 points (10^8 on a GPU), so it is cached as a live object (cache_resource: no
copy per rerun) in few entries, and every view below takes it unhashed (`_data`) under the key that
says where it came from (`Data.key`), as /gmm does.
"""

from __future__ import annotations

from typing import Any, Mapping

from dataclasses import dataclass

import numpy as np
import streamlit as st

from core import backends, likelihood, stability
from i18n import lazy_text
from views import CACHE_TTL, per_language
from concepts.likelihood import figures
from viz.theme import FigureSpec


@dataclass(frozen=True)
class Data:
    points: np.ndarray
    key: tuple                               # where the points came from: their cache key
    source: str                              # "normal", "bimodal" or "pasted"
    requested_n: int | None = None           # simulated: the N asked for (points may hold fewer)

    @property
    def simulated(self) -> bool:
        return self.source in ("normal", "bimodal")

    @property
    def truth(self) -> tuple[float, float] | None:
        return likelihood.source_moments(self.source) if self.simulated else None


@st.cache_resource(ttl=CACHE_TTL, max_entries=2, show_spinner=lazy_text("Simulating the data…"))
def _simulated_points(source: str, n: int, seed: int) -> np.ndarray:
    return likelihood.simulate(source, n, seed)


def points_used(n: int, limit: int | None = None) -> int:
    """The points a simulation of n uses: n, or fewer where no GPU holds 10^8 or the deployment caps N."""
    used = likelihood.sample_size_used(n)
    return used if limit is None else min(used, limit)


def points_in_text(characters: int) -> int:
    """At most how many numbers a paste or file of this many characters holds ("1,2,…": two characters
    each), so the queue knows a large file before it is parsed."""
    return (characters + 1) // 2


def simulated_data(source: str, n: int, seed: int, used: int | None = None) -> Data:
    """n seeded points, or the first `used` of them (points_used) where fewer are allowed."""
    used = points_used(n) if used is None else used
    return Data(_simulated_points(source, used, seed), ("simulate", source, used, seed), source, n)


@st.cache_resource(ttl=CACHE_TTL, max_entries=8, show_spinner=lazy_text("Reading the numbers…"))
def _pasted_points(text: str) -> np.ndarray:
    return likelihood.parse_data(text)


def pasted_data(text: str) -> Data:
    return Data(_pasted_points(text), ("paste", text), "pasted")


@st.cache_resource(ttl=CACHE_TTL, max_entries=2, show_spinner=lazy_text("Reading the file…"))
def _uploaded_points(file_id: str, _content: bytes) -> np.ndarray:
    try:
        text = _content.decode("utf-8")
    except UnicodeDecodeError:
        raise ValueError("the file is not UTF-8 text: upload numbers as plain text or CSV") from None
    return likelihood.parse_data(text)


def uploaded_data(file_id: str, content: bytes) -> Data:
    return Data(_uploaded_points(file_id, content), ("upload", file_id), "pasted")


@dataclass(frozen=True)
class FitView:
    fit: likelihood.Fit
    sharpening: likelihood.Sharpening
    gap: tuple[float, float] | None           # (mean log p_true, mean log q̂) for simulated data
    data_figure: FigureSpec
    sharpening_figure: FigureSpec


@per_language
@st.cache_resource(ttl=CACHE_TTL, max_entries=8, show_spinner=lazy_text("One pass over the data…"))
def _fit_view(key: tuple, _data: Data, lang: str) -> FitView:
    x = _data.points
    fit = likelihood.fit(x)
    curve = likelihood.sharpening(x)
    gap = likelihood.mean_loglik_gap(_data.source, x, fit) if _data.simulated else None
    data_figure = figures.data_figure(likelihood.data_picture(x, fit, _data.source), fit)
    return FitView(fit, curve, gap, data_figure, figures.sharpening_figure(curve))


def fit_view(data: Data) -> FitView:
    return _fit_view(data.key, data)


@per_language
@st.cache_resource(ttl=CACHE_TTL, max_entries=16, show_spinner=False)
def _surface_figure(key: tuple, _data: Data, window: str, lang: str) -> FigureSpec:
    fit = fit_view(_data).fit
    centre = _data.truth or (fit.mu, fit.sigma)
    return figures.surface_figure(likelihood.surface(fit, window, centre), fit, _data.truth)


def surface_figure(data: Data, window: str) -> FigureSpec:
    return _surface_figure(data.key, data, window)


@dataclass(frozen=True)
class StabilityView:
    product: stability.ProductDemo
    underflow: stability.LogSumExpRow
    overflow: stability.LogSumExpRow
    softmax: tuple[dict[str, np.ndarray], np.ndarray]
    product_figure: FigureSpec
    logsumexp_figure: FigureSpec


@st.cache_resource(ttl=CACHE_TTL, max_entries=1, show_spinner=False)
def _logsumexp_curve() -> stability.LogSumExpCurve:
    return stability.logsumexp_curve()


@per_language
@st.cache_resource(ttl=CACHE_TTL, max_entries=32, show_spinner=False)
def _stability_view(key: tuple, _data: Data, shift: float, lang: str) -> StabilityView:
    fit = fit_view(_data).fit
    product = stability.product_demo(_data.points, fit.mu, fit.sigma, shift)
    underflow = stability.underflow_row(shift)
    return StabilityView(product, underflow, stability.overflow_row(shift), stability.softmax_row(shift),
                         figures.product_figure(product), figures.logsumexp_figure(_logsumexp_curve(), underflow,
                                                                                    shift))


def stability_view(data: Data, shift: float) -> StabilityView:
    return _stability_view(data.key, data, shift)


@st.cache_resource(ttl=CACHE_TTL, max_entries=16, show_spinner=False)
def _walk(key: tuple, _data: Data, program: int) -> backends.BlockWalk:
    fit = fit_view(_data).fit
    return backends.block_walk(_data.points, fit.mu, fit.sigma, program)


def block_walk(data: Data, program: int) -> backends.BlockWalk:
    return _walk(data.key, data, program)


@st.cache_resource(ttl=CACHE_TTL, max_entries=1, show_spinner=False)
def kernel_listings() -> tuple[str, str]:
    """(the kernel, its plain-torch reference), read from explorer_kernels/ as text."""
    return tuple(backends.function_source(backends.KERNEL_FILE, name)
                 for name in (backends.KERNEL_FUNCTION, backends.REFERENCE_FUNCTION))


# `measurement` is bumped by the page's "Time again" button: a new key, so a fresh measurement.
@per_language
@st.cache_resource(ttl=CACHE_TTL, max_entries=8, show_spinner=lazy_text("Timing every backend on this machine…"))
def _timings(key: tuple, _data: Data, measurement: int, lang: str) -> tuple[tuple[backends.Timing, ...], FigureSpec]:
    fit = fit_view(_data).fit
    measured = tuple(backends.time_all(_data.points, fit.mu, fit.sigma))
    return measured, figures.timing_figure(measured, _data.points.size)


def timings(data: Data, measurement: int) -> tuple[tuple[backends.Timing, ...], FigureSpec]:
    """Every backend timed on this data (and a bar chart of the medians)."""
    return _timings(data.key, data, measurement)


# --- hooks found by the page registry (concepts/__init__.py) -------------------------------------------------


def _stable_logsumexp(state: Mapping[str, Any]) -> float:
    """The max-shifted log-sum-exp of the two-bump mixture's terms d sds out (docs/maths.md, stability)."""
    return stability.underflow_row(float(state["shift"])).stable


ANSWERS = {"stable_logsumexp": _stable_logsumexp}
