"""A teacher's move drawn once per replica and sent to every student who would draw the same (issue 15).

When the teacher moves, every following student's page must show the new view. Drawn in each student's
own session, that is a whole script run per student per move (~40 ms of CPU on /beta), and on this 2-core
machine a class of 100 waited 2-3 s for the last of them (bench/RESULTS.md, room mode). Yet the students
who follow a room see the same page apart from what is their own: their language, presenter mode, a panel
only they opened, their answer to a question.

So, per replica and per move: one following student's session, the *template*, runs the page as before,
and the messages that run sends to its browser are recorded on their way out; every other follower of the
room whose last run was drawn the same way (a `Look`: same room, language and presenter mode, nothing of
their own on the page) is sent a copy of those messages, as if its own session had drawn them. Anyone else,
and everyone when the template's run fails, is cut short, or draws something of its own, gets a run of
their own as before (the caller's `push`).

A session that was sent a copy holds older state than its browser shows: `behind` says so, and its next
own run (a click, *Catch up*, the safety-net fragment) first moves to the teacher's view again.

What this needs of Streamlit's sessions (their outgoing queue, state and client) is reached through
ui/internals.py, the "copied runs" feature: where it is off, no copy is made and every follower gets its own
run. Set PROB_EXPLORER_SHARED_RUNS=0 to turn copies off (the bench compares both).
"""

from __future__ import annotations

import os
import threading
import time
from dataclasses import dataclass, field
from typing import Callable

from ui import internals

SETTING = "PROB_EXPLORER_SHARED_RUNS"
_OWN_KEY = "_classroom_own"     # session state, this module's only: this run drew something of the reader's own
CAPTURE_TIMEOUT_S = 3.0     # a template run not done by then: everyone gets their own run
_LOG = internals.logger(__name__)     # Streamlit's: shown at its logger.level (info by default), one line a move

Push = Callable[[list[str]], None]


def enabled() -> bool:
    """Copies are made unless the operator turned them off, or Streamlit's internals for them are missing."""
    wanted = os.environ.get(SETTING, "1").strip().lower() not in {"0", "false", "no", "off"}
    return wanted and internals.is_on(internals.COPIED_RUNS)


@dataclass(frozen=True)
class Look:
    """What decides a following student's page besides the teacher's view."""
    code: str
    lang: str
    presenting: bool


# --- which sessions drew what ----------------------------------------------------------------------------

_LOCK = threading.Lock()
_LOOKS: dict[str, tuple[Look, int]] = {}   # session id -> its last run's look and room version, if shareable
_BEHIND: dict[str, int] = {}               # session id -> room version its browser was sent as a copy


def run_started(session_id: str) -> None:
    """A run of this session begins: until it ends shareable, its page may hold something of its own."""
    with _LOCK:
        _LOOKS.pop(session_id, None)


def run_shareable(session_id: str, look: Look, version: int) -> None:
    """This session's run drew the teacher's `version` with nothing of its own: its page is what any
    session with the same look would draw."""
    with _LOCK:
        _LOOKS[session_id] = (look, version)


def last_drawn(session_id: str) -> tuple[Look, int] | None:
    """The look and room version of this session's page, when another with that look could be copied to it."""
    with _LOCK:
        return _LOOKS.get(session_id)


def look_of(session_id: str) -> Look | None:
    drawn = last_drawn(session_id)
    return None if drawn is None else drawn[0]


def was_copied(session_id: str, look: Look, version: int) -> None:
    """This session's browser was sent a copy of `version`: it shows that page, its own state is older."""
    with _LOCK:
        _LOOKS[session_id] = (look, version)
        _BEHIND[session_id] = version


def copied_version(session_id: str) -> int | None:
    """The room version this session's browser was last sent as a copy (its own state is older)."""
    with _LOCK:
        return _BEHIND.get(session_id)


def take_behind(session_id: str) -> int | None:
    """As copied_version, and forget it: the caller's run is about to catch the session's state up."""
    with _LOCK:
        return _BEHIND.pop(session_id, None)


def begin_own_marks() -> None:
    """A run of this session begins: nothing of the reader's own is on its page yet."""
    import streamlit as st

    st.session_state[_OWN_KEY] = False


