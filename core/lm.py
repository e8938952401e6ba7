"""What the /sampling page needs from a language model, and generation through the sampling pipeline
(docs/maths.md §7). Two kinds of model fit: the explorer's own character model (core.charlm) and a
Hugging Face causal language model found on this machine (core.hflm).

A model gives its vocabulary as visible strings (`vocab`, id -> text), says what one unit is
("character" or "token"), encodes a prompt, and returns float64 next-token logits. Batched stepping
(`start`/`step`) lets many seeded sequences be generated together: a transformer then reuses its
key/value cache instead of re-reading the whole history at each step.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any, Protocol

import numpy as np

from core.sampling import entropy, kl_divergence, pipeline
from core.validation import InputError, require_in_range

MAX_SEQUENCES = 512


@dataclass(frozen=True)
class EncodedPrompt:
    ids: np.ndarray
    text: str                  # the prompt as the model sees it (normalised, unknown characters replaced)
    replaced: tuple[str, ...]  # characters the model has never seen, replaced by spaces


class LanguageModel(Protocol):
    vocab: tuple[str, ...]
    unit: str                  # "character" or "token"
    name: str

    @property
    def predictable(self) -> int:
        """How many vocabulary entries can be predicted (the character model's padding cannot)."""

    def encode(self, prompt: str) -> EncodedPrompt: ...

    def next_logits(self, history: np.ndarray) -> np.ndarray: ...

    def start(self, history: np.ndarray, batch: int) -> tuple[Any, np.ndarray]:
        """State for `batch` copies of `history`, and their (batch, V) next logits."""

    def step(self, state: Any, tokens: np.ndarray) -> tuple[Any, np.ndarray]:
        """Append one token per sequence; the new state and (batch, V) next logits."""

    def decode(self, ids: np.ndarray) -> str: ...


# Surprisal spreads (nats) below this are float64 rounding of identical sums, not a spread
# (concepts/sampling/explain.py).
SPREAD_RESOLUTION = 1e-9


def validate_prompt(prompt: str, max_chars: int = 500) -> str:
    if len(prompt) > max_chars:
        raise InputError("prompt must be at most {limit} characters; got {length:,}", limit=max_chars,
                         length=len(prompt))
    return prompt


def validate_length(length: int) -> int:
    return int(require_in_range("length", length, 1, 1000))


@dataclass(frozen=True)
class Generation:
    prompt: EncodedPrompt
    ids: np.ndarray                   # the generated units' ids
    model_probability: np.ndarray     # p_model(chosen unit) at each step (T = 1, no truncation)
    sampling_probability: np.ndarray  # probability under the distribution actually sampled from
    log_likelihood: float             # log p_model(generated | prompt), chain rule over the new units
    kept_mass: np.ndarray             # (T, 3): model mass surviving top-k, then top-p, then min-p
    truncation_kl: np.ndarray         # (T,): KL(sampled ‖ model) at each step
    step_entropy: np.ndarray          # (T,): entropy of the model's distribution at each step

    def pieces(self, model: LanguageModel) -> list[str]:
        """Each generated unit's text (a character, or a token's decoded string)."""
        return [model.vocab[i] for i in self.ids]

    def text(self, model: LanguageModel) -> str:
        return model.decode(self.ids)

    @property
    def perplexity(self) -> float:
        return math.exp(-self.log_likelihood / self.ids.size) if self.ids.size else 1.0


def _kept_mass(original: np.ndarray, stages) -> tuple[float, float, float]:
    """The model's own probability of the units each rule leaves in play (cumulative)."""
    return tuple(float(original[stage > 0].sum()) for stage in (stages.after_top_k, stages.after_top_p, stages.final))


def _draw(final: np.ndarray, uniform: float) -> int:
    cumulative = np.cumsum(final)
    cumulative[-1] = 1.0
    return int(np.searchsorted(cumulative, uniform, side="right"))


def generate(model: LanguageModel, prompt: str, length: int, seed: int, temperature: float = 1.0, top_k: int = 0,
             top_p: float = 1.0, min_p: float = 0.0) -> Generation:
    """Sample `length` units after `prompt`, one at a time, each fed back as context.

    The log-likelihood is the model's own (temperature 1, no truncation): the chain rule
    log p(x_1..x_T | prompt) = sum_t log p(x_t | prompt, x_<t).
    """
    encoded = model.encode(validate_prompt(prompt))
    length = validate_length(length)
    seed = int(require_in_range("seed", seed, 0, 2**32 - 1))
    rng = np.random.default_rng([seed, 15])
    state, logits = model.start(encoded.ids, 1)
    chosen, p_model, p_sampled, kept, kl, entropies = [], [], [], [], [], []
    for _ in range(length):
        stages = pipeline(logits[0], temperature, top_k, top_p, min_p)
        token = _draw(stages.final, rng.random())
        chosen.append(token)
        p_model.append(stages.original[token])
        p_sampled.append(stages.final[token])
        kept.append(_kept_mass(stages.original, stages))
        # Rounding leaves |KL| ~ 1e-16 where nothing was changed (the exact value is 0): shown as 0.
        divergence = kl_divergence(stages.final, stages.original)
        kl.append(0.0 if abs(divergence) < 1e-12 else divergence)
        entropies.append(entropy(stages.original))
        state, logits = model.step(state, np.array([token]))
    model_probability = np.array(p_model)
    return Generation(encoded, np.array(chosen, dtype=np.int64), model_probability, np.array(p_sampled),
                      float(np.sum(np.log(model_probability))), np.array(kept), np.array(kl), np.array(entropies))


@dataclass(frozen=True)
class SequenceSample:
    """Many seeded continuations of one prompt: each one's per-step log p_model of what was drawn."""

    log_probs: np.ndarray        # (S, T)
    seed: int

    @property
    def log_likelihoods(self) -> np.ndarray:
        return self.log_probs.sum(axis=1)

    @property
    def perplexities(self) -> np.ndarray:
        return np.exp(-self.log_probs.mean(axis=1))

    def surprisal_spread(self) -> tuple[np.ndarray, np.ndarray]:
        """(lengths, sd across sequences of the mean surprisal per unit over the first `length` units).

        Summed surprisal is a sum of T dependent terms; its per-unit mean settles like 1/√T when the
        dependence is short (the CLT page's idea applied to text)."""
        total = self.log_probs.shape[1]
        lengths = np.unique(np.round(np.geomspace(1, total, min(total, 12))).astype(int))
        spread = np.array([(-self.log_probs[:, :n].mean(axis=1)).std(ddof=1) for n in lengths])
        return lengths, spread


def sample_sequences(model: LanguageModel, prompt: str, length: int, count: int, seed: int, temperature: float = 1.0,
                     top_k: int = 0, top_p: float = 1.0, min_p: float = 0.0) -> SequenceSample:
    """`count` continuations generated together (one batched model step per position)."""
    encoded = model.encode(validate_prompt(prompt))
    length = validate_length(length)
    count = int(require_in_range("sequences", count, 2, MAX_SEQUENCES))
    seed = int(require_in_range("seed", seed, 0, 2**32 - 1))
    rng = np.random.default_rng([seed, 17])
    state, logits = model.start(encoded.ids, count)
    log_probs = np.empty((count, length))
    for t in range(length):
        uniforms = rng.random(count)
        tokens = np.empty(count, dtype=np.int64)
        for s in range(count):
            stages = pipeline(logits[s], temperature, top_k, top_p, min_p)
            tokens[s] = _draw(stages.final, uniforms[s])
            log_probs[s, t] = math.log(stages.original[tokens[s]])
        state, logits = model.step(state, tokens)
    return SequenceSample(log_probs, seed)
