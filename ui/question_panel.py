"""A lesson step's question on screen: the class predicts, then the teacher reveals (issue 15).

Three readers see three things:
- a learner alone answers and presses "Reveal the answer" for themself;
- a student in a room sends an answer (a new one replaces it) and sees the truth when the teacher reveals
  it (the reveal reaches the student's session like any move of the teacher's);
- the teacher sees how many have answered and the distribution of their answers, updated every second,
  and reveals the truth, computed from core (ui/questions.py), beside it;
- the answer wall: the teacher picks answers to show the class (anonymous: the answers only), in the order
  picked; everyone in the room sees them as cards, and once the truth is revealed each card says whether it
  is right, close (within the question's tolerance) or not.
"""

from __future__ import annotations

import logging
from typing import Any

import streamlit as st

from i18n import N_, _
from classroom.rooms import MAX_ANSWERS
from classroom.store import MAX_SUBMISSIONS, MAX_WALL, AnswersFull, StoreUnavailable
from ui import classroom, shared_runs
from ui.room_roles import by_role
from ui.layout import show_figure
from ui.literal import literal
from ui.questions import Question
from viz.classroom import choice_figure, number_figure

_LOG = logging.getLogger(__name__)
_SOLO_REVEALED = "_questions_revealed"
_MY_ANSWERS = "_questions_answered"


@st.cache_data(ttl=3600, max_entries=64, show_spinner=False)
def true_answer(question: Question) -> float | str:
    return question.truth()


def question_panel(question: Question) -> None:
    with st.container(border=True, key="lesson-question"):
        st.markdown(":material/quiz: **{predict}** {ask}".format(predict=_("Predict before you look."),
                                                                  ask=_(question.ask)))
        by_role(lambda: _alone(question), lambda place: _teacher(question, place),
                lambda place: _student(question, place),
                _("The classroom is out of reach just now: answers wait until it is back."),
                _("This room has ended; answer on your own with the page."))


def _answer_input(question: Question, key: str):
    # The label is read aloud, not shown: the question above says what to answer, and one row (answer, then its
    # button) keeps the figure the step speaks of on the first screen.
    if question.is_choice:
        # The options are stored as written (in English), whichever language each student reads.
        return st.radio(_("Your answer"), question.options, index=None, key=key, horizontal=True, format_func=_,
                        label_visibility="collapsed")
    return st.number_input(_("Your answer"), value=None, format="%.6g", key=key,
                           placeholder=_("Your answer: a number"), label_visibility="collapsed")


def _answer_row():
    """The answer and its button side by side (they wrap onto two lines where the screen is narrow)."""
    return st.container(horizontal=True, vertical_alignment="center", gap="small")


_VERDICTS = {
    "right": (N_("The answer: **{answer}**. You said {mine}: right."), "success", ":material/check_circle:"),
    "close": (N_("The answer: **{answer}**. You said {mine}: close (within {tolerance})."), "info",
              ":material/radio_button_checked:"),
    "off": (N_("The answer: **{answer}**. You said {mine}: not this time."), "warning", ":material/cancel:"),
}


def _truth_line(question: Question, mine: float | str | None) -> None:
    """The truth, and (when this reader answered) whether they were right, close or not: in words and an icon,
    not by colour alone."""
    truth = true_answer(question)
    if mine is None:
        st.info(_("The answer: **{answer}**").format(answer=_shown(question, truth)), icon=":material/lightbulb:")
        return
    verdict = question.verdict(mine, truth)
    template, kind, icon = _VERDICTS[verdict]
    tolerance = "" if question.is_choice else question.shown(question.allowed_error(truth))
    text = _(template).format(answer=_shown(question, truth), mine=_shown(question, mine), tolerance=tolerance)
    getattr(st, kind)(text, icon=icon)


