"""Slow clients against the compose stack's front: nginx (deploy/nginx.conf) before gunicorn.

gunicorn's sync workers serve one connection each, for as long as its client takes to send
the request; a client sending a header line every second holds its worker until gunicorn's
--timeout (60 s) kills it. So as many slow clients as workers stop the site, /healthz included
(the first test shows it, straight to gunicorn). Here a real nginx, run from the repository's
config with only its port, upstream and file paths changed, stands before a real gunicorn
started with the compose stack's own arguments (sync workers, production settings).
"""

import http.client
import json
import os
import re
import secrets
import select
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from django.conf import settings

from benchmarks.stack import (
    NGINX_CONF,
    compose,
    gunicorn_arguments_of_the_stack,
    nginx_config,
    with_option,
)
from tests.conftest import REPO, service_missing

ACCESS_FORMAT = "%(m)s %(U)s %(s)s xff=%({x-forwarded-for}i)s proto=%({x-forwarded-proto}i)s"
HEADER_START = b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n"
BODY_START = (
    b"POST /api/v1/articles/ HTTP/1.1\r\nHost: 127.0.0.1\r\n"
    b"Content-Type: application/json\r\nContent-Length: 10000\r\n\r\n{"
)


def directive(name: str) -> str:
    """The value of a directive that deploy/nginx.conf sets once."""
    pattern = r"^\s*" + re.escape(name) + r" ([^;{\n]+);"
    values = re.findall(pattern, NGINX_CONF.read_text(), re.MULTILINE)
    assert len(values) == 1, f"{name}: {values}"
    return values[0]


def seconds(name: str) -> int:
    return int(directive(name).removesuffix("s"))


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_for_port(port: int, process: subprocess.Popen, seconds: float) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        assert process.poll() is None, f"exited with {process.returncode}"
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return
        except OSError:
            time.sleep(0.1)
    raise AssertionError(f"nothing listens on {port} after {seconds} s")


def stop(process: subprocess.Popen, sig: int) -> None:
    process.send_signal(sig)
    try:
        process.wait(timeout=15)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


class Gunicorn:
    def __init__(self, port: int, access_log: Path):
        self.port = port
        self.access_log = access_log

    def requests(self) -> list[str]:
        """The access log's lines: the requests that reached a worker."""
        return self.access_log.read_text().splitlines()

    def served(self) -> int:
        """How many requests are logged, once no more is being written (a worker logs a
        request just after sending its response)."""
        while True:
            count = len(self.requests())
            time.sleep(0.3)
            if len(self.requests()) == count:
                return count

    def requests_after(self, before: int, expected: int) -> list[str]:
        """The requests logged after the first `before`, once `expected` of them are."""
        deadline = time.monotonic() + 5
        while len(self.requests()) < before + expected and time.monotonic() < deadline:
            time.sleep(0.05)
        self.served()
        return self.requests()[before:]


@pytest.fixture(scope="module")
def gunicorn(tmp_path_factory):
    """gunicorn as the compose stack runs it, on a free port, logging the forwarded headers."""
    directory = tmp_path_factory.mktemp("gunicorn")
    port = free_port()
    access_log = directory / "access.log"
    access_log.touch()
    arguments = with_option(gunicorn_arguments_of_the_stack(), "--bind", f"127.0.0.1:{port}")
    arguments = with_option(arguments, "--access-logfile", str(access_log))
    environment = {
        name: value
        for name, value in os.environ.items()
        if name not in ("CACHE_URL", "CELERY_BROKER_URL", "DEBUG")
    }
    environment.update(
        DJANGO_SETTINGS_MODULE="config.settings.production",
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="127.0.0.1",
        # /healthz asks the database for SELECT 1: a file of its own is enough here
        DATABASE_URL=f"sqlite:///{directory / 'db.sqlite3'}",
        SECURE_SSL_REDIRECT="false",
        NUM_PROXIES=compose()["services"]["web"]["environment"]["NUM_PROXIES"],
    )
    process = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", *arguments, "--access-logformat", ACCESS_FORMAT],
        cwd=REPO,
        env=environment,
    )
    try:
        wait_for_port(port, process, seconds=60)
        assert get(port, "/healthz", timeout=30)[0] == 200
        yield Gunicorn(port, access_log)
    finally:
        stop(process, signal.SIGINT)


