"""Ingest by URL: fetched in the task, guarded against private addresses, kept for provenance."""

import socket
import threading
import time

import pytest
from django.core.exceptions import ValidationError

from articles.fetch import FetchRefused, fetch
from articles.models import Article, Fetch
from articles.services import article_fetch, article_ingest, article_requeue
from tests.conftest import REPO

pytestmark = pytest.mark.django_db

PAGE = (REPO / "tests" / "fixtures" / "page.html").read_bytes()


def ingest_url(capture, url: str) -> Article:
    with capture(execute=True):
        article, _ = article_ingest(url=url)
    article.refresh_from_db()
    return article


@pytest.mark.parametrize(
    "url",
    [
        "http://localhost/",
        "http://127.0.0.1/",
        "http://10.0.0.1/",
        "http://192.168.1.1/admin",
        "http://169.254.169.254/latest/meta-data/",
        "http://[::1]/",
        "http://[::ffff:127.0.0.1]/",
        "http://[64:ff9b::7f00:1]/",  # NAT64 of 127.0.0.1
        "http://[64:ff9b:1::a00:1]/",  # local-use NAT64 of 10.0.0.1
        "http://[2002:7f00:1::]/",  # 6to4 of 127.0.0.1
        "http://[::127.0.0.1]/",  # IPv4-compatible form of 127.0.0.1
        "http://[::a9fe:a9fe]/",  # ... and of 169.254.169.254
        "http://0.0.0.0/",
        "http://2130706433/",  # 127.0.0.1 written as a number
        "http://100.64.0.1/",  # carrier-grade NAT
        "ftp://example.com/file",
        "file:///etc/passwd",
        "gopher://example.com/",
        "http://user:secret@example.com/",
    ],
)
def test_the_guard_refuses_private_addresses_and_other_schemes(url):
    with pytest.raises(FetchRefused):
        fetch(url)


def test_a_local_server_not_exempted_is_never_contacted(site, settings):
    settings.FETCH_ALLOWED_HOSTS = []
    url = site.page("/story.html", PAGE)
    with pytest.raises(FetchRefused, match="private, loopback or link-local"):
        fetch(url)
    assert site.requests == []


def test_an_article_ingested_by_url_is_fetched_extracted_and_its_response_kept(
    site, django_capture_on_commit_callbacks
):
    url = site.page("/story.html", PAGE, ETag='"v1"')
    article = ingest_url(django_capture_on_commit_callbacks, url)

    assert article.status == Article.Status.DONE, article.error
    assert article.url == url and article.title == "Putin says drills are defensive"
    assert article.outlet == "The Daily Example"
    assert article.raw_text == PAGE.decode("utf-8")
    assert "injected" not in article.body and "Troops at a base" in article.captions
    assert article.quotes.filter(speaker__name="Vladimir Putin").exists()
    fetched = article.fetches.get()
    assert fetched.status_code == 200 and bytes(fetched.content) == PAGE
    assert fetched.headers["etag"] == '"v1"' and fetched.final_url == url
    assert site.requests[0][1]["User-Agent"].startswith("OnRecord/")


def test_the_same_url_twice_is_one_article_and_one_fetch(site, django_capture_on_commit_callbacks):
    url = site.page("/story.html", PAGE)
    first = ingest_url(django_capture_on_commit_callbacks, url)
    again, created = article_ingest(url=url)
    assert not created and again.pk == first.pk
    assert site.paths() == ["/story.html"]


def test_redirects_are_followed_on_the_same_host(site, django_capture_on_commit_callbacks):
    site.page("/story.html", PAGE)
    article = ingest_url(django_capture_on_commit_callbacks, site.redirect("/moved", "/story.html"))
    assert article.status == Article.Status.DONE
    assert article.fetches.get().final_url == site.url("/story.html")


