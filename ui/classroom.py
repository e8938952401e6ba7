"""The live classroom in the app: rooms a teacher leads and students follow (issue 15).

A teacher presses "Start a room" in the sidebar and gets a code, a link and a QR code for the class
(`?room=CODE`). The teacher's own link carries `room=CODE&lead=1`; leading needs the room's secret too,
which is never in a link: the teacher's session holds it, and a cookie in the teacher's browser (set by a
tiny script, `prob_explorer_lead_<CODE>`) brings it back after a reload. A student who adds `lead=1` by
hand has no secret and follows like everyone else.

Following. At the end of each of the teacher's runs, the view (page and URL keys: every control, the
seed, the tab, the lesson step) is published to the store (classroom/store.py) when it changed. The store
announces the new version to every replica; each replica asks the sessions of its followers in that room
to rerun (`_push`, the way Streamlit reruns a session when its script file changes), and a follower's run
starts by moving to the teacher's view (`follow`): every control is reset and the page is switched to
the teacher's page with the teacher's URL keys, which the controls then read as from a fresh link. So a
student's view is what the teacher's link would show. On each replica one follower's session computes it
and the others who would draw the same page are sent a copy of that run (ui/shared_runs.py); the rest
compute their own.

A student can stop following ("Explore on my own") and come back ("Catch up"). Without a store, or with
Redis gone, every page keeps working on its own with a notice; followers resume when it returns.
"""

from __future__ import annotations

import functools
import logging
import os
import secrets
import threading
import time
from dataclasses import dataclass
from typing import Any, Callable
import streamlit as st

import i18n
from i18n import _

from classroom.rooms import (LEAD_KEY, MAX_MEMBERS, NOT_FOLLOWED, ROOM_KEY, ROOMS_PER_PROCESS, ROOMS_PER_SESSION,
                             RateLimit, View, normalise_code, shown_code)
from classroom.store import NoSuchRoom, RoomState, Store, StoreUnavailable, open_store
import concepts
from specs.base import Number
from ui import internals, page_state, shared_runs
from ui.page_state import url_text
from ui.literal import literal
from ui.registry import CONCEPT_PAGES

REDIS_URL_SETTING = "PROB_EXPLORER_REDIS_URL"
HEARTBEAT_S = 15.0
MOVES_PER_VERSION = 5
_STATE_KEY = "_classroom"
_HOME_PATH = "app_pages/home.py"
_LOG = logging.getLogger(__name__)


@dataclass
class Seat:
    """This session's place in a room (session state)."""
    code: str
    member: str                     # anonymous id: counts the member and keys its answers
    secret: str | None = None       # only a teacher's session holds it
    following: bool = True
    applied: int = -1               # the room version this student last moved to
    tries: int = 0                  # moves to that version so far (follow)
    restored_at: float | None = None  # teacher: when this session put back a room the store had lost

    @property
    def leads(self) -> bool:
        return self.secret is not None


def lead_cookie(code: str) -> str:
    return f"prob_explorer_lead_{code}"


# --- one store and one listener per process --------------------------------------------------------------


class _Followers:
    """Which sessions of this process follow which room: the listener reruns them, the heartbeat counts
    them. Sessions that have ended are dropped at the next heartbeat."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._rooms: dict[str, dict[str, str]] = {}   # code -> {session id: member id}

    def add(self, code: str, session_id: str, member: str) -> None:
        with self._lock:
            self._rooms.setdefault(code, {})[session_id] = member

    def remove(self, session_id: str) -> None:
        with self._lock:
            for sessions in self._rooms.values():
                sessions.pop(session_id, None)

    def sessions(self, code: str | None = None) -> list[str]:
        with self._lock:
            rooms = [self._rooms.get(code, {})] if code else list(self._rooms.values())
            return [session for sessions in rooms for session in sessions]

    def members_alive(self) -> dict[str, list[str]]:
        with self._lock:
            alive = {code: {s: m for s, m in sessions.items() if _session_alive(s)} for code, sessions in
                     self._rooms.items()}
            for session in {s for sessions in self._rooms.values() for s in sessions} - \
                    {s for sessions in alive.values() for s in sessions}:
                shared_runs.forget(session)
            self._rooms = {code: sessions for code, sessions in alive.items() if sessions}
            return {code: list(sessions.values()) for code, sessions in self._rooms.items()}


FOLLOWERS = _Followers()
LEADERS: set[str] = set()     # teachers' sessions in this process: rerun after a reconnection to Redis


def _runtime_session(session_id: str):
    """Streamlit's session object for an id, or None (ended, or pushed reruns are off: ui/internals.py)."""
    info = shared_runs.session_info(session_id)
    return None if info is None else info.session


