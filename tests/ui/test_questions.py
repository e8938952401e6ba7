"""Predict, then reveal: every shipped lesson asks at least one question; every true answer is computed
by core and equals an independent computation (or the number the page itself shows); a learner alone, a
student and a teacher each see what they should."""

from __future__ import annotations

import math
from pathlib import Path

import pytest
from scipy import stats
from streamlit.testing.v1 import AppTest

from tests.pages.support import open_panels

from ui import classroom
from ui.lessons import LESSONS_DIR, load_lessons
from ui.questions import Question
from viz.classroom import choice_figure, number_figure

APP = str(Path(__file__).resolve().parents[2] / "app.py")


def questions():
    return {step.question.id: step.question for lesson in load_lessons().values() for step in lesson.steps
            if step.question is not None}


def test_every_lesson_asks_at_least_one_question():
    lessons = load_lessons()
    assert len(lessons) == len(list(LESSONS_DIR.glob("*.toml")))
    for lesson in lessons.values():
        assert any(step.question for step in lesson.steps), lesson.id


def test_every_truth_is_a_number_or_one_of_the_options():
    for question in questions().values():
        truth = question.truth()
        if question.is_choice:
            assert truth in question.options, question.id
        else:
            assert isinstance(truth, float) and math.isfinite(truth), question.id


def _exponential_mean_distance(n: int) -> float:
    """Kolmogorov distance of the standardised mean of n Exp(1) draws (a Gamma(n, 1/n) law) from N(0, 1),
    by scipy on a fine grid: independent of core.clt's exact search."""
    import numpy as np

    z = np.linspace(-6, 8, 400_001)
    return float(np.max(np.abs(stats.gamma(n, scale=1 / n).cdf(1 + z / math.sqrt(n)) - stats.norm.cdf(z))))


def test_the_true_answers_match_independent_computations():
    q = questions()
    assert q["1-clt-in-five-steps:2"].truth() == pytest.approx(_exponential_mean_distance(100), abs=2e-5)
    assert q["2-conditioning-a-gaussian:2"].truth() == pytest.approx(1 + 0.8 * (1 - (-2)))   # μ₁ + Σ₁₂/Σ₂₂ (x₂ − μ₂)
    assert q["3-prior-to-posterior:1"].truth() == pytest.approx(9 / 14)                         # Beta(9, 5)
    assert q["5-which-way-kl:1"].truth() == "KL(p‖q)"    # log 0.5 + (1 + 0)/(2·0.25) − 1/2 = 0.807 > 0.318
    assert q["6-the-cramer-rao-bound:1"].truth() == pytest.approx(2 * 1.0**2 / 10)             # 2σ⁴/n
    assert q["8-maximum-likelihood-at-scale:4"].truth() == pytest.approx(-801.1, abs=0.05)     # the lesson's caption
    assert q["4-one-gaussian-or-two:2"].truth() == "one Gaussian"     # the next step's caption


def test_the_sampling_answer_is_what_the_page_shows():
    question = questions()["7-how-models-pick-words:3"]
    at = AppTest.from_file(APP, default_timeout=60)
    at.query_params.update({"temperature": "1.0", "top_p": "0.9"})
    at.switch_page("concepts/sampling/sampling.py").run()
    shown = next(m.value for m in at.metric if m.label.endswith("s that can be drawn"))
    assert shown.startswith(f"{int(question.truth()):,} of ")


def test_a_stored_answer_is_parsed_once_for_every_reader():
    """The chart, the wall and the report read stored answers through Question.parse_answer: an option only when
    it is one of the question's, a number only when finite."""
    choice = Question("t:2", "kl", "?", "kl.which_is_larger", options=("KL(p‖q)", "KL(q‖p)"))
    assert choice.parse_answer("KL(q‖p)") == "KL(q‖p)" and choice.parse_answer("KL(p||q)") is None
    number = Question("t:1", "beta", "?", "beta.posterior_mean")
    assert number.parse_answer(" 2.5 ") == 2.5 and number.parse_answer("1e3") == 1000.0
    assert [number.parse_answer(text) for text in ("-inf", "nan", "0x1", "2,5")] == [None] * 4


