"""The /beta page's spec: how does a prior become a posterior, one coin flip at a time?"""

from __future__ import annotations

from typing import Any, Mapping

from core import conjugate
from specs.base import Choice, Number, PageSpec, seed_param

TABS = ("Beta-Bernoulli", "Gaussian-Gaussian")
BETA, GAUSS = TABS



def total_flips(state: Mapping[str, Any]) -> int:
    """How many flips the Beta tab's data hold: the counts typed in, or the coin flips simulated."""
    if state.get("data", "counts") == "simulate":
        return int(state.get("flips", 20))
    return int(state.get("heads", 7)) + int(state.get("tails", 3))


SPEC = PageSpec(
    stem="beta", title="Beta posterior updating", icon=":material/casino:",
    question="How does a prior become a posterior, one coin flip at a time?",
    tabs=TABS,
    params=(
        Number("a", "a (prior heads)", 0.01, conjugate.MAX_PRIOR, 2.0, step=0.5, widget="number", tab=BETA),
        Number("b", "b (prior tails)", 0.01, conjugate.MAX_PRIOR, 2.0, step=0.5, widget="number", tab=BETA),
        Choice("data", "Where the flips come from", ("counts", "simulate"), "counts", widget="radio", tab=BETA,
               meanings={"counts": "type the counts", "simulate": "flip a coin"},
               help="counts: type heads and tails (or click +1 in class). "
                    "simulate: flip a seeded coin with a true θ."),
        Number("heads", "heads", 0, conjugate.MAX_COUNT, 7, step=1, widget="number", tab=BETA,
               used_when="used when data=counts"),
        Number("tails", "tails", 0, conjugate.MAX_COUNT, 3, step=1, widget="number", tab=BETA,
               used_when="used when data=counts"),
        Number("theta", "true θ", 0.0, 1.0, 0.7, step=0.01, tab=BETA, used_when="used when data=simulate"),
        Number("flips", "flips", 0, conjugate.MAX_FLIPS, 20, step=1, widget="number", tab=BETA,
               used_when="used when data=simulate"),
        Number("seen", "flips seen so far", 0, 2 * conjugate.MAX_COUNT, 10, step=1, widget="live", tab=BETA,
               bounds_for=lambda state: (0, total_flips(state)), default_for=total_flips,
               help="Step through the data flip by flip: the posterior after the first k flips (all of "
                    "them by default)."),
        Choice("interval", "95% credible interval", ("central", "hpd"), "central", widget="radio", tab=BETA,
               meanings={"central": "central (2.5% in each tail)", "hpd": "shortest (highest posterior density)"},
               help="central: 2.5% in each tail. hpd: the shortest interval (highest posterior density)."),
        Number("grid", "Grid points per axis M", 2, 200, 20, tab=BETA),
        Number("mu0", "prior mean μ₀", -100.0, 100.0, 0.0, step=0.5, widget="number", tab=GAUSS),
        Number("tau0", "prior sd τ₀", 0.01, 100.0, 1.0, step=0.1, widget="number", tab=GAUSS,
               help="Small τ₀: a strong prior. Large τ₀: a weak one."),
        Number("sigma", "known noise sd σ", 0.01, 100.0, 1.0, step=0.1, widget="number", tab=GAUSS),
        Number("mu_true", "true mean μ (simulated data)", -100.0, 100.0, 3.0, step=0.5, widget="number", tab=GAUSS),
        Number("gn", "observations N", 0, 10_000, 4, step=1, widget="number", tab=GAUSS),
        seed_param(),
    ),
    presets_by_tab={
        BETA: {
            "Uniform prior Beta(1, 1)": {"a": 1.0, "b": 1.0},
            "Jeffreys prior Beta(½, ½)": {"a": 0.5, "b": 0.5},
            "Sceptical prior Beta(50, 50)": {"a": 50.0, "b": 50.0},
            "Beta(2, 2) + 7 heads, 3 tails": {"a": 2.0, "b": 2.0, "data": "counts", "heads": 7, "tails": 3},
            "200 flips of a θ = 0.3 coin": {"data": "simulate", "theta": 0.3, "flips": 200},
        },
        GAUSS: {
            "Weak prior (τ₀ = 10)": {"tau0": 10.0},
            "Strong prior (τ₀ = 0.1)": {"tau0": 0.1},
            "N(0, 1) prior, σ = 1, N = 4": {"mu0": 0.0, "tau0": 1.0, "sigma": 1.0, "gn": 4},
            "Lots of data (N = 1000)": {"gn": 1000},
        },
    },
)
