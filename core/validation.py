"""Argument checks shared by every `core` module.

Each check raises `ValueError` with a message that names the argument, states the rule it
broke and shows the offending value, so a page can show the message to a user as it is
("scale must be > 0; got -1.0 at index 3").
"""

from __future__ import annotations

import math
import re
from typing import Any

import numpy as np


def _describe(value: Any) -> str:
    """A short, user-readable rendering of a bad value (arrays are never dumped whole)."""
    if isinstance(value, float):
        return repr(value)
    return str(value)


def as_float_array(name: str, value: Any, ndim: int) -> np.ndarray:
    """Convert `value` to a float64 array of exactly `ndim` dimensions, or raise ValueError.

    A scalar is accepted where a 1-D array is expected (it becomes shape (1,)), because a single
    setting is a perfectly good grid of one.
    """
    try:
        array = np.asarray(value, dtype=np.float64)
    except (TypeError, ValueError) as exc:
        raise ValueError(f"{name} must be numeric; got {type(value).__name__}") from exc
    if ndim == 1 and array.ndim == 0:
        array = array.reshape(1)
    if array.ndim != ndim:
        raise ValueError(f"{name} must be {ndim}-D; got shape {tuple(array.shape)}")
    return array


def require_nonempty(name: str, array: Any) -> None:
    """Raise unless the array-like has at least one element."""
    size = array.numel() if hasattr(array, "numel") else np.size(array)
    if size == 0:
        raise ValueError(f"{name} must not be empty; got shape {tuple(array.shape)}")


def require_finite(name: str, array: np.ndarray) -> None:
    """Raise unless every element is finite; the message points at the first bad one."""
    bad = ~np.isfinite(array)
    if bad.any():
        index = tuple(int(i) for i in np.argwhere(bad)[0])
        where = f" at index {index[0] if len(index) == 1 else index}"
        raise ValueError(f"{name} must be finite; got {_describe(float(array[index]))}{where}")


def require_positive(name: str, array: np.ndarray) -> None:
    """Raise unless every element is finite and strictly positive."""
    require_finite(name, array)
    bad = array <= 0
    if bad.any():
        index = tuple(int(i) for i in np.argwhere(bad)[0])
        where = f" at index {index[0] if len(index) == 1 else index}"
        raise ValueError(f"{name} must be > 0; got {_describe(float(array[index]))}{where}")


def require_same_shape(**arrays: np.ndarray) -> None:
    """Raise unless all named arrays share one shape; the message lists every shape."""
    shapes = {name: tuple(a.shape) for name, a in arrays.items()}
    if len(set(shapes.values())) > 1:
        listed = ", ".join(f"{name} {shape}" for name, shape in shapes.items())
        raise ValueError(f"shapes must match: {listed}")


def require_probability_rows(name: str, weights: np.ndarray, atol: float = 1e-6) -> None:
    """Raise unless every row is non-negative and sums to 1 within `atol`.

    The tolerance admits weights typed or rounded by hand (0.333, 0.333, 0.334) while catching
    genuinely unnormalised input; callers that want exact normalisation divide by the sum first.
    """
    require_finite(name, weights)
    negative = weights < 0
    if negative.any():
        index = tuple(int(i) for i in np.argwhere(negative)[0])
        raise ValueError(f"{name} must be >= 0; got {_describe(float(weights[index]))} at index {index}")
    sums = weights.sum(axis=-1)
    off = np.abs(sums - 1.0) > atol
    if off.any():
        row = int(np.argwhere(off)[0][0])
        raise ValueError(f"each row of {name} must sum to 1; row {row} sums to {float(sums[row]):.8g}")


def require_in_range(name: str, value: float, low: float, high: float) -> float:
    """Return `value` as a float if low <= value <= high (and finite), else raise."""
    try:
        number = float(value)
    except (TypeError, ValueError) as exc:
        raise ValueError(f"{name} must be a number; got {value!r}") from exc
    if not math.isfinite(number) or not low <= number <= high:
        raise ValueError(f"{name} must be between {low:g} and {high:g}; got {_describe(number)}")
    return number


_SEPARATORS = re.compile(r"[,;\s]+")


def _first_bad_token(text: str) -> str:
    """Where a paste fails to parse, as "line L: 'token' is not a number" (slow path, errors only)."""
    for line_number, line in enumerate(text.splitlines(), start=1):
        for token in _SEPARATORS.split(line.strip()):
            if not token:
                continue
            try:
                number = float(token)
            except ValueError:
                return f"line {line_number}: {token[:30]!r} is not a number"
            if not math.isfinite(number):
                return f"line {line_number}: {token[:30]!r} is not a finite number"
    return "the text is not a list of numbers"


def parse_numbers(text: str, *, max_values: int, min_values: int, purpose: str) -> np.ndarray:
    """Numbers separated by commas, semicolons, spaces or new lines, as a float64 array.

    ValueError names the first bad line and token, or says how many numbers are needed `purpose`
    ("to fit a mixture"). All values equal is refused: no model with a scale can be fitted to it.
    numpy converts the whole token list in one call (a 10-million-number upload in a few seconds);
    the line-by-line search for the culprit runs only when that fails.
    """
    if len(text) > 40 * max_values:
        raise ValueError(f"pasted data must be at most {40 * max_values:,} characters; got {len(text):,}")
    tokens = [token for token in _SEPARATORS.split(text.strip()) if token]
    if len(tokens) > max_values:
        raise ValueError(f"at most {max_values:,} numbers can be used; got {len(tokens):,}")
    try:
        values = np.array(tokens, dtype=np.float64)
    except ValueError:
        raise ValueError(_first_bad_token(text)) from None
    if not np.isfinite(values).all():
        raise ValueError(_first_bad_token(text))
    if values.size < min_values:
        raise ValueError(f"need at least {min_values} numbers {purpose}; got {values.size}")
    if np.ptp(values) == 0:
        raise ValueError(f"all the numbers are equal ({values[0]:g}): there is no spread {purpose}")
    return values
