"""A loopback TCP relay that counts the bytes a server sends: what a first visit costs "as transferred".

A browser's own counters miss part of it (Chromium reports a WebSocket frame's payload after
permessage-deflate has inflated it), so the benchmarks put this relay between Chromium and the server and
read the bytes that crossed the wire, HTTP and WebSocket alike, compressed or not.

    with counting_relay(server_port) as relay:
        page.goto(relay.url + "/clt"); ...
        relay.sent_to_client        # bytes from the server since the last reset()
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


async def _pipe(reader: asyncio.StreamReader, writer: asyncio.StreamWriter, relay: Relay, direction: str) -> None:
    try:
        while chunk := await reader.read(65536):
            relay.add(direction, len(chunk))
            writer.write(chunk)
            await writer.drain()
    except (ConnectionError, asyncio.CancelledError):
        pass
    finally:
        writer.close()


@contextmanager
def counting_relay(target_port: int) -> Iterator[Relay]:
    """A relay on a free loopback port to 127.0.0.1:`target_port`, running on a thread of its own."""
    port = free_port()
    relay = Relay(url=f"http://127.0.0.1:{port}")
    loop = asyncio.new_event_loop()

    async def connect(client_reader: asyncio.StreamReader, client_writer: asyncio.StreamWriter) -> None:
        try:
            server_reader, server_writer = await asyncio.open_connection("127.0.0.1", target_port)
        except OSError:
            client_writer.close()
            return
        await asyncio.gather(_pipe(server_reader, client_writer, relay, "down"),
                             _pipe(client_reader, server_writer, relay, "up"))

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
