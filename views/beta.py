"""The /beta page's cached views: the Beta-Bernoulli posterior (with its path, interval and grid
approximation) and the Gaussian-Gaussian posterior."""

from __future__ import annotations

from dataclasses import dataclass

import streamlit as st

from core import conjugate
from views import CACHE_TTL, by_fields
from viz import beta as figures
from viz.theme import FigureSpec


@dataclass(frozen=True)
class Flips:
    """The data the Beta tab conditions on: typed counts, or a seeded sequence of simulated flips."""

    heads: int
    tails: int
    simulated_from: tuple[float, int, int] | None = None   # (true theta, flips, seed) when simulated

    @property
    def true_theta(self) -> float | None:
        return self.simulated_from[0] if self.simulated_from else None


@dataclass(frozen=True)
class BetaView:
    posterior: conjugate.BetaPosterior
    central: conjugate.Interval
    hpd: conjugate.Interval | None          # None when the posterior is U-shaped (two pieces)
    grid: conjugate.GridApproximation
    costs: tuple[conjugate.GridCost, ...]
    update: FigureSpec
    path: FigureSpec
    grid_figure: FigureSpec


@dataclass(frozen=True)
class GaussianView:
    post: conjugate.GaussianPosterior
    update: FigureSpec
    precision: FigureSpec


_HASH = by_fields(Flips)  # cache keys from the fields, not through pickle

@st.cache_data(ttl=CACHE_TTL, max_entries=128, show_spinner=False)
def simulated_flips(theta: float, flips: int, seed: int) -> Flips:
    simulated = conjugate.simulate_flips(theta, flips, seed)
    heads = int(simulated.sum())
    return Flips(heads, int(simulated.size) - heads, (theta, flips, seed))


@st.cache_resource(ttl=CACHE_TTL, max_entries=128, show_spinner=False, hash_funcs=_HASH)
def beta_view(a: float, b: float, flips: Flips, interval_name: str, grid_points: int) -> BetaView:
    posterior = conjugate.beta_posterior(a, b, flips.heads, flips.tails)
    sequence = (conjugate.simulate_flips(*flips.simulated_from) if flips.simulated_from
                else conjugate.interleaved_flips(flips.heads, flips.tails))
    curves = conjugate.beta_density_curves(posterior)
    hpd, central = posterior.hpd_interval(), posterior.central_interval()
    shaded = hpd if interval_name == "hpd" else central
    grid = conjugate.grid_posterior(posterior, grid_points)
    return BetaView(
        posterior, central, hpd, grid, tuple(conjugate.grid_cost_table(grid_points)),
        figures.beta_update_figure(posterior, curves, shaded, "HPD" if interval_name == "hpd" else "central",
                                   flips.true_theta),
        figures.consistency_figure(conjugate.posterior_path(a, b, sequence), flips.true_theta, posterior.prior_mean),
        figures.grid_figure(grid, curves))


@st.cache_resource(ttl=CACHE_TTL, max_entries=128, show_spinner=False)
def gaussian_view(mu0: float, tau0: float, sigma: float, mu_true: float, n: int, seed: int) -> GaussianView:
    xbar = conjugate.simulate_gaussian_mean(mu_true, sigma, n, seed)
    post = conjugate.gaussian_posterior(mu0, tau0, sigma, n, xbar)
    curves = conjugate.gaussian_density_curves(post)
    return GaussianView(post, figures.gaussian_update_figure(post, curves, mu_true), figures.precision_figure(post))
