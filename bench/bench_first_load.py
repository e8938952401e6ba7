"""First load of every page in a real browser (Debian Chromium), from a server that has just started.

    .venv/bin/python bench/bench_first_load.py              # updates bench/RESULTS.md
    .venv/bin/python bench/bench_first_load.py --repeats 3 --no-write

The budget (bench/RESULTS.md, Budgets): a page is usable within 2 s of the server being up. Measured
from `page.goto` in a fresh browser context (no cache, no cookies: a student opening the link)
until the page's first Plotly figure has drawn its SVG; for the home page, until its list of pages
shows. The numbers per page:

- "right after start": the very first reader, opening this page as soon as `/_stcore/health`
  answers on a freshly started server (a new server per page, so every page is measured cold);
- "later readers": the median (and max) of further fresh contexts on the same server, each followed (or, every other
  time, preceded) by a fresh reader of the bare page below, whose server stays up for the whole run; "x the bare
  page" is the ratio of the two medians. This machine is shared, and how busy it is changes from minute to minute:
  readers of the two pages taken in turns see the same minutes, a baseline measured once at the start does not;
- "reload to settled": a reader pressing reload (same browser context, cache warm), until the first figure has
  drawn and the script is idle, the median of `--repeats` reloads, and the bare page's the same minute;
- "bytes": what the server sent for a later reader's visit, as transferred (HTTP and WebSocket, after
  compression), counted by a loopback relay between Chromium and the server
  (explorer_devtools/byte_counter.py), from opening the link until the page has drawn and its script is idle;
- "over 9 Mbit/s, 170 ms": the later readers' first figure again, through the same relay playing a lecture
  hall's share of Wi-Fi (`--link MBIT_S:RTT_MS`), HTTP and WebSocket alike.

Every "until" is checked in the page on every animation frame (explorer_devtools/browser.py: Playwright's
`wait_for_function`, polled by requestAnimationFrame), so a time is the frame it became true plus one round trip to
the browser. Until
2026-12-07 it was Playwright's `locator.wait_for`, which checks at 0, 20, 70, 170 and 270 ms and then only every
500 ms: a figure drawn at 0.65 s after a reload was counted at 1.03-1.21 s (the same /gmm reloads measured both
ways), and a fresh reader's first figure could be counted up to 0.5 s late, more on some pages than on others.

The first row is a baseline measured in the same run: a bare Streamlit app with one metric and
one three-point Plotly chart, started with `streamlit run` and the same flags. Streamlit's frontend and its
whole Plotly.js (4.7 MB of JavaScript for the chart alone) are parsed by every fresh browser context, so that
row is the floor of a Streamlit page drawn with Streamlit's own Plotly.js on the machine measured. The explorer
sends a lighter Plotly.js (ui/compression.py; bench/bench_chart_bundle.py measures the difference alone).
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from playwright.sync_api import sync_playwright  # noqa: E402

from explorer_devtools.results import machine_line, update_results  # noqa: E402
from explorer_devtools.fleet import fleet  # noqa: E402
from explorer_devtools.browser import (BASELINE_APP, CHROMIUM, CHROMIUM_ARGS, FIGURE_DRAWN,  # noqa: E402
                                       wait_until_drawn, wait_until_drawn_and_settled)
from explorer_devtools.byte_counter import Link, Relay, counting_relay  # noqa: E402
from ui.registry import available_pages  # noqa: E402

# What "drawn" means for the home page: its list of lessons shows (a concept page: explorer_devtools.browser's
# FIGURE_DRAWN, its first figure).
HOME_DRAWN = "() => !!document.body && document.body.innerText.includes('Lessons: step through a page with a class')"


def load_seconds(browser, url: str, drawn: str) -> float:
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    try:
        start = time.perf_counter()
        page.goto(url, wait_until="commit")
        wait_until_drawn(page, drawn)
        seconds = time.perf_counter() - start
        if page.locator("[data-testid='stException']").count():
            raise AssertionError(f"{url} shows an exception")
        return seconds
    finally:
        context.close()


def reload_seconds(browser, url: str, drawn: str, reloads: int) -> list[float]:
    """A reader pressing reload: the same browser context (its cache warm), from the reload until the first figure
    has drawn and the script is idle again, `reloads` times."""
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    try:
        page.goto(url, wait_until="commit")
        wait_until_drawn_and_settled(page, drawn)
        seconds = []
        for _ in range(reloads):
            start = time.perf_counter()
            page.reload(wait_until="commit")
            wait_until_drawn_and_settled(page, drawn)
            seconds.append(time.perf_counter() - start)
        return seconds
    finally:
        context.close()


def readers_in_turns(browser, url: str, drawn: str, bare_url: str, repeats: int) -> tuple[list[float], list[float]]:
    """`repeats` fresh readers of `url` and as many of the bare page at `bare_url`, taken in turns (which goes first
    alternates), so that both see the same minutes of a shared machine: (the page's times, the bare page's)."""
    page_times, bare_times = [], []
    for turn in range(repeats):
        order = [(url, drawn, page_times), (bare_url, FIGURE_DRAWN, bare_times)]
        for reader_url, reader_drawn, times in (order if turn % 2 == 0 else order[::-1]):
            times.append(load_seconds(browser, reader_url, reader_drawn))
    return page_times, bare_times


def visit_bytes(browser, relay: Relay, path: str, drawn: str) -> int:
    """Bytes the server sent for one fresh visit through `relay`: until the page has drawn and its script is
    idle (the WebSocket stays open after that, quiet)."""
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    try:
        relay.reset()
        page.goto(f"{relay.url}/{path}", wait_until="commit")
        wait_until_drawn_and_settled(page, drawn)
        page.wait_for_timeout(1000)
        return relay.sent_to_client
    finally:
        context.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--repeats", type=int, default=5, help="later readers per page")
    parser.add_argument("--no-write", action="store_true")
    parser.add_argument("--pages", nargs="*", help="only these page stems (and the baseline); implies --no-write")
    parser.add_argument("--link", default="9:170", help="the emulated link, MBIT_S:RTT_MS (default: 9:170)")
    parser.add_argument("--link-repeats", type=int, default=2, help="fresh readers per page over that link")
    args = parser.parse_args()
    mbit_s, rtt_ms = (float(part) for part in args.link.split(":"))
    baseline = Path(tempfile.mkdtemp(prefix="baseline-app-")) / "baseline.py"
    baseline.write_text(BASELINE_APP)
    explorer = ROOT / "app.py"
    targets = [("baseline: bare Streamlit app, one Plotly chart", baseline, "", FIGURE_DRAWN),
               ("/ (home)", explorer, "", HOME_DRAWN)]
    targets += [(f"/{spec.stem}", explorer, spec.stem, FIGURE_DRAWN) for spec in available_pages()]
    if args.pages:
        targets = [target for target in targets if target[2] in args.pages or target[1] == baseline]
        args.no_write = True

    rows = []
    with sync_playwright() as playwright, fleet(replicas=1, app=baseline) as bare:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        for label, app, path, drawn in targets:
            # The bare page's own row is measured on its server just started, like every page's.
            with (contextlib.nullcontext(bare) if app == baseline else fleet(replicas=1, app=app)) as servers:
                first = load_seconds(browser, f"{servers.url}/{path}", drawn)
                later, bare_later = readers_in_turns(browser, f"{servers.url}/{path}", drawn, bare.url, args.repeats)
                reloads = reload_seconds(browser, f"{servers.url}/{path}", drawn, args.repeats)
                bare_reloads = reload_seconds(browser, bare.url, FIGURE_DRAWN, args.repeats)
                port = int(servers.url.rsplit(":", 1)[1])
                with counting_relay(port) as relay:
                    sent = visit_bytes(browser, relay, path, drawn)
                slow = []
                for _ in range(args.link_repeats):    # a fresh link each time: no queue left from the last reader
                    with counting_relay(port, Link(mbit_s, rtt_ms)) as relay:
                        slow.append(load_seconds(browser, f"{relay.url}/{path}", drawn))
            rows.append(f"| {label} | {first:.2f} s | {statistics.median(later):.2f} s | {max(later):.2f} s "
                        f"| {statistics.median(later) / statistics.median(bare_later):.2f}x "
                        f"({statistics.median(bare_later):.2f} s) "
                        f"| {statistics.median(reloads):.2f} s ({statistics.median(bare_reloads):.2f} s) "
                        f"| {sent / 1e6:.2f} MB | {statistics.median(slow):.2f} s |")
            print(rows[-1], flush=True)
        browser.close()

    stamp = dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    lines = [f"Run {stamp} on {machine_line()}, Chromium {CHROMIUM}.",
             f"Command: `python bench/bench_first_load.py --repeats {args.repeats}`. Time from opening the "
             "link in a fresh browser context to the first figure drawn (home: the page list shown), checked every "
             "frame; later readers taken in turns with readers of the bare page, whose median is in brackets; a "
             "reload in the same context (cache warm) until the first figure has drawn and the script is idle, "
             "median, and in brackets the bare page's the same minute; bytes the server sent for one such visit, as "
             "transferred; the same first figure over an emulated link "
             f"({mbit_s:g} Mbit/s each way, {rtt_ms:g} ms round trip: explorer_devtools/byte_counter.py, "
             f"median of {args.link_repeats} fresh readers).", "",
             "| page | right after start | later readers, median | later readers, max | x the bare page (its median) "
             "| reload to settled (bare page) | bytes, first visit "
             f"| over {mbit_s:g} Mbit/s, {rtt_ms:g} ms |",
             "|---|---:|---:|---:|---:|---:|---:|---:|", *rows]
    print("\n".join(lines))
    if not args.no_write:
        update_results("first-load", lines)


if __name__ == "__main__":
    main()
