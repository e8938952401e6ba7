"""Where rooms live: in this process (the default, nothing to install) or in Redis (several replicas).

    store = open_store(os.environ.get("PROB_EXPLORER_REDIS_URL"))   # None or "": in this process

Both stores keep the same things and answer the same questions (tests/classroom/test_store.py runs one
suite against each, Redis being a real `redis-server`):

- a room: the SHA-256 of the teacher's secret, the teacher's current view, whether the teacher has paused the
  class, and a version that counts the teacher's changes (a new view, a revealed answer, a pause or a resume);
  every change the class must see is announced to `listen`ers, in Redis on a pub/sub channel, so a replica
  whose students follow a teacher on another replica hears of it at once. The one change not announced is a new
  view while the class moves at its own pace: nobody follows it, and announcing it would rerun every student's
  page for nothing. `RoomState.announced` is the version of the last change announced (a student's safety net
  compares it with what its page shows);
- who is in it: anonymous member ids with the time each was last known to be there;
- the answers the teacher put on a question's wall, in the teacher's order (anonymous: the answers only);
- the class's answers to each question (and results of each class experiment): one per member (a new answer
  replaces the old one), anonymous, read back only as a list of values, and which questions have answers (the
  teacher's report after class); a member may submit at most `MAX_SUBMISSIONS` times per room.

A room and everything in it expire after `ROOM_TTL_S` (4 hours) without a change by its teacher or an
answer; in Redis every key carries that expiry, so nothing outlives its room even if no replica is left
to clean up.

A teacher's session holds its room's code and secret, so a room lost with the store's memory (a Redis
restarted without persistence) or expired under a teacher still teaching is put back as it was by
`restore_room`; a stranger cannot take over a room that exists (the secret must match).

A store that cannot be reached raises `StoreUnavailable` from every method: the page then works on its own
with a notice (ui/classroom.py), and the listener keeps reconnecting until the store is back.
"""

from __future__ import annotations

import json
import logging
import re
import threading
import time
from dataclasses import dataclass, field
from typing import Callable, Iterable, Protocol

from classroom.rooms import MAX_ANSWERS, View, new_code, new_secret, secret_digest, secret_matches

_LOG = logging.getLogger(__name__)

ROOM_TTL_S = 4 * 3600
MEMBER_SEEN_S = 45.0          # a member not seen for this long is no longer counted (heartbeats: every 15 s)
MAX_SUBMISSIONS = 20          # answers one member may submit in one room (changing one's mind included)
MAX_ANSWER_CHARS = 64
MAX_WALL = 12                 # answers a teacher may put on one question's wall

OnChange = Callable[[str, int], None]      # (room code, new version)
OnResync = Callable[[], None]              # after (re)connecting: changes may have been missed


class StoreUnavailable(RuntimeError):
    """The shared store cannot be reached (Redis down, or a network fault)."""


@dataclass(frozen=True)
class RoomState:
    code: str
    version: int
    view: View | None
    revealed: frozenset[str]
    paused: bool = False            # the teacher has paused the class: students see a message, not the page
    student_paced: bool = False     # students move through the lesson's steps themselves (else they follow)
    announced: int = 0              # the version of the last change announced to listeners (module docstring)


class Store(Protocol):
    def create_room(self) -> tuple[str, str]: ...
    def restore_room(self, code: str, secret: str) -> bool: ...
    def room(self, code: str) -> RoomState | None: ...
    def is_leader(self, code: str, secret: str | None) -> bool: ...
    def publish(self, code: str, secret: str, view: View) -> int: ...
    def reveal(self, code: str, secret: str, question: str) -> int: ...
    def set_paused(self, code: str, secret: str, paused: bool) -> int: ...
    def set_wall(self, code: str, secret: str, question: str, answers: list[str]) -> int: ...
    def wall(self, code: str, question: str) -> list[str]: ...
    def set_student_paced(self, code: str, secret: str, student_paced: bool) -> int: ...
    def place_member(self, code: str, member: str, position: str) -> None: ...
    def positions(self, code: str) -> dict[str, int]: ...
    def touch_members(self, code: str, members: Iterable[str]) -> None: ...
    def leave(self, code: str, member: str) -> None: ...
    def member_count(self, code: str) -> int: ...
    def answer(self, code: str, question: str, member: str, value: str) -> bool: ...
    def answers(self, code: str, question: str) -> list[str]: ...
    def asked(self, code: str) -> list[str]: ...
    def listen(self, on_change: OnChange, on_resync: OnResync) -> None: ...
    def listener_trouble(self) -> str | None: ...


