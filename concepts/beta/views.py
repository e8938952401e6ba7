"""The /beta page's cached views: the Beta-Bernoulli posterior after the flips seen so far (with its
path, interval and grid approximation), the family the live flips-seen control plays, and the
Gaussian-Gaussian posterior."""

from __future__ import annotations

from typing import Any, Mapping

from dataclasses import dataclass

import streamlit as st

import numpy as np
from scipy import stats

from core import conjugate
from concepts.beta import explain as panels
from concepts.beta.spec import SPEC
from views import CACHE_TTL, by_fields, per_language, steps_to_play
from concepts.beta import figures
from i18n import _
from views.experiments import Experiment, Outcomes
from viz.live import Family, build_family
from viz.theme import FigureSpec

SENTENCE_KEYS = ("beta-interpretation", "beta-update-sentence")  # containers of the sentences that follow
NOT_LIVE = ("beta-grid", "beta-grid-numbers")  # the grid approximation: faded while the flips move


@dataclass(frozen=True)
class Flips:
    """The data the Beta tab conditions on: typed counts, or a seeded sequence of simulated flips."""

    heads: int
    tails: int
    simulated_from: tuple[float, int, int] | None = None   # (true theta, flips, seed) when simulated

    @property
    def true_theta(self) -> float | None:
        return self.simulated_from[0] if self.simulated_from else None

    @property
    def total(self) -> int:
        return self.heads + self.tails

    @property
    def state(self) -> dict:
        """The page state these flips come from, as the spec reads it (concepts.beta.spec.total_flips)."""
        if self.simulated_from:
            return {"data": "simulate", "flips": self.total}
        return {"data": "counts", "heads": self.heads, "tails": self.tails}

    def sequence(self) -> np.ndarray:
        """The flips in order: the seeded coin's, or for counts the heads spread evenly."""
        return (conjugate.simulate_flips(*self.simulated_from) if self.simulated_from
                else conjugate.interleaved_flips(self.heads, self.tails))


def seen_grid(total: int) -> tuple[int, ...]:
    """The prefixes the flips-seen control plays: flip by flip up to 200 flips, else even strides (the
    slider moves in them), always ending at all the flips."""
    return steps_to_play(total)


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


def _prefix_posterior(a: float, b: float, sequence: np.ndarray, seen: int) -> conjugate.BetaPosterior:
    heads = int(sequence[:seen].sum())
    return conjugate.beta_posterior(a, b, heads, seen - heads)


def _update_figure(posterior: conjugate.BetaPosterior, central: conjugate.Interval, hpd: conjugate.Interval | None,
                   interval_name: str, true_theta: float | None) -> FigureSpec:
    curves = conjugate.beta_density_curves(posterior)
    shaded = hpd if interval_name == "hpd" else central
    return figures.beta_update_figure(posterior, curves, shaded, "HPD" if interval_name == "hpd" else "central",
                                      true_theta)


@per_language
@st.cache_resource(ttl=CACHE_TTL, max_entries=128, show_spinner=False, hash_funcs=_HASH)
def beta_view(a: float, b: float, flips: Flips, interval_name: str, grid_points: int, seen: int, lang: str) -> BetaView:
    """The posterior after the first `seen` of the flips (all of them: seen = flips.total)."""
    sequence = flips.sequence()
    posterior = _prefix_posterior(a, b, sequence, seen)
    central, hpd = posterior.central_interval(), posterior.hpd_interval()
    curves = conjugate.beta_density_curves(posterior)
    grid = conjugate.grid_posterior(posterior, grid_points)
    return BetaView(
        posterior, central, hpd, grid, tuple(conjugate.grid_cost_table(grid_points)),
        _update_figure(posterior, central, hpd, interval_name, flips.true_theta),
        figures.consistency_figure(conjugate.posterior_path(a, b, sequence), flips.true_theta, posterior.prior_mean,
                                   seen),
        figures.grid_figure(grid, curves))


