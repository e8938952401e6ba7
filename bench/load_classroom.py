"""A classroom at once: K simulated students on Streamlit's WebSocket protocol, loopback only.

    .venv/bin/python bench/load_classroom.py                       # K = 10, 50, 100; 1 process, then 2 behind nginx
    .venv/bin/python bench/load_classroom.py --students 20 --replicas 1 --duration 20   # prints only
    .venv/bin/python bench/load_classroom.py --room --students 100     # 100 students following one teacher

Each student does what a browser does: loads the page over HTTP (collecting the sticky-session
cookie when nginx is in front), opens the WebSocket `/_stcore/stream`, asks for the page's first
run with the teacher's link as its query string, then every few seconds moves one slider to a
random position, as its owner would. The rerun latency is the time from sending the new widget
value to the server's `script_finished`: the whole server-side rerun plus the transfer of the
page's deltas, what a student waits for before the figure changes. (The browser's drawing of the
figure is not included; `bench/bench_first_load.py` measures that side.)

Bounded on purpose: at most 200 students and 600 s; it only talks to servers it starts itself on
127.0.0.1 (`explorer_devtools/fleet.py`), so it cannot be pointed at someone else's deployment.

Room mode (`--room`, issue 15): one teacher and K students in one classroom room, on two replicas behind
nginx sharing a real redis-server (Debian's package, started here), the teacher on one replica and the
students spread over both. The driver creates the room in Redis and gives the teacher's connection the
room's lead cookie, as the teacher's browser holds it; each student opens the room link and then only
listens, through a lean WebSocket reader (explorer_devtools/ws_stream.py: with the `websockets` package, the driver's
own parsing of 100 students' pages set the measured delay). The teacher moves a slider every few seconds;
for every move and every student the delay is
from sending the move to the end of the student's run that drew it (the link Streamlit gave the
student's page carries the moved value). Reported: median, p95 and max delay, updates lost (not seen
within 10 s), errors.

Pooled mode (`--pooled`, issue 33): a class experiment. One teacher projects a lesson step with one (in Chromium,
reading the count in the projector's figure every 50 ms); K students on two replicas behind nginx with Redis each
press *Run my experiment* once within a few seconds, as a class does when told to. Reported: presses, results the
store holds (and from how many students: one each, none counted twice), the projector's final count (none lost),
and the delay from each press to the projector counting it (p50, p95, max).

Reported per run: first-load and rerun latency (p50, p95, max), errors (exceptions on the page,
runs that did not finish, dropped connections, timeouts) and the resident memory of the server
processes (before, peak, after). `--churn S` instead opens and closes S short sessions one after
another (each moves the slider for about a second) and reports memory against the number of
sessions, to show that it does not grow without bound.
"""

from __future__ import annotations

import argparse
import contextlib
import re
import asyncio
import datetime as dt
import random
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


from explorer_devtools.fleet import cookies_by_replica, cpu_seconds, fleet, rss_bytes  # noqa: E402
from explorer_devtools.redis_server import redis_server  # noqa: E402
from explorer_devtools.results import machine_line, percentile, update_results  # noqa: E402
import concepts  # noqa: E402
from explorer_devtools.streamlit_client import (SCENARIOS, PoolTally, RoomTally, Scenario, Tally,  # noqa: E402
                                                pooled_student, room_student, student)

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


# --- room mode: students following one teacher -------------------------------------------------------------

FOLLOW_TIMEOUT_S = 10.0   # a student whose view has not followed a move by then has lost that update


@contextlib.asynccontextmanager
async def teacher_page(url: str, cookies: list[dict], ready_text: str):
    """The teacher's browser, a real Chromium (Playwright), on `url` with the room's cookies (its lead cookie
    among them, as in the teacher's own browser), once `ready_text` shows."""
    from playwright.async_api import async_playwright

    from explorer_devtools.browser import CHROMIUM, CHROMIUM_ARGS

    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        context = await browser.new_context(viewport={"width": 1400, "height": 1000})
        await context.add_cookies(cookies)
        page = await context.new_page()
        await page.goto(url, wait_until="domcontentloaded")
        await page.get_by_text(ready_text).wait_for(timeout=90_000)
        try:
            yield page
        finally:
            await browser.close()


