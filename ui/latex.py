"""Numbers substituted into the formula panels' LaTeX, written so they read as they compute.

A formula with its current values substituted must give the right number when a reader does the
arithmetic. A negative value breaks that where it is written bare: `-1.05^2` reads as -(1.05²),
and `0 - -2` as a typo. Every substituted number that is raised to a power or follows an operator
goes through here. Pure string functions: no Streamlit, so tests call them directly.
"""

from __future__ import annotations


def number(value: float, spec: str = "g") -> str:
    """`value` formatted with the format spec `spec` (e.g. ".4g", ".4f")."""
    return format(value, spec)


def operand(value: float, spec: str = "g") -> str:
    """`value` as the right-hand side of +, − or ×: a negative number in parentheses."""
    text = number(value, spec)
    return f"({text})" if text.startswith("-") else text


def power(value: float, exponent: int | str, spec: str = "g") -> str:
    """`value` raised to `exponent`: a negative base in parentheses, so (−1.05)² and not −1.05²."""
    return f"{operand(value, spec)}^{{{exponent}}}"
