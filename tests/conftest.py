"""Shared fixtures. Tests that need a real service skip when it is missing on a developer's
machine, and fail when it is missing in CI (CI=true) or with ONRECORD_REQUIRE_SERVICES=1."""

import datetime as dt
import os
import time
from pathlib import Path

import pytest
import redis

# Django is imported inside the fixtures that need it: the extractor's tests run without it
# (pytest tests/extraction -p no:django).
REPO = Path(__file__).resolve().parent.parent
SEEDS = REPO / "seeds"
SHARED = REPO.parent / "shared"
SERVICES_REQUIRED = (
    os.environ.get("CI", "").lower() in ("1", "true", "yes")
    or os.environ.get("ONRECORD_REQUIRE_SERVICES") == "1"
)
TEST_BROKER_URL = os.environ.get("CELERY_BROKER_URL") or "redis://127.0.0.1:6379/15"


def service_missing(reason: str) -> None:
    """Skip locally; fail where the services are required."""
    if SERVICES_REQUIRED:
        pytest.fail(f"{reason} - the real services are required here", pytrace=False)
    pytest.skip(reason)


@pytest.fixture
def redis_url() -> str:
    """The broker URL of a reachable Redis."""
    try:
        redis.Redis.from_url(TEST_BROKER_URL, socket_connect_timeout=2).ping()
    except redis.RedisError as exc:
        service_missing(f"Redis is not reachable at {TEST_BROKER_URL}: {exc}")
    return TEST_BROKER_URL


# The counting windows of the throttles and budgets (the export window, the failed-token window,
# a minute), longest first: each is a whole number of the next.
COUNTING_WINDOWS = (3600, 900, 60)
# How long a test that counts may take, at most, without crossing into the next window.
WINDOW_MARGIN = 5.0


@pytest.fixture
def clear_of_window_edges() -> None:
    """Start the test at least :data:`WINDOW_MARGIN` seconds before the next window of every
    length in :data:`COUNTING_WINDOWS`. Counters are kept per window, so requests that straddle
    the start of a minute are counted under two keys, and a test that reads the keys or their
    totals fails (as it did in CI)."""
    for window in COUNTING_WINDOWS:
        left = window - time.time() % window
        if left < WINDOW_MARGIN:
            time.sleep(left + 0.05)


@pytest.fixture
def redis_cache(redis_url, settings):
    """The default cache on a Redis database of its own, emptied."""
    cache_url = redis_url.rsplit("/", 1)[0] + "/13"
    settings.CACHES = {"default": {"BACKEND": "api.cache.RedisCache", "LOCATION": cache_url}}
    server = redis.Redis.from_url(cache_url)
    server.flushdb()
    yield server
    server.flushdb()


@pytest.fixture
def locmem_cache(settings):
    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "t"}
    }


@pytest.fixture
def dead_redis_cache(settings):
    """The default cache on a Redis port nothing listens on (Redis down)."""
    settings.CACHES = {
        "default": {"BACKEND": "api.cache.RedisCache", "LOCATION": "redis://127.0.0.1:1/0"}
    }


@pytest.fixture
def postgres(db) -> None:
    """The test database is PostgreSQL."""
    from django.db import connection

    if connection.vendor != "postgresql":
        service_missing(
            f"needs PostgreSQL, the test database is {connection.vendor} (set DATABASE_URL)"
        )


@pytest.fixture
def seeds(django_capture_on_commit_callbacks) -> None:
    """Both seed articles ingested and extracted, titled by their file names."""
    from articles.services import article_ingest

    with django_capture_on_commit_callbacks(execute=True):
        for path in sorted(SEEDS.glob("*.txt")):
            article_ingest(text=path.read_text(encoding="utf-8"), title=path.stem)


@pytest.fixture
def seed_text() -> str:
    return (SEEDS / "000_e22fc656f51a6888.txt").read_text(encoding="utf-8")


@pytest.fixture
def bbc_seed_text() -> str:
    return (SEEDS / "004_7927713eab849ea4.txt").read_text(encoding="utf-8")


# Three articles reporting one statement (issue 13): in quotation marks, in paraphrase, and in
# quotation marks with one word changed.
THREE_REPORTS = [
    (
        "Reuters",
        dt.date(2024, 3, 4),
        'Defence Minister Anna Berg said on Monday: "These drills are purely defensive and'
        ' threaten no one." The exercises began at dawn near the border.',
    ),
    (
        "BBC",
        dt.date(2024, 3, 4),
        "Anna Berg, the defence minister, said the drills were purely defensive and threatened"
        " no one. Neighbouring states asked for talks.",
    ),
    (
        "Daily Courier",
        dt.date(2024, 3, 5),
        'Defence Minister Anna Berg said: "These drills are entirely defensive and threaten no'
        ' one." Critics were not convinced.',
    ),
]


@pytest.fixture
def three_reports(django_capture_on_commit_callbacks):
    """The three articles ingested and extracted: Anna Berg's three statements about drills."""
    from articles.services import article_ingest
    from claims.models import Quote

    with django_capture_on_commit_callbacks(execute=True):
        for outlet, day, text in THREE_REPORTS:
            article_ingest(text=text, title=f"Drills ({outlet})", outlet=outlet, published_on=day)
    return Quote.objects.filter(speaker__name="Anna Berg", text__icontains="defensive")


@pytest.fixture
def verdicts_published_at_once(settings):
    """A desk without second review (VERDICT_APPROVAL off): a fact-checker's verdict is
    published as it is set. The tests of what a published verdict does (history, versions,
    ClaimReview, the pages) use it; tests/claims/test_review.py tests the default."""
    settings.VERDICT_APPROVAL = False