async def teach(url: str, cookies: list[dict], key: str, default: float, slider_label: str, moves: int,
                every_s: float, tally: RoomTally, seed: int = 0) -> None:
    """The teacher, in a real Chromium (Playwright): opens `url` leading the room (the lead cookie is among
    `cookies`, as in the teacher's own browser) and steps the slider with the arrow keys `moves` times,
    `every_s` apart. A move counts from the key press; its value is the one the teacher's link then shows."""
    rng = random.Random(seed)
    async with teacher_page(url, cookies, "You lead room") as page:
        slider = page.locator("[data-testid='stSlider']").filter(has_text=slider_label).locator("input[type=range]")
        value = float(await slider.get_attribute("value"))
        low, high = float(await slider.get_attribute("min")), float(await slider.get_attribute("max"))
        for _ in range(moves):
            await asyncio.sleep(every_s)
            up = rng.random() < 0.5 if low < value < high else value <= low
            await slider.focus()
            sent = time.perf_counter()
            await page.keyboard.press("ArrowRight" if up else "ArrowLeft")
            # The link leaves a control out when it is at its default: then the value is the default.
            now = f"(new URLSearchParams(location.search).get('{key}') ?? '{default!r}')"
            await page.wait_for_function(f"Math.abs(parseFloat({now}) - {value}) > 1e-9", timeout=30_000)
            value = float(await page.evaluate(now))
            tally.moves.append((sent, value))
            tally.teacher_url.append(time.perf_counter() - sent)


async def room(servers, redis_url: str, scenario: Scenario, students: int, moves: int, every_s: float,
               ramp: float) -> dict:
    """One teacher on the first replica, `students` spread evenly over every replica (sticky cookies),
    all in one room of a Redis store shared by the replicas. The teacher moves the scenario's slider
    `moves` times; for each move and each student, the delay until that student's view had it."""
    from classroom.store import RedisStore

    code, secret = RedisStore(redis_url).create_room()
    replica_values = cookies_by_replica(servers)
    tally, stop = RoomTally(), asyncio.Event()
    joined = [asyncio.Event() for _ in range(students)]
    pids, key = servers.pids, _room_key(scenario)
    default = float(concepts.specs_by_stem()[scenario.page].param(key).default)
    cpu_before, own_before, wall_before = sum(map(cpu_seconds, pids)), time.process_time(), time.monotonic()

    async def arrive(index: int) -> None:
        await asyncio.sleep(ramp * index / students)
        cookie = f"explorer_replica={replica_values[index % len(replica_values)]}"
        await room_student(servers.url, cookie, code, key, default, index, tally, joined[index], stop)

    followers = [asyncio.create_task(arrive(index)) for index in range(students)]
    await asyncio.wait_for(asyncio.gather(*(event.wait() for event in joined)), ramp + 120)
    teacher_cookies = [{"name": "explorer_replica", "value": replica_values[0], "url": servers.url},
                       {"name": f"prob_explorer_lead_{code}", "value": secret, "url": servers.url}]
    query = "&".join(filter(None, (scenario.query, f"room={code}&lead=1")))
    await teach(f"{servers.url}/{scenario.page}?{query}", teacher_cookies, key, default, scenario.slider, moves,
                every_s, tally)
    await asyncio.sleep(FOLLOW_TIMEOUT_S)
    stop.set()
    await asyncio.gather(*followers)
    wall = time.monotonic() - wall_before
    delays, lost = tally.delays(students, FOLLOW_TIMEOUT_S)
    return {"tally": tally, "delays": delays, "lost": lost, "code": code,
            "server_cores": (sum(map(cpu_seconds, pids)) - cpu_before) / wall,
            "driver_cores": (time.process_time() - own_before) / wall}


POOL_LESSON, POOL_STEP = "3-prior-to-posterior", 4      # a shipped step with a class experiment (/beta's heads)
POOL_ID = f"pool:{POOL_LESSON}:{POOL_STEP}"
POOL_TIMEOUT_S = 20.0     # after the last press: a result not counted on the projector by then is lost


