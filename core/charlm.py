"""A small character-level language model that the explorer trains itself.

The model is Bengio et al.'s neural probabilistic language model at character scale: the previous
CONTEXT characters are embedded, concatenated, passed through one tanh hidden layer, and mapped
to one logit per character of the vocabulary. It is trained with Adam on the prose shipped in
corpus/ (written for this project, in English and in Japanese: one model continues a prompt in either), or on
text a user pastes, in a few seconds on a CPU.

Training is seeded and runs on one thread with deterministic algorithms, so the same text and
seed give the same weights on a given machine. (Across machines, floating-point differences in
the last bits are possible; they can flip a sampled token only when a uniform draw lands within
about 1e-7 of a cumulative-probability boundary.)
"""

from __future__ import annotations

import functools
import math
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import torch
from torch import nn

from core import lm
from core.lm import EncodedPrompt
from core.validation import InputError

CORPUS_DIR = Path(__file__).resolve().parents[1] / "corpus"
# One model for both of the explorer's languages: a prompt's own characters say which prose it continues (the
# contexts barely overlap). Japanese needs no word spaces, so a character is the natural unit there too.
CORPUS_PATHS = (CORPUS_DIR / "explorer_prose.txt", CORPUS_DIR / "explorer_prose_ja.txt")
CONTEXT = 8
EMBED = 16
HIDDEN = 192
PAD = "\x00"  # fills the context before the first character; never a prediction target
MIN_TRAIN_CHARS = 200
MAX_TRAIN_CHARS = 50_000


def normalise_text(text: str) -> str:
    """Lower-case, with runs of whitespace collapsed to one space: a small, learnable alphabet."""
    return " ".join(text.lower().split())


# Where a model's training text came from: the shipped corpus, or the reader's own text.
BUILTIN, CUSTOM = "builtin", "custom"


