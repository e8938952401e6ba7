"""Start the explorer as it is deployed, on loopback only: Streamlit replicas, optionally behind nginx.

Used by the classroom load driver and the deployment tests. Every process listens on 127.0.0.1
and a free port, so nothing here can be reached from outside the machine, and everything is
stopped when the `fleet` context ends.

The nginx configuration is the shipped one, `deploy/nginx.conf`, with only the machine-specific
lines rewritten (listen address, upstream ports, file paths): what is measured and tested is the
configuration a deployment uses.
"""

from __future__ import annotations

import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterator

ROOT = Path(__file__).resolve().parents[1]
NGINX_CONF = ROOT / "deploy" / "nginx.conf"
PUBLIC_HOST = "explorer.example.org"  # the server_name in deploy/nginx.conf


@dataclass
class Fleet:
    url: str                                   # what a browser opens: nginx, or the one replica
    replica_urls: list[str]
    pids: list[int] = field(default_factory=list)   # Streamlit processes (memory is read from these)
    nginx_log: Path | None = None
    logs: list[Path] = field(default_factory=list)  # each replica's output (Streamlit's log), in replica order


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_until_healthy(url: str, process: subprocess.Popen | None = None, timeout: float = 90.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process is not None and process.poll() is not None:
            raise RuntimeError(f"{process.args[0]} exited early with code {process.returncode}")
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.25)
    raise TimeoutError(f"{url}/_stcore/health did not answer within {timeout:.0f} s")


def cookies_by_replica(servers: Fleet, tries: int = 64) -> list[str]:
    """One value of nginx's sticky cookie (`explorer_replica`) per replica, in the order of
    `servers.replica_urls`: a browser given that cookie is served by that replica. Found by asking nginx
    with candidate values and reading which upstream served each (its access log's upstream= field)."""
    if servers.nginx_log is None:
        raise ValueError("only a fleet behind nginx has sticky cookies")
    for index in range(tries):
        request = urllib.request.Request(f"{servers.url}/_stcore/health?who=c{index}",
                                         headers={"Cookie": f"explorer_replica=c{index}"})
        urllib.request.urlopen(request, timeout=10).close()
    time.sleep(0.2)   # the access log is written when each request ends
    chosen: dict[str, str] = {}
    for line in servers.nginx_log.read_text().splitlines():
        match = re.search(r"\?who=(c\d+).*upstream=127\.0\.0\.1:(\d+)", line)
        if match:
            chosen.setdefault(match.group(2), match.group(1))
    ports = [url.rsplit(":", 1)[1] for url in servers.replica_urls]
    missing = [port for port in ports if port not in chosen]
    if missing:
        raise RuntimeError(f"no cookie of {tries} reached the replicas on ports {missing}")
    return [chosen[port] for port in ports]


def rss_bytes(pid: int) -> int:
    """Resident memory of one process (Linux /proc), 0 once it has gone."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) * 1024
    except OSError:
        pass
    return 0


def cpu_seconds(pid: int) -> float:
    """User + system CPU time a process has used so far (Linux /proc), 0 once it has gone."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    except (OSError, IndexError, ValueError):
        return 0.0


def _stop(process: subprocess.Popen) -> None:
    process.terminate()
    try:
        process.wait(timeout=15)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


@contextmanager
def streamlit_replica(port: int, log_path: Path, extra_args: tuple[str, ...] = (),
                      app: Path = ROOT / "app.py", env: dict[str, str] | None = None) -> Iterator[subprocess.Popen]:
    """One Streamlit process on 127.0.0.1:`port`, its output in `log_path`; stopped on exit. `env` adds
    to the environment (e.g. PROB_EXPLORER_REDIS_URL, the classroom's shared store)."""
    # The explorer starts as deployed (serve.py: start-up work before the server listens).
    launcher = [str(ROOT / "serve.py")] if app == ROOT / "app.py" else ["-m", "streamlit", "run", str(app)]
    command = [sys.executable, *launcher,
               "--server.address", "127.0.0.1", "--server.port", str(port),
               "--server.headless", "true", "--browser.gatherUsageStats", "false", *extra_args]
    with open(log_path, "w") as log:
        process = subprocess.Popen(command, cwd=ROOT, stdout=log, stderr=subprocess.STDOUT,
                                   env={**os.environ, **(env or {})})
        try:
            yield process
        finally:
            _stop(process)


def nginx_binary() -> str | None:
    return shutil.which("nginx") or next(
        (path for path in ("/usr/sbin/nginx", "/usr/local/sbin/nginx") if Path(path).is_file()), None)


