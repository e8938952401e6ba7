"""What every benchmark records with its numbers: the machine, a percentile, and its section of
bench/RESULTS.md (between `<!-- section -->` markers, so each benchmark rewrites only its own)."""

from __future__ import annotations

import datetime as dt
import os
import platform
import re
from pathlib import Path

import torch

RESULTS = Path(__file__).resolve().parents[1] / "bench" / "RESULTS.md"


def machine_line() -> str:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    gpu = f", GPU {torch.cuda.get_device_name()}" if torch.cuda.is_available() else ""
    return (f"{cpu}, {os.cpu_count()} logical cores, torch {torch.__version__} "
            f"({torch.get_num_threads()} threads), Python {platform.python_version()}{gpu}")


def run_line(details: str = "") -> str:
    """The first line of a benchmark's table: when it ran (UTC, to the minute), on what machine, and `details`."""
    stamp = dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    return f"Run {stamp} on {machine_line()}{details}."


def percentile(values, q: float) -> float:
    """The nearest-rank q-quantile of `values` (NaN when empty): the benchmarks' p95."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))] if ordered else float("nan")


def update_results(section: str, lines: list[str]) -> None:
    begin, end = f"<!-- {section} -->", f"<!-- /{section} -->"
    block = "\n".join([begin, *lines, end])
    text = RESULTS.read_text() if RESULTS.exists() else "# Benchmark results\n"
    if begin in text:
        text = re.sub(re.escape(begin) + r".*?" + re.escape(end), lambda _: block, text, flags=re.S)
    else:
        text = text.rstrip() + "\n\n" + block + "\n"
    RESULTS.write_text(text)
