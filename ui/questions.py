"""Predict, then reveal: a lesson step's question, and its true answer computed from core.

A step may carry one question (lessons/*.toml):

    [steps.question]
    ask = "After 7 heads and 3 tails, where will the posterior mean be?"
    answer = "beta.posterior_mean"         # "<page>.<name>" in that page's views.ANSWERS (concepts.answers())
    at = { heads = 7, tails = 3 }          # the state it is computed in: the step's, changed by these
    # options = ["KL(p‖q)", "KL(q‖p)"]    # a multiple-choice question; without options, a number
    # range = [0, 1]                        # a number outside is refused when sent (default: a wide window)
    # tolerance = 0.05                      # within this of the truth an answer is "close" (default: 10%)

The truth is never written in the lesson: it is computed by the same core functions the page uses, in
the page's state (its defaults, the step's state, then `at`), so a question cannot drift from the page.
A multiple-choice answer function returns one of the options.

An answer is judged when the truth is revealed: *right* when it shows as the truth does (4 significant
digits), *close* within the question's tolerance, else *not quite*; a choice is right or not. A number is
refused when sent if it is not finite or outside the question's range, so the class's chart (and the
teacher's page) is never fed 1e308 beside -1e308.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any, Mapping

import concepts


DEFAULT_RELATIVE_TOLERANCE = 0.10
# Without a declared range, answers within this many times the truth's size (at least 1) either side of zero:
# wide enough for any sincere guess, and it does not give away where the truth is.
WINDOW_SCALE = 1000.0
LARGEST_ANSWER = 1e12      # a declared range is inside ±this, so a histogram's span is always a finite number


@dataclass(frozen=True)
class Question:
    id: str                                  # "<lesson>:<step>": answers are stored under it
    page: str
    ask: str
    answer: str                              # a name in concepts.answers()
    state: Mapping[str, Any] = field(default_factory=dict)   # the step's state with `at` applied
    options: tuple[str, ...] = ()
    range: tuple[float, float] | None = None    # numbers outside are refused when sent
    tolerance: float | None = None              # |answer − truth| within it: close

    @property
    def is_choice(self) -> bool:
        return bool(self.options)

    def truth(self) -> float | str:
        spec = concepts.specs_by_stem()[self.page]
        full = spec.defaults() | dict(self.state)
        return concepts.answers()[self.answer](full)

    def window(self, truth: float) -> tuple[float, float]:
        """The numbers this question accepts: its declared range, else ±WINDOW_SCALE·max(|truth|, 1)."""
        if self.range is not None:
            return self.range
        half = min(LARGEST_ANSWER, WINDOW_SCALE * max(abs(truth), 1.0))
        return -half, half

    def refusal(self, answer: float, truth: float) -> tuple[float, float] | None:
        """None when a number may be sent; else the window it lies outside (a NaN or an infinity too)."""
        low, high = self.window(truth)
        return None if math.isfinite(answer) and low <= answer <= high else (low, high)

    def allowed_error(self, truth: float) -> float:
        return self.tolerance if self.tolerance is not None else DEFAULT_RELATIVE_TOLERANCE * abs(truth)

    def verdict(self, answer: float | str, truth: float | str) -> str:
        """"right", "close" or "off": a choice is right or off; a number is right when it shows as the truth
        does, close within the tolerance."""
        if self.is_choice or isinstance(truth, str) or isinstance(answer, str):
            return "right" if answer == truth else "off"
        if self.shown(answer) == self.shown(truth):
            return "right"
        return "close" if abs(answer - truth) <= self.allowed_error(truth) else "off"

    def parse_answer(self, stored: str) -> float | str | None:
        """A stored answer as judged: an option when it is one of this question's options, a finite number for a
        number question; None for anything else (a value stored before it was checked, or forged), which every
        reader (the chart, the wall, the report) leaves out."""
        if self.is_choice:
            return stored if stored in self.options else None
        try:
            value = float(stored)
        except (TypeError, ValueError):
            return None
        return value if math.isfinite(value) else None

    def parsed_answers(self, stored: list[str]) -> list[float | str]:
        """The stored answers that are answers, parsed, in the order given."""
        return [given for given in map(self.parse_answer, stored) if given is not None]

    def shown(self, value: float | str) -> str:
        """An answer as the class sees it: an option as it is, a number to 4 significant digits."""
        if isinstance(value, str):
            return value
        if value == 0 or not math.isfinite(value):
            return f"{value:g}"
        return f"{value:.4g}" if 1e-3 <= abs(value) < 1e5 else f"{value:.3e}"


def parse_question(question_id: str, page: str, step_state: Mapping[str, Any], raw: Mapping[str, Any]) -> Question:
    """A question from a step's TOML table; ValueError saying what is wrong (tests load every lesson)."""
    ask, answer = raw.get("ask"), raw.get("answer")
    if not ask or answer not in concepts.answers():
        raise ValueError(f"{question_id}: a question needs `ask` and an `answer` from {', '.join(concepts.answers())}")
    at = raw.get("at", {})
    problems = concepts.specs_by_stem()[page].state_problems(at)
    if problems:
        raise ValueError(f"{question_id}: {'; '.join(problems)}")
    options = tuple(str(option) for option in raw.get("options", ()))
    window = _declared_range(question_id, raw.get("range"))
    tolerance = raw.get("tolerance")
    if tolerance is not None and (not isinstance(tolerance, (int, float)) or not 0 < tolerance < LARGEST_ANSWER):
        raise ValueError(f"{question_id}: `tolerance` must be a positive number")
    # The truth is not computed here (some need a model fit): tests/ui/test_questions.py checks that
    # every shipped question's truth is a number, or one of its options.
    return Question(question_id, page, str(ask), answer, {**step_state, **at}, options, window,
                    None if tolerance is None else float(tolerance))


def _declared_range(question_id: str, raw: Any) -> tuple[float, float] | None:
    if raw is None:
        return None
    if (not isinstance(raw, (list, tuple)) or len(raw) != 2 or not all(isinstance(v, (int, float)) for v in raw)
            or not -LARGEST_ANSWER <= raw[0] < raw[1] <= LARGEST_ANSWER):
        raise ValueError(f"{question_id}: `range` must be [low, high] with low < high, within ±{LARGEST_ANSWER:g}")
    return float(raw[0]), float(raw[1])
