"""The deployment files, tried here as far as this machine allows.

- requirements-cpu.txt stays in step with requirements.txt, and the app works with no Triton.
- The Dockerfile's own start command and health check, run locally with the production settings
  (deploy/streamlit-production.toml as the user-level config): the server comes up healthy and
  refuses a Host it was not told about. (Building the image needs Docker, which CI lacks.)
- deploy/kubernetes.yaml: probes on the health endpoint and the container port, sticky sessions
  and long WebSocket timeouts at the ingress, metrics kept private.
- deploy/nginx.conf, run for real in front of two Streamlit processes (explorer_devtools/fleet.py): health
  through the proxy, metrics hidden, unknown hosts dropped, sticky sessions, and a whole page
  run over the proxied WebSocket.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import gzip
import http.client
import json
import os
import re
import shutil
import socket
import subprocess
import sys
import textwrap
import time
import urllib.request
from pathlib import Path

import pytest

from explorer_devtools.fleet import fleet, free_port, nginx_binary, wait_until_healthy

ROOT = Path(__file__).resolve().parents[2]
DOCKERFILE = (ROOT / "Dockerfile").read_text()


def requirement_lines(path: Path) -> list[str]:
    return [line.strip() for line in path.read_text().splitlines()
            if line.strip() and not line.lstrip().startswith(("#", "-"))]


def test_cpu_requirements_are_the_runtime_ones_without_triton():
    runtime = requirement_lines(ROOT / "requirements.txt")
    cpu = requirement_lines(ROOT / "requirements-cpu.txt")
    assert cpu == [line for line in runtime if not line.startswith("triton")]
    assert "torch==2.13.0" in cpu
    assert "download.pytorch.org/whl/cpu" in (ROOT / "requirements-cpu.txt").read_text()


def test_the_app_and_the_sweeps_work_without_triton(tmp_path):
    """What a CPU-only host installs: no triton package at all (an import of it fails)."""
    script = textwrap.dedent(f"""
        import sys
        sys.modules["triton"] = None          # `import triton` now raises ImportError
        sys.path.insert(0, {str(ROOT)!r})
        import numpy as np
        from core import sweep
        assert sweep.resolve_backend("auto") == "torch"
        x = np.array([0.5, -1.0, 2.0])
        got = sweep.gaussian_loglik_grid(x, np.array([0.0]), np.array([1.0]))
        want = -0.5 * (x ** 2).sum() - 1.5 * np.log(2 * np.pi)
        assert abs(got[0] - want) < 1e-9, (got, want)
        from streamlit.testing.v1 import AppTest
        at = AppTest.from_file({str(ROOT / "app.py")!r}, default_timeout=60)
        at.switch_page("concepts/fisher/fisher.py")
        at.run()
        assert not at.exception, [e.value for e in at.exception]
        assert not at.error, [e.value for e in at.error]
        print("ok", len(at.metric))
    """)
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=180,
                            cwd=tmp_path)
    assert result.returncode == 0, result.stderr[-3000:]
    assert result.stdout.strip().startswith("ok")


def dockerfile_json(instruction: str) -> list[str]:
    match = re.search(rf"^{instruction}\s+(?:--[^\n]*\\\n\s*)?(?:CMD\s+)?(\[.*\])\s*$", DOCKERFILE, re.M)
    assert match, f"Dockerfile has no JSON-form {instruction}"
    return json.loads(match.group(1))


def test_dockerfile_names_a_health_check_on_the_exposed_port_and_runs_unprivileged():
    port = re.search(r"^EXPOSE\s+(\d+)", DOCKERFILE, re.M).group(1)
    health = " ".join(dockerfile_json("HEALTHCHECK"))
    assert f"127.0.0.1:{port}/_stcore/health" in health
    command = dockerfile_json("CMD")
    assert f"--server.port={port}" in command and "--server.address=0.0.0.0" in command
    assert re.search(r"^USER\s+explorer\s*$", DOCKERFILE, re.M)
    assert "pip install -r requirements-cpu.txt" in DOCKERFILE
    assert "deploy/streamlit-production.toml /home/explorer/.streamlit/config.toml" in DOCKERFILE


def test_kubernetes_manifest_is_hardened():
    """Issue 27 item 8: pinned images, no privilege, HTTPS only, Redis behind a password and a NetworkPolicy,
    the same security headers as deploy/nginx.conf, and no example secret anywhere a reader copies from."""
    import yaml  # requirements-dev.txt
    docs = {doc["kind"] + "/" + doc["metadata"]["name"]: doc
            for doc in yaml.safe_load_all((ROOT / "deploy" / "kubernetes.yaml").read_text())}
    for name in ("prob-explorer", "prob-explorer-redis"):
        pod = docs[f"Deployment/{name}"]["spec"]["template"]["spec"]
        assert pod["securityContext"]["runAsNonRoot"] is True and pod["automountServiceAccountToken"] is False
        for container in pod["containers"]:
            assert not container["image"].endswith(":latest") and re.search(r":\d+\.\d+", container["image"])
            assert container["securityContext"] == {"allowPrivilegeEscalation": False,
                                                    "capabilities": {"drop": ["ALL"]}}
    redis = docs["Deployment/prob-explorer-redis"]["spec"]["template"]["spec"]["containers"][0]
    assert "--requirepass" in " ".join(redis["command"]) and "--maxmemory-policy noeviction" in redis["command"][-1]
    explorer = docs["Deployment/prob-explorer"]["spec"]["template"]["spec"]["containers"][0]
    redis_url = next(env["value"] for env in explorer["env"] if env["name"] == "PROB_EXPLORER_REDIS_URL")
    assert redis_url.startswith("redis://:$(REDIS_PASSWORD)@")
    policy = docs["NetworkPolicy/prob-explorer-redis"]["spec"]
    assert policy["podSelector"]["matchLabels"] == {"app": "prob-explorer-redis"}
    assert policy["ingress"][0]["from"][0]["podSelector"]["matchLabels"] == {"app": "prob-explorer"}
    ingress = docs["Ingress/prob-explorer"]
    assert ingress["spec"]["tls"][0]["hosts"] == ["explorer.example.org"]
    notes = ingress["metadata"]["annotations"]
    assert notes["nginx.ingress.kubernetes.io/force-ssl-redirect"] == "true"
    assert notes["nginx.ingress.kubernetes.io/session-cookie-secure"] == "true"
    assert int(notes["nginx.ingress.kubernetes.io/limit-connections"]) > 0
    nginx_csp = re.search(r'map \$host \$explorer_csp \{\s*default "([^"]+)";', (ROOT / "deploy" / "nginx.conf")
                          .read_text()).group(1)
    assert docs["ConfigMap/prob-explorer-headers"]["data"]["Content-Security-Policy"] == nginx_csp
    for text in (ROOT / "README.md").read_text(), (ROOT / "deploy" / "kubernetes.yaml").read_text():
        assert "change-me" not in text


def test_the_projects_own_config_has_the_production_limits_on_uploads_and_messages():
    """What a developer tries (`streamlit run` reads .streamlit/config.toml) is what a reader meets: Streamlit's
    default upload limit is 200 MB, and one 199 MB upload parsed for 9.6 s at 2.9 GB."""
    import tomllib

    own = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text())["server"]
    production = tomllib.loads((ROOT / "deploy" / "streamlit-production.toml").read_text())["server"]
    for limit in ("maxUploadSize", "maxMessageSize"):
        assert own[limit] == production[limit], limit
    from concepts.likelihood.spec import MAX_UPLOAD_MB
    assert MAX_UPLOAD_MB == own["maxUploadSize"]


@pytest.fixture(scope="module")
def production_server(tmp_path_factory):
    """The Dockerfile's CMD, on loopback, with the production config as the user-level config."""
    home = tmp_path_factory.mktemp("home")
    (home / ".streamlit").mkdir()
    shutil.copy(ROOT / "deploy" / "streamlit-production.toml", home / ".streamlit" / "config.toml")
    port = free_port()
    command = [sys.executable if part == "python" else part for part in dockerfile_json("CMD")]
    command = [f"--server.port={port}" if part.startswith("--server.port=") else
               "--server.address=127.0.0.1" if part.startswith("--server.address=") else part
               for part in command]
    env = {**os.environ, "HOME": str(home), "STREAMLIT_SERVER_COOKIE_SECRET": "test-secret"}
    log = open(home / "server.log", "w")
    process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
    try:
        wait_until_healthy(f"http://127.0.0.1:{port}", process)
        yield port
    finally:
        process.terminate()
        process.wait(timeout=15)
        log.close()


