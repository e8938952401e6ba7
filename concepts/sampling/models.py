"""The language model the sampling page uses, trained once per server process.

Training takes a few seconds, so it must never happen on a reader's interaction path:
`ui.warmup.start_warmup()` (called from app.py) trains the built-in model on a background thread
as soon as the server runs the app, and `builtin_model()` returns that same model (waiting for it
only if a reader arrives within the first seconds). A plain lock-guarded module cache, not st.cache_*:
the warm-up thread runs outside any Streamlit session.
"""

from __future__ import annotations

import os
import threading

from core import charlm
from core.validation import InputError

_lock = threading.Lock()
_model: charlm.TrainedModel | None = None


def builtin_model() -> charlm.TrainedModel:
    """The model trained on the shipped corpus with seed 0 (trained on first use, then kept)."""
    global _model
    with _lock:
        if _model is None:
            _model = charlm.train_builtin(seed=0)
        return _model


# Models trained on text that readers paste: kept per process, a few at most, keyed by a hash of
# the text so a cached view can name its model with a short string.
_CUSTOM_LIMIT = 8
_custom: dict[str, charlm.TrainedModel] = {}


def train_custom(text: str) -> str:
    """Train on a reader's text (validated in core); returns the key to fetch the model by."""
    import hashlib

    key = "custom-" + hashlib.sha256(charlm.normalise_text(text).encode()).hexdigest()[:16]
    if key not in _custom:
        model = charlm.train(text, seed=0)
        with _lock:
            while len(_custom) >= _CUSTOM_LIMIT:
                _custom.pop(next(iter(_custom)))
            _custom[key] = model
    return key


def get_model(key: str):
    """"builtin", "lm" (the configured Hugging Face model: ValueError if there is none), or a key from
    train_custom (a server restart forgets those: KeyError, the page falls back and says so)."""
    if key == "builtin":
        return builtin_model()
    if key == "lm":
        return configured_lm()
    model = _custom.get(key)
    if model is None:
        raise KeyError(key)
    return model


# A Hugging Face model named by the PROB_EXPLORER_LM setting (a local folder, or a name in the local
# cache): loaded once per process, on first use, under the lock. A failure is remembered with its
# message, so a broken setting costs one attempt, not one per rerun.
LM_SETTING = "PROB_EXPLORER_LM"
_loaded: dict[str, object] = {}


def configured_lm_name() -> str | None:
    """The value of PROB_EXPLORER_LM, or None where no language model is configured."""
    name = os.environ.get(LM_SETTING, "").strip()
    return name or None


def configured_lm():
    """The configured model (core.hflm.HFModel); ValueError says why there is none or it cannot load."""
    name = configured_lm_name()
    if name is None:
        raise InputError("no language model is configured on this server (set {setting} to a local folder or a "
                         "model name in the Hugging Face cache)", setting=LM_SETTING)
    with _lock:
        if name not in _loaded:
            from core import hflm  # imports torch's transformers stack only when a model is configured

            try:
                _loaded[name] = hflm.load(name)
            except ValueError as error:
                _loaded[name] = error
    result = _loaded[name]
    if isinstance(result, ValueError):
        raise result
    return result
