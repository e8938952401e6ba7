"""A classroom at once: K simulated students on Streamlit's WebSocket protocol, loopback only.

    .venv/bin/python bench/load_classroom.py                       # K = 10, 50, 100; 1 process, then 2 behind nginx
    .venv/bin/python bench/load_classroom.py --students 20 --replicas 1 --duration 20   # prints only

Each student does what a browser does: loads the page over HTTP (collecting the sticky-session
cookie when nginx is in front), opens the WebSocket `/_stcore/stream`, asks for the page's first
run with the teacher's link as its query string, then every few seconds moves one slider to a
random position, as its owner would. The rerun latency is the time from sending the new widget
value to the server's `script_finished`: the whole server-side rerun plus the transfer of the
page's deltas, what a student waits for before the figure changes. (The browser's drawing of the
figure is not included; `bench/bench_first_load.py` measures that side.)

Bounded on purpose: at most 200 students and 600 s; it only talks to servers it starts itself on
127.0.0.1 (`devtools/fleet.py`), so it cannot be pointed at someone else's deployment.

Reported per run: first-load and rerun latency (p50, p95, max), errors (exceptions on the page,
runs that did not finish, dropped connections, timeouts) and the resident memory of the server
processes (before, peak, after). `--churn S` instead opens and closes S short sessions one after
another (each moves the slider for about a second) and reports memory against the number of
sessions, to show that it does not grow without bound.
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


from devtools.fleet import cpu_seconds, fleet, rss_bytes  # noqa: E402
from devtools.results import machine_line, percentile, update_results  # noqa: E402
from devtools.streamlit_client import SCENARIOS, Scenario, Tally, student  # noqa: E402

MAX_STUDENTS = 200
MAX_DURATION_S = 600


async def sample_memory(pids: list[int], samples: list[int], stop: asyncio.Event) -> None:
    while not stop.is_set():
        samples.append(sum(rss_bytes(pid) for pid in pids))
        await asyncio.sleep(0.5)


async def classroom(base_url: str, pids: list[int], scenario: Scenario, students: int, duration: float,
                    ramp: float, think_s: tuple[float, float]) -> dict:
    tally, samples, stop = Tally(), [], asyncio.Event()
    memory_task = asyncio.create_task(sample_memory(pids, samples, stop))
    until = time.monotonic() + duration
    # "Settled": 5 s after the last student's arrival, when no first loads compete any more.
    settled_after = time.monotonic() + ramp + 5.0
    cpu_before, own_before, wall_before = sum(map(cpu_seconds, pids)), time.process_time(), time.monotonic()
    await asyncio.gather(*(student(base_url, scenario, seed, ramp * seed / students, until, think_s, tally,
                                   settled_after) for seed in range(students)))
    wall = time.monotonic() - wall_before
    stop.set()
    await memory_task
    # The driver shares the 2 cores with the servers: report both, as cores busy on average.
    return {"tally": tally, "memory": samples,
            "server_cores": (sum(map(cpu_seconds, pids)) - cpu_before) / wall,
            "driver_cores": (time.process_time() - own_before) / wall}


async def churn(base_url: str, pids: list[int], scenario: Scenario, sessions: int) -> list[tuple[int, int]]:
    """Open and close `sessions` sessions one after another, each moving the slider for about a second."""
    memory = [(0, sum(rss_bytes(pid) for pid in pids))]
    tally = Tally()
    for index in range(1, sessions + 1):
        await student(base_url, scenario, index, 0.0, time.monotonic() + 1.0, (0.0, 0.0), tally)
        if index % max(1, sessions // 10) == 0:
            memory.append((index, sum(rss_bytes(pid) for pid in pids)))
    if tally.errors:
        raise RuntimeError(f"errors during churn: {tally.errors}")
    return memory


def warm_up(base_url: str, scenario: Scenario) -> None:
    """One session first, as the first reader after a deploy would, then /sampling, which waits for
    the language model: the server's start-up work is over before anything is measured."""
    for page in (scenario, SCENARIOS["sampling"]):
        asyncio.run(student(base_url, page, 10_000, 0.0, time.monotonic() + 1.0, (0.0, 0.0), Tally()))


