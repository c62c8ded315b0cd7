"""Throttling: sliding-window counters in the shared cache (Redis in CI and deployments,
local memory on the embedded defaults)."""

import pytest
from django.core.cache import caches

from api.cache import RedisCache
from api.throttling import (
    AnonRateThrottle,
    FailureLimit,
    UserRateThrottle,
    WindowRateThrottle,
)

# the tests count requests and rows in windows: none may straddle the start of one
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("clear_of_window_edges")]


def test_anonymous_clients_are_counted_in_redis(anonymous, redis_cache, monkeypatch):
    monkeypatch.setattr(AnonRateThrottle, "THROTTLE_RATES", {"anon": "3/minute"})
    responses = [anonymous.get("/api/v1/quotes/") for _ in range(4)]
    assert [r.status_code for r in responses] == [200, 200, 200, 429]
    # the rest of this minute, then until 4 × (1 − x) + 1 ≤ 3 in the next: at most 90 s
    assert 0 < int(responses[-1]["Retry-After"]) <= 90
    assert "throttled" in responses[-1].json()["detail"].lower()
    (key,) = redis_cache.keys("*throttle_anon*")
    assert int(redis_cache.get(key)) == 4  # one counter, refused requests counted too
    assert 60 < redis_cache.ttl(key) <= 120


def test_each_user_has_its_own_allowance(reader, editor, anonymous, redis_cache, monkeypatch):
    monkeypatch.setattr(UserRateThrottle, "THROTTLE_RATES", {"user": "2/minute"})
    assert [reader.get("/api/v1/quotes/").status_code for _ in range(3)] == [200, 200, 429]
    assert editor.get("/api/v1/quotes/").status_code == 200
    assert anonymous.get("/api/v1/quotes/").status_code == 200  # the anonymous rate applies
    assert len(redis_cache.keys("*throttle_user*")) == 2


def test_local_memory_cache_works_too(anonymous, locmem_cache, monkeypatch):
    monkeypatch.setattr(AnonRateThrottle, "THROTTLE_RATES", {"anon": "2/minute"})
    assert [anonymous.get("/api/v1/quotes/").status_code for _ in range(3)] == [200, 200, 429]


class Clock:
    def __init__(self, now: float):
        self.now = now

    def __call__(self) -> float:
        return self.now


@pytest.mark.parametrize("backend", ["redis_cache", "locmem_cache"])
def test_the_previous_window_counts_for_what_is_left_of_it(backend, request, rf, monkeypatch):
    request.getfixturevalue(backend)
    clock = Clock(6000.0)  # the start of a minute (window 100)

    class TenAMinute(WindowRateThrottle):
        rate = "10/minute"
        timer = clock

        def get_cache_key(self, request, view):
            return "throttle_test_client"

    def ask() -> tuple[bool, float]:
        throttle = TenAMinute()
        return throttle.allow_request(rf.get("/"), None), throttle.wait()

    assert all(ask()[0] for _ in range(10))
    allowed, wait = ask()
    # this window is full (11 counted): in the next one, 11 × (1 − x) + 1 ≤ 10 once x ≥ 2/11
    assert not allowed and wait == pytest.approx(60 + 2 / 11 * 60)
    clock.now = 6000.0 + 60 + 30  # halfway through the next window: 11 × 0.5 counted
    assert [ask()[0] for _ in range(5)] == [True] * 4 + [False]
    allowed, wait = ask()  # 6 counted here: 11 × (1 − x) + 7 ≤ 10 once x ≥ 8/11
    assert not allowed and wait == pytest.approx((8 / 11 - 0.5) * 60)
    clock.now = 6000.0 + 120 + 59  # two windows on: the first one no longer counts
    assert ask() == (True, 0.0)


def test_the_redis_cache_shares_one_client_per_server(redis_cache):
    cache = caches["default"]
    assert isinstance(cache, RedisCache)
    cache.set("answer", {"value": 42}, 30)
    assert cache.get("answer") == {"value": 42}
    client = cache._cache.get_client("answer")
    assert cache._cache.get_client("other", write=True) is client
    assert cache.script("return 1", cache.make_and_validate_key("x")) is cache.script(
        "return 1", cache.make_and_validate_key("y")
    )


def test_with_the_cache_down_the_throttle_fails_open_and_ingest_still_queues(
    dead_redis_cache, editor, anonymous, caplog
):
    from articles.models import Article

    with caplog.at_level("WARNING", logger="api.throttling"):
        read = anonymous.get("/api/v1/quotes/")
        ingest = editor.post(
            "/api/v1/articles/", {"text": "The minister said it was ready."}, format="json"
        )
    assert read.status_code == 200
    assert ingest.status_code == 202, ingest.content
    assert Article.objects.get(pk=ingest.json()["id"]).status == Article.Status.QUEUED
    assert "throttle" in caplog.text and "not counted" in caplog.text