def test_the_dockerfile_health_check_passes_against_its_own_command(production_server):
    check = [sys.executable if part == "python" else part for part in dockerfile_json("HEALTHCHECK")]
    check = [part.replace("127.0.0.1:8501", f"127.0.0.1:{production_server}") for part in check]
    assert subprocess.run(check, timeout=30).returncode == 0


def _chart_chunk() -> tuple[Path, bytes]:
    """Streamlit's Plotly.js chunk, which every first visit loads, and what the explorer sends for it: the chunk
    carrying the explorer's lighter Plotly.js (ui/compression.light_chart_bundle)."""
    from ui import internals
    from ui.compression import light_chart_bundle

    (chunk, sent), = light_chart_bundle(internals.static_directory()).items()
    return chunk, sent


def test_the_images_command_sends_streamlits_javascript_compressed(production_server):
    """No proxy in front (a lecture hall's laptop): serve.py itself sends the Plotly.js chunk every first visit
    loads with the explorer's lighter Plotly.js in it, gzipped (ui/compression.py), marks it immutable, and sends
    it plain to a client that does not ask."""
    plotly_chunk, light = _chart_chunk()
    url = f"http://127.0.0.1:{production_server}/static/js/{plotly_chunk.name}"
    with urllib.request.urlopen(urllib.request.Request(url, headers={"Accept-Encoding": "gzip"}), timeout=60) as reply:
        body = reply.read()
        assert reply.headers["Content-Encoding"] == "gzip" and "immutable" in reply.headers["Cache-Control"]
    assert len(body) < 0.15 * plotly_chunk.stat().st_size and gzip.decompress(body) == light
    with urllib.request.urlopen(url, timeout=60) as reply:
        assert reply.headers.get("Content-Encoding") is None and reply.read() == light


