"""One run per replica per teacher move, copied to the followers who would draw the same (ui/shared_runs.py).

Streamlit's sessions are stood in for by small fakes with the same few attributes (a session's outgoing
queue, its state, its client); the real thing, in Chromium on two replicas: tests/browser/test_classroom.py;
how much it saves: bench/load_classroom.py --room."""

from __future__ import annotations

import itertools
from types import SimpleNamespace

import pytest
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

from ui import shared_runs
from ui.shared_runs import Look, Rounds

LOOK = Look("ABCDEFGH", "en", False)
_run_ids = itertools.count()


def new_session(fragment: str | None = None) -> ForwardMsg:
    message = ForwardMsg()
    message.new_session.page_script_hash = "beta-page"
    message.new_session.initialize.session_id = "template"
    message.metadata.run.script_run_id = f"run-{next(_run_ids)}"
    if fragment:
        message.metadata.run.fragment_ids.append(fragment)
    return message


def delta(text: str) -> ForwardMsg:
    message = ForwardMsg()
    message.delta.new_element.markdown.body = text
    return message


def finished(start: ForwardMsg, status=ForwardMsg.FINISHED_SUCCESSFULLY) -> ForwardMsg:
    message = ForwardMsg()
    message.script_finished = status
    message.metadata.run.script_run_id = start.metadata.run.script_run_id
    return message


class FakeQueue:
    def __init__(self) -> None:
        self.messages: list = []

    def is_empty(self) -> bool:
        return not self.messages


class FakeSession:
    """What shared_runs reads of Streamlit's AppSession: its queue, its state, its event loop."""

    def __init__(self, running: bool = False) -> None:
        self._browser_queue = FakeQueue()
        self._state = SimpleNamespace(value="APP_IS_RUNNING" if running else "WAITING_FOR_INPUT")
        self._event_loop = SimpleNamespace(call_soon_threadsafe=lambda callback, *args: callback(*args))

    def flush_browser_queue(self) -> list:
        messages, self._browser_queue.messages = self._browser_queue.messages, []
        return messages

    def send(self, *messages) -> list:
        """What the runtime's send loop does: flush the queue (through a recorder, if one is installed)."""
        self._browser_queue.messages.extend(messages)
        return self.flush_browser_queue()


class FakeClient:
    def __init__(self) -> None:
        self.written: list = []

    def write_forward_msg(self, message) -> None:
        self.written.append(message)


@pytest.fixture
def sessions(monkeypatch):
    """Session id -> info (session, client), as the runtime's session manager answers."""
    infos: dict[str, SimpleNamespace] = {}
    monkeypatch.setattr(shared_runs, "session_info", infos.get)
    monkeypatch.setattr(shared_runs, "_LOOKS", {})
    monkeypatch.setattr(shared_runs, "_BEHIND", {})

    def add(session_id: str, look: Look | None = LOOK, version: int = 1, running: bool = False):
        infos[session_id] = SimpleNamespace(session=FakeSession(running), client=FakeClient())
        if look is not None:
            shared_runs.run_shareable(session_id, look, version)
        return infos[session_id]
    return add


def recorded_run(session, done: list) -> list:
    """The template's run as its browser is sent it, cut short once by a switch of page."""
    shared_runs._Recorder(session, lambda messages, why: done.append(messages))
    before = new_session()
    session.send(before, delta("the page before the teacher's move"))
    session.send(finished(before, ForwardMsg.FINISHED_EARLY_FOR_RERUN))
    start = new_session()
    fragment = new_session(fragment="missed-moves")
    messages = [start, delta("the teacher's view"), delta("its figure")]
    session.send(*messages)
    session.send(fragment)                   # not part of the page's run: left out
    end = finished(start)
    session.send(end)
    return [*messages, end]


def test_the_recorder_keeps_the_last_whole_run_and_puts_the_session_back():
    session, done = FakeSession(), []
    expected = recorded_run(session, done)
    assert done == [expected]
    assert "flush_browser_queue" not in vars(session)       # the class's own method again
    assert session.send(delta("after")) and done == [expected]


def test_the_recorder_gives_up_on_a_run_that_fails():
    session, done = FakeSession(), []
    shared_runs._Recorder(session, lambda messages, why: done.append((messages, why)))
    start = new_session()
    session.send(start, delta("half a page"), finished(start, ForwardMsg.FINISHED_WITH_COMPILE_ERROR))
    assert done == [(None, "its run did not end well")]


def test_the_recorder_refuses_a_page_with_a_file_only_its_session_serves():
    session, done = FakeSession(), []
    shared_runs._Recorder(session, lambda messages, why: done.append((messages, why)))
    start, image = new_session(), ForwardMsg()
    image.delta.new_element.imgs.imgs.add().url = "/media/abc.png"
    session.send(start, delta("a QR code:"), image, finished(start))
    assert done == [(None, "its page held a file its session serves")]