@per_language
@st.cache_resource(ttl=CACHE_TTL, max_entries=32, show_spinner=False, hash_funcs=_HASH)
def seen_family(a: float, b: float, flips: Flips, interval_name: str, lang: str) -> Family:
    """The posterior, its numbers and sentences after every prefix of seen_grid(flips.total)."""
    sequence = flips.sequence()
    path = conjugate.posterior_path(a, b, sequence)
    grid = seen_grid(flips.total)
    posteriors = {seen: _prefix_posterior(a, b, sequence, seen) for seen in grid}
    # Every prefix's intervals in one vectorised pass (one HPD search each took ~6 ms).
    centrals, hpds = conjugate.beta_intervals(np.array([p.post_a for p in posteriors.values()]),
                                              np.array([p.post_b for p in posteriors.values()]))
    intervals = dict(zip(grid, zip(centrals, hpds)))

    def figures_at(seen: float) -> dict:
        posterior = posteriors[int(seen)]
        return {"beta-posterior": _update_figure(posterior, *intervals[int(seen)], interval_name, flips.true_theta),
                "beta-consistency": figures.consistency_figure(path, flips.true_theta, posterior.prior_mean,
                                                               int(seen))}

    def panels_at(seen: float) -> list:
        return panels.beta_panels(posteriors[int(seen)], *intervals[int(seen)], interval_name)

    return build_family(grid, figures_at, panels_at,
                        texts_at=lambda seen: sentences(posteriors[int(seen)], flips.total))


def sentences(posterior: conjugate.BetaPosterior, total: int) -> dict[str, str]:
    """The sentences over the posterior, by the key of the container that shows each."""
    return dict(zip(SENTENCE_KEYS, (panels.beta_interpretation(posterior), panels.update_sentence(posterior, total))))


@per_language
@st.cache_resource(ttl=CACHE_TTL, max_entries=128, show_spinner=False)
def gaussian_view(mu0: float, tau0: float, sigma: float, mu_true: float, n: int, seed: int, lang: str) -> GaussianView:
    xbar = conjugate.simulate_gaussian_mean(mu_true, sigma, n, seed)
    post = conjugate.gaussian_posterior(mu0, tau0, sigma, n, xbar)
    curves = conjugate.gaussian_density_curves(post)
    return GaussianView(post, figures.gaussian_update_figure(post, curves, mu_true), figures.precision_figure(post))


# --- hooks found by the page registry (concepts/__init__.py) -------------------------------------------------


def warm_defaults() -> None:
    """The live family at the page's default state (at server start, before the first reader)."""
    d = SPEC.defaults()
    seen_family(d["a"], d["b"], Flips(d["heads"], d["tails"]), d["interval"])


def _posterior_mean(state: Mapping[str, Any]) -> float:
    return conjugate.beta_posterior(state["a"], state["b"], int(state["heads"]), int(state["tails"])).mean


ANSWERS = {"posterior_mean": _posterior_mean}


# --- a class experiment (views/experiments.py): every device flips its own θ coin ---------------------------


def _heads(state: Mapping[str, Any], seed: int) -> float:
    """One device's heads in `flips` flips of a coin with P(head) = θ (the page's simulated data)."""
    return float(conjugate.simulate_flips(state["theta"], int(state["flips"]), seed).sum())


def _heads_outcomes(state: Mapping[str, Any]) -> Outcomes:
    """Heads in `flips` flips: Binomial(flips, θ), around flips·θ."""
    flips, theta = int(state["flips"]), float(state["theta"])
    counts = np.arange(flips + 1)
    return Outcomes(0, flips, counts, stats.binom.pmf(counts, flips, theta), True,
                    f"Binomial({flips}, {theta:g})", _("heads in {flips} flips").format(flips=flips), flips * theta)


def _class_posterior(state: Mapping[str, Any], heads: np.ndarray) -> str:
    """The class's flips pooled into one posterior: every student's coin is the same θ, so the flips add up."""
    flips = int(state["flips"]) * int(heads.size)
    pooled = int(heads.sum())
    posterior = conjugate.beta_posterior(state["a"], state["b"], pooled, flips - pooled)
    interval = posterior.central_interval()
    return _("**The class's {flips} flips pooled:** {heads} heads, so the Beta({a}, {b}) prior becomes Beta({post_a}, "
             "{post_b}), mean {mean}, 95% interval [{low}, {high}]; the coin's true θ is {theta}.").format(
        flips=f"{flips:,}", heads=f"{pooled:,}", a=f"{posterior.a:g}", b=f"{posterior.b:g}",
        post_a=f"{posterior.post_a:g}", post_b=f"{posterior.post_b:g}", mean=f"{posterior.mean:.3f}",
        low=f"{interval.low:.3f}", high=f"{interval.high:.3f}", theta=f"{float(state['theta']):g}")


EXPERIMENTS = {"heads": Experiment(_heads, _heads_outcomes, _class_posterior)}