async def project(url: str, cookies: list[dict], students: int, tally: "PoolTally", ready: asyncio.Event,
                  done: asyncio.Event) -> None:
    """The teacher's projector, in a real Chromium (Playwright): opens the pooled step leading the room and reads
    the count in its figure's title every 50 ms, noting each change with when it was seen, until every student's
    result is counted or `done` is set."""
    async with teacher_page(url, cookies, "The class's experiment: 0 results") as page:
        ready.set()
        read = ("() => { const m = document.body.innerText.match(/The class's experiment: (\\d+) results/); "
                "return m ? Number(m[1]) : -1; }")
        last = 0
        while not done.is_set():
            count = await page.evaluate(read)
            if count != last and count >= 0:
                tally.counts.append((time.perf_counter(), count))
                last = count
            if last >= students:
                break
            await asyncio.sleep(0.05)


async def pooled(servers, redis_url: str, students: int, ramp: float, press_window: float) -> dict:
    """One teacher projecting the pooled step on the first replica, `students` spread evenly over both
    replicas, each pressing *Run my experiment* once at a random moment of `press_window` seconds after the whole
    class has arrived. Returns the tally, what the store holds and the cores used."""
    from classroom.store import RedisStore

    store = RedisStore(redis_url)
    code, secret = store.create_room()
    replica_values = cookies_by_replica(servers)
    tally, ready, stop, done = PoolTally(), asyncio.Event(), asyncio.Event(), asyncio.Event()
    teacher_cookies = [{"name": "explorer_replica", "value": replica_values[0], "url": servers.url},
                       {"name": f"prob_explorer_lead_{code}", "value": secret, "url": servers.url}]
    url = f"{servers.url}/beta?lesson={POOL_LESSON}&step={POOL_STEP}&room={code}&lead=1"
    pids = servers.pids
    cpu_before, own_before, wall_before = sum(map(cpu_seconds, pids)), time.process_time(), time.monotonic()
    projector = asyncio.create_task(project(url, teacher_cookies, students, tally, ready, done))
    await asyncio.wait_for(ready.wait(), 120)
    rng = random.Random(7)
    presses_from = time.perf_counter() + ramp + 10.0       # everyone has arrived and drawn the step by then
    press_times = sorted(presses_from + rng.uniform(0, press_window) for _ in range(students))

    async def arrive(index: int) -> None:
        await asyncio.sleep(ramp * index / students)
        cookie = f"explorer_replica={replica_values[index % len(replica_values)]}"
        await pooled_student(servers.url, cookie, code, "beta", "Run my experiment", "Your device's result",
                             press_times[index], tally, stop)

    class_tasks = [asyncio.create_task(arrive(index)) for index in range(students)]
    try:
        await asyncio.wait_for(projector, presses_from + press_window + POOL_TIMEOUT_S - time.perf_counter())
    except asyncio.TimeoutError:
        done.set()
        await projector
    stop.set()
    await asyncio.gather(*class_tasks)
    wall = time.monotonic() - wall_before
    stored = store.answers(code, POOL_ID)
    return {"tally": tally, "stored": len(stored), "members": int(store._client.hlen(f"prob-explorer:room:{code}:"
                                                                                        f"answers:{POOL_ID}")),
            "server_cores": (sum(map(cpu_seconds, pids)) - cpu_before) / wall,
            "driver_cores": (time.process_time() - own_before) / wall}


POOL_HEADER = ["| students | pressed | page said sent | stored (one per student) | counted on the projector "
               "| p50 press -> projector | p95 | max | errors | student first load p50 / p95 "
               "| cores busy: servers / driver |",
               "|---:|---:|---:|---:|---:|---:|---:|---:|---|---:|---:|"]