@pytest.fixture
def nginx(gunicorn, tmp_path) -> int:
    """A real nginx from deploy/nginx.conf before the gunicorn; its port."""
    binary = shutil.which("nginx") or shutil.which("nginx", path="/usr/sbin:/usr/local/sbin")
    if binary is None:
        service_missing("nginx is not installed (apt-get install nginx)")
    port = free_port()
    config = tmp_path / "nginx.conf"
    config.write_text(nginx_config(port, gunicorn.port, tmp_path))
    error_log = tmp_path / "error.log"
    process = subprocess.Popen(
        [binary, "-p", str(tmp_path), "-c", str(config), "-e", str(error_log)]
        + ["-g", f"daemon off; pid {tmp_path / 'nginx.pid'};"]
    )
    try:
        wait_for_port(port, process, seconds=10)
        yield port
    finally:
        stop(process, signal.SIGTERM)
        print("---- nginx error log ----\n" + error_log.read_text()[-4000:])


def get(port: int, path: str, timeout: float, headers=None) -> tuple[int, bytes]:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        connection.request("GET", path, headers=headers or {})
        response = connection.getresponse()
        return response.status, response.read()
    finally:
        connection.close()


class SlowClients:
    """Connections that send the start of a request at once, then a little more every second
    (or nothing, with drip=b""), until the server closes them; cut_after holds, for each one
    the server closed, the seconds from its connection to its closing."""

    def __init__(self, port: int, count: int, start: bytes, drip: bytes):
        self.sockets = [socket.create_connection(("127.0.0.1", port)) for _ in range(count)]
        self.opened = time.monotonic()
        for connection in self.sockets:
            connection.sendall(start)
        self.drip = drip
        self.cut_after: dict[socket.socket, float] = {}
        self.answers: list[bytes] = []
        self.stopped = threading.Event()
        self.thread = threading.Thread(target=self._send_slowly, daemon=True)
        self.thread.start()

    def _cut(self, connection: socket.socket) -> None:
        self.cut_after[connection] = time.monotonic() - self.opened

    def _send_slowly(self) -> None:
        while not self.stopped.is_set():
            open_ones = [c for c in self.sockets if c not in self.cut_after]
            if not open_ones:
                return
            closing, _, _ = select.select(open_ones, [], [], 1.0)
            for connection in closing:
                try:
                    answer = connection.recv(65536)
                except OSError:
                    answer = b""
                if answer:
                    self.answers.append(answer)
                self._cut(connection)
            for connection in open_ones:
                if connection in self.cut_after or not self.drip:
                    continue
                try:
                    connection.sendall(self.drip)
                except OSError:
                    self._cut(connection)

    def wait_until_cut(self, seconds: float) -> list[float]:
        deadline = time.monotonic() + seconds
        while len(self.cut_after) < len(self.sockets) and time.monotonic() < deadline:
            time.sleep(0.1)
        return sorted(self.cut_after.values())

    def close(self) -> None:
        self.stopped.set()
        self.thread.join()
        for connection in self.sockets:
            connection.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc_info):
        self.close()


def test_without_the_proxy_slow_clients_starve_gunicorns_sync_workers(gunicorn):
    """The problem nginx solves: a header line a second from one connection more than there
    are workers, straight to gunicorn, and /healthz gets no answer for 3 s."""
    arguments = gunicorn_arguments_of_the_stack()
    workers = int(arguments[arguments.index("--workers") + 1])
    with SlowClients(gunicorn.port, workers + 1, HEADER_START, b"X-Slow: 1\r\n") as slow:
        time.sleep(1)
        with pytest.raises(TimeoutError):
            get(gunicorn.port, "/healthz", timeout=3)
        assert not slow.cut_after  # gunicorn waits for them
    assert get(gunicorn.port, "/healthz", timeout=5)[0] == 200


def test_behind_nginx_slow_clients_never_reach_gunicorn_and_are_cut(gunicorn, nginx):
    """Behind nginx, 12 connections sending a header line a second, 6 sending a body a byte a
    second and 6 whose body stops: /healthz answers at once, every time. nginx cuts the
    headers 10 s after the connection (client_header_timeout counts from the connection, not
    from the last line) and the stopped bodies 10 s after their last byte (client_body_timeout);
    the trickling bodies are held by nginx, not by a worker: none of them reaches gunicorn."""
    header_timeout, body_timeout = seconds("client_header_timeout"), seconds("client_body_timeout")
    served_before = gunicorn.served()
    headers = SlowClients(nginx, 12, HEADER_START, b"X-Slow: 1\r\n")
    trickling = SlowClients(nginx, 6, BODY_START, b" ")
    stopped = SlowClients(nginx, 6, BODY_START, b"")
    try:
        time.sleep(2)
        for _ in range(5):
            started = time.monotonic()
            status, body = get(nginx, "/healthz", timeout=2)
            assert (status, json.loads(body)["status"]) == (200, "ok")
            assert time.monotonic() - started < 1
            time.sleep(0.5)

        headers_cut = headers.wait_until_cut(header_timeout + 4)
        assert len(headers_cut) == 12
        assert all(header_timeout - 0.5 <= after <= header_timeout + 3 for after in headers_cut)
        bodies_cut = stopped.wait_until_cut(body_timeout + 4)
        assert len(bodies_cut) == 6
        assert all(body_timeout - 0.5 <= after <= body_timeout + 3 for after in bodies_cut)
        assert not trickling.cut_after
        assert get(nginx, "/healthz", timeout=2)[0] == 200
    finally:
        for clients in (headers, trickling, stopped):
            clients.close()
    assert [line.split()[:2] for line in gunicorn.requests_after(served_before, 6)] == [
        ["GET", "/healthz"]
    ] * 6


