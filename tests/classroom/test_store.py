"""The classroom store: one suite, run against the in-process store and against a real redis-server."""

from __future__ import annotations

import threading
import time

import pytest

from classroom.rooms import CODE_ALPHABET, CODE_BITS, View, normalise_code, shown_code
from classroom import store as store_module
from classroom.store import (MAX_SUBMISSIONS, MEMBER_SEEN_S, ROOM_TTL_S, MemoryStore, NoSuchRoom, NotLeader,
                             RedisStore, StoreUnavailable, open_store, room_change)

VIEW = View.of("beta", {"a": 2.0, "heads": 7, "room": "X", "lead": "1", "present": "1"})


@pytest.fixture(params=["memory", "redis"])
def store(request):
    if request.param == "memory":
        return MemoryStore()
    server = request.getfixturevalue("redis_service")
    store = RedisStore(server.url)
    store._client.flushdb()
    return store


def test_codes_are_long_enough_and_forgiving_when_typed():
    assert CODE_BITS >= 30 and len(CODE_ALPHABET) == 32
    assert normalise_code(" abcd-efgh ") == "ABCDEFGH"
    assert normalise_code("0OIL1234") == "00111234"     # O, I, L read as 0, 1, 1
    assert normalise_code("ABCDEFG") is None and normalise_code("ABCDEFGU") is None and normalise_code(None) is None
    assert shown_code("ABCDEFGH") == "ABCD-EFGH"


def test_a_view_leaves_out_the_room_keys():
    assert dict(VIEW.params) == {"a": "2.0", "heads": "7"}
    assert View.from_json(VIEW.to_json()) == VIEW


def test_only_the_secret_leads(store):
    code, secret = store.create_room()
    assert normalise_code(code) == code
    assert store.room(code).version == 0 and store.room(code).view is None
    assert store.is_leader(code, secret) and not store.is_leader(code, "guess") and not store.is_leader(code, None)
    assert store.publish(code, secret, VIEW) == 1
    with pytest.raises(NotLeader):
        store.publish(code, "guess", View.of("clt", {}))
    state = store.room(code)
    assert (state.version, state.view) == (1, VIEW)
    assert store.reveal(code, secret, "q1") == 2 and store.room(code).revealed == {"q1"}
    with pytest.raises(NotLeader):
        store.reveal(code, secret + "x", "q2")


def listening(store) -> list[tuple[str, int]]:
    """What the store's listener hears, (room, version) in order, from a listener that is ready (Redis's
    subscribes on its own thread and says so)."""
    heard, resynced = [], threading.Event()
    store.listen(lambda code, version: heard.append((code, version)), resynced.set)
    if isinstance(store, RedisStore):
        assert resynced.wait(5)
    return heard


def test_only_the_teacher_pauses_and_resumes_and_each_is_a_change_the_class_hears(store):
    heard = listening(store)
    code, secret = store.create_room()
    store.publish(code, secret, VIEW)
    assert not store.room(code).paused
    assert store.set_paused(code, secret, True) == 2
    state = store.room(code)
    assert state.paused and state.view == VIEW          # the view is kept for the resume
    with pytest.raises(NotLeader):
        store.set_paused(code, "guess", False)
    assert store.room(code).paused
    assert store.set_paused(code, secret, False) == 3 and not store.room(code).paused
    with pytest.raises(NoSuchRoom):
        store.set_paused("ZZZZZZZZ", secret, True)
    assert _wait_for(lambda: len(heard) >= 3, 5)       # Redis announces on the listener's thread
    assert [version for room, version in heard if room == code][-2:] == [2, 3]


def test_student_pacing_is_the_teachers_and_positions_are_counted_anonymously(store):
    code, secret = store.create_room()
    assert not store.room(code).student_paced and store.positions(code) == {}
    assert store.set_student_paced(code, secret, True) == 1 and store.room(code).student_paced
    with pytest.raises(NotLeader):
        store.set_student_paced(code, "guess", False)
    store.place_member(code, "m1", "lesson:1")
    store.place_member(code, "m2", "lesson:2")
    store.place_member(code, "m3", "lesson:2")
    store.place_member(code, "m1", "lesson:3")            # a student moves on: counted once, where they are
    assert store.positions(code) == {"lesson:2": 2, "lesson:3": 1}
    store.leave(code, "m2")                                # gone from the room: no longer counted
    assert store.positions(code) == {"lesson:2": 1, "lesson:3": 1}
    with pytest.raises(ValueError):
        store.place_member(code, "m4", "x" * 65)
    assert store.set_student_paced(code, secret, False) == 2 and not store.room(code).student_paced


