"""The /families page's spec: what do the common distributions share, and how do they turn into each other?"""

from __future__ import annotations

from core import families
from i18n import N_
from specs.base import Choice, Number, PageSpec, seed_param

TABS = ("Grammar", "Generating functions", "Map")
GRAMMAR, GENERATING, MAP = TABS

FAMILY_MEANINGS = {
    "bernoulli": N_("Bernoulli: η = log(p / (1 − p))"),
    "categorical": N_("Categorical, three classes: η = log(p₁ / p₃)"),
    "poisson": N_("Poisson: η = log λ"),
    "normal": N_("Normal, σ held: η = μ / σ²"),
    "gamma": N_("Gamma, shape k held: η = −rate"),
    "beta": N_("Beta, b held: η = a − 1, T(x) = log x"),
}
DIST_MEANINGS = {
    "normal": N_("Normal(1, 1)"), "exponential": N_("Exponential(1): its MGF ends at t = 1"),
    "uniform": N_("Uniform(0, 1)"), "bernoulli": N_("Bernoulli(0.3)"), "poisson": N_("Poisson(2)"),
    "student-t": N_("Student-t(3): moments, but no MGF"), "cauchy": N_("Cauchy(0, 1): no mean, no MGF"),
}
EDGE_MEANINGS = {
    "binomial-poisson": N_("Binomial(n, 2/n) → Poisson(2)"), "gamma-normal": N_("Gamma(k), standardised → N(0, 1)"),
    "t-normal": N_("Student-t(ν) → N(0, 1)"), "beta-normal": N_("Beta(a, a), standardised → N(0, 1)"),
}
# How far along the limit: Binomial's n, Gamma's shape k, the t's ν, the Beta's a = b.
SIZES = (2, 3, 4, 5, 6, 8, 10, 15, 20, 30, 50, 100, 200, 500, 1000)
MEAN_SIZES = (1, 2, 3, 4, 5, 6, 8, 10, 15, 20, 30, 50, 100)


def _shape(state) -> families.FamilyShape:
    return families.SHAPES.get(state.get("fam"), families.SHAPES["bernoulli"])


def _held_range(state) -> tuple[float, float]:
    return _shape(state).held_range or (-4.0, 10.0)


SPEC = PageSpec(
    stem="families", title="Distribution families", icon=":material/account_tree:",
    question="What do the common distributions share, and how do they turn into each other?",
    tabs=TABS,
    params=(
        Choice("fam", "Family", families.FAMILY_KEYS, "bernoulli", meanings=FAMILY_MEANINGS, tab=GRAMMAR),
        # η's range, step and default are the chosen family's; the widest range is what a link is first checked
        # against (as /fisher's θ).
        Number("eta", "natural parameter η", min(s.eta_range[0] for s in families.SHAPES.values()),
               max(s.eta_range[1] for s in families.SHAPES.values()), families.SHAPES["bernoulli"].eta_default,
               step=0.05, widget="live", tab=GRAMMAR, bounds_for=lambda state: _shape(state).eta_range,
               default_for=lambda state: _shape(state).eta_default),
        Number("held", "held parameter", -4.0, 10.0, 1.0, step=0.5, tab=GRAMMAR,
               used_when="not for bernoulli, poisson", bounds_for=_held_range,
               default_for=lambda state: _shape(state).held_default or 1.0),
        Choice("dist", "Distribution", families.GENERATING_KEYS, "exponential", meanings=DIST_MEANINGS,
               tab=GENERATING),
        Choice("n", "draws per mean N", MEAN_SIZES, 1, widget="live", tab=GENERATING),
        Choice("edge", "Limit", families.LIMIT_KEYS, "binomial-poisson", meanings=EDGE_MEANINGS, tab=MAP),
        Choice("size", "how far along the limit", SIZES, 5, widget="live", tab=MAP),
        seed_param(),
    ),
    presets_by_tab={
        GRAMMAR: {
            "A fair coin: Bernoulli at η = 0": {"fam": "bernoulli", "eta": 0.0},
            "Poisson with λ = e": {"fam": "poisson", "eta": 1.0},
            "Normal with σ = 2": {"fam": "normal", "eta": 0.5, "held": 2.0},
            "Gamma: shape 3, rate 2": {"fam": "gamma", "eta": -2.0, "held": 3.0},
            "Beta(3, 2): the slope is E[log X]": {"fam": "beta", "eta": 2.0, "held": 2.0},
            "Categorical: three classes": {"fam": "categorical", "eta": 0.5, "held": 1.0},
        },
        GENERATING: {
            "Exponential: from skewed to normal": {"dist": "exponential", "n": 1},
            "Student-t(3): moments but no MGF": {"dist": "student-t", "n": 10},
            "Cauchy: the mean never standardises": {"dist": "cauchy", "n": 30},
        },
        MAP: {
            "Binomial(n, 2/n) → Poisson(2)": {"edge": "binomial-poisson", "size": 5},
            "Student-t(ν) → N(0, 1)": {"edge": "t-normal", "size": 3},
            "Gamma(k) → N(0, 1)": {"edge": "gamma-normal", "size": 10},
            "Beta(a, a) → N(0, 1)": {"edge": "beta-normal", "size": 4},
        },
    },
)