def test_production_settings_refuse_a_session_for_a_host_that_is_not_allowed(production_server):
    """server.allowedHosts guards the WebSocket that carries every session (DNS rebinding)."""
    def websocket_handshake(host: str) -> int:
        connection = http.client.HTTPConnection("127.0.0.1", production_server, timeout=10)
        connection.request("GET", "/_stcore/stream", headers={
            "Host": host, "Upgrade": "websocket", "Connection": "Upgrade", "Sec-WebSocket-Version": "13",
            "Sec-WebSocket-Key": "dGhlIHNhbXBsZSBub25jZQ==", "Sec-WebSocket-Protocol": "streamlit"})
        status = connection.getresponse().status
        connection.close()
        return status

    assert websocket_handshake("explorer.example.org") == 101
    assert websocket_handshake("attacker.example.com") == 403


def test_kubernetes_manifest_probes_stickiness_and_private_metrics():
    import yaml  # requirements-dev.txt
    docs = {doc["kind"] + "/" + doc["metadata"]["name"]: doc
            for doc in yaml.safe_load_all((ROOT / "deploy" / "kubernetes.yaml").read_text())}
    pod = docs["Deployment/prob-explorer"]["spec"]["template"]["spec"]
    container = pod["containers"][0]
    port = re.search(r"^EXPOSE\s+(\d+)", DOCKERFILE, re.M).group(1)
    assert container["ports"][0] == {"name": "http", "containerPort": int(port)}
    for probe in ("startupProbe", "readinessProbe", "livenessProbe"):
        assert container[probe]["httpGet"] == {"path": "/_stcore/health", "port": "http"}, probe
    assert pod["securityContext"]["runAsUser"] == int(re.search(r"--uid (\d+)", DOCKERFILE).group(1))
    assert any(env["name"] == "STREAMLIT_SERVER_COOKIE_SECRET" for env in container["env"])

    # The classroom's Redis: the replicas are given its Service's address, on the port it listens on.
    from urllib.parse import urlsplit

    redis_url = next(env["value"] for env in container["env"] if env["name"] == "PROB_EXPLORER_REDIS_URL")
    service = docs["Service/" + urlsplit(redis_url).hostname]
    redis_pod = docs["Deployment/prob-explorer-redis"]["spec"]["template"]
    assert service["spec"]["selector"] == redis_pod["metadata"]["labels"]
    assert service["spec"]["ports"][0]["port"] == urlsplit(redis_url).port
    assert redis_pod["spec"]["containers"][0]["ports"][0]["containerPort"] == 6379

    ingress = docs["Ingress/prob-explorer"]
    notes = ingress["metadata"]["annotations"]
    assert notes["nginx.ingress.kubernetes.io/affinity"] == "cookie"
    assert int(notes["nginx.ingress.kubernetes.io/proxy-read-timeout"]) >= 3600
    paths = {p["path"]: p for p in ingress["spec"]["rules"][0]["http"]["paths"]}
    for path in ("/_stcore/metrics", "/api/health"):
        private = paths[path]
        assert private["pathType"] == "Exact"
        hidden = docs["Service/" + private["backend"]["service"]["name"]]
        assert "selector" not in hidden["spec"]   # no pods behind it: the ingress answers 503


