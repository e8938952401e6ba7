"""A real `redis-server` (Debian's package) on loopback for the classroom tests and benchmarks.

    with redis_server() as url:        # redis://127.0.0.1:<free port>/0, stopped and deleted on exit
        ...

No persistence, no config file: a throwaway server, so a test starts with an empty store. `stopped(url)`
stops it mid-test (Redis going away during a lesson) and `restarted` brings it back on the same port.
"""

from __future__ import annotations

import shutil
import socket
import subprocess
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator


def redis_binary() -> str | None:
    return shutil.which("redis-server") or next(
        (path for path in ("/usr/bin/redis-server", "/usr/local/bin/redis-server") if Path(path).is_file()), None)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _wait_for_port(port: int, process: subprocess.Popen, timeout: float = 10.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"redis-server exited early with code {process.returncode}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.2):
                return
        except OSError:
            time.sleep(0.05)
    raise TimeoutError(f"redis-server did not listen on {port} within {timeout:.0f} s")


class RedisServer:
    """One redis-server process on 127.0.0.1; `stop()` and `start()` may be called mid-test."""

    def __init__(self, binary: str, work_dir: Path) -> None:
        self.binary, self.work_dir, self.port = binary, work_dir, _free_port()
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.process: subprocess.Popen | None = None

    def start(self) -> None:
        command = [self.binary, "--port", str(self.port), "--bind", "127.0.0.1", "--save", "",
                   "--appendonly", "no", "--dir", str(self.work_dir), "--protected-mode", "yes"]
        self.process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        _wait_for_port(self.port, self.process)

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=10)
        self.process = None


@contextmanager
def redis_server() -> Iterator[RedisServer]:
    binary = redis_binary()
    if binary is None:
        raise FileNotFoundError("redis-server not found (Debian package 'redis-server')")
    work_dir = Path(tempfile.mkdtemp(prefix="explorer-redis-"))
    server = RedisServer(binary, work_dir)
    server.start()
    try:
        yield server
    finally:
        server.stop()
        shutil.rmtree(work_dir, ignore_errors=True)