def test_a_copy_is_the_recorded_run_with_the_followers_own_session_id(sessions):
    follower = sessions("follower")
    run = [new_session(), delta("the teacher's view")]
    run.append(finished(run[0]))
    assert shared_runs.copy_run("follower", run)
    written = follower.client.written
    assert [m.WhichOneof("type") for m in written] == ["new_session", "delta", "script_finished"]
    assert written[0].new_session.initialize.session_id == "follower"
    assert written[0].new_session.page_script_hash == "beta-page"
    assert run[0].new_session.initialize.session_id == "template"          # the template's own is untouched
    assert written[1:] == run[1:]


def test_no_copy_to_a_session_that_is_running_or_has_messages_waiting(sessions):
    run = [new_session(), finished(new_session())]
    sessions("busy", running=True)
    waiting = sessions("waiting")
    waiting.session._browser_queue.messages.append(delta("its own"))
    assert not shared_runs.copy_run("busy", run)
    assert not shared_runs.copy_run("waiting", run)
    assert not shared_runs.copy_run("gone", run)


def test_a_move_runs_once_and_copies_to_every_follower_with_the_same_look(sessions):
    template, twin, other_twin = sessions("a"), sessions("b"), sessions("c")
    sessions("japanese", Look(LOOK.code, "ja", False))         # alone in its look: its own run
    sessions("personal", look=None)                            # its page held something of its own
    sessions("ahead", version=9)                               # already drew a newer view than the copy
    pushed, first = [], []
    rounds = Rounds(pushed.extend, first.extend)
    rounds.move(LOOK.code, 2, ["a", "b", "c", "japanese", "personal", "ahead"])
    assert first == ["a"]                                      # the template, ahead of everyone
    assert sorted(pushed) == ["japanese", "personal"]

    shared_runs.run_started("a")                               # the template's run ...
    shared_runs.run_shareable("a", LOOK, 2)                    # ... drew version 2 and nothing of its own
    # The recorder the round installed is the session's flush now; send the run through it.
    start = new_session()
    template.session.send(start, delta("version 2"), finished(start))
    assert [m.WhichOneof("type") for m in twin.client.written] == ["new_session", "delta", "script_finished"]
    assert other_twin.client.written[0].new_session.initialize.session_id == "c"
    assert shared_runs.copied_version("b") == shared_runs.copied_version("c") == 2
    assert shared_runs.copied_version("a") is None             # the template drew it itself
    assert sorted(pushed) == ["ahead", "japanese", "personal"]  # too new for a copy of version 2
    assert (rounds.copies, rounds.own_runs) == (2, 3)
    assert shared_runs.take_behind("b") == 2 and shared_runs.copied_version("b") is None


def test_a_template_whose_page_was_its_own_is_not_copied(sessions):
    template = sessions("a")
    sessions("b")
    pushed: list = []
    rounds = Rounds(pushed.extend, lambda ids: None)
    rounds.move(LOOK.code, 2, ["a", "b"])
    shared_runs.run_started("a")                               # ... and it ends without run_shareable
    start = new_session()
    template.session.send(start, delta("an open panel"), finished(start))
    assert pushed == ["b"] and rounds.copies == 0


def test_a_newer_move_replaces_the_round_still_waiting_for_its_template(sessions):
    old_template = sessions("a")
    sessions("b")
    pushed, first = [], []
    rounds = Rounds(pushed.extend, first.extend)
    rounds.move(LOOK.code, 2, ["a", "b"])
    rounds.move(LOOK.code, 3, ["a", "b"])
    shared_runs.run_shareable("a", LOOK, 3)
    start = new_session()
    old_template.session.send(start, finished(start))          # both recorders see it; only the newer copies
    assert rounds.copies == 1 and pushed == []
    assert shared_runs.copied_version("b") == 3


def test_two_looks_in_one_room_are_two_rounds_and_both_are_copied(sessions):
    """3 English and 3 Japanese followers: the Japanese round must not mark the English one done (it did, and
    two English students received none of 4 moves)."""
    japanese = Look(LOOK.code, "ja", False)
    english_template, *english = [sessions(f"en{i}") for i in range(3)]
    japanese_template, *japanese_others = [sessions(f"ja{i}", japanese) for i in range(3)]
    pushed, first = [], []
    rounds = Rounds(pushed.extend, first.extend)
    rounds.move(LOOK.code, 2, ["en0", "en1", "en2", "ja0", "ja1", "ja2"])
    assert sorted(first) == ["en0", "ja0"] and pushed == []
    for template, look in ((english_template, LOOK), (japanese_template, japanese)):
        session_id = "en0" if look is LOOK else "ja0"
        shared_runs.run_started(session_id)
        shared_runs.run_shareable(session_id, look, 2)
        start = new_session()
        template.session.send(start, delta(f"version 2 in {look.lang}"), finished(start))
    assert rounds.copies == 4 and pushed == []
    for follower in (*english, *japanese_others):
        assert follower.client.written[1].delta.new_element.markdown.body.endswith(
            "en" if follower in english else "ja")


def test_copies_can_be_turned_off(monkeypatch):
    monkeypatch.setenv(shared_runs.SETTING, "0")
    assert not shared_runs.enabled()
    monkeypatch.setenv(shared_runs.SETTING, "1")
    assert shared_runs.enabled()