def _number_given(question: Question, mine: Any) -> float | str | None:
    """The answer as judged: an option as stored, or the number (shown as the page formats numbers, so never
    as markup)."""
    if mine is None:
        return None
    return str(mine) if question.is_choice else float(mine)


def _alone(question: Question) -> None:
    revealed = st.session_state.setdefault(_SOLO_REVEALED, set())
    with _answer_row():
        mine = _number_given(question, _answer_input(question, f"question-{question.id}"))
        reveal = question.id not in revealed and st.button(_("Reveal the answer"), key=f"reveal-{question.id}",
                                                            icon=":material/visibility:")
    if reveal:
        revealed.add(question.id)
        st.rerun()
    if question.id in revealed:
        _truth_line(question, mine)


def _refused(question: Question, mine: float | str) -> bool:
    """Whether a number cannot be sent (not finite, or outside the question's range), saying why."""
    if question.is_choice:
        return mine not in question.options
    window = question.refusal(mine, true_answer(question))
    if window is not None:
        st.warning(_("Answers to this question lie between {low} and {high}; {mine} was not sent.").format(
            low=question.shown(window[0]), high=question.shown(window[1]), mine=question.shown(mine)),
            icon=":material/block:")
    return window is not None


def _student(question: Question, place: classroom.Seat) -> None:
    shared_runs.draws_own()   # the student's own answer, and whether they sent it
    store = classroom.classroom_store()
    answered = st.session_state.setdefault(_MY_ANSWERS, {})
    with st.form(f"answer-{question.id}", border=False), _answer_row():
        mine = _number_given(question, _answer_input(question, f"question-{question.id}"))
        sent = st.form_submit_button(_("Send my answer"), icon=":material/send:")
    if sent:
        if mine is None:
            st.warning(_("Choose or type an answer first."))
        elif not _refused(question, mine):
            try:
                kept = store.answer(place.code, question.id, place.member, str(mine))
            except AnswersFull:
                kept = None
                st.warning(_("This question already has {count} answers in this room, the most one room keeps: "
                             "yours was not added.").format(count=MAX_ANSWERS))
            if kept:
                answered[question.id] = mine
            elif kept is not None:
                st.warning(_("That is {count} answers from you already: your last one counts.").format(
                    count=MAX_SUBMISSIONS))
    room = store.room(place.code)
    revealed = room is not None and question.id in room.revealed
    if revealed:
        _truth_line(question, answered.get(question.id))
    elif question.id in answered:
        st.caption(_("Sent: {answer}. Your teacher reveals the answer when the class is ready.").format(
            answer=_shown(question, answered[question.id])))
    _wall(question, store.wall(place.code, question.id), revealed)


def _teacher(question: Question, place: classroom.Seat) -> None:
    store = classroom.classroom_store()
    room = store.room(place.code)
    revealed = room is not None and question.id in room.revealed
    _class_answers(question, place.code, revealed)
    if not revealed and st.button(_("Reveal the answer to the class"), key=f"reveal-{question.id}", type="primary",
                                  icon=":material/visibility:"):
        store.reveal(place.code, place.secret, question.id)
        st.rerun()
    wall = store.wall(place.code, question.id)
    _wall_picker(question, place, wall)
    _wall(question, wall, revealed)


def distinct_answers(question: Question, answers: list[str]) -> list[tuple[str, int]]:
    """The class's answers as shown (a number to 4 significant digits, an option as it is), each with how many
    gave it, most given first; a stored value that is not an answer is left out."""
    counts: dict[str, int] = {}
    for given in question.parsed_answers(answers):
        shown = question.shown(given)
        counts[shown] = counts.get(shown, 0) + 1
    return sorted(counts.items(), key=lambda item: (-item[1], item[0]))