def _session_alive(session_id: str) -> bool:
    return _runtime_session(session_id) is not None


def _push(session_id: str) -> None:
    """Ask a follower's session to rerun the whole page now (internals.push_rerun); where that is off,
    followers still move at their own next rerun."""
    session = _runtime_session(session_id)
    if session is not None:
        internals.push_rerun(session)


class _Pusher:
    """Pushes reruns to followers a few at a time. A whole class rerunning at once in one process makes
    every run wait on all the others for the interpreter (measured on 2 cores, 50 followers per process:
    the median student waited 2.3 s); runs that start as earlier ones finish reach most students sooner,
    and the last no later (bench/load_classroom.py --room)."""

    CONCURRENT = 4
    GRACE_S = 0.05       # a pushed session counts as running until its run has had time to start

    def __init__(self) -> None:
        self._queue: list[str] = []
        self._wake = threading.Condition()
        threading.Thread(target=self._run, daemon=True, name="classroom-pusher").start()

    def push(self, session_ids: list[str]) -> None:
        with self._wake:
            self._queue.extend(sid for sid in session_ids if sid not in self._queue)
            self._wake.notify()

    def push_first(self, session_ids: list[str]) -> None:
        """Ahead of the queue: a template run (ui/shared_runs.py) that a whole class waits on."""
        with self._wake:
            self._queue = [*session_ids, *(sid for sid in self._queue if sid not in session_ids)]
            self._wake.notify()

    def _run(self) -> None:
        started: list[tuple[float, Any]] = []
        while True:
            with self._wake:
                while not self._queue:
                    self._wake.wait()
                session_id = self._queue.pop(0)
            session = _runtime_session(session_id)
            if session is None:
                continue
            while True:
                now = time.monotonic()
                started = [(at, s) for at, s in started if now - at < self.GRACE_S or shared_runs.is_running(s)]
                if len(started) < self.CONCURRENT:
                    break
                time.sleep(0.002)
            _push(session_id)
            started.append((time.monotonic(), session))


PUSHER = _Pusher()
ROUNDS = shared_runs.Rounds(PUSHER.push, PUSHER.push_first)


def _on_change(code: str, version: int) -> None:
    if shared_runs.enabled():
        ROUNDS.move(code, version, FOLLOWERS.sessions(code))
    else:
        PUSHER.push(FOLLOWERS.sessions(code))


def _on_resync() -> None:
    """After (re)connecting to the store: teachers republish (and put back a room the store lost), and
    followers move to whatever they missed."""
    PUSHER.push(list(LEADERS) + FOLLOWERS.sessions())


def _heartbeat(store: Store) -> None:
    while True:
        time.sleep(HEARTBEAT_S)
        for code, members in FOLLOWERS.members_alive().items():
            try:
                store.touch_members(code, members)
            except StoreUnavailable:
                break


@functools.lru_cache(maxsize=1)   # not st.cache_resource: a TTL would start another listener each time
def classroom_store() -> Store:
    """The process's store (Redis when PROB_EXPLORER_REDIS_URL is set), its listener and heartbeat."""
    store = open_store(os.environ.get(REDIS_URL_SETTING, "").strip() or None)
    store.listen(_on_change, _on_resync)
    threading.Thread(target=_heartbeat, args=(store,), daemon=True, name="classroom-heartbeat").start()
    return store


# --- a session's seat -------------------------------------------------------------------------------------


def seat() -> Seat | None:
    return st.session_state.get(_STATE_KEY)


def _session_id() -> str | None:
    return internals.session_id()


def _take_seat(code: str, secret: str | None) -> Seat:
    place = Seat(code, secrets.token_hex(8), secret)
    st.session_state[_STATE_KEY] = place
    session_id = _session_id()
    if session_id and not place.leads:
        FOLLOWERS.add(code, session_id, place.member)
    elif session_id:
        LEADERS.add(session_id)
    if not place.leads:
        classroom_store().touch_members(code, [place.member])
    return place


