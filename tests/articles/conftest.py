"""A local web server for fetch and feed tests: the tests set its pages."""

import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest


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
