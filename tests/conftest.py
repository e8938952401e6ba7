"""Test-wide set-up.

Triton reads TRITON_INTERPRET when a kernel is decorated, so it must be set before any kernel
module is imported: on a machine without a GPU the kernel tests run in the interpreter, on small N.
"""

from __future__ import annotations

import os

import torch

if not torch.cuda.is_available():
    os.environ.setdefault("TRITON_INTERPRET", "1")
