"""A lean WebSocket client for Streamlit's `/_stcore/stream`, for benchmarks that simulate a whole class.

Why not the `websockets` package: a following student receives every message of the teacher's page at
every move (~95 frames, ~150 kB on /beta), and the benchmark's one process reads that for 100 students
on the same 2 cores as the servers it measures. Profiled (py-spy, bench/load_classroom.py --room, 100
students): `websockets`' frame parser and a `wait_for` per message kept the driver busy ~0.45 s per move,
and every student's view arrived late by as much, all at the same instant on both replicas: the
instrument, not the servers, set the delay. This client reads a frame with two `readexactly` calls.

What it does (RFC 6455, client side, no extensions: Streamlit's server does not compress by default,
`server.enableWebsocketCompression`): the upgrade handshake with the `streamlit` subprotocol and a
cookie, masked binary frames out, unmasked frames in (continuations joined), pings answered, close.
"""

from __future__ import annotations

import asyncio
import base64
import os
import struct
from urllib.parse import urlsplit

_BINARY, _CLOSE, _PING, _PONG, _CONTINUATION = 0x2, 0x8, 0x9, 0xA, 0x0


class StreamClosed(ConnectionError):
    """The server closed the connection (or it dropped)."""


class Stream:
    def __init__(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        self._reader, self._writer = reader, writer

    @staticmethod
    async def open(base_url: str, cookie: str = "", timeout_s: float = 30.0) -> "Stream":
        parts = urlsplit(base_url)
        host, port = parts.hostname or "127.0.0.1", parts.port or 80
        reader, writer = await asyncio.wait_for(asyncio.open_connection(host, port, limit=2 ** 24), timeout_s)
        key = base64.b64encode(os.urandom(16)).decode()
        request = (f"GET {parts.path.rstrip('/')}/_stcore/stream HTTP/1.1\r\nHost: {host}:{port}\r\n"
                   "Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13\r\n"
                   f"Sec-WebSocket-Key: {key}\r\nSec-WebSocket-Protocol: streamlit\r\n"
                   + (f"Cookie: {cookie}\r\n" if cookie else "") + "\r\n")
        writer.write(request.encode())
        head = await asyncio.wait_for(reader.readuntil(b"\r\n\r\n"), timeout_s)
        status = head.split(b"\r\n", 1)[0]
        if b" 101 " not in status + b" ":
            writer.close()
            raise StreamClosed(f"upgrade refused: {status.decode(errors='replace')}")
        return Stream(reader, writer)

    async def send(self, payload: bytes) -> None:
        self._send_frame(_BINARY, payload)
        await self._writer.drain()

    def _send_frame(self, opcode: int, payload: bytes) -> None:
        length = len(payload)
        if length < 126:
            header = struct.pack("!BB", 0x80 | opcode, 0x80 | length)
        elif length < 2 ** 16:
            header = struct.pack("!BBH", 0x80 | opcode, 0x80 | 126, length)
        else:
            header = struct.pack("!BBQ", 0x80 | opcode, 0x80 | 127, length)
        mask = os.urandom(4)
        # A client must mask what it sends; XOR by the repeated 4-byte mask, as one big integer.
        repeated = (mask * (length // 4 + 1))[:length]
        masked = (int.from_bytes(payload, "big") ^ int.from_bytes(repeated, "big")).to_bytes(length, "big")
        self._writer.write(header + mask + masked)

    async def receive(self) -> bytes:
        """The next whole message; answers pings on the way. StreamClosed at the end."""
        parts: list[bytes] = []
        try:
            while True:
                first, second = await self._reader.readexactly(2)
                length = second & 0x7F
                if length == 126:
                    (length,) = struct.unpack("!H", await self._reader.readexactly(2))
                elif length == 127:
                    (length,) = struct.unpack("!Q", await self._reader.readexactly(8))
                payload = await self._reader.readexactly(length) if length else b""
                opcode = first & 0x0F
                if opcode == _PING:
                    self._send_frame(_PONG, payload)
                    continue
                if opcode == _CLOSE:
                    raise StreamClosed("closed by the server")
                if opcode in (_BINARY, _CONTINUATION, 0x1):
                    parts.append(payload)
                    if first & 0x80:          # FIN: the message is whole
                        return b"".join(parts) if len(parts) > 1 else parts[0]
        except StreamClosed:
            raise
        except (asyncio.IncompleteReadError, ConnectionError) as error:
            raise StreamClosed(str(error)) from error

    async def close(self) -> None:
        try:
            self._send_frame(_CLOSE, struct.pack("!H", 1000))
            await self._writer.drain()
        except (ConnectionError, RuntimeError):
            pass
        self._writer.close()
