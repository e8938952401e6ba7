"""The teacher's report after class (ui/report.py): the room's questions and experiments with the true values and
the class's answers, anonymous, as CSV and as a one-page summary; every text shown as text."""

from __future__ import annotations

import csv
import datetime as dt
import io
import math

from classroom.store import MemoryStore
from tests.ui.test_questions import lesson_app
from ui import report
from ui.lessons import load_lessons

QUESTION, POOL = "3-prior-to-posterior:1", "pool:3-prior-to-posterior:4"
MEMBERS = ("member-5f3a9c", "member-77b1e0", "member-0c4d22")


def class_that_answered() -> tuple[MemoryStore, str]:
    store = MemoryStore()
    code, _ = store.create_room()
    for member, answer in zip(MEMBERS, ("0.6", "0.65", "0.7")):
        store.answer(code, QUESTION, member, answer)
    pool = load_lessons()["3-prior-to-posterior"].steps[3].pool
    for member in MEMBERS[:2]:
        store.answer(code, POOL, member, pool.result_of(member))
    store.answer(code, POOL, "forger", "1e308")          # not a result: never in the report
    return store, code


def test_the_report_holds_each_question_and_experiment_with_the_truth():
    store, code = class_that_answered()
    question, experiment = report.report_items(store, code)
    assert (question.kind, question.step, question.truth) == ("question", 1, "0.6429")
    assert question.entries == ("0.6", "0.65", "0.7")
    assert question.verdicts == ("not this time", "close", "not this time")      # tolerance 0.02
    assert question.summary == "3 answers: 0 right, 1 close, 2 not this time"
    assert (experiment.kind, experiment.step, len(experiment.entries)) == ("experiment", 4, 2)
    # Binomial(10, 0.3): mean 3, sd √2.1 = 1.449
    assert experiment.truth == "Binomial(10, 0.3): mean 3, sd 1.449"
    assert experiment.summary.startswith("2 results: mean ")


def test_theory_moments_of_a_density_and_of_probabilities():
    clt_pool = next(step.pool for step in load_lessons()["1-clt-in-five-steps"].steps if step.pool is not None)
    mean, sd = report.theory_moments(clt_pool.outcomes())           # Z_100 of exponentials: 0 and 1
    assert abs(mean) < 2e-3 and abs(sd - 1) < 5e-3
    beta_pool = load_lessons()["3-prior-to-posterior"].steps[3].pool
    mean, sd = report.theory_moments(beta_pool.outcomes())
    assert math.isclose(mean, 3.0, abs_tol=1e-12) and math.isclose(sd, math.sqrt(2.1), abs_tol=1e-12)


def test_the_csv_has_a_row_per_answer_and_no_member_ids():
    store, code = class_that_answered()
    text = report.report_csv(report.report_items(store, code))
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0] == ["kind", "lesson", "step", "asked", "true value", "answer or result", "verdict"]
    assert [row[5] for row in rows[1:4]] == ["0.6", "0.65", "0.7"] and rows[2][6] == "close"
    assert len(rows) == 1 + 3 + 2 and all(row[0] == "experiment" for row in rows[4:])
    assert not any(member in text for member in (*MEMBERS, "forger", "1e308"))


def test_every_text_in_the_page_is_escaped_and_a_formula_is_not_a_formula():
    item = report.ReportItem("experiment", "<b>lesson</b>", 2, "<script>alert(1)</script>", "=1+1",
                             ("<img src=x onerror=alert(1)>", "=HYPERLINK(\"x\")", "-1.5"), (), "2 results")
    page = report.report_html([item], "ABCDEFGH", now=dt.datetime(2026, 12, 6, tzinfo=dt.timezone.utc))
    assert "<script>alert" not in page and "<img" not in page and "<b>lesson" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page and "Class report: room ABCD-EFGH" in page
    cells = list(csv.reader(io.StringIO(report.report_csv([item]))))[1:]
    assert [row[5] for row in cells] == ["<img src=x onerror=alert(1)>", "'=HYPERLINK(\"x\")", "-1.5"]
    assert cells[0][4] == "'=1+1"


def test_an_empty_room_says_so():
    store = MemoryStore()
    code, _ = store.create_room()
    assert report.report_items(store, code) == []
    assert "has not answered a question or run an experiment yet" in report.report_html([], code)


def test_the_teacher_finds_both_reports_in_the_room_panel():
    teacher = lesson_app({"lesson": "3-prior-to-posterior", "step": "1"})
    teacher.sidebar.button(key="room-start").click().run()
    assert not teacher.exception
    labels = [button.label for button in teacher.sidebar.get("download_button")]
    assert "Class report (CSV)" in labels and "Class report (one page)" in labels
    student = lesson_app({"room": teacher.session_state["_classroom"].code})
    assert not [button for button in student.sidebar.get("download_button") if "Class report" in button.label]