def test_answer_figures_count_the_class():
    figure = choice_figure(["KL(p‖q)", "KL(q‖p)", "KL(p‖q)"], ("KL(p‖q)", "KL(q‖p)"), "KL(p‖q)")
    bars = figure.data[0]
    assert list(bars["y"]) == [2, 1] and bars["x"][0] == "KL(p‖q) ✓"   # the right one is marked in text too
    number_question = Question("t:1", "beta", "?", "beta.posterior_mean")
    given = number_question.parsed_answers(["0.6", "0.65", "0.66", "oops", "inf", "nan", ""])
    assert given == [0.6, 0.65, 0.66]
    figure = number_figure(given, 0.643, "0.643")
    assert sum(figure.data[0]["y"]) == 3
    assert figure["layout"]["shapes"][0]["x0"] == pytest.approx(0.643)


LESSON = {"lesson": "3-prior-to-posterior", "step": "1"}


def lesson_app(query: dict) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60)
    at.query_params.update(query)
    at.switch_page("concepts/beta/beta.py")
    return open_panels(at).run()


def test_a_learner_alone_reveals_for_themself():
    at = lesson_app(LESSON)
    assert any("Where will the posterior mean be?" in m.value for m in at.markdown)
    at.number_input(key="question-3-prior-to-posterior:1").set_value(0.6).run()
    next(b for b in at.button if b.label == "Reveal the answer").click().run()
    assert any("The answer: **0.6429**. You said 0.6: not this time." in w.value for w in at.warning)
    at.number_input(key="question-3-prior-to-posterior:1").set_value(0.6429).run()
    assert any("The answer: **0.6429**. You said 0.6429: right." in s.value for s in at.success)


def test_students_answer_and_the_teacher_reveals():
    teacher = lesson_app(LESSON)
    teacher.sidebar.button(key="room-start").click().run()
    code = teacher.session_state["_classroom"].code
    store = classroom.classroom_store()
    for answer in (0.6, 0.7, 0.65):
        student = lesson_app({"room": code})
        student.number_input(key="question-3-prior-to-posterior:1").set_value(answer)
        student.button(key="FormSubmitter:answer-3-prior-to-posterior:1-Send my answer").click().run()
        assert not student.exception
        assert any(c.value.startswith("Sent: ") for c in student.caption)
    assert sorted(map(float, store.answers(code, "3-prior-to-posterior:1"))) == [0.6, 0.65, 0.7]
    teacher.run()
    next(b for b in teacher.button if b.label == "Reveal the answer to the class").click().run()
    assert "3-prior-to-posterior:1" in store.room(code).revealed
    assert any("0.6429" in m.value for m in teacher.markdown)
    student.run()
    assert any("The answer: **0.6429**. You said 0.65: close (within 0.02)." in s.value for s in student.info)


def test_a_number_outside_the_questions_range_is_refused_when_sent():
    teacher = lesson_app(LESSON)
    teacher.sidebar.button(key="room-start").click().run()
    code = teacher.session_state["_classroom"].code
    student = lesson_app({"room": code})
    student.number_input(key="question-3-prior-to-posterior:1").set_value(1e308)
    student.button(key="FormSubmitter:answer-3-prior-to-posterior:1-Send my answer").click().run()
    assert any("lie between 0 and 1; 1.000e+308 was not sent" in w.value for w in student.warning)
    assert classroom.classroom_store().answers(code, "3-prior-to-posterior:1") == []


def test_stored_extremes_do_not_take_down_the_teachers_page():
    """Answers stored before they were checked (or by an older replica): 1e308 beside -1e308, 5e-324 beside 0.
    The chart draws them in its end bins, and the Reveal button stays."""
    teacher = lesson_app(LESSON)
    teacher.sidebar.button(key="room-start").click().run()
    code = teacher.session_state["_classroom"].code
    store = classroom.classroom_store()
    for member, value in enumerate(("1e308", "-1e308", "5e-324", "0", "nan", "0.6")):
        store.answer(code, "3-prior-to-posterior:1", f"m{member}", value)
    teacher.run()
    assert not teacher.exception
    assert any(b.label == "Reveal the answer to the class" for b in teacher.button)
    assert not teacher.warning or not any("cannot be drawn" in w.value for w in teacher.warning)


