"""Streaming kernel for the Gaussian sufficient statistics (count, mean, centred sum of squares).

With N, the mean xbar and SS = sum (x_i - xbar)^2, the Gaussian log-likelihood of every (loc,
scale) setting follows in closed form (docs/maths.md §8), so one pass over the data serves
a whole grid. The pass is a pure stream: its speed is the memory bandwidth.

Accuracy without float64 arithmetic on the GPU: each program loads one block into registers,
takes the block's float32 mean as a centre c_b, and reduces the deviations from that centre:

    D_b = sum (x_i - c_b)        Q_b = sum (x_i - c_b)^2

Both are small, well-conditioned float32 sums. Each program walks many blocks and folds them into its own
float64 (count, mean, M2) (Chan et al.'s update); the host then combines the programs' partials exactly in
float64 (the same parallel formula, written for an arbitrary centre; a program's centre is its mean, so D = 0):

    mean = sum_b (n_b c_b + D_b) / N
    SS   = sum_b [ Q_b - 2 (mean - c_b) D_b + n_b (mean - c_b)^2 ]

No atomics: every partial has its own slot, so the answer is the same on every run.
"""

from __future__ import annotations

import torch
import triton
import triton.language as tl

from explorer_kernels._runtime import autotune, fixed_configuration, interpreting, multiprocessor_count, size_bucket

# The smallest BLOCK among the configurations bounds the number of programs (never more than its blocks).
_BLOCKS = (1024, 2048, 4096, 8192)
_INTERPRETER_BLOCK = 1024


@triton.jit
def gaussian_stats_kernel(x_ptr, count_ptr, centre_ptr, dev_ptr, sq_ptr, n,
                          n_bucket,  # unused in the body: the autotuning key (log2 of N)
                          BLOCK: tl.constexpr):
    """One program walks every num_programs-th block: per block the float32 centre, deviation sum and squared
    deviation sum (module docstring), folded into the program's float64 (count, mean, M2) with Chan et al.'s
    update; it writes those once, as (count, centre = mean, deviation sum = 0, M2)."""
    pid = tl.program_id(0)
    programs = tl.num_programs(0)
    blocks = tl.cdiv(n, BLOCK)
    count = tl.cast(0.0, tl.float64)
    mean = tl.cast(0.0, tl.float64)
    m2 = tl.cast(0.0, tl.float64)
    for block in range(pid, blocks, programs):
        start = tl.cast(block, tl.int64) * BLOCK     # int64: block * BLOCK overflows int32 beyond 2**31 points
        offsets = start + tl.arange(0, BLOCK)
        in_range = offsets < n
        x = tl.load(x_ptr + offsets, mask=in_range, other=0.0).to(tl.float32)
        block_count = tl.minimum(n - start, BLOCK).to(tl.float32)
        centre = tl.sum(x, axis=0) / block_count
        deviation = tl.where(in_range, x - centre, 0.0)
        dev = tl.sum(deviation, axis=0).to(tl.float64)
        sq = tl.sum(deviation * deviation, axis=0).to(tl.float64)
        block_n = block_count.to(tl.float64)
        block_mean = centre.to(tl.float64) + dev / block_n
        total = count + block_n
        delta = block_mean - mean
        mean = mean + delta * block_n / total
        m2 = m2 + (sq - dev * dev / block_n) + delta * delta * count * block_n / total
        count = total
    tl.store(count_ptr + pid, count)
    tl.store(centre_ptr + pid, mean)
    tl.store(dev_ptr + pid, tl.cast(0.0, tl.float64))
    tl.store(sq_ptr + pid, m2)


_tuned_kernel = autotune(
    configs=[triton.Config({"BLOCK": block}, num_warps=warps) for block in _BLOCKS for warps in (4, 8)],
    key=["n_bucket"],
)(gaussian_stats_kernel)
_FIXED_META = {"BLOCK": 4096, "num_warps": 8}     # the tests' one configuration on a GPU (_runtime.py)
PROGRAMS_PER_MULTIPROCESSOR = 4


def program_count(n: int, device: torch.device) -> int:
    """Programs for N points: enough to fill the GPU (a few per multiprocessor), never more than the smallest
    BLOCK's blocks. Every program writes its partial, so the buffers need no zero-fill, and the host combines a
    few hundred partials, not N / 1024 (97,657 at N = 10^8, 0.26 ms on an H200: issue 29)."""
    return max(1, min(triton.cdiv(max(n, 1), min(_BLOCKS)), PROGRAMS_PER_MULTIPROCESSOR * multiprocessor_count(device)))


def gaussian_partial_stats(x: torch.Tensor) -> tuple[torch.Tensor, ...]:
    """Per-program (count, mean, 0, M2), float64, on x's device: one partial per program, each written."""
    x = x.contiguous()
    n = x.numel()
    programs = program_count(n, x.device)
    partials = [torch.empty(programs, dtype=torch.float64, device=x.device) for _ in range(4)]
    if fixed_configuration():
        meta = {"BLOCK": _INTERPRETER_BLOCK} if interpreting() else _FIXED_META
        gaussian_stats_kernel[(programs,)](x, *partials, n, size_bucket(n), **meta)
    else:
        _tuned_kernel[(programs,)](x, *partials, n, size_bucket(n))
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
