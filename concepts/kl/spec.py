"""The /kl page's spec: why is KL(p‖q) not KL(q‖p), and why does the direction we minimise matter?"""

from __future__ import annotations

from specs.base import Number, PageSpec, seed_param

TABS = ("Two Gaussians", "Fitting", "Estimation")
FITTING = TABS[1]

SPEC = PageSpec(
    stem="kl", title="KL asymmetry", icon=":material/compare_arrows:",
    question="Why is KL(p‖q) not KL(q‖p), and why does the direction we minimise matter?",
    tabs=TABS,
    params=(
        Number("m1", "mean m₁", -20.0, 20.0, 0.0, step=0.5, widget="number"),
        Number("s1", "sd s₁", 0.05, 20.0, 1.0, step=0.1, widget="number"),
        Number("m2", "mean m₂", -20.0, 20.0, 1.0, step=0.25, widget="live"),
        Number("s2", "sd s₂", 0.05, 20.0, 2.0, step=0.1, widget="live"),
        Number("sep", "distance between p's modes", 0.0, 12.0, 6.0, step=0.5, tab=FITTING),
        Number("w", "weight of the left mode", 0.05, 0.95, 0.3, step=0.05, tab=FITTING),
        seed_param(),
    ),
    presets={
        "p = N(0, 1), q = N(1, 2²)": {"m1": 0.0, "s1": 1.0, "m2": 1.0, "s2": 2.0},
        "q too narrow: N(0, 0.5²)": {"m1": 0.0, "s1": 1.0, "m2": 0.0, "s2": 0.5},
        "Same shape, shifted: symmetric": {"m1": 0.0, "s1": 1.0, "m2": 2.0, "s2": 1.0},
        "p = q: zero both ways": {"m1": 0.0, "s1": 1.0, "m2": 0.0, "s2": 1.0},
        "Fitting: far-apart modes": {"sep": 8.0, "w": 0.5},
        "Fitting: close modes": {"sep": 3.0, "w": 0.5},
    },
)
