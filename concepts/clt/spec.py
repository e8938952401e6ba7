"""The /clt page's spec: what does averaging do to a skewed distribution, and how fast?"""

from __future__ import annotations

from i18n import N_
from core import clt
from specs.base import Choice, Number, PageSpec, seed_param

DIST_LABELS = {
    "exponential": N_("Exponential(1): skewed to the right (skewness 2)."),
    "uniform": N_("Uniform(0, 1): flat and symmetric."),
    "bernoulli": N_("Bernoulli(p): a coin that lands 1 with probability p."),
    "poisson": N_("Poisson(λ): counts of rare events."),
    "lognormal": N_("LogNormal(0, 1): very skewed (skewness 6.2), heavy right tail."),
    "normal": N_("Normal(0, 1): averages of normals are exactly normal."),
    "cauchy": N_("Cauchy(0, 1): no mean, no variance: the counter-example."),
}

SPEC = PageSpec(
    stem="clt", title="CLT convergence", icon=":material/functions:",
    question="What does averaging do to a skewed distribution, and how fast?",
    params=(
        Choice("dist", "Source distribution", clt.DISTRIBUTIONS, "exponential",
               help="; ".join(f"{name}: {text}" for name, text in DIST_LABELS.items())),
        Number("p", "Bernoulli p", 0.01, 0.99, 0.5, step=0.01, used_when="used when dist=bernoulli"),
        Number("rate", "Poisson rate λ", 0.1, 20.0, 1.0, step=0.1, used_when="used when dist=poisson"),
        Choice("n", "Draws per mean N", clt.N_FRAMES, 30, widget="live",
               help="How many draws are averaged into each mean."),
        Choice("trials", "Simulated means", (500, 1000, 2000, 5000, 10000, 20000), 2000, widget="slider",
               help="How many means are simulated for the histogram."),
        seed_param(),
    ),
    presets={
        "Skewed: exponential": {"dist": "exponential", "n": 30, "trials": 2000},
        "Rare coin: Bernoulli(0.1)": {"dist": "bernoulli", "p": 0.1, "n": 30, "trials": 2000},
        "No CLT: Cauchy": {"dist": "cauchy", "n": 100, "trials": 2000},
        "Already normal": {"dist": "normal", "n": 1, "trials": 2000},
    },
)