def leave_room() -> None:
    place = st.session_state.pop(_STATE_KEY, None)
    session_id = _session_id()
    if session_id:
        FOLLOWERS.remove(session_id)
        LEADERS.discard(session_id)
        shared_runs.forget(session_id)
    if place is not None:
        try:
            classroom_store().leave(place.code, place.member)
        except StoreUnavailable:
            pass
    page_state.drop_link_value(ROOM_KEY)
    page_state.drop_link_value(LEAD_KEY)


_ROOMS_BY_SESSION = RateLimit(*ROOMS_PER_SESSION)
_ROOMS_BY_PROCESS = RateLimit(*ROOMS_PER_PROCESS)


def start_room() -> None:
    """A new room led by this session (the Start button's callback), unless this session or this server has
    started too many lately: then a message says when to try again, and no room is made."""
    if not _ROOMS_BY_SESSION.allow(_session_id() or "no session"):
        st.toast(_("You have started {count} rooms in the last {minutes} minutes: use one of them, or try again "
                   "in a few minutes.").format(count=ROOMS_PER_SESSION[0], minutes=round(ROOMS_PER_SESSION[1] / 60)),
                 icon=":material/hourglass_top:")
        return
    if not _ROOMS_BY_PROCESS.allow("process"):
        _LOG.warning("room creation refused: %d rooms in the last %.0f s on this server", *ROOMS_PER_PROCESS)
        st.toast(_("Many rooms are being started on this server right now: try again in a minute."),
                 icon=":material/hourglass_top:")
        return
    code, secret = classroom_store().create_room()
    _take_seat(code, secret)
    page_state.set_link_value(ROOM_KEY, code)
    page_state.set_link_value(LEAD_KEY, "1")


def join_room(raw_code: str) -> str | None:
    """Join a room by a typed or linked code; a message saying why not, or None when joined."""
    code = normalise_code(raw_code)
    if code is None:
        return _("“{typed}” is not a room code: a code has 8 letters and digits, like ABCD-EFGH.").format(
            typed=literal(raw_code, 20))
    if classroom_store().room(code) is None:
        return _("There is no room {code}: it may have ended (rooms close after 4 idle hours). Check the code "
                 "with your teacher.").format(code=shown_code(code))
    secret = st.context.cookies.get(lead_cookie(code)) if st.query_params.get(LEAD_KEY) == "1" else None
    leads = secret is not None and classroom_store().is_leader(code, secret)
    if not leads and classroom_store().member_count(code) >= MAX_MEMBERS:
        return _("Room {code} is full: it already has {count} students, the most one room holds. Ask your "
                 "teacher to start a second room.").format(code=shown_code(code), count=MAX_MEMBERS)
    _take_seat(code, secret if leads else None)
    page_state.set_link_value(ROOM_KEY, code)
    if not leads:
        page_state.drop_link_value(LEAD_KEY)
    return None


def page_path(page: str) -> str:
    """The script of a page by its URL path ("" is home)."""
    for spec in CONCEPT_PAGES:
        if spec.stem == page:
            return str(spec.path)
    return _HOME_PATH


def without_defaults(page: str, params: dict[str, str]) -> dict[str, str]:
    """A view's URL keys less those of the page's controls that are at their defaults, as a fresh link leaves
    them out. So a view is the same however many of its controls are in session state yet: at the start of
    the teacher's run that switches page only the link is known, at its end every control of the new page
    is there at its default, and that is one move for the class, not two.

    A control whose default depends on the reader's language (/sampling's prompt) is always kept, filled in
    with this reader's default where the link leaves it out: a student may read another language than the
    teacher, and the class must see the teacher's prompt, not each its own language's."""
    spec = concepts.specs_by_stem().get(page)
    if spec is None:
        return params
    by_language = spec.language_defaults(i18n.language())
    params = by_language | params
    values = {key: spec.value_from_url(key, raw) for key, raw in params.items()}
    known = {key: value for key, value in values.items() if value is not None and key != "tab"}
    state = spec.defaults() | known
    kept = {}
    for key, raw in params.items():
        if values[key] is None:                     # not one of the page's controls (a lesson step, ...)
            kept[key] = raw
            continue
        if key == "tab":
            default = spec.tabs[0]
        else:
            param = spec.param(key)
            default = param.default_in(state) if isinstance(param, Number) else param.default
        if values[key] != default or key in by_language:
            kept[key] = raw
    return kept


def current_view(url_path: str) -> View:
    return View.of(url_path, without_defaults(url_path, st.query_params.to_dict()))


