"""The benchmarks' loopback relay (explorer_devtools/byte_counter.py): it counts what the server sent, and over an
emulated link it cannot deliver faster than that link's rate and round trip allow."""

from __future__ import annotations

import socket
import threading
import time

from explorer_devtools.byte_counter import Link, counting_relay

BODY = b"x" * 450_000


def _one_shot_server() -> tuple[int, threading.Thread]:
    listener = socket.create_server(("127.0.0.1", 0))
    port = listener.getsockname()[1]

    def serve() -> None:
        connection, _ = listener.accept()
        with connection, listener:
            connection.recv(16)
            connection.sendall(BODY)

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    return port, thread


def _fetch(url: str) -> tuple[bytes, float]:
    host, port = url.removeprefix("http://").split(":")
    start = time.perf_counter()
    with socket.create_connection((host, int(port)), timeout=10) as connection:
        connection.sendall(b"hello")
        received = bytearray()
        while len(received) < len(BODY) and (chunk := connection.recv(65536)):
            received += chunk
    return bytes(received), time.perf_counter() - start


def test_the_relay_counts_what_the_server_sent():
    port, server = _one_shot_server()
    with counting_relay(port) as relay:
        received, _ = _fetch(relay.url)
        server.join(5)
        time.sleep(0.1)
        assert received == BODY and relay.sent_to_client == len(BODY)


def test_an_emulated_link_takes_at_least_its_round_trips_and_transmission_time():
    port, server = _one_shot_server()
    link = Link(mbit_s=9, rtt_ms=170)
    with counting_relay(port, link) as relay:
        received, seconds = _fetch(relay.url)
        server.join(5)
    # A handshake (one round trip), the request's way there and the reply's way back (another), and 450 kB at
    # 9 Mbit/s (0.4 s): at least 0.74 s, whatever the machine; on loopback alone it takes milliseconds.
    floor = 2 * 0.170 + len(BODY) * 8 / 9e6
    assert received == BODY and floor <= seconds < floor + 5, seconds
