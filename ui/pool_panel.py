"""A lesson step's class experiment on screen (issue 33): every device runs it, the projector pools the results.

Three readers see three things:
- a learner alone sees their own device's result, and the experiment run by a class of 100 simulated devices
  against theory (there is no class to pool);
- a student in a room presses *Run my experiment*: their session runs it with the student's own seed and sends
  the result (one per student: running again gives the same result), and, once the teacher shows the class's
  results, sees them with their own marked;
- the teacher sees the class's results building up against theory, with their count, redrawn twice a second,
  and shows them to the class when ready.
"""

from __future__ import annotations

import logging

import streamlit as st

import i18n
from i18n import _
from classroom.rooms import MAX_ANSWERS
from classroom.store import MAX_SUBMISSIONS, AnswersFull, NoSuchRoom, StoreUnavailable
from ui import classroom, shared_runs
from ui.layout import show_figure
from ui.literal import literal
from ui.room_roles import by_role
from ui.pools import Pool
from views.experiments import Outcomes, parse_result, pooled_results
from viz.classroom import pooled_figure

_LOG = logging.getLogger(__name__)
_MINE = "_pool_results"          # session state: this student's sent results, by pool id
_SOLO_RUNS = "_pool_solo_runs"   # session state: the pools a learner alone has run
_PROBLEMS = "_pool_problems"     # session state: why a student's result was not sent, said by the next run
REFRESH_S = 0.5                  # the teacher's figure: a result sent is on the projector within about this


# cache_resource, not cache_data: the outcomes may name a whole vocabulary (50,257 tokens), which cache_data would
# copy on every one of the teacher's redraws; nothing mutates them (frozen).
@st.cache_resource(ttl=3600, max_entries=64, show_spinner=False)
def pool_outcomes(pool: Pool, lang: str) -> Outcomes:
    """The theory for a pool's state (its legend in `lang`): computed once, drawn every REFRESH_S."""
    return pool.outcomes()


@st.cache_resource(ttl=3600, max_entries=32, show_spinner=False)
def simulated_class(pool: Pool) -> tuple[str, ...]:
    return tuple(pool.simulated_class())


def _outcomes(pool: Pool) -> Outcomes:
    return pool_outcomes(pool, i18n.language())


def pool_panel(pool: Pool) -> None:
    with st.container(border=True, key="lesson-pool"):
        st.markdown(":material/science: **{title}** {ask}".format(title=_("A class experiment."), ask=_(pool.ask)))
        by_role(lambda: _alone(pool), lambda place: _teacher(pool, place), lambda place: _student(pool, place),
                _("The classroom is out of reach just now: results wait until it is back."),
                _("This room has ended; run the experiment on your own with the page."))


def shown_result(value: float, outcomes: Outcomes) -> str:
    """A result as a reader reads it: a named outcome by its name (quoted), a whole number, or 4 digits."""
    if outcomes.names:
        return f"“{outcomes.names[int(value)]}”"
    return str(int(value)) if outcomes.whole else f"{value:.4g}"


def _show_results(pool: Pool, results, outcomes: Outcomes, own: float | None) -> None:
    """The class's results against theory, and what they say together where the experiment says more."""
    show_figure(pooled_figure(results, outcomes, own), "class-pool")
    summary = pool.summary(results)
    if summary:
        st.markdown(summary)


def _alone(pool: Pool) -> None:
    runs = st.session_state.setdefault(_SOLO_RUNS, set())
    if pool.id not in runs:
        if st.button(_("Run it as a class of 100 devices would"), key=f"run-{pool.id}", type="primary",
                     icon=":material/play_arrow:"):
            runs.add(pool.id)
            st.rerun()
        return
    outcomes = _outcomes(pool)
    results = pooled_results(list(simulated_class(pool)), outcomes)
    own = results[0] if results.size else None
    st.caption(_("Alone, the page runs the experiment on 100 simulated devices, each with a seed of its own; "
                 "the first is marked as yours. In a room, the class's own devices run it."))
    _show_results(pool, results, outcomes, own)


