"""Fused mixture-likelihood sweep: sum_i log sum_k w_gk N(x_i | loc_gk, scale_gk) for every g.

A mixture has no sufficient statistics, so a grid of G settings over N points is a true
O(N G K) reduction. The kernel never materialises the G x N matrix: the launch grid is
(data splits) x (blocks of BLOCK_G settings). Each program walks its split of the data in blocks
of BLOCK_N points; for each block it evaluates a BLOCK_G x BLOCK_N tile of log-densities in
registers, reduces over components with a two-pass logsumexp (max, then sum of exponentials; for two
components one pass, max(a, b) + log2(1 + 2^-|a - b|)),
sums the tile over points and adds that to a float64 accumulator per setting. It writes one
partial per (split, setting); the host adds the splits in float64.

Per component the host precomputes, in base-2 units so the kernel can use the fast exp2/log2:
    coef_gk = (log w_gk - log scale_gk - log(2 pi) / 2) * log2(e)
    prec_gk = log2(e) / (2 scale_gk^2)
so that log2 of the weighted density is coef_gk - prec_gk (x - loc_gk)^2.

Zero weights give coef = -inf, which the max pass ignores and exp2 maps to 0, as it should.
No atomics: the reduction order is fixed by the launch configuration, so a run repeats exactly.
"""

from __future__ import annotations

import torch
import triton
import triton.language as tl

from explorer_kernels.constants import LN_2, LOG2_E, LOG_2PI
from explorer_kernels._runtime import autotune, fixed_configuration, interpreting, multiprocessor_count, size_bucket

# Inside a kernel a global must be a compile-time constant: the kernel sums base-2 logarithms and
# multiplies the total by ln 2 once, to return natural-log likelihoods.
_LN_2 = tl.constexpr(LN_2)

_INTERPRETER_META = {"BLOCK_N": 32, "BLOCK_G": 4}
# Assumed settings block when sizing the splits, so the split count (and with it the buffer
# shape and the summation order) does not depend on the autotuned configuration.
_NOMINAL_BLOCK_G = 32


@triton.jit
def _component_exponent(x, loc_ptr, coef_ptr, prec_ptr, g_offsets, g_in_range, k, K: tl.constexpr):
    """log2 of component k's weighted density at every (setting, point) of the tile: coef - prec (x - loc)^2."""
    loc = tl.load(loc_ptr + g_offsets * K + k, mask=g_in_range, other=0.0)
    coef = tl.load(coef_ptr + g_offsets * K + k, mask=g_in_range, other=0.0)
    prec = tl.load(prec_ptr + g_offsets * K + k, mask=g_in_range, other=0.0)
    diff = x[None, :] - loc[:, None]
    return coef[:, None] - prec[:, None] * diff * diff


@triton.jit
def gmm_partial_kernel(x_ptr, loc_ptr, coef_ptr, prec_ptr, out_ptr, n, g_count, split_len,
                       n_bucket, g_bucket,  # unused in the body: the autotuning key (log2 of N and of G)
                       K: tl.constexpr, BLOCK_N: tl.constexpr, BLOCK_G: tl.constexpr):
    pid_split = tl.program_id(0)
    pid_g = tl.program_id(1)
    g_offsets = pid_g * BLOCK_G + tl.arange(0, BLOCK_G)
    g_in_range = g_offsets < g_count
    split_start = pid_split.to(tl.int64) * split_len
    total = tl.zeros((BLOCK_G,), dtype=tl.float64)
    for block_start in range(0, split_len, BLOCK_N):
        local = block_start + tl.arange(0, BLOCK_N)
        offsets = split_start + local
        in_range = (local < split_len) & (offsets < n)
        x = tl.load(x_ptr + offsets, mask=in_range, other=0.0).to(tl.float32)
        if K == 2:
            # Two components in one pass: log2(2^a + 2^b) = max(a, b) + log2(1 + 2^-|a - b|), one exp2 and one
            # log2 per (setting, point) instead of two exp2, one log2 and every exponent computed twice.
            a = _component_exponent(x, loc_ptr, coef_ptr, prec_ptr, g_offsets, g_in_range, 0, K)
            b = _component_exponent(x, loc_ptr, coef_ptr, prec_ptr, g_offsets, g_in_range, 1, K)
            peak = tl.maximum(a, b)
            log2_density = peak + tl.log2(1.0 + tl.exp2(-tl.abs(a - b)))
        else:
            # Pass 1: the largest component exponent per (setting, point).
            peak = tl.full((BLOCK_G, BLOCK_N), float("-inf"), dtype=tl.float32)
            for k in tl.static_range(K):
                peak = tl.maximum(peak, _component_exponent(x, loc_ptr, coef_ptr, prec_ptr, g_offsets, g_in_range,
                                                            k, K))
            # Pass 2: sum of exponentials relative to the peak (each term <= 1, no overflow).
            scaled_sum = tl.zeros((BLOCK_G, BLOCK_N), dtype=tl.float32)
            for k in tl.static_range(K):
                scaled_sum += tl.exp2(_component_exponent(x, loc_ptr, coef_ptr, prec_ptr, g_offsets, g_in_range,
                                                          k, K) - peak)
            log2_density = peak + tl.log2(scaled_sum)
        log2_density = tl.where(in_range[None, :], log2_density, 0.0)
        total += tl.sum(log2_density, axis=1).to(tl.float64)
    tl.store(out_ptr + pid_split * g_count + g_offsets, total * _LN_2, mask=g_in_range)


