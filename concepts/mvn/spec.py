"""The /mvn page's spec: what does observing x₂ tell us about x₁?"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any, Mapping

from specs.base import Choice, Number, PageSpec, seed_param

SQRT2 = 2.0**0.5
TABS = ("Conditioning", "High dimensions")
X2_LIMIT = 1000.0
X2_SPAN_SDS = 4.0        # the x₂ slider spans μ₂ ± 4σ₂ (and the current x₂, wherever a link put it)
X2_MAX_POSITIONS = 200   # at most this many slider positions (and live states) across it


def _nice_at_least(target: float) -> float:
    """The smallest of 1, 2, 2.5 or 5 times a power of ten that is at least `target`."""
    power = 10.0 ** math.floor(math.log10(target))
    return next(m * power for m in (1.0, 2.0, 2.5, 5.0, 10.0) if m * power >= target * (1 - 1e-12))


def x2_window(state: Mapping[str, Any]) -> tuple[float, float, float]:
    """(low, high, step) of the observed-x₂ slider for a state: μ₂ ± 4σ₂ widened to the state's own x₂,
    on a round step of about σ₂/20 (coarser where the span needs more than X2_MAX_POSITIONS), with
    both ends on that step and inside ±X2_LIMIT. Any x₂ a link may carry stays reachable."""
    mu2, s2 = float(state.get("mu2", -2.0)), float(state.get("s2", 1.0))
    low, high = mu2 - X2_SPAN_SDS * s2, mu2 + X2_SPAN_SDS * s2
    if state.get("x2") is not None:
        low, high = min(low, float(state["x2"])), max(high, float(state["x2"]))
    step = _nice_at_least(max(s2 / 20, (high - low) / X2_MAX_POSITIONS))
    low, high = math.floor(low / step + 1e-9) * step, math.ceil(high / step - 1e-9) * step
    return round(max(low, -X2_LIMIT), 10), round(min(high, X2_LIMIT), 10), step

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
        Number("x2", "observed x₂ = a", -X2_LIMIT, X2_LIMIT, -1.0, step=0.25, widget="live",
               bounds_for=lambda state: x2_window(state)[:2],
               help="The slider spans μ₂ ± 4σ₂; a link can carry any value within ±1000."),
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

    @property
    def x2_window(self) -> tuple[float, float, float]:
        """The x₂ slider's (low, high, step) for these inputs (x2_window)."""
        return x2_window({"mu2": self.mu2, "s2": self.s2, "x2": self.x2})