@pytest.mark.parametrize(
    "location",
    [
        "http://localhost:{port}/story.html",  # the same server by a name not exempted
        "http://169.254.169.254/latest/meta-data/",
        "http://10.1.2.3/",
        "file:///etc/passwd",
    ],
)
def test_a_redirect_to_a_private_address_is_refused(
    site, django_capture_on_commit_callbacks, location
):
    site.page("/story.html", PAGE)
    url = site.redirect("/go", location.format(port=site.port))
    article = ingest_url(django_capture_on_commit_callbacks, url)
    assert article.status == Article.Status.FAILED
    assert article.error.startswith("Fetch failed: ")
    assert site.paths() == ["/go"]
    assert article.fetches.get().error
    assert article.url == url  # nothing lost: the article and its URL stay


def test_a_page_over_the_size_cap_fails_with_the_reason(
    site, settings, django_capture_on_commit_callbacks
):
    settings.FETCH_MAX_BYTES = 10_000
    url = site.page("/big.html", b"<p>" + b"word " * 5000 + b"</p>")
    article = ingest_url(django_capture_on_commit_callbacks, url)
    assert article.status == Article.Status.FAILED
    assert "larger than the limit of 10,000 bytes" in article.error


def test_a_slow_server_times_out(site, django_capture_on_commit_callbacks):
    site.page("/slow", PAGE)
    article = ingest_url(django_capture_on_commit_callbacks, site.url("/slow"))
    assert article.status == Article.Status.FAILED and "timed out after 1 s" in article.error


def test_a_missing_page_fails_and_is_fetched_again_when_requeued(
    site, django_capture_on_commit_callbacks
):
    url = site.url("/later.html")
    article = ingest_url(django_capture_on_commit_callbacks, url)
    assert article.status == Article.Status.FAILED and "HTTP 404" in article.error

    site.page("/later.html", PAGE)
    with django_capture_on_commit_callbacks(execute=True):
        article_requeue(article=article)
    article.refresh_from_db()
    assert article.status == Article.Status.DONE and article.error == ""
    assert article.fetches.count() == 2


def test_a_page_whose_text_is_already_an_article_is_a_duplicate_of_it(
    site, django_capture_on_commit_callbacks
):
    first = ingest_url(django_capture_on_commit_callbacks, site.page("/story.html", PAGE))
    copy = ingest_url(django_capture_on_commit_callbacks, site.page("/syndicated.html", PAGE))
    assert copy.status == Article.Status.DUPLICATE and copy.duplicate_of == first
    assert copy.body == first.body and copy.content_hash is None
    assert not copy.quotes.exists()
    with pytest.raises(ValidationError, match="duplicate of article"):
        article_requeue(article=copy)


def test_plain_text_and_odd_responses(site, django_capture_on_commit_callbacks):
    text = "The minister said the plan would work. “It is ready,” she said on Monday."
    plain = site.page("/note.txt", text.encode("cp1252"), Content_Type="text/plain")
    article = ingest_url(django_capture_on_commit_callbacks, plain)
    assert article.status == Article.Status.DONE and article.body == text

    binary = site.page("/image", bytes(range(256)) * 40, Content_Type="image/png")
    article = ingest_url(django_capture_on_commit_callbacks, binary)
    assert article.status == Article.Status.FAILED and "not text" in article.error

    empty = site.page("/empty.html", "<html><body><script>x()</script></body></html>")
    article = ingest_url(django_capture_on_commit_callbacks, empty)
    assert article.status == Article.Status.FAILED and "no article text" in article.error


def test_an_unfetchable_url_is_refused_at_ingest():
    with pytest.raises(ValidationError, match="only http and https"):
        article_ingest(url="javascript:alert(1)")
    assert not Article.objects.exists() and not Fetch.objects.exists()


