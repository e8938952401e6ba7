"""Temperature, top-k, top-p and min-p sampling, and autoregressive likelihood (docs/maths.md §7).

Pipeline, in this order (the common one): temperature -> top-k -> top-p -> min-p -> renormalise.
  temperature T: p = softmax(z / T); T = 0 means greedy (all mass on the argmax).
  top-k (0 = off): keep the k most likely tokens.
  top-p (nucleus, 1 = off): keep the smallest set of most likely tokens whose probability reaches
        top_p; the token that crosses the threshold is kept, and at least one token always is.
  min-p (0 = off): keep tokens with p_k >= min_p * max_j p_j.
Entropy H = -sum p log p (nats); perplexity exp(H) is the effective number of choices.
Autoregressive log-likelihood: log p(x_1..x_T) = sum_t log softmax(z_t)[x_{t+1}] (the logits at
position t predict token t + 1); perplexity = exp(-log p / number of predicted tokens).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from scipy import special

from core.validation import InputError, require_in_range

MAX_TEMPERATURE = 10.0


def _validated_logits(logits) -> np.ndarray:
    z = np.asarray(logits, dtype=np.float64)
    if z.ndim != 1 or z.size == 0:
        raise ValueError(f"logits must be a non-empty 1-D array; got shape {z.shape}")
    if np.isnan(z).any() or np.isposinf(z).any():
        raise ValueError("logits must not contain NaN or +inf")
    if np.isneginf(z).all():
        raise ValueError("logits must have at least one finite entry")
    return z


def softmax(z: np.ndarray) -> np.ndarray:
    """Softmax with the max shift, so large logits never overflow (-inf entries get 0).
    Written out rather than through scipy.special.logsumexp, whose per-call overhead (~0.1 ms)
    was most of each generated character's cost."""
    weights = np.exp(z - np.max(z))
    return weights / weights.sum()


def apply_temperature(z: np.ndarray, temperature: float) -> np.ndarray:
    if temperature == 0:
        p = np.zeros_like(z)
        p[int(np.argmax(z))] = 1.0
        return p
    # Shift before dividing: z / T overflows for tiny T, (z - max z) / T only runs to -inf.
    with np.errstate(over="ignore"):
        return softmax((z - np.max(z)) / temperature)


def keep_top_k(p: np.ndarray, k: int) -> np.ndarray:
    """Mask of the k most likely tokens (ties broken by index); k = 0 keeps everything."""
    if k == 0 or k >= p.size:
        return p > 0
    order = np.argsort(-p, kind="stable")
    mask = np.zeros(p.size, dtype=bool)
    mask[order[:k]] = True
    return mask & (p > 0)


def keep_top_p(p: np.ndarray, top_p: float) -> np.ndarray:
    """Mask of the nucleus: most likely tokens until the cumulative probability reaches top_p
    (the crossing token included; never fewer than one token)."""
    if top_p >= 1.0:
        return p > 0
    order = np.argsort(-p, kind="stable")
    before = np.cumsum(p[order]) - p[order]  # mass of the more likely tokens
    keep_sorted = before < top_p
    keep_sorted[0] = True
    mask = np.zeros(p.size, dtype=bool)
    mask[order[keep_sorted]] = True
    return mask & (p > 0)


def keep_min_p(p: np.ndarray, min_p: float) -> np.ndarray:
    if min_p <= 0:
        return p > 0
    return p >= min_p * p.max()


def _renormalise(p: np.ndarray, mask: np.ndarray) -> np.ndarray:
    kept = np.where(mask, p, 0.0)
    return kept / kept.sum()


@dataclass(frozen=True)
class PipelineStages:
    """The distribution after each stage, and which tokens survived."""

    original: np.ndarray      # softmax(z), the model's own distribution (T = 1)
    tempered: np.ndarray      # after temperature
    after_top_k: np.ndarray
    after_top_p: np.ndarray
    final: np.ndarray         # after min-p and renormalisation
    kept: np.ndarray          # boolean mask of tokens with final probability > 0


def validate_settings(temperature: float, top_k: int, top_p: float, min_p: float) -> tuple[float, int, float, float]:
    temperature = require_in_range("temperature", temperature, 0.0, MAX_TEMPERATURE)
    top_k = require_in_range("top_k", top_k, 0, 1e9)
    if top_k != int(top_k):
        raise InputError("top_k must be a whole number; got {value}", value=top_k)
    top_p = require_in_range("top_p", top_p, 0.0, 1.0)
    if top_p == 0:
        raise InputError("top_p must be > 0 (1 switches it off); got 0")
    min_p = require_in_range("min_p", min_p, 0.0, 1.0)
    return temperature, int(top_k), top_p, min_p


