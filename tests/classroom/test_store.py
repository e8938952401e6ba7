"""The classroom store: one suite, run against the in-process store and against a real redis-server."""

from __future__ import annotations

import threading
import time

import pytest

from classroom.rooms import CODE_ALPHABET, CODE_BITS, View, normalise_code, shown_code
from classroom.store import (MAX_SUBMISSIONS, MEMBER_SEEN_S, ROOM_TTL_S, MemoryStore, NoSuchRoom, NotLeader,
                             RedisStore, StoreUnavailable, open_store)

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


def test_members_are_counted_while_seen(store):
    code, _ = store.create_room()
    store.touch_members(code, ["a", "b", "c"])
    store.touch_members(code, ["a"])
    assert store.member_count(code) == 3
    store.leave(code, "b")
    assert store.member_count(code) == 2


def test_changes_are_heard_by_listeners(store):
    heard, resynced = [], threading.Event()
    store.listen(lambda code, version: heard.append((code, version)), resynced.set)
    if isinstance(store, RedisStore):
        assert resynced.wait(5)
    code, secret = store.create_room()
    store.publish(code, secret, VIEW)
    store.reveal(code, secret, "q")
    deadline = time.monotonic() + 5
    while len(heard) < 2 and time.monotonic() < deadline:
        time.sleep(0.01)
    assert heard == [(code, 1), (code, 2)]


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
    assert len(keys) == 4
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


def test_open_store_picks_by_setting(redis_service):
    assert isinstance(open_store(None), MemoryStore) and isinstance(open_store(""), MemoryStore)
    assert isinstance(open_store(redis_service.url), RedisStore)