class NotLeader(PermissionError):
    """A change to a room by someone without its teacher's secret."""


class AnswersFull(Exception):
    """The question already has MAX_ANSWERS answers in this room: a new member's answer is not kept."""


class NoSuchRoom(LookupError):
    """The room code is unknown, or its room has expired."""


def _checked_wall(answers: list[str]) -> list[str]:
    """The answers a teacher chose for a wall, in their order: at most MAX_WALL, each an answer as stored."""
    answers = [_checked_answer(answer) for answer in answers]
    if len(answers) > MAX_WALL:
        raise ValueError(f"a wall shows at most {MAX_WALL} answers")
    return answers


def _checked_position(position: str) -> str:
    position = str(position)
    if not position or len(position) > MAX_ANSWER_CHARS:
        raise ValueError(f"a position must have 1 to {MAX_ANSWER_CHARS} characters")
    return position


def _checked_answer(value: str) -> str:
    value = str(value).strip()
    if not value or len(value) > MAX_ANSWER_CHARS:
        raise ValueError(f"an answer must have 1 to {MAX_ANSWER_CHARS} characters")
    return value


# --- in this process ------------------------------------------------------------------------------------


@dataclass
class _Room:
    digest: str
    expires_at: float
    version: int = 0
    view: View | None = None
    revealed: set[str] = field(default_factory=set)
    paused: bool = False
    student_paced: bool = False
    announced: int = 0
    walls: dict[str, list[str]] = field(default_factory=dict)
    members: dict[str, float] = field(default_factory=dict)
    positions: dict[str, str] = field(default_factory=dict)
    answers: dict[str, dict[str, str]] = field(default_factory=dict)
    submissions: dict[str, int] = field(default_factory=dict)