def _student(pool: Pool, place: classroom.Seat) -> None:
    shared_runs.draws_own()   # the student's own result, and whether they sent it
    mine = st.session_state.setdefault(_MINE, {})
    problem = st.session_state.setdefault(_PROBLEMS, {}).pop(pool.id, None)
    if problem is not None:
        st.warning(problem, icon=":material/block:")
    if pool.id not in mine:
        # Sent by the button's callback, before this run draws: the run then shows the result, not the button.
        st.button(_("Run my experiment"), key=f"run-{pool.id}", type="primary", icon=":material/play_arrow:",
                  on_click=_send, args=(pool, place))
        return
    outcomes = _outcomes(pool)
    own = parse_result(mine[pool.id], outcomes)
    # A token's text may hold markdown's characters: shown as text (ui.literal).
    st.markdown(_("Your device's result: **{result}**, sent to the class.").format(
        result=literal(shown_result(own, outcomes))))
    store = classroom.classroom_store()
    room = store.room(place.code)
    if room is not None and pool.id in room.revealed:
        _show_results(pool, pooled_results(store.answers(place.code, pool.id), outcomes), outcomes, own)
    else:
        st.caption(_("Your teacher shows the class's results when everyone has run theirs."))


def _send(pool: Pool, place: classroom.Seat) -> None:
    """*Run my experiment*: run this student's experiment and send its result, computed here with the student's
    own seed (never taken from the browser), checked against the experiment's outcomes, one per student. What
    went wrong is said by the run that follows."""
    problems = st.session_state.setdefault(_PROBLEMS, {})
    text = pool.result_of(place.member)
    if parse_result(text, _outcomes(pool)) is None:     # a result the experiment cannot give: never sent
        _LOG.error("pool %s: the experiment gave %r, outside its outcomes; not sent", pool.id, text)
        problems[pool.id] = _("Your device's result could not be checked, so it was not sent.")
        return
    try:
        kept = classroom.classroom_store().answer(place.code, pool.id, place.member, text)
    except AnswersFull:
        problems[pool.id] = _("This experiment already has {count} results in this room, the most one room keeps: "
                              "yours was not added.").format(count=MAX_ANSWERS)
        return
    except (StoreUnavailable, NoSuchRoom):
        problems[pool.id] = _("The classroom is out of reach just now: results wait until it is back.")
        return
    if kept:
        st.session_state.setdefault(_MINE, {})[pool.id] = text
    else:
        problems[pool.id] = _("That is {count} answers and results from you already: no more are taken in this "
                              "room.").format(count=MAX_SUBMISSIONS)


def _teacher(pool: Pool, place: classroom.Seat) -> None:
    store = classroom.classroom_store()
    room = store.room(place.code)
    shown = room is not None and pool.id in room.revealed
    _class_results(pool, place.code)
    if not shown and st.button(_("Show the class's results to everyone"), key=f"reveal-{pool.id}", type="primary",
                               icon=":material/visibility:"):
        store.reveal(place.code, place.secret, pool.id)
        st.rerun()


@st.fragment(run_every=REFRESH_S)
def _class_results(pool: Pool, code: str) -> None:
    """The class's results against theory, redrawn every REFRESH_S while they come in. Whatever is stored, a
    failure to draw it costs this panel only, never the teacher's page."""
    try:
        texts = classroom.classroom_store().answers(code, pool.id)
    except StoreUnavailable:
        st.caption(_("The class's results are out of reach just now."))
        return
    try:
        outcomes = _outcomes(pool)
        _show_results(pool, pooled_results(texts, outcomes), outcomes, None)
    except Exception:  # noqa: BLE001 - the teacher must keep the page
        _LOG.exception("cannot draw the class's results of %s", pool.id)
        st.warning(_("The class's results cannot be drawn just now ({count} stored); the rest of the page "
                     "works.").format(count=len(texts)), icon=":material/error:")