# --- nginx in front of two replicas -------------------------------------------------------------

requires_nginx = pytest.mark.skipif(nginx_binary() is None and not os.environ.get("CI"),
                                    reason="nginx not installed (Debian package 'nginx-light')")


@pytest.fixture(scope="module")
def proxied():
    if nginx_binary() is None:
        pytest.fail("nginx not found: .ci/run installs it")
    with fleet(replicas=2) as servers:
        yield servers


def upstreams_by_cookie(log: Path) -> dict[str, set[str]]:
    """cookie value -> upstream replicas that served it, from the access log's upstream= field."""
    seen: dict[str, set[str]] = {}
    for line in log.read_text().splitlines():
        match = re.search(r"\?who=(\w+).*upstream=(\S+)", line)
        if match:
            seen.setdefault(match.group(1), set()).add(match.group(2))
    return seen


@requires_nginx
def test_nginx_proxies_health_and_hides_metrics(proxied):
    with urllib.request.urlopen(f"{proxied.url}/_stcore/health", timeout=10) as response:
        assert response.status == 200
    for private in ("/_stcore/metrics", "/api/health"):
        with pytest.raises(urllib.error.HTTPError) as hidden:
            urllib.request.urlopen(f"{proxied.url}{private}", timeout=10)
        assert hidden.value.code == 404, private
        # The replicas themselves do answer: only the proxy hides them.
        with urllib.request.urlopen(f"{proxied.replica_urls[0]}{private}", timeout=10) as response:
            assert response.status == 200, private


@requires_nginx
def test_nginx_drops_requests_for_other_host_names(proxied):
    port = int(proxied.url.rsplit(":", 1)[1])
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    connection.request("GET", "/_stcore/health", headers={"Host": "not-our-site.example"})
    with pytest.raises((http.client.RemoteDisconnected, ConnectionResetError)):
        connection.getresponse()


