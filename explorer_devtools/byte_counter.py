"""A loopback TCP relay that counts the bytes a server sends: what a first visit costs "as transferred", and
that can play a slower link.

A browser's own counters miss part of it (Chromium reports a WebSocket frame's payload after
permessage-deflate has inflated it), so the benchmarks put this relay between Chromium and the server and
read the bytes that crossed the wire, HTTP and WebSocket alike, compressed or not.

    with counting_relay(server_port) as relay:
        page.goto(relay.url + "/clt"); ...
        relay.sent_to_client        # bytes from the server since the last reset()

    with counting_relay(server_port, Link(mbit_s=9, rtt_ms=170)) as relay: ...   # a lecture hall's Wi-Fi share

With a `Link`, every connection through the relay shares one downstream and one upstream of that rate (as a
reader's connections share their access link), each chunk leaves when the link has carried the ones before
it and arrives half the round trip later, and opening a connection costs one round trip (TCP's handshake).
Chromium's own throttling (DevTools network conditions) leaves WebSockets out, where the live families and
every rerun travel; this covers both.
"""

from __future__ import annotations

import asyncio
import threading
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Iterator

from explorer_devtools.fleet import free_port


@dataclass
class Relay:
    url: str
    _counts: dict[str, int] = field(default_factory=lambda: {"down": 0, "up": 0})
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def add(self, direction: str, count: int) -> None:
        with self._lock:
            self._counts[direction] += count

    @property
    def sent_to_client(self) -> int:
        with self._lock:
            return self._counts["down"]

    def reset(self) -> None:
        with self._lock:
            self._counts.update(down=0, up=0)


@dataclass
class Link:
    """A slower link's rate (the same both ways) and round trip."""
    mbit_s: float
    rtt_ms: float
    _free_at: dict[str, float] = field(default_factory=dict)   # per direction: when the link has sent its queue

    def arrival(self, direction: str, size: int, now: float) -> float:
        """When a chunk of `size` bytes sent `now` arrives: after the queue ahead of it and its own
        transmission, plus half the round trip (all on the relay's one event loop: no lock)."""
        leaves = max(now, self._free_at.get(direction, 0.0)) + size * 8 / (self.mbit_s * 1e6)
        self._free_at[direction] = leaves
        return leaves + self.rtt_ms / 2000


async def _pipe(reader: asyncio.StreamReader, writer: asyncio.StreamWriter, relay: Relay, direction: str,
                link: Link | None) -> None:
    if link is not None:
        return await _pipe_over(link, reader, writer, relay, direction)
    try:
        while chunk := await reader.read(65536):
            relay.add(direction, len(chunk))
            writer.write(chunk)
            await writer.drain()
    except (ConnectionError, asyncio.CancelledError):
        pass
    finally:
        writer.close()


async def _pipe_over(link: Link, reader: asyncio.StreamReader, writer: asyncio.StreamWriter, relay: Relay,
                     direction: str) -> None:
    """Read as fast as the sender writes; deliver each chunk at its arrival time, in order (a queue between a
    reading and a writing task, so one chunk's delay does not hold up reading the next)."""
    loop = asyncio.get_running_loop()
    queue: asyncio.Queue = asyncio.Queue()

    async def deliver() -> None:
        try:
            while (item := await queue.get()) is not None:
                arrives, chunk = item
                await asyncio.sleep(max(0.0, arrives - loop.time()))
                writer.write(chunk)
                await writer.drain()
        except (ConnectionError, asyncio.CancelledError):
            pass
        finally:
            writer.close()

    delivering = asyncio.create_task(deliver())
    try:
        while chunk := await reader.read(16384):
            relay.add(direction, len(chunk))
            queue.put_nowait((link.arrival(direction, len(chunk), loop.time()), chunk))
    except (ConnectionError, asyncio.CancelledError):
        pass
    finally:
        queue.put_nowait(None)
        await asyncio.gather(delivering, return_exceptions=True)


@contextmanager
def counting_relay(target_port: int, link: Link | None = None) -> Iterator[Relay]:
    """A relay on a free loopback port to 127.0.0.1:`target_port`, running on a thread of its own; over `link`
    where given."""
    port = free_port()
    relay = Relay(url=f"http://127.0.0.1:{port}")
    loop = asyncio.new_event_loop()

    async def connect(client_reader: asyncio.StreamReader, client_writer: asyncio.StreamWriter) -> None:
        if link is not None:
            try:
                await asyncio.sleep(link.rtt_ms / 1000)     # the TCP handshake's round trip
            except asyncio.CancelledError:
                # The relay is closing while the browser still opens a connection (a page that drew before its
                # last preconnect): nothing was sent on it, so it ends quietly, as an open connection does below.
                client_writer.close()
                return
        try:
            server_reader, server_writer = await asyncio.open_connection("127.0.0.1", target_port)
        except OSError:
            client_writer.close()
            return
        try:
            await asyncio.gather(_pipe(server_reader, client_writer, relay, "down", link),
                                 _pipe(client_reader, server_writer, relay, "up", link))
        except asyncio.CancelledError:
            # The relay is closing with this connection still open (a page's WebSocket): ending quietly here keeps
            # asyncio from logging every open connection's cancellation as an error.
            for writer in (client_writer, server_writer):
                writer.close()

    thread = threading.Thread(target=loop.run_forever, daemon=True, name="byte-relay")
    thread.start()
    server = asyncio.run_coroutine_threadsafe(asyncio.start_server(connect, "127.0.0.1", port), loop).result(10)
    try:
        yield relay
    finally:
        asyncio.run_coroutine_threadsafe(_close(server), loop).result(10)
        loop.call_soon_threadsafe(loop.stop)
        thread.join(5)
        loop.close()


async def _close(server: asyncio.Server) -> None:
    """Stop listening and end every open connection's copying (a browser context may keep one open)."""
    server.close()
    tasks = [task for task in asyncio.all_tasks() if task is not asyncio.current_task()]
    for task in tasks:
        task.cancel()
    await asyncio.gather(*tasks, return_exceptions=True)