def row(label: str, result: dict) -> str:
    tally, memory = result["tally"], result["memory"]
    mb = [m / 2**20 for m in memory] or [float("nan")]
    errors = sum(tally.errors.values())
    detail = "; ".join(f"{k}: {v}" for k, v in tally.errors.items())
    ms = [1000 * s for s in tally.reruns]
    settled = [1000 * s for s in tally.settled]
    first = [1000 * s for s in tally.first_loads]
    if "replicas_used" in result:
        label += f" ({result['replicas_used']} replicas used)"
    return (f"| {label} | {len(ms)} | {percentile(ms, 0.5):,.0f} ms | {percentile(ms, 0.95):,.0f} ms "
            f"| {max(ms, default=float('nan')):,.0f} ms | {percentile(settled, 0.5):,.0f} / "
            f"{percentile(settled, 0.95):,.0f} ms | {percentile(first, 0.5):,.0f} / "
            f"{percentile(first, 0.95):,.0f} ms | {errors}{' (' + detail + ')' if detail else ''} "
            f"| {mb[0]:,.0f} / {max(mb):,.0f} / {mb[-1]:,.0f} MB "
            f"| {result['server_cores']:.2f} / {result['driver_cores']:.2f} |")


HEADER = ["| students | reruns | p50 rerun | p95 rerun | max rerun | settled p50 / p95 | first load p50 / p95 "
          "| errors | server memory start / peak / end | cores busy: servers / driver |",
          "|---|---:|---:|---:|---:|---:|---:|---|---:|---:|"]


def run_setup(replicas: int, counts: list[int], scenario: Scenario, duration: float, ramp: float,
              think_s: tuple[float, float]) -> list[str]:
    label = "1 Streamlit process" if replicas == 1 else f"{replicas} Streamlit processes behind nginx (sticky)"
    lines = [f"**{label}**, /{scenario.page}?{scenario.query} moving '{scenario.slider}'", "", *HEADER]
    for count in counts:
        # A fresh fleet per K: memory and caches start from the same place for every row.
        with fleet(replicas=replicas) as servers:
            for replica in servers.replica_urls:   # each directly: nginx would pick one
                warm_up(replica, scenario)
            result = asyncio.run(classroom(servers.url, servers.pids, scenario, count, duration, ramp, think_s))
            if servers.nginx_log is not None:
                used = {line.split("upstream=")[1].split()[0] for line in servers.nginx_log.read_text().splitlines()
                        if "/_stcore/stream" in line and "upstream=" in line}
                result["replicas_used"] = len(used)
        lines.append(row(str(count), result))
        print(lines[-1], flush=True)
    return lines + [""]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--students", type=int, nargs="+", default=[10, 50, 100])
    parser.add_argument("--replicas", type=int, nargs="+", default=[1, 2],
                        help="server processes per setup (more than 1 puts nginx in front)")
    parser.add_argument("--page", choices=sorted(SCENARIOS), default="clt")
    parser.add_argument("--duration", type=float, default=60.0, help="seconds each classroom runs")
    parser.add_argument("--ramp", type=float, default=20.0, help="seconds over which students arrive")
    parser.add_argument("--think", type=float, nargs=2, default=[2.0, 5.0],
                        help="seconds between one student's moves (uniform between the two)")
    parser.add_argument("--churn", type=int, default=0, help="instead: open and close this many sessions")
    parser.add_argument("--no-write", action="store_true", help="print only; leave bench/RESULTS.md alone")
    args = parser.parse_args()
    if max(args.students) > MAX_STUDENTS or args.duration > MAX_DURATION_S or min(args.students) < 1:
        parser.error(f"at most {MAX_STUDENTS} students and {MAX_DURATION_S} s per classroom")
    scenario = SCENARIOS[args.page]
    stamp = dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")

    if args.churn:
        with fleet(replicas=1) as servers:
            warm_up(servers.url, scenario)
            memory = asyncio.run(churn(servers.url, servers.pids, scenario, min(args.churn, 2000)))
        lines = [f"Run {stamp} on {machine_line()}.",
                 f"Command: `python bench/load_classroom.py --churn {args.churn} --page {args.page}`: "
                 "sessions opened one after another on one process, each moving the slider for about a second "
                 "and then closing.", "",
                 "| sessions so far | server memory |", "|---:|---:|",
                 *(f"| {count} | {rss / 2**20:,.0f} MB |" for count, rss in memory)]
        print("\n".join(lines))
        if not args.no_write:
            update_results("load-churn", lines)
        return

    lines = [f"Run {stamp} on {machine_line()}.",
             f"Command: `python bench/load_classroom.py --students {' '.join(map(str, args.students))} "
             f"--replicas {' '.join(map(str, args.replicas))} --page {args.page} --duration {args.duration:g}`; "
             f"students arrive over {args.ramp:g} s and move the slider every {args.think[0]:g}-{args.think[1]:g} s "
             f"for {args.duration:g} s. Latency = send the new value -> `script_finished`.", ""]
    for replicas in args.replicas:
        lines += run_setup(replicas, args.students, scenario, args.duration, args.ramp, tuple(args.think))
    print("\n".join(lines))
    if not args.no_write:
        update_results("load-classroom", lines)


if __name__ == "__main__":
    main()