def _wall_picker(question: Question, place: classroom.Seat, wall: list[str]) -> None:
    """The teacher's answer wall: which answers the class sees, in the order picked. Its panel draws on opening
    (a rerun), so the answers it offers are those stored then, not those of the teacher's last move; while it
    is closed the stored answers are not read at all."""
    with st.expander(_("Answer wall: show the class some answers"), icon=":material/view_quilt:",
                     key=f"wall-panel-{question.id}", on_change="rerun") as panel:
        if not panel.open:
            return
        given = distinct_answers(question, classroom.classroom_store().answers(place.code, question.id))
        counts = dict(given)
        options = [shown for shown, _count in given] + [shown for shown in wall if shown not in counts]
        chosen = st.multiselect(_("Answers to show, in the order to show them"), options, default=wall,
                                key=f"wall-pick-{question.id}", max_selections=MAX_WALL,
                                format_func=lambda shown: _("{answer} ({count} students)").format(
                                    answer=_(shown) if question.is_choice else shown, count=counts.get(shown, 0)),
                                placeholder=_("Pick answers (anonymous)"))
        show, clear = st.columns(2)
        if show.button(_("Show on the wall"), key=f"wall-show-{question.id}", icon=":material/view_quilt:",
                       width="stretch", disabled=chosen == wall):
            classroom.classroom_store().set_wall(place.code, place.secret, question.id, chosen)
            st.rerun()
        if wall and clear.button(_("Clear the wall"), key=f"wall-clear-{question.id}", width="stretch",
                                 icon=":material/layers_clear:"):
            classroom.classroom_store().set_wall(place.code, place.secret, question.id, [])
            st.rerun()


_WALL_MARKS = {"right": (N_("right"), ":material/check_circle:"),
               "close": (N_("close"), ":material/radio_button_checked:"),
               "off": (N_("not this time"), ":material/cancel:")}


def _wall(question: Question, wall: list[str], revealed: bool) -> None:
    """The answers the teacher put on the wall, as cards in the teacher's order; once the truth is revealed, each
    says in words (and an icon) whether it is right, close or not."""
    if not wall:
        return
    truth = true_answer(question) if revealed else None
    st.markdown("**" + _("On the wall") + "**")
    with st.container(horizontal=True, gap="small", key=f"wall-{question.id}"):
        for shown in wall:
            with st.container(border=True, width="content"):
                st.markdown(f"**{literal(_(shown) if question.is_choice else shown)}**")
                given = question.parse_answer(shown)
                if truth is not None and given is not None:
                    word, icon = _WALL_MARKS[question.verdict(given, truth)]
                    st.caption(f"{icon} {_(word)}")


@st.fragment(run_every=1)
def _class_answers(question: Question, code: str, revealed: bool) -> None:
    """The distribution of the class's answers, redrawn every second while they come in. Whatever is stored,
    a failure to draw it costs this panel only, never the teacher's page or its Reveal button."""
    try:
        answers = classroom.classroom_store().answers(code, question.id)
    except StoreUnavailable:
        st.caption(_("The class's answers are out of reach just now."))
        return
    try:
        truth = true_answer(question)
        given = question.parsed_answers(answers)
        if question.is_choice:
            figure = choice_figure(given, question.options, truth if revealed else None)
        else:
            figure = number_figure(given, truth if revealed else None, question.shown(truth) if revealed else "",
                                   window=question.window(truth))
        show_figure(figure, "class-answers")
    except Exception:  # noqa: BLE001 - the teacher must keep the page and the Reveal button
        _LOG.exception("cannot draw the class's answers to %s", question.id)
        st.warning(_("The class's answers cannot be drawn just now ({count} stored); the rest of the page "
                     "works.").format(count=len(answers)), icon=":material/error:")
        return
    if revealed:
        st.markdown(_("The answer: **{answer}**, computed by the page's own maths.").format(
            answer=_shown(question, truth)))


def _shown(question: Question, truth: float | str) -> str:
    """An answer in the reader's words: an option translated, a number to 4 significant digits."""
    shown = question.shown(truth)
    return _(shown) if question.is_choice else shown
