"""The /likelihood page's spec: how do we find the parameters that make the data most probable, for a
million points?"""

from __future__ import annotations

from core import likelihood, stability
from specs.base import Choice, Number, PageSpec, Text, seed_param

TABS = ("Maximum likelihood", "Numerical stability", "The GPU kernel")
MLE, STABILITY, GPU = TABS
MAX_UPLOAD_MB = 5     # as server.maxUploadSize in .streamlit/config.toml and deploy/streamlit-production.toml

SPEC = PageSpec(
    stem="likelihood", title="Maximum likelihood at scale", icon=":material/functions:",
    question="How do we find the parameters that make the data most probable, for a million points?",
    tabs=TABS,
    params=(
        Choice("source", "Data", likelihood.SOURCES, "normal", widget="radio",
               meanings={"normal": "normal draws", "bimodal": "two bumps", "pasted": "your numbers"},
               help="normal: N(1, 2²). bimodal: two narrow bumps, which no single normal fits well. "
                    "pasted: your own numbers (below)."),
        Choice("n", "points N", likelihood.N_OPTIONS, 1_000_000, widget="slider",
               used_when="10^8 needs a GPU",
               help="How many points are simulated. The likelihood needs one pass over them; the surface, "
                    "the MLE and the curvature then come from three numbers (N, x̄, SS)."),
        Text("data", "Your numbers (commas, spaces or new lines)", "", max_chars=20_000,
             used_when="source=pasted", placeholder="2.1, 3.4, 1.9, 2.8, …",
             help="Part of the link, so keep it short; upload a file for more (an upload stays in this "
                  "browser session)."),
        # Zoomed by default: at the default N = 10^6 the fixed window is a flat square with a dot at the peak (the
        # lesson's second step shows that on purpose, after the bowl).
        Choice("window", "Surface window", ("fixed", "mle"), "mle", widget="radio", tab=MLE,
               meanings={"fixed": "the same box at every N", "mle": "around the MLE"},
               help="fixed: the same box at every N, so the peak visibly narrows. mle: zoomed to ±4.5 "
                    "standard errors around the MLE, where the surface is a quadratic bowl."),
        Number("shift", "distance d: data moved d sds from the parameters", 0.0, stability.MAX_DISTANCE, 0.0,
               step=0.5, tab=STABILITY,
               help="Every log-density becomes about d²/2 more negative: watch the naive forms fail."),
        Number("program", "program (block) to follow", -100_000_000, 100_000_000, -1,
               step=1, widget="number", tab=GPU,
               help="Program i handles points i·BLOCK … i·BLOCK + BLOCK − 1. Negative counts from the end: −1 is "
                    "the last, usually partial, block."),
        seed_param(),
    ),
    presets={
        "A million normal points": {"source": "normal", "n": 1_000_000, "window": "fixed"},
        "Ten points: a wide, lopsided surface": {"source": "normal", "n": 10, "window": "mle"},
        "Two bumps: the best normal is still wrong": {"source": "bimodal", "n": 100_000},
        "Ten million points": {"source": "normal", "n": 10_000_000},
    },
    presets_by_tab={
        STABILITY: {
            "Data at the parameters (d = 0)": {"shift": 0.0},
            "float32 gives up (d = 15)": {"shift": 15.0},
            "float64 gives up too (d = 40)": {"shift": 40.0},
        },
    },
)