def test_a_teachers_move_while_the_class_moves_at_its_own_pace_is_counted_but_not_announced(store):
    """Nobody follows the teacher's view while the class moves at its own pace: announcing it would rerun every
    student's page for nothing. Every other change still is, and `announced` says which was the last."""
    heard = listening(store)
    code, secret = store.create_room()
    store.publish(code, secret, VIEW)                                              # 1: heard
    assert store.set_student_paced(code, secret, True) == 2                        # 2: heard
    assert store.publish(code, secret, View("kl", {"m1": "1"})) == 3               # 3: not announced
    state = store.room(code)
    assert state.version == 3 and state.announced == 2 and state.view.page == "kl"   # the view is still kept
    assert store.reveal(code, secret, "q") == 4                                    # 4: heard
    assert store.set_student_paced(code, secret, False) == 5                       # 5: heard, the class follows
    assert store.publish(code, secret, VIEW) == 6                                  # 6: heard again
    assert store.room(code).announced == 6
    assert _wait_for(lambda: len([c for c, _v in heard if c == code]) >= 5, 5)
    time.sleep(0.2)                                     # a wrongly announced 3 would have arrived by now
    assert [version for room, version in heard if room == code] == [1, 2, 4, 5, 6]


def test_the_teacher_sets_a_questions_wall_in_their_order(store):
    code, secret = store.create_room()
    assert store.wall(code, "q") == []
    assert store.set_wall(code, secret, "q", ["0.7", "0.6", "<b>x</b>"]) == 1
    assert store.wall(code, "q") == ["0.7", "0.6", "<b>x</b>"] and store.wall(code, "other") == []
    assert store.set_wall(code, secret, "q", ["0.6"]) == 2 and store.wall(code, "q") == ["0.6"]
    with pytest.raises(NotLeader):
        store.set_wall(code, "guess", "q", ["1"])
    with pytest.raises(ValueError):
        store.set_wall(code, secret, "q", [str(k) for k in range(13)])       # at most 12
    with pytest.raises(ValueError):
        store.set_wall(code, secret, "q", ["x" * 65])
    assert store.set_wall(code, secret, "q", []) == 3 and store.wall(code, "q") == []


def test_a_lost_room_is_restored_by_its_teacher_only(store):
    code, secret = store.create_room()
    assert store.restore_room(code, secret)                 # already there: nothing changes
    assert not store.restore_room(code, "stranger")
    assert store.publish(code, secret, VIEW) == 1
    assert store.restore_room("ZZZZZZZZ", "mine") and store.is_leader("ZZZZZZZZ", "mine")


def test_unknown_rooms(store):
    code = "ABCDEFGH"
    assert store.room(code) is None and store.member_count(code) == 0 and store.answers(code, "q") == []
    with pytest.raises(NoSuchRoom):
        store.publish(code, "s", VIEW)
    with pytest.raises(NoSuchRoom):
        store.answer(code, "q", "m", "1")


def test_answers_are_one_per_member_and_capped(store):
    code, _ = store.create_room()
    assert store.answer(code, "q", "m1", "0.6") and store.answer(code, "q", "m2", "0.7")
    assert store.answer(code, "q", "m1", "0.65")           # a changed mind replaces the first answer
    assert sorted(store.answers(code, "q")) == ["0.65", "0.7"]
    for _ in range(MAX_SUBMISSIONS - 2):
        assert store.answer(code, "q", "m1", "1")
    assert not store.answer(code, "q", "m1", "2")          # the flood stops here ...
    assert sorted(store.answers(code, "q")) == ["0.7", "1"]
    assert store.answer(code, "q", "m2", "0.8")            # ... for that member only
    with pytest.raises(ValueError):
        store.answer(code, "q", "m2", "x" * 65)


def test_the_store_lists_what_the_class_answered_for_the_report(store):
    code, _ = store.create_room()
    other, _ = store.create_room()
    assert store.asked(code) == []
    store.answer(code, "lesson:2", "m1", "0.6")
    store.answer(code, "pool:lesson:4", "m1", "3")
    store.answer(code, "lesson:2", "m2", "0.7")
    store.answer(other, "elsewhere:1", "m3", "1")
    assert store.asked(code) == ["lesson:2", "pool:lesson:4"] and store.asked(other) == ["elsewhere:1"]
    assert store.asked("ZZZZZZZZ") == []


def test_a_question_keeps_at_most_max_answers_per_room(store, monkeypatch):
    from classroom import store as store_module

    monkeypatch.setattr(store_module, "MAX_ANSWERS", 3)
    code, _ = store.create_room()
    for member in ("a", "b", "c"):
        assert store.answer(code, "q", member, "1")
    with pytest.raises(store_module.AnswersFull):
        store.answer(code, "q", "d", "2")                   # a fourth member: refused, loudly
    assert store.answer(code, "q", "a", "5")                # one already counted may change their answer
    assert sorted(store.answers(code, "q")) == ["1", "1", "5"]
    assert store.answer(code, "other question", "d", "2")   # the cap is per question


