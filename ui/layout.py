"""Page furniture shared by every page: the header, error messages, the compute-backend note."""

from __future__ import annotations

from pathlib import Path

import contextlib
import textwrap
from typing import Any, Callable, Iterator, Mapping, Sequence

import streamlit as st

import i18n
from i18n import _
from ui import shared_runs
from ui.page_state import following
from ui.literal import literal
from ui.share import presenting
from ui.table import table_html
from viz.describe import describe
from viz.export import figure_csv
from viz.theme import FigureSpec, figure_title, plotly_config, precomputed


QUESTION_KEY = "page-question"     # ui/live/page.css sets the question by this container's class


def page_header(title: str, question: str) -> None:
    """The title and the one question the page answers (page contract, item 1).

    The question is markdown text (every markup character escaped), styled through its container's key, not
    HTML: one paragraph of HTML made every page load and run Streamlit's raw-HTML reader (rehype-raw and its
    parser, 57 kB compressed) before its first figure (bench/RESULTS.md, "What a first figure waits for")."""
    st.title(title)
    st.container(key=QUESTION_KEY).markdown(literal(question))


def show_table(rows: Sequence[Mapping[str, Any]], where: Any = st) -> None:
    """A small table of rows (column name → shown value), as plain HTML (ui/table.py says why not Streamlit's data
    grid); every cell is text, escaped there. Drawn by st.html, not as markdown with HTML in it: that made the
    browser load Streamlit's raw-HTML reader (rehype-raw, 57 kB compressed) for the table alone."""
    where.html(table_html(rows))


def show_figure(figure: FigureSpec, name: str, where: Any = st, height: int | None = None,
                on_pick: Callable[[Any], None] | None = None) -> None:
    """A figure in the house style: our template (not Streamlit's theme), its title written above it as text
    that wraps (keyed `figure-title-{name}`, so a live control can rewrite it), its legend above the plot
    (viz.theme.screen_version), PNG export (scale 2) from the mode bar, a description in words for screen
    readers (what is plotted and its key numbers: viz.describe), and, outside presenter mode, a CSV of the
    plotted data built only when clicked, beside the title. `height`: the template's height for a stage's
    main figure, in place of the builder's. `on_pick`: called with the `customdata` of a point the reader clicks or
    taps (before the rerun), for a figure whose points open something (/families' map: an edge opens its limit).

    Not for a student following a teacher: the CSV is made on the click by the session that drew the
    button, and a follower's page may be a copy of another student's (ui/shared_runs.py), whose session
    has moved on by then. *Explore on my own* brings it back."""
    present = presenting()
    heading = where.container(key=f"figure-head-{name}", gap=None)
    text = figure_title(figure)
    if text:
        heading.container(key=f"figure-title-{name}").markdown(f"**{literal(text)}**")
    if not present and not following():
        heading.download_button(_("CSV"), data=lambda: figure_csv(figure), file_name=f"{name}.csv",
                                mime="text/csv", key=f"{name}-csv", icon=":material/download:", type="tertiary",
                                help=_("The plotted data, as a CSV file"))
    picking = {} if on_pick is None else {"on_select": lambda: _picked(name, on_pick), "selection_mode": "points"}
    where.plotly_chart(precomputed(figure, presenter=present, height=height), config=plotly_config(name),
                       theme=None, key=name, alt=figure_description(figure), **picking)


def _picked(name: str, on_pick: Callable[[Any], None]) -> None:
    """A click on a figure drawn with `on_pick`: the first chosen point's customdata, if it has one."""
    points = (st.session_state.get(name) or {}).get("selection", {}).get("points", [])
    if points and points[0].get("customdata") is not None:
        on_pick(points[0]["customdata"])


def figure_description(figure: FigureSpec) -> str:
    """viz.describe's words for the figure, made once and kept on it (figures live in per-language caches)."""
    text = getattr(figure, "_description", None)
    if text is None:
        text = describe(figure)
        figure._description = text
    return text


def show_snippet(code: str, key: str = "python-snippet", label: str | None = None) -> None:
    """A short numpy/scipy script that reproduces the page's key numbers for the current state.

    The code is drawn only while the panel is open (opening it reruns the page): Streamlit's code
    highlighter took about 0.5 s of a first page load on a 2-core machine, for a panel most readers
    never open (bench/bench_first_load.py).
    """
    if presenting():
        return
    label = label or _("Reproduce these numbers in Python (numpy and scipy only)")
    with folded_panel(label, key, icon=":material/code:") as opened:
        if opened:
            st.code(textwrap.dedent(code).strip(), language="python")  # dedent: written inside a page block


@contextlib.contextmanager
def folded_panel(title: str, key: str, icon: str = ":material/functions:", where: Any = st) -> Iterator[bool]:
    """A folded panel whose contents the page draws only while it is open (`with folded_panel(...) as opened:`,
    then draw if `opened`): opening it reruns the page. For what most readers never open (formulas, code, a
    costly extra section), which a first visit should not wait for. Its open state is Streamlit's, under `key`
    (a test opens it by setting that key). An open panel is the reader's own: a following student who opened
    one is sent no copy of another's run (ui/shared_runs.py), which would show it folded."""
    with where.expander(title, icon=icon, key=key, on_change="rerun") as panel:
        if panel.open:
            shared_runs.draws_own()
        yield panel.open


def metric_slots(count: int, per_row: int = 2, where: Any = st) -> list:
    """Containers for `count` metrics in `where`, `per_row` to a row: wide enough that no value is cut off."""
    slots = []
    for _start in range(0, count, per_row):
        slots.extend(where.columns(per_row, gap="small"))
    return slots[:count]


def show_paste_cut(text: str, limit: int, where=st) -> None:
    """A text box cuts a longer paste at `limit` characters without a word: say so when the text fills it."""
    if len(text) >= limit:
        where.caption(_("The box holds {limit} characters, so a longer paste is cut there: the fit uses the numbers "
                        "before the cut (the last one may be cut short). Upload a file for more.").format(
            limit=f"{limit:,}"))


def show_input_error(error: Exception, what: str | None = None, verb: str | None = None) -> None:
    """A readable message for a ValueError from `core`; the rest of the page keeps working."""
    what, verb = what or _("these settings"), verb or _("compute")
    st.error(_("Cannot {verb} {what}: {error}").format(verb=verb, what=what, error=literal(i18n.error_message(error))),
             icon=":material/error:")


class shown_as_error(contextlib.AbstractContextManager):
    """`with shown_as_error("the fit"):` runs a block; a ValueError from core (bad input) ends the
    block with a readable message (in the block's own container) instead of a traceback, and the
    page goes on after it."""

    def __init__(self, what: str | None = None, verb: str | None = None) -> None:
        self.what, self.verb = what, verb   # None: show_input_error's defaults, in the reader's language

    def __exit__(self, kind, error, traceback) -> bool:
        if kind is not None and issubclass(kind, ValueError):
            show_input_error(error, self.what, self.verb)
            return True
        return False


_GLOBAL_CSS = "<style>" + (Path(__file__).resolve().parent / "live" / "page.css").read_text(
    encoding="utf-8") + "</style>"


def apply_global_style() -> None:
    """CSS that every page shares (kept tiny: the theme in .streamlit/config.toml does the rest)."""
    st.html(_GLOBAL_CSS)