def teacher_view(url_path: str) -> View:
    """What the teacher chose, already at the start of a run: the link, with every control of the page
    whose value this session holds. (A moved widget writes its new value to the link only as it is drawn,
    after everything above it; its value is in session state from the start, so the class need not wait
    for the teacher's page to be computed before computing its own.)

    Not a control whose default follows the others (/beta's "flips seen so far"): at the start of a run its
    session state still holds the default of the state before, which the run then replaces; the link has
    it only when the teacher chose it."""
    params = st.query_params.to_dict()
    spec = concepts.specs_by_stem().get(url_path)
    for key in spec.keys if spec is not None else ():
        if key != "tab" and getattr(spec.param(key), "default_for", None) is not None:
            continue
        value = page_state.held(key)
        if value is not None and spec.value_from_url(key, url_text(value)) is not None:
            params[key] = url_text(value)
    return View.of(url_path, without_defaults(url_path, params))


def move_to(view: View, code: str, url_path: str) -> None:
    """Show `view` in this session, as a lesson step is shown: every control back to its default, the
    teacher's values of the page's controls set as their state, and the teacher's link (ui.page_state, the one
    owner of a page's state). On the page already shown the run simply goes on with the new state (a whole
    class reruns at every move of the teacher: one run each, not two); another page is switched to."""
    spec = concepts.specs_by_stem().get(view.page)
    state, loose = {}, {ROOM_KEY: code}
    for key, raw in view.params.items():
        value = None if spec is None else spec.value_from_url(key, raw)
        if value is None:
            loose[key] = raw
        else:
            state[key] = value
    # What the student does not take from the teacher stays theirs (the language, presenter mode); the room
    # keys are set here, and a student never leads.
    own = {key: value for key in NOT_FOLLOWED - {ROOM_KEY, LEAD_KEY}
           if (value := page_state.link_value(key)) is not None}
    page_state.show_followed_view(page_path(view.page), state, {**view.params, ROOM_KEY: code, **own},
                                  {**loose, **own}, same_page=view.page == url_path)


def follow(url_path: str) -> RoomState | None:
    """A following student's run starts here: to the teacher's view whenever this page shows another.

    Following means showing the teacher's view: a control a following student moves snaps back (the
    banner offers "Explore on my own"), and so does a stale rerun the browser sends after a join or a
    switch. A few tries per teacher move at most, so that a link Streamlit would write differently
    from the teacher's (its internals moved) cannot make a loop of it.

    A session whose browser was sent another session's run (ui/shared_runs.py) shows the teacher's view
    while its own state is older: it moves again even where the link already looks right, and a student
    who has just chosen to explore starts from the view they were looking at.

    While the teacher lets the class move at its own pace, nobody is moved. Returns the room as the store has it
    (None for a teacher or a reader outside a room)."""
    place = seat()
    if place is None or place.leads:
        return None
    session_id = _session_id()
    behind = shared_runs.take_behind(session_id) if session_id else None
    room = classroom_store().room(place.code)
    if room is None:
        raise NoSuchRoom(place.code)
    if room.student_paced:
        place.applied = room.version      # moving at their own pace: nothing to catch up with
        return room
    if room.view is None or (not place.following and behind is None):
        return room
    if not place.following:
        move_to(room.view, place.code, url_path)
        return room
    if room.version != place.applied:
        place.applied, place.tries = room.version, 0
    if (behind is not None or room.view != current_view(url_path)) and place.tries < MOVES_PER_VERSION:
        place.tries += 1
        move_to(room.view, place.code, url_path)
    return room


def pause_class(paused: bool) -> None:
    """The teacher's Pause / Resume buttons: every student's screen shows a message instead of the page, or the
    page again (at the teacher's view, which stays published meanwhile). Each is a change of the room, pushed to
    the class like a move."""
    _change_room(lambda store, code, secret: store.set_paused(code, secret, paused),
                 "paused" if paused else "resumed",
                 _("The classroom is out of reach just now, so the class was not paused or resumed: try again in a "
                   "moment."))


def pace_class(student_paced: bool) -> None:
    """The teacher's "Students move at their own pace" switch: students go through the lesson's steps themselves
    (and the teacher sees how many are at each), or follow the teacher's screen again, from where it is."""
    _change_room(lambda store, code, secret: store.set_student_paced(code, secret, student_paced),
                 "set to move at its own pace" if student_paced else "set to follow the teacher",
                 _("The classroom is out of reach just now, so the pacing did not change: try again in a moment."))