class MemoryStore:
    """Rooms in this process's memory: one Streamlit process serves the whole class. `clock` is
    injectable so the tests can let four hours pass."""

    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self._clock = clock
        self._rooms: dict[str, _Room] = {}
        self._lock = threading.Lock()
        self._listeners: list[OnChange] = []

    def _live(self, code: str) -> _Room | None:
        room = self._rooms.get(code)
        if room is not None and room.expires_at <= self._clock():
            del self._rooms[code]
            return None
        return room

    def _led(self, code: str, secret: str) -> _Room:
        room = self._live(code)
        if room is None:
            raise NoSuchRoom(code)
        if not secret_matches(secret, room.digest):
            raise NotLeader(code)
        return room

    def _changed(self, code: str, room: _Room, announce: bool = True) -> int:
        room.version += 1
        room.expires_at = self._clock() + ROOM_TTL_S
        version = room.version
        if announce:
            room.announced = version
            for listener in list(self._listeners):
                listener(code, version)
        return version

    def create_room(self) -> tuple[str, str]:
        with self._lock:
            for expired in [code for code, room in self._rooms.items() if room.expires_at <= self._clock()]:
                del self._rooms[expired]
            code = new_code()
            while code in self._rooms:
                code = new_code()
            secret = new_secret()
            self._rooms[code] = _Room(secret_digest(secret), self._clock() + ROOM_TTL_S)
            return code, secret

    def restore_room(self, code: str, secret: str) -> bool:
        with self._lock:
            if self._live(code) is None:
                self._rooms[code] = _Room(secret_digest(secret), self._clock() + ROOM_TTL_S)
            return secret_matches(secret, self._rooms[code].digest)

    def room(self, code: str) -> RoomState | None:
        with self._lock:
            room = self._live(code)
            if room is None:
                return None
            return RoomState(code, room.version, room.view, frozenset(room.revealed), room.paused, room.student_paced,
                             room.announced)

    def is_leader(self, code: str, secret: str | None) -> bool:
        with self._lock:
            room = self._live(code)
            return room is not None and secret_matches(secret, room.digest)

    def publish(self, code: str, secret: str, view: View) -> int:
        with self._lock:
            room = self._led(code, secret)
            room.view = view
            return self._changed(code, room, announce=not room.student_paced)

    def reveal(self, code: str, secret: str, question: str) -> int:
        with self._lock:
            room = self._led(code, secret)
            room.revealed.add(question)
            return self._changed(code, room)

    def set_paused(self, code: str, secret: str, paused: bool) -> int:
        with self._lock:
            room = self._led(code, secret)
            room.paused = bool(paused)
            return self._changed(code, room)

    def set_wall(self, code: str, secret: str, question: str, answers: list[str]) -> int:
        answers = _checked_wall(answers)
        with self._lock:
            room = self._led(code, secret)
            room.walls[question] = answers
            return self._changed(code, room)

    def wall(self, code: str, question: str) -> list[str]:
        with self._lock:
            room = self._live(code)
            return [] if room is None else list(room.walls.get(question, []))

    def set_student_paced(self, code: str, secret: str, student_paced: bool) -> int:
        with self._lock:
            room = self._led(code, secret)
            room.student_paced = bool(student_paced)
            return self._changed(code, room)

    def place_member(self, code: str, member: str, position: str) -> None:
        position = _checked_position(position)
        with self._lock:
            room = self._live(code)
            if room is not None:
                room.positions[member] = position
                room.members[member] = self._clock()

    def positions(self, code: str) -> dict[str, int]:
        """How many of the members present are at each position (a lesson step), anonymous."""
        with self._lock:
            room = self._live(code)
            if room is None:
                return {}
            since = self._clock() - MEMBER_SEEN_S
            present = [room.positions[m] for m, seen in room.members.items() if seen >= since and m in room.positions]
            return {position: present.count(position) for position in sorted(set(present))}

    def touch_members(self, code: str, members: Iterable[str]) -> None:
        with self._lock:
            room = self._live(code)
            if room is not None:
                now = self._clock()
                room.members.update((member, now) for member in members)

    def leave(self, code: str, member: str) -> None:
        with self._lock:
            room = self._live(code)
            if room is not None:
                room.members.pop(member, None)

    def member_count(self, code: str) -> int:
        with self._lock:
            room = self._live(code)
            if room is None:
                return 0
            since = self._clock() - MEMBER_SEEN_S
            return sum(seen >= since for seen in room.members.values())

    def answer(self, code: str, question: str, member: str, value: str) -> bool:
        value = _checked_answer(value)
        with self._lock:
            room = self._live(code)
            if room is None:
                raise NoSuchRoom(code)
            if room.submissions.get(member, 0) >= MAX_SUBMISSIONS:
                return False
            given = room.answers.setdefault(question, {})
            if member not in given and len(given) >= MAX_ANSWERS:
                raise AnswersFull(code)
            room.submissions[member] = room.submissions.get(member, 0) + 1
            given[member] = value
            room.expires_at = self._clock() + ROOM_TTL_S
            return True

    def answers(self, code: str, question: str) -> list[str]:
        with self._lock:
            room = self._live(code)
            return [] if room is None else list(room.answers.get(question, {}).values())

    def asked(self, code: str) -> list[str]:
        """The ids of the questions and experiments the class has answered in this room, sorted (the report)."""
        with self._lock:
            room = self._live(code)
            return [] if room is None else sorted(question for question, given in room.answers.items() if given)

    def listen(self, on_change: OnChange, on_resync: OnResync) -> None:
        """Changes are announced in the thread that makes them (there is no one else to hear them)."""
        self._listeners.append(on_change)

    def listener_trouble(self) -> str | None:
        return None     # nothing to lose: the teacher's own thread announces each change


# --- in Redis -------------------------------------------------------------------------------------------

_PREFIX = "prob-explorer:room:"
_CHANNELS = _PREFIX + "*"


def _key(code: str, *parts: str) -> str:
    return ":".join((_PREFIX + code, *parts))