def test_a_sliding_window_rate_limit():
    from classroom.rooms import RateLimit

    now = [0.0]
    limit = RateLimit(2, 10.0, clock=lambda: now[0])
    assert limit.allow("s") and limit.allow("s") and not limit.allow("s") and limit.allow("other")
    now[0] = 9.9
    assert not limit.allow("s")
    now[0] = 10.01
    assert limit.allow("s") and limit.allow("s") and not limit.allow("s")   # the window has moved past both
    now[0] = 100.0
    assert limit.allow("s") and set(limit._events) == {"s"}   # keys not seen for a window are dropped


def test_members_are_counted_while_seen(store):
    code, _ = store.create_room()
    store.touch_members(code, ["a", "b", "c"])
    store.touch_members(code, ["a"])
    assert store.member_count(code) == 3
    store.leave(code, "b")
    assert store.member_count(code) == 2


def test_changes_are_heard_by_listeners(store):
    heard = listening(store)
    code, secret = store.create_room()
    store.publish(code, secret, VIEW)
    store.reveal(code, secret, "q")
    assert _wait_for(lambda: len(heard) >= 2, 5)
    assert heard == [(code, 1), (code, 2)]


def _wait_for(condition, timeout: float) -> bool:
    deadline = time.monotonic() + timeout
    while not condition() and time.monotonic() < deadline:
        time.sleep(0.01)
    return condition()


def test_only_a_rooms_new_version_is_a_change():
    """What pub/sub delivers besides a room's new version is ignored: the keep-alive's pong (channel None, which
    killed the listener), subscription notices, sub-keys' channels, and anything someone else PUBLISHes."""
    channel = "prob-explorer:room:ABCDEFGH"
    assert room_change({"type": "pmessage", "pattern": "prob-explorer:room:*", "channel": channel, "data": "3"}) == (
        "ABCDEFGH", 3)
    assert room_change({"type": "message", "channel": channel, "data": b"12"}) == ("ABCDEFGH", 12)
    for junk in ({"type": "pong", "channel": None, "data": ""}, {"type": "pong", "channel": None, "data": None},
                 {"type": "psubscribe", "channel": "prob-explorer:room:*", "data": 1},
                 {"type": "pmessage", "channel": channel + ":revealed", "data": "1"},
                 {"type": "pmessage", "channel": channel, "data": "not a number"},
                 {"type": "pmessage", "channel": channel, "data": "-4"},
                 {"type": "pmessage", "channel": channel, "data": "0"},
                 {"type": "pmessage", "channel": channel, "data": "9" * 400},
                 {"type": "pmessage", "channel": channel, "data": "²"},
                 {"type": "pmessage", "channel": channel, "data": "٣"},
                 {"type": "pmessage", "channel": channel, "data": None},
                 {"type": "pmessage", "channel": "other:thing", "data": "1"},
                 {"type": "pmessage", "channel": "prob-explorer:room:", "data": "1"}, {}):
        assert room_change(junk) is None, junk


def test_the_redis_listener_survives_quiet_gaps_and_junk(redis_service, monkeypatch):
    """The listener outlives its own keep-alive pings (a real Redis answers each with a pong) and messages that
    are not versions, and keeps hearing real changes; a failing callback does not end it either."""
    monkeypatch.setattr(store_module, "KEEPALIVE_S", 0.3)   # several pings in a short quiet gap
    store = RedisStore(redis_service.url)
    heard, resynced = [], threading.Event()

    def on_change(code, version):
        if version == 1:
            raise RuntimeError("a callback that fails")
        heard.append(version)

    store.listen(on_change, resynced.set)
    assert resynced.wait(5)
    code, secret = store.create_room()
    time.sleep(1.5)                                         # quiet: about five pings and pongs
    store._client.publish(f"prob-explorer:room:{code}", "not-a-version")
    store.publish(code, secret, VIEW)                       # version 1: the callback raises
    time.sleep(1.0)
    store.publish(code, secret, VIEW)
    assert _wait_for(lambda: heard == [2], 5), heard
    assert store._listener.is_alive() and store.listener_trouble() is None


def test_the_redis_listener_says_when_it_is_not_hearing(redis_service):
    store = RedisStore(redis_service.url)
    assert store.listener_trouble() == "the listener has not been started"
    resyncs = []
    store.listen(lambda code, version: None, lambda: resyncs.append(1))
    assert _wait_for(lambda: resyncs, 5) and store.listener_trouble() is None
    redis_service.stop()
    try:
        assert _wait_for(lambda: store.listener_trouble() is not None, 10)
    finally:
        redis_service.start()
    assert _wait_for(lambda: store.listener_trouble() is None, 15)