@requires_nginx
def test_nginx_keeps_each_reader_on_one_replica(proxied):
    for reader in range(16):
        opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor())
        for _ in range(4):
            with opener.open(f"{proxied.url}/_stcore/health?who=r{reader}", timeout=10) as response:
                assert response.status == 200
                cookie = response.headers.get("Set-Cookie") or ""
                assert "HttpOnly" in cookie or "explorer_replica" not in cookie
    time.sleep(0.5)  # nginx writes its access log as requests finish
    seen = upstreams_by_cookie(proxied.nginx_log)
    assert len(seen) == 16
    assert all(len(upstreams) == 1 for upstreams in seen.values()), seen
    # ...and readers are spread over both replicas (all 16 on one: probability 2 * 2**-16).
    assert len(set().union(*seen.values())) == 2


@requires_nginx
def test_a_page_runs_over_the_proxied_websocket(proxied):
    from explorer_devtools.streamlit_client import SCENARIOS, Tally, student

    tally = Tally()
    session = student(proxied.url, SCENARIOS["kl"], seed=1, start_delay=0.0,
                      until=time.monotonic() + 6.0, think_s=(0.5, 1.0), tally=tally)
    # On a thread of its own: the browser tests' Playwright (sync API) may hold this thread's loop.
    with concurrent.futures.ThreadPoolExecutor(max_workers=1) as pool:
        pool.submit(asyncio.run, session).result(timeout=120)
    assert tally.errors == {}
    assert len(tally.first_loads) == 1 and len(tally.reruns) >= 3


@requires_nginx
def test_nginx_compresses_and_keeps_streamlits_static_assets(proxied):
    """The Plotly.js chunk every first visit loads (the explorer's lighter one: ui/compression.py):
    gzip-compressed through nginx, and served from nginx's cache after the first request instead of by a
    replica."""
    plotly_chunk, light = _chart_chunk()
    url = f"{proxied.url}/static/js/{plotly_chunk.name}"

    def fetch_gzipped():
        request = urllib.request.Request(url, headers={"Accept-Encoding": "gzip"})
        with urllib.request.urlopen(request, timeout=30) as response:
            assert response.headers["Content-Encoding"] == "gzip"
            return response.read(), response.headers["X-Cache-Status"]

    body, first_status = fetch_gzipped()
    assert len(body) < 0.15 * plotly_chunk.stat().st_size
    assert gzip.decompress(body) == light
    # nginx commits the cache entry once it has read the replica's whole response, which can be a moment
    # after this client has its last byte (CI saw one MISS straight after): ask again for up to 5 s.
    statuses = [first_status]
    deadline = time.monotonic() + 5.0
    while statuses[-1] != "HIT" and time.monotonic() < deadline:
        time.sleep(0.1)
        body, status = fetch_gzipped()
        statuses.append(status)
    assert statuses[-1] == "HIT", statuses
    assert gzip.decompress(body) == light
    # Without Accept-Encoding the same bytes come back plain.
    with urllib.request.urlopen(url, timeout=30) as response:
        assert response.headers.get("Content-Encoding") is None and response.read() == light


# --- the shipped TLS set-up, and what every response carries ----------------------------------------

