"""What the pages say about their numbers, built without Streamlit so tests can call it.

A page's metric panels (label, value, the formula with the current numbers substituted, what it
means), its interpretation sentence and its captions are pure functions of a core result here;
the page only loops over them. Substituted numbers go through `explain.latex`, so a negative value
raised to a power or following an operator is parenthesised.
"""

from __future__ import annotations

import math
from dataclasses import dataclass


@dataclass(frozen=True)
class Panel:
    """One key number and how it is computed.

    `formula` is one LaTeX line or several (stacked); None for a number with no formula (e.g.
    "does not apply"), shown without a "How is this computed?" popover.
    """

    label: str
    value: str
    formula: str | tuple[str, ...] | None = None
    explanation: str = ""
    note: str | None = None
    help: str | None = None


def grouped(value: float, significant: int) -> str:
    """A metric's value to `significant` significant digits, its thousands grouped: "-2,113,178.1" and "249,454",
    where ".8g" wrote "-2113178.1" beside ".6g"'s "249454" (issue 31: one format per kind of quantity)."""
    if value == 0 or not math.isfinite(value):
        return f"{value:g}"
    whole_digits = math.floor(math.log10(abs(value))) + 1
    return f"{value:,.{max(0, significant - whole_digits)}f}"