class RedisStore:
    """Rooms in Redis, shared by every replica. Keys under `prob-explorer:room:<CODE>`; changes announced
    on the channel of the same name. Short socket timeouts: a page waits at most about a second for a
    store that has gone, then works on its own."""

    _PUBLISH = """
    local digest = redis.call('HGET', KEYS[1], 'digest')
    if not digest then return -1 end
    if digest ~= ARGV[1] then return -2 end
    if ARGV[2] == 'view' then redis.call('HSET', KEYS[1], 'view', ARGV[3])
    elseif ARGV[2] == 'paused' then redis.call('HSET', KEYS[1], 'paused', ARGV[3])
    elseif ARGV[2] == 'student_paced' then redis.call('HSET', KEYS[1], 'student_paced', ARGV[3])
    elseif ARGV[2] == 'wall' then redis.call('HSET', KEYS[1], 'wall:' .. ARGV[3], ARGV[5])
    else redis.call('SADD', KEYS[2], ARGV[3]); redis.call('EXPIRE', KEYS[2], ARGV[4]) end
    local version = redis.call('HINCRBY', KEYS[1], 'version', 1)
    redis.call('EXPIRE', KEYS[1], ARGV[4])
    if not (ARGV[2] == 'view' and redis.call('HGET', KEYS[1], 'student_paced') == '1') then
      redis.call('HSET', KEYS[1], 'announced', version)
      redis.call('PUBLISH', KEYS[1], version)
    end
    return version
    """

    def __init__(self, url: str, timeout_s: float = 0.5) -> None:
        import redis  # only where Redis is configured

        self._redis = redis
        self._url = url
        self._client = redis.Redis.from_url(url, socket_timeout=timeout_s, socket_connect_timeout=timeout_s,
                                            decode_responses=True)
        self._change = self._client.register_script(self._PUBLISH)
        self._listener: threading.Thread | None = None
        self._listener_lock = threading.Lock()
        self._listener_error: str | None = None     # why the listener is not hearing changes just now

    def _call(self, action: Callable[[], object]):
        try:
            return action()
        except (self._redis.exceptions.RedisError, OSError) as error:
            # Every Redis failure, not only a lost connection: a full Redis (OutOfMemoryError, ExecAbortError),
            # a foreign service on its port (InvalidResponse), a read-only replica. The page works on its own.
            raise StoreUnavailable(f"the classroom store (Redis) cannot be used: {type(error).__name__}: "
                                   f"{error}") from error

    def _changed(self, code: str, secret: str, kind: str, value: str, extra: str = "") -> int:
        version = int(self._call(lambda: self._change(
            keys=[_key(code), _key(code, "revealed")], args=[secret_digest(secret), kind, value, ROOM_TTL_S, extra])))
        if version == -1:
            raise NoSuchRoom(code)
        if version == -2:
            raise NotLeader(code)
        return version

    def create_room(self) -> tuple[str, str]:
        secret = new_secret()
        while True:
            code = new_code()
            created = self._call(lambda: self._client.hsetnx(_key(code), "digest", secret_digest(secret)))
            if created:
                self._call(lambda: self._client.pipeline().hset(_key(code), "version", 0)
                           .expire(_key(code), ROOM_TTL_S).execute())
                return code, secret

    def restore_room(self, code: str, secret: str) -> bool:
        if self._call(lambda: self._client.hsetnx(_key(code), "digest", secret_digest(secret))):
            self._call(lambda: self._client.pipeline().hset(_key(code), "version", 0)
                       .expire(_key(code), ROOM_TTL_S).execute())
        return self.is_leader(code, secret)

    def room(self, code: str) -> RoomState | None:
        # Not a transaction: MULTI is refused by a Redis at its memory limit, and a read needs none.
        fields, revealed = self._call(lambda: self._client.pipeline(transaction=False).hgetall(_key(code))
                                      .smembers(_key(code, "revealed")).execute())
        if not fields.get("digest"):
            return None
        view = View.from_json(fields["view"]) if fields.get("view") else None
        return RoomState(code, int(fields.get("version", 0)), view, frozenset(revealed), fields.get("paused") == "1",
                         fields.get("student_paced") == "1", int(fields.get("announced", 0)))

    def is_leader(self, code: str, secret: str | None) -> bool:
        digest = self._call(lambda: self._client.hget(_key(code), "digest"))
        return secret_matches(secret, digest)

    def publish(self, code: str, secret: str, view: View) -> int:
        return self._changed(code, secret, "view", view.to_json())

    def reveal(self, code: str, secret: str, question: str) -> int:
        return self._changed(code, secret, "reveal", question)

    def set_paused(self, code: str, secret: str, paused: bool) -> int:
        return self._changed(code, secret, "paused", "1" if paused else "0")

    def set_wall(self, code: str, secret: str, question: str, answers: list[str]) -> int:
        return self._changed(code, secret, "wall", question, json.dumps(_checked_wall(answers)))

    def wall(self, code: str, question: str) -> list[str]:
        stored = self._call(lambda: self._client.hget(_key(code), f"wall:{question}"))
        try:
            answers = json.loads(stored) if stored else []
        except ValueError:
            return []
        return [str(answer) for answer in answers][:MAX_WALL] if isinstance(answers, list) else []

    def set_student_paced(self, code: str, secret: str, student_paced: bool) -> int:
        return self._changed(code, secret, "student_paced", "1" if student_paced else "0")

    def place_member(self, code: str, member: str, position: str) -> None:
        position, now = _checked_position(position), time.time()
        members, positions = _key(code, "members"), _key(code, "positions")
        self._call(lambda: self._client.pipeline().hset(positions, member, position).expire(positions, ROOM_TTL_S)
                   .zadd(members, {member: now}).expire(members, ROOM_TTL_S).execute())

    def positions(self, code: str) -> dict[str, int]:
        present, positions = self._call(lambda: self._client.pipeline(transaction=False)
                                        .zrangebyscore(_key(code, "members"), time.time() - MEMBER_SEEN_S, "+inf")
                                        .hgetall(_key(code, "positions")).execute())
        at = [positions[member] for member in present if member in positions]
        return {position: at.count(position) for position in sorted(set(at))}

    def touch_members(self, code: str, members: Iterable[str]) -> None:
        members = list(members)
        if not members:
            return
        now = time.time()
        key = _key(code, "members")
        self._call(lambda: self._client.pipeline().zadd(key, {member: now for member in members})
                   .zremrangebyscore(key, 0, now - MEMBER_SEEN_S).expire(key, ROOM_TTL_S).execute())

    def leave(self, code: str, member: str) -> None:
        self._call(lambda: self._client.zrem(_key(code, "members"), member))

    def member_count(self, code: str) -> int:
        return int(self._call(lambda: self._client.zcount(_key(code, "members"), time.time() - MEMBER_SEEN_S,
                                                            "+inf")))

    def answer(self, code: str, question: str, member: str, value: str) -> bool:
        value = _checked_answer(value)
        if not self._call(lambda: self._client.exists(_key(code))):
            raise NoSuchRoom(code)
        submissions = _key(code, "submissions")
        count, _ = self._call(lambda: self._client.pipeline().hincrby(submissions, member, 1)
                              .expire(submissions, ROOM_TTL_S).execute())
        if int(count) > MAX_SUBMISSIONS:
            return False
        answers = _key(code, "answers", question)
        known, given = self._call(lambda: self._client.pipeline(transaction=False).hexists(answers, member)
                                  .hlen(answers).execute())
        if not known and int(given) >= MAX_ANSWERS:
            raise AnswersFull(code)
        asked = _key(code, "asked")
        self._call(lambda: self._client.pipeline().hset(answers, member, value).expire(answers, ROOM_TTL_S)
                   .sadd(asked, question).expire(asked, ROOM_TTL_S).expire(_key(code), ROOM_TTL_S).execute())
        return True

    def answers(self, code: str, question: str) -> list[str]:
        return list(self._call(lambda: self._client.hvals(_key(code, "answers", question))))

    def asked(self, code: str) -> list[str]:
        return sorted(self._call(lambda: self._client.smembers(_key(code, "asked"))))

    def listen(self, on_change: OnChange, on_resync: OnResync) -> None:
        """Hear every room's changes in a daemon thread, reconnecting (0.2 s, doubling to 5 s) after any error;
        `on_resync` after every (re)connection, since changes made while it was away were announced to no
        one. Called again after the thread has somehow ended, it starts a new one (and says so in the log)."""
        with self._listener_lock:
            if self._listener is not None and self._listener.is_alive():
                return
            if self._listener is not None:
                _LOG.error("the classroom listener thread had stopped; starting a new one")
            self._listener = threading.Thread(target=self._listen, args=(on_change, on_resync), daemon=True,
                                              name="classroom-listener")
            self._listener.start()

    def listener_trouble(self) -> str | None:
        """None while this replica hears the teacher's moves at once; otherwise why not, in English for the log
        and the operator (followers still move within the safety net's few seconds, each with its own run)."""
        if self._listener is None:
            return "the listener has not been started"
        if not self._listener.is_alive():
            return "the listener thread has stopped"
        return self._listener_error

    def _listen(self, on_change: OnChange, on_resync: OnResync) -> None:
        client = self._redis.Redis.from_url(self._url, socket_connect_timeout=1.0, decode_responses=True)
        pause = 0.2
        while True:
            pubsub = None
            try:
                pubsub = client.pubsub(ignore_subscribe_messages=True)
                pubsub.psubscribe(_CHANNELS)
                if self._listener_error is not None:
                    _LOG.warning("classroom listener: hearing the teacher's moves again")
                self._listener_error = None
                pause = 0.2
                _call_safely(on_resync)
                self._hear(pubsub, on_change)
            except Exception as error:  # noqa: BLE001 - nothing may end the listener: log, wait, reconnect
                lost = isinstance(error, (self._redis.exceptions.ConnectionError,
                                          self._redis.exceptions.TimeoutError, OSError))
                if self._listener_error is None or not lost:
                    _LOG.warning("classroom listener: %s; reconnecting (teachers' moves reach this replica's "
                                 "students only through their few-second safety net meanwhile)", error,
                                 exc_info=None if lost else error)
                self._listener_error = f"{type(error).__name__}: {error}"
                _close_quietly(pubsub)
                time.sleep(pause)
                pause = min(5.0, pause * 2)

    def _hear(self, pubsub, on_change: OnChange) -> None:
        pinged = time.monotonic()
        while True:
            message = pubsub.get_message(timeout=1.0)
            # A Redis that vanished without closing the socket is noticed by a ping every 5 s, whatever
            # arrives meanwhile (its answer, a pong, is itself a message that is not a room's change).
            if time.monotonic() - pinged > KEEPALIVE_S:
                pubsub.ping()
                pinged = time.monotonic()
            if message is None:
                continue
            change = room_change(message)
            if change is not None:
                _call_safely(on_change, *change)
            elif message.get("type") in ("message", "pmessage"):
                _LOG.warning("classroom listener: ignored a message that is not a room's new version: %.200r",
                             message)