def test_nginx_answers_429_past_its_limit_of_requests_at_once_from_one_address(gunicorn, nginx):
    zone, limit = directive("limit_conn").split()
    assert directive("limit_conn_zone").startswith(f"$binary_remote_addr zone={zone}:")
    with SlowClients(nginx, int(limit), BODY_START, b"") as allowed:
        # nginx counts a request once it has read its headers: give it time on a loaded machine
        time.sleep(2)
        with SlowClients(nginx, 1, BODY_START, b"") as refused:
            assert refused.wait_until_cut(3)
            assert refused.answers[0].startswith(b"HTTP/1.1 429 ")
        assert not allowed.cut_after
    # once those clients are gone the address is served again (nginx frees a slot when it
    # reads the close, which can take it a moment)
    deadline = time.monotonic() + 5
    while get(nginx, "/healthz", timeout=2)[0] == 429 and time.monotonic() < deadline:
        time.sleep(0.2)
    assert get(nginx, "/healthz", timeout=2)[0] == 200


def test_nginx_refuses_an_api_body_over_the_apps_limit_in_the_apps_words(gunicorn, nginx):
    served_before = gunicorn.served()
    limit = settings.API_MAX_BODY_BYTES
    assert directive("client_max_body_size") == str(limit)
    connection = http.client.HTTPConnection("127.0.0.1", nginx, timeout=5)
    connection.putrequest("POST", "/api/v1/articles/")
    connection.putheader("Content-Type", "application/json")
    connection.putheader("Content-Length", str(limit + 1))
    connection.endheaders()
    response = connection.getresponse()
    assert response.status == 413
    assert response.getheader("Content-Type") == "application/json"
    assert json.loads(response.read()) == {
        "detail": f"The request body is larger than the limit of {limit:,} bytes."
    }
    connection.close()
    assert gunicorn.requests_after(served_before, 0) == []


def test_nginx_refuses_a_request_line_or_header_over_8_kib(gunicorn, nginx):
    served_before = gunicorn.served()
    assert get(nginx, "/healthz?" + "q" * 8200, timeout=2)[0] == 414
    assert get(nginx, "/healthz", timeout=2, headers={"X-Long": "h" * 8200})[0] == 400
    assert get(nginx, "/healthz", timeout=2, headers={"X-Long": "h" * 4000})[0] == 200
    assert [line.split()[2] for line in gunicorn.requests_after(served_before, 1)] == ["200"]


def test_nginx_appends_the_clients_address_and_sets_the_scheme(gunicorn, nginx):
    served_before = gunicorn.served()
    claimed = {"X-Forwarded-For": "203.0.113.9", "X-Forwarded-Proto": "https"}
    assert get(nginx, "/healthz", timeout=2, headers=claimed)[0] == 200
    assert gunicorn.requests_after(served_before, 1) == [
        "GET /healthz 200 xff=203.0.113.9, 127.0.0.1 proto=http"
    ]


def test_the_compose_stack_puts_nginx_before_gunicorn():
    services = compose()["services"]
    proxy, web = services["nginx"], services["web"]
    assert re.fullmatch(r"nginx:\d+\.\d+\.\d+", proxy["image"])
    assert "./deploy/nginx.conf:/etc/nginx/nginx.conf:ro" in proxy["volumes"]
    assert proxy["ports"] == ["127.0.0.1:8000:80"]
    assert proxy["depends_on"]["web"]["condition"] == "service_healthy"
    # only nginx is published; it appends one address to X-Forwarded-For
    assert "ports" not in web
    assert web["environment"]["NUM_PROXIES"] == "1"
    arguments = gunicorn_arguments_of_the_stack()
    assert arguments[arguments.index("--bind") + 1] == "0.0.0.0:8000"
    assert directive("server") == "web:8000"
