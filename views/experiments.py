"""A class experiment: every student's device runs the page's experiment with a seed of its own and sends one
small result; the projector pools the class's results against what theory says they should be (issue 33).

A page's views declare their experiments (`EXPERIMENTS = {"name": Experiment(...)}`, found by
concepts.experiments() as "<page>.<name>"), and a lesson step asks the class to run one (`[steps.pool]`,
ui/pools.py). An experiment is two pure functions of the page's state:

- `run(state, seed)`: one device's result, a number (a whole number where the outcomes are whole: a count of
  heads, a token's id);
- `outcomes(state)`: what theory says a result is: the results a device can give (their bounds), the theory's
  density or probabilities over them, a value they gather around, and names for named outcomes (tokens).

What travels is the result, as text (a few characters), never a rerun of anyone's page. It is computed by the
student's own session, never taken from the browser, and it is checked against the outcomes twice: before it
is stored, and when it is read back (`parse_result`), so a stored value that is not a result of this
experiment in this state can never reach the class's figure.
"""

from __future__ import annotations

import hashlib
import math
from dataclasses import dataclass, field
from typing import Any, Callable, Mapping

import numpy as np


@dataclass(frozen=True)
class Curve:
    """A further theory curve drawn beside the main one (e.g. N(0, 1) beside the exact law of Z_N)."""
    name: str
    x: np.ndarray
    y: np.ndarray


@dataclass(frozen=True)
class Outcomes:
    """What theory says one device's result is, in one state of the page."""
    low: float                   # every result lies in [low, high]
    high: float
    x: np.ndarray                # where the theory is drawn: a grid, or the whole results it gives weight to
    weight: np.ndarray           # the density on x, or (whole results) the probability of each
    whole: bool                  # results are whole numbers
    theory_name: str             # what `weight` is, for the legend ("exact law of Z_N", "Binomial(10, 0.7)")
    result_name: str             # what one result is, for the axis ("heads in 10 flips")
    reference: float | None = None       # where the results gather (0 for Z_N, nθ for heads)
    names: tuple[str, ...] = ()          # whole results with names: names[k] is result k's (a token's text)
    also: tuple[Curve, ...] = field(default_factory=tuple)


@dataclass(frozen=True)
class Experiment:
    run: Callable[[Mapping[str, Any], int], float]
    outcomes: Callable[[Mapping[str, Any]], Outcomes]
    # What the class's results say taken together, in words, where that is more than their histogram (the Beta
    # posterior from every student's flips pooled); None where it is not.
    summary: Callable[[Mapping[str, Any], np.ndarray], str] | None = None


def device_seed(member: str, pool_id: str) -> int:
    """A device's own seed for one experiment: fixed by who it is and which experiment, so running it again gives
    the same result (one result per student, whatever they press), and different for every student."""
    digest = hashlib.sha256(f"{pool_id}\x00{member}".encode()).digest()
    return int.from_bytes(digest[:4], "big")


def result_text(value: float, outcomes: Outcomes) -> str:
    """A result as it is stored: a whole number as digits, any other with 9 significant digits (a few characters
    whatever the value, within the store's 64)."""
    return str(int(value)) if outcomes.whole else f"{value:.9g}"


def parse_result(text: str, outcomes: Outcomes) -> float | None:
    """A stored result as a number, or None when it cannot be a result of this experiment: not a number, not
    finite, outside the outcomes' bounds, or not whole where results are."""
    try:
        value = float(text)
    except (TypeError, ValueError):
        return None
    if not math.isfinite(value) or not outcomes.low <= value <= outcomes.high:
        return None
    if outcomes.whole and value != int(value):
        return None
    return value


def pooled_results(texts: list[str], outcomes: Outcomes) -> np.ndarray:
    """The class's results that are results of this experiment (the rest left out)."""
    values = [parse_result(text, outcomes) for text in texts]
    return np.asarray([value for value in values if value is not None], dtype=float)
