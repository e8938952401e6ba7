"""Every way this machine can compute one Gaussian log-likelihood Σ log N(xᵢ | μ, σ), timed side by
side: the libraries a reader would reach for, core.sweep's two CPU paths, and the Triton kernels
where they can run (docs/maths.md §8 and §9).

Each backend returns its total, so a reader sees that they agree (to about 1e-7 relative: the
kernels work in float32 per point and sum in float64) and what each costs. A timing is the median
of a few calls after one warm-up call (which also triggers Triton's compilation and autotuning);
GPU rows synchronise before reading the clock and get the data already on the device (copied once,
not timed), which is how a sweep over many settings uses it.
"""

from __future__ import annotations

import ast
import math
import statistics
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable

import numpy as np
import torch
from scipy import stats

from core import sweep
from core.constants import LOG_2PI
from core.validation import InputError

# The interpreter runs a kernel in numpy, one program at a time: seconds for ten thousand points.
INTERPRETER_MAX_N = 10_000
# How long the repeats of one backend may take in all (the warm-up call is not counted).
REPEAT_BUDGET_S = 0.5
MAX_REPEATS = 7


@dataclass(frozen=True)
class Backend:
    """One row of the backend table, as facts; the page words its name, where it runs and why it is skipped
    (concepts/likelihood/explain.py)."""
    key: str                                    # one of ROWS ("scipy", "kernel-per-point", ...)
    code: str                                   # the call as a reader would write it
    runs_on: str                                # "cpu", "gpu" or "interpreter"
    precision: str                              # "float64" or "float32"
    compute: Callable[[Any, float, float], float] | None
    skipped: str | None = None                  # why it does not run here (compute is None): SKIP_REASONS
    device: str | None = None                   # the GPU's name (runs_on "gpu")
    on_gpu: bool = False                        # the data goes to the GPU once, before timing

    @property
    def is_kernel(self) -> bool:
        return self.key.startswith("kernel")


ROWS = ("scipy", "torch-distributions", "sweep-per-point", "sweep-statistics", "kernel-per-point", "kernel-statistics")
# Why a kernel row does not run here: core.sweep's reasons (no Triton, no GPU), or the interpreter's limit on N.
INTERPRETER_LIMIT = "interpreter-limit"


@dataclass(frozen=True)
class Timing:
    backend: Backend
    seconds: float | None                       # median wall time of one call
    total: float | None                         # the log-likelihood it returned
    repeats: int
    copy_seconds: float | None = None           # per point on a GPU: copying the N values to the host (median)

    def relative_difference(self, reference: float) -> float | None:
        return None if self.total is None else abs(self.total - reference) / abs(reference)


def _scipy(x, mu: float, sigma: float) -> float:
    return float(np.sum(stats.norm.logpdf(x, mu, sigma)))


def _torch_distributions(x, mu: float, sigma: float) -> float:
    data = torch.as_tensor(x, dtype=torch.float64)
    # Python floats would become float32 parameter tensors (torch's default dtype), rounding μ and σ.
    loc, scale = (torch.tensor(value, dtype=torch.float64) for value in (mu, sigma))
    return float(torch.distributions.Normal(loc, scale).log_prob(data).sum())


def _per_point(backend: str) -> Callable[[Any, float, float], float]:
    """Every point's log-density, summed where it was computed (on the GPU for the kernel): the row's time is the
    computation's; copying the N values to the host is timed apart (Timing.copy_seconds), as it is a cost of
    moving data, not of the kernel. (Copied and summed in numpy, the kernel row once read 761 ms at N = 10^8
    on an H200, slower than the CPU and 3,000x the kernel's own time.)"""
    def compute(x, mu: float, sigma: float) -> float:
        values = sweep.gaussian_log_prob_on_device(x, mu, sigma, backend=backend)
        return float(values.to(torch.float64).sum())
    return compute