@dataclass(frozen=True)
class TrainedModel:
    vocab: tuple[str, ...]          # index -> character (PAD first)
    state: dict                     # the network's weights (tensors)
    train_loss: float               # final mean cross-entropy on the training text (nats per char)
    steps: int
    characters: int                 # length of the (normalised) training text
    source: str                     # BUILTIN or CUSTOM (the page words it: concepts/sampling/explain.py)

    @property
    def index(self) -> dict[str, int]:
        return {ch: i for i, ch in enumerate(self.vocab)}

    @property
    def vocab_size(self) -> int:
        return len(self.vocab)

    def network(self) -> "CharMLP":
        net = CharMLP(self.vocab_size)
        net.load_state_dict(self.state)
        net.eval()
        return net

    # The core.lm.LanguageModel interface (the /sampling page treats every model alike).
    unit = "character"

    @property
    def name(self) -> str:
        return f"character model ({self.source})"

    @property
    def predictable(self) -> int:
        return self.vocab_size - 1  # PAD is never predicted

    def encode(self, prompt: str) -> EncodedPrompt:
        return encode(self, prompt)

    def next_logits(self, history: np.ndarray) -> np.ndarray:
        return next_logits(self, history)

    def start(self, history: np.ndarray, batch: int) -> tuple[np.ndarray, np.ndarray]:
        histories = np.repeat(np.asarray(history, dtype=np.int64)[None, :], batch, axis=0)
        return histories, batch_next_logits(self, histories)

    def step(self, state: np.ndarray, tokens: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        # Only the last CONTEXT characters matter: keep no more than that.
        histories = np.concatenate([state, np.asarray(tokens, dtype=np.int64)[:, None]], axis=1)[:, -CONTEXT:]
        return histories, batch_next_logits(self, histories)

    def decode(self, ids: np.ndarray) -> str:
        return "".join(self.vocab[i] for i in ids)

    @functools.cached_property
    def step_weights(self) -> tuple[np.ndarray, ...]:
        """The weights as float64 numpy arrays (embedding, hidden weight^T and bias, output weight^T
        and bias) for scoring one context at a time (`next_logits`)."""
        state = {name: tensor.detach().double().numpy() for name, tensor in self.state.items()}
        return (state["embed.weight"], np.ascontiguousarray(state["hidden.weight"].T), state["hidden.bias"],
                np.ascontiguousarray(state["out.weight"].T), state["out.bias"])


class CharMLP(nn.Module):
    def __init__(self, vocab_size: int):
        super().__init__()
        self.embed = nn.Embedding(vocab_size, EMBED)
        self.hidden = nn.Linear(CONTEXT * EMBED, HIDDEN)
        self.out = nn.Linear(HIDDEN, vocab_size)

    def forward(self, context: torch.Tensor) -> torch.Tensor:
        """(B, CONTEXT) character ids -> (B, vocab) logits."""
        h = torch.tanh(self.hidden(self.embed(context).flatten(1)))
        return self.out(h)


def _windows(ids: np.ndarray) -> tuple[torch.Tensor, torch.Tensor]:
    padded = np.concatenate([np.zeros(CONTEXT, dtype=np.int64), ids])
    contexts = np.lib.stride_tricks.sliding_window_view(padded[:-1], CONTEXT)
    return torch.from_numpy(contexts.copy()), torch.from_numpy(ids.copy())


def train(text: str, seed: int = 0, steps: int = 800, batch: int = 256,
          source: str = "custom") -> TrainedModel:
    """Train a fresh model on `text` (normalised first); seeded and single-threaded."""
    text = normalise_text(text)
    if len(text) < MIN_TRAIN_CHARS:
        raise InputError("training text must have at least {limit} characters; got {length}", limit=MIN_TRAIN_CHARS,
                         length=len(text))
    if len(text) > MAX_TRAIN_CHARS:
        raise InputError("training text must have at most {limit:,} characters; got {length:,}",
                         limit=MAX_TRAIN_CHARS, length=len(text))
    vocab = (PAD, *sorted(set(text)))
    lookup = {ch: i for i, ch in enumerate(vocab)}
    ids = np.array([lookup[ch] for ch in text], dtype=np.int64)
    contexts, targets = _windows(ids)
    threads = torch.get_num_threads()
    deterministic = torch.are_deterministic_algorithms_enabled()
    torch.set_num_threads(1)  # a fixed reduction order: the same weights from the same seed
    torch.use_deterministic_algorithms(True)
    try:
        generator = torch.Generator().manual_seed(int(seed))
        torch.manual_seed(int(seed))
        net = CharMLP(len(vocab))
        optimiser = torch.optim.Adam(net.parameters(), lr=3e-3)
        schedule = torch.optim.lr_scheduler.CosineAnnealingLR(optimiser, T_max=steps)
        for _ in range(steps):
            rows = torch.randint(0, targets.numel(), (batch,), generator=generator)
            loss = nn.functional.cross_entropy(net(contexts[rows]), targets[rows])
            optimiser.zero_grad()
            loss.backward()
            optimiser.step()
            schedule.step()
        net.eval()
        with torch.no_grad():
            final = float(nn.functional.cross_entropy(net(contexts), targets))
    finally:
        torch.set_num_threads(threads)
        torch.use_deterministic_algorithms(deterministic)
    state = {name: tensor.detach().clone() for name, tensor in net.state_dict().items()}
    return TrainedModel(vocab, state, final, steps, len(text), source)


def builtin_text() -> str:
    return "\n".join(path.read_text(encoding="utf-8") for path in CORPUS_PATHS)


def train_builtin(seed: int = 0) -> TrainedModel:
    return train(builtin_text(), seed=seed, source=BUILTIN)


def encode(model: TrainedModel, prompt: str) -> EncodedPrompt:
    """Normalise a prompt and map it to ids; characters outside the vocabulary become spaces. A prompt that ends
    in whitespace keeps one space there: "…says that the " asks for the next word's first letter (a spread of
    letters, 2.7 nats with the built-in model), where "…says that the" asks only whether the word has ended
    (a space, 0.92)."""
    text = normalise_text(prompt)
    if text and prompt[-1:].isspace():
        text += " "
    index = model.index
    fallback = index.get(" ", 1)
    replaced = tuple(sorted({ch for ch in text if ch not in index}))
    ids = np.array([index.get(ch, fallback) for ch in text], dtype=np.int64)
    shown = "".join(ch if ch in index else " " for ch in text)
    return EncodedPrompt(ids, shown, replaced)


def _context_ids(history: np.ndarray) -> np.ndarray:
    """The last CONTEXT ids of `history`, padded on the left with PAD (id 0)."""
    window = np.zeros(CONTEXT, dtype=np.int64)
    tail = np.asarray(history, dtype=np.int64)[-CONTEXT:]
    if tail.size:
        window[-tail.size:] = tail
    return window


def next_logits(model: TrainedModel, history: np.ndarray) -> np.ndarray:
    """Float64 logits for the character after `history` (ids); PAD can never be predicted.

    The network's forward pass written out in numpy: for one context at a time (generation asks
    for one per character) torch's per-call overhead was 0.1 ms against 0.01 ms here. Same
    weights, computed in float64 (torch trains in float32; the two agree to about 1e-6).
    """
    embed, hidden_weight, hidden_bias, out_weight, out_bias = model.step_weights
    hidden = np.tanh(embed[_context_ids(history)].reshape(-1) @ hidden_weight + hidden_bias)
    logits = hidden @ out_weight + out_bias
    logits[0] = -math.inf
    return logits


def batch_next_logits(model: TrainedModel, histories: np.ndarray) -> np.ndarray:
    """(S, V) logits after each row of `histories` (S, t): `next_logits` for many sequences at once."""
    embed, hidden_weight, hidden_bias, out_weight, out_bias = model.step_weights
    windows = np.stack([_context_ids(row) for row in histories]) if histories.shape[1] < CONTEXT else \
        histories[:, -CONTEXT:]
    hidden = np.tanh(embed[windows].reshape(len(histories), -1) @ hidden_weight + hidden_bias)
    logits = hidden @ out_weight + out_bias
    logits[:, 0] = -math.inf
    return logits


def logits_along(model: TrainedModel, ids: np.ndarray, net: CharMLP | None = None) -> np.ndarray:
    """(T, V) logits where row t is the prediction made after seeing ids[:t+1] (so it predicts ids[t+1])."""
    net = net or model.network()
    padded = np.concatenate([np.zeros(CONTEXT - 1, dtype=np.int64), np.asarray(ids, dtype=np.int64)])
    windows = np.lib.stride_tricks.sliding_window_view(padded, CONTEXT)
    with torch.no_grad():
        logits = net(torch.from_numpy(windows.copy())).double().numpy()
    logits[:, 0] = -math.inf
    return logits


# Generation is the same for every model: core.lm. These names stay importable from here.
validate_prompt, validate_length, generate = lm.validate_prompt, lm.validate_length, lm.generate
Generation = lm.Generation
