"""The /sampling page's spec: how do temperature, top-k and top-p reshape a language model's next token?"""

from __future__ import annotations

from dataclasses import dataclass

from core.lm import MAX_SEQUENCES
from specs.base import Choice, Number, PageSpec, Text, seed_param

DEFAULT_PROMPT = "The central limit theorem says that the "
# Where the Japanese prose the built-in model learns from (corpus/explorer_prose_ja.txt) goes three ways
# (足し合わせた…, 平均の…, 標本平均の…): the next character is a spread, as the English prompt's next letter is.
DEFAULT_PROMPT_JA = "中心極限定理によれば、"
UNTRUNCATED = {"temperature": 1.0, "top_k": 0, "top_p": 1.0, "min_p": 0.0}

SPEC = PageSpec(
    stem="sampling", title="Temperature & top-p", icon=":material/thermostat:",
    question="How do temperature, top-k and top-p reshape a language model's next token?",
    params=(
        Choice("model", "Model", ("builtin", "lm"), "builtin", widget="radio",
               meanings={"builtin": "built-in character model", "lm": "a real language model"},
               help="builtin: the explorer's own character model (needs nothing). lm: the language model this "
                    "server is configured with (PROB_EXPLORER_LM), with its own tokenizer."),
        Text("prompt", "Prompt", DEFAULT_PROMPT, max_chars=500, defaults_by_language={"ja": DEFAULT_PROMPT_JA},
             help="The model continues this text. The character model folds upper case to lower case."),
        Number("temperature", "temperature T", 0.0, 3.0, 1.0, step=0.05, widget="live",
               help="0 = greedy (always the most likely character or token); 1 = the model as trained."),
        Number("top_k", "top-k (0 = off)", 0, 100, 0, step=1, widget="number"),
        Number("top_p", "top-p (1 = off)", 0.05, 1.0, 1.0, step=0.01, widget="live"),
        Number("min_p", "min-p (0 = off)", 0.0, 0.5, 0.0, step=0.01),
        Number("length", "characters (or tokens) to generate", 10, 300, 80, step=10),
        Number("sequences", "continuations in the sequence view", 10, min(300, MAX_SEQUENCES), 100, step=10,
               help="How many seeded continuations are generated to show the spread of their likelihoods."),
        seed_param(),
    ),
    presets={
        "Greedy (T = 0)": UNTRUNCATED | {"temperature": 0.0},
        "Creative (T = 1.5)": UNTRUNCATED | {"temperature": 1.5},
        "Nucleus 0.9": UNTRUNCATED | {"top_p": 0.9},
        "Top-k 5": UNTRUNCATED | {"top_k": 5},
        "Model as trained (T = 1, no truncation)": UNTRUNCATED,
    },
)


@dataclass(frozen=True)
class Settings:
    """The sampling pipeline's settings, typed: temperature -> top-k -> top-p -> min-p."""

    temperature: float
    top_k: int
    top_p: float
    min_p: float