def _change_room(change: Callable[[Store, str, str], int], done: str, failed: str) -> None:
    """A change of the room by its teacher (this session must lead it); where the store cannot take it, a line in
    the log and `failed` said to the teacher."""
    place = seat()
    if place is None or not place.leads:
        return
    try:
        change(classroom_store(), place.code, place.secret)
    except (StoreUnavailable, NoSuchRoom) as error:
        _LOG.warning("room %s: the class could not be %s (%s)", place.code, done, error)
        st.toast(failed, icon=":material/cloud_off:")


def position_now(url_path: str) -> str:
    """Where this student is: the lesson step in the link ("<lesson>:<step>"), else the page's path."""
    lesson, step = st.query_params.get("lesson"), st.query_params.get("step", "1")
    return f"{lesson}:{step}"[:64] if lesson else (url_path or "home")


def report_position(place: Seat, url_path: str) -> None:
    classroom_store().place_member(place.code, place.member, position_now(url_path))


def shown_version(place: Seat) -> int:
    """The room version this student's browser shows: its own last move, or a copy sent since."""
    session_id = _session_id()
    copied = shared_runs.copied_version(session_id) if session_id else None
    return place.applied if copied is None else max(place.applied, copied)


def run_begins() -> None:
    session_id = _session_id()
    if session_id:
        shared_runs.run_started(session_id)
    shared_runs.begin_own_marks()


def run_ends(lang: str, presenting: bool) -> None:
    """A following student's run that drew the teacher's view and nothing of their own can be copied."""
    place, session_id = seat(), _session_id()
    # page_state.following(): this run drew the teacher's view (not a student exploring or at their own pace).
    if place is None or place.leads or not page_state.following() or session_id is None:
        return
    if not shared_runs.drew_own():
        shared_runs.run_shareable(session_id, shared_runs.Look(place.code, lang, presenting), place.applied)


def publish(url_path: str, late: bool = False) -> RoomState | None:
    """At the start and the end of a teacher's run, and every 2 s from the teacher's room panel: the view as it
    stands, to the class, when it changed since it last reached the store. (The panel's retries matter: a move
    whose publish fails, e.g. a Redis too slow to answer within its timeout under load, would otherwise reach
    no student until the teacher's next move.) `late`: called from the panel, where a view still to be sent is
    a move its run did not get to the class, and the log says so. Returns the room as the store had it (paused?
    students at their own pace?), so that the teacher's run reads it once; None for anyone but a teacher."""
    place = seat()
    if place is None or not place.leads:
        return None
    view = teacher_view(url_path)
    store = classroom_store()
    try:
        room = store.room(place.code)
        if room is None:
            # Lost with the store's memory (a Redis restarted without persistence), or expired under a
            # teacher still teaching: put back as it was, and tell the class where the teacher is.
            store.restore_room(place.code, place.secret)
            place.restored_at = time.time()
            room = store.room(place.code)
        elif st.session_state.get("_classroom_published") == view:
            return room
        store.publish(place.code, place.secret, view)
        if late:
            _LOG.warning("room %s: the teacher's view reached the store late, from the room panel", place.code)
    except StoreUnavailable as error:
        _LOG.warning("room %s: the teacher's view did not reach the store (%s); tried again within 2 s",
                     place.code, error)
        raise
    st.session_state["_classroom_published"] = view
    return room


@functools.lru_cache(maxsize=1)
def lead_cookie_component():
    """A script that keeps the teacher's secret in the teacher's browser (a cookie for this site only, for
    the four hours a room lives), so that a reload of the teacher's link leads again. Secure wherever the page
    is served over HTTPS (every public deployment: deploy/nginx.conf redirects HTTP), so it never travels in
    clear; plain HTTP is left for a teacher trying the app on their own machine."""
    js = """
export default function (component) {
  const { name, secret } = component.data;
  const secure = window.location.protocol === "https:" ? "; Secure" : "";
  document.cookie = `${name}=${secret}; path=/; max-age=14400; SameSite=Strict${secure}`;
}
"""
    return st.components.v2.component("prob_explorer.lead_cookie", js=js)


def keep_lead_cookie(place: Seat) -> None:
    lead_cookie_component()(data={"name": lead_cookie(place.code), "secret": place.secret},
                            key="classroom-lead-cookie")
