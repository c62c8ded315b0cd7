"""The OpenAPI schema is valid, documented, and the API keeps to it (schemathesis)."""

import pytest
import redis
from django.core.management import call_command
from rest_framework.throttling import AnonRateThrottle

pytestmark = pytest.mark.django_db


def test_the_schema_validates_without_warnings(tmp_path):
    out = tmp_path / "schema.yaml"
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(out))
    schema = out.read_text()
    for path in ("/api/v1/quotes/", "/api/v1/claims/{id}/verdict/", "/api/v1/articles/"):
        assert f"  {path}:" in schema


def test_schema_and_docs_are_served(anonymous):
    assert anonymous.get("/api/schema/").status_code == 200
    docs = anonymous.get("/api/docs/")
    assert docs.status_code == 200 and b"swagger-ui" in docs.content


def test_throttling_counts_requests_in_redis(anonymous, redis_url, settings, monkeypatch):
    cache_url = redis_url.rsplit("/", 1)[0] + "/13"
    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": cache_url}
    }
    redis.Redis.from_url(cache_url).flushdb()
    monkeypatch.setattr(AnonRateThrottle, "THROTTLE_RATES", {"anon": "3/minute"})
    statuses = [anonymous.get("/api/v1/quotes/").status_code for _ in range(4)]
    assert statuses == [200, 200, 200, 429]
    assert redis.Redis.from_url(cache_url).keys("*throttle_anon*")
