"""The one owner of a page's state: its controls' values, its link and its open tab.

A view is what the link says: every control bound to a query parameter (key = URL name), the tab, the seed,
the lesson step, the room. Several things change a view besides the reader's own widgets: a preset, a lesson
step, the teacher's move in a classroom, a live control released, a tab opened. Each of them is a request to
this module, and this module alone writes a control's value, the link, or the page shown:

- `apply(values)`: a preset or a button sets some controls; the link follows.
- `show_view(page_path, state, query, same_page)`: every control back to its default, `state` applied, and the
  link (and page) replaced: a lesson step (`ui.lessons.go_to`) and a teacher's move (`ui.classroom.move_to`).
- `commit(key, value, default)` and `forget(key)`: a live control released, or reset when its range changed.
- `settle_tab(...)` and its callback: the open tab, in the link by its URL name.
- `set_link_value(key, text)` and `drop_link_value(key)`: the app's own keys (room, lead, lang, present).

A control in a closed panel (the page's Settings) is not drawn at all, so that a first visit draws its picture
sooner (bench/RESULTS.md, "First load"): while `resting()`, a control's value is the link's, else its default,
and `rest(key, value)` keeps it in the link and makes the widget, when the panel opens, come back at that value.

What a link does not say, a control's default says. Streamlit keeps a value out of the link when it equals its
widget's default, so a link reproduces a view only if every fresh load computes the same defaults: while a
lesson step is open on its page, that step's state *is* the default of the controls it names
(`set_step_defaults`, once per run by the lesson bar), so a bare lesson link reproduces the step.

What this module keeps for a session lives under one session-state key of its own (`_page_state`); no other
module reads or writes it. Streamlit's URL binding (which key a widget is bound to, the link's first values) is
reached only from here, through ui/internals.py ("link rebinding").
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Mapping

import streamlit as st
from streamlit.errors import StreamlitAPIException

from ui import internals

SESSION_KEY = "_page_state"     # read by tests only; no other module of the app touches it


@dataclass
class _Session:
    """What the owner remembers for a session."""
    bound: set[str] = field(default_factory=set)        # every control key bound so far: a reset clears them
    step_defaults: dict[str, Any] = field(default_factory=dict)   # this run's open lesson step, on its page
    following: bool = False                              # this run follows a teacher (controls shown as text)
    resting: bool = False                                # the controls drawn now are in a closed panel
    notices: list = field(default_factory=list)          # this run's unusable link values (ui.controls)
    bases: dict[str, Any] = field(default_factory=dict)  # what each live control's range depended on last run


def _session() -> _Session:
    found = st.session_state.get(SESSION_KEY)
    if found is None:
        found = st.session_state[SESSION_KEY] = _Session()
    return found


def url_text(value: Any) -> str:
    """A control's value as its link writes it (booleans as true/false, like Streamlit's own bindings)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


# --- this run's context: set once per run by the app's frame ------------------------------------------------


def set_following(following: bool) -> None:
    """Whether this run follows a teacher (ui.room_panel, once per run before the page): controls are then shown
    as text at the teacher's values, and presets and lesson buttons are not drawn."""
    _session().following = following


def following() -> bool:
    return _session().following


def set_resting(resting: bool) -> None:
    """Whether the controls drawn from now on sit in a closed panel (ui.frame, around the page's Settings): they
    are then not drawn (`rest`)."""
    _session().resting = resting


def resting() -> bool:
    return _session().resting


def rest(key: str, value: Any) -> bool:
    """A control in a closed panel takes `value` (the link's, else its default) without a widget: the link keeps
    saying it, and the session holds it, so that its widget comes back at it when the panel opens (a value held
    before, by a widget now gone or by a preset, may be older than the link after the browser's Back). False
    when Streamlit's link bindings cannot be reached (ui.internals, "link rebinding"): the widget must be drawn."""
    if not internals.keep_in_link_undrawn(key):
        return False
    st.session_state[key] = value
    return True


def set_step_defaults(state: Mapping[str, Any] | None) -> None:
    """Make a lesson step's state the defaults of its page's controls for this run (None: none). Called once
    per run, before the page's controls, by the lesson bar."""
    _session().step_defaults = dict(state or {})


def step_value(key: str) -> Any:
    """The open lesson step's value for `key` (None where it names none)."""
    return _session().step_defaults.get(key)


# --- reading the link --------------------------------------------------------------------------------------------


def linked(key: str) -> str | None:
    """The link's value for a control's key (the last, if repeated), or None. Every bound control reads its key
    through here, so a reset knows every control of the session."""
    _session().bound.add(key)
    values = st.query_params.get_all(key)
    return values[-1] if values else None


def held(key: str) -> Any:
    """The value this session holds for a control (None where it holds none)."""
    return st.session_state.get(key)


def begin_notices() -> None:
    _session().notices = []