KEEPALIVE_S = 5.0
_VERSION = re.compile(r"[0-9]{1,18}")


def room_change(message: dict) -> tuple[str, int] | None:
    """(room code, new version) from a pub/sub message, or None for anything else: a pong, a subscription
    notice, a channel of a room's sub-key, a version that is not a positive integer (someone else's PUBLISH)."""
    if message.get("type") not in ("message", "pmessage"):
        return None
    channel, data = message.get("channel"), message.get("data")
    if not isinstance(channel, str) or not channel.startswith(_PREFIX):
        return None
    code = channel[len(_PREFIX):]
    if not code or ":" in code:
        return None
    if isinstance(data, bytes):
        data = data.decode("ascii", "replace")
    # ASCII digits only: str.isdigit() also accepts "²", which int() then refuses.
    if not isinstance(data, (str, int)) or not _VERSION.fullmatch(str(data)):
        return None
    version = int(data)
    return (code, version) if version > 0 else None


def _call_safely(callback: Callable, *args) -> None:
    """A callback's failure is logged, never allowed to end the thread that hears every room."""
    try:
        callback(*args)
    except Exception:  # noqa: BLE001
        _LOG.exception("classroom listener: %s failed", getattr(callback, "__name__", callback))


def _close_quietly(pubsub) -> None:
    if pubsub is None:
        return
    try:
        pubsub.close()
    except Exception:  # noqa: BLE001 - closing a connection that is already broken
        pass


def open_store(redis_url: str | None) -> Store:
    """The store a deployment configured: Redis at `redis_url`, else this process's memory."""
    return RedisStore(redis_url) if redis_url else MemoryStore()
