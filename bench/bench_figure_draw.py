"""What Plotly.js spends drawing each of the explorer's figures in Chromium, with the margins the page sends and with
the margins it sent before it gave the axes their room up front (viz/theme.py, `screen_margin`).

    .venv/bin/python bench/bench_figure_draw.py              # updates bench/RESULTS.md
    .venv/bin/python bench/bench_figure_draw.py --no-write

The figures: every chart of every concept page, at its defaults and on each of its tabs, in English and in
Japanese, as the server sends them (AppTest). Each is drawn with the explorer's Plotly.js
(ui/assets/plotly-explorer.min.js) into an empty page, at a phone's width (360 px) and at a stage figure's width
on a laptop (560 px): the time of `Plotly.newPlot` until its promise resolves, median of `--repeats` draws.
Where a margin is too small for the axes' tick labels and titles, Plotly's automargin widens it and draws the
whole figure again, which is what the margins set up front avoid; the table counts the figures whose left or
bottom margin Plotly widened. The row "before" is the same figures with the earlier margins (left 60, bottom
56), drawn in turns with the others, so both see the same minutes of this shared machine.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from playwright.sync_api import sync_playwright  # noqa: E402
from streamlit.testing.v1 import AppTest  # noqa: E402

import concepts  # noqa: E402
from explorer_devtools.browser import CHROMIUM, CHROMIUM_ARGS  # noqa: E402
from explorer_devtools.results import run_line, update_results  # noqa: E402
from ui.compression import PLOTLY_BUNDLE  # noqa: E402
from viz.theme import AXES_ROOM  # noqa: E402

WIDTHS = (360, 560)
EARLIER_MARGINS = {"l": 60, "b": 56}   # viz/theme.py before 2026-12-08: the template's left, the screen's bottom
# One figure drawn `repeats` times at `width`: the median time, and the margins Plotly ended with against those set.
DRAW = """async ([figure, width, repeats]) => {
    const times = []; let widened = null;
    for (let i = 0; i < repeats; i++) {
        const div = document.createElement('div'); document.body.appendChild(div);
        const start = performance.now();
        await Plotly.newPlot(div, figure.data, {...figure.layout, width}, {displaylogo: false});
        times.push(performance.now() - start);
        const size = div._fullLayout._size, set = div._fullLayout.margin;
        widened = {l: size.l > set.l + 1, b: size.b > set.b + 1};
        Plotly.purge(div); div.remove();
    }
    times.sort((a, b) => a - b);
    return {ms: times[Math.floor(times.length / 2)], widened};
}"""


def page_figures(language: str) -> list[dict]:
    """Every chart of every concept page at its defaults and on each tab, as sent, in `language`."""
    figures = []
    for spec in concepts.specs():
        for tab in [None, *(spec.tabs or ())[1:]]:
            at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
            at.query_params["lang"] = language
            if tab:
                at.query_params["tab"] = tab
            at.switch_page(f"concepts/{spec.stem}/{spec.stem}.py")
            figures += [json.loads(chart.proto.spec) for chart in at.run().get("plotly_chart")]
    return figures


def with_earlier_margins(figure: dict) -> dict:
    margin = {**figure["layout"].get("margin", {}), "b": EARLIER_MARGINS["b"]}
    if margin.get("l") == AXES_ROOM["l"]:   # the room set up front, not a builder's own left margin
        margin["l"] = EARLIER_MARGINS["l"]
    return {"data": figure["data"], "layout": {**figure["layout"], "margin": margin}}


def summary(label: str, width: int, draws: list[dict]) -> str:
    times = [draw["ms"] for draw in draws]
    widened = sum(draw["widened"]["l"] or draw["widened"]["b"] for draw in draws)
    return (f"| {label} | {width} px | {statistics.median(times):.1f} ms | {sum(times):.0f} ms "
            f"| {widened} of {len(draws)} |")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--repeats", type=int, default=5, help="draws of each figure per width and margins")
    parser.add_argument("--no-write", action="store_true")
    args = parser.parse_args()
    figures = page_figures("en") + page_figures("ja")
    rows = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1400, "height": 900})
        page.add_script_tag(path=str(PLOTLY_BUNDLE))
        for width in WIDTHS:
            now, before = [], []
            for turn, figure in enumerate(figures):
                pair = [(now, figure), (before, with_earlier_margins(figure))]
                for draws, drawn in (pair if turn % 2 == 0 else pair[::-1]):
                    draws.append(page.evaluate(DRAW, [drawn, width, args.repeats]))
            rows += [summary("margins set up front (as sent)", width, now),
                     summary("before: left 60, bottom 56", width, before)]
        browser.close()
    lines = [run_line(f", Chromium {CHROMIUM}"),
             f"Command: `python bench/bench_figure_draw.py --repeats {args.repeats}`. {len(figures)} figures (every "
             "concept page's charts at its defaults and on each tab, English and Japanese), each drawn alone with the "
             "explorer's Plotly.js into an empty page: `Plotly.newPlot` until its promise resolves, the median of "
             "the draws of each figure; then the median and the sum over the figures, and how many figures' left or "
             "bottom margin Plotly's automargin widened (each such figure is drawn twice).", "",
             "| margins | width | median figure | all figures | margins widened |", "|---|---:|---:|---:|---:|",
             *rows]
    print("\n".join(lines))
    if not args.no_write:
        update_results("figure-draw", lines)


if __name__ == "__main__":
    main()