def note_unusable(notice: Any, key: str) -> None:
    """Keep a notice about an unusable link value and drop that value before its widget sees it: Streamlit drops
    most bad values itself, but some crash it ("inf" for an integer number_input raises OverflowError inside
    its query-parameter binding, Streamlit 1.67)."""
    _session().notices.append(notice)
    internals.forget_first_url_value(key)


def notices() -> list:
    return list(_session().notices)


# --- requests that change the view ------------------------------------------------------------------------------


def hold(key: str, value: Any) -> None:
    """This session now holds `value` for a control that is drawn from session state (a live control's
    committed value, a followed control's value that "Explore on my own" brings back as a widget)."""
    st.session_state[key] = value


def apply(values: Mapping[str, Any]) -> None:
    """Set controls from code (a preset, a button) so that the link follows.

    Each value goes into session state, which the control's widget takes on the next run. A control that is on
    screen writes its own link value; one that is not (it appears only once another value changes, or lives on
    another page) is written to the link here, since Streamlit would not write it when the widget first appears
    with a value set by code."""
    for key, value in values.items():
        st.session_state[key] = value
        try:
            st.query_params[key] = url_text(value)
        except StreamlitAPIException:
            # Bound to a widget on screen: the widget writes the link itself on the next run. Its old link value
            # goes now, or the next run would check it against ranges that the other values set here have changed
            # (/families' held parameter after a change of family) and report it as a bad link.
            internals.forget_first_url_value(key)
            continue
        # A widget that first appears seeds itself from the page's *first* link before looking at session
        # state: forget that stale value, or it would override the one just set.
        internals.forget_first_url_value(key, keep_current=True)


def _reset_to(state: Mapping[str, Any]) -> None:
    for key in _session().bound:
        st.session_state.pop(key, None)
    for key, value in state.items():
        st.session_state[key] = value   # controls already on screen take it on the next run


def show_step(page_path: str, state: Mapping[str, Any], query: Mapping[str, str]) -> None:
    """A lesson step: every control back to its default, then the step's `state`, and its page with `query` (the
    lesson, the step, presenter mode: on its page the step's state is the default of the controls it names)."""
    _reset_to(state)
    st.switch_page(page_path, query_params=dict(query))


def show_followed_view(page_path: str, state: Mapping[str, Any], query: Mapping[str, str],
                       query_without_controls: Mapping[str, str], *, same_page: bool) -> None:
    """A teacher's move on a student's page: every control back to its default, then the teacher's `state`,
    and the teacher's whole link `query` (what the student sees, for "Share this view" and a reload).

    The link can be set from code only once the last run's widgets are unbound from it (link rebinding); where
    they cannot be, the controls still hold the teacher's values and the link carries only
    `query_without_controls`. On the page already shown (`same_page`) the run simply goes on with the new
    state: a whole class reruns once per move of the teacher, not twice."""
    _reset_to(state)
    released = internals.release_url_bindings()
    query = dict(query if released else query_without_controls)
    if same_page and released:
        st.query_params.from_dict(query)
        # A widget bound again in this run seeds itself from the link the run *started* with before looking
        # at session state: make that the teacher's link, or the student's old values would win.
        internals.seed_widgets_from(query)
        return
    st.switch_page(page_path, query_params=query)


def commit(key: str, value: Any, default: Any) -> None:
    """A control drawn by this app (a live control) was released at `value`: the session holds it and the link
    says it, unless it equals the default (left out, as Streamlit does for its own widgets)."""
    st.session_state[key] = value
    if value == default:
        st.query_params.pop(key, None)
    else:
        st.query_params[key] = url_text(value)


def forget(key: str) -> None:
    """Drop a control's value (session and link): it follows its default again."""
    st.session_state.pop(key, None)
    st.query_params.pop(key, None)


def forget_when_changed(key: str, basis: Any) -> None:
    """Forget a control's value when `basis` (what its range depends on) differs from the last run's; the first
    run of a session keeps what the link says."""
    bases = _session().bases
    if bases.get(key, basis) != basis:
        forget(key)
    bases[key] = basis


def settle_tab(key: str, chosen: str, shown_key: str, shown: str) -> None:
    """This run's open tab: its URL name under `key` (for code that reads a view, the classroom's teacher_view)
    and its label in the reader's language under `shown_key` (the st.tabs widget's own key)."""
    st.session_state[key] = chosen
    st.session_state[shown_key] = shown


def tab_switched(key: str, shown_key: str, name_of: Mapping[str, str], default: str) -> None:
    """A reader opened another tab (st.tabs' callback): its URL name into session state and the link (left out
    when it is the default, as a bound widget does)."""
    name = name_of.get(st.session_state.get(shown_key), default)
    st.session_state[key] = name
    if name == default:
        st.query_params.pop(key, None)
    else:
        st.query_params[key] = name


def set_link_value(key: str, text: str) -> None:
    """One of the app's own link keys (room, lead, lang, present), when it differs."""
    if st.query_params.get(key) != text:
        st.query_params[key] = text


def drop_link_value(key: str) -> None:
    st.query_params.pop(key, None)


def link_value(key: str, default: str | None = None) -> str | None:
    return st.query_params.get(key, default)
