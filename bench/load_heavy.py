"""Heavy public links at once: what they cost a replica in memory, and what other readers wait meanwhile.

    .venv/bin/python bench/load_heavy.py                   # 30 links, with the queue (2 slots) and without it
    .venv/bin/python bench/load_heavy.py --links 12 --slots 2 --no-write

Each heavy reader opens `/likelihood?n=10000000&seed=k` (or `--page fisher`: `/fisher?big_n=10000000&seed=k`)
with its own seed, so nothing is cached, all of them within a second, on one Streamlit process, as a link
posted to a class or a crawler would. Meanwhile light readers move a slider on /clt every 0.5-1.5 s. Reported
per setting of PROB_EXPLORER_HEAVY_SLOTS (ui/admission.py): the replica's resident memory (before, peak,
after; sampled every 0.25 s), when the heavy readers' pages finished (median, last), and the light readers'
rerun latency (p50, p95, max) while the heavy ones ran. "No queue" is 64 slots: every heavy run at once,
as before the queue existed.

The deployment's memory limit (deploy/kubernetes.yaml) follows from the peak with the queue: it bounds how
many heavy runs are in memory at once, whatever the number of links.

Bounded on purpose: at most 60 heavy links and 300 s; servers it starts itself on 127.0.0.1 only.
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

import websockets  # noqa: E402

from explorer_devtools.fleet import fleet, rss_bytes  # noqa: E402
from explorer_devtools.results import machine_line, percentile, update_results  # noqa: E402
from explorer_devtools.streamlit_client import (SCENARIOS, Scenario, Tally, one_run, page_cookie,  # noqa: E402
                                               rerun_message, student)

MAX_LINKS, MAX_SECONDS = 60, 300
NO_QUEUE = 64
HEAVY = {"likelihood": ("likelihood", "n=10000000&seed={seed}"),
         "fisher": ("fisher", "model=poisson&big_n=10000000&seed={seed}")}


async def sample_memory(pid: int, samples: list[int], stop: asyncio.Event) -> None:
    while not stop.is_set():
        samples.append(rss_bytes(pid))
        await asyncio.sleep(0.25)


async def heavy_reader(base_url: str, scenario: Scenario, finished: list[float], tally: Tally, start: float) -> None:
    """One reader opening a heavy link: the first run, timed from the burst's start to `script_finished`."""
    try:
        cookie = await asyncio.to_thread(page_cookie, base_url, scenario.page)
        async with websockets.connect(base_url.replace("http://", "ws://") + "/_stcore/stream",
                                      subprotocols=["streamlit"], additional_headers={"Cookie": cookie} if cookie
                                      else {}, max_size=None, open_timeout=60) as ws:
            await one_run(ws, rerun_message(scenario), scenario.slider, tally, set())
            finished.append(time.monotonic() - start)
    except asyncio.TimeoutError:
        tally.error("heavy: no script_finished in time")
    except (OSError, websockets.exceptions.WebSocketException) as error:
        tally.error(f"heavy: {type(error).__name__}")


async def burst(server, page: str, links: int, light: int) -> dict:
    path, query = HEAVY[page]
    samples, stop = [], asyncio.Event()
    memory = asyncio.create_task(sample_memory(server.pids[0], samples, stop))
    await asyncio.sleep(1.0)
    light_tally, heavy_tally, finished = Tally(), Tally(), []
    start = time.monotonic()
    light_until = start + MAX_SECONDS
    heavy = [heavy_reader(server.url, Scenario(path, query.format(seed=1000 + k), "none"), finished, heavy_tally,
                          start) for k in range(links)]
    # Light readers: arrive first, keep moving their slider until the last heavy page is done.
    light_tasks = [asyncio.create_task(student(server.url, SCENARIOS["clt"], seed, 0.0, light_until, (0.5, 1.5),
                                               light_tally, settled_after=start + 2.0)) for seed in range(light)]
    await asyncio.sleep(2.0)
    await asyncio.gather(*heavy)
    for task in light_tasks:
        task.cancel()
    await asyncio.gather(*light_tasks, return_exceptions=True)
    await asyncio.sleep(2.0)
    stop.set()
    await memory
    return {"memory": samples, "finished": finished, "light": light_tally, "heavy": heavy_tally}


def row(slots: int, links: int, result: dict) -> str:
    mb = [m / 2**20 for m in result["memory"]] or [float("nan")]
    done, light = sorted(result["finished"]), [1000 * s for s in result["light"].settled]
    errors = {**result["heavy"].errors, **{f"light: {k}": v for k, v in result["light"].errors.items()}}
    label = "no queue" if slots >= NO_QUEUE else f"{slots} slots"
    last = max(done, default=float("nan"))
    return (f"| {label} | {len(done)} / {links} | {percentile(done, 0.5):.1f} / {last:.1f} s "
            f"| {mb[0]:,.0f} / {max(mb):,.0f} / {mb[-1]:,.0f} MB | {len(light)} | {percentile(light, 0.5):,.0f} / "
            f"{percentile(light, 0.95):,.0f} / {max(light, default=float('nan')):,.0f} ms "
            f"| {'; '.join(f'{k}: {v}' for k, v in errors.items()) or 0} |")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--links", type=int, default=30, help="heavy links opened at once")
    parser.add_argument("--light", type=int, default=3, help="light readers moving a slider on /clt meanwhile")
    parser.add_argument("--slots", type=int, nargs="+", default=[2, NO_QUEUE],
                        help=f"PROB_EXPLORER_HEAVY_SLOTS per run ({NO_QUEUE}: no queue)")
    parser.add_argument("--page", choices=sorted(HEAVY), default="likelihood")
    parser.add_argument("--no-write", action="store_true", help="print only; leave bench/RESULTS.md alone")
    args = parser.parse_args()
    if not 1 <= args.links <= MAX_LINKS or not 0 <= args.light <= 20:
        parser.error(f"1 to {MAX_LINKS} heavy links, at most 20 light readers")
    stamp = dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    path, query = HEAVY[args.page]
    lines = [f"Run {stamp} on {machine_line()}.",
             f"Command: `python bench/load_heavy.py --links {args.links} --light {args.light} --slots "
             f"{' '.join(map(str, args.slots))} --page {args.page}`: {args.links} readers open `/{path}?"
             f"{query.format(seed='k')}` (k = 1000, 1001, …: nothing cached) at once on one Streamlit process, while "
             f"{args.light} readers move a slider on /clt every 0.5-1.5 s. Heavy pages finished: seconds from the "
             "burst to each page's `script_finished`. Light reruns: send -> `script_finished`, from 2 s before the "
             "burst until the last heavy page is done.", "",
             "| heavy runs at once | heavy pages finished | finished: median / last | server memory start / peak / "
             "end | light reruns | light p50 / p95 / max | errors |", "|---|---:|---:|---:|---:|---:|---|"]
    for slots in args.slots:
        with fleet(replicas=1, env={"PROB_EXPLORER_HEAVY_SLOTS": str(slots)}) as server:
            asyncio.run(student(server.url, SCENARIOS["clt"], 0, 0.0, time.monotonic() + 1.0, (0.0, 0.0), Tally()))
            result = asyncio.run(burst(server, args.page, args.links, args.light))
        lines.append(row(slots, args.links, result))
        print(lines[-1], flush=True)
    print("\n".join(lines))
    if not args.no_write:
        update_results(f"load-heavy-{args.page}", lines)


if __name__ == "__main__":
    main()
