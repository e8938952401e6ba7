"""The /fisher page's spec: how close does an estimator come to the Cramér–Rao bound?"""

from __future__ import annotations

from core import fisher
from specs.base import Choice, Number, PageSpec, seed_param


def _model(state) -> fisher.Model:
    return fisher.MODELS.get(state.get("model"), fisher.MODELS["normal-mean"])


SPEC = PageSpec(
    stem="fisher", title="Fisher information", icon=":material/target:",
    question="How close does an estimator come to the Cramér–Rao bound?",
    params=(
        Choice("model", "Model", fisher.MODEL_KEYS, "normal-mean"),
        # θ's range, step and default are the chosen model's; the widest range is what a link is
        # first checked against.
        Number("theta", "true θ", min(m.theta_range[0] for m in fisher.MODELS.values()),
               max(m.theta_range[1] for m in fisher.MODELS.values()), fisher.MODELS["normal-mean"].theta_default,
               widget="live", bounds_for=lambda state: _model(state).theta_range,
               default_for=lambda state: _model(state).theta_default),
        Choice("n", "sample size n", fisher.N_GRID, 20, widget="slider"),
        Choice("reps", "replications", (500, 1000, 2000, 5000, 10000), 2000, widget="slider",
               help="How many times the experiment is repeated to estimate each variance."),
        Choice("big_n", "one large sample N (likelihood curve)", fisher.BIG_N_OPTIONS, 100_000, widget="slider",
               used_when=f"at most {fisher.CAUCHY_MAX_BIG_N:,} for the Cauchy"),
        seed_param(),
    ),
    presets={
        "Mean vs median (normal)": {"model": "normal-mean", "theta": 0.0, "n": 50},
        "Three variance estimators": {"model": "normal-variance", "theta": 1.0, "n": 10},
        "Cauchy: median works, mean never settles": {"model": "cauchy", "theta": 0.0, "n": 100},
        "Biased MLE: exponential rate": {"model": "exponential", "theta": 2.0, "n": 10},
        "A coin: Bernoulli(0.3)": {"model": "bernoulli", "theta": 0.3, "n": 100},
    },
)
