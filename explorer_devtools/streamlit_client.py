"""A simulated student on Streamlit's WebSocket protocol: loads a page, asks for its first run, then
moves one slider every few seconds, timing each rerun. Used by bench/load_classroom.py (a class at
once) and by the deployment tests (a page through nginx)."""

from __future__ import annotations

import asyncio
import random
import time
import urllib.request
from dataclasses import dataclass, field

import websockets  # a dependency of Streamlit itself
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

from explorer_devtools.ws_stream import Stream, StreamClosed

RUN_TIMEOUT_S = 60.0
SLIDER, SELECT_SLIDER = 1, 2     # Slider.type in Streamlit's protocol


@dataclass(frozen=True)
class Scenario:
    """What the teacher projects: a page, its link's query string, and the slider students move."""
    page: str
    query: str
    slider: str


# Each moves a slider Streamlit draws (a live control never reruns while dragged: see bench/bench_live.py).
SCENARIOS = {
    "clt": Scenario("clt", "dist=exponential", "Simulated means"),
    "mvn": Scenario("mvn", "", "samples drawn"),
    "beta": Scenario("beta", "data=simulate&flips=500", "true θ"),
    "gmm": Scenario("gmm", "", "separation of the true means"),
    "kl": Scenario("kl", "tab=Fitting", "distance between p's modes"),
    "fisher": Scenario("fisher", "model=poisson", "sample size n"),
    "sampling": Scenario("sampling", "", "min-p (0 = off)"),
}


@dataclass
class Tally:
    first_loads: list[float] = field(default_factory=list)
    reruns: list[float] = field(default_factory=list)
    settled: list[float] = field(default_factory=list)   # reruns once the whole class has arrived
    errors: dict[str, int] = field(default_factory=dict)

    def error(self, kind: str) -> None:
        self.errors[kind] = self.errors.get(kind, 0) + 1


def rerun_message(scenario: Scenario, widget=None, value=None, cached: set[str] | None = None) -> bytes:
    """The BackMsg a browser sends: page, query string, the moved widget, and the hashes of the
    large elements it already holds (the server then sends a short reference instead)."""
    message = BackMsg()
    state = message.rerun_script
    state.query_string = scenario.query
    state.page_name = scenario.page
    state.cached_message_hashes.extend(sorted(cached or ()))
    if widget is not None:
        entry = state.widget_states.widgets.add()
        entry.id = widget.id
        if widget.type == SELECT_SLIDER:
            entry.string_array_value.data.append(value)
        else:
            entry.double_array_value.data.append(value)
    return message.SerializeToString()


def random_position(widget, rng: random.Random):
    """A position a student could drag the slider to: an option, or a value on the step grid."""
    if widget.type == SELECT_SLIDER:
        return rng.choice(list(widget.options))
    steps = int(round((widget.max - widget.min) / widget.step))
    return widget.min + rng.randint(0, steps) * widget.step


async def one_run(ws, request: bytes, slider_label: str, tally: Tally, cached: set[str]):
    """Send one rerun request; wait for script_finished. Returns (seconds, the slider's proto).
    Adds the hashes of cacheable messages received to `cached`, as the browser's message cache does."""
    start = time.perf_counter()
    await ws.send(request)
    slider = None
    while True:
        message = ForwardMsg()
        message.ParseFromString(await asyncio.wait_for(ws.recv(), RUN_TIMEOUT_S))
        kind = message.WhichOneof("type")
        if message.metadata.cacheable and message.hash:
            cached.add(message.hash)
        if kind == "delta" and message.delta.WhichOneof("type") == "new_element":
            element = message.delta.new_element
            if element.WhichOneof("type") == "exception":
                tally.error("exception on the page")
            elif element.WhichOneof("type") == "slider" and element.slider.label == slider_label:
                slider = element.slider
        elif kind == "script_finished":
            # 0 = finished successfully; 1 = compile error; 2 = stopped early for a newer rerun.
            if message.script_finished not in (0, 2):
                tally.error(f"script_finished status {message.script_finished}")
            return time.perf_counter() - start, slider


def page_cookie(base_url: str, page: str) -> str:
    """Load the page's HTML as a browser does first, keeping the cookies it sets (nginx's sticky key)."""
    with urllib.request.urlopen(f"{base_url}/{page}", timeout=30) as response:
        cookies = response.headers.get_all("Set-Cookie") or []
    return "; ".join(cookie.split(";", 1)[0] for cookie in cookies)


