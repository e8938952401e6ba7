"""Page furniture shared by every page: the header, error messages, the compute-backend note."""

from __future__ import annotations

from typing import Any

import streamlit as st

from ui.share import presenting
from viz.export import figure_csv
from viz.theme import FigureSpec, plotly_config, precomputed


def page_header(title: str, question: str) -> None:
    """The title and the one question the page answers (page contract, item 1)."""
    st.title(title)
    st.markdown(f"<p class='page-question'>{question}</p>", unsafe_allow_html=True)


# Every page cache is bounded twice: by max_entries (memory) and by this time to live, so that
# entries from a finished lecture do not sit in a long-running server's memory.
CACHE_TTL = "2h"


def show_figure(figure: FigureSpec, name: str, where: Any = st) -> None:
    """A figure in the house style: our template (not Streamlit's theme), PNG export (scale 2) from
    the mode bar, and, outside presenter mode, a CSV of the plotted data built only when clicked."""
    present = presenting()
    where.plotly_chart(precomputed(figure, presenter=present), config=plotly_config(name), theme=None, key=name)
    if not present:
        where.download_button("Data (CSV)", data=lambda: figure_csv(figure), file_name=f"{name}.csv",
                              mime="text/csv", key=f"{name}-csv", icon=":material/download:", type="tertiary")


def show_snippet(code: str) -> None:
    """A short numpy/scipy script that reproduces the page's key numbers for the current state."""
    if presenting():
        return
    with st.expander("Reproduce these numbers in Python (numpy and scipy only)", icon=":material/code:"):
        st.code(code.strip(), language="python")


def metric_slots(count: int, per_row: int = 2) -> list:
    """Containers for `count` metrics, `per_row` to a row: wide enough that no value is cut off."""
    slots = []
    for start in range(0, count, per_row):
        slots.extend(st.columns(per_row))
    return slots[:count]


def show_input_error(error: Exception, what: str = "these settings", verb: str = "compute") -> None:
    """A readable message for a ValueError from `core`; the rest of the page keeps working."""
    st.error(f"Cannot {verb} {what}: {error}", icon=":material/error:")


_GLOBAL_CSS = """
<style>
.page-question { font-size: 1.15rem; color: #3b4252; margin-top: -0.6rem; }
</style>
"""


def apply_global_style() -> None:
    """CSS that every page shares (kept tiny: the theme in .streamlit/config.toml does the rest)."""
    st.html(_GLOBAL_CSS)