def pipeline(logits, temperature: float = 1.0, top_k: int = 0, top_p: float = 1.0,
             min_p: float = 0.0) -> PipelineStages:
    z = _validated_logits(logits)
    temperature, top_k, top_p, min_p = validate_settings(temperature, top_k, top_p, min_p)
    original = softmax(z)
    tempered = apply_temperature(z, temperature)
    after_k = _renormalise(tempered, keep_top_k(tempered, top_k))
    after_p = _renormalise(after_k, keep_top_p(after_k, top_p))
    final = _renormalise(after_p, keep_min_p(after_p, min_p))
    return PipelineStages(original, tempered, after_k, after_p, final, final > 0)


def filter_logits(logits, temperature: float = 1.0, top_k: int = 0, top_p: float = 1.0,
                  min_p: float = 0.0) -> np.ndarray:
    """Final sampling probabilities (1-D, sums to 1) after temperature, top-k, top-p and min-p."""
    return pipeline(logits, temperature, top_k, top_p, min_p).final


def entropy(p: np.ndarray) -> float:
    """H = -sum p log p in nats (0 log 0 = 0)."""
    p = np.asarray(p, dtype=np.float64)
    nonzero = p[p > 0]
    return float(-np.sum(nonzero * np.log(nonzero))) + 0.0  # + 0.0: a one-hot p gives 0, not -0


def max_entropy(vocab_size: int) -> float:
    """log V: the entropy of the uniform distribution over V tokens, the largest possible."""
    return math.log(vocab_size)


def perplexity(p: np.ndarray) -> float:
    return math.exp(entropy(p))


def perplexity_from_loss(nats_per_token: float) -> float:
    """exp(mean cross-entropy): the perplexity a training loss in nats per token stands for."""
    return math.exp(nats_per_token)


def kl_divergence(p: np.ndarray, q: np.ndarray) -> float:
    """KL(p || q) = sum p log(p/q); infinite where q = 0 < p."""
    p, q = np.asarray(p, dtype=np.float64), np.asarray(q, dtype=np.float64)
    support = p > 0
    if np.any(q[support] == 0):
        return math.inf
    return float(np.sum(p[support] * np.log(p[support] / q[support])))


@dataclass(frozen=True)
class TemperatureSweep:
    temperatures: np.ndarray
    entropies: np.ndarray
    perplexities: np.ndarray


def temperature_sweep(logits, temperatures: np.ndarray | None = None) -> TemperatureSweep:
    """Entropy and perplexity of softmax(z / T) over a grid of temperatures (no truncation)."""
    z = _validated_logits(logits)
    grid = np.round(np.arange(0.05, 3.0001, 0.05), 2) if temperatures is None else np.asarray(temperatures)
    entropies = np.array([entropy(apply_temperature(z, float(t))) for t in grid])
    return TemperatureSweep(grid, entropies, np.exp(entropies))


def draw(p: np.ndarray, count: int, seed: int) -> np.ndarray:
    """`count` seeded token ids from p (inverse-CDF sampling with numpy's PCG64)."""
    count = int(require_in_range("samples", count, 1, 1_000_000))
    seed = int(require_in_range("seed", seed, 0, 2**32 - 1))
    rng = np.random.default_rng([seed, 14])
    cumulative = np.cumsum(p)
    cumulative[-1] = 1.0
    return np.searchsorted(cumulative, rng.random(count), side="right")


def count_draws(draws: np.ndarray, vocab_size: int) -> np.ndarray:
    """How many times each token id was drawn."""
    return np.bincount(draws, minlength=vocab_size)


def sequence_log_likelihood(logits: np.ndarray, tokens: np.ndarray) -> float:
    """sum_t log softmax(logits[t])[tokens[t + 1]]: logits[:-1] paired with tokens[1:]."""
    logits = np.asarray(logits, dtype=np.float64)
    tokens = np.asarray(tokens, dtype=np.int64)
    if logits.ndim != 2 or logits.shape[0] != tokens.size:
        raise ValueError(f"logits must have shape (T, V) with T = len(tokens); got {logits.shape} for "
                         f"{tokens.size} tokens")
    if tokens.size < 2:
        return 0.0
    log_probs = logits[:-1] - special.logsumexp(logits[:-1], axis=1, keepdims=True)
    return float(log_probs[np.arange(tokens.size - 1), tokens[1:]].sum())


def sequence_perplexity(log_likelihood: float, predicted_tokens: int) -> float:
    return math.exp(-log_likelihood / predicted_tokens) if predicted_tokens else 1.0
