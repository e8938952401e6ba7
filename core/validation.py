"""Argument checks shared by every `core` module, and the error they raise for bad input.

Each check raises `InputError` (a ValueError) with a message that names the argument, states the
rule it broke and shows the offending value ("scale must be > 0; got -1.0 at index 3"). The
message is an English template with named fields: `str(error)` is the English sentence (for
tests, logs and callers of the API), and the UI shows the template in the reader's language with
the same fields (i18n.error_message), so core never needs to know who is reading.
"""

from __future__ import annotations

import math
import re
from typing import Any

import numpy as np


class InputError(ValueError):
    """Bad input from a reader (a value, a paste, a model name), said so that it can be acted on.

    `template` is the English message with {named} fields (extracted for translation: `InputError` is
    a catalogue keyword); a field that is itself a phrase to translate is passed as `lazy_text(...)`."""

    def __init__(self, template: str, **fields: Any) -> None:
        self.template, self.fields = template, fields
        super().__init__(template.format(**fields))



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
        raise InputError("{name} must be numeric; got {kind}", name=name, kind=type(value).__name__) from exc
    if ndim == 1 and array.ndim == 0:
        array = array.reshape(1)
    if array.ndim != ndim:
        raise InputError("{name} must be {ndim}-D; got shape {shape}", name=name, ndim=ndim, shape=tuple(array.shape))
    return array


def require_nonempty(name: str, array: Any) -> None:
    """Raise unless the array-like has at least one element."""
    size = array.numel() if hasattr(array, "numel") else np.size(array)
    if size == 0:
        raise InputError("{name} must not be empty; got shape {shape}", name=name, shape=tuple(array.shape))


def require_finite(name: str, array: np.ndarray) -> None:
    """Raise unless every element is finite; the message points at the first bad one."""
    bad = ~np.isfinite(array)
    if bad.any():
        index = tuple(int(i) for i in np.argwhere(bad)[0])
        raise InputError("{name} must be finite; got {value} at index {index}", name=name,
                         value=_describe(float(array[index])), index=index[0] if len(index) == 1 else index)


def require_positive(name: str, array: np.ndarray) -> None:
    """Raise unless every element is finite and strictly positive."""
    require_finite(name, array)
    bad = array <= 0
    if bad.any():
        index = tuple(int(i) for i in np.argwhere(bad)[0])
        raise InputError("{name} must be > 0; got {value} at index {index}", name=name,
                         value=_describe(float(array[index])), index=index[0] if len(index) == 1 else index)


def require_same_shape(**arrays: np.ndarray) -> None:
    """Raise unless all named arrays share one shape; the message lists every shape."""
    shapes = {name: tuple(a.shape) for name, a in arrays.items()}
    if len(set(shapes.values())) > 1:
        listed = ", ".join(f"{name} {shape}" for name, shape in shapes.items())
        raise InputError("shapes must match: {listed}", listed=listed)


def require_probability_rows(name: str, weights: np.ndarray, atol: float = 1e-6) -> None:
    """Raise unless every row is non-negative and sums to 1 within `atol`.

    The tolerance admits weights typed or rounded by hand (0.333, 0.333, 0.334) while catching
    genuinely unnormalised input; callers that want exact normalisation divide by the sum first.
    """
    require_finite(name, weights)
    negative = weights < 0
    if negative.any():
        index = tuple(int(i) for i in np.argwhere(negative)[0])
        raise InputError("{name} must be >= 0; got {value} at index {index}", name=name,
                         value=_describe(float(weights[index])), index=index)
    sums = weights.sum(axis=-1)
    off = np.abs(sums - 1.0) > atol
    if off.any():
        row = int(np.argwhere(off)[0][0])
        raise InputError("each row of {name} must sum to 1; row {row} sums to {total:.8g}", name=name, row=row,
                         total=float(sums[row]))


def require_in_range(name: str, value: float, low: float, high: float) -> float:
    """Return `value` as a float if low <= value <= high (and finite), else raise."""
    try:
        number = float(value)
    except (TypeError, ValueError) as exc:
        raise InputError("{name} must be a number; got {value!r}", name=name, value=value) from exc
    if not math.isfinite(number) or not low <= number <= high:
        raise InputError("{name} must be between {low:g} and {high:g}; got {value}", name=name, low=low, high=high,
                         value=_describe(number))
    return number


def require_one_of(name: str, value: Any, options: tuple) -> Any:
    """Return `value` if it is one of `options`, else raise naming them."""
    if value not in options:
        raise InputError("{name} must be one of {options}; got {value!r}", name=name,
                         options=", ".join(map(str, options)), value=_describe(value))
    return value


_SEPARATORS = re.compile(r"[,;\s]+")


def _first_bad_token(text: str) -> InputError:
    """Where a paste fails to parse, as "line L: 'token' is not a number" (slow path, errors only)."""
    for line_number, line in enumerate(text.splitlines(), start=1):
        for token in _SEPARATORS.split(line.strip()):
            if not token:
                continue
            try:
                number = float(token)
            except ValueError:
                return InputError("line {line}: {token!r} is not a number", line=line_number, token=token[:30])
            if not math.isfinite(number):
                return InputError("line {line}: {token!r} is not a finite number", line=line_number, token=token[:30])
    return InputError("the text is not a list of numbers")


def parse_numbers(text: str, *, max_values: int, min_values: int, purpose: str) -> np.ndarray:
    """Numbers separated by commas, semicolons, spaces or new lines, as a float64 array.

    InputError names the first bad line and token, or says how many numbers are needed `purpose`
    (`lazy_text("to fit a mixture")`: a phrase shown in the reader's language). All values equal is
    refused: no model with a scale can be fitted to it. numpy converts the whole token list in one
    call (a 10-million-number upload in a few seconds); the line-by-line search for the culprit runs
    only when that fails.
    """
    if len(text) > 40 * max_values:
        raise InputError("pasted data must be at most {limit:,} characters; got {length:,}", limit=40 * max_values,
                         length=len(text))
    tokens = [token for token in _SEPARATORS.split(text.strip()) if token]
    if len(tokens) > max_values:
        raise InputError("at most {limit:,} numbers can be used; got {count:,}", limit=max_values, count=len(tokens))
    try:
        values = np.array(tokens, dtype=np.float64)
    except ValueError:
        raise _first_bad_token(text) from None
    if not np.isfinite(values).all():
        raise _first_bad_token(text)
    if values.size < min_values:
        raise InputError("need at least {minimum} numbers {purpose}; got {count}", minimum=min_values, purpose=purpose,
                         count=values.size)
    if np.ptp(values) == 0:
        raise InputError("all the numbers are equal ({value:g}): there is no spread {purpose}", value=values[0],
                         purpose=purpose)
    return values