@pytest.mark.parametrize("answers, window", [
    (["1e308", "-1e308"], None), (["5e-324", "0"], None), (["1e308", "-1e308", "0.5"], (0.0, 1.0)),
    (["5e-324", "0"], (0.0, 1.0)), (["-1e12", "1e12"], None),
])
def test_answer_histograms_survive_any_finite_answers(answers, window):
    figure = number_figure([float(answer) for answer in answers], 0.5, "0.5", window=window)
    bars = figure.data[0]
    assert sum(bars["y"]) == len(answers)
    assert all(math.isfinite(w) and w > 0 for w in bars["width"])
    if window is not None:
        assert window[0] <= min(bars["x"]) and max(bars["x"]) <= window[1]


def test_verdicts_say_right_close_or_not():
    question = questions()["3-prior-to-posterior:1"]          # truth 9/14 = 0.6429, tolerance 0.02
    truth = question.truth()
    assert question.verdict(0.6429, truth) == "right" and question.verdict(0.643, truth) == "close"
    assert question.verdict(0.65, truth) == "close" and question.verdict(0.63, truth) == "close"
    assert question.verdict(0.6, truth) == "off" and question.verdict(0.7, truth) == "off"
    choice = questions()["5-which-way-kl:1"]
    assert choice.verdict("KL(p‖q)", "KL(p‖q)") == "right" and choice.verdict("KL(q‖p)", "KL(p‖q)") == "off"
    assert question.refusal(float("nan"), truth) == (0.0, 1.0) and question.refusal(0.5, truth) is None
    default = questions()["2-conditioning-a-gaussian:2"]     # no declared range: ±1000·max(|truth|, 1)
    assert default.window(default.truth()) == pytest.approx((-3400.0, 3400.0))   # truth 3.4


def test_the_teacher_puts_answers_on_the_wall_in_order_and_the_reveal_marks_them():
    teacher = lesson_app(LESSON)
    teacher.sidebar.button(key="room-start").click().run()
    code = teacher.session_state["_classroom"].code
    store = classroom.classroom_store()
    for member, answer in enumerate(("0.6", "0.65", "0.7", "0.65", "nan")):
        store.answer(code, "3-prior-to-posterior:1", f"m{member}", answer)
    teacher.session_state["wall-panel-3-prior-to-posterior:1"] = True    # what opening the panel does
    teacher.run()
    picker = teacher.multiselect(key="wall-pick-3-prior-to-posterior:1")
    assert picker.options == ["0.65 (2 students)", "0.6 (1 students)", "0.7 (1 students)"]   # "nan" left out
    picker.select("0.7").select("0.65").run()
    teacher.button(key="wall-show-3-prior-to-posterior:1").click().run()
    assert not teacher.exception
    assert store.wall(code, "3-prior-to-posterior:1") == ["0.7", "0.65"]       # anonymous, in the order picked
    student = lesson_app({"room": code})
    cards = [m.value.replace("\\", "") for m in student.markdown]          # ui.literal escapes
    cards = [card for card in cards if card in ("**0.7**", "**0.65**", "**0.6**")]
    assert cards == ["**0.7**", "**0.65**"] and not [c for c in student.caption if "close" in c.value]
    next(b for b in teacher.button if b.label == "Reveal the answer to the class").click().run()
    student.run()
    marks = [c.value for c in student.caption if c.value.endswith(("right", "close", "not this time"))]
    assert marks == [":material/cancel: not this time", ":material/radio_button_checked: close"]   # truth 0.6429
    teacher.button(key="wall-clear-3-prior-to-posterior:1").click().run()
    assert store.wall(code, "3-prior-to-posterior:1") == []
