"""Server-side rerun time of every page, unchanged and when each control moves (budgets: bench/RESULTS.md).

    .venv/bin/python bench/bench_pages.py              # updates bench/RESULTS.md
    .venv/bin/python bench/bench_pages.py --repeats 10 # prints only

Each page is opened headless with Streamlit's AppTest; the time measured is one whole script run
(app.py: navigation, lesson bar, the page, the share panel), i.e. the server-side work a slider
release triggers, excluding AppTest's polling. Two tables:

- unchanged: the page rerun at its default state (every cache warm), after two discarded runs;
- control moves: every slider, select-slider and number input on the page moved in turn to three
  new positions spread over its range (each a cache miss: work the page has not done before)
  and back to where it was (a cache hit), one rerun per move; the slowest control is named.

Also reported: the size of every Plotly figure's JSON (budget 1 MB).

AppTest builds a fresh ScriptCache for every run, so it recompiles each script (5-30 ms) where a
real server compiles it once; this benchmark shares one ScriptCache across runs, as the server does.
"""

from __future__ import annotations

import argparse
import datetime as dt
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from streamlit.runtime.scriptrunner import script_runner  # noqa: E402
from streamlit.runtime.scriptrunner.script_cache import ScriptCache  # noqa: E402
from streamlit.testing.v1 import AppTest  # noqa: E402
from streamlit.testing.v1 import app_test, local_script_runner  # noqa: E402

from explorer_devtools.results import machine_line, percentile, update_results  # noqa: E402
from ui.registry import available_pages  # noqa: E402
from ui.warmup import warm_up_now  # noqa: E402

_run_times: list[float] = []
_original_exec = script_runner.exec_func_with_error_handling


def _timed_exec(func, ctx):
    start = time.perf_counter()
    result = _original_exec(func, ctx)
    _run_times.append(time.perf_counter() - start)
    return result


script_runner.exec_func_with_error_handling = _timed_exec
_shared_script_cache = ScriptCache()
# compile each script once, as a server does
local_script_runner.ScriptCache = app_test.ScriptCache = lambda: _shared_script_cache


def measure(stem: str, query: dict[str, str], repeats: int) -> tuple[float, float, list[int]]:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
    for key, value in query.items():
        at.query_params[key] = value
    at.switch_page(f"concepts/{stem}/{stem}.py")
    at.run()
    at.run()
    if at.exception:
        raise RuntimeError(f"{stem}: {at.exception[0].value}")
    _run_times.clear()
    for _ in range(repeats):
        at.run()
    times = list(_run_times)
    p95 = percentile(times, 0.95)
    sizes = [len(chart.proto.spec.encode()) for chart in at.get("plotly_chart")]
    return statistics.median(times), p95, sizes


def new_positions(widget, kind: str) -> list:
    """Three positions spread over a control's range, none equal to where it is now."""
    proto = widget.proto
    if kind == "select_slider":
        options = list(widget.options)
        picks = [options[round(f * (len(options) - 1))] for f in (0.2, 0.5, 0.85)]
        return [o for o in dict.fromkeys(picks) if o != str(widget.value)]
    if kind == "slider":
        if isinstance(widget.value, (list, tuple)):
            return []
        steps = round((proto.max - proto.min) / proto.step)
        picks = [proto.min + round(f * steps) * proto.step for f in (0.2, 0.5, 0.85)]
        cast = int if isinstance(widget.value, int) else float
        return [cast(round(v, 10)) for v in dict.fromkeys(picks) if abs(v - widget.value) > 1e-12]
    step = proto.step or 1
    cast = int if isinstance(widget.value, int) else float
    picks = [widget.value + k * step for k in (1, 2, 3)]
    return [cast(v) for v in picks if (not proto.has_max or v <= proto.max)]


def measure_moves(stem: str, query: dict[str, str]) -> tuple[list[float], tuple[str, float]]:
    """Rerun times for every move of every control; and the slowest control with its worst time."""
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
    for key, value in query.items():
        at.query_params[key] = value
    at.switch_page(f"concepts/{stem}/{stem}.py")
    at.run()
    times, worst = [], ("", 0.0)
    controls = [(kind, w.key) for kind in ("slider", "select_slider", "number_input")
                for w in at.get(kind) if w.key]
    for kind, key in controls:
        original = next(w for w in at.get(kind) if w.key == key).value
        widget = next(w for w in at.get(kind) if w.key == key)
        for value in [*new_positions(widget, kind), original]:
            next(w for w in at.get(kind) if w.key == key).set_value(value)
            _run_times.clear()
            at.run()
            if at.exception:
                raise RuntimeError(f"{stem} {key}={value}: {at.exception[0].value}")
            times.append(_run_times[-1])
            if _run_times[-1] > worst[1]:
                worst = (key, _run_times[-1])
    return times, worst


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--repeats", type=int, default=30)
    args = parser.parse_args()
    # As serve.py does before the server listens: otherwise the first page measured would share
    # the CPU with the language model's training, and the frozen heap would not be frozen yet.
    warm_up_now()
    cases = [(spec.stem, {}) for spec in available_pages()]
    cases += [("beta", {"tab": "Gaussian-Gaussian"}), ("mvn", {"tab": "High dimensions"}),
              ("kl", {"tab": "Fitting"}), ("kl", {"tab": "Estimation"}), ("fisher", {"model": "cauchy"}),
              ("likelihood", {"tab": "Numerical stability"}), ("likelihood", {"tab": "The GPU kernel"}),
              ("families", {"tab": "Generating functions"}), ("families", {"tab": "Map"})]
    stamp = dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    lines = [f"Run {stamp} on {machine_line()}; {args.repeats} unchanged reruns per page.",
             "Command: `python bench/bench_pages.py`.", "",
             "**Unchanged** (the page rerun at its defaults, caches warm)", "",
             "| page | median rerun | p95 rerun | largest figure JSON |", "|---|---:|---:|---:|"]
    moves = ["", "**Control moves** (each control to three new positions and back; one rerun per move)", "",
             "| page | moves | median | p95 | slowest control: worst rerun |", "|---|---:|---:|---:|---|"]
    for stem, query in cases:
        median, p95, sizes = measure(stem, query, args.repeats)
        label = f"/{stem}" + (f"?{'&'.join(f'{k}={v}' for k, v in query.items())}" if query else "")
        lines.append(f"| {label} | {median * 1e3:.1f} ms | {p95 * 1e3:.1f} ms | {max(sizes) / 1024:.0f} kB |")
        times, (key, worst) = measure_moves(stem, query)
        moves.append(f"| {label} | {len(times)} | {statistics.median(times) * 1e3:.1f} ms "
                     f"| {percentile(times, 0.95) * 1e3:.1f} ms "
                     f"| `{key}`: {worst * 1e3:.0f} ms |")
        print(lines[-1], moves[-1], sep="\n", flush=True)
    lines += moves
    print("\n".join(lines))
    if args.repeats >= 30:
        update_results("pages", lines)


if __name__ == "__main__":
    main()
