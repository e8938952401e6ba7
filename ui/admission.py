"""How much one replica computes at once: an operator's cap on N, and a queue for the large computations.

A page asked for 10^7 points simulates them (80 MB of float64), fits them, and draws their figures, holding
~80-100 MB until its run ends. Thirty such links at once (a fresh seed each, so nothing is cached) took a
replica past the 2 GiB its manifest allows (bench/RESULTS.md, heavy links), and every session and every
in-memory room on it went with the OOM kill. So a run over HEAVY_POINTS or more points takes one of a few
process-wide slots for as long as it holds its data; the rest wait in arrival order, each told so on its
page ("Queued: …", with its place and the seconds waited), and give up with a readable message after
QUEUE_TIMEOUT_S. A run that is stopped by its reader (a new click) leaves the queue at once: the notice is
redrawn every second, and that redraw is where Streamlit stops a superseded run.

Settings (environment, read once per process; a bad value is logged and the default used):
    PROB_EXPLORER_MAX_POINTS   the most points any page simulates or reads (default 10,000,000; a GPU
                               machine may allow 100,000,000). Pages say when they use fewer than asked.
    PROB_EXPLORER_HEAVY_SLOTS  how many heavy runs compute at once in one process (default 2).
"""

from __future__ import annotations

import collections
import contextlib
import math
import os
import threading
import time
from typing import Callable, Iterator


from core.validation import InputError
from ui import internals

MAX_POINTS_SETTING = "PROB_EXPLORER_MAX_POINTS"
HEAVY_SLOTS_SETTING = "PROB_EXPLORER_HEAVY_SLOTS"
DEFAULT_MAX_POINTS = 10_000_000
DEFAULT_HEAVY_SLOTS = 2
HEAVY_POINTS = 1_000_000        # below this a run takes ~0.1 s and ~10 MB: never queued
QUEUE_TIMEOUT_S = 60.0
NOTICE_EVERY_S = 1.0
_LOG = internals.logger(__name__)


def setting(name: str, default: int, low: int, high: int, environ: dict | None = None) -> int:
    """An integer setting from the environment; absent gives the default, a bad value is logged and the
    default used (a typo must not take the service down, but the operator must hear of it)."""
    raw = (os.environ if environ is None else environ).get(name, "").strip().replace("_", "")
    if not raw:
        return default
    try:
        value = int(raw)
    except ValueError:
        value = None
    if value is None or not low <= value <= high:
        _LOG.warning("%s=%r is not a whole number from %s to %s: using %s", name, raw, f"{low:,}", f"{high:,}",
                     f"{default:,}")
        return default
    return value


def max_points() -> int:
    """The most points a page may simulate or read on this deployment."""
    return setting(MAX_POINTS_SETTING, DEFAULT_MAX_POINTS, 1_000, 100_000_000)


def heavy_slots() -> int:
    return setting(HEAVY_SLOTS_SETTING, DEFAULT_HEAVY_SLOTS, 1, 64)


class Gate:
    """At most `slots` holders at once; the others wait in the order they came (no pure-threading
    primitive is both fair and reports a waiter's place, which the notice shows)."""

    def __init__(self, slots: int) -> None:
        self.slots = slots
        self._condition = threading.Condition()
        self._running = 0
        self._queue: collections.deque[object] = collections.deque()

    def status(self) -> tuple[int, int]:
        """(running, waiting)."""
        with self._condition:
            return self._running, len(self._queue)

    def enter(self, timeout_s: float, on_wait: Callable[[int, float], None] = lambda place, waited: None,
              every_s: float = NOTICE_EVERY_S) -> bool:
        """Take a slot; while none is free, call on_wait(place in the queue from 1, seconds waited) about
        every `every_s` outside the lock. False after timeout_s. An exception from on_wait (a stopped
        run) leaves the queue and propagates."""
        ticket = object()
        with self._condition:
            if self._running < self.slots and not self._queue:
                self._running += 1
                return True
            self._queue.append(ticket)
        start = time.monotonic()
        try:
            while True:
                with self._condition:
                    if self._queue[0] is ticket and self._running < self.slots:
                        self._queue.popleft()
                        self._running += 1
                        ticket = None
                        self._condition.notify_all()
                        return True
                    place = self._queue.index(ticket) + 1
                waited = time.monotonic() - start
                if waited >= timeout_s:
                    return False
                on_wait(place, waited)
                with self._condition:
                    self._condition.wait(min(every_s, timeout_s - waited))
        finally:
            if ticket is not None:
                with self._condition:
                    if ticket in self._queue:
                        self._queue.remove(ticket)
                    self._condition.notify_all()

    def leave(self) -> None:
        with self._condition:
            self._running -= 1
            self._condition.notify_all()


_GATE = Gate(heavy_slots())
_HELD = threading.local()       # how deep this thread is inside admitted() (nested calls take no second slot)


def heavy_run_status() -> tuple[int, int]:
    """(heavy runs computing, heavy runs queued) in this process now (for the health answer, ui/health.py)."""
    return _GATE.status()


def queued_text(place: int, waited: float) -> str:
    from i18n import _
    return _("Queued: other readers' large computations are running on this server, and this one starts when "
             "one of them finishes (place {place} in the queue, {seconds} s so far).").format(
        place=place, seconds=math.floor(waited))


@contextlib.contextmanager
def admitted(points: int, gate: Gate | None = None, timeout_s: float | None = None) -> Iterator[None]:
    """Run the block once this process has room for a computation over `points` points; below
    HEAVY_POINTS, at once. While queued the page shows why; after timeout_s, InputError (shown by the
    page's shown_as_error) says the server is busy and what to do."""
    gate, timeout_s = gate or _GATE, QUEUE_TIMEOUT_S if timeout_s is None else timeout_s
    if points < HEAVY_POINTS or getattr(_HELD, "depth", 0):
        yield
        return
    import streamlit as st   # here: the gate itself is plain threading, tested without a page

    notice = st.empty()
    admitted_now = gate.enter(timeout_s, lambda place, waited: notice.info(queued_text(place, waited),
                                                                            icon=":material/hourglass_top:"))
    notice.empty()
    if not admitted_now:
        running, waiting = gate.status()
        _LOG.warning("a run over %s points gave up after %.0f s in the queue (%d running, %d waiting)",
                     f"{points:,}", timeout_s, running, waiting)
        raise InputError("this server is busy with other readers' large computations (it waited {seconds} s for "
                         "one of {slots} places). Try again in a minute, or choose fewer points.",
                         seconds=round(timeout_s), slots=gate.slots)
    _HELD.depth = 1
    try:
        yield
    finally:
        _HELD.depth = 0
        gate.leave()