def _copy_seconds(backend: Backend, data: Any, mu: float, sigma: float) -> float | None:
    """For a per-point row on a GPU: the median time to copy its N values to the host."""
    if not (backend.on_gpu and backend.key.endswith("per-point")):
        return None
    values = sweep.gaussian_log_prob_on_device(data, mu, sigma, backend="triton")
    _synchronise(True)
    times: list[float] = []
    while len(times) < MAX_REPEATS and sum(times) < REPEAT_BUDGET_S:
        start = time.perf_counter()
        values.cpu()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def _statistics(backend: str) -> Callable[[Any, float, float], float]:
    def compute(x, mu: float, sigma: float) -> float:
        return float(sweep.gaussian_loglik_grid(x, [mu], [sigma], backend=backend)[0])
    return compute


def backends_for(n: int) -> list[Backend]:
    """The table's rows for N points on this machine, those that cannot run with the reason."""
    rows = [
        Backend("scipy", "stats.norm.logpdf(x, mu, sigma).sum()", "cpu", "float64", _scipy),
        Backend("torch-distributions", "Normal(mu, sigma).log_prob(x).sum()", "cpu", "float64", _torch_distributions),
        Backend("sweep-per-point", "gaussian_log_prob(x, mu, sigma, backend='torch').sum()", "cpu", "float64",
                _per_point("torch")),
        Backend("sweep-statistics", "gaussian_loglik_grid(x, [mu], [sigma], backend='torch')", "cpu", "float64",
                _statistics("torch")),
    ]
    mode, where = sweep.triton_status()
    kernels = [("kernel-per-point", "gaussian_log_prob(x, mu, sigma, backend='triton').sum()", _per_point("triton")),
               ("kernel-statistics", "gaussian_loglik_grid(x, [mu], [sigma], backend='triton')", _statistics("triton"))]
    for key, code, compute in kernels:
        if mode is None:
            rows.append(Backend(key, code, "gpu", "float32", None, skipped=where))
        elif mode == "interpreter" and n > INTERPRETER_MAX_N:
            rows.append(Backend(key, code, "interpreter", "float32", None, skipped=INTERPRETER_LIMIT))
        elif mode == "gpu":
            rows.append(Backend(key, code, "gpu", "float32", compute, device=where, on_gpu=True))
        else:
            rows.append(Backend(key, code, "interpreter", "float32", compute))
    return rows


def _synchronise(on_gpu: bool) -> None:
    if on_gpu:
        torch.cuda.synchronize()


def time_backend(backend: Backend, x: np.ndarray, mu: float, sigma: float) -> Timing:
    if backend.compute is None:
        return Timing(backend, None, None, 0)
    data = torch.as_tensor(x, device="cuda") if backend.on_gpu else x
    total = backend.compute(data, mu, sigma)  # warm-up: caches, compilation, autotuning
    _synchronise(backend.on_gpu)
    times: list[float] = []
    while len(times) < MAX_REPEATS and sum(times) < REPEAT_BUDGET_S:
        start = time.perf_counter()
        total = backend.compute(data, mu, sigma)
        _synchronise(backend.on_gpu)
        times.append(time.perf_counter() - start)
    return Timing(backend, statistics.median(times), total, len(times), _copy_seconds(backend, data, mu, sigma))


def time_all(x: np.ndarray, mu: float, sigma: float) -> list[Timing]:
    """Every backend on the same data and parameters, in the table's order."""
    return [time_backend(backend, x, mu, sigma) for backend in backends_for(len(x))]


# ----------------------------------------------------------------------------------------------
# The per-point kernel, shown: its source read from the file (so it can never drift from what
# runs) and one program's block of points walked through line by line.
# ----------------------------------------------------------------------------------------------

KERNEL_FILE = Path(__file__).resolve().parents[1] / "explorer_kernels" / "gaussian_logpdf.py"
KERNEL_FUNCTION = "gaussian_log_prob_kernel"
REFERENCE_FUNCTION = "gaussian_log_prob_reference"
WALK_BLOCK = 1024   # the BLOCK the interpreter uses and the smallest autotuned one


