"""With the database unreachable, pages answer a 503 "temporarily unavailable" page and the
API a JSON 503, both with Retry-After; /healthz reports each dependency (database, broker,
cache) and answers 503 only when the database is down, within its bounded waits whatever
is down. The database is taken down for the test's thread only: its connection is swapped
for one to a closed port (the shared PostgreSQL keeps running)."""

import copy
import socket
import time
from contextlib import contextmanager

import pytest
from django.db import connections
from django.test import Client
from rest_framework.test import APIClient

from api.permissions import EDITORS
from api.services import api_token_create
from tests.factories import QuoteFactory, UserFactory, member
from web.health import DEADLINE

pytestmark = pytest.mark.django_db

PAGES = ["/", "/articles/", "/speakers/", "/claims/", "/search/?q=plan", "/claims/1/"]
API_READS = ["/api/v1/quotes/", "/api/v1/articles/1/", "/api/v1/claim-events/", "/api/v1/claims/"]


@contextmanager
def database_at(**where):
    """The default database, for this thread, at another address (``HOST``, ``PORT``; on
    SQLite a file that cannot be opened)."""
    up = connections["default"]
    settings_dict = copy.deepcopy(up.settings_dict)
    if up.vendor == "sqlite":
        settings_dict["NAME"] = "/nonexistent/onrecord.sqlite3"
    else:
        settings_dict.update(where)
    elsewhere = type(up)(settings_dict, "default")
    connections["default"] = elsewhere
    try:
        yield
    finally:
        elsewhere.close()
        connections["default"] = up


def database_down():
    return database_at(HOST="127.0.0.1", PORT="1")  # nothing listens on port 1


@pytest.fixture
def silent_port():
    """A port that accepts connections and never answers (a server that hangs)."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(64)
    yield listener.getsockname()[1]
    listener.close()


def assert_unavailable_page(response, url):
    assert response.status_code == 503, url
    assert response["Retry-After"] == "30", url
    assert response["Content-Type"].startswith("text/html"), url
    html = response.content.decode()
    assert "Temporarily unavailable" in html and "try again in 30 seconds" in html, url


def assert_unavailable_json(response, url):
    assert response.status_code == 503, url
    assert response["Retry-After"] == "30", url
    assert response["Content-Type"] == "application/json", url
    assert "temporarily unavailable" in response.json()["detail"], url


def test_with_the_database_down_pages_answer_a_503_page_with_retry_after():
    client = Client(raise_request_exception=False)
    with database_down():
        for url in PAGES:
            assert_unavailable_page(client.get(url), url)
        signing_in = client.post("/accounts/login/", {"username": "a", "password": "b"})
        assert_unavailable_page(signing_in, "/accounts/login/")


def test_with_the_database_down_a_signed_in_editor_gets_the_503_page_too():
    # the session is read from the database by the middleware, before any view
    client = Client(raise_request_exception=False)
    client.force_login(member(EDITORS))
    with database_down():
        for url in ["/", "/ingest/", "/admin/"]:
            assert_unavailable_page(client.get(url), url)


def test_with_the_database_down_the_api_answers_json_503_with_retry_after():
    anonymous = APIClient(raise_request_exception=False)
    _, key = api_token_create(user=UserFactory(), name="tests")
    with_token = APIClient(raise_request_exception=False)
    with_token.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    signed_in = APIClient(raise_request_exception=False)
    signed_in.force_login(UserFactory())
    with database_down():
        for client in (anonymous, with_token, signed_in):
            for url in API_READS:
                assert_unavailable_json(client.get(url), url)
        posted = with_token.post("/api/v1/articles/", {"text": "x"}, format="json")
        assert_unavailable_json(posted, "POST /api/v1/articles/")


def test_other_server_errors_are_still_500(monkeypatch):
    from claims import api

    def broken(*args, **kwargs):
        raise ValueError("a bug")

    monkeypatch.setattr(api.QuoteViewSet, "get_queryset", broken)
    response = APIClient(raise_request_exception=False).get("/api/v1/quotes/")
    assert response.status_code == 500 and "Retry-After" not in response


def test_healthz_reports_each_dependency():
    QuoteFactory()
    response = Client().get("/healthz")
    assert response.status_code == 200
    assert response["Cache-Control"].startswith("max-age=0")
    report = response.json()
    assert report["status"] == "ok"
    checks = report["checks"]
    assert checks["database"]["status"] == "ok" and checks["database"]["required"] is True
    # tests run tasks in the web process: no broker
    assert checks["broker"]["status"] == "off" and checks["broker"]["required"] is False
    assert checks["cache"]["status"] == "ok" and checks["cache"]["required"] is False
    assert all(isinstance(c["ms"], float) for c in checks.values())


def test_healthz_with_the_database_down_is_503_naming_it():
    with database_down():
        response = Client().get("/healthz")
    assert response.status_code == 503
    report = response.json()
    assert report["status"] == "down"
    database = report["checks"]["database"]
    assert database["status"] == "down" and "OperationalError" in database["error"]
    assert report["checks"]["cache"]["status"] == "ok"


def test_with_broker_and_cache_down_healthz_is_200_degraded_and_the_site_works(
    settings, dead_redis_cache, redis_url
):
    settings.CELERY_TASK_ALWAYS_EAGER = False
    settings.CELERY_BROKER_URL = "redis://127.0.0.1:1/0"
    client = Client()
    response = client.get("/healthz")
    assert response.status_code == 200
    report = response.json()
    assert report["status"] == "degraded" and report["checks"]["database"]["status"] == "ok"
    for name in ("broker", "cache"):
        assert report["checks"][name]["status"] == "down", name
        assert "refused" in report["checks"][name]["error"].lower(), name
    # pages and API reads do not need them (throttles fail open)
    quote = QuoteFactory()
    assert client.get(f"/articles/{quote.article_id}/").status_code == 200
    assert APIClient().get("/api/v1/quotes/").status_code == 200
    # and with the broker back it is ok
    settings.CELERY_BROKER_URL = redis_url
    assert client.get("/healthz").json()["checks"]["broker"]["status"] == "ok"


def test_healthz_answers_in_bounded_time_when_nothing_answers(settings, silent_port):
    """Database, broker and cache all accept connections and never answer."""
    settings.CELERY_TASK_ALWAYS_EAGER = False
    settings.CELERY_BROKER_URL = f"redis://127.0.0.1:{silent_port}/0"
    settings.CACHES = {
        "default": {
            "BACKEND": "api.cache.RedisCache",
            "LOCATION": f"redis://127.0.0.1:{silent_port}/0",
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
        }
    }
    started = time.monotonic()
    with database_at(HOST="127.0.0.1", PORT=str(silent_port)):
        response = Client().get("/healthz")
    took = time.monotonic() - started
    assert response.status_code == 503
    assert {c["status"] for c in response.json()["checks"].values()} == {"down"}
    assert took < DEADLINE + 1, took
