"""A Hugging Face causal language model found on this machine, behind core.lm's interface.

Loaded with `transformers` (an optional extra: requirements-lm.txt) from a local folder, or by a
name already in the local Hugging Face cache; nothing is ever downloaded (`local_files_only`, and
the hub is switched offline before transformers is imported). A missing package, path or broken
checkpoint raises ValueError with a sentence a page can show; so does any other failure while loading (a
library that breaks on import, a checkpoint a new transformers cannot read), which is also logged with its
traceback for the operator.

Logits are the model's own, computed in float32 by torch and returned as float64 so that the
sampling pipeline (core.sampling) treats them exactly as the character model's.
"""

from __future__ import annotations

import logging
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import torch

from core.lm import EncodedPrompt
from core.validation import InputError

log = logging.getLogger(__name__)


def _transformers(model_name: str):
    os.environ.setdefault("HF_HUB_OFFLINE", "1")  # read by huggingface_hub at import: never download
    try:
        import transformers
    except ModuleNotFoundError as error:
        if error.name != "transformers":
            raise _load_failure(model_name, error) from None
        raise InputError("the transformers package is not installed (pip install -r requirements-lm.txt)") from None
    except Exception as error:  # noqa: BLE001 - a library broken on import must not end the page
        raise _load_failure(model_name, error) from None
    transformers.utils.logging.disable_progress_bar()  # a server log is no place for progress bars
    return transformers


def _first_line(error: BaseException) -> str:
    text = str(error).strip()
    return (text.splitlines()[0] if text else type(error).__name__)[:300]


def _load_failure(name: str, error: BaseException) -> InputError:
    """Any failure while loading, as the sentence a page shows; the operator gets the traceback in the log."""
    log.error("the language model %r could not be loaded; the page falls back to its built-in model", name,
              exc_info=error)
    return InputError("cannot load the language model {name!r} (a local folder, or a name already in the "
                      "Hugging Face cache; nothing is downloaded): {reason}", name=name, reason=_first_line(error))


def _local_source(name_or_path: str) -> str:
    """A folder that exists, or a hub-style name ("owner/model" or "model") to look up in the local cache."""
    path = Path(name_or_path).expanduser()
    if path.is_dir():
        return str(path)
    looks_like_a_path = path.is_absolute() or name_or_path.startswith((".", "~")) or name_or_path.count("/") > 1
    if looks_like_a_path or not name_or_path.strip():
        raise InputError("cannot load the language model {name!r}: there is no folder at that path",
                         name=name_or_path)
    return name_or_path


@dataclass
class HFModel:
    """A causal LM and its tokenizer; the core.lm.LanguageModel interface over them."""

    name: str
    network: Any = field(repr=False)
    tokenizer: Any = field(repr=False)
    vocab: tuple[str, ...] = field(repr=False)
    context: int                              # the longest history the model reads
    start_id: int | None                      # conditions an empty prompt (e.g. GPT-2's <|endoftext|>)
    parameters: int
    unit = "token"

    @property
    def predictable(self) -> int:
        return len(self.vocab)

    @property
    def vocab_size(self) -> int:
        return len(self.vocab)

    def encode(self, prompt: str) -> EncodedPrompt:
        ids = self.tokenizer(prompt, add_special_tokens=False)["input_ids"]
        return EncodedPrompt(np.asarray(ids, dtype=np.int64), prompt, ())

    def _history(self, history: np.ndarray) -> np.ndarray:
        """The ids the network reads: the last `context` ones, or the start token for an empty prompt."""
        history = np.asarray(history, dtype=np.int64)
        if history.size == 0:
            if self.start_id is None:
                raise InputError("{model} has no start-of-text token, so it cannot continue an empty prompt; "
                                 "type a few words", model=self.name)
            history = np.array([self.start_id], dtype=np.int64)
        return history[-self.context:]

    @torch.no_grad()
    def next_logits(self, history: np.ndarray) -> np.ndarray:
        ids = torch.from_numpy(self._history(history))[None, :]
        return self.network(input_ids=ids).logits[0, -1].double().numpy()

    @torch.no_grad()
    def logits_along(self, ids: np.ndarray) -> np.ndarray:
        """(T, V) logits where row t predicts ids[t + 1] (one forward pass; T ≤ context)."""
        tensor = torch.from_numpy(np.asarray(ids, dtype=np.int64))[None, :]
        return self.network(input_ids=tensor).logits[0].double().numpy()

    @torch.no_grad()
    def start(self, history: np.ndarray, batch: int) -> tuple[Any, np.ndarray]:
        ids = torch.from_numpy(self._history(history)).repeat(batch, 1)
        out = self.network(input_ids=ids, use_cache=True)
        return (out.cache, ids), out.logits[:, -1].double().numpy()

    @torch.no_grad()
    def step(self, state: Any, tokens: np.ndarray) -> tuple[Any, np.ndarray]:
        cache, ids = state
        new = torch.from_numpy(np.asarray(tokens, dtype=np.int64))[:, None]
        ids = torch.cat([ids, new], dim=1)
        if ids.shape[1] > self.context:  # past the window: drop the oldest token and read the window afresh
            ids = ids[:, -self.context:]
            out = self.network(input_ids=ids, use_cache=True)
        else:
            out = self.network(input_ids=new, cache=cache, use_cache=True)
        return (out.cache, ids), out.logits[:, -1].double().numpy()

    def decode(self, ids: np.ndarray) -> str:
        return self.tokenizer.decode([int(i) for i in ids])

    def describe(self) -> str:
        return (f"{self.name}: a {self.network.config.model_type} causal language model with {self.parameters:,} "
                f"parameters, a vocabulary of {self.vocab_size:,} tokens and a context of {self.context:,} tokens, "
                "loaded from this machine with its own tokenizer.")


def load(name_or_path: str) -> HFModel:
    """The model and tokenizer at a local path, or under a name in the local Hugging Face cache."""
    transformers = _transformers(name_or_path)
    source = _local_source(name_or_path)
    try:
        tokenizer = transformers.AutoTokenizer.from_pretrained(source, local_files_only=True)
        network = transformers.AutoModelForCausalLM.from_pretrained(source, local_files_only=True, dtype=torch.float32)
    except Exception as error:  # noqa: BLE001 - whatever breaks (a shadowed import, a new format), the page goes on
        raise _load_failure(name_or_path, error) from None
    network.eval()
    size = network.get_output_embeddings().weight.shape[0]
    pieces = tokenizer.batch_decode([[i] for i in range(min(size, len(tokenizer)))])
    vocab = tuple(pieces) + tuple(f"<id {i}>" for i in range(len(pieces), size))
    context = getattr(network.config, "n_positions", None) or getattr(network.config, "max_position_embeddings", 1024)
    start_id = tokenizer.bos_token_id if tokenizer.bos_token_id is not None else tokenizer.eos_token_id
    return HFModel(str(name_or_path), network, tokenizer, vocab, int(context), start_id,
                   sum(p.numel() for p in network.parameters()))