def test_a_client_cannot_pick_its_address_with_x_forwarded_for(anonymous, redis_cache, monkeypatch):
    """With no proxy of ours in front (NUM_PROXIES=0, the default), the header is ignored:
    rotating it does not reset the count, and naming a victim's address does not spend the
    victim's allowance."""
    monkeypatch.setattr(AnonRateThrottle, "THROTTLE_RATES", {"anon": "3/minute"})
    codes = [
        anonymous.get("/api/v1/quotes/", HTTP_X_FORWARDED_FOR=f"10.0.0.{n}").status_code
        for n in range(4)
    ]
    assert codes == [200, 200, 200, 429]
    victim = anonymous.get("/api/v1/quotes/", REMOTE_ADDR="192.0.2.7")
    assert victim.status_code == 200
    (key,) = [k for k in redis_cache.keys("*throttle_anon*") if b"192.0.2.7" in k]
    assert int(redis_cache.get(key)) == 1


def test_behind_our_proxy_the_address_it_appended_counts(
    anonymous, redis_cache, monkeypatch, settings
):
    """NUM_PROXIES=1 (the compose stack's nginx): the last X-Forwarded-For address, the one
    our proxy appended, is the client; what the client wrote before it is not."""
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "NUM_PROXIES": 1}
    monkeypatch.setattr(AnonRateThrottle, "THROTTLE_RATES", {"anon": "2/minute"})
    codes = [
        anonymous.get(
            "/api/v1/quotes/", HTTP_X_FORWARDED_FOR=f"10.0.0.{n}, 198.51.100.9"
        ).status_code
        for n in range(3)
    ]
    assert codes == [200, 200, 429]
    assert any(b"198.51.100.9" in k for k in redis_cache.keys("*throttle_anon*"))


def test_invalid_tokens_are_throttled_by_address_and_valid_ones_still_work(
    anonymous, reader, redis_cache, settings
):
    """Failed token authentications are counted per address (as the throttles name it:
    X-Forwarded-For is not believed with NUM_PROXIES=0); past the limit further bad tokens
    get 429, while a good token from the same address is neither refused nor counted."""
    settings.AUTH_FAILURE_LIMIT = 3
    anonymous.credentials(HTTP_AUTHORIZATION="Token not-a-real-key")
    responses = [
        anonymous.get(
            "/api/v1/quotes/", REMOTE_ADDR="192.0.2.7", HTTP_X_FORWARDED_FOR=f"10.0.0.{n}"
        )
        for n in range(5)
    ]
    assert [r.status_code for r in responses] == [401, 401, 401, 429, 429]
    assert 0 < int(responses[-1]["Retry-After"]) <= 2 * settings.AUTH_FAILURE_WINDOW
    assert "invalid tokens" in responses[-1].json()["detail"]
    assert reader.get("/api/v1/quotes/", REMOTE_ADDR="192.0.2.7").status_code == 200
    assert anonymous.get("/api/v1/quotes/", REMOTE_ADDR="192.0.2.8").status_code == 401
    (key,) = [k for k in redis_cache.keys("*failures_api_token*") if b"192.0.2.7" in k]
    assert int(redis_cache.get(key)) == 5  # refused ones counted too: hammering stays refused


def test_with_the_cache_down_invalid_tokens_are_refused_uncounted(
    dead_redis_cache, reader, anonymous, settings, caplog
):
    settings.AUTH_FAILURE_LIMIT = 1
    anonymous.credentials(HTTP_AUTHORIZATION="Token not-a-real-key")
    with caplog.at_level("WARNING", logger="api.throttling"):
        codes = [anonymous.get("/api/v1/quotes/").status_code for _ in range(3)]
    assert codes == [401, 401, 401]
    assert reader.get("/api/v1/quotes/").status_code == 200
    assert "failure not counted" in caplog.text


@pytest.mark.parametrize("backend", ["redis_cache", "locmem_cache"])
def test_failures_count_in_sliding_windows_and_clearing_forgets_them(backend, request):
    request.getfixturevalue(backend)
    clock = Clock(6000.0)  # the start of a minute (window 100)
    failures = FailureLimit("test", limit=3, window=60, timer=clock)
    assert failures.wait("a") == 0
    # the third failure fills the window: in the next one, 3 × (1 − x) + 1 ≤ 3 once x ≥ 1/3
    assert [failures.fail("a") for _ in range(3)] == [
        (True, 0),
        (True, 0),
        (True, pytest.approx(60 + 20)),
    ]
    assert failures.wait("a") == pytest.approx(80)
    assert failures.wait("b") == 0  # another user name or address
    clock.now = 6000.0 + 60 + 30  # halfway through the next window: 3 × 0.5 counted
    assert failures.wait("a") == 0
    # 1.5 + 1 counted: one more fits once 3 × (1 − x) + 2 ≤ 3, x ≥ 2/3, in 10 s
    assert failures.fail("a") == (True, pytest.approx(10))
    # 1.5 + 2 counted, over the limit: one more fits at the end of this window
    assert failures.fail("a") == (False, pytest.approx(30))
    failures.clear("a")
    assert failures.wait("a") == 0
