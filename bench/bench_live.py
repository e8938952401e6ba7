"""Live controls in Chromium: how long each pointer move takes to reach the screen, and whether the
server hears anything before release.

    .venv/bin/python bench/bench_live.py            # updates bench/RESULTS.md
    .venv/bin/python bench/bench_live.py --no-write

For every live control (/mvn's ρ, /kl's m₂ and s₂, /sampling's temperature and top-p, /clt's N, …), on a fresh
server, in a fresh 1400x900 browser context, the control is dragged with the mouse through
`--moves` pointer moves (sweeping back and forth across its track). The page's own instrumentation
(`window.__liveTimings`, recorded by ui/live/live_control.js) gives, per move, the time from the
input event (its timeStamp) to the moment every figure's update has been drawn (Plotly.animate's
promise, or Plotly.update's where the axes change; the readouts are set synchronously before).
Reported: median and p95 against the budget (33 ms and 50 ms), how many moves redrew, how many
script reruns happened while the pointer was held (Streamlit's data-test-script-state, polled
after every move; the budget is none), and the largest message the browser received.
"""

from __future__ import annotations

import argparse
import datetime as dt
import statistics
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from playwright.sync_api import sync_playwright  # noqa: E402

from explorer_devtools.browser import CHROMIUM, CHROMIUM_ARGS  # noqa: E402
from explorer_devtools.fleet import fleet  # noqa: E402
from explorer_devtools.results import machine_line, percentile, update_results  # noqa: E402

TIMEOUT_MS = 60_000
# (page, URL key, a metric that must follow)
CONTROLS = [("mvn", "rho", "Conditional mean E[x₁ | x₂]"), ("mvn", "x2", "Conditional mean E[x₁ | x₂]"),
            ("kl", "m2", "KL(p‖q)"), ("kl", "s2", "KL(p‖q)"),
            ("sampling", "temperature", "Entropy after the pipeline"),
            ("sampling", "top_p", "Entropy after the pipeline"), ("clt", "n", "Standard error of the mean"),
            ("fisher?model=poisson", "theta", "Fisher information I(λ)"),
            ("beta?data=simulate&flips=200", "seen", "Posterior mean"), ("gmm", "iteration", "EM at"),
            ("families?fam=poisson", "eta", "A′(η) = E[X]"),
            ("families?tab=Generating+functions", "n", "largest gap to e^(−t²/2)"),
            ("families?tab=Map&edge=gamma-normal", "size", "total variation")]
SCRIPT_STATE = "document.querySelector('[data-test-script-state]').getAttribute('data-test-script-state')"


def drag(page, key: str, moves: int) -> tuple[list[float], int]:
    control = page.locator(f'[data-testid="live-control"][data-key="{key}"]')
    control.wait_for(timeout=TIMEOUT_MS)
    page.wait_for_function(f"{SCRIPT_STATE} === 'notRunning'", timeout=TIMEOUT_MS)
    control.scroll_into_view_if_needed()
    box = control.bounding_box()
    y = box["y"] + box["height"] / 2
    page.evaluate(f"(globalThis.__liveTimings || {{}})[{key!r}] = []")
    page.mouse.move(box["x"] + 2, y)
    page.mouse.down()
    reruns = 0
    for move in range(moves):
        phase = (move % 100) / 100  # sweep right, then back
        fraction = phase if (move // 100) % 2 == 0 else 1 - phase
        page.mouse.move(box["x"] + 2 + fraction * (box["width"] - 4), y)
        reruns += page.evaluate(SCRIPT_STATE) == "running"
    page.wait_for_timeout(200)  # let the last animation frames report
    timings = page.evaluate(f"globalThis.__liveTimings[{key!r}]")
    page.mouse.up()
    return timings, reruns


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--moves", type=int, default=400)
    parser.add_argument("--no-write", action="store_true")
    parser.add_argument("--only", nargs="*", help="URL keys of the controls to measure (default: all)")
    args = parser.parse_args()
    rows = []
    with sync_playwright() as playwright, fleet(replicas=1) as servers:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        for stem, key, metric in CONTROLS:
            if args.only and key not in args.only:
                continue
            context = browser.new_context(viewport={"width": 1400, "height": 900})
            page = context.new_page()
            sizes = []
            page.on("websocket", lambda ws: ws.on("framereceived", lambda frame: sizes.append(len(frame))))
            page.goto(f"{servers.url}/{stem}", wait_until="domcontentloaded")
            page.get_by_text(metric).first.wait_for(timeout=TIMEOUT_MS)
            timings, reruns = drag(page, key, args.moves)
            context.close()
            rows.append(f"| /{stem} `{key}` | {len(timings)} of {args.moves} | {statistics.median(timings):.1f} ms | "
                        f"{percentile(timings, 0.95):.1f} ms | {reruns} | {max(sizes) / 1024:.0f} kB |")
            print(rows[-1], flush=True)
        browser.close()
    stamp = dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    lines = [f"Run {stamp} on {machine_line()}, Chromium {CHROMIUM}, viewport 1400x900.",
             f"Command: `python bench/bench_live.py --moves {args.moves}`. Per pointer move: input event to every "
             "figure's update drawn (budget: median 33 ms, p95 50 ms; no rerun while held).", "",
             "| control | moves redrawn | median | p95 | reruns while held | largest message to the browser |",
             "|---|---:|---:|---:|---:|---:|", *rows]
    print("\n".join(lines))
    if not args.no_write:
        update_results("live", lines)


if __name__ == "__main__":
    main()
