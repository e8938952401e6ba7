"""Streaming kernel for the Gaussian sufficient statistics (count, mean, centred sum of squares).

With N, the mean xbar and SS = sum (x_i - xbar)^2, the Gaussian log-likelihood of every (loc,
scale) setting follows in closed form (docs/maths.md §8), so one pass over the data serves
a whole grid. The pass is a pure stream: its speed is the memory bandwidth.

Accuracy without float64 arithmetic on the GPU: each program loads one block into registers,
takes the block's float32 mean as a centre c_b, and reduces the deviations from that centre:

    D_b = sum (x_i - c_b)        Q_b = sum (x_i - c_b)^2

Both are small, well-conditioned float32 sums. The host then combines the blocks exactly in
float64 (Chan et al.'s parallel formula, written for an arbitrary centre):

    mean = sum_b (n_b c_b + D_b) / N
    SS   = sum_b [ Q_b - 2 (mean - c_b) D_b + n_b (mean - c_b)^2 ]

No atomics: every partial has its own slot, so the answer is the same on every run.
"""

from __future__ import annotations

import torch
import triton
import triton.language as tl

from explorer_kernels._runtime import autotune, fixed_configuration, interpreting, size_bucket

# The smallest BLOCK among the configurations sizes the partial buffers (the most blocks).
_BLOCKS = (1024, 2048, 4096, 8192)
_INTERPRETER_BLOCK = 1024


@triton.jit
def gaussian_stats_kernel(x_ptr, count_ptr, centre_ptr, dev_ptr, sq_ptr, n,
                          n_bucket,  # unused in the body: the autotuning key (log2 of N)
                          BLOCK: tl.constexpr):
    pid = tl.program_id(0)
    start = pid.to(tl.int64) * BLOCK
    offsets = start + tl.arange(0, BLOCK)
    in_range = offsets < n
    x = tl.load(x_ptr + offsets, mask=in_range, other=0.0).to(tl.float32)
    count = tl.minimum(n - start, BLOCK).to(tl.float32)
    centre = tl.sum(x, axis=0) / count
    deviation = tl.where(in_range, x - centre, 0.0)
    tl.store(count_ptr + pid, count.to(tl.float64))
    tl.store(centre_ptr + pid, centre.to(tl.float64))
    tl.store(dev_ptr + pid, tl.sum(deviation, axis=0).to(tl.float64))
    tl.store(sq_ptr + pid, tl.sum(deviation * deviation, axis=0).to(tl.float64))


# Autotuning runs every configuration on the same buffers; zeroing them between runs keeps the
# slots a larger BLOCK never writes at zero, where they contribute nothing to the combination.
_tuned_kernel = autotune(
    configs=[triton.Config({"BLOCK": block}, num_warps=warps) for block in _BLOCKS for warps in (4, 8)],
    key=["n_bucket"],
    reset_to_zero=["count_ptr", "centre_ptr", "dev_ptr", "sq_ptr"],
)(gaussian_stats_kernel)
_FIXED_META = {"BLOCK": 4096, "num_warps": 8}     # the tests' one configuration on a GPU (_runtime.py)


def gaussian_partial_stats(x: torch.Tensor) -> tuple[torch.Tensor, ...]:
    """Per-block (count, centre, deviation sum, squared-deviation sum), float64, on x's device.

    Unused slots are all zero, so the partials can be combined without knowing which BLOCK ran.
    """
    x = x.contiguous()
    n = x.numel()
    block = _INTERPRETER_BLOCK if interpreting() else min(_BLOCKS)
    slots = triton.cdiv(n, block)
    partials = [torch.zeros(slots, dtype=torch.float64, device=x.device) for _ in range(4)]
    if fixed_configuration():
        meta = {"BLOCK": _INTERPRETER_BLOCK} if interpreting() else _FIXED_META
        gaussian_stats_kernel[(triton.cdiv(n, meta["BLOCK"]),)](x, *partials, n, size_bucket(n), **meta)
    else:
        _tuned_kernel[lambda meta: (triton.cdiv(n, meta["BLOCK"]),)](x, *partials, n, size_bucket(n))
    return tuple(partials)


def combine_partial_stats(count, centre, dev, sq) -> tuple[int, float, float]:
    """Combine block partials into (N, mean, SS) in float64; see the module docstring."""
    total = int(round(float(count.sum())))
    mean = float((count * centre + dev).sum()) / total
    offset = mean - centre
    centred_sum_sq = float((sq - 2.0 * offset * dev + count * offset * offset).sum())
    return total, mean, max(centred_sum_sq, 0.0)


def gaussian_stats(x: torch.Tensor) -> tuple[int, float, float]:
    """(N, mean, SS) of a 1-D tensor through the kernel."""
    return combine_partial_stats(*gaussian_partial_stats(x))


def gaussian_stats_reference(x: torch.Tensor) -> tuple[int, float, float]:
    """The same statistics in plain float64 torch: what the kernel must reproduce."""
    x64 = x.to(torch.float64)
    mean = x64.mean()
    return x64.numel(), float(mean), float(((x64 - mean) ** 2).sum())
