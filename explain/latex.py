"""Numbers substituted into the formula panels' LaTeX, written so they read as they compute.

A formula with its current values substituted must give the right number when a reader does the
arithmetic. A negative value breaks that where it is written bare: `-1.05^2` reads as -(1.05²),
and `0 - -2` as a typo. Every substituted number that is raised to a power or follows an operator
goes through here. Pure string functions: no Streamlit, so tests call them directly.
"""

from __future__ import annotations

import math


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


def count(n: int) -> str:
    """A whole number in a formula, its thousands grouped with `{,}`: a bare comma in LaTeX maths is
    punctuation and is followed by a space ("1, 000"); in braces it is set as a separator ("1,000")."""
    return f"{n:,}".replace(",", "{,}")


def last_digit(result: float, significant: int) -> float:
    """The place value of the last digit of `result` shown with `significant` significant digits."""
    return 10.0 ** (math.floor(math.log10(abs(result))) - significant + 1) if result else 10.0 ** -significant


def digits_to_reproduce(value: float, times: float, unit: float) -> int:
    """How many significant digits `value` needs so that `times` × value, worked out from the digits shown,
    is right to within a quarter of `unit` (the last digit the formula's result is shown with): rounding
    value to d digits moves the product by at most |times| × ½ × 10^(e − d + 1), e = value's exponent."""
    if value == 0 or times == 0:
        return 4
    exponent = math.floor(math.log10(abs(value)))
    needed = math.ceil(exponent + 1 - math.log10(unit / (2 * abs(times))))
    return min(max(needed, 4), 17)


def factor(value: float, times: float, unit: float) -> str:
    """`value` as an operand (negative in parentheses), with the digits digits_to_reproduce asks for."""
    return operand(value, f".{digits_to_reproduce(value, times, unit)}g")
