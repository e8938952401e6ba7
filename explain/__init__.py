"""What the pages say about their numbers, built without Streamlit so tests can call it.

A page's metric panels (label, value, the formula with the current numbers substituted, what it
means), its interpretation sentence and its captions are pure functions of a core result here;
the page only loops over them. Substituted numbers go through `explain.latex`, so a negative value
raised to a power or following an operator is parenthesised.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

# A hyphen that starts a number (at the start, or after a space, bracket or slash): the sign of a negative
# value. Not one inside a word, a range ("2-11") or an exponent ("1e-05").
_SIGN_HYPHEN = re.compile(r"(?<![\w.)\]])-(?=[\d.∞])")


def typeset_minus(text: str) -> str:
    """Negative numbers with a true minus sign: "−0.25", not "-0.25" (a hyphen is shorter than a plus sign and
    reads as a dash next to one: issue 31, one format per kind of quantity)."""
    return _SIGN_HYPHEN.sub("\u2212", text)


class Code(str):
    """A table cell that is a line of code (a kernel's line, a library call): shown in a monospace font and never
    translated, whatever the reader's language."""

    __slots__ = ()


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

    def __post_init__(self) -> None:
        # Every value shown, at rest and in a live family's readouts, goes through here: one minus sign.
        for name in ("value", "note"):
            if isinstance(getattr(self, name), str):
                object.__setattr__(self, name, typeset_minus(getattr(self, name)))


def grouped(value: float, significant: int) -> str:
    """A metric's value to `significant` significant digits, its thousands grouped: "-2,113,178.1" and "249,454",
    where ".8g" wrote "-2113178.1" beside ".6g"'s "249454" (issue 31: one format per kind of quantity)."""
    if value == 0 or not math.isfinite(value):
        return f"{value:g}"
    whole_digits = math.floor(math.log10(abs(value))) + 1
    return f"{value:,.{max(0, significant - whole_digits)}f}"
