"""The /likelihood page's backend table as a benchmark: one Gaussian log-likelihood of N points, by
every backend this machine has, at several N.

    .venv/bin/python bench/bench_backends.py           # N = 1e5, 1e6, 1e7 (1e8 on a GPU); updates RESULTS.md
    .venv/bin/python bench/bench_backends.py --quick   # N = 1e5, 1e6; prints only

It times exactly what the page times (core.backends.time_all: a warm-up call, then the median of up
to seven calls; GPU rows get the data already on the device), on the page's own simulated data at
its MLE, and reports each backend's ratio to scipy.stats measured in the same run. A backend whose
answer differs from scipy's by more than 1e-6 relative fails the run instead of being reported.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path

import torch

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from core import backends, likelihood  # noqa: E402
from explorer_devtools.results import machine_line, update_results  # noqa: E402


def rows_for(n: int) -> list[str]:
    x = likelihood.simulate("normal", n, 42)
    fit = likelihood.fit(x)
    timings = backends.time_all(x, fit.mu, fit.sigma)
    reference = timings[0]
    lines = []
    for timing in timings:
        name = timing.backend.name
        if timing.seconds is None:
            lines.append(f"| {n:,} | {name} | — | — | {timing.backend.skipped} |")
            continue
        difference = timing.relative_difference(reference.total)
        if difference > 1e-6:
            raise SystemExit(f"{name} at N = {n:,} differs from scipy by {difference:.2e} relative")
        lines.append(f"| {n:,} | {name} | {1000 * timing.seconds:.3g} ms | "
                     f"{reference.seconds / timing.seconds:.1f}× | {difference:.1e} |")
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="N = 1e5 and 1e6 only; print only")
    args = parser.parse_args()
    sizes = [100_000, 1_000_000] if args.quick else [100_000, 1_000_000, 10_000_000]
    if torch.cuda.is_available() and not args.quick:
        sizes.append(100_000_000)
    stamp = dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    lines = [f"Run {stamp} on {machine_line()}.", "Command: `python bench/bench_backends.py`.", "",
             "| N | backend | median | speed-up over scipy.stats | relative difference from scipy |",
             "|---:|---|---:|---:|---:|"]
    for n in sizes:
        lines += rows_for(n)
        print("\n".join(lines[-6:]), flush=True)
    if not args.quick:
        update_results("backends", lines)


if __name__ == "__main__":
    main()
