"""Fetching web pages and feeds for ingest, guarded against server-side request forgery.

Only http and https; the host name is resolved here and every address it resolves to must
be a public one (no private, loopback, link-local, shared, multicast or reserved address), and
the connection goes to the address that was checked, so a second DNS answer cannot swap
it. Redirects are followed by hand, each one checked the same way. A timeout bounds every
network wait, and a deadline the whole fetch: every read of the response, status line and
headers included, waits only for what is left of it, so a server sending a byte a second
cannot hold a worker. A size cap bounds the body.
"""

from __future__ import annotations

import http
import http.client
import io
import ipaddress
import socket
import ssl
import time
from dataclasses import dataclass, field
from functools import partial
from urllib.parse import urljoin, urlsplit

from django.conf import settings

from .text import UndecodableText, text_decode

REDIRECTS = frozenset({301, 302, 303, 307, 308})
MAX_REDIRECTS = 5
CHUNK = 64 * 1024
USER_AGENT = "OnRecord/1.0 (+https://github.com/onrecord; news quote tracker)"
ACCEPT = (
    "text/html,application/xhtml+xml,application/rss+xml,application/atom+xml,"
    "application/xml;q=0.9,text/plain;q=0.8,*/*;q=0.1"
)
# IPv6 forms that carry an IPv4 address a gateway or tunnel may connect to: NAT64 (the
# well-known and the local-use prefix) and IPv4-compatible addresses (6to4, Teredo and
# IPv4-mapped ones have properties of their own).
NAT64 = (ipaddress.ip_network("64:ff9b::/96"), ipaddress.ip_network("64:ff9b:1::/48"))
IPV4_COMPATIBLE = ipaddress.ip_network("::/96")


class FetchError(Exception):
    """The page could not be fetched; the message says why, for the article's record."""


class FetchRefused(FetchError):
    """The URL may not be fetched: a scheme other than http(s), or a private address."""


@dataclass
class Response:
    url: str
    final_url: str
    status: int
    headers: dict[str, str]
    content: bytes
    elapsed: float
    redirects: list[str] = field(default_factory=list)

    @property
    def content_type(self) -> str:
        return self.headers.get("content-type", "").split(";")[0].strip().lower()

    def text(self) -> str:
        """The body decoded by the charset the server gave, else (no charset, or a wrong
        one) as an uploaded file would be."""
        for param in self.headers.get("content-type", "").split(";")[1:]:
            name, _, value = param.partition("=")
            if name.strip().lower() == "charset":
                try:
                    return self.content.decode(value.strip().strip("\"'"))
                except (LookupError, UnicodeDecodeError):
                    break
        try:
            return text_decode(self.content)
        except UndecodableText as exc:
            raise FetchError(f"the response is not text ({exc})") from exc


def fetch(url: str, *, headers: dict[str, str] | None = None) -> Response:
    """GET ``url`` within the limits of the FETCH_* settings; raises :class:`FetchError`
    (or :class:`FetchRefused`) with a reason. 304 Not Modified is returned, not raised."""
    cap = settings.FETCH_MAX_BYTES
    started = time.monotonic()
    deadline = _Deadline(
        timeout=settings.FETCH_TIMEOUT, seconds=settings.FETCH_DEADLINE, at=started
    )
    current, redirects = url, []
    for _ in range(MAX_REDIRECTS + 1):
        response = _get(current, headers or {}, deadline, cap)
        if response.status in REDIRECTS:
            location = response.headers.get("location")
            if not location:
                raise FetchError(f"HTTP {response.status} without a Location header")
            redirects.append(current)
            current = urljoin(current, location)
            continue
        if response.status >= 400:
            raise FetchError(f"the server answered {_status(response.status)} for {current}")
        response.url, response.redirects = url, redirects
        response.elapsed = time.monotonic() - started
        return response
    raise FetchError(f"more than {MAX_REDIRECTS} redirects")


def check_url(url: str) -> tuple[str, str, int, str]:
    """``(scheme, host, port, path)`` of an URL that may be fetched, without resolving it."""
    try:
        parts = urlsplit(url.strip())
        port = parts.port
    except ValueError as exc:
        raise FetchRefused(f"not a valid URL: {url!r}") from exc
    scheme = parts.scheme.lower()
    if scheme not in ("http", "https"):
        raise FetchRefused(f"only http and https URLs are fetched, not {scheme or 'this'}")
    if not parts.hostname:
        raise FetchRefused(f"the URL has no host: {url!r}")
    if parts.username or parts.password:
        raise FetchRefused("URLs with credentials are not fetched")
    path = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    return scheme, parts.hostname.lower(), port or (443 if scheme == "https" else 80), path


