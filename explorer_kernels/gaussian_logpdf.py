"""Per-point Gaussian log-density: the simplest Triton kernel, written to be read.

    log N(x_i | loc, scale) = -log(scale) - log(2 pi) / 2 - ((x_i - loc) / scale)^2 / 2

One program handles one block of BLOCK consecutive points: it loads them, evaluates the formula
in registers and stores BLOCK results. The constant -log(scale) - log(2 pi) / 2 is computed once
on the host, so the kernel does one subtract, two multiplies and one fused multiply-add per
point. Pages show this file in their "how the GPU computes this" panel.
"""

from __future__ import annotations

import math

import torch
import triton
import triton.language as tl

from explorer_kernels.constants import LOG_2PI
from explorer_kernels._runtime import autotune, fixed_configuration, interpreting, size_bucket



@triton.jit
def gaussian_log_prob_kernel(x_ptr, out_ptr, n, loc, inv_scale, log_norm,
                             n_bucket,  # unused in the body: the autotuning key (log2 of N)
                             BLOCK: tl.constexpr):
    pid = tl.program_id(0)
    # int64 offsets: pid * BLOCK overflows int32 beyond 2**31 points.
    offsets = pid.to(tl.int64) * BLOCK + tl.arange(0, BLOCK)
    in_range = offsets < n  # the last block is usually partial
    x = tl.load(x_ptr + offsets, mask=in_range, other=0.0).to(tl.float32)
    z = (x - loc) * inv_scale
    tl.store(out_ptr + offsets, log_norm - 0.5 * z * z, mask=in_range)


_tuned_kernel = autotune(
    configs=[triton.Config({"BLOCK": block}, num_warps=warps) for block in (1024, 4096) for warps in (4, 8)],
    key=["n_bucket"],
)(gaussian_log_prob_kernel)
_FIXED_META = {"BLOCK": 4096, "num_warps": 8}     # the tests' one configuration on a GPU (_runtime.py)


def gaussian_log_prob(x: torch.Tensor, loc: float, scale: float) -> torch.Tensor:
    """log N(x_i | loc, scale) for every point, as float32 on x's device.

    `x` is a contiguous 1-D tensor on the kernel device (CUDA, or CPU when interpreting);
    `scale` > 0 has been checked by the caller.
    """
    x = x.contiguous()
    out = torch.empty(x.shape, dtype=torch.float32, device=x.device)
    n = x.numel()
    log_norm = -math.log(scale) - 0.5 * LOG_2PI
    args = (x, out, n, float(loc), 1.0 / float(scale), log_norm, size_bucket(n))
    if fixed_configuration():
        meta = {"BLOCK": 1024} if interpreting() else _FIXED_META
        gaussian_log_prob_kernel[(triton.cdiv(n, meta["BLOCK"]),)](*args, **meta)
    else:
        _tuned_kernel[lambda meta: (triton.cdiv(n, meta["BLOCK"]),)](*args)
    return out


def gaussian_log_prob_reference(x: torch.Tensor, loc: float, scale: float) -> torch.Tensor:
    """The same quantity in plain float64 torch: what the kernel must reproduce."""
    z = (x.to(torch.float64) - loc) / scale
    return -math.log(scale) - 0.5 * LOG_2PI - 0.5 * z * z
