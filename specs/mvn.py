"""The /mvn page's spec: what does observing x₂ tell us about x₁?"""

from __future__ import annotations

from dataclasses import dataclass

from specs.base import Choice, Number, PageSpec, seed_param

SQRT2 = 2.0**0.5
TABS = ("Conditioning", "High dimensions")

SPEC = PageSpec(
    stem="mvn", title="MVN conditioning", icon=":material/blur_on:",
    question="What does observing x₂ tell us about x₁?",
    tabs=TABS,
    params=(
        Number("mu1", "mean μ₁", -100.0, 100.0, 1.0, step=0.5, widget="number"),
        Number("mu2", "mean μ₂", -100.0, 100.0, -2.0, step=0.5, widget="number"),
        Number("s1", "sd σ₁", 0.01, 100.0, SQRT2, step=0.1, widget="number", format="%.4f"),
        Number("s2", "sd σ₂", 0.01, 100.0, 1.0, step=0.1, widget="number", format="%.4f"),
        Number("rho", "correlation ρ", -1.0, 1.0, 0.8 / SQRT2, step=0.01, format="%.3f", widget="live",
               help="|ρ| = 1 is singular: the page then adds εI to Σ and says so."),
        Number("x2", "observed x₂ = a", -1000.0, 1000.0, -1.0, step=0.25, widget="number"),
        Number("eps", "ridge ε (used only when |ρ| = 1)", 1e-6, 1.0, 1e-3, widget="number", format="%.6f",
               used_when="added to Σ only when |rho| = 1"),
        Choice("samples", "samples drawn", (100, 200, 500, 1000, 2000, 5000), 500, widget="slider"),
        seed_param(),
    ),
    presets={
        "Worked example: Σ = [[2, 0.8], [0.8, 1]], x₂ = −1": {
            "mu1": 1.0, "mu2": -2.0, "s1": SQRT2, "s2": 1.0, "rho": 0.8 / SQRT2, "x2": -1.0},
        "Independent (ρ = 0): x₂ says nothing": {"mu1": 0.0, "mu2": 0.0, "s1": 1.0, "s2": 1.0, "rho": 0.0,
                                                 "x2": 1.5},
        "Strong correlation (ρ = 0.95)": {"mu1": 0.0, "mu2": 0.0, "s1": 1.0, "s2": 1.0, "rho": 0.95, "x2": 1.5},
        "Negative correlation (ρ = −0.7)": {"mu1": 0.0, "mu2": 0.0, "s1": 2.0, "s2": 1.0, "rho": -0.7, "x2": 1.0},
        "Degenerate (ρ = 1)": {"mu1": 0.0, "mu2": 0.0, "s1": 1.0, "s2": 1.0, "rho": 1.0, "x2": 1.0},
    },
)


@dataclass(frozen=True)
class MvnInputs:
    """What the /mvn controls say, typed; hashable, so it is the cache key of the conditioning view."""

    mu1: float
    mu2: float
    s1: float
    s2: float
    rho: float
    x2: float
    eps: float
    samples: int
    seed: int