def local_nginx_conf(listen_port: int, upstream_ports: list[int], work_dir: Path,
                     tls: tuple[int, Path, Path] | None = None) -> str:
    """deploy/nginx.conf rewritten for loopback: listen ports, replica ports, pid and log paths.

    Without `tls` the proxy serves plain HTTP on listen_port (what the load driver and most tests need): the
    HTTPS server becomes that port's, the redirect server and the TLS-only lines go, and the sticky cookie
    loses `Secure` (a browser keeps no Secure cookie from plain HTTP). With `tls` = (port, certificate, key)
    the shipped TLS set-up is kept: HTTP on listen_port redirects, HTTPS on that port with that certificate.
    Raises if a line it must rewrite is missing, so the shipped file and this stay in step."""
    text = NGINX_CONF.read_text()
    rules = [
        # Workers run as whoever runs the fleet (as root, root: the default, nobody, could not write
        # the static cache under this private work directory).
        (r"^user\s+[^;]+;\n", "user root;\n" if os.geteuid() == 0 else ""),
        (r"^pid\s+[^;]+;", f"pid {work_dir / 'nginx.pid'};"),
        (r"^error_log\s+[^;]+;", f"error_log {work_dir / 'error.log'} warn;"),
        (r"access_log\s+/var/log/nginx/access\.log", f"access_log {work_dir / 'access.log'}"),
        (r"listen\s+80\s+default_server;", f"listen 127.0.0.1:{listen_port} default_server;"),
        (rf"server_name\s+{re.escape(PUBLIC_HOST)};", f"server_name {PUBLIC_HOST} 127.0.0.1;"),
        (r"proxy_cache_path\s+/var/cache/nginx/explorer", f"proxy_cache_path {work_dir / 'static-cache'}"),
        (r"root\s+/var/www/acme;", f"root {work_dir / 'acme'};"),
    ]
    if tls is None:
        rules += [
            (r"\n    server \{\n        listen 443 ssl default_server;.*?\n    \}\n", "\n"),
            (r"\n    # Plain HTTP: certificate renewals.*?\n    \}\n", "\n"),
            (r"listen\s+443\s+ssl\s+http2;", f"listen 127.0.0.1:{listen_port};"),
            (r"\n\s*ssl_certificate(_key)?\s+[^;]+;", ""),
            (r"; Secure; SameSite", "; SameSite"),
        ]
    else:
        port, certificate, key = tls
        rules += [
            (r"listen\s+80;", f"listen 127.0.0.1:{listen_port};"),
            (r"listen\s+443\s+ssl\s+default_server;", f"listen 127.0.0.1:{port} ssl default_server;"),
            (r"listen\s+443\s+ssl\s+http2;", f"listen 127.0.0.1:{port} ssl http2;"),
            (r"ssl_certificate\s+[^;]+;", f"ssl_certificate {certificate};"),
            (r"ssl_certificate_key\s+[^;]+;", f"ssl_certificate_key {key};"),
        ]
    for pattern, replacement in rules:
        text, count = re.subn(pattern, replacement, text, flags=re.M | re.S)
        if count == 0:
            raise ValueError(f"deploy/nginx.conf has no line matching {pattern!r}")
    servers = "\n".join(f"        server 127.0.0.1:{port};" for port in upstream_ports)
    text, count = re.subn(r"(upstream explorer \{\n(?:\s*#[^\n]*\n|\s*hash[^\n]*\n)*)(?:\s*server [^\n]*\n)+",
                          lambda m: m.group(1) + servers + "\n", text)
    if count != 1:
        raise ValueError("deploy/nginx.conf: could not find the server lines of `upstream explorer`")
    # Writable temp paths for a non-root nginx (Debian's defaults live under /var/lib/nginx).
    temp_paths = "\n".join(f"    {name}_temp_path {work_dir / name};"
                           for name in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi"))
    return text.replace("http {", "http {\n" + temp_paths, 1)


@contextmanager
def nginx_proxy(upstream_ports: list[int], work_dir: Path) -> Iterator[tuple[str, Path]]:
    binary = nginx_binary()
    if binary is None:
        raise FileNotFoundError("nginx not found (Debian package 'nginx')")
    port = free_port()
    conf = work_dir / "nginx.conf"
    conf.write_text(local_nginx_conf(port, upstream_ports, work_dir))
    # mime.types is included by name: give it one next to the config.
    mime = Path("/etc/nginx/mime.types")
    (work_dir / "mime.types").write_text(mime.read_text() if mime.exists() else "types {}\n")
    with open(work_dir / "nginx.stderr", "w") as errors:
        process = subprocess.Popen([binary, "-c", str(conf), "-p", str(work_dir), "-g", "daemon off;"],
                                   stdout=subprocess.DEVNULL, stderr=errors)
        try:
            url = f"http://127.0.0.1:{port}"
            wait_until_healthy(url, process, timeout=30)
            yield url, work_dir / "access.log"
        finally:
            _stop(process)


@contextmanager
def fleet(replicas: int = 1, behind_nginx: bool = False, extra_args: tuple[str, ...] = (),
          app: Path = ROOT / "app.py", env: dict[str, str] | None = None) -> Iterator[Fleet]:
    """`replicas` Streamlit processes on loopback, behind nginx when asked (always, for more than one).
    `app` is the explorer unless a benchmark needs a baseline app to compare against; `env` is added to
    every replica's environment."""
    if not 1 <= replicas <= 8:
        raise ValueError("replicas must be between 1 and 8 on this machine")
    work_dir = Path(tempfile.mkdtemp(prefix="explorer-fleet-"))
    try:
        with ExitStack() as stack:
            ports = [free_port() for _ in range(replicas)]
            processes = [stack.enter_context(
                streamlit_replica(port, work_dir / f"streamlit-{port}.log", extra_args, app, env)) for port in ports]
            replica_urls = [f"http://127.0.0.1:{port}" for port in ports]
            for url, process in zip(replica_urls, processes):
                wait_until_healthy(url, process)
            result = Fleet(url=replica_urls[0], replica_urls=replica_urls, pids=[p.pid for p in processes],
                           logs=[work_dir / f"streamlit-{port}.log" for port in ports])
            if behind_nginx or replicas > 1:
                result.url, result.nginx_log = stack.enter_context(nginx_proxy(ports, work_dir))
            yield result
    finally:
        if not os.environ.get("KEEP_FLEET_LOGS"):
            shutil.rmtree(work_dir, ignore_errors=True)