def public_address(host: str, port: int) -> str:
    """The address to connect to for ``host``: the first it resolves to, once every one of
    them is known to be public. Hosts in FETCH_ALLOWED_HOSTS ("host:port") are exempt."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError) as exc:
        raise FetchError(f"the address could not be found: no server is named {host}") from exc
    addresses = [info[4][0] for info in infos]
    if f"{host}:{port}" in settings.FETCH_ALLOWED_HOSTS:
        return addresses[0]
    for address in addresses:
        ip = ipaddress.ip_address(address.split("%")[0])
        for reached in [ip, *_embedded_ipv4(ip)]:
            if not reached.is_global or reached.is_multicast:
                raise FetchRefused(
                    f"{host} is a private, loopback or link-local address ({reached})"
                )
    return addresses[0]


def _embedded_ipv4(ip: ipaddress.IPv4Address | ipaddress.IPv6Address) -> list:
    """The IPv4 addresses an IPv6 address leads to: IPv4-mapped, IPv4-compatible, NAT64,
    6to4 and Teredo forms (``[64:ff9b::7f00:1]`` is 127.0.0.1 behind a NAT64 gateway)."""
    if not isinstance(ip, ipaddress.IPv6Address):
        return []
    found = [a for a in (ip.ipv4_mapped, ip.sixtofour) if a] + list(ip.teredo or ())
    if ip in IPV4_COMPATIBLE or any(ip in net for net in NAT64):
        found.append(ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF))
    return found


class _PinnedHTTP(http.client.HTTPConnection):
    def __init__(self, host: str, port: int, address: str, timeout: float):
        super().__init__(host, port, timeout=timeout)
        self.address = address

    def connect(self) -> None:
        self.sock = socket.create_connection((self.address, self.port), self.timeout)


class _PinnedHTTPS(http.client.HTTPSConnection):
    def __init__(self, host: str, port: int, address: str, timeout: float):
        super().__init__(host, port, timeout=timeout, context=ssl.create_default_context())
        self.address = address

    def connect(self) -> None:
        sock = socket.create_connection((self.address, self.port), self.timeout)
        self.sock = self._context.wrap_socket(sock, server_hostname=self.host)


@dataclass
class _Deadline:
    """The limits of one fetch: ``timeout`` seconds for any one network wait, ``seconds``
    for the whole fetch, started ``at`` (``time.monotonic()``)."""

    timeout: float
    seconds: float
    at: float

    def wait(self) -> float:
        """How long the next network wait may take; FetchError once the time is up."""
        left = self.at + self.seconds - time.monotonic()
        if left <= 0:
            raise FetchError(f"the page took longer than {self.seconds:g} s to download")
        return min(self.timeout, left)


class _DeadlineReader(io.RawIOBase):
    """A socket read so that each wait is bounded by what is left of the deadline."""

    def __init__(self, sock: socket.socket, deadline: _Deadline):
        self.sock, self.deadline = sock, deadline
        self.stream = sock.makefile("rb", buffering=0)

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        self.sock.settimeout(self.deadline.wait())
        try:
            return self.stream.readinto(buffer)
        except TimeoutError:
            self.deadline.wait()  # the deadline's error when that is what ran out
            raise

    def close(self) -> None:
        self.stream.close()
        super().close()


class _DeadlineResponse(http.client.HTTPResponse):
    """http.client's response, reading its socket through a :class:`_DeadlineReader`."""

    def __init__(self, sock: socket.socket, *args, deadline: _Deadline, **kwargs):
        super().__init__(sock, *args, **kwargs)
        self.fp.close()
        self.fp = io.BufferedReader(_DeadlineReader(sock, deadline))


def _get(url: str, headers: dict[str, str], deadline: _Deadline, cap: int):
    scheme, host, port, path = check_url(url)
    address = public_address(host, port)
    kind = _PinnedHTTPS if scheme == "https" else _PinnedHTTP
    timeout = deadline.timeout
    conn = kind(host, port, address, deadline.wait())
    conn.response_class = partial(_DeadlineResponse, deadline=deadline)
    try:
        conn.request(
            "GET",
            path,
            headers={
                "User-Agent": USER_AGENT,
                "Accept": ACCEPT,
                "Accept-Encoding": "identity",
                **headers,
            },
        )
        reply = conn.getresponse()
        found = {k.lower(): v for k, v in reply.getheaders()}
        declared = found.get("content-length", "")
        if declared.isdigit() and int(declared) > cap:
            raise FetchError(f"the page is larger than the limit of {cap:,} bytes")
        chunks, size = [], 0
        if reply.status not in REDIRECTS:
            while chunk := reply.read(CHUNK):
                size += len(chunk)
                if size > cap:
                    raise FetchError(f"the page is larger than the limit of {cap:,} bytes")
                chunks.append(chunk)
        return Response(url, url, reply.status, found, b"".join(chunks), 0.0)
    except TimeoutError as exc:
        raise FetchError(f"the server did not answer: timed out after {timeout:g} s") from exc
    except (OSError, http.client.HTTPException) as exc:
        raise FetchError(_connection_failure(exc)) from exc
    finally:
        conn.close()


def _status(code: int) -> str:
    """``HTTP 404 (Not Found)``."""
    try:
        return f"HTTP {code} ({http.HTTPStatus(code).phrase})"
    except ValueError:
        return f"HTTP {code}"


def _connection_failure(exc: Exception) -> str:
    """Why a connection failed, in words rather than an errno."""
    if isinstance(exc, ConnectionRefusedError):
        return "the server refused the connection (nothing answers at that address)"
    if isinstance(exc, (ConnectionResetError, http.client.RemoteDisconnected)):
        return "the server closed the connection without answering"
    if isinstance(exc, ssl.SSLCertVerificationError):
        return "the site's security certificate could not be verified"
    if isinstance(exc, ssl.SSLError):
        return "the secure (https) connection could not be made"
    if isinstance(exc, http.client.HTTPException):
        return "the server's answer was not valid HTTP"
    reason = getattr(exc, "strerror", None) or "the network failed"
    return f"the connection failed: {reason[0].lower()}{reason[1:]}"
