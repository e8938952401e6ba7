"""A lesson step's question on screen: the class predicts, then the teacher reveals (issue 15).

Three readers see three things:
- a learner alone answers and presses "Reveal the answer" for themself;
- a student in a room sends an answer (a new one replaces it) and sees the truth when the teacher reveals
  it (the reveal reaches the student's session like any move of the teacher's);
- the teacher sees how many have answered and the distribution of their answers, updated every second,
  and reveals the truth, computed from core (ui/questions.py), beside it.
"""

from __future__ import annotations

import streamlit as st

from classroom.store import MAX_SUBMISSIONS, NoSuchRoom, StoreUnavailable
from ui import classroom
from ui.layout import show_figure
from ui.questions import Question
from viz.classroom import choice_figure, number_figure

_SOLO_REVEALED = "_questions_revealed"
_MY_ANSWERS = "_questions_answered"


@st.cache_data(ttl=3600, max_entries=64, show_spinner="Computing the answer…")
def true_answer(question: Question) -> float | str:
    return question.truth()


def question_panel(question: Question) -> None:
    place = classroom.seat()
    with st.container(border=True, key="lesson-question"):
        st.markdown(f":material/quiz: **Predict before you look.** {question.ask}")
        try:
            if place is None:
                _alone(question)
            elif place.leads:
                _teacher(question, place)
            else:
                _student(question, place)
        except StoreUnavailable:
            st.caption("The classroom is out of reach just now: answers wait until it is back.")
        except NoSuchRoom:
            st.caption("This room has ended; answer on your own with the page.")


def _answer_input(question: Question, key: str):
    if question.is_choice:
        return st.radio("Your answer", question.options, index=None, key=key, horizontal=True)
    return st.number_input("Your answer", value=None, format="%.6g", key=key, placeholder="a number")


def _truth_line(question: Question, mine: str | None) -> None:
    truth = true_answer(question)
    text = f"The answer: **{question.shown(truth)}**"
    if mine is not None:
        text += f" (you said {mine})"
    st.success(text, icon=":material/check_circle:")


def _alone(question: Question) -> None:
    revealed = st.session_state.setdefault(_SOLO_REVEALED, set())
    mine = _answer_input(question, f"question-{question.id}")
    shown_mine = None if mine is None else (mine if question.is_choice else question.shown(float(mine)))
    if question.id in revealed:
        _truth_line(question, shown_mine)
    elif st.button("Reveal the answer", key=f"reveal-{question.id}", icon=":material/visibility:"):
        revealed.add(question.id)
        st.rerun()


def _student(question: Question, place: classroom.Seat) -> None:
    store = classroom.classroom_store()
    answered = st.session_state.setdefault(_MY_ANSWERS, {})
    with st.form(f"answer-{question.id}", border=False):
        mine = _answer_input(question, f"question-{question.id}")
        sent = st.form_submit_button("Send my answer", icon=":material/send:")
    if sent:
        if mine is None:
            st.warning("Choose or type an answer first.")
        else:
            value = mine if question.is_choice else question.shown(float(mine))
            if store.answer(place.code, question.id, place.member, str(mine)):
                answered[question.id] = value
            else:
                st.warning(f"That is {MAX_SUBMISSIONS} answers from you already: your last one counts.")
    room = store.room(place.code)
    if room is not None and question.id in room.revealed:
        _truth_line(question, answered.get(question.id))
    elif question.id in answered:
        st.caption(f"Sent: {answered[question.id]}. Your teacher reveals the answer when the class is ready.")


def _teacher(question: Question, place: classroom.Seat) -> None:
    store = classroom.classroom_store()
    room = store.room(place.code)
    revealed = room is not None and question.id in room.revealed
    _class_answers(question, place.code, revealed)
    if not revealed and st.button("Reveal the answer to the class", key=f"reveal-{question.id}", type="primary",
                                  icon=":material/visibility:"):
        store.reveal(place.code, place.secret, question.id)
        st.rerun()


@st.fragment(run_every=1)
def _class_answers(question: Question, code: str, revealed: bool) -> None:
    """The distribution of the class's answers, redrawn every second while they come in."""
    try:
        answers = classroom.classroom_store().answers(code, question.id)
    except StoreUnavailable:
        st.caption("The class's answers are out of reach just now.")
        return
    truth = true_answer(question) if revealed else None
    if question.is_choice:
        figure = choice_figure(answers, question.options, truth)
    else:
        figure = number_figure(answers, truth, question.shown(truth) if truth is not None else "")
    show_figure(figure, "class-answers")
    if revealed:
        st.markdown(f"The answer: **{question.shown(truth)}**, computed by the page's own maths.")
