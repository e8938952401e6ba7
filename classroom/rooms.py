"""Room codes, teacher secrets and the view a teacher publishes.

A room code is what a student types or scans: 8 characters of Crockford's base-32 alphabet, shown as
ABCD-EFGH. That is 40 random bits (the issue asks for at least 30): a stranger trying a thousand codes a
second for the four hours a room lives would find it with probability 1000 · 14,400 / 2^40 ≈ 1.3e-5.
Typed codes are forgiving the way Crockford intended: case, dashes and spaces are ignored, and O, I and L
read as 0, 1 and 1.

The teacher's secret is separate and never part of a link: whoever holds the code can follow, only the
holder of the secret can lead. The store keeps only its SHA-256.
"""

from __future__ import annotations

import collections
import hashlib
import hmac
import json
import secrets
import threading
import time
from dataclasses import dataclass, field
from typing import Any, Mapping

CODE_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"  # Crockford's base 32: no I, L, O, U
CODE_LENGTH = 8
CODE_BITS = CODE_LENGTH * 5
_LOOK_ALIKES = str.maketrans({"O": "0", "I": "1", "L": "1"})

# URL keys that belong to the room or to the reader, not to the view a student follows. `present` stays the
# teacher's: the projector's large type is not what a student's phone needs. `lang` is each reader's own
# (ui/language.py): the room's link carries the teacher's, and a student may switch.
ROOM_KEY, LEAD_KEY = "room", "lead"

# A room holds a lecture hall, not a crowd: past these, joins and answers are refused with a message. (A
# script opening 40 sessions from one client gave 40 answers; these bound what any room can hold.)
MAX_MEMBERS = 400               # students counted in one room at once (the teacher is never refused)
MAX_ANSWERS = 400               # answers to one question in one room (a member changing theirs counts once)
# New rooms: a teacher needs one per class; a flood of them filled Redis and (under volatile-ttl) evicted a
# live room. Per browser session, and per process (every replica counts its own).
ROOMS_PER_SESSION = (3, 600.0)  # at most 3 rooms per 10 minutes from one session
ROOMS_PER_PROCESS = (30, 60.0)  # at most 30 rooms a minute from one server process


class RateLimit:
    """At most `limit` events per `window_s` seconds for each key (a sliding window, in memory)."""

    def __init__(self, limit: int, window_s: float, clock=time.monotonic) -> None:
        self.limit, self.window_s, self._clock = limit, window_s, clock
        self._events: dict[str, collections.deque[float]] = {}
        self._lock = threading.Lock()

    def allow(self, key: str) -> bool:
        """Count an event for `key` if it is within the limit; False (and nothing counted) if not."""
        now = self._clock()
        with self._lock:
            events = self._events.setdefault(key, collections.deque())
            while events and events[0] <= now - self.window_s:
                events.popleft()
            if len(events) >= self.limit:
                return False
            events.append(now)
            for stale in [k for k, v in self._events.items() if not v or v[-1] <= now - self.window_s]:
                del self._events[stale]     # keys seen once, long ago, do not pile up
            return True
NOT_FOLLOWED = frozenset({ROOM_KEY, LEAD_KEY, "present", "lang"})


def new_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def new_secret() -> str:
    return secrets.token_urlsafe(24)


def secret_digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def secret_matches(secret: str | None, digest: str | None) -> bool:
    """Constant-time comparison: how long a wrong guess takes says nothing about the right one."""
    if not isinstance(secret, str) or not secret or not isinstance(digest, str):
        return False
    return hmac.compare_digest(secret_digest(secret), digest)


def normalise_code(raw: str | None) -> str | None:
    """The code a student meant, or None when it cannot be a room code at all."""
    if raw is None:
        return None
    code = "".join(raw.split()).replace("-", "").upper().translate(_LOOK_ALIKES)
    if len(code) != CODE_LENGTH or any(letter not in CODE_ALPHABET for letter in code):
        return None
    return code


def shown_code(code: str) -> str:
    """ABCD-EFGH: two groups of four are easier to read aloud and copy from a projector."""
    return f"{code[:4]}-{code[4:]}"


@dataclass(frozen=True)
class View:
    """What a teacher shows: a page (its URL path, "" for home) and the page's URL keys (strings, as in
    the link). Comparing two views is comparing what two links would show."""

    page: str
    params: Mapping[str, str] = field(default_factory=dict)

    @staticmethod
    def of(page: str, params: Mapping[str, Any]) -> "View":
        return View(page, {key: str(value) for key, value in sorted(params.items()) if key not in NOT_FOLLOWED})

    def to_json(self) -> str:
        return json.dumps({"page": self.page, "params": dict(self.params)}, sort_keys=True)

    @staticmethod
    def from_json(text: str) -> "View":
        data = json.loads(text)
        return View(str(data["page"]), {str(k): str(v) for k, v in data["params"].items()})

    def __eq__(self, other: object) -> bool:
        return isinstance(other, View) and (self.page, dict(self.params)) == (other.page, dict(other.params))

    def __hash__(self) -> int:
        return hash((self.page, tuple(sorted(self.params.items()))))
