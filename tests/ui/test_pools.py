"""Class experiments (views/experiments.py, ui/pools.py): each device's result is a result the experiment can
give, fixed by the device's own seed; a class of simulated devices agrees with the theory the projector draws;
a forged or malformed stored value never reaches the class's figure; every shipped lesson's pool loads."""

from __future__ import annotations

import math

import numpy as np
import pytest
from scipy import stats

import concepts
from ui.lessons import load_lessons, parse_lesson
from ui.pools import POOL_PREFIX, Pool, parse_pool
from views.experiments import device_seed, parse_result, pooled_results, result_text

CLASS = 2000        # simulated devices per statistical check: a 4-sigma band is then a few percent wide


def shipped_pools() -> list[Pool]:
    return [step.pool for lesson in load_lessons().values() for step in lesson.steps if step.pool is not None]


def test_three_pages_offer_a_class_experiment_in_a_shipped_lesson():
    pages = {pool.page for pool in shipped_pools()}
    assert {"clt", "beta", "sampling", "kl"} <= pages
    assert all(pool.id.startswith(POOL_PREFIX) for pool in shipped_pools())


@pytest.mark.parametrize("pool", shipped_pools(), ids=lambda pool: pool.id)
def test_a_device_gives_one_result_the_experiment_can_give(pool):
    outcomes = pool.outcomes()
    first, again, other = pool.result_of("member-a"), pool.result_of("member-a"), pool.result_of("member-b")
    assert first == again                          # one result per student, whatever they press
    value = parse_result(first, outcomes)
    assert value is not None and parse_result(other, outcomes) is not None
    assert outcomes.low <= value <= outcomes.high and len(first) <= 16
    if outcomes.whole:
        assert value == int(value)
    assert np.all(np.isfinite(outcomes.weight)) and np.all(outcomes.weight >= 0)
    results = pooled_results(pool.simulated_class(40), outcomes)
    assert results.size == 40 and np.unique(results).size > 1     # the devices' seeds differ


def test_a_class_of_standardised_means_follows_the_bell_at_n_100():
    pool = next(pool for pool in shipped_pools() if pool.page == "clt")
    assert pool.full_state()["n"] == 100 and pool.full_state()["dist"] == "exponential"
    z = pooled_results(pool.simulated_class(CLASS), pool.outcomes())
    # Z_N has mean 0 and variance 1 exactly; 4 standard errors (the sd of the sample variance is ≈ √(2/n) here,
    # with the exponential's excess kurtosis 6/N adding little at N = 100).
    assert abs(z.mean()) < 4 / math.sqrt(CLASS)
    assert abs(z.var() - 1) < 4 * math.sqrt(2 / CLASS)
    # and the exact law the projector draws: its CDF against the class's, Kolmogorov-Smirnov at 1%.
    law_cdf = np.cumsum(pool.outcomes().weight) * np.diff(pool.outcomes().x)[0]
    assert stats.kstest(z, lambda t: np.interp(t, pool.outcomes().x, law_cdf)).pvalue > 0.01


def test_a_class_of_coin_flippers_gives_binomial_counts():
    pool = next(pool for pool in shipped_pools() if pool.page == "beta")
    state = pool.full_state()
    flips, theta = int(state["flips"]), float(state["theta"])
    assert (flips, theta) == (10, 0.3)
    heads = pooled_results(pool.simulated_class(CLASS), pool.outcomes())
    assert abs(heads.mean() - flips * theta) < 4 * math.sqrt(flips * theta * (1 - theta) / CLASS)
    observed = np.bincount(heads.astype(int), minlength=flips + 1)
    expected = CLASS * pool.outcomes().weight
    pooled = expected >= 5       # chi-square on the cells with enough expected counts
    chi2 = np.sum((observed[pooled] - expected[pooled]) ** 2 / expected[pooled])
    assert stats.chi2.sf(chi2, pooled.sum() - 1) > 0.001
    assert pool.outcomes().theory_name == "Binomial(10, 0.3)"
    # The class's flips pooled: Beta(2 + H, 2 + T) from every student's 10 flips (here 2,000 simulated).
    total = int(heads.sum())
    summary = pool.summary(heads)
    assert f"{10 * CLASS:,} flips pooled:** {total:,} heads" in summary
    assert f"Beta({2 + total:g}, {2 + 10 * CLASS - total:g})" in summary and "true θ is 0.3" in summary
    mean = (2 + total) / (4 + 10 * CLASS)
    assert f"mean {mean:.3f}" in summary and abs(mean - theta) < 4 * math.sqrt(theta * (1 - theta) / (10 * CLASS))
    assert pool.summary(np.array([])) is None