def test_rooms_expire_after_four_idle_hours():
    now = [0.0]
    store = MemoryStore(clock=lambda: now[0])
    code, secret = store.create_room()
    now[0] = ROOM_TTL_S - 60
    store.publish(code, secret, VIEW)                      # a change keeps the room alive ...
    now[0] += ROOM_TTL_S - 1
    store.touch_members(code, ["a"])
    assert store.room(code) is not None and store.member_count(code) == 1
    now[0] += MEMBER_SEEN_S + 1
    assert store.member_count(code) == 0                   # a member not seen lately is not counted
    now[0] += 2
    assert store.room(code) is None                        # ... and four idle hours end it


def test_redis_keys_carry_the_room_expiry(redis_service):
    store = RedisStore(redis_service.url)
    code, secret = store.create_room()
    store.publish(code, secret, VIEW)
    store.answer(code, "q", "m", "1")
    store.touch_members(code, ["m"])
    keys = store._client.keys(f"*{code}*")
    assert len(keys) == 5      # the room, its submissions, answers, the questions answered, members
    for key in keys:
        assert 0 < store._client.ttl(key) <= ROOM_TTL_S


def test_redis_going_away_is_reported_and_survived(redis_service):
    store = RedisStore(redis_service.url)
    heard, resyncs = [], []
    store.listen(lambda code, version: heard.append(version), lambda: resyncs.append(time.monotonic()))
    code, secret = store.create_room()
    deadline = time.monotonic() + 5
    while not resyncs and time.monotonic() < deadline:
        time.sleep(0.01)
    redis_service.stop()
    try:
        started = time.monotonic()
        with pytest.raises(StoreUnavailable):
            store.room(code)
        assert time.monotonic() - started < 3        # a page is not held up for long
    finally:
        redis_service.start()
    # The data went with the process (no persistence), but the store works again and the listener
    # reconnects by itself, saying so.
    deadline = time.monotonic() + 15
    while len(resyncs) < 2 and time.monotonic() < deadline:
        time.sleep(0.05)
    assert len(resyncs) >= 2
    assert store.room(code) is None
    assert store.restore_room(code, secret) and not store.restore_room(code, "stranger")
    store.publish(code, secret, VIEW)
    deadline = time.monotonic() + 5
    while not heard and time.monotonic() < deadline:
        time.sleep(0.01)
    assert heard == [1]


def test_a_full_redis_is_unavailable_for_writes_and_still_read(redis_service):
    """maxmemory reached with noeviction: writes fail with OutOfMemoryError (ExecAbortError inside MULTI);
    each is StoreUnavailable, the notice a page shows for an outage, and reading a room needs no MULTI."""
    store = RedisStore(redis_service.url)
    code, secret = store.create_room()
    store.publish(code, secret, VIEW)
    store._client.config_set("maxmemory-policy", "noeviction")
    store._client.config_set("maxmemory", 1)
    try:
        for write in (store.create_room, lambda: store.publish(code, secret, VIEW),
                      lambda: store.answer(code, "q", "m", "0.5"), lambda: store.touch_members(code, ["m"])):
            with pytest.raises(StoreUnavailable):
                write()
        assert store.room(code).view == VIEW
    finally:
        store._client.config_set("maxmemory", 0)


def test_a_foreign_service_on_the_redis_port_is_unavailable():
    """Something else answers on the configured port (an HTTP server): the same notice, never a traceback."""
    import socket

    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(8)
    port = listener.getsockname()[1]
    stop = threading.Event()

    def answer_like_http():
        listener.settimeout(0.2)
        while not stop.is_set():
            try:
                connection, _ = listener.accept()
            except OSError:
                continue
            with connection:
                try:
                    connection.recv(1024)
                    connection.sendall(b"HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n")
                except OSError:
                    pass
    thread = threading.Thread(target=answer_like_http, daemon=True)
    thread.start()
    try:
        store = RedisStore(f"redis://127.0.0.1:{port}/0")
        for call in (lambda: store.room("ABCDEFGH"), store.create_room, lambda: store.member_count("ABCDEFGH")):
            with pytest.raises(StoreUnavailable):
                call()
    finally:
        stop.set()
        thread.join(2)
        listener.close()


def test_open_store_picks_by_setting(redis_service):
    assert isinstance(open_store(None), MemoryStore) and isinstance(open_store(""), MemoryStore)
    assert isinstance(open_store(redis_service.url), RedisStore)
