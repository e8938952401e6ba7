"""Benchmark the likelihood sweeps against the tools a user would otherwise reach for.

    .venv/bin/python bench/bench_sweep.py            # full run; updates bench/RESULTS.md
    .venv/bin/python bench/bench_sweep.py --quick    # smaller N, prints only

All contenders compute the same numbers on the same data in one run, so the ratios are fair
even on a noisy shared machine; each time is the median of several repeats after a warm-up.
Every contender's answer is checked against ours before it is timed, so a fast wrong answer
cannot win.

CPU (always):
  Gaussian grid, N = 1e6, G = 64 and 256: core.sweep (torch) vs scipy.stats broadcasting
  (norm.logpdf over a G x N matrix) vs torch.distributions.Normal (float32, G x N).
  Mixture grid, N = 1e6, G = 16, K = 2: core.sweep (torch) vs numpy/scipy (norm.logpdf +
  scipy.special.logsumexp over a G x K x N array) vs scikit-learn GaussianMixture.score_samples
  (one call per setting).
GPU (when CUDA is present):
  the streaming statistics kernel at N = 1e8 (GB/s and % of the device's peak bandwidth), and
  the fused mixture kernel at N = 1e6, G = 4096, K = 2 (ms).
"""

from __future__ import annotations

import argparse
import datetime as dt
import statistics
import sys
import time
from pathlib import Path

import numpy as np
import torch
from scipy import special, stats

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from core import sweep  # noqa: E402
from explorer_devtools.results import machine_line, update_results  # noqa: E402


# Datasheet peak memory bandwidth (GB/s) for the GPUs we expect to meet.
PEAK_BANDWIDTH_GBPS = {"H100 80GB HBM3": 3350.0, "H100 PCIe": 2000.0, "H200": 4800.0, "A100-SXM4-80GB": 2039.0,
                       "A100-SXM4-40GB": 1555.0, "A100-PCIE-40GB": 1555.0, "L4": 300.0, "T4": 320.0}


def median_seconds(fn, repeats: int, sync=lambda: None) -> float:
    fn()  # warm-up: imports, allocator, autotuning
    sync()
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        fn()
        sync()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def check_close(name: str, got, want, rtol: float) -> None:
    if not np.allclose(got, want, rtol=rtol):
        worst = float(np.max(np.abs(np.asarray(got) - want) / np.abs(want)))
        raise AssertionError(f"{name} disagrees with core.sweep: max relative difference {worst:.3g}")


def bench_gaussian(n: int, g: int, repeats: int) -> list[tuple[str, float]]:
    rng = np.random.default_rng(0)
    x = rng.normal(1.0, 2.0, size=n)
    x32 = torch.from_numpy(x.astype(np.float32))
    loc = np.linspace(-2.0, 4.0, g)
    scale = np.linspace(0.5, 5.0, g)
    ours = sweep.gaussian_loglik_grid(x, loc, scale, backend="torch")

    def scipy_way():
        return stats.norm.logpdf(x[None, :], loc[:, None], scale[:, None]).sum(axis=1)

    loc_t = torch.tensor(loc, dtype=torch.float32)[:, None]
    scale_t = torch.tensor(scale, dtype=torch.float32)[:, None]

    def torch_distributions_way():
        return torch.distributions.Normal(loc_t, scale_t).log_prob(x32[None, :]).sum(dim=1)

    check_close("scipy", scipy_way(), ours, 1e-9)
    check_close("torch.distributions", torch_distributions_way().double().numpy(), ours, 1e-4)
    return [
        ("core.sweep (torch, sufficient statistics)",
         median_seconds(lambda: sweep.gaussian_loglik_grid(x, loc, scale, backend="torch"), repeats * 4)),
        ("scipy.stats.norm.logpdf, G x N broadcast (float64)", median_seconds(scipy_way, repeats)),
        ("torch.distributions.Normal.log_prob, G x N (float32)", median_seconds(torch_distributions_way, repeats)),
    ]


def mixture_grid(g: int, rng) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    weights = np.column_stack([np.linspace(0.2, 0.8, g), 1 - np.linspace(0.2, 0.8, g)])
    loc = np.column_stack([np.linspace(-3.0, 0.0, g), np.linspace(1.0, 4.0, g)])
    scale = rng.uniform(0.5, 2.0, size=(g, 2))
    return weights, loc, scale