async def student(base_url: str, scenario: Scenario, seed: int, start_delay: float, until: float,
                  think_s: tuple[float, float], tally: Tally, settled_after: float = 0.0) -> None:
    rng = random.Random(seed)
    await asyncio.sleep(start_delay)
    try:
        cookie = await asyncio.to_thread(page_cookie, base_url, scenario.page)
        headers = {"Cookie": cookie} if cookie else {}
        ws_url = base_url.replace("http://", "ws://") + "/_stcore/stream"
        async with websockets.connect(ws_url, subprotocols=["streamlit"], additional_headers=headers,
                                      max_size=None, open_timeout=30) as ws:
            cached: set[str] = set()
            seconds, slider = await one_run(ws, rerun_message(scenario), scenario.slider, tally, cached)
            tally.first_loads.append(seconds)
            if slider is None:
                tally.error(f"slider {scenario.slider!r} not on /{scenario.page}")
                return
            while time.monotonic() + think_s[1] < until:
                await asyncio.sleep(rng.uniform(*think_s))
                request = rerun_message(scenario, slider, random_position(slider, rng), cached)
                sent_at = time.monotonic()
                seconds, _ = await one_run(ws, request, scenario.slider, tally, cached)
                tally.reruns.append(seconds)
                if sent_at >= settled_after:
                    tally.settled.append(seconds)
    except asyncio.TimeoutError:
        tally.error(f"no script_finished within {RUN_TIMEOUT_S:.0f} s")
    except (OSError, websockets.exceptions.WebSocketException) as error:
        tally.error(f"connection: {type(error).__name__}")


# --- a classroom room: one teacher moves a slider, every student's session follows ---------------------


@dataclass
class RoomTally:
    """The teacher's moves, and every view each student's session drew (matched up afterwards)."""
    moves: list[tuple[float, float]] = field(default_factory=list)            # (sent at, value)
    views: list[tuple[int, float, float]] = field(default_factory=list)       # (student, value drawn, at)
    teacher_url: list[float] = field(default_factory=list)   # key press -> the teacher's own link shows it
    first_loads: list[float] = field(default_factory=list)
    errors: dict[str, int] = field(default_factory=dict)

    def delays(self, students: int, timeout_s: float) -> tuple[list[float], int]:
        """For every move and student: the time until the student's first view with the moved value after
        it was sent; and how many such updates were not seen within `timeout_s` (lost)."""
        delays, lost = [], 0
        for sent, value in self.moves:
            for index in range(students):
                seen = [at for who, drawn, at in self.views
                        if who == index and abs(drawn - value) < 1e-9 and sent <= at <= sent + timeout_s]
                if seen:
                    delays.append(min(seen) - sent)
                else:
                    lost += 1
        return delays, lost

    def error(self, kind: str) -> None:
        self.errors[kind] = self.errors.get(kind, 0) + 1


def _query_value(query: str, key: str) -> float | None:
    from urllib.parse import parse_qs

    values = parse_qs(query).get(key)
    try:
        return float(values[-1]) if values else None
    except ValueError:
        return None


async def room_student(base_url: str, cookie: str, code: str, key: str, default: float, index: int,
                       tally: RoomTally, joined: asyncio.Event | None, stop: asyncio.Event) -> None:
    """A student who opened the room's link and now only watches: reads every message the server pushes
    and notes each view its session drew (the value of `key` in the link the server gave its page, when
    the run that drew it finished; `default` when the link leaves the key out, as links do for a control
    at its default)."""
    opened = await _open_until(base_url, cookie, tally, stop)
    if opened is None:
        return
    stream, closer = opened
    try:
        request = BackMsg()
        request.rerun_script.query_string = f"room={code}"
        request.rerun_script.page_name = ""
        started = time.perf_counter()
        await stream.send(request.SerializeToString())
        pending: float | None = None        # the value the view is being redrawn with
        loaded = False
        while True:
            raw = await stream.receive()
            message = ForwardMsg()
            message.ParseFromString(raw)
            kind = message.WhichOneof("type")
            if kind == "page_info_changed":
                pending = _query_value(message.page_info_changed.query_string, key)
                pending = default if pending is None else pending
            elif kind == "delta" and message.delta.WhichOneof("type") == "new_element" and \
                    message.delta.new_element.WhichOneof("type") == "exception":
                tally.error("exception on the page")
            elif kind == "script_finished" and message.script_finished == 0:
                # (A run cut short by the switch to the teacher's page ends with another status.)
                if not loaded:
                    loaded = True
                    tally.first_loads.append(time.perf_counter() - started)
                    if joined is not None:
                        joined.set()
                if pending is not None:
                    tally.views.append((index, pending, time.perf_counter()))
    except StreamClosed as error:
        if not stop.is_set():
            tally.error(f"connection: {error}")
    finally:
        closer.cancel()


