"""Predict, then reveal: a lesson step's question, and its true answer computed from core.

A step may carry one question (lessons/*.toml):

    [steps.question]
    ask = "After 7 heads and 3 tails, where will the posterior mean be?"
    answer = "beta.posterior_mean"         # a name in ANSWERS below: how core computes the truth
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
from typing import Any, Callable, Mapping

from core import clt, conjugate, fisher, gmm, kl, mvn, stability
from specs import BY_STEM as PAGE_SPECS_BY_STEM


def _clt_distance(state: Mapping[str, Any]) -> float:
    """Kolmogorov distance of the standardised mean of N draws from N(0, 1), exact (docs/maths.md, CLT)."""
    law = clt.source_law(state["dist"], p=state["p"], rate=state["rate"])
    return float(clt.exact_kolmogorov_distance(law, int(state["n"])))


def _conditional_mean(state: Mapping[str, Any]) -> float:
    return mvn.condition(state["mu1"], state["mu2"], state["s1"], state["s2"], state["rho"], state["x2"]).cond_mean


def _posterior_mean(state: Mapping[str, Any]) -> float:
    return conjugate.beta_posterior(state["a"], state["b"], int(state["heads"]), int(state["tails"])).mean


def _bic_choice(state: Mapping[str, Any]) -> str:
    """Which model BIC prefers on the page's simulated data: "one Gaussian" or "the mixture"."""
    x = gmm.simulate_mixture(state["sep"], state["w"], state["sd1"], state["sd2"], int(state["n"]), int(state["seed"]))
    comparison = gmm.compare(x, gmm.fit_em(x, int(state["k"]), int(state["seed"]), int(state["restarts"])))
    return "the mixture" if comparison.bic_gain > 0 else "one Gaussian"


def _larger_kl(state: Mapping[str, Any]) -> str:
    forward = kl.kl_normal(state["m1"], state["s1"], state["m2"], state["s2"])
    reverse = kl.kl_normal(state["m2"], state["s2"], state["m1"], state["s1"])
    return "KL(p‖q)" if forward > reverse else "KL(q‖p)"


def _cramer_rao_bound(state: Mapping[str, Any]) -> float:
    """1 / (n I(θ)): the smallest variance an unbiased estimator can have."""
    model = fisher.get_model(state["model"])
    return 1.0 / (int(state["n"]) * model.information(float(state["theta"])))


def _nucleus_size(state: Mapping[str, Any]) -> float:
    """How many characters survive the sampling pipeline on the page's model and prompt."""
    from views.sampling import next_token_view  # the page's own cached model and distribution
    from specs.sampling import Settings

    settings = Settings(state["temperature"], int(state["top_k"]), state["top_p"], state["min_p"])
    view = next_token_view(state["model"], state["prompt"], settings, int(state["seed"]))
    return float(view.stages.kept.sum())


def _stable_logsumexp(state: Mapping[str, Any]) -> float:
    """The max-shifted log-sum-exp of the two-bump mixture's terms d sds out (docs/maths.md, stability)."""
    return stability.underflow_row(float(state["shift"])).stable


ANSWERS: dict[str, Callable[[Mapping[str, Any]], float | str]] = {
    "clt.distance_from_normal": _clt_distance,
    "mvn.conditional_mean": _conditional_mean,
    "beta.posterior_mean": _posterior_mean,
    "gmm.bic_choice": _bic_choice,
    "kl.larger_direction": _larger_kl,
    "fisher.cramer_rao_bound": _cramer_rao_bound,
    "sampling.characters_kept": _nucleus_size,
    "likelihood.stable_logsumexp": _stable_logsumexp,
}


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
    answer: str                              # a name in ANSWERS
    state: Mapping[str, Any] = field(default_factory=dict)   # the step's state with `at` applied
    options: tuple[str, ...] = ()
    range: tuple[float, float] | None = None    # numbers outside are refused when sent
    tolerance: float | None = None              # |answer − truth| within it: close

    @property
    def is_choice(self) -> bool:
        return bool(self.options)

    def truth(self) -> float | str:
        spec = PAGE_SPECS_BY_STEM[self.page]
        full = {param.key: param.default for param in spec.params} | dict(self.state)
        return ANSWERS[self.answer](full)

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
    if not ask or answer not in ANSWERS:
        raise ValueError(f"{question_id}: a question needs `ask` and an `answer` from {', '.join(ANSWERS)}")
    at = raw.get("at", {})
    problems = PAGE_SPECS_BY_STEM[page].state_problems(at)
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
