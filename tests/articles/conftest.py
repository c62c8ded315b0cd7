"""A local web server for fetch and feed tests: the tests set its pages. Tasks sent to a
real broker instead of run in-process; the environment of a real worker process."""

import os
import threading
import time
import uuid
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
import redis
from django.db import connection


class Site:
    """Pages by path: ``(status, headers, body)``; every request is logged."""

    def __init__(self, server: ThreadingHTTPServer):
        self.server = server
        self.port = server.server_address[1]
        self.host = f"127.0.0.1:{self.port}"
        self.pages: dict[str, tuple[int, dict[str, str], bytes]] = {}
        self.requests: list[tuple[str, dict[str, str]]] = []
        self.delay = 0.0

    def url(self, path: str) -> str:
        return f"http://{self.host}{path}"

    def page(self, path: str, body: bytes | str, status: int = 200, **headers: str) -> str:
        data = body.encode("utf-8") if isinstance(body, str) else body
        fields = {k.replace("_", "-"): v for k, v in headers.items()}
        fields.setdefault("Content-Type", "text/html; charset=utf-8")
        self.pages[path] = (status, fields, data)
        return self.url(path)

    def redirect(self, path: str, location: str) -> str:
        return self.page(path, b"", status=302, Location=location)

    def paths(self) -> list[str]:
        return [path for path, _ in self.requests]


def _handler(site: Site):
    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802 - the http.server API
            site.requests.append((self.path, dict(self.headers)))
            if self.path == "/slow":
                time.sleep(3)
            status, headers, body = site.pages.get(self.path, (404, {}, b"not found"))
            etag = headers.get("ETag")
            if etag and self.headers.get("If-None-Match") == etag:
                status, body = 304, b""
            self.send_response(status)
            for name, value in headers.items():
                self.send_header(name, value)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    return Handler


@pytest.fixture
def site(settings):
    """A web server on 127.0.0.1, exempted from the private-address guard by its host:port
    (as an operator would exempt a feed on their own network)."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), None)
    local = Site(server)
    server.RequestHandlerClass = _handler(local)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    settings.FETCH_ALLOWED_HOSTS = [local.host]
    settings.FETCH_TIMEOUT = 1
    yield local
    server.shutdown()
    server.server_close()


@contextmanager
def sending_to(monkeypatch, broker_url: str, queue: str):
    """Tasks go to ``broker_url``, into ``queue``, instead of running in-process."""
    from config.celery import app

    monkeypatch.setenv("CELERY_BROKER_URL", broker_url)  # Celery reads it before its own setting
    saved = app.conf.task_always_eager, app.conf.broker_url, app.conf.task_default_queue
    app.conf.task_always_eager, app.conf.broker_url = False, broker_url
    app.conf.task_default_queue = queue
    forget_connections(app)
    try:
        yield
    finally:
        app.conf.task_always_eager, app.conf.broker_url, app.conf.task_default_queue = saved
        forget_connections(app)


def forget_connections(app):
    """Drop the connection pools made for the previous broker url."""
    app._pool = None
    app.amqp._producer_pool = None


@pytest.fixture
def broker_down(monkeypatch):
    """Tasks really go to a broker, and the broker is a closed port."""
    from config.celery import app

    with sending_to(monkeypatch, "redis://127.0.0.1:1/0", app.conf.task_default_queue):
        yield


@pytest.fixture
def broker_queue(monkeypatch, redis_url):
    """Tasks really go to Redis, into a queue of this test's own (its name; deleted at the
    end), where a test reads them or a real worker takes them."""
    queue = f"onrecord-test-{uuid.uuid4().hex[:8]}"
    try:
        with sending_to(monkeypatch, redis_url, queue):
            yield queue
    finally:
        redis.Redis.from_url(redis_url).delete(queue)


def database_url() -> str:
    s = connection.settings_dict
    user = s.get("USER") or "postgres"
    password = f":{s['PASSWORD']}" if s.get("PASSWORD") else ""
    host, port = s.get("HOST") or "127.0.0.1", s.get("PORT") or 5432
    return f"postgres://{user}{password}@{host}:{port}/{s['NAME']}"


@pytest.fixture
def worker_env(postgres, redis_url):
    """Environment for processes that share this test's database, broker and a private queue."""
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.dev",
        "DATABASE_URL": database_url(),
        "CELERY_BROKER_URL": redis_url,
        "CELERY_QUEUE": f"onrecord-test-{uuid.uuid4().hex[:8]}",
        "DEBUG": "false",
    }