def pool_row(students: int, result: dict) -> str:
    tally, ms = result["tally"], [1000 * d for d in result["tally"].delays()]
    first = [1000 * s for s in tally.first_loads]
    errors = sum(tally.errors.values())
    detail = "; ".join(f"{k}: {v}" for k, v in tally.errors.items())
    final = tally.counts[-1][1] if tally.counts else 0
    return (f"| {students} | {len(tally.pressed)} | {tally.confirmed} | {result['stored']} ({result['members']}) "
            f"| {final} | {percentile(ms, 0.5):,.0f} ms | {percentile(ms, 0.95):,.0f} ms "
            f"| {max(ms, default=float('nan')):,.0f} ms | {errors}{' (' + detail + ')' if detail else ''} "
            f"| {percentile(first, 0.5):,.0f} / {percentile(first, 0.95):,.0f} ms "
            f"| {result['server_cores']:.2f} / {result['driver_cores']:.2f} |")


def run_pooled(args, stamp: str) -> None:
    lines = [f"Run {stamp} on {machine_line()}.",
             f"Command: `python bench/load_classroom.py --pooled --students {' '.join(map(str, args.students))} "
             f"--press-window {args.press_window:g}`: one teacher projecting lesson {POOL_LESSON}, step {POOL_STEP} "
             "(a class experiment: heads in 10 flips of a θ = 0.3 coin) in Chromium on replica 1 of 2 behind nginx, "
             "the students spread evenly over both (sticky cookies), one room in a real redis-server. Each student "
             f"presses *Run my experiment* once, at a random moment of {args.press_window:g} s; delay = the k-th "
             "press -> the projector's figure counts k results (its title, read every 50 ms). Stored: the "
             "results the store holds for the experiment (in brackets, how many students they are from).", "",
             *POOL_HEADER]
    with redis_server() as redis:
        for count in args.students:
            with fleet(replicas=2, env={"PROB_EXPLORER_REDIS_URL": redis.url}) as servers:
                for replica in servers.replica_urls:
                    warm_up(replica, SCENARIOS["beta"])
                result = asyncio.run(pooled(servers, redis.url, count, args.ramp, args.press_window))
            lines.append(pool_row(count, result))
            print(lines[-1], flush=True)
    print("\n".join(lines))
    if not args.no_write:
        update_results("load-pooled", lines)


def copies_by_replica(logs: list, code: str) -> list[tuple[int, int, int, int]]:
    """For each replica's log: (moves copied, moves not copied, listener errors, teacher's publishes that failed
    or were sent late by the room panel). A replica whose listener dies stops logging copies (issue 27: it died
    after 5 quiet seconds), so this is what shows it; a publish that did not happen is what once lost a move."""
    counts = []
    for log in logs:
        text = log.read_text(errors="replace") if log.exists() else ""
        copied = len(re.findall(rf"room {code} version \d+ \([^)]*\): 1 run copied to", text))
        not_copied = len(re.findall(rf"room {code} version \d+: the template's run cannot be copied", text))
        failed = len(re.findall(rf"room {code}: the teacher's view (did not reach the store|reached the store late)",
                                text))
        counts.append((copied, not_copied, text.count("classroom listener:"), failed))
    return counts


def _room_key(scenario: Scenario) -> str:
    """The URL key of the scenario's slider (its spec parameter with that label)."""
    return next(param.key for param in concepts.specs_by_stem()[scenario.page].params if param.label == scenario.slider)


ROOM_HEADER = ["| students | moves | updates seen | p50 delay | p95 delay | max delay | teacher's own view p50 / max "
               "| lost updates | errors | student first load p50 / p95 | cores busy: servers / driver "
               "| moves copied / not, per replica | listener warnings | publishes failed or late |",
               "|---:|---:|---:|---:|---:|---:|---:|---:|---|---:|---:|---|---:|---:|"]


def room_row(students: int, moves: int, result: dict) -> str:
    tally, ms = result["tally"], [1000 * d for d in result["delays"]]
    own = [1000 * d for d in tally.teacher_url]
    first = [1000 * s for s in tally.first_loads]
    errors = sum(tally.errors.values())
    detail = "; ".join(f"{k}: {v}" for k, v in tally.errors.items())
    return (f"| {students} | {moves} | {len(ms)} | {percentile(ms, 0.5):,.0f} ms | {percentile(ms, 0.95):,.0f} ms "
            f"| {max(ms, default=float('nan')):,.0f} ms "
            f"| {percentile(own, 0.5):,.0f} / {max(own, default=float('nan')):,.0f} ms "
            f"| {result['lost']} | {errors}{' (' + detail + ')' if detail else ''} "
            f"| {percentile(first, 0.5):,.0f} / {percentile(first, 0.95):,.0f} ms "
            f"| {result['server_cores']:.2f} / {result['driver_cores']:.2f} "
            f"| {', '.join(f'{c} / {n}' for c, n, _, _ in result['copies'])} "
            f"| {sum(w for _, _, w, _ in result['copies'])} | {sum(f for *_, f in result['copies'])} |")