class Dribbler:
    """A server on 127.0.0.1 that answers every request one byte a second (``head`` at once,
    then ``drip`` byte by byte) until the client hangs up, or for ``LIMIT`` seconds, so that
    a fetch with no deadline fails its test instead of hanging it."""

    LIMIT = 12

    def __init__(self, head: bytes, drip: bytes = b"x"):
        self.head, self.drip = head, drip
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.port = self.listener.getsockname()[1]
        self.stop = threading.Event()
        threading.Thread(target=self.serve, daemon=True).start()

    def serve(self) -> None:
        self.listener.settimeout(0.2)
        while not self.stop.is_set():
            try:
                conn, _ = self.listener.accept()
            except TimeoutError:
                continue
            except OSError:  # closed
                return
            threading.Thread(target=self.answer, args=(conn,), daemon=True).start()

    def answer(self, conn: socket.socket) -> None:
        with conn:
            conn.recv(65536)
            try:
                for byte in [self.head[i : i + 1] for i in range(len(self.head))]:
                    conn.sendall(byte)
                for _ in range(self.LIMIT):
                    if self.stop.wait(1.0):
                        break
                    conn.sendall(self.drip)
            except OSError:  # the client gave up
                pass

    def close(self) -> None:
        self.stop.set()
        self.listener.close()


@pytest.mark.parametrize(
    "head",
    [
        pytest.param(b"HTTP/1.1 200 OK\r\nX-Slow: ", id="headers"),
        pytest.param(
            b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: 100000\r\n\r\n<p>",
            id="body",
        ),
    ],
)
def test_a_page_sent_a_byte_a_second_fails_at_the_deadline_and_is_recorded(settings, head):
    server = Dribbler(head)
    host = f"127.0.0.1:{server.port}"
    settings.FETCH_ALLOWED_HOSTS = [host]
    settings.FETCH_TIMEOUT = 2  # no single wait is longer than this: only the deadline ends it
    settings.FETCH_DEADLINE = 3
    article, _ = article_ingest(url=f"http://{host}/drip")
    started = time.monotonic()
    try:
        status = article_fetch(article_id=article.pk)
    finally:
        server.close()
    elapsed = time.monotonic() - started

    assert elapsed < 5, f"the fetch went on for {elapsed:.1f} s"
    assert status == Article.Status.FAILED
    article.refresh_from_db()
    assert "took longer than 3 s" in article.error
    (record,) = Fetch.objects.filter(article=article)
    assert "took longer than 3 s" in record.error and record.status_code is None


def test_a_fetch_stopped_by_the_task_time_limit_is_recorded_and_fails(site, monkeypatch):
    from celery.exceptions import SoftTimeLimitExceeded

    from articles.services import fetching
    from articles.tasks import article_fetch_task

    def fetch(url, **kwargs):
        raise SoftTimeLimitExceeded()

    monkeypatch.setattr(fetching, "fetch", fetch)
    article, _ = article_ingest(url=site.page("/stuck", PAGE))
    assert article_fetch_task(article.pk) == Article.Status.FAILED
    article.refresh_from_db()
    assert "time limit" in article.error
    assert "time limit" in Fetch.objects.get(article=article).error


def test_a_fetch_that_fails_says_why_in_words(site, settings, django_capture_on_commit_callbacks):
    """Issue 16, item 7: "the address could not be found", not "[Errno -2] Name or service
    not known"; the Fetch record says the same."""
    article = ingest_url(django_capture_on_commit_callbacks, "http://no-such-host.invalid/story")
    assert article.status == Article.Status.FAILED
    assert article.error == (
        "Fetch failed: the address could not be found: no server is named no-such-host.invalid"
    )
    assert article.fetches.get().error == article.error.removeprefix("Fetch failed: ")

    with socket.socket() as closed:  # a port nothing listens on
        closed.bind(("127.0.0.1", 0))
        port = closed.getsockname()[1]
    settings.FETCH_ALLOWED_HOSTS = [site.host, f"127.0.0.1:{port}"]
    refused = ingest_url(django_capture_on_commit_callbacks, f"http://127.0.0.1:{port}/story")
    assert refused.error == (
        "Fetch failed: the server refused the connection (nothing answers at that address)"
    )
    missing = ingest_url(django_capture_on_commit_callbacks, site.url("/gone.html"))
    assert missing.error == (
        f"Fetch failed: the server answered HTTP 404 (Not Found) for {site.url('/gone.html')}"
    )
    for failed in (article, refused, missing):
        assert "Errno" not in failed.error
