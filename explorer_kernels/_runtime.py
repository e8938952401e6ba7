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