def function_source(path: Path, name: str) -> str:
    """The exact text of a top-level function (decorators included) in a Python file, without
    importing it (the kernel module imports Triton, which a CPU-only server need not load)."""
    text = path.read_text(encoding="utf-8")
    for node in ast.parse(text).body:
        if isinstance(node, ast.FunctionDef) and node.name == name:
            first = min([node.lineno] + [decorator.lineno for decorator in node.decorator_list])
            return "\n".join(text.splitlines()[first - 1:node.end_lineno])
    raise ValueError(f"{path.name} has no function {name!r}")


@dataclass(frozen=True)
class BlockWalk:
    """What one program of the per-point kernel does with its block, value by value (float32, as the
    kernel computes) beside the float64 reference."""

    program: int
    block: int
    programs: int                 # the launch grid: cdiv(N, BLOCK)
    first_offset: int
    valid: int                    # how many of the BLOCK offsets are < N (the mask)
    offsets: np.ndarray           # the first few offsets of the block
    x: np.ndarray                 # loaded values (0.0 where masked)
    z: np.ndarray
    out: np.ndarray               # what the program stores
    reference: np.ndarray         # float64 log-density of the same points
    max_abs_error: float          # over the whole block


def fused_multiply_add_f32(a: np.ndarray, b: np.ndarray, c: np.ndarray | float) -> np.ndarray:
    """a·b + c for float32 a, b, c, rounded to float32 once, as a GPU's fused multiply-add (FMA) stores it.

    Compiled for a GPU, the kernel's `log_norm - 0.5 * z * z` is one FMA: the product is never rounded. In
    float64 the product of two float32 values is exact (24 + 24 significant bits fit in 53) and the sum is
    rounded once; rounding that to float32 gives the FMA's result unless the float64 sum sits exactly halfway
    between two float32 values while the exact sum is off it, where the sum's own rounding error (Knuth's
    two-sum, exact) decides."""
    a64, b64 = np.asarray(a, np.float32).astype(np.float64), np.asarray(b, np.float32).astype(np.float64)
    c64 = np.asarray(c, np.float32).astype(np.float64)
    product = a64 * b64
    total = product + c64
    back = total - product
    error = (product - (total - back)) + (c64 - back)
    rounded = total.astype(np.float32)
    low = np.where(rounded.astype(np.float64) <= total, rounded, np.nextafter(rounded, np.float32(-np.inf)))
    high = np.nextafter(low, np.float32(np.inf))
    halfway = (total == (low.astype(np.float64) + high.astype(np.float64)) / 2) & (error != 0)
    return np.where(halfway, np.where(error > 0, high, low), rounded).astype(np.float32)


def block_walk(x: np.ndarray, mu: float, sigma: float, program: int, block: int = WALK_BLOCK,
               shown: int = 5) -> BlockWalk:
    """Follow the kernel's arithmetic for program `program` (negative: from the end, like Python)."""
    n = len(x)
    programs = -(-n // block)
    if not -programs <= program < programs:
        raise InputError("program must be between {low} and {high} for N = {n:,}; got {program}", low=-programs,
                         high=programs - 1, n=n, program=program)
    program %= programs
    offsets = program * block + np.arange(block)
    in_range = offsets < n
    loaded = np.where(in_range, x[np.minimum(offsets, n - 1)], 0.0).astype(np.float32)
    inv_scale = np.float32(1.0 / sigma)
    log_norm = np.float32(-math.log(sigma) - 0.5 * LOG_2PI)
    z = (loaded - np.float32(mu)) * inv_scale
    # What the compiled kernel stores: log_norm − (0.5·z)·z as one fused multiply-add (0.5·z is exact). Computed
    # in two roundings (numpy, or Triton's CPU interpreter) about 9% of values are one unit in the last place
    # away (measured on 10^6 normal points).
    out = fused_multiply_add_f32(-(np.float32(0.5) * z), z, log_norm)
    reference = -math.log(sigma) - 0.5 * LOG_2PI - 0.5 * ((x[offsets[in_range]] - mu) / sigma) ** 2
    error = float(np.max(np.abs(out[in_range].astype(np.float64) - reference)))
    head = slice(0, shown)
    return BlockWalk(program, block, programs, int(offsets[0]), int(in_range.sum()), offsets[head], loaded[head],
                     z[head], out[head], reference[head], error)