_tuned_kernel = autotune(
    configs=[
        triton.Config({"BLOCK_N": block_n, "BLOCK_G": block_g}, num_warps=warps)
        for block_n in (64, 128, 256)
        for block_g in (16, 32, 64)
        for warps in (4, 8)
        if block_n * block_g <= 8192
    ],
    key=["n_bucket", "g_bucket", "K"],
)(gmm_partial_kernel)
_FIXED_META = {"BLOCK_N": 128, "BLOCK_G": 32, "num_warps": 4}   # the tests' one configuration on a GPU


def mixture_coefficients(weights: torch.Tensor, loc: torch.Tensor, scale: torch.Tensor):
    """(loc, coef, prec) float32 tensors in the kernel's base-2 form; see the module docstring."""
    scale64 = scale.to(torch.float64)
    coef = (torch.log(weights.to(torch.float64)) - torch.log(scale64) - 0.5 * LOG_2PI) * LOG2_E
    prec = LOG2_E / (2.0 * scale64 * scale64)
    as_f32 = dict(dtype=torch.float32)
    return loc.to(**as_f32).contiguous(), coef.to(**as_f32).contiguous(), prec.to(**as_f32).contiguous()


def _split_count(n: int, g_count: int, device: torch.device) -> int:
    """How many data splits: enough programs to fill the GPU, never a split under 1024 points."""
    programs_wanted = 8 * multiprocessor_count(device)
    setting_blocks = triton.cdiv(g_count, _NOMINAL_BLOCK_G)
    return max(1, min(triton.cdiv(programs_wanted, setting_blocks), triton.cdiv(n, 1024)))


def gmm_loglik(x: torch.Tensor, weights: torch.Tensor, loc: torch.Tensor, scale: torch.Tensor) -> torch.Tensor:
    """Float64 (G,) totals through the kernel. Arguments are validated by the caller.

    x: (N,) on the kernel device; weights, loc, scale: (G, K) on the same device.
    """
    x = x.contiguous()
    n = x.numel()
    g_count, k = loc.shape
    loc32, coef, prec = mixture_coefficients(weights, loc, scale)
    splits = _split_count(n, g_count, x.device)
    split_len = triton.cdiv(n, splits)
    partials = torch.empty((splits, g_count), dtype=torch.float64, device=x.device)
    args = (x, loc32, coef, prec, partials, n, g_count, split_len, size_bucket(n), size_bucket(g_count))
    if fixed_configuration():
        meta = _INTERPRETER_META if interpreting() else _FIXED_META
        gmm_partial_kernel[(splits, triton.cdiv(g_count, meta["BLOCK_G"]))](*args, K=k, **meta)
    else:
        grid = lambda meta: (splits, triton.cdiv(g_count, meta["BLOCK_G"]))  # noqa: E731
        _tuned_kernel[grid](*args, K=k)
    return partials.sum(dim=0)


def gmm_loglik_reference(x: torch.Tensor, weights: torch.Tensor, loc: torch.Tensor,
                         scale: torch.Tensor) -> torch.Tensor:
    """Float64 (G,) totals in plain torch, materialising (G, K, N): for small test sizes only."""
    x64 = x.to(torch.float64)[None, None, :]
    w, m, s = (t.to(torch.float64)[:, :, None] for t in (weights, loc, scale))
    log_terms = torch.log(w) - torch.log(s) - 0.5 * LOG_2PI - 0.5 * ((x64 - m) / s) ** 2
    return torch.logsumexp(log_terms, dim=1).sum(dim=1)
