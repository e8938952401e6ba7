"""Process start-up work, done once per server process, before or beside the first session.

Three things keep every reader's first interaction and every rerun fast:

- The compute and plotting layers are imported, and each page's warm-up hook runs (its views'
  warm_defaults: the sampling page's language model is trained, every live-control family at its
  default state is computed) before
  the first reader needs them (no import, training or family on the interaction path). Started
  with `python serve.py`, all of it is done before the server even listens (about 5 s on the
  reference machine); with plain `streamlit run app.py` it starts with the first session.
- Torch runs one intra-op thread per server process, unless OMP_NUM_THREADS says otherwise. A
  server shares its cores with other sessions and processes, and torch's worker threads
  spin-wait at every barrier when the cores are busy: on the reference 2-core machine with both
  cores loaded, the /gmm landscape sweep took median 33 ms, max 176 ms with two threads and
  26 / 31 ms with one (11 / 13 ms on an idle machine). A server scales by processes instead (one
  per core behind nginx, README "Deploying").
- The start-up heap is then frozen (`gc.freeze`). Torch, SciPy and Plotly leave about 250,000
  long-lived objects; a full garbage collection walks all of them (about 130-190 ms on the
  reference 2-core machine) while holding the GIL, which stalls every session of the process.
  Streamlit's own post-run collection is switched off for the same reason (`runner.postScriptGC`
  in .streamlit/config.toml); frozen objects are skipped by the collector, so the automatic
  collections that remain cost well under a millisecond. Memory stays bounded: see the session
  churn benchmark in bench/RESULTS.md.
"""

from __future__ import annotations

import atexit
import gc
import importlib
import logging
import os
import threading

import concepts
from ui import internals

# What the pages import lazily besides their own parts; the warm-up imports it ahead of the readers, with every
# page's spec, views, explanations and figures (from the one page list: concepts.part_modules()).
_SHARED_HEAVY_MODULES = ("scipy.stats", "scipy.special", "plotly.graph_objects", "orjson", "segno", "core.sweep",
                         "viz.export", "ui.controls", "ui.frame", "ui.layout", "ui.lessons", "ui.share", "ui.registry")

_lock = threading.Lock()
_started = False


def import_heavy_layers() -> None:
    """Import everything the pages need."""
    for name in (*_SHARED_HEAVY_MODULES, *concepts.part_modules()):
        importlib.import_module(name)


def _one_torch_thread_unless_configured() -> None:
    if "OMP_NUM_THREADS" not in os.environ:
        import torch

        torch.set_num_threads(1)


def _warm_up() -> None:
    try:
        internals.check_at_start()      # Streamlit's private APIs: which features are on, logged once
        _one_torch_thread_unless_configured()
        import_heavy_layers()
        _compile_catalogues()
        failed = concepts.warm_default_families()
        if failed:
            logging.getLogger(__name__).warning("live families not warmed for: %s", ", ".join(failed))
    finally:
        gc.collect()
        gc.freeze()
        # Hand the frozen objects back at exit, so that finalisation frees them as usual
        # (Triton's bindings otherwise report them as leaked).
        atexit.register(gc.unfreeze)


def _compile_catalogues() -> None:
    """Every language's catalogue (~60 ms for Japanese), so the first Japanese reader does not wait for it."""
    import i18n

    for lang in i18n.LANGUAGES:
        i18n.translations(lang)


def _claim() -> bool:
    """True for the one caller that gets to run the warm-up in this process."""
    global _started
    with _lock:
        if _started:
            return False
        _started = True
        return True


def warm_up_now() -> None:
    """The whole warm-up, on the calling thread (serve.py, before the server listens)."""
    if _claim():
        _warm_up()


def start_warmup() -> None:
    """The whole warm-up on a background thread, unless it has already run: once per process."""
    if _claim():
        # Explicitly not a daemon (a thread started from a Streamlit script thread would inherit
        # daemon=True): a process that exits mid-warm-up (a short test run, a server stopped in
        # its first seconds) would otherwise be killed inside torch and abort with exit code 134.
        # Exit waits for the warm-up instead.
        threading.Thread(target=_warm_up, name="explorer-warmup", daemon=False).start()