def draws_own() -> None:
    """Something on this run's page is the reader's own (a notice, a panel they opened, their answer to a
    question): no other student may be sent a copy of this run."""
    import streamlit as st

    st.session_state[_OWN_KEY] = True


def drew_own() -> bool:
    """Whether this run drew something of the reader's own (draws_own) since it began."""
    import streamlit as st

    return bool(st.session_state.get(_OWN_KEY))


def forget(session_id: str) -> None:
    with _LOCK:
        _LOOKS.pop(session_id, None)
        _BEHIND.pop(session_id, None)


# --- Streamlit's sessions (through ui/internals.py) ------------------------------------------------------

session_info = internals.session_info
is_running = internals.is_running
_is_quiet = internals.is_quiet


# --- recording a template's run ----------------------------------------------------------------------------


class _Recorder:
    """Records the messages of a session's next whole run as they leave its queue for the browser
    (internals.watch_outgoing); the run's messages are those from its `new_session` to its `script_finished`. A
    run cut short for a rerun (the switch to the teacher's page) starts over with the next; any other ending
    gives up."""

    def __init__(self, session, on_done: Callable[[list | None, str], None]) -> None:
        self._on_done = on_done
        self._run_id: str | None = None
        self._messages: list = []
        self._own_file = False
        self._finished = False
        self._timer: threading.Timer | None = None
        self._stop_watching = internals.watch_outgoing(session, self._see)

    def _see(self, message) -> bool:
        """One outgoing message; False once the recording is over."""
        kind = message.WhichOneof("type")
        if kind == "new_session":
            if message.metadata.run.fragment_ids:   # a fragment's run, not the page's
                return True
            self._run_id, self._messages, self._own_file = message.metadata.run.script_run_id, [message], False
        elif self._run_id is None:
            return True
        elif kind == "script_finished" and message.metadata.run.script_run_id == self._run_id:
            forward_msg = internals.run_messages()
            if message.script_finished == forward_msg.FINISHED_EARLY_FOR_RERUN:
                self._run_id, self._messages = None, []
                return True
            self._messages.append(message)
            if message.script_finished != forward_msg.FINISHED_SUCCESSFULLY:
                self.stop(None, "its run did not end well")
            elif self._own_file:
                self.stop(None, "its page held a file its session serves")
            else:
                self.stop(self._messages)
        else:
            self._own_file = self._own_file or _served_by_session(message)
            self._messages.append(message)
        return not self._finished

    def give_up_after(self, seconds: float) -> None:
        self._timer = threading.Timer(seconds, self.stop, args=(None,))
        self._timer.daemon = True
        self._timer.start()

    def stop(self, messages: list | None, why: str = "its run did not end in time") -> None:
        if self._finished:
            return
        self._finished = True
        if self._timer is not None:
            self._timer.cancel()
        self._stop_watching()
        self._on_done(messages, why)


# Elements whose content the browser fetches from the session that drew them (media files, a lazily loaded
# table's rows) or that hold a reader's own upload: another session's browser could not load them.
_SESSION_ELEMENTS = frozenset({"imgs", "audio", "video", "download_button", "file_uploader", "camera_input",
                               "audio_input"})


def _served_by_session(message) -> bool:
    if message.WhichOneof("type") != "delta" or message.delta.WhichOneof("type") != "new_element":
        return False
    element = message.delta.new_element
    kind = element.WhichOneof("type")
    return kind in _SESSION_ELEMENTS or (kind == "dataframe" and element.dataframe.HasField("lazy_data"))


def copy_run(session_id: str, messages: list) -> bool:
    """Send a recorded run to another session's browser, as if that session had drawn it. On the event loop."""
    info = session_info(session_id)
    if info is None or info.client is None or not _is_quiet(info.session):
        return False
    return internals.write_run(info.client, session_id, messages)


# --- a round: one teacher move on this replica ---------------------------------------------------------


@dataclass
class _Round:
    code: str
    version: int
    look: Look
    template: str
    others: list[str]
    started: float = field(default_factory=time.monotonic)
    done: bool = False
    copied: int = 0


