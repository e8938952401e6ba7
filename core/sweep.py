"""The one door to large-N likelihood sweeps: total log-likelihoods over a grid of parameters.

Public API (pages, benchmarks and outside checks call exactly these):

    gaussian_loglik_grid(x, loc, scale, backend="auto") -> (G,) float64
        sum_i log N(x_i | loc_g, scale_g)
    gmm_loglik_grid(x, weights, loc, scale, backend="auto") -> (G,) float64
        sum_i log sum_k weights_gk N(x_i | loc_gk, scale_gk)
    gaussian_log_prob(x, loc, scale, backend="auto") -> (N,) float64 per-point log-densities
    gaussian_sufficient_stats(x, backend="auto") -> GaussianStats(count, mean, centred_sum_sq)

`x` is a 1-D NumPy array, list or torch tensor (CPU or CUDA; CUDA data is never copied back).
`backend`:
  "auto"   - the Triton kernels when a CUDA GPU and Triton are present (host data is moved to the
             GPU once), otherwise the vectorised torch path on the data's device;
  "triton" - the kernels; on a machine without a GPU only under TRITON_INTERPRET=1 (for tests);
  "torch"  - the vectorised torch path (CPU, or the GPU a CUDA tensor lives on).

How each sweep is computed (docs/maths.md §8):
  Gaussian: one pass for N, the mean and SS = sum (x_i - mean)^2 (float64 chunks combined with
  Chan's formula), then the closed form, O(N + G):
      l(m, s) = -N log s - N log(2 pi) / 2 - (SS + N (mean - m)^2) / (2 s^2)
  The centred form matters: the raw-moment form S2 - 2 m S1 + N m^2 cancels catastrophically.
  Mixture: no sufficient statistics; an O(N G K) reduction in float32 tiles of at most
  `_TILE_ELEMENTS` values (never the G x N matrix), with per-tile sums added in float64.

Invalid input raises ValueError naming the argument, the rule and the value.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any, Literal

import numpy as np
import torch

from core.constants import LOG_2PI
from core.validation import (
    InputError,
    as_float_array,
    require_finite,
    require_nonempty,
    require_positive,
    require_probability_rows,
    require_same_shape,
)

Backend = Literal["auto", "triton", "torch"]
BACKENDS: tuple[str, ...] = ("auto", "triton", "torch")

# Float64 chunk for the statistics pass: 2**16 values = 512 KB, cache-resident, and above
# torch's parallel grain size (32768), so both cores work; measured 5x faster than torch.var_mean.
_STATS_CHUNK = 1 << 16
# Float32 tile for the mixture path (components x settings x points): 2**18 values = 1 MB,
# which stays in cache, so the elementwise passes over a tile are compute-bound, not
# memory-bound. Peak extra memory is a few tiles, far below the 64 MB budget whatever N and G.
_TILE_ELEMENTS = 1 << 18
_MIN_TILE_POINTS = 8192
# On a GPU the same sizes are far too small: every torch call is a kernel launch (~10 µs) over a few hundred
# thousand values, and the device idles between them (core.sweep's torch path on CUDA tensors was 579x slower
# than the fused kernel, issue 29). There a chunk or tile holds 2**24 values (128 MB of float64, 64 MB of
# float32: the GPU's memory, not a CPU cache, is the bound).
_GPU_ELEMENTS = 1 << 24


def stats_chunk(device: torch.device) -> int:
    """Values per chunk of the statistics pass on `device`."""
    return _GPU_ELEMENTS if device.type == "cuda" else _STATS_CHUNK


def tile_elements(device: torch.device) -> int:
    """Values per float32 tile of the mixture path on `device`."""
    return _GPU_ELEMENTS if device.type == "cuda" else _TILE_ELEMENTS


@dataclass(frozen=True)
class GaussianStats:
    """Sufficient statistics of a 1-D sample for every Gaussian likelihood.

    count: N; mean: the sample mean; centred_sum_sq: SS = sum (x_i - mean)^2.
    """

    count: int
    mean: float
    centred_sum_sq: float

    @property
    def variance(self) -> float:
        """The MLE (biased, divide-by-N) variance SS / N."""
        return self.centred_sum_sq / self.count


# ----------------------------------------------------------------------------------------------
# Inputs and backend choice
# ----------------------------------------------------------------------------------------------


def _as_data_tensor(x: Any) -> torch.Tensor:
    """View `x` as a 1-D floating tensor without copying where possible; check shape and size."""
    if isinstance(x, torch.Tensor):
        tensor = x
    else:
        try:
            array = np.asarray(x)
        except (TypeError, ValueError) as exc:
            raise ValueError(f"x must be a 1-D array of numbers; got {type(x).__name__}") from exc
        if array.dtype.kind not in "fiub":
            raise ValueError(f"x must be a 1-D array of numbers; got dtype {array.dtype}")
        tensor = torch.from_numpy(np.ascontiguousarray(array))
    if tensor.ndim != 1:
        raise ValueError(f"x must be 1-D (shape (N,)); got shape {tuple(tensor.shape)}")
    require_nonempty("x", tensor)
    if not tensor.is_floating_point():
        tensor = tensor.to(torch.float64)
    return tensor


def _triton_available() -> bool:
    try:
        import triton  # noqa: F401
    except ImportError:
        return False
    return True


def resolve_backend(backend: str) -> str:
    """Map a requested backend to the one that will run: "triton" or "torch".

    Raises ValueError for an unknown name, or for "triton" where no kernel can run.
    """
    if backend not in BACKENDS:
        raise ValueError(f"backend must be one of {', '.join(BACKENDS)}; got {backend!r}")
    if backend == "torch":
        return "torch"
    from explorer_kernels._runtime import interpreting  # tiny module: no Triton import

    gpu = torch.cuda.is_available()
    if backend == "auto":
        return "triton" if gpu and _triton_available() else "torch"
    if not _triton_available():
        raise ValueError("backend 'triton' needs the triton package; install it or use backend='torch'")
    if not gpu and not interpreting():
        raise ValueError("backend 'triton' needs a CUDA GPU (or TRITON_INTERPRET=1 for testing); "
                         "use backend='auto' or 'torch' on a CPU")
    return "triton"


# Why the Triton kernels cannot run here, or run slowly (triton_status); the pages word them (explain/backends.py).
NO_TRITON, NO_GPU, INTERPRETER = "no-triton", "no-gpu", "interpreter"


def triton_status() -> tuple[str | None, str]:
    """Where the Triton kernels would run here: ("gpu", the device's name), ("interpreter", INTERPRETER: slowly,
    for tests) or (None, NO_TRITON or NO_GPU: why they cannot run)."""
    if not _triton_available():
        return None, NO_TRITON
    if torch.cuda.is_available():
        return "gpu", torch.cuda.get_device_name()
    from explorer_kernels._runtime import interpreting

    if interpreting():
        return "interpreter", INTERPRETER
    return None, NO_GPU


@dataclass(frozen=True)
class BackendInfo:
    """What a sweep backend runs on here, as facts (a page words them: explain/backends.py)."""
    kind: str                   # "triton" or "torch"
    device: str | None          # the GPU's name, for Triton on a GPU
    interpreter: bool           # Triton's interpreter on the CPU
    threads: int                # torch's CPU threads, for the torch path


def backend_info(backend: str = "auto") -> BackendInfo:
    chosen = resolve_backend(backend)
    if chosen == "triton":
        gpu = torch.cuda.is_available()
        return BackendInfo("triton", torch.cuda.get_device_name() if gpu else None, not gpu, 0)
    return BackendInfo("torch", None, False, torch.get_num_threads())


def _to_kernel_device(x: torch.Tensor) -> torch.Tensor:
    from explorer_kernels._runtime import kernel_device

    return x.to(kernel_device()).contiguous()


def _raise_if_nonfinite(x: torch.Tensor) -> None:
    """Called only when a result came out non-finite, so clean data pays for no extra pass."""
    finite = torch.isfinite(x)
    if not bool(finite.all()):
        index = int((~finite).nonzero()[0, 0])
        raise InputError("x must be finite; got {value} at index {index}", value=float(x[index]), index=index)


# ----------------------------------------------------------------------------------------------
# Gaussian
# ----------------------------------------------------------------------------------------------


def _chan_combine(count: int, mean: float, sum_sq: float, chunk: torch.Tensor) -> tuple[int, float, float]:
    """Fold one float64 chunk into running (count, mean, SS) with Chan et al.'s parallel update.

    Within the chunk: the mean, then the centred sum of squares as a dot product (two cheap
    passes over cache-resident data; torch.var_mean's Welford loop is 5x slower here).
    """
    chunk_count = chunk.numel()
    chunk_mean = float(chunk.sum()) / chunk_count
    deviation = chunk - chunk_mean
    chunk_sum_sq = float(torch.dot(deviation, deviation))
    total = count + chunk_count
    delta = chunk_mean - mean
    new_mean = mean + delta * chunk_count / total
    new_sum_sq = sum_sq + chunk_sum_sq + delta * delta * count * chunk_count / total
    return total, new_mean, new_sum_sq


def _stats_torch(x: torch.Tensor) -> tuple[int, float, float]:
    count, mean, sum_sq = 0, 0.0, 0.0
    for chunk in x.split(stats_chunk(x.device)):
        count, mean, sum_sq = _chan_combine(count, mean, sum_sq, chunk.to(torch.float64))
    return count, mean, sum_sq


def gaussian_sufficient_stats(x: Any, backend: Backend = "auto") -> GaussianStats:
    """N, mean and centred sum of squares of `x` in one pass (float64 accuracy)."""
    data = _as_data_tensor(x)
    if resolve_backend(backend) == "triton":
        from explorer_kernels.gaussian_stats import gaussian_stats

        count, mean, sum_sq = gaussian_stats(_to_kernel_device(data))
    else:
        count, mean, sum_sq = _stats_torch(data)
    if not (math.isfinite(mean) and math.isfinite(sum_sq)):
        _raise_if_nonfinite(data)
        raise InputError("x is too large in magnitude: its sum of squares overflows float64")
    return GaussianStats(count=count, mean=mean, centred_sum_sq=sum_sq)


def _gaussian_params(loc: Any, scale: Any) -> tuple[np.ndarray, np.ndarray]:
    loc_a = as_float_array("loc", loc, ndim=1)
    scale_a = as_float_array("scale", scale, ndim=1)
    require_same_shape(loc=loc_a, scale=scale_a)
    require_nonempty("loc", loc_a)
    require_finite("loc", loc_a)
    require_positive("scale", scale_a)
    return loc_a, scale_a


def gaussian_loglik_from_stats(stats: GaussianStats, loc: Any, scale: Any) -> np.ndarray:
    """The closed-form total log-likelihood of every (loc, scale) pair, O(G)."""
    loc_a, scale_a = _gaussian_params(loc, scale)
    n = stats.count
    spread = stats.centred_sum_sq + n * (stats.mean - loc_a) ** 2
    return -n * np.log(scale_a) - 0.5 * n * LOG_2PI - spread / (2.0 * scale_a**2)


def gaussian_loglik_grid(x: Any, loc: Any, scale: Any, backend: Backend = "auto") -> np.ndarray:
    """(G,) float64 totals sum_i log N(x_i | loc_g, scale_g); O(N + G) via sufficient statistics."""
    _gaussian_params(loc, scale)  # fail on bad parameters before touching large data
    return gaussian_loglik_from_stats(gaussian_sufficient_stats(x, backend), loc, scale)


def gaussian_log_prob(x: Any, loc: float, scale: float, backend: Backend = "auto") -> np.ndarray:
    """(N,) float64 per-point log-densities log N(x_i | loc, scale) (float32 on the kernel path), on the host."""
    return gaussian_log_prob_on_device(x, loc, scale, backend).to(torch.float64).cpu().numpy()


def gaussian_log_prob_on_device(x: Any, loc: float, scale: float, backend: Backend = "auto") -> torch.Tensor:
    """The same per-point log-densities as a tensor where they were computed (the GPU on the kernel path): what
    a caller that sums them, or keeps them on the device, pays without the copy of N values to the host."""
    loc_a, scale_a = _gaussian_params(loc, scale)
    if loc_a.shape != (1,):
        raise ValueError(f"loc and scale must be single numbers here; got shape {loc_a.shape}")
    data = _as_data_tensor(x)
    if resolve_backend(backend) == "triton":
        from explorer_kernels.gaussian_logpdf import gaussian_log_prob as kernel

        values = kernel(_to_kernel_device(data), float(loc_a[0]), float(scale_a[0]))
    else:
        z = (data.to(torch.float64) - float(loc_a[0])) / float(scale_a[0])
        values = -math.log(scale_a[0]) - 0.5 * LOG_2PI - 0.5 * z * z
    if not bool(torch.isfinite(values).all()):
        _raise_if_nonfinite(data)
    return values


# ----------------------------------------------------------------------------------------------
# Mixtures
# ----------------------------------------------------------------------------------------------


def _mixture_params(weights: Any, loc: Any, scale: Any) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    w = as_float_array("weights", weights, ndim=2)
    m = as_float_array("loc", loc, ndim=2)
    s = as_float_array("scale", scale, ndim=2)
    require_same_shape(weights=w, loc=m, scale=s)
    require_nonempty("loc", m)
    require_probability_rows("weights", w)
    require_finite("loc", m)
    require_positive("scale", s)
    return w, m, s


def _gmm_torch(x: torch.Tensor, weights: np.ndarray, loc: np.ndarray, scale: np.ndarray) -> np.ndarray:
    """O(N G K) in float32 tiles; each tile's point sums are added into float64 totals.

    Tiles are laid out (K, settings, points) so the logsumexp over components is a short chain
    of elementwise maximum/add over contiguous slices: measured 1.2x faster than
    torch.logsumexp over a middle dimension, and 3x faster than tiles of 4 MB.
    """
    g_count, k = loc.shape
    device = x.device
    with np.errstate(divide="ignore"):  # zero weight -> log 0 = -inf -> exp gives 0, as it should
        coef = np.log(weights) - np.log(scale) - 0.5 * LOG_2PI
    neg_half_prec = -0.5 / scale**2

    def by_component(a: np.ndarray) -> torch.Tensor:  # (G, K) -> (K, G, 1) float32
        return torch.as_tensor(a.T.copy(), dtype=torch.float32, device=device)[:, :, None]

    coef_t, loc_t, neg_prec_t = by_component(coef), by_component(loc), by_component(neg_half_prec)
    # Small data sets get more settings per tile, so each torch call still works on a full tile
    # (per-call overhead dominates tiles of a few thousand values).
    tile = tile_elements(device)
    points_per_tile = min(x.numel(), _MIN_TILE_POINTS)
    settings_per_tile = max(1, min(g_count, tile // (k * points_per_tile)))
    points_per_tile = max(points_per_tile, tile // (k * settings_per_tile))
    totals = torch.zeros(g_count, dtype=torch.float64, device=device)
    for start in range(0, g_count, settings_per_tile):
        rows = slice(start, start + settings_per_tile)
        c, m, neg_p = coef_t[:, rows], loc_t[:, rows], neg_prec_t[:, rows]
        for chunk in x.split(points_per_tile):
            tile = chunk.to(torch.float32) - m  # (K, g, n): deviations from each component
            tile.mul_(tile).mul_(neg_p).add_(c)  # log of each weighted component density
            totals[rows] += _logsumexp_components(tile).sum(dim=1, dtype=torch.float64)
    return totals.cpu().numpy()


def _logsumexp_components(tile: torch.Tensor) -> torch.Tensor:
    """log sum_k exp(tile[k]) for a (K, g, n) tile, overwriting the tile; returns (g, n)."""
    if tile.shape[0] == 1:
        return tile[0]
    peak = tile[0].clone()
    for component in tile[1:]:
        torch.maximum(peak, component, out=peak)
    tile.sub_(peak).exp_()
    total = tile[0]
    for component in tile[1:]:
        total.add_(component)
    return total.log_().add_(peak)


def gmm_loglik_grid(x: Any, weights: Any, loc: Any, scale: Any, backend: Backend = "auto") -> np.ndarray:
    """(G,) float64 totals sum_i log sum_k weights_gk N(x_i | loc_gk, scale_gk).

    weights, loc, scale: shape (G, K); each row of weights is non-negative and sums to 1.
    """
    w, m, s = _mixture_params(weights, loc, scale)
    data = _as_data_tensor(x)
    if resolve_backend(backend) == "triton":
        from explorer_kernels.gmm_sweep import gmm_loglik

        device_x = _to_kernel_device(data)
        params = (torch.as_tensor(a, device=device_x.device) for a in (w, m, s))
        totals = gmm_loglik(device_x, *params).cpu().numpy()
    else:
        totals = _gmm_torch(data, w, m, s)
    if not np.isfinite(totals).all():
        # Non-finite data makes a total NaN or -inf; finite data can still give -inf where every
        # component's density underflows float32 (points ~1e19 scales away), which is returned.
        _raise_if_nonfinite(data)
    return totals