def run_room(args, scenario: Scenario, stamp: str) -> None:
    lines = [f"Run {stamp} on {machine_line()}.",
             f"Command: `python bench/load_classroom.py --room --students {' '.join(map(str, args.students))} "
             f"--moves {args.moves} --every {args.every:g} --page {args.page}`: one teacher on replica 1 of 2 behind "
             f"nginx, the students spread evenly over both (sticky cookies), one room in a real redis-server. The "
             f"teacher, in Chromium, steps '{scenario.slider}' on /{scenario.page} with the arrow keys every "
             f"{args.every:g} s; delay = key press -> the student's session has finished the run that drew the "
             "moved value (the teacher's rerun and publish, Redis pub/sub, one follower's run on each replica and "
             "its copy to the others there, or a follower's own run, the page sent). An update not seen within "
             f"{FOLLOW_TIMEOUT_S:g} s is lost.", "", *ROOM_HEADER]
    with redis_server() as redis:
        for count in args.students:
            with fleet(replicas=2, env={"PROB_EXPLORER_REDIS_URL": redis.url}) as servers:
                for replica in servers.replica_urls:
                    warm_up(replica, scenario)
                result = asyncio.run(room(servers, redis.url, scenario, count, args.moves, args.every, args.ramp))
                result["copies"] = copies_by_replica(servers.logs, result["code"])
            lines.append(room_row(count, args.moves, result))
            print(lines[-1], flush=True)
    print("\n".join(lines))
    if not args.no_write:
        update_results("load-room", lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--students", type=int, nargs="+", default=[10, 50, 100])
    parser.add_argument("--replicas", type=int, nargs="+", default=[1, 2],
                        help="server processes per setup (more than 1 puts nginx in front)")
    parser.add_argument("--page", choices=sorted(SCENARIOS), default=None,
                        help="the page and slider (default: clt; in room mode, beta)")
    parser.add_argument("--duration", type=float, default=60.0, help="seconds each classroom runs")
    parser.add_argument("--ramp", type=float, default=20.0, help="seconds over which students arrive")
    parser.add_argument("--think", type=float, nargs=2, default=[2.0, 5.0],
                        help="seconds between one student's moves (uniform between the two)")
    parser.add_argument("--churn", type=int, default=0, help="instead: open and close this many sessions")
    parser.add_argument("--room", action="store_true",
                        help="instead: the students follow one teacher in a classroom room (2 replicas, Redis)")
    parser.add_argument("--moves", type=int, default=20, help="room mode: the teacher's moves")
    # 8 s: longer than the classroom listener's 5 s keep-alive, so every move follows a quiet gap in which its
    # ping and pong are exchanged (moves every 3 s hid a listener that died of its first pong).
    parser.add_argument("--every", type=float, default=8.0, help="room mode: seconds between the teacher's moves")
    parser.add_argument("--pooled", action="store_true",
                        help="instead: a class experiment, every student sends one result (2 replicas, Redis)")
    parser.add_argument("--press-window", type=float, default=10.0,
                        help="pooled mode: seconds over which the students press Run my experiment")
    parser.add_argument("--no-write", action="store_true", help="print only; leave bench/RESULTS.md alone")
    args = parser.parse_args()
    if max(args.students) > MAX_STUDENTS or args.duration > MAX_DURATION_S or min(args.students) < 1:
        parser.error(f"at most {MAX_STUDENTS} students and {MAX_DURATION_S} s per classroom")
    args.page = args.page or ("beta" if args.room else "clt")
    scenario = SCENARIOS[args.page]
    stamp = dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    if args.room:
        run_room(args, scenario, stamp)
        return
    if args.pooled:
        run_pooled(args, stamp)
        return

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
