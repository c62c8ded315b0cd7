"""The site's pages are throttled like the API (api.throttling.PageThrottleMiddleware):
anonymous visitors by address, signed-in users by user, a 429 page with Retry-After; the
health check, static files and the API (throttled by DRF) are not counted."""

import pytest
from django.test import Client

from tests.factories import signed_in

# the tests count requests in windows: none may straddle the start of one
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("clear_of_window_edges")]


def test_anonymous_visitors_are_throttled_by_address_with_a_429_page(client, redis_cache, settings):
    settings.PAGE_THROTTLE_ANON = "3/minute"
    responses = [client.get(url) for url in ("/", "/articles/", "/speakers/", "/search/")]
    assert [r.status_code for r in responses] == [200, 200, 200, 429]
    refused = responses[-1]
    assert 0 < int(refused["Retry-After"]) <= 90
    page = refused.content.decode()
    assert "<h1>Too many requests</h1>" in page and refused["Content-Type"].startswith("text/html")
    assert f"Try again in {refused['Retry-After']} second" in page
    # another address has its own allowance; what X-Forwarded-For says does not count
    assert client.get("/", REMOTE_ADDR="192.0.2.7").status_code == 200
    assert client.get("/", HTTP_X_FORWARDED_FOR="192.0.2.8").status_code == 429
    keys = {k.decode(): int(redis_cache.get(k)) for k in redis_cache.keys("*throttle_page_anon*")}
    assert sorted(keys.values()) == [1, 5]  # refused requests counted too


def test_signed_in_users_are_throttled_by_user(client, redis_cache, settings):
    settings.PAGE_THROTTLE_USER = "2/minute"
    signed_in(client)
    assert [client.get("/articles/").status_code for _ in range(3)] == [200, 200, 429]
    other = Client()
    signed_in(other)  # the same address, another user
    assert other.get("/articles/").status_code == 200
    assert Client().get("/articles/").status_code == 200  # anonymous: the anonymous rate
    assert len(redis_cache.keys("*throttle_page_user*")) == 2


def test_health_static_files_and_the_api_are_not_counted_as_pages(redis_cache, settings):
    settings.PAGE_THROTTLE_ANON = "1/minute"
    # static files as production serves them: WhiteNoise, before any view
    settings.MIDDLEWARE = [
        settings.MIDDLEWARE[0],
        "whitenoise.middleware.WhiteNoiseMiddleware",
        *settings.MIDDLEWARE[1:],
    ]
    settings.WHITENOISE_USE_FINDERS = True
    settings.STATIC_ROOT = None
    client = Client()
    for _ in range(3):
        assert client.get("/healthz").status_code == 200
        assert client.get("/api/v1/quotes/").status_code == 200
        assert client.get("/api/docs/").status_code == 200
        css = client.get("/static/drf_spectacular_sidecar/swagger-ui-dist/swagger-ui.css")
        assert css.status_code == 200
    assert redis_cache.keys("*throttle_page*") == []
    assert [client.get("/").status_code for _ in range(2)] == [200, 429]


def test_static_files_served_by_django_are_not_counted_either(client, redis_cache, settings):
    settings.PAGE_THROTTLE_ANON = "1/minute"
    for _ in range(3):
        assert client.get("/static/nothing-here.css").status_code == 404
    assert redis_cache.keys("*throttle_page*") == []


def test_with_the_cache_down_pages_are_served_uncounted(client, dead_redis_cache, settings, caplog):
    settings.PAGE_THROTTLE_ANON = "1/minute"
    with caplog.at_level("WARNING", logger="api.throttling"):
        assert [client.get("/").status_code for _ in range(3)] == [200, 200, 200]
    assert "not counted" in caplog.text