class Rounds:
    """The rounds of this process, one per room and look: a room's students who read it in English and those
    who read it in Japanese (or in presenter mode) are two rounds of the same move, each with its template. A
    newer move of the room replaces its older rounds, of every look (their followers are in the newer move)."""

    def __init__(self, push: Push, push_first: Push) -> None:
        self._push, self._push_first = push, push_first
        self._lock = threading.Lock()
        self._current: dict[tuple[str, Look], _Round] = {}
        self.copies = 0          # counters, for the logs and tests
        self.own_runs = 0

    def move(self, code: str, version: int, sessions: list[str]) -> None:
        """The teacher of room `code` moved to `version`: get every following session of this process there."""
        self._retire_older(code, version)
        groups: dict[Look, list[str]] = {}
        loose: list[str] = []
        for session_id in sessions:
            look = look_of(session_id)
            (groups.setdefault(look, []) if look is not None and look.code == code else loose).append(session_id)
        for look, members in groups.items():
            if len(members) < 2:
                loose.extend(members)
                continue
            template = next((s for s in members if self._quiet(s)), members[0])
            others = [s for s in members if s != template]
            if not self._record(_Round(code, version, look, template, others)):
                loose.extend(members)
        self._own_runs(loose)

    def _retire_older(self, code: str, version: int) -> None:
        with self._lock:
            for key, old in list(self._current.items()):
                if key[0] == code and old.version < version:
                    old.done = True
                    del self._current[key]

    def _quiet(self, session_id: str) -> bool:
        info = session_info(session_id)
        return info is not None and _is_quiet(info.session)

    def _record(self, round_: _Round) -> bool:
        info = session_info(round_.template)
        if info is None:
            return False
        with self._lock:
            old = self._current.get((round_.code, round_.look))
            if old is not None:
                old.done = True
            self._current[(round_.code, round_.look)] = round_
        try:
            recorder = _Recorder(info.session, lambda messages, why: self._recorded(round_, messages, why))
        except Exception as error:  # noqa: BLE001 - internals moved
            internals.turn_off(internals.COPIED_RUNS, f"a run could not be recorded: {error!r}")
            return False
        recorder.give_up_after(CAPTURE_TIMEOUT_S)
        self._push_first([round_.template])
        return True

    def _recorded(self, round_: _Round, messages: list | None, why: str = "") -> None:
        """The template's run has ended (on the event loop), or the wait for it has (on a timer)."""
        with self._lock:
            if round_.done:
                return
            round_.done = True
            if self._current.get((round_.code, round_.look)) is round_:
                del self._current[(round_.code, round_.look)]
        drawn = last_drawn(round_.template)
        if messages is None or drawn is None or drawn[0] != round_.look or drawn[1] < round_.version:
            if messages is not None:
                why = "its page held something of its own" if drawn is None else "it drew another view"
            _LOG.info("room %s version %d: the template's run cannot be copied (%s): %d followers run their own",
                      round_.code, round_.version, why, len(round_.others))
            self._own_runs(round_.others)
            return
        version = drawn[1]
        self._schedule_copies(round_, messages, version)

    def _schedule_copies(self, round_: _Round, messages: list, version: int) -> None:
        info = session_info(round_.template)
        loop = None if info is None else internals.event_loop(info.session)
        if loop is None:
            self._own_runs(round_.others)
            return
        for session_id in round_.others:
            # One session a callback: the event loop goes on sending everyone else's messages in between.
            loop.call_soon_threadsafe(self._copy_one, round_, session_id, messages, version)
        loop.call_soon_threadsafe(self._report, round_, version)   # after the copies: callbacks run in order

    def _copy_one(self, round_: _Round, session_id: str, messages: list, version: int) -> None:
        own = last_drawn(session_id)
        # Same look, and never back to an older view than the session last drew.
        if own is not None and own[0] == round_.look and own[1] <= version and copy_run(session_id, messages):
            was_copied(session_id, round_.look, version)
            self.copies += 1
            round_.copied += 1
        else:
            self._own_runs([session_id])

    def _report(self, round_: _Round, version: int) -> None:
        _LOG.info("room %s version %d (%s): 1 run copied to %d of %d followers in %.0f ms", round_.code, version,
                  round_.look.lang, round_.copied, len(round_.others), 1000 * (time.monotonic() - round_.started))

    def _own_runs(self, session_ids: list[str]) -> None:
        if session_ids:
            self.own_runs += len(session_ids)
            self._push(session_ids)
