"""The /gmm page's spec: when does one Gaussian stop being enough?"""

from __future__ import annotations

from core.gmm import MAX_ITER
from specs.base import Choice, Number, PageSpec, seed_param

# A paste travels to the server in one WebSocket message: without a cap an 85 MB paste broke the connection with no
# word. 1 MB of text holds ~100,000 numbers (core.gmm.MAX_POINTS) at ten characters each.
MAX_PASTE_CHARS = 1_000_000
TWO_BUMPS = {"source": "simulate", "sep": 5.0, "w": 0.5, "sd1": 1.0, "sd2": 1.0, "n": 1000, "k": 2}

SPEC = PageSpec(
    stem="gmm", title="GMM vs one Gaussian", icon=":material/stacked_line_chart:",
    question="When does one Gaussian stop being enough?",
    params=(
        Choice("source", "Data", ("simulate", "paste"), "simulate", widget="radio",
               meanings={"simulate": "simulated mixture", "paste": "your numbers"},
               help="paste: numbers pasted or uploaded; they stay in this browser session and are not "
                    "part of the link."),
        Number("sep", "separation of the true means", 0.0, 20.0, 4.0, step=0.1, used_when="used when source=simulate"),
        Number("w", "weight of the left component", 0.05, 0.95, 0.4, step=0.05, used_when="used when source=simulate"),
        Number("sd1", "sd left", 0.1, 5.0, 1.0, step=0.1, used_when="used when source=simulate"),
        Number("sd2", "sd right", 0.1, 5.0, 1.0, step=0.1, used_when="used when source=simulate"),
        Choice("n", "points N", (100, 200, 300, 500, 1000, 2000, 5000, 10000, 50000, 100000), 1000, widget="slider",
               used_when="used when source=simulate"),
        Choice("k", "components K to fit", (1, 2, 3, 4), 2, widget="slider"),
        Number("restarts", "EM restarts", 1, 10, 5),
        # Its range is the fit's own iterations, known once the fit is (the page passes it as "last").
        Number("iteration", "EM iteration shown", 0, MAX_ITER, MAX_ITER, step=1, widget="live",
               bounds_for=lambda state: (0, int(state.get("last", MAX_ITER))),
               default_for=lambda state: int(state.get("last", MAX_ITER)),
               help="Replay EM step by step: the mixture after each iteration (the last one by default)."),
        seed_param(),
    ),
    presets={
        "Two clear bumps": TWO_BUMPS,
        "Overlapping: is it one or two?": TWO_BUMPS | {"sep": 1.5, "n": 500},
        "Rare second group": TWO_BUMPS | {"sep": 4.0, "w": 0.9, "sd2": 0.7},
        "Truly one Gaussian": TWO_BUMPS | {"sep": 0.0},
        "Overfitting: K = 4 on two bumps": TWO_BUMPS | {"n": 300, "k": 4},
    },
)
