"""A lesson step's class experiment: every student's device runs it, the projector pools the results (issue 33).

A step may ask the class to run one of its page's experiments (lessons/*.toml):

    [steps.pool]
    experiment = "clt.standardised_mean"    # "<page>.<name>" in that page's views.EXPERIMENTS
    ask = "Every device averages 5 exponential draws of its own: where do the class's means land?"
    # at = { n = 5 }                        # the state it runs in: the step's, changed by these

The experiment runs in the step's state (the page's defaults, the step's state, then `at`), so every student
runs the same experiment, each with a seed of their own (views.experiments.device_seed), and the teacher's
figure compares the class's results with the same state's theory. The results are stored like a question's
answers, under the pool's id ("pool:<lesson>:<step>"): one per student (a second run gives the same result and
replaces nothing), anonymous, within the room's caps (classroom/store.py).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Mapping

import concepts
from views.experiments import Experiment, Outcomes, device_seed, result_text

POOL_PREFIX = "pool:"
SOLO_CLASS = 100       # a learner alone sees the experiment run by this many simulated devices


@dataclass(frozen=True)
class Pool:
    id: str                                  # "pool:<lesson>:<step>": the results are stored under it
    page: str
    experiment: str                          # a name in concepts.experiments()
    ask: str
    state: Mapping[str, Any] = field(default_factory=dict)   # the step's state with `at` applied

    def full_state(self) -> dict[str, Any]:
        return concepts.specs_by_stem()[self.page].defaults() | dict(self.state)

    def _experiment(self) -> Experiment:
        return concepts.experiments()[self.experiment]

    def outcomes(self) -> Outcomes:
        return self._experiment().outcomes(self.full_state())

    def summary(self, results) -> str | None:
        """What the class's results say together (views.experiments.Experiment.summary), or None."""
        summary = self._experiment().summary
        return None if summary is None or not len(results) else summary(self.full_state(), results)

    def result_of(self, member: str) -> str:
        """One device's result, as stored: the experiment run with that member's own seed."""
        return self._result_text(member, self.full_state(), self.outcomes())

    def simulated_class(self, size: int = SOLO_CLASS) -> list[str]:
        """The results `size` devices would send (seeded by their place in the class): what a learner alone
        sees, and what the benchmark's students send. The state and the outcomes are computed once."""
        state, outcomes = self.full_state(), self.outcomes()
        return [self._result_text(f"simulated-{place}", state, outcomes) for place in range(size)]

    def _result_text(self, member: str, state: Mapping[str, Any], outcomes: Outcomes) -> str:
        value = self._experiment().run(state, device_seed(member, self.id))
        return result_text(value, outcomes)


def parse_pool(pool_id: str, page: str, step_state: Mapping[str, Any], raw: Mapping[str, Any]) -> Pool:
    """A pool from a step's TOML table; ValueError saying what is wrong (tests load every lesson)."""
    experiment, ask = raw.get("experiment"), raw.get("ask")
    if not ask or experiment not in concepts.experiments():
        raise ValueError(f"{pool_id}: a class experiment needs `ask` and an `experiment` from "
                         f"{', '.join(concepts.experiments())}")
    if experiment.split(".", 1)[0] != page:
        raise ValueError(f"{pool_id}: the experiment {experiment} is not one of the page {page}'s")
    at = raw.get("at", {})
    problems = concepts.specs_by_stem()[page].state_problems(at)
    if problems:
        raise ValueError(f"{pool_id}: {'; '.join(problems)}")
    return Pool(POOL_PREFIX + pool_id, page, experiment, str(ask), {**step_state, **at})