def bench_mixture(n: int, g: int, repeats: int) -> list[tuple[str, float]]:
    from sklearn.mixture import GaussianMixture

    rng = np.random.default_rng(1)
    x = np.concatenate([rng.normal(-2, 1, n // 2), rng.normal(2, 1.5, n - n // 2)])
    weights, loc, scale = mixture_grid(g, rng)
    ours = sweep.gmm_loglik_grid(x, weights, loc, scale, backend="torch")

    def numpy_scipy_way():
        log_terms = np.log(weights)[:, :, None] + stats.norm.logpdf(x[None, None, :], loc[:, :, None],
                                                                     scale[:, :, None])
        return special.logsumexp(log_terms, axis=1).sum(axis=1)

    model = GaussianMixture(n_components=2, covariance_type="diag")
    model.fit(x[:2000, None])  # fit once to initialise; every setting overwrites the parameters
    column = x[:, None]

    def sklearn_way():
        totals = []
        for w, m, s in zip(weights, loc, scale):
            model.weights_, model.means_ = w, m[:, None]
            model.covariances_, model.precisions_cholesky_ = (s**2)[:, None], (1.0 / s)[:, None]
            totals.append(model.score_samples(column).sum())
        return np.array(totals)

    check_close("numpy/scipy", numpy_scipy_way(), ours, 1e-6)
    check_close("scikit-learn", sklearn_way(), ours, 1e-6)
    return [
        ("core.sweep (torch, float32 tiles)",
         median_seconds(lambda: sweep.gmm_loglik_grid(x, weights, loc, scale, backend="torch"), repeats * 2)),
        ("numpy/scipy logsumexp, G x K x N (float64)", median_seconds(numpy_scipy_way, repeats)),
        ("scikit-learn GaussianMixture.score_samples per setting", median_seconds(sklearn_way, repeats)),
    ]


def bench_gpu(repeats: int) -> list[str]:
    from explorer_kernels import gaussian_stats
    from explorer_kernels.gmm_sweep import gmm_loglik

    sync = torch.cuda.synchronize
    lines = []
    n = 100_000_000
    x = torch.randn(n, device="cuda", dtype=torch.float32)
    seconds = median_seconds(lambda: gaussian_stats.gaussian_partial_stats(x), repeats * 4, sync)
    gbps = n * 4 / seconds / 1e9
    name = torch.cuda.get_device_name()
    peak = next((v for k, v in PEAK_BANDWIDTH_GBPS.items() if k in name), None)
    copy_seconds = median_seconds(lambda: x.clone(), repeats * 4, sync)
    copy_gbps = 2 * n * 4 / copy_seconds / 1e9
    share = f"{100 * gbps / peak:.0f}% of the {peak:.0f} GB/s datasheet peak" if peak else "peak unknown"
    lines.append(f"| streaming statistics kernel, N = 1e8 float32 | {seconds * 1e3:.3f} ms | "
                 f"{gbps:.0f} GB/s ({share}; torch clone reaches {copy_gbps:.0f} GB/s) |")
    n, g = 1_000_000, 4096
    rng = np.random.default_rng(2)
    xs = torch.randn(n, device="cuda")
    params = [torch.as_tensor(a, device="cuda") for a in mixture_grid(g, rng)]
    seconds = median_seconds(lambda: gmm_loglik(xs, *params), repeats * 4, sync)
    lines.append(f"| fused mixture kernel, N = 1e6, G = 4096, K = 2 | {seconds * 1e3:.3f} ms | "
                 f"{n * g / seconds / 1e9:.0f} G (point, setting) pairs/s |")
    return lines


def table(title: str, rows: list[tuple[str, float]]) -> list[str]:
    ours = rows[0][1]
    lines = [f"**{title}**", "", "| method | median | ours is faster by |", "|---|---:|---:|"]
    for name, seconds in rows:
        ratio = "1x (baseline)" if seconds is ours else f"{seconds / ours:,.0f}x"
        lines.append(f"| {name} | {seconds * 1e3:,.2f} ms | {ratio} |")
    return lines + [""]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="N = 1e5 and fewer repeats; print only")
    args = parser.parse_args()
    n = 100_000 if args.quick else 1_000_000
    repeats = 2 if args.quick else 5
    stamp = dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    lines = [f"Run {stamp} on {machine_line()}.", "Command: `python bench/bench_sweep.py`.", ""]
    for g in (64, 256):
        lines += table(f"Gaussian grid, N = {n:,}, G = {g}", bench_gaussian(n, g, repeats))
    lines += table(f"Mixture grid, N = {n:,}, G = 16, K = 2", bench_mixture(n, 16, repeats))
    print("\n".join(lines))
    if not args.quick:
        update_results("sweep-cpu", lines)
    if torch.cuda.is_available():
        gpu_lines = [f"Run {stamp} on {machine_line()}.", "", "| kernel | median | throughput |", "|---|---:|---:|",
                     *bench_gpu(repeats)]
        print("\n".join(gpu_lines))
        if not args.quick:
            update_results("sweep-gpu", gpu_lines)


if __name__ == "__main__":
    main()