def test_a_class_of_samplers_follows_the_pipelines_probabilities():
    pool = next(pool for pool in shipped_pools() if pool.page == "sampling")
    outcomes = pool.outcomes()
    units = pooled_results(pool.simulated_class(CLASS), outcomes).astype(int)
    for unit, probability in zip(outcomes.x, outcomes.weight):      # the named, most likely units
        share = np.mean(units == unit)
        assert abs(share - probability) < 4 * math.sqrt(probability * (1 - probability) / CLASS) + 1e-9
    assert outcomes.names and all(0 <= unit < len(outcomes.names) for unit in units)


def test_a_class_of_monte_carlo_estimates_spreads_as_sigma_over_root_n():
    """KL(p‖q) for p = N(0, 1), q = N(0, 0.5²) is 0.8069; the log ratio 1.5 X² + c has sd 1.5 √2 = 2.1213 under p,
    so 100 draws give estimates with standard error 0.2121 (hand-computed, independent of core)."""
    pool = next(pool for pool in shipped_pools() if pool.page == "kl")
    outcomes = pool.outcomes()
    exact = math.log(0.5 / 1.0) + 1.0 / (2 * 0.25) - 0.5            # log(s2/s1) + s1²/(2 s2²) - 1/2
    assert outcomes.reference == pytest.approx(exact, rel=1e-12) and exact == pytest.approx(0.80685, abs=1e-5)
    error = 1.5 * math.sqrt(2) / math.sqrt(100)
    assert "sd 0.212" in outcomes.theory_name
    estimates = pooled_results(pool.simulated_class(CLASS), outcomes)
    assert abs(estimates.mean() - exact) < 4 * error / math.sqrt(CLASS)
    # The estimator's sd, within what its own sampling allows (the terms are skewed: a generous 10%).
    assert abs(estimates.std(ddof=1) / error - 1) < 0.10


@pytest.mark.parametrize("text", ["1e308", "nan", "inf", "-1", "11", "3.5", "three", "", "0x1", " 4 ", "4"])
def test_a_stored_value_that_is_not_a_result_is_left_out(text):
    """Heads in 10 flips: only the whole numbers 0 to 10 are results (" 4 " parses as 4: Python's float is
    lenient about spaces, and 4 is a possible result)."""
    pool = next(pool for pool in shipped_pools() if pool.page == "beta")
    outcomes = pool.outcomes()
    kept = text.strip() in {str(k) for k in range(11)}
    assert (parse_result(text, outcomes) is not None) is kept
    assert pooled_results([text, "7"], outcomes).tolist() == ([float(text), 7.0] if kept else [7.0])


def test_results_are_stored_short_and_read_back_exactly():
    pool = next(pool for pool in shipped_pools() if pool.page == "clt")
    outcomes = pool.outcomes()
    for value in (0.123456789123, -3.9, 1e-12, -1e8):
        text = result_text(value, outcomes)
        assert len(text) <= 16 and abs(parse_result(text, outcomes) - value) <= 1e-8 * max(1, abs(value))


def test_device_seeds_are_fixed_per_member_and_pool_and_spread_out():
    seeds = {device_seed(f"m{k}", "pool:x:1") for k in range(1000)}
    assert len(seeds) == 1000 and all(0 <= seed < 2**32 for seed in seeds)
    assert device_seed("m1", "pool:x:1") == device_seed("m1", "pool:x:1") != device_seed("m1", "pool:x:2")


@pytest.mark.parametrize("raw, says", [({"ask": "?", "experiment": "clt.nothing"}, "needs `ask`"),
                                       ({"experiment": "clt.standardised_mean"}, "needs `ask`"),
                                       ({"ask": "?", "experiment": "beta.heads"}, "not one of the page"),
                                       ({"ask": "?", "experiment": "clt.standardised_mean", "at": {"n": 7}},
                                        "n must be one of")])
