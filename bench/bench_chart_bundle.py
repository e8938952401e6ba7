"""What Streamlit's chart module costs a fresh reader before any figure: the explorer's Plotly.js against
Streamlit's whole one, on this machine's CPU and on a CPU four times slower (a phone's, roughly).

    .venv/bin/python bench/bench_chart_bundle.py              # updates bench/RESULTS.md
    .venv/bin/python bench/bench_chart_bundle.py --repeats 3 --no-write

Two servers: the explorer as deployed (serve.py, which sends Streamlit's chart bundle with the explorer's Plotly.js:
ui/compression.py), and the same Streamlit serving the bare page the first-load bench compares against (`streamlit run`,
which sends the bundle as Streamlit ships it). For each, in fresh browser contexts (no cache), a page of the
server's own origin imports Streamlit's chart module (static/js/PlotlyChart.*.js, the module every chart element
loads): the time from the import until the module has run, which is downloading it over loopback, compiling it
and running it, in one number (with the small modules it imports, Streamlit's main bundle among them, the same for
both). The second pair of rows does the same with Chromium's CPU slowed fourfold
(`Emulation.setCPUThrottlingRate`). Also: the module's bytes as sent (Content-Length; gzip for the explorer).
Readers of the two servers are taken in turns, so both see the same minutes of this shared machine.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from playwright.sync_api import sync_playwright  # noqa: E402

from explorer_devtools.browser import BASELINE_APP, CHROMIUM, CHROMIUM_ARGS  # noqa: E402
from explorer_devtools.fleet import fleet  # noqa: E402
from explorer_devtools.results import run_line, update_results  # noqa: E402
from ui import internals  # noqa: E402

CHART_MODULE = f"/static/js/{internals.chart_bundle_file(internals.static_directory()).name}"
# The chart module imports Streamlit's main bundle, which mounts the app on #root: the element is given, so the
# import completes (the app then starts in the background, the same for both servers).
IMPORT_TIME = """async (url) => { document.body.innerHTML = '<div id="root"></div>';
    const start = performance.now(); await import(url); return performance.now() - start; }"""


def import_ms(browser, server: str, slowdown: float) -> float:
    """One fresh reader: milliseconds from importing the chart module until it has run."""
    context = browser.new_context()
    page = context.new_page()
    try:
        if slowdown > 1:
            context.new_cdp_session(page).send("Emulation.setCPUThrottlingRate", {"rate": slowdown})
        page.goto(f"{server}/_stcore/health")        # any page of the server's origin
        return page.evaluate(IMPORT_TIME, f"{server}{CHART_MODULE}")
    finally:
        context.close()


def sent_bytes(server: str) -> int:
    request = urllib.request.Request(f"{server}{CHART_MODULE}", headers={"Accept-Encoding": "gzip"})
    with urllib.request.urlopen(request, timeout=60) as reply:
        return len(reply.read())


def table_row(label: str, slowdown: float, times: list[float], size: int) -> str:
    return (f"| {label} | {slowdown:g}x | {statistics.median(times):.0f} ms ({min(times):.0f}-{max(times):.0f}) "
            f"| {size / 1e6:.2f} MB |")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--repeats", type=int, default=7, help="fresh readers per server and CPU speed")
    parser.add_argument("--no-write", action="store_true")
    args = parser.parse_args()
    baseline = Path(tempfile.mkdtemp(prefix="baseline-app-")) / "baseline.py"
    baseline.write_text(BASELINE_APP)
    labels = {"explorer": "the explorer's Plotly.js (serve.py)", "streamlit": "Streamlit's whole Plotly.js"}
    rows = []
    with sync_playwright() as playwright, fleet(replicas=1) as explorer, fleet(replicas=1, app=baseline) as bare:
        servers = {"explorer": explorer.url, "streamlit": bare.url}
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        for slowdown in (1, 4):
            times = {name: [] for name in servers}
            for turn in range(args.repeats):
                order = list(servers) if turn % 2 == 0 else list(servers)[::-1]
                for name in order:
                    times[name].append(import_ms(browser, servers[name], slowdown))
            rows += [table_row(labels[name], slowdown, times[name], sent_bytes(server))
                     for name, server in servers.items()]
    lines = [run_line(f", Chromium {CHROMIUM}"),
             f"Command: `python bench/bench_chart_bundle.py --repeats {args.repeats}`. Time from importing "
             f"Streamlit's chart module ({CHART_MODULE}) in a fresh browser context until it has run (download "
             "over loopback, compile, run), median and range of the fresh readers; CPU slowed by Chromium's "
             "throttling where it says 4x; the module's bytes as sent to a browser that accepts gzip.", "",
             "| chart module | CPU | import to run | bytes sent |", "|---|---:|---:|---:|", *rows]
    print("\n".join(lines))
    if not args.no_write:
        update_results("chart-bundle", lines)


if __name__ == "__main__":
    main()