async def _open_until(base_url: str, cookie: str, tally, stop: asyncio.Event) -> tuple[Stream, asyncio.Task] | None:
    """A student's connection, closed when `stop` is set (closing it ends the read): read until told to stop, not
    a timed wait per message, since with a whole class in one process the timers cost more than the reading
    (explorer_devtools/ws_stream.py). None, counted in the tally, when it cannot be opened."""
    try:
        stream = await Stream.open(base_url, cookie)
    except (OSError, asyncio.TimeoutError, StreamClosed) as error:
        tally.error(f"connection: {type(error).__name__}")
        return None
    return stream, asyncio.create_task(_close_when(stop, stream))


async def _close_when(stop: asyncio.Event, stream: Stream) -> None:
    await stop.wait()
    await stream.close()


# --- a class experiment: every student's device sends one result, the projector pools them ------------------


@dataclass
class PoolTally:
    """A class experiment under load: when each student pressed *Run my experiment*, whether their page said
    the result was sent, and every count the teacher's figure showed, with when."""
    pressed: list[float] = field(default_factory=list)             # perf_counter of each press
    confirmed: int = 0
    counts: list[tuple[float, int]] = field(default_factory=list)  # (seen at, results the figure counts)
    first_loads: list[float] = field(default_factory=list)
    errors: dict[str, int] = field(default_factory=dict)

    def error(self, kind: str) -> None:
        self.errors[kind] = self.errors.get(kind, 0) + 1

    def delays(self) -> list[float]:
        """For the k-th press (in time), the wait until the teacher's figure counted at least k results: the
        figure's count only grows, so this is each result's way from the student's press to the projector
        (its run, the store, the teacher's next redraw) as the class sees it. A press never counted is left
        out (and shows as a final count below the class's size)."""
        delays = []
        for rank, pressed in enumerate(sorted(self.pressed), start=1):
            seen = [at for at, count in self.counts if count >= rank and at >= pressed]
            if seen:
                delays.append(min(seen) - pressed)
        return delays


def _button_press(page: str, query: str, button_id: str) -> bytes:
    message = BackMsg()
    message.rerun_script.query_string = query
    message.rerun_script.page_name = page
    entry = message.rerun_script.widget_states.widgets.add()
    entry.id = button_id
    entry.trigger_value = True
    return message.SerializeToString()


async def pooled_student(base_url: str, cookie: str, code: str, page: str, button_label: str, sent_text: str,
                         press_at: float, tally: PoolTally, stop: asyncio.Event) -> None:
    """A student who opens the room's link, lands on the teacher's step with a class experiment, and at
    `press_at` (perf_counter) presses the experiment's button once, as a student would; then reads on until
    told to stop. Counts the press and whether the page then said the result was sent (`sent_text`)."""
    opened = await _open_until(base_url, cookie, tally, stop)
    if opened is None:
        return
    stream, closer = opened
    request = BackMsg()
    request.rerun_script.query_string = f"room={code}"
    started, query, button, pressed = time.perf_counter(), f"room={code}", None, False
    try:
        await stream.send(request.SerializeToString())
        while True:
            message = ForwardMsg()
            message.ParseFromString(await stream.receive())
            kind = message.WhichOneof("type")
            if kind == "page_info_changed":
                query = message.page_info_changed.query_string
            elif kind == "delta" and message.delta.WhichOneof("type") == "new_element":
                element = message.delta.new_element
                which = element.WhichOneof("type")
                if which == "exception":
                    tally.error("exception on the page")
                elif which == "button" and element.button.label == button_label:
                    button = element.button.id
                elif which == "markdown" and pressed and sent_text in element.markdown.body:
                    tally.confirmed += 1
                    pressed = None          # counted once
            elif kind == "script_finished" and message.script_finished == 0 and button is not None \
                    and pressed is False:
                tally.first_loads.append(time.perf_counter() - started)     # once: `pressed` is True after
                await asyncio.sleep(max(0.0, press_at - time.perf_counter()))
                tally.pressed.append(time.perf_counter())
                await stream.send(_button_press(page, query, button))
                pressed = True
    except StreamClosed as error:
        if not stop.is_set():
            tally.error(f"connection: {error}")
    finally:
        closer.cancel()
