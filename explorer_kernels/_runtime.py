"""What the kernel wrappers need to know about where they run.

Triton decides at decoration time whether `@triton.jit` compiles for a GPU or builds an
interpreted function, from the `TRITON_INTERPRET` environment variable; these helpers read the
same switch so that wrappers can skip GPU-only machinery (autotuning benchmarks) when
interpreting.
"""

from __future__ import annotations

import os

import torch


def interpreting() -> bool:
    """True when Triton runs kernels in its (CPU, numpy-based) interpreter."""
    return os.environ.get("TRITON_INTERPRET", "0") not in ("", "0")


FIXED_SETTING = "PROB_EXPLORER_KERNELS_FIXED"


def fixed_configuration() -> bool:
    """Launch every kernel with one fixed configuration instead of autotuning: under the interpreter (no GPU to
    time), and where PROB_EXPLORER_KERNELS_FIXED=1 (the tests: they check the arithmetic, and tuning every size
    they try cost most of their 181 s on an H200)."""
    return interpreting() or os.environ.get(FIXED_SETTING, "0") not in ("", "0")


def size_bucket(n: int) -> int:
    """The autotuning key for a data size: its power of two. A reader's change of N re-tunes only when N crosses
    a power of two, never for each new N."""
    return max(int(n), 1).bit_length()


def autotune(configs: list, key: list[str], **options):
    """triton.autotune, keeping its results across restarts where this Triton can (`cache_results`, Triton 3.2
    and later: the first sweep after a restart then skips tuning what an earlier process tuned)."""
    import inspect

    import triton

    keeps = "cache_results" in inspect.signature(triton.autotune).parameters
    return triton.autotune(configs=configs, key=key, **options, **({"cache_results": True} if keeps else {}))


def kernel_device() -> torch.device:
    """The device kernel inputs must live on: the GPU, or the CPU when interpreting."""
    if interpreting():
        return torch.device("cpu")
    if not torch.cuda.is_available():
        raise RuntimeError("Triton kernels need a CUDA GPU, or TRITON_INTERPRET=1 for testing")
    return torch.device("cuda")


def multiprocessor_count(device: torch.device) -> int:
    """Streaming multiprocessors on `device`; a small fixed number under the interpreter."""
    if device.type != "cuda":
        return 4
    return torch.cuda.get_device_properties(device).multi_processor_count