@pytest.fixture(scope="module")
def tls_proxy(proxied, tmp_path_factory):
    """deploy/nginx.conf with its TLS kept (explorer_devtools.fleet.local_nginx_conf, tls=…), a self-signed
    certificate for the public host, in front of the same two replicas: (http port, https port)."""
    from explorer_devtools.fleet import local_nginx_conf

    if shutil.which("openssl") is None:
        pytest.fail("openssl not found (Debian package 'openssl')")
    work = tmp_path_factory.mktemp("tls")
    certificate, key = work / "cert.pem", work / "key.pem"
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj",
                    "/CN=explorer.example.org", "-addext", "subjectAltName=DNS:explorer.example.org",
                    "-keyout", str(key), "-out", str(certificate)], check=True, capture_output=True)
    http_port, https_port = free_port(), free_port()
    ports = [int(url.rsplit(":", 1)[1]) for url in proxied.replica_urls]
    conf = work / "nginx.conf"
    conf.write_text(local_nginx_conf(http_port, ports, work, tls=(https_port, certificate, key)))
    (work / "mime.types").write_text("types {}\n")
    process = subprocess.Popen([nginx_binary(), "-c", str(conf), "-p", str(work), "-g", "daemon off;"],
                               stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            try:
                http.client.HTTPConnection("127.0.0.1", http_port, timeout=2).connect()
                break
            except OSError:
                assert process.poll() is None, process.stderr.read().decode()
                time.sleep(0.2)
        yield http_port, https_port, certificate
    finally:
        process.terminate()
        process.wait(10)


def _https(port: int, certificate: Path, path: str, host: str = "explorer.example.org"):
    import ssl

    context = ssl.create_default_context(cafile=str(certificate))
    connection = http.client.HTTPSConnection("127.0.0.1", port, timeout=10, context=context)
    # Connect to loopback but name the public host in the handshake (SNI) and check the certificate against it.
    connection.sock = context.wrap_socket(socket.create_connection(("127.0.0.1", port), timeout=10),
                                          server_hostname=host)
    connection.request("GET", path, headers={"Host": host})
    return connection.getresponse()


@requires_nginx
def test_plain_http_is_redirected_to_https(tls_proxy):
    http_port, _, _ = tls_proxy
    connection = http.client.HTTPConnection("127.0.0.1", http_port, timeout=10)
    connection.request("GET", "/clt?room=ABCD-EFGH&lead=1", headers={"Host": "explorer.example.org"})
    response = connection.getresponse()
    assert response.status == 301
    assert response.getheader("Location") == "https://explorer.example.org/clt?room=ABCD-EFGH&lead=1"


@requires_nginx
def test_https_serves_the_app_with_the_security_headers_and_a_secure_sticky_cookie(tls_proxy):
    _, https_port, certificate = tls_proxy
    response = _https(https_port, certificate, "/_stcore/health")
    assert response.status == 200
    assert response.getheader("Strict-Transport-Security").startswith("max-age=31536000")
    assert response.getheader("X-Content-Type-Options") == "nosniff"
    assert response.getheader("Referrer-Policy") == "strict-origin-when-cross-origin"
    policy = response.getheader("Content-Security-Policy")
    assert "frame-ancestors 'self'" in policy and "object-src 'none'" in policy and "default-src 'self'" in policy
    cookie = response.getheader("Set-Cookie")
    assert "explorer_replica=" in cookie and "; Secure;" in cookie and "HttpOnly" in cookie


@requires_nginx
def test_https_for_another_host_name_is_refused_before_a_certificate_is_shown(tls_proxy):
    import ssl

    _, https_port, certificate = tls_proxy
    with pytest.raises((ssl.SSLError, ConnectionResetError)):
        _https(https_port, certificate, "/_stcore/health", host="not-our-site.example")


@requires_nginx
def test_a_page_works_in_chromium_under_the_content_security_policy(proxied, browser):
    """The policy the proxy sends must not break the app: a page with a figure, a live control and the
    classroom's cookie component draws through nginx with no CSP violation in the console. (The session's
    Chromium: a second Playwright cannot start beside it in one thread.)"""
    with urllib.request.urlopen(f"{proxied.url}/kl", timeout=10) as response:
        assert "frame-ancestors 'self'" in response.headers["Content-Security-Policy"]
    violations = []
    context = browser.new_context(viewport={"width": 1400, "height": 900})
    try:
        page = context.new_page()
        page.on("console", lambda message: violations.append(message.text)
                if "Content Security Policy" in message.text or "Content-Security-Policy" in message.text else None)
        page.goto(f"{proxied.url}/kl", wait_until="domcontentloaded")
        page.wait_for_selector(".js-plotly-plot .main-svg", timeout=60_000)
        page.wait_for_selector('[data-testid="live-control"]', timeout=60_000)
        page.wait_for_timeout(1500)
    finally:
        context.close()
    assert violations == []