def test_a_malformed_pool_fails_the_build_with_a_reason(raw, says):
    with pytest.raises(ValueError, match=says):
        parse_pool("lesson:1", "clt", {}, raw)


def test_a_lesson_step_carries_its_pool():
    lesson = parse_lesson("t", '''title = "T"
[[steps]]
page = "beta"
caption = "c"
state = { data = "simulate", theta = 0.5 }
[steps.pool]
experiment = "beta.heads"
ask = "Flip"
at = { flips = 4 }
''')
    pool = lesson.steps[0].pool
    assert pool.id == "pool:t:1" and pool.full_state()["flips"] == 4 and pool.full_state()["theta"] == 0.5
    assert set(concepts.experiments()) >= {"clt.standardised_mean", "beta.heads", "sampling.next_unit"}


# --- in the app (AppTest, the in-process store) -------------------------------------------------------------

from streamlit.testing.v1 import AppTest  # noqa: E402

from tests.ui.test_questions import lesson_app  # noqa: E402
from ui import classroom  # noqa: E402

BETA_POOL = "pool:3-prior-to-posterior:4"
LESSON = {"lesson": "3-prior-to-posterior", "step": "4"}


beta_app = lesson_app      # /beta with the link's query


def figure_titles(at: AppTest) -> list[str]:
    """The class figure's title as the reader reads it (ui.literal escapes markdown's characters)."""
    texts = [m.value.replace("\\", "") for m in at.markdown]
    return [text for text in texts if "The class's experiment" in text]


def test_a_learner_alone_sees_a_simulated_class_against_theory():
    at = beta_app(LESSON)
    assert not at.exception and any("how do the class's counts of heads spread" in m.value for m in at.markdown)
    next(b for b in at.button if b.label == "Run it as a class of 100 devices would").click().run()
    assert figure_titles(at) == ["**The class's experiment: 100 results against theory**"]


def test_each_student_sends_one_result_and_the_teacher_shows_the_class_theirs():
    teacher = beta_app(LESSON)
    teacher.sidebar.button(key="room-start").click().run()
    code = teacher.session_state["_classroom"].code
    store = classroom.classroom_store()
    students = [beta_app({"room": code}) for _ in range(3)]
    for student in students:
        student.button(key=f"run-{BETA_POOL}").click().run()
        assert not student.exception
        assert any("Your device's result: **" in m.value for m in student.markdown)
        assert not [b for b in student.button if b.key == f"run-{BETA_POOL}"]     # one result per student
    pool = next(step.pool for step in load_lessons()["3-prior-to-posterior"].steps if step.pool is not None)
    members = [student.session_state["_classroom"].member for student in students]
    assert sorted(store.answers(code, BETA_POOL)) == sorted(pool.result_of(member) for member in members)
    store.answer(code, BETA_POOL, "forger", "1e308")             # not a result: stored, never drawn
    teacher.run()
    assert figure_titles(teacher) == ["**The class's experiment: 3 results against theory**"]
    assert any("Your teacher shows the class's results" in c.value for c in students[0].caption)
    next(b for b in teacher.button if b.label == "Show the class's results to everyone").click().run()
    students[0].run()
    assert figure_titles(students[0]) == ["**The class's experiment: 3 results against theory**"]


def test_named_outcomes_are_labels_as_text_not_plotlys_html():
    """A token's text such as "<br>" or "<b>" must not become Plotly markup in the class's figure."""
    from views.experiments import Outcomes
    from viz.classroom import pooled_figure

    outcomes = Outcomes(0, 3, np.array([0, 1, 2]), np.array([0.5, 0.3, 0.2]), True, "theory", "next token",
                        names=("<br>", "<b>x</b>", " ", "a&b"))
    figure = pooled_figure(np.array([0.0, 1.0, 2.0]), outcomes, own=1.0)
    labels = list(figure["data"][0]["x"])
    assert labels == ["&lt;br>", "&lt;b>x&lt;/b>", "␣"]
    assert any(note["text"] == "you: &lt;b>x&lt;/b>" for note in figure["layout"]["annotations"])
